STRINGS = {
    "tab": {"en": "4b. Playground", "ko": "4b. 플레이그라운드"},
    "intro": {
        "en": "Chat with a finished **SFT** run and its base model side by side, or ask a **classification** run for "
        "its 5 most likely labels. The base is the run's starting point: the same weights with the trained adapter "
        "switched off. Each model keeps its own history: both get your same turns and read their own earlier answers. "
        "Each answer is checked as JSON and against the schema the run's evaluations used. Same as "
        '`python -m training chat RUN_DIR "turn" "turn"` and `python -m training ask RUN_DIR "prompt"`.',
        "ko": "완료된 **SFT** 실행과 그 기본 모델과 나란히 대화하거나, **분류** 실행에 가장 가능성 높은 라벨 5개를 물어보세요. "
        "기본 모델은 실행의 출발점, 곧 학습된 어댑터를 끈 같은 가중치입니다. 모델마다 대화 기록을 따로 가집니다: 둘 다 "
        "같은 사용자 발화를 받고 자기가 앞서 한 답을 읽습니다. 답마다 JSON으로 읽히는지, 실행의 평가가 쓴 스키마를 "
        '만족하는지 검사합니다. `python -m training chat RUN_DIR "turn" "turn"`, '
        '`python -m training ask RUN_DIR "prompt"`와 같습니다.',
    },
    "run": {"en": "Finished SFT or classification run", "ko": "완료된 SFT·분류 실행"},
    "pick": {"en": "Validation example", "ko": "검증 예시"},
    "prompt": {"en": "Your message", "ko": "보낼 메시지"},
    "prompt_cls": {"en": "Text to classify", "ko": "분류할 텍스트"},
    "ask": {"en": "Ask both", "ko": "둘 다 묻기"},
    "send": {"en": "Send to both", "ko": "둘 다에게 보내기"},
    "stop": {"en": "Stop", "ko": "멈춤"},
    "retry": {"en": "Retry the last turn", "ko": "마지막 차례 다시"},
    "undo": {"en": "Undo the last turn", "ko": "마지막 차례 되돌리기"},
    "clear": {"en": "Clear the chat", "ko": "대화 지우기"},
    "system_box": {
        "en": "System message (empty: none)",
        "ko": "시스템 메시지 (비우면 없음)",
    },
    "system_info": {
        "en": "Filled with the message the run's training chats open with; edit it to ask differently.",
        "ko": "실행의 학습 대화가 여는 메시지로 채워 둡니다. 바꾸면 다르게 묻습니다.",
    },
    "sampling": {
        "en": "Sampling: temperature, top-p, top-k, length, seed",
        "ko": "샘플링: 온도, top-p, top-k, 길이, 시드",
    },
    "s_temperature": {"en": "Temperature", "ko": "온도 (temperature)"},
    "s_top_p": {"en": "Top-p", "ko": "top-p"},
    "s_top_k": {"en": "Top-k", "ko": "top-k"},
    "s_max_new_tokens": {"en": "Max new tokens (0 = the run's)", "ko": "최대 새 토큰 (0 = 실행의 값)"},
    "s_repetition_penalty": {"en": "Repetition penalty", "ko": "반복 벌점"},
    "s_seed": {"en": "Seed", "ko": "시드"},
    "chat_empty": {"en": "No turns yet: type a message below.", "ko": "아직 대화가 없습니다. 아래에 메시지를 쓰세요."},
    "no_template": {
        "en": "This run's tokenizer has no chat template, so the chat is sent as a plain transcript: one "
        "`role: text` line per turn, ending in `assistant:`.",
        "ko": "이 실행의 토크나이저에는 채팅 템플릿이 없어, 대화를 일반 대본으로 보냅니다: 차례마다 `role: text` 한 줄, "
        "끝은 `assistant:`.",
    },
    "empty_message": {"en": "Type a message first.", "ko": "먼저 메시지를 쓰세요."},
    "nothing_to_retry": {"en": "No turn to retry yet.", "ko": "다시 할 차례가 아직 없습니다."},
    "ended_length": {
        "en": "cut at {n} new tokens (raise max new tokens for longer answers)",
        "ko": "새 토큰 {n}개에서 잘림 (더 긴 답은 최대 새 토큰을 늘리세요)",
    },
    "ended_stopped": {"en": "stopped", "ko": "멈춤"},
    "thinking": {"en": "…", "ko": "…"},
    "stopping": {"en": "Stopping at the next token…", "ko": "다음 토큰에서 멈추는 중…"},
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
    "asking": {"en": "Generating: the {which} model is answering…", "ko": "생성 중: {which} 모델이 답하는 중…"},
    "which_base": {"en": "base", "ko": "기본"},
    "which_tuned": {"en": "fine-tuned", "ko": "미세조정"},
    "no_run": {
        "en": "Pick a finished SFT or classification run first.",
        "ko": "먼저 완료된 SFT·분류 실행을 고르세요.",
    },
    "error": {"en": "Error: `{message}`", "ko": "오류: `{message}`"},
    "bad_option": {"en": "Error: {message}", "ko": "오류: {message}"},
    "col_rank": {"en": "rank", "ko": "순위"},
    "col_label": {"en": "label", "ko": "라벨"},
    "col_probability": {"en": "probability", "ko": "확률"},
    "col_gold": {"en": "gold", "ko": "정답"},
}
