"""Shared fixtures: a tiny random BERT with a locally made tokenizer, and a private studio data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no test may download anything
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

SAMPLE = Path(__file__).resolve().parent.parent / "datasets_spec" / "samples" / "legal_ko"

# Finished runs trained once per session (tests/training/export_runs.py): a test that needs one is slow.
TRAINED_RUNS = {"embedding_run", "full_embedding_run", "sft_run", "classification_run"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if hasattr(item, "callspec"):  # a run named by a parameter, fetched with request.getfixturevalue
            needs |= {value for value in item.callspec.params.values() if isinstance(value, str)}
        if TRAINED_RUNS & needs:
            item.add_marker(pytest.mark.slow)


def build_tiny_bert(folder: Path) -> Path:
    """A 2-layer, 32-wide BERT whose WordPiece vocabulary is every character of the bundled sample."""
    from transformers import BertConfig, BertModel, BertTokenizer

    chars = sorted(
        {
            c
            for name in ("passages.jsonl", "cases.jsonl")
            for c in (SAMPLE / name).read_text("utf-8")
            if not c.isspace()
        }
    )
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *(f"##{c}" for c in chars)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    # transformers 5 ignores `vocab_file=` here and would read every text as [UNK]: pass the vocabulary itself.
    tokenizer = BertTokenizer(
        vocab={token: i for i, token in enumerate(vocab)},
        do_lower_case=True,
        strip_accents=False,
        tokenize_chinese_chars=True,
    )
    assert tokenizer.tokenize("민법") == ["민", "##법"], "the tiny tokenizer lost its vocabulary"
    tokenizer.save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
    )
    BertModel(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh STUDIO_DATA_DIR for the test, so nothing touches the user's datasets and runs."""
    folder = tmp_path / "studio-data"
    monkeypatch.setenv("STUDIO_DATA_DIR", str(folder))
    return folder
