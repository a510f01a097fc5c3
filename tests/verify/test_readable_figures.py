"""Figures as people read them (issue 12, item 4): thousands separators, a 元 amount's 万元 reading
beside it, and an average over cited figures — each checked, none vouched for by its look alone.
Figures of 上海市普陀区人民政府万里街道办事处 read by eye: 2025 部门预算 p28 一般公共预算基本支出 合计
101,341,746元; 三公经费 预算 2023 p28 22.91万元, 2024 p31 47.91万元, 2025 p29 37.91万元."""

import pytest

from assistant.types import Answer
from assistant.verify.verifier import UNVERIFIED, verify_answer

from factkit import WANLI, fact, store_with

W23 = dict(WANLI, doc_id="wanli23", doc="上海市普陀区人民政府万里街道办事处2023年部门预算", year=2023)
W24 = dict(WANLI, doc_id="wanli24", doc="上海市普陀区人民政府万里街道办事处2024年部门预算", year=2024)


def _check(store, cited, text):
    return verify_answer(Answer(question="q", status="answered", answer=text), store, cited, repair=False)


def _flags(ans):
    return [(f.text, f.verified) for f in ans.figures]


@pytest.fixture
def basic(tmp_path):
    f = fact(WANLI, "基本支出", "预算数", "101341746", unit="元", source="table", page=28,
             quote="合计 101,341,746")
    return store_with(tmp_path, [f]), {1: [f]}


def test_a_figure_with_thousands_separators_is_read_and_verified(basic):
    ans = _check(*basic, "2025年基本支出预算为101,341,746元 [1]。")
    assert _flags(ans) == [("101,341,746元", True)]
    assert ans.figures[0].value == 101341746.0


def test_the_wan_reading_beside_a_yuan_figure_is_a_rounding_of_it(basic):
    ans = _check(*basic, "2025年基本支出预算为101,341,746元（约10,134.17万元） [1]。")
    assert _flags(ans) == [("101,341,746元", True), ("10,134.17万元", True)]
    reading = ans.figures[1]
    assert reading.value == 101341746.0 and reading.unit == "元"  # the value stays the exact one
    assert reading.basis.startswith("rounded reading of 101,341,746元")
    assert UNVERIFIED not in ans.answer


@pytest.mark.parametrize("text", [
    "2025年基本支出预算为101,341,746元（约10,134.71万元） [1]。",   # digits swapped in the reading
    "2025年基本支出预算为101,341,746元（约10,134.2万元） [1]。",    # coarser than 万元 is read at
    "2025年基本支出预算为101,341,746元（约1,013.42万元） [1]。",    # a factor of ten off
])
def test_a_wrong_reading_is_flagged_though_the_exact_figure_is_right(basic, text):
    ans = _check(*basic, text)
    assert _flags(ans)[0] == ("101,341,746元", True) and ans.figures[1].verified is False
    assert ans.figures[1].text + UNVERIFIED in ans.answer


def test_the_reading_of_an_unverified_figure_is_unverified(basic):
    ans = _check(*basic, "2025年基本支出预算为101,341,476元（约10,134.15万元） [1]。")
    assert _flags(ans) == [("101,341,476元", False), ("10,134.15万元", False)]


@pytest.fixture
def three_years(tmp_path):
    t = dict(source="table", table="部门“三公”经费和机关运行经费预算表")
    facts = [fact(W23, "三公经费", "预算数", "22.91", page=28, **t), fact(W24, "三公经费", "预算数", "47.91", page=31, **t),
             fact(WANLI, "三公经费", "预算数", "37.91", page=29, **t)]
    return store_with(tmp_path, facts), {1: [facts[0]], 2: [facts[1]], 3: [facts[2]]}


def test_an_average_is_recomputed_from_each_cited_figure(three_years):
    # (22.91 + 47.91 + 37.91) / 3 = 36.2433…万元
    text = "以上各年度三公经费平均每年约{}万元 [1][2][3]。"
    ans = _check(*three_years, text.format("36.24"))
    assert _flags(ans) == [("36.24万元", True)]
    assert ans.figures[0].basis.startswith("computed: (22.91 + 47.91 + 37.91) / 3 = 36.2433")
    for wrong in ("36.25", "108.73", "37.91"):  # a near miss, the sum, one of the years: none is the mean
        assert _flags(_check(*three_years, text.format(wrong))) == [(f"{wrong}万元", False)]
    store, cited = three_years  # two years cited: their mean, not the three years'
    two = _check(store, {1: cited[1], 2: cited[2]}, "以上各年度三公经费平均每年{}万元 [1][2]。".format("35.41"))
    assert _flags(two) == [("35.41万元", True)]


def test_equal_figures_of_different_years_are_each_added(tmp_path):
    # 万里街道 公务接待费 1.35万元 in each of 2023 (p28), 2024 (p31), 2025 (p29)
    t = dict(source="table", table="部门“三公”经费和机关运行经费预算表")
    facts = [fact(W23, "公务接待费", "预算数", "1.35", page=28, **t), fact(W24, "公务接待费", "预算数", "1.35", page=31, **t),
             fact(WANLI, "公务接待费", "预算数", "1.35", page=29, **t)]
    store, cited = store_with(tmp_path, facts), {1: [facts[0]], 2: [facts[1]], 3: [facts[2]]}
    ans = _check(store, cited, "公务接待费，下列各年度合计4.05万元，平均每年1.35万元 [1][2][3]。")
    assert _flags(ans) == [("4.05万元", True), ("1.35万元", True)]
    assert ans.figures[1].basis.startswith("computed: (1.35 + 1.35 + 1.35) / 3")
    assert _flags(_check(store, cited, "公务接待费，下列各年度合计2.7万元 [1][2][3]。")) == [("2.7万元", False)]
