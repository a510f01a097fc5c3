"""`audit --json` over corpus/, per filing: the discrepancies each filing really contains (read
off the pages and recomputed by hand), and no alarm where its identities hold. Rounding gaps
(尾差) are reported with rounding=true and are not errors."""

import json

import pytest

from assistant.cli import main

# (kind, subject) of every non-rounding discrepancy, per filing. Checked by hand:
# seed p7 表11 135万元 vs p19 项目申报表 / p31 说明 131万元; p27 "2025年支出预算 1331.5元" (万 missing);
# 万里2024 p9 住房公积金 350.35万元 and 352.67万元 in one paragraph;
# 万里2023 p35 其中当年财政拨款 11,419,043元 > 项目资金总额 10,903,043元;
# 普陀决算 p21 一般公共服务支出 "占71.73%", 2106.66/2940.05 = 71.65%;
# 江苏2017 p22 机关运行经费 "增长129.97%", 3401.59/2630.96 = 129.29%; p10/p11 基本支出 12,323.48 vs p19 12,323.46;
# 江苏2018 p26 21.95% (3958.67/17996.68 = 22.00%), 一般行政管理事务 0.06% (21.8/3644.2 = 0.60%),
#   检察监督 降幅0.66% (134/2029 = 6.60%);
# 江苏2019 p25–26 10.06% (2214.39/21955.35 = 10.09%), 项目支出 13.22% (1237.7/5573 = 22.21%),
#   住房公积金 34.38% (368.97/1073.77 = 34.36%).
EXPECTED = {
    "东西湖区城市运行管理中心2025年部门预算": {
        ("cross_place", "城运中心网上群众投诉平台项目"), ("unit_suspect", "支出合计")},
    "上海市普陀区人民政府万里街道办事处2025年部门预算": set(),
    "上海市普陀区人民政府万里街道办事处2024年部门预算": {("cross_place", "住房公积金")},
    "上海市普陀区人民政府万里街道办事处2023年部门预算": {("part_exceeds", "公共服务设施运行经费")},
    "上海市普陀区财政局2025年部门预算": set(),
    "上海市普陀区财政局2024年度部门决算": {("share", "一般公共服务支出")},
    "上海市财政局2025年单位预算": set(),
    "江苏省人民检察院2017年部门预算": {("growth_rate", "机关运行经费"), ("cross_place", "基本支出")},
    "江苏省人民检察院2018年部门预算": {
        ("growth_rate", "收支总预算"), ("growth_rate", "一般行政管理事务"), ("growth_rate", "执行等检察监督支出")},
    "江苏省人民检察院2019年部门预算": {
        ("growth_rate", "收支总预算"), ("growth_rate", "项目支出"), ("growth_rate", "住房公积金")},
}


@pytest.fixture(scope="module")
def findings(corpus_index):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", "--json", "--index", str(corpus_index.dir)]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_each_filing_reports_exactly_its_real_discrepancies(findings, doc):
    errors = {(d["kind"], d["subject"]) for d in findings if d["doc"] == doc and not d["rounding"]}
    assert errors == EXPECTED[doc]


def test_every_finding_names_its_places_with_page_and_quote(findings):
    for d in findings:
        assert d["places"], d
        for p in d["places"]:
            assert p["page"] and p["quote"], (d["doc"], d["kind"], p)
