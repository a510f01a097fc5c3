"""The filing audit: every identity a filing implies, re-checked on its parsed facts.

    audit_index(index) -> list[Discrepancy]
    format_report(findings) -> str

Checks, per filing: a coded table's totals against its rows (合计 = Σ类, 类 = Σ款, 款 = Σ项),
合计 columns against 基本支出 + 项目支出 (人员经费 + 公用经费), 收入总计 = 支出总计, 三公经费 =
因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 and 公务用车购置及运行费 = 购置费 + 运行费,
stated growth rates against stated amounts, one figure printed in two places (表 against 说明),
and money printed in a unit that cannot be right ("1331.5元" where the filing means 万元).
A gap the printed rounding can explain is reported as 尾差, never as an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from assistant.amounts import AMOUNT_RE, Amount, printed_amount, prints_agree, rounding_explains
from assistant.ontology import BY_NAME, DECREASE_RE, FUND_SCOPE_MARKERS, canonical, clean_label
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

CheckKind = Literal["table_total", "column_total", "balance", "sangong", "growth_rate", "share", "cross_place",
                    "part_exceeds", "unit_suspect"]

KIND_NAMES = {
    "table_total": "表内合计与明细不符", "column_total": "合计栏与分栏之和不符", "balance": "收入总计与支出总计不等",
    "sangong": "“三公”经费与分项之和不符", "growth_rate": "增减率与金额不符", "share": "占比与金额不符",
    "cross_place": "同一数字两处不一致", "part_exceeds": "其中项大于总额",
    "unit_suspect": "金额单位疑误",
}
TOTAL_WORDS = {"合计", "总计", "小计", "本年合计", "支出合计", "收入合计"}
COLUMN_PARTS = ({"基本支出", "项目支出"}, {"人员经费", "公用经费"})
# Totals whose scope differs from table to table in ways no title says (收支总预算 of the 收支总表 and
# of the 财政拨款 tables alike): the same name printed with two values is not a contradiction, so
# they are not cross-checked. Others are compared within one fund scope (see fund_scope).
SCOPE_DEPENDENT = {"收支总预算", "财政拨款收入", "一般公共预算", "政府性基金", "国有资本经营预算", "政府采购预算"}


class Place(BaseModel):
    page: int | None = Field(description="1-based page of the filing")
    locator: str = Field(default="", description="part › section › table › row › column")
    quote: str = Field(default="", description="Verbatim text the figure was read from")
    value: float | None = Field(default=None, description="The figure: 元 for money, else as printed")
    printed: str = Field(default="", description="The figure as printed, with its unit")


class Discrepancy(BaseModel):
    doc: str = Field(description="Filing title")
    doc_id: str
    kind: CheckKind = Field(description="Which identity failed")
    subject: str = Field(description="What the figure is about")
    places: list[Place] = Field(description="Where the disagreeing figures are printed")
    gap: float = Field(description="Size of the disagreement: 元 for money, percentage points for rates")
    rounding: bool = Field(description="True when the printed rounding (尾差) explains the gap")
    explanation: str = Field(description="For staff, in Chinese")
    computed: float | None = Field(default=None, description="What the amounts give for the first place's figure")
    facts: list[Fact] = Field(default_factory=list, exclude=True,
                              description="The facts behind `places`, same order (in memory only, not in JSON)")


# --- helpers ------------------------------------------------------------------------------

def _amt(f: Fact) -> Amount:
    return printed_amount(f.value, f.unit, f.quote)


def show(value: Decimal, unit: str) -> str:
    """A money value (元) in the unit a filing printed its neighbours in."""
    if unit in ("元", ""):
        return f"{value.quantize(Decimal(1)) if value == value.to_integral_value() else value:,}元"
    a = printed_amount(value, unit)
    return f"{a.printed.normalize():f}{unit}" if a.is_money else f"{a.printed:f}{unit}"


def _place(f: Fact) -> Place:
    return Place(page=f.page, locator=f.locator, quote=f.quote,
                 value=None if f.value is None else float(f.value), printed=str(_amt(f)))


def _where(f: Fact) -> str:
    if f.source == "prose":
        return f"说明（第{f.page}页）"
    if f.source == "project":
        return f"{f.table or '项目表'}（第{f.page}页）"
    return f"{f.table or '表'}（第{f.page}页）"


def _finding(fs: list[Fact], kind: CheckKind, subject: str, places: list[Fact], gap: Decimal,
             rounding: bool, text: str, computed: Decimal | None = None) -> Discrepancy:
    f0 = places[0] if places else fs[0]
    tail = "差额在末位四舍五入范围内，属尾差，不视为错误。" if rounding else ""
    return Discrepancy(doc=f0.doc, doc_id=f0.doc_id, kind=kind, subject=subject,
                       places=[_place(p) for p in places], gap=float(abs(gap)), rounding=rounding,
                       explanation=text + tail, facts=list(places),
                       computed=None if computed is None else float(computed))


def _sum_check(fs, kind, subject, whole: Fact, parts: list[Fact], text) -> Discrepancy | None:
    total = sum((p.value for p in parts), Decimal(0))
    gap = whole.value - total
    if gap == 0:
        return None
    rounding = rounding_explains(gap, _amt(whole), *[_amt(p) for p in parts])
    unit = whole.unit
    return _finding(fs, kind, subject, [whole, *parts], gap, rounding,
                    text(show(whole.value, unit), show(total, unit), show(abs(gap), unit)))


def _money(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.value is not None and _amt(f).is_money]


def _leaf(path: str | None) -> str:
    return clean_label((path or "").split(LOCATOR_SEP)[-1])


# --- the checks ---------------------------------------------------------------------------

def check_code_totals(fs: list[Fact]) -> list[Discrepancy]:
    """合计 = Σ 类; 类 = Σ 款; 款 = Σ 项 — per table, column and page range of one table."""
    out = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in _money(fs):
        if f.source == "table" and f.table:
            groups[(f.table, f.column, f.measure)].append(f)
    for (table, column, _), facts in groups.items():
        coded = [f for f in facts if f.code]
        if len({f.code for f in coded}) != len(coded):
            continue  # one code twice: two tables share a title, rows cannot be told apart
        by_code = {f.code: f for f in coded}
        for code, f in by_code.items():
            kids = [c for c in coded if c.code != code and c.code.startswith(code)]
            if not kids:
                continue
            step = min(len(c.code) for c in kids)
            kids = [c for c in kids if len(c.code) == step]
            level = "款" if len(code) <= 3 else "项"
            d = _sum_check(fs, "table_total", f.subject, f, kids, lambda w, s, g, f=f, level=level: (
                f"「{table}」{_col(column)}中 {f.code} {f.subject} 为 {w}，其下各{level}之和为 {s}，相差 {g}。"))
            if d:
                out.append(d)
        if coded:
            top = min(len(f.code) for f in coded)
            tops = [f for f in coded if len(f.code) == top]
            for f in facts:
                if not f.code and _leaf(f.row) in TOTAL_WORDS:
                    d = _sum_check(fs, "table_total", "合计", f, tops, lambda w, s, g: (
                        f"「{table}」{_col(column)}合计行为 {w}，各类科目之和为 {s}，相差 {g}。"))
                    if d:
                        out.append(d)
    return out


def _col(column: str) -> str:
    return f"“{column}”栏" if column else ""


def check_column_totals(fs: list[Fact]) -> list[Discrepancy]:
    """A 合计 column against its parts, row by row: 基本支出 + 项目支出, 人员经费 + 公用经费."""
    out = []
    rows: dict[tuple, list[Fact]] = defaultdict(list)
    for f in _money(fs):
        if f.source == "table" and f.table:
            rows[(f.table, f.page, f.row, f.code, f.measure)].append(f)
    for (table, *_), facts in rows.items():
        by_prefix: dict[tuple, dict[str, Fact]] = defaultdict(dict)
        for f in facts:
            path = [clean_label(p) for p in f.column.split(LOCATOR_SEP)]
            by_prefix[tuple(path[:-1])][path[-1]] = f
        for cols in by_prefix.values():
            whole = next((cols[w] for w in TOTAL_WORDS if w in cols), None)
            siblings = {c for c in cols if c not in TOTAL_WORDS}
            for parts in COLUMN_PARTS:
                # only when the parts are all the columns beside the total: a table that also has
                # 单位预留机动经费 or 其中 columns totals differently
                if whole is not None and parts == siblings:
                    kids = [cols[p] for p in sorted(parts)]
                    d = _sum_check(fs, "column_total", whole.subject, whole, kids, lambda w, s, g, whole=whole, parts=parts: (
                        f"「{table}」{whole.row or whole.subject} 行合计为 {w}，{'与'.join(sorted(parts))}之和为 {s}，相差 {g}。"))
                    if d:
                        out.append(d)
    return out


def check_balance(fs: list[Fact]) -> list[Discrepancy]:
    """收入总计 = 支出总计 within one table."""
    out = []
    tables: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in _money(fs):
        label = _leaf(f.row) or clean_label(f.subject)
        for side in ("收入总计", "支出总计"):
            if f.source == "table" and label.endswith(side):
                tables[(f.table, f.measure)].setdefault(side, f)
    for (table, _), sides in tables.items():
        if len(sides) == 2:
            inc, exp = sides["收入总计"], sides["支出总计"]
            d = _sum_check(fs, "balance", "收支总预算", inc, [exp], lambda w, s, g: (
                f"「{table}」收入总计 {w}，支出总计 {s}，相差 {g}，收支不平衡。"))
            if d:
                out.append(d)
    return out


def check_sangong(fs: list[Fact]) -> list[Discrepancy]:
    """三公经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费; 公务用车 = 购置费 + 运行费."""
    out = []
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in _money(fs):
        where = f.table if f.source == "table" else f"说明p{f.page}"
        groups[(where, f.measure, fact_year(f), f.column.split(LOCATOR_SEP)[0] if f.source == "table" else "")] \
            .setdefault(canonical(f.subject), f)
    for whole_name in ("三公经费", "公务用车购置及运行费"):
        parts = BY_NAME[whole_name].parts
        for (where, *_), got in groups.items():
            whole = got.get(whole_name)
            present = [got[p] for p in parts if p in got]
            if whole is None or not present:
                continue
            total = sum((p.value for p in present), Decimal(0))
            complete = len(present) == len(parts)
            if not complete and total <= whole.value:
                continue  # a part not printed (an empty cell) may be 0: no alarm unless the parts overshoot
            names = "、".join(p.subject for p in present)
            d = _sum_check(fs, "sangong", whole_name, whole, present, lambda w, s, g, where=where: (
                f"{where}中{whole_name}为 {w}，而{names}之和为 {s}，相差 {g}。"))
            if d:
                out.append(d)
    return out


def _signed(f: Fact) -> Decimal:
    return -f.value if f.value > 0 and DECREASE_RE.search(f.quote or "") and f.measure in ("增减额", "增减率") \
        else f.value


def check_growth(fs: list[Fact]) -> list[Discrepancy]:
    """A stated rate against the stated amounts: 增减率 = 增减额 / (本年 − 增减额) = (本年 − 上年) / 上年."""
    out = []
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    # "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%。": the amount may sit in
    # the sentence before its change; a 说明 section's one amount of the subject is the amount
    section_now: dict[tuple, list[Fact]] = defaultdict(list)
    for f in fs:
        if f.value is None:
            continue
        key = (f.subject, f.code, f.quote if f.source != "table" else f"{f.table}|{f.row}")
        m = f.measure if f.measure in ("上年数", "增减额", "增减率") else "本年" \
            if f.measure in ("预算数", "决算数") else None
        if m:
            groups[key].setdefault(m, f)
        if m == "本年" and f.source == "prose" and f.ref_year in (None, f.year):
            section_now[(f.subject, f.code, f.page, f.locator)].append(f)
    for (subject, *_), got in groups.items():
        rate, now = got.get("增减率"), got.get("本年")
        if rate is not None and now is None and rate.source == "prose":
            near = section_now.get((rate.subject, rate.code, rate.page, rate.locator), [])
            now = near[0] if near and len({f.value for f in near}) == 1 else None
        if rate is None or now is None:
            continue
        if "上年数" in got:
            base_f, base = got["上年数"], got["上年数"].value
            change = now.value - base
            used = [now, base_f]
        elif "增减额" in got:
            change = _signed(got["增减额"])
            base = now.value - change
            used = [now, got["增减额"]]
        else:
            continue
        if base <= 0:
            continue
        stated = _signed(rate)
        computed = change / base * 100
        lo, hi = _rate_bounds(now, used[1], "上年数" in got)
        gap = stated - computed
        step = 2 * _amt(rate).half_step  # one unit of the last printed digit: rounded or cut off (截尾)
        if abs(gap) <= _amt(rate).half_step + Decimal("1e-9"):
            continue
        rounding = lo - step <= stated <= hi + step
        how = f"上年数 {_amt(used[1])}" if "上年数" in got else f"增减额 {_amt(used[1])}（上年数 = 本年数 − 增减额）"
        out.append(_finding(fs, "growth_rate", subject, [rate, *used], gap, rounding, (
            f"{subject}：文中增减率为 {_amt(rate)}，按本年数 {_amt(now)} 与{how}推算为 "
            f"{computed:.2f}%，相差 {abs(gap):.2f} 个百分点。"), computed))
    return out


def check_shares(fs: list[Fact]) -> list[Discrepancy]:
    """A stated share against its amounts, in one 说明 sentence: "支出2940.05万元，主要用于：一般公共
    服务支出2106.66万元，占71.73%" — the whole is the sentence's first, larger amount."""
    out = []
    by_quote: dict[tuple, list[Fact]] = defaultdict(list)
    for f in fs:
        if f.value is not None and f.source == "prose" and f.quote:
            by_quote[(f.page, f.quote)].append(f)
    for (_, quote), facts in by_quote.items():
        plain = quote.replace(",", "").replace("，", "，")
        money = [f for f in facts if f.measure in ("预算数", "决算数") and _amt(f).is_money]
        placed = sorted(((plain.find(_printed_number(f)), f) for f in money if _printed_number(f) in plain),
                        key=lambda pf: pf[0])
        if not placed:
            continue
        whole = placed[0][1]
        for rate in (f for f in facts if f.measure == "占比" and f.subject != whole.subject):
            part = next((f for _, f in placed if f.subject == rate.subject), None)
            if part is None or part is whole or not whole.value or part.value >= whole.value:
                continue
            computed = part.value / whole.value * 100
            a, b, h_a, h_b = part.value, whole.value, _amt(part).half_step, _amt(whole).half_step
            lo, hi = (a - h_a) / (b + h_b) * 100, (a + h_a) / (b - h_b) * 100
            gap, half = rate.value - computed, _amt(rate).half_step
            if abs(gap) <= half + Decimal("1e-9"):
                continue
            # shares are often nudged by a last digit so that they add up to 100%: 尾差 too
            rounding = lo - 4 * half <= rate.value <= hi + 4 * half
            out.append(_finding(fs, "share", rate.subject, [rate, part, whole], gap, rounding, (
                f"{rate.subject}：文中占比为 {_amt(rate)}，按其金额 {_amt(part)} 与{whole.subject} {_amt(whole)} "
                f"推算为 {computed:.2f}%，相差 {abs(gap):.2f} 个百分点。"), computed))
    return out


def check_part_exceeds(fs: list[Fact]) -> list[Discrepancy]:
    """A project sheet's 其中 part larger than every total the sheet prints (万里2023 p35: 年度资金申请
    总额 10,903,043.00, 其中：当年财政拨款 11,419,043.00) — the sheet contradicts itself."""
    out = []
    sheets: dict[tuple, list[Fact]] = defaultdict(list)
    for f in _money(fs):
        if f.source == "project":
            sheets[(f.subject, f.page, f.locator)].append(f)
    for (subject, *_), facts in sheets.items():
        totals = [f for f in facts if f.measure in ("总预算", "预算数", "决算数") and "其中" not in (f.column or "")]
        parts = [f for f in facts if (f.column or "").lstrip().startswith("其中")]
        if not totals:
            continue
        top = max(totals, key=lambda f: f.value)
        for p in parts:
            if p.value > top.value and not prints_agree(_amt(p), _amt(top)):
                named = [t for t in totals if t.value < p.value]
                out.append(_finding(fs, "part_exceeds", subject, [p, *named], p.value - top.value, False, (
                    f"{subject}：项目表中{_leaf(p.column)}为 {_amt(p)}，大于"
                    f"{'、'.join(f'{_leaf(t.column) or t.measure} {_amt(t)}' for t in named)}，分项大于总额。")))
    return out


def _rate_bounds(now: Fact, other: Fact, other_is_base: bool) -> tuple[Decimal, Decimal]:
    """The range a growth rate can take when both amounts are only known to their printed digits."""
    a, h_a = now.value, _amt(now).half_step
    b, h_b = _signed(other), _amt(other).half_step
    vals = []
    for da in (-h_a, h_a):
        for db in (-h_b, h_b):
            base = (b + db) if other_is_base else (a + da) - (b + db)
            change = (a + da) - (b + db) if other_is_base else (b + db)
            if base > 0:
                vals.append(change / base * 100)
    return (min(vals), max(vals)) if vals else (Decimal(0), Decimal(0))


def _scope(f: Fact) -> str:
    return "总预算" if "总预算" in (f.column or "") or "总预算" in (f.measure or "") else "当年"


# The funds a figure counts, narrowest first: a 基本支出 of the 财政拨款 tables (12,308.48) and of
# the all-funds 支出总表 (12,323.48) are two figures, not one printed two ways.


def fund_scope(f: Fact) -> str:
    """Which funds a figure counts, from where it is printed: a table by its title and column, a
    说明 sentence by its section and the words before the number; words of the subject itself
    (财政拨款收入) say nothing about scope. '全部' when nothing narrows it."""
    if f.source == "table":
        where = f"{f.table or ''} {f.column or ''}"
    elif f.source == "prose":
        quote = f.quote or ""
        number = _printed_number(f)
        cut = quote.find(number) if number else -1
        where = f"{f.locator.split(LOCATOR_SEP)[-1]} {quote[:cut] if cut >= 0 else quote}"
    else:
        return "全部"
    for word in {f.subject, canonical(f.subject)}:
        where = where.replace(word, " ")
    return next((s for s in FUND_SCOPE_MARKERS if s in where), "全部")


def _printed_number(f: Fact) -> str:
    if f.value is None:
        return ""
    a = _amt(f)
    return f"{a.printed.normalize():f}" if a.decimals else f"{a.printed:f}"


def same_scope(a: Fact, b: Fact) -> bool:
    return fund_scope(a) == fund_scope(b)


# Which printed statements are checked against which: a 说明 sentence against the tables and
# project sheets, a project sheet against the tables. One direction only: a table may print a
# name in other senses too (培训费 as a 政府采购 item), so a table value without a twin in the
# 说明 is no contradiction, but a 说明 figure no table supports is.
_CROSS = (("prose", "table"), ("prose", "project"), ("project", "table"))


def check_cross_place(fs: list[Fact]) -> list[Discrepancy]:
    """One figure (same subject, measure, year, fund scope) printed with different values in two
    places. A 说明 figure is held against the tables of its own scope when there are any, else
    against all tables (万里 prints 住房公积金 only in its 一般公共预算 tables)."""
    out = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in _money(fs):
        subject = canonical(f.subject)
        if f.code or subject in SCOPE_DEPENDENT or _leaf(f.subject) in TOTAL_WORDS or subject.endswith("合计"):
            continue
        if f.measure not in ("预算数", "决算数", "上年数") or _part_column(f, subject):
            continue
        groups[(subject, f.measure, fact_year(f), _scope(f))].append(f)
    for (subject, measure, year, scope), facts in groups.items():
        for said_in, checked_in in _CROSS:
            said = [f for f in facts if f.source == said_in]
            checked = [f for f in facts if f.source == checked_in]
            against = {id(f): [t for t in checked if same_scope(f, t)] or checked for f in said}
            lone = [f for f in said if against[id(f)] and not any(_same_print(f, t) for t in against[id(f)])]
            if not lone:
                continue
            core = [*lone, *(t for f in lone for t in against[id(f)])]
            involved = [f for f in facts if any(_same_print(f, x) for x in core)]  # every print of those values
            by_value: dict[Decimal, list[Fact]] = defaultdict(list)
            for f in sorted(involved, key=lambda f: (f.page or 0)):
                by_value[next((v for v in by_value if _same_print(by_value[v][0], f)), f.value)].append(f)
            if len(by_value) < 2:
                continue
            told = "；".join(f"在{'、'.join(dict.fromkeys(_where(f) for f in g))}为 {_amt(g[0])}"
                            for g in by_value.values())
            gap = max(by_value) - min(by_value)
            out.append(_finding(fs, "cross_place", subject, [f for g in by_value.values() for f in g], gap, False, (
                f"{subject}（{year}年{measure}{'，项目总预算' if scope == '总预算' else ''}）{told}，"
                f"最大相差 {show(gap, lone[0].unit)}，不是尾差，请核对。")))
            break  # one finding per figure
    found = {d.subject for d in out}
    # One 科目 (its 类 › 款 › 项 path in full) given two 预算数 on one page of the 说明: "住房公积金（项）
    # 350.35万元 … 2024年预算安排352.67万元" (万里 2024 p9) — whatever the tables say.
    items: dict[tuple, list[Fact]] = defaultdict(list)
    for f in _money(fs):
        if f.source == "prose" and f.row and f.row.count(LOCATOR_SEP) >= 2 and f.measure in ("预算数", "决算数") \
                and f.ref_year is None and not f.column:
            items[(f.page, f.row, canonical(f.subject), f.measure)].append(f)
    for (page, row, subject, measure), facts in items.items():
        by_value: dict[Decimal, list[Fact]] = defaultdict(list)
        for f in facts:
            by_value[next((v for v in by_value if _same_print(by_value[v][0], f)), f.value)].append(f)
        if len(by_value) < 2 or subject in found:
            continue
        told = "；".join(f"“{g[0].quote[:40]}”为 {_amt(g[0])}" for g in by_value.values())
        gap = max(by_value) - min(by_value)
        out.append(_finding(fs, "cross_place", subject, [f for g in by_value.values() for f in g], gap, False, (
            f"{row}（第{page}页{measure}）说明中写了两个数：{told}，最大相差 {show(gap, facts[0].unit)}，请核对。")))
    return out


def _part_column(f: Fact, subject: str) -> bool:
    """A table row's 人员经费/公用经费/基本支出/项目支出 column is a part of the row's figure."""
    leaf = _leaf(f.column)
    return f.source == "table" and leaf != subject and any(p == leaf for ps in COLUMN_PARTS for p in ps)


def _same_print(a: Fact, b: Fact) -> bool:
    """Two prints of one figure: equal, or apart by no more than their rounding (1331.49 / 1331.5)
    or a cut-off last digit (268.776 / 268.77)."""
    return prints_agree(_amt(a), _amt(b))


def check_units(fs: list[Fact], pages: list[tuple[int, str]]) -> list[Discrepancy]:
    """Money printed in 元 where the filing means 万元: flagged facts, and 元 figures beside 万元
    figures in one sentence whose ×10000 is a 万元 figure printed elsewhere in the filing."""
    out = []
    seen: set[tuple] = set()
    wan = {a.printed for _, text in pages for m, a in _amounts(text) if a.unit == "万元"}
    for f in fs:
        if "unit_suspect" in f.flags and f.value is not None:
            a = _amt(f)
            seen.add((f.page, a.printed))
            meant = Amount(a.printed, "万元", a.decimals)
            out.append(_finding(fs, "unit_suspect", f.subject, [f], meant.value - a.value, False,
                                _unit_text(f.page, f.quote or str(a), a, meant)))
    for page, text in pages:
        for sentence in re.split(r"[。；\n]", text.replace("\n", "")):
            found = _amounts(sentence)
            if not any(a.unit == "万元" for _, a in found):
                continue
            for m, a in found:
                if a.unit == "元" and a.printed in wan and (page, a.printed) not in seen:
                    seen.add((page, a.printed))
                    meant = Amount(a.printed, "万元", a.decimals)
                    quote = sentence.strip()
                    p = Place(page=page, quote=quote, value=float(a.value), printed=m.group())
                    f0 = fs[0]
                    out.append(Discrepancy(doc=f0.doc, doc_id=f0.doc_id, kind="unit_suspect",
                                           subject=_subject_before(sentence, m.start()), places=[p],
                                           gap=float(meant.value - a.value), rounding=False,
                                           explanation=_unit_text(page, quote, a, meant)))
    return out


def _amounts(text: str) -> list[tuple[re.Match[str], Amount]]:
    return [(m, a) for m in AMOUNT_RE.finditer(text) if (a := Amount.parse(m.group("num"), m.group("unit")))]


def _subject_before(sentence: str, pos: int) -> str:
    head = re.split(r"[，,：:]", sentence[:pos])[-1]
    return clean_label(re.sub(r"(?:19|20)\d\d\s*年", "", head)) or "金额"


def _unit_text(page, quote: str, a: Amount, meant: Amount) -> str:
    return (f"第{page}页“{quote[:60]}”中写作 {a}，而同一文件其他处印作 {meant}（{meant.value:,.0f}元）；"
            f"按上下文应为 {meant}，疑漏写“万”字。")


# --- entry points -------------------------------------------------------------------------

CHECKS = (check_code_totals, check_column_totals, check_balance, check_sangong, check_growth, check_shares,
          check_part_exceeds, check_cross_place)


def audit_facts(facts: list[Fact], pages: list[tuple[int, str]] = ()) -> list[Discrepancy]:
    """Audit one filing's facts (and page texts, for unit slips)."""
    if not facts:
        return []
    out: list[Discrepancy] = []
    for check in CHECKS:
        out += check(facts)
    out += check_units(facts, list(pages))
    return out


def audit_index(index) -> list[Discrepancy]:
    """Every filing of an index (an `Index` or a bare `FactStore`), filing by filing."""
    store = getattr(index, "facts", index)
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for f in store.facts():
        by_doc[f.doc_id].append(f)
    out: list[Discrepancy] = []
    for filing in store.filings():
        out += audit_facts(by_doc.get(filing.doc_id, []), [(p.number, p.text) for p in store.pages(filing.doc_id)])
    return out


def format_report(findings: list[Discrepancy]) -> str:
    """A report for staff, grouped by filing: errors first, then 尾差 kept for reference."""
    if not findings:
        return "未发现勾稽关系问题。"
    lines: list[str] = []
    by_doc: dict[str, list[Discrepancy]] = defaultdict(list)
    for d in findings:
        by_doc[d.doc].append(d)
    for doc, items in by_doc.items():
        errors = [d for d in items if not d.rounding]
        tails = [d for d in items if d.rounding]
        lines.append(f"【{doc}】 发现 {len(errors)} 处问题" + (f"，另有 {len(tails)} 处尾差" if tails else ""))
        for i, d in enumerate(errors + tails, 1):
            tag = "尾差" if d.rounding else KIND_NAMES[d.kind]
            lines.append(f"  {i}. [{tag}] {d.explanation}")
            for p in d.places[:6]:
                where = f"第{p.page}页" if p.page else "页码未知"
                loc = f" {p.locator}" if p.locator else ""
                quote = f"：“{p.quote[:50]}”" if p.quote else ""
                lines.append(f"       - {where}{loc} {p.printed}{quote}")
        lines.append("")
    return "\n".join(lines).rstrip()
