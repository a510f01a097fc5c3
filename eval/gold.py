"""The gold questions: one JSON object per line in eval/gold/*.jsonl, written by hand from
the filings (figures and pages read off the page, never off the program's output).

A question about one filing names it in `expect_doc` (a title) with `expect_pages` (a list);
a question that could mean several filings (the public rarely names a department or year)
lists every title in `expect_doc` and gives `expect_pages` as {title: [pages]}, and each
expected value names its filing in `doc`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

GOLD_DIR = Path(__file__).resolve().parent / "gold"
DEV_GOLD = GOLD_DIR / "dev.jsonl"
CONVERSATION_GOLD = GOLD_DIR / "conversations.jsonl"

# "count" and "change" are used by colloquial.jsonl (counts of cars/units/机构; 增减, 增长率, reasons)
# "first_turn" and "follow_up" are the turns of conversations.jsonl, scored as questions
Category = Literal["staff", "public", "derived", "glossary", "unanswerable", "conflict", "count", "change",
                   "first_turn", "follow_up"]
ExpectStatus = Literal["answered", "not_found", "conflict"]


class ExpectedValue(BaseModel):
    value: float = Field(description="Normalised: 元 for money (exact), plain number for % and counts")
    unit: str = Field(description="元, %, or the counting unit (个/辆/人/台（套）…)")
    text: str = Field(description="As printed in the filing; its decimals set the precision")
    doc: str | None = Field(default=None, description="The filing the value comes from (multi-filing questions)")


class GoldQuestion(BaseModel):
    id: str
    question: str
    category: Category
    expect_status: ExpectStatus
    expect_values: list[ExpectedValue] = Field(default_factory=list)
    expect_doc: str | list[str] | None = None
    expect_pages: list[int] | dict[str, list[int]] = Field(default_factory=list)
    expect_locator_any: list[str] = Field(
        default_factory=list, description="A cited locator or quote must contain one of these words")
    expect_text_any: list[str] = Field(default_factory=list, description="The answer text must contain one of these")
    forbid_values: list[ExpectedValue] = Field(
        default_factory=list, description="Figures that must not be asserted (known traps, e.g. '1331.5元')")
    scope: str | None = Field(default=None, description="'all' when the question names neither department nor year")
    department_filter: str | None = Field(
        default=None, description="The caller's department filter (as the filing prints the name) for pronoun "
                                  "questions such as '你们单位…'; the question is only answerable with it")
    note: str = ""

    @property
    def docs(self) -> list[str]:
        if self.expect_doc is None:
            return []
        return [self.expect_doc] if isinstance(self.expect_doc, str) else list(self.expect_doc)

    def pages_by_doc(self) -> dict[str, list[int]]:
        if isinstance(self.expect_pages, dict):
            return {d: list(p) for d, p in self.expect_pages.items()}
        return {d: list(self.expect_pages) for d in self.docs}


def load_gold(path: str | Path = DEV_GOLD) -> list[GoldQuestion]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(GoldQuestion.model_validate(json.loads(line)))
        except ValueError as e:
            raise ValueError(f"{path}:{n}: {e}") from e
    return out


# --- conversations (eval/gold/conversations.jsonl) ---------------------------------------------------

class GoldTurn(BaseModel):
    """One turn of a gold conversation: the question as typed (`q`, a follow-up may be "那去年呢？") and
    what its completed question should get, in the fields a gold question has."""

    q: str
    expect_status: ExpectStatus
    expect_values: list[ExpectedValue] = Field(default_factory=list)
    expect_doc: str | list[str] | None = None
    expect_pages: list[int] | dict[str, list[int]] = Field(default_factory=list)
    expect_locator_any: list[str] = Field(default_factory=list)
    expect_text_any: list[str] = Field(default_factory=list)
    forbid_values: list[ExpectedValue] = Field(default_factory=list)
    note: str = ""


class GoldConversation(BaseModel):
    """2–4 turns, each a follow-up of the ones before it; the first a complete question."""

    id: str
    category: Literal["conversation"] = "conversation"
    turns: list[GoldTurn] = Field(min_length=1)
    note: str = ""

    def questions(self) -> list[GoldQuestion]:
        """Each turn as a gold question (id "<conversation>#<n>", 1-based; category first_turn or follow_up),
        so the flat scorer judges it."""
        return [GoldQuestion.model_validate({
            **t.model_dump(exclude={"q"}), "id": f"{self.id}#{n}", "question": t.q,
            "category": "first_turn" if n == 1 else "follow_up"}) for n, t in enumerate(self.turns, 1)]


def is_conversation_file(path: str | Path) -> bool:
    """True when the file's first object has `turns` (a conversation set, not flat questions)."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            return "turns" in json.loads(line)
    return False


def load_conversations(path: str | Path = CONVERSATION_GOLD) -> list[GoldConversation]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(GoldConversation.model_validate(json.loads(line)))
        except ValueError as e:
            raise ValueError(f"{path}:{n}: {e}") from e
    return out
