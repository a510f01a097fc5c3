"""Facts the parsers store that questions used to miss: stocks and counts in their own units, a
year's figure printed in a later filing, indicators named by the question — over the real corpus.
Every figure was read off the filing by eye (/work/corpus_text, page noted beside it).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def test_intangible_assets_are_a_stock_not_a_budget_line(engine):
    # wanli 2023 预算 p29 五: 无形资产471项234.37万元
    a = engine.ask("万里街道2023年有多少无形资产？")
    assert a.status == "answered" and "234.37万元" in a.answer and "预算为" not in a.answer


def test_average_self_assessment_score_in_points(engine):
    # putuo 2024 决算 p23 十: 平均得分99.43分
    a = engine.ask("普陀区财政局2024年决算绩效自评平均得分是多少？")
    assert a.status == "answered" and "99.43分" in a.answer and any(c.page == 23 for c in a.citations)


def test_last_years_asset_flow_printed_in_this_years_budget(engine):
    # seed 2025 预算 p32: 2024年新增国有资产235.9万元 — of 2024, not a 2025 budget, no change on itself
    a = engine.ask("东西湖区城市运行管理中心新增国有资产多少？")
    assert a.status == "answered" and "2024年新增国有资产为235.9万元" in a.answer and "持平" not in a.answer


def test_a_projects_earlier_year_from_the_later_filings_table(engine):
    # seed 2025 预算 p19 表12 前两年预算及当年预算: 网上群众投诉平台 2023年 152.7万元
    a = engine.ask("东西湖区城市运行管理中心2023年网上群众投诉平台项目预算是多少？")
    assert a.status == "answered" and "2023年" in a.answer and "152.7万元" in a.answer
    assert any(c.page == 19 for c in a.citations)


def test_indicator_named_by_the_question_only(engine):
    # seed 2025 预算 p25 信息化建设项目 › 地图更新面积: ≥49.7平方公里/年 (other indicators not listed)
    a = engine.ask("东西湖区城市运行管理中心地图更新面积指标是多少？")
    assert a.status == "answered" and "49.7平方公里" in a.answer
    assert "等保" not in a.answer and "\n" not in a.answer


def test_a_quarters_plan_is_no_years_figure(engine):
    """A project the filing prints only as four quarters' 用款计划 (万里街道 2024 p33, 158.05万元 each):
    the year's figure is their sum, each quarter shown; one quarter asked gets that quarter."""
    a = engine.ask("万里街道2024年社区公共服务中心新建工程一年要多少钱")
    assert a.status == "answered" and "632.2万元" in a.answer and a.answer.count("158.05万元") == 4
    assert "比2023年" not in a.answer  # a sum of quarters is not compared with another filing's total
    q = engine.ask("万里街道社区公共服务中心新建工程2024年三季度用款计划")
    assert [f.text for f in q.figures] == ["158.05万元"] and q.figures[0].verified


def test_cars_bought_are_not_the_fleet(engine):
    """万里街道 2025 p30: 部门预算安排购置车辆1辆; the fleet is 8辆 (same page, 截至2024年底 车辆8辆)."""
    for q in ("万里街道2025年准备买几辆车", "万里街道2025年购置车辆有多少辆"):
        a = engine.ask(q)
        assert [(f.text, f.verified) for f in a.figures] == [("1辆", True)], q
    fleet = engine.ask("万里街道2025年有几辆车")
    assert [(f.text, f.verified) for f in fleet.figures] == [("8辆", True)]
