"""The optimiser, schedule, bookkeeping and hardware fields (Hugging Face ``TrainingArguments`` names)."""

from __future__ import annotations

from dataclasses import dataclass

from core.knobs import knob

PRECISIONS = ["auto", "no", "bf16", "fp16"]
SCHEDULERS = [
    "linear",
    "cosine",
    "cosine_with_min_lr",
    "constant",
    "constant_with_warmup",
    "polynomial",
    "warmup_stable_decay",
]


@dataclass
class TrainArgs:
    """Parameters of the optimiser, schedule and bookkeeping (Hugging Face ``TrainingArguments`` names)."""

    num_train_epochs: float = knob(
        3.0,
        label="Epochs",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=1000.0,
        en="Passes over the training examples. Small datasets need several epochs; watch the validation NDCG@10 to "
        "see when more stops helping.",
        ko="학습 예제를 몇 번 반복할지. 작은 데이터셋은 여러 에폭이 필요합니다. 검증 NDCG@10이 더 오르지 않는 시점을 "
        "확인하세요.",
    )
    max_steps: int = knob(
        -1,
        label="Max steps",
        minimum=-1,
        en="If above 0, stop after this many optimiser steps, overriding the number of epochs; -1 = train for the epochs.",
        ko="0보다 크면 에폭 수 대신 이 옵티마이저 스텝 수에서 멈춥니다.",
    )
    per_device_train_batch_size: int = knob(
        16,
        label="Batch size",
        minimum=2,
        maximum=4096,
        en="Examples per step. With in-batch negatives every other positive in the batch is a negative, so a bigger "
        "batch is a harder, more informative task: 16 gives 15 in-batch negatives (plus hard negatives if on). 16 "
        "keeps a CPU step near 4.5 s with the default e5-small (2.5 s with MiniLM); on a GPU, 64-512 is common.",
        ko="스텝당 예제 수. 배치 내 음성 샘플 방식에서는 배치의 다른 정답이 모두 음성이 되므로 배치가 클수록 더 어렵고 "
        "유익한 과제가 됩니다. 16이면 배치 내 음성 15개(켜면 +하드 네거티브)입니다. 기본 e5-small로 CPU 한 스텝이 약 4.5초(MiniLM 2.5초)이며, "
        "GPU에서는 64-512가 흔합니다.",
    )
    per_device_eval_batch_size: int = knob(
        64,
        label="Eval batch size",
        minimum=1,
        maximum=4096,
        en="Texts encoded at once during evaluation; affects speed and memory only, not the scores.",
        ko="평가 중 한 번에 인코딩하는 텍스트 수. 속도와 메모리에만 영향을 주고 점수에는 영향이 없습니다.",
    )
    gradient_accumulation_steps: int = knob(
        1,
        label="Gradient accumulation",
        minimum=1,
        maximum=1024,
        en="Sum gradients over this many batches before an optimiser step. Note for contrastive losses: it does not "
        "enlarge the pool of in-batch negatives, which stays one batch.",
        ko="옵티마이저 스텝 전에 이만큼의 배치 그래디언트를 더합니다. 대조 손실에서는 배치 내 음성의 수가 늘지 않고 한 "
        "배치 그대로라는 점에 주의하세요.",
    )
    learning_rate: float = knob(
        3e-4,
        label="Learning rate",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=1.0,
        en="Peak step size of AdamW. 3e-4 = 0.0003. LoRA adapters usually take 1e-4 to 1e-3: lower for a model that "
        "already retrieves well (3e-4 lifted the default e5-small on the sample), the top of the range for a weak one "
        "trained for a few minutes (1e-3 suited MiniLM; 2e-3 overshot). Full fine-tuning of an embedding model takes "
        "1e-5 to 5e-5 (sentence-transformers' examples use 2e-5).",
        ko="AdamW의 최대 스텝 크기. 3e-4 = 0.0003. LoRA 어댑터는 보통 1e-4~1e-3입니다. 이미 검색을 잘하는 모델에는 낮게"
        "(샘플에서 기본 e5-small은 3e-4로 향상), 몇 분만 학습하는 약한 모델에는 상단을 씁니다(MiniLM은 1e-3, 2e-3은 "
        "과도). 임베딩 모델 전체 미세조정은 1e-5~5e-5(sentence-transformers 예제는 2e-5)입니다.",
    )
    weight_decay: float = knob(
        0.01,
        label="Weight decay",
        minimum=0.0,
        maximum=1.0,
        en="AdamW's decoupled weight decay; 0.01 is the common default, 0 is fine for LoRA.",
        ko="AdamW의 분리된 가중치 감쇠. 0.01이 흔한 기본값이며 LoRA에서는 0도 괜찮습니다.",
    )
    warmup_ratio: float = knob(
        0.1,
        label="Warmup ratio",
        minimum=0.0,
        maximum=0.9,  # transformers reads warmup_steps >= 1 as a step count, not a share
        en="Share of all steps during which the learning rate climbs linearly from 0 to its peak. 0.1 of 100 steps is "
        "10 warmup steps; during warmup the LR is below peak, so a flat loss there is not yet a problem.",
        ko="학습률이 0에서 최대값까지 선형으로 오르는 구간이 전체 스텝에서 차지하는 비율. 100 스텝의 0.1이면 10 스텝입니다. "
        "워밍업 동안은 학습률이 최대보다 낮으므로 손실이 평평해도 아직 문제가 아닙니다.",
    )
    lr_scheduler_type: str = knob(
        "linear",
        label="LR schedule",
        choices=SCHEDULERS,
        en="How the learning rate moves after warmup: linear decays to 0 at the last step, cosine follows half a cosine "
        "to 0 (cosine_with_min_lr to a floor), constant stays at the peak (constant without warmup ignores the warmup "
        "ratio), polynomial decays as a power, warmup_stable_decay holds the peak and decays only at the end.",
        ko="워밍업 이후 학습률 변화 방식. linear는 마지막 스텝에서 0까지 선형 감소, cosine은 코사인 반주기로 0까지 감소"
        "(cosine_with_min_lr는 하한까지), constant는 최대값 유지(warmup 없는 constant는 워밍업 비율을 무시), "
        "polynomial은 거듭제곱으로 감소, warmup_stable_decay는 최대값을 유지하다 마지막에만 감소합니다.",
    )
    min_lr_rate: float = knob(
        0.0,
        label="Minimum LR (share of peak)",
        minimum=0.0,
        maximum=1.0,
        en="For cosine_with_min_lr: the floor the cosine decays to, as a share of the peak (0.025 = 2.5% of peak, "
        "0.1 = DeepSpeed WarmupCosineLR's default). A floor keeps the last steps learning instead of idling at 0.",
        ko="cosine_with_min_lr에서 코사인이 내려가는 하한(최대값 대비 비율; 0.025 = 최대의 2.5%, 0.1 = DeepSpeed "
        "WarmupCosineLR 기본값). 하한이 있으면 마지막 스텝도 0에서 멈추지 않고 계속 학습합니다.",
    )
    decay_ratio: float = knob(
        0.1,
        label="Decay share (WSD)",
        minimum=0.0,
        maximum=1.0,
        en="For warmup_stable_decay: the share of all steps spent decaying at the end, after a flat stretch at the "
        "peak (0.1-0.2 is usual). A stable run can be extended by moving the decay, without restarting.",
        ko="warmup_stable_decay에서 마지막에 감소하는 구간이 전체 스텝에서 차지하는 비율(보통 0.1-0.2). 그 앞은 최대값에서 "
        "평평하게 유지되어, 감소 시점만 옮기면 다시 시작하지 않고 학습을 늘릴 수 있습니다.",
    )
    max_grad_norm: float = knob(
        1.0,
        label="Gradient clipping",
        minimum=0.0,
        en="Gradients whose total norm exceeds this are scaled down to it (0 = no clipping). Clipping on most steps "
        "means the learning rate is too high for the data.",
        ko="전체 노름이 이 값을 넘는 그래디언트는 이 값으로 줄입니다(0 = 클리핑 없음). 대부분 스텝에서 클리핑된다면 "
        "데이터에 비해 학습률이 너무 높다는 뜻입니다.",
    )
    logging_steps: int = knob(
        1,
        label="Log every N steps",
        minimum=1,
        en="Write loss, learning rate and gradient norm to the run's metrics file every N steps. 1 keeps the charts "
        "live on CPU, where a step takes seconds.",
        ko="N 스텝마다 손실, 학습률, 그래디언트 노름을 실행의 metrics 파일에 기록합니다. 한 스텝이 몇 초 걸리는 CPU에서는 "
        "1이어야 차트가 실시간으로 움직입니다.",
    )
    eval_steps: int = knob(
        25,
        label="Evaluate every N steps",
        minimum=0,
        en="Score the validation split every N steps (embedding: Recall@1/5/10, NDCG@10, MRR@10; classification: "
        "accuracy, macro-F1; SFT: eval loss and the JSON shares of generated answers); 0 = only at the end of each "
        "epoch. Retrieval evaluation encodes its validation corpus (eval_corpus_size passages) and SFT generates "
        "answers, so very frequent evaluation slows training.",
        ko="N 스텝마다 검증 세트를 평가합니다(임베딩: Recall@1/5/10, NDCG@10, MRR@10; 분류: 정확도, macro-F1; SFT: 평가 "
        "손실과 생성한 답의 JSON 비율). 0이면 에폭 끝에서만 평가합니다. 검색 평가는 검증 코퍼스(eval_corpus_size개 "
        "문단)를 인코딩하고 SFT는 답을 생성하므로 너무 자주 하면 학습이 느려집니다.",
    )
    eval_corpus_size: int = knob(
        10000,
        label="Validation corpus size",
        minimum=0,
        en="Passages the retrieval validation searches during training (0 = the whole corpus): every validation "
        "query's positives and hard negatives, plus other passages drawn with the seed up to this many. Encoding "
        "84,539 articles took about 40 minutes per evaluation on a 2-core CPU; 10,000 takes about an eighth of that. "
        "Fewer distractors make the scores higher than over the whole corpus, so compare runs at the same size; the "
        "Test tab and `python -m training eval` search the whole corpus.",
        ko="학습 중 검색 검증이 찾아볼 문단 수(0 = 코퍼스 전체). 모든 검증 질의의 정답과 하드 네거티브에, 시드로 뽑은 "
        "다른 문단을 더해 이 개수까지 채웁니다. 2코어 CPU에서 조문 84,539개를 인코딩하면 평가마다 약 40분이 걸렸고, "
        "10,000개면 그 8분의 1 정도입니다. 방해 문단이 적을수록 점수가 전체 코퍼스보다 높게 나오므로 실행끼리는 같은 "
        "크기에서 비교하세요. 테스트 탭과 `python -m training eval`은 코퍼스 전체를 검색합니다.",
    )
    save_steps: int = knob(
        50,
        label="Checkpoint every N steps",
        minimum=1,
        en="Save a checkpoint (adapter, optimiser and scheduler state) every N steps, so Stop and a crash lose little.",
        ko="N 스텝마다 체크포인트(어댑터, 옵티마이저, 스케줄러 상태)를 저장해 중지나 중단 시 손실을 줄입니다.",
    )
    save_total_limit: int = knob(
        2,
        label="Checkpoints kept",
        minimum=1,
        en="Keep only the newest N checkpoints on disk; older ones are deleted to save space.",
        ko="디스크에 최신 체크포인트 N개만 남깁니다.",
    )
    seed: int = knob(
        42,
        label="Seed",
        minimum=0,
        en="Seeds data order, adapter initialisation and hard-negative choice; the same seed and config repeat a run.",
        ko="데이터 순서, 어댑터 초기화, 하드 네거티브 선택의 시드. 같은 시드와 설정이면 같은 실행이 재현됩니다.",
    )
    num_processes: int = knob(
        1,
        label="Processes (GPUs)",
        minimum=1,
        maximum=1024,
        en="Data-parallel processes per machine (accelerate / torchrun, one per GPU); the job runs num_machines × "
        "this many. Each takes its own batch, so the effective batch is batch × accumulation × processes × "
        "machines. On a CPU, processes talk over gloo with one thread each: it works, but on a few cores expect "
        "little speed-up.",
        ko="머신당 데이터 병렬 프로세스 수(accelerate / torchrun, GPU당 하나). 작업 전체는 num_machines × 이 수만큼 "
        "실행됩니다. 각자 배치를 받으므로 유효 배치는 배치 × 누적 × 프로세스 × 머신입니다. CPU에서는 프로세스가 "
        "스레드 하나씩으로 gloo로 통신하며, 동작하지만 코어가 적으면 빨라지는 효과는 작습니다.",
    )
    num_machines: int = knob(
        1,
        label="Machines",
        minimum=1,
        maximum=1024,
        en="Machines (nodes) the job spans; each runs num_processes processes. Above 1, start the same config on "
        "every machine with its own machine_rank, the same main_process_ip and port, and a run folder on shared "
        "storage (`python -m training launch-script` writes a SLURM script that does this).",
        ko="작업이 걸치는 머신(노드) 수. 머신마다 num_processes개 프로세스를 실행합니다. 1보다 크면 모든 머신에서 같은 "
        "설정을 각자의 machine_rank, 같은 main_process_ip와 포트, 공유 저장소의 실행 폴더로 시작하세요"
        "(`python -m training launch-script`가 이렇게 하는 SLURM 스크립트를 만듭니다).",
    )
    machine_rank: int = knob(
        0,
        label="Machine rank",
        minimum=0,
        maximum=1023,
        en="Which machine this is, 0 to num_machines - 1. Machine 0 hosts the rendezvous and its first process "
        "writes the run's status, metrics, checkpoints and model; the others write nothing in the run folder.",
        ko="이 머신의 번호(0 ~ num_machines - 1). 0번 머신이 접속 지점을 열고, 그 첫 프로세스가 실행의 상태, 지표, "
        "체크포인트, 모델을 기록합니다. 다른 머신은 실행 폴더에 아무것도 쓰지 않습니다.",
    )
    main_process_ip: str = knob(
        "",
        label="Main machine address",
        allow_empty=True,
        en="IP or host name of machine 0, which every machine can reach; required when num_machines is above 1, "
        "unused on one machine.",
        ko="모든 머신이 접속할 수 있는 0번 머신의 IP 또는 호스트 이름. num_machines가 1보다 크면 필요하고, 머신이 "
        "하나면 쓰지 않습니다.",
    )
    main_process_port: int = knob(
        0,
        label="Main machine port",
        minimum=0,
        maximum=65535,
        en="TCP port on machine 0 where the processes meet. 0 = a free port picked at launch, which only works on one "
        "machine; with num_machines above 1 set the same fixed port (e.g. 29500) on every machine.",
        ko="0번 머신에서 프로세스들이 만나는 TCP 포트. 0 = 실행할 때 빈 포트를 고름(머신이 하나일 때만 가능). "
        "num_machines가 1보다 크면 모든 머신에 같은 고정 포트(예: 29500)를 설정하세요.",
    )
    mixed_precision: str = knob(
        "auto",
        label="Mixed precision",
        choices=PRECISIONS,
        en="Compute in 16-bit floats: about half the activation memory, and faster where the hardware has 16-bit "
        "units. auto = bf16 on a GPU that supports it (Ampere or newer), else fp16 on a GPU, fp32 on a CPU. bf16 may "
        "be chosen on a CPU with bf16 instructions (AVX-512 BF16 or AMX: embedding trained 1.6× faster there); fp16 "
        "needs a GPU. What the hardware cannot run is refused before the run starts.",
        ko="16비트 부동소수점으로 계산합니다. 활성값 메모리가 절반 정도이고, 16비트 연산 장치가 있는 하드웨어에서 더 "
        "빠릅니다. auto = bf16을 지원하는 GPU(Ampere 이상)에서는 bf16, 그 밖의 GPU에서는 fp16, CPU에서는 fp32. bf16 "
        "명령어(AVX-512 BF16 또는 AMX)가 있는 CPU에서는 bf16을 고를 수 있고(임베딩 학습이 1.6배 빨랐음), fp16에는 "
        "GPU가 필요합니다. 하드웨어가 돌릴 수 없는 선택은 실행 전에 거부됩니다.",
    )
    gradient_checkpointing: bool = knob(
        False,
        label="Gradient checkpointing",
        en="Recompute activations in the backward pass instead of keeping them: much less memory for about 30% more "
        "time. Turn it on when a batch does not fit.",
        ko="활성값을 저장하지 않고 역전파 때 다시 계산합니다. 메모리가 크게 줄고 시간은 30% 정도 늘어납니다. 배치가 "
        "메모리에 들어가지 않을 때 켜세요.",
    )
    report_to: list[str] = knob(
        [],
        label="Report to",
        allow_empty=True,
        en="Also send the metrics to these trackers (tensorboard, wandb, mlflow, ...) when you have installed them; "
        "empty = none. The studio's own charts read the run's metrics file and never depend on them.",
        ko="설치해 둔 추적 도구(tensorboard, wandb, mlflow 등)에도 지표를 보냅니다. 비우면 보내지 않습니다. 스튜디오의 "
        "차트는 실행의 지표 파일을 읽으므로 이 도구들에 의존하지 않습니다.",
    )
    accelerate_config: str = knob(
        "",
        label="accelerate config file",
        allow_empty=True,
        en="Path of an `accelerate config` YAML for multi-process runs, e.g. a DeepSpeed ZeRO-2/3 or FSDP setup "
        "(those need their packages and GPUs); empty = plain data parallel over `num_processes` processes.",
        ko="다중 프로세스 실행에 쓸 `accelerate config` YAML 경로(예: DeepSpeed ZeRO-2/3, FSDP 설정; 해당 패키지와 GPU "
        "필요). 비우면 `num_processes`개 프로세스의 단순 데이터 병렬입니다.",
    )

    @property
    def total_processes(self) -> int:
        """Processes in the whole job: accelerate's and torchrun's world size (its --num_processes is this total)."""
        return self.num_machines * self.num_processes
