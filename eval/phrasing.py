"""Harmless rewordings of a question, one per family, chosen deterministically.

A reader who understands the original understands every rewording the same way, so the
assistant should give the same answer to each. Families (FAMILIES, in report order):

- polite          a polite phrase in front              请问，万里街道2025年三公经费预算是多少？
- pronoun         the department named by a pronoun      你们单位2025年三公经费预算是多少？ (+ the department as filter)
- tail            a word or filler at the end            万里街道2025年三公经费预算是多少呢？
- typo            one character of a budget word swapped 万里街道2025年三公径费预算是多少？
- traditional     traditional characters (OpenCC s2t)    萬里街道2025年三公經費預算是多少？
- spacing         spaces, full-width digits              万里街道 ２０２５年 三公经费预算是多少？
- short_name      a short name of the department         万里街道办2025年三公经费预算是多少？
- relative_year   今年 / 去年 / 19年                       万里街道今年三公经费预算是多少？
- synonym         an everyday word for a budget term     万里街道2025年三公预算是多少？

A family that cannot be applied (no department named, no year, no budget word) gives None:
"n/a" in the report. Every choice among alternatives is a hash of (seed, question id, family),
so the same question always gets the same rewording, on every run and machine.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from eval.department_names import find_mention, unique_forms, words

FAMILIES = ("polite", "pronoun", "tail", "typo", "traditional", "spacing", "short_name", "relative_year", "synonym")
DEFAULT_SEED = "phrasing-v1"

_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)年(?P<du>度)?")
# A year at either end of a range (2017至2019年, 2023年到2025年); 截至2024年 is a date, not a range.
_RANGE_BEFORE = re.compile(r"[\d年][到至~\-—－]$")
_RANGE_AFTER = re.compile(r"^[到至~\-—－]")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Context:
    """What the rewordings need to know about the question and the index."""

    department: str | None = None  # the one department the question is about (None: several or none)
    departments: tuple[str, ...] = ()  # every indexed department, for short names that stay unique
    newest_year: int | None = None  # the department's newest filing year (今年)


@dataclass(frozen=True)
class Variant:
    family: str
    question: str
    department_filter: str | None = None  # the caller's department filter (pronoun family)


def pick(options: list, seed: str, qid: str, family: str):
    """A stable choice: the same (seed, id, family) gives the same option everywhere."""
    digest = hashlib.sha256(f"{seed}\x1f{qid}\x1f{family}".encode()).hexdigest()
    return options[int(digest, 16) % len(options)]


def _stem(question: str) -> str:
    return question.rstrip().rstrip("？?")


def _occurrences(question: str, terms: list[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of the terms, longest term first, in question order."""
    taken: list[tuple[int, int, str]] = []
    for term in sorted(terms, key=len, reverse=True):
        for m in re.finditer(re.escape(term), question):
            if all(m.end() <= a or m.start() >= b for a, b, _t in taken):
                taken.append((m.start(), m.end(), term))
    return sorted(taken)


# --- the families -------------------------------------------------------------------------------
def polite(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    return Variant("polite", pick(words()["polite"], seed, qid, "polite").format(q=question))


def pronoun(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    if not ctx.department or not (span := find_mention(question, ctx.department)):
        return None
    word = pick(words()["pronouns"], seed, qid, "pronoun")
    return Variant("pronoun", question[: span[0]] + word + question[span[1]:], department_filter=ctx.department)


def tail(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    return Variant("tail", pick(words()["tails"], seed, qid, "tail").format(stem=_stem(question)))


def typo(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    swaps: dict[str, str] = words()["typo_swaps"]
    terms = [t for t in words()["terms"]["budget"] if len(t) >= 3]
    found = [(a, b) for a, b, t in _occurrences(question, terms) if any(ch in swaps for ch in t)]
    if not found:
        return None
    a, b = pick(found, seed, qid, "typo-term")
    at = pick([i for i in range(a, b) if question[i] in swaps], seed, qid, "typo-char")
    return Variant("typo", question[:at] + swaps[question[at]] + question[at + 1:])


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    converted = _s2t().convert(question)
    return Variant("traditional", converted) if converted != question else None


def spacing(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    """A space after the department's name and around each year; digits full-width."""
    cuts: set[int] = set()
    if ctx.department and (span := find_mention(question, ctx.department)):
        cuts.add(span[1])
    for m in _YEAR.finditer(question):
        cuts.update((m.start(), m.end()))
    if not cuts:
        cuts.update(a for a, _b, _t in _occurrences(question, words()["terms"]["budget"])[:1])
    # only between two characters of words (never next to punctuation or an existing space)
    cuts = {c for c in cuts if 0 < c < len(question) and question[c - 1].isalnum() and question[c].isalnum()}
    out = "".join((" " if i in cuts else "") + ch for i, ch in enumerate(question)).translate(_FULLWIDTH_DIGITS)
    return Variant("spacing", out) if out != question else None


def short_name(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    if not ctx.department or not (span := find_mention(question, ctx.department)):
        return None
    said = question[span[0]: span[1]]
    forms = [f for f in unique_forms(ctx.department, list(ctx.departments)) if f != said and len(f) < len(ctx.department)]
    shorter = [f for f in forms if len(f) < len(said)]
    forms = shorter or [f for f in forms if len(f) <= len(said) + 2]
    if not forms:
        return None
    return Variant("short_name", question[: span[0]] + pick(forms, seed, qid, "short_name") + question[span[1]:])


def relative_year(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    """The first year that is not the end of a range: 今年 (newest filing), 去年 (the one before), else 19年."""
    if ctx.newest_year is None:
        return None
    for m in _YEAR.finditer(question):
        if _RANGE_BEFORE.search(question[: m.start()]) or _RANGE_AFTER.match(question[m.end():]):
            continue
        year = int(m["year"])
        said = {ctx.newest_year: "今年", ctx.newest_year - 1: "去年"}.get(year, f"{year % 100:02d}年")
        return Variant("relative_year", question[: m.start()] + said + question[m.end():])
    return None


def synonym(question: str, qid: str, ctx: Context, seed: str) -> Variant | None:
    table: dict[str, str] = words()["synonyms"]
    found = _occurrences(question, list(table))
    if not found:
        return None
    a, b, term = pick(found, seed, qid, "synonym")
    return Variant("synonym", question[:a] + table[term] + question[b:])


_MAKERS = {"polite": polite, "pronoun": pronoun, "tail": tail, "typo": typo, "traditional": traditional,
           "spacing": spacing, "short_name": short_name, "relative_year": relative_year, "synonym": synonym}


def rewordings(question: str, qid: str, ctx: Context, seed: str = DEFAULT_SEED) -> dict[str, Variant | None]:
    """One rewording per family (None where the family does not apply), in FAMILIES order."""
    return {family: _MAKERS[family](question, qid, ctx, seed) for family in FAMILIES}
