STRINGS = {
    "intro": {
        "en": "Pick a stored dataset or the bundled Korean legal sample, or upload your own in any supported format. "
        "Every file is checked first: errors name the file, line and field; nothing is stored until it is clean.",
        "ko": "저장된 데이터셋이나 번들 한국어 법률 샘플을 고르거나, 지원하는 형식의 파일을 올리세요. 모든 파일은 먼저 "
        "검사되며 오류는 파일·줄·필드를 짚어 줍니다. 깨끗해질 때까지 아무것도 저장되지 않습니다.",
    },
    "dataset": {"en": "Dataset", "ko": "데이터셋"},
    "use_sample": {"en": "Use the bundled Korean legal sample", "ko": "번들 한국어 법률 샘플 사용"},
    "manage": {"en": "Rename or delete", "ko": "이름 바꾸기 / 삭제"},
    "new_name": {"en": "New name", "ko": "새 이름"},
    "rename": {"en": "Rename", "ko": "이름 바꾸기"},
    "delete": {"en": "Delete this dataset", "ko": "이 데이터셋 삭제"},
    "renamed": {"en": "Renamed to **{name}**.", "ko": "**{name}**(으)로 이름을 바꿨습니다."},
    "deleted": {"en": "Deleted **{name}**.", "ko": "**{name}**을(를) 삭제했습니다."},
    "tokenizer": {"en": "Count tokens with (the Configure tab's model)", "ko": "토큰 수를 셀 모델 (설정 탭의 모델)"},
    "max_len": {"en": "max_seq_length (texts longer are cut)", "ko": "max_seq_length (이보다 긴 텍스트는 잘림)"},
    "min_samples": {
        "en": "min_samples_per_class (rarer classes are marked)",
        "ko": "min_samples_per_class (이보다 적은 클래스 표시)",
    },
    "measure": {"en": "Recompute statistics", "ko": "통계 다시 계산"},
    "lengths_plot": {"en": "Length per field", "ko": "필드별 길이"},
    "lengths_axis": {"en": "length in {unit}", "ko": "길이 ({unit})"},
    "dist_plot": {
        "en": "Positives and negatives per query, or examples per class",
        "ko": "질의당 정답·오답 수, 또는 클래스별 예제 수",
    },
    "popular": {"en": "Most-cited passages (popular positives)", "ko": "가장 많이 인용된 조문 (인기 정답)"},
    "preview": {"en": "First rows", "ko": "첫 행"},
    "passages": {"en": "Passages", "ko": "조문"},
    "upload_header": {"en": "Upload and check a dataset", "ko": "데이터셋 올리고 검사하기"},
    "upload_help": {
        "en": "Formats: {formats}. Files: JSONL, JSON array, CSV/TSV (UTF-8, BOM, CP949/EUC-KR), Parquet. "
        "Up to {cap} MB per file.",
        "ko": "형식: {formats}. 파일: JSONL, JSON 배열, CSV/TSV (UTF-8, BOM, CP949/EUC-KR), Parquet. 파일당 "
        "최대 {cap} MB.",
    },
    "file": {"en": "Examples file", "ko": "예제 파일"},
    "local_path": {
        "en": "…or a file or folder on this machine (BEIR folders, `datasets` folders, big files)",
        "ko": "…또는 이 컴퓨터의 파일이나 폴더 (BEIR 폴더, `datasets` 폴더, 큰 파일)",
    },
    "corpus_file": {
        "en": "Corpus / passages file (ids and legal formats only)",
        "ko": "코퍼스 / 조문 파일 (ids·legal 형식만)",
    },
    "detected": {"en": "Read as **{format}** data; {corpus}", "ko": "**{format}** 데이터로 읽힙니다. {corpus}"},
    "takes_corpus": {
        "en": "its passages come from the corpus slot (or a passages.jsonl beside it).",
        "ko": "조문은 코퍼스 칸(또는 옆의 passages.jsonl)에서 읽습니다.",
    },
    "no_corpus": {
        "en": "this format takes no corpus file, so the corpus slot is hidden.",
        "ko": "이 형식은 코퍼스 파일을 쓰지 않으므로 코퍼스 칸을 숨겼습니다.",
    },
    "corpus_ignored": {
        "en": "**Error** · `{file}` was given as the corpus, but **{format}** data takes no corpus file, so it would "
        "be ignored: nothing was stored. Remove it from the corpus slot, or pick a format that reads one ({formats}).",
        "ko": "**오류** · `{file}`을(를) 코퍼스로 주었지만 **{format}** 데이터는 코퍼스 파일을 쓰지 않아 무시됩니다. "
        "아무것도 저장하지 않았습니다. 코퍼스 칸에서 빼거나 코퍼스를 읽는 형식({formats})을 고르세요.",
    },
    "stats_header": {"en": "### Statistics of the picked dataset", "ko": "### 고른 데이터셋의 통계"},
    "validation_file": {"en": "Validation file (optional; else split)", "ko": "검증 파일 (선택, 없으면 분할)"},
    "format": {"en": "Format", "ko": "형식"},
    "auto": {"en": "auto-detect", "ko": "자동 감지"},
    "name": {"en": "Name for the stored dataset", "ko": "저장할 데이터셋 이름"},
    "split_by": {"en": "Split by", "ko": "분할 기준"},
    "validation_ratio": {"en": "Validation share", "ko": "검증 비율"},
    "seed": {"en": "Split seed", "ko": "분할 시드"},
    "check": {"en": "Check", "ko": "검사"},
    "import": {"en": "Check and store", "ko": "검사 후 저장"},
    "need_file": {"en": "Choose a file first.", "ko": "먼저 파일을 고르세요."},
    "stored": {"en": "Stored **{name}**.", "ko": "**{name}** 저장됨."},
    "dropped_classes": {
        "en": " Left out {count} rare classes: {labels}.",
        "ko": " 드문 클래스 {count}개 제외: {labels}.",
    },
    "dropped_classes_one": {"en": " Left out 1 rare class: {labels}.", "ko": " 드문 클래스 1개 제외: {labels}."},
    # Status marks are words, not emoji: a browser without an emoji font shows an emoji as an empty box.
    "clean": {
        "en": "**OK** · **{file}**: {kind}, {examples} examples, read as {encoding}. No errors.",
        "ko": "**확인** · **{file}**: {kind}, 예제 {examples}개, {encoding}로 읽음. 오류 없음.",
    },
    "errors": {
        "en": "**Error** · **{count} errors** — nothing was stored:",
        "ko": "**오류** · **오류 {count}개** — 저장하지 않았습니다:",
    },
    "errors_one": {
        "en": "**Error** · **1 error** — nothing was stored:",
        "ko": "**오류** · **오류 1개** — 저장하지 않았습니다:",
    },
    "warnings": {
        "en": "**Warning** · **{count} warnings** (stored anyway; worth a look):",
        "ko": "**경고** · **경고 {count}개** (저장은 됨, 확인 권장):",
    },
    "warnings_one": {
        "en": "**Warning** · **1 warning** (stored anyway; worth a look):",
        "ko": "**경고** · **경고 1개** (저장은 됨, 확인 권장):",
    },
    "counts": {
        "en": "**{name}**: {task} · {train} training and {validation} validation examples{extra} · split {split}.",
        "ko": "**{name}**: {task} · 학습 {train}개, 검증 {validation}개{extra} · 분할 {split}.",
    },
    "passages_count": {"en": " · {passages} passages", "ko": " · 조문 {passages}개"},
    "leaked": {
        "en": "**Warning** · {count} validation inputs also appear in training (leakage): validation scores will "
        "look too good.",
        "ko": "**경고** · 검증 입력 {count}개가 학습에도 있습니다(누수): 검증 점수가 실제보다 좋게 나옵니다.",
    },
    "leaked_one": {
        "en": "**Warning** · 1 validation input also appears in training (leakage): validation scores will look "
        "too good.",
        "ko": "**경고** · 검증 입력 1개가 학습에도 있습니다(누수): 검증 점수가 실제보다 좋게 나옵니다.",
    },
    "truncated": {
        "en": "**{field}**: median {p50} {unit}, 95% under {p95}; **{share}** longer than {max_len} (cut in training){note}",
        "ko": "**{field}**: 중앙값 {p50} {unit}, 95%가 {p95} 이하; <b>{share}</b>가 {max_len}보다 김 (학습 때 잘림){note}",
    },
    "sampled": {"en": " — measured on {measured:,} of {of:,}", "ko": " — {of:,}개 중 {measured:,}개로 측정"},
    "popular_note": {
        "en": "The most-cited passage is the positive of **{share}** of queries: in a batch of {batch}, two queries "
        "sharing it happen in about {collide} of batches, and MNRL then treats a right answer as a wrong one.",
        "ko": "가장 많이 인용된 조문이 질의의 <b>{share}</b>의 정답입니다: 배치 {batch}에서 약 {collide}의 배치에 이 조문을 "
        "공유하는 두 질의가 함께 들어가며, MNRL은 그때 정답을 오답으로 취급합니다.",
    },
    "classes_note": {
        "en": "**{num_labels} classes** (num_labels must be {num_labels}); {rare} with fewer than {min} examples{list}.",
        "ko": "**클래스 {num_labels}개** (num_labels는 {num_labels}이어야 함); {min}개 미만인 클래스 {rare}개{list}.",
    },
    "error": {"en": "**Error:** {message}", "ko": "**오류:** {message}"},
    "share": {
        "en": "Share with everyone (else only this browser sees it)",
        "ko": "모두와 공유 (아니면 이 브라우저에서만 보임)",
    },
    "share_dataset": {"en": "Share with everyone", "ko": "모두와 공유"},
    "shared": {"en": "**{name}** is shared with everyone.", "ko": "**{name}**을(를) 모두와 공유했습니다."},
    "private": {
        "en": "**Private** · Only this browser sees this dataset; **Share with everyone** lists it for all visitors.",
        "ko": "**비공개** · 이 데이터셋은 이 브라우저에서만 보입니다. **모두와 공유**를 누르면 모든 방문자에게 "
        "보입니다.",
    },
    "stored_private": {"en": " Only this browser sees it.", "ko": " 이 브라우저에서만 보입니다."},
    "stored_shared": {"en": " Shared with everyone.", "ko": " 모두와 공유됨."},
    "no_session": {
        "en": "The page is still starting; try again in a moment.",
        "ko": "페이지가 아직 준비 중입니다. 잠시 후 다시 시도하세요.",
    },
}
