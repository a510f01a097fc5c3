"""The numeric verifier: every number-with-unit in an answer, whoever wrote it, is checked
against the parsed facts before it is shown.

    verify_answer(answer, store, cited=None, repair=False) -> Answer

A figure is verified when
  - a fact states it: same subject, same year, same role (level / 增减额 / 增减率 / 占比) as
    the words around the figure say, and the same number at the printed precision
    (amounts.stated_matches); the fact comes from the figure's citation [n] → `cited`, or,
    without one, from the store by the subject the words name; or
  - it is recomputed from such facts: a difference, a sum, last year's amount (this year −
    change), a growth rate (change / base) or a share (part / total).
Anything else is marked "（未核实）" right after it in the text. With `repair`, a figure that
fails (a language model's slip) is replaced by the fact its words point to, when exactly one
fact fits its subject, year and role.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import permutations

from assistant.amounts import Amount, printed_amount, rounds_to, stated_matches
from assistant.index.facts_db import FactStore
from assistant.ontology import DECREASE_RE, aliases, canonical as _canonical
from assistant.types import Answer, Fact, Figure
from assistant.verify.claims import CITE_RE, Claim, normalise, read_claims
from assistant.verify.relevance import Asked, withdraw

UNVERIFIED = "（未核实）"
canonical = lru_cache(maxsize=16384)(_canonical)  # called per fact per figure: a hot path
LEVEL_EXCLUDED = {"增减额", "增减率", "占比"}
_SAME_UNIT = {"名": "人", "人次": "人次"}
MAX_OPERANDS = 24  # distinct values per side tried in a recomputation: bounds the pairs tried


def fact_year(f: Fact) -> int:
    """The year a fact's figure is about: 上年数 of a 2025 filing is about 2024."""
    if f.ref_year:
        return f.ref_year
    return f.year - 1 if f.measure == "上年数" else f.year


def fact_amount(f: Fact) -> Amount:
    return printed_amount(f.value, f.unit, f.quote)


@lru_cache(maxsize=256)
def _unit_class(unit: str) -> str:
    amt_unit = Amount(Decimal(0), unit or "元").norm_unit
    return _SAME_UNIT.get(amt_unit, amt_unit)


def describe(f: Fact, cite: int | None = None) -> str:
    """'三公经费 2025 预算数 = 2.5 万元 (citation 1)' — what a figure was matched to."""
    where = f"citation {cite}" if cite else f"{f.doc} 第{f.page}页" if f.page else f.doc
    if f.value is None:
        return f"{f.subject} {fact_year(f)} {f.measure} = {f.text} ({where})"
    a = fact_amount(f)
    return f"{f.subject} {fact_year(f)} {f.measure} = {a.printed:f} {a.unit} ({where})"


# --- keys: does a fact say what the figure's words say? -------------------------------------

def subject_fits(f: Fact, c: Claim) -> bool:
    if c.strength in ("carried", "none") and c.citations:
        return True  # the citation binds the figure; the words name no subject of their own
    return c.subject is not None and canonical(f.subject) == c.subject


def year_fits(f: Fact, c: Claim) -> bool:
    y = fact_year(f)
    if c.year is not None and c.role == "level" and y != c.year:
        return False
    if c.year is not None and c.role != "level" and f.measure != "上年数" and y != c.year:
        return False
    if c.prior and c.year is None and c.role == "level" and f.measure != "上年数" and y >= f.year:
        return False
    if c.kind == "决算" and f.measure == "预算数" or c.kind == "预算" and f.measure == "决算数":
        return False
    return True


def role_fits(f: Fact, c: Claim) -> bool:
    if c.role == "level":
        return f.measure not in LEVEL_EXCLUDED
    if c.role == "change":
        return f.measure == "增减额"
    if c.role == "rate":
        return f.measure == "增减率"
    if c.role == "share":
        return f.measure == "占比"
    return True  # a bare percent: whatever percent fact its subject and year name


def keyed(f: Fact, c: Claim) -> bool:
    return (f.value is not None and "unit_suspect" not in f.flags and _unit_class(f.unit) == _unit_class(c.amount.unit)
            and subject_fits(f, c) and year_fits(f, c) and role_fits(f, c) and mean_fits(f, c))


def mean_fits(f: Fact, c: Claim) -> bool:
    """An average said (平均每年…) is a printed average (平均得分) or the mean of the cited figures —
    never one year's figure that happens to equal it."""
    return not c.is_mean or "平均" in f"{f.subject}{f.column}{f.measure}{f.quote}"


def value_fits(f: Fact, c: Claim) -> bool:
    a = fact_amount(f)
    if c.role == "change" and c.direction:
        if f.value < 0 and c.direction > 0:
            return False
        if f.value > 0 and c.direction < 0 and not (DECREASE_RE.search(f.quote) or "-" in f.quote):
            return False
        a = Amount(abs(a.printed), a.unit, a.decimals)
    if c.role == "rate" and c.direction and f.value < 0:
        a = Amount(abs(a.printed), a.unit, a.decimals)
    return stated_matches(c.amount, a)


# --- recomputation ----------------------------------------------------------------------

def _fmt(a: Amount) -> str:
    return f"{a.printed:f}"


def _distinct(items: list[tuple[Fact, int | None]]) -> list[tuple[Fact, int | None]]:
    """One fact per value, cited ones first: recomputation needs values, not every print of one."""
    out: dict[Decimal, tuple[Fact, int | None]] = {}
    for f, n in sorted(items, key=lambda fn: fn[1] is None):
        out.setdefault(f.value, (f, n))
    return list(out.values())[:MAX_OPERANDS]


def _levels(pool: list[tuple[Fact, int | None]], subject: str | None, year: int) -> list[tuple[Fact, int | None]]:
    return _distinct([(f, n) for f, n in pool if f.value is not None and f.measure not in LEVEL_EXCLUDED
                      and fact_year(f) == year and (subject is None or canonical(f.subject) == subject)])


def _changes(pool, subject, year):
    return _distinct([(f, n) for f, n in pool if f.value is not None and f.measure == "增减额"
                      and fact_year(f) == year and (subject is None or canonical(f.subject) == subject)])


def _cites(*ns: int | None) -> str:
    got = sorted({n for n in ns if n})
    return f" from citations {','.join(map(str, got))}" if got else " from the filings"


def recompute(c: Claim, pool: list[tuple[Fact, int | None]]) -> str | None:
    """A basis 'computed: …' when the figure follows from facts in the pool, else None."""
    subj = c.subject if c.strength != "none" else None
    year = c.year
    money = c.amount.is_money
    years = [year] if year else sorted({fact_year(f) for f, _ in pool if f.value is not None}, reverse=True)
    for y in years:
        base_year = c.base_year if c.base_year and c.base_year < y else y - 1
        now, before = _levels(pool, subj, y), _levels(pool, subj, base_year)
        change = _changes(pool, subj, y) if base_year == y - 1 else []
        if money and c.role == "change":
            for (fa, na), (fb, nb) in ((a, b) for a in now for b in before):
                A, B = fact_amount(fa), fact_amount(fb)
                if A.norm_unit == "元" and B.norm_unit == "元" and rounds_to(c.amount, abs(A.value - B.value)):
                    return f"computed: {_fmt(A)} − {_fmt(B)} = {(A.value - B.value) / _scale(c):f} {c.amount.unit}{_cites(na, nb)}"
        if c.role in ("rate", "percent"):
            pairs = [(fact_amount(fa).value - fact_amount(fb).value, fact_amount(fb).value, na, nb, fa, fb)
                     for fa, na in now for fb, nb in before]
            pairs += [(fact_amount(fc).value, fact_amount(fa).value - fact_amount(fc).value, nc, na, fc, fa)
                      for fc, nc in change for fa, na in now]
            for diff, base, n1, n2, f1, _ in pairs:
                if base and rounds_to(c.amount, abs(diff) / base * 100):
                    k = fact_amount(f1).value / fact_amount(f1).printed if fact_amount(f1).printed else Decimal(1)
                    return (f"computed: {abs(diff) / k:f} / {base / k:f} × 100 = {abs(diff) / base * 100:.2f}%"
                            f" (增减率 = 增减额 / 上年数){_cites(n1, n2)}")
    if money and c.role == "level" and year:
        # last year's amount from this year's and the change: 上年 = 本年 − 增减额
        for fa, na in _levels(pool, subj, year + 1):
            for fc, nc in _changes(pool, subj, year + 1):
                A, C = fact_amount(fa), fact_amount(fc)
                signed = -abs(C.value) if DECREASE_RE.search(fc.quote or "") and C.value > 0 else C.value
                if rounds_to(c.amount, A.value - signed):
                    return (f"computed: {_fmt(A)} − ({signed / _scale(c):f}) = {(A.value - signed) / _scale(c):f}"
                            f" {c.amount.unit} (上年数 = 本年数 − 增减额){_cites(na, nc)}")
    return _recompute_pairs(c, pool)


def _scale(c: Claim) -> Decimal:
    return c.amount.value / c.amount.printed if c.amount.printed else Decimal(1)


def _mentioned(subject: str, sentence: str) -> bool:
    ctx = normalise(sentence)
    return any(a in ctx for a in aliases(subject))


MAX_SUM_TRIES = 256


def _sum_over_citations(c: Claim, named: list[tuple[Fact, int | None]], mean: bool = False) -> str | None:
    """"以上各年度三公经费合计108.73万元 [1][2][3]": one figure of the claim's subject from each cited
    source (a year, a filing), added up exactly. Each part is a cited level fact of the named subject.
    With `mean` ("以上各年度平均每年36.24万元 [1][2][3]"), that sum divided by the number of sources."""
    if len(c.citations) < 2 or c.subject is None:
        return None
    per_cite = [[f for f, n in named if n == k and canonical(f.subject) == c.subject] for k in c.citations]
    if any(not fs for fs in per_cite):
        return None
    combos = [[]]
    for fs in per_cite:
        combos = [[*done, f] for done in combos for f in fs if all(f is not g for g in done)][:MAX_SUM_TRIES]
    for parts in combos:
        total = sum((fact_amount(f).value for f in parts), Decimal(0))
        terms = " + ".join(_fmt(fact_amount(f)) for f in parts)
        if mean and rounds_to(c.amount, total / len(parts)):
            return (f"computed: ({terms}) / {len(parts)} = {round(total / len(parts) / _scale(c), 6):f} {c.amount.unit}"
                    f" (平均){_cites(*c.citations)}")
        if not mean and rounds_to(c.amount, total):
            return f"computed: {terms} = {total / _scale(c):f} {c.amount.unit}{_cites(*c.citations)}"
    return None


def _recompute_pairs(c: Claim, pool: list[tuple[Fact, int | None]]) -> str | None:
    """A total (合计 of the cited parts), a gap between two named subjects, or a share (占比)
    — only from cited, non-zero level facts whose subjects the sentence names."""
    # a year carried over from an earlier sentence does not bind a sum over years or a gap between filings
    year = None if c.year_carried else c.year
    cited = [(f, n) for f, n in pool if n and f.value and f.measure not in LEVEL_EXCLUDED
             and _unit_class(f.unit) == "元" and (year is None or fact_year(f) == year)]
    mentioned = [(f, n) for f, n in cited if _mentioned(f.subject, c.sentence)]
    named = list({(f.subject, f.value): (f, n) for f, n in mentioned}.values())
    # one figure per citation, equal values kept apart (1.35万元 in each of three years is 4.05万元)
    if c.amount.is_money and c.is_mean:  # an average is only ever the mean of its cited figures
        return _sum_over_citations(c, mentioned, mean=True)
    if c.amount.is_money and c.is_sum:
        basis = _sum_over_citations(c, mentioned)
        if basis:
            return basis
        parts = [(f, n) for f, n in named if fact_amount(f).value < c.amount.value]
        total = sum((fact_amount(f).value for f, _ in parts), Decimal(0))
        if len(parts) >= 2 and rounds_to(c.amount, total):
            terms = " + ".join(_fmt(fact_amount(f)) for f, _ in parts)
            return f"computed: {terms} = {total / _scale(c):f} {c.amount.unit}{_cites(*[n for _, n in parts])}"
    if c.amount.is_money and c.role == "change":
        for (fa, na), (fb, nb) in permutations(named[:12], 2):
            A, B = fact_amount(fa), fact_amount(fb)
            if A.value > B.value and rounds_to(c.amount, A.value - B.value):
                return f"computed: {_fmt(A)} − {_fmt(B)} = {(A.value - B.value) / _scale(c):f} {c.amount.unit}{_cites(na, nb)}"
    if c.amount.norm_unit == "%" and c.role in ("share", "percent") and c.strength in ("local", "sentence"):
        totals = [(f, n) for f, n in cited if n in c.citations]  # a total may sit in an earlier clause
        for fa, na in [(f, n) for f, n in named if canonical(f.subject) == c.subject]:
            for fb, nb in totals:
                A, B = fact_amount(fa), fact_amount(fb)
                if fb is not fa and B.value > A.value and rounds_to(c.amount, A.value / B.value * 100):
                    return (f"computed: {_fmt(A)} / {_fmt(B)} × 100 = {A.value / B.value * 100:.4f}%"
                            f" (占比 = 部分 / 总额){_cites(na, nb)}")
    return None


# --- the verifier -------------------------------------------------------------------------

class _Pool:
    """Facts in play: the cited ones (with their citation number) first; the store's facts of a
    subject the words name (of the cited departments, when there are any) only once a figure
    needs them — most figures match their cited fact and never touch the store."""

    def __init__(self, store: FactStore, cited: dict[int, list[Fact]] | None):
        self.store = store
        self.items: list[tuple[Fact, int | None]] = [(f, n) for n, fs in (cited or {}).items() for f in fs]
        self.departments = sorted({f.department for f, _ in self.items})
        self.seen = {_identity(f) for f, _ in self.items}
        self.loaded: set[str] = set()

    def widen(self, subject: str | None) -> None:
        if not subject or subject in self.loaded:
            return
        self.loaded.add(subject)
        found = [f for d in self.departments for f in self.store.facts(subject=subject, department=d)] \
            if self.departments else self.store.facts(subject=subject)
        for f in found:
            if _identity(f) not in self.seen:
                self.seen.add(_identity(f))
                self.items.append((f, None))


def _identity(f: Fact) -> tuple:
    return (f.doc_id, f.subject, f.measure, f.value, f.page, f.locator, f.column, f.row)


def _direct(c: Claim, pool: list[tuple[Fact, int | None]]) -> tuple[Fact, int | None] | None:
    own = [(f, n) for f, n in pool if n in c.citations] if c.citations else []
    for group in (own, [(f, n) for f, n in pool if n is None or not c.citations]):
        for f, n in group:
            if keyed(f, c) and value_fits(f, c) or _in_text_fact(f, c):
                return f, n
    for f, n in own:
        if _labelled(f, c):
            return f, n
    return None


_PLAIN_MEASURES = {"预算数", "决算数", "上年数", "增减额", "增减率", "占比", "数量"}


def _labelled(f: Fact, c: Claim) -> bool:
    """A cited figure named by its own printed label: "公共服务设施运行经费项目表中年度资金申请总额为
    1090.3043万元[1]，其当年财政拨款却为1141.9043万元[2]" — the sentence names the fact's subject and
    the clause names its column or measure (当年财政拨款), as the sheet prints them."""
    if f.value is None or "unit_suspect" in f.flags or _unit_class(f.unit) != _unit_class(c.amount.unit):
        return False
    clause = normalise(c.clause)
    labels = [normalise(x).removeprefix("其中：") for x in ((f.column or "").split(" › ")[-1], f.measure)]
    named = any(len(x) >= 4 and x not in _PLAIN_MEASURES and x in clause for x in labels)
    return named and normalise(f.subject) in normalise(c.sentence) and value_fits(f, c)


class _Passages:
    """Facts of the pages that passage citations (quoted text, no facts behind them) point to."""

    def __init__(self, store: FactStore, answer: Answer, cited: dict[int, list[Fact]] | None):
        self.store = store
        self.where = {c.id: (c.doc, c.page) for c in answer.citations if c.page and not (cited or {}).get(c.id)}
        self.cache: dict[int, list[Fact]] = {}

    def facts(self, n: int) -> list[Fact]:
        if n not in self.cache:
            doc, page = self.where[n]
            # a passage may run onto the next page
            self.cache[n] = [f for p in (page, page + 1) for f in self.store.facts(doc=doc, page=p) if f.doc == doc]
        return self.cache[n]


def _quoted(c: Claim, text: str, passages: _Passages) -> tuple[Fact, int] | None:
    """A figure inside a quoted passage: verified by the fact parsed from those very words — the
    four characters before the number and the number with its unit, as the page prints them."""
    before = normalise(CITE_RE.sub("", text[max(0, c.start - 24):c.start]))[-4:]
    said = before + normalise(c.text)
    if len(before) < 4:
        return None
    for n in c.citations:
        if n in passages.where:
            for f in passages.facts(n):
                if (f.value is not None and "unit_suspect" not in f.flags and said in normalise(f.quote)
                        and _unit_class(f.unit) == _unit_class(c.amount.unit) and value_fits(f, c)):
                    return f, n
    return None


def _in_text_fact(f: Fact, c: Claim) -> bool:
    """A figure inside a text fact the figure's citation stands for: an indicator value
    ('≥1次/年'), a target ('≥95%') — the printed words, number and unit together."""
    return (f.value is None and bool(f.text) and bool(c.citations) and subject_fits(f, c)
            and normalise(c.text) in normalise(f.text))


def _replacement(c: Claim, pool: list[tuple[Fact, int | None]]) -> tuple[Fact, int | None] | None:
    """The single fact a failed figure's subject, year and role point to, if there is one."""
    if c.subject is None or c.strength not in ("local", "sentence"):
        return None  # a subject carried over from another clause is too weak to rewrite a figure by
    fits = [(f, n) for f, n in pool if keyed(f, c) and canonical(f.subject) == c.subject]
    if c.citations:
        fits = [(f, n) for f, n in fits if n in c.citations] or fits
    values = {fact_amount(f).value for f, _ in fits}
    return fits[0] if len(values) == 1 else None


def _printed(f: Fact) -> str:
    a = fact_amount(f)
    return f"{a.printed:f}{a.unit}"


def verify_answer(answer: Answer, store: FactStore, cited: dict[int, list[Fact]] | None = None,
                  repair: bool = True, asked: Asked | None = None) -> Answer:
    """Every figure checked against the facts; with `asked` (what the question asked, see
    relevance.py), a figure that is real but answers something else loses its ✓."""
    text = answer.answer.replace(UNVERIFIED, "")
    matched: list[tuple[Fact | None, bool]] = []  # per figure: the fact it was matched to, via a passage
    subjects = sorted({f.subject for facts in (cited or {}).values() for f in facts})
    claims = read_claims(text, subjects)
    pool = _Pool(store, cited)
    passages = _Passages(store, answer, cited)
    out, figures, pos = [], [], 0
    last: Claim | None = None
    for c in claims:
        out.append(text[pos:c.start])
        pos = c.end
        if c.rounds and last is not None and figures:
            fig, fact = _reading_of(c, last, figures[-1]), matched[-1]
            figures.append(fig)
            matched.append(fact)
            out.append(c.text if fig.verified else c.text + UNVERIFIED)
            continue
        last = c
        hit = _direct(c, pool.items)
        if not hit and c.subject:
            pool.widen(c.subject)
            hit = _direct(c, pool.items)
        # a figure cited only to quoted passages (no fact behind its citation) is the passage's, not an answer
        via_passage = bool(c.citations) and not any((cited or {}).get(n) for n in c.citations)
        if not hit:
            hit = _quoted(c, text, passages)
        if hit:
            f, n = hit
            figures.append(_figure(c.text, c.amount, True, "fact: " + describe(f, n)))
            matched.append((f, via_passage))
            out.append(c.text)
            continue
        basis = recompute(c, pool.items)
        if basis:
            figures.append(_figure(c.text, c.amount, True, basis))
            matched.append((None, False))
            out.append(c.text)
            continue
        swap = _replacement(c, pool.items) if repair else None
        if swap:
            f, n = swap
            new = _printed(f)
            figures.append(_figure(new, fact_amount(f), True,
                                   f"fact: {describe(f, n)}; replaced the model's {c.text}"))
            matched.append((f, False))
            out.append(new)
            continue
        figures.append(_figure(c.text, c.amount, False, _why_not(c, pool.items)))
        matched.append((None, False))
        out.append(c.text + UNVERIFIED)
    out.append(text[pos:])
    if asked is not None:
        figures = withdraw(figures, matched, asked)
    return answer.model_copy(update={"answer": "".join(out), "figures": figures})


def _reading_of(c: Claim, exact: Claim, exact_figure: Figure) -> Figure:
    """"（约9,101.68万元）" after "91,016,775.35元": verified when the figure it re-reads is, and it is that
    figure rounded at its own last digit; its value stays the exact one (the reading is for the eye)."""
    ok = exact_figure.verified and rounds_to(c.amount, exact.amount.value)
    basis = (f"rounded reading of {exact.text}: {exact.amount.value:f}元 ≈ {c.text}" if ok
             else f"unverified: the reading {c.text} of {exact.text}" + ("" if exact_figure.verified else " (itself unverified)"))
    return Figure(text=c.text, value=float(exact.amount.value) if ok else float(c.amount.value),
                  unit=c.amount.norm_unit, verified=ok, basis=basis)


def _figure(text: str, a: Amount, ok: bool, basis: str) -> Figure:
    return Figure(text=text, value=float(a.value), unit=a.norm_unit, verified=ok, basis=basis)


def _why_not(c: Claim, pool: list[tuple[Fact, int | None]]) -> str:
    what = " ".join(str(x) for x in (c.subject or "该项", c.year, c.role) if x)
    near = sorted({_printed(f) for f, _ in pool if keyed(f, c)})
    if near:
        return f"unverified: {what} 的已解析数据为 {'、'.join(near[:3])}，与 {c.text} 不符"
    return f"unverified: 没有找到 {what} 的结构化数据"
