STRINGS = {
    "title": {"en": "Tuning Studio", "ko": "튜닝 스튜디오"},
    "subtitle": {
        "en": "Fine-tune a model on your data (retrieval, JSON answers, classification), watch why it learns, and test it live.",
        "ko": "내 데이터로 모델(검색, JSON 답변, 분류)을 미세조정하고, 학습이 왜 되는지 지켜보고, 바로 시험해 보세요.",
    },
    "tab_data": {"en": "1. Data", "ko": "1. 데이터"},
    "tab_configure": {"en": "2. Configure", "ko": "2. 설정"},
    "tab_train": {"en": "3. Train", "ko": "3. 학습"},
    "tab_test": {"en": "4. Test", "ko": "4. 테스트"},
    "tab_deploy": {"en": "5. Deploy", "ko": "5. 배포"},
    "about": {"en": "About this studio", "ko": "이 스튜디오에 대해"},
    "about_text": {
        "en": "Uploads up to {upload} MB per file · {running} run(s) train at once, the rest queue · {cpu}. "
        "{privacy}\n\nSettings (environment variables): {settings}",
        "ko": "파일당 최대 {upload} MB 업로드 · 동시에 {running}개 실행 학습, 나머지는 대기 · {cpu}. {privacy}\n\n"
        "설정 (환경 변수): {settings}",
    },
    "privacy_local": {
        "en": "Local mode (one trusted person): datasets you store from an upload are listed only in this browser "
        "until you share them; runs are listed for everyone; files and folders on this machine may be named.",
        "ko": "로컬 모드(믿을 수 있는 한 사람): 업로드로 저장한 데이터셋은 공유하기 전까지 이 브라우저에서만 보이고, "
        "실행 목록은 모두에게 보이며, 이 컴퓨터의 파일과 폴더를 지정할 수 있습니다.",
    },
    "privacy_shared": {
        "en": "Shared mode: what you upload, train and export is yours alone (signed in, or this browser) until you "
        "share a dataset; no file on the server can be named; pushes use your own token. Per visitor: {quota} GB, "
        "{datasets} datasets, {runs} runs queued or training.",
        "ko": "공유 모드: 업로드·학습·내보내기한 것은 데이터셋을 공유하기 전까지 나(로그인, 또는 이 브라우저)만의 "
        "것입니다. 서버의 파일은 지정할 수 없고, 푸시는 내 토큰으로 합니다. 방문자당 {quota} GB, 데이터셋 {datasets}개, "
        "대기·학습 중 실행 {runs}개.",
    },
    "sign_in": {"en": "Sign in with Hugging Face", "ko": "Hugging Face로 로그인"},
    "sign_out": {"en": "Sign out ({{}})", "ko": "로그아웃 ({{}})"},
    "auth_message": {
        "en": "Tuning Studio: sign in with the name and password the host gave you.",
        "ko": "튜닝 스튜디오: 관리자에게 받은 이름과 비밀번호로 로그인하세요.",
    },
    "cpu_allowed": {"en": "training on a CPU allowed", "ko": "CPU 학습 허용"},
    "cpu_refused": {"en": "training only on a GPU", "ko": "GPU에서만 학습"},
}
