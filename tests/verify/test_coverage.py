"""The coverage report over the real corpus: every table a contents page lists is read (or printed
empty), the headline figures are found with the values their pages print (read by eye), and the
gaps a filing really has are named."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from assistant.cli import main
from assistant.types import Page
from assistant.verify.coverage import HEADLINES, coverage_index, listed_tables
from corpus_files import TITLES


@pytest.fixture(scope="module")
def report(corpus_index):
    return {c.doc: c for c in coverage_index(corpus_index)}


def test_every_listed_table_is_read(report):
    assert set(report) == set(TITLES.values())
    for doc, c in report.items():
        if doc == TITLES["seed"]:
            continue
        assert c.contents_found, doc
        assert c.tables_listed == (12 if doc.startswith("江苏") else 9), (doc, [t.name for t in c.tables])
        assert c.tables_read == c.tables_listed, (doc, [(t.name, t.status) for t in c.tables if t.status != "read"])


def test_empty_tables_are_told_apart(report):
    # 社会工作部 p14: "本年度没有财政拨款“三公”经费支出，故本表无数据"; 江苏高院 2018 p14 十、政府性基金 (合计 blank)
    sg = {t.name: t for t in report[TITLES["shgzb_js2024"]].tables}
    assert sg["七、财政拨款“三公”经费支出决算表"].status == "empty"
    assert sg["七、财政拨款“三公”经费支出决算表"].page == 14
    fy = [t for t in report[TITLES["jsfy2018"]].tables if "政府性基金" in t.name]
    assert [(t.status, t.page) for t in fy] == [("empty", 14)]


@pytest.mark.parametrize("key,name,value,page", [
    # read by eye off the pages
    ("ghzy_js2024", "收支总计", "9859.38万元", 7),
    ("ghzy_js2024", "财政拨款收支总计", "9746.50万元", 13),
    ("ghzy_js2024", "机关运行经费", "142.80万元", 27),
    ("jsfy2018", "财政拨款收支总计", "33172.15万元", 11),   # 四、财政拨款收支预算总表 收入合计 33,172.15
    ("jsfy2018", "三公经费", "620.75万元", 14),
    ("ptzfb2025", "因公出国（境）费", "839.00万元", 20),
    ("fly_dw2024", "公务用车运行费", "6.4万元", 15),
    ("wanli2025", "公务接待费", "1.35万元", 29),            # the 三公 table's, not 30217 in the 经济分类 table
])
def test_headline_values(report, key, name, value, page):
    h = next(h for h in report[TITLES[key]].headlines if h.name == name)
    assert (h.found, h.value, h.page) == (True, value, page)


def test_real_gaps_are_named(report):
    assert report[TITLES["putuo_js2024"]].pages_without_text == [14]
    seed = report[TITLES["seed"]]
    assert not seed.contents_found  # the text filing starts at 第一部分; 表1–表10 were image pages
    assert "财政拨款收支总计" in seed.headlines_missing
    # 社会工作部 had no 三公 spending: its table is printed empty and its 说明 says so
    assert set(report[TITLES["shgzb_js2024"]].headlines_missing) == {
        "三公经费", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费"}
    for key in ("swj2025", "swj_dw2025", "ptzfb2025", "ghzy_js2024", "fly_dw2024", "jsfy2018", "jsfy2019"):
        assert report[TITLES[key]].headlines_missing == [], key
    assert len(HEADLINES) == 14


def test_contents_entries_wrapped_over_lines():
    page = Page(number=2, text="目 录\n第一部分 部门概况\n第二部分 X 2018 年度预算表\n"
                               "一、2018年度X收支预算总表\n九、2018年度X“三公”经费、会议费、培训费支\n出预算表\n"
                               "十、2018 年度X政府性基金预算财政拨款支出预\n算表\n第三部分 X 2018年度预算安排情况说明")
    assert listed_tables([Page(number=1, text="封面"), page]) == [
        "一、2018年度X收支预算总表", "九、2018年度X“三公”经费、会议费、培训费支出预算表",
        "十、2018 年度X政府性基金预算财政拨款支出预算表"]
    assert listed_tables([Page(number=1, text="no contents here")]) is None


def test_cli_coverage_json_one_object_per_filing(corpus_index):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["coverage", "--index", str(corpus_index.dir), "--json"]) == 0
    rows = [json.loads(ln) for ln in out.getvalue().splitlines()]
    assert len(rows) == len(TITLES)
    row = next(r for r in rows if r["doc"] == TITLES["swj_dw2025"])
    assert (row["filing_kind"], row["tables_listed"], row["tables_read"]) == ("单位预算", 9, 9)
    assert {"tables", "headlines_found", "headlines_missing", "pages_without_text", "guesses"} <= set(row)


def test_ingest_prints_each_added_filings_coverage(tmp_path):
    from corpus_files import CORPUS, FILINGS

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["ingest", str(CORPUS / FILINGS["shgzb_js2024"]), "--index", str(tmp_path / "ix")]) == 0
    line = next(ln for ln in out.getvalue().splitlines() if ln.startswith("覆盖"))
    assert "中共上海市普陀区委社会工作部2024年度部门决算" in line and "目录所列表格 9/9 张已读" in line
    assert "缺：三公经费" in line
