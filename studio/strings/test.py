STRINGS = {
    "intro": {
        "en": "Type a query (or pick a validation query to see its gold articles, marked ✓) and compare the top 10 "
        "passages of the base model and the fine-tuned run.",
        "ko": "질의를 입력하거나(검증 질의를 고르면 정답 조문이 ✓로 표시됩니다) 기본 모델과 미세조정된 모델의 상위 10개 "
        "조문을 비교하세요.",
    },
    "run": {"en": "Fine-tuned run", "ko": "미세조정 실행"},
    "pick": {"en": "Validation query", "ko": "검증 질의"},
    "query": {"en": "Query", "ko": "질의"},
    "search": {"en": "Search", "ko": "검색"},
    "base": {"en": "Base model: {model}", "ko": "기본 모델: {model}"},
    "tuned": {"en": "Fine-tuned: {run}", "ko": "미세조정: {run}"},
    "gold_rank": {
        "en": "Gold {gold}: {base} with the base model, {tuned} fine-tuned.",
        "ko": "정답 {gold}: 기본 모델 {base}, 미세조정 {tuned}.",
    },
    "rank": {"en": "rank {rank}", "ko": "{rank}위"},
    "not_found": {"en": "not in the top 10", "ko": "상위 10위 밖"},
    "evaluate": {
        "en": "Evaluate base vs fine-tuned on the validation split",
        "ko": "검증 세트에서 기본 vs 미세조정 평가",
    },
    "no_run": {"en": "Pick a finished run first.", "ko": "먼저 완료된 실행을 고르세요."},
    "empty": {"en": "Type a query first.", "ko": "먼저 질의를 입력하세요."},
    "metric": {"en": "metric", "ko": "지표"},
    "base_col": {"en": "base", "ko": "기본"},
    "tuned_col": {"en": "fine-tuned", "ko": "미세조정"},
    "delta": {"en": "change", "ko": "변화"},
}
