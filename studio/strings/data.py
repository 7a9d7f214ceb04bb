STRINGS = {
    "intro": {
        "en": "Pick the bundled Korean legal sample or upload your own `passages.jsonl` + `cases.jsonl`. Cases cite "
        "their positives in court style (참조조문); each dataset is validated, split into train/validation by case, "
        "and stored once.",
        "ko": "번들 한국어 법률 샘플을 고르거나 `passages.jsonl` + `cases.jsonl`을 올리세요. 판례는 참조조문으로 정답 "
        "조문을 가리키며, 데이터셋은 검증되고 판례 단위로 학습/검증으로 나뉘어 한 번 저장됩니다.",
    },
    "dataset": {"en": "Dataset", "ko": "데이터셋"},
    "use_sample": {"en": "Use the bundled Korean legal sample", "ko": "번들 한국어 법률 샘플 사용"},
    "upload_header": {"en": "Upload your own", "ko": "직접 올리기"},
    "passages_file": {
        "en": "passages.jsonl (id, law, article, title, text)",
        "ko": "passages.jsonl (id, law, article, title, text)",
    },
    "cases_file": {"en": "cases.jsonl (id, query, references)", "ko": "cases.jsonl (id, query, references)"},
    "name": {"en": "Name for the stored dataset", "ko": "저장할 데이터셋 이름"},
    "import": {"en": "Validate and store", "ko": "검증 후 저장"},
    "need_files": {"en": "Choose both files first.", "ko": "두 파일을 먼저 고르세요."},
    "stored": {"en": "Stored **{name}**.", "ko": "**{name}** 저장됨."},
    "counts": {
        "en": "**{name}**: {passages} passages from {laws} laws · {cases} cases → {train} training and {validation} "
        "validation queries (split by case, seed {seed}).  \n{summary}",
        "ko": "**{name}**: {laws}개 법령의 조문 {passages}개 · 판례 {cases}건 → 학습 질의 {train}개, 검증 질의 "
        "{validation}개(판례 단위 분할, 시드 {seed}).  \n{summary}",
    },
    "examples": {"en": "Training examples", "ko": "학습 예제"},
    "passages": {"en": "Passages", "ko": "조문"},
    "error": {"en": "**Error:** {message}", "ko": "**오류:** {message}"},
}
