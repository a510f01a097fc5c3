"""Prose figures beyond 预算数: asset changes, scores, per-person rates and the base of a change
printed in brackets. Figures read off corpus_text by eye (page in each line)."""

from __future__ import annotations

from decimal import Decimal

from assistant.parsers import extract_facts
from assistant.types import Filing, Page


def _one(facts, subject, measure):
    hits = [f for f in facts if f.subject == subject and f.measure == measure]
    assert len(hits) == 1, (subject, measure, [(f.value, f.page) for f in hits])
    return hits[0]


def test_asset_decrease_beside_increase(facts_of):
    # seed p32: "2024年新增国有资产235.9 万元，减少 252.86万元，主要为：…"
    fs = facts_of("seed")
    up, down = _one(fs, "新增国有资产", "金额"), _one(fs, "减少国有资产", "金额")
    assert (up.value, up.ref_year, up.page) == (Decimal("2359000"), 2024, 32)
    assert (down.value, down.unit, down.ref_year, down.page) == (Decimal("2528600"), "万元", 2024, 32)
    assert "减少 252.86万元" in down.quote


def test_house_area_and_intangibles(facts_of):
    # 万里2023 p29: "房屋14609.83平方米" … "无形资产471项234.37万元"
    fs = facts_of("wanli2023")
    area = _one(fs, "房屋建筑面积", "数量")
    assert (area.value, area.unit, area.page) == (Decimal("14609.83"), "平方米", 29)
    assert _one(fs, "无形资产", "金额").value == Decimal("2343700")
    assert _one(fs, "无形资产", "数量").value == Decimal("471")


def test_self_evaluation_score(facts_of):
    # 普陀财政局 2024 决算 p23: "绩效自评的2024年度项目4个，…，平均得分99.43分"
    f = _one(facts_of("putuo_js2024"), "绩效自评平均得分", "得分")
    assert (f.value, f.unit, f.page) == (Decimal("99.43"), "分", 23)


def test_per_person_rate_in_project_sheet(facts_of):
    # seed p11 党建 项目立项依据: "按照每名党员每年 200元的标准列支机关事…"
    f = _one(facts_of("seed"), "党建", "标准")
    assert (f.value, f.unit, f.column, f.page) == (Decimal("200"), "元/人", "每名党员每年", 11)
    # the rate is no budget figure of the project
    assert not [g for g in facts_of("seed") if g.value == Decimal("200") and g.measure == "预算数"]


def test_base_in_brackets_after_a_change(facts_of):
    # 江苏 2018 p25: "与上年相比增加2,247.84 万元（上年财政仅安排省检察院本级预留机动140.2 万元）"
    fs = facts_of("jsjcy2018")
    f = _one(fs, "单位预留机动经费", "上年数")
    assert (f.value, f.ref_year, f.page) == (Decimal("1402000"), 2017, 25)
    assert not [g for g in fs if g.subject.startswith("上年财政")]


def _filing(text: str) -> Filing:
    return Filing(doc_id="t", path="t", title="测试部门2024年部门预算", department="测试部门", year=2024,
                  kind="预算", pages=[Page(number=1, text=text)])


def test_executed_base_year_in_brackets():
    facts = extract_facts(_filing(
        "第三部分 2024年部门预算情况说明\n一、一般公共预算支出情况\n"
        "1.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”120.00万元，"
        "比2023年预算执行数增加5.00万元（2023年预算执行数115.00万元），主要原因是人员增加。\n"
        "二、其他\n误餐补助按30元/人/天发放。\n"))
    f = _one(facts, "行政运行", "执行数")
    assert (f.value, f.ref_year) == (Decimal("1150000"), 2023)
    rate = _one(facts, "误餐补助", "标准")
    assert (rate.value, rate.unit, rate.column) == (Decimal("30"), "元/人", "每人每天")
    assert not [g for g in facts if g.subject.startswith("（")]


def test_final_account_item_states_its_opening_budget(facts_of):
    # 普陀财政局 2024 决算 p22: "…财政委托业务支出（项）…年初预算为450.52万元，支出决算为449.52万元"
    fs = [f for f in facts_of("putuo_js2024") if f.subject == "财政委托业务支出" and f.source == "prose"]
    plan = [f for f in fs if f.measure == "预算数"]
    done = [f for f in fs if f.measure == "决算数"]
    assert [(f.value, f.column, f.page) for f in plan] == [(Decimal("4505200"), "年初预算", 22)]
    assert [(f.value, f.page) for f in done] == [(Decimal("4495200"), 22)]
    # p21: "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%"
    total = [f for f in facts_of("putuo_js2024") if f.subject == "一般公共预算" and f.page == 21]
    assert {(f.measure, f.value) for f in total} >= {("预算数", Decimal("29939200")), ("完成率", Decimal("98.20")),
                                                     ("增减额", Decimal("-631400")), ("增减率", Decimal("-2.10"))}
