"""The open reader over the real corpus, with phrasings made up here: an unknown item is not the
department's whole budget, 为啥 asks a reason, 去年 of a 决算-only department is that 决算's year."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


@pytest.mark.parametrize("question, item", [
    ("规划资源局2024年的罚没收入有多少", "罚没收入"),   # 收入 ends the item: not the 收支总计
    ("万里街道2025年加班经费多少", "加班经费"),
    ("帮我查下区府办2025年的交通补贴", "交通补贴"),
])
def test_an_unknown_item_is_refused_by_name_never_answered_with_the_total(engine, question, item):
    a = engine.ask(question)
    assert a.status == "not_found" and not a.figures and item in a.answer


def test_a_reason_asked_colloquially(engine):
    # 江苏省高级人民法院 2019: 项目支出 … 根据国务院通知要求运转类项目预算较上年压减10%
    a = engine.ask("江苏高院19年的项目支出为啥减了")
    assert a.status == "answered" and "压减10%" in a.answer


def test_last_year_of_a_department_holding_only_a_juesuan(engine):
    # 规划资源局 holds only its 2024 决算 (read in 2025): 去年 is 2024. p20: 收入支出总计9859.38万元，
    # 与2023年度相比增加1062.85万元，增长12.08%
    a = engine.ask("普陀规划资源局去年的收入支出总计较前年多了多少")
    assert "9859.38万元" in a.answer and "1062.85万元" in a.answer and "12.08%" in a.answer


def test_a_part_and_its_whole_are_never_added_up(engine):
    # 商务委 2025 说明: 政府采购预算38.20万元，其中…政府采购服务预算30.40万元 — 一共 asks the total, not 38.2 + 30.4
    a = engine.ask("商务委2025年部门预算政府采购一共多少，采购服务是多少")
    assert {"38.2万元", "30.4万元"} <= {f.text for f in a.figures if f.verified}
    assert "68.6万元" not in a.answer and "相加得出" not in a.answer


@pytest.mark.parametrize("question, parent_too", [
    ("省法院2019年政府采购预算多少？货物类多少？", True),    # the total in a clause of its own: both asked
    ("省法院2019年政府采购预算里的货物类是多少", False),   # the total only scopes the part
])
def test_a_part_asked_with_or_without_its_whole(engine, question, parent_too):
    # 江苏省高级人民法院 2019: 政府采购预算 5227.59万元, 货物 1637.72万元
    a = engine.ask(question)
    texts = {f.text for f in a.figures if f.verified}
    assert "1637.72万元" in texts and ("5227.59万元" in texts) == parent_too


@pytest.mark.parametrize("question, figure", [
    # 社工部 2024 决算 (its only filing): 住房公积金…决算为17.70万元，完成全年预算数的97.68% — the rate is
    # not read yet: the 决算's figure is given, without a ✓ (a rate was asked), never a refusal
    ("区委社会工作部2024年住房公积金决算完成全年预算的多少", None),
    # 规划资源局 2024 决算 p26: 三公…年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%
    ("规划资源局2024年的三公经费，年初预算多少，完成了预算的百分之几", "13.68%"),
])
def test_the_budget_a_juesuan_speaks_of_is_asked_of_the_juesuan(engine, question, figure):
    a = engine.ask(question)
    assert a.status == "answered"
    if figure:
        assert figure in {f.text for f in a.figures if f.verified}
    else:
        assert [(f.text, f.verified) for f in a.figures] == [("17.7万元", False)] and "原文" in a.answer
