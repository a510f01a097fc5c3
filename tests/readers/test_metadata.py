"""Filing identity from pages made in the test, in formats of these families the corpus has no
copy of: a Jiangsu 表格 part without a year and with the Party's full name, a district bureau's
2026 单位预算, a 单位决算, a filing that names nothing (refused: the file name is never read)."""

from __future__ import annotations

import pytest

from assistant.readers import FilingError, filing_from_pages
from assistant.readers.metadata import describe, level_from_name, party_forms
from assistant.types import Filing, Page


def pages(*texts: str) -> list[Page]:
    return [Page(number=i, text=t) for i, t in enumerate(texts, 1)]


def test_a_district_bureaus_unit_budget():
    meta = describe(pages("上海市普陀区2026年区级单位预算\n预算单位：上海市普陀区司法局",
                          "目 录\n一、单位主要职能\n四、单位预算编制说明\n五、单位预算表",
                          "2026年预算单位财务收支预算总表\n编制单位：上海市普陀区司法局 单位：元"))
    assert (meta["department"], meta["year"], meta["kind"], meta["filing_kind"], meta["level"]) == \
        ("上海市普陀区司法局", 2026, "预算", "单位预算", "区级")
    assert meta["title"] == "上海市普陀区司法局2026年单位预算" and meta["warnings"] == []


def test_a_unit_final_account():
    meta = describe(pages("上海市普陀区社会福利院\n2024 年度单位决算", "目 录\n第一部分 上海市普陀区社会福利院概况"))
    assert (meta["department"], meta["year"], meta["filing_kind"]) == ("上海市普陀区社会福利院", 2024, "单位决算")
    assert meta["title"] == "上海市普陀区社会福利院2024年度单位决算"


def test_a_table_part_without_a_year_takes_it_from_its_table_titles():
    # Jiangsu 表格 part: the cover names the office by the Party's full name and prints no year;
    # the tables' titles carry the year and the department.
    meta = describe(pages("中国共产党江苏省委员会办公厅\n部门预算公开表",
                          "公开01表\n2019年度中国共产党江苏省委员会办公厅收支预算总表\n单位：万元",
                          "公开02表\n2019年度中国共产党江苏省委员会办公厅收入预算总表\n单位：万元"))
    assert (meta["department"], meta["year"], meta["filing_kind"]) == ("中国共产党江苏省委员会办公厅", 2019, "部门预算")
    assert "中共江苏省委办公厅" in meta["aliases"]
    assert meta["level"] == "省级" and meta["warnings"] == []


def test_year_from_the_compilation_date_when_no_title_prints_it():
    meta = describe(pages("江苏省政协办公厅\n部门预算公开\n编制日期：2019年1月18日"))
    assert (meta["department"], meta["year"], meta["filing_kind"]) == ("江苏省政协办公厅", 2019, "部门预算")
    assert meta["warnings"] == []


def test_the_file_name_is_never_read_and_a_filing_that_names_nothing_is_refused():
    assert describe(pages("收支预算总表\n单位：万元\n合计 100.00"))["department"] is None
    nameless = pages("2019年部门预算", "目录\n一、收支预算总表\n二、一般公共预算支出表", "收支预算总表\n单位：万元\n合计 100.00")
    meta = describe(nameless)
    assert (meta["department"], meta["year"], meta["titled"]) == (None, 2019, True)
    with pytest.raises(FilingError, match="no department is named"):
        filing_from_pages(nameless, "江苏省政协办公厅2019年部门预算-文件.pdf", "d")


def test_a_place_on_the_cover_is_not_the_department():
    meta = describe(pages("上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区商务委员会"))
    assert meta["department"] == "上海市普陀区商务委员会" and meta["filing_kind"] == "部门预算"


@pytest.mark.parametrize("name, other", [
    ("中国共产党江苏省委员会办公厅", "中共江苏省委办公厅"),
    ("中共上海市普陀区委社会工作部", "中国共产党上海市普陀区委员会社会工作部"),
])
def test_party_forms(name, other):
    assert other in party_forms(name) and name in party_forms(other)


@pytest.mark.parametrize("name, level", [
    ("江苏省高级人民法院", "省级"), ("上海市财政局", "市级"), ("上海市普陀区财政局", "区级"),
    ("东西湖区城市运行管理中心", "区级"), ("中共上海市普陀区委社会工作部", "区级"), ("国家统计局", None),
])
def test_level_from_the_name(name, level):
    assert level_from_name(name) == level


def test_filing_kind_defaults_to_the_departments_and_must_agree_with_kind():
    f = Filing(doc_id="d", path="p", title="t", department="d", year=2025, kind="决算")
    assert f.filing_kind == "部门决算"
    with pytest.raises(ValueError):
        Filing(doc_id="d", path="p", title="t", department="d", year=2025, kind="预算", filing_kind="单位决算")
