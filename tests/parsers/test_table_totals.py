"""The 合计 row of a table says what the table totals, and its 基本支出/项目支出/人员经费/公用经费
columns are those terms' totals. Gold figures read off the printed tables (page noted)."""

from decimal import Decimal


def _table(facts_of, key):
    return [f for f in facts_of(key) if f.source == "table"]


def _vals(fs, subject, page):
    return {f.value for f in fs if f.subject == subject and f.page == page and f.row == "合计"}


def test_shanghai_economic_table_total_columns(facts_of):
    # 万里 2025 p28 一般公共预算基本支出部门预算经济分类预算表: 合计 101,341,746 = 人员经费 90,514,044 + 公用经费 10,827,702
    fs = _table(facts_of, "wanli2025")
    assert _vals(fs, "人员经费", 28) == {Decimal("90514044")}
    assert _vals(fs, "公用经费", 28) == {Decimal("10827702")}
    # p18 部门支出预算总表 合计: 基本支出 101,341,746, 项目支出 88,425,805
    assert _vals(fs, "项目支出", 18) == {Decimal("88425805")}
    assert _vals(fs, "基本支出", 18) == {Decimal("101341746")}


def test_municipal_unit_tables_are_not_named_after_the_word_unit(facts_of):
    # 上海市财政局 2025 p9 "2025年预算单位收入预算总表" 合计 171,915,169; p11 支出 合计 127,642,039 / 44,273,130;
    # p19 基本支出经济分类 合计 人员经费 102,464,260, 公用经费 25,177,779
    fs = _table(facts_of, "shczj2025")
    assert _vals(fs, "收入合计", 9) == {Decimal("171915169")}
    assert _vals(fs, "基本支出", 11) == {Decimal("127642039")}
    assert _vals(fs, "项目支出", 11) == {Decimal("44273130")}
    assert _vals(fs, "人员经费", 19) == {Decimal("102464260")}
    assert _vals(fs, "公用经费", 19) == {Decimal("25177779")}
    assert not [f for f in fs if f.subject == "预算单位数" or f.subject.startswith("预算单位")]


def test_procurement_categories(facts_of):
    # 江苏 2019 p22-23 公开12表 政府采购支出预算表: 一、货物A 303.40; 三、服务C 2,441.44 (万元)
    fs = _table(facts_of, "jsjcy2019")
    goods = [f for f in fs if f.subject == "政府采购货物预算"]
    assert [(f.value, f.page) for f in goods] == [(Decimal("3034000.00"), 22)]
    services = [f for f in fs if f.subject == "政府采购服务预算"]
    assert [(f.value, f.page) for f in services] == [(Decimal("24414400.00"), 23)]
