"""政府采购 lines under their own names: an item of a procurement table, a project's 采购 line,
never a second figure of the budget term it is charged to (a 培训费 line of 公开12表 is no 培训费)."""

from __future__ import annotations

from decimal import Decimal


def _get(facts, subject, page):
    return [f for f in facts if f.subject == subject and f.page == page and f.table and "政府采购" in f.table]


def test_procurement_items_are_their_own_subjects(facts_of):
    fs = facts_of("jsjcy2019")
    # p22 公开12表: "台式计算机（20 / 万以下） 分散自行组织 9.00" under 办公设备购置 › 办公设备购置 (万元)
    (pc,) = [f for f in _get(fs, "台式计算机（20万以下）", 22) if f.value == Decimal("90000")]
    assert pc.unit == "万元" and pc.row.startswith("办公设备购置 › 办公设备购置 › 台式计算机")
    # p22 "路由器 部门集中采购 25.00", under the 网络、电子检务… 专项 printed rows above (merged cell)
    (router,) = _get(fs, "路由器", 22)
    assert router.value == Decimal("250000") and router.row.startswith("网络、电子检务")
    # p23 "会议服务 分散自行组织 158.44"; "专业技能培训服务 分散自行组织 70.00"
    assert [f.value for f in _get(fs, "会议服务", 23)] == [Decimal("1584400")]
    assert [f.value for f in _get(fs, "专业技能培训服务", 23)] == [Decimal("700000")]
    # p24 检察教育培训经费 培训费 630.00: the procurement of that 专项, not the budget's 培训费
    (proj,) = _get(fs, "检察教育培训经费培训费政府采购预算", 24)
    assert proj.value == Decimal("6300000") and "检察教育培训经费" in proj.locator


def test_procurement_lines_are_not_budget_terms(facts_of):
    fs = facts_of("jsjcy2019")
    in_table = [f for f in fs if f.table and "政府采购" in f.table]
    assert not [f for f in in_table if f.subject in ("培训费", "会议费", "公务用车运行费")]
    # the 货物A / 服务C / 合计 rows keep the table's terms (p22 合计 2,744.84, 一、货物A 303.40)
    assert [f.value for f in in_table if f.subject == "政府采购预算"] == [Decimal("27448400")]
    assert [f.value for f in in_table if f.subject == "政府采购货物预算"] == [Decimal("3034000")]
    # the budget's 培训费 is 700万元 (p20 公开09表, p31 说明) and 30216 培训费 70.00 of 基本支出 (p19);
    # the 630.00 procurement line of 检察教育培训经费 (p24) is none of them
    assert {f.value for f in fs if f.subject == "培训费" and f.measure == "预算数"} == {Decimal("700000"),
                                                                                      Decimal("7000000")}


def test_amounts_of_one_sentence_keep_the_projects_they_are_of(facts_of):
    """普陀区财政局2024决算 p24 (read by eye): 在面向中小企业预留的政府采购项目中 … 采购金额246.47万元；
    在面向小微企业预留政府采购项目中 … 0万元；在其他政府采购项目中 … 4.79万元. Three amounts, three items:
    without the "在…项目中" clause the first and the last would read as one item printed twice."""
    won = {f.subject: f.value for f in facts_of("putuo_js2024")
           if f.source == "prose" and f.page == 24 and f.subject.endswith("中标或成交的采购金额")}
    assert won == {
        "面向中小企业预留的政府采购项目中由中小企业供应商中标或成交的采购金额": Decimal("2464700.00"),
        "面向小微企业预留政府采购项目中由小微企业供应商中标或成交的采购金额": Decimal("0"),
        "其他政府采购项目中由中小企业供应商中标或成交的采购金额": Decimal("47900.00"),
    }


def test_scope_clause_of_my_own_sentence():
    from assistant.parsers.prose import _scoped

    sent = "在框架协议采购项目中，由本地供应商中标的，采购金额12万元"
    assert _scoped(sent, sent.index("由")) == "框架协议采购项目中"
    sent = "本年度采购金额合计，由本地供应商中标的，采购金额12万元"
    assert _scoped(sent, sent.index("由")) == ""
