"""The 说明's headline totals against the summary tables, and a figure the 说明 states whose table
cell is blank.

"收入支出总计2995.39万元" is the 总计 of the 收入支出(决算)总表; "财政拨款收入支出总计" that of the
财政拨款收入支出总表; "本年收入合计", "收入预算", "收入、支出预算总计" the 收入 side's total. These
totals are printed under names that differ from table to table, so a headline is held against
every table row that can print it and is wrong only when none does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from assistant.amounts import prints_agree
from assistant.audit.findings import Discrepancy, Place, amt, finding, leaf, money, printed_number
from assistant.audit.arithmetic import COLUMN_PARTS
from assistant.audit.places import fund_scope
from assistant.audit.tables import table_scope
from assistant.audit.text import FilingText
from assistant.ontology import FUND_SCOPE_WITHIN, HEADLINE_WORDS, ITEM_MARKS, TOTAL_WORDS, canonical, clean_label
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

# A headline of the 说明 (its subject as the prose parser files it) → the table figures that print
# it: (their subjects, the scope of their table, words one of which their row must carry).
TWINS: dict[str, tuple[tuple[frozenset[str], str, tuple[str, ...]], ...]] = {
    "收支总预算": ((frozenset({"收支总预算"}), "全部", ()),),
    "财政拨款收支总预算": ((frozenset({"收支总预算"}), "财政拨款", ()),),
    "收入合计": ((frozenset({"本年收入合计", "收入合计"}), "全部", ()),
                 (frozenset({"收支总预算"}), "全部", ("收入合计", "收入总计"))),
    "支出合计": ((frozenset({"本年支出合计", "支出合计"}), "全部", ()),
                 (frozenset({"收支总预算"}), "全部", ("支出合计", "支出总计"))),
}
_PARTS = {p for ps in COLUMN_PARTS for p in ps}
_WHOLE = {*TOTAL_WORDS, "本年收入合计", "本年支出合计", "决算数", "预算数", "金额", ""}


def _headline(f: Fact) -> bool:
    """A 说明 figure said as a headline total ("本年收入合计2946.25万元"), not one 科目's
    ("检察（款）：2018年预算支出合计16,444.36万元")."""
    if f.source != "prose" or f.column or f.row or f.ref_year not in (None, f.year):
        return False
    number = printed_number(f)
    quote = (f.quote or "").replace(",", "")
    cut = quote.find(number)
    before = quote[:cut] if cut >= 0 else quote
    clause = re.split(r"[，。；：:]", before)[-1]
    return any(w in clause for w in HEADLINE_WORDS) and not any(m in before for m in ITEM_MARKS)


def _candidates(f: Fact, tables: list[Fact]) -> list[Fact]:
    out = []
    for subjects, scope, rows in TWINS[f.subject]:
        for t in tables:
            if t.subject in subjects and table_scope(t) == scope and leaf(t.column) in _WHOLE \
                    and (not rows or clean_label(leaf(t.row)) in rows):
                out.append(t)
    return out


def check_headlines(fs: list[Fact]) -> list[Discrepancy]:
    tables = [t for t in money(fs) if t.source == "table" and t.measure in ("预算数", "决算数")]
    out = []
    for f in money(fs):
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not _headline(f):
            continue
        twins = [t for t in _candidates(f, tables) if t.measure == f.measure and fact_year(t) == fact_year(f)
                 and t.value]  # a 0 is how some tables print a blank cell
        if not twins or any(prints_agree(amt(f), amt(t)) for t in twins):
            continue
        shown = list({t.value: t for t in sorted(twins, key=lambda t: t.page or 0)}.values())[:3]
        told = "；".join(f"「{t.table}」{leaf(t.row) or t.subject}为 {amt(t)}（第{t.page}页）" for t in shown)
        gap = min(abs(f.value - t.value) for t in shown)
        out.append(finding(fs, "headline_total", f.subject, [f, *shown], gap, False, (
            f"说明第{f.page}页“{_said(f)}”，而{told}。")))
    return out


def _said(f: Fact) -> str:
    quote = f.quote or ""
    number = printed_number(f)
    at = quote.replace(",", "").find(number)
    return quote[:max(at, 0) + len(number) + 8][:60] if at >= 0 else quote[:40]


# --- a figure of the text whose table cell is blank ----------------------------------------------

def _within(narrow: str, wide: str) -> bool:
    while narrow != wide and narrow in FUND_SCOPE_WITHIN:
        narrow = FUND_SCOPE_WITHIN[narrow]
    return narrow == wide


def _label_blank(text: str, label: str) -> bool:
    """A table line prints the row's label with nothing after it ("八、社会保障和就业支出" at the end
    of the line, or before the next column's label)."""
    pat = rf"(?:^|\s|[一二三四五六七八九十]+、|\d{{3}}(?:\s?\d{{2}}){{0,2}}\s*){re.escape(label)}(?:[（(][类款项][)）])?" \
          rf"(?=\s*$|\s+[一二三四五六七八九十]+、)"
    return any(re.search(pat, ln.strip()) for ln in text.splitlines())


def check_blank_cells(fs: list[Fact], ft: FilingText | None) -> list[Discrepancy]:
    """A 说明 figure of a 科目 (spending of a scope) whose row a table of that scope or a wider one
    prints blank; and a row whose 合计 cell is blank while its 基本支出/项目支出 cells are not."""
    out = []
    rows: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    table_pages: dict[str, set[int]] = defaultdict(set)
    subjects_in: dict[str, set[str]] = defaultdict(set)
    whole_cols: dict[str, set[str]] = defaultdict(set)
    for t in money(fs):
        if t.source == "table" and t.table:
            rows[(t.table, t.page, t.row, t.code, t.measure)][leaf(t.column)] = t
            table_pages[t.table].add(t.page)
            subjects_in[t.table].add(canonical(t.subject))
            if leaf(t.column) in _WHOLE:
                whole_cols[t.table].add(t.column)
    prose = [f for f in money(fs) if f.source == "prose" and f.measure in ("预算数", "决算数") and not f.column
             and f.ref_year in (None, f.year) and f.value]
    # a row with parts but no whole
    for (table, page, row, code, measure), cols in rows.items():
        parts = [cols[p] for p in sorted(_PARTS) if p in cols and cols[p].value]
        if not parts or any(c in cols for c in _WHOLE) or not whole_cols[table]:
            continue
        if not any({leaf(p.column) for p in parts} <= ps for ps in COLUMN_PARTS):
            continue
        total = sum((p.value for p in parts), Decimal(0))
        said = [f for f in prose if canonical(f.subject) == canonical(parts[0].subject)
                and abs(f.value - total) <= amt(f).half_step * 2]
        subject = parts[0].subject
        out.append(finding(fs, "blank_cell", subject, [*said, *parts], total, False, (
            f"「{table}」第{page}页 {row or subject} 行“合计”栏为空，而{'与'.join(leaf(p.column) for p in parts)}"
            f"共 {sum((p.value for p in parts), Decimal(0)) / (10000 if parts[0].unit == '万元' else 1):f}{parts[0].unit}"
            f"{f'；说明第{said[0].page}页写作 {amt(said[0])}' if said else ''}。")))
    if ft is None:
        return out
    texts = {p.number: p.text for p in ft.pages}
    for f in prose:
        subject = canonical(f.subject)
        if not subject.endswith("支出") or subject in ("项目支出", "基本支出") or f.row is None:
            continue
        scope = fund_scope(f)
        for table, pages in table_pages.items():
            if subject in subjects_in[table] or "收入" in table and "支出" not in table:
                continue
            sample = next(t for r, cols in rows.items() if r[0] == table for t in cols.values())
            if not _within(scope, table_scope(sample)):
                continue
            for page in sorted(pages):
                if _label_blank(texts.get(page, ""), subject):
                    where = Place(page=page, locator=sample.locator.split(LOCATOR_SEP + subject)[0], quote=subject,
                                  printed="（空）", source="table")
                    d = finding(fs, "blank_cell", subject, [f], f.value, False, (
                        f"说明第{f.page}页写 {subject} 为 {amt(f)}，而「{table}」第{page}页该行为空。"))
                    d.places.append(where)
                    out.append(d)
                    break
    return out
