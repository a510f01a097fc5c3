"""The gold set is well formed and the scorer judges hand-made answers as a reader would.
No engine and no index here: the full evaluation run is `python -m eval`."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.types import Answer, Citation, Figure
from eval.gold import DEV_GOLD, ExpectedValue, GoldQuestion, load_gold
from eval.score import expected_quantity, score
from tests.corpus_files import GOLD_FILINGS, TITLES as FILING_TITLES

TITLES = set(FILING_TITLES.values())
GOLD_TITLES = {FILING_TITLES[k] for k in GOLD_FILINGS}


@pytest.fixture(scope="module")
def gold() -> list[GoldQuestion]:
    return load_gold(DEV_GOLD)


def test_gold_parses_and_has_enough_questions(gold):
    assert len(gold) >= 150
    ids = [g.id for g in gold]
    assert len(ids) == len(set(ids)), "duplicate ids"
    cats = Counter(g.category for g in gold)
    assert cats["unanswerable"] >= 15
    assert {"staff", "public", "derived", "glossary", "unanswerable", "conflict"} <= set(cats)


def test_every_line_has_the_fields(gold):
    for g in gold:
        assert g.question.strip(), g.id
        if g.expect_status == "not_found":
            assert not g.expect_values, g.id
            continue
        assert g.docs, g.id
        pages = g.pages_by_doc()
        assert set(pages) == set(g.docs), g.id
        assert all(p and all(isinstance(n, int) and n >= 1 for n in p) for p in pages.values()), g.id
        assert g.expect_locator_any, g.id
        if g.category != "glossary":
            assert g.expect_values, g.id
        if g.expect_status == "conflict":
            assert len(g.expect_values) >= 2, g.id


def test_expect_docs_are_real_filing_titles(gold):
    for g in gold:
        assert set(g.docs) <= TITLES, (g.id, g.docs)
        for v in g.expect_values:
            assert v.doc is None or v.doc in g.docs, g.id
        if len(g.docs) > 1 and g.category != "glossary":
            assert all(v.doc for v in g.expect_values) or g.category == "derived", g.id


def test_all_ten_filings_are_covered(gold):
    covered = {d for g in gold for d in g.docs}
    assert GOLD_TITLES <= covered <= TITLES  # and jsfy2018-sangong, once unanswerable, on a newer filing


def test_printed_text_agrees_with_value(gold):
    """'37.91万元' must normalise to 379100 元: the text carries the precision, the value the number."""
    for g in gold:
        for v in [*g.expect_values, *g.forbid_values]:
            q = expected_quantity(v)
            assert abs(float(q.value) - v.value) < 1e-6, (g.id, v.text, v.value)


def test_seed_conflict_is_in_the_gold(gold):
    g = next(g for g in gold if g.id == "conflict-seed-complaint")
    assert g.expect_status == "conflict"
    assert {v.value for v in g.expect_values} == {1350000, 1310000}  # 表11 p7: 135; 表12 p19 / 说明 p31: 131


# ---- the scorer on hand-made answers -------------------------------------------------------

W25 = "上海市普陀区人民政府万里街道办事处2025年部门预算"
SANGONG = GoldQuestion(
    id="t-sangong", question="2025年万里街道三公经费的预算数为多少？", category="staff", expect_status="answered",
    expect_values=[{"value": 379100, "unit": "元", "text": "37.91万元"}], expect_doc=W25, expect_pages=[29, 30],
    expect_locator_any=["三公"],
)
CITE = Citation(id=1, doc=W25, page=30, locator="其他相关情况说明 › 一、2025年“三公”经费预算情况说明",
                quote="2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。")


def _answer(status="answered", figures=(), citations=(CITE,), text="") -> Answer:
    return Answer(question=SANGONG.question, status=status, answer=text or "2025年“三公”经费预算37.91万元 [1]。",
                  citations=list(citations), figures=list(figures))


def test_right_answer_scores_right():
    fig = Figure(text="37.91万元", value=379100.0, unit="元", verified=True)
    o = score(SANGONG, _answer(figures=[fig]))
    assert o.answer_ok and o.citation_ok and o.status_ok


def test_same_value_in_yuan_within_printed_precision():
    fig = Figure(text="379,100元", value=379100.0, unit="元", verified=True)
    assert score(SANGONG, _answer(figures=[fig])).answer_ok


def test_wrong_value_scores_wrong():
    fig = Figure(text="37.19万元", value=371900.0, unit="元", verified=False)
    o = score(SANGONG, _answer(figures=[fig]))
    assert not o.answer_ok
    assert o.missing_values == ["37.91万元"]
    assert o.contradicting == ["37.19万元"]


def test_contradicting_extra_value_scores_wrong():
    figs = [Figure(text="37.91万元", value=379100.0, unit="元", verified=True),
            Figure(text="39.91万元", value=399100.0, unit="元", verified=False)]
    assert not score(SANGONG, _answer(figures=figs)).answer_ok


def test_verified_context_figure_is_not_a_contradiction():
    figs = [Figure(text="37.91万元", value=379100.0, unit="元", verified=True),
            Figure(text="47.91万元", value=479100.0, unit="元", verified=True)]  # last year's, from the filing
    assert score(SANGONG, _answer(figures=figs)).answer_ok


def test_wrong_status_scores_wrong():
    o = score(SANGONG, _answer(status="not_found", figures=[], citations=[], text="文件中没有找到。"))
    assert not o.answer_ok and not o.status_ok and o.citation_ok is False


def test_citation_on_wrong_page_or_section():
    fig = Figure(text="37.91万元", value=379100.0, unit="元", verified=True)
    wrong_page = CITE.model_copy(update={"page": 9})
    assert score(SANGONG, _answer(figures=[fig], citations=[wrong_page])).citation_ok is False
    wrong_section = CITE.model_copy(update={"locator": "部门预算编制说明", "quote": "收入预算18,976.76万元"})
    assert score(SANGONG, _answer(figures=[fig], citations=[wrong_section])).citation_ok is False


def test_refusal_scoring():
    un = GoldQuestion(id="t-un", question="2026年万里街道的部门预算收入有多少？", category="unanswerable",
                      expect_status="not_found")
    ok = score(un, Answer(question=un.question, status="not_found", answer="所给文件中没有2026年的预算。"))
    assert ok.refusal_ok and ok.answer_ok and ok.citation_ok is None
    guessed = Answer(question=un.question, status="not_found", answer="约2亿元",
                     figures=[Figure(text="2亿元", value=2e8, unit="元")])
    assert score(un, guessed).refusal_ok is False


def test_zero_and_trap_values():
    w25_abroad = SANGONG.model_copy(update={"expect_values": [ExpectedValue(value=0, unit="元", text="0万元")]})
    said_nothing = _answer(text="2025年因公出国（境）费0万元，与2024年持平 [1]。",
                           figures=[Figure(text="0万元", value=0.0, unit="元", verified=True)])
    assert score(w25_abroad, said_nothing).answer_ok
    small = _answer(figures=[Figure(text="0.3万元", value=3000.0, unit="元", verified=True)], text="0.3万元")
    assert not score(w25_abroad, small).answer_ok  # "0万元" is exact, not ±0.5万元

    trap = SANGONG.model_copy(update={
        "expect_values": [ExpectedValue(value=13315000, unit="元", text="1331.5万元")],
        "forbid_values": [ExpectedValue(value=1331.5, unit="元", text="1331.5元")]})
    figs = [Figure(text="1331.5万元", value=13315000.0, unit="元", verified=True),
            Figure(text="1331.5元", value=1331.5, unit="元", verified=False)]
    assert score(trap, _answer(figures=figs)).forbidden == ["1331.5元"]


def test_other_count_unit_is_not_a_contradiction():
    area = SANGONG.model_copy(update={"expect_values": [ExpectedValue(value=49.7, unit="平方公里", text="49.7平方公里")]})
    figs = [Figure(text="49.7平方公里", value=49.7, unit="平方公里", verified=True),
            Figure(text="44条", value=44.0, unit="条", verified=False)]
    o = score(area, _answer(figures=figs))
    assert o.contradicting == [] and o.answer_ok
