STRINGS = {
    "title": {"en": "Tuning Studio", "ko": "튜닝 스튜디오"},
    "subtitle": {
        "en": "Fine-tune a retrieval model on your data, watch why it learns, and test it live.",
        "ko": "내 데이터로 검색 모델을 미세조정하고, 학습이 왜 되는지 지켜보고, 바로 시험해 보세요.",
    },
    "tab_data": {"en": "1. Data", "ko": "1. 데이터"},
    "tab_configure": {"en": "2. Configure", "ko": "2. 설정"},
    "tab_train": {"en": "3. Train", "ko": "3. 학습"},
    "tab_test": {"en": "4. Test", "ko": "4. 테스트"},
    "tab_deploy": {"en": "5. Deploy", "ko": "5. 배포"},
    "about": {"en": "About this studio", "ko": "이 스튜디오에 대해"},
    "about_text": {
        "en": "Uploads up to {upload} MB per file · {running} run(s) train at once, the rest queue · {cpu}. "
        "Datasets you store from an upload are listed only in this browser until you share them; runs are "
        "listed for everyone.\n\nSettings (environment variables): {settings}",
        "ko": "파일당 최대 {upload} MB 업로드 · 동시에 {running}개 실행 학습, 나머지는 대기 · {cpu}. 업로드로 저장한 "
        "데이터셋은 공유하기 전까지 이 브라우저에서만 보이며, 실행 목록은 모두에게 보입니다.\n\n설정 (환경 변수): {settings}",
    },
    "cpu_allowed": {"en": "training on a CPU allowed", "ko": "CPU 학습 허용"},
    "cpu_refused": {"en": "training only on a GPU", "ko": "GPU에서만 학습"},
}
