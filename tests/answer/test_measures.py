"""Measures asked beside a figure, figures of other years and departments, and passages where no
fact carries the question's words — over the real corpus. Every figure was read off the filing by
eye (/work/corpus_text, page noted beside it).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def figures(a) -> dict[str, bool]:
    return {f.text: f.verified for f in a.figures}


# --- multi-measure: a 决算's 年初预算 and 完成率, an item's use --------------------------------------
def test_outturn_and_initial_budget_of_a_juesuan_item(engine):
    # putuo 2024 决算 p22: 行政运行（项）… 年初预算为1560.05万元，支出决算为1511.89万元
    a = engine.ask("2024年度普陀区财政局行政运行支出的决算数与年初预算数分别为多少？")
    assert a.status == "answered" and "1560.05万元" in a.answer
    assert figures(a)["1560.05万元"] and any(c.page == 22 for c in a.citations)


def test_initial_budget_and_completion_named_by_a_longer_clause(engine):
    # putuo 2024 决算 p21: 一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%
    a = engine.ask("2024年度普陀区财政局一般公共预算财政拨款支出年初预算为多少？实际支出完成了年初预算的百分之几？")
    assert a.status == "answered"
    assert "2993.92万元" in a.answer and "98.2%" in a.answer
    assert all(f.verified for f in a.figures)


def test_figure_and_what_it_is_for(engine):
    # seed p31: 城运中心网上群众投诉平台项目 131万元，主要用于区网上群众投诉平台坐席服务外包人员经费。
    a = engine.ask("东西湖区城运中心2025年网上群众投诉平台项目支出多少？主要用于什么？")
    assert "131万元" in a.answer and "坐席服务外包人员经费" in a.answer
    assert any(c.page == 31 and "主要用于" in c.quote for c in a.citations)


# --- executed figures of a past year ---------------------------------------------------------------
def test_a_years_outturn_from_the_next_filing(engine):
    # wanli 2024 p8: 行政运行 … 2023年当年预算执行数为1899.77万元 (the 2023 budget was 1837.36)
    a = engine.ask("万里街道2023年行政运行实际执行了多少？")
    assert a.status == "answered" and "1899.77万元" in a.answer and "1837.36" not in a.answer
    assert figures(a)["1899.77万元"]


def test_outturn_as_the_base_keeps_the_budget_asked(engine):
    # wanli 2024 p9: 其他城乡社区支出 2024年预算安排922.02万元，比2023年预算执行数减少49.41%
    a = engine.ask("2024年万里街道的其他城乡社区支出预算是多少，相比2023年预算执行数减少了多少？")
    assert "922.02万元" in a.answer and "49.41%" in a.answer


# --- derived: departments summed, a 预算 against last year's 决算, a 说明's change --------------------
def test_sum_across_two_departments(engine):
    # wanli 2025 p29 机关运行经费 464.64; 上海市财政局 2025 p20 机关运行经费 2517.78 → 2982.42 (万元)
    a = engine.ask("2025年万里街道与上海市财政局的机关运行经费一共是多少？")
    assert a.status == "answered"
    assert {"464.64万元", "2517.78万元", "2982.42万元"} <= set(figures(a))
    assert all(figures(a).values())


def test_budget_against_last_years_actual_spending(engine):
    # putuo 2025 预算 p21 公务接待费 0.95 (万元); putuo 2024 决算 p18 公务接待费 决算数 0.00
    a = engine.ask("普陀区财政局公务接待费2025年的预算，比2024年的实际支出多了多少？")
    assert a.status == "answered" and "0.95万元" in a.answer
    assert any(c.page == 18 and "决算" in c.doc for c in a.citations)


def test_change_a_juesuan_states_under_a_longer_name(engine):
    # putuo 2024 决算 p21: 与2023年度相比，一般公共预算财政拨款支出减少63.14万元，下降2.10%。
    a = engine.ask("2024年度普陀区财政局的一般公共预算财政拨款支出较上年减少了多少？")
    assert a.status == "answered" and "63.14万元" in a.answer and "2.10%" in a.answer
    assert all(f.verified for f in a.figures)


# --- printed shares ---------------------------------------------------------------------------------
def test_printed_share_stated_and_its_contradiction_named(engine):
    # putuo 2024 决算 p21: 一般公共服务支出（类）2106.66万元，占71.73% of 2940.05 (computed 71.65%)
    a = engine.ask("一般公共服务支出占2024年普陀区财政局一般公共预算财政拨款支出多大比例？")
    assert a.status == "conflict" and "71.73%" in a.answer and "71.65%" in a.answer
    assert all(f.verified for f in a.figures)  # 2940.05 worded as the 决算 it is


def test_printed_share_that_its_amounts_give(engine):
    # putuo 2024 决算 p21: 本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%
    a = engine.ask("普陀区财政局2024年基本支出占本年支出合计的比重是多少")
    assert a.status == "answered" and "79.49%" in a.answer and "2336.91万元" in a.answer


# --- glossary: use and definition ---------------------------------------------------------------------
def test_use_of_a_term_explained_inside_another_entry(engine):
    # wanli 2025 p5 名词解释（七）“三公”经费 … 其中：…公务接待费主要安排全国性专业会议、…等支出
    a = engine.ask("公务接待费是用来干什么的？")
    assert a.status == "answered" and "公务接待费主要安排" in a.answer


def test_what_a_term_is_for(engine):
    # wanli 2025 p5（八）机关运行经费：指…基本支出中的日常公用经费支出
    a = engine.ask("机关运行经费是干什么用的？")
    assert a.status == "answered" and "日常公用经费" in a.answer and not a.figures


def test_definition_and_amount_asked_together(engine):
    # 上海市财政局 2025 p5 名词解释（八）; p20 机关运行经费预算数 2517.78 (万元)
    a = engine.ask("机关运行经费包括哪些？2025年上海市财政局的机关运行经费为多少？")
    assert a.status == "answered" and "日常公用经费" in a.answer and "2517.78万元" in a.answer


def test_use_of_an_item_no_sentence_explains(engine):
    a = engine.ask("东西湖区城运中心信息化建设项目是干什么用的？")
    assert a.status == "not_found" and not a.citations


# --- passages where no fact carries the words; filler is no narrower item -----------------------------
def test_per_person_standard_quoted_from_the_filing(engine):
    # seed p7 表11: 党员人均成本 ≤200元/人/年; p11: 按照每名党员每年 200元的标准
    a = engine.ask("东西湖区城运中心党建经费按每个党员多少钱算的？")
    assert a.status == "answered" and "200元" in a.answer and "党员" in a.answer


def test_filler_naming_whom_a_figure_is_for(engine):
    # 江苏 2018 p17 财政拨款基本支出预算表: 30302 退休费 623.28 (万元)
    a = engine.ask("江苏省检察院2018年退休人员的退休费是多少")
    assert a.status == "answered" and "623.28万元" in a.answer


def test_talk_about_the_table_is_no_item(engine):
    # putuo 2024 决算 p18 财政拨款“三公”经费支出决算表: 合计 决算数 0.00
    a = engine.ask("普陀区财政局2024年的三公经费决算表是张空表，是不是说明没有三公经费？")
    assert a.status == "answered" and "没有单独列出" not in a.answer
    assert any(c.page == 18 for c in a.citations)


def test_a_share_asked_as_a_percentage_of_a_named_whole(engine):
    # 区府办 2025 p20 三公 table: 公务接待费 28.50万元 of 三公经费 867.50万元 → 3.29% (not a growth rate)
    a = engine.ask("区府办2025年接待费占三公的百分之几")
    assert "三公经费中公务接待费占3.29%" in a.answer and figures(a)["3.29%"]
