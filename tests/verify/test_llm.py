"""The optional model path: a fake OpenAI-compatible server on 127.0.0.1 scripts the model's
replies (right, wrong, rounded, unit-swapped figures); the verifier must never let a wrong one
through as verified. Without a configured model nothing may touch the network."""

import socket

import pytest

from assistant.answer.llm import LLMWriter
from assistant.settings import get_settings
from assistant.types import Answer
from assistant.verify.verifier import UNVERIFIED, verify_answer

from factkit import store_with, wanli_sangong
from fake_llm import FakeLLM

QUESTION = "2025年万里街道的三公经费预算有多少？"
DRAFT = "上海市普陀区人民政府万里街道办事处2025年三公经费预算为37.91万元，比2024年减少10万元 [1][2]"
SOURCES = [(1, "37.91 0 1.35 36.56 15 21.56 464.64"),
           (2, "2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。")]
REPLIES = {
    "right": "2025年万里街道“三公”经费预算数为37.91万元[1]，比2024年预算减少10万元[2]。",
    "wrong": "2025年万里街道“三公”经费预算数为39.91万元[1]，比2024年预算减少10万元[2]。",
    "rounded": "2025年万里街道“三公”经费预算数约为38万元[1]，比2024年预算减少10万元[2]。",
    "unit": "2025年万里街道“三公”经费预算数为37.91元[1]，比2024年预算减少10万元[2]。",
    "unattributable": "2025年万里街道“三公”经费预算数为37.91万元[1]。另有专项资金5万元[1]。",
}


@pytest.fixture
def sangong(tmp_path):
    facts = wanli_sangong()
    return store_with(tmp_path, facts), {1: facts[:7], 2: [facts[7]]}


def _writer(fake):
    return LLMWriter.from_settings(get_settings(llm_base_url=fake.base_url, llm_model="fake-model"))


def _run(kind, sangong, repair):
    store, cited = sangong
    with FakeLLM([REPLIES[kind]]) as fake:
        text = _writer(fake).write(QUESTION, SOURCES, DRAFT)
    assert text == REPLIES[kind]
    return verify_answer(Answer(question=QUESTION, status="answered", answer=text), store, cited, repair=repair)


@pytest.mark.parametrize("kind, bad", [("wrong", "39.91万元"), ("rounded", "38万元"), ("unit", "37.91元")])
def test_a_wrong_model_figure_is_flagged(kind, bad, sangong):
    ans = _run(kind, sangong, repair=False)
    assert [(f.text, f.verified) for f in ans.figures] == [(bad, False), ("10万元", True)]
    assert bad + UNVERIFIED in ans.answer


@pytest.mark.parametrize("kind", ["wrong", "rounded", "unit"])
def test_a_wrong_model_figure_is_replaced_by_the_filing_figure(kind, sangong):
    ans = _run(kind, sangong, repair=True)
    assert "37.91万元[1]" in ans.answer and UNVERIFIED not in ans.answer
    assert [(f.text, f.verified) for f in ans.figures] == [("37.91万元", True), ("10万元", True)]
    assert "replaced the model's" in ans.figures[0].basis


def test_right_figures_pass_and_an_unattributable_one_is_flagged(sangong):
    ans = _run("right", sangong, repair=True)
    assert ans.answer == REPLIES["right"] and all(f.verified for f in ans.figures)
    ans = _run("unattributable", sangong, repair=True)
    assert [(f.text, f.verified) for f in ans.figures] == [("37.91万元", True), ("5万元", False)]
    assert ans.answer.endswith(f"另有专项资金5万元{UNVERIFIED}[1]。")


def test_the_model_sees_numbered_sources_and_the_draft():
    with FakeLLM(["x [1]"]) as fake:
        _writer(fake).write(QUESTION, SOURCES, DRAFT)
    [req] = fake.requests
    assert req["path"] == "/v1/chat/completions" and req["body"]["model"] == "fake-model"
    user = req["body"]["messages"][-1]["content"]
    assert "[1] 37.91 0 1.35" in user and "[2] 2025年“三公”经费" in user and DRAFT in user


def test_a_reply_without_citations_falls_back_to_the_draft():
    with FakeLLM(["三公经费37.91万元。"]) as fake:
        assert _writer(fake).write(QUESTION, SOURCES, DRAFT) == DRAFT


def test_engine_with_a_model_never_shows_the_models_wrong_figure_as_verified(corpus_index):
    from assistant.answer.engine import Engine

    q = "2025年东西湖区城市运行管理中心的三公经费是多少？"
    draft = Engine(corpus_index).ask(q)
    assert any(f.text == "2.5万元" and f.verified for f in draft.figures)  # 说明 p30
    # The model states the 2025 figure wrongly. (The draft may also state 2024's 3.5万元, derived
    # from "比2024年减少1万元" — that one is right, so only the 2025 statement is checked.)
    stated_2025 = "2025年部门预算三公经费预算为"  # the filing named with its kind
    assert stated_2025 + "2.5万元" in draft.answer
    wrong = draft.answer.replace(stated_2025 + "2.5万元", stated_2025 + "3.5万元")
    with FakeLLM([wrong]) as fake:
        settings = get_settings(index_dir=corpus_index.dir, llm_base_url=fake.base_url, llm_model="fake")
        ans = Engine(corpus_index, settings).ask(q)
    assert fake.requests, "the model was asked"
    first = ans.figures[0]  # figures are in the order they stand in the answer
    assert not (first.text == "3.5万元" and first.verified)
    # either replaced by the verified figure, or visibly flagged
    assert stated_2025 + "2.5万元" in ans.answer or stated_2025 + "3.5万元" + UNVERIFIED in ans.answer
    assert first.verified == (stated_2025 + "2.5万元" in ans.answer)


def test_no_model_configured_means_no_network(tmp_path, monkeypatch):
    from assistant.answer.engine import Engine
    from assistant.index import Index
    from assistant.ingest import ingest

    from corpus_files import CORPUS, FILINGS

    settings = get_settings(index_dir=tmp_path / "ix")
    assert settings.llm_base_url is None and LLMWriter.from_settings(settings) is None
    index = Index(tmp_path / "ix", settings)
    assert ingest([CORPUS / FILINGS["seed"]], index, progress=False).ok

    def refuse(*args, **kwargs):
        raise AssertionError(f"network call attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = Engine(index, settings)
    assert engine.writer is None
    ans = engine.ask("2025年东西湖区城市运行管理中心的三公经费是多少？")
    assert ans.status == "answered" and ans.figures
