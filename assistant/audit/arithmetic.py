"""Arithmetic a filing's tables imply, re-checked on their parsed figures.

合计 = Σ类, 类 = Σ款, 款 = Σ项 in a coded table; a 合计 column = 基本支出 + 项目支出 (人员经费 + 公用经费);
收入总计 = 支出总计; 三公经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 and 公务用车购置及运行费
= 购置费 + 运行费; a project sheet's 其中 part never above its total. A gap the printed rounding can
explain is 尾差 (rounding), never an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from assistant.amounts import prints_agree, rounding_explains
from assistant.audit.findings import Discrepancy, amt, finding, leaf, money, show
from assistant.ontology import BY_NAME, TOTAL_WORDS, canonical, clean_label
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

# Row labels that total a table ("本年合计" too), and the column pairs a 合计 column is the sum of.
TOTAL_ROWS = {*TOTAL_WORDS, "本年合计", "支出合计", "收入合计", "本年支出合计", "本年收入合计"}
COLUMN_PARTS = ({"基本支出", "项目支出"}, {"人员经费", "公用经费"})


def sum_check(fs, kind, subject, whole: Fact, parts: list[Fact], text) -> Discrepancy | None:
    total = sum((p.value for p in parts), Decimal(0))
    gap = whole.value - total
    if gap == 0:
        return None
    rounding = rounding_explains(gap, amt(whole), *[amt(p) for p in parts])
    unit = whole.unit
    return finding(fs, kind, subject, [whole, *parts], gap, rounding,
                   text(show(whole.value, unit), show(total, unit), show(abs(gap), unit)))


def _col(column: str) -> str:
    return f"“{column}”栏" if column else ""


def one_per_cell(facts: list[Fact]) -> list[Fact]:
    """A cell read under two names (the 合计 row of 基本支出 is both 支出合计 and 基本支出) is one figure."""
    seen: dict[tuple, Fact] = {}
    for f in facts:
        seen.setdefault((f.table, f.page, f.row, f.code, f.column, f.measure, f.value), f)
    return list(seen.values())


def check_code_totals(fs: list[Fact]) -> list[Discrepancy]:
    """合计 = Σ 类; 类 = Σ 款; 款 = Σ 项 — per table, column and page range of one table."""
    out = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in one_per_cell(money(fs)):
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
            d = sum_check(fs, "table_total", f.subject, f, kids, lambda w, s, g, f=f, level=level: (
                f"「{table}」{_col(column)}中 {f.code} {f.subject} 为 {w}，其下各{level}之和为 {s}，相差 {g}。"))
            if d:
                out.append(d)
        if coded:
            top = min(len(f.code) for f in coded)
            tops = [f for f in coded if len(f.code) == top]
            for f in facts:
                if not f.code and leaf(f.row) in TOTAL_ROWS:
                    d = sum_check(fs, "table_total", "合计", f, tops, lambda w, s, g: (
                        f"「{table}」{_col(column)}合计行为 {w}，各类科目之和为 {s}，相差 {g}。"))
                    if d:
                        out.append(d)
    return out


def check_column_totals(fs: list[Fact]) -> list[Discrepancy]:
    """A 合计 column against its parts, row by row: 基本支出 + 项目支出, 人员经费 + 公用经费."""
    out = []
    rows: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        if f.source == "table" and f.table:
            rows[(f.table, f.page, f.row, f.code, f.measure)].append(f)
    # the columns each table prints under one header (at any depth): a part left blank in a row is 0
    printed: dict[tuple, set[str]] = defaultdict(set)
    for (table, *_), facts in rows.items():
        for f in facts:
            path = [clean_label(p) for p in f.column.split(LOCATOR_SEP)]
            for depth in range(len(path)):
                printed[(table, tuple(path[:depth]))].add(path[depth])
    for (table, *_), facts in rows.items():
        by_prefix: dict[tuple, dict[str, Fact]] = defaultdict(dict)
        under: dict[tuple, set[str]] = defaultdict(set)  # this row's columns under a header, any depth
        for f in facts:
            path = [clean_label(p) for p in f.column.split(LOCATOR_SEP)]
            by_prefix[tuple(path[:-1])][path[-1]] = f
            for depth in range(len(path)):
                under[tuple(path[:depth])].add(path[depth])
        for prefix, cols in by_prefix.items():
            whole = next((cols[w] for w in TOTAL_ROWS if w in cols), None)
            siblings = {c for c in cols if c not in TOTAL_ROWS}
            beside = printed[(table, prefix)] - TOTAL_ROWS
            for parts in COLUMN_PARTS:
                # only when the parts are all the columns beside the total (a table that also has
                # 单位预留机动经费 or 其中 columns totals differently), none of them split further in
                # this row (基本支出 › 人员经费 …); a part printed blank counts 0
                if whole is not None and siblings and siblings <= parts and beside <= parts \
                        and under[prefix] - TOTAL_ROWS == siblings:
                    kids = [cols[p] for p in sorted(siblings)]
                    d = sum_check(fs, "column_total", whole.subject, whole, kids, lambda w, s, g, whole=whole, parts=parts: (
                        f"「{table}」{whole.row or whole.subject} 行合计为 {w}，{'与'.join(sorted(parts))}之和为 {s}，相差 {g}。"))
                    if d:
                        out.append(d)
    return out


def check_balance(fs: list[Fact]) -> list[Discrepancy]:
    """收入总计 = 支出总计 within one table."""
    out = []
    tables: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in money(fs):
        label = leaf(f.row) or clean_label(f.subject)
        for side in ("收入总计", "支出总计"):
            if f.source == "table" and label.endswith(side):
                tables[(f.table, f.measure)].setdefault(side, f)
    for (table, _), sides in tables.items():
        if len(sides) == 2:
            inc, exp = sides["收入总计"], sides["支出总计"]
            d = sum_check(fs, "balance", "收支总预算", inc, [exp], lambda w, s, g: (
                f"「{table}」收入总计 {w}，支出总计 {s}，相差 {g}，收支不平衡。"))
            if d:
                out.append(d)
    return out


def check_sangong(fs: list[Fact]) -> list[Discrepancy]:
    """三公经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费; 公务用车 = 购置费 + 运行费."""
    out = []
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in money(fs):
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
            d = sum_check(fs, "sangong", whole_name, whole, present, lambda w, s, g, where=where: (
                f"{where}中{whole_name}为 {w}，而{names}之和为 {s}，相差 {g}。"))
            if d:
                out.append(d)
    return out


def check_part_exceeds(fs: list[Fact]) -> list[Discrepancy]:
    """A project sheet's 其中 part larger than every total the sheet prints (万里2023 p35: 年度资金申请
    总额 10,903,043.00, 其中：当年财政拨款 11,419,043.00) — the sheet contradicts itself."""
    out = []
    sheets: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        if f.source == "project":
            sheets[(f.subject, f.page, f.locator)].append(f)
    for (subject, *_), facts in sheets.items():
        totals = [f for f in facts if f.measure in ("总预算", "预算数", "决算数") and "其中" not in (f.column or "")]
        parts = [f for f in facts if (f.column or "").lstrip().startswith("其中")]
        if not totals:
            continue
        top = max(totals, key=lambda f: f.value)
        for p in parts:
            if p.value > top.value and not prints_agree(amt(p), amt(top)):
                named = [t for t in totals if t.value < p.value]
                out.append(finding(fs, "part_exceeds", subject, [p, *named], p.value - top.value, False, (
                    f"{subject}：项目表中{leaf(p.column)}为 {amt(p)}，大于"
                    f"{'、'.join(f'{leaf(t.column) or t.measure} {amt(t)}' for t in named)}，分项大于总额。")))
    return out


_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、")
_SIDE_TOTALS = ("本年收入合计", "本年支出合计", "收入合计", "支出合计", "当年收入小计", "当年支出小计", "合计", "小计")
_GRAND_TOTALS = ("收入总计", "支出总计", "总计")


def check_summary_totals(fs: list[Fact]) -> list[Discrepancy]:
    """A 收支总表's side total against its numbered rows (一、… 二、…): 本年支出合计 = Σ 类, and a
    总计 the same when nothing else (结转, 结余) is printed on that side."""
    out = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in one_per_cell(money(fs)):
        if f.source == "table" and f.table and not f.code:
            groups[(f.table, f.column, f.measure)].append(f)
    for (table, column, _), facts in groups.items():
        label = {id(f): clean_label(leaf(f.row)) for f in facts}
        rows: list[Fact] = []
        whole = None
        for f in facts:  # in printed order: the numbered rows next to the side's total are its rows
            if label[id(f)] in _SIDE_TOTALS:
                whole = whole or f  # below its rows, or above them (政府采购: 合计, then 一、货物 二、工程 …)
                if rows:
                    break
            elif _ENUMERATED.match(f.row or ""):
                rows.append(f)  # (the items under each, "1." or unnumbered, are not added again)
        numbered = {id(f) for f in rows}
        others = [f for f in facts if id(f) not in numbered and label[id(f)] not in _SIDE_TOTALS + _GRAND_TOTALS
                  and not re.match(r"^\d", f.row or "")]
        if whole is None and not others:
            whole = next((f for f in facts if label[id(f)] in _GRAND_TOTALS), None)
        if whole is None or not rows:
            continue  # (one numbered row with a figure: the others are printed blank, 0)
        d = sum_check(fs, "table_total", whole.subject, whole, rows, lambda w, s, g: (
            f"「{table}」{_col(column)}{leaf(whole.row)}为 {w}，所列各项（一、二、…）之和为 {s}，相差 {g}。"))
        if d:
            out.append(d)
    return out + _two_listings(groups) + _subtotals(groups) + _sub_items(groups)


_SUB_ITEM = re.compile(r"^\d{1,2}\s*[.．、]")


def _sub_items(groups: dict[tuple, list[Fact]]) -> list[Discrepancy]:
    """A numbered row's items ("一、财政拨款收入" then "1.一般公共预算资金", "2.政府性基金" …) add up to it."""
    out = []
    for (table, column, _), facts in groups.items():
        parent, items = None, []
        for f in [*facts, None]:  # in printed order; None closes the last parent
            if f is not None and _SUB_ITEM.match(f.row or "") and parent is not None:
                items.append(f)
                continue
            if parent is not None and items:
                d = sum_check(facts, "table_total", parent.subject, parent, items, lambda w, s, g, p=parent: (
                    f"「{table}」{_col(column)}{leaf(p.row)}为 {w}，其下各项之和为 {s}，相差 {g}。"))
                if d:
                    out.append(d)
            parent, items = (f, []) if f is not None and _ENUMERATED.match(f.row or "") else (None, [])
    return out


def _subtotals(groups: dict[tuple, list[Fact]]) -> list[Discrepancy]:
    """A table totalled by its groups' 小计 rows ("一般公共预算资金 › 小计", "其他资金 › 小计" …):
    收入总计 = Σ 小计."""
    out = []
    for (table, column, _), facts in groups.items():
        subs = [f for f in facts if f.row and LOCATOR_SEP in f.row and leaf(f.row) == "小计"]
        whole = next((f for f in facts if f.row and LOCATOR_SEP not in f.row
                      and clean_label(f.row) in _SIDE_TOTALS + _GRAND_TOTALS and clean_label(f.row) != "小计"), None)
        if not subs or whole is None:
            continue
        d = sum_check(facts, "table_total", whole.subject, whole, subs, lambda w, s, g: (
            f"「{table}」{_col(column)}{leaf(whole.row)}为 {w}，各组小计之和为 {s}，相差 {g}。"))
        if d:
            out.append(d)
    return out


def _two_listings(groups: dict[tuple, list[Fact]]) -> list[Discrepancy]:
    """One side of a 收支总表 listed two ways (支出 by 功能分类 and by 支出用途): the two add up alike."""
    out = []
    listings: dict[tuple, list[tuple[str, list[Fact]]]] = defaultdict(list)
    for (table, column, measure), facts in groups.items():
        rows = [f for f in facts if _ENUMERATED.match(f.row or "")]
        # a whole figure's column (not a 基本支出/人员经费 part of it)
        if len(rows) >= 2 and LOCATOR_SEP in column and leaf(column) in ("金额", "预算数", "决算数", "合计"):
            listings[(table, column.split(LOCATOR_SEP)[0], measure)].append((column, rows))
    for (table, side, _), found in listings.items():
        for (col_a, a), (col_b, b) in zip(found, found[1:]):
            if {f.row for f in a} & {f.row for f in b}:
                continue  # the same rows in two columns: not two listings of the side
            sa, sb = sum((f.value for f in a), Decimal(0)), sum((f.value for f in b), Decimal(0))
            gap = sa - sb
            if gap == 0:
                continue
            rounding = rounding_explains(gap, *[amt(f) for f in a + b])
            unit = a[0].unit
            out.append(finding(a, "table_total", f"{side}合计", [*a, *b], gap, rounding, (
                f"「{table}」{side}按“{leaf(col_a.rsplit(LOCATOR_SEP, 1)[0])}”所列各项之和为 {show(sa, unit)}，"
                f"按“{leaf(col_b.rsplit(LOCATOR_SEP, 1)[0])}”所列为 {show(sb, unit)}，相差 {show(abs(gap), unit)}。")))
    return out
