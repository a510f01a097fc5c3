"""Rankings across departments: which one spends the most or least on an item, a top N, an order.

The figures are the engine's own readings (one per filing, each cited and verified like any
other); this module only chooses which of them are comparable — one year, one kind of filing
(a 部门预算 is not ranked against a 单位预算 or a 决算) — orders them, and says the result first,
then the whole list, which also goes to the answer's `table`.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.answer.compose import Sources, money
from assistant.answer.readings import Reading, money_unit
from assistant.types import TableRow

# 最多/最高/最大 rank from the top, 最少/最低/最小 from the bottom; 排名/排行/前N/哪个…多 ask the order.
TOP_RE = re.compile(r"最多|最高|最大|花得最多|排名第一|前(?:[一二三四五六七八九十\d]+)(?:名|位|个)?|哪个.{0,12}多")
BOTTOM_RE = re.compile(r"最少|最低|最小|花得最少|倒数|哪个.{0,12}少")
ORDER_RE = re.compile(r"排名|排行|排序|排个序|从高到低|从多到少|从低到高|从少到多")
TOP_N_RE = re.compile(r"前([一二三四五六七八九十\d]+)")
ACROSS_YEARS_RE = re.compile(r"哪一?年|哪个年度|历年|各年")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def asks_ranking(question: str) -> bool:
    return bool(TOP_RE.search(question) or BOTTOM_RE.search(question) or ORDER_RE.search(question))


def rank(question: str, readings: list[Reading], sources: Sources) -> tuple[str, str, list[TableRow]] | None:
    """The ranking answer, or None when the readings are not of several departments."""
    money_readings = [r for r in readings if money_unit(r.unit) and not r.conflicts and r.year is None]
    if len({r.filing.department for r in money_readings}) < 2:
        return None
    year, kind = _comparable(money_readings)
    over_years = bool(ACROSS_YEARS_RE.search(question))  # which year too: every year, one kind of filing
    pool = [r for r in money_readings if (over_years or r.filing.year == year) and r.filing.filing_kind == kind]
    if len(pool) < 2:
        return None
    ascending = bool(BOTTOM_RE.search(question)) and not TOP_RE.search(question)
    pool.sort(key=lambda r: (r.value, r.filing.department), reverse=not ascending)
    subject = pool[0].subject
    rows = []
    lines = []
    for i, r in enumerate(pool, 1):
        cite = sources.cite(r.facts[:1])
        text = money(r.value, r.unit)
        ids = [int(x) for x in re.findall(r"\d+", cite)]
        label = f"{r.filing.department}{r.filing.year}年" if over_years else r.filing.department
        rows.append(TableRow(label=label, value=float(r.value), unit="元", text=text, citations=ids))
        lines.append(f"{i}. {label}：{text} {cite}")
    first = pool[0]
    word = "最少" if ascending else "最多"
    scope = f"各年{kind}" if over_years else f"{year}年{kind}"
    who = f"{first.filing.department}{first.filing.year}年" if over_years else first.filing.department
    head = (f"{scope}中，{subject}{word}的是{who}，{money(first.value, first.unit)}"
            f" {sources.cite(first.facts[:1])}。按{'从少到多' if ascending else '从多到少'}排列：")
    n = _top_n(question)
    shown = lines[:n] if n else lines
    # no counts in words (共5个): the verifier would read them as figures
    left = sorted({r.filing.department for r in money_readings} - {r.filing.department for r in pool})
    others = [f"（未参与比较，没有{scope}：{'、'.join(left)}）"] if left else []
    return "answered", "\n".join([head, *shown, *others]), rows


def _comparable(readings: list[Reading]) -> tuple[int, str]:
    """The year and kind of filing held by the most departments (the newest year on a tie)."""
    count = Counter((r.filing.year, r.filing.filing_kind) for r in readings)
    (year, kind), _ = max(count.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1] == "部门预算"))
    return year, kind


def _top_n(question: str) -> int | None:
    m = TOP_N_RE.search(question)
    if not m:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else _CN.get(n, None)
