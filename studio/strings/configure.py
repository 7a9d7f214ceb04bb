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
    "models_note": {
        "en": "Model choices: {choices}",
        "ko": "모델 선택지: {choices}",
    },
}
