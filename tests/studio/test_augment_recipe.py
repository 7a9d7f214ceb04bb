"""The Augment tab's legal-recipe section: a real recipe job started the way the page starts it, followed from its
progress file to the final table in English and Korean; the refusals as one sentence in each language; a reload
finds the latest job; the timer ticks only while a job runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import gradio as gr
import pytest

from core.models.names import MINILM
from datasets_spec import store
from datasets_spec.load import load as load_file
from studio import recipe_view, session
from studio.strings import words
from studio.strings.augment_recipe import STRINGS
from studio.tabs import augment, augment_recipe
from tests.e2e.page_checks import english_sentences
from training.lifecycle import runs
from training.recipes import jobs

SAMPLE = store.SAMPLE_DIR
ALICE, BOB = session.ensure_owner(None), session.ensure_owner(None)


def started(owner: str, lang: str = "en", **given) -> tuple[str, dict | None]:
    """run_start with the page's fields: the bundled cases over the stored sample, small settings, `given` on top."""
    fields = {
        "corpus": store.SAMPLE_NAME,
        "name": "recipe-page",
        "questions": None,
        "cases": str(SAMPLE / "cases.jsonl"),
        "rule": "agree",
        "minutes": 20,
        "model": MINILM,
        "steps": "2",
        "max_seq_length": 32,
        "score_corpus": 137,
    } | given
    return augment_recipe.run_start(*fields.values(), lang, owner=owner)


@pytest.mark.slow
def test_a_recipe_started_from_the_page_is_followed_to_its_table(data_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "상담.txt"  # an upload: copied into Alice's uploads, which the engine lets her use
    log.write_text((SAMPLE / "questions.txt").read_text(encoding="utf-8"), encoding="utf-8")
    message, view = started(ALICE, questions=str(log))
    assert message.startswith("**Started** · ") and "recipe legal" in message and "--job" in message, message
    assert view is not None and view["job"]
    texts: list[str] = []
    deadline = time.monotonic() + 900
    running = True
    while running:  # as the timer does: each look reads only what was appended since the last
        view, running = augment_recipe.follow(view, "en", owner=ALICE)
        texts.append(view["shown"])
        assert time.monotonic() < deadline, view["shown"]
        if running:
            time.sleep(1)
    final = view["shown"]
    status = jobs.read_job(jobs.jobs_dir() / view["job"]).status
    assert final.startswith("**Finished** in ") and f"stored **{status['dataset']}**" in final, final
    assert f"run **{status['run']}**" in final and status["dataset"] == "recipe-page-hn"
    for said in ("Corpus: 137 passages", "Cases: ", "Labelling the question log: ", "Question log: ", "Mined: "):
        assert said in final, (said, final)
    assert "Sized: 2 steps over " in final and "(fixed)" in final
    assert f"Training run **{status['run']}**: step 2 of 2" in final
    assert "Scored: " in final and "| searcher | NDCG@10 | R@10 | MRR@10 |" in final
    for row in ("base model", "trained model", "BM25", "hybrid: BM25 + base", "hybrid: BM25 + trained"):
        assert f"| {row} | " in final
    assert "Trained − base model, NDCG@10: " in final and "Trained − base hybrid, NDCG@10: " in final
    assert any(text.startswith("**Running** · ") for text in texts)
    assert "uploads" in status["recipe"]["questions"] and status["recipe"]["owner"] == ALICE

    # A reload: the section opens on Alice's latest job, read from its first stage; Bob sees none of it.
    again, running = augment_recipe.latest("ko", owner=ALICE)
    assert again["job"] == view["job"] and not running
    korean = again["shown"]
    assert korean.startswith("**완료** (") and "| 검색기 | NDCG@10 | R@10 | MRR@10 |" in korean
    assert "| 학습된 모델 | " in korean and "학습 − 기본 모델, NDCG@10: " in korean
    assert not english_sentences(korean), english_sentences(korean)
    assert augment_recipe.latest("en", owner=BOB) == (
        {**augment_recipe.EMPTY, "shown": words("augment_recipe", "en")("empty")},
        False,
    )


def test_refusals_are_one_sentence_in_each_language(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MODE", "shared")
    loaded = load_file(SAMPLE / "cases.jsonl", format="legal", corpus=SAMPLE / "passages.jsonl")
    store.store_loaded(loaded, "bobs-corpus", split_by="case", owner=BOB)
    cases = {
        "server_path": {"corpus": str(SAMPLE / "passages.jsonl")},
        "not_yours": {"corpus": "bobs-corpus"},
        "shared_thing": {"name": store.SAMPLE_NAME},
        "nothing": {"cases": None},
        "not_retrieval": {"corpus": store.JSON_TASK_SAMPLE},
        "name": {"name": "a/b"},
    }
    for rule, given in cases.items():
        for lang in ("en", "ko"):
            message, view = started(ALICE, lang, **given)
            assert view is None, (rule, message)
            assert message.startswith(("**Refused** · ", "**Error** · ", "**거부됨** · ", "**오류** · ")), message
            assert "\n" not in message and str(data_dir) not in message, message
            if lang == "ko":
                assert not english_sentences(message), (rule, message)
    assert started(ALICE, "en", corpus="bobs-corpus")[0] == words("augment_recipe", "en")("refused_not_yours")
    message, view = started(ALICE, "ko", steps="두 번")
    assert message == "**오류** · 고정 스텝 = 두 번: 정수를 적거나, 분으로 정하려면 비우세요." and view is None
    assert not jobs.jobs_dir().exists(), "nothing started"


def test_a_running_job_keeps_the_next_one_waiting(data_dir: Path) -> None:
    """A job whose process lives (this one's) is running: Start says the machine is busy, the timer keeps ticking."""
    folder = jobs.jobs_dir() / "20260101-000000-legal"
    folder.mkdir(parents=True)
    pid = os.getpid()
    runs.write_status(
        folder, state="running", owner=ALICE, created=time.time(), pid=pid, pid_start=runs.process_start(pid)
    )
    said = jobs.journal(folder)
    said("corpus", {"passages": 137, "empty": 0})
    said("questions", {"questions": 615, "kept": 300, "left_out": {"no_agreement": 315}, "encoded": 137})
    for lang, busy in (("en", "**Busy** · A recipe is running"), ("ko", "**사용 중** · ")):
        message, view = started(BOB, lang)
        assert message.startswith(busy) and view is None, message
    view, running = augment_recipe.latest("ko", owner=ALICE)
    assert running and view["shown"].startswith("**진행 중** · ")
    assert "- 코퍼스: 조문 137개" in view["shown"] and "- 질문 로그: 질문 615개 중 300개 레이블" in view["shown"]
    assert view["shown"].endswith("*레이블 붙은 질문을 저장하고 어려운 오답을 찾는 중…*"), view["shown"]
    assert not english_sentences(view["shown"])
    again, still = augment_recipe.follow(view, "ko", owner=ALICE)
    assert still and again["offset"] == view["offset"] and again["stages"] == view["stages"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_stage_and_ending_has_words(lang: str, data_dir: Path) -> None:
    """Each stage the recipe says (training/recipes/legal.py), worded from numbers shaped as it says them."""
    stages = {
        "corpus": {"passages": 84_500, "empty": 12},
        "cases": {"examples": 268},
        "labelling": {"encoded": 1200, "of": 4000},
        "questions": {"questions": 615, "kept": 201, "left_out": {"no_agreement": 400, "margin": 14, "absent": 0}},
        "mining": {"done": 10, "of": 20},
        "mined": {"queries": 469, "negatives_asked": 4, "negatives_found": 1800, "queries_short": 30},
        "sized": {"steps": 120, "rows": 375, "seconds_per_step": 2.5},
        "training": {
            "run": "r1",
            "state": "running",
            "step": 40,
            "of": 120,
            "elapsed_s": 100,
            "eta_s": 200,
            "loss": 0.5,
        },
        "scoring base": {"encoded": 10, "of": 137},
        "scoring trained": {"encoded": 137, "of": 137},
        "scored": {"queries": 94, "passages": 137},
    }
    lines = [recipe_view.stage_line(stage, numbers, lang) for stage, numbers in stages.items()]
    assert len(set(lines)) == len(lines) and not any(line.startswith(tuple(stages)) for line in lines), lines
    queued = recipe_view.stage_line("training", {"run": "r1", "state": "queued", "step": 0, "of": 2}, lang)
    status = {"state": "failed", "error": "x", "error_rule": "vanished", "created": 1.0, "ended": 2.0}
    failed = recipe_view.job_markdown(status, {"corpus": stages["corpus"]}, lang)
    if lang == "ko":
        for text in [*lines, queued, failed]:
            assert not english_sentences(text), text
        assert lines[7] == "학습 실행 **r1**: 120 스텝 중 40 · 1:40 지남 · 약 3:20 남음 · 손실 0.5000"
    else:
        assert lines[7] == "Training run **r1**: step 40 of 120 · 1:40 elapsed · about 3:20 left · loss 0.5000"
        assert lines[6] == "Sized: 120 steps over 375 training rows, 2.50 s a step (a timed probe step)"
        assert (
            failed.startswith("**Failed** · the recipe's process ended without a word") and "(at: Corpus: " in failed
        )


def test_every_string_has_both_languages_and_the_korean_no_english_sentence() -> None:
    for key, entry in STRINGS.items():
        assert entry.get("en") and entry.get("ko"), key
        assert not english_sentences(entry["ko"]), (key, entry["ko"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_section_waits_with_a_sentence_and_its_timer_off(lang: str, data_dir: Path) -> None:
    with gr.Blocks() as demo:
        c = augment.build(lang, session.owner_state())
    w = words("augment_recipe", lang)
    assert c["rc_progress"].value == w("empty") and c["rc_timer"].active is False
    assert c["rc_corpus"].value == store.SAMPLE_NAME and c["rc_rule"].choices == [
        ("agree", "agree"),
        ("hybrid", "hybrid"),
    ]
    fills = {tuple(f.outputs): f.fn for f in demo.fns.values() if f.inputs == []}
    assert Path(fills[(c["rc_questions"],)]()).read_bytes() == (SAMPLE / "questions.txt").read_bytes()
    assert Path(fills[(c["rc_cases"],)]()).read_bytes() == (SAMPLE / "cases.jsonl").read_bytes()
    ticking = [
        f for f in demo.fns.values() if f.outputs and f.outputs[-1] is c["rc_timer"] and f.inputs[0] is c["rc_view"]
    ]
    assert len(ticking) == 1 and ticking[0].trigger_mode == "always_last"
