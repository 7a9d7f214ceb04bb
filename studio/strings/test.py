STRINGS = {
    "intro": {
        "en": "Search a corpus with two models side by side — a finished run, a run's base model, or any Hub id or local path typed in — "
        "with BM25 and a hybrid (BM25 fused with model B, or A when B is empty) always beside them as the classic baseline. "
        "Pick a validation query to see its gold passages marked ✓ and their rank under every model; open a passage to read "
        "all of it. A model's first search of a corpus encodes it once, with its progress shown; the embeddings are kept on "
        "disk, and a corpus that changed encodes only its new passages.",
        "ko": "두 모델로 코퍼스를 나란히 검색하세요 — 완료된 실행, 실행의 기본 모델, 또는 직접 입력한 Hub id나 로컬 경로. "
        "고전적 기준선인 BM25와 하이브리드(BM25와 모델 B, B가 비었으면 A의 융합)가 항상 함께 표시됩니다. 검증 질의를 고르면 "
        "정답 조문이 ✓로 표시되고 모델마다 그 순위가 나옵니다. 조문을 펼치면 전문을 읽을 수 있습니다. 모델이 코퍼스를 처음 검색할 때 "
        "진행 상황을 보여 주며 한 번 인코딩하고, 임베딩은 디스크에 보관되며 바뀐 코퍼스는 새 조문만 인코딩합니다.",
    },
    "corpus": {"en": "Corpus (a stored retrieval dataset)", "ko": "코퍼스 (저장된 검색 데이터셋)"},
    "model_a": {"en": "Model A", "ko": "모델 A"},
    "model_b": {"en": "Model B", "ko": "모델 B"},
    "model_info": {
        "en": "a finished run, a run's base model, or type a Hub id or local path",
        "ko": "완료된 실행, 실행의 기본 모델, 또는 Hub id나 로컬 경로 입력",
    },
    "run_choice": {"en": "{run} — fine-tuned", "ko": "{run} — 미세조정"},
    "run_stopped": {"en": "{run} — stopped at step {step}/{total}", "ko": "{run} — {step}/{total} 단계에서 중지됨"},
    "run_failed": {"en": "{run} — failed at step {step}/{total}", "ko": "{run} — {step}/{total} 단계에서 실패"},
    "run_running": {
        "en": "{run} — running, step {step}/{total} (the model it saved before)",
        "ko": "{run} — 실행 중, {step}/{total} 단계 (이전에 저장된 모델)",
    },
    "run_queued": {
        "en": "{run} — queued again at step {step}/{total} (the model it saved before)",
        "ko": "{run} — {step}/{total} 단계에서 다시 대기 중 (이전에 저장된 모델)",
    },
    "needs_network": {"en": "{model} — needs a network", "ko": "{model} — 네트워크 필요"},
    "base_choice": {"en": "{model} — base of {run}", "ko": "{model} — {run}의 기본 모델"},
    "base_label": {"en": "{model} (base of {run})", "ko": "{model} ({run}의 기본 모델)"},
    "pick": {"en": "Validation query", "ko": "검증 질의"},
    "query": {"en": "Query", "ko": "질의"},
    "search": {"en": "Search", "ko": "검색"},
    "table_empty": {"en": "{tag} · no model", "ko": "{tag} · 모델 없음"},
    "gold": {"en": "Gold: {gold}", "ko": "정답: {gold}"},
    "no_gold": {
        "en": "No gold passage for this query: pick a validation query (or type one exactly) to see gold ranks.",
        "ko": "이 질의의 정답 조문이 없습니다. 정답 순위를 보려면 검증 질의를 고르거나 그대로 입력하세요.",
    },
    "row": {"en": "- **{tag}** ({name}): gold {rank} · {ms} ms", "ko": "- **{tag}** ({name}): 정답 {rank} · {ms} ms"},
    "row_alone": {"en": "- **{tag}** — gold {rank} · {ms} ms", "ko": "- **{tag}** — 정답 {rank} · {ms} ms"},
    "hybrid": {"en": "hybrid", "ko": "하이브리드"},
    "hybrid_of": {"en": "hybrid {tag}", "ko": "하이브리드 {tag}"},
    "hybrid_name": {"en": "BM25 + {model}", "ko": "BM25 + {model}"},
    "col_rank": {"en": "#", "ko": "#"},
    "col_gold": {"en": "gold", "ko": "정답"},
    "col_id": {"en": "id", "ko": "id"},
    "col_title": {"en": "title", "ko": "제목"},
    "col_passage": {"en": "passage (open to read all)", "ko": "본문 (펼쳐서 전문 보기)"},
    "col_score": {"en": "score", "ko": "점수"},
    "no_hits": {"en": "No passage shares a word with the query.", "ko": "질의와 겹치는 낱말이 있는 조문이 없습니다."},
    "rank": {"en": "rank {rank}", "ko": "{rank}위"},
    "not_found": {"en": "not in the top {depth}", "ko": "상위 {depth}위 밖"},
    "evaluate": {"en": "Score all on the validation split", "ko": "검증 세트에서 모두 평가"},
    "no_model": {"en": "Pick or type at least one model.", "ko": "모델을 하나 이상 고르거나 입력하세요."},
    "no_corpus": {"en": "Pick a corpus first.", "ko": "먼저 코퍼스를 고르세요."},
    "empty": {"en": "Type a query first.", "ko": "먼저 질의를 입력하세요."},
    "error": {"en": "Could not search: {message}", "ko": "검색할 수 없습니다: {message}"},
    "loading": {"en": "Loading {model}", "ko": "{model} 불러오는 중"},
    "encoding": {
        "en": "Encoding the corpus with {model} (once): {done} of {total} passages",
        "ko": "{model}로 코퍼스 인코딩 (한 번만): 조문 {total}개 중 {done}개",
    },
    "encoding_eta": {
        "en": "Encoding the corpus with {model} (once): {done} of {total} passages, about {eta} left",
        "ko": "{model}로 코퍼스 인코딩 (한 번만): 조문 {total}개 중 {done}개, 약 {eta} 남음",
    },
    "passages_unit": {"en": "passages", "ko": "조문"},
    "seconds": {"en": "{s} s", "ko": "{s}초"},
    "minutes": {"en": "{m} min {s} s", "ko": "{m}분 {s}초"},
    "error_network": {
        "en": "{model} is not on this machine and could not be downloaded: pick a model without the network mark.",
        "ko": "{model}은(는) 이 컴퓨터에 없고 내려받지 못했습니다. 네트워크 표시가 없는 모델을 고르세요.",
    },
    "indexing": {"en": "BM25 index of the corpus", "ko": "코퍼스의 BM25 색인"},
    "scoring": {"en": "Scoring {name}", "ko": "{name} 평가 중"},
    "scored": {
        "en": "{queries} validation queries with gold over {passages} passages. Rank columns give where the first gold "
        "passage lands under each model (empty: below {depth}); **B vs A** is B's reciprocal rank minus A's (their "
        "MRR@10 terms). Sort by a column — by B vs A to see where B wins (positive) or loses (negative) against A.",
        "ko": "정답이 있는 검증 질의 {queries}개, 조문 {passages}개. 순위 열은 모델마다 첫 정답 조문의 순위입니다(빈칸: {depth}위 밖). "
        "**B 대 A**는 B의 역순위에서 A의 역순위를 뺀 값(MRR@10 항)입니다. 열을 눌러 정렬하세요 — B 대 A로 정렬하면 B가 A보다 나은 "
        "질의(양수)와 못한 질의(음수)가 보입니다.",
    },
    "paired": {
        "en": "**B − A, NDCG@10: {mean:+.3f}** (95% bootstrap interval {low:+.3f} … {high:+.3f}: {verdict}); B is "
        "better on {better}, worse on {worse} and the same on {same} of {queries} queries.",
        "ko": "**B − A, NDCG@10: {mean:+.3f}** (95% 부트스트랩 구간 {low:+.3f} … {high:+.3f}: {verdict}); "
        "질의 {queries}개 중 B가 나은 것 {better}개, 못한 것 {worse}개, 같은 것 {same}개.",
    },
    "paired_better": {"en": "B is better", "ko": "B가 낫습니다"},
    "paired_worse": {"en": "B is worse", "ko": "B가 못합니다"},
    "paired_unclear": {
        "en": "no clear difference — it could be a few queries moving by chance",
        "ko": "뚜렷한 차이 없음 — 몇 개 질의가 우연히 움직인 것일 수 있습니다",
    },
    "tag_col": {"en": "row", "ko": "행"},
    "model_col": {"en": "model", "ko": "모델"},
    "ms_col": {"en": "ms/query", "ko": "질의당 ms"},
    "query_col": {"en": "query", "ko": "질의"},
    "gold_col": {"en": "gold", "ko": "정답"},
    "delta_col": {"en": "B vs A", "ko": "B 대 A"},
}
