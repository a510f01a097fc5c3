"""Totals, averages, comparisons and trends across filings: one subject over several departments
(one year, one kind of filing) or over the years held for one department (one kind).

The figures are the engine's own readings, one per filing, each cited; this module chooses which
filings may stand together — one kind (预算, unless the question asks the outturn: 决算/实际), one
filing per department and year (its 部门预算 before its own 单位预算, never both) — does the arithmetic
exactly (Decimal, 元), and words each derived figure so the verifier recomputes it from the cited
ones: a sum or an average in a clause naming no year, a gap in a clause naming both sides. The answer
says the result first, then the figures, which also go to the answer's `table`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from assistant.amounts import MONEY_FACTORS, STANDARD_DECIMALS
from assistant.answer.compose import Sources, money
from assistant.answer.intent import Intent, normalise
from assistant.answer.readings import Reading, money_unit
from assistant.answer.rankings import asked_level, asks_ranking
from assistant.ontology import (
    COMPARE_RE, DEPARTMENTS_TOGETHER_RE, GAP_RE, LAST_YEAR_COMPARED_RE, MEAN_WORDS, TREND_RE, WHICH_MORE_RE, WHICH_YEAR_RE,
)
from assistant.types import Filing, TableRow

Answered = tuple[str, str, list[TableRow]]
ReadingOf = Callable[[str, Filing], "Reading | None"]


def asked_across(intent: Intent) -> str | None:
    """"mean", "sum", "compare" or "trend" when the question asks one over several filings, else None."""
    if (len(intent.subjects) != 1 or intent.rest or intent.share or intent.executed or intent.against_initial
            or intent.as_of or intent.extras or intent.measure not in ("金额", "增减额")):
        return None
    q = normalise(intent.question)
    named = len(intent.departments) > 1
    together = named or (not intent.department_named and bool(DEPARTMENTS_TOGETHER_RE.search(q)))
    years = len(intent.years) > 1
    # one department named and no year: 平均每年 is over the years held
    every_year = intent.department_named and not named and not intent.years and intent.relative is None
    if intent.measure == "金额" and together != years:  # over departments, or over years: not both at once
        if any(w in q for w in MEAN_WORDS):
            return "mean"
        if intent.sum_asked:
            return "sum"
    if intent.measure == "金额" and every_year and any(w in q for w in MEAN_WORDS):
        return "mean"
    if COMPARE_RE.search(q) and (named or years and not together):
        return "compare"
    # departments not named, one year: 这三家…差距多大, 会议费谁花得多 (a ranking asked is rankings.py's)
    if (not intent.department_named and len(intent.years) <= 1 and not asks_ranking(q)
            and not LAST_YEAR_COMPARED_RE.search(q) and (together and COMPARE_RE.search(q) or WHICH_MORE_RE.search(q))):
        return "compare"
    if (TREND_RE.search(q) and len(intent.years) != 1 and intent.relative is None and not together
            and not LAST_YEAR_COMPARED_RE.search(q)):
        return "trend"
    return None


def derived_asked(intent: Intent) -> str | None:
    """"sum", "mean" or "gap" when the question asks a figure computed over several filings — read
    loosely, for the verifier: whatever the answer gives, no single filing's figure is that answer."""
    q = normalise(intent.question)
    named = len(intent.departments) > 1
    together = named or (not intent.department_named and bool(DEPARTMENTS_TOGETHER_RE.search(q)))
    several = together or len(intent.years) > 1
    if any(w in q for w in MEAN_WORDS) and (several or intent.department_named and not intent.years):
        return "mean"
    if intent.sum_asked and several and not intent.wants_sum:
        return "sum"
    on_a_year = LAST_YEAR_COMPARED_RE.search(q) or re.search(r"比\s*(?:19|20)\d{2}", q)  # each one's own change
    if GAP_RE.search(q) and not on_a_year and (together or not intent.department_named and WHICH_MORE_RE.search(q)):
        return "gap"
    return None


def across_filings(intent: Intent, reading_of: ReadingOf, sources: Sources) -> Answered | None:
    """The answer over several filings, or None when the question asks none (or the filings cannot
    give one: then the engine answers figure by figure, as before). `reading_of(subject, filing)` is
    the engine's reading of a subject in one filing."""
    what = asked_across(intent)
    if what is None:
        return None
    if what == "trend" or len(intent.years) > 1:
        return _over_years(what, intent, reading_of, sources)
    return _over_departments(what, intent, reading_of, sources)


# --- one department over the years ---------------------------------------------------------------

def _over_years(what: str, intent: Intent, reading_of: ReadingOf, sources: Sources) -> Answered | None:
    departments = {f.department for f in intent.filings}
    if len(departments) != 1:
        return None
    department = departments.pop()
    # 预算 by default; the outturn when asked (intent.kind), or when only 决算 are held
    kind = intent.kind or ("预算" if any(f.kind == "预算" for f in intent.filings) else "决算")
    asked = asked_level(normalise(intent.question))
    held = _one_per(f for f in intent.filings if f.kind == kind and asked in (None, f.filing_kind))
    years = sorted(intent.years) if intent.years else sorted(y for _, y in held)
    points: list[Reading] = []
    lacking: list[int] = []
    for y in years:
        filing = held.get((department, y))
        r = reading_of(intent.subjects[0], filing) if filing else None
        if r is not None and (r.conflicts or not money_unit(r.unit)):
            return None  # a figure the filing states two ways is answered as a conflict, not added up
        if r is None or r.year is not None:  # none, or another year's figure the filing prints
            lacking.append(y)
        else:
            points.append(r)
    if len(points) < 2:
        return _kinds_apart(what, intent, reading_of, sources)
    subject = _name(points[0])
    level = points[0].filing.filing_kind
    if what in ("sum", "mean") and lacking:
        have = "、".join(f"{r.filing.year}年" for r in points)
        return "not_found", (f"已入库的文件中没有{department}{'、'.join(map(str, lacking))}年{level}的{subject}，"
                             f"无法按所问年度{'求平均' if what == 'mean' else '合计'}；已有的是{have}。"), []
    others = sorted({f.year for f in intent.filings if f.kind != kind and (not intent.years or f.year in intent.years)})
    unmixed = (f"（{'、'.join(map(str, others))}年另有{_other(kind)}，{kind}与{_other(kind)}不混在一起；"
               f"要看{_other(kind)}数请在问题中写明“{_other(kind)}”）") if others else ""
    missing = f"（{'、'.join(map(str, lacking))}年没有可用的{level}数）" if lacking else ""
    rows = [_row(f"{r.filing.year}年", r, sources) for r in points]
    series = "，".join(f"{r.filing.year}年{money(r.value, r.unit)} {_cite(r, sources)}" for r in points)
    if what in ("sum", "mean"):
        head = f"{department}{level}中的{subject}，{_total_clause(what, '下列各年度', points, sources)}"
        return "answered", f"{head}：{series}。{unmixed}", rows
    which = WHICH_YEAR_RE.search(normalise(intent.question))
    if what == "compare" and which:  # 哪一年最多: that year first, then every year's figure
        fewest = which.group(1) in "少低小"
        best = sorted(points, key=lambda r: (r.value, -r.filing.year) if fewest else (-r.value, -r.filing.year))[0]
        return "answered", (f"{department}{level}中的{subject}，{best.filing.year}年{'最少' if fewest else '最多'}，"
                            f"为{money(best.value, best.unit)} {_cite(best, sources)}。各年为：{series}。{unmixed}{missing}"), rows
    if what == "compare" and len(points) == 2:
        a, b = points
        return "answered", (f"{department}{level}中的{subject}，{_step(b, a, sources)}。"
                            f"各年为：{series}。{unmixed}{missing}"), rows
    return "answered", _trend(department, level, subject, points, sources) + unmixed + missing, rows


def _kinds_apart(what: str, intent: Intent, reading_of: ReadingOf, sources: Sources) -> Answered | None:
    """Years held only as a 预算 here and a 决算 there (2025年部门预算, 2024年部门决算): each figure with its
    kind, side by side — no trend, no step between them, since a budget and an outturn are two measures."""
    if what not in ("trend", "compare"):
        return None
    held = _one_per(f for f in intent.filings if not intent.years or f.year in intent.years)
    points = [r for _, f in sorted(held.items()) if (r := reading_of(intent.subjects[0], f)) is not None
              and r.year is None and not r.conflicts and money_unit(r.unit)]
    if len(points) < 2 or len({r.filing.kind for r in points}) < 2:
        return None
    lines = "，".join(f"{r.filing.year}年{r.filing.filing_kind}{_name(r)}为{money(r.value, r.unit)} {_cite(r, sources)}"
                     for r in points)
    rows = [_row(f"{r.filing.year}年（{r.filing.filing_kind}）", r, sources) for r in points]
    return "answered", (f"{points[0].filing.department}已入库的各年文件中，{lines}。各年所存的分别是预算或决算，"
                        "预算数与决算数口径不同，不作为同一口径的逐年变化比较。"), rows


def _trend(department: str, level: str, subject: str, points: list[Reading], sources: Sources) -> str:
    """The series in year order, then how it moved (a sentence of its own: 增/减 words beside a level
    would make the verifier read it as a change): each step, and the last year against the first."""
    deltas = [b.value - a.value for a, b in zip(points, points[1:])]
    series = "，".join(f"{r.filing.year}年{money(r.value, r.unit)} {_cite(r, sources)}" for r in points)
    text = f"{department}各年{level}中的{subject}：{series}。"
    if len(points) == 2:
        return text + f"{subject}{_step(points[1], points[0], sources)}。"
    if not any(deltas):
        return text + f"{subject}各年持平。"
    steps = "，".join(_step(b, a, sources) for a, b in zip(points, points[1:]))
    first, last = points[0], points[-1]
    return text + (f"{subject}总体{_direction(deltas)}：{steps}；{last.filing.year}年与{first.filing.year}年相比，"
                   f"{_gap(last, first, sources)}。")


def _direction(deltas: list[Decimal]) -> str:
    signs = [1 if d > 0 else -1 if d < 0 else 0 for d in deltas]
    moved = [s for s in signs if s]
    if not moved:
        return "各年持平"
    if all(s > 0 for s in moved):
        return "逐年增加" if len(moved) == len(signs) else "有增无减"
    if all(s < 0 for s in moved):
        return "逐年减少" if len(moved) == len(signs) else "有减无增"
    turns = sum(1 for a, b in zip(moved, moved[1:]) if a != b)
    if turns == 1:
        return "先增后减" if moved[0] > 0 else "先减后增"
    return "有增有减"


def _step(now: Reading, before: Reading, sources: Sources) -> str:
    """"2025年比2024年减少10万元 [2][3]": worded with both years, so the verifier recomputes it."""
    delta = now.value - before.value
    cites = sources.cite([before.facts[0], now.facts[0]])
    if delta == 0:
        return f"{now.filing.year}年与{before.filing.year}年持平 {cites}"
    verb = "增加" if delta > 0 else "减少"
    return f"{now.filing.year}年比{before.filing.year}年{verb}{money(abs(delta), _unit(now, before))} {cites}"


def _gap(now: Reading, before: Reading, sources: Sources) -> str:
    delta = now.value - before.value
    if delta == 0:
        return "持平"
    verb = "增加" if delta > 0 else "减少"
    return f"{verb}{money(abs(delta), _unit(now, before))} {sources.cite([before.facts[0], now.facts[0]])}"


# --- several departments in one year ------------------------------------------------------------

def _over_departments(what: str, intent: Intent, reading_of: ReadingOf, sources: Sources) -> Answered | None:
    chosen, left = _department_filings(intent)
    if len(chosen) < 2:
        return None
    points: list[Reading] = []
    for f in chosen:
        r = reading_of(intent.subjects[0], f)
        if r is not None and (r.conflicts or not money_unit(r.unit) and what != "compare"):
            return None  # counts are compared (8辆 against 2辆), never added up here
        if r is None or r.year is not None:
            left.append(f"{f.department}（{_title(f)}未列出）")
        else:
            points.append(r)
    if len(points) < 2 or what in ("sum", "mean") and intent.department_named and len(points) < len(chosen):
        return None
    if len({money_unit(r.unit) or r.unit for r in points}) > 1:
        return None  # money beside a count, or counts of two units: nothing to compare  # a named department without the figure: no total of the others passed off as the whole
    subject = _name(points[0])
    kinds = {r.filing.kind for r in points}
    levels = {r.filing.filing_kind for r in points}
    scope = f"{points[0].filing.year}年" + (next(iter(levels)) if len(levels) == 1 else next(iter(kinds))
                                             if len(kinds) == 1 else "")
    note = ""
    if len(levels) > 1:  # different departments, filings of different levels or kinds: said, never hidden
        note = "（注意：" + "，".join(f"{r.filing.department}为{r.filing.filing_kind}" for r in points) + "，口径不完全相同）"
    out = f"（未计入：{'、'.join(left)}）" if left else ""
    rows = [_row(r.filing.department, r, sources) for r in points]
    if what in ("sum", "mean") and len(kinds) > 1:  # a budget and an outturn are not added up
        lines = "；".join(f"{_title(r.filing)}{subject}为{money(r.value, r.unit)} {_cite(r, sources)}" for r in points)
        return "answered", f"{lines}。预算数与决算数口径不同，不相加。", rows
    if what in ("sum", "mean"):
        head = f"{scope}中，{_total_clause(what, f'下列各部门的{subject}', points, sources)}"
        ranked = points
    else:
        ranked = sorted(points, key=lambda r: (-r.value, r.filing.department))
        head = f"{scope}中，{_compare_head(ranked, subject, sources)}"
        rows = [_row(r.filing.department, r, sources) for r in ranked]
    lines = [f"{i}. {r.filing.department}：{money(r.value, r.unit)} {_cite(r, sources)}" for i, r in enumerate(ranked, 1)]
    return "answered", "\n".join([head + note + "：", *lines, *([out] if out else [])]), rows


def _department_filings(intent: Intent) -> tuple[list[Filing], list[str]]:
    """One filing per department, all of one year (and one kind when the departments have it),
    and the departments left out with why."""
    level = asked_level(normalise(intent.question))
    candidates = [f for f in intent.filings if level in (None, f.filing_kind)]
    if intent.years:
        candidates = [f for f in candidates if f.year == intent.years[0]]
    elif intent.relative is not None:
        candidates = [f for f in candidates if f.year == intent.anchor.get(f.department, 0) + intent.relative]
    if intent.department_named:
        wanted = intent.departments or sorted({f.department for f in candidates})
        candidates = [f for f in candidates if f.department in wanted]
        common = [y for y in sorted({f.year for f in candidates}, reverse=True)
                  if all(any(f.year == y and f.department == d for f in candidates) for d in wanted)]
        if not common:
            return [], []
        one = list(_one_per(f for f in candidates if f.year == common[0]).values())
        order = {d: i for i, d in enumerate(wanted)}
        return sorted(one, key=lambda f: order.get(f.department, 99)), _contained(one, candidates)
    # departments not named (各部门, 这几个单位): the year and kind of filing most of them hold
    count = Counter((f.year, f.filing_kind) for f in _one_per(candidates).values())
    if not count:
        return [], []
    (year, level), _ = max(count.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1] == "部门预算"))
    chosen = [f for f in candidates if f.year == year and f.filing_kind == level]
    inside = {f.department for f in chosen}
    # a year asked: the departments holding a filing of it, of another level (a year not asked: every one)
    held = [f for f in intent.filings if not intent.years or f.year == year]
    left = sorted({f.department for f in held} - inside)
    return sorted(chosen, key=lambda f: f.department), [*_contained(chosen, candidates),
                                                          *(f"{d}（没有{year}年{level}）" for d in left)]


def _contained(chosen: list[Filing], candidates: list[Filing]) -> list[str]:
    """A department's own 单位 filing beside its 部门 filing of the year: left out, and said why (the
    部门预算 consolidates its units — adding both would count the same money twice)."""
    kept = {(f.department, f.year) for f in chosen if not (f.filing_kind or "").startswith("单位")}
    return [f"{_title(f)}（已含在其{f.filing_kind.replace('单位', '部门')}中）" for f in candidates
            if (f.department, f.year) in kept and (f.filing_kind or "").startswith("单位")]


def _compare_head(ranked: list[Reading], subject: str, sources: Sources) -> str:
    top, low = ranked[0], ranked[-1]
    if len(ranked) == 2:
        delta = top.value - low.value
        if delta == 0:
            return f"{top.filing.department}与{low.filing.department}的{subject}相同"
        if not money_unit(top.unit):  # a gap in counts the verifier cannot recompute: said in words
            return f"{top.filing.department}的{subject}多于{low.filing.department}"
        return (f"{top.filing.department}的{subject}比{low.filing.department}多出"
                f"{money(delta, _unit(top, low))} {sources.cite([top.facts[0], low.facts[0]])}")
    return (f"{subject}最多的是{top.filing.department}，{money(top.value, top.unit)} {_cite(top, sources)}；"
            f"最少的是{low.filing.department}，{money(low.value, low.unit)} {_cite(low, sources)}")


# --- shared ----------------------------------------------------------------------------------------

def _total_clause(what: str, over: str, points: list[Reading], sources: Sources) -> str:
    """"下列各年度合计108.73万元，平均每年约36.24万元 [1][2][3]" after the subject: no year in it, so the
    verifier adds up (or averages) exactly the figures the citations point to, one per source."""
    total = sum((r.value for r in points), Decimal(0))
    unit = _unit(*points)
    cites = sources.cite([r.facts[0] for r in points])
    text = f"{over}合计{money(total, unit)}"
    if what == "mean":
        mean, decimals = _mean(points, unit)
        about = "约" if mean * len(points) != total else ""
        each = "每年" if over == "下列各年度" else "每个部门"
        text += f"，平均{each}{about}{money(mean, unit, decimals if about else None)}"  # an exact mean as printed
    return f"{text} {cites}"


def _mean(points: list[Reading], unit: str) -> tuple[Decimal, int]:
    """The mean rounded at the figures' own precision (at least the unit's standard: 0.01万元, 1元)."""
    factor = MONEY_FACTORS[unit]
    places = max(max(-(r.value / factor).normalize().as_tuple().exponent, 0) for r in points)
    decimals = max(places, STANDARD_DECIMALS.get(unit, 0))
    mean = sum((r.value for r in points), Decimal(0)) / len(points)
    return (mean / factor).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) * factor, decimals


def _one_per(filings) -> dict[tuple[str, int], Filing]:
    """One filing per (department, year): a 预算 before a 决算, the 部门 filing before its own 单位
    filing (which it already contains), so a department is never counted twice."""
    best: dict[tuple[str, int], Filing] = {}
    for f in filings:
        key = (f.department, f.year)
        rank = (f.kind != "预算", (f.filing_kind or "").startswith("单位"))
        if key not in best or rank < (best[key].kind != "预算", (best[key].filing_kind or "").startswith("单位")):
            best[key] = f
    return best


def _row(label: str, r: Reading, sources: Sources) -> TableRow:
    ids = [int(x) for x in _cite(r, sources).strip("[]").split("][")]
    return TableRow(label=label, value=float(r.value), unit="元" if money_unit(r.unit) else r.unit,
                    text=money(r.value, r.unit), citations=ids)


def _cite(r: Reading, sources: Sources) -> str:
    return sources.cite(r.facts[:1])


def _unit(*readings: Reading) -> str:
    """The unit the figures share, else 元 (exact for any mix)."""
    units = {r.unit for r in readings}
    return units.pop() if len(units) == 1 else "元"


def _name(r: Reading) -> str:
    """The subject as an outturn speaks of it: 收入支出决算总计, and an item's …支出 (not …预算)."""
    if r.filing.kind != "决算":
        return r.subject
    if r.subject == "收支总预算":
        return "收入支出决算总计"
    return r.subject[:-2] + "支出" if r.subject.endswith("预算") else r.subject


def _title(f: Filing) -> str:
    return f"{f.department}{f.year}年{f.filing_kind}"


def _other(kind: str) -> str:
    return "决算" if kind == "预算" else "预算"
