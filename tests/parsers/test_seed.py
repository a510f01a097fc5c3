"""The seed text filing (东西湖区城市运行管理中心2025年部门预算.txt): prose, the flattened 表11,
the 表12 project sheets, and its known self-contradictions. Pages are the text's pages
(a line starting with a space begins one); figures read by eye."""

from decimal import Decimal


def has(facts, subject, measure, value, page=None, source=None, **kw):
    want = Decimal(str(value))
    hits = [f for f in facts if f.subject == subject and f.measure == measure and f.value == want
            and (page is None or f.page == page) and (source is None or f.source == source)
            and all(getattr(f, k) == v for k, v in kw.items())]
    assert hits, (subject, measure, value, page,
                  [(f.value, f.page, f.source) for f in facts if f.subject == subject and f.measure == measure])
    return hits[0]


def test_sangong_statement_p30(facts_of):
    fs = facts_of("seed")
    f = has(fs, "三公经费", "预算数", 25000, page=30, source="prose")        # 2.5万元
    assert f.unit == "万元"
    assert f.locator == ("第四部分 东西湖区城市运行管理中心2025年部门预算情况说明 › "
                         "七、一般公共预算“三公”经费支出安排情况")
    assert f.quote.startswith("2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减")
    has(fs, "三公经费", "增减额", -10000, page=30, source="prose")             # 比 2024年减少 1万元
    has(fs, "三公经费", "增减率", Decimal("-28.57"), page=30, source="prose")  # 下降 28.57%
    why = [f.text for f in fs if f.subject == "三公经费" and f.measure == "原因"]
    assert why == ["减少公务用车运行费"]
    has(fs, "公务用车购置及运行费", "预算数", 25000, page=30, source="prose")
    has(fs, "公务用车运行费", "预算数", 25000, page=30, source="prose")


def test_budget_statements_p27_to_p32(facts_of):
    fs = [f for f in facts_of("seed") if f.source == "prose"]
    has(fs, "收支总预算", "预算数", 13315000, page=27)                         # 1331.5万元
    has(fs, "收支总预算", "增减额", 4142300, page=27)                          # 增加414.23 万元
    has(fs, "收支总预算", "增减率", Decimal("45.16"), page=27)
    has(fs, "基本支出", "占比", Decimal("36.42"), page=27)
    has(fs, "项目支出", "预算数", 8465500, page=27)                            # 846.55
    f = has(fs, "事业运行", "预算数", 3465800, page=28)                         # 346.58
    assert f.row == "一般公共服务支出 › 政府办公厅（室）及相关机构事务 › 事业运行"
    has(fs, "事业运行", "增减额", 246900, page=28)                             # 24.69
    has(fs, "住房公积金", "预算数", 350700, page=29)                           # 35.07
    has(fs, "提租补贴", "增减率", Decimal("11.76"), page=30)                    # printed on p30
    has(fs, "人员经费", "预算数", 4309400, page=30)                            # 430.94
    has(fs, "机关运行经费", "预算数", 540000, page=31)                         # 54万元
    has(fs, "机关运行经费", "增减额", -59400, page=31)                         # 减少 5.94万元
    has(fs, "机关运行经费", "增减率", Decimal("-9.9"), page=31)
    has(fs, "政府采购预算", "预算数", 7209500, page=31)                        # 720.95
    has(fs, "政府采购服务预算", "预算数", 7179500, page=31)
    has(fs, "国有资产", "金额", 4857300, page=32)                              # 485.73万元
    has(fs, "一般公务用车", "数量", 1, page=32, unit="辆")


def test_unit_slip_is_kept_as_printed_and_flagged(facts_of):
    fs = [f for f in facts_of("seed") if f.source == "prose"]
    slip = has(fs, "支出合计", "预算数", Decimal("1331.5"), page=27)          # "2025年支出预算 1331.5元"
    assert slip.unit == "元" and "unit_suspect" in slip.flags
    assert not [f for f in fs if f.unit == "万元" and "unit_suspect" in f.flags]


def test_table11_rows_p6_p7(facts_of):
    fs = [f for f in facts_of("seed") if f.source == "table"]
    f = has(fs, "财政拨款", "预算数", 13314900, page=6, column="当年金额")     # 1331.49
    assert f.table == "表11.整体支出绩效目标表" and f.row == "收入构成 › 财政拨款"
    has(fs, "财政拨款", "占比", 100, page=6)
    has(fs, "财政拨款", "预算数", 8703100, page=6, ref_year=2023)              # 870.31 (2023年)
    has(fs, "人员类项目支出", "预算数", 4309400, page=6, column="当年金额")   # 430.94
    has(fs, "人员类项目支出", "占比", Decimal("32.37"), page=6)
    has(fs, "运转类项目支出", "预算数", 599400, page=6, ref_year=2024)        # 59.94
    has(fs, "特定目标类项目支出", "预算数", 8465500, page=6, column="当年金额")
    has(fs, "党建", "总预算", 3000, page=7)                                    # 项目支出情况 0.3
    has(fs, "信息化建设项目", "预算数", 3765500, page=7)                       # 376.55


def test_complaint_platform_contradiction_both_values_stand(facts_of):
    """城运中心网上群众投诉平台项目: 135 in 表11 (p7), 131 in 表12 (p19) and in the 说明 (p31)."""
    fs = facts_of("seed")
    name = "城运中心网上群众投诉平台项目"
    has(fs, name, "预算数", 1350000, page=7, source="table")
    has(fs, name, "预算数", 1310000, page=19, source="project")
    has(fs, name, "预算数", 1310000, page=31, source="prose")


def test_table12_project_sheets(facts_of):
    fs = [f for f in facts_of("seed") if f.source == "project"]
    texts = {(f.subject, f.measure, f.page): f.text for f in fs if f.text}
    assert texts[("党建", "负责人", 11)] == "刘方龙"
    assert texts[("党建", "联系电话", 11)] == "83089917"
    assert texts[("党建", "项目编码", 11)].startswith("42011225017T00000010")
    assert texts[("城运中心网上群众投诉平台项目", "负责人", 19)] == "焦精美"
    assert texts[("城运中心网上群众投诉平台项目", "联系电话", 19)] == "13638643083"
    assert texts[("信息化建设项目", "负责人", 25)] == "李梦雅"
    has(fs, "党建", "预算数", 2600, page=11, ref_year=2023)                    # 2023年预算 0.26万元
    has(fs, "城运中心网上群众投诉平台项目", "预算数", 1527000, page=19, ref_year=2023)   # 152.7万元
    has(fs, "城运中心网上群众投诉平台项目", "总预算", 1310000, page=19)
    has(fs, "编外辅助用工", "资金来源", 1150000, page=14, row="一般公共预算财政拨款")
    # a project's cost lines are subjects of their own; the project stays in row and locator
    has(fs, "纸制品", "采购金额", 30000, page=18, row="履职工作经费 › 纸制品")           # 纸制品 1 3
    has(fs, "无人机保险及运营服务", "采购金额", 1098600, page=25, row="信息化建设项目 › 无人机保险及运营服务")  # 109.86
    has(fs, "实景三维地图更新服务", "采购金额", 1553100, page=25, column="数量 49.7平方公里")  # 155.31
    has(fs, "OA维护服务", "采购金额", 1300000, page=23, row="城运中心协同办公系统工作经费 › OA维护服务")
    # the 品名 cell wraps over three lines (p20: "区城市运行管理中心网 / 上群众投诉平台坐席服 / 务外包 / 1 131")
    has(fs, "区城市运行管理中心网上群众投诉平台坐席服务外包", "采购金额", 1310000, page=20)
    # 明细测算: the 活动 cell before its 用于… 内容表述; a wrapped 测算依据 ("度涨幅测算。") is not the next name
    has(fs, "辅助岗位人员工资", "明细测算", 1128000, page=15, row="编外辅助用工 › 辅助岗位人员工资")  # 112.8
    has(fs, "工会经费", "明细测算", 22000, page=15)                                     # 2.2
    has(fs, "实景三维和无人机资源维护项目", "明细测算", 2651700, page=25)               # 265.17
    has(fs, "融合通信语音服务", "明细测算", 20000, page=25)                             # 2.00
    assert all("信息化建设项目" in f.locator for f in fs if f.subject == "融合通信语音服务")
    ind = {(f.subject, f.row): f.text for f in fs if f.measure == "指标值"}
    assert ind[("信息化建设项目", "地图更新面积")] == "≥49.7平方公里/年"   # p25
    assert ind[("信息化建设项目", "设备故障率")] == "≤5%"


def test_table12_indicator_names_wrapped_over_lines(facts_of):
    # seed p26 年度绩效目标表 (前年 上年 cells printed "/ /"): "等保及密评数量 / / 12项 计划数据",
    # "设备故障率 / / ≤5% 计划数据"; a row closed by its 依据 cell never lends its words to the next name
    ind = {(f.subject, f.page, f.row): f.text for f in facts_of("seed") if f.measure == "指标值"}
    assert ind[("信息化建设项目", 26, "等保及密评数量")] == "12项"
    assert ind[("信息化建设项目", 26, "设备故障率")] == "≤5%"
    # p15: "辅助岗位人员数量 11人/年" follows a row "…费用 不超过标准 其他数据"
    assert ind[("编外辅助用工", 15, "辅助岗位人员数量")] == "11人/年"
    # p18: "法律咨询服务费用 ≤3万/年" follows the 年度绩效目标 text above the grid's header
    assert ind[("履职工作经费", 18, "法律咨询服务费用")] == "≤3万/年"
    assert not [k for k in ind if "/" in (k[2] or "") or "。" in (k[2] or "")]
