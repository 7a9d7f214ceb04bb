"""The playground's chat on a tiny Llama saved as a finished run: the turns rendered by the chat template (or the
plain transcript without one), each model's own history, seeded sampling, Stop, the sampling options' bounds, and
`python -m training chat` / `ask` with the same options."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from core.knobs import ConfigError
from core.models.generation import render_chat
from tests.training.builders import build_tiny_causal_lm, cli
from tests.training.playground_runs import finished_sft_run
from training.playground import chat
from training.playground.ask import ModelCache, run_facts
from training.playground.sampling import Sampling

WARM = Sampling(temperature=1.0, top_p=0.95, top_k=50, max_new_tokens=12, seed=7)


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture
def run_dir(tiny_lm: Path, data_dir: Path) -> Path:
    return finished_sft_run("sft-run", tiny_lm)


def test_the_chat_template_renders_every_turn_and_a_tokenizer_without_one_gets_a_transcript(tiny_lm: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_lm)
    turns = [
        {"role": "system", "content": "JSON만"},
        {"role": "user", "content": "하나"},
        {"role": "assistant", "content": "{}"},
        {"role": "user", "content": "둘"},
    ]
    text, templated = render_chat(tokenizer, turns)
    assert templated and text.count("<|im_start|>") == 5 and text.endswith("<|im_start|>assistant\n")
    tokenizer.chat_template = None
    assert render_chat(tokenizer, turns) == ("system: JSON만\nuser: 하나\nassistant: {}\nuser: 둘\nassistant:", False)


@pytest.mark.parametrize(
    ("history", "error"),
    [
        ([], "history is empty"),
        ([{"role": "assistant", "content": "hi"}], "turn 1 is 'assistant': turns alternate"),
        ([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], "turn 2 is 'user'"),
        ([{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}], "must end on a user turn"),
        ([{"role": "user", "content": "  "}], "prompt is empty"),
        ([{"role": "user", "content": ["a"]}], "turn 1: its content must be text"),
    ],
)
def test_a_history_that_cannot_be_answered_is_named(history: list[dict], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        chat.check_history(history)


@pytest.mark.parametrize(
    ("field", "value", "low", "high"),
    [
        ("temperature", -0.1, 0.0, 2.0),
        ("temperature", 2.5, 0.0, 2.0),
        ("top_p", 0.0, 0.0, 1.0),
        ("top_k", -1, 0, 1000),
        ("max_new_tokens", 5000, 0, 4096),
        ("repetition_penalty", 0.0, 0.0, 2.0),
        ("seed", -3, 0, None),
    ],
)
def test_sampling_out_of_bounds_is_a_config_error_with_its_numbers(field: str, value, low, high) -> None:
    with pytest.raises(ConfigError) as raised:
        Sampling(**{field: value})
    assert (raised.value.rule, raised.value.path) == ("bounds", field)
    assert (raised.value.values["value"], raised.value.values["low"], raised.value.values["high"]) == (
        value,
        low,
        high,
    )
    options = Sampling()
    setattr(options, field, value)  # changed after it was made: checked again before a reply
    with pytest.raises(ConfigError):
        options.decoding(8)


def test_each_model_answers_the_same_user_turns_from_its_own_history(run_dir: Path) -> None:
    cache = ModelCache()
    histories: dict[str, list[dict]] = {"base": [], "tuned": []}
    for turn in ("서울 사는 간호사예요.", "하루 10분이면요?"):
        for which, history in histories.items():
            history.append({"role": "user", "content": turn})
            got = chat.reply(run_dir, history, which=which, sampling=WARM, cache=cache)
            assert got.ended in ("eos", "length") and got.check is not None and got.templated
            history.append({"role": "assistant", "content": got.text})
    assert len(histories["base"]) == 4 and len(cache.recent) == 1
    # Seeded: the same history and settings give the same reply; another seed, another draw.
    again = chat.reply(run_dir, histories["tuned"][:3], sampling=WARM, cache=cache)
    assert again.text == histories["tuned"][3]["content"]
    other = [
        chat.reply(run_dir, histories["tuned"][:3], sampling=Sampling(**{**WARM.to_dict(), "seed": s})) for s in (1, 2)
    ]
    assert {o.text for o in other} != {again.text}
    # Greedy ignores the seed, and max_new_tokens 0 is the run's 5.
    greedy = [chat.reply(run_dir, histories["base"][:1], sampling=Sampling(seed=s), cache=cache) for s in (1, 2)]
    assert greedy[0].text == greedy[1].text and greedy[0].seconds > 0
    grown = list(chat.reply_stream(run_dir, histories["base"][:1], sampling=Sampling(max_new_tokens=12), cache=cache))
    assert all(g.check is None and g.ended is None for g in grown[:-1]) and grown[-1].check is not None
    assert grown[-1].text.startswith(greedy[0].text[:3])


def test_stop_ends_the_reply_at_the_next_token(run_dir: Path) -> None:
    stop = threading.Event()
    long = Sampling(temperature=1.0, max_new_tokens=400, seed=3)
    history = [{"role": "user", "content": "하나"}]
    grown = []
    for piece in chat.reply_stream(run_dir, history, sampling=long, stop=stop):
        grown.append(piece)
        stop.set()
    assert grown[-1].ended == "stopped" and len(grown) < 50
    signals = chat.StopSignals()
    flag = signals.fresh("page-1")
    assert not signals.stop("page-2") and signals.stop("page-1") and flag.is_set()
    assert not signals.stop("page-1")  # one Stop per reply


def test_undo_and_retry_cut_the_history_at_the_last_user_turn() -> None:
    history = [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": "A"},
        {"role": "user", "content": "b"},
        {"role": "assistant", "content": "B"},
    ]
    assert chat.undo(history) == (history[:2], "b") and chat.undo([]) == ([], "")
    assert chat.without_answer(history) == history[:3] and chat.without_answer(history[:3]) == history[:3]


def test_a_run_without_a_chat_template_chats_as_a_transcript(tiny_lm: Path, data_dir: Path) -> None:
    run_dir = finished_sft_run("plain", tiny_lm, chat_template=False)
    assert not run_facts(run_dir).chat_template and run_facts(finished_sft_run("chat", tiny_lm)).chat_template
    got = chat.reply(run_dir, [{"role": "user", "content": "하나"}])
    assert not got.templated and got.ended in ("eos", "length")


@pytest.mark.slow  # three commands, each loading torch in a child
def test_chat_and_ask_commands_take_the_sampling_flags(run_dir: Path, data_dir: Path) -> None:
    flags = ["--temperature", "1", "--top-p", "0.95", "--top-k", "50", "--max-new-tokens", "12", "--seed", "7"]
    result = cli(
        "chat", str(run_dir), "서울 사는 간호사예요.", "하루 10분이면요?", *flags, "--json", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout)
    assert out["sampling"] == WARM.to_dict() and set(out["chats"]) == {"base", "tuned"}
    tuned = out["chats"]["tuned"]
    assert [t["role"] for t in tuned] == ["user", "assistant", "user", "assistant"]
    # The page's engine call, with the same options, gives the same replies.
    history = [{"role": t["role"], "content": t["content"]} for t in tuned]
    assert chat.reply(run_dir, history[:3], sampling=WARM).text == tuned[3]["content"]

    asked = cli("ask", str(run_dir), "서울 사는 간호사예요.", *flags, "--tuned", "--json", data_dir=data_dir)
    assert asked.returncode == 0, asked.stderr[-3000:]
    assert json.loads(asked.stdout)["answers"]["tuned"]["text"] == tuned[1]["content"]


def test_a_sampling_flag_out_of_bounds_is_refused_with_its_bounds(run_dir: Path, capsys) -> None:
    from training.__main__ import main

    assert main(["playground", str(run_dir), "hi", "--top-p", "1.5"]) == 2  # chat under the tab's name
    assert "error: top_p = 1.5: must be > 0 and <= 1" in capsys.readouterr().err
    assert main(["ask", str(run_dir), "hi", "--temperature", "-1"]) == 2
    assert "error: temperature = -1.0: must be >= 0 and <= 2" in capsys.readouterr().err
