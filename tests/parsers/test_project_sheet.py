"""Project sheets of the Shanghai family: the ruled 财政项目支出绩效目标填报表 (万里2023,
p31–35, amounts in 元) and the 项目经费情况说明 年度预算安排."""

from decimal import Decimal


def _proj(facts_of, key):
    return [f for f in facts_of(key) if f.source == "project"]


def test_wanli2023_ruled_sheets(facts_of):
    fs = _proj(facts_of, "wanli2023")
    names = sorted({f.subject for f in fs if f.measure == "项目名称"})
    assert names == sorted(["新建万里街道社区公共服务中心", "就业援助基地补贴", "社区环境整治和建设经费",
                            "各类工作经费", "公共服务设施运行经费"])
    val = {(f.subject, f.measure, f.page): f.value for f in fs if f.value is not None}
    assert val[("就业援助基地补贴", "总预算", 32)] == Decimal("6351000.00")          # 6,351,000.00 元
    assert val[("就业援助基地补贴", "当年财政拨款", 32)] == Decimal("6351000.00")
    assert val[("新建万里街道社区公共服务中心", "预算数", 31)] == Decimal("4100000.00")
    assert val[("各类工作经费", "总预算", 34)] == Decimal("7595500.00")               # printed without commas
    assert val[("公共服务设施运行经费", "当年财政拨款", 35)] == Decimal("11419043.00")  # differs from 10,903,043 as printed
    assert val[("公共服务设施运行经费", "总预算", 35)] == Decimal("10903043.00")
    txt = {(f.subject, f.measure, f.page): f.text for f in fs if f.text}
    assert txt[("就业援助基地补贴", "项目性质", 32)] == "经常性项目"
    assert txt[("公共服务设施运行经费", "项目类别", 35)] == "其他运转类"
    ind = {(f.subject, f.row): f.text for f in fs if f.measure == "指标值"}
    assert ind[("就业援助基地补贴", "产出指标 › 数量指标 › 补贴对象申请审核完成率")] == "=100.00(%)"
    assert ind[("就业援助基地补贴", "满意度指标 › 服务对象满意度指标 › 补贴对象满意度")] == "≥80.00(%)"
    assert ind[("新建万里街道社区公共服务中心", "产出指标 › 数量指标 › 规划建筑面积")] == "≥13459.00(平方米)"
    assert ind[("社区环境整治和建设经费", "产出指标 › 数量指标 › 整治行动、病媒消杀")] == "≥12.00(次)"


def test_project_notes_quarterly_plan(facts_of):
    # The plan belongs to the project its 项目概况 names ("…建设的万里街道社区公共服务中心新建工程，位于…"),
    # so a question naming the project finds it; the measure is the quarter's plan as printed.
    name = "万里街道社区公共服务中心新建工程"
    w23 = {(f.subject, f.measure, f.page): f.value for f in _proj(facts_of, "wanli2023")}
    assert w23[(name, "第一季度用款计划", 30)] == Decimal("258800.00")        # 25.88万元
    assert w23[(name, "第二季度用款计划", 30)] == Decimal("1807400.00")       # 180.74万元
    w24 = {(f.subject, f.measure, f.page): f.value for f in _proj(facts_of, "wanli2024")}
    assert w24[(name, "第四季度用款计划", 33)] == Decimal("1580500.00")       # 158.05万元
    w25 = {(f.subject, f.measure, f.page): f.value for f in _proj(facts_of, "wanli2025")}
    assert w25[(name, "第一季度用款计划", 31)] == Decimal("150000")           # 15万元
    p25 = {(f.subject, f.page): f.value for f in _proj(facts_of, "putuo2025")}
    assert p25[("中介机构服务费", 24)] == Decimal("4188000.00")          # 418.80万元
    assert p25[("信息化系统日常维护费", 24)] == Decimal("1666600.00")


def test_no_project_sheet_in_procurement_tables(facts_of):
    for key in ("jsjcy2017", "jsjcy2018", "jsjcy2019"):
        assert not [f for f in _proj(facts_of, key) if f.measure == "项目名称"]
