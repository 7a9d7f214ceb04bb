"""The legal recipe end to end on the bundled sample: cases and a question log → stored, mined → a real run in its
own process → Score all, every stage said, the report kept with the dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models.names import MINILM
from datasets_spec import store
from training.__main__ import main
from training.recipes.legal import STAGES, LegalRecipe, run_recipe

SAMPLE = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"


@pytest.mark.slow
def test_recipe_from_cases_and_a_log_to_scores(data_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(SAMPLE.joinpath("cases.jsonl").open(encoding="utf-8").readlines()[:40]), encoding="utf-8")
    titles = [json.loads(line)["title"] for line in SAMPLE.joinpath("passages.jsonl").open(encoding="utf-8")]
    log = tmp_path / "log.txt"
    log.write_text("\n".join(f"{title} 관련해서 궁금해요" for title in titles[:20]), encoding="utf-8")
    stages: list[tuple[str, dict]] = []
    recipe = LegalRecipe(
        corpus=str(SAMPLE / "passages.jsonl"),
        name="recipe-test",
        questions=str(log),
        cases=str(cases),
        model=MINILM,
        steps=2,
        max_seq_length=32,
        score_corpus=137,
    )
    report = run_recipe(recipe, lambda stage, numbers: stages.append((stage, numbers)))
    said = list(dict.fromkeys(stage for stage, _ in stages))  # each stage once, in the order first said
    assert said == list(STAGES), said  # labelling: the model encodes BM25's pool, with progress while it does
    for stage in ("labelling", "scoring base", "scoring trained"):
        last = [numbers for name, numbers in stages if name == stage][-1]
        assert last["encoded"] == last["of"] > 0, (stage, last)
    assert report["passages"] == 137 and report["cases"]["examples"] > 0 and report["questions"]["kept"] >= 1
    assert report["config"]["steps"] == 2 and report["config"]["seconds_per_step"] is None
    rows = report["scores"]["rows"]
    assert set(rows) == {"base", "trained", "BM25", "hybrid (BM25 + base)", "hybrid (BM25 + trained)"}
    assert set(report["scores"]["paired"]) == {"model", "hybrid"}
    mined = store.load(report["dataset"])
    assert report["dataset"] == "recipe-test-hn" and all(e["hard_negatives"] for e in mined.train)
    kept = json.loads((mined.path / "recipe.json").read_text(encoding="utf-8"))
    assert kept["scores"]["queries"] == report["scores"]["queries"] > 0


def test_recipe_needs_something_to_learn_from(data_dir: Path, capsys) -> None:
    assert main(["recipe", "legal", "--corpus", str(SAMPLE / "passages.jsonl"), "--name", "x"]) == 2
    assert "--questions, --cases or both" in capsys.readouterr().err
