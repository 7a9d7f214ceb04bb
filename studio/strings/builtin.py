"""Gradio's own words (upload areas, the status line, tables, the chat box, the footer), keyed as Gradio's frontend
keys them. Gradio ships an English and a Korean table; these fill what it lacks: `common.complete`, which its status
line asks for and neither table has (the raw key flashed on the page), and the keys its Korean table leaves to
English. studio/page_locale.py hands them to Gradio (`launch(i18n=...)`)."""

STRINGS = {
    "common.complete": {"en": "Done", "ko": "완료"},
    "common.progress": {"en": "Progress", "ko": "진행"},
    "common.upload": {"en": "Upload", "ko": "업로드"},
    "common.download_all": {"en": "Download all", "ko": "모두 다운로드"},
    "common.runs": {"en": "Runs", "ko": "실행 기록"},
    "common.runs_description": {"en": "View runs saved in this browser", "ko": "이 브라우저에 저장된 실행 기록 보기"},
    "common.back_to_app": {"en": "App", "ko": "앱"},
    "common.back_to_app_description": {"en": "Return to the app", "ko": "앱으로 돌아가기"},
    "common.run": {"en": "Run", "ko": "실행"},
    "status.queue_position": {"en": "In queue: {position} of {size}", "ko": "대기열: {size}개 중 {position}번째"},
    "dataframe.filter": {"en": "Filter", "ko": "필터"},
    "dataframe.clear_filter": {"en": "Clear filters", "ko": "필터 지우기"},
    "dataframe.import_empty_file": {"en": "The dropped file is empty.", "ko": "놓은 파일이 비어 있습니다."},
    "dataframe.import_no_column_names": {
        "en": "The dropped file has no column names.",
        "ko": "놓은 파일에 열 이름이 없습니다.",
    },
    "dataframe.import_ragged_row": {
        "en": "Line {line} of the file has {fields} fields, the header has {columns}.",
        "ko": "파일의 {line}번째 줄은 필드가 {fields}개인데, 머리글은 {columns}개입니다.",
    },
    "dataframe.import_static_columns": {
        "en": "Cannot import into a table with read-only columns.",
        "ko": "읽기 전용 열이 있는 표에는 가져올 수 없습니다.",
    },
    "dataframe.import_fixed_columns": {
        "en": "This table takes exactly {expected} columns, the file has {actual}.",
        "ko": "이 표는 열이 정확히 {expected}개여야 하는데, 파일에는 {actual}개입니다.",
    },
    "dataframe.import_fixed_rows": {
        "en": "This table takes exactly {expected} rows, the file has {actual}.",
        "ko": "이 표는 행이 정확히 {expected}개여야 하는데, 파일에는 {actual}개입니다.",
    },
    "chatbot.complete": {"en": "Done", "ko": "완료"},
    "chatbot.copy_message": {"en": "Copy message", "ko": "메시지 복사"},
    "chatbot.copied_message": {"en": "Message copied", "ko": "메시지 복사됨"},
    "chat_interface.new_chat": {"en": "New chat", "ko": "새 대화"},
    "chat_interface.message_placeholder": {"en": "Type a message...", "ko": "메시지를 입력하세요..."},
    "chat_interface.additional_inputs": {"en": "Additional inputs", "ko": "추가 입력"},
    "chat_interface.chatbot": {"en": "Chatbot", "ko": "챗봇"},
    "chat_interface.conversation": {"en": "Conversation", "ko": "대화"},
}
