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
    assert format_report([]) == "未发现勾稽关系问题。"


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
