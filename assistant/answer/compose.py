"""Readings → a Chinese answer with exact figures, units as the filing printed them, and [n]
citations whose quotes are verbatim. No arithmetic here beyond unit display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.amounts import MONEY_FACTORS, readable_money
from assistant.answer.readings import Change, Reading
from assistant.types import Citation, Fact, Filing

MEASURE_WORD = {"预算": "预算", "决算": "决算"}


@dataclass
class Sources:
    """Numbered citations, one per distinct quote; `cited` maps each id to the facts behind it."""

    citations: list[Citation] = field(default_factory=list)
    cited: dict[int, list[Fact]] = field(default_factory=dict)
    table: list | None = None  # rows of an answer over several departments (rankings): Answer.table
    quoted_facts: list[Fact] = field(default_factory=list)  # facts read from passages quoted (not cited as facts)
    derived: bool = False  # a figure worked out from several readings was stated (a total, a gap, a share)
    _ids: dict[tuple, int] = field(default_factory=dict)

    def cite(self, facts: list[Fact]) -> str:
        ids: list[int] = []
        for f in facts:
            key = (f.doc, f.page, f.locator, f.quote)
            if key not in self._ids:
                self._ids[key] = len(self.citations) + 1
                self.citations.append(Citation(id=self._ids[key], doc=f.doc, page=f.page,
                                               locator=f.locator or (f.table or ""), quote=f.quote or f.text or ""))
            cid = self._ids[key]
            self.cited.setdefault(cid, [])
            if f not in self.cited[cid]:
                self.cited[cid].append(f)
            if cid not in ids:
                ids.append(cid)
        return "".join(f"[{i}]" for i in ids)

    def cite_passage(self, doc: str, page: int | None, locator: str, quote: str) -> str:
        key = (doc, page, locator, quote)
        if key not in self._ids:
            self._ids[key] = len(self.citations) + 1
            self.citations.append(Citation(id=self._ids[key], doc=doc, page=page, locator=locator, quote=quote))
        return f"[{self._ids[key]}]"


def _plain(v: Decimal) -> str:
    s = format(v.normalize(), "f")
    return "0" if s in ("-0", "") else s


def money(value_yuan: Decimal, printed_unit: str, decimals: int | None = None) -> str:
    """Exact, in the unit the filing printed (amounts.readable_money): 867.5万元, 17,191.5169万元,
    91,016,775.35元（约9,101.68万元）; a count as printed (8辆, 1台（套）). `decimals`: a computed
    figure rounded to that many places (an average)."""
    if printed_unit not in MONEY_FACTORS and printed_unit:
        return _plain(value_yuan) + printed_unit
    return readable_money(value_yuan, printed_unit or "元", decimals)


def percent(rate: Decimal) -> str:
    return _plain(abs(rate)) + "%"


def filing_name(filing: Filing) -> str:
    """The filing as its title reads, kind at full resolution: a department's 部门预算 and its
    单位预算 of one year are two filings ("上海市普陀区商务委员会2025年单位预算")."""
    return f"{filing.department}{filing.year}年{filing.filing_kind}"


def measure_word(kind: str, subject: str = "", unit: str = "") -> str:
    """预算/决算 after the subject, unless the subject already says it (收支总预算); 数量 for counts."""
    if unit and unit not in MONEY_FACTORS:  # 7辆 is a 数量; 14609.83平方米 and 99.43分 say what they are
        # 购置车辆为1辆, not 购置车辆数量 (whose 车辆数量 the verifier would read as the fleet's count)
        return "" if unit in ("平方米", "分") or subject.endswith(("数", "面积", "得分", "车辆", "用车")) else "数量"
    if "资产" in subject:  # a stock or its change (无形资产, 新增国有资产) is no 预算 line
        return ""
    return "" if subject.endswith(("预算", "决算", "决算总计")) else MEASURE_WORD.get(kind, "")


def change_clause(change: Change, unit: str) -> str:
    if change.delta == 0:
        return f"，与{change.base_year}年{change.base_label}持平"
    verb, rate_verb = ("增加", "增长") if change.delta > 0 else ("减少", "下降")
    s = f"，比{change.base_year}年{change.base_label}{verb}{money(abs(change.delta), unit)}"
    if change.rate is not None:
        s += f"，{rate_verb}{percent(change.rate)}"
    if change.base is not None:  # the base itself is often what is asked (2023年执行数是多少)
        s += f"（{change.base_year}年{change.base_label or ''}为{money(change.base, unit)}）"
    return s


def amount_sentence(r: Reading, sources: Sources, with_name: bool = True) -> str:
    """'东西湖区城市运行管理中心2025年三公经费预算为2.5万元，比2024年减少1万元，下降28.57% [1]'."""
    who = filing_name(r.filing) if with_name else ""
    if r.year is not None and with_name:  # another year's figure: that year, and the filing printing it
        who = f"{r.filing.department}{r.year}年"
    name = "收入支出决算总计" if r.subject == "收支总预算" and r.filing.kind == "决算" else r.subject
    # the funds the figure counts, when the question named them: said after the sentence's last figure,
    # since before a figure the verifier would read 财政拨款 as that figure's subject
    scope = f"（{r.scope}口径）" if r.scope else ""
    head = f"{who}{name}{measure_word(r.filing.kind, name, r.unit)}为{money(r.value, r.unit)}"
    if r.year is not None:
        head += f"（据{r.filing.year}年{r.filing.kind}所列{r.year}年数）"
    if r.within:
        head += f"（{r.within}表所列）"
    elif r.unsplit:
        head += f"（文件未按{r.unsplit}分列，此为全部{name}）"
    facts = list(r.facts[:1])
    if r.parts:
        head += "（" + "、".join(f"{p.subject}{money(p.value, p.unit)}" for p in r.parts) + "，相加得出）"
        facts = [p.facts[0] for p in r.parts]
    if r.change is not None and r.change.quote:
        # stated under the filing's own longer name: quoted as a passage, its figures read from those words
        f = r.change.facts[0]
        own = sources.cite(facts)
        cid = sources.cite_passage(f.doc, f.page, f.locator or "", r.change.quote.strip())
        # the facts read from that quoted sentence: the conflicts the filing has on them are told too
        sources.quoted_facts += [x for x in r.change.facts if x not in sources.quoted_facts]
        return f"{head} {own}；文件说明：“{r.change.quote.strip().rstrip('。')}” {cid}{_disputed(r, sources)}"
    if r.change is not None:
        head += change_clause(r.change, r.unit)
        facts += r.change.facts
    return f"{head}{scope} {sources.cite(facts)}{_disputed(r, sources)}"


def _disputed(r: Reading, sources: Sources) -> str:
    """The filing prints the same change two ways: both are named."""
    if r.change is None or not r.change.disputed:
        return ""
    others = "、".join(f"{money(abs(f.value), f.unit)} {sources.cite([f])}" for f in r.change.disputed)
    return f"；文件另处印该变化为{others}"


def derived_previous_sentence(r: Reading, sources: Sources) -> str:
    """A year with no filing of its own, derived from the next year's filing ('比2024年减少1万元')."""
    ch = r.change
    now = money(r.value, r.unit)
    base = money(ch.base, r.unit)
    verb = "增加" if ch.delta > 0 else "减少"
    how = f"{r.filing.year}年为{now}，比{ch.base_year}年{verb}{money(abs(ch.delta), r.unit)}" if ch.delta \
        else f"{r.filing.year}年为{now}，与{ch.base_year}年持平"
    return (f"{r.filing.department}{ch.base_year}年{r.subject}{measure_word(r.filing.kind, r.subject)}为{base}"
            f"（据{r.filing.year}年{r.filing.kind}：{how}）{sources.cite(r.facts[:1] + ch.facts)}")


def conflict_sentence(r: Reading, sources: Sources) -> str:
    """Every value the filing states for the figure, each with its source."""
    groups = [r.facts, *r.conflicts]
    parts = []
    for g in groups:
        where = "、".join(dict.fromkeys(_where(f) for f in g))
        parts.append(f"{where}为{money(g[0].value, g[0].unit)} {sources.cite(g)}")
    return f"{filing_name(r.filing)}对{r.subject}的记载不一致：" + "；".join(parts)


def _where(f: Fact) -> str:
    if f.source == "prose":
        return "说明部分"
    if f.table:
        return f.table
    return f.locator.split(" › ")[-1] if f.locator else "表格"


def list_line(r: Reading, sources: Sources) -> str:
    if r.conflicts:
        return f"- {conflict_sentence(r, sources)}"
    return f"- {r.year or r.filing.year}年 {r.filing.department}（{r.filing.filing_kind}）{r.subject}：" + amount_sentence(
        r, sources, with_name=False).removeprefix(f"{r.subject}{measure_word(r.filing.kind, r.subject, r.unit)}为")


def text_line(f: Fact, sources: Sources, with_name: bool) -> str:
    who = f"{f.department}{f.year}年" if with_name else ""
    named = f.column or (f.row or "").split(" › ")[-1]  # an indicator's name: its column, else its row
    label = f.subject + (f"（{named}）" if named and f.measure == "指标值" else "")
    value = f.text if f.text else ""
    return f"{who}{label}的{f.measure}：{value} {sources.cite([f])}"
