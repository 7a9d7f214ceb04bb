"""Exports of real tiny runs: the sentence-transformers folder gives the run's embeddings with its prompts and length
and no tie to the studio; merged models give the adapter's outputs; cards hold the scores and code that runs;
bad destinations and kinds are refused, and a failed export leaves nothing behind."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import torch
import yaml

from tests.training.builders import cli
from training.lifecycle.runs import load_config, read_status
from training.publish.card import before_after
from training.publish.export import ExportError, export

TEXTS = ["민법 제750조 불법행위", "손해배상 청구의 요건은 무엇인가 " * 6]  # the second is cut at 32 tokens


def text_files(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in (".json", ".txt", ".md")}


def card_code(folder: Path) -> str:
    return re.search(r"```python\n(.*?)```", (folder / "README.md").read_text(encoding="utf-8"), re.S)[1]


def test_sentence_transformers_export_loads_alone_with_prompts_and_length(
    embedding_run: Path, studio_data: Path, prompted_bert: Path, tmp_path: Path
) -> None:
    from sentence_transformers import SentenceTransformer

    from core.models.load import load_embedding_model

    out = export(embedding_run, "sentence-transformers", tmp_path / "st")
    assert {"modules.json", "config.json", "model.safetensors", "README.md"} <= {p.name for p in out.iterdir()}
    assert not (out / "adapter_config.json").exists()
    model = SentenceTransformer(str(out))
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    assert model.max_seq_length == 32
    reference = load_embedding_model(str(embedding_run))
    assert len(reference.tokenize([TEXTS[1]])["input_ids"][0]) == 32
    for prompt in ("query", "passage"):
        got = model.encode(TEXTS, prompt_name=prompt, convert_to_tensor=True)
        want = reference.encode(TEXTS, prompt_name=prompt, convert_to_tensor=True)
        assert torch.allclose(got, want, atol=1e-5)
    # The prompts are applied: encoding with them differs from encoding the bare texts.
    assert not torch.allclose(model.encode(TEXTS, convert_to_tensor=True), got, atol=1e-3)
    # Nothing but the card (which quotes the run's config) names the base folder or the studio's data directory.
    for path, text in text_files(out).items():
        if path.name != "README.md":
            assert str(prompted_bert) not in text and str(studio_data) not in text, path


def test_merged_embedding_matches_the_adapter(embedding_run: Path, studio_data: Path, tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    adapter = export(embedding_run, "adapter", tmp_path / "adapter")
    merged = export(embedding_run, "merged", tmp_path / "merged")
    assert (adapter / "adapter_model.safetensors").exists() and not (adapter / "model.safetensors").exists()
    assert (merged / "model.safetensors").exists() and not (merged / "adapter_config.json").exists()
    with_adapter = SentenceTransformer(str(adapter)).encode(TEXTS, prompt_name="query", convert_to_tensor=True)
    whole = SentenceTransformer(str(merged)).encode(TEXTS, prompt_name="query", convert_to_tensor=True)
    assert torch.allclose(with_adapter, whole, atol=1e-5)
    base = SentenceTransformer(load_config(embedding_run).model.name_or_path)
    assert not torch.allclose(base.encode(TEXTS, prompt_name="query", convert_to_tensor=True), whole, atol=1e-3)


def test_a_fully_fine_tuned_run_exports_its_whole_model(
    full_embedding_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    from sentence_transformers import SentenceTransformer

    from core.models.load import load_embedding_model

    out = export(full_embedding_run, "merged", tmp_path / "merged")
    model = SentenceTransformer(str(out))
    assert model.max_seq_length == 32 and model.prompts["query"] == "query: "
    got = model.encode(TEXTS, prompt_name="query", convert_to_tensor=True)
    want = load_embedding_model(str(full_embedding_run)).encode(TEXTS, prompt_name="query", convert_to_tensor=True)
    assert torch.allclose(got, want, atol=1e-5)
    assert "lora" not in yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---")[1])["tags"]


def causal_logits(model, folder: Path) -> torch.Tensor:
    from transformers import AutoTokenizer

    batch = AutoTokenizer.from_pretrained(folder)(["오늘 뭐 할까요?"], return_tensors="pt")
    with torch.no_grad():
        return model(**batch).logits


def test_sft_merged_logits_match_the_adapter(sft_run: Path, studio_data: Path, tmp_path: Path) -> None:
    from peft import AutoPeftModelForCausalLM
    from transformers import AutoModelForCausalLM

    adapter = export(sft_run, "adapter", tmp_path / "adapter")
    merged = export(sft_run, "merged", tmp_path / "merged")
    assert (adapter / "tokenizer_config.json").exists() and (merged / "tokenizer_config.json").exists()
    with_adapter = causal_logits(AutoPeftModelForCausalLM.from_pretrained(adapter).eval(), adapter)
    whole = causal_logits(AutoModelForCausalLM.from_pretrained(merged).eval(), merged)
    assert torch.allclose(with_adapter, whole, atol=1e-4)
    base = AutoModelForCausalLM.from_pretrained(load_config(sft_run).model.name_or_path).eval()
    assert (causal_logits(base, merged) - whole).abs().max() > 100 * (with_adapter - whole).abs().max()


def test_classification_merged_logits_match_the_adapter(
    classification_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from training.tasks.classification import load_classifier

    adapter = export(classification_run, "adapter", tmp_path / "adapter")
    merged = export(classification_run, "merged", tmp_path / "merged")
    labels = json.loads((classification_run / "model" / "labels.json").read_text(encoding="utf-8"))
    for folder in (adapter, merged):
        assert json.loads((folder / "labels.json").read_text(encoding="utf-8")) == labels
    whole = AutoModelForSequenceClassification.from_pretrained(merged).eval()
    assert [whole.config.id2label[i] for i in range(len(labels))] == labels
    batch = AutoTokenizer.from_pretrained(merged)(["임금 체불 문의", "이혼 절차"], padding=True, return_tensors="pt")
    with torch.no_grad():
        got, want = whole(**batch).logits, load_classifier(adapter)(**batch).logits
    assert got.shape == (2, len(labels)) and torch.allclose(got, want, atol=1e-4)


def test_card_holds_the_data_the_config_and_the_scores_before_and_after(
    embedding_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    card = (export(embedding_run, "sentence-transformers", tmp_path / "st") / "README.md").read_text(encoding="utf-8")
    front = yaml.safe_load(card.split("---")[1])
    assert front["library_name"] == "sentence-transformers" and front["pipeline_tag"] == "sentence-similarity"
    assert {"tuning-studio", "embedding", "lora"} <= set(front["tags"])
    assert "base_model" not in front  # a local folder is no Hub id
    status = read_status(embedding_run)
    first, final = status["first_eval"], status["final_eval"]
    assert first["step"] == 0 and final["step"] == 4
    for name in ("ndcg@10", "recall@10", "mrr@10"):
        row = next(line for line in card.splitlines() if line.startswith(f"| {name} |"))
        assert f"{first['eval_' + name]:.4f}" in row and f"{final['eval_' + name]:.4f}" in row, row
    assert "after (step 4)" in card
    counts = json.loads((studio_data / "datasets" / "legal-ko-sample" / "manifest.json").read_text())["counts"]
    for key in ("train", "validation", "passages"):
        assert f"| {key} | {counts[key]:,} |" in card
    assert (embedding_run / "config.yaml").read_text(encoding="utf-8").strip() in card
    assert 'Prompts: query "query: ", passage "passage: ". Texts are cut at 32 tokens.' in card


def test_after_is_the_best_checkpoint_when_the_trainer_loaded_it(embedding_run: Path, tmp_path: Path) -> None:
    run = Path(shutil.copytree(embedding_run, tmp_path / "run"))
    config = load_config(run)
    rows = [{"step": 0, "eval_ndcg@10": 0.1}, {"step": 2, "eval_ndcg@10": 0.5}, {"step": 4, "eval_ndcg@10": 0.3}]
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    status = {"best_checkpoint": str(run / "checkpoints" / "checkpoint-2")}
    assert before_after(run, config, status) == (rows[0], rows[2])  # this run kept its last step
    config.early_stopping.load_best_model_at_end = True
    assert before_after(run, config, status) == (rows[0], rows[1])


@pytest.mark.parametrize(
    ("run", "kind"),
    [
        ("embedding_run", "sentence-transformers"),
        ("embedding_run", "adapter"),
        ("sft_run", "adapter"),
        ("sft_run", "merged"),
        ("classification_run", "merged"),
        ("classification_run", "adapter"),
    ],
)
def test_the_cards_code_loads_the_export(
    run: str, kind: str, request: pytest.FixtureRequest, studio_data: Path, tmp_path: Path, capsys
) -> None:
    out = export(request.getfixturevalue(run), kind, tmp_path / kind)
    assert not [p.name for p in out.rglob("*") if p.suffix in (".bin", ".pt", ".pkl")]  # no pickles to publish
    code = card_code(out)
    assert f'model_id = "{out}"' in code
    exec(compile(code, "README.md", "exec"), {})  # the snippet as a person would paste it
    assert capsys.readouterr().out.strip()


def test_an_adapter_names_the_public_base_not_this_machines_copy(embedding_run: Path, tmp_path: Path) -> None:
    from training.config.studio import OFFLINE_E5, save_yaml

    run = Path(shutil.copytree(embedding_run, tmp_path / "run"))
    config = load_config(run)
    config.model.name_or_path = OFFLINE_E5  # as the studio's default run; an adapter export loads no model
    save_yaml(config, run / "config.yaml")
    out = export(run, "adapter", tmp_path / "adapter")
    adapter = json.loads((out / "adapter_config.json").read_text(encoding="utf-8"))
    assert adapter["base_model_name_or_path"] == "intfloat/multilingual-e5-small"
    front = yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---")[1])
    assert front["base_model"] == "intfloat/multilingual-e5-small" and front["license"] == "mit"
    assert front["library_name"] == "peft"


def test_refusals_name_the_problem(
    embedding_run: Path, full_embedding_run: Path, sft_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="is for embedding runs; run sft is a sft run: export adapter or merged"):
        export(sft_run, "sentence-transformers", tmp_path / "x")
    with pytest.raises(ExportError, match="choose one of adapter, merged, sentence-transformers"):
        export(embedding_run, "onnx", tmp_path / "x")
    with pytest.raises(ExportError, match="holds the run"):
        export(embedding_run, "adapter", embedding_run / "model" / "inside")
    with pytest.raises(ExportError, match="holds the run"):
        export(embedding_run, "adapter", embedding_run.parent)
    with pytest.raises(FileNotFoundError, match="not a run directory"):
        export(tmp_path, "adapter", tmp_path / "x")
    with pytest.raises(ExportError, match="trained the whole model .* no adapter; export merged or sentence-tr"):
        export(full_embedding_run, "adapter", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_an_existing_folder_is_replaced_only_when_forced(
    embedding_run: Path, studio_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert export(embedding_run, "adapter", out) == out  # empty: fine
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="is not empty; choose a new folder, or force to replace it"):
        export(embedding_run, "merged", out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    export(embedding_run, "merged", out, force=True)
    assert not (out / "mine.txt").exists() and (out / "model.safetensors").exists()


def test_a_failed_export_leaves_nothing(embedding_run: Path, studio_data: Path, tmp_path: Path) -> None:
    from training.config.studio import save_yaml

    run = Path(shutil.copytree(embedding_run, tmp_path / "run"))
    config = load_config(run)
    config.model.name_or_path = str(tmp_path / "deleted-base")  # merging needs the base, which is gone
    save_yaml(config, run / "config.yaml")
    (tmp_path / "exports").mkdir()
    with pytest.raises(OSError):
        export(run, "merged", tmp_path / "exports" / "merged")
    assert list((tmp_path / "exports").iterdir()) == []


def test_export_cli(embedding_run: Path, runs_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    done = cli("export", str(embedding_run), "--to", "sentence-transformers", str(out), data_dir=runs_data)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"exported run embedding as sentence-transformers to {out}" in done.stdout
    assert (out / "model.safetensors").exists()
    again = cli("export", str(embedding_run), "--to", "adapter", str(out), data_dir=runs_data)
    assert again.returncode == 2 and f"error: {out} is not empty; choose a new folder, or force" in again.stderr
