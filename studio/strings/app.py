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
}
