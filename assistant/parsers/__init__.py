"""Parsers: a `Filing`'s pages → structured `Fact`s with provenance.

Each parser works on a format's rules (ruled tables, tables flattened into lines, 说明
statements, project sheets, 名词解释), never on a file name or a department.
"""

from __future__ import annotations

from assistant.types import Fact, Filing


def extract_facts(filing: Filing) -> list[Fact]:
    from assistant.parsers import flat_tables, glossary, profile, project_sheet, prose, tables

    facts: list[Fact] = []
    for parse in (tables.table_facts, flat_tables.flat_table_facts, prose.prose_facts, profile.profile_facts,
                  project_sheet.project_facts, glossary.glossary_facts):
        facts.extend(parse(filing))
    for f in facts:  # every fact names its filing's kind at full resolution (部门预算 vs 单位预算)
        f.filing_kind = filing.filing_kind
    return facts
