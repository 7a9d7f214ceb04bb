"""Model-written variants: each filter on hand-written candidates, answerability under the tiny embedding model,
an end-to-end generation by a tiny random causal LM (counts add up, same seed same texts, stored with made_by) and
the CLI as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.__main__ import main
from datasets_spec.augment.llm.filters import (
    Duplicates,
    answerability,
    answerability_problem,
    distractor_ids,
    hangul_share,
    language_problem,
    length_problem,
    normalise,
)
from datasets_spec.augment.llm.options import LlmOptions
from datasets_spec.augment.llm.variants import (
    Candidate,
    filter_candidates,
    generate_variants,
    pick,
    store_variants,
)
from datasets_spec.augment.llm.writer import clean, cut_off, instruction_sentences, prompt_language, render
from datasets_spec.canonical import document
from tests.datasets_spec.tiny_models import build_seeded_bert, build_small_lm

SAMPLE = Path(__file__).resolve().parents[2] / "datasets_spec" / "samples" / "legal_ko"


@pytest.fixture(scope="module")
def small_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_lm(tmp_path_factory.mktemp("small-lm"))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seeded_bert(tmp_path_factory.mktemp("seeded-bert"))


@pytest.fixture(scope="module")
def tiny_st(tiny_model: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(tiny_model), device="cpu")


def options(lm: Path, tiny_model: Path, **changes) -> LlmOptions:
    base = dict(model=str(lm), limit=4, per_example=2, temperature=1.0, max_new_tokens=24, min_chars=3)
    return LlmOptions(**{**base, "embedding_model": str(tiny_model), "distractors": 10, **changes})


CORPUS = {
    "민법|750": {
        "title": "불법행위의 내용",
        "text": "고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 배상할 책임이 있다.",
    },
    "상법|1": {"title": "목적", "text": "이 법은 상인의 영업과 상행위에 관한 기본적인 사항을 정함을 목적으로 한다."},
    "형법|1": {"title": "범죄의 성립과 처벌", "text": "범죄의 성립과 처벌은 행위 시의 법률에 따른다."},
}
EXAMPLES = [
    {"query_id": "q1", "query_text": "불법행위 손해배상 책임의 요건은?", "positive_passages": ["민법|750"]},
    {"query_id": "q2", "query_text": "상법의 목적은 무엇인가요", "positive_passages": ["상법|1"]},
]


def candidate(text: str, source: dict = EXAMPLES[0], n: int = 1) -> Candidate:
    query = source["query_text"]
    return Candidate(
        f"llm-paraphrase:{source['query_id']}#{n}",
        source["query_id"],
        query,
        "ko",
        source["positive_passages"],
        [],
        query,
        text,
        text,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("짧은 글", "4 characters, under 8"),
        ("가" * 301, "301 characters, over 300"),
        ("불법행위로 인한 손해배상 요건", None),
    ],
)
def test_length_filter(text: str, expected: str | None) -> None:
    assert length_problem(text, 8, 300) == expected


@pytest.mark.parametrize(
    ("text", "source", "dropped"),
    [
        ("What makes a tort?", "불법행위 손해배상 책임의 요건은?", True),  # Korean asked, English answered
        ("불법행위 책임은 언제 생기나요?", "불법행위 손해배상 책임의 요건은?", False),
        ("민법 750조 LLC 요건", "불법행위 손해배상 책임의 요건은?", False),  # 3 of 4 words Korean
        ("불법행위의 요건", "What makes a tort?", True),
        ("2024. 1. 1.", "불법행위 손해배상 책임의 요건은?", True),  # no letters at all is not Korean
    ],
)
def test_language_filter(text: str, source: str, dropped: bool) -> None:
    assert (language_problem(text, source, 0.3) is not None) is dropped
    assert hangul_share("한국어 text, 2024") == 0.5


def test_duplicate_filter_normalises_and_remembers_kept_variants() -> None:
    duplicates = Duplicates(EXAMPLES)
    assert normalise("  불법행위 손해배상  책임의 요건은? ") == normalise("불법행위 손해배상 책임의 요건은")
    assert duplicates.problem("불법행위  손해배상 책임의 요건은", "q1") == "same as its source query"
    assert duplicates.problem("상법의 목적은 무엇인가요?", "q1") == "same as query q2"
    assert duplicates.problem("불법행위 손해배상", "q1") == "a piece of its source query"  # copied start, stopped
    assert duplicates.problem("불법행위 책임은 언제 생기나요?", "q1") is None
    duplicates.add("불법행위 책임은 언제 생기나요?", "llm-paraphrase:q1#1")
    assert duplicates.problem("불법행위 책임은 언제 생기나요", "q1") == "same as variant llm-paraphrase:q1#1"
    echoes = Duplicates(EXAMPLES, instruction_sentences("question"))
    assert "질문만 답하세요" in echoes.instructions and "reply with the question only" in echoes.instructions
    assert echoes.problem("14조는 새로운 방법을 쓴다. 질문만 답하세요.", "q1") == "repeats the instruction"
    assert echoes.problem("Write one question", "q1") == "repeats the instruction"  # a piece of it
    assert echoes.problem("불법행위 책임은 언제 생기나요?", "q1") is None
    near = Duplicates(EXAMPLES, instruction_sentences("paraphrase"))
    assert near.problem("다음 검색 질의를 같은 말로 바꿔 쓰세요.", "q1") == "repeats the instruction"  # SmolLM2 wrote


def test_answerability_filter_ranks_and_thresholds() -> None:
    from datasets_spec.augment.llm.filters import Answerability

    assert answerability_problem(Answerability(0.9, 1, 50), 0.5, 3) is None
    assert answerability_problem(Answerability(0.9, 4, 50), None, 3) == "its passage ranks 4 of 50, below the top 3"
    assert answerability_problem(Answerability(0.4, 1, 50), 0.5, 3) == "cosine 0.400 to its passage, under 0.5"
    assert answerability_problem(Answerability(0.4, 9, 50), None, None) is None  # both off: nothing dropped
    ids = [f"p{i}" for i in range(100)]
    drawn = distractor_ids(ids, {"p1", "p2"}, 49, 7, "q1")
    assert len(set(drawn)) == 49 and not {"p1", "p2"} & set(drawn)
    assert drawn == distractor_ids(ids, {"p1", "p2"}, 49, 7, "q1") != distractor_ids(ids, {"p1", "p2"}, 49, 8, "q1")


def test_a_variant_equal_to_its_passage_outscores_an_unrelated_one(tiny_st) -> None:
    own, unrelated = document(CORPUS["민법|750"]), "상인의 영업과 상행위에 관한 기본적인 사항"
    found = answerability(tiny_st, [own, unrelated], [["민법|750"]] * 2, [["상법|1", "형법|1"]] * 2, CORPUS)
    assert found[0].score == pytest.approx(1.0, abs=1e-5) and found[0].rank == 1 and found[0].pool == 3
    assert found[1].score < found[0].score


def test_filters_run_in_order_and_score_only_what_is_left(tiny_st) -> None:
    texts = [
        "짧다",  # length
        "When is one liable for a tort?",  # language
        "상법의 목적은 무엇인가요",  # duplicate of q2
        document(CORPUS["민법|750"]),  # passes everything: it is its passage
        document(CORPUS["민법|750"]) + "?",  # duplicate of the variant before it
    ]
    candidates = [candidate(text, n=i) for i, text in enumerate(texts, start=1)]
    candidates[3].distractors = candidates[4].distractors = ["상법|1", "형법|1"]
    cut = candidate("불법행위로 인한 손해배상 책임은 언제", n=6)
    cut.cut = True
    choose = LlmOptions(model="m", min_chars=8, max_chars=300, top_k=1)
    filter_candidates([*candidates, cut], EXAMPLES, CORPUS, choose, tiny_st)
    assert [c.dropped for c in candidates] == ["length", "language", "duplicate", None, "duplicate"]
    assert candidates[4].why == "same as variant llm-paraphrase:q1#4"
    assert cut.dropped == "length" and cut.why == "cut off by max_new_tokens (128)"
    assert [c.score is not None for c in candidates] == [False, False, False, True, False]
    assert candidates[3].rank == 1


def test_clean_prompts_and_options() -> None:
    assert clean("\n1. 질문: “불법행위의 요건은?”\n두 번째 줄") == "불법행위의 요건은?"
    assert clean("Rewritten query: 'When is a tort committed?'") == "When is a tort committed?"
    assert clean("불법행위의 요\ufffd") == "불법행위의 요"
    assert cut_off("불법행위의 요", finished=False) and not cut_off("끝난 줄\n잘린 줄", finished=False)
    assert not cut_off("불법행위의 요건", finished=True)
    assert prompt_language("불법행위 tort") == "ko" and prompt_language("tort liability 책임") == "en"
    assert pick(list(range(10)), 3, 1) == pick(list(range(10)), 3, 1) == sorted(pick(list(range(10)), 3, 1))
    for bad, message in [
        ({"model": " "}, "model: choose a causal LM"),
        ({"kind": "summary"}, "kind = 'summary': must be one of paraphrase, question"),
        ({"per_example": 11}, "per_example = 11: must be >= 1 and <= 10"),  # the Augment tab's maximum, here
        ({"temperature": 0.0}, "per_example = 2 with temperature 0"),
        ({"limit": 0}, "limit = 0: must be >= 1"),
        ({"min_chars": 50, "max_chars": 10}, "max_chars = 10: must not be below min_chars"),
    ]:
        with pytest.raises(ValueError, match=message):
            LlmOptions(**{"model": "m", **bad}).check()
    LlmOptions(model="m", temperature=0.0, per_example=1).check()  # greedy, one variant: fine


def test_prompts_use_the_chat_template_or_a_cue(tmp_path: Path, data_dir: Path) -> None:
    from transformers import AutoTokenizer

    folder = build_small_lm(tmp_path / "plain", chat_template=None, pad=False)  # GPT-2 style: no template, no pad
    made = generate_variants(store.SAMPLE_NAME, LlmOptions(model=str(folder), limit=2, max_new_tokens=8, top_k=None))
    assert made.report.generated == 4
    plain = AutoTokenizer.from_pretrained(folder)
    text, specials = render(plain, "question", "ko", "제750조 고의 또는 과실로")
    assert text.endswith("글: 제750조 고의 또는 과실로\n\n질문:") and specials
    chat = AutoTokenizer.from_pretrained(build_small_lm(tmp_path / "chat"))
    text, specials = render(chat, "paraphrase", "en", "tort liability")
    assert text.startswith("<|im_start|>user\nRewrite this search query") and text.endswith("assistant\n")
    assert not specials


@pytest.mark.slow
def test_generation_end_to_end_is_seeded_counted_and_stored(small_lm: Path, tiny_model: Path, data_dir: Path) -> None:
    chosen = options(small_lm, tiny_model)
    first = generate_variants(store.SAMPLE_NAME, chosen)
    report = first.report
    assert report.examples == 4 and report.generated == 8 == len(first.candidates)
    assert report.kept + sum(report.dropped.values()) == report.generated
    assert report.kept == len(first.loaded.examples) == sum(c.dropped is None for c in first.candidates)
    assert report.prompts == {"ko": 4} and set(report.seconds) == {"load model", "generate", "filter", "total"}
    scored = [c for c in first.candidates if c.dropped in (None, "answerability")]
    assert all(c.score is not None and 1 <= c.rank <= 11 for c in scored)
    again = generate_variants(store.SAMPLE_NAME, chosen)
    assert [(c.raw, c.dropped, c.score) for c in again.candidates] == [
        (c.raw, c.dropped, c.score) for c in first.candidates
    ]
    other = generate_variants(store.SAMPLE_NAME, options(small_lm, tiny_model, seed=7))
    assert [c.raw for c in other.candidates] != [c.raw for c in first.candidates]
    train_ids = {e["query_id"] for e in store.load(store.SAMPLE_NAME).train}
    assert {c.source_query_id for c in first.candidates} <= train_ids  # validation queries are never rewritten

    lenient = generate_variants(store.SAMPLE_NAME, options(small_lm, tiny_model, top_k=None))
    assert lenient.report.dropped["answerability"] == 0 and lenient.report.embedding_model == "(off)"
    assert lenient.report.kept > 0, [c.why for c in lenient.candidates]
    path = store_variants(lenient, "sample-variants")
    stored = store.load("sample-variants")
    source = store.load(store.SAMPLE_NAME)
    assert len(stored.train) == len(source.train) + lenient.report.kept and stored.validation == source.validation
    made = stored.manifest["made_by"]
    assert made["generator"] == "datasets_spec.augment.llm.variants (paraphrase)" and made["model"] == str(small_lm)
    assert made["source_datasets"] == [store.SAMPLE_NAME] and made["seed"] == 42
    assert made["counts"]["kept"] == lenient.report.kept and path.name == "sample-variants"
    variant = stored.train[-1]
    assert (
        variant["generator"] == "llm" and variant["kind"] == "paraphrase" and variant["source_query_id"] in train_ids
    )
    assert variant["positive_passages"] == next(
        e["positive_passages"] for e in source.train if e["query_id"] == variant["source_query_id"]
    )


def test_question_variants_point_at_the_passage_they_were_written_from(
    small_lm: Path, tiny_model: Path, data_dir: Path
) -> None:
    made = generate_variants(store.SAMPLE_NAME, options(small_lm, tiny_model, kind="question", top_k=None, limit=3))
    source = {e["query_id"]: e for e in store.load(store.SAMPLE_NAME).train}
    for c in made.candidates:
        assert c.positives == [c.passage] and c.passage in source[c.source_query_id]["positive_passages"]
        assert c.hard_negatives == []
    for example in made.loaded.examples:
        assert example["passage"] == example["positive_passages"][0]


@pytest.mark.slow
def test_cli_previews_stores_and_names_errors(
    small_lm: Path, tiny_model: Path, data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["augment", "llm", store.SAMPLE_NAME, "--model", str(small_lm), "--limit", "3", "--seed", "3"]
    argv += ["--temperature", "1", "--max-new-tokens", "24", "--min-chars", "3", "--embedding-model", str(tiny_model)]
    assert main([*argv, "--top-k", "0", "--name", "cli-variants", "--preview", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["generated"] == 6 and out["kept"] + sum(out["dropped"].values()) == 6
    assert len(out["preview"]) == 2 and {"source_query", "variant", "kept", "why"} <= set(out["preview"][0])
    assert out["stored"].endswith("cli-variants") and out["made_by"]["parameters"]["top_k"] is None
    assert store.load("cli-variants").manifest["made_by"]["seed"] == 3
    assert main([*argv, "--distractors", "5", "--preview", "1"]) == 0
    text = capsys.readouterr().out
    assert "paraphrase by" in text and "its passage in the top 3 of 1 + 5" in text and "--- " in text
    assert main([*argv, "--name", "cli-variants"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["augment", "llm", store.SAMPLE_NAME, "--model", str(data_dir / "no-model")]) == 2
    assert "cannot load it as a causal LM here" in capsys.readouterr().err
    assert main([*argv, "--embedding-model", str(data_dir / "no-embedder")]) == 2
    assert "embedding_model = " in capsys.readouterr().err
    assert main(["augment", "llm", store.JSON_TASK_SAMPLE, "--model", str(small_lm)]) == 2
    assert "need retrieval data" in capsys.readouterr().err
