"""One figure printed in two tables: the 收支总表, the 财政拨款收支总表 and the 一般公共预算支出表 each
print a department's spending by 科目, in funds nested one inside the other (全部 ⊇ 财政拨款 ⊇
一般公共预算, FUND_SCOPE_WITHIN). Two tables of one scope must agree; a narrower scope never
exceeds a wider one, and exceeds it by no more than the wider one's total exceeds the narrower's
(the other funds must pay for the difference). What fund scope keeps apart is no conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from assistant.amounts import prints_agree
from assistant.audit.findings import Discrepancy, amt, finding, leaf, money
from assistant.audit.arithmetic import COLUMN_PARTS, TOTAL_ROWS
from assistant.ontology import FUND_SCOPE_MARKERS, FUND_SCOPE_WITHIN, canonical, clean_label
from assistant.types import LOCATOR_SEP, Fact
from assistant.verify.verifier import fact_year

_PARTS = {p for ps in COLUMN_PARTS for p in ps}
# Columns that carry a row's whole figure (as against its 基本支出/项目支出 parts).
_WHOLE_COLUMNS = {*TOTAL_ROWS, "本年支出合计", "本年收入合计", "决算数", "预算数", "金额", ""}
# Tables of another subject than a department's spending by 科目: their rows are parts of it.
_OTHER_SUBJECTS = ("机关运行", "三公", "政府采购", "项目", "绩效", "会议费", "培训费")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、")
_TOTAL_KEYS = {"合计": ("本年支出合计", "支出合计", "本年收入合计", "收入合计", "合计", "本年合计"),
               "总计": ("总计", "收入总计", "支出总计")}
_EPS = Decimal("1e-9")


def _side(f: Fact) -> str:
    head = f.column.split(LOCATOR_SEP)[0]
    for side in ("收入", "支出"):
        if side in head and ("收入" if side == "支出" else "支出") not in head:
            return side
    title = f.table or ""
    if "支出" in title and "收入" not in title:
        return "支出"
    if "收入" in title and "支出" not in title:
        return "收入"
    return "收入" if canonical(f.subject).endswith("收入") else "支出"


def table_scope(f: Fact) -> str:
    """The funds a table cell counts, from the table's title and the cell's column alone (a 合计 row
    read as "一般公共预算" in the 一般公共预算 table is still of that table's scope)."""
    place = f"{f.table or ''} {f.column or ''}"
    return next((s for s in FUND_SCOPE_MARKERS if s in place), "全部")


def _column_class(f: Fact) -> str | None:
    """基本支出/项目支出/人员经费/公用经费 for a part column, 合计 for a row's whole figure — of which
    a 基本支出 table's whole is its 基本支出."""
    col = leaf(f.column)
    if col in _PARTS:
        return col
    if col in _WHOLE_COLUMNS or table_scope(f) != "全部" and col.endswith(("预算", "拨款", "基金", "经营")):
        return next((p for p in ("基本支出", "项目支出") if p in (f.table or "")), "合计")
    return None


def _row_key(f: Fact) -> tuple[str, str, str] | None:
    """(domain, key, class override): a function 科目 by its code (its 类 by name, so that the 收支总表's
    "一、一般公共服务支出" meets "201 一般公共服务支出"), an economic 科目 by its code, a total row."""
    label = clean_label(leaf(f.row)) if f.row else ""
    subject = canonical(f.subject)
    if f.code:
        domain = "功能" if f.code.startswith("2") else "经济"
        return domain, subject if len(f.code) == 3 and domain == "功能" else f.code, ""
    for key, words in _TOTAL_KEYS.items():
        if label in words:
            return "汇总", key, ""
    if not f.row and f.subject.endswith("合计"):  # a table of one row (支出预算总表: 合计 基本支出 项目支出 …)
        return "汇总", "合计", ""
    if subject in _PARTS:  # "一、基本支出" of a 收支总表 is the 合计 row of a 基本支出 column
        return "汇总", "合计", subject
    if _ENUMERATED.match(f.row or "") and subject.endswith("支出"):
        return "功能", subject, ""
    return None


def _within(narrow: str, wide: str) -> bool:
    while narrow in FUND_SCOPE_WITHIN:
        narrow = FUND_SCOPE_WITHIN[narrow]
        if narrow == wide:
            return True
    return False


def check_table_twins(fs: list[Fact]) -> list[Discrepancy]:
    cells: dict[tuple, dict[str, dict[str, Fact]]] = defaultdict(lambda: defaultdict(dict))
    for f in money(fs):
        if f.source != "table" or not f.table or f.measure not in ("预算数", "决算数") or f.ref_year not in (None, f.year):
            continue
        if any(w in f.table for w in _OTHER_SUBJECTS) or f.value == 0:
            continue  # a 0 is how several tables print a blank cell: it is not compared
        key, cls = _row_key(f), _column_class(f)
        if key is None or cls is None:
            continue
        domain, row, forced = key
        group = (domain if domain != "汇总" else "功能", _side(f), row, forced or cls, f.measure, fact_year(f))
        cells[group][table_scope(f)].setdefault(f.table, f)  # the first print of a row in a table
    totals = {(side, cls, measure, year): by_scope for (domain, side, row, cls, measure, year), by_scope
              in cells.items() if row == "合计"}
    out = []
    for (domain, side, row, cls, measure, year), by_scope in cells.items():
        bad: list[tuple[Fact, Fact]] = []
        scopes = list(by_scope)
        for i, s1 in enumerate(scopes):
            for s2 in scopes[i:]:
                for t1, a in by_scope[s1].items():
                    for t2, b in by_scope[s2].items():
                        if t1 == t2:
                            continue
                        if s1 == s2:
                            if not prints_agree(amt(a), amt(b)):
                                bad.append((a, b))
                        elif _within(s2, s1) or _within(s1, s2):
                            wide, narrow = (a, b) if _within(s2, s1) else (b, a)
                            if _breaks(wide, narrow, row, totals.get((side, cls, measure, year), {})):
                                bad.append((wide, narrow))
        if bad:
            out.append(_report(fs, row, cls, bad))
    return out


def _breaks(wide: Fact, narrow: Fact, row: str, totals: dict[str, dict[str, Fact]]) -> bool:
    """A narrower scope's figure above the wider one's, or below it by more than the other funds
    (the wider total less the narrower total) can pay for."""
    slack = amt(wide).half_step + amt(narrow).half_step
    if narrow.value - wide.value > slack + _EPS:
        return True
    if row in _TOTAL_KEYS:
        return False  # the totals themselves: the wider one only has to be the larger
    tw = next(iter(totals.get(table_scope(wide), {}).values()), None)
    tn = next(iter(totals.get(table_scope(narrow), {}).values()), None)
    if tw is None or tn is None:
        return False
    other_funds = tw.value - tn.value
    return wide.value - narrow.value > other_funds + slack + amt(tw).half_step + amt(tn).half_step + _EPS


def _report(fs: list[Fact], row: str, cls: str, bad: list[tuple[Fact, Fact]]) -> Discrepancy:
    involved = list({id(f): f for pair in bad for f in pair}.values())
    involved.sort(key=lambda f: (f.page or 0))
    gap = max(abs(a.value - b.value) for a, b in bad)
    rounding = all(abs(a.value - b.value) <= amt(a).half_step + amt(b).half_step + _EPS and table_scope(a) == table_scope(b)
                   for a, b in bad)
    subject = involved[0].subject if row != "合计" else f"{cls}合计" if cls != "合计" else involved[0].subject
    told = "；".join(f"「{f.table}」（第{f.page}页，{table_scope(f)}口径）为 {amt(f)}" for f in involved)
    same = {table_scope(a) for a, b in bad if table_scope(a) == table_scope(b)}
    whys = [f"同一口径（{'、'.join(sorted(same))}）的同一数字两表不一致"] if same else []
    if any(table_scope(a) != table_scope(b) for a, b in bad):
        whys.append("宽窄口径之差超出了其他资金的总额（或窄口径大于宽口径）")
    why = "；".join(whys)
    col = "" if cls == "合计" else f"{cls}，"
    return finding(fs, "table_mismatch", subject, involved, gap, rounding, (
        f"{subject}（{col}{involved[0].measure}）{told}：{why}。"))


def spending_beyond(fs: list[Fact]):
    """(wide scope, narrow scope) → how much more the wider scope's tables spend in all (the 支出
    合计 of the one less the other's), None when either total is not printed."""
    totals: dict[str, Decimal] = {}
    for f in money(fs):
        if f.source == "table" and f.table and not any(w in f.table for w in _OTHER_SUBJECTS) \
                and _row_key(f) == ("汇总", "合计", "") and _column_class(f) == "合计" and _side(f) == "支出":
            totals.setdefault(table_scope(f), f.value)

    def beyond(wide: str, narrow: str) -> Decimal | None:
        if wide not in totals or narrow not in totals:
            return None
        return totals[wide] - totals[narrow]
    return beyond

