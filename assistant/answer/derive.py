"""Figures derived across readings: the gap between two filings (two departments, or a 预算 and
a 决算), a share of one figure in another — and the overall figure a
question means when it names no budget line at all (a department's yearly budget, asked plainly).

Arithmetic is exact (Decimal, 元); every operand is cited, so the verifier can recompute it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from assistant.amounts import materially_off, printed_amount
from assistant.answer.compose import Sources, filing_name, measure_word, money, percent
from assistant.answer.intent import Intent, normalise
from assistant.answer.readings import Reading, money_unit
from assistant.ontology import ACTUAL_WORDS, MONEY_WORDS

SPEND_WORDS = ("花", "支出", "用了", "开支")
DIFF_WORDS = ("多多少", "少多少", "差多少", "相差", "差额", "高多少", "低多少", "多出", "少了多少", "多了多少")
CENT = Decimal("0.01")


# The department's whole budget as an answer names it: of a 预算, and of a 决算 asked what it spent.
OVERALL_SUBJECTS = ("收支总预算", "本年支出合计")


def overall_subject(intent: Intent) -> str | None:
    """The department's whole budget (收支总预算; of a 决算 asked what it spent, 本年支出合计) when the
    question asks about money and names nothing: no subject, and no word left that names an item
    (intent.rest: the reader keeps only those; 帮我看看 and 局长 are not)."""
    question = normalise(intent.question)
    if intent.rest or not any(w in question for w in MONEY_WORDS):
        return None
    if intent.kind == "决算" and any(w in question for w in SPEND_WORDS):
        return OVERALL_SUBJECTS[1]
    return OVERALL_SUBJECTS[0]


def kind_years(intent: Intent) -> set[tuple[int, str]]:
    """'2025年…预算比2024年决算': each year with the kind written after it."""
    q = normalise(intent.question).replace("一般公共预算", "").replace("年初预算", "")
    for w in ACTUAL_WORDS:  # 2024年实际支出: that year's 决算
        q = q.replace(w, "决算")
    out = set()
    for y in intent.years:
        i = q.find(str(y))
        after = q[i:] if i >= 0 else ""
        kinds = [(after.find(k), k) for k in ("预算", "决算") if k in after]
        if kinds:
            out.add((y, min(kinds)[1]))
    return out


def wants_year_sum(intent: Intent) -> bool:
    return len(intent.years) > 1 and intent.sum_asked


def combine(intent: Intent, readings: list[Reading], sources: Sources,
            stated_share=None) -> tuple[str, str] | None:
    """A derived answer when the question asks for one, else None (each reading stands alone).
    `stated_share(part, whole) -> Fact | None` is the share the filing prints, if any."""
    # sums and averages of one subject over years or departments: aggregates.py, before this
    readings = [r for r in readings if not r.conflicts and money_unit(r.unit)]
    q = normalise(intent.question)
    if len(intent.subjects) == 1 and len(readings) == 2 and (any(w in q for w in DIFF_WORDS) or "比" in q):
        a, b = _in_question_order(intent, readings)
        if a.filing.department != b.filing.department or a.filing.kind != b.filing.kind:
            return _gap(a, b, sources)
    if intent.measure == "占比" and len(intent.subjects) == 2:
        return _share(intent, readings, sources, stated_share)
    return None


def _in_question_order(intent: Intent, readings: list[Reading]) -> list[Reading]:
    q = normalise(intent.question)

    def pos(r: Reading) -> int:
        if r.filing.department in intent.departments and len(intent.departments) > 1:
            return intent.departments.index(r.filing.department)
        i = q.find(str(r.filing.year))
        return i if i >= 0 else len(q)
    return sorted(readings, key=pos)


def _name(r: Reading) -> str:
    return f"{filing_name(r.filing)}{r.subject}{measure_word(r.filing.kind, r.subject)}"


def _gap(a: Reading, b: Reading, sources: Sources) -> tuple[str, str]:
    delta = a.value - b.value
    unit = a.unit if a.unit == b.unit else "元"
    word = "多" if delta > 0 else "少"
    text = (f"{_name(a)}为{money(a.value, a.unit)} {sources.cite(a.facts[:1])}；{_name(b)}为"
            f"{money(b.value, b.unit)} {sources.cite(b.facts[:1])}。两者之差：{a.subject}前者比后者{word}"
            f"{money(abs(delta), unit)} {sources.cite([a.facts[0], b.facts[0]])}。")
    if delta == 0:
        text = text.replace(f"前者比后者{word}0万元", "两者相同").replace(f"前者比后者{word}0元", "两者相同")
    return "answered", text


def _share(intent: Intent, readings: list[Reading], sources: Sources, stated_share=None) -> tuple[str, str] | None:
    part_name, whole_name = intent.share or (intent.subjects[0], intent.subjects[1])
    lines = []
    status = "answered"
    for filing in dict.fromkeys(r.filing.doc_id for r in readings):
        part = next((r for r in readings if r.filing.doc_id == filing and r.subject == part_name), None)
        whole = next((r for r in readings if r.filing.doc_id == filing and r.subject == whole_name), None)
        if part is None or whole is None or not whole.value:
            continue
        # the whole worded with its kind (…支出合计决算为), so the verifier reads the figure as the filing's
        head = (f"{_name(part)}为{money(part.value, part.unit)} {sources.cite(part.facts[:1])}，"
                f"{_name(whole).removeprefix(filing_name(whole.filing))}为{money(whole.value, whole.unit)} "
                f"{sources.cite(whole.facts[:1])}，")
        printed = stated_share(part, whole) if stated_share else None
        pct = (part.value / whole.value * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if printed is not None:  # the share as printed, and what its amounts give when that differs
            line = head + f"文件所列{whole.subject}中{part.subject}占{percent(printed.value)} {sources.cite([printed])}"
            if materially_off(printed_amount(printed.value, "%", printed.quote or ""), pct):
                status = "conflict"
                line += (f"，但按上述金额计算，{whole.subject}中{part.subject}占{percent(pct)} "
                         f"{sources.cite([part.facts[0], whole.facts[0]])}，文件记载不一致")
            lines.append(line)
            continue
        lines.append(head + f"{whole.subject}中{part.subject}占{percent(pct)} "
                            f"{sources.cite([part.facts[0], whole.facts[0]])}")
    return (status, "；\n".join(lines) + "。") if lines else None
