"""Everyday ways of asking, over the real corpus, in phrasings of my own (no gold set holds them).
Figures read off the printed pages (noted)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def texts(a) -> set[str]:
    return {f.text for f in a.figures}


@pytest.mark.parametrize("q", ["城运中心那个网上投诉平台是干嘛用的", "城运中心网上投诉平台是干啥的"])
def test_what_a_project_is_for_is_not_a_reason(engine, q):
    # seed p20: the 网上群众投诉平台 project, 131万元 (its sheet); never another item's reason or definition
    a = engine.ask(q)
    assert "网上群众投诉平台" in a.answer
    assert "原因" not in a.answer and "名词解释" not in a.answer


def test_a_definition_of_nothing_known_is_no_other_terms_definition(engine):
    a = engine.ask("城运中心的云坐席平台是什么意思")
    assert "名词解释，" not in a.answer


def test_siblings_named_with_one_head(engine):
    # seed p31: 货物类 3万元，服务类 717.95万元
    a = engine.ask("东西湖城运中心2025年政府采购买货物花多少，服务呢也说下")
    assert {"3万元", "717.95万元"} <= texts(a)
    assert "720.95万元" not in a.answer


def test_a_total_explained_through_its_parts(engine):
    # wanli 2025 p30: 三公 37.91 (−10); only 公务用车购置及运行费's decrease has a reason: 新增1辆…车辆类型不同
    a = engine.ask("万里街道2025年三公为什么比上一年少")
    assert "37.91万元" in texts(a) and "车辆类型不同" in a.answer
    assert a.answer.index("37.91") < a.answer.index("车辆类型不同")
    assert a.answer.index("[1]") < a.answer.index("[3]")  # sources numbered as the answer says them


@pytest.mark.parametrize("q, value", [
    ("省检察院2018年人员支出预算", "11257.35万元"),     # jsjcy 2018 人员经费 11257.35
    ("万里街道2025年房租开支有多少", "58.12万元"),       # wanli 2025 租赁费 58.12
    ("社工部2024年公车运维决算花了多少", "0万元"),       # shgzb 2024 决算 公务用车运行费 0
])
def test_everyday_words_for_printed_items(engine, q, value):
    a = engine.ask(q)
    assert a.status == "answered" and value in texts(a), a.answer
