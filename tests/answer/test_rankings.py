"""Rankings across departments over the real corpus. Figures read by eye: 2025 部门预算 三公经费 —
区府办 867.50万元 (p20 table, p21 说明), 万里街道 37.91万元 (p29), 城运中心 2.5万元 (说明), 商务委 1万元
(p21–22), 普陀区财政局 0.95万元 (三公 table and 说明)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


@pytest.mark.parametrize("question", ["三公经费花得最多的是哪个部门", "三公经费最高的是哪个单位", "三公经费排名"])
def test_the_top_department_first_then_the_table(engine, question):
    a = engine.ask(question)
    assert a.status == "answered"
    assert a.answer.startswith("2025年部门预算中，三公经费最多的是上海市普陀区人民政府办公室，867.5万元")
    assert [r.text for r in a.table] == ["867.5万元", "37.91万元", "2.5万元", "1万元", "0.95万元"]
    assert all(f.verified for f in a.figures)
    # filings of another kind (上海市财政局's 单位预算, the 决算) are named as not compared, not mixed in
    assert "未参与比较" in a.answer and "上海市财政局" in a.answer.split("未参与比较")[1]


def test_the_smallest_and_top_n(engine):
    a = engine.ask("2025年哪个部门的三公经费最少")
    assert "最少的是上海市普陀区财政局，0.95万元" in a.answer and a.table[0].text == "0.95万元"
    top = engine.ask("三公经费排名前三")
    assert top.answer.count("\n") >= 3 and "\n4." not in top.answer


def test_a_named_department_is_not_ranked(engine):
    a = engine.ask("万里街道2025年三公经费最多是多少")
    assert a.table is None and "37.91万元" in a.answer


def test_which_department_and_which_year(engine):
    """哪个单位哪一年…最多: every year of one kind of filing (部门预算) — 区府办 2025 867.50万元 (p20),
    above 江苏省高级人民法院 2018 620.75万元 (p14) and 江苏省人民检察院 2017 584.35万元 (p16)."""
    a = engine.ask("哪个部门哪一年的三公经费最多")
    assert a.answer.startswith("各年部门预算中，三公经费最多的是上海市普陀区人民政府办公室2025年，867.5万元")
    assert [r.text for r in a.table[:3]] == ["867.5万元", "620.75万元", "584.35万元"]


def test_the_level_asked_is_the_level_ranked(engine):
    """单位预算 asked: 上海市财政局 346.30万元 (p20) and 商务委's 单位预算 1万元 — no 部门预算 beside them."""
    a = engine.ask("单位预算当中，2025年三公经费排名")
    assert a.answer.startswith("2025年单位预算中，三公经费最多的是上海市财政局，346.3万元")
    assert [r.label for r in a.table] == ["上海市财政局", "上海市普陀区商务委员会"]


def test_a_place_in_the_order(engine):
    """2025 部门预算 机关运行经费: 万里街道 464.64 > 普陀区财政局 229.43 > 区府办 213.28 (p20) > 商务委 171.01 > 54."""
    a = engine.ask("2025年部门预算里机关运行经费第三名是谁")
    assert a.answer.startswith("2025年部门预算中，机关运行经费按从多到少排列，第三是上海市普陀区人民政府办公室，213.28万元")
    assert len(a.table) == 5 and all(f.verified for f in a.figures)


def test_last_year_of_departments_together_and_counts_ranked(engine):
    """去年 of the collection (newest filings are of 2025): the 2024 决算 — 规划和自然资源局 公用经费 480.66万元 (p16);
    cars of 2019: 江苏省高级人民法院 66辆 (p25) above 江苏省人民检察院 55辆 (p32)."""
    a = engine.ask("去年哪个部门的决算公用经费最高")
    assert a.answer.startswith("2024年部门决算中，公用经费最多的是上海市普陀区规划和自然资源局，480.66万元")
    cars = engine.ask("2019年两个单位里车辆数最多的是谁")
    assert cars.answer.startswith("2019年部门预算中，车辆最多的是江苏省高级人民法院，66辆")
