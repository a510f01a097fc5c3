"""Does a verified figure answer the question? A ✓ promises two things: the figure is in the
filings, and it is the figure asked — its kind (a count, not money), its department, its subject.

The numeric verifier proves the first; this module checks the second for each figure the verifier
matched to a fact, and withdraws the ✓ (with the reason in `basis`) from a real figure that answers
something else: 公用经费 54万元 quoted from a passage when 培训费 was asked, a project's money when
the question asked how many people, another department's figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.amounts import MONEY_FACTORS
from assistant.ontology import aliases, canonical
from assistant.types import Fact, Figure

COUNT_MEASURES = ("数量",)


@dataclass(frozen=True)
class Asked:
    """What a question asked, as the reader understood it."""

    measure: str                           # 金额/数量/增减额/增减率/占比/原因 …
    subjects: tuple[str, ...] = ()         # canonical subjects asked, with the parts they sum from
    departments: tuple[str, ...] = ()      # the departments named (or filtered to); () when none was
    wants_percent: bool = False            # a rate or share asked (a growth rate, a completion rate)

    def names(self) -> set[str]:
        return {canonical(a) for s in self.subjects for a in (s, *aliases(s))} | set(self.subjects)


def is_money(unit: str) -> bool:
    return unit in MONEY_FACTORS or unit == "元"


def withdraw(figures: list[Figure], matched: list[tuple[Fact | None, bool]], asked: Asked) -> list[Figure]:
    """`matched[i]`: the fact figure i was verified against (None when recomputed) and whether it was
    found only inside a quoted passage. Returns the figures with ✓ withdrawn where they do not answer."""
    names = asked.names()
    counts_given = any(not is_money(f.unit) and f.unit != "%" for f in figures)
    percent_given = any(f.unit == "%" for f in figures)
    out = []
    for fig, (fact, via_passage) in zip(figures, matched):
        why = None
        if fig.verified:
            why = _why_not_asked(fig, fact, via_passage, asked, names, counts_given)
            if why is None and asked.wants_percent and not percent_given and is_money(fig.unit):
                why = "a rate was asked, this is money"
        out.append(fig.model_copy(update={"verified": False, "basis": f"not what was asked: {why}; {fig.basis}"})
                   if why else fig)
    return out


def _why_not_asked(fig: Figure, fact: Fact | None, via_passage: bool, asked: Asked, names: set[str],
                   counts_given: bool) -> str | None:
    if asked.measure in COUNT_MEASURES and is_money(fig.unit) and not counts_given:
        return "a count was asked, this is money"
    if fact is None:
        return None  # recomputed from cited facts: the answer's own arithmetic
    if asked.departments and fact.department not in asked.departments:
        return f"{fact.department}'s figure, the question names {'、'.join(asked.departments)}"
    if via_passage and not _same_item(canonical(fact.subject), names):
        return f"a figure of {fact.subject} in a quoted passage, the question asks {'、'.join(asked.subjects) or '另一事项'}"
    return None


def _same_item(subject: str, names: set[str]) -> bool:
    """The fact's subject is one asked, or one name holds the other (一般公共预算 of 一般公共预算财政拨款
    支出合计: the same money under a shorter stored name); 公用经费 is not 培训费."""
    return any(subject == n or (len(n) >= 2 and len(subject) >= 2 and (subject in n or n in subject)) for n in names)


_ACROSS = {"sum": "total", "mean": "average", "gap": "gap"}


def withdraw_parts(figures: list[Figure], across: str) -> list[Figure]:
    """A total, average or gap over several filings was asked and the answer gives none: each filing's
    figure it lists is a part of what was asked, not the answer — no ✓."""
    why = f"not what was asked: a {_ACROSS[across]} over several filings was asked and none was given"
    return [f.model_copy(update={"verified": False, "basis": f"{why}; {f.basis}"}) if f.verified else f
            for f in figures]
