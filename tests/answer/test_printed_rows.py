"""A table fact's citation carries the printed row under its column headers. Rows read by eye:
万里街道 2025 p29 “三公” table: 37.91 0 1.35 36.56 15 21.56 464.64 (万元); 区府办 2025 p20 the same
table with its car columns printed empty: 867.50 839.00 28.50 213.28; 上海市财政局 2025 单位预算
收入预算总表: 221 02 01 住房公积金 10,000,000 10,000,000 (元)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answer.printed_rows import printed_row
from assistant.types import Fact

SANGONG = ["“三公”经费预算数 › 合计", "“三公”经费预算数 › 因公出国(境)费", "“三公”经费预算数 › 公务接待费",
           "“三公”经费预算数 › 公务用车购置及运行费 › 小计", "“三公”经费预算数 › 公务用车购置及运行费 › 购置费",
           "“三公”经费预算数 › 公务用车购置及运行费 › 运行费", "机关运行经费预算数"]


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def _row(answer, cid=1):
    return next(c for c in answer.citations if c.id == cid).row


def test_the_sangong_row_under_its_headers(engine):
    a = engine.ask("2025年万里街道的三公经费预算数")
    row = _row(a)
    assert row.table == "2025年部门“三公”经费和机关运行经费预算表" and row.unit == "万元" and row.label == ""
    assert row.columns == SANGONG
    assert row.cells == ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"]
    assert row.cited == [0]


def test_cells_printed_empty_stay_empty(engine):
    a = engine.ask("区府办2025年三公经费预算是多少")
    row = _row(a)
    assert row.cells == ["867.50", "839.00", "28.50", "", "", "", "213.28"] and row.cited == [0]


def test_a_coded_row_keeps_its_label(engine):
    a = engine.ask("2025年上海市财政局住房公积金的预算")
    row = _row(a)
    assert row.label == "221 02 01 住房公积金" and row.unit == "元"
    assert row.columns == ["收入预算 › 合计", "收入预算 › 财政拨款收入"]
    assert row.cells == ["10,000,000", "10,000,000"] and row.cited == [0]


def test_a_passage_citation_has_no_row(engine):
    a = engine.ask("2025年东西湖区城运中心的三公经费")
    assert a.citations and all(c.row is None for c in a.citations)


def _fact(column: str, value: str, quote: str, **kw) -> Fact:
    return Fact(doc_id="d", doc="d", department="x", year=2025, kind="预算", subject="s", measure="预算数",
                column=column, value=Decimal(value), unit="万元", page=3, table="表1", row="201 一般公共服务支出",
                quote=quote, **kw)


def test_figures_are_read_from_the_end_of_the_quote():
    """A code in the label (201) equal to a figure is never taken for that figure's print."""
    quote = "201 一般公共服务支出 1,201.00 201"
    facts = [_fact("合计", "12010000", quote), _fact("基本支出", "2010000", quote)]
    row = printed_row(facts[1:], facts)
    assert row.cells == ["1,201.00", "201"] and row.cited == [1] and row.label == "201 一般公共服务支出"
    assert printed_row([facts[0].model_copy(update={"source": "prose"})], facts) is None
