"""What the numbers mean (training.insight.explain), what a changed field does (training.insight.impacts) and the
config diff's rows (training.insight.diff): one entry per rule id, in English and Korean.

The engine gives an id and its numbers; `studio.insight_words.said` fills the entry in. Keys that start with
`times` are ratios (4×), keys that end in `pct` are shares (2.5%), `signed_pct` a signed change (+25%); other
numbers are written as the config writes them (2e-5, 0.01, 1,024). A value that is itself a phrase is said first.
"""

STRINGS = {
    # ---- parts of sentences ----
    "nothing": {"en": "", "ko": ""},
    "unchanged": {"en": "unchanged", "ko": "변화 없음"},
    "from_to": {"en": "{a} → {b}", "ko": "{a} → {b}"},
    "ratio_higher": {"en": "{times} higher", "ko": "{times} 높음"},
    "ratio_lower": {"en": "{times} lower", "ko": "{times} 낮음"},
    "ratio_larger": {"en": "{times} larger", "ko": "{times} 큼"},
    "ratio_smaller": {"en": "{times} smaller", "ko": "{times} 작음"},
    "ratio_more": {"en": "{times} more", "ko": "{times} 많음"},
    "ratio_fewer": {"en": "{times} fewer", "ko": "{times} 적음"},
    "ratio_less": {"en": "{times} less", "ko": "{times} 적음"},
    "ratio_stronger": {"en": "{times} stronger", "ko": "{times} 강함"},
    "ratio_weaker": {"en": "{times} weaker", "ko": "{times} 약함"},
    "far_half": {"en": "half as far", "ko": "절반만큼"},
    "far_twice": {"en": "twice as far", "ko": "두 배만큼"},
    "far_quarter": {"en": "a quarter as far", "ko": "4분의 1만큼"},
    "far_times": {"en": "{times} as far", "ko": "{times}만큼"},
    "far_fraction": {"en": "1/{n} as far", "ko": "1/{n}만큼"},
    "effective": {"en": "effective batch {a} → {b} ({change})", "ko": "유효 배치 {a} → {b} ({change})"},
    "negatives": {
        "en": "; in-batch negatives per query {a} → {b} (accumulation and more GPUs add none)",
        "ko": "; 질의당 배치 내 네거티브 {a} → {b} (누적과 GPU 추가로는 늘지 않음)",
    },
    "shape_linear": {"en": "linear decay to 0", "ko": "0까지 선형 감소"},
    "shape_cosine": {"en": "cosine to 0", "ko": "0까지 코사인"},
    "shape_cosine_with_min_lr": {"en": "cosine to {floor_pct} of peak", "ko": "최대값의 {floor_pct}까지 코사인"},
    "shape_constant": {"en": "constant at peak", "ko": "최대값으로 일정"},
    "shape_constant_with_warmup": {"en": "constant at peak", "ko": "최대값으로 일정"},
    "shape_polynomial": {"en": "polynomial (power 1) decay to 1e-7", "ko": "1e-7까지 다항식(차수 1) 감소"},
    "shape_warmup_stable_decay": {
        "en": "held at peak, then cosine over the last {decay_pct} to {floor_pct} of peak",
        "ko": "최대값을 유지하다가 마지막 {decay_pct} 동안 최대값의 {floor_pct}까지 코사인",
    },
    "schedule_constant": {
        "en": "constant at peak (no warmup, no decay)",
        "ko": "최대값으로 일정 (워밍업도 감소도 없음)",
    },
    "schedule_warmup": {"en": "{warmup_pct} warmup, then {shape}", "ko": "워밍업 {warmup_pct} 후 {shape}"},
    "final_lr": {"en": "; final LR {a} → {b}", "ko": "; 마지막 LR {a} → {b}"},
    "scale_same": {"en": "scale lora_alpha / r stays {k}", "ko": "스케일 lora_alpha / r은 {k} 그대로"},
    "scale_moves": {"en": "scale lora_alpha / r {a} → {b}", "ko": "스케일 lora_alpha / r {a} → {b}"},
    "warmup_steps": {"en": " ({a} → {b} steps)", "ko": " ({a} → {b} 스텝)"},
    "ignored_both": {"en": "; both constant schedules ignore it", "ko": "; 두 constant 스케줄 모두 이 값을 무시함"},
    "ignored_one": {
        "en": "; {side}'s constant schedule ignores it",
        "ko": "; {side}의 constant 스케줄은 이 값을 무시함",
    },
    "floor": {"en": "{floor_pct} of peak", "ko": "최대값의 {floor_pct}"},
    "floor_none": {"en": "none ({schedule})", "ko": "없음 ({schedule})"},
    "steps_n": {"en": "{n} steps", "ko": "{n} 스텝"},
    "steps_n_one": {"en": "1 step", "ko": "1 스텝"},
    "steps_epochs": {"en": "the epochs decide", "ko": "에폭 수로 정함"},
    "total_steps": {"en": "; total steps {a} → {b}", "ko": "; 전체 스텝 {a} → {b}"},
    "shrink": {"en": " ({change})", "ko": " ({change})"},
    "trainable": {"en": "; trainable parameters {a} → {b}", "ko": "; 학습 파라미터 {a} → {b}"},
    "all": {"en": "all", "ko": "전체"},
    "never": {"en": "never", "ko": "안 함"},
    # ---- what a changed field does (training/insight/impacts.py), one entry per impact id ----
    "generic": {"en": "{change}", "ko": "{change}"},
    "changed": {"en": "changed", "ko": "바뀜"},
    "learning_rate": {"en": "{change}: each update moves {far}", "ko": "{change}: 업데이트마다 {far} 움직임"},
    "rank_no_lora": {"en": "no effect: use_lora is off", "ko": "효과 없음: use_lora가 꺼져 있음"},
    "rank_counted": {
        "en": "{times} the adapter parameters ({a} → {b}); {scale}",
        "ko": "어댑터 파라미터 {times} ({a} → {b}); {scale}",
    },
    "rank_per_layer": {
        "en": "{times} the adapter parameters per adapted layer; {scale}",
        "ko": "어댑터를 단 층마다 어댑터 파라미터 {times}; {scale}",
    },
    "alpha_same": {
        "en": "scale lora_alpha / r: {alpha_a}/{r_a} = {k_a} → {alpha_b}/{r_b} = {k_b} (unchanged: alpha moved with r)",
        "ko": "스케일 lora_alpha / r: {alpha_a}/{r_a} = {k_a} → {alpha_b}/{r_b} = {k_b} (변화 없음: alpha가 r과 함께 "
        "바뀜)",
    },
    "alpha_moves": {
        "en": "scale lora_alpha / r: {alpha_a}/{r_a} = {k_a} → {alpha_b}/{r_b} = {k_b}: the adapter's output "
        "{change}, like a scaled adapter LR",
        "ko": "스케일 lora_alpha / r: {alpha_a}/{r_a} = {k_a} → {alpha_b}/{r_b} = {k_b}: 어댑터 출력이 {change}, "
        "어댑터 LR을 키우거나 줄인 것과 비슷함",
    },
    "batch": {
        "en": "{change} per-device batch; {effective}{negatives}",
        "ko": "장치당 배치 {change}; {effective}{negatives}",
    },
    "accumulation": {
        "en": "{change} batches per update; {effective}",
        "ko": "업데이트당 배치 {change}; {effective}",
    },
    "processes": {
        "en": "{effective}: each process takes its own batch",
        "ko": "{effective}: 프로세스마다 자기 배치를 받음",
    },
    "warmup": {
        "en": "warmup {a_pct} → {b_pct} of the steps{steps}{ignored}",
        "ko": "워밍업 스텝 비율 {a_pct} → {b_pct}{steps}{ignored}",
    },
    "scheduler": {"en": "{a} → {b}{final}", "ko": "{a} → {b}{final}"},
    "min_lr_unused": {
        "en": "no effect: neither schedule has a floor",
        "ko": "효과 없음: 두 스케줄 모두 하한이 없음",
    },
    "min_lr": {"en": "LR floor {a} → {b}{final}", "ko": "LR 하한 {a} → {b}{final}"},
    "decay_unused": {
        "en": "no effect: only warmup_stable_decay reads it",
        "ko": "효과 없음: warmup_stable_decay만 이 값을 읽음",
    },
    "decay": {
        "en": "decay over the last {a_pct} → {b_pct} of the steps",
        "ko": "감소 구간: 마지막 {a_pct} → {b_pct} 스텝",
    },
    "epochs_unused": {"en": "no effect: max_steps sets the length", "ko": "효과 없음: max_steps가 길이를 정함"},
    "epochs": {"en": "{times} the steps ({a} → {b})", "ko": "스텝 {times} ({a} → {b})"},
    "epochs_passes": {
        "en": "{times} the passes over the data (steps need the training rows)",
        "ko": "데이터를 도는 횟수 {times} (스텝 수는 학습 행 수가 있어야 앎)",
    },
    "max_steps": {"en": "run length: {a} → {b}{total}", "ko": "실행 길이: {a} → {b}{total}"},
    "weight_decay": {
        "en": "{change} weight decay; per-step shrink lr × weight_decay {a} → {b}{shrink}",
        "ko": "가중치 감쇠 {change}; 스텝당 축소 lr × weight_decay {a} → {b}{shrink}",
    },
    "seq_longer": {
        "en": "longer texts kept: {change_signed_pct} tokens per step at the same batch; attention cost per text up to "
        "{times_attention}",
        "ko": "더 긴 텍스트 유지: 같은 배치에서 스텝당 토큰 {change_signed_pct}; 텍스트당 어텐션 비용 최대 "
        "{times_attention}",
    },
    "seq_shorter": {
        "en": "texts cut sooner: {change_signed_pct} tokens per step at the same batch",
        "ko": "텍스트가 더 일찍 잘림: 같은 배치에서 스텝당 토큰 {change_signed_pct}",
    },
    "to_lora": {"en": "full fine-tuning → LoRA adapter{count}", "ko": "전체 미세조정 → LoRA 어댑터{count}"},
    "to_full": {
        "en": "LoRA adapter → full fine-tuning: every weight trains{count}",
        "ko": "LoRA 어댑터 → 전체 미세조정: 모든 가중치를 학습{count}",
    },
    "placement_counted": {
        "en": "other layers get adapters: trainable parameters {a} → {b} ({times})",
        "ko": "다른 층에 어댑터가 붙음: 학습 파라미터 {a} → {b} ({times})",
    },
    "placement": {"en": "other layers get adapters", "ko": "다른 층에 어댑터가 붙음"},
    "temperature_softer": {
        "en": "similarity scale 1 / temperature {a} → {b}: softer contrast",
        "ko": "유사도 배율 1 / temperature {a} → {b}: 더 부드러운 대비",
    },
    "temperature_sharper": {
        "en": "similarity scale 1 / temperature {a} → {b}: sharper contrast",
        "ko": "유사도 배율 1 / temperature {a} → {b}: 더 날카로운 대비",
    },
    "hard_negatives": {
        "en": "texts per example {a} → {b}: {change} tokens per step",
        "ko": "예제당 텍스트 {a} → {b}: 스텝당 토큰 {change}",
    },
    "precision_same": {
        "en": "the same precision on this machine (auto: bf16 or fp16 on a GPU, fp32 on a CPU)",
        "ko": "이 컴퓨터에서는 같은 정밀도(auto: GPU에서는 bf16 또는 fp16, CPU에서는 fp32)",
    },
    "precision_half": {
        "en": "16-bit compute: about half the activation memory",
        "ko": "16비트 연산: 활성값 메모리가 약 절반",
    },
    "precision_full": {"en": "fp32: about twice the activations", "ko": "fp32: 활성값 메모리가 약 두 배"},
    "checkpointing_on": {
        "en": "less activation memory for about 30% more time",
        "ko": "활성값 메모리는 줄고 시간은 약 30% 더 걸림",
    },
    "checkpointing_off": {
        "en": "more activation memory, about 30% faster",
        "ko": "활성값 메모리는 늘고 약 30% 빨라짐",
    },
    "task": {"en": "a different task", "ko": "다른 과제"},
    "model": {
        "en": "another base model: its size, vocabulary and prompts; counts below use each one",
        "ko": "다른 기반 모델: 크기, 어휘, 프롬프트가 다름; 아래 수치는 각 모델로 셈",
    },
    "num_labels": {"en": "size of the classification head", "ko": "분류 헤드의 크기"},
    "num_labels_unused": {
        "en": "no effect on an embedding run: classification only",
        "ko": "임베딩 실행에는 효과 없음: 분류 전용",
    },
    "dataset": {
        "en": "other training data (and validation split): scores are not directly comparable",
        "ko": "다른 학습 데이터(와 검증 분할): 점수를 바로 비교할 수 없음",
    },
    "max_train_samples": {"en": "training examples used: {a} → {b}", "ko": "사용하는 학습 예제: {a} → {b}"},
    "lora_dropout": {
        "en": "dropout on the adapter's input {a_pct} → {b_pct}",
        "ko": "어댑터 입력의 드롭아웃 {a_pct} → {b_pct}",
    },
    "max_grad_norm": {
        "en": "clip gradient norms above {a} → {b} (0 = off)",
        "ko": "그래디언트 노름 클리핑 기준 {a} → {b} (0 = 끔)",
    },
    "seed": {
        "en": "another draw of data order and initialisation: part of any score gap is noise",
        "ko": "데이터 순서와 초기화를 새로 뽑음: 점수 차이의 일부는 우연",
    },
    "accelerate_config": {
        "en": "another multi-process launch setup (DeepSpeed / FSDP): memory and speed",
        "ko": "다른 다중 프로세스 실행 설정(DeepSpeed / FSDP): 메모리와 속도",
    },
    "machine_place": {
        "en": "another machine's place in the job or meeting point: the training itself is the same",
        "ko": "작업에서 이 머신의 자리나 접속 지점이 다름: 학습 자체는 같음",
    },
    "completion_only_on": {"en": "loss on the answer only", "ko": "답에만 손실"},
    "completion_only_off": {"en": "loss on prompt and answer", "ko": "프롬프트와 답 모두에 손실"},
    "eval_generations": {
        "en": "validation answers generated per evaluation {a} → {b}",
        "ko": "평가마다 생성하는 검증 답 {a} → {b}",
    },
    "eval_corpus_size": {
        "en": "passages the validation searches {a} → {b}: fewer run higher scores, so compare runs at one size",
        "ko": "검증이 찾아볼 문단 {a} → {b}: 적을수록 점수가 높게 나오므로 같은 크기끼리 비교",
    },
    "max_new_tokens": {
        "en": "longest generated answer at evaluation: a JSON object cut short does not parse",
        "ko": "평가에서 생성하는 답의 최대 길이: 잘린 JSON 객체는 파싱되지 않음",
    },
    "json_schema": {
        "en": "another schema the answers are checked against: schema-valid shares differ",
        "ko": "답을 검사하는 스키마가 다름: 스키마 통과 비율이 달라짐",
    },
    "min_samples_per_class": {
        "en": "classes with fewer than {a} → {b} examples dropped",
        "ko": "예제가 {a} → {b}개 미만인 클래스는 제외",
    },
    "class_weights_on": {"en": "rare classes weigh more in the loss", "ko": "드문 클래스가 손실에서 더 큰 비중"},
    "class_weights_off": {"en": "every example weighs the same", "ko": "모든 예제가 같은 비중"},
    "patience": {
        "en": "stop after {b} evaluations without improvement (was {a})",
        "ko": "개선 없는 평가 {b}번 뒤 중지 (이전: {a})",
    },
    "patience_one": {
        "en": "stop after 1 evaluation without improvement (was {a})",
        "ko": "개선 없는 평가 1번 뒤 중지 (이전: {a})",
    },
    "early_stopping_metric": {
        "en": "another metric picks the best checkpoint and decides early stopping",
        "ko": "다른 지표가 최고 체크포인트와 조기 종료를 정함",
    },
    "early_stopping_threshold": {
        "en": "how much better an evaluation must be to count as progress",
        "ko": "개선으로 칠 만큼 평가가 얼마나 나아져야 하는지",
    },
    "load_best_on": {"en": "the best checkpoint becomes the model", "ko": "최고 체크포인트가 모델이 됨"},
    "load_best_off": {"en": "the last step becomes the model", "ko": "마지막 스텝이 모델이 됨"},
    "bookkeeping": {"en": "bookkeeping: what is learned stays the same", "ko": "기록용 설정: 학습 내용은 같음"},
    # ---- the diff's table (training/insight/diff.py) ----
    "header_setting": {"en": "setting", "ko": "설정"},
    "header_versus": {"en": "B vs A", "ko": "B 대 A"},
    "row_changed": {"en": "changed", "ko": "변경"},
    "row_derived": {"en": "derived", "ko": "파생"},
    "unknown": {"en": "unknown", "ko": "알 수 없음"},
    "versus_same": {"en": "1× (unchanged)", "ko": "1× (변화 없음)"},
    "versus_from_zero": {"en": "from 0", "ko": "0에서"},
    "needs_rows": {"en": "needs the training rows (--rows N)", "ko": "학습 행 수가 필요함 (--rows N)"},
    "not_readable": {
        "en": "the model is not readable here yet (not downloaded or converted), or no module matches",
        "ko": "모델을 아직 여기서 읽을 수 없거나(내려받기나 변환 전) 맞는 모듈이 없음",
    },
    "not_embedding": {
        "en": "no in-batch negatives outside the embedding task",
        "ko": "임베딩 과제가 아니면 배치 내 네거티브가 없음",
    },
    "length_unknown_a": {
        "en": "A: max_steps is -1, so the run's length depends on the data; give the number of training rows "
        "(--rows N) for steps, warmup and the final LR",
        "ko": "A: max_steps가 -1이라 실행 길이가 데이터에 달려 있음; 스텝, 워밍업, 마지막 LR을 보려면 학습 행 수"
        "(--rows N)가 필요함",
    },
    "length_unknown_b": {
        "en": "B: max_steps is -1, so the run's length depends on the data; give the number of training rows "
        "(--rows N) for steps, warmup and the final LR",
        "ko": "B: max_steps가 -1이라 실행 길이가 데이터에 달려 있음; 스텝, 워밍업, 마지막 LR을 보려면 학습 행 수"
        "(--rows N)가 필요함",
    },
    "length_unknown_both": {
        "en": "A and B: max_steps is -1, so the run's length depends on the data; give the number of training rows "
        "(--rows N) for steps, warmup and the final LR",
        "ko": "A와 B: max_steps가 -1이라 실행 길이가 데이터에 달려 있음; 스텝, 워밍업, 마지막 LR을 보려면 학습 행 수"
        "(--rows N)가 필요함",
    },
    "derived_effective_batch": {"en": "effective batch", "ko": "유효 배치"},
    "derived_in_batch_negatives": {"en": "in-batch negatives per query", "ko": "질의당 배치 내 네거티브"},
    "derived_steps_per_epoch": {"en": "steps per epoch", "ko": "에폭당 스텝"},
    "derived_total_steps": {"en": "total steps", "ko": "전체 스텝"},
    "derived_warmup_steps": {"en": "warmup steps", "ko": "워밍업 스텝"},
    "derived_final_lr": {"en": "final LR", "ko": "마지막 LR"},
    "derived_final_share": {"en": "final LR / peak", "ko": "마지막 LR / 최대값"},
    "derived_trainable_parameters": {"en": "trainable parameters", "ko": "학습 파라미터"},
    "derived_trainable_share": {"en": "trainable share", "ko": "학습 비율"},
    "derived_tokens_per_step": {"en": "tokens per step, at most", "ko": "스텝당 토큰 (최대)"},
    "derived_memory_gib": {"en": "memory per process, rough (GiB)", "ko": "프로세스당 메모리, 대략 (GiB)"},
    # ---- what the numbers mean (training/insight/explain.py: meanings) ----
    "meaning_lr": {"en": "learning_rate {value}{compared}; {place}", "ko": "learning_rate {value}{compared}; {place}"},
    "vs_default_higher": {
        "en": "; {times} higher than the default {reference}",
        "ko": "; 기본값 {reference}보다 {times} 높음",
    },
    "vs_default_lower": {
        "en": "; {times} lower than the default {reference}",
        "ko": "; 기본값 {reference}보다 {times} 낮음",
    },
    "vs_default_same": {"en": "; same as the default", "ko": "; 기본값과 같음"},
    "usual_below": {
        "en": "below the usual {way} range {low} to {high}",
        "ko": "{way}의 보통 범위 {low}~{high}보다 낮음",
    },
    "usual_inside": {
        "en": "inside the usual {way} range {low} to {high}",
        "ko": "{way}의 보통 범위 {low}~{high} 안",
    },
    "usual_above": {
        "en": "above the usual {way} range {low} to {high}",
        "ko": "{way}의 보통 범위 {low}~{high}보다 높음",
    },
    "way_lora": {"en": "LoRA", "ko": "LoRA"},
    "way_full": {"en": "full fine-tuning", "ko": "전체 미세조정"},
    "meaning_lora_scale": {
        "en": "LoRA scale lora_alpha / r = {alpha} / {r} = {scale}",
        "ko": "LoRA 스케일 lora_alpha / r = {alpha} / {r} = {scale}",
    },
    "meaning_batch": {
        "en": "effective batch = {batch} × {accumulation} accumulation × {processes} processes = {effective}{negatives}",
        "ko": "유효 배치 = {batch} × 누적 {accumulation} × 프로세스 {processes} = {effective}{negatives}",
    },
    "batch_negatives": {"en": "; in-batch negatives per query: {n}", "ko": "; 질의당 배치 내 네거티브: {n}"},
    "meaning_warmup": {
        "en": "warmup_ratio {ratio} of {total} steps = {warmup} warmup steps (transformers rounds up)",
        "ko": "warmup_ratio {ratio} × {total} 스텝 = 워밍업 {warmup} 스텝 (transformers가 올림)",
    },
    "meaning_warmup_one": {
        "en": "warmup_ratio {ratio} of {total} steps = 1 warmup step (transformers rounds up)",
        "ko": "warmup_ratio {ratio} × {total} 스텝 = 워밍업 1 스텝 (transformers가 올림)",
    },
    "meaning_temperature": {
        "en": "temperature {t} = similarity scale 1 / {t} = {scale}",
        "ko": "temperature {t} = 유사도 배율 1 / {t} = {scale}",
    },
}
