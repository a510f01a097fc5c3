"""The 说明's headline totals against the summary tables.

"收入支出总计2995.39万元" is the 总计 of the 收入支出(决算)总表; "财政拨款收入支出总计" that of the
财政拨款收入支出总表; "本年收入合计", "收入预算", "收入、支出预算总计" the 收入 side's total. These
totals are printed under names that differ from table to table (TWINS lists them), and every
table row that prints one must agree with the 说明. Among the 说明's own totals, a part is never
above its whole (a 财政拨款 total within the all-funds one, a year's income within the 收支 total).
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.amounts import prints_agree
from assistant.audit.findings import Discrepancy, amt, finding, leaf, money, printed_number
from assistant.audit.tables import table_scope
from assistant.ontology import HEADLINE_WORDS, ITEM_MARKS, TOTAL_WORDS, clean_label
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
WHOLE_COLUMNS = {*TOTAL_WORDS, "本年收入合计", "本年支出合计", "决算数", "预算数", "金额", "当年金额", ""}


def headline_said(f: Fact) -> bool:
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
            if t.subject in subjects and table_scope(t) == scope and leaf(t.column) in WHOLE_COLUMNS \
                    and (label in rows if rows else not t.row or label in _TOTAL_LABELS):
                out.append(t)
    return out


def check_headlines(fs: list[Fact]) -> list[Discrepancy]:
    """Each headline of the 说明 against every table row that prints it: all must agree."""
    tables = [t for t in money(fs) if t.source == "table" and t.measure in ("预算数", "决算数")]
    out = []
    for f in money(fs):
        if f.subject not in TWINS or f.measure not in ("预算数", "决算数") or not headline_said(f):
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
