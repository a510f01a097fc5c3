"""(placeholder: structure-following chunks — to be written)"""

from __future__ import annotations

from assistant.types import Chunk, Fact, Filing


def make_chunks(filing: Filing, facts: list[Fact]) -> list[Chunk]:
    return []
