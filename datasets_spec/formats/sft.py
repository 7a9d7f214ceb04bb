"""JSON-task SFT data: chat `messages`, prompt/completion pairs, and alpaca instruction/input/output.

All three are read into chat messages; conversion back is exact for chat ↔ prompt/completion and for alpaca
rows without `input` (alpaca joins instruction and input with a blank line, as LLaMA-Factory does).
"""

from __future__ import annotations

from datasets_spec.canonical import Loaded
from datasets_spec.fields import FieldReader, extras
from datasets_spec.read import Table

CHAT, PROMPT, ALPACA = "chat", "prompt-completion", "alpaca"
KEYS = {CHAT: ("messages",), PROMPT: ("prompt", "completion"), ALPACA: ("instruction", "output")}
ROLES = ("system", "user", "assistant", "tool")


def read_chat(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    for line, record in table:
        turns = reader.records(line, record, "messages")
        if turns is None:
            continue
        messages = check_turns(reader, line, turns)
        if messages is not None:
            loaded.add({"messages": messages, **extras(record, {"messages"})}, line)


def check_turns(reader: FieldReader, line: int | None, turns: list[dict]) -> list[dict] | None:
    """Each turn a known role with text; the last turn the assistant's, since that is what the model learns."""
    messages = []
    for number, turn in enumerate(turns, start=1):
        role, content = turn.get("role"), turn.get("content")
        if role not in ROLES:
            reader.error(line, "messages", f"turn {number} has role {role!r}; expected one of {', '.join(ROLES)}")
            return None
        if not isinstance(content, str) or not content.strip():
            reader.error(line, "messages", f"turn {number} ({role}) has no text in 'content'")
            return None
        messages.append({"role": role, "content": content})
    if not messages or messages[-1]["role"] != "assistant":
        reader.error(line, "messages", "the last turn must be the assistant's answer (what the model learns)")
        return None
    return messages


def read_prompt_completion(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    for line, record in table:
        prompt, completion = reader.text(line, record, "prompt"), reader.text(line, record, "completion")
        system = reader.text(line, record, "system", required=False)
        if prompt is None or completion is None:
            continue
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": prompt},
            {"role": "assistant", "content": completion},
        ]
        loaded.add({"messages": messages, **extras(record, {"prompt", "completion", "system"})}, line)


def read_alpaca(table: Table, loaded: Loaded) -> None:
    reader = FieldReader(table, loaded.problems)
    for line, record in table:
        instruction, output = reader.text(line, record, "instruction"), reader.text(line, record, "output")
        given = reader.text(line, record, "input", required=False)
        system = reader.text(line, record, "system", required=False)
        history = record.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, (list, tuple)) and len(h) == 2 for h in history):
            reader.error(line, "history", "expected a list of [question, answer] pairs")
            continue
        if instruction is None or output is None:
            continue
        messages = [{"role": "system", "content": system}] if system else []
        for question, answer in history:
            messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        user = f"{instruction}\n\n{given}" if given else instruction
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": output}]
        loaded.add(
            {"messages": messages, **extras(record, {"instruction", "input", "output", "system", "history"})}, line
        )


def split_chat(messages: list[dict]) -> tuple[str, list[tuple[str, str]], str, str]:
    """(system, earlier (user, assistant) pairs, last user text, last answer) of a chat."""
    system = messages[0]["content"] if messages[0]["role"] == "system" else ""
    turns = [m for m in messages if m["role"] in ("user", "assistant")]
    pairs = [(turns[i]["content"], turns[i + 1]["content"]) for i in range(0, len(turns) - 3, 2)]
    return system, pairs, turns[-2]["content"] if len(turns) >= 2 else "", turns[-1]["content"]


def write(loaded: Loaded, to: str) -> list[dict]:
    """Rows in `to`; prompt/completion keeps earlier turns only in chat and alpaca (it has no place for them)."""
    rows = []
    for example in loaded.examples:
        messages, rest = example["messages"], {k: v for k, v in example.items() if k != "messages"}
        if to == CHAT:
            rows.append({"messages": messages, **rest})
            continue
        system, history, user, answer = split_chat(messages)
        if to == PROMPT:
            rows.append({**({"system": system} if system else {}), "prompt": user, "completion": answer, **rest})
        else:
            row = {"instruction": user, "input": "", "output": answer}
            row.update({"system": system} if system else {})
            row.update({"history": [list(h) for h in history]} if history else {})
            rows.append({**row, **rest})
    return rows
