"""The records a lookup returns (Reading, Change) and what one fact says: its signed value, its
wording, whether it is a total, whether two facts print the same figure.

Arithmetic is exact (Decimal, in 元); nothing here formats text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assistant.amounts import MONEY_FACTORS, growth_pct, printed_amount, prints_agree
from assistant.ontology import DECREASE_WORDS, INCREASE_WORDS, TOTAL_WORDS, canonical, clean_label
from assistant.types import Fact, Filing
from assistant.verify.audit import same_scope

# Measures that are not the figure itself (the headline is 预算数/决算数/金额 …).
NOT_HEADLINE = {"上年数", "增减额", "增减率", "占比", "数量", "原因", "负责人", "联系电话", "指标值", "定义"}
# Column words that mark a part of the figure, not the figure (unless the subject is that part).
PART_COLUMNS = ("基本支出", "项目支出", "人员经费", "公用经费", "上年", "年初", "调整", "结转", "结余",
                "比上年", "增减", "其中", "政府性基金", "国有资本", "事业收入", "其他收入", "单位资金")
# Stored subjects too generic to be what a question is about.
GENERIC_SUBJECTS = {"合计", "小计", "总计", "其他", "支出", "收入", "项目", "金额", "本年", "其中", "一般",
                    "预算数", "决算数", "科目名称", "项目名称", "说明"}
CENT = Decimal("0.01")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}\s*年度?")
# Parts of a total that tables print as columns of their 合计 row (支出总表: 合计 | 基本支出 | 项目支出).
COLUMN_TERMS = ("基本支出", "项目支出", "人员经费", "公用经费")
# Facts the parsers doubt (1331.5元 printed where 万元 is meant) are neither stated nor compared.
DOUBTED = "unit_suspect"


@dataclass
class Change:
    """A figure's change on an earlier year, stated in a filing or derived across filings."""

    base_year: int
    base: Decimal | None          # the earlier year's value (元), when known or derivable
    delta: Decimal                # signed, 元
    rate: Decimal | None          # signed %, as stated or recomputed
    facts: list[Fact] = field(default_factory=list)
    across_filings: bool = False
    base_label: str = ""          # what the base is, when the filing names it (预算执行数)
    quote: str = ""               # the filing's sentence, when it states the change under another name
    disputed: list[Fact] = field(default_factory=list)  # the same change printed elsewhere with another value


@dataclass
class Reading:
    """The figure a filing gives for a subject (or the sum of its parts), with its evidence."""

    filing: Filing
    subject: str
    value: Decimal                                        # 元 (or the printed unit for non-money)
    unit: str                                             # unit as printed by the chosen fact
    facts: list[Fact] = field(default_factory=list)       # facts stating this value
    conflicts: list[list[Fact]] = field(default_factory=list)  # other values the filing states
    parts: list["Reading"] = field(default_factory=list)  # when summed from parts
    change: Change | None = None
    within: str = ""          # read from the table of this whole (项目支出中的差旅费): its change is not the item's
    unsplit: str = ""         # a whole asked around the item that no table splits it by: this is the item's all
    derived_year: int | None = None                       # value is for this earlier year, derived
    year: int | None = None                               # the year a later filing prints it for (前两年预算)
    scope: str | None = None                              # the fund scope asked and read (财政拨款), if any


def subject_keys(subject: str) -> list[str]:
    """A stored subject under its canonical term and its cleaned label; a leading year
    ("2023年三公经费", as some tables title their columns) is not part of the name."""
    return list(_subject_keys(subject))


@lru_cache(maxsize=1 << 16)  # pure; asked for every fact of a filing per lookup
def _subject_keys(subject: str) -> tuple[str, ...]:
    label = clean_label(_YEAR_PREFIX.sub("", subject)) or clean_label(subject)
    return tuple(dict.fromkeys([canonical(label), label]))


# A project's cost breakdown (明细测算, 采购明细): each row is an item of the project, findable by its name.
DETAIL_MEASURES = ("明细测算", "采购金额")


def detail_item(f: Fact) -> str | None:
    """The item a project's cost row names (无人机保险及运营服务 of 信息化建设项目), else None."""
    if f.source != "project" or f.measure not in DETAIL_MEASURES or not f.row:
        return None
    return row_item(f.row)


@lru_cache(maxsize=1 << 14)
def row_item(row: str) -> str | None:
    """The item a project's cost row names, by its printed row path ("1. 无人机保险及运营服务")."""
    item = clean_label(re.sub(r"^[\d\s.]+", "", row.split(" › ")[-1]))
    return item if len(item) >= 3 and item not in GENERIC_SUBJECTS else None


def column_fit(column: str, words) -> tuple[int, int]:
    """Sort key, best first: columns saying more of the question's words, then the shortest such."""
    said = sum(1 for w in words if w in column)
    return (-said, len(column) if said else 0)


def money_unit(unit: str) -> bool:
    return unit in MONEY_FACTORS


def signed(f: Fact) -> Decimal:
    """A change as a signed number: filings print 减少 1万元 with a positive 1."""
    v = f.value or Decimal(0)
    if v < 0:
        return v
    q = f.quote or f.text or ""
    dec = [m.start() for w in DECREASE_WORDS for m in re.finditer(w, q)]
    inc = [m.start() for w in INCREASE_WORDS for m in re.finditer(w, q)]
    if dec and not inc:
        return -v
    if dec and inc:  # both words: the verb nearest before the printed number decides
        num = _printed(v, f.unit)
        pos = q.find(num) if num else -1
        before = [(p, -1) for p in dec if p < pos] + [(p, 1) for p in inc if p < pos] if pos >= 0 else []
        if before:
            return v * max(before)[1]
        return -v if min(dec) < min(inc) else v
    return v


def _printed(value: Decimal, unit: str) -> str:
    v = value / MONEY_FACTORS[unit] if unit in MONEY_FACTORS else value
    return format(v.normalize(), "f")


def is_total(f: Fact, subject: str) -> bool:
    """Is the fact's column the figure itself (合计, the subject's own column, a bare 预算数)
    rather than a part of it (基本支出, 财政拨款收入, 事业收入 …)?"""
    last = clean_label((f.column or "").split(" › ")[-1])
    if not last or any(w in last for w in TOTAL_WORDS):
        return True
    if subject in last or last in subject or canonical(last) == subject:
        return True
    return not any(w in last for w in PART_COLUMNS + ("收入", "拨款", "资金")) and \
        bool(re.search(r"(?:预算|决算)数?$|金额$|本年", last))


def column_score(f: Fact, subject: str, kind: str) -> int:
    col = f.column or ""
    s = 0
    if f.measure == ("决算数" if kind == "决算" else "预算数"):
        s += 2
    if any(w in col for w in TOTAL_WORDS):
        s += 1
    if any(w in col and w not in subject for w in PART_COLUMNS):
        s -= 5
    return s


def code_family(f: Fact) -> str:
    """功能分类 codes start with 2, 经济分类 with 3 or 5; one name can be in both (住房公积金)."""
    return "function" if (f.code or "2").startswith("2") else "economic"


def half_step(f: Fact) -> Decimal:
    """The rounding the fact's print can hide (12789万元 hides ±5,000元, 1511.89万元 ±50元)."""
    return printed_amount(f.value, f.unit or "元", f.quote or "").half_step


def same_figure(a: Fact, b: Fact) -> bool:
    """Two prints of one figure agree when their rounding explains the gap (尾差)."""
    return prints_agree(printed_amount(a.value, a.unit or "元", a.quote or ""),  # rounded or cut off
                        printed_amount(b.value, b.unit or "元", b.quote or ""))


def cluster(facts: list[Fact]) -> list[list[Fact]]:
    groups: list[list[Fact]] = []
    for f in facts:
        for g in groups:
            if same_figure(g[0], f):
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


def disagree(a: list[Fact], b: list[Fact]) -> bool:
    """Different values are a conflict when the filing states the figure in the same place twice
    or in its prose; a value found only in another table is another scope (部门支出表 counts all
    funds, 一般公共预算支出表 one; 政府采购表's 培训费 row is the procured part of 培训费)."""
    tables = {x.table for x in a if x.source == "table"}
    return any((y.source != "table" or not tables or y.table in tables) and any(same_scope(x, y) for x in a)
               for y in b)  # 财政拨款 基本支出 12,308.48 and the all-funds 12,323.48 are two figures


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def says(f: Fact, word: str) -> bool:
    """Does the fact's own wording say `word`: its subject, row, column, measure, table, or the clause
    of its quote that leads up to its number ("面向中小企业预留政府采购项目预算金额1928.48万元" says
    中小企业, not the 小型和微型企业 of the next clause)?"""
    own = "".join((f.row or "", f.column or "", f.measure, f.table or "", f.locator or "", f.subject, f.text or ""))
    return word in own or word in _clause(f)


def _clause(f: Fact) -> str:
    return _clause_of(f.quote or "", f.value, f.unit)


@lru_cache(maxsize=1 << 16)  # pure; read for every prose fact of a filing per lookup
def _clause_of(quote: str, value: Decimal | None, unit: str) -> str:
    q = clean_label(quote)
    if value is None or unit not in MONEY_FACTORS and unit != "%":
        return q
    v = abs(value)  # a decrease is stored negative, printed "减少63.14万元"
    printed = _printed(v, unit) if unit in MONEY_FACTORS else format(v.normalize(), "f")
    for m in _NUMBER.finditer(q):
        if m.group(0).replace(",", "").rstrip("0").rstrip(".") == printed.rstrip("0").rstrip(".") if "." in printed \
                else m.group(0).replace(",", "") == printed:
            before = [n for n in _NUMBER.finditer(q[:m.start()]) if not re.match(r"(?:19|20)\d{2}年", q[n.start():])]
            return q[before[-1].end() if before else 0:m.start()]
    return q


# What a clause may say after a figure's name besides naming it: kind, comparison, verb.
_CLAUSE_GRAMMAR = re.compile(r"(?:（[^）]{1,8}）|年初预算|支出|决算|预算|执行数|数|为|是|比|较|上年|上年度|与|相比|同比|"
                             r"(?:19|20)\d{2}年度?|增加|减少|增长|下降|降低|了|的|共|合计|总计|[，,：:])")


def names_subject(f: Fact, name: str) -> bool:
    """Is `name` what the fact's clause is about ("与2023年度相比，一般公共预算财政拨款支出减少" is
    about 一般公共预算财政拨款支出; "…支出中基本支出减少" is not)?"""
    clause = _clause(f)
    i = clause.rfind(name)
    if i < 0:
        return False
    return not _CLAUSE_GRAMMAR.sub("", clause[i + len(name):])


def base_label_of(f: Fact) -> str:
    """比2023年预算执行数增加…: the base is that year's outturn, not its budget."""
    return "预算执行数" if "执行数" in (f.quote or "") + (f.column or "") else ""


def change_rate(delta: Decimal, base: Decimal | None) -> Decimal | None:
    if base is None:
        return None
    pct = growth_pct(delta, base)
    return None if pct is None else pct.quantize(CENT, rounding=ROUND_HALF_UP)
