STRINGS = {
    "intro": {
        "en": "Every setting is explained beside it. The YAML below is exactly what the run saves and what "
        "`python -m training run` reads.",
        "ko": "모든 설정 옆에 설명이 있습니다. 아래 YAML은 실행이 저장하고 `python -m training run`이 읽는 내용 그대로입니다.",
    },
    "group_top": {"en": "Task", "ko": "과제"},
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
    "preview_error": {"en": "No preview yet: {message}", "ko": "아직 미리보기 없음: {message}"},
    "models_note": {
        "en": "Model choices: {choices}",
        "ko": "모델 선택지: {choices}",
    },
    "doctor_header": {"en": "Pre-flight doctor", "ko": "사전 점검"},
    "probe": {
        "en": "Also run one forward pass on a real batch (initial loss vs chance)",
        "ko": "실제 배치로 순전파 한 번 (초기 손실 대 무작위 수준)",
    },
    "doctor_run": {"en": "Check this config", "ko": "이 설정 점검"},
    "doctor_clean": {
        "en": "✅ No findings: nothing in this config or its data looks wrong.",
        "ko": "✅ 발견 사항 없음.",
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
    "presets": {"en": "Start from a preset", "ko": "프리셋에서 시작"},
    "load_preset": {"en": "Load preset", "ko": "프리셋 불러오기"},
    "yaml_upload": {"en": "Import a config.yaml", "ko": "config.yaml 가져오기"},
    "yaml_download": {"en": "Download this config.yaml", "ko": "이 config.yaml 내려받기"},
    "command": {
        "en": "Run this config without the UI: `{command}`",
        "ko": "UI 없이 이 설정으로 실행: `{command}`",
    },
    "compare_header": {"en": "Compare two configs", "ko": "두 설정 비교"},
    "compare_run": {"en": "Compare", "ko": "비교"},
    "compare_same": {"en": "No field differs.", "ko": "다른 필드가 없습니다."},
    "compare_count": {"en": "**{n} fields differ** (A → B):", "ko": "**다른 필드 {n}개** (A → B):"},
    "group_optimiser": {"en": "Optimiser", "ko": "옵티마이저"},
    "group_schedule": {"en": "Schedule", "ko": "스케줄"},
    "group_evaluation": {"en": "Evaluation and checkpoints", "ko": "평가와 체크포인트"},
    "group_hardware": {"en": "Hardware", "ko": "하드웨어"},
}
