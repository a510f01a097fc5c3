"""Whether pages are a filing: a budget or final-account disclosure shows it in its content.

A filing prints a title naming its department and (unless it is the 表格 part of a filing
published in two) its year with 预算 or 决算, and several of the standard parts and tables every
disclosure has (ontology.FILING_PARTS, FILING_TABLES). A letter that mentions 预算 once, a page of
figures, a file that names no department: each is refused with the reason, never ingested as
"0年部门预算" under its file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.ontology import FILING_PARTS, FILING_TABLES, INSTRUCTION_RE, QUESTION_RE, commands_in
from assistant.readers.errors import FilingError
from assistant.types import Page

# Distinct standard parts or tables a filing must print; each family's filings print ten or more.
MIN_MARKS = 2
QUOTE_CHARS = 40
MAX_WARNINGS = 5


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def marks(pages: list[Page]) -> set[str]:
    """The standard parts and table titles the pages print."""
    body = "".join(_flat(p.text) for p in pages)
    found = {w for w in FILING_PARTS if w in body}
    found |= {re.sub(r"\d+", "N", m) for m in FILING_TABLES.findall(body)}
    for p in pages:  # a ruled table's own header row may carry its title
        for t in p.tables:
            found |= {re.sub(r"\d+", "N", m) for r in t.rows[:2] for c in r if c for m in FILING_TABLES.findall(_flat(c))}
    return found


def check_filing(path: Path, pages: list[Page], meta: dict, part: str | None) -> None:
    """Raise FilingError naming what is missing when the pages are not a filing."""
    body = "".join(p.text for p in pages)
    if "预算" not in body and "决算" not in body:
        raise FilingError(path, "not a budget filing: the text never mentions 预算 or 决算")
    found = marks(pages)
    # a 表格 part's titles are its tables' (…收支预算总表), naming the department without 预算/决算 alone
    titled = meta["titled"] or part == "表格"
    if len(found) < MIN_MARKS:
        shown = "、".join(sorted(found)) or "none"
        raise FilingError(path, f"not a budget filing: it prints {len(found)} of the standard parts and tables of a "
                                f"disclosure ({shown}; at least {MIN_MARKS} needed: 部门概况, 收支总表, 三公 …)"
                                + ("" if titled else ", and no title names a department's 预算 or 决算"))
    if not titled:
        raise FilingError(path, "not a budget filing: no title names a department's 预算 or 决算 "
                                "(…2025年部门预算, 2024年度…决算)")
    if meta["department"] is None:
        raise FilingError(path, "not a budget filing: no department is named on its cover, titles or labels "
                                "(预算单位：… / …部门预算)")
    if not meta["year"] and part is None:
        raise FilingError(path, f"no year: neither the cover, the titles nor the 编制日期 of {meta['department']}'s "
                                f"{meta['kind']} print a year")


def command_warnings(pages: list[Page]) -> list[str]:
    """A warning per sentence that commands or asks (ontology.commands_in): its figures are not read.
    Lines stay apart here (a heading above an instruction is no part of it), as the prose reader keeps
    a heading apart from the paragraph under it."""
    out = []
    for p in pages:
        for a, b in commands_in(p.text):
            sent = p.text[a:b]
            m = INSTRUCTION_RE.search(sent) or QUESTION_RE.search(sent)
            start = sent.rfind("\n", 0, m.start()) + 1 if m else 0
            quote = sent[start:].replace("\n", "").strip()
            quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
            out.append(f"第{p.number}页有一句指令或提问，不是文件的陈述，其中的数字不作为数据读取：“{quote}”")
    if len(out) > MAX_WARNINGS:
        out = [*out[:MAX_WARNINGS], f"另有 {len(out) - MAX_WARNINGS} 句指令或提问，同样不作为数据读取"]
    return out
