"""Contradictions a filing prints, told to the answer engine before it states a figure.

    book = ConflictBook(store)                       # one per Engine: audits each filing once
    status, text = book.annotate(status, text, sources)

The audit (verify/audit.py) re-checks every identity a filing implies; its findings that rounding
cannot explain are contradictions in the filing itself: a growth rate its amounts do not give
(江苏省人民检察院2017 机关运行经费 "增长129.97%", 3401.59/2630.96 = 129.29%), a share its amounts do
not give, a project sheet whose 其中 part exceeds its total, one figure printed two ways. When an
answer states a figure that is the disputed one, the answer says so — both values, both sources —
and its status becomes `conflict`. Only the disputed figure counts: the 2940.05万元 a wrong share
is computed over is not itself in doubt.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.amounts import Amount, materially_off, printed_amount
from assistant.answer.compose import Sources, money
from assistant.index.facts_db import FactStore
from assistant.types import Fact
from assistant.verify.audit import Discrepancy, audit_facts

# Kinds whose whole figure (the first place) is disputed by its parts or its twin prints.
_WHOLE_DISPUTED = ("table_total", "column_total", "balance", "sangong")


def fact_key(f: Fact) -> tuple:
    """A fact as printed, whatever subject the engine files it under (column readings rename it)."""
    return (f.doc_id, f.page, f.locator, f.measure, f.value, f.quote)


def disputed(d: Discrepancy) -> list[Fact]:
    """The facts a finding puts in doubt: a rate or share its amounts contradict (not the amounts),
    every print of a figure printed two ways, every total of a sheet whose part exceeds it."""
    if not d.facts:
        return []
    if d.kind in ("growth_rate", "share") or d.kind in _WHOLE_DISPUTED:
        return d.facts[:1]
    if d.kind in ("cross_place", "part_exceeds"):
        return list(d.facts)
    return []  # unit slips: the engine never states a doubted fact


class ConflictBook:
    """Each filing's contradictions, audited on first need and kept for the Engine's life."""

    def __init__(self, store: FactStore):
        self.store = store
        self._docs: dict[str, dict[tuple, list[Discrepancy]]] = {}

    def _of(self, doc_id: str) -> dict[tuple, list[Discrepancy]]:
        if doc_id not in self._docs:
            found = [d for d in audit_facts(self.store.facts(doc_id=doc_id)) if not d.rounding and _material(d)]
            index: dict[tuple, list[Discrepancy]] = {}
            for d in found:
                for f in disputed(d):
                    index.setdefault(fact_key(f), []).append(d)
            self._docs[doc_id] = index
        return self._docs[doc_id]

    def involving(self, facts: list[Fact]) -> list[Discrepancy]:
        """Contradictions that put any of these facts in doubt, once each, in the order met."""
        out: list[Discrepancy] = []
        for f in facts:
            for d in self._of(f.doc_id).get(fact_key(f), []):
                if all(d is not x for x in out):
                    out.append(d)
        return out

    def annotate(self, status: str, text: str, sources: Sources) -> tuple[str, str]:
        """An answer that states a disputed figure: add what the filing says against it."""
        if status not in ("answered", "conflict"):
            return status, text
        stated = [f for fs in sources.cited.values() for f in fs] + list(sources.quoted_facts)
        found = self.involving(stated)
        if status == "conflict":  # the engine already sets printed values side by side
            found = [d for d in found if d.kind != "cross_place"
                     and not (d.kind in ("growth_rate", "share") and d.computed is not None
                              and _pct(d.computed) in text)]  # it already gave the computed value
        notes = [n for n in (note(d, sources) for d in found) if n]
        if not notes:
            return status, text
        return "conflict", text.rstrip() + "\n注意，文件自身记载不一致：" + "；".join(notes) + "。"


def _material(d: Discrepancy) -> bool:
    """A rate or share a few last digits off its amounts is listed by the audit, not held against
    an answer (amounts.materially_off)."""
    if d.kind in ("growth_rate", "share") and d.computed is not None and d.facts:
        return materially_off(_amt(d.facts[0]), Decimal(str(d.computed)))
    return True


def _pct(value: float | Decimal) -> str:
    return f"{Decimal(str(abs(value))).quantize(Decimal('0.01'))}%"


def _amt(f: Fact) -> Amount:
    return printed_amount(f.value, f.unit, f.quote)


def _who(f: Fact) -> str:
    return f"{f.year}年{f.subject}"


def note(d: Discrepancy, sources: Sources) -> str:
    """One sentence naming both values and their sources, every figure cited so the verifier can
    recheck it: the printed one as printed, the computed one from the cited amounts."""
    fs = d.facts
    if d.kind == "growth_rate" and d.computed is not None:
        rate, *amounts = fs
        word = "降幅" if rate.value < 0 else "增长率"
        return (f"文件中{_who(rate)}{word}印为{_pct(rate.value)}{sources.cite([rate])}，"
                f"但按其所列金额计算为{_pct(d.computed)}{sources.cite(amounts)}")
    if d.kind == "share" and d.computed is not None:
        rate, part, whole = fs
        return (f"文件中{_who(rate)}占比印为{_pct(rate.value)}{sources.cite([rate])}，"
                f"但按其所列金额计算为{_pct(d.computed)}{sources.cite([part, whole])}")
    if d.kind == "part_exceeds":
        part, *totals = fs
        head = "、".join(f"{_label(t)}为{money(t.value, t.unit)}" for t in totals)
        return (f"{part.subject}项目表中{head}{sources.cite(totals)}，"
                f"其{part.measure}却为{money(part.value, part.unit)}{sources.cite([part])}，分项大于总额")
    if d.kind == "cross_place":
        groups: dict[Decimal, list[Fact]] = {}
        for f in fs:
            groups.setdefault(next((v for v in groups if abs(v - f.value) < _amt(f).half_step * 2 + 1), f.value),
                              []).append(f)
        told = "，".join(f"{_where(g[0])}为{money(g[0].value, g[0].unit)}{sources.cite(g)}" for g in groups.values())
        return f"{_who(fs[0])}{told}"
    if d.kind in _WHOLE_DISPUTED:
        return f"{d.explanation.rstrip('。')}{sources.cite(fs)}"
    return ""


def _label(f: Fact) -> str:
    last = (f.column or "").split(" › ")[-1].strip()
    return last.removeprefix("其中：") or f.measure


def _where(f: Fact) -> str:
    if f.source == "prose":
        return f"说明（第{f.page}页）"
    return f"{f.table or '项目表'}（第{f.page}页）"
