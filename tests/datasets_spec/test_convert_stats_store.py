"""Conversion round trips, statistics, the dataset store and the CLI, on real files written to tmp_path.

Each round trip goes file → `load` → `convert` → file → `load` and compares what a trainer would read, so a format
that loses or reshapes something shows up as a difference in rows, not as a passing unit test of one writer.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from datasets_spec import store
from datasets_spec.canonical import Loaded
from datasets_spec.convert import convert
from datasets_spec.load import load
from datasets_spec.stats import statistics

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "datasets_spec" / "samples" / "legal_ko"


# ---------------------------------------------------------------------------------------------------------------
# helpers and data


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def loaded_ok(path: Path, **options: object) -> Loaded:
    """`load` that insists on no errors, so a round trip never compares half a file."""
    loaded = load(path, **options)
    assert loaded.problems.ok, loaded.problems.lines()
    return loaded


def texts_of(loaded: Loaded) -> list[tuple[str, list[str], list[str]]]:
    """Retrieval examples as the texts a model reads: ids differ between formats, the texts must not."""
    text = {pid: p["text"] for pid, p in loaded.corpus.items()}
    return [
        (e["query_text"], [text[p] for p in e["positive_passages"]], [text[n] for n in e["hard_negatives"]])
        for e in loaded.examples
    ]


FLAG_ROWS = [
    {
        "query": "임대인이 보증금 반환을 거절한 경우",
        "pos": ["제618조 임대차는 목적물을 사용, 수익하게 하는 계약이다."],
        "neg": ["제750조 고의 또는 과실로 인한 위법행위로 손해를 가한 자는 배상할 책임이 있다."],
        "prompt": "Represent this legal question for retrieval: ",
    },
    {
        "query": "직원의 교통사고에 대한 회사 책임",
        "pos": ["제756조 타인을 사용하여 사무에 종사하게 한 자는 손해를 배상할 책임이 있다."],
        "neg": [
            "제390조 채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 손해배상을 청구할 수 있다.",
            "제618조 임대차는 목적물을 사용, 수익하게 하는 계약이다.",
        ],
        "prompt": "Represent this legal question for retrieval: ",
    },
    {
        "query": "계약 위반으로 인한 손해배상",
        "pos": ["제390조 채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 손해배상을 청구할 수 있다."],
        "neg": [],
    },
]

CORPUS = [
    {"id": "민법|618", "title": "임대차의 의의", "text": "임대차는 목적물을 사용, 수익하게 하는 계약이다."},
    {"id": "민법|750", "title": "불법행위의 내용", "text": "위법행위로 타인에게 손해를 가한 자는 배상한다."},
    {"id": "민법|756", "title": "사용자의 배상책임", "text": "피용자가 제삼자에게 가한 손해를 배상한다."},
    {"id": "민법|390", "title": "채무불이행", "text": "채무자가 이행을 하지 아니한 때에는 손해배상을 청구한다."},
    {"id": "민법|1", "title": "법원", "text": "민사에 관하여 법률에 규정이 없으면 관습법에 의한다."},
]
IDS_EXAMPLES = [
    {"query_id": "q1", "query_text": "보증금 반환", "positive_passages": ["민법|618"], "hard_negatives": ["민법|750"]},
    {
        "query_id": "q2",
        "query_text": "직원 교통사고 회사 책임",
        "positive_passages": ["민법|756", "민법|750"],
        "hard_negatives": ["민법|390", "민법|618"],
    },
    {"query_id": "q3", "query_text": "계약 위반 손해배상", "positive_passages": ["민법|390"], "hard_negatives": []},
    {"query_id": "q4", "query_text": "이행 지체", "positive_passages": ["민법|390"], "hard_negatives": ["민법|1"]},
]


def ids_folder(folder: Path, examples: list[dict] = IDS_EXAMPLES) -> Path:
    write_jsonl(folder / "corpus.jsonl", CORPUS)
    write_jsonl(folder / "examples.jsonl", examples)
    return folder


# ---------------------------------------------------------------------------------------------------------------
# 1. round trips


def test_flag_to_ids_to_flag_gives_the_same_rows_and_keeps_prompt(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "flag.jsonl", FLAG_ROWS)
    loaded = loaded_ok(source)
    assert loaded.format == "flag"
    assert loaded.examples[0]["prompt"] == FLAG_ROWS[0]["prompt"] and "prompt" not in loaded.examples[2]

    result = convert(loaded, tmp_path / "ids", "ids")
    assert result.examples == 3 and result.notes == []
    assert sorted(p.name for p in (tmp_path / "ids").iterdir()) == ["corpus.jsonl", "examples.jsonl"]
    as_ids = loaded_ok(tmp_path / "ids")
    assert as_ids.format == "ids"
    assert texts_of(as_ids) == texts_of(loaded)
    # a passage cited by two queries is one corpus row, not two
    assert len(as_ids.corpus) == len({t for r in FLAG_ROWS for t in r["pos"] + r["neg"]})

    convert(as_ids, tmp_path / "back.jsonl", "flag")
    assert read_jsonl(tmp_path / "back.jsonl") == FLAG_ROWS


def test_st_csv_to_ids_folder_to_st_gives_the_same_rows(tmp_path: Path) -> None:
    rows = [
        ["anchor", "positive", "negative"],
        ["보증금 반환", "임대차는 목적물을 사용하게 하는 계약", "불법행위의 내용"],
        ["손해배상, 계약 위반", '채무불이행 "이행지체"', "임대차는 목적물을 사용하게 하는 계약"],
        ["사용자 책임", "사용자의 배상책임", '채무불이행 "이행지체"'],
    ]
    source = write_csv(tmp_path / "st.csv", rows)
    loaded = loaded_ok(source)
    assert loaded.format == "st" and len(loaded.examples) == 3

    assert convert(loaded, tmp_path / "ids", "ids").notes == []
    as_ids = loaded_ok(tmp_path / "ids")
    assert texts_of(as_ids) == texts_of(loaded)

    result = convert(as_ids, tmp_path / "back.csv", "st")
    assert result.notes == []
    header, *body = rows
    assert read_csv_rows(tmp_path / "back.csv") == [dict(zip(header, r, strict=True)) for r in body]


def test_ids_to_beir_keeps_queries_and_positives_and_notes_dropped_negatives(tmp_path: Path) -> None:
    loaded = loaded_ok(ids_folder(tmp_path / "ids"))
    result = convert(loaded, tmp_path / "beir", "beir")
    assert any("hard negatives were left out" in n for n in result.notes)
    assert (tmp_path / "beir" / "qrels" / "test.tsv").exists()

    beir = loaded_ok(tmp_path / "beir")
    assert beir.format == "beir"
    assert [(e["query_id"], e["query_text"], e["positive_passages"]) for e in beir.examples] == [
        (e["query_id"], e["query_text"], e["positive_passages"]) for e in IDS_EXAMPLES
    ]
    assert all(e["hard_negatives"] == [] for e in beir.examples)
    assert {pid: (p["title"], p["text"]) for pid, p in beir.corpus.items()} == {
        p["id"]: (p["title"], p["text"]) for p in CORPUS
    }

    assert convert(beir, tmp_path / "ids-again", "ids").notes == []
    again = loaded_ok(tmp_path / "ids-again")
    assert [(e["query_id"], e["query_text"], e["positive_passages"]) for e in again.examples] == [
        (e["query_id"], e["query_text"], e["positive_passages"]) for e in IDS_EXAMPLES
    ]


def test_bundled_legal_sample_to_legal_folder_reads_back_the_same_examples(tmp_path: Path) -> None:
    sample = loaded_ok(SAMPLE)
    assert sample.format == "legal" and len(sample.examples) == 345

    result = convert(sample, tmp_path / "legal", "legal")
    assert result.examples == 345 and any("re-drawn" in n for n in result.notes)
    assert sorted(p.name for p in (tmp_path / "legal").iterdir()) == ["cases.jsonl", "passages.jsonl"]

    again = loaded_ok(tmp_path / "legal")
    assert again.format == "legal"
    assert [(e["query_id"], e["query_text"], e["positive_passages"]) for e in again.examples] == [
        (e["query_id"], e["query_text"], e["positive_passages"]) for e in sample.examples
    ]
    assert again.corpus == sample.corpus
    assert not again.problems.warnings, again.problems.lines("warnings")


CHAT_MULTI = [
    {
        "messages": [
            {"role": "system", "content": "JSON으로만 답하라."},
            {"role": "user", "content": "서울에 사는 개발자"},
            {"role": "assistant", "content": '{"challenge": "코드 리뷰"}'},
            {"role": "user", "content": "주말에 할 수 있는 것"},
            {"role": "assistant", "content": '{"challenge": "등산"}'},
            {"role": "user", "content": "비가 오면?"},
            {"role": "assistant", "content": '{"challenge": "독서"}'},
        ],
        "id": "a1",
    },
    {
        "messages": [
            {"role": "system", "content": "JSON으로만 답하라."},
            {"role": "user", "content": "부산의 교사"},
            {"role": "assistant", "content": '{"challenge": "수영"}'},
        ],
        "id": "a2",
    },
    {
        "messages": [
            {"role": "user", "content": "대구의 학생"},
            {"role": "assistant", "content": '{"challenge": "달리기"}'},
            {"role": "user", "content": "겨울에는?"},
            {"role": "assistant", "content": '{"challenge": "스키"}'},
        ],
        "id": "a3",
    },
]


def test_multi_turn_chat_with_system_to_alpaca_and_back_is_exact(tmp_path: Path) -> None:
    loaded = loaded_ok(write_jsonl(tmp_path / "chat.jsonl", CHAT_MULTI))
    assert loaded.format == "chat"

    assert convert(loaded, tmp_path / "alpaca.jsonl", "alpaca").notes == []
    alpaca = read_jsonl(tmp_path / "alpaca.jsonl")
    assert alpaca[0]["history"] == [
        ["서울에 사는 개발자", '{"challenge": "코드 리뷰"}'],
        ["주말에 할 수 있는 것", '{"challenge": "등산"}'],
    ]
    assert alpaca[0]["system"] == "JSON으로만 답하라." and alpaca[0]["instruction"] == "비가 오면?"
    assert "history" not in alpaca[1] and "system" not in alpaca[2]

    as_alpaca = loaded_ok(tmp_path / "alpaca.jsonl")
    assert as_alpaca.format == "alpaca"
    convert(as_alpaca, tmp_path / "chat-again.jsonl", "chat")
    assert read_jsonl(tmp_path / "chat-again.jsonl") == CHAT_MULTI


def test_single_turn_chat_with_system_to_prompt_completion_and_back_is_exact(tmp_path: Path) -> None:
    rows = [CHAT_MULTI[1], {"messages": CHAT_MULTI[1]["messages"][1:], "id": "a4"}]
    loaded = loaded_ok(write_jsonl(tmp_path / "chat.jsonl", rows))
    assert convert(loaded, tmp_path / "pc.jsonl", "prompt-completion").notes == []
    assert read_jsonl(tmp_path / "pc.jsonl") == [
        {"system": "JSON으로만 답하라.", "prompt": "부산의 교사", "completion": '{"challenge": "수영"}', "id": "a2"},
        {"prompt": "부산의 교사", "completion": '{"challenge": "수영"}', "id": "a4"},
    ]
    as_pc = loaded_ok(tmp_path / "pc.jsonl")
    assert as_pc.format == "prompt-completion"
    convert(as_pc, tmp_path / "chat-again.jsonl", "chat")
    assert read_jsonl(tmp_path / "chat-again.jsonl") == rows


def test_multi_turn_chat_to_prompt_completion_notes_the_lost_turns(tmp_path: Path) -> None:
    loaded = loaded_ok(write_jsonl(tmp_path / "chat.jsonl", CHAT_MULTI))
    result = convert(loaded, tmp_path / "pc.jsonl", "prompt-completion")
    assert any("earlier chat turns were left out" in n for n in result.notes)
    assert read_jsonl(tmp_path / "pc.jsonl")[0]["prompt"] == "비가 오면?"


def test_prompt_completion_to_chat_to_prompt_completion_is_exact(tmp_path: Path) -> None:
    rows = [
        {"prompt": "서울 개발자", "completion": '{"challenge": "코드 리뷰"}'},
        {"system": "짧게 답하라", "prompt": "부산 교사", "completion": '{"challenge": "독서"}', "source": "web"},
        {"prompt": "여러 줄\n입력", "completion": "여러 줄\n출력"},
    ]
    loaded = loaded_ok(write_jsonl(tmp_path / "pc.jsonl", rows))
    convert(loaded, tmp_path / "chat.jsonl", "chat")
    chat = read_jsonl(tmp_path / "chat.jsonl")
    assert chat[1] == {
        "messages": [
            {"role": "system", "content": "짧게 답하라"},
            {"role": "user", "content": "부산 교사"},
            {"role": "assistant", "content": '{"challenge": "독서"}'},
        ],
        "source": "web",
    }
    convert(loaded_ok(tmp_path / "chat.jsonl"), tmp_path / "pc-again.jsonl", "prompt-completion")
    assert read_jsonl(tmp_path / "pc-again.jsonl") == rows


CLASS_ROWS = [
    ["text", "label", "source"],
    ["임대인이 보증금을 돌려주지 않는다", "계약", "상담"],
    ["교통사고로 다쳤다", "불법행위", "상담"],
    ["이혼 후 양육비를 받지 못했다", "가족", "게시판"],
    ["매매대금을 받지 못했다", "계약", "게시판"],
    ["옆집 공사로 벽이 갈라졌다", "불법행위", "상담"],
]


def test_cp949_classification_csv_to_jsonl_keeps_every_example(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cls.csv", CLASS_ROWS, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        source.read_bytes().decode("utf-8")  # really CP949, not UTF-8 by accident
    loaded = loaded_ok(source)
    assert loaded.format == "classification" and loaded.encoding == "cp949"
    header, *body = CLASS_ROWS
    expected = [dict(zip(header, r, strict=True)) for r in body]
    assert loaded.examples == expected

    convert(loaded, tmp_path / "cls.jsonl", "classification")
    assert read_jsonl(tmp_path / "cls.jsonl") == expected
    again = loaded_ok(tmp_path / "cls.jsonl")
    assert again.encoding == "utf-8" and again.examples == expected


@pytest.mark.parametrize("suffix", [".parquet", ".json"])
def test_each_task_written_as_parquet_and_json_loads_back(tmp_path: Path, suffix: str) -> None:
    flag_rows = [{**r, "prompt": "p: "} for r in FLAG_ROWS]  # a column in every row: columnar files hold it
    flag = loaded_ok(write_jsonl(tmp_path / "flag.jsonl", flag_rows))
    convert(flag, tmp_path / f"flag{suffix}", "flag")
    again = loaded_ok(tmp_path / f"flag{suffix}")
    assert again.format == "flag"
    assert texts_of(again) == texts_of(flag)
    assert [e["prompt"] for e in again.examples] == ["p: "] * 3

    chat = loaded_ok(write_jsonl(tmp_path / "chat.jsonl", CHAT_MULTI))
    convert(chat, tmp_path / f"chat{suffix}", "chat")
    chat_again = loaded_ok(tmp_path / f"chat{suffix}")
    assert chat_again.format == "chat" and chat_again.examples == chat.examples

    cls = loaded_ok(write_csv(tmp_path / "cls.csv", CLASS_ROWS))
    convert(cls, tmp_path / f"cls{suffix}", "classification")
    cls_again = loaded_ok(tmp_path / f"cls{suffix}")
    assert cls_again.examples == cls.examples
    if suffix == ".parquet":
        assert cls_again.unit == "row" and cls_again.lines == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "suffix",
    [
        ".parquet",
        pytest.param(
            ".csv",
            marks=pytest.mark.xfail(
                strict=True, reason="CSV cannot tell an empty cell from a missing field: it comes back as ''"
            ),
        ),
    ],
)
def test_a_field_some_rows_lack_stays_absent_through_columnar_files(tmp_path: Path, suffix: str) -> None:
    flag = loaded_ok(write_jsonl(tmp_path / "flag.jsonl", FLAG_ROWS))  # row 3 has no "prompt"
    convert(flag, tmp_path / f"flag{suffix}", "flag")
    again = loaded_ok(tmp_path / f"flag{suffix}")
    assert "prompt" not in again.examples[2], again.examples[2]


# ---------------------------------------------------------------------------------------------------------------
# 2. what conversion refuses


def test_conversion_refuses_a_target_of_another_task(tmp_path: Path) -> None:
    retrieval = loaded_ok(write_jsonl(tmp_path / "flag.jsonl", FLAG_ROWS))
    chat = loaded_ok(write_jsonl(tmp_path / "chat.jsonl", CHAT_MULTI))
    cls = loaded_ok(write_csv(tmp_path / "cls.csv", CLASS_ROWS))
    for loaded, to in ((retrieval, "chat"), (chat, "flag"), (cls, "ids"), (chat, "classification")):
        with pytest.raises(ValueError, match=rf"cannot convert {loaded.task} data .* to '{to}'"):
            convert(loaded, tmp_path / f"out-{to}.jsonl", to)
        assert not (tmp_path / f"out-{to}.jsonl").exists()


def test_legal_target_refuses_passages_without_law_and_leaves_no_folder(tmp_path: Path) -> None:
    loaded = loaded_ok(write_jsonl(tmp_path / "flag.jsonl", FLAG_ROWS))
    with pytest.raises(ValueError, match="needs 'law' and 'article' for every passage"):
        convert(loaded, tmp_path / "legal", "legal")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flag.jsonl"], "the staging folder is cleaned up"


@pytest.mark.parametrize(
    ("rows", "to"),
    [
        pytest.param(
            [{"query": "보증금", "pos": ["임대차"], "neg": ["불법"], "prompt": "R: "}], "st", id="flag-prompt-st"
        ),
        pytest.param(
            [
                {
                    "messages": [
                        {"role": "user", "content": "날씨"},
                        {"role": "assistant", "content": "조회할게요"},
                        {"role": "tool", "content": "맑음"},
                        {"role": "user", "content": "그래서?"},
                        {"role": "assistant", "content": "맑아요"},
                    ]
                }
            ],
            "alpaca",
            id="chat-tool-alpaca",
        ),
    ],
)
def test_what_a_target_cannot_hold_is_noted(tmp_path: Path, rows: list[dict], to: str) -> None:
    loaded = loaded_ok(write_jsonl(tmp_path / "in.jsonl", rows))
    result = convert(loaded, tmp_path / "out.jsonl" if to != "st" else tmp_path / "out.csv", to)
    assert result.notes, "something was left out, so a note must say so"


def test_conversion_never_overwrites_without_being_asked(tmp_path: Path) -> None:
    loaded = loaded_ok(write_jsonl(tmp_path / "flag.jsonl", FLAG_ROWS))
    existing = tmp_path / "out.jsonl"
    existing.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists"):
        convert(loaded, existing, "flag")
    assert existing.read_text(encoding="utf-8") == "keep me\n"

    folder = tmp_path / "ids"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        convert(loaded, folder, "ids")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flag.jsonl", "ids", "out.jsonl"], "no staging left"

    convert(loaded, existing, "flag", overwrite=True)
    assert read_jsonl(existing) == FLAG_ROWS
    convert(loaded, folder, "ids", overwrite=True)
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.jsonl", "examples.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flag.jsonl", "ids", "out.jsonl"], "no old copy left"


# ---------------------------------------------------------------------------------------------------------------
# 3. statistics


def test_retrieval_statistics_count_positives_negatives_and_popular_passages(tmp_path: Path) -> None:
    loaded = loaded_ok(ids_folder(tmp_path / "ids"))
    stats = statistics("retrieval", loaded.examples, loaded.corpus)
    assert stats["examples"] == 4 and stats["passages"] == 5
    assert stats["positives_per_query"] == {1: 3, 2: 1}
    assert stats["negatives_per_query"] == {0: 1, 1: 2, 2: 1}
    assert stats["cited_passages"] == 4 and stats["uncited_passages"] == 1
    popular = stats["popular_positives"]
    assert [(p["id"], p["queries"]) for p in popular] == [
        ("민법|390", 2),
        ("민법|618", 1),
        ("민법|756", 1),
        ("민법|750", 1),
    ]
    assert popular[0]["title"] == "채무불이행" and popular[0]["share"] == 0.5
    assert stats["length_unit"] == "characters"
    assert stats["lengths"]["query"]["max"] == len("직원 교통사고 회사 책임")
    assert stats["lengths"]["passage"]["measured"] == 5
    json.dumps(stats, ensure_ascii=False)  # JSON-ready, as the Data tab and --json need


# 20 words: well over 16 tokens with any tokenizer, whichever words it knows
LONG_TEXT = (
    "고등학생이 부모의 동의 없이 고가의 노트북을 할부로 구입한 경우 "
    "부모가 그 매매계약을 취소하고 대금 지급을 거절할 수 있는지 여부와 그 범위"
)


def test_token_lengths_give_the_share_cut_at_max_len(tiny_model: Path) -> None:
    from core.models.load import token_lengths

    lengths_of = token_lengths(str(tiny_model))
    short = ["민법", "보증금", "손해배상"]  # a few tokens each, with [CLS] and [SEP]
    long = [LONG_TEXT]
    assert max(lengths_of(short)) <= 16 < min(lengths_of(long))
    examples = [{"text": t, "label": "a"} for t in short + long]
    stats = statistics("classification", examples, lengths_of=lengths_of, unit="tokens", max_len=16)
    text = stats["lengths"]["text"]
    assert text["truncated_share"] == 0.25 and text["max_len"] == 16
    assert text["max"] == max(lengths_of(long)) and stats["length_unit"] == "tokens"
    chars = statistics("classification", examples, max_len=16)["lengths"]["text"]
    assert chars["max"] == len(long[0]) and chars["truncated_share"] == 0.25


def test_classification_statistics_mark_rare_classes() -> None:
    labels = ["계약"] * 6 + ["불법행위"] * 3 + ["가족"] * 1 + ["상속"] * 4
    examples = [{"text": f"문장 {i}", "label": label} for i, label in enumerate(labels)]
    stats = statistics("classification", examples, min_samples_per_class=4)
    assert stats["num_labels"] == 4 and stats["rare_classes"] == 2
    assert stats["classes"] == [
        {"label": "계약", "count": 6, "rare": False},
        {"label": "상속", "count": 4, "rare": False},
        {"label": "불법행위", "count": 3, "rare": True},
        {"label": "가족", "count": 1, "rare": True},
    ]
    assert statistics("classification", examples)["rare_classes"] == 3  # the default threshold is 5


@pytest.mark.parametrize("max_len", [None, 7, 500])
def test_histogram_counts_add_up_to_what_was_measured(tmp_path: Path, max_len: int | None) -> None:
    texts = ["가" * n for n in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 89, 144)]
    for task, examples in (
        ("classification", [{"text": t, "label": "x"} for t in texts]),
        ("sft", [{"messages": [{"role": "user", "content": t}, {"role": "assistant", "content": t}]} for t in texts]),
    ):
        stats = statistics(task, examples, max_len=max_len)
        for field in stats["lengths"].values():
            bins = field["histogram"]
            assert len(bins) == 20 and sum(b["count"] for b in bins) == field["measured"] == len(texts)
            assert bins[0]["from"] == 0 and all(a["to"] == b["from"] for a, b in zip(bins, bins[1:], strict=False))
            assert bins[-1]["to"] >= max(field["max"], max_len or 0)
    assert statistics("sft", examples)["turns"] == {2: len(texts)}


# ---------------------------------------------------------------------------------------------------------------
# 4. the store


def class_csv(path: Path, sizes: dict[str, int]) -> Path:
    rows = [["text", "label"]] + [[f"{label} 문장 {i}", label] for label, n in sizes.items() for i in range(n)]
    return write_csv(path, rows)


def test_import_split_by_class_keeps_proportions_and_is_seeded(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 20, "불법행위": 10, "가족": 5})
    first = store.import_file(source, "cls-a", split_by="class", validation_ratio=0.2, seed=7)
    second = store.import_file(source, "cls-b", split_by="class", validation_ratio=0.2, seed=7)
    a, b = store.load("cls-a"), store.load("cls-b")
    assert a.manifest["split"] == {"by": "class", "validation_ratio": 0.2, "seed": 7}
    assert a.manifest["counts"] == {"train": 28, "validation": 7, "classes": 3}
    assert Counter(e["label"] for e in a.validation) == {"계약": 4, "불법행위": 2, "가족": 1}
    assert Counter(e["label"] for e in a.train) == {"계약": 16, "불법행위": 8, "가족": 4}
    assert (a.train, a.validation) == (b.train, b.validation)
    assert (first / "train.jsonl").read_bytes() == (second / "train.jsonl").read_bytes()
    assert {e["text"] for e in a.train}.isdisjoint({e["text"] for e in a.validation})
    assert not (first / "corpus.jsonl").exists()

    store.import_file(source, "cls-c", split_by="class", validation_ratio=0.2, seed=8)
    c = store.load("cls-c")
    assert Counter(e["label"] for e in c.validation) == Counter(e["label"] for e in a.validation)
    assert c.validation != a.validation, "another seed draws another validation set"
    assert store.list_datasets() == ["cls-a", "cls-b", "cls-c"]


def test_import_drops_rare_classes_and_lists_them(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 10, "불법행위": 6, "가족": 2, "상속": 1})
    path = store.import_file(source, "cls", min_samples_per_class=5)
    dataset = store.load("cls")
    assert sorted(dataset.manifest["dropped_classes"]) == ["가족", "상속"]
    assert dataset.manifest["counts"]["classes"] == 2
    assert {e["label"] for e in dataset.train + dataset.validation} == {"계약", "불법행위"}
    assert len(dataset.train) + len(dataset.validation) == 16
    assert json.loads((path / "manifest.json").read_text(encoding="utf-8"))["dropped_classes"]

    store.import_file(source, "cls-all")
    assert store.load("cls-all").manifest["dropped_classes"] == []
    assert store.load("cls-all").manifest["counts"]["classes"] == 4


def test_sft_import_splits_by_prompt_so_no_prompt_is_on_both_sides(data_dir: Path, tmp_path: Path) -> None:
    rows = [
        {
            "messages": [
                *([{"role": "system", "content": f"시스템 {k}"}] if k % 2 else []),
                {"role": "user", "content": f"질문 {i}"},
                {"role": "assistant", "content": f"답 {i}-{k}"},
            ]
        }
        for i in range(12)
        for k in range(3)
    ]
    store.import_file(write_jsonl(tmp_path / "chat.jsonl", rows), "chat", validation_ratio=0.25, seed=3)
    dataset = store.load("chat")
    assert dataset.task == "sft" and dataset.manifest["format"] == "chat"
    assert dataset.manifest["split"]["by"] == "prompt"

    def prompts(examples: list[dict]) -> set[str]:
        return {next(m["content"] for m in e["messages"] if m["role"] == "user") for e in examples}

    assert prompts(dataset.train).isdisjoint(prompts(dataset.validation))
    assert len(prompts(dataset.validation)) == 3 and len(dataset.validation) == 9 and len(dataset.train) == 27
    assert dataset.manifest["leaked"] == [] and dataset.manifest["leaked_count"] == 0


def test_a_validation_file_sharing_a_query_with_train_is_recorded_as_leaked(data_dir: Path, tmp_path: Path) -> None:
    folder = ids_folder(tmp_path / "ids")
    validation = write_jsonl(
        folder / "valid.jsonl",
        [
            {"query_id": "v1", "query_text": "보증금   반환 ", "positive_passages": ["민법|618"]},
            {"query_id": "v2", "query_text": "관습법", "positive_passages": ["민법|1"]},
        ],
    )
    path = store.import_file(folder / "examples.jsonl", "leaky", validation_file=validation)
    dataset = store.load("leaky")
    assert dataset.manifest["split"] == {"by": "file", "file": str(validation)}
    assert dataset.manifest["leaked"] == ["보증금 반환"] and dataset.manifest["leaked_count"] == 1
    assert dataset.manifest["counts"] == {"train": 4, "validation": 2, "passages": 5}
    assert [e["query_id"] for e in dataset.validation] == ["v1", "v2"]
    assert {r["id"] for r in read_jsonl(path / "corpus.jsonl")} == {p["id"] for p in CORPUS}


def test_flag_train_and_validation_files_keep_their_own_passages(data_dir: Path, tmp_path: Path) -> None:
    train = write_jsonl(tmp_path / "train.jsonl", FLAG_ROWS)
    validation = write_jsonl(
        tmp_path / "valid.jsonl", [{"query": "사용자 책임", "pos": ["피용자의 행위에 대한 사용자의 책임"], "neg": []}]
    )
    store.import_file(train, "flag-two-files", validation_file=validation)
    dataset = store.load("flag-two-files")
    stored = [(e["query_text"], [dataset.corpus[p]["text"] for p in e["positive_passages"]]) for e in dataset.train]
    assert stored == [(r["query"], r["pos"]) for r in FLAG_ROWS]


def test_a_file_with_errors_is_rejected_and_nothing_is_stored(data_dir: Path, tmp_path: Path) -> None:
    rows = [["text", "label"], ["좋은 문장", "계약"], ["", "계약"], ["라벨 없는 문장", ""]]
    source = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(store.DatasetRejected) as info:
        store.import_file(source, "bad")
    lines = info.value.problems.lines()
    assert lines == [f"{source}:3: text: empty (expected text)", f"{source}:4: label: empty (expected text)"]
    assert str(info.value) == "\n".join(lines)
    datasets = data_dir / "datasets"
    assert not datasets.exists() or list(datasets.iterdir()) == []
    assert store.list_datasets() == []


def test_save_upload_sanitises_names_and_keeps_each_file_once(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "upload.bin"
    source.write_bytes(b'{"text": "a", "label": "b"}\n' * 4)
    uploads = data_dir / "uploads" / "default"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[: store.UPLOAD_HASH_CHARS]

    first = store.save_upload(source, "../../etc/passwd")
    assert first == uploads / f"{digest}-passwd" and first.read_bytes() == source.read_bytes()
    assert store.save_upload(source, "..\\..\\etc\\passwd") == store.save_upload(source, "/etc/passwd") == first
    korean = store.save_upload(source, "판례 데이터(최종).jsonl")
    assert korean == uploads / f"{digest}-판례_데이터_최종.jsonl"
    assert store.save_upload(source, "..").name == f"{digest}-upload"
    team = store.save_upload(source, "x.csv", workspace="team-a")
    assert team == data_dir / "uploads" / "team-a" / f"{digest}-x.csv"
    with pytest.raises(ValueError, match="no slashes"):
        store.save_upload(source, "x.csv", workspace="../escape")
    written = sorted(p.name for p in uploads.iterdir())
    assert written == [f"{digest}-passwd", f"{digest}-upload", f"{digest}-판례_데이터_최종.jsonl"]
    assert all(p.resolve().parent == uploads.resolve() for p in uploads.iterdir())

    monkeypatch.setenv("STUDIO_MAX_UPLOAD_MB", "0.00005")  # 52 bytes
    with pytest.raises(ValueError, match="over the upload limit"):
        store.save_upload(source, "big.jsonl")
    assert not [p for p in uploads.iterdir() if p.name.endswith("big.jsonl")]
    small = tmp_path / "small.jsonl"
    small.write_bytes(b"{}\n")
    assert store.save_upload(small, "small.jsonl").read_bytes() == b"{}\n"


def test_rename_and_delete_datasets(data_dir: Path, tmp_path: Path) -> None:
    source = class_csv(tmp_path / "cls.csv", {"계약": 5, "불법행위": 5})
    store.import_file(source, "one")
    store.import_file(source, "two")

    renamed = store.rename_dataset("one", "three")
    assert renamed == data_dir / "datasets" / "three"
    assert store.list_datasets() == ["three", "two"]
    assert store.load("three").manifest["name"] == "three"
    assert not (renamed / "manifest.json.tmp").exists()
    with pytest.raises(FileNotFoundError):
        store.rename_dataset("one", "four")
    with pytest.raises(FileExistsError):
        store.rename_dataset("three", "two")
    with pytest.raises(ValueError, match="no slashes"):
        store.rename_dataset("three", "../outside")
    assert store.list_datasets() == ["three", "two"]

    store.delete_dataset("three")
    assert store.list_datasets() == ["two"]
    assert [p.name for p in (data_dir / "datasets").iterdir()] == ["two"], "no renamed-away leftovers"
    with pytest.raises(FileNotFoundError):
        store.delete_dataset("three")
    with pytest.raises(ValueError, match="no slashes"):
        store.delete_dataset("../datasets")
    with pytest.raises(FileNotFoundError, match="not found"):
        store.load("three")


# ---------------------------------------------------------------------------------------------------------------
# 5. the CLI


def run_cli(*args: str | Path, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STUDIO_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "datasets_spec", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_cli_validate_good_and_bad_files(data_dir: Path, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", FLAG_ROWS)
    result = run_cli("validate", good, data=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{good}: flag (retrieval), 3 examples, encoding utf-8"
    assert lines[1] == "3 retrieval examples"
    assert any(line.startswith("query length (characters): mean ") for line in lines)
    assert "positives per query: {1: 3}; negatives: {0: 1, 1: 1, 2: 1}" in lines

    bad_rows = [dict(r) for r in FLAG_ROWS]
    bad_rows[0]["pos"] = "제618조"
    bad_rows[2]["query"] = "  "
    bad = write_jsonl(tmp_path / "bad.jsonl", bad_rows)
    result = run_cli("validate", bad, data=data_dir)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines == [
        f'{bad}:1: pos: is a string, not a list: write ["제618조"]',
        f"{bad}:3: query: empty (expected text)",
    ]
    shape = re.compile(rf"^{re.escape(str(bad))}:\d+: \w+: \S.*$")
    assert all(shape.match(line) for line in lines)

    report = run_cli("validate", bad, "--json", data=data_dir)
    assert report.returncode == 2
    parsed = json.loads(report.stdout)
    assert parsed["ok"] is False and parsed["error_count"] == 2 and parsed["stats"] is None
    assert parsed["errors"][0] == {
        "file": str(bad),
        "line": 1,
        "field": "pos",
        "message": 'is a string, not a list: write ["제618조"]',
    }
    report = run_cli("validate", good, "--json", data=data_dir)
    parsed = json.loads(report.stdout)
    assert report.returncode == 0 and parsed["ok"] is True and parsed["errors"] == []
    assert parsed["format"] == "flag" and parsed["stats"]["examples"] == 3


def test_cli_convert_to_flag(data_dir: Path, tmp_path: Path) -> None:
    rows = [["anchor", "positive", "negative"], ["보증금", "임대차", "불법행위"], ["손해배상", "채무불이행", "임대차"]]
    source = write_csv(tmp_path / "st.csv", rows)
    out = tmp_path / "flag.jsonl"
    result = run_cli("convert", source, out, "--to", "flag", data=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"wrote 2 examples (st → flag) to {out}"]
    assert read_jsonl(out) == [
        {"query": "보증금", "pos": ["임대차"], "neg": ["불법행위"]},
        {"query": "손해배상", "pos": ["채무불이행"], "neg": ["임대차"]},
    ]
    again = run_cli("convert", source, out, "--to", "flag", data=data_dir)
    assert again.returncode == 2 and "already exists" in again.stderr
    wrong = run_cli("convert", source, tmp_path / "chat.jsonl", "--to", "chat", data=data_dir)
    assert wrong.returncode == 2 and "cannot convert retrieval data" in wrong.stderr


def test_cli_stats_of_the_stored_sample_and_with_a_tokenizer(data_dir: Path, tmp_path: Path, tiny_model: Path) -> None:
    result = run_cli("stats", store.SAMPLE_NAME, "--json", data=data_dir)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["task"] == "retrieval" and stats["examples"] == 345
    popular = stats["popular_positives"]
    assert popular and popular[0]["queries"] >= popular[-1]["queries"] and popular[0]["id"] in stats_corpus_ids()
    assert (data_dir / "datasets" / store.SAMPLE_NAME / "manifest.json").exists(), "the sample was imported"

    texts = ["민법", "보증금 반환", LONG_TEXT]
    source = write_jsonl(tmp_path / "cls.jsonl", [{"text": t, "label": "a"} for t in texts])
    result = run_cli("stats", source, "--model", tiny_model, "--max-len", "16", data=data_dir)
    assert result.returncode == 0, result.stderr
    text_line = next(line for line in result.stdout.splitlines() if line.startswith("text length"))
    assert text_line.startswith(f"text length (tokens of {tiny_model})")
    assert text_line.endswith("; 33.3% longer than 16")


def stats_corpus_ids() -> set[str]:
    return {json.loads(line)["id"] for line in (SAMPLE / "passages.jsonl").read_text(encoding="utf-8").splitlines()}
