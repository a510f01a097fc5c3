"""The section tree: parts (numbered and page-top), 一、/（一）/1., table titles; no TOC lines,
no table rows."""

from assistant.parsers.sections import Outline


def _titles(filing, level=None):
    return [h.title for h in Outline.build(filing).headings if level is None or h.level == level]


def test_seed_locators(filing_of):
    o = Outline.build(filing_of("seed"))
    assert o.locator(30, 14) == "第四部分 东西湖区城市运行管理中心2025年部门预算情况说明 › 七、一般公共预算“三公”经费支出安排情况"
    assert o.path_at(6)[-1] == "表11.整体支出绩效目标表"
    assert o.path_at(11, 3)[-1] == "表12.项目支出绩效目标表"
    assert "第四部分 名词解释" in _titles(filing_of("seed"), 0)


def test_shanghai_page_top_parts_and_tables(filing_of):
    f = filing_of("wanli2025")
    parts = _titles(f, 0)
    assert parts[:4] == ["上海市普陀区人民政府万里街道办事处（部门）主要职能",
                         "上海市普陀区人民政府万里街道办事处（部门）机构设置", "名词解释", "2025年部门预算编制说明"]
    assert "其他相关情况说明" in parts and "项目经费情况说明" in parts
    o = Outline.build(f)
    assert o.locator(30, 3) == "其他相关情况说明 › 一、2025年“三公”经费预算情况说明"
    assert o.path_at(29) == ["2025年部门“三公”经费和机关运行经费预算表"]
    assert not any("……" in t for t in _titles(f))                     # the TOC is no heading


def test_toc_and_table_rows_are_not_headings(filing_of):
    js = filing_of("putuo_js2024")
    titles = _titles(js)
    assert titles.count("第一部分 上海市普陀区财政局概况") == 1           # the TOC entry is skipped
    assert not any(t.startswith("十、节能环保支出") for t in titles)        # a row of 收入支出决算总表
    assert "第三部分上海市普陀区财政局2024年度部门决算情况说明" in titles    # "…情况" + "说明" on the next line
    o = Outline.build(js)
    assert o.path_at(22)[:2] == ["第三部分上海市普陀区财政局2024年度部门决算情况说明",
                                 "五、一般公共预算财政拨款支出决算情况说明"]


def test_jiangsu_tables_and_wrapped_titles(filing_of):
    f = filing_of("jsjcy2019")
    tables = _titles(f, 9)
    assert "公开09表“三公”经费、会议费、培训费支出预算表" in tables
    assert "公开04表财政拨款收支预算总表" in tables                        # number on p15, title on p16
    assert "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明" in _titles(f, 1)
    assert _titles(f, 0) == ["第一部分 部门概况", "第二部分 2019年度部门预算表",
                             "第三部分 2019年度部门预算情况说明", "第四部分 名词解释"]
