"""The Playground tab's events as a browser sends them, through a launched Gradio server and its HTTP API, on a
tiny Llama saved as a finished run: Send streams both chats and hands the buttons back, Stop from the same page
ends the reply (and from another page, nothing), Undo and Clear, and an option out of bounds said in the page's
words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
from gradio import networking
from gradio_client import Client

import app as entry
from studio.strings import words
from studio.tabs import playground
from tests.e2e.helpers import free_port, wait_for
from tests.training.builders import build_tiny_causal_lm
from tests.training.playground_runs import finished_sft_run
from training.playground.sampling import Sampling

OUTPUTS = len(playground.OUTPUTS)
BUTTONS = dict(zip(playground.BUTTONS, range(OUTPUTS, OUTPUTS + len(playground.BUTTONS)), strict=True))
CHAT = {which: playground.OUTPUTS.index(f"{which}_chat") for which in ("base", "tuned")}
VERDICT = {which: playground.OUTPUTS.index(f"{which}_verdict") for which in ("base", "tuned")}


class Page:
    """One browser page's session on the server: events called as the page calls them, every message kept."""

    def __init__(self, url: str, session: str) -> None:
        self.url, self.session = url, session
        self.http = httpx.Client(base_url=url, timeout=120)

    def call(self, api_name: str, values: list[Any]) -> list[list[Any]]:
        """Each message the event sent, every output with it (the last is its result)."""
        posted = self.http.post(f"/gradio_api/call/{api_name}", json={"data": values, "session_hash": self.session})
        assert posted.status_code == 200, posted.text
        messages, kind = [], ""
        with self.http.stream("GET", f"/gradio_api/call/{api_name}/{posted.json()['event_id']}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: ") and kind in ("generating", "complete"):
                    messages.append(json.loads(line.removeprefix("data: ")))
                    if kind == "complete":
                        break
                elif kind == "error":
                    raise AssertionError(f"/{api_name} failed: {line}")
        return messages


def value(output: Any) -> Any:
    """An output's value, whether sent as itself or as an update that carries one."""
    return output.get("value") if isinstance(output, dict) and output.get("__type__") == "update" else output


def interactive(message: list[Any], button: str) -> bool:
    return message[BUTTONS[button]]["interactive"]


def said(turn: dict[str, Any]) -> str:
    content = turn["content"]
    return content if isinstance(content, str) else "".join(part["text"] for part in content)


def options(**changed: object) -> list[object]:
    return [{**Sampling().to_dict(), **changed}[name] for name in playground.SAMPLING]


@pytest.fixture
def page(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    finished_sft_run("sft-run", build_tiny_causal_lm(tmp_path / "tiny-llama"))  # offered when the tab is built
    with gr.Blocks() as demo:
        owner = gr.BrowserState(None)
        with gr.Tab("playground") as tab:
            playground.build("en", tab, owner)
    monkeypatch.setattr(networking, "url_ok", entry.page_answers)  # as app.py launches: patient on a busy machine
    port = free_port()
    demo.queue().launch(prevent_thread_lock=True, server_port=port, quiet=True)
    try:
        yield Page(f"http://127.0.0.1:{port}", "page-1")
    finally:
        demo.close()


def test_send_streams_both_chats_then_hands_the_buttons_back(page: Page) -> None:
    sent = page.call("playground_ask", ["sft-run", "서울 사는 간호사예요.", "", [], [], *options(), None])
    answering = [interactive(m, "stop") for m in sent]  # Stop on while the models answer, then off for good
    assert answering.count(True) > 2 and not answering[-1] and answering == sorted(answering, reverse=True)
    assert all(interactive(m, "ask") != interactive(m, "stop") for m in sent)
    last = sent[-1]
    assert not interactive(last, "stop") and all(interactive(last, b) for b in ("ask", "retry", "undo", "clear"))
    assert value(sent[0][playground.OUTPUTS.index("prompt")]) == ""  # the box emptied for the next turn
    for which in ("base", "tuned"):
        chat = value(last[CHAT[which]])
        assert [t["role"] for t in chat] == ["user", "assistant"] and said(chat[0]) == "서울 사는 간호사예요."
        assert "JSON" in value(last[VERDICT[which]])
    assert "Generating" not in value(last[0]) and "JSON으로만 답하세요." in value(last[0])

    # The second turn goes with the first one's chats, as the page holds them.
    chats = [value(last[CHAT["base"]]), value(last[CHAT["tuned"]])]
    again = page.call("playground_ask", ["sft-run", "하루 10분이면요?", "", *chats, *options(), None])[-1]
    tuned = value(again[CHAT["tuned"]])
    assert [said(t) for t in tuned[:2]] == [said(t) for t in chats[1]] and said(tuned[2]) == "하루 10분이면요?"

    undone = page.call("undo_turn", [value(again[CHAT["base"]]), tuned])[-1]
    assert [len(value(undone[0])), len(value(undone[1])), value(undone[4])] == [2, 2, "하루 10분이면요?"]
    assert page.call("lambda", [])[-1][:2] == [[], []]  # Clear


def test_stop_from_the_same_page_ends_both_replies(page: Page) -> None:
    # Two events of one page at once, as the browser runs them: one queue stream per page (gradio_client's), each
    # message by event id. The call API (Page.call) would cross their streams within one session.
    asker, stranger = Client(page.url, verbose=False), Client(page.url, verbose=False)
    long = options(max_new_tokens=4096)  # greedy: the tiny model loops and never ends its turn by itself
    job = asker.submit("sft-run", "하나", "", [], [], *long, None, api_name="/playground_ask")

    def base_began() -> bool:
        return any(len(shown[CHAT["base"]] or []) == 2 for shown in job.outputs() if isinstance(shown, tuple))

    wait_for(base_began, 300, "the base model's reply to begin")
    assert value(stranger.predict(api_name="/stop")) is None  # another page has nothing of its own to stop
    stopping = asker.predict(api_name="/stop")
    assert stopping == words("playground", "en")("stopping"), (stopping, job.status(), job.outputs()[-1][:3])
    last = job.result(timeout=300)
    for which in ("base", "tuned"):
        assert last[VERDICT[which]].endswith("· stopped"), last


def test_an_option_out_of_bounds_is_refused_in_words_and_the_chats_stay(page: Page) -> None:
    # 0 passes the number box (Gradio knows no exclusive minimum); the app's own check refuses it.
    (last,) = page.call("playground_ask", ["sft-run", "hi", "", [], [], *options(top_p=0), None])[-1:]
    assert value(last[0]) == "Error: `top_p` = 0: must be > 0 and <= 1"
    assert all(value(last[CHAT[which]]) is None for which in ("base", "tuned"))  # not sent: left as they were
    assert interactive(last, "ask") and not interactive(last, "stop")
