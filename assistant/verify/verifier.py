"""(placeholder: the numeric verifier — to be written)

Interface used by the answer engine:
    verify_answer(answer, store, cited=None) -> Answer
fills answer.figures for every number-with-unit in answer.answer, each `verified` only when
matched to (or recomputed from) parsed facts, and marks unverified figures in the text.
`cited` maps citation id → the Facts that citation stands for (when the engine knows them).
"""

from __future__ import annotations

from assistant.index.facts_db import FactStore
from assistant.types import Answer, Fact


def verify_answer(answer: Answer, store: FactStore, cited: dict[int, list[Fact]] | None = None) -> Answer:
    return answer
