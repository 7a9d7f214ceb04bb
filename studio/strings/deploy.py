STRINGS = {
    "intro": {
        "en": "Take a finished run out of the studio: export its model as the LoRA adapter, a merged full model, or (for "
        "embeddings) a complete sentence-transformers folder — each with a model card (task, base model, data, config, "
        "scores before and after, how to load it) — and push it to the Hugging Face Hub, optionally with a small demo "
        "Space. The same as `python -m training export` / `push`.",
        "ko": "완료된 실행의 모델을 스튜디오 밖으로 가져갑니다. LoRA 어댑터, 병합된 전체 모델, (임베딩은) 완전한 "
        "sentence-transformers 폴더로 내보내며, 모두 모델 카드(과제, 기본 모델, 데이터, 설정, 학습 전후 점수, 불러오는 법)를 "
        "담습니다. Hugging Face Hub에 올리고 작은 데모 Space도 만들 수 있습니다. `python -m training export` / `push`와 같습니다.",
    },
    "run": {"en": "Finished run", "ko": "완료된 실행"},
    "refresh": {"en": "Refresh list", "ko": "목록 새로고침"},
    "kind": {"en": "Export as", "ko": "내보낼 형식"},
    "kind_info": {
        "en": "adapter: small, needs the base model · merged: one full model · sentence-transformers: embeddings, loads "
        "with SentenceTransformer(path) alone",
        "ko": "adapter: 작고 기본 모델이 필요 · merged: 하나의 전체 모델 · sentence-transformers: 임베딩, "
        "SentenceTransformer(path)만으로 로드",
    },
    "out": {"en": "Export folder (on the studio's machine)", "ko": "내보낼 폴더 (스튜디오가 도는 컴퓨터)"},
    "out_shared": {
        "en": "Export name (kept in your own exports; download the zip below)",
        "ko": "내보내기 이름 (내 내보내기 폴더에 보관; 아래에서 zip으로 내려받기)",
    },
    "force": {"en": "Replace the folder if it exists", "ko": "폴더가 있으면 교체"},
    "export": {"en": "Export", "ko": "내보내기"},
    "exported": {
        "en": "Exported **{kind}** of run `{run}` to `{out}` ({files} files, {mib} MiB). Download it below.",
        "ko": "실행 `{run}`의 **{kind}**를 `{out}`에 내보냈습니다 (파일 {files}개, {mib} MiB). 아래에서 내려받으세요.",
    },
    "download": {"en": "Download (zip)", "ko": "내려받기 (zip)"},
    "card": {"en": "Model card", "ko": "모델 카드"},
    "push_title": {"en": "Push to the Hugging Face Hub", "ko": "Hugging Face Hub에 올리기"},
    "repo": {"en": "Model repo id", "ko": "모델 저장소 id"},
    "repo_info": {"en": "e.g. your-name/e5-legal-ko", "ko": "예: your-name/e5-legal-ko"},
    "private": {"en": "Private", "ko": "비공개"},
    "token": {"en": "Token (write access)", "ko": "토큰 (쓰기 권한)"},
    "token_info": {
        "en": "Leave empty to use HF_TOKEN from the studio's environment. Used for this push only: never saved to disk, "
        "logs, configs or the run.",
        "ko": "비워 두면 스튜디오 환경의 HF_TOKEN을 씁니다. 이번 업로드에만 쓰이며 디스크, 로그, 설정, 실행에 저장되지 않습니다.",
    },
    "space": {"en": "Also make a demo Space (id, optional)", "ko": "데모 Space도 만들기 (id, 선택)"},
    "space_info": {
        "en": "e.g. your-name/e5-legal-ko-demo: a Gradio app that loads the pushed model and tries it",
        "ko": "예: your-name/e5-legal-ko-demo: 올린 모델을 불러와 시험하는 Gradio 앱",
    },
    "push": {"en": "Push", "ko": "올리기"},
    "pushed": {
        "en": "Pushed {files} files to [{repo}]({url}).",
        "ko": "파일 {files}개를 [{repo}]({url})에 올렸습니다.",
    },
    "space_pushed": {"en": "Demo Space: [{repo}]({url}).", "ko": "데모 Space: [{repo}]({url})."},
    "no_run": {"en": "Pick a finished run first.", "ko": "먼저 완료된 실행을 고르세요."},
    "no_repo": {"en": "Type the repo id to push to.", "ko": "올릴 저장소 id를 입력하세요."},
    "failed": {"en": "**Could not {action}:** {message}", "ko": "**{action}할 수 없습니다:** {message}"},
    "action_export": {"en": "export", "ko": "내보내기"},
    "action_push": {"en": "push", "ko": "올리기"},
}
