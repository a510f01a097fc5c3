"""The conversation gold set (eval/gold/conversations.jsonl) is well formed, and the conversation runner
asks each turn as a follow-up of the ones before it and scores it as a gold question. No engine and no
index here (a fake asker): the full run is `python -m eval --gold eval/gold/conversations.jsonl`."""

from __future__ import annotations

import json

import pytest

from assistant.types import Answer, Citation, Figure
from eval.gold import CONVERSATION_GOLD, DEV_GOLD, is_conversation_file, load_conversations, load_gold
from eval.runner import render_conversation_markdown, run_conversations, summarise_conversations
from tests.corpus_files import TITLES as FILING_TITLES

TITLES = set(FILING_TITLES.values())
W24 = "上海市普陀区人民政府万里街道办事处2024年部门预算"
W25 = "上海市普陀区人民政府万里街道办事处2025年部门预算"


@pytest.fixture(scope="module")
def conversations():
    return load_conversations(CONVERSATION_GOLD)


def test_gold_set_parses_with_enough_conversations(conversations):
    assert len(conversations) >= 40
    ids = [c.id for c in conversations]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(2 <= len(c.turns) <= 4 for c in conversations)
    assert is_conversation_file(CONVERSATION_GOLD) and not is_conversation_file(DEV_GOLD)
    load_gold(DEV_GOLD)  # the flat loader is unchanged


def test_every_turn_has_the_fields(conversations):
    follow_ups = not_found = 0
    for c in conversations:
        for n, g in enumerate(c.questions(), 1):
            assert g.category == ("first_turn" if n == 1 else "follow_up"), g.id
            assert g.id == f"{c.id}#{n}"
            assert g.question.strip(), g.id
            not_found += g.expect_status == "not_found"
            follow_ups += n > 1
            if g.expect_status == "not_found":
                assert not g.expect_values, g.id
                continue
            assert g.docs and set(g.docs) <= TITLES, (g.id, g.docs)
            assert set(g.pages_by_doc()) == set(g.docs), g.id
            assert g.expect_locator_any, g.id
            assert g.expect_values or g.expect_text_any, g.id
            for v in g.expect_values:
                assert v.doc is None or v.doc in g.docs, g.id
    assert follow_ups >= 60 and not_found >= 8


def test_follow_ups_are_short_and_cover_departments(conversations):
    later = [t.q for c in conversations for t in c.turns[1:]]
    assert sum(len(q) <= 10 for q in later) >= len(later) * 0.8, "follow-ups are typed short"
    firsts = {d for c in conversations for d in c.questions()[0].docs}
    assert len({d for c in conversations for g in c.questions() for d in g.docs}) >= 16
    assert len(firsts) >= 12


def _answer(q: str, text: str, figures: list[tuple[str, float]], doc: str, page: int, locator: str) -> Answer:
    return Answer(question=q, status="answered", answer=text,
                  citations=[Citation(id=1, doc=doc, page=page, locator=locator, quote=text)],
                  figures=[Figure(text=t, value=v, unit="元", verified=True, basis="fact") for t, v in figures])


def test_a_hand_made_conversation_is_scored_turn_by_turn(tmp_path):
    line = {"id": "c1", "category": "conversation", "turns": [
        {"q": "万里街道2025年三公经费预算是多少？", "expect_status": "answered",
         "expect_values": [{"value": 379100, "unit": "元", "text": "37.91万元"}],
         "expect_doc": W25, "expect_pages": [29, 30], "expect_locator_any": ["三公"]},
        {"q": "那去年呢？", "expect_status": "answered",
         "expect_values": [{"value": 479100, "unit": "元", "text": "47.91万元"}],
         "expect_doc": W24, "expect_pages": [31, 32], "expect_locator_any": ["三公"]},
        {"q": "2018年呢？", "expect_status": "not_found"},
    ]}
    other = {**line, "id": "c2"}
    path = tmp_path / "conv.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (line, other)) + "\n", encoding="utf-8")
    convs = load_conversations(path)
    assert [len(c.turns) for c in convs] == [3, 3]

    seen: list[tuple[str, object]] = []

    def ask_turn(q, previous):
        """Remembers the year asked; '那去年呢' is answered right only when the previous turn is passed back.
        The second conversation's follow-up gets the 2025 figure again (a follow-up that forgot)."""
        seen.append((q, previous))
        if q.startswith("万里街道2025"):
            return _answer(q, "37.91万元 [1]", [("37.91万元", 379100)], W25, 30, "三公经费"), {"year": 2025, "n": 1}
        if q == "那去年呢？":
            if previous == {"year": 2025, "n": 1} and len([s for s in seen if s[0] == q]) == 1:
                return _answer(q, "47.91万元 [1]", [("47.91万元", 479100)], W24, 32, "三公经费"), {"year": 2024}
            return _answer(q, "37.91万元 [1]", [("37.91万元", 379100)], W25, 30, "三公经费"), previous
        return Answer(question=q, status="not_found", answer="未找到"), previous

    outcomes = run_conversations(convs, ask_turn, warmup=False)
    assert [o.id for o in outcomes] == ["c1#1", "c1#2", "c1#3", "c2#1", "c2#2", "c2#3"]
    assert [o.category for o in outcomes] == ["first_turn", "follow_up", "follow_up"] * 2
    assert [o.answer_ok for o in outcomes] == [True, True, True, True, False, True]
    assert seen[0][1] is None and seen[1][1] == {"year": 2025, "n": 1} and seen[3][1] is None, \
        "each conversation starts afresh; each turn gets the previous turn back"
    assert outcomes[1].citation_ok and outcomes[4].missing_values == ["47.91万元"]

    summary = summarise_conversations(outcomes)
    h = summary["headline"]
    assert h["follow_up_turns"] == {"n": 4, "ok": 3, "rate": 0.75}
    assert h["first_turns"]["rate"] == 1.0
    assert h["conversations_all_right"] == {"n": 2, "ok": 1, "rate": 0.5}
    assert summary["follow_up"]["questions"] == 4 and summary["overall"]["questions"] == 6
    md = render_conversation_markdown(summary, outcomes, {"gold": "conv.jsonl", "index": "x", "at": "now"})
    assert "follow-up turns: 75.0% (3/4)" in md
    assert "万里街道2025年三公经费预算是多少？ → **那去年呢？**" in md  # a failed follow-up shown in context


def test_an_asker_that_raises_scores_an_error_and_the_conversation_goes_on(tmp_path, conversations):
    conv = conversations[0]

    def ask_turn(q, previous):
        raise RuntimeError("boom")

    outcomes = run_conversations([conv], ask_turn, warmup=False)
    assert len(outcomes) == len(conv.turns)
    assert all(o.status == "error" and not o.answer_ok for o in outcomes)
