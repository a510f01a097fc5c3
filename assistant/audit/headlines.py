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
from assistant.parsers.tables import title_subject
from assistant.ontology import FUND_SCOPE_MARKERS, FUND_SCOPE_WITHIN, HEADLINE_WORDS, ITEM_MARKS, TOTAL_WORDS, canonical, clean_label
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

# A headline of the 说明 (its subject as the prose parser files it) → the table figures that print
# it: (their subjects, the fund scope of their table, words one of which their row must carry) and
# the labels such a row is printed under (to see it printed blank).
_INCOME_ROWS = ("收入合计", "收入总计", "本年收入合计")
_SPENDING_ROWS = ("支出合计", "支出总计", "本年支出合计")
TWINS: dict[str, tuple[tuple[frozenset[str], str, tuple[str, ...]], ...]] = {
    "收支总预算": ((frozenset({"收支总预算"}), "全部", ()),
                   (frozenset({"收入构成合计", "支出构成合计"}), "全部", ())),  # 整体支出绩效目标表
    "财政拨款收支总预算": ((frozenset({"收支总预算"}), "财政拨款", ()),),
    "收入合计": ((frozenset({"本年收入合计", "收入合计", "收入构成合计"}), "全部", ()),
                 (frozenset({"收支总预算"}), "全部", _INCOME_ROWS)),
    "支出合计": ((frozenset({"本年支出合计", "支出合计", "支出构成合计"}), "全部", ()),
                 (frozenset({"收支总预算"}), "全部", _SPENDING_ROWS)),
    "财政拨款收入": ((frozenset({"财政拨款收入"}), "全部", ()),
                     (frozenset({"收支总预算", "本年收入合计", "收入合计"}), "财政拨款", _INCOME_ROWS)),
    "财政拨款支出": ((frozenset({"收支总预算", "本年支出合计", "支出合计"}), "财政拨款", _SPENDING_ROWS),),
}
LABELS: dict[str, tuple[str, ...]] = {
    "收支总预算": ("总计", "收入总计", "支出总计"), "财政拨款收支总预算": ("总计", "收入总计", "支出总计"),
    "收入合计": _INCOME_ROWS, "支出合计": _SPENDING_ROWS, "财政拨款收入": _INCOME_ROWS, "财政拨款支出": _SPENDING_ROWS,
}
_TOTAL_LABELS = {"合计", "总计", *_INCOME_ROWS, *_SPENDING_ROWS}  # not 小计: a fund's part of the total
_PARTS = {p for ps in COLUMN_PARTS for p in ps}
_WHOLE = {*TOTAL_WORDS, "本年收入合计", "本年支出合计", "决算数", "预算数", "金额", ""}


def _headline(f: Fact) -> bool:
    """A 说明 figure said as a headline total ("本年收入合计2946.25万元"), not one 科目's
    ("检察（款）：2018年预算支出合计16,444.36万元")."""
    if f.source != "prose" or f.column or f.row not in (None, "收入合计", "支出合计") or f.ref_year not in (None, f.year):
        return False  # (a 其中 part of the total: "支出预算…，其中：财政拨款支出预算…")
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
            label = clean_label(leaf(t.row))
            if t.subject in subjects and table_scope(t) == scope and leaf(t.column) in _WHOLE \
                    and (label in rows if rows else not t.row or label in _TOTAL_LABELS):
                out.append(t)
    return out


def check_headlines(fs: list[Fact]) -> list[Discrepancy]:
    """Each headline of the 说明 against every table row that prints it: all must agree."""
    tables = [t for t in money(fs) if t.source == "table" and t.measure in ("预算数", "决算数")]
    out = []
    for f in money(fs):
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not _headline(f):
            continue
        twins = [t for t in _candidates(f, tables) if t.measure == f.measure and fact_year(t) == fact_year(f)
                 and t.value]  # a 0 is how some tables print a blank cell
        odd = [t for t in twins if not prints_agree(amt(f), amt(t))]
        if not odd or f.unit == "元" and any(abs(f.value * 10000 - t.value) <= t.value / 1000 for t in odd):
            continue  # "1331.5元" for 1331.5万元: the unit slip is the unit check's finding
        shown = list({(t.table, t.value): t for t in sorted(odd, key=lambda t: t.page or 0)}.values())[:3]
        told = "；".join(f"「{t.table}」{leaf(t.row) or t.subject}为 {amt(t)}（第{t.page}页）" for t in shown)
        agree = [t for t in twins if t not in odd]
        also = f"（「{agree[0].table}」第{agree[0].page}页与说明相同）" if agree else ""
        gap = min(abs(f.value - t.value) for t in shown)
        out.append(finding(fs, "headline_total", f.subject, [f, *shown, *agree[:1]], gap, False, (
            f"说明第{f.page}页“{_said(f)}”，而{told}{also}。")))
    return out + _nested_headlines(fs)


# A narrower scope's headline never above the wider one's: 财政拨款收支总计 ≤ 收入支出总计 …
NESTED: tuple[tuple[str, str], ...] = (("财政拨款收支总预算", "收支总预算"), ("财政拨款收入", "收入合计"),
                                       ("财政拨款支出", "支出合计"))


def _nested_headlines(fs: list[Fact]) -> list[Discrepancy]:
    said: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        if f.measure in ("预算数", "决算数") and _headline(f):
            said[(f.subject, f.measure, fact_year(f))].append(f)
    out = []
    for narrow, wide in NESTED:
        for (subject, measure, year), parts in said.items():
            if subject != narrow:
                continue
            for n in parts:
                for w in said.get((wide, measure, year), []):
                    if n.value > w.value and not prints_agree(amt(n), amt(w)):
                        out.append(finding(fs, "headline_total", n.subject, [n, w], n.value - w.value, False, (
                            f"说明第{n.page}页“{_said(n)}”大于第{w.page}页“{_said(w)}”：财政拨款的总数不会超过全部资金的总数。")))
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


_NOT_A_NUMBER = r"(?=\s*$|\s+[^\d\s.,\-])"


def _label_blank(text: str, label: str) -> bool:
    """A table line prints the row's label with nothing after it ("八、社会保障和就业支出" at the end
    of the line, or before the next column's label; "合 计" spaced out too)."""
    spaced = r"\s*".join(map(re.escape, label))
    pat = rf"(?:^|\s|[一二三四五六七八九十]+、|\d{{3}}(?:\s?\d{{2}}){{0,2}}\s*){spaced}(?:[（(][类款项][)）])?" \
          + _NOT_A_NUMBER
    return any(re.search(pat, ln.strip()) for ln in text.splitlines())


def _without(title: str, names: tuple[str, ...]) -> str:
    for n in sorted(names, key=len, reverse=True):
        title = re.sub(r"\s*".join(map(re.escape, n)), "", title)
    return title


def _title_scope(table: str) -> str:
    return next((s for s in FUND_SCOPE_MARKERS if s in table), "全部")


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
    printed_subjects: dict[str, set[str]] = defaultdict(set)
    for t in money(fs):
        if t.source == "table" and t.table:
            printed_subjects[t.table].add(t.subject)
    for f in money(fs):  # a headline total printed blank in a summary table of its scope
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not _headline(f) or not f.value:
            continue
        for subjects, scope, _ in TWINS[f.subject]:
            for table, pages in table_pages.items():
                if "总表" not in table or _title_scope(table) != scope or not subjects & printed_subjects[table]:
                    continue
                page = next((pg for pg in sorted(pages) for label in LABELS[f.subject]
                             if _label_blank(texts.get(pg, ""), label)), None)
                if page is not None:
                    out.append(_blank_row(fs, f, table, page, f.subject))
    for table, pages in table_pages.items():  # a 合计 row printed blank, the figure it totals in the 说明
        printed = [t for r, cols in rows.items() if r[0] == table for t in cols.values()]
        if any(not t.row or clean_label(leaf(t.row)).endswith(("合计", "总计")) for t in printed):
            continue
        totals = canonical(title_subject(_without(table, ft.names)))
        said = [f for f in prose if canonical(f.subject) == totals]
        page = next((pg for pg in sorted(pages) for label in ("合计", "总计")
                     if _label_blank(texts.get(pg, ""), label)), None) if said else None
        if page is not None:
            out.append(_blank_row(fs, said[0], table, page, "合计"))
    for f in prose:
        subject = canonical(f.subject)
        if not subject.endswith("支出") or subject in ("项目支出", "基本支出") or f.row is None:
            continue
        scope = fund_scope(f)
        for table, pages in table_pages.items():
            if subject in subjects_in[table] or "收入" in table and "支出" not in table:
                continue
            if not _within(scope, _title_scope(table)):
                continue
            page = next((pg for pg in sorted(pages) if _label_blank(texts.get(pg, ""), subject)), None)
            if page is not None:
                out.append(_blank_row(fs, f, table, page, subject))
    return out


def _blank_row(fs: list[Fact], f: Fact, table: str, page: int, label: str) -> Discrepancy:
    d = finding(fs, "blank_cell", f.subject, [f], f.value, False, (
        f"说明第{f.page}页写 {f.subject} 为 {amt(f)}，而「{table}」第{page}页“{label}”一行为空。"))
    d.places.append(Place(page=page, locator=table, quote=label, printed="（空）", source="table"))
    return d
