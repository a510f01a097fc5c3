"""(placeholder: to be written)"""

from __future__ import annotations

from assistant.types import Fact, Filing


def glossary_facts(filing: Filing) -> list[Fact]:
    return []
