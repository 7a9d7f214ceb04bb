"""Conversion round trips on real files written to tmp_path, and what conversion refuses.

Each round trip goes file → `load` → `convert` → file → `load` and compares what a trainer would read, so a format
that loses or reshapes something shows up as a difference in rows, not as a passing unit test of one writer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datasets_spec.convert import convert
from tests.datasets_spec.examples import (
    CORPUS,
    FLAG_ROWS,
    IDS_EXAMPLES,
    SAMPLE,
    ids_folder,
    loaded_ok,
    read_csv_rows,
    read_jsonl,
    texts_of,
    write_csv,
    write_jsonl,
)

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
