"""The Augment tab's legal-recipe section (studio/tabs/augment_recipe.py, studio/recipe_view.py): the form, each
stage the recipe says, the final table and the refusals, in English and Korean."""

STRINGS = {
    "header": {
        "en": "Legal recipe: from a question log to a trained retriever",
        "ko": "법률 레시피: 질문 로그에서 학습된 검색 모델까지",
    },
    "help": {
        "en": "One button for the whole chain: the question log labelled over the corpus (and/or the cases' cited "
        "articles), stored as a dataset, hard negatives mined with BM25, a run sized to the minutes you give by a "
        "timed probe step, trained, then the base model, the trained one, BM25 and both hybrids scored on the "
        "held-out questions. It runs in its own process for minutes to an hour: you may close the page and come "
        "back; this section shows your latest recipe.",
        "ko": "전체 과정을 버튼 하나로: 질문 로그를 코퍼스에 대해 레이블링(또는 판례가 인용한 조문 사용)해 데이터셋으로 "
        "저장하고, BM25로 어려운 오답을 찾고, 시험 스텝 하나로 잰 속도에 맞춰 정한 분만큼 학습한 뒤, 기본 모델, 학습된 "
        "모델, BM25, 두 하이브리드를 떼어 둔 질문으로 채점합니다. 별도 프로세스에서 몇 분에서 한 시간쯤 걸리니 페이지를 "
        "닫았다가 돌아와도 됩니다. 이 부분에는 가장 최근 레시피가 보입니다.",
    },
    "corpus": {"en": "Statute corpus (a stored retrieval dataset)", "ko": "조문 코퍼스 (저장된 검색 데이터셋)"},
    "name": {"en": "Name for the stored dataset", "ko": "저장할 데이터셋 이름"},
    "questions": {
        "en": "Question log (.txt one question a line, or .jsonl)",
        "ko": "질문 로그 (.txt 한 줄에 질문 하나, 또는 .jsonl)",
    },
    "questions_sample": {"en": "Use the bundled question log", "ko": "번들 질문 로그 사용"},
    "cases": {
        "en": "Court cases, optional (.jsonl: id, query, references)",
        "ko": "판례, 선택 (.jsonl: id, query, references)",
    },
    "cases_sample": {"en": "Use the bundled cases", "ko": "번들 판례 사용"},
    "rule": {"en": "Label rule", "ko": "레이블 규칙"},
    "minutes": {"en": "Training minutes", "ko": "학습 시간 (분)"},
    "more": {"en": "More settings", "ko": "추가 설정"},
    "model": {"en": "Embedding model", "ko": "임베딩 모델"},
    "steps": {"en": "Fixed training steps (empty: sized by the minutes)", "ko": "고정 학습 스텝 (비우면 분으로 정함)"},
    "max_seq_length": {"en": "Tokens per text", "ko": "텍스트당 토큰 수"},
    "score_corpus": {"en": "Passages the final scores search", "ko": "최종 채점에서 검색할 조문 수"},
    "start": {"en": "Start the recipe", "ko": "레시피 시작"},
    "empty": {
        "en": "No recipe yet. Pick the corpus and a question log (or cases), then press **Start the recipe**.",
        "ko": "아직 레시피가 없습니다. 코퍼스와 질문 로그(또는 판례)를 고른 뒤 **레시피 시작**을 누르세요.",
    },
    "started": {
        "en": "**Started** · the recipe runs in its own process; this section follows it. The command: `{command}`",
        "ko": "**시작됨** · 레시피가 별도 프로세스에서 돌고, 이 부분이 진행을 따라갑니다. 명령: `{command}`",
    },
    "bad_steps": {
        "en": "**Error** · fixed steps = {value}: a whole number, or empty to size the run by the minutes.",
        "ko": "**오류** · 고정 스텝 = {value}: 정수를 적거나, 분으로 정하려면 비우세요.",
    },
    # refusals: the engine's rule ids (training/visitors/recipes.py, access.py, workspace.py, recipes/jobs.py)
    "refused_nothing": {
        "en": "**Error** · The recipe needs a question log, cases or both: something to learn from.",
        "ko": "**오류** · 레시피에는 배울 것이 필요합니다: 질문 로그, 판례, 또는 둘 다.",
    },
    "refused_not_retrieval": {
        "en": "**Error** · Dataset **{name}** holds no passages to search; pick a retrieval dataset as the corpus.",
        "ko": "**오류** · 데이터셋 **{name}**에는 검색할 조문이 없습니다. 검색 데이터셋을 코퍼스로 고르세요.",
    },
    "refused_minutes": {
        "en": "**Error** · Training minutes = {minutes:g}: from 1 to {most:g}.",
        "ko": "**오류** · 학습 시간 = {minutes:g}분: 1에서 {most:g}분 사이로 정하세요.",
    },
    "refused_name": {
        "en": "**Error** · Name {name}: use letters, digits, '.', '-' or '_' (at most 61), no slashes.",
        "ko": "**오류** · 이름 {name}: 영문자, 숫자, '.', '-', '_'만 쓰고 (61자 이하) 슬래시는 쓰지 마세요.",
    },
    "refused_busy": {
        "en": "**Busy** · A recipe is running on this machine; one runs at a time. Try again when it ends.",
        "ko": "**사용 중** · 이 컴퓨터에서 레시피가 이미 돌고 있습니다. 한 번에 하나만 돌 수 있으니 끝난 뒤 다시 시도하세요.",
    },
    "refused_server_path": {
        "en": "**Refused** · this studio is shared: files on the server cannot be named here; upload the file instead",
        "ko": "**거부됨** · 공유 스튜디오에서는 서버의 파일을 이름으로 지정할 수 없으니 파일을 업로드하세요",
    },
    "refused_not_yours": {
        "en": "**Refused** · a dataset named here belongs to another visitor; you may not use or replace it",
        "ko": "**거부됨** · 여기 적은 데이터셋은 다른 방문자의 것이라 쓰거나 바꿀 수 없습니다",
    },
    "refused_shared_thing": {
        "en": "**Refused** · a dataset of that name is shared with everyone; only the host may replace it, so pick "
        "another name",
        "ko": "**거부됨** · 그 이름의 데이터셋은 모두와 공유된 것이라 호스트만 바꿀 수 있으니 다른 이름을 고르세요",
    },
    "refused_no_session": {
        "en": "**Refused** · this page has no session yet; reload it and try again",
        "ko": "**거부됨** · 이 페이지에 아직 세션이 없으니 새로 고친 뒤 다시 시도하세요",
    },
    "refused_quota_disk": {
        "en": "**Refused** · your datasets, uploads, runs and exports fill your space here; delete some first",
        "ko": "**거부됨** · 데이터셋, 업로드, 실행, 내보내기가 이곳의 할당 용량을 채웠으니 먼저 일부를 지우세요",
    },
    "refused_quota_datasets": {
        "en": "**Refused** · you keep the most datasets each visitor may keep here; delete one first",
        "ko": "**거부됨** · 방문자당 보관할 수 있는 데이터셋 수를 다 채웠으니 먼저 하나를 지우세요",
    },
    "refused_quota_runs": {
        "en": "**Refused** · you have the most runs queued or training that each visitor may have; wait for one",
        "ko": "**거부됨** · 방문자당 대기 또는 학습 중인 실행 수를 다 채웠으니 하나가 끝나기를 기다리세요",
    },
    "refused_training_off": {
        "en": "**Refused** · training on this machine's CPU is turned off and no GPU is available",
        "ko": "**거부됨** · 이 컴퓨터에서는 CPU 학습이 꺼져 있고 쓸 수 있는 GPU가 없습니다",
    },
    "error": {"en": "**Error** · {message}", "ko": "**오류** · {message}"},
    # the job's state, above its stages
    "running": {
        "en": "**Running** · started {started}, {elapsed} so far. It keeps running if you close the page.",
        "ko": "**진행 중** · {started}에 시작, 지금까지 {elapsed}. 페이지를 닫아도 계속 돕니다.",
    },
    "finished": {
        "en": "**Finished** in {elapsed} · stored **{dataset}** (pick it on the Configure tab) · run **{run}** "
        "(open it on the Train and Test tabs).",
        "ko": "**완료** ({elapsed}) · **{dataset}** 저장됨 (구성 탭에서 고르세요) · 실행 **{run}** (학습 탭과 테스트 "
        "탭에서 여세요).",
    },
    "failed": {"en": "**Failed** · {message}", "ko": "**실패** · {message}"},
    "failed_vanished": {
        "en": "the recipe's process ended without a word (killed, or the machine restarted)",
        "ko": "레시피 프로세스가 아무 말 없이 끝났습니다 (강제 종료되었거나 컴퓨터가 다시 시작됨)",
    },
    "failed_run": {
        "en": "the training run **{run}** ended {state}; its log is on the Train tab",
        "ko": "학습 실행 **{run}**이(가) {state} 상태로 끝났습니다. 로그는 학습 탭에 있습니다",
    },
    "failed_at": {"en": " (at: {stage})", "ko": " (단계: {stage})"},
    # each stage, as the recipe says it (training/recipes/legal.py)
    "stage_corpus": {"en": "Corpus: {passages:,} passages", "ko": "코퍼스: 조문 {passages:,}개"},
    "stage_corpus_empty": {
        "en": "Corpus: {passages:,} passages, {empty:,} without text left out",
        "ko": "코퍼스: 조문 {passages:,}개, 본문 없는 {empty:,}개 제외",
    },
    "stage_cases": {
        "en": "Cases: {examples:,} questions with their cited articles",
        "ko": "판례: 인용 조문이 붙은 질문 {examples:,}개",
    },
    "stage_labelling": {
        "en": "Labelling the question log: {encoded:,} of {of:,} passages encoded",
        "ko": "질문 로그 레이블링: 조문 {of:,}개 중 {encoded:,}개 인코딩",
    },
    "stage_questions": {
        "en": "Question log: {kept:,} of {questions:,} questions labelled · left out: {left}",
        "ko": "질문 로그: 질문 {questions:,}개 중 {kept:,}개 레이블 · 제외: {left}",
    },
    "stage_mining": {
        "en": "Mining hard negatives: {done:,} of {of:,}",
        "ko": "어려운 오답 찾기: {of:,}개 중 {done:,}개",
    },
    "stage_mined": {
        "en": "Mined: {found:,} negatives for {queries:,} questions ({short:,} got fewer than {asked})",
        "ko": "오답 찾기 완료: 질문 {queries:,}개에 오답 {found:,}개 ({short:,}개는 {asked}개 미만)",
    },
    "stage_sized": {
        "en": "Sized: {steps:,} steps over {rows:,} training rows, {pace:.2f} s a step (a timed probe step)",
        "ko": "크기 결정: 학습 행 {rows:,}개에 {steps:,} 스텝, 스텝당 {pace:.2f}초 (시험 스텝으로 잼)",
    },
    "stage_sized_fixed": {
        "en": "Sized: {steps:,} steps over {rows:,} training rows (fixed)",
        "ko": "크기 결정: 학습 행 {rows:,}개에 {steps:,} 스텝 (고정)",
    },
    "stage_training": {
        "en": "Training run **{run}**: step {step:,} of {of:,} · {elapsed} elapsed · about {eta} left",
        "ko": "학습 실행 **{run}**: {of:,} 스텝 중 {step:,} · {elapsed} 지남 · 약 {eta} 남음",
    },
    "stage_training_loss": {"en": " · loss {loss:.4f}", "ko": " · 손실 {loss:.4f}"},
    "stage_training_queued": {
        "en": "Training run **{run}**: waiting for the device (another run is training)",
        "ko": "학습 실행 **{run}**: 장치를 기다리는 중 (다른 실행이 학습 중)",
    },
    "stage_scoring_base": {
        "en": "Scoring the base model: {encoded:,} of {of:,} passages encoded",
        "ko": "기본 모델 채점: 조문 {of:,}개 중 {encoded:,}개 인코딩",
    },
    "stage_scoring_trained": {
        "en": "Scoring the trained model: {encoded:,} of {of:,} passages encoded",
        "ko": "학습된 모델 채점: 조문 {of:,}개 중 {encoded:,}개 인코딩",
    },
    "stage_scored": {
        "en": "Scored: {queries:,} held-out questions over {passages:,} passages",
        "ko": "채점 완료: 떼어 둔 질문 {queries:,}개, 조문 {passages:,}개에서 검색",
    },
    "next_sizing": {
        "en": "Sizing the run: a probe step is timed on this machine…",
        "ko": "실행 크기 정하는 중: 이 컴퓨터에서 시험 스텝의 시간을 재는 중…",
    },
    "next_training": {"en": "Starting the training run…", "ko": "학습 실행을 시작하는 중…"},
    "next_storing": {
        "en": "Storing the labelled questions and mining hard negatives…",
        "ko": "레이블 붙은 질문을 저장하고 어려운 오답을 찾는 중…",
    },
    "next_finishing": {"en": "Writing the report…", "ko": "보고서를 쓰는 중…"},
    # the final table
    "scores_header": {"en": "Scores on the held-out questions", "ko": "떼어 둔 질문에 대한 점수"},
    "col_searcher": {"en": "searcher", "ko": "검색기"},
    "row_base": {"en": "base model", "ko": "기본 모델"},
    "row_trained": {"en": "trained model", "ko": "학습된 모델"},
    "row_bm25": {"en": "BM25", "ko": "BM25"},
    "row_hybrid_base": {"en": "hybrid: BM25 + base", "ko": "하이브리드: BM25 + 기본"},
    "row_hybrid_trained": {"en": "hybrid: BM25 + trained", "ko": "하이브리드: BM25 + 학습"},
    "paired_model": {
        "en": "Trained − base model, NDCG@10: {mean:+.3f} (95% interval {low:+.3f} … {high:+.3f}; better on "
        "{better:,}, worse on {worse:,} of {queries:,} questions)",
        "ko": "학습 − 기본 모델, NDCG@10: {mean:+.3f} (95% 구간 {low:+.3f} … {high:+.3f}; 질문 {queries:,}개 중 "
        "{better:,}개 나아지고 {worse:,}개 나빠짐)",
    },
    "paired_hybrid": {
        "en": "Trained − base hybrid, NDCG@10: {mean:+.3f} (95% interval {low:+.3f} … {high:+.3f}; better on "
        "{better:,}, worse on {worse:,} of {queries:,} questions)",
        "ko": "학습 − 기본 하이브리드, NDCG@10: {mean:+.3f} (95% 구간 {low:+.3f} … {high:+.3f}; 질문 {queries:,}개 중 "
        "{better:,}개 나아지고 {worse:,}개 나빠짐)",
    },
}
