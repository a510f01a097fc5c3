"""Figures printed blank where they must be printed: a row's whole (合计) cell empty beside its
filled parts; a row a table prints with its label and nothing after it while the 说明 states its
figure — a 科目 in a table of its fund scope or a wider one (or a narrower one whose other funds
cannot pay for the figure), a fund's row of a 收支总表, a headline total, a table's 合计 row."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from assistant.audit.arithmetic import COLUMN_PARTS
from assistant.audit.consistency import is_table_title
from assistant.audit.findings import Discrepancy, Place, amt, finding, leaf, money
from assistant.audit.headlines import LABELS, TWINS, WHOLE_COLUMNS, headline_said
from assistant.audit.places import fund_scope
from assistant.audit.tables import spending_beyond
from assistant.audit.text import FilingText, squeeze
from assistant.ontology import FUND_SCOPE_MARKERS, FUND_SCOPE_WITHIN, canonical, clean_label
from assistant.parsers.tables import title_subject
from assistant.types import Fact

_PARTS = {p for ps in COLUMN_PARTS for p in ps}


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
        if any(c in cols for c in WHOLE_COLUMNS):
            beside[table] |= set(cols) - WHOLE_COLUMNS
    out = []
    for (table, page, row, code, measure), cols in rows.items():  # a row with parts but no whole
        parts = [c for name, c in cols.items() if name in beside[table] and c.value]
        if not parts or any(c in cols for c in WHOLE_COLUMNS):
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
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not headline_said(f) or not f.value:
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
