"""The Augment tab in headless Chromium: legal pseudo-queries made from a statute corpus the test writes, previewed,
stored with how they were made and offered on the Data tab; then BM25 negatives mined for that stored dataset,
previewed side by side with ranks and scores, and stored without a known positive among them."""

# ruff: noqa: E501 — the statute texts below are prose, counted at double width; wrapping them mid-sentence helps no one

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from datasets_spec import store
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, AppServer, chromium_or_skip, set_field, set_fields

pytestmark = pytest.mark.e2e
sync_playwright = chromium_or_skip()
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402 — only once chromium is known

# (law, article, title, text) in law.go.kr's export shape: paragraphs on blank-line-separated lines, amendment
# notes left in. 민법 750, 근로기준법 1 and 주택임대차보호법 1 are one sentence (no cloze); "목적" is in two laws.
ARTICLES = [
    ("민법", "5", "미성년자의 능력", "① 미성년자가 법률행위를 하려면 법정대리인의 동의를 얻어야 한다. 다만, 권리만을 얻거나 의무만을 면하는 행위는 그러하지 아니하다.\n\n② 제1항의 규정에 위반한 행위는 취소할 수 있다."),
    ("민법", "390", "채무불이행과 손해배상", "채무자가 채무의 내용에 좇은 이행을 하지 아니한 때에는 채권자는 손해배상을 청구할 수 있다. 그러나 채무자의 고의나 과실없이 이행할 수 없게 된 때에는 그러하지 아니하다."),
    ("민법", "750", "불법행위의 내용", "고의 또는 과실로 인한 위법행위로 타인에게 손해를 가한 자는 그 손해를 배상할 책임이 있다."),
    ("민법", "751", "재산 이외의 손해의 배상", "① 타인의 신체, 자유 또는 명예를 해하거나 기타 정신상고통을 가한 자는 재산 이외의 손해에 대하여도 배상할 책임이 있다.\n\n② 법원은 전항의 손해배상을 정기금채무로 지급할 것을 명할 수 있고 그 이행을 확보하기 위하여 상당한 담보의 제공을 명할 수 있다."),
    ("근로기준법", "1", "목적", "이 법은 헌법에 따라 근로조건의 기준을 정함으로써 근로자의 기본적 생활을 보장, 향상시키며 균형 있는 국가경제의 발전을 꾀하는 것을 목적으로 한다."),
    ("근로기준법", "23", "해고 등의 제한", '① 사용자는 근로자에게 정당한 이유 없이 해고, 휴직, 정직, 전직, 감봉, 그 밖의 징벌(이하 "부당해고등"이라 한다)을 하지 못한다.\n\n② 사용자는 근로자가 업무상 부상 또는 질병의 요양을 위하여 휴업한 기간과 그 후 30일 동안은 해고하지 못한다. 다만, 사용자가 제84조에 따라 일시보상을 하였을 경우 또는 사업을 계속할 수 없게 된 경우에는 그러하지 아니하다.'),
    ("근로기준법", "26", "해고의 예고", "사용자는 근로자를 해고(경영상 이유에 의한 해고를 포함한다)하려면 적어도 30일 전에 예고를 하여야 하고, 30일 전에 예고를 하지 아니하였을 때에는 30일분 이상의 통상임금을 지급하여야 한다. 다만, 근로자가 계속 근로한 기간이 3개월 미만인 경우에는 그러하지 아니하다. <개정 2010. 6. 4., 2019. 1. 15.>"),
    ("근로기준법", "36", "금품 청산", "사용자는 근로자가 사망 또는 퇴직한 경우에는 그 지급 사유가 발생한 때부터 14일 이내에 임금, 보상금, 그 밖의 모든 금품을 지급하여야 한다. 다만, 특별한 사정이 있을 경우에는 당사자 사이의 합의에 의하여 기일을 연장할 수 있다. <개정 2020. 5. 26.>"),
    ("근로기준법", "60", "연차 유급휴가", "① 사용자는 1년간 80퍼센트 이상 출근한 근로자에게 15일의 유급휴가를 주어야 한다. <개정 2012. 2. 1.>\n\n② 사용자는 계속하여 근로한 기간이 1년 미만인 근로자 또는 1년간 80퍼센트 미만 출근한 근로자에게 1개월 개근 시 1일의 유급휴가를 주어야 한다. <개정 2012. 2. 1., 2017. 11. 28.>"),
    ("주택임대차보호법", "1", "목적", "이 법은 주거용 건물의 임대차(賃貸借)에 관하여 「민법」에 대한 특례를 규정함으로써 국민 주거생활의 안정을 보장함을 목적으로 한다."),
    ("주택임대차보호법", "3", "대항력 등", "① 임대차는 그 등기(登記)가 없는 경우에도 임차인(賃借人)이 주택의 인도(引渡)와 주민등록을 마친 때에는 그 다음 날부터 제삼자에 대하여 효력이 생긴다. 이 경우 전입신고를 한 때에 주민등록이 된 것으로 본다. <개정 2015. 1. 6.>"),
    ("주택임대차보호법", "6", "계약의 갱신", "① 임대인이 임대차기간이 끝나기 6개월 전부터 2개월 전까지의 기간에 임차인에게 갱신거절(更新拒絶)의 통지를 하지 아니한 경우에는 그 기간이 끝난 때에 전 임대차와 동일한 조건으로 다시 임대차한 것으로 본다. 임차인이 임대차기간이 끝나기 2개월 전까지 통지하지 아니한 경우에도 또한 같다. <개정 2020. 6. 9.>\n\n② 제1항의 경우 임대차의 존속기간은 2년으로 본다. <개정 2009. 5. 8.>"),
]  # fmt: skip
# The last case cites an article the corpus lacks: it must be reported as skipped, not fail the run.
CASES = [
    ("2020다1001", "회사가 정당한 이유 없이 근로기준법 제23조에 따라 근로자를 해고한 경우 그 해고가 무효인지 여부", "근로기준법 제23조 제1항"),
    ("2020다1002", "교통사고 피해자가 가해자에게 치료비와 함께 정신적 고통에 대한 위자료를 청구할 수 있는지 여부", "민법 제750조, 제751조"),
    ("2020다1003", "전입신고를 마친 임차인이 집이 경매된 뒤 새 소유자에게 보증금 반환을 주장할 수 있는지 여부", "주택임대차보호법 제3조 제1항"),
    ("2020다1004", "성년후견 개시 심판의 요건", "민법 제9조"),
]  # fmt: skip
WAIT_MS = 60_000  # generous for a shared 2-core machine; each step takes well under a second on its own


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def wait_text(page, selector: str, text: str, timeout: int = WAIT_MS) -> str:
    """Wait until the element shows `text` to a reader (innerText: what is rendered), and return all it shows."""
    try:
        page.wait_for_function(
            "([sel, text]) => (document.querySelector(sel)?.innerText ?? '').includes(text)",
            arg=[selector, text],
            timeout=timeout,
        )
    except PlaywrightTimeout:
        shown = page.locator(selector).inner_text() if page.locator(selector).count() else "(not in the page)"
        raise AssertionError(
            f"{selector} did not show {text!r} in {timeout / 1000:.0f} s; it shows:\n{shown}"
        ) from None
    return page.locator(selector).inner_text()


def pick(page, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_statute_queries_stored_then_bm25_negatives_stored(app: AppServer, tmp_path: Path) -> None:
    laws = write_jsonl(
        tmp_path / "laws.jsonl",
        [{"id": f"{law}|{n}", "law": law, "article": n, "title": t, "text": x} for law, n, t, x in ARTICLES],
    )
    cases = write_jsonl(tmp_path / "cases.jsonl", [{"id": i, "query": q, "references": r} for i, q, r in CASES])
    datasets = app.data_dir / "datasets"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(app.url)
        page.get_by_role("tab", name="1b. Augment").click()
        page.get_by_text("Legal pseudo-queries").click()  # closed accordions are not in the DOM

        page.get_by_role("checkbox", name="case", exact=True).check()
        multiply = page.get_by_label("Variants per article or case")
        multiply.fill("2")
        multiply.press("Tab")
        set_fields(page, {"aug-corpus": str(laws), "aug-cases": str(cases)})
        page.locator("#aug-legal-preview").click()
        report = wait_text(page, "#aug-legal-report", "12 articles, 4 cases → 48 examples, 18 passages added")
        # 9 of 12 articles have two sentences or more, so 2 cuts each; every title gives 2 questions; 3 of 4 cases
        assert "cloze: 18 examples from 9 items" in report and "3 one sentence" in report
        assert "title: 24 examples from 12 items" in report and "2 asked with the law's name" in report
        assert "case: 6 examples from 3 items" in report and "1 no cited article in the corpus" in report
        table = wait_text(page, "#aug-legal-table", "근로기준법|60#ict1")
        assert (
            "대항력 등에 대하여 정한 조문은 무엇인가요?" in table
        )  # a title question, beside the article it asks for
        # a cloze query is a sentence taken out of its positive: shown, it stands beside the rest of the article
        assert "사용자는 1년간 80퍼센트 이상 출근한 근로자에게 15일의 유급휴가를 주어야 한다." in table
        assert "② 사용자는 계속하여 근로한 기간이 1년 미만인" in table
        assert "위자료를 청구할 수 있는지 여부" in table  # a case, its citation gone: rows come from every generator
        assert not (datasets / "statutes-test").exists(), "a preview stores nothing"

        page.locator("#aug-legal-name textarea").fill("statutes-test")
        page.locator("#aug-legal-save").click()
        assert "(48 examples)" in wait_text(page, "#aug-legal-report", "Stored statutes-test")
        stored = store.load(str(datasets / "statutes-test"))
        assert stored.manifest["made_by"] == {
            "generator": "statutes",
            "parameters": {"generators": ["cloze", "title", "case"], "multiply": 2, "limit": None},
            "seed": 42,
            "sources": [str(laws), str(cases)],
        }
        assert stored.manifest["split"]["by"] == "article"
        assert len(stored.train) + len(stored.validation) == 48 and len(stored.corpus) == 12 + 18
        held_out = {e["article"] for e in stored.validation}
        assert held_out and not held_out & {e["article"] for e in stored.train}, "an article on both sides"

        page.get_by_role("tab", name="1. Data").click()
        pick(page, "#data-dataset", "statutes-test")
        assert "article, 20%, seed 42" in wait_text(page, "#data-summary", "statutes-test")

        page.get_by_role("tab", name="1b. Augment").click()
        page.get_by_text("Hard-negative mining").click()
        pick(page, "#aug-mine-source", "statutes-test")
        set_field(page, "aug-mine-range-min", "0")  # 30 passages: the default ranks 10-100 would leave few
        set_field(page, "aug-mine-range-max", "10")
        set_field(page, "aug-mine-num-negatives", "3")
        page.locator("#aug-mine-preview").click()
        counts = wait_text(page, "#aug-mine-report", "48 queries")
        assert "126 negatives found of 3 asked per query" in counts, counts
        assert "6 queries short (6 relative_margin / max_score left fewer than asked)" in counts
        mined = wait_text(page, "#aug-mine-table", "민법|5#ict1")
        assert len(re.findall(r"#\d+ \(\d+\.\d{3}\) \S+\|\d+", mined)) >= 8 * 2, "negatives with rank and score"
        assert not (datasets / "statutes-test-bm25").exists(), "a preview stores nothing"

        page.locator("#aug-mine-name textarea").fill("statutes-test-bm25")
        page.locator("#aug-mine-save").click()
        wait_text(page, "#aug-mine-report", "Stored statutes-test-bm25")
        pick(page, "#aug-mine-source", "statutes-test-bm25")  # the new dataset can be mined again
        browser.close()

    mined_set = store.load(str(datasets / "statutes-test-bm25"))
    made_by = mined_set.manifest["made_by"]
    assert made_by["generator"] == "datasets_spec.mining.negatives (bm25)" and made_by["source_datasets"] == [
        "statutes-test"
    ]
    assert made_by["seed"] == 42
    assert {k: made_by["parameters"][k] for k in ("method", "range_min", "range_max", "num_negatives")} == {
        "method": "bm25",
        "range_min": 0,
        "range_max": 10,
        "num_negatives": 3,
    }
    examples, corpus = mined_set.train + mined_set.validation, mined_set.corpus
    assert len(mined_set.train) == len(stored.train), "the source's split is kept"
    assert sum(len(e["hard_negatives"]) for e in examples) == 126

    def family(pid: str) -> str:  # an article and the cloze passages cut from it
        return corpus[pid].get("cloze_of") or pid

    for e in examples:
        positives = {family(p) for p in e["positive_passages"]}
        for n in e["hard_negatives"]:
            assert family(n) not in positives, f"{e['query_id']}: {n} is (cut from) a positive"
            assert e["query_text"] not in corpus[n]["text"], f"{e['query_id']}: {n} holds the query sentence"
