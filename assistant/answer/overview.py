"""A figure asked of many filings at once ("三公经费是多少？" over a thousand), answered as a person
would: how many of the filings asked print it, the largest and the smallest few — each cited and
verified — and every filing's figure in the answer's `table` (the chat page offers it as CSV).

A list of every filing reads well up to a screenful; past that it is a thousand lines and a thousand
citations, each audited and verified, so the answer would cost as much as the index is large. The
shown few and the table come from the same readings the list would have given.
"""

from __future__ import annotations

import re

from assistant.answer.compose import Sources, list_line, money
from assistant.answer.intent import Intent
from assistant.answer.readings import Reading, money_unit
from assistant.types import Filing, TableRow

LISTED_IN_FULL = 20  # up to this many filings an answer lists each one; past it, the overview
SHOWN = 3            # the largest and the smallest this many are said, with their sources


def wants_overview(intent: Intent, filings: list[Filing]) -> bool:
    """One money figure asked of more filings than a list reads well, naming no department, with
    nothing asked beside it (a change, a sum, a narrower wording: those answers stay as they are)."""
    return (not intent.department_named and intent.measure == "金额" and len(filings) > LISTED_IN_FULL
            and len(intent.subjects) == 1 and not intent.rest and not intent.extras and not intent.wants_sum)


def overview(readings: list[Reading], asked: int, sources: Sources) -> tuple[str, str, list[TableRow]] | None:
    """(status, text, table) over the filings' readings of one subject — `asked` filings were asked —
    or None when a reading is not a money figure of its filing's own year (then the list says each)."""
    if len(readings) <= LISTED_IN_FULL or any(not money_unit(r.unit) or r.year is not None for r in readings):
        return None
    apart = [r for r in readings if r.conflicts]  # printed two ways: each is said, with both values
    ranked = sorted((r for r in readings if not r.conflicts),
                    key=lambda r: (-r.value, -r.filing.year, r.filing.department, r.filing.filing_kind or ""))
    if len(ranked) <= 2 * SHOWN:
        return None
    subject = ranked[0].subject
    head = (f"{subject}：已入库的{asked}份文件中，{len(readings)}份列有{subject}，每份的数字见答案所附表格"
            f"（按金额从多到少）。")
    top = [list_line(r, sources) for r in ranked[:SHOWN]]
    bottom = [list_line(r, sources) for r in ranked[-SHOWN:]]
    # the shown rows carry their citations (already numbered: citing again adds none)
    cited = {id(r): [int(x) for x in re.findall(r"\d+", sources.cite(r.facts[:1]))]
             for r in ranked[:SHOWN] + ranked[-SHOWN:]}
    rows = [TableRow(label=_label(r), value=float(r.value), unit="元", text=money(r.value, r.unit),
                     citations=cited.get(id(r), [])) for r in ranked]
    lines = [head, "最多的三份：", *top, "最少的三份：", *bottom]
    if apart:
        lines += ["以下文件对这一数字的记载不一致：", *(list_line(r, sources) for r in apart)]
    return ("conflict" if apart else "answered"), "\n".join(lines), rows


def _label(r: Reading) -> str:
    return f"{r.filing.year}年 {r.filing.department}（{r.filing.filing_kind}）"
