"""名词解释 entries → definition facts: "（六）“三公”经费：指…" → 三公经费 定义 "指…".

Entries are numbered (（一） / 一、 / （一）、) and run over several printed lines until the
next entry; the term is canonicalised through the ontology so a question about 三公 finds
the definition the filing gives.
"""

from __future__ import annotations

import re

from assistant.ontology import canonical
from assistant.parsers.patterns import PAGE_NO
from assistant.parsers.sections import Outline
from assistant.types import Fact, Filing

_ENTRY = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]、?|[一二三四五六七八九十]+、)\s*"
    r"(?P<term>[^：:。，]{2,30}?)\s*[：:]\s*(?P<body>.*)$"
)
_GLOSSARY_PART = re.compile(r"名词解释")


def glossary_facts(filing: Filing) -> list[Fact]:
    outline = Outline.build(filing)
    facts: list[Fact] = []
    cur: dict | None = None

    def close() -> None:
        nonlocal cur
        if cur and cur["body"].strip():
            body = re.sub(r"\s+", "", cur["body"])
            facts.append(Fact(
                doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
                kind=filing.kind, subject=canonical(cur["term"]), measure="定义", value=None,
                text=body, page=cur["page"], locator=outline.locator(cur["page"], cur["line"], cur["term"]),
                quote=re.sub(r"\s+", "", cur["quote"]), source="glossary",
            ))
        cur = None

    for page in filing.pages:
        for i, raw in enumerate(page.text.splitlines()):
            line = raw.strip()
            if not line or PAGE_NO.match(line):
                continue
            part = outline.part_at(page.number, i)
            if not _GLOSSARY_PART.search(part) or _GLOSSARY_PART.search(line):
                close()
                continue
            m = _ENTRY.match(line)
            if m:
                close()
                cur = {"term": m.group("term").strip(), "body": m.group("body"), "page": page.number,
                       "line": i, "quote": line}
            elif cur is not None:
                if re.match(r"^(?:备注|注)[：:]", line):
                    close()
                    continue
                cur["body"] += line
                cur["quote"] += line
    close()
    return facts
