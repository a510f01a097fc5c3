"""The phrasing-robustness and reachability benchmarks' own parts, on made-up questions,
departments, facts and answers: the rewording families, the short-name rules, the scoring
of rewordings and of "wrong but ✓". No engine and no index here (the runs are
`python -m eval.robustness` and `python -m eval.reachability`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

from assistant.types import Answer, Citation, Fact, Figure
from eval.department_names import department_named, find_mention, name_forms, unique_forms
from eval.gold import GoldQuestion
from eval.phrasing import FAMILIES, Context, rewordings
from eval.reachability import askable, question_for, reached, sample
from eval.robustness import same_answer, stays_refused, summarise
from eval.runner import render_markdown, summarise as summarise_eval
from eval.score import score
from tests.corpus_files import ROOT

# Made-up departments: none of them is in corpus/.
COURT, XIHU, HANGZHOU = "浙江省高级人民法院", "杭州市西湖区财政局", "杭州市财政局"
CENTRE, STREET = "南山区城市运行管理中心", "杭州市西湖区人民政府北山街道办事处"
DEPTS = (COURT, XIHU, HANGZHOU, CENTRE, STREET)


def variants(question: str, qid: str, department: str | None, newest: int | None) -> dict:
    got = rewordings(question, qid, Context(department, DEPTS, newest))
    return {f: (v.question if v else None) for f, v in got.items()}


# --- the families -----------------------------------------------------------------------------------
def test_every_family_on_a_court_question():
    assert variants("浙江省高级人民法院2022年会议费预算是多少？", "t-court", COURT, 2023) == {
        "polite": "你好，想问一下浙江省高级人民法院2022年会议费预算是多少？",
        "pronoun": "你们单位2022年会议费预算是多少？",
        "tail": "浙江省高级人民法院2022年会议费预算是多少？急",
        "typo": "浙江省高级人民法院2022年会议废预算是多少？",
        "traditional": "浙江省高級人民法院2022年會議費預算是多少？",
        "spacing": "浙江省高级人民法院 ２０２２年 会议费预算是多少？",
        "short_name": "省高院2022年会议费预算是多少？",
        "relative_year": "浙江省高级人民法院去年会议费预算是多少？",
        "synonym": "浙江省高级人民法院2022年开会预算是多少？",
    }


def test_every_family_on_a_street_office_question():
    assert variants("北山街道2021年住房公积金预算是多少？", "t-beishan", STREET, 2023) == {
        "polite": "请问，北山街道2021年住房公积金预算是多少？",
        "pronoun": "这个部门2021年住房公积金预算是多少？",
        "tail": "北山街道2021年住房公积金预算是多少啊？",
        "typo": "北山街道2021年住房公积今预算是多少？",
        "traditional": "北山街道2021年住房公積金預算是多少？",
        "spacing": "北山街道 ２０２１年 住房公积金预算是多少？",
        "short_name": "北山街道办2021年住房公积金预算是多少？",
        "relative_year": "北山街道21年住房公积金预算是多少？",  # neither the newest year nor the one before
        "synonym": "北山街道2021年公积金预算是多少？",
    }


def test_pronoun_asks_with_the_department_as_filter():
    v = rewordings("西湖区财政局2023年公务接待费预算多少？", "t-xihu", Context(XIHU, DEPTS, 2023))["pronoun"]
    assert v.question == "他们单位2023年公务接待费预算多少？" and v.department_filter == XIHU
    assert rewordings("西湖区财政局2023年公务接待费预算多少？", "t-xihu", Context(XIHU, DEPTS, 2023))[
        "relative_year"].question == "西湖区财政局今年公务接待费预算多少？"


def test_families_that_do_not_apply_are_none():
    got = variants("什么是项目支出？", "t-gloss", None, None)
    assert got["pronoun"] is got["short_name"] is got["relative_year"] is got["synonym"] is None
    assert got["typo"] == "什么是项目枝出？" and got["spacing"] == "什么是 项目支出？"
    # 杭州市财政局 has no short name that 杭州市西湖区财政局 does not also fit (市财政局, 杭州财政局)
    assert variants("杭州市财政局2023年会议费预算是多少？", "t-hz", HANGZHOU, 2023)["short_name"] is None


def test_relative_year_leaves_ranges_and_reads_dates():
    q = "北山街道2021至2023年会议费预算合计多少？"
    assert variants(q, "t-range", STREET, 2023)["relative_year"] is None
    q = "截至2022年8月31日，北山街道有几辆车？"
    assert variants(q, "t-date", STREET, 2023)["relative_year"] == "截至去年8月31日，北山街道有几辆车？"


def test_rewordings_are_the_same_in_another_process():
    """No randomness and no dependence on Python's hash seed: a fresh process with another
    PYTHONHASHSEED gives the same rewordings."""
    code = ("import json; from eval.phrasing import Context, rewordings; "
            f"d = {DEPTS!r}; "
            "r = rewordings('南山区城市运行管理中心2023年因公出国（境）费是多少？', 't-ns', Context(d[3], d, 2023)); "
            "print(json.dumps({f: v and [v.question, v.department_filter] for f, v in r.items()}, ensure_ascii=False))")
    here = rewordings("南山区城市运行管理中心2023年因公出国（境）费是多少？", "t-ns", Context(CENTRE, DEPTS, 2023))
    here = {f: v and [v.question, v.department_filter] for f, v in here.items()}
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here
    assert here["short_name"] == ["南山城运中心2023年因公出国（境）费是多少？", None]
    assert list(here) == list(FAMILIES)


# --- short names ------------------------------------------------------------------------------------
def test_short_names_by_rule():
    assert {"省高院", "浙江高院"} <= set(name_forms(COURT))
    assert {"城运中心", "南山城运中心"} <= set(name_forms(CENTRE))
    assert "发改委" in name_forms("上海市发展和改革委员会")
    assert {"北山街道", "北山街道办"} <= set(name_forms(STREET))
    assert "区财政局" in unique_forms(XIHU, list(DEPTS))
    assert unique_forms(HANGZHOU, list(DEPTS)) == []


def test_department_mentions():
    assert find_mention("北山街道2021年预算", STREET) == (0, 4)
    assert find_mention("2021年北山街道的预算", STREET) == (5, 9)
    assert find_mention("新建北山街道文化中心", STREET) is None  # inside a project's name
    assert department_named("西湖区财政局2022年决算", list(DEPTS)) == XIHU
    assert department_named("钱塘区城市运行管理中心2022年预算", list(DEPTS)) is None  # another district's
    assert department_named("宁波市财政局2022年预算", list(DEPTS)) is None  # 财政局 fits two: no answer


# --- scoring rewordings -----------------------------------------------------------------------------
def _ans(status="answered", *values: float, text="…") -> Answer:
    return Answer(question="q", status=status, answer=text,
                  figures=[Figure(text=f"{v}元", value=v, unit="元", verified=True) for v in values])


def test_same_answer_compares_status_and_figure_values():
    assert same_answer(_ans("answered", 379100.0, 100000.0), _ans("answered", 100000.0, 379100.004))
    assert not same_answer(_ans("answered", 379100.0), _ans("answered", 379100.0, 100000.0))
    assert not same_answer(_ans("answered", 379100.0), _ans("not_found"))
    assert same_answer(_ans("not_found"), _ans("not_found", text="另一种说法"))
    assert stays_refused(_ans("not_found")) and not stays_refused(_ans("answered", 1.0))


def test_robustness_summary_counts_families_and_not_applicable():
    from eval.robustness import VariantOutcome

    def vo(family, passed, answerable=True):
        return VariantOutcome(id="x", category="staff" if answerable else "unanswerable", family=family,
                              answerable=answerable, question="q", variant="v", department_filter=None,
                              passed=passed, original_status="answered", variant_status="answered",
                              original_figures=[], variant_figures=[], original_answer="", variant_answer="")

    s = summarise([vo("tail", True), vo("typo", False), vo("typo", True, answerable=False)],
                  [{"id": "x", "category": "staff", "family": "synonym", "answerable": True}])
    assert s["answerable"] == {"n": 2, "passed": 1, "rate": 0.5, "n/a": 1}
    assert s["per_family"]["typo"]["passed"] == 0 and s["per_family"]["synonym"]["n/a"] == 1
    assert s["unanswerable"]["rate"] == 1.0


# --- wrong but ✓ ------------------------------------------------------------------------------------
DOC = "杭州市西湖区财政局2023年部门预算"
MEETING = GoldQuestion(
    id="t-meeting", question="西湖区财政局2023年会议费预算是多少？", category="staff", expect_status="answered",
    expect_values=[{"value": 52000, "unit": "元", "text": "5.2万元"}], expect_doc=DOC, expect_pages=[20],
    expect_locator_any=["会议费"])
CITE = Citation(id=1, doc=DOC, page=20, locator="三公经费 › 会议费", quote="会议费预算5.2万元")


def _answer(*figures: Figure, status="answered") -> Answer:
    return Answer(question=MEETING.question, status=status, answer="…", citations=[CITE], figures=list(figures))


def test_wrong_answer_with_a_verified_figure_counts_as_wrong_verified():
    training = Figure(text="54万元", value=540000.0, unit="元", verified=True)  # real, but not what was asked
    o = score(MEETING, _answer(training))
    assert not o.answer_ok and o.wrong_verified == ["54万元"]


def test_right_answer_with_verified_context_is_not_wrong_verified():
    figs = [Figure(text="5.2万元", value=52000.0, unit="元", verified=True),
            Figure(text="4.8万元", value=48000.0, unit="元", verified=True)]  # last year's, as context
    o = score(MEETING, _answer(*figs))
    assert o.answer_ok and o.wrong_verified == []


def test_wrong_answer_without_a_check_mark_is_not_wrong_verified():
    o = score(MEETING, _answer(Figure(text="54万元", value=540000.0, unit="元", verified=False)))
    assert not o.answer_ok and o.wrong_verified == []


def test_verified_figure_on_an_unanswerable_question_is_wrong_verified():
    un = GoldQuestion(id="t-un", question="西湖区财政局2030年会议费预算是多少？", category="unanswerable",
                      expect_status="not_found")
    o = score(un, _answer(Figure(text="5.2万元", value=52000.0, unit="元", verified=True)))
    assert not o.answer_ok and o.wrong_verified == ["5.2万元"]


def test_eval_report_shows_the_wrong_verified_count_and_list():
    wrong = score(MEETING, _answer(Figure(text="54万元", value=540000.0, unit="元", verified=True)))
    right = score(MEETING, _answer(Figure(text="5.2万元", value=52000.0, unit="元", verified=True)))
    summary = summarise_eval([wrong, right])
    assert summary["overall"]["wrong_verified"] == 1
    assert summary["overall"]["answer_accuracy"]["ok"] == 1  # the existing fields stay
    md = render_markdown(summary, [wrong, right], {"gold": "t", "index": "-", "at": "-", "ask_s": 0})
    assert "| wrong ✓ |" in md and "## Wrong but ✓ (1)" in md and "✓ but not asked: 54万元" in md


# --- reachability -----------------------------------------------------------------------------------
def _fact(subject: str, value: str, measure="预算数", unit="万元", doc=DOC, **kw) -> Fact:
    return Fact(doc_id=doc, doc=doc, department=XIHU, year=2023, kind="预算", subject=subject, measure=measure,
                value=Decimal(value), unit=unit, **kw)


def test_askable_facts_leave_out_what_a_subject_cannot_single_out():
    facts = [_fact("会议费", "52000"), _fact("会议费", "52000"),  # the same value twice: one fact
             _fact("培训费", "30000"), _fact("培训费", "31000"),  # two values: ambiguous
             _fact("合计", "90000"), _fact("差旅费", "8000", flags=["unit_suspect"]),
             _fact("差旅费", "7000", measure="上年数"), _fact("租赁费", "6000", ref_year=2022),
             _fact("一般公务用车", "3", measure="数量", unit="辆"), _fact("面积", "49.7", measure="数量", unit="平方米")]
    assert [(f.subject, f.measure) for f in askable(facts)] == [("会议费", "预算数"), ("一般公务用车", "数量")]


def test_questions_and_reaching_a_value():
    money, count = _fact("会议费", "52000"), _fact("一般公务用车", "3", measure="数量", unit="辆")
    assert question_for(money) == "杭州市西湖区财政局2023年会议费预算是多少？"
    assert question_for(count) == "杭州市西湖区财政局2023年一般公务用车有多少辆？"
    assert question_for(_fact("政府采购货物预算", "1")) == "杭州市西湖区财政局2023年政府采购货物预算是多少？"
    fig = lambda v, u="元": Figure(text="", value=v, unit=u, verified=True)  # noqa: E731
    assert reached(money, Answer(question="", status="answered", answer="", figures=[fig(52000.004)]))
    assert not reached(money, Answer(question="", status="answered", answer="", figures=[fig(52000.02)]))
    assert reached(count, Answer(question="", status="answered", answer="", figures=[fig(7, "辆"), fig(3, "辆")]))
    assert not reached(count, Answer(question="", status="answered", answer="", figures=[fig(3, "元")]))


def test_sample_is_stratified_and_seeded():
    docs = [f"单位{i}2023年部门预算" for i in range(3)]
    facts = [_fact(f"科目{k}", str(k), doc=d) for i, d in enumerate(docs) for k in range(5 + 10 * i)]
    got = sample(facts, 12)
    assert [sum(f.doc == d for f in got) for d in docs] == [4, 4, 4]
    assert [(f.doc, f.subject) for f in got] == [(f.doc, f.subject) for f in sample(list(reversed(facts)), 12)]
    assert len(sample(facts, 60)) == len(facts)  # fewer facts than asked: all of them
    few = sample(facts, 30)  # the first filing has only 5: its share goes to the others
    assert [sum(f.doc == d for f in few) for d in docs] == [5, 13, 12]
