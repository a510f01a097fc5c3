"""Rankings across departments: which one spends the most or least on an item, a top N, a place
(排第三), an order.

The figures are the engine's own readings (one per filing, each cited and verified like any
other); this module only chooses which of them are comparable — one year, one level of filing
(a 部门预算 is not ranked against a 单位预算 or a 决算; the level the question says, else the one most
departments hold) — orders them, and says the result first, with the year and level compared, then
the whole list, which also goes to the answer's `table`. Money is ranked with money, a count with
counts of the same unit (8辆 against 66辆).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.answer.compose import Sources, money
from assistant.answer.overview import LISTED_IN_FULL
from assistant.answer.readings import Reading, money_unit
from assistant.ontology import (
    ACROSS_YEARS_RE, BOTTOM_RE, FILING_LEVEL_RE, ORDER_RE, RANK_POSITION_RE, TOP_N_RE, TOP_RE,
)
from assistant.types import TableRow

SHOWN_TOP = 5  # past LISTED_IN_FULL departments: the top this many (and the last three) are said

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SAID = {n: c for c, n in _CN.items() if c != "两"}


def asks_ranking(question: str) -> bool:
    return bool(TOP_RE.search(question) or BOTTOM_RE.search(question) or ORDER_RE.search(question))


def asked_level(question: str) -> str | None:
    """The level of filing the question says (部门预算, 单位预算, 部门决算, 单位决算), else None."""
    m = FILING_LEVEL_RE.search(question)
    return m.group(1) + m.group(2) if m else None


def rank(question: str, readings: list[Reading], sources: Sources) -> tuple[str, str, list[TableRow]] | None:
    """The ranking answer, or None when the readings are not of several departments."""
    usable = [r for r in readings if not r.conflicts and r.year is None]
    money_readings = [r for r in usable if money_unit(r.unit)]
    if not money_readings:  # a count ranked (谁的车多): counts of one unit only
        units = Counter(r.unit for r in usable if r.unit)
        money_readings = [r for r in usable if units and r.unit == units.most_common(1)[0][0]]
    if len({r.filing.department for r in money_readings}) < 2:
        return None
    level = asked_level(question)
    over_years = bool(ACROSS_YEARS_RE.search(question))  # which year too: every year, one kind of filing
    year, kind = _comparable(money_readings, level)
    if kind is None:
        return None
    pool = [r for r in money_readings if (over_years or r.filing.year == year) and r.filing.filing_kind == kind]
    if len(pool) < 2:
        return None
    ascending = bool(BOTTOM_RE.search(question)) and not TOP_RE.search(question)
    pool.sort(key=lambda r: (r.value, r.filing.department), reverse=not ascending)
    subject = pool[0].subject
    places = [n for n in _positions(question) if 1 <= n <= min(len(pool), 10)]
    n = _top_n(question)
    # past LISTED_IN_FULL departments the answer is short, as a person would give it: the top few (or
    # the places asked) and the last three, cited and verified; every department is in the table
    many = len(pool) > LISTED_IN_FULL
    said_rows = set(range(1, max(SHOWN_TOP, n or 0, *places) + 1)) | set(range(len(pool) - 2, len(pool) + 1))
    rows = []
    lines = []
    for i, r in enumerate(pool, 1):
        shown_here = not many or i in said_rows
        cite = sources.cite(r.facts[:1]) if shown_here else ""
        text = money(r.value, r.unit)
        ids = [int(x) for x in re.findall(r"\d+", cite)]
        label = f"{r.filing.department}{r.filing.year}年" if over_years else r.filing.department
        rows.append(TableRow(label=label, value=float(r.value), unit="元" if money_unit(r.unit) else r.unit,
                             text=text, citations=ids))
        if shown_here:
            lines.append(f"{i}. {label}：{text} {cite}")
        elif lines[-1] != "……（其余各部门见答案所附表格）":
            lines.append("……（其余各部门见答案所附表格）")
    word = "最少" if ascending else "最多"
    scope = f"各年{kind}" if over_years else f"{year}年{kind}"

    def who(r: Reading) -> str:
        return f"{r.filing.department}{r.filing.year}年" if over_years else r.filing.department

    if places:  # 排第三, 第二名: each place asked, by its place in the order
        said = "；".join(f"第{_SAID[n]}{'是' if n > 1 else f'（{word}）是'}{who(pool[n - 1])}，"
                        f"{money(pool[n - 1].value, pool[n - 1].unit)} {sources.cite(pool[n - 1].facts[:1])}"
                        for n in places)
        head = f"{scope}中，{subject}按{'从少到多' if ascending else '从多到少'}排列，{said}。全部排列："
    else:
        first = pool[0]
        head = (f"{scope}中，{subject}{word}的是{who(first)}，{money(first.value, first.unit)}"
                f" {sources.cite(first.facts[:1])}。按{'从少到多' if ascending else '从多到少'}排列：")
    shown = lines[:n] if n and not places else lines
    # no counts in words (共5个): the verifier would read them as figures
    left = sorted({r.filing.department for r in money_readings} - {r.filing.department for r in pool})
    others = [f"（未参与比较，没有{scope}：{'、'.join(left)}）"] if left else []
    return "answered", "\n".join([head, *shown, *others]), rows


def _comparable(readings: list[Reading], level: str | None) -> tuple[int, str | None]:
    """The year and level of filing held by the most departments (the newest year on a tie), of the
    level the question says when it says one."""
    count = Counter((r.filing.year, r.filing.filing_kind) for r in readings
                    if level is None or r.filing.filing_kind == level)
    if not count:
        return 0, None
    (year, kind), _ = max(count.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1] == "部门预算"))
    return year, kind


def _number(n: str) -> int | None:
    return int(n) if n.isdigit() else _CN.get(n)


def _positions(question: str) -> list[int]:
    return sorted({p for m in RANK_POSITION_RE.finditer(question) if (p := _number(m.group(1)))})


def _top_n(question: str) -> int | None:
    m = TOP_N_RE.search(question)
    return _number(m.group(1)) if m else None
