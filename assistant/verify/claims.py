"""Read what each figure in an answer claims: its subject, year and role (level, change,
growth rate, share), from the words around it — so a figure is checked against the fact it
states, not against any fact that happens to hold the same number.

The context of a figure is its own clause: from the previous figure (or the sentence start)
up to the figure. Its subject is the budget term mentioned closest before it; a clause that
names none ("比上年减少1万元") inherits the subject of the figure before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.amounts import Amount, find_figures
from assistant.ontology import DECREASE_RE, INCREASE_RE, TERMS, canonical, clean_label

Role = Literal["level", "change", "rate", "share", "percent"]
Strength = Literal["local", "sentence", "carried", "none"]

CITE_RE = re.compile(r"\[(\d+)\]")
_SENT_END = re.compile(r"[。；;！？!?\n]")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\d)")
# "比2024年预算" names the base of a comparison, not the year the figure is about.
_COMPARED = re.compile(r"(?:比|较|与|同)(?:上年|去年|上一年|(?:19|20)\d\d\s*年)(?:度)?(?:年初)?(?:预算|决算|执行数)?(?:数)?")
# Table titles name budget terms ("…一般公共预算支出功能分类预算表") that are not the figure's subject.
_TABLE_NAME = re.compile(r"[^\s，,。；;：:]{2,60}?表(?=[、，,；;：:为\s]|$)")
_SHARE = re.compile(r"占比?|比重|比例")
_PRIOR = re.compile(r"上年|去年|上一年|前一年")
_SUM = re.compile(r"合计|共计|总计|一共|总共|合起来|加起来|之和|总额")
_MEAN = re.compile(r"平均")
# "91,016,775.35元（约9,101.68万元）": the bracketed figure re-reads the one before it in another unit.
_READING_OPEN = re.compile(r"\s*[（(]\s*约?\s*")
# "前者比后者多44.78万元", "两者相差…": a gap between two figures, not a level
_GAP = re.compile(r"比.{0,12}?(?:多|少|高|低)|相差|差额|之差|差距")


def _lexicon() -> list[tuple[str, str]]:
    """(mention, canonical subject) for every printed or colloquial spelling of a known term."""
    out: dict[str, str] = {}
    for t in TERMS:
        for name in (t.name, *t.printed, *t.colloquial):
            k = clean_label(name)
            if len(k) >= 2:
                out.setdefault(k, t.name)
    return list(out.items())


LEXICON = _lexicon()


def normalise(text: str) -> str:
    """Context text as labels are stored: no spaces or quotes, full-width brackets."""
    return re.sub(r"[\s“”\"'‘’「」]", "", text).replace("(", "（").replace(")", "）")


def closest_subject(context: str, extra: list[tuple[str, str]] = ()) -> str | None:
    """The canonical subject mentioned last in `context` (the longest mention on a tie)."""
    ctx = normalise(context)
    best: tuple[int, int, str] | None = None
    for mention, subject in (*LEXICON, *extra):
        i = ctx.rfind(mention)
        if i < 0:
            continue
        key = (i + len(mention), len(mention), subject)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


@dataclass
class Claim:
    """One figure of an answer and what its words say it is."""

    start: int
    end: int
    text: str
    amount: Amount
    sentence: str
    citations: list[int] = field(default_factory=list)
    subject: str | None = None
    strength: Strength = "none"
    year: int | None = None
    role: Role = "level"
    direction: int = 0  # +1 增加, −1 减少, 0 not said
    prior: bool = False  # 上年 / 去年 named
    kind: str | None = None  # 预算 / 决算 when the clause names one
    is_sum: bool = False
    is_mean: bool = False  # 平均: the mean of the cited figures
    rounds: bool = False  # a reading of the figure just before it (（约9,101.68万元）), not a claim of its own
    base_year: int | None = None  # "比2023年…" names the year compared with
    clause: str = ""  # the words from the previous figure (or the sentence start) up to this one
    year_carried: bool = False  # the year came from an earlier figure, not from this sentence


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENT_END.finditer(text, 0, start):
        s = m.end()
    m = _SENT_END.search(text, end)
    return s, (m.start() if m else len(text))


_AFTER_QUOTE = re.compile(r"”\s*((?:\[\d+\]\s*)+)")


def _citations(text: str, s: int, e: int, start: int, end: int, next_start: int) -> list[int]:
    """Citation marks of the sentence, those right after the figure first; for a figure inside a
    quoted passage (“…”), the marks right after the closing quote."""
    opened, closed = text.rfind("“", 0, start), text.rfind("”", 0, start)
    if opened > closed:
        m = _AFTER_QUOTE.search(text, end)
        if m and "“" not in text[end:m.start()]:
            return [int(n) for n in CITE_RE.findall(m.group(1))]
    marks = [(m.start(), int(m.group(1))) for m in CITE_RE.finditer(text, s, e)]
    after_own = [n for p, n in marks if end <= p < next_start]
    later = [n for p, n in marks if p >= next_start]
    before = [n for p, n in reversed(marks) if p < start]
    out: list[int] = []
    for n in (*after_own, *later, *before):
        if n not in out:
            out.append(n)
    return out


def read_claims(text: str, subjects: list[str] = ()) -> list[Claim]:
    """Every figure of an answer with the subject, year and role its words give it.
    `subjects` are the subjects of the facts in play (project names etc. beyond the ontology)."""
    extra = [(clean_label(s), canonical(s)) for s in subjects if len(clean_label(s)) >= 2]
    found = find_figures(text)
    claims: list[Claim] = []
    prev: Claim | None = None
    for i, (m, amt) in enumerate(found):
        s, e = _sentence_bounds(text, m.start(), m.end())
        next_start = found[i + 1][0].start() if i + 1 < len(found) and found[i + 1][0].start() < e else e
        clause_start = s
        if prev is not None and prev.end > s:
            clause_start = prev.end
        local = CITE_RE.sub("", text[clause_start:m.start()])
        claim = Claim(m.start(), m.end(), m.group(), amt, text[s:e],
                      citations=_citations(text, s, e, m.start(), m.end(), next_start), clause=local)
        plain = _COMPARED.sub("", local)
        compared = plain != local
        base = [int(y) for y in _YEAR.findall("".join(_COMPARED.findall(local)))]
        claim.base_year = base[-1] if base else None
        subject = closest_subject(_TABLE_NAME.sub("", plain), extra)
        if subject:
            claim.subject, claim.strength = subject, "local"
        else:
            subject = closest_subject(_TABLE_NAME.sub("", CITE_RE.sub("", text[s:m.start()])), extra)
            if subject:
                claim.subject, claim.strength = subject, "sentence"
            elif prev is not None and prev.subject:
                claim.subject, claim.strength = prev.subject, "carried"
        years = _YEAR.findall(plain)
        claim.prior = bool(_PRIOR.search(plain))
        if years:
            claim.year = int(years[-1])
        elif prev is not None and prev.year:
            # "上年为47.91万元" after a 2025 figure speaks of 2024
            claim.year = prev.year - 1 if claim.prior and not prev.prior else prev.year
            claim.year_carried = prev.end <= s or prev.year_carried
        if claim.base_year is None and prev is not None and prev.end > s and not compared:
            claim.base_year = prev.base_year  # "…减少10万元，下降20.87%": the same comparison
        up, down = bool(INCREASE_RE.search(local)), bool(DECREASE_RE.search(local))
        claim.direction = 1 if up and not down else -1 if down and not up else 0
        claim.kind = "决算" if "决算" in plain else "预算" if "预算" in plain else None
        claim.is_sum = bool(_SUM.search(normalise(local)))
        if amt.norm_unit == "%":
            claim.role = ("rate" if (up or down) else "share" if _SHARE.search(local) else "percent")
        elif compared or up or down or _GAP.search(normalise(local)):
            claim.role = "change"
        claim.is_mean = bool(_MEAN.search(normalise(local)))
        if prev is not None and _READING_OPEN.fullmatch(text[prev.end:m.start()]) and text[m.end():m.end() + 1] in "）)":
            _as_reading_of(claim, prev)
        claims.append(claim)
        prev = claim
    return claims


def _as_reading_of(claim: Claim, prev: Claim) -> None:
    """The bracketed reading says what the figure before it says, about the same thing."""
    claim.rounds = True
    for name in ("subject", "strength", "year", "year_carried", "role", "direction", "prior", "kind", "is_sum",
                 "is_mean", "base_year"):
        setattr(claim, name, getattr(prev, name))
    claim.citations = list(prev.citations)
