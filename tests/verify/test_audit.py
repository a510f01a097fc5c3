"""The filing audit on hand-made facts (figures read by eye from the filings named in factkit)
and on the real corpus: identities that hold raise nothing, broken ones are reported with
their places, 尾差 is told apart from an error."""

import json

import pytest

from assistant.verify.audit import audit_facts, audit_index, format_report

from factkit import SEED, WANLI, fact, wanli_sangong


def _errors(findings, kind=None):
    return [d for d in findings if not d.rounding and (kind is None or d.kind == kind)]


def test_sangong_identities_that_hold_raise_nothing():
    # 万里 2025 p29: 37.91 = 0 + 1.35 + 36.56; 36.56 = 15 + 21.56
    assert audit_facts(wanli_sangong()) == []


def test_a_broken_sangong_sum_is_reported_with_its_places():
    facts = wanli_sangong()
    facts[2] = fact(WANLI, "公务接待费", "预算数", "2.35", source="table", page=29,
                    table="2025年部门“三公”经费和机关运行经费预算表")
    [d] = audit_facts(facts)
    assert (d.kind, d.subject, d.gap, d.rounding) == ("sangong", "三公经费", 10000.0, False)
    assert [p.printed for p in d.places] == ["37.91万元", "0万元", "36.56万元", "2.35万元"]
    assert "相差 1万元" in d.explanation


def _coded(code, name, value, column="支出 › 合计", row=None):
    return fact(WANLI, name, "预算数", value, "元", code=code, column=column, row=row or f"{code} {name}",
                source="table", table="2025年部门支出预算总表", page=17)


def test_code_hierarchy_and_total_row():
    ok = [_coded("201", "一般公共服务支出", "100000"), _coded("20101", "人大事务", "60000"),
          _coded("2010101", "行政运行", "60000"), _coded("20102", "政协事务", "40000"),
          _coded(None, "合计", "100000", row="合计")]
    assert audit_facts(ok) == []
    bad = ok[:3] + [_coded("20102", "政协事务", "41000"), ok[4]]
    found = _errors(audit_facts(bad), "table_total")
    assert [(d.subject, d.gap) for d in found] == [("一般公共服务支出", 1000.0)]  # 合计 = 201 still holds
    # a 1元 gap in a table printed in whole 元 is rounding (尾差), not an error
    tail = ok[:3] + [_coded("20102", "政协事务", "40001"), ok[4]]
    assert _errors(audit_facts(tail)) == [] and all(d.rounding for d in audit_facts(tail))


def test_total_column_against_basic_plus_project():
    row = dict(code="20101", name="人大事务")
    facts = [_coded(**row, value="60000", column="支出预算 › 合计"),
             _coded(**row, value="50000", column="支出预算 › 基本支出"),
             _coded(**row, value="9000", column="支出预算 › 项目支出")]
    [d] = audit_facts(facts)
    assert (d.kind, d.gap, d.rounding) == ("column_total", 1000.0, False)


def test_income_total_equals_expenditure_total():
    t = dict(source="table", table="2025年部门财务收支预算总表", page=9)
    facts = [fact(WANLI, "收支总预算", "预算数", "189767551", "元", row="收入总计", **t),
             fact(WANLI, "收支总预算", "预算数", "189767551", "元", row="支出总计", **t)]
    assert audit_facts(facts) == []
    facts[1] = fact(WANLI, "收支总预算", "预算数", "189767500", "元", row="支出总计", **t)
    assert [d.kind for d in audit_facts(facts)] == ["balance"]


def _seed_sangong(rate):
    q = f"2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元，下降 {rate}%"
    p = dict(source="prose", page=30, quote=q)
    return [fact(SEED, "三公经费", "预算数", "2.5", **p), fact(SEED, "三公经费", "增减额", "1", **p),
            fact(SEED, "三公经费", "增减率", rate, "%", **p)]


def test_growth_rate_against_amounts():
    # 东西湖 p30: 2.5万元, 减少1万元, 下降28.57% — 1 / 3.5 = 28.571%
    assert audit_facts(_seed_sangong("28.57")) == []
    [d] = audit_facts(_seed_sangong("38.57"))
    assert (d.kind, d.rounding) == ("growth_rate", False) and round(d.gap, 2) == 10.0
    assert "28.57%" in d.explanation


def test_same_figure_in_two_places():
    # 东西湖 p7 表11: 城运中心网上群众投诉平台项目 135; p19 表12 and p31 说明: 131
    name = "城运中心网上群众投诉平台项目"
    table = fact(SEED, name, "预算数", "135", source="table", table="表11", page=7, column="项目本年度预算")
    sheet = fact(SEED, name, "预算数", "131", source="project", page=19, column="项目当年预算")
    prose = fact(SEED, name, "预算数", "131", source="prose", page=31)
    found = audit_facts([table, sheet, prose])
    [d] = found
    assert (d.kind, d.subject, d.gap, d.rounding) == ("cross_place", name, 40000.0, False)
    assert [(p.page, p.printed) for p in d.places] == [(7, "135万元"), (19, "131万元"), (31, "131万元")]
    assert "为 135万元" in d.explanation and "为 131万元" in d.explanation
    # 1331.49 (表11) and 1331.5 (说明) are one figure, rounded
    a = fact(SEED, "政府采购预算", "预算数", "720.95", source="prose", page=31)
    b = fact(SEED, "政府采购预算", "预算数", "720.949", source="table", table="表", page=7)
    assert audit_facts([a, b]) == []


def test_unit_slip_found_in_page_text_with_the_figure_it_should_be():
    pages = [(27, "2025年收入预算1331.5万元。\n2025年支出预算 1331.5元，其中：基本支出484.95 万元，占\n36.42%。")]
    f = fact(SEED, "基本支出", "预算数", "484.95", source="prose", page=27)
    [d] = audit_facts([f], pages)
    assert (d.kind, d.places[0].page, d.places[0].printed) == ("unit_suspect", 27, "1331.5元")
    assert "1331.5万元" in d.explanation and d.gap == 13315000 - 1331.5


def test_report_is_grouped_per_filing_in_chinese():
    facts = wanli_sangong()
    facts[2] = fact(WANLI, "公务接待费", "预算数", "2.35", source="table", page=29,
                    table="2025年部门“三公”经费和机关运行经费预算表")
    text = format_report(audit_facts(facts) + audit_facts(_seed_sangong("38.57")))
    assert text.count("【") == 2 and "【上海市普陀区人民政府万里街道办事处2025年部门预算】 发现 1 处问题" in text
    assert "第29页" in text and "“三公”经费与分项之和不符" in text
    assert format_report([]) == "未发现问题。"
    assert format_report([], ["某文件"]) == "【某文件】 未发现问题。"


# --- the real corpus ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_findings(corpus_index):
    return audit_index(corpus_index)


def _of(findings, doc):
    return [d for d in findings if d.doc == doc]


def test_seed_unit_slip_is_reported(corpus_findings):
    seed = _of(corpus_findings, SEED["doc"])
    slips = [d for d in seed if d.kind == "unit_suspect"]
    assert [(d.places[0].page, d.places[0].printed) for d in slips] == [(27, "1331.5元")]  # p27 三、支出预算
    assert "1331.5万元" in slips[0].explanation


def test_seed_131_against_135_is_reported(corpus_findings):
    seed = _of(corpus_findings, SEED["doc"])
    cross = [d for d in seed if d.kind == "cross_place" and d.subject == "城运中心网上群众投诉平台项目"]
    assert cross, "表11 (p7) prints 135万元, 表12 (p19) and 说明 (p31) print 131万元"
    printed = {p.printed for d in cross for p in d.places}
    assert {"135万元", "131万元"} <= printed


def test_wanli_2025_identities_hold(corpus_findings, corpus_index):
    # p29: 37.91 = 0 + 1.35 + 36.56 and 36.56 = 15 + 21.56; the check must have had facts to run on
    sangong = corpus_index.facts.facts(doc="万里街道办事处2025", subject="三公经费")
    assert any(f.value == 379100 for f in sangong)
    assert _errors(_of(corpus_findings, WANLI["doc"])) == []


def test_jiangsu_2018_rate_typo_is_reported(corpus_findings):
    # p26: 一般行政管理事务 3,666万元，增加21.8万元，增长0.06% — 21.8 / 3644.2 is 0.60%
    js = _of(corpus_findings, "江苏省人民检察院2018年部门预算")
    rates = [d for d in _errors(js, "growth_rate") if d.subject == "一般行政管理事务"]
    assert len(rates) == 1 and rates[0].places[0].page == 26 and abs(rates[0].gap - 0.54) < 0.01


def test_audit_json_is_one_object_per_line(corpus_index, capsys):
    from assistant.cli import main

    assert main(["audit", "--index", str(corpus_index.dir), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all({"doc", "kind", "places", "gap", "rounding", "explanation"} <= set(r) for r in rows)


def test_total_column_with_other_columns_beside_the_parts_is_not_checked():
    # 江苏省人民检察院2019 公开03表 p15 支出预算总表: 合计 24169.74 = 基本 15844.04 + 项目 4335.30 + 单位预留机动经费 3990.4
    t = dict(source="table", table="公开03表支出预算总表", page=15, row="支出合计")
    js = dict(doc_id="js19", doc="江苏省人民检察院2019年部门预算", department="江苏省人民检察院", year=2019, kind="预算")
    facts = [fact(js, "支出合计", "预算数", v, column=c, **t) for v, c in (
        ("24169.74", "合计"), ("15844.04", "基本支出"), ("4335.30", "项目支出"), ("3990.4", "单位预留机动经费"))]
    assert audit_facts(facts) == []


# --- shares, project sheets, rates a sentence apart, fund scope, cut-off prints --------------

PUTUO_JS = dict(doc_id="pt24js", doc="上海市普陀区财政局2024年度部门决算", department="上海市普陀区财政局",
                year=2024, kind="决算")
JS17 = dict(doc_id="js17", doc="江苏省人民检察院2017年部门预算", department="江苏省人民检察院", year=2017, kind="预算")
JS19 = dict(doc_id="js19", doc="江苏省人民检察院2019年部门预算", department="江苏省人民检察院", year=2019, kind="预算")


def test_a_share_its_amounts_do_not_give_is_reported():
    # 普陀区财政局2024决算 p21: 支出2940.05万元 … 一般公共服务支出（类）2106.66万元，占71.73% (2106.66/2940.05 = 71.65%);
    # 社会保障和就业支出（类）326.72万元，占11.11% holds
    q = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
         "社会保障和就业支出（类）326.72万元，占11.11%；")
    p = dict(source="prose", page=21, quote=q)
    facts = [fact(PUTUO_JS, "一般公共预算", "决算数", "2940.05", **p),
             fact(PUTUO_JS, "一般公共服务支出", "决算数", "2106.66", **p),
             fact(PUTUO_JS, "一般公共服务支出", "占比", "71.73", "%", **p),
             fact(PUTUO_JS, "社会保障和就业支出", "决算数", "326.72", **p),
             fact(PUTUO_JS, "社会保障和就业支出", "占比", "11.11", "%", **p)]
    [d] = audit_facts(facts)
    assert (d.kind, d.subject, d.rounding) == ("share", "一般公共服务支出", False)
    assert [p.printed for p in d.places] == ["71.73%", "2106.66万元", "2940.05万元"]
    assert "71.65%" in d.explanation
    assert d.facts[0].measure == "占比" and "facts" not in d.model_dump_json()


def test_a_project_sheet_part_larger_than_its_total_is_reported():
    # 万里街道2023 p35 公共服务设施运行经费: 年度资金申请总额 10,903,043.00, 其中：当年财政拨款 11,419,043.00
    w23 = dict(WANLI, doc_id="wanli23", doc="上海市普陀区人民政府万里街道办事处2023年部门预算", year=2023)
    p = dict(source="project", page=35, locator="项目经费情况说明 › 公共服务设施运行经费")
    name = "公共服务设施运行经费"
    facts = [fact(w23, name, "总预算", "10,903,043.00", "元", column="项目资金总额", **p),
             fact(w23, name, "预算数", "10,903,043.00", "元", column="年度资金申请总额", **p),
             fact(w23, name, "财政资金", "10,903,043.00", "元", column="其中：财政资金", **p),
             fact(w23, name, "当年财政拨款", "11,419,043.00", "元", column="其中：当年财政拨款", **p)]
    [d] = audit_facts(facts)
    assert (d.kind, d.gap, d.rounding) == ("part_exceeds", 516000.0, False)
    assert d.places[0].printed == "11419043.00元"
    assert audit_facts(facts[:3]) == []


def test_a_rate_a_sentence_after_its_amount_is_checked():
    # 江苏省人民检察院2019 p26: "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。" — 1237.7/5573 = 22.21%
    loc = dict(source="prose", page=26, locator="第三部分 › 一、收支预算总体情况说明")
    q = "与上年相比减少了1237.7万元，减少 13.22 %。"
    facts = [fact(JS19, "项目支出", "预算数", "4335.3", quote="项目支出预算数为4335.3万元。", **loc),
             fact(JS19, "项目支出", "增减额", "-1237.7", quote=q, **loc),
             fact(JS19, "项目支出", "增减率", "-13.22", "%", quote=q, **loc)]
    [d] = audit_facts(facts)
    assert (d.kind, d.subject, d.rounding) == ("growth_rate", "项目支出", False)
    assert "-22.21%" in d.explanation


def test_a_figure_of_another_fund_scope_is_not_a_contradiction():
    # 江苏省人民检察院2017: 基本支出 12,323.48 in 一、收支预算总表 (p10, all funds), 12,308.48 in 四、财政拨款收支预算总表
    # (p11) and its 说明 (p20); 说明 p19 一、 prints 12323.46 — only that one contradicts
    t = dict(source="table", column="金额")
    facts = [fact(JS17, "基本支出", "预算数", "12,323.48", table="一、收支预算总表", page=10, **t),
             fact(JS17, "基本支出", "预算数", "12,308.48", table="四、财政拨款收支预算总表", page=11, **t),
             fact(JS17, "基本支出", "预算数", "12308.48", source="prose", page=20,
                  locator="第三部分 › 六、财政拨款基本支出预算表情况说明",
                  quote="省检察院 2017 年度财政拨款基本支出预算 12308.48万元，其中："),
             fact(JS17, "基本支出", "预算数", "12323.46", source="prose", page=19,
                  locator="第三部分 › 一、收支预算总表情况说明", quote="此外，基本支出预算数为 12323.46 万元。")]
    [d] = audit_facts(facts)
    assert d.kind == "cross_place" and sorted(p.printed for p in d.places) == ["12323.46万元", "12323.48万元"]
    assert audit_facts(facts[:3]) == []


def test_a_cut_off_print_in_the_text_is_one_figure():
    # 普陀区财政局2025 预算: 购房补贴 268.776万元 in the tables (p10), "购房补贴（项）”268.77万元" in 说明 p7
    pt25 = dict(PUTUO_JS, doc_id="pt25", doc="上海市普陀区财政局2025年部门预算", year=2025, kind="预算")
    facts = [fact(pt25, "购房补贴", "预算数", "268.776", table="2025年部门支出预算总表", page=10, column="合计"),
             fact(pt25, "购房补贴", "预算数", "268.77", source="prose", page=7,
                  quote="11.“住房保障支出（类）住房改革支出（款）购房补贴（项）”268.77万元，主要用于购房补贴支出。")]
    assert audit_facts(facts) == []


def test_corpus_rate_share_and_sheet_contradictions_are_reported(corpus_findings):
    errors = [d for d in corpus_findings if not d.rounding]
    found = {(d.doc, d.kind, d.subject, d.places[0].printed) for d in errors}
    assert ("江苏省人民检察院2017年部门预算", "growth_rate", "机关运行经费", "129.97%") in found  # p22
    assert ("江苏省人民检察院2019年部门预算", "growth_rate", "项目支出", "-13.22%") in found   # p26
    assert ("上海市普陀区财政局2024年度部门决算", "share", "一般公共服务支出", "71.73%") in found  # p21
    assert ("上海市普陀区人民政府万里街道办事处2023年部门预算", "part_exceeds", "公共服务设施运行经费",
            "11419043.00元") in found  # p35
    assert not [d for d in errors if d.doc == "上海市普陀区财政局2025年部门预算"]  # 268.776 / 268.77 are one figure
