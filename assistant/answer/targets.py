"""Which filings a question's years point at: the filing of each year asked, or a later filing that
prints an earlier year's figure (a year with no filing of its own)."""

from __future__ import annotations

from assistant.answer.derive import kind_years, wants_year_sum
from assistant.answer.intent import Intent
from assistant.ontology import clean_label
from assistant.types import Filing


def targets(intent: Intent) -> tuple[list[Filing], list[tuple[Filing, int]]]:
    """Filings whose own figure is asked, and (next-year filing, year) pairs for a year that has
    no filing of its own but whose figure the next year's filing states as its base."""
    filings = intent.filings
    if intent.as_of is not None:  # a stock dated Y: the 预算 of Y+1, or the 决算 of Y when dated 12月
        y, month = intent.as_of
        return [f for f in filings if (f.kind == "预算" and f.year == y + 1)
                or (f.kind == "决算" and f.year == y and month == 12)], []
    if intent.relative is not None:
        years = {d: y + intent.relative for d, y in intent.anchor.items()}
        return _by_year(filings, lambda f: years.get(f.department, 0))
    if intent.both_kinds and len(intent.years) == 2:  # 2025年预算比2024年决算: one filing each
        return [f for f in filings if (f.year, f.kind) in kind_years(intent)], []
    if intent.years and wants_year_sum(intent):
        return [f for f in filings if f.year in intent.years], []
    if len(intent.years) > 1 and intent.measure in ("金额", "数量") and each_year(intent.question):
        return [f for f in filings if f.year in intent.years], []  # 2017到2019年…各有多少: each year
    if intent.years:
        target = max(intent.years)
        return _by_year(filings, lambda f: target)
    return filings, []


def _by_year(filings: list[Filing], year_of) -> tuple[list[Filing], list[tuple[Filing, int]]]:
    own = [f for f in filings if f.year == year_of(f)]
    have = {(f.department, f.kind) for f in own}
    # any later filing may print the year's figure (表12 前两年预算); the nearest is tried first
    later = sorted(((f, year_of(f)) for f in filings
                    if f.year > year_of(f) and (f.department, f.kind) not in have), key=lambda p: p[0].year)
    return own, later


def each_year(question: str) -> bool:
    """"2017到2019年…各有多少", "2023、2024年分别是多少": one figure per year, not a change between them."""
    q = clean_label(question)
    return any(w in q for w in ("各", "分别", "每年", "逐年", "历年", "各年")) and \
        not any(w in q for w in ("比", "增加", "减少", "增长", "下降", "变化", "差"))
