"""Facts stated in the 说明 prose of every family.

    2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元，下降 28.57%，主要是…

reads as: 三公经费 预算数 25000 元; 增减额 −10000 元; 增减率 −28.57 %; 原因 "…". Each figure's
label is the text between the clause start (or the previous figure) and the figure; its
subject is the budget term the label names (ontology-canonical), the 项 of a 类/款/项 path,
or the cleaned label itself. A label naming no subject ("年初预算为", "支出决算为") speaks of
the subject in force. Changes (比/与上年…增加/减少), shares (占…%), completion (完成预算的…%)
and reasons (主要原因是…) attach to the subject in force. Figures inside a reason are not
statements ("二是纳入2018年预算管理的700万元培训费收入") and are skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.amounts import Amount, find_amounts
from assistant.ontology import clean_label
from assistant.parsers.prose_terms import (
    PER_PERSON, SCORE, count_subject, equipment_label, is_generic, joined_label, measure_of, parse_label, per_person,
    score_subject, sign_of_change,
)
from assistant.parsers.prose_text import (
    BOUNDARY, Paragraph, clause_starts, paragraphs, sentences, start_of_clause,
)
from assistant.parsers.sections import Outline
from assistant.types import LOCATOR_SEP, Fact, Filing

_REASON = re.compile(r"(?:主要原因|增加原因|减少原因|变动原因|原因|主要是|主要为|主要由于|主要系)(?:是|为|：|:|，|,)?")
_REASON_MORE = re.compile(r"^[；;]?[二三四五六七八九]是")
_REASON_END = re.compile(r"其中[：:，,]|[；;](?![二三四五六七八九]是)")
_COMPARE = re.compile(r"比|较|与(?:上年|上一年|20\d\d年)|相比|同比|[小大低高]于上年")
_CHANGE_VERB = re.compile(
    r"(?:各)?(?:增加了?|减少了?|增长了?|下降了?|降低了?|增幅|降幅|减幅|减少额|"
    r"(?:小于|大于|低于|高于)上年(?:预算数?)?|一致)(?:为)?$"
)
_FLAT = re.compile(r"持平|相等|一致|无变化|未发生变化|没有变化|未变化|相同")
_SHARE = re.compile(r"占(?P<of>[^，。；]*?)的?$")
_DONE = re.compile(r"完成(?:年初)?预算的?$")
_THRESHOLD_BEFORE = re.compile(r"(?:单价|单位价值|单台价值|价值)\s*$")
_THRESHOLD_AFTER = re.compile(r"^\s*(?:[（(]含[）)]|以上|及以上|以下)")
_PER = re.compile(r"^\s*/")
_YEAR = re.compile(r"(20\d\d)年")
_CLASS_PATH = re.compile(r"（项）|\(项\)|（款）|\(款\)|（类）|\(类\)")
_CLASS_ONLY = re.compile(r"^[^，。；\d]{2,80}?[（(]项[）)]$")


class _State:
    """What the prose is speaking about: the subject in force and the last figure."""

    def __init__(self) -> None:
        self.subject: str | None = None
        self.row: str | None = None
        self.unit: str = ""
        self.is_count = False
        self.reason: Fact | None = None
        self.class_name: str | None = None  # 类 of the section ("（一）公共安全（类）")
        self.marks: list[tuple[int, str, str | None, str]] = []  # (pos in paragraph, subject, row, unit)

    def at(self, pos: int) -> tuple[str | None, str | None, str]:
        """The subject of the last figure printed before `pos` in this paragraph, else the one in force."""
        for p, subject, row, unit in reversed(self.marks):
            if p < pos:
                return subject, row, unit
        return self.subject, self.row, self.unit

    def reset(self) -> None:
        self.subject = self.row = None
        self.reason = None


def prose_facts(filing: Filing) -> list[Fact]:
    outline = Outline.build(filing)
    facts: list[Fact] = []
    st = _State()
    for par in paragraphs(filing, outline):
        if par.heading:
            st.reset()
            cls = re.search(r"(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*(\S+?)[（(]类[）)]", par.text)
            st.class_name = cls.group(1) if cls else (st.class_name if re.match(r"^\d", par.text) else None)
            continue
        st.marks = []
        _read_paragraph(filing, outline, par, st, facts)
    _flag_unit_slips(facts)
    return facts


def _fact(filing: Filing, outline: Outline, par: Paragraph, pos: int, sent: tuple[int, int], **kw) -> Fact:
    page, line = par.page_line(pos)
    row = kw.pop("row", None)
    return Fact(
        doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
        kind=filing.kind, page=page, locator=outline.locator(page, line), quote=par.quote(*sent),
        source="prose", row=row, **kw,
    )


def _read_paragraph(filing: Filing, outline: Outline, par: Paragraph, st: _State, facts: list[Fact]) -> None:
    text = par.text
    for a, b in sentences(text):
        sent = text[a:b]
        if st.reason is not None and _REASON_MORE.match(sent):
            st.reason.text = (st.reason.text or "") + sent.rstrip("。")  # "二是…" goes on with the reason
            continue
        st.reason = None
        _read_sentence(filing, outline, par, (a, b), st, facts)


def _read_sentence(filing, outline, par: Paragraph, span: tuple[int, int], st: _State, facts: list[Fact]) -> None:
    a, b = span
    sent = par.text[a:b]
    # A 类/款/项 path standing alone names the subject of the sentences after it (决算 family).
    head = re.split(r"[。]", sent)[0]
    if _CLASS_ONLY.match(re.sub(r"^(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)])", "", head)):
        lab = parse_label(head, filing, st.class_name)
        if lab.subject:
            st.subject, st.row, st.unit, st.is_count = lab.subject, lab.row, "", False
        return
    reasons = _reason_spans(sent)
    parent: str | None = None   # the subject before "其中", for the items after it
    parent_money = True
    parent_unit = ""
    ends: dict[int, str] = {}   # end of each figure in the sentence → its subject, for "车辆7辆（一般…3辆）"
    change_ends: set[int] = set()  # ends of change figures, for the base printed in brackets after them
    after_qizhong = False
    clause_start = 0
    prev_end = 0
    starts = clause_starts(sent)
    rates = [r.span() for r in PER_PERSON.finditer(sent)]
    for m, amt in find_amounts(sent):
        s, e = m.span()
        if any(r0 <= s < r1 for r0, r1, _ in reasons):
            continue
        before = sent[:s]
        if _THRESHOLD_BEFORE.search(before) or _THRESHOLD_AFTER.match(sent[e:]) or \
                (_PER.match(sent[e:]) and amt.unit != "台"):
            continue  # "单价100万元（含）以上设备", "200元/人": a threshold, not a figure
        if any(r0 <= s < r1 for r0, r1 in rates):
            continue  # "每名党员每年200元": a rate, read by _read_rates
        if amt.unit == "年" or (amt.unit in ("月", "日") and not amt.is_money):
            continue  # "2024年" is a date, not a count
        if amt.unit == "台" and sent[e:e + 2] == "/套":
            amt = Amount(amt.printed, "台/套", amt.decimals)
            e += 2
        bnd = start_of_clause(starts, s)
        start = max(bnd, prev_end)
        prefix = sent[start:s]
        if "其中" in sent[clause_start:s]:
            after_qizhong = True
        clause_start = bnd
        prev_end = e
        pos = a + s
        base = _base_in_bracket(sent, s, change_ends, prefix)
        if base and st.subject and amt.is_money:
            # "增加2,247.84万元（上年财政仅安排…140.2万元）", "（2023年预算执行数115万元）": the base of the change
            measure, ref = base
            facts.append(_fact(filing, outline, par, pos, span, subject=st.subject, row=st.row, measure=measure,
                               value=amt.value, unit=amt.unit, ref_year=ref or filing.year - 1))
            continue
        if _CHANGE_VERB.search(prefix) and _COMPARE.search(sent[:s]) and st.subject:
            change_ends.add(e)
            sign = sign_of_change(prefix)
            measure = "增减率" if amt.unit in ("%", "％") else "增减额"
            if measure == "增减额" and amt.unit != st.unit and st.unit and not amt.is_money:
                continue
            comp = _COMPARE.search(sent[:s])
            facts.append(_fact(filing, outline, par, pos, span, subject=st.subject, row=st.row,
                               measure=measure, value=sign * amt.value, unit=amt.unit,
                               column=_comparison_text(sent, comp.start() if comp else 0, s)))
            continue
        if amt.unit in ("%", "％"):
            sh = _SHARE.search(prefix) or _SHARE.search(sent[bnd:s])
            if _DONE.search(prefix) and st.subject:
                facts.append(_fact(filing, outline, par, pos, span, subject=st.subject, row=st.row,
                                   measure="完成率", value=amt.value, unit=amt.unit))
            elif sh and st.subject:
                facts.append(_fact(filing, outline, par, pos, span, subject=st.subject, row=st.row,
                                   measure="占比", value=amt.value, unit=amt.unit,
                                   column=("占" + sh.group("of")) if sh.group("of") else "占"))
            continue
        if _CHANGE_VERB.search(prefix) and re.search(r"一致$", prefix) is None and not _COMPARE.search(sent[:s]):
            # "新增国有资产235.9万元，减少252.86万元": the 减少 of what was 新增; any other change
            # without a base is no statement we can place
            last = facts[-1] if facts and facts[-1].subject == st.subject else None
            if st.subject and st.subject.startswith("新增") and amt.is_money and last is not None \
                    and re.fullmatch(r"(?:减少|减少了|下降)", prefix.strip()):
                facts.append(_fact(filing, outline, par, pos, span, subject="减少" + st.subject[2:], row=st.row,
                                   measure=last.measure, value=amt.value, unit=amt.unit, ref_year=last.ref_year))
            continue
        paren = _paren_parent(sent, s, ends)
        if paren:
            prefix = re.sub(r"^[（(](?:其中[：:，,]?)?", "", prefix)
        else:
            prefix = _bracket_words(prefix)
        lab = parse_label(prefix, filing, st.class_name)
        subject, row = lab.subject, lab.row
        column = ""
        if not amt.is_money and "设备" in prefix:  # "单价100万元（含）以上设备（不含车辆）2台（套）"
            subject, row = ("购置设备数" if "购置" in prefix else "设备数"), None
            column = equipment_label(prefix)
        if is_generic(prefix):  # "采购金额" says little: take in the clause before it
            prev_b = start_of_clause(starts, max(bnd - 1, 0))
            subject = joined_label(_scoped(sent, prev_b) + sent[prev_b:s])
        if not amt.is_money and not subject:
            subject = count_subject(sent[e:])
        if not subject and amt.is_money and st.is_count and st.subject and not prefix.strip() \
                and re.search(r"资产|工程|投资", st.subject):
            subject, row = st.subject, st.row  # "在建工程1项12277.73万元": the count, then its value
        if not subject:
            if not st.subject or (amt.is_money and st.is_count and not re.match(r"^涉及", prefix)):
                continue
            subject, row = st.subject, st.row
        elif re.match(r"^涉及", re.sub(r"\s", "", prefix)) and st.is_count and st.subject:
            subject = f"{st.subject}资金"
        if paren:
            row = paren
        elif after_qizhong and parent and not row and subject != parent and parent_money == amt.is_money \
                and (amt.is_money or parent_unit == amt.unit):
            row = parent
        measure = measure_of(lab.tail, filing.kind, amt, sent[:s])
        if not column and filing.kind == "决算" and re.search(r"年初预算|调整预算", lab.tail + prefix):
            column = re.search(r"年初预算|调整预算", lab.tail + prefix).group()  # the 决算's base: 年初预算为…
        ref_year = None
        ys = [int(y) for y in _YEAR.findall(re.sub(r"比.*$", "", prefix))]
        if ys and ys[-1] != filing.year:
            ref_year = ys[-1]
        facts.append(_fact(filing, outline, par, pos, span, subject=subject, row=row, measure=measure,
                           value=amt.value, unit=amt.unit, ref_year=ref_year, column=column))
        ends[e] = column or subject
        if not after_qizhong:
            parent, parent_money, parent_unit = subject, amt.is_money, amt.unit
        st.subject, st.row, st.unit, st.is_count = subject, row, amt.unit, not amt.is_money
        st.marks.append((pos, subject, row, amt.unit))
    _read_rates(filing, outline, par, span, st, facts)
    # "与2024年预算持平" with no figure: a change of zero for the subject in force
    done_clauses = set()
    for fm in _FLAT.finditer(sent):
        if any(r0 <= fm.start() < r1 for r0, r1, _ in reasons):
            continue
        c0 = start_of_clause(starts, fm.start())
        clause = sent[c0:fm.end()]
        comp = _COMPARE.search(clause)
        if c0 in done_clauses or not comp or "决算数" in clause \
                or re.search(r"^\d[\d.]*\s*(?:万元|元)", sent[fm.end():fm.end() + 8]):
            continue
        subject, row, unit = st.at(a + fm.start())
        if subject is None:
            continue
        done_clauses.add(c0)
        facts.append(_fact(filing, outline, par, a + fm.start(), span, subject=subject, row=row,
                           measure="增减额", value=Decimal(0), unit=unit or "万元",
                           column=_comparison_text(sent, c0 + comp.start(), fm.start())))
    for r0, r1, reason in reasons:
        if not reason:
            continue
        c0 = start_of_clause(starts, r0)
        own = parse_label(sent[c0:r0], filing, st.class_name) if c0 < r0 else None
        if own and own.known:  # "财政拨款收入支出增加的主要原因是…" names its subject
            subject, row = own.subject, own.row
        else:
            subject, row, _ = st.at(a + r0)
        if subject:
            f = _fact(filing, outline, par, a + r0, span, subject=subject, row=row,
                      measure="原因", value=None, unit="", text=reason)
            facts.append(f)
            st.reason = f


def _read_rates(filing, outline, par: Paragraph, span: tuple[int, int], st: _State, facts: list[Fact]) -> None:
    """Scores ("平均得分99.43分") and per-person rates ("每名党员每年200元的标准") of a sentence."""
    a, b = span
    sent = par.text[a:b]
    for m in SCORE.finditer(sent):
        facts.append(_fact(filing, outline, par, a + m.start("n"), span, subject=score_subject(m.group("label"),
                     sent[:m.start()]), measure="得分", value=Decimal(m.group("n")), unit="分"))
    for m in PER_PERSON.finditer(sent):
        unit, per = per_person(m)
        bnd = max((mm.end() for mm in BOUNDARY.finditer(sent, 0, m.start())), default=0)
        before = re.sub(r"(?:按照|按|依照|依据|根据|以)$", "", clean_label(sent[bnd:m.start()]))
        after = re.match(r"的?标准(?:列支|发放|安排|计算|核定)?([^，。；、]{2,24})", sent[m.end():])
        subject = before if len(before) >= 2 else clean_label(after.group(1)) if after else st.at(a + m.start())[0]
        if subject:
            facts.append(_fact(filing, outline, par, a + m.start(), span, subject=subject, measure="标准",
                               value=Decimal(m.group("n") or m.group("n2")), unit=unit, column=per))


def _base_in_bracket(sent: str, s: int, change_ends: set[int], prefix: str) -> tuple[str, int | None] | None:
    """(measure, year) when the figure at `s` stands in a bracket opened right after a change figure
    and its words name the base year ("上年…", "2023年预算执行数"), else None."""
    o = max(sent.rfind("（", 0, s), sent.rfind("(", 0, s))
    if o < 0 or max(sent.rfind("）", 0, s), sent.rfind(")", 0, s)) > o:
        return None
    if not any(sent[e:o].strip() in ("", "，", ",") for e in change_ends if e <= o):
        return None
    words = sent[o:s]
    y = _YEAR.search(words)
    if not y and not re.search(r"上年|上一年|去年", words):
        return None
    measure = "执行数" if "执行" in words else "决算数" if "决算" in words else "上年数"
    return measure, int(y.group(1)) if y else None


def _bracket_words(prefix: str) -> str:
    """A figure inside a bracket still open is named by the bracket's own words, not by the words
    before it: "国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）" — 0.00 is the 外宾 part."""
    o = max(prefix.rfind("（"), prefix.rfind("("))
    if o < 0 or max(prefix.rfind("）"), prefix.rfind(")")) > o:
        return prefix
    inner = re.sub(r"^(?:含|包含|包括|其中[：:，,]?)", "", prefix[o + 1:].strip())
    return inner if len(re.findall(r"[\u4e00-\u9fff]", inner)) >= 2 else prefix


def _paren_parent(sent: str, s: int, ends: dict[int, str]) -> str | None:
    """The figure a bracket opened right after names the whole of: '车辆7辆（一般公务用车3辆，…）'."""
    o = max(sent.rfind("（", 0, s), sent.rfind("(", 0, s))
    if o < 0 or max(sent.rfind("）", 0, s), sent.rfind(")", 0, s)) > o:
        return None
    return ends.get(o)


def _reason_spans(sent: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _REASON.finditer(sent):
        if out and m.start() < out[-1][1]:
            continue
        if re.match(r"用于|包括", sent[m.start() + 2: m.start() + 4]) or sent[m.start():m.start() + 4] == "主要用于":
            continue
        end_m = _REASON_END.search(sent, m.end())
        end = end_m.start() if end_m else len(sent)
        text = sent[m.end():end].strip("：:，,。；; ")
        out.append((m.start(), end, text))
    return out


def _comparison_text(sent: str, a: int, b: int) -> str:
    """'比2024年预算' / '与上年相比' — the base a change is measured against, as printed."""
    seg = sent[a:b]
    m = re.match(r"(比|较|与)([^，,。；]*?)(?:相比)?(?:[，,]|增加|减少|增长|下降|降低|持平|一致|相等|各|$)", seg)
    return (m.group(1) + m.group(2)).rstrip("，,") if m else ""


_TOTALS = {"收支总预算", "收入合计", "支出合计", "财政拨款收入", "财政拨款支出", "一般公共预算"}


def _flag_unit_slips(facts: list[Fact]) -> None:
    """"2025年支出预算 1331.5元" where the same figure stands elsewhere as 1331.5万元: a 万 dropped."""
    wan = [f for f in facts if f.unit == "万元" and f.value is not None and f.measure in ("预算数", "决算数")]
    for f in facts:
        if f.unit != "元" or f.value is None or f.measure not in ("预算数", "决算数") or f.value == 0:
            continue
        for g in wan:
            same = g.subject == f.subject or (g.subject in _TOTALS and f.subject in _TOTALS)
            if same and abs(g.value - f.value * 10000) <= Decimal("0.005") * 10000:
                if "unit_suspect" not in f.flags:
                    f.flags.append("unit_suspect")
                break


__all__ = ["prose_facts", "LOCATOR_SEP"]


_SCOPE_CLAUSE = re.compile(r"^(?:在|其中)?(?P<scope>[^，,；;：:、。]{2,24}?项目中)$")


def _scoped(sent: str, clause_start: int) -> str:
    """'在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额4.79万元': the clause before names
    which projects the amount is of; without it, two amounts of one sentence read as one item."""
    if clause_start <= 0:
        return ""
    b = max((mm.end() for mm in BOUNDARY.finditer(sent, 0, clause_start - 1)), default=0)
    m = _SCOPE_CLAUSE.match(sent[b:clause_start - 1].strip())
    return m.group("scope") if m else ""
