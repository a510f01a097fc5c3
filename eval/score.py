"""Score one answer against one gold question. Pure functions, no engine, no index.

- answer correct: the status is the expected one, and
    answered/conflict → every expected value is among the answer's figures within printed
    precision (尾差 rules of assistant/amounts.py), no unverified figure contradicts an expected
    value, no forbidden (trap) figure is asserted, and the answer text says what it must;
    not_found → no figure is asserted.
- citation correct: some citation is on an expected page of an expected filing and its
  locator or quote contains one of `expect_locator_any`.
- refusal correct (not_found questions only): status not_found and no figure asserted.
- wrong but ✓: the answer is wrong and shows a figure marked verified that is not an expected
  value. The verifier vouched for a number that does not answer the question — the failure a
  reader trusts most, so every report counts and lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.amounts import PERCENT_UNITS, canonical_unit, find_amounts
from assistant.types import Answer
from eval.gold import ExpectedValue, GoldQuestion

# An unverified figure within this ratio of an expected value, but not matching it, is read
# as a wrong version of the same figure ("18,976.67万元" for 18,976.76). Context figures of a
# different size (last year's change, a sub-item) are left alone.
CONTRADICTION_RATIO = Decimal("1.25")
# A nothing said in words ("没有安排因公出国经费") satisfies an expected 0.
_ZERO_WORDS = re.compile(r"(未安排|没有安排|无.{0,6}(预算|支出|安排|车辆|公务用车)|不安排|没有.{0,6}(支出|经费|车))")


@dataclass(frozen=True)
class Quantity:
    """A normalised number with the rounding its print can hide, in the normalised unit."""

    value: Decimal
    half_step: Decimal
    kind: str  # "money" | "percent" | "count"
    unit: str = ""  # canonical unit, to tell 44条 from 49.7平方公里 when looking for contradictions

    def matches(self, other: "Quantity", slack: Decimal = Decimal(0)) -> bool:
        if self.kind != other.kind:
            return False
        return abs(self.value - other.value) <= self.half_step + other.half_step + slack + Decimal("1e-9")


def _kind(unit: str) -> str:
    cu = canonical_unit(unit)
    if cu == "元":
        return "money"
    if cu == "%" or unit in PERCENT_UNITS:
        return "percent"
    return "count"  # 个/项/辆/人/台（套）… are interchangeable for scoring


def quantity_of(text: str, value: float | Decimal, unit: str) -> Quantity:
    """From the printed text when it parses (it carries the precision), else the bare value."""
    for _m, amt in find_amounts(text or ""):
        if abs(amt.value - Decimal(str(value))) <= amt.half_step + Decimal("0.01") * max(abs(amt.value), 1):
            return Quantity(amt.value, amt.half_step, _kind(amt.unit), canonical_unit(amt.unit))
    return Quantity(Decimal(str(value)), Decimal(0), _kind(unit), canonical_unit(unit))


def expected_quantity(v: ExpectedValue) -> Quantity:
    q = quantity_of(v.text, v.value, v.unit)
    # "0万元" is an exact nothing, not "anything under 5,000元"
    return Quantity(q.value, Decimal(0), q.kind, q.unit) if q.value == 0 else q


@dataclass
class Outcome:
    id: str
    category: str
    question: str
    expect_status: str
    status: str
    status_ok: bool
    answer_ok: bool
    citation_ok: bool | None  # None: no citation expected (not_found)
    refusal_ok: bool | None   # None: not an unanswerable question
    missing_values: list[str] = field(default_factory=list)
    contradicting: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    text_ok: bool = True
    figures: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    answer: str = ""
    latency_ms: float = 0.0
    reasons: list[str] = field(default_factory=list)
    wrong_verified: list[str] = field(default_factory=list)  # wrong answer: verified figures not expected


def as_answer(obj: Any) -> Answer:
    if isinstance(obj, Answer):
        return obj
    if hasattr(obj, "model_dump"):
        obj = obj.model_dump()
    return Answer.model_validate(obj)


def _figure_quantities(ans: Answer) -> list[tuple[Quantity, bool, str]]:
    return [(quantity_of(f.text, f.value, f.unit), f.verified, f.text) for f in ans.figures]


def _value_present(exp: ExpectedValue, figs: list[tuple[Quantity, bool, str]], text: str) -> bool:
    q = expected_quantity(exp)
    # A filing's change or total is often worked from already-rounded figures, so it may differ
    # from the exact one by one in its last printed digit (3,355.65 printed, 3,355.6428 exact).
    if any(q.matches(fq, slack=q.half_step) for fq, _v, _t in figs):
        return True
    # "没有安排因公出国经费" says 0 without printing a number
    return q.value == 0 and bool(_ZERO_WORDS.search(text))


def _contradicts(fq: Quantity, expected: list[Quantity]) -> bool:
    if any(fq.matches(e, slack=e.half_step) for e in expected):
        return False
    for e in expected:
        if e.kind != fq.kind or e.value == 0 or fq.value == 0 or (e.kind == "count" and e.unit != fq.unit):
            continue
        ratio = abs(fq.value / e.value)
        if 1 / CONTRADICTION_RATIO <= ratio <= CONTRADICTION_RATIO:
            return True
    return False


def _same_doc(cited: str, expected: str) -> bool:
    a, b = re.sub(r"\s+", "", cited or ""), re.sub(r"\s+", "", expected)
    return bool(a) and (a == b or a in b or b in a)


def citation_ok(gold: GoldQuestion, ans: Answer) -> bool:
    pages = gold.pages_by_doc()
    for c in ans.citations:
        for doc, doc_pages in pages.items():
            if not _same_doc(c.doc, doc) or c.page not in doc_pages:
                continue
            where = f"{c.locator} {c.quote}"
            if not gold.expect_locator_any or any(w in where for w in gold.expect_locator_any):
                return True
    return False


def wrong_verified(gold: GoldQuestion, ans: Answer, answer_ok: bool) -> list[str]:
    """Figures marked verified in a wrong answer that are none of the expected values
    (on an unanswerable question every verified figure is one)."""
    if answer_ok:
        return []
    expected = [expected_quantity(v) for v in gold.expect_values]
    shown = [t for fq, verified, t in _figure_quantities(ans)
             if verified and not any(e.matches(fq, slack=e.half_step) for e in expected)]
    return list(dict.fromkeys(shown))


def score(gold: GoldQuestion, answer: Any, latency_ms: float = 0.0) -> Outcome:
    ans = as_answer(answer)
    figs = _figure_quantities(ans)
    status_ok = ans.status == gold.expect_status
    out = Outcome(
        id=gold.id, category=gold.category, question=gold.question, expect_status=gold.expect_status,
        status=ans.status, status_ok=status_ok, answer_ok=False, citation_ok=None, refusal_ok=None,
        figures=[f"{t}{'✓' if v else '?'}" for _q, v, t in figs],
        citations=[f"[{c.id}] {c.doc} p{c.page} {c.locator}" for c in ans.citations],
        answer=ans.answer, latency_ms=latency_ms,
    )
    if not status_ok:
        out.reasons.append(f"status {ans.status}, expected {gold.expect_status}")

    if gold.expect_status == "not_found":
        out.refusal_ok = status_ok and not ans.figures
        if ans.figures:
            out.reasons.append("figures asserted on an unanswerable question")
        out.answer_ok = bool(out.refusal_ok)
        out.wrong_verified = wrong_verified(gold, ans, out.answer_ok)
        return out

    expected = [expected_quantity(v) for v in gold.expect_values]
    out.missing_values = [v.text for v in gold.expect_values if not _value_present(v, figs, ans.answer)]
    out.contradicting = [t for fq, verified, t in figs if not verified and _contradicts(fq, expected)]
    forbidden = [expected_quantity(v) for v in gold.forbid_values]
    out.forbidden = [t for fq, _v, t in figs if any(fq.matches(f) for f in forbidden)]
    out.text_ok = not gold.expect_text_any or any(w in ans.answer for w in gold.expect_text_any)
    for label, items in (("missing", out.missing_values), ("contradicting", out.contradicting),
                         ("forbidden", out.forbidden)):
        if items:
            out.reasons.append(f"{label}: {', '.join(items)}")
    if not out.text_ok:
        out.reasons.append(f"answer text lacks any of {gold.expect_text_any}")
    out.answer_ok = (status_ok and not out.missing_values and not out.contradicting
                     and not out.forbidden and out.text_ok)
    out.wrong_verified = wrong_verified(gold, ans, out.answer_ok)
    if gold.docs:
        out.citation_ok = citation_ok(gold, ans)
        if not out.citation_ok:
            out.reasons.append("no citation on an expected page with the expected section")
    return out
