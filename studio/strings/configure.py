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
    "group_loss": {"en": "Loss", "ko": "손실"},
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
}
