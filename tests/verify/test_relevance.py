"""A ✓ means the figure answers the question: planted answers whose figures are real but answer
something else (money for a count, another item quoted from a passage, another department's figure)
keep the figure and lose the ✓, with the reason in `basis`."""

from __future__ import annotations

import pytest

from assistant.types import Answer, Citation
from assistant.verify.relevance import Asked
from assistant.verify.verifier import verify_answer

from factkit import SEED, WANLI, fact, store_with, wanli_sangong

SEED_PAGE = 28
SEED_QUOTE = "(二)公用经费 54万元，主要用于：办公费、印刷费、培训费、工会经费、福利费"


@pytest.fixture
def store(tmp_path):
    facts = [*wanli_sangong(),
             fact(SEED, "公用经费", "预算数", "54", source="prose", page=SEED_PAGE, quote=SEED_QUOTE),
             fact(SEED, "辅助岗位人员", "预算数", "115", source="table", page=7, quote="辅助岗位人员 115"),
             fact(SEED, "辅助岗位人员", "数量", "11", unit="人", source="prose", page=31,
                  quote="聘用辅助岗位人员11人")]
    return store_with(tmp_path, facts), facts


def _verify(store, text, cited, asked, citations=()):
    answer = Answer(question="q", status="answered", answer=text, citations=list(citations))
    return verify_answer(answer, store, cited, repair=False, asked=asked)


def test_a_passage_figure_of_another_item_carries_no_tick(store):
    s, _ = store
    passage = Citation(id=1, doc=SEED["doc"], page=SEED_PAGE, locator="说明", quote=SEED_QUOTE)
    text = f"文件中的相关原文：“{SEED_QUOTE}” [1]"
    asked_training = Asked(measure="金额", subjects=("培训费",), departments=(SEED["department"],))
    ans = _verify(s, text, {}, asked_training, [passage])
    assert [(f.text, f.verified) for f in ans.figures] == [("54万元", False)]
    assert ans.figures[0].basis.startswith("not what was asked")
    # the same passage, asked about 公用经费 itself: the figure answers it
    asked_public = Asked(measure="金额", subjects=("公用经费",), departments=(SEED["department"],))
    assert [f.verified for f in _verify(s, text, {}, asked_public, [passage]).figures] == [True]


@pytest.mark.parametrize("measure, verified", [("数量", False), ("金额", True)])
def test_money_never_answers_a_count(store, measure, verified):
    s, facts = store
    money = facts[-2]
    text = "东西湖区城市运行管理中心2025年辅助岗位人员预算为115万元 [1]。"
    ans = _verify(s, text, {1: [money]}, Asked(measure=measure, subjects=("辅助岗位人员",)))
    assert [(f.text, f.verified) for f in ans.figures] == [("115万元", verified)]


def test_a_count_beside_its_money_keeps_both(store):
    s, facts = store
    text = "辅助岗位人员11人 [1]，预算115万元 [2]。"
    ans = _verify(s, text, {1: [facts[-1]], 2: [facts[-2]]}, Asked(measure="数量", subjects=("辅助岗位人员",)))
    assert [(f.text, f.verified) for f in ans.figures] == [("11人", True), ("115万元", True)]


def test_another_departments_figure_carries_no_tick(store):
    s, facts = store
    text = "2025年三公经费预算为37.91万元 [1]。"
    cited = {1: [facts[0]]}
    ans = _verify(s, text, cited, Asked(measure="金额", subjects=("三公经费",), departments=(SEED["department"],)))
    assert [f.verified for f in ans.figures] == [False]
    ans = _verify(s, text, cited, Asked(measure="金额", subjects=("三公经费",), departments=(WANLI["department"],)))
    assert [f.verified for f in ans.figures] == [True]


def test_money_never_answers_a_rate(store):
    s, facts = store
    text = "2025年三公经费预算为37.91万元 [1]。"
    ans = _verify(s, text, {1: [facts[0]]}, Asked(measure="金额", subjects=("三公经费",), wants_percent=True))
    assert [(f.text, f.verified) for f in ans.figures] == [("37.91万元", False)]
    assert ans.figures[0].basis.startswith("not what was asked: a rate was asked")
