"""Datasets made on the Augment tab belong to the browser session that made them, like its uploads: listed only for
it until shared from the Data tab; a caller without a session id (a script) stores a shared one, as the CLI does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from datasets_spec import store
from studio import session
from studio.tabs import augment, data

SAME_LAW = ["same-law", 0, 10, 3, 0.05, "random", 42]  # in augment.MINE_FIELDS order; no model needed


def save_statutes(name: str, owner: str | None) -> str:
    return augment.run_statutes("", "", ["cloze", "title"], 1, 42, None, name, "en", owner=owner)[0]


def save_mined(name: str, owner: str | None) -> str:
    return augment.run_mining(store.SAMPLE_NAME, SAME_LAW, name, "en", owner=owner)[0]


def save_slots(name: str, owner: str | None) -> str:
    spec = augment.SLOT_SPEC.read_text(encoding="utf-8")
    return augment.run_slots(spec, 50, "sampled", 42, None, name, "en", owner=owner)[0]


SAVES = [save_statutes, save_mined, save_slots]


def manifest_owner(data_dir: Path, name: str) -> str | None:
    return json.loads((data_dir / "datasets" / name / "manifest.json").read_text("utf-8"))["owner"]


@pytest.mark.parametrize("save", SAVES, ids=lambda f: f.__name__)
def test_a_dataset_made_by_a_session_is_its_own_until_shared(
    save: Callable[[str, str | None], str], data_dir: Path
) -> None:
    alice, bob = session.ensure_owner(None), session.ensure_owner(None)
    message = save("made", alice)
    assert "Stored **made**" in message and "Only this browser sees it until you press" in message, message
    assert manifest_owner(data_dir, "made") == alice
    assert "made" in data.dataset_choices(alice) and "made" in augment.retrieval_choices(alice)
    assert "made" not in data.dataset_choices(bob) and "made" not in data.dataset_choices(None)
    assert "made" not in augment.retrieval_choices(bob)

    with pytest.raises(PermissionError):
        store.share_dataset("made", by=bob)  # what the Data tab's share button asks for on Bob's page
    store.share_dataset("made", by=alice)
    assert "made" in data.dataset_choices(bob) and "made" in data.dataset_choices(None)


@pytest.mark.parametrize("save", SAVES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("owner", [None, "", "../../etc", "A" * 32], ids=["none", "empty", "path", "upper"])
def test_without_a_session_id_the_dataset_is_shared(
    save: Callable[[str, str | None], str], owner: str | None, data_dir: Path
) -> None:
    message = save("open", owner)
    assert "Stored **open**" in message and "Only this browser" not in message, message
    assert manifest_owner(data_dir, "open") is None
    assert "open" in data.dataset_choices(session.ensure_owner(None)) and "open" in data.dataset_choices(None)


def test_a_session_mines_its_own_statutes_privately(data_dir: Path) -> None:
    alice, bob = session.ensure_owner(None), session.ensure_owner(None)
    save_statutes("statutes", alice)
    message = augment.run_mining("statutes", SAME_LAW, "statutes-mined", "ko", owner=alice)[0]
    assert (
        "데이터 탭에서 고르세요. **비공개** · 그곳에서 **모두와 공유**를 누르기 전까지는 이 브라우저에서만" in message
    ), message
    assert {"statutes", "statutes-mined"} <= set(data.dataset_choices(alice))
    assert not {"statutes", "statutes-mined"} & set(data.dataset_choices(bob))
    assert "Only this browser sees this dataset" in data.show("statutes-mined", "en")[0]


def test_the_save_buttons_send_the_pages_session_id(data_dir: Path) -> None:
    """The events as the page wires them: each save gets the BrowserState last and stores for that session."""
    import gradio as gr

    with gr.Blocks() as demo:
        c = augment.build("en", session.owner_state())
    saves = {f.fn.__name__: f for f in demo.fns.values() if getattr(f.fn, "__name__", "").startswith("save")}
    assert set(saves) == {"save_slots", "save_legal", "save_mine", "save"}  # "save": the model-written variants
    assert all(f.inputs[-1] is c["owner"] for f in saves.values())
    alice = session.ensure_owner(None)
    for fn_name in ("save_slots", "save_legal", "save_mine"):  # the variants need a model; their store is above
        values = [component.value for component in saves[fn_name].inputs]  # the form as the page opens
        values[-2:] = [fn_name.replace("_", "-"), alice]
        # Then what Gradio adds (session.with_request): no request (an anonymous browser), and a bar for mining.
        extra = (None, lambda *_, **__: None) if fn_name == "save_mine" else (None,)
        message, _ = saves[fn_name].fn(*values, *extra)
        assert "Only this browser sees it" in message, message
        assert manifest_owner(data_dir, fn_name.replace("_", "-")) == alice
