"""Each family of audit checks on real corpus pages: a change planted the way a reviewer's test
copy plants it (the text before and after is spelled out, read off the page), and the finding it
must raise — its kind, its page and what it says. The unmutated filing raises none of these."""

from __future__ import annotations

import re

import pytest

from assistant.audit import audit_filing
from assistant.audit.report import audit_markdown, format_report
from assistant.parsers import extract_facts
from assistant.types import Filing


def planted(filing: Filing, page: int, old: str, new: str, cell: bool = False) -> Filing:
    """The filing with `old` replaced by `new` on one page's text — and, for a table cell, in the
    page's ruled table too: the cell holding old's last figure gets new's last figure, or nothing."""
    pages = list(filing.pages)
    i = next(k for k, p in enumerate(pages) if p.number == page)
    p = pages[i]
    assert old in p.text, (page, old)
    update = {"text": p.text.replace(old, new, 1)}
    if cell:
        was = old.split()[-1]
        now = new.split()[-1] if re.search(r"\d$", new) else ""
        tables = [t.model_copy(deep=True) for t in p.tables]
        t, r, c = next((t, r, c) for t in tables for r, row in enumerate(t.rows) for c, v in enumerate(row)
                       if v is not None and v.strip() == was)
        t.rows[r][c] = now
        update["tables"] = tables
    pages[i] = p.model_copy(update=update)
    return filing.model_copy(update={"pages": pages})


def audit(filing: Filing):
    return audit_filing(filing, extract_facts(filing))


def new_errors(filing_of, key, mutated):
    before = {d.key() for d in audit(filing_of(key))}
    return [d for d in audit(mutated) if d.key() not in before and d.severity != "rounding"]


def pages_of(d) -> set[int]:
    return {p.page for p in d.places}


# --- (a) a statement against its own numbers -----------------------------------------------------

def test_budget_changed_so_that_smaller_than_budget_no_longer_holds(filing_of):
    # 普陀区财政局2024决算 p22 item 1 行政运行: "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数…"
    f = planted(filing_of("putuo_js2024"), 22, "年初预算为1560.05万元", "年初预算为1460.05万元")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "comparison"]
    assert d.subject == "行政运行" and pages_of(d) == {22} and d.family == "statement"
    assert "决算数小于预算数" in d.explanation and "1460.05万元" in d.explanation and "决算大于预算" in d.explanation


def test_comparison_word_turned(filing_of):
    # p22 item 2 一般行政管理事务: 10.00 against 10.00, "决算数与预算数基本持平" → "决算数大于预算数"
    f = planted(filing_of("putuo_js2024"), 22, "决算数与预算数基本持平。", "决算数大于预算数。")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "comparison"]
    assert d.subject == "一般行政管理事务" and "决算等于预算" in d.explanation


def test_completion_rate_its_amounts_do_not_give(filing_of):
    # p21: 2940.05 / 2993.92 = 98.20%, printed "完成年初预算的98.20%" → 92.80%
    f = planted(filing_of("putuo_js2024"), 21, "成年初预算的98.20%", "成年初预算的92.80%")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "completion_rate"]
    assert d.severity == "error" and round(d.computed, 2) == 98.2 and "92.80%" in d.explanation


def test_a_change_said_two_ways(filing_of):
    # p24: "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%" → 减少2.55万元，增长1.40%
    f = planted(filing_of("putuo_js2024"), 24, "比2023年度增加2.55万元", "比2023年度减少2.55万元")
    kinds = {d.kind for d in new_errors(filing_of, "putuo_js2024", f)}
    assert "change_direction" in kinds


# --- (b) headline totals and blank cells -----------------------------------------------------------

def test_headline_total_of_the_text_against_the_summary_table(filing_of):
    # p21 "收入支出总计2995.39万元" is the 总计 of 收入支出决算总表 (p7)
    f = planted(filing_of("putuo_js2024"), 21, "收入支出总计2995.39万元", "收入支出总计2959.39万元")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "headline_total"]
    assert d.subject == "收支总预算" and pages_of(d) == {21, 7} and d.family == "headline"
    assert "2995.39万元" in d.explanation and d.gap == 360000.0


def test_the_real_headline_error_of_the_filing_is_reported(filing_of):
    # p21 prints "财政拨款收入支出总计0.3万元"; 财政拨款收入支出决算总表 p13 prints 总计 2,961.68
    [d] = [d for d in audit(filing_of("putuo_js2024")) if d.kind == "headline_total"]
    assert d.subject == "财政拨款收支总预算" and d.places[0].printed == "0.3万元" and "2961.68万元" in d.explanation


def test_a_text_figure_whose_table_cell_is_blank(filing_of):
    # p6 收入支出决算总表 "八、社会保障和就业支出 326.71" blanked; the 说明 p21 says 326.72万元
    f = planted(filing_of("putuo_js2024"), 6, "八、社会保障和就业支出 326.71", "八、社会保障和就业支出", cell=True)
    found = new_errors(filing_of, "putuo_js2024", f)
    [d] = [d for d in found if d.kind == "blank_cell"]
    assert d.subject == "社会保障和就业支出" and pages_of(d) == {21, 6} and d.places[-1].printed == "（空）"


# --- (c) the filing as a whole ----------------------------------------------------------------------

def test_as_of_date_of_another_year(filing_of):
    f = planted(filing_of("putuo_js2024"), 24, "截至2024年12月31日", "截至2023年12月31日")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "year"]
    assert pages_of(d) == {24} and "应截至2024年" in d.explanation


def test_heading_year(filing_of):
    f = planted(filing_of("putuo_js2024"), 6, "2024年度部门决算表", "2023年度部门决算表")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "year"]
    assert pages_of(d) == {6} and d.section == "全文"


def test_department_named_in_a_table_part_heading(filing_of):
    f = planted(filing_of("putuo_js2024"), 6, "上海市普陀区财政局2024年度部门决算表", "上海市普陀区教育局2024年度部门决算表")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "department"]
    assert d.subject == "上海市普陀区教育局" and pages_of(d) == {6}


def test_the_real_heading_naming_the_city_bureau_is_reported(filing_of):
    # 规划资源局决算 p7 heads its tables "上海市规划和自然资源局2024年度部门决算表" — the city's bureau
    [d] = [d for d in audit(filing_of("ghzy_js2024")) if d.kind == "department"]
    assert d.subject == "上海市规划和自然资源局" and pages_of(d) == {7}


def test_placeholder_left_for_a_figure(filing_of):
    f = planted(filing_of("putuo_js2024"), 21, "本年收入合计2946.25万元", "本年收入合计XX万元")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "placeholder"]
    assert d.severity == "error" and pages_of(d) == {21}


def test_doubled_punctuation_is_wording(filing_of):
    f = planted(filing_of("putuo_js2024"), 22, "年初预算为1560.05万元，", "年初预算为1560.05万元，，")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "punctuation"]
    assert d.severity == "wording" and d.places[0].printed == "，，"


def test_a_table_the_contents_lists_deleted(filing_of):
    # p19 八、政府性基金预算财政拨款收入支出决算表: the whole page removed
    filing = filing_of("putuo_js2024")
    pages = [p if p.number != 19 else p.model_copy(update={"text": "", "tables": []}) for p in filing.pages]
    f = filing.model_copy(update={"pages": pages})
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "missing_table"]
    assert d.subject == "八、政府性基金预算财政拨款收入支出决算表" and pages_of(d) == {2}  # the 目录


def test_an_empty_table_without_its_note(filing_of):
    f = planted(filing_of("putuo_js2024"), 20, "注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。", "")
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "empty_table_note"]
    assert d.severity == "wording" and pages_of(d) == {20}


# --- (d) one figure in two tables ----------------------------------------------------------------

def test_one_figure_two_tables_of_one_scope(filing_of):
    # 收入支出决算总表 p6 "九、卫生健康支出 60.99" → 61.99, its 本年支出合计 moved along so that the
    # table adds up; 支出决算表 p10, 财政拨款收支总表 p12 and p15 still print 60.99
    f = planted(filing_of("putuo_js2024"), 6, "九、卫生健康支出 60.99", "九、卫生健康支出 61.99", cell=True)
    f = planted(f, 6, "本年支出合计 2,940.05", "本年支出合计 2,941.05", cell=True)
    [d] = [d for d in new_errors(filing_of, "putuo_js2024", f) if d.kind == "table_mismatch"
           and d.subject == "卫生健康支出"]
    assert 6 in pages_of(d) and {"61.99万元", "60.99万元"} <= {p.printed for p in d.places}
    assert d.family == "table" and "同一口径" in d.explanation


def test_fund_scope_keeps_two_figures_apart(filing_of):
    # 江苏省人民检察院2017: 公共安全支出 13,656.34 in 一、收支预算总表 (all funds, p10), 13,641.34 in
    # 五、财政拨款支出预算表 (p12): the other 15.00 is 其他资金 — no conflict …
    found = audit(filing_of("jsjcy2017"))
    assert not [d for d in found if d.kind == "table_mismatch"]
    # … but 财政拨款 spending above the spending of all funds is one
    f = planted(filing_of("jsjcy2017"), 12, "204 公共安全支出 13,641.34", "204 公共安全支出 13,741.34", cell=True)
    hits = [d for d in new_errors(filing_of, "jsjcy2017", f) if d.kind == "table_mismatch" and d.subject == "公共安全支出"]
    assert hits and "宽窄口径" in hits[0].explanation


# --- the double-reported 尾差, the report ------------------------------------------------------------

def test_a_total_row_read_under_two_names_is_one_finding(filing_of):
    # 普陀区财政局2024决算 p10 支出决算表: the 合计 row's 基本支出 cell is read as 支出合计 and as 基本支出
    tails = [d for d in audit(filing_of("putuo_js2024")) if d.kind == "table_total" and d.rounding
             and "「支出决算表」“基本支出”栏" in d.explanation]
    assert len(tails) == 1


def test_report_groups_by_severity_and_section_one_line_each(filing_of):
    found = audit(filing_of("putuo_js2024"))
    text = format_report(found)
    lines = text.splitlines()
    assert lines[0].startswith("【上海市普陀区财政局2024年度部门决算】 发现 2 处问题（错误 2）")
    assert lines.index("  错误") < lines.index("  尾差（供参考）")
    findings = [ln for ln in lines if ln.startswith("      第")]
    assert len(findings) == len(found)
    md = audit_markdown(found, "上海市普陀区财政局2024年度部门决算")
    assert md.startswith("### 上海市普陀区财政局2024年度部门决算") and "#### 错误" in md and "- 第21页" in md


@pytest.mark.parametrize("key", ["putuo_js2024", "ghzy_js2024", "shgzb_js2024"])
def test_statements_of_the_real_outturns_hold_but_the_known_ones(filing_of, key):
    # every 年初预算/决算 item of the three 决算 read, none contradicted except the ones in audit_truth
    from eval.audit_truth import REAL_FINDINGS

    filing = filing_of(key)
    statements = [d for d in audit(filing) if d.family == "statement" and d.severity != "rounding"]
    assert {(d.kind, d.subject) for d in statements} <= REAL_FINDINGS[filing.title]


def test_one_filing_of_an_index_audited_for_the_staff_tab(corpus_index):
    from assistant.audit import audit_index

    found = audit_index(corpus_index.facts, "规划和自然资源局2024")
    assert {d.doc for d in found} == {"上海市普陀区规划和自然资源局2024年度部门决算"}
    assert {(d.kind, d.subject) for d in found if d.severity != "rounding"} == {
        ("cross_place", "基本支出"), ("department", "上海市规划和自然资源局"), ("change_direction", "“三公”经费财政拨款支出")}
