STRINGS = {
    "summary": {
        "en": "**Experiment** · task **{task}** · dataset **{dataset}** · model **{model}** · {steps} · "
        "LR {learning_rate:g} · {time}",
        "ko": "**실험** · 작업 **{task}** · 데이터셋 **{dataset}** · 모델 **{model}** · {steps} · "
        "LR {learning_rate:g} · {time}",
    },
    "steps": {"en": "{steps} steps of {batch} examples", "ko": "{steps} 스텝, 스텝당 예제 {batch}개"},
    "steps_unknown": {"en": "steps: not known yet", "ko": "스텝 수: 아직 모름"},
    "time_unmeasured": {
        "en": "time: not measured yet (Train tab: Measure the time per step)",
        "ko": "시간: 아직 재지 않음 (학습 탭: 스텝당 시간 재기)",
    },
    "time_measured": {
        "en": "about {total} ({per_step} s per step measured on this machine, plus evaluations)",
        "ko": "약 {total} (이 컴퓨터에서 잰 스텝당 {per_step}초, 평가 시간 별도)",
    },
    "invalid": {
        "en": "the form has an error: see the Configure tab",
        "ko": "설정에 오류가 있습니다: 설정 탭을 보세요",
    },
    "measure": {"en": "Measure the time per step", "ko": "스텝당 시간 재기"},
    "measure_help": {
        "en": "Runs this config for {steps} real steps in a scratch folder (model loading included) and times them, "
        "so the estimate above is this machine's, not a guess. Takes a minute or more on a CPU.",
        "ko": "이 설정을 임시 폴더에서 실제로 {steps} 스텝 돌려 시간을 잽니다(모델 불러오기 포함). 그래서 위의 예상은 "
        "어림이 아니라 이 컴퓨터의 값입니다. CPU에서 1분 이상 걸립니다.",
    },
    "measuring": {
        "en": "Measuring: loading the model, then {steps} steps",
        "ko": "재는 중: 모델을 불러온 뒤 {steps} 스텝",
    },
    "measured": {
        "en": "Measured: {per_step} s per step over {steps} steps, {startup:.0f} s to load and start.",
        "ko": "잰 값: {steps} 스텝에 걸쳐 스텝당 {per_step}초, 불러오기와 시작에 {startup:.0f}초.",
    },
    "measure_failed": {
        "en": "The measurement ran but timed fewer than two steps. The end of its log:\n\n```\n{log}\n```",
        "ko": "재기는 실행됐지만 두 스텝도 재지 못했습니다. 로그의 끝:\n\n```\n{log}\n```",
    },
    "busy_training": {
        "en": "Not measured: a run is training on this machine, and sharing its cores would make the pace too slow. "
        "Measure when it has finished.",
        "ko": "재지 않음: 이 컴퓨터에서 학습이 돌고 있어, 코어를 나눠 쓰면 값이 실제보다 느리게 나옵니다. 학습이 끝난 뒤 "
        "재세요.",
    },
    "busy_measuring": {
        "en": "Not measured: another measurement is running on this machine. Try again in a minute.",
        "ko": "재지 않음: 이 컴퓨터에서 다른 재기가 돌고 있습니다. 1분 뒤에 다시 해 보세요.",
    },
    "refused": {"en": "Not measured: {message}", "ko": "재지 않음: {message}"},
    "task_embedding": {"en": "retrieval (embedding)", "ko": "검색 (임베딩)"},
    "task_sft": {"en": "instruction tuning (SFT)", "ko": "지시 학습 (SFT)"},
    "task_classification": {"en": "classification", "ko": "분류"},
}
