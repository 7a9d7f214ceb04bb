"""The Data tab's functions with two sessions, without a browser: what one stores privately the other doesn't list."""

from __future__ import annotations

import json
from pathlib import Path

from studio import session
from studio.tabs import augment, data


def test_each_browser_gets_its_own_id_and_keeps_it() -> None:
    first = session.ensure_owner(None)
    assert session.is_owner(first) and session.ensure_owner(first) == first
    assert session.ensure_owner(None) != first
    for forged in ("../../etc", "", 42, "A" * 32):
        assert session.ensure_owner(forged) != forged
    assert session.visible_to(None) == "" and session.visible_to(first) == first


def test_a_private_upload_is_listed_only_for_its_session_and_its_files_stay_in_its_folder(
    data_dir: Path, tmp_path: Path
) -> None:
    alice, bob = session.ensure_owner(None), session.ensure_owner(None)
    source = tmp_path / "cls.jsonl"
    rows = [{"text": f"판결 {i}번", "label": "계약" if i % 2 else "불법행위"} for i in range(10)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    args = (str(source), "", None, None, "auto")  # an upload (Gradio's temp path), no corpus or validation file
    choice, message = data.import_upload(*args, "alices", "auto", 0.2, 42, 0, "en", owner=alice)
    assert message == "Stored **alices**. Only this browser sees it." and "alices" in choice["choices"]
    stored = [p.name for p in (data_dir / "uploads" / alice).iterdir()]  # content-addressed: <sha256>-cls.jsonl
    assert len(stored) == 1 and stored[0].endswith("-cls.jsonl") and not (data_dir / "uploads" / "default").exists()
    _, message = data.import_upload(*args, "open", "auto", 0.2, 42, 0, "en", owner=alice, share=True)
    assert message == "Stored **open**. Shared with everyone."

    assert {"alices", "open"} <= set(data.dataset_choices(alice))
    assert "alices" not in data.dataset_choices(bob) and "open" in data.dataset_choices(bob)
    assert "alices" not in data.dataset_choices(None) and "alices" not in augment.retrieval_choices(bob)
    assert "Only this browser sees this dataset" in data.show("alices", "en")[0]
    assert "Only this browser" not in data.show("open", "en")[0]
