STRINGS = {
    "tab": {"en": "4b. Playground", "ko": "4b. 플레이그라운드"},
    "intro": {
        "en": "Ask a finished **SFT** or **classification** run, and its base model beside it. The base is the run's "
        "starting point: the same weights with the trained adapter switched off. SFT answers are checked as JSON and "
        "against the schema the run's evaluations used; a classifier shows its 5 most likely labels. Same as "
        '`python -m training ask RUN_DIR "prompt"`.',
        "ko": "완료된 **SFT** 또는 **분류** 실행과 그 기본 모델에 나란히 물어보세요. 기본 모델은 실행의 출발점, 곧 학습된 "
        "어댑터를 끈 같은 가중치입니다. SFT 답은 JSON으로 읽히는지, 실행의 평가가 쓴 스키마를 만족하는지 검사하고, "
        '분류기는 가장 가능성 높은 라벨 5개를 보여 줍니다. `python -m training ask RUN_DIR "prompt"`와 같습니다.',
    },
    "run": {"en": "Finished SFT or classification run", "ko": "완료된 SFT·분류 실행"},
    "pick": {"en": "Validation example", "ko": "검증 예시"},
    "prompt": {"en": "Prompt", "ko": "프롬프트"},
    "prompt_cls": {"en": "Text to classify", "ko": "분류할 텍스트"},
    "max_new_tokens": {"en": "Max answer tokens (0 = the run's)", "ko": "최대 답 토큰 (0 = 실행의 값)"},
    "ask": {"en": "Ask both", "ko": "둘 다 묻기"},
    "base_title": {"en": "### Base: {model}", "ko": "### 기본: {model}"},
    "tuned_title": {"en": "### Fine-tuned: {run}", "ko": "### 미세조정: {run}"},
    "answer": {"en": "Answer", "ko": "답"},
    "labels": {"en": "Top labels", "ko": "상위 라벨"},
    "run_sft": {
        "en": "SFT run on `{dataset}`, base model `{model}`; base = the same model with the LoRA adapter off.",
        "ko": "`{dataset}`로 학습한 SFT 실행, 기본 모델 `{model}`. 기본 = LoRA 어댑터를 끈 같은 모델.",
    },
    "run_sft_full": {
        "en": "SFT run on `{dataset}`, trained in full; base = `{model}` as it was before training.",
        "ko": "`{dataset}`로 전체 미세조정한 SFT 실행. 기본 = 학습 전의 `{model}`.",
    },
    "system": {
        "en": "System message, as the training chats open: `{system}`",
        "ko": "시스템 메시지(학습 대화의 첫 메시지와 같음): `{system}`",
    },
    "no_system": {
        "en": "No system message: the training chats have none.",
        "ko": "시스템 메시지 없음: 학습 대화에 없습니다.",
    },
    "schema_keys": {
        "en": "Schema: an object with required keys {keys}.",
        "ko": "스키마: 필수 키 {keys}를 가진 객체.",
    },
    "schema_any": {
        "en": "Schema: the run's schema.json ({kind}).",
        "ko": "스키마: 실행의 schema.json ({kind}).",
    },
    "schema_empty": {
        "en": "Schema: none could be inferred (no training answer is a JSON object), so any JSON passes.",
        "ko": "스키마: 추론할 수 없었습니다(학습 답 중 JSON 객체가 없음). 어떤 JSON이든 통과합니다.",
    },
    "run_cls": {
        "en": "Classification run on `{dataset}`, {n} labels, base model `{model}`.",
        "ko": "`{dataset}`로 학습한 분류 실행, 라벨 {n}개, 기본 모델 `{model}`.",
    },
    "cls_base": {
        "en": "The classification head is new, so the base has the head the run **started** from: untrained, drawn "
        "at random from seed {seed}, its probabilities near 1/{n} = {chance:.3f}. It is exactly the model the run's "
        "step-0 evaluation scored.",
        "ko": "분류 헤드는 새로 만든 것이라, 기본 모델에는 실행이 **시작할 때의** 헤드가 붙습니다. 학습되지 않았고 시드 {seed}에서 "
        "무작위로 뽑혀 확률이 1/{n} = {chance:.3f} 근처입니다. 실행의 0단계 평가가 채점한 바로 그 모델입니다.",
    },
    "reference": {"en": "Reference answer: `{answer}`", "ko": "정답: `{answer}`"},
    "gold": {"en": "Gold label: **{label}** (marked ✓)", "ko": "정답 라벨: **{label}** (✓ 표시)"},
    "json_ok": {"en": "✓ JSON", "ko": "✓ JSON"},
    "json_bad": {"en": "✗ JSON: `{error}`", "ko": "✗ JSON: `{error}`"},
    "schema_ok": {"en": "✓ schema", "ko": "✓ 스키마"},
    "schema_bad": {"en": "✗ schema: `{error}`", "ko": "✗ 스키마: `{error}`"},
    "schema_unread": {
        "en": "✗ schema: not checked, the answer is not JSON",
        "ko": "✗ 스키마: JSON이 아니라 검사하지 못함",
    },
    "seconds": {"en": "{seconds:.2f} s", "ko": "{seconds:.2f}초"},
    "empty_answer": {"en": "(empty: the model ended its turn at once)", "ko": "(비어 있음: 모델이 바로 답을 끝냄)"},
    "asking": {"en": "Asking the {which} model…", "ko": "{which} 모델에 묻는 중…"},
    "which_base": {"en": "base", "ko": "기본"},
    "which_tuned": {"en": "fine-tuned", "ko": "미세조정"},
    "no_run": {
        "en": "Pick a finished SFT or classification run first.",
        "ko": "먼저 완료된 SFT·분류 실행을 고르세요.",
    },
    "error": {"en": "⚠ {message}", "ko": "⚠ {message}"},
    "col_rank": {"en": "rank", "ko": "순위"},
    "col_label": {"en": "label", "ko": "라벨"},
    "col_probability": {"en": "probability", "ko": "확률"},
    "col_gold": {"en": "gold", "ko": "정답"},
}
