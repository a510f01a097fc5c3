"""The blind gold set (eval/gold/blind.jsonl) is well formed and stays blind: new questions,
not the dev set's, over all ten filings. No engine here: the run is
`python -m eval --gold eval/gold/blind.jsonl --name blind`."""

from __future__ import annotations

from collections import Counter

import pytest

from eval.gold import DEV_GOLD, GOLD_DIR, GoldQuestion, load_gold
from eval.score import expected_quantity
from tests.corpus_files import GOLD_FILINGS, TITLES as FILING_TITLES

BLIND_GOLD = GOLD_DIR / "blind.jsonl"
TITLES = set(FILING_TITLES.values())
GOLD_TITLES = {FILING_TITLES[k] for k in GOLD_FILINGS}


@pytest.fixture(scope="module")
def blind() -> list[GoldQuestion]:
    return load_gold(BLIND_GOLD)


def test_parses_with_enough_questions(blind):
    assert len(blind) >= 80
    ids = [g.id for g in blind]
    assert len(ids) == len(set(ids)), "duplicate ids"
    cats = Counter(g.category for g in blind)
    assert cats["unanswerable"] >= 15
    assert {"staff", "public", "derived", "glossary", "unanswerable", "conflict"} <= set(cats)


def test_blind_is_not_the_dev_set(blind):
    dev = load_gold(DEV_GOLD)
    assert not {g.id for g in blind} & {g.id for g in dev}
    norm = lambda s: "".join(ch for ch in s if ch not in " ？?，,。！!")  # noqa: E731
    assert not {norm(g.question) for g in blind} & {norm(g.question) for g in dev}


def test_every_expect_doc_is_a_real_filing_title(blind):
    for g in blind:
        assert set(g.docs) <= TITLES, (g.id, g.docs)
        for v in g.expect_values:
            assert v.doc is None or v.doc in g.docs, g.id


def test_all_ten_filings_are_covered(blind):
    # written over the first ten filings; a question over all filings may now expect a newer one's figure
    docs = {d for g in blind for d in g.docs}
    assert GOLD_TITLES <= docs and docs - GOLD_TITLES <= {"上海市普陀区人民政府办公室2025年部门预算"}


def test_every_line_has_what_scoring_needs(blind):
    for g in blind:
        assert g.question.strip(), g.id
        if g.expect_status == "not_found":
            assert g.category == "unanswerable" and not g.expect_values and not g.docs, g.id
            continue
        pages = g.pages_by_doc()
        assert set(pages) == set(g.docs), g.id
        assert all(p and all(isinstance(n, int) and n >= 1 for n in p) for p in pages.values()), g.id
        assert g.expect_locator_any, g.id
        if g.category == "glossary":
            assert g.expect_text_any, g.id
        else:
            assert g.expect_values, g.id
        if g.expect_status == "conflict":
            assert len(g.expect_values) >= 2, g.id


def test_printed_text_agrees_with_value(blind):
    """'109.86万元' must normalise to 1098600 元: the text carries the precision, the value the number."""
    for g in blind:
        for v in [*g.expect_values, *g.forbid_values]:
            q = expected_quantity(v)
            assert abs(float(q.value) - v.value) < 1e-6, (g.id, v.text, v.value)


def test_seed_conflict_is_in_the_blind_set(blind):
    seed = "东西湖区城市运行管理中心2025年部门预算"
    hits = [g for g in blind if g.expect_status == "conflict" and seed in g.docs
            and {v.value for v in g.expect_values} == {1350000, 1310000}]  # 表11 p7: 135; 表12 p19 / 说明 p31: 131
    assert hits
    assert {7, 19, 31} <= set(hits[0].pages_by_doc()[seed])


def test_phrasings_are_varied(blind):
    qs = [g.question for g in blind]
    assert any("〇" in q for q in qs), "a Chinese-digit year"
    assert any(w in q for q in qs for w in ("今年", "去年")), "a relative year"
    assert any(q.startswith("请问") for q in qs), "a polite question"
    assert any(w in q for q in qs for w in ("普陀财政局", "江苏检察院", "万里街到", "上海财政局")), "a name variant"
