"""The numeric verifier on hand-made facts (figures of 万里街道 2025 部门预算, p29 table and p30
说明, and of 东西湖区城运中心 2025 说明 p30, read by eye). Every planted wrong figure must be
flagged; every right one verified with its basis."""

from decimal import Decimal

import pytest

from assistant.types import Answer, Citation
from assistant.verify.verifier import UNVERIFIED, verify_answer

from factkit import SEED, WANLI, fact, store_with, wanli_sangong


@pytest.fixture
def sangong(tmp_path):
    facts = wanli_sangong()
    store = store_with(tmp_path, facts)
    return store, {1: facts[:7], 2: [facts[7]]}


def _check(store, cited, text, repair=False):
    return verify_answer(Answer(question="q", status="answered", answer=text), store, cited, repair=repair)


def _flags(ans):
    return [(f.text, f.verified) for f in ans.figures]


def test_correct_figures_pass_with_a_fact_basis(sangong):
    ans = _check(*sangong, "2025年“三公”经费预算数为37.91万元[1]，比2024年预算减少10万元[2]，"
                           "其中公务接待费1.35万元[1]、公务用车购置及运行费36.56万元[1]。")
    assert _flags(ans) == [("37.91万元", True), ("10万元", True), ("1.35万元", True), ("36.56万元", True)]
    assert ans.figures[0].basis == "fact: 三公经费 2025 预算数 = 37.91 万元 (citation 1)"
    assert ans.figures[0].value == 379100.0 and ans.figures[0].unit == "元"
    assert UNVERIFIED not in ans.answer


def test_derived_figures_are_recomputed(sangong):
    ans = _check(*sangong, "2025年三公经费37.91万元[1]，比上年减少10万元[2]，下降20.87%[2]。上年为47.91万元[2]。")
    assert _flags(ans) == [("37.91万元", True), ("10万元", True), ("20.87%", True), ("47.91万元", True)]
    assert ans.figures[2].basis.startswith("computed: 10 / 47.91 × 100")
    assert ans.figures[3].basis.startswith("computed: 37.91 − (-10) = 47.91 万元")


@pytest.mark.parametrize("planted", [
    "2025年“三公”经费预算数为39.91万元[1]。",      # wrong value
    "2025年“三公”经费预算数为37.91元[1]。",        # 万元 → 元
    "2025年“三公”经费预算数为379100万元[1]。",     # 元 figure written as 万元
    "2024年“三公”经费预算数为37.91万元[1]。",      # right number, wrong year
    "2025年“三公”经费预算数为38万元[1]。",         # rounded beyond the printed precision
    "2025年“三公”经费预算数为37.9万元[1]。",
    "2025年公务接待费为37.91万元[1]。",             # right number, wrong subject
    "2025年三公经费较2024年减少20.87万元[2]。",     # a rate written as an amount
])
def test_planted_wrong_figures_are_flagged(sangong, planted):
    ans = _check(*sangong, planted)
    assert [f.verified for f in ans.figures] == [False]
    assert ans.figures[0].text + UNVERIFIED in ans.answer


def test_this_year_and_last_year_swapped_are_flagged(sangong):
    ans = _check(*sangong, "2025年三公经费47.91万元[1][2]，2024年为37.91万元[1][2]。")
    assert _flags(ans) == [("47.91万元", False), ("37.91万元", False)]
    assert ans.answer == f"2025年三公经费47.91万元{UNVERIFIED}[1][2]，2024年为37.91万元{UNVERIFIED}[1][2]。"


def test_more_decimals_than_printed_are_fine_but_not_other_digits(tmp_path):
    f = fact(SEED, "三公经费", "预算数", "2.5", source="prose", page=30,
             quote="2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元，下降 28.57%")
    store = store_with(tmp_path, [f])
    assert _flags(_check(store, {1: [f]}, "三公经费2.50万元[1]。")) == [("2.50万元", True)]
    assert _flags(_check(store, {1: [f]}, "三公经费25,000元[1]。")) == [("25,000元", True)]
    assert _flags(_check(store, {1: [f]}, "三公经费2.54万元[1]。")) == [("2.54万元", False)]


def test_without_citations_the_store_is_searched_by_subject_and_year(sangong):
    store, _ = sangong
    assert _flags(_check(store, None, "2025年万里街道公务接待费1.35万元。")) == [("1.35万元", True)]
    assert _flags(_check(store, None, "2024年万里街道公务接待费1.35万元。")) == [("1.35万元", False)]
    # a figure no words tie to any subject cannot be checked
    assert _flags(_check(store, None, "合计1.35万元。")) == [("1.35万元", False)]


def test_repair_replaces_a_wrong_figure_by_the_one_fact_its_words_name(sangong):
    ans = _check(*sangong, "2025年“三公”经费预算数为38万元[1]，公务接待费1.3万元[1]。", repair=True)
    assert ans.answer == "2025年“三公”经费预算数为37.91万元[1]，公务接待费1.35万元[1]。"
    assert all(f.verified for f in ans.figures)
    assert "replaced the model's 38万元" in ans.figures[0].basis


def test_repair_never_guesses_a_subject(sangong):
    ans = _check(*sangong, "预计花费99万元。", repair=True)
    assert ans.answer == f"预计花费99万元{UNVERIFIED}。"


def test_shares_and_sums_of_cited_parts(tmp_path):
    # 东西湖区城运中心 2025 说明 p27: 支出 1331.5万元，其中：基本支出484.95万元，占36.42%；项目支出846.55万元，占63.58%
    p = dict(source="prose", page=27)
    facts = [fact(SEED, "支出预算", "预算数", "1331.5", **p), fact(SEED, "基本支出", "预算数", "484.95", **p),
             fact(SEED, "项目支出", "预算数", "846.55", **p)]
    store = store_with(tmp_path, facts)
    ans = _check(store, {1: facts}, "支出预算1331.5万元[1]，其中基本支出484.95万元，占36.42%[1]；"
                                    "项目支出846.55万元，占63.58%[1]。基本支出与项目支出合计1331.5万元[1]。")
    assert [f.verified for f in ans.figures] == [True] * 6
    assert "占比" in ans.figures[2].basis
    ans = _check(store, {1: facts}, "基本支出484.95万元，占40%[1]。")
    assert _flags(ans) == [("484.95万元", True), ("40%", False)]


def test_idempotent_on_an_already_marked_answer(sangong):
    once = _check(*sangong, "2025年三公经费38万元[1]。")
    twice = verify_answer(once, sangong[0], sangong[1], repair=False)
    assert twice.answer == once.answer and twice.answer.count(UNVERIFIED) == 1


def test_years_counts_and_marks_are_handled(tmp_path):
    p = dict(source="prose", page=30)
    facts = [fact(WANLI, "车辆", "数量", "8", "辆", **p)]
    store = store_with(tmp_path, facts)
    ans = _check(store, {1: facts}, "截至2024年8月31日共有车辆8辆[1]。")
    assert _flags(ans) == [("8辆", True)]
    ans = _check(store, {1: facts}, "共有九辆公务用车[1]。")
    assert _flags(ans) == [("九辆", False)]
    assert ans.figures[0].value == 9.0 and ans.figures[0].unit == "辆"


def test_a_comparison_with_a_named_earlier_year_is_recomputed(tmp_path):
    # 万里 2023 说明 p29 “2023年“三公”经费预算数为22.91万元”; 2025 p29/p30: 37.91万元 → +15万元, +65.47%
    old = dict(WANLI, doc_id="wanli23", doc="上海市普陀区人民政府万里街道办事处2023年部门预算", year=2023)
    facts = wanli_sangong() + [fact(old, "三公经费", "预算数", "22.91", source="prose", page=29,
                                    quote="2023年“三公”经费预算数为22.91万元，比2022年预算持平。")]
    store = store_with(tmp_path, facts)
    cited = {1: [facts[0]], 2: [facts[-1]]}
    ans = _check(store, cited, "2025年万里街道三公经费预算为37.91万元，比2023年增加15万元，增长65.47% [1][2]。")
    assert _flags(ans) == [("37.91万元", True), ("15万元", True), ("65.47%", True)]
    assert ans.figures[1].basis.startswith("computed: 37.91 − 22.91")
    ans = _check(store, cited, "2025年万里街道三公经费预算为37.91万元，比2023年增加25万元，增长65.47% [1][2]。")
    assert _flags(ans) == [("37.91万元", True), ("25万元", False), ("65.47%", True)]


def test_indicator_values_inside_text_facts(tmp_path):
    # 东西湖 p7 表11: 党建 开展党组织活动次数 指标值 “12次/年”
    f = fact(SEED, "党建", "指标值", "0", "次", source="table", page=7).model_copy(
        update={"value": None, "unit": "", "text": "12次/年"})
    store = store_with(tmp_path, [f])
    assert _flags(_check(store, {1: [f]}, "党建的指标值：12次/年 [1]")) == [("12次", True)]
    assert _flags(_check(store, {1: [f]}, "党建的指标值：15次/年 [1]")) == [("15次", False)]


def test_figures_in_a_quoted_passage_are_checked_against_the_quoted_words(tmp_path):
    # 东西湖 p31 说明: “城运中心网上群众投诉平台项目 131万元，主要用于区网上群众投诉平台坐席服务外包人员经费。”
    q = "城运中心网上群众投诉平台项目 131万元，主要用于区网上群众投诉平台坐席服务外包人员经费。"
    f = fact(SEED, "城运中心网上群众投诉平台项目", "预算数", "131", source="prose", page=31, quote=q)
    store = store_with(tmp_path, [f])
    cite = Citation(id=1, doc=SEED["doc"], page=31, locator="十、项目支出安排情况", quote=q)

    def check(text):
        a = Answer(question="q", status="answered", answer=text, citations=[cite])
        return verify_answer(a, store, {}, repair=False)

    assert _flags(check(f"相关原文：“{q}” [1]")) == [("131万元", True)]
    assert _flags(check("相关原文：“城运中心网上群众投诉平台项目 135万元，主要用于…” [1]")) == [("135万元", False)]


# --- exact sums over years, gaps between filings, and figures under the wrong name -----------

W23 = dict(WANLI, doc_id="wanli23", doc="上海市普陀区人民政府万里街道办事处2023年部门预算", year=2023)
W24 = dict(WANLI, doc_id="wanli24", doc="上海市普陀区人民政府万里街道办事处2024年部门预算", year=2024)


@pytest.fixture
def three_years(tmp_path):
    # 万里街道 三公经费 预算: 2023 p28 22.91, 2024 p31 47.91, 2025 p29 37.91 (万元)
    t = dict(source="table", table="部门“三公”经费和机关运行经费预算表")
    facts = [fact(W23, "三公经费", "预算数", "22.91", page=28, **t), fact(W24, "三公经费", "预算数", "47.91", page=31, **t),
             fact(WANLI, "三公经费", "预算数", "37.91", page=29, **t)]
    return store_with(tmp_path, facts), {1: [facts[0]], 2: [facts[1]], 3: [facts[2]]}


def test_an_exact_sum_over_years_is_recomputed_from_each_cited_year(three_years):
    text = ("万里街道三公经费预算2023年为22.91万元 [1]，2024年为47.91万元 [2]，2025年为37.91万元 [3]。"
            "以上各年度三公经费合计108.73万元 [1][2][3]。")
    ans = _check(*three_years, text)
    assert _flags(ans)[-1] == ("108.73万元", True)
    assert ans.figures[-1].basis == "computed: 22.91 + 47.91 + 37.91 = 108.73 万元 from citations 1,2,3"
    wrong = _check(*three_years, text.replace("108.73", "108.83"))
    assert _flags(wrong)[-1] == ("108.83万元", False)
    # two years cited, three added: not a sum of what is cited
    store, cited = three_years
    two = _check(store, {1: cited[1], 2: cited[2]},
                 "2023年为22.91万元 [1]，2024年为47.91万元 [2]。以上各年度三公经费合计108.73万元 [1][2]。")
    assert _flags(two)[-1] == ("108.73万元", False)


def test_a_gap_between_two_filings_is_recomputed(tmp_path):
    # 普陀区财政局 机关运行经费: 2025 预算 229.43万元, 2024 决算 184.65万元 → 多 44.78万元
    pt25 = dict(doc_id="pt25", doc="上海市普陀区财政局2025年部门预算", department="上海市普陀区财政局", year=2025, kind="预算")
    pt24 = dict(pt25, doc_id="pt24js", doc="上海市普陀区财政局2024年度部门决算", year=2024, kind="决算")
    a = fact(pt25, "机关运行经费", "预算数", "229.43", source="prose", page=22)
    b = fact(pt24, "机关运行经费", "决算数", "184.65", source="prose", page=22)
    store = store_with(tmp_path, [a, b])
    text = ("2025年上海市普陀区财政局机关运行经费预算为229.43万元 [1]；2024年上海市普陀区财政局机关运行经费决算为"
            "184.65万元 [2]。两者之差：机关运行经费前者比后者多{}万元 [1][2]。")
    assert _flags(_check(store, {1: [a], 2: [b]}, text.format("44.78")))[-1] == ("44.78万元", True)
    assert _flags(_check(store, {1: [a], 2: [b]}, text.format("45.78")))[-1] == ("45.78万元", False)


@pytest.mark.parametrize("planted", [
    "2025年公务用车购置费为36.56万元[1]。",            # the parent 公务用车购置及运行费 under a child's name
    "2025年公务用车运行费为36.56万元[1]。",
    "2025年公务接待费为37.91万元[1]。",                # 三公经费 total under a part's name
    "2025年因公出国（境）费为1.35万元[1]。",           # a sibling's figure
    "万里街道公务用车购置费2025年为36.56万元。",       # no citation: the store is searched by the named subject
])
def test_a_figure_under_another_subjects_name_never_verifies(sangong, planted):
    ans = _check(*sangong, planted)
    assert [f.verified for f in ans.figures] == [False]


def test_a_figure_under_its_own_name_still_verifies(sangong):
    ans = _check(*sangong, "2025年公务用车购置及运行费36.56万元[1]，其中公务用车购置费15万元[1]、运行费21.56万元[1]。")
    assert _flags(ans) == [("36.56万元", True), ("15万元", True), ("21.56万元", True)]
