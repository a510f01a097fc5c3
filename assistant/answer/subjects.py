"""Which budget subjects a question asks about: ontology terms and stored names, in question order,
without the words that only qualify or head them, and the words it says beyond them.
"""

from __future__ import annotations

import re

from assistant.answer.departments import without
from assistant.answer.overlap import longest_common
from assistant.ontology import ASKING_WORDS, BY_NAME, FUND_SCOPES, ITEM_SUFFIXES, SUM_WORDS, aliases



def unexplained_words(q: str, terms: list[str], labels: list[str]) -> list[str]:
    """Runs of ≥ 2 characters the question says beyond its department, years, named subjects and
    the grammar of asking (预留给小型, 微型企业 of "预留给小型和微型企业的政府采购预算")."""
    text = re.sub(r"(?:19|20)\d{2}\s*年?度?", " ", q)
    for a, b in term_spans(text, terms):
        text = text[:a] + " " * (b - a) + text[b:]
    for lb in labels:
        sp = label_span(text, lb)
        if sp and sp[1] - sp[0] >= 2:
            text = text[:sp[0]] + " " * (sp[1] - sp[0]) + text[sp[1]:]
    # an item's ending the grammar of asking also uses (收入, 经费, 支出) stays with the word it ends:
    # X收入, Y经费 name items; 的收入 and a bare 经费 are talk
    endings: dict[int, str] = {}
    for w in ASKING_WORDS:
        if w in ITEM_SUFFIXES and len(w) >= 2:
            for m in re.finditer(re.escape(w), text):
                endings.setdefault(m.start(), w)
        text = text.replace(w, " " * len(w))
    names = [a for t in terms for a in aliases(t)] + list(labels)
    runs = [m.group(0) + endings.get(m.end(), "") for m in re.finditer(r"[\u4e00-\u9fffA-Za-z]{2,}", text)]
    return [w for w in runs if not _restates(w, names)]


# Who a figure is paid to or for: "退休人员的退休费" says nothing narrower than 退休费.
HOLDER_WORDS = ("人员", "职工", "干部", "员工", "单位", "部门", "人")


def _restates(word: str, names: list[str]) -> bool:
    """A word that only repeats part of a named subject plus whom it concerns (退休人员 of 退休费)."""
    for name in names:
        common = longest_common(word, name)
        if len(common) >= 2 and word.replace(common, "", 1) in (*HOLDER_WORDS, ""):
            return True
    return False


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for t in terms for a in aliases(t) for m in re.finditer(re.escape(a), text)]


def label_span(q: str, label: str) -> tuple[int, int] | None:
    """Where the question says a stored subject: the whole name, or the longest run it shares."""
    i = q.find(label)
    if i >= 0:
        return i, i + len(label)
    common = longest_common(q, label)
    return (q.find(common), q.find(common) + len(common)) if len(common) >= 2 else None


def share_of(q: str, terms: list[str], labels: list[str]) -> tuple[str, str] | None:
    """占比's part and whole as the question names them: "X占Y的比例" → (X, Y); "Y里X占多少" → (X, Y).
    Of several subjects after 占 the one said last is the whole (财政拨款|基本支出 → 基本支出)."""
    cut = q.find("占")
    if cut < 0:
        return None
    spans: list[tuple[int, int, str]] = []
    for t in terms:
        spans += [(m.start(), m.end(), t) for a in aliases(t) for m in re.finditer(re.escape(a), q)]
    for lb in labels:
        if sp := label_span(q, lb):
            spans.append((*sp, lb))
    spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans)]
    before = sorted((s for s in spans if s[1] <= cut), key=lambda s: s[1])
    after = sorted((s for s in spans if s[0] > cut), key=lambda s: s[1])
    if not before:
        return None
    part = before[-1][2]
    whole = after[-1][2] if after else next((s[2] for s in before if s[2] != part), None)
    return (part, whole) if whole and whole != part else None


def asks_sum(q: str, terms: list[str], labels: list[str]) -> bool:
    """合计/一共 said outside the subjects' own names (本年支出合计 is a name, not a sum asked)."""
    # names as stored, not aliases: "三公经费合计是多少" over years still asks a sum
    names = sorted({*terms, *labels}, key=lambda s: (-len(s), s))
    return any(w in without(q, names) for w in SUM_WORDS)


def in_question_order(terms: list[str], q: str) -> list[str]:
    """terms_in ranks by mention length; an answer lists them as the question does."""
    def first(t: str) -> int:
        return min((q.find(a) for a in aliases(t) if a in q), default=len(q))
    return sorted(terms, key=first)


# Question-only ways of saying the whole budget. Not ontology aliases: answers print "其他收入预算为…",
# which must not read as the whole budget.
OVERALL_PHRASES = ("部门收入预算", "部门预算收入", "收入预算", "支出预算", "预算收入")


def overall_phrase(q: str, terms: list[str], labels: list[str]) -> str | None:
    """"收入预算是多少" asks the whole budget, unless the words belong to a longer name (项目支出预算)."""
    taken = [a for t in terms for a in aliases(t)] + list(labels)
    spans = [sp for lb in labels if (sp := label_span(q, lb))]
    spans += term_spans(q, terms)
    for p in OVERALL_PHRASES:
        for m in re.finditer(p, q):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue  # 缴费支出预算: the 支出 is the named subject's
            if any(b == m.start() or q[b:m.start()] == "的" for a, b in spans):
                continue  # X支出预算: a named subject's own budget, said after it
            if not any(a in q and q.find(a) <= m.start() and m.end() <= q.find(a) + len(a) and len(a) > len(p)
                       for a in taken) and not re.search(r"[\u4e00-\u9fff]{0,2}(?:性基金|资本经营|财政拨款|其他|事业)$",
                                                         q[:m.start()]):
                return "收支总预算"
    return None




def inside_labels(term: str, q: str, labels: list[str]) -> bool:
    """公车's 工资 inside 基本工资, 服务采购 across a stored …服务 item followed by 采购: a term met only inside or
    across a longer stored name is not asked."""
    spans = [sp for lb in labels if (sp := label_span(q, lb)) and sp[1] - sp[0] >= 3]
    hits = [(m.start(), m.start() + len(a)) for a in aliases(term) for m in re.finditer(re.escape(a), q)]
    # 坐席服务外包|人员经费: a term written straight after a stored name ends that name's phrase
    return bool(hits) and all(any((s < j and i < e and e - s > j - i) or i == e for s, e in spans) for i, j in hits)


def drop_qualifiers(terms: list[str], q: str, labels: list[str] = ()) -> list[str]:
    """X基本支出中Y: 基本支出 scopes Y and is not asked itself (nor 项目支出 in
    "项目支出里坐席服务外包", a stored item)."""
    if len(terms) + len(labels) < 2:
        return terms
    out = []
    for t in terms:
        scoped = False
        for a in aliases(t):
            for m in re.finditer(re.escape(a) + r"[^，,。？?是多少几和与及、]{0,8}?(?<!其)(?:中|里)", q):
                rest = q[m.end():]
                if any(b in rest for u in terms if u != t for b in aliases(u)) or \
                        any(lb in rest or len(longest_common(rest, lb)) >= 5 for lb in labels if len(lb) >= 3):
                    scoped = True
        if not scoped and not _qualifies_next(t, q, [*terms, *labels]):
            out.append(t)
    return out




def _qualifies_next(term: str, q: str, subjects: list[str]) -> bool:
    """"一般公共预算基本支出", "财政拨款项目支出": a fund scope written straight before another budget
    term (nothing, or 的, between) qualifies it — the item after it is the one asked."""
    if term not in FUND_SCOPES:
        return False
    ends = [m.end() for a in aliases(term) if len(a) >= 2 for m in re.finditer(re.escape(a), q)]
    for other in subjects:
        if other == term or other not in BY_NAME:
            continue
        starts = [m.start() for b in aliases(other) if len(b) >= 2 for m in re.finditer(re.escape(b), q)]
        if any(q[e:s] in ("", "的") for e in ends for s in starts if s >= e):
            return True
    return False


def said_apart(term: str, q: str, others: list[str]) -> bool:
    """Is the term named in words of its own, not only by a bare count phrase (几辆, 多少辆) or
    inside another term's name (公务用车 of 一般公务用车)?"""
    if any(w in q for w in ("其中", "共有", "一共", "总共", "合计")):  # the whole is asked beside its part
        return True
    q = without(re.sub(r"有?(?:几|多少)辆", " ", q), [a for t in others if t != term for a in aliases(t)])
    return any(a in q for a in aliases(term))


def drop_head_nouns(terms: list[str], q: str) -> list[str]:
    """A term heading the phrase of a narrower term whose name holds it (…企业的 + 政府采购预算 after
    小微企业预留) is not asked apart; two terms said apart with 和 (X和Y各多少) are both kept."""
    out = []
    for t in terms:
        head = False
        for u in terms:
            if u == t or not any(len(a) >= 2 and a in u for a in aliases(t)):
                continue
            ends = [m.end() for b in aliases(u) for m in re.finditer(re.escape(b), q)]
            starts = [m.start() for a in aliases(t) if len(a) >= 2 and a in u for m in re.finditer(re.escape(a), q)]
            head = head or any(q[e:s] in ("", "的", "中的", "里的") for e in ends for s in starts if s >= e)
        if not head:
            out.append(t)
    return out


WHOLE_BUDGET = "收支总预算"


def drop_trailing_totals(terms: list[str], q: str, labels: list[str] = ()) -> list[str]:
    """X支出预算总额: a whole-budget word said straight after another subject (nothing, 的 or 支出
    between) is that subject's own total, not the department's whole budget asked beside it."""
    if WHOLE_BUDGET not in terms or len(terms) + len(labels) < 2:
        return terms
    ends = [e for t in terms if t != WHOLE_BUDGET for _s, e in term_spans(q, [t])]
    ends += [sp[1] for lb in labels if (sp := label_span(q, lb))]
    starts = [s for s, _e in term_spans(q, [WHOLE_BUDGET])]
    if starts and all(any(q[e:s] in ("", "的", "支出", "的支出") for e in ends if e <= s) for s in starts):
        return [t for t in terms if t != WHOLE_BUDGET]
    return terms


def term_parts(name: str) -> tuple[str, ...]:
    t = BY_NAME.get(name)
    return t.parts if t else ()
