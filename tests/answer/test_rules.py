"""General rules of question understanding and lookup, over the hand-written mini index plus a
few more facts read off the filings by eye (page noted beside each):

- wanli 2025 p18 部门支出预算总表, 合计 row: 189,767,551 | 基本支出 101,341,746 | 项目支出 88,425,805 (元)
- wanli 2025 p30: 截至2024年8月31日 … 共有车辆8辆; wanli 2024 p32: 截至2023年8月31日 … 共有车辆7辆
- wanli 2025 p30: 政府采购预算4821.20万元，其中 … 政府采购工程预算3780.72万元
- seed p27: 2025年支出预算 1331.5元 (a slip for 万元; the parsers flag it unit_suspect), 收支 1331.5万元
"""

from __future__ import annotations

import pytest

from assistant.answer.intent import match_departments, parse_intent
from tests.answer.conftest import SEED, WANLI, fact

TOTALS_TABLE = "2025年部门支出预算总表"
TOTALS_QUOTE = "合计 189,767,551 101,341,746 88,425,805"
CARS_2025 = "截至2024年8月31日，上海市普陀区人民政府万里街道办事处（部门）共有车辆8辆"
CARS_2024 = "截至2023年8月31日，上海市普陀区人民政府万里街道办事处（部门）共有车辆7辆"
PROCUREMENT = "2025年本部门政府采购预算4821.20万元，其中：政府采购货物预算57.43万元、政府采购工程预算3780.72万元"


@pytest.fixture()
def engine(mini_index):
    from assistant.answer.engine import Engine

    w, w24 = WANLI[2025], WANLI[2024]
    row = dict(source="table", page=18, table=TOTALS_TABLE, quote=TOTALS_QUOTE, locator=TOTALS_TABLE)
    extra = [
        fact(w, "支出合计", "预算数", 189767551, unit="元", column="支出预算 › 合计", **row),
        fact(w, "支出合计", "预算数", 101341746, unit="元", column="支出预算 › 基本支出", **row),
        fact(w, "支出合计", "预算数", 88425805, unit="元", column="支出预算 › 项目支出", **row),
        fact(w, "车辆", "数量", 8, unit="辆", source="prose", page=30, quote=CARS_2025),
        fact(w24, "车辆", "数量", 7, unit="辆", source="prose", page=32, quote=CARS_2024),
        fact(w, "政府采购预算", "预算数", "4821.20", source="prose", page=30, quote=PROCUREMENT),
        fact(w, "政府采购工程预算", "预算数", "3780.72", source="prose", page=30, quote=PROCUREMENT),
        fact(SEED, "收支总预算", "预算数", "1331.5", source="prose", page=27,
             quote="2025年收支预算总数1331.5万元"),
        fact(SEED, "收支总预算", "预算数", "1331.5", unit="元", source="prose", page=27, flags=["unit_suspect"],
             quote="2025年支出预算 1331.5元，其中：基本支出484.95 万元"),
    ]
    for doc_id in {f.doc_id for f in extra}:
        facts = [f for f in mini_index.facts.facts() if f.doc_id == doc_id] + [f for f in extra if f.doc_id == doc_id]
        filing = next(x for x in [SEED, *WANLI.values()] if x.doc_id == doc_id)
        mini_index.facts.write_filing(filing, facts, [])
        mini_index.facts.mark_complete(doc_id)
    return Engine(mini_index)


def test_columns_of_the_total_row_are_the_parts(engine):
    a = engine.ask("2025年万里街道的基本支出与项目支出各为多少？")
    assert a.status == "answered"
    # 元 tables: the exact 元 figure, its 万元 reading beside it
    assert "101,341,746元（约10,134.17万元）" in a.answer and "88,425,805元（约8842.58万元）" in a.answer
    assert all(c.page == 18 for c in a.citations)


def test_count_of_cars_dated_by_the_stock_date(engine):
    # a stock dated 2024-08-31 is stated by the 2025 预算, not the 2024 one
    a = engine.ask("万里街道截至2024年8月31日一共有几辆车？")
    assert a.status == "answered" and "8辆" in a.answer and "7辆" not in a.answer
    b = engine.ask("万里街道有几辆公车？")  # 公车 with 几辆 counts cars, not their running cost
    assert "8辆" in b.answer and "7辆" in b.answer and "36.56" not in b.answer


def test_a_part_named_after_qizhong(engine):
    a = engine.ask("2025年万里街道的政府采购预算有多少？其中工程预算是多少？")
    assert "4821.2万元" in a.answer and "3780.72万元" in a.answer


def test_doubted_print_neither_stated_nor_a_conflict(engine):
    a = engine.ask("2025年东西湖区城运中心的收支总预算为多少？")
    assert a.status == "answered" and "1331.5万元" in a.answer and "1331.5元" not in a.answer


def test_whole_budget_when_no_line_is_named(engine):
    a = engine.ask("东西湖城运中心每年要花多少钱？")
    assert a.status == "answered" and "1331.5万元" in a.answer


def test_place_alone_or_whole_place_is_not_a_department(engine):
    for q in ("2025年普陀区全区的一般公共预算收入有多少？", "普陀区三公经费是多少？", "2025年武汉市一般公共预算总收入为多少？",
              "2025年万里街道工作人员的人均工资有多少？"):
        a = engine.ask(q)
        assert a.status == "not_found", q
        assert not a.figures, q


def test_sum_over_years(engine):
    # wanli 三公 22.91 + 47.91 + 37.91 = 108.73
    a = engine.ask("万里街道2023年到2025年的三公经费合计为多少？")
    assert a.status == "answered" and "108.73万元" in a.answer
    assert {c.page for c in a.citations} == {28, 29}


def test_gap_between_two_departments(engine):
    # wanli 2025 三公 37.91 − seed 2025 三公 2.5 = 35.41
    a = engine.ask("2025年万里街道的三公经费比东西湖区城运中心多多少？")
    assert a.status == "answered" and "35.41万元" in a.answer and "多" in a.answer


def test_department_matching_ignores_place_names():
    filings = [SEED, *WANLI.values()]
    assert match_departments("普陀区三公经费", filings) == []
    assert match_departments("万里街道三公经费", filings) == [WANLI[2025].department]


def test_qualifier_is_not_asked_itself():
    i = parse_intent("2025年万里街道一般公共预算基本支出中的人员经费有多少", [*WANLI.values()])
    assert i.terms == ["人员经费"]
