STRINGS = {
    # "1b": a step of Data; numbering the later tabs anew would break what refers to "2. Configure" and on.
    "tab": {"en": "1b. Augment", "ko": "1b. 증강"},
    "intro": {
        "en": "Make more training data from what you have: JSON-task examples from slot templates, legal queries "
        "from statute text alone, and hard negatives mined for a stored retrieval dataset. Preview first; nothing "
        "is stored until you save.",
        "ko": "가진 데이터로 학습 데이터를 더 만드세요: 슬롯 템플릿에서 JSON 과제 예제, 조문 본문만으로 법률 질의, "
        "저장된 검색 데이터셋의 어려운 오답. 먼저 미리 보고, 저장하기 전까지는 아무것도 저장되지 않습니다.",
    },
    "slots_header": {"en": "JSON-task slot templates", "ko": "JSON 과제 슬롯 템플릿"},
    "slots_help": {
        "en": "Slots, templates and the answer's JSON schema in YAML (the bundled json-task-ko spec is filled in). "
        "Every combination of slot values is a question; held-out combinations go to validation only.",
        "ko": "슬롯, 템플릿, 답의 JSON 스키마를 YAML로 씁니다 (번들 json-task-ko 명세가 채워져 있음). 슬롯 값의 "
        "조합 하나가 질문 하나이며, 떼어 둔 조합은 검증에만 들어갑니다.",
    },
    "spec": {"en": "Slot spec (YAML)", "ko": "슬롯 명세 (YAML)"},
    "n": {"en": "Examples to make (empty: every combination)", "ko": "만들 예제 수 (비우면 모든 조합)"},
    "mode": {"en": "Mode", "ko": "방식"},
    "seed": {"en": "Seed", "ko": "시드"},
    "holdout_ratio": {
        "en": "Held-out share of combinations (empty: the spec's)",
        "ko": "검증용으로 떼어 둘 조합 비율 (비우면 명세 값)",
    },
    "preview": {"en": "Preview", "ko": "미리 보기"},
    "name": {"en": "Name for the stored dataset", "ko": "저장할 데이터셋 이름"},
    "save": {"en": "Save as dataset", "ko": "데이터셋으로 저장"},
    "examples": {"en": "Examples", "ko": "예제"},
    "legal_header": {"en": "Legal pseudo-queries", "ko": "법률 가상 질의"},
    "legal_help": {
        "en": "(query, article) pairs without labels: a sentence cut out of an article (cloze), questions from its "
        "title, cases with their citations removed, and a sentence asked in everyday words (plain: 채무 → 빚, "
        "임차인 → 세입자, from our glossary). The bundled sample corpus is filled in.",
        "ko": "레이블 없이 (질의, 조문) 쌍을 만듭니다: 조문에서 떼어 낸 문장(cloze), 제목으로 만든 질문(title), "
        "인용을 지운 판례(case), 일상어로 바꿔 물은 문장(plain: 채무 → 빚, 임차인 → 세입자, 자체 용어집). "
        "번들 샘플 코퍼스가 채워져 있습니다.",
    },
    "corpus_path": {
        "en": "Statute corpus on this machine (JSONL or JSONL.gz: id, law, article, title, text)",
        "ko": "이 컴퓨터의 조문 코퍼스 (JSONL 또는 JSONL.gz: id, law, article, title, text)",
    },
    "cases_path": {
        "en": "Cases file (optional; needed by the case generator)",
        "ko": "판례 파일 (선택, case 생성기에 필요)",
    },
    "generators": {"en": "Generators", "ko": "생성기"},
    "multiply": {"en": "Variants per article or case", "ko": "조문·판례당 변형 수"},
    "limit": {"en": "Read only the first N articles (empty: all)", "ko": "앞의 N개 조문만 읽기 (비우면 전부)"},
    "pairs": {"en": "Pairs", "ko": "쌍"},
    "mine_header": {"en": "Hard-negative mining", "ko": "어려운 오답 찾기"},
    "mine_help": {
        "en": "For each query of a stored retrieval dataset, passages that look right but are not: what the model "
        "must learn to tell apart. Saving stores a new dataset; the source is left as it is.",
        "ko": "저장된 검색 데이터셋의 질의마다 맞아 보이지만 정답이 아닌 조문을 찾습니다: 모델이 구별하도록 배워야 "
        "할 것들입니다. 저장하면 새 데이터셋이 생기고 원본은 그대로입니다.",
    },
    "source": {"en": "Source dataset", "ko": "원본 데이터셋"},
    "mined": {"en": "Queries side by side", "ko": "질의별 비교"},
    "col_slots": {"en": "slots", "ko": "슬롯"},
    "col_user": {"en": "user", "ko": "사용자"},
    "col_answer": {"en": "answer", "ko": "답"},
    "col_split": {"en": "split", "ko": "분할"},
    "col_generator": {"en": "generator", "ko": "생성기"},
    "col_query": {"en": "query", "ko": "질의"},
    "col_positive": {"en": "positive", "ko": "정답"},
    "col_negatives": {"en": "negatives (rank, score)", "ko": "오답 (순위, 점수)"},
    "counts": {
        "en": "**{queries:,}** queries · **{found:,}** negatives found of {asked} asked per query · "
        "{short:,} queries short{reasons}",
        "ko": "질의 **{queries:,}**개 · 오답 **{found:,}**개 찾음 (질의당 {asked}개 요청) · 부족한 질의 {short:,}개"
        "{reasons}",
    },
    "need_name": {"en": "Give the new dataset a name first.", "ko": "먼저 새 데이터셋 이름을 적으세요."},
    "need_spec": {"en": "Write or paste a slot spec first.", "ko": "먼저 슬롯 명세를 쓰거나 붙여 넣으세요."},
    "bad_yaml": {
        "en": "❌ The spec is not valid YAML: {message}",
        "ko": "❌ 명세가 올바른 YAML이 아닙니다: {message}",
    },
    "error": {"en": "❌ {message}", "ko": "❌ {message}"},
    "stored": {
        "en": "✅ Stored **{name}** ({examples:,} examples) in `{path}`. Pick it on the Data tab.",
        "ko": "✅ **{name}** 저장됨 (예제 {examples:,}개), 위치 `{path}`. 데이터 탭에서 고르세요.",
    },
    # follows "stored" ("…on the Data tab."); names the Data tab's button that makes it visible to everyone
    "stored_private": {
        "en": "🔒 Only this browser sees it until you press **Share with everyone** there.",
        "ko": "🔒 그곳에서 **모두와 공유**를 누르기 전까지는 이 브라우저에서만 보입니다.",
    },
    # Korean labels of the mining options; the English label and both help texts live with MineOptions.
    "mine_method": {"en": "Method", "ko": "방법"},
    "mine_range_min": {"en": "Skip the top ranks", "ko": "건너뛸 상위 순위"},
    "mine_range_max": {"en": "Down to rank", "ko": "이 순위까지"},
    "mine_num_negatives": {"en": "Negatives per query", "ko": "질의당 오답 수"},
    "mine_relative_margin": {"en": "Relative margin", "ko": "상대 마진"},
    "mine_sampling_strategy": {"en": "Sampling", "ko": "추출 방식"},
    "mine_seed": {"en": "Seed", "ko": "시드"},
    # Model-written variants (studio/tabs/augment_llm.py); the filters' detail ("ranks 9 of 50") is the engine's.
    "llm_header": {"en": "Model-written variants (optional)", "ko": "모델이 쓴 변형 (선택)"},
    "llm_help": {
        "en": "A local causal LM rewrites training queries of a stored retrieval dataset (paraphrase) or writes the "
        "question a positive passage answers (question). Each text is kept only if it has a sensible length, is in "
        "the source's language, repeats no query, and the embedding model ranks its passage in the top 3 of 50 "
        "(92% of the bundled sample's real queries pass that). Nothing runs until you press a button; saving stores "
        "the source's training queries plus the kept variants, with its validation unchanged.",
        "ko": "로컬 언어 모델이 저장된 검색 데이터셋의 학습 질의를 바꿔 쓰거나(paraphrase) 정답 조문이 답하는 질문을 "
        "씁니다(question). 길이가 적당하고, 원문과 같은 언어이며, 기존 질의와 겹치지 않고, 임베딩 모델이 그 조문을 "
        "50개 중 상위 3위 안에 두는 글만 남깁니다(번들 샘플의 실제 질의는 92%가 통과). 버튼을 누르기 전에는 아무것도 "
        "실행되지 않으며, 저장하면 원본 학습 질의와 남은 변형이 함께 저장되고 검증 데이터는 그대로입니다.",
    },
    "llm_model": {"en": "Causal LM (Hub id or local folder)", "ko": "언어 모델 (Hub id 또는 로컬 폴더)"},
    "llm_kind": {"en": "Kind", "ko": "종류"},
    "llm_per_example": {"en": "Variants per query", "ko": "질의당 변형 수"},
    "llm_limit": {"en": "Training queries to use (empty: all)", "ko": "사용할 학습 질의 수 (비우면 전부)"},
    "llm_embedding": {"en": "Embedding model that scores answerability", "ko": "답 가능성을 채점할 임베딩 모델"},
    "llm_min_score": {"en": "Minimum cosine (empty: none)", "ko": "최소 코사인 (비우면 없음)"},
    "llm_variants": {"en": "Written variants", "ko": "쓴 변형"},
    "col_source_query": {"en": "source query", "ko": "원본 질의"},
    "col_variant": {"en": "variant", "ko": "변형"},
    "col_score": {"en": "cosine (rank)", "ko": "코사인 (순위)"},
    "col_result": {"en": "kept / why dropped", "ko": "유지 / 버린 이유"},
    "kept": {"en": "kept", "ko": "유지"},
    "dropped": {"en": "dropped ({filter}): {why}", "ko": "버림 ({filter}): {why}"},
    "filter_length": {"en": "length", "ko": "길이"},
    "filter_language": {"en": "language", "ko": "언어"},
    "filter_duplicate": {"en": "duplicate", "ko": "중복"},
    "filter_answerability": {"en": "answerability", "ko": "답 가능성"},
    "need_model": {
        "en": "Name a causal LM first (a Hub id or a local folder).",
        "ko": "먼저 언어 모델을 적으세요 (Hub id 또는 로컬 폴더).",
    },
}
