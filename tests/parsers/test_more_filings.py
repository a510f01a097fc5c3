"""The eight filings added for issue 8, checked against figures read off their pages by eye
(pdfplumber page text; page noted in each row, 万元 converted to 元 by hand). Never copied from
the parser's output.

Each row: filing, page, source (table/prose), subject (None: whatever the parser calls it), measure
(None: any), a piece of the column path (None: any), 科目 code (None: any), value in 元, unit as printed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from corpus_files import IDENTITY, title_of

W, Y = "万元", "元"
T, P = "table", "prose"
NEW = ("swj2025", "swj_dw2025", "ptzfb2025", "ghzy_js2024", "shgzb_js2024", "fly_dw2024", "jsfy2018", "jsfy2019")

GOLD = [
    # ---- 上海市普陀区商务委员会 2025 部门预算 (元 tables; 三公 table in 万元)
    ("swj2025", 9, T, "收支总预算", None, "本年收入", None, "371514655.00", Y),      # 收入总计
    ("swj2025", 9, T, "收支总预算", None, "本年支出", None, "371514655.00", Y),      # 支出总计
    ("swj2025", 9, T, "财政拨款收入", None, "本年收入", None, "371514655.00", Y),
    ("swj2025", 9, T, "资源勘探工业信息等支出", None, "本年支出", None, "293810000.00", Y),
    ("swj2025", 11, T, "住房公积金", None, "合计", "2210201", "1361034.00", Y),
    ("swj2025", 13, T, None, None, "基本支出", None, "19830655.00", Y),              # 合计 row, alone on p13
    ("swj2025", 13, T, None, None, "项目支出", None, "351684000.00", Y),
    ("swj2025", 14, T, "收支总预算", None, "财政拨款收入", None, "371514655.00", Y),  # 财政拨款 收入总计
    ("swj2025", 19, T, "工资福利支出", None, "人员经费", "301", "16671057.00", Y),
    ("swj2025", 20, T, "公务接待费", None, "公用经费", "30217", "10000.00", Y),
    ("swj2025", 20, T, None, None, "人员经费", None, "18120593.00", Y),              # 合计 row
    ("swj2025", 20, T, None, None, "公用经费", None, "1710062.00", Y),
    ("swj2025", 21, T, "三公经费", None, "合计", None, "10000", W),                  # 1.00
    ("swj2025", 21, T, "因公出国（境）费", None, None, None, "0", W),                # blank cell
    ("swj2025", 21, T, "公务接待费", None, None, None, "10000", W),                  # 1.00
    ("swj2025", 21, T, "公务用车购置及运行费", None, "小计", None, "0", W),
    ("swj2025", 21, T, "公务用车购置费", None, None, None, "0", W),
    ("swj2025", 21, T, "公务用车运行费", None, None, None, "0", W),
    ("swj2025", 21, T, "机关运行经费", None, None, None, "1710100", W),              # 171.01
    ("swj2025", 22, P, "三公经费", "预算数", None, None, "10000", W),
    ("swj2025", 22, P, "机关运行经费", "预算数", None, None, "1710100", W),
    ("swj2025", 22, P, "政府采购预算", "预算数", None, None, "382000", W),           # 38.20
    ("swj2025", 22, P, "政府采购货物预算", "预算数", None, None, "78000", W),        # 7.80
    ("swj2025", 22, P, "政府采购服务预算", "预算数", None, None, "304000", W),       # 30.40
    # ---- the same department's 2025 单位预算 (its 财务收支总表 splits 支出 into 基本/项目)
    ("swj_dw2025", 9, T, "收支总预算", None, "本年收入", None, "371514655.00", Y),
    ("swj_dw2025", 9, T, "收支总预算", None, "人员经费", None, "18120593.00", Y),    # 支出总计 row
    ("swj_dw2025", 9, T, "收支总预算", None, "公用经费", None, "1710062.00", Y),
    ("swj_dw2025", 9, T, "收支总预算", None, "项目支出", None, "351684000.00", Y),
    ("swj_dw2025", 9, T, "一般公共服务支出", None, "项目支出", None, "9310000.00", Y),
    ("swj_dw2025", 11, T, "住房公积金", None, "合计", "2210201", "1361034.00", Y),
    ("swj_dw2025", 13, T, None, None, "基本支出", None, "19830655.00", Y),
    ("swj_dw2025", 13, T, None, None, "项目支出", None, "351684000.00", Y),
    ("swj_dw2025", 14, T, "收支总预算", None, "财政拨款收入", None, "371514655.00", Y),
    ("swj_dw2025", 19, T, "工资福利支出", None, "人员经费", "301", "16671057.00", Y),
    ("swj_dw2025", 20, T, None, None, "人员经费", None, "18120593.00", Y),
    ("swj_dw2025", 20, T, None, None, "公用经费", None, "1710062.00", Y),
    ("swj_dw2025", 21, T, "三公经费", None, "合计", None, "10000", W),
    ("swj_dw2025", 21, T, "因公出国（境）费", None, None, None, "0", W),
    ("swj_dw2025", 21, T, "公务接待费", None, None, None, "10000", W),
    ("swj_dw2025", 21, T, "公务用车购置及运行费", None, "小计", None, "0", W),
    ("swj_dw2025", 21, T, "机关运行经费", None, None, None, "1710100", W),
    ("swj_dw2025", 22, P, "三公经费", "预算数", None, None, "10000", W),
    ("swj_dw2025", 22, P, "机关运行经费", "预算数", None, None, "1710100", W),
    ("swj_dw2025", 22, P, "政府采购预算", "预算数", None, None, "382000", W),
    ("swj_dw2025", 22, P, "政府采购服务预算", "预算数", None, None, "304000", W),
    # ---- 上海市普陀区人民政府办公室 2025 部门预算
    ("ptzfb2025", 8, T, "收支总预算", None, "本年收入", None, "91016775.35", Y),
    ("ptzfb2025", 8, T, "收支总预算", None, "本年支出", None, "91016775.35", Y),
    ("ptzfb2025", 8, T, "一般公共服务支出", None, "本年支出", None, "82096797.42", Y),
    ("ptzfb2025", 10, T, "住房公积金", None, "合计", "2210201", "1741445.22", Y),
    ("ptzfb2025", 12, T, None, None, "基本支出", None, "24606775.35", Y),            # 合计 row on p12
    ("ptzfb2025", 12, T, None, None, "项目支出", None, "66410000.00", Y),
    ("ptzfb2025", 13, T, "收支总预算", None, "财政拨款收入", None, "91016775.35", Y),
    ("ptzfb2025", 14, T, "行政运行", None, "合计", "2010301", "12029501.84", Y),
    ("ptzfb2025", 14, T, "一般行政管理事务", None, "项目支出", "2010302", "46140000.00", Y),
    ("ptzfb2025", 19, T, "公务接待费", None, "公用经费", "30217", "185000.00", Y),
    ("ptzfb2025", 19, T, None, None, "人员经费", None, "22473997.81", Y),            # 合计 row
    ("ptzfb2025", 19, T, None, None, "公用经费", None, "2132777.54", Y),
    ("ptzfb2025", 20, T, "三公经费", None, "合计", None, "8675000", W),              # 867.50
    ("ptzfb2025", 20, T, "因公出国（境）费", None, None, None, "8390000", W),        # 839.00
    ("ptzfb2025", 20, T, "公务接待费", None, None, None, "285000", W),               # 28.50
    ("ptzfb2025", 20, T, "公务用车购置及运行费", None, "小计", None, "0", W),        # blank cells
    ("ptzfb2025", 20, T, "公务用车运行费", None, None, None, "0", W),
    ("ptzfb2025", 20, T, "机关运行经费", None, None, None, "2132800", W),            # 213.28
    ("ptzfb2025", 21, P, "三公经费", "预算数", None, None, "8675000", W),
    ("ptzfb2025", 21, P, "因公出国（境）费", "预算数", None, None, "8390000", W),
    ("ptzfb2025", 21, P, "机关运行经费", "预算数", None, None, "2132800", W),
    ("ptzfb2025", 21, P, "政府采购预算", "预算数", None, None, "340000", W),
    ("ptzfb2025", 21, P, "政府采购服务预算", "预算数", None, None, "340000", W),
    # ---- 上海市普陀区社会福利院 2024 单位预算 (元 without 分)
    ("fly_dw2024", 7, T, "收支总预算", None, "本年收入", None, "12121164", Y),
    ("fly_dw2024", 7, T, "收支总预算", None, "人员经费", None, "7380214", Y),
    ("fly_dw2024", 7, T, "收支总预算", None, "公用经费", None, "2120950", Y),
    ("fly_dw2024", 7, T, "收支总预算", None, "项目支出", None, "2620000", Y),
    ("fly_dw2024", 7, T, "财政拨款收入", None, "本年收入", None, "9501164", Y),
    ("fly_dw2024", 7, T, "事业收入", None, "本年收入", None, "2620000", Y),
    ("fly_dw2024", 8, T, "社会福利事业单位", None, "合计", "2081005", "9584796", Y),
    ("fly_dw2024", 9, T, "项目支出", None, "项目支出", None, "2620000", Y),             # 合计 row (a stray "7" in 类)
    ("fly_dw2024", 9, T, "基本支出", None, "基本支出", None, "9501164", Y),
    ("fly_dw2024", 10, T, "收支总预算", None, "财政拨款收入", None, "9501164", Y),
    ("fly_dw2024", 14, T, "商品和服务支出", None, "公用经费", "302", "2120950", Y),
    ("fly_dw2024", 14, T, None, None, "人员经费", None, "7380214", Y),               # 合计 row
    ("fly_dw2024", 15, T, "三公经费", None, "合计", None, "64000", W),               # 6.4
    ("fly_dw2024", 15, T, "因公出国（境）费", None, None, None, "0", W),
    ("fly_dw2024", 15, T, "公务接待费", None, None, None, "0", W),
    ("fly_dw2024", 15, T, "公务用车购置及运行费", None, "小计", None, "64000", W),
    ("fly_dw2024", 15, T, "公务用车购置费", None, None, None, "0", W),               # blank cell
    ("fly_dw2024", 15, T, "公务用车运行费", None, None, None, "64000", W),
    ("fly_dw2024", 15, T, "机关运行经费", None, None, None, "0", W),
    ("fly_dw2024", 16, P, "三公经费", "预算数", None, None, "64000", W),             # 6.40
    ("fly_dw2024", 16, P, "政府采购预算", "预算数", None, None, "1206000", W),       # 120.60
    ("fly_dw2024", 16, P, "政府采购服务预算", "预算数", None, None, "1206000", W),
    # ---- 上海市普陀区规划和自然资源局 2024 部门决算 (万元; 7-digit codes; wrapped row labels)
    ("ghzy_js2024", 7, T, "财政拨款收入", None, "决算数", None, "97465000", W),   # 一、一般公共预算财政拨款收入 9746.50
    ("ghzy_js2024", 7, T, "城乡社区支出", None, "决算数", None, "38452500", W),              # 3845.25
    ("ghzy_js2024", 7, T, "收支总预算", None, "收入", None, "98593800", W),                  # 总计 9859.38
    ("ghzy_js2024", 7, T, "收支总预算", None, "支出", None, "98593800", W),
    ("ghzy_js2024", 8, T, "机关事业单位基本养老保险缴费支出", None, "本年收入合计", "2080505", "4461100", W),
    ("ghzy_js2024", 10, T, None, None, "基本支出", None, "53776400", W),                     # 合计 5377.64
    ("ghzy_js2024", 10, T, None, None, "项目支出", None, "43817400", W),                     # 4381.74
    ("ghzy_js2024", 11, T, "事业运行", None, "项目支出", "2200150", "20770900", W),          # 2077.09
    ("ghzy_js2024", 13, T, "收支总预算", None, "收入", None, "97465000", W),                 # 财政拨款 总计
    ("ghzy_js2024", 15, T, None, None, "基本支出", None, "53647500", W),                     # 一般公共预算 合计 5364.75
    ("ghzy_js2024", 16, T, "人员经费合计", None, None, None, "48840900", W),                 # 4884.09
    ("ghzy_js2024", 16, T, "公用经费合计", None, None, None, "4806600", W),                  # 480.66
    ("ghzy_js2024", 16, T, "工资福利支出", None, None, "301", "48161400", W),                # 4816.14
    ("ghzy_js2024", 16, T, "公务接待费", None, None, "30217", "3900", W),                    # 0.39
    ("ghzy_js2024", 17, T, "三公经费", None, "预算数", None, "28500", W),                    # 2.85
    ("ghzy_js2024", 17, T, "三公经费", None, "决算数", None, "3900", W),                     # 0.39
    ("ghzy_js2024", 17, T, "公务接待费", None, "预算数", None, "28500", W),
    ("ghzy_js2024", 17, T, "公务接待费", None, "决算数", None, "3900", W),
    ("ghzy_js2024", 17, T, "因公出国（境）费", None, "决算数", None, "0", W),
    ("ghzy_js2024", 17, T, "公务用车购置及运行费", None, "决算数", None, "0", W),
    ("ghzy_js2024", 20, P, "收支总预算", "决算数", None, None, "98593800", W),               # 收入支出总计 9859.38
    ("ghzy_js2024", 20, P, "基本支出", "决算数", None, None, "53776400", W),
    ("ghzy_js2024", 20, P, "项目支出", "决算数", None, None, "43817400", W),
    ("ghzy_js2024", 25, P, "三公经费", "决算数", None, None, "3900", W),
    ("ghzy_js2024", 27, P, "机关运行经费", "决算数", None, None, "1428000", W),              # 142.80
    ("ghzy_js2024", 27, P, "政府采购预算", "决算数", None, None, "23192100", W),             # 2319.21
    # ---- 中共上海市普陀区委社会工作部 2024 部门决算 (万元; an empty 三公 table)
    ("shgzb_js2024", 5, T, "财政拨款收入", None, "决算数", None, "3078200", W),  # 一、一般公共预算财政拨款收入 307.82
    ("shgzb_js2024", 5, T, "一般公共服务支出", None, "决算数", None, "2648700", W),          # 264.87
    ("shgzb_js2024", 5, T, "住房保障支出", None, "决算数", None, "294200", W),               # 29.42
    ("shgzb_js2024", 5, T, "收支总预算", None, "收入", None, "3078200", W),                  # 总计
    ("shgzb_js2024", 6, T, "其他社会工作事务支出", None, "本年收入合计", "2013999", "2022400", W),
    ("shgzb_js2024", 6, T, "机关事业单位基本养老保险缴费支出", None, "本年收入合计", "2080505", "61800", W),
    ("shgzb_js2024", 8, T, None, None, "基本支出", None, "1055800", W),                      # 合计 105.58
    ("shgzb_js2024", 8, T, None, None, "项目支出", None, "2022400", W),                      # 202.24
    ("shgzb_js2024", 13, T, "人员经费合计", None, None, None, "953600", W),                  # 95.36
    ("shgzb_js2024", 13, T, "公用经费合计", None, None, None, "102300", W),                  # 10.23
    ("shgzb_js2024", 13, T, "住房公积金", None, None, "30113", "177000", W),                 # 17.70
    ("shgzb_js2024", 17, P, "收支总预算", "决算数", None, None, "3078200", W),
    ("shgzb_js2024", 17, P, "基本支出", "决算数", None, None, "1055800", W),
    ("shgzb_js2024", 17, P, "项目支出", "决算数", None, None, "2022400", W),
    ("shgzb_js2024", 20, P, "人员经费", "决算数", None, None, "953600", W),
    ("shgzb_js2024", 20, P, "公用经费", "决算数", None, None, "102300", W),
    ("shgzb_js2024", 21, P, "机关运行经费", "决算数", None, None, "102300", W),              # 10.23
    ("shgzb_js2024", 22, P, "政府采购预算", "决算数", None, None, "210700", W),              # 21.07
    # ---- 江苏省高级人民法院 2018 (tables 一、… 十二、 running over pages; 7-digit codes)
    ("jsfy2018", 9, T, "财政拨款", None, "收入", None, "331721500", W),                      # 33,172.15
    ("jsfy2018", 9, T, "基本支出", None, "支出用途", None, "185708200", W),                  # 18,570.82
    ("jsfy2018", 9, T, "项目支出", None, "支出用途", None, "113432700", W),                  # 11,343.27
    ("jsfy2018", 9, T, "公共安全支出", None, "功能分类", None, "262008800", W),              # 26,200.88
    ("jsfy2018", 10, T, "住房保障支出", None, "功能分类", None, "47165100", W),              # 4,716.51 (continued)
    ("jsfy2018", 10, T, "收支总预算", None, "收入", None, "331721500", W),                   # 收入合计
    ("jsfy2018", 11, T, "行政运行", None, None, "2040501", "148576100", W),                  # 14,857.61
    ("jsfy2018", 11, T, "工资福利支出", None, None, "301", "137478700", W),                  # 13,747.87
    ("jsfy2018", 12, T, "机关事业单位基本养老保险缴费", None, None, "30108", "13268100", W), # first row of p12
    ("jsfy2018", 13, T, "案件审判", None, None, "2040504", "18333000", W),                   # first row of p13
    ("jsfy2018", 14, T, "公务用车运行维护费", None, None, "30231", "2668000", W),            # first row of p14
    ("jsfy2018", 14, T, "三公经费", None, "小计", None, "6207500", W),                       # 620.75
    ("jsfy2018", 14, T, "因公出国（境）费", None, None, None, "1700000", W),                 # 170.00
    ("jsfy2018", 14, T, "公务用车购置费", None, None, None, "0", W),                         # blank
    ("jsfy2018", 14, T, "公务用车运行费", None, None, None, "2668000", W),                   # 266.80
    ("jsfy2018", 14, T, "公务接待费", None, None, None, "1839500", W),                       # 183.95
    ("jsfy2018", 14, T, "会议费", None, "会议费", None, "2712600", W),                       # 271.26
    ("jsfy2018", 14, T, "培训费", None, "培训费", None, "16662500", W),                      # 1,666.25
    ("jsfy2018", 14, T, "机关运行经费", None, None, None, "34073800", W),                    # 3,407.38
    ("jsfy2018", 15, T, "政府采购预算", None, "总计", None, "46416200", W),                  # 4,641.62
    ("jsfy2018", 17, P, "收支总预算", "预算数", None, None, "331721500", W),
    ("jsfy2018", 17, P, "基本支出", "预算数", None, None, "185708200", W),
    ("jsfy2018", 22, P, "人员经费", "预算数", None, None, "151634400", W),                   # 15163.44
    ("jsfy2018", 22, P, "公用经费", "预算数", None, None, "34073800", W),                    # 3407.38
    ("jsfy2018", 23, P, "公务接待费", "预算数", None, None, "1839500", W),
    ("jsfy2018", 23, P, "机关运行经费", "预算数", None, None, "34073800", W),
    ("jsfy2018", 24, P, "政府采购预算", "预算数", None, None, "46416200", W),
    # ---- 江苏省高级人民法院 2019 (公开01–12表)
    ("jsfy2019", 8, T, "财政拨款", None, "收入", None, "371883400", W),                      # 37,188.34
    ("jsfy2019", 8, T, "基本支出", None, "支出用途", None, "219680000", W),                  # 21,968.00
    ("jsfy2019", 8, T, "项目支出", None, "支出用途", None, "102089400", W),                  # 10,208.94
    ("jsfy2019", 8, T, "住房保障支出", None, "功能分类", None, "73444600", W),               # 7,344.46
    ("jsfy2019", 8, T, "收支总预算", None, "收入", None, "371883400", W),
    ("jsfy2019", 10, T, "行政运行", None, None, "2040501", "172792900", W),                  # 17,279.29
    ("jsfy2019", 10, T, "机关事业单位基本养老保险缴费支出", None, None, "2080505", "13847000", W),  # wrapped label
    ("jsfy2019", 11, T, "工资福利支出", None, None, "301", "163240700", W),                  # 16,324.07
    ("jsfy2019", 11, T, "商品和服务支出", None, None, "302", "35800500", W),                 # 3,580.05
    ("jsfy2019", 14, T, "三公经费", None, "小计", None, "5137500", W),                       # 513.75
    ("jsfy2019", 14, T, "因公出国（境）费", None, None, None, "1600000", W),                 # 160.00
    ("jsfy2019", 14, T, "公务用车购置费", None, None, None, "0", W),
    ("jsfy2019", 14, T, "公务用车运行费", None, None, None, "2668000", W),
    ("jsfy2019", 14, T, "公务接待费", None, None, None, "869500", W),                        # 86.95
    ("jsfy2019", 14, T, "会议费", None, "会议费", None, "2710200", W),                       # 271.02
    ("jsfy2019", 14, T, "培训费", None, "培训费", None, "15972500", W),                      # 1,597.25
    ("jsfy2019", 15, T, "机关运行经费", None, None, None, "35800500", W),                    # 3,580.05
    ("jsfy2019", 16, T, "政府采购预算", None, "总计", None, "52275900", W),                  # 5,227.59
    ("jsfy2019", 22, P, "人员经费", "预算数", None, None, "183879500", W),                   # 18387.95
    ("jsfy2019", 22, P, "公用经费", "预算数", None, None, "35800500", W),
    ("jsfy2019", 24, P, "机关运行经费", "预算数", None, None, "35800500", W),
    ("jsfy2019", 24, P, "政府采购预算", "预算数", None, None, "52275900", W),
]


def _id(row):
    return f"{row[0]}-p{row[1]}-{row[3] or '*'}-{row[5] or row[4] or ''}-{row[7]}"


@pytest.mark.parametrize("key,page,source,subject,measure,column,code,value,unit", GOLD, ids=[_id(r) for r in GOLD])
def test_figure_read_by_eye(facts_of, key, page, source, subject, measure, column, code, value, unit):
    hits = [f for f in facts_of(key) if f.source == source and f.page == page
            and (subject is None or f.subject == subject) and (measure is None or f.measure == measure)
            and (column is None or column in f.column) and (code is None or f.code == code)]
    want = Decimal(value)
    assert any(f.value == want and f.unit == unit for f in hits), \
        (f"no {source} fact {subject} {measure or ''} [{column}] = {value} {unit} on p{page}",
         [(f.subject, f.measure, f.column, f.value, f.unit) for f in hits][:12])


def test_at_least_fifteen_figures_per_new_filing():
    per = {k: sum(1 for r in GOLD if r[0] == k) for k in NEW}
    assert all(n >= 15 for n in per.values()), per


@pytest.mark.parametrize("key", NEW)
def test_identity(filing_of, key):
    f = filing_of(key)
    assert (f.department, f.year, f.filing_kind) == IDENTITY[key]
    assert f.title == title_of(key)


def test_no_sangong_figure_in_a_filing_that_has_none(facts_of):
    """社会工作部 p14: the 三公 table is printed empty ("本年度没有财政拨款“三公”经费支出，故本表无数据")."""
    assert not [f for f in facts_of("shgzb_js2024") if f.page == 14 and f.source == "table"]


def test_a_bracketed_part_is_not_its_whole(facts_of):
    """规划资源局 p26: "国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）" — the 0.00 is the 外宾 part
    (the 0.39 lacks its 元 and is no figure); 公务接待费 stays 0.39 wherever the page states it."""
    recv = [f for f in facts_of("ghzy_js2024") if f.source == "prose" and f.subject == "公务接待费"
            and f.measure == "决算数"]
    assert recv and {f.value for f in recv} == {Decimal("3900")}
