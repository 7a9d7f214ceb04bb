STRINGS = {
    # "1b": a step of Data; numbering the later tabs anew would break what refers to "2. Configure" and on.
    "tab": {"en": "1b. Augment", "ko": "1b. 증강"},
    "intro": {
        "en": "Make more training data from what you have: JSON-task examples from slot templates, legal queries "
        "from statute text alone, hard negatives mined for a stored retrieval dataset, and labels for a log of real "
        "questions. Preview first; nothing is stored until you save.",
        "ko": "가진 데이터로 학습 데이터를 더 만드세요: 슬롯 템플릿에서 JSON 과제 예제, 조문 본문만으로 법률 질의, "
        "저장된 검색 데이터셋의 어려운 오답, 실제 질문 로그의 레이블. 먼저 미리 보고, 저장하기 전까지는 아무것도 저장되지 않습니다.",
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
    "limit_all": {"en": "all", "ko": "전부"},
    "bad_limit": {
        "en": "**Error** · first N articles = {value!r}: a whole number from 1, or empty for all",
        "ko": "**오류** · 앞의 N개 조문 = {value!r}: 1 이상의 정수를 적거나, 전부 읽으려면 비우세요",
    },
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
    "split_train": {"en": "train", "ko": "학습"},
    "split_validation": {"en": "validation", "ko": "검증"},
    "col_generator": {"en": "generator", "ko": "생성기"},
    "col_query": {"en": "query", "ko": "질의"},
    "col_positive": {"en": "positive", "ko": "정답"},
    "col_negatives": {"en": "negatives (rank, score)", "ko": "오답 (순위, 점수)"},
    # {queries}, {found}, {short} and the legal lines' counts are counted nouns (n_* below)
    "counts": {
        "en": "{queries} · {found} found of {asked} asked per query · {short} short{reasons}",
        "ko": "{queries} · {found} 찾음 (질의당 {asked}개 요청) · 부족한 {short}{reasons}",
    },
    "need_name": {"en": "Give the new dataset a name first.", "ko": "먼저 새 데이터셋 이름을 적으세요."},
    "need_spec": {"en": "Write or paste a slot spec first.", "ko": "먼저 슬롯 명세를 쓰거나 붙여 넣으세요."},
    "bad_yaml": {
        "en": "**Error** · The spec is not valid YAML: {message}",
        "ko": "**오류** · 명세가 올바른 YAML이 아닙니다: {message}",
    },
    # Status marks are words, not emoji: a browser without an emoji font shows an emoji as an empty box.
    "error": {"en": "**Error** · {message}", "ko": "**오류** · {message}"},
    "stored": {
        "en": "**OK** · Stored **{name}** ({examples:,} examples) in `{path}`. Pick it on the Data tab.",
        "ko": "**확인** · **{name}** 저장됨 (예제 {examples:,}개), 위치 `{path}`. 데이터 탭에서 고르세요.",
    },
    # follows "stored" ("…on the Data tab."); names the Data tab's button that makes it visible to everyone
    "stored_private": {
        "en": "**Private** · Only this browser sees it until you press **Share with everyone** there.",
        "ko": "**비공개** · 그곳에서 **모두와 공유**를 누르기 전까지는 이 브라우저에서만 보입니다.",
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
    # A question log labelled where BM25 and the model agree (studio/tabs/augment_questions.py); the engine's
    # report is numbers, its option help lives with PseudoLabelOptions.
    "pl_header": {"en": "Label a question log", "ko": "질문 로그에 레이블 붙이기"},
    "pl_help": {
        "en": "Questions people really asked (a help-desk log, a Q&A board export) come without answers. BM25 and the "
        "embedding model each search every question over a stored retrieval dataset's passages; a question is kept, "
        "its passage as the label, only where the two agree, and passages both still rank high become its hard "
        "negatives. Label shows every kept pair with both ranks; nothing is stored until you press Save.",
        "ko": "사람들이 실제로 물은 질문(상담 기록, 질의응답 게시판 내보내기)에는 정답이 없습니다. BM25와 임베딩 "
        "모델이 저장된 검색 데이터셋의 조문에서 질문마다 따로 검색하고, 두 검색이 같은 조문을 찾은 질문만 그 조문을 "
        "레이블로 삼아 남깁니다. 두 검색이 그다음으로 높게 매긴 조문은 어려운 오답이 됩니다. 레이블 붙이기를 누르면 "
        "남은 쌍을 두 순위와 함께 모두 보여 주고, 저장을 누르기 전에는 아무것도 저장되지 않습니다.",
    },
    "pl_file": {
        "en": "Question log (.txt: one question a line; .jsonl: a question, query or text field)",
        "ko": "질문 로그 (.txt: 한 줄에 질문 하나, .jsonl: question, query 또는 text 필드)",
    },
    "pl_sample": {"en": "Use the bundled question log", "ko": "번들 질문 로그 사용"},
    "pl_source": {
        "en": "Passages of (a stored retrieval dataset)",
        "ko": "조문을 가져올 데이터셋 (저장된 검색 데이터셋)",
    },
    "pl_model": {"en": "Embedding model", "ko": "임베딩 모델"},
    "pl_label": {"en": "Label", "ko": "레이블 붙이기"},
    # Korean labels of the options; the English label and both help texts live with PseudoLabelOptions.
    "pl_rule": {"en": "Label rule", "ko": "레이블 규칙"},
    "pl_depth": {"en": "Agree within the top", "ko": "합의할 상위 순위"},
    "pl_margin": {"en": "Model margin", "ko": "모델 마진"},
    "pl_pool": {"en": "Model re-ranks BM25's top", "ko": "모델이 다시 매길 BM25 상위 조문 수"},
    "pl_num_negatives": {"en": "Negatives per question", "ko": "질문당 오답 수"},
    "pl_negatives_from": {"en": "Negatives from rank", "ko": "오답 시작 순위"},
    "pl_encoding": {"en": "encoding passages", "ko": "조문 인코딩 중"},
    "pl_pairs": {"en": "Kept pairs", "ko": "남은 쌍"},
    "col_question": {"en": "question", "ko": "질문"},
    "col_label": {"en": "label: passage", "ko": "레이블 조문"},
    "col_bm25_rank": {"en": "BM25 rank", "ko": "BM25 순위"},
    "col_model_rank": {"en": "model rank", "ko": "모델 순위"},
    "col_margin": {"en": "margin", "ko": "마진"},
    "col_negative_ids": {"en": "negatives", "ko": "오답"},
    "pl_empty": {
        "en": "Nothing labelled yet: upload a question log (or use the bundled one), pick the passages, then press "
        "**Label**.",
        "ko": "아직 레이블을 붙인 질문이 없습니다. 질문 로그를 올리거나 번들 로그를 쓰고, 조문을 가져올 데이터셋을 "
        "고른 뒤 **레이블 붙이기**를 누르세요.",
    },
    "pl_need_log": {
        "en": "Upload a question log first, or press **Use the bundled question log**.",
        "ko": "먼저 질문 로그를 올리거나 **번들 질문 로그 사용**을 누르세요.",
    },
    "pl_need_label": {
        "en": "Press **Label** first: what is saved is what the table shows.",
        "ko": "먼저 **레이블 붙이기**를 누르세요. 표에 보이는 쌍이 그대로 저장됩니다.",
    },
    "pl_none_kept": {
        "en": "No pair to save: BM25 and the model agreed on none of the questions. Try rule hybrid, a deeper "
        "agreement or another model.",
        "ko": "저장할 쌍이 없습니다: BM25와 모델이 어느 질문에도 합의하지 못했습니다. hybrid 규칙, 더 넓은 합의 "
        "범위 또는 다른 모델을 써 보세요.",
    },
    # {questions} and {passages} are counted nouns (n_* below); {left} the three reasons, each counted
    "pl_summary": {
        "en": "**{file}** · kept {kept:,} of {questions} · left out: {left} · the model encoded {encoded:,} of "
        "{passages}",
        "ko": "**{file}** · {questions} 중 {kept:,}개 남김 · 제외: {left} · 모델이 {passages} 중 {encoded:,}개를 "
        "인코딩함",
    },
    "left_no_agreement": {"en": "{n:,} without agreement", "ko": "합의 없음 {n:,}개"},
    "left_margin": {"en": "{n:,} under the margin", "ko": "마진 미달 {n:,}개"},
    "left_absent": {"en": "{n:,} not in the corpus", "ko": "코퍼스에 없음 {n:,}개"},
    "pl_repeats": {"en": " · {n:,} asked again, labelled once", "ko": " · 반복된 질문 {n:,}개는 한 번만 처리"},
    "pl_shown": {"en": " · the table shows the first {shown:,}", "ko": " · 표에는 처음 {shown:,}개만 보임"},
    # the question log's problems (datasets_spec/question_log.py), one sentence naming the file and the line
    "log_line": {"en": ", line {line}", "ko": " {line}번째 줄"},
    "log_bad_json": {
        "en": "**Error** · {file}{line}: starts with {{ but is not a JSON object ({message}).",
        "ko": "**오류** · {file}{line}: {{로 시작하지만 JSON 객체로 읽을 수 없습니다.",
    },
    "log_no_field": {
        "en": "**Error** · {file}{line}: a JSON line without a question, query or text field.",
        "ko": "**오류** · {file}{line}: question, query, text 필드가 모두 없는 JSON 줄입니다.",
    },
    "log_empty": {
        "en": "**Error** · {file}{line}: the question is empty.",
        "ko": "**오류** · {file}{line}: 질문이 비어 있습니다.",
    },
    "log_no_question": {
        "en": "**Error** · {file} holds no question (blank lines and lines starting with # are skipped).",
        "ko": "**오류** · {file}에 질문이 없습니다 (빈 줄과 #로 시작하는 줄은 건너뜁니다).",
    },
    "log_missing": {
        "en": "**Error** · {file} is gone; upload it again.",
        "ko": "**오류** · {file} 파일이 없습니다. 다시 올리세요.",
    },
    "log_unreadable": {
        "en": "**Error** · {file}{line} cannot be read as text: {message}.",
        "ko": "**오류** · {file}{line}: 텍스트로 읽을 수 없습니다. UTF-8로 저장해서 다시 올리세요.",
    },
    "log_more": {"en": " ({n:,} more problems after it)", "ko": " (그 뒤로 문제 {n:,}개 더)"},
    # The engine's reports, worded here from their numbers (studio/augment_words.py).
    "none": {"en": "none", "ko": "없음"},
    "off": {"en": "off", "ko": "끔"},
    "and": {"en": " and ", "ko": " 그리고 "},
    "slots_space": {
        "en": "{spec}: {combinations:,} combinations ({sizes} × {templates} templates)",
        "ko": "{spec}: 조합 {combinations:,}개 ({sizes} × 템플릿 {templates}개)",
    },
    "slots_made": {
        "en": "made {made:,} ({mode}, seed {seed}): {train:,} train, {validation:,} validation; {dropped:,} repeated "
        "questions dropped ({conflicting:,} with another answer)",
        "ko": "{made:,}개 만듦 ({mode}, 시드 {seed}): 학습 {train:,}개, 검증 {validation:,}개; 반복된 질문 {dropped:,}개 "
        "제외 (그중 답이 다른 것 {conflicting:,}개)",
    },
    "slots_held": {
        "en": "held out {held:,} of {space:,} combinations of {slots}",
        "ko": "{slots} 조합 {space:,}개 중 {held:,}개를 검증용으로 떼어 둠",
    },
    "slots_held_none": {"en": "held out no combination", "ko": "떼어 둔 조합 없음"},
    "slots_held_values": {"en": "; every example with {values}", "ko": "; {values}인 예제는 모두"},
    "slots_schema": {
        "en": "schema-valid: {share} (schema from the {source})",
        "ko": "스키마에 맞음: {share} (스키마 출처: {source})",
    },
    # counted nouns (augment_words.counted): "1 query", "3 queries", "질의 3개"; never "1 queries"
    "n_queries": {"en": "{n:,} queries", "ko": "질의 {n:,}개"},
    "n_queries_one": {"en": "1 query", "ko": "질의 1개"},
    "n_negatives": {"en": "{n:,} negatives", "ko": "오답 {n:,}개"},
    "n_negatives_one": {"en": "1 negative", "ko": "오답 1개"},
    "n_articles": {"en": "{n:,} articles", "ko": "조문 {n:,}개"},
    "n_articles_one": {"en": "1 article", "ko": "조문 1개"},
    "n_cases": {"en": "{n:,} cases", "ko": "판례 {n:,}개"},
    "n_cases_one": {"en": "1 case", "ko": "판례 1개"},
    "n_examples": {"en": "{n:,} examples", "ko": "예제 {n:,}개"},
    "n_examples_one": {"en": "1 example", "ko": "예제 1개"},
    "n_passages": {"en": "{n:,} passages", "ko": "조문 {n:,}개"},
    "n_passages_one": {"en": "1 passage", "ko": "조문 1개"},
    "n_questions": {"en": "{n:,} questions", "ko": "질문 {n:,}개"},
    "n_questions_one": {"en": "1 question", "ko": "질문 1개"},
    "n_items": {"en": "{n:,} items", "ko": "항목 {n:,}개"},
    "n_items_one": {"en": "1 item", "ko": "항목 1개"},
    "n_variants": {"en": "{n:,} variants", "ko": "변형 {n:,}개"},
    "n_variants_one": {"en": "1 variant", "ko": "변형 1개"},
    "n_exact_repeats": {"en": "{n:,} exact repeats", "ko": "정확히 반복된 것 {n:,}개"},
    "n_exact_repeats_one": {"en": "1 exact repeat", "ko": "정확히 반복된 것 1개"},
    "legal_head": {
        "en": "{articles}{empty}, {cases} → {examples}, {passages} added",
        "ko": "{articles}{empty}, {cases} → {examples}, {passages} 추가",
    },
    "legal_empty": {"en": " (+{count} without text, left out)", "ko": " (+본문 없는 {count}개 제외)"},
    "legal_generator": {
        "en": "{name}: {made} from {used}; {unmade} of {requested} not made ({duplicates}); skipped: {skipped}{notes}",
        "ko": "{name}: {used}에서 {made}; 요청한 {requested} 중 {unmade}개 못 만듦 ({duplicates}); 건너뜀: {skipped}{notes}",
    },
    "llm_head": {
        "en": "{kind} by {model}: {examples} of {queries} training queries of {source} (prompts: {prompts}) → "
        "{generated} written, {kept} kept",
        "ko": "{model}의 {kind}: {source}의 학습 질의 {queries}개 중 {examples}개 (프롬프트: {prompts}) → "
        "{generated}개 씀, {kept}개 유지",
    },
    "llm_dropped": {"en": "dropped: {dropped}", "ko": "버림: {dropped}"},
    "llm_rule_top": {
        "en": "its passage in the top {top_k} of 1 + {distractors}",
        "ko": "1 + {distractors}개 중 그 조문이 상위 {top_k}위 안",
    },
    "llm_answerability": {
        "en": "answerability by {model}: {rules}; seed {seed}",
        "ko": "{model}로 답 가능성 확인: {rules}; 시드 {seed}",
    },
    "llm_time": {"en": "time: {timing}", "ko": "시간: {timing}"},
}

# The engine's fixed reason phrases (skips, notes, shortfalls, timings) in Korean; English as the engine says them.
PHRASES = {
    # legal generators (statutes.py, cases.py, plain.py, build.py)
    "deleted": "삭제된 조문",
    "one sentence": "문장이 하나뿐",
    "no sentence of query length": "질의 길이의 문장 없음",
    "sentences shared with other articles": "다른 조문과 같은 문장뿐",
    "rest too short or repeats the sentence": "남은 본문이 너무 짧거나 그 문장을 되풀이함",
    "articles split at clauses": "개 조문을 항·호로 나눔",
    "no title": "제목 없음",
    "title shared by articles of one law": "한 법의 여러 조문이 같은 제목",
    "title shared by passages without a law to tell them apart": "법 이름 없이 같은 제목을 가진 조문",
    "asked with the law's name": "개는 법 이름과 함께 물음",
    "no cited article in the corpus": "인용 조문이 코퍼스에 없음",
    "nothing left but the citation": "인용 말고 남는 것이 없음",
    "cited articles not in the corpus": "개 인용 조문이 코퍼스에 없음",
    "unreadable reference fragments": "개 참조조문 조각을 읽지 못함",
    "queries with citations removed": "개 질의에서 인용을 지움",
    "no sentence made a question": "질문이 된 문장 없음",
    "not a rule a person asks about": "사람들이 묻는 규정이 아님",
    "no legal term to rewrite": "바꿀 법률 용어 없음",
    "no situation to ask about": "물을 상황 없음",
    "ending not turned into a question": "어미를 질문으로 바꾸지 못함",
    "question too short or too long": "질문이 너무 짧거나 김",
    "keep their article's words by design (a plain question is answered by its whole article)": "개는 일부러 "
    "조문의 말을 그대로 씀 (일상어 질문은 조문 전체가 정답)",
    # mining shortfalls (mining/negatives.py)
    "the query shares no word with the corpus": "질의가 코퍼스와 겹치는 낱말이 없음",
    "no positive has a law, or its law has no other article": "정답에 법 이름이 없거나 그 법에 다른 조문이 없음",
    "fewer candidates than asked in the rank range": "순위 범위 안의 후보가 요청보다 적음",
    "relative_margin / max_score left fewer than asked": "relative_margin / max_score 때문에 요청보다 적게 남음",
    # slot templates, model-written variants
    "spec": "명세",
    "inferred": "답에서 추론",
    "load model": "모델 불러오기",
    "generate": "생성",
    "filter": "거르기",
    "total": "전체",
}
