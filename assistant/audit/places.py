"""One figure printed in two places — a 说明 sentence against the tables and project sheets, a
project sheet against the tables — with the fund scope each place counts, so that a figure of the
财政拨款 tables and the same name in the all-funds tables are two figures, not one printed two ways."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from assistant.amounts import prints_agree
from assistant.audit.findings import Discrepancy, amt, finding, leaf, money, printed_number, show, where
from assistant.audit.arithmetic import COLUMN_PARTS, TOTAL_ROWS
from assistant.ontology import FUND_SCOPE_MARKERS, canonical
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

# Totals whose scope differs from table to table in ways no title says (收支总预算 of the 收支总表 and
# of the 财政拨款 tables alike): the same name printed with two values is not a contradiction, so
# they are not cross-checked here (the headline check compares them table by table). Others are
# compared within one fund scope (see fund_scope).
SCOPE_DEPENDENT = {"收支总预算", "财政拨款收入", "一般公共预算", "政府性基金", "国有资本经营预算", "政府采购预算"}


def scope_year(f: Fact) -> str:
    return "总预算" if "总预算" in (f.column or "") or "总预算" in (f.measure or "") else "当年"


def fund_scope(f: Fact) -> str:
    """Which funds a figure counts, from where it is printed: a table by its title and column, a
    说明 sentence by its section and the words before the number; words of the subject itself
    (财政拨款收入) say nothing about scope. '全部' when nothing narrows it."""
    if f.source == "table":
        place = f"{f.table or ''} {f.column or ''}"
    elif f.source == "prose":
        quote = f.quote or ""
        number = printed_number(f)
        cut = quote.find(number) if number else -1
        place = f"{f.locator.split(LOCATOR_SEP)[-1]} {quote[:cut] if cut >= 0 else quote}"
    else:
        return "全部"
    for word in {f.subject, canonical(f.subject)}:
        place = place.replace(word, " ")
    return next((s for s in FUND_SCOPE_MARKERS if s in place), "全部")


def same_scope(a: Fact, b: Fact) -> bool:
    return fund_scope(a) == fund_scope(b)


def same_print(a: Fact, b: Fact) -> bool:
    """Two prints of one figure: equal, or apart by no more than their rounding (1331.49 / 1331.5)
    or a cut-off last digit (268.776 / 268.77)."""
    return prints_agree(amt(a), amt(b))


# Which printed statements are checked against which: a 说明 sentence against the tables and
# project sheets, a project sheet against the tables. One direction only: a table may print a
# name in other senses too (培训费 as a 政府采购 item), so a table value without a twin in the
# 说明 is no contradiction, but a 说明 figure no table supports is.
_CROSS = (("prose", "table"), ("prose", "project"), ("project", "table"))


def _part_column(f: Fact, subject: str) -> bool:
    """A table row's 人员经费/公用经费/基本支出/项目支出 column is a part of the row's figure."""
    col = leaf(f.column)
    return f.source == "table" and col != subject and any(p == col for ps in COLUMN_PARTS for p in ps)


def check_cross_place(fs: list[Fact]) -> list[Discrepancy]:
    """One figure (same subject, measure, year, fund scope) printed with different values in two
    places. A 说明 figure is held against the tables of its own scope when there are any, else
    against all tables (万里 prints 住房公积金 only in its 一般公共预算 tables)."""
    out = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        subject = canonical(f.subject)
        if f.code or subject in SCOPE_DEPENDENT or leaf(f.subject) in TOTAL_ROWS or subject.endswith("合计"):
            continue
        if f.measure not in ("预算数", "决算数", "上年数") or _part_column(f, subject):
            continue
        groups[(subject, f.measure, fact_year(f), scope_year(f))].append(f)
    for (subject, measure, year, scope), facts in groups.items():
        for said_in, checked_in in _CROSS:
            said = [f for f in facts if f.source == said_in]
            checked = [f for f in facts if f.source == checked_in]
            against = {id(f): [t for t in checked if same_scope(f, t)] or checked for f in said}
            lone = [f for f in said if against[id(f)] and not any(same_print(f, t) for t in against[id(f)])]
            if not lone:
                continue
            core = [*lone, *(t for f in lone for t in against[id(f)])]
            # every print of those values in the scope they disagree in: the same number printed for
            # all funds (基本支出 5377.64 of 收支总表) is no party to a 一般公共预算 disagreement
            core_ids = {id(x) for x in core}
            involved = [f for f in facts if any(same_print(f, x) for x in core)
                        and (id(f) in core_ids or any(same_scope(f, x) for x in lone))]
            by_value: dict[Decimal, list[Fact]] = defaultdict(list)
            for f in sorted(involved, key=lambda f: (f.page or 0)):
                by_value[next((v for v in by_value if same_print(by_value[v][0], f)), f.value)].append(f)
            if len(by_value) < 2:
                continue
            told = "；".join(f"在{'、'.join(dict.fromkeys(where(f) for f in g))}为 {amt(g[0])}"
                            for g in by_value.values())
            gap = max(by_value) - min(by_value)
            out.append(finding(fs, "cross_place", subject, [f for g in by_value.values() for f in g], gap, False, (
                f"{subject}（{year}年{measure}{'，项目总预算' if scope == '总预算' else ''}）{told}，"
                f"最大相差 {show(gap, lone[0].unit)}，不是尾差，请核对。")))
            break  # one finding per figure
    found = {d.subject for d in out}
    # One 科目 (its 类 › 款 › 项 path in full) given two 预算数 on one page of the 说明: "住房公积金（项）
    # 350.35万元 … 2024年预算安排352.67万元" (万里 2024 p9) — whatever the tables say.
    items: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        if f.source == "prose" and f.row and f.row.count(LOCATOR_SEP) >= 2 and f.measure in ("预算数", "决算数") \
                and f.ref_year is None and not f.column:
            items[(f.page, f.row, canonical(f.subject), f.measure)].append(f)
    for (page, row, subject, measure), facts in items.items():
        by_value: dict[Decimal, list[Fact]] = defaultdict(list)
        for f in facts:
            by_value[next((v for v in by_value if same_print(by_value[v][0], f)), f.value)].append(f)
        if len(by_value) < 2 or subject in found:
            continue
        told = "；".join(f"“{g[0].quote[:40]}”为 {amt(g[0])}" for g in by_value.values())
        gap = max(by_value) - min(by_value)
        out.append(finding(fs, "cross_place", subject, [f for g in by_value.values() for f in g], gap, False, (
            f"{row}（第{page}页{measure}）说明中写了两个数：{told}，最大相差 {show(gap, facts[0].unit)}，请核对。")))
    return out
