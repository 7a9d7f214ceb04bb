"""The personas' own files, written at test time: 40 JSON-extraction chats (JSONL) and a 60-row classification CSV
in CP949 (as Excel saves Korean on Windows)."""

from __future__ import annotations

import json
from pathlib import Path

SYSTEM = "JSON으로만 답하세요."
NAMES = ("김민수", "이서연", "박지훈", "최유나", "정하늘")
CITIES = ("서울", "부산", "대전", "광주")
ITEMS = ("사과", "배", "귤", "감")
# Three classes of 20 rows: a customer message and what it is about
CLASSES = {
    "배송": ("택배가 아직 안 왔어요", "배송 조회가 안 됩니다", "주소를 바꾸고 싶어요", "언제 도착하나요"),
    "환불": ("돈을 돌려받고 싶어요", "결제를 취소해 주세요", "환불이 늦어요", "카드 취소가 안 됐어요"),
    "불량": ("상자가 찢어져 왔어요", "물건이 깨졌어요", "색이 사진과 달라요", "작동하지 않아요"),
}


def extraction_chats() -> list[dict]:
    """40 chats: a sentence about an order in, the order's fields out as one JSON object."""
    chats = []
    for i in range(40):
        name, city, item, count = NAMES[i % 5], CITIES[i % 4], ITEMS[(i // 4) % 4], 1 + i % 9
        answer = {"name": name, "city": city, "item": item, "count": count}
        chats.append(
            {
                "messages": [
                    {"role": "system", "content": SYSTEM},
                    {"role": "user", "content": f"{name} 님이 {city}(으)로 {item} {count}개를 주문했습니다."},
                    {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)},
                ]
            }
        )
    return chats


def write_chats(path: Path) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in extraction_chats()), encoding="utf-8")
    return path


def write_cp949_csv(path: Path) -> Path:
    """60 rows, 20 per class, with Windows line ends; every text differs (a duplicate would be a finding)."""
    lines = ["text,label"]
    for label, texts in CLASSES.items():
        lines += [f"{texts[i % 4]} (주문 {100 + i}번),{label}" for i in range(20)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    return path
