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
from assistant.audit.tables import spending_beyond, table_scope
from assistant.audit.text import FilingText, squeeze
from assistant.audit.consistency import is_table_title
from assistant.parsers.tables import title_subject
from assistant.ontology import FUND_SCOPE_MARKERS, FUND_SCOPE_WITHIN, HEADLINE_WORDS, ITEM_MARKS, TOTAL_WORDS, canonical, clean_label
from assistant.types import Fact
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
_WHOLE = {*TOTAL_WORDS, "本年收入合计", "本年支出合计", "决算数", "预算数", "金额", "当年金额", ""}


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
    reported = {id(d.facts[0]) for d in out}
    return out + [d for d in _nested_headlines(fs) if not {id(x) for x in d.facts} & reported]


# A narrower scope's headline never above the wider one's: 财政拨款收支总计 ≤ 收入支出总计 …
# A part never above its whole among the 说明's totals: a 财政拨款 total within the all-funds one,
# a year's income or spending within the 收支 total (which adds what is carried over).
NESTED: tuple[tuple[str, str, str], ...] = (
    ("财政拨款收支总预算", "收支总预算", "财政拨款的总数不会超过全部资金的总数"),
    ("财政拨款收入", "收入合计", "财政拨款的总数不会超过全部资金的总数"),
    ("财政拨款支出", "支出合计", "财政拨款的总数不会超过全部资金的总数"),
    ("财政拨款收入", "财政拨款收支总预算", "收入不会超过收支总数"),
    ("收入合计", "收支总预算", "收入不会超过收支总数"), ("支出合计", "收支总预算", "支出不会超过收支总数"),
)


def _total_said(f: Fact) -> bool:
    """A total the 说明 states outright (not one 科目's, not a change or a share)."""
    if f.source != "prose" or f.column or f.row not in (None, "收入合计", "支出合计") or f.ref_year not in (None, f.year):
        return False
    before = (f.quote or "").replace(",", "").split(printed_number(f))[0]
    return not any(m in before for m in ITEM_MARKS)


def _nested_headlines(fs: list[Fact]) -> list[Discrepancy]:
    said: dict[tuple, list[Fact]] = defaultdict(list)
    for f in money(fs):
        if f.measure in ("预算数", "决算数") and _total_said(f):
            said[(f.subject, f.measure, fact_year(f))].append(f)
    out = []
    for narrow, wide, why in NESTED:
        for (subject, measure, year), parts in said.items():
            if subject != narrow:
                continue
            for n in parts:
                for w in said.get((wide, measure, year), []):
                    if n.value > w.value and not prints_agree(amt(n), amt(w)):
                        out.append(finding(fs, "headline_total", n.subject, [n, w], n.value - w.value, False, (
                            f"说明第{n.page}页“{_said(n)}”大于第{w.page}页“{_said(w)}”：{why}。")))
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


def _label_blank(text: str, label: str, numbered: bool = True) -> bool:
    """A table line prints a row's label with nothing after it ("八、社会保障和就业支出" at the end of
    the line, or before the next column's label; "合 计" spaced out too). A 科目's or a fund's row
    carries its number (八、, 221, 1.); a bare label may be a column's header."""
    spaced = r"\s*".join(map(re.escape, label))
    lead = r"(?:[一二三四五六七八九十]+、|\d{3}(?:\s?\d{2}){0,2}\s+|\d{1,2}\s*[.．、])\s*" if numbered else r"(?:^|\s)"
    fund = r"(?:一般公共预算|政府性基金预算?|国有资本经营预算)?" if numbered else ""
    # "一、一般公共预算资金", "一、一般公共预算财政拨款收入": a fund's row names its money after it
    tail = r"(?:[（(][类款项][)）]|资金|财政拨款(?:收入)?|拨款)?"
    pat = lead + fund + spaced + tail + _NOT_A_NUMBER
    return any(re.search(pat, ln.strip()) for ln in text.splitlines())


def _region(text: str, table: str) -> str:
    """The lines of a page that belong to one table: after its title to the next title, or (a page
    it runs on to) from the top to the first title."""
    lines = text.splitlines()
    titles = [i for i, ln in enumerate(lines) if is_table_title(ln)]
    name = squeeze(table)
    mine = [i for i in titles if name.endswith(squeeze(lines[i])) or squeeze(lines[i]).endswith(name[-10:])]
    # the most specific title line ("财政拨款收支预算总表" over "收支预算总表"), the last of a title in two lines
    own = max(mine, key=lambda i: (len(squeeze(lines[i])), i)) if mine else None
    start = own + 1 if own is not None else 0
    end = next((i for i in titles if i > (own if own is not None else -1)), len(lines))
    return "\n".join(lines[start:end])


def _without(title: str, names: tuple[str, ...]) -> str:
    for n in sorted(names, key=len, reverse=True):
        title = re.sub(r"\s*".join(map(re.escape, n)), "", title)
    return title


def _title_scope(table: str) -> str:
    return next((s for s in FUND_SCOPE_MARKERS if s in table), "全部")


# Fund scopes printed as rows of a 收支总表's 收入 side ("一、一般公共预算", "一、财政拨款收入").
_FUND_ROWS = {"一般公共预算", "政府性基金", "国有资本经营预算", "财政拨款收入"}
_TOTAL_SUBJECTS = {"收支总预算", "本年收入合计", "本年支出合计", "收入合计", "支出合计"}


def check_blank_cells(fs: list[Fact], ft: FilingText | None) -> list[Discrepancy]:
    """A figure printed blank where it must be printed: a row's whole (合计) cell empty beside its
    filled parts; and, with the pages, a 说明 figure whose row a table prints blank — a 科目 in a
    table of its scope or a wider one, a headline total in a summary table, a 合计 row."""
    rows: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for t in money(fs):
        if t.source == "table" and t.table:
            rows[(t.table, t.page, t.row, t.code, t.measure)][leaf(t.column)] = t
    prose = [f for f in money(fs) if f.source == "prose" and f.measure in ("预算数", "决算数") and not f.column
             and f.ref_year in (None, f.year) and f.value]
    # the columns printed beside a whole column in some row of a table: its parts
    beside: dict[str, set[str]] = defaultdict(set)
    for (table, *_), cols in rows.items():
        if any(c in cols for c in _WHOLE):
            beside[table] |= set(cols) - _WHOLE
    out = []
    for (table, page, row, code, measure), cols in rows.items():  # a row with parts but no whole
        parts = [c for name, c in cols.items() if name in beside[table] and c.value]
        if not parts or any(c in cols for c in _WHOLE):
            continue
        total = sum((p.value for p in parts if leaf(p.column) in _PARTS), Decimal(0))
        said = [f for f in prose if canonical(f.subject) == canonical(parts[0].subject)
                and (not total or abs(f.value - total) <= amt(f).half_step * 2)]
        subject = parts[0].subject
        filled = "、".join(f"{leaf(p.column)} {amt(p)}" for p in parts)
        out.append(finding(fs, "blank_cell", subject, [*said[:1], *parts], total, False, (
            f"「{table}」第{page}页 {row or subject} 行的合计栏为空，而同一行{filled}"
            f"{f'；说明第{said[0].page}页写作 {amt(said[0])}' if said else ''}。")))
    return out if ft is None else out + _blank_rows(fs, ft, prose)


def _blank_rows(fs: list[Fact], ft: FilingText, prose: list[Fact]) -> list[Discrepancy]:
    """A row printed with its label and nothing after it, whose figure the 说明 states."""
    table_pages: dict[str, set[int]] = defaultdict(set)
    subjects_in: dict[str, set[str]] = defaultdict(set)
    labels_in: dict[str, set[str]] = defaultdict(set)
    totals_in: dict[str, bool] = defaultdict(bool)
    for t in money(fs):
        if t.source == "table" and t.table:
            table_pages[t.table].add(t.page)
            subjects_in[t.table].add(canonical(t.subject))
            labels_in[t.table].add(squeeze(leaf(t.row or "")))
            totals_in[t.table] |= t.subject in _TOTAL_SUBJECTS or not t.row or \
                clean_label(leaf(t.row)).endswith(("合计", "总计"))
    texts = {p.number: p.text for p in ft.pages}
    other_funds = spending_beyond(fs)

    def blank_on(table: str, labels, numbered: bool = True) -> tuple[int, str] | None:
        return next(((pg, label) for pg in sorted(table_pages[table]) for label in labels
                     if _label_blank(_region(texts.get(pg, ""), table), label, numbered)), None)

    out = []
    for table in table_pages:  # a 合计 row printed blank, the figure it totals in the 说明
        if totals_in[table]:
            continue
        totals = canonical(title_subject(_without(table, ft.names)))
        said = [f for f in prose if canonical(f.subject) == totals]
        hit = blank_on(table, ("合计", "总计"), numbered=False) if said else None
        if hit:
            out.append(_blank_row(fs, said[0], table, *hit))
    for f in money(fs):  # a headline total printed blank in a summary table of its scope
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not _headline(f) or not f.value:
            continue
        for _, scope, _ in TWINS[f.subject]:
            for table in table_pages:
                if "总表" in table and _title_scope(table) == scope:
                    hit = blank_on(table, LABELS[f.subject], numbered=False)
                    if hit:
                        out.append(_blank_row(fs, f, table, *hit))
    for f in prose:  # a 科目, or a fund printed as a 收入 row, printed blank
        subject = canonical(f.subject)
        fund = subject in _FUND_ROWS
        if not (fund or subject.endswith(("支出", "收入"))) or f.subject in TWINS and not fund \
                or subject in _TOTAL_SUBJECTS or subject in ("项目支出", "基本支出"):
            continue
        side = "收入" if fund or subject.endswith("收入") else "支出"
        for table in table_pages:
            if subject in subjects_in[table] or any(subject in label for label in labels_in[table]) \
                    or side not in table and not ("收支" in table or "总表" in table):
                continue  # the row is printed with its figure (a 结转 block may repeat its label blank)
            if not (fund and "总表" in table or not fund and _must_print(f, _title_scope(table), other_funds)):
                continue
            hit = blank_on(table, (subject,))
            if hit:
                out.append(_blank_row(fs, f, table, *hit))
    return out


def _must_print(f: Fact, scope: str, other_funds) -> bool:
    """A table of this scope must print the 说明's figure: the table's scope is the figure's or a wider
    one, or a narrower one whose funds are short of the figure by less than the figure itself."""
    said = fund_scope(f)
    if _within(said, scope):
        return True
    beyond = other_funds(said, scope)
    return _within(scope, said) and beyond is not None and f.value > beyond + amt(f).half_step


def _blank_row(fs: list[Fact], f: Fact, table: str, page: int, label: str) -> Discrepancy:
    d = finding(fs, "blank_cell", f.subject, [f], f.value, False, (
        f"说明第{f.page}页写 {f.subject} 为 {amt(f)}，而「{table}」第{page}页“{label}”一行为空。"))
    d.places.append(Place(page=page, locator=table, quote=label, printed="（空）", source="table"))
    return d
