"""Statements of the 说明 held to their own numbers.

A 决算 says, item by item, "年初预算为1560.05万元，支出决算为1511.89万元，完成年初预算的96.91%。决算数
小于预算数的主要原因：…". Each budget–outturn pair is read off the text in order, and what the
sentence then says of it — 大于/小于/持平 (OUTTURN_* in the ontology), 完成…预算的X% — is checked
against the two amounts, at their printed precision. A change said twice ("减少56.95万元，下降1.87%")
must go one way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.amounts import Amount
from assistant.audit.findings import Discrepancy, Place
from assistant.audit.text import FilingText
from assistant.ontology import (
    BUDGET_QUALIFIERS, CHANGE_AMOUNT_WORDS, CHANGE_RATE_WORDS, OUTTURN_ABOVE, OUTTURN_BELOW, OUTTURN_EQUAL,
    OUTTURN_ROUGHLY,
)

_NUM = r"\d[\d,，]*(?:\.\d+)?"
_UNIT = r"万元|亿元|元"
_Q = "|".join(sorted(BUDGET_QUALIFIERS, key=len, reverse=True))
_ALT = lambda words: "|".join(sorted(words, key=len, reverse=True))  # noqa: E731
TOKEN = re.compile(
    rf"(?P<budget>(?P<bq>{_Q})预算(?:数)?\s*(?:为|是)\s*(?P<bn>{_NUM})\s*(?P<bu>{_UNIT}))"
    rf"|(?P<pct>完成(?:了)?(?P<pq>{_Q})?预算(?:数)?的?\s*(?P<pn>{_NUM})\s*[%％])"
    rf"|(?P<actual>决算(?:数)?\s*(?:为|是)\s*(?P<an>{_NUM})\s*(?P<au>{_UNIT}))"
    rf"|(?P<rel>决算(?:数)?\s*(?:(?P<r1>{_ALT(OUTTURN_ABOVE + OUTTURN_BELOW + ('等于',))})\s*(?P<rq1>{_Q})?预算"
    rf"|(?:与|同|和|跟)\s*(?P<rq2>{_Q})?预算(?:数)?\s*(?P<r2>{_ALT(OUTTURN_ROUGHLY + OUTTURN_EQUAL)})))"
)
CHANGE = re.compile(
    rf"(?P<w1>{_ALT(CHANGE_AMOUNT_WORDS)})了?\s*(?P<n1>{_NUM})\s*(?:{_UNIT})\s*[，,]?\s*"
    rf"(?P<w2>{_ALT(CHANGE_RATE_WORDS)})(?:[（(](?P<alt>{_ALT(CHANGE_RATE_WORDS)})[)）])?了?\s*(?P<n2>{_NUM})\s*[%％]"
)
# How far (characters of text) what a sentence says may stand from the pair it speaks of.
PCT_REACH, REL_REACH = 40, 300
# "基本持平": equal to within this share of the budget.
ROUGHLY_SHARE = Decimal("0.01")
_EPS = Decimal("1e-9")


@dataclass
class _Token:
    kind: str
    start: int
    end: int
    qualifier: str = ""
    amount: Amount | None = None
    word: str = ""


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in TOKEN.finditer(text):
        kind = next(k for k in ("budget", "pct", "actual", "rel") if m.group(k))
        if kind == "budget":
            out.append(_Token(kind, m.start(), m.end(), BUDGET_QUALIFIERS[m["bq"]], Amount.parse(m["bn"], m["bu"])))
        elif kind == "actual":
            out.append(_Token(kind, m.start(), m.end(), amount=Amount.parse(m["an"], m["au"])))
        elif kind == "pct":
            out.append(_Token(kind, m.start(), m.end(), BUDGET_QUALIFIERS.get(m["pq"] or "", ""),
                              Amount.parse(m["pn"], "%")))
        else:
            out.append(_Token(kind, m.start(), m.end(), BUDGET_QUALIFIERS.get(m["rq1"] or m["rq2"] or "", ""),
                              word=m["r1"] or m["r2"]))
    return [t for t in out if t.kind == "rel" or t.amount is not None]


def check_statements(ft: FilingText) -> list[Discrepancy]:
    """Every budget–outturn pair of the text against what is said of it."""
    out: list[Discrepancy] = []
    budgets: dict[str, _Token] = {}
    last: _Token | None = None
    actual: _Token | None = None
    pct_open = False
    for tok in _tokens(ft.stream):
        if tok.kind == "budget":
            if actual is not None:  # a new item begins
                budgets, actual = {}, None
            budgets[tok.qualifier] = last = tok
        elif tok.kind == "actual":
            if budgets and actual is None:
                actual, pct_open = tok, True
            else:
                pct_open = False  # a part's outturn ("其中：因公出国（境）费决算为…"): its 完成% is not the pair's
        elif tok.kind == "pct" and actual is not None and pct_open and tok.start - actual.end <= PCT_REACH:
            pct_open = False
            named = budgets.get(tok.qualifier, last) if tok.qualifier else last
            d = _completion(ft, named, actual, tok, [b for b in budgets.values() if b is not named])
            if d:
                out.append(d)
        elif tok.kind == "rel" and actual is not None and tok.start - actual.end <= REL_REACH:
            named = budgets.get(tok.qualifier, last) if tok.qualifier else last
            d = _comparison(ft, named, actual, tok)
            if d:
                out.append(d)
    return out + _change_directions(ft)


def _finding(ft: FilingText, kind: str, subject: str, places: list[Place], gap, text: str,
             severity: str = "error", computed: Decimal | None = None) -> Discrepancy:
    f = ft.filing
    return Discrepancy(doc=f.title, doc_id=f.doc_id, kind=kind, subject=subject, places=places,
                       gap=float(abs(gap)), rounding=severity == "rounding", severity=severity,
                       explanation=text, computed=None if computed is None else float(computed))


def _at(ft: FilingText, tok: _Token) -> Place:
    a = tok.amount
    return ft.place(tok.start, tok.end, printed=str(a) if a else tok.word,
                    value=None if a is None else float(a.value))


def _subject(ft: FilingText, tok: _Token) -> str:
    """What a statement is about: the 科目 named before it ("行政运行（项）"), else the words that
    open its clause ("一般公共预算财政拨款支出年初预算为…")."""
    clause = ft.clause_before(tok.start)
    item = re.split(r"(?:^|[。；])\s*(?:\d{1,2}|[一二三四五六七八九十]+)[、.．]", ft.stream[max(0, tok.start - 240):tok.start])[-1]
    named = re.findall(r"([^（）()。；，、：:\d]{2,20})[（(]项[)）]", item)
    if named:  # "8、社会保障和就业支出（类）…其他行政事业单位养老支出（项）。主要用于：…。年初预算为…"
        return named[-1].strip()
    head = re.split(r"[，,：:]", clause)[-1] if not clause.endswith(("，", "：")) else clause
    head = re.sub(r"^(?:19|20)\d\d\s*年度?", "", head)
    while True:  # "…支出决算数比2023年度" → "…支出"
        cut = re.sub(r"(?:19|20)\d\d\s*年度?$|(?:比|与|较|同|相比)\s*$|^其中|(?:决算数?|年初|全年|调整后?)$", "",
                     head.strip("，,：: "))
        if cut == head:
            break
        head = cut
    return head[-24:] or "支出"


def _completion(ft: FilingText, budget: _Token, outturn: _Token, pct: _Token,
                others: list[_Token]) -> Discrepancy | None:
    b, a, p = budget.amount, outturn.amount, pct.amount
    half = p.half_step
    subject = _subject(ft, budget)
    places = [_at(ft, pct), _at(ft, budget), _at(ft, outturn)]
    said = f"“完成{budget.qualifier}预算的{p}”"
    if b.value == 0:
        if a.value == 0:
            return None
        computed = None
    else:
        computed = a.value / b.value * 100
        lo = (a.value - a.half_step) / (b.value + b.half_step) * 100
        hi = (a.value + a.half_step) / (b.value - b.half_step) * 100 if b.value > b.half_step else computed
        if abs(p.value - computed) <= half + _EPS:
            return None
        if lo - 2 * half <= p.value <= hi + 2 * half:
            return _finding(ft, "completion_rate", subject, places, p.value - computed, (
                f"{subject}：{said}，按{budget.qualifier}预算 {b} 与决算 {a} 推算为 {computed:.2f}%，"
                f"差额在末位四舍五入范围内，属尾差。"), "rounding", computed)
    for other in others:  # the right figure of another budget the sentence names: the wrong word
        o = other.amount
        if o.value and abs(p.value - a.value / o.value * 100) <= 2 * half + _EPS:
            return _finding(ft, "completion_rate", subject, [*places, _at(ft, other)], 0, (
                f"{subject}：{said}，但{budget.qualifier}预算为 {b}；{p} 是按{other.qualifier}预算 {o} "
                f"与决算 {a} 算出的，应写作“完成{other.qualifier}预算的{p}”。"), "wording", a.value / o.value * 100)
    if computed is None:
        return _finding(ft, "completion_rate", subject, places, p.value, (
            f"{subject}：{said}，而{budget.qualifier}预算为 {b}、决算为 {a}，无从完成{p}。"))
    return _finding(ft, "completion_rate", subject, places, p.value - computed, (
        f"{subject}：{said}，而{budget.qualifier}预算 {b}、决算 {a} 推算为 {computed:.2f}%，"
        f"相差 {abs(p.value - computed):.2f} 个百分点。"), computed=computed)


def _relation(a: Amount, b: Amount) -> str:
    """equal only when the coarser print covers the other (10 / 10.00): 2.22 and 2.23 differ."""
    if abs(a.value - b.value) < max(a.half_step, b.half_step) - _EPS or a.value == b.value:
        return "equal"
    return "above" if a.value > b.value else "below"


_SAID = {**dict.fromkeys(OUTTURN_ABOVE, "above"), **dict.fromkeys(OUTTURN_BELOW, "below"),
         **dict.fromkeys(OUTTURN_EQUAL, "equal"), **dict.fromkeys(OUTTURN_ROUGHLY, "roughly")}
_TRUE = {"above": "大于", "below": "小于", "equal": "等于"}


def _comparison(ft: FilingText, budget: _Token, outturn: _Token, rel: _Token) -> Discrepancy | None:
    b, a = budget.amount, outturn.amount
    said, true = _SAID[rel.word], _relation(a, b)
    if said == true or said == "equal" and true == "equal":
        return None
    if said == "roughly" and (true == "equal" or abs(a.value - b.value) <= ROUGHLY_SHARE * b.value):
        return None
    subject = _subject(ft, budget)
    gap = a.value - b.value
    return _finding(ft, "comparison", subject, [_at(ft, rel), _at(ft, budget), _at(ft, outturn)], gap, (
        f"{subject}：文中写“决算数{rel.word}预算数”，而{budget.qualifier}预算为 {b}、决算为 {a}，"
        f"决算{_TRUE[true]}预算{f'（相差 {abs(gap) / b.value * 100:.2f}%）' if b.value and true != 'equal' else ''}。"))


def _change_directions(ft: FilingText) -> list[Discrepancy]:
    """"减少56.95万元，下降1.87%": the amount's word and the rate's word must go one way."""
    out = []
    for m in CHANGE.finditer(ft.stream):
        amount = Amount.parse(m["n1"], "元")
        if amount is None or amount.value == 0:
            continue
        sign1 = 1 if m["w1"] == "增加" else -1
        sign2 = CHANGE_RATE_WORDS[m["w2"]]
        place = ft.place(m.start(), m.end(), printed=m.group().replace(" ", ""))
        subject = _subject(ft, _Token("change", m.start(), m.end()))
        if m["alt"] and CHANGE_RATE_WORDS[m["alt"]] != sign2:
            out.append(_finding(ft, "change_direction", subject, [place], 0, (
                f"{subject}：文中写“{m['w2']}（{m['alt']}）”，两个方向的词并列，应按金额{m['w1']}写作"
                f"“{'增长' if sign1 > 0 else '下降'}”。"), "wording"))
        elif sign1 != sign2:
            out.append(_finding(ft, "change_direction", subject, [place], 0, (
                f"{subject}：文中先说{m['w1']}{m['n1']}，又说{m['w2']}{m['n2']}%，增减方向前后矛盾。")))
    return out


__all__ = ["check_statements"]
