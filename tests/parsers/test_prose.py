"""Prose facts of the 说明 parts, one block per filing. Gold figures are read off the printed
page (noted) and converted to 元 by hand; 增减 signs follow the printed verb (减少/下降 → −)."""

from decimal import Decimal

import pytest


def _prose(facts_of, key):
    return [f for f in facts_of(key) if f.source == "prose"]


def has(facts, subject, measure, value, page=None, unit=None, ref_year="any", row=None):
    """A fact with exactly this value (money in 元) exists; returns it."""
    want = Decimal(str(value))
    hits = [f for f in facts if f.subject == subject and f.measure == measure and f.value is not None
            and f.value == want and (page is None or f.page == page) and (unit is None or f.unit == unit)
            and (ref_year == "any" or f.ref_year == ref_year) and (row is None or row in (f.row or ""))]
    assert hits, (subject, measure, value, page,
                  [(f.value, f.page, f.unit, f.row) for f in facts if f.subject == subject and f.measure == measure])
    return hits[0]


# ---------------------------------------------------------------- Shanghai 万里街道 2025
def test_wanli2025_sangong_and_other_statements(facts_of):
    fs = _prose(facts_of, "wanli2025")
    # p30 其他相关情况说明 一、2025年“三公”经费预算情况说明
    f = has(fs, "三公经费", "预算数", 379100, page=30, unit="万元")           # 37.91万元
    assert f.locator == "其他相关情况说明 › 一、2025年“三公”经费预算情况说明"
    assert "37.91万元" in f.quote
    has(fs, "三公经费", "增减额", -100000, page=30)                           # 比2024年预算减少10万元
    has(fs, "因公出国（境）费", "预算数", 0, page=30)
    has(fs, "因公出国（境）费", "增减额", 0, page=30)                          # 比2024年预算持平
    has(fs, "公务用车购置及运行费", "预算数", 365600, page=30)                 # 36.56万元
    has(fs, "公务用车购置费", "预算数", 150000, page=30)                       # 15万元
    has(fs, "公务用车购置费", "增减额", -100000, page=30)
    reasons = [f.text for f in fs if f.subject == "公务用车购置费" and f.measure == "原因"]
    assert reasons == ["购置车辆类型不同"]
    has(fs, "公务用车运行费", "预算数", 215600, page=30)                       # 21.56万元
    has(fs, "公务接待费", "预算数", 13500, page=30)                            # 1.35万元
    has(fs, "机关运行经费", "预算数", 4646400, page=30)                        # 464.64万元
    has(fs, "政府采购预算", "预算数", 48212000, page=30)                       # 4821.20万元
    has(fs, "政府采购货物预算", "预算数", 574300, page=30)                     # 57.43
    has(fs, "政府采购工程预算", "预算数", 37807200, page=30)                   # 3780.72
    has(fs, "政府采购服务预算", "预算数", 9830500, page=30)                    # 983.05
    has(fs, "中小企业预留政府采购预算", "预算数", 19284800, page=30)           # 1928.48
    has(fs, "小微企业预留政府采购预算", "预算数", 13499400, page=30)           # 1349.94
    has(fs, "绩效目标项目", "数量", 49, page=30, unit="个")
    has(fs, "绩效目标项目资金", "预算数", 88259800, page=30)                   # 8825.98万元
    has(fs, "车辆", "数量", 8, page=30, unit="辆")
    has(fs, "购置车辆", "数量", 1, page=30, unit="辆")
    has(fs, "其他用车", "数量", 8, page=30, row="车辆")


def test_wanli2025_budget_notes_p6(facts_of):
    fs = _prose(facts_of, "wanli2025")
    has(fs, "收入合计", "预算数", 189767600, page=6)                            # 18,976.76万元
    has(fs, "财政拨款收入", "增减额", 33556500, page=6)                        # 增加3,355.65万元
    has(fs, "政府性基金", "增减额", 0, page=6)                                 # 持平
    f = has(fs, "专项普查活动", "预算数", 438300, page=6)                      # 43.83万元
    assert f.row == "一般公共服务支出 › 统计信息事务 › 专项普查活动"
    has(fs, "住房公积金", "预算数", 3846700, page=8, row="住房改革支出")       # 384.67万元


# ---------------------------------------------------------------- Shanghai 万里街道 2024 / 2023
def test_wanli2024(facts_of):
    fs = _prose(facts_of, "wanli2024")
    # p32
    has(fs, "三公经费", "预算数", 479100, page=32)                             # 47.91
    has(fs, "三公经费", "增减额", 250000, page=32)                             # 增加25万元
    has(fs, "公务用车购置及运行费", "预算数", 465600, page=32)
    has(fs, "公务用车购置费", "预算数", 250000, page=32)
    has(fs, "机关运行经费", "预算数", 4431800, page=32)                        # 443.18
    has(fs, "政府采购预算", "预算数", 16624400, page=32)                       # 1662.44
    has(fs, "政府采购货物预算", "预算数", 939800, page=32)
    has(fs, "政府采购工程预算", "预算数", 8158700, page=32)
    has(fs, "政府采购服务预算", "预算数", 7525900, page=32)
    has(fs, "中小企业预留政府采购预算", "预算数", 6649800, page=32)
    has(fs, "绩效目标项目", "数量", 50, page=32)
    has(fs, "绩效目标项目资金", "预算数", 56348100, page=32)
    has(fs, "车辆", "数量", 7, page=32)
    # p6
    has(fs, "收入合计", "预算数", 156211100, page=6)                            # 15621.11
    has(fs, "财政拨款收入", "增减额", -8767500, page=6)                        # 减少876.75
    has(fs, "专项普查活动", "预算数", 257700, page=6)                          # 25.77
    has(fs, "专项普查活动", "执行数", 601300, page=6, ref_year=2023)           # 2023年当年预算执行数为60.13
    has(fs, "专项普查活动", "增减率", Decimal("-57.14"), page=6)


def test_wanli2023(facts_of):
    fs = _prose(facts_of, "wanli2023")
    has(fs, "三公经费", "预算数", 229100, page=29)                             # 22.91
    has(fs, "公务用车运行费", "预算数", 215600, page=29)
    has(fs, "机关运行经费", "预算数", 7860900, page=29)                        # 786.09
    has(fs, "政府采购预算", "预算数", 8300000, page=29)                        # 830.00
    has(fs, "政府采购货物预算", "预算数", 100000, page=29)
    has(fs, "政府采购工程预算", "预算数", 5500000, page=29)
    has(fs, "政府采购服务预算", "预算数", 2700000, page=29)
    has(fs, "小微企业预留政府采购预算", "预算数", 2324000, page=29)
    has(fs, "绩效目标项目", "数量", 5, page=29)
    has(fs, "绩效目标项目资金", "预算数", 33281300, page=29)
    has(fs, "车辆", "数量", 7, page=29)
    has(fs, "收入合计", "预算数", 164978600, page=6)                            # 16497.86
    has(fs, "统计管理", "预算数", 26300, page=6)                                # 2.63万元
    has(fs, "统计管理", "执行数", 14800, page=6, ref_year=2022)                 # 1.48万元
    has(fs, "统计管理", "增减率", Decimal("77.70"), page=6)


# ---------------------------------------------------------------- Shanghai 普陀区财政局 2025, 上海市财政局 2025
def test_putuo2025(facts_of):
    fs = _prose(facts_of, "putuo2025")
    has(fs, "三公经费", "预算数", 9500, page=22)                               # 0.95
    has(fs, "三公经费", "增减额", 0, page=22)                                  # 持平
    has(fs, "公务接待费", "预算数", 9500, page=22)
    has(fs, "机关运行经费", "预算数", 2294300, page=22)                        # 229.43
    has(fs, "政府采购预算", "预算数", 1170000, page=22)                        # 117.00
    has(fs, "政府采购货物预算", "预算数", 170000, page=22)
    has(fs, "政府采购服务预算", "预算数", 1000000, page=22)
    has(fs, "绩效目标项目", "数量", 4, page=22)
    has(fs, "绩效目标项目资金", "预算数", 5984600, page=22)                    # 598.46
    has(fs, "财政业务费", "预算数", 100000, page=22)                           # "财 政 业 务 费 10.00 万 元"
    has(fs, "车辆", "数量", 0, page=22)
    has(fs, "收入合计", "预算数", 31214200, page=7)                             # 3,121.42
    has(fs, "财政拨款收入", "增减额", 1076200, page=7)                          # 107.62
    has(fs, "行政运行", "预算数", 16231800, page=7, row="财政事务")             # 1,623.18
    has(fs, "购房补贴", "预算数", 2687700, page=7)                              # 268.77


def test_shczj2025(facts_of):
    fs = _prose(facts_of, "shczj2025")
    has(fs, "三公经费", "预算数", 3463000, page=21)                            # 346.30
    has(fs, "三公经费", "增减额", 0, page=21)
    has(fs, "因公出国（境）费", "预算数", 2887000, page=21)                    # 288.70
    has(fs, "公务用车购置及运行费", "预算数", 322000, page=21)
    has(fs, "公务用车购置费", "预算数", 0, page=21)
    has(fs, "公务接待费", "预算数", 254000, page=21)
    has(fs, "机关运行经费", "预算数", 25177800, page=21)                       # 2,517.78
    has(fs, "政府采购预算", "预算数", 17080300, page=21)                       # 1,708.03
    has(fs, "政府采购货物预算", "预算数", 425000, page=21)
    has(fs, "政府采购服务预算", "预算数", 16655300, page=21)
    has(fs, "绩效目标项目", "数量", 12, page=21)
    has(fs, "绩效目标项目资金", "预算数", 42225100, page=21)                   # 4,222.51
    has(fs, "收入合计", "预算数", 171920000, page=6)                            # 17,192
    has(fs, "财政拨款收入", "增减额", -9900000, page=6)                        # 减少990万元
    has(fs, "一般公共服务支出", "预算数", 127890000, page=6)                    # 12,789万元


# ---------------------------------------------------------------- Shanghai 决算
def test_putuo_final_accounts(facts_of):
    fs = _prose(facts_of, "putuo_js2024")
    has(fs, "收支总预算", "决算数", 29953900, page=21)                          # 2995.39
    has(fs, "收支总预算", "增减额", -569500, page=21)                           # 减少56.95
    has(fs, "收支总预算", "增减率", Decimal("-1.87"), page=21)
    has(fs, "财政拨款收入", "决算数", 29400500, page=21)
    has(fs, "财政拨款收入", "占比", Decimal("99.79"), page=21)
    has(fs, "一般公共预算", "预算数", 29939200, page=21)                        # 年初预算为2993.92
    has(fs, "一般公共预算", "完成率", Decimal("98.20"), page=21)
    # p22: the figures pdfplumber's default text puts on lines of their own
    has(fs, "住房公积金", "预算数", 1877500, page=22, row="住房改革支出")       # 年初预算为187.75
    has(fs, "住房公积金", "决算数", 1871900, page=22, row="住房改革支出")       # 支出决算为187.19
    has(fs, "行政运行", "预算数", 15600500, page=22)
    has(fs, "行政运行", "决算数", 15118900, page=22)
    has(fs, "基本支出", "决算数", 23369100, page=23)                            # 2336.91
    has(fs, "人员经费", "决算数", 21522600, page=23)                            # 2152.26
    has(fs, "公用经费", "决算数", 1846500, page=23)                             # 184.65
    has(fs, "三公经费", "预算数", 9500, page=23)                                # 年初预算为0.95
    has(fs, "机关运行经费", "增减率", Decimal("1.40"), page=24)
    has(fs, "政府采购预算", "决算数", 2512500, page=24)


# ---------------------------------------------------------------- Jiangsu
def test_jsjcy2019(facts_of):
    fs = _prose(facts_of, "jsjcy2019")
    f = has(fs, "收支总预算", "预算数", 241697400, page=25)                     # 24,169.74万元
    assert "24,169.74" in f.quote and f.locator.startswith("第三部分 2019年度部门预算情况说明")
    has(fs, "收支总预算", "增减额", 22143900, page=25)                          # 增加 2214.39万元
    has(fs, "收支总预算", "增减率", Decimal("10.06"), page=25)
    has(fs, "一般公共预算", "增减额", 22287800, page=25)
    has(fs, "基本支出", "增减率", Decimal("13.22"), page=26)
    has(fs, "项目支出", "增减额", -12377000, page=26)                           # 减少了1237.7
    has(fs, "单位预留机动经费", "预算数", 39904000, page=26)
    has(fs, "行政运行", "预算数", 122686200, page=27, row="检察")
    has(fs, "因公出国（境）费", "占比", Decimal("19.1"), page=30)
    has(fs, "因公出国（境）费", "增减额", -200000, page=30)
    has(fs, "公务用车运行费", "增减额", -308000, page=31)                       # "减少\n30.8 万元" across pages
    has(fs, "会议费", "预算数", 1584400, page=31)
    has(fs, "培训费", "增减额", 0, page=31)                                     # 与上年持平
    has(fs, "机关运行经费", "增减率", Decimal("-12.14"), page=31)
    has(fs, "政府采购货物预算", "预算数", 3034000, page=32)
    has(fs, "车辆", "数量", 55, page=32)
    has(fs, "执法执勤用车", "数量", 40, page=32)


def test_jsjcy2018(facts_of):
    fs = _prose(facts_of, "jsjcy2018")
    has(fs, "收支总预算", "预算数", 219553500, page=23)                          # 21,955.35
    has(fs, "收支总预算", "增减额", 39586700, page=23)                           # 增加 3,958.67 万元
    has(fs, "一般公共预算", "预算数", 219409600, page=23)
    has(fs, "其他资金", "增减额", -6100, page=23)                                # 减少0.61
    has(fs, "公共安全支出", "增减率", Decimal("20.52"), page=24)
    has(fs, "社会保障和就业支出", "增减率", Decimal("-9.1"), page=24)           # 降幅 9.1 %
    has(fs, "人员经费", "预算数", 112573500, page=28)
    has(fs, "因公出国（境）费", "占比", Decimal("20.65"), page=28)
    has(fs, "公务接待费", "增减额", -400500, page=29)                           # 本年数小于上年预算数 40.05
    has(fs, "会议费", "增减额", 324400, page=29)
    has(fs, "机关运行经费", "增减率", Decimal("-54.9"), page=29)
    has(fs, "政府采购预算", "预算数", 30962400, page=30)
    has(fs, "政府采购服务预算", "预算数", 28282400, page=30)
    has(fs, "绩效目标项目", "数量", 5, page=30)
    has(fs, "绩效目标项目资金", "预算数", 50860000, page=30)


def test_jsjcy2017(facts_of):
    fs = _prose(facts_of, "jsjcy2017")
    has(fs, "收支总预算", "预算数", 179966800, page=18)                          # 17996.68
    has(fs, "收支总预算", "增减率", Decimal("8.85"), page=18)
    has(fs, "其他资金", "增减率", Decimal("170.27"), page=18)
    has(fs, "基本支出", "预算数", 123234600, page=19)                            # 12323.46 (as printed)
    has(fs, "基本支出", "预算数", 123234800, page=19)                            # 12323.48, 占 68.48%
    has(fs, "项目支出", "增减率", Decimal("-0.36"), page=19)
    has(fs, "行政运行", "增减额", 3003800, page=20)
    has(fs, "公用经费", "预算数", 25980600, page=21)
    has(fs, "机关运行经费", "增减率", Decimal("129.97"), page=22)
    has(fs, "公务用车购置费", "预算数", 500000, page=22)
    has(fs, "公务用车运行费", "预算数", 2678000, page=22)
    has(fs, "公务接待费", "增减额", -296500, page=23)                            # 小于上年预算数 29.65
    has(fs, "培训费", "增减额", -2200000, page=23)
    has(fs, "政府采购预算", "预算数", 28898000, page=23)
    has(fs, "政府采购服务预算", "预算数", 25558000, page=23)


def test_reasons_skip_figures_inside_them(facts_of):
    """"二是纳入2018年预算管理的700万元培训费收入" is part of a reason, not a 700万元 fact."""
    fs = _prose(facts_of, "jsjcy2019")
    assert not [f for f in fs if f.value == Decimal(7000000) and f.page == 26]
    r = [f for f in fs if f.subject == "项目支出" and f.measure == "原因" and f.page == 26]
    assert r and "700万元培训费收入" in r[0].text
