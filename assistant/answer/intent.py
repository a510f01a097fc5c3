"""Question → intent: which budget terms, which measure, which filings.

Terms come from the ontology (公车 → 公务用车购置及运行费) and, for names the ontology does
not know (功能分类科目 such as 行政运行, project names), from the subjects the parsers stored.
Department, year and kind are inferred from the question against the filings actually in
the index; filters the caller passes always win over inferred ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.departments import (
    DEPT_ABBREVIATIONS, dept_places, mask_departments, match_departments, named_places, order_named, unknown_org,
    without,
)
from assistant.answer.subjects import (
    asks_sum, drop_head_nouns, drop_qualifiers, drop_trailing_totals, in_question_order, inside_labels, label_span,
    overall_phrase, said_apart, share_of, term_spans, unexplained_words,
)
from assistant.ontology import (
    ACTUAL_WORDS, AGAINST_INITIAL_RE, ASKED_MEASURES, BARE_BUDGET_COMPARED, CAR_COUNT_OF, DEPARTMENT_TALK_RE,
    DEPARTMENTS_TOGETHER_RE, EXECUTED_WORDS, EXTRA_MEASURES, FUND_SCOPE_OF_TERM, OUTTURN_BUDGET_RE, PERSONAL_PAY_RE,
    RELATIVE_YEARS, SHARE_ASKED_RE, UNDISCLOSED, WHOLE_PLACE, aliases, clean_label, shared_head_terms, terms_in,
)
from assistant.retrieval.filters import Filters
from assistant.types import Filing

# "截至2024年8月31日" dates a stock (车辆, 资产), not the budget year: a 预算 of Y+1 or a 决算 of Y states it.
AS_OF_RE = re.compile(r"截[至止到]\s*(20\d{2})\s*年\s*(?:(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?|(底|末))?")
YEAR_RANGE_RE = re.compile(r"(20\d{2})\s*年?\s*(?:到|至|—|-|~|～)\s*(20\d{2})")
# "其中工程预算多少": a part of the subject just named, stored under a longer name (政府采购工程预算).
SUB_PART_RE = re.compile(r"其中[，,：:]?\s*([\u4e00-\u9fff]{1,8}?)(?:类)?(?:预算|支出|经费|费用)?(?:是|有|为|占|多少|几|各|分别|呢|$)")
DEFINITION_STARTS = ("什么是", "何为", "何谓")

YEAR_RE = re.compile(r"(20\d{2}|19\d{2})\s*年?度?")


@dataclass
class Intent:
    question: str
    terms: list[str] = field(default_factory=list)       # canonical ontology terms, in question order
    labels: list[str] = field(default_factory=list)      # other stored subjects the question names
    measure: str = "金额"                                # 金额/增减额/增减率/占比/原因/负责人/联系电话/指标值/定义
    wants_sum: bool = False                               # "合计/一共": add the named terms up
    sum_asked: bool = False                               # 合计/一共 said outside any subject's name
    filings: list[Filing] = field(default_factory=list)   # filings the question can mean, newest first
    years: list[int] = field(default_factory=list)        # years named (absolute), may lack a filing
    relative: int | None = None                           # 今年 0, 去年 -1 … relative to the filing's year
    unknown_department: str | None = None                 # an organisation named that no filing matches
    department_named: bool = False
    kind: str | None = None
    refusal: str | None = None                            # why the question cannot be answered at all
    as_of: tuple[int, int] | None = None                  # (year, month) a stock is dated to
    anchor: dict[str, int] = field(default_factory=dict)  # newest filing year per department (今年/去年)
    sub_parts: list[str] = field(default_factory=list)    # "其中X" words (X of the subject before)
    departments: list[str] = field(default_factory=list)  # departments the question names, in its order
    both_kinds: bool = False                               # 预算 and 决算 both named (a 预算 vs a 决算)
    rest: list[str] = field(default_factory=list)          # words naming something no subject covers
    share: tuple[str, str] | None = None                   # 占比: (part, whole) as the question names them
    executed: bool = False                                 # 执行数 asked (a year's outturn, not its budget)
    extras: list[str] = field(default_factory=list)        # further measures asked beside the figure
    fund_scope: str | None = None                          # 财政拨款… said before the item: the funds it counts
    within: list[str] = field(default_factory=list)        # a whole said around the item (基本支出里的…)
    ambiguous: tuple[str, ...] = ()                        # (short name, departments it fits alike), see reader
    against_initial: bool = False                          # a 决算 compared with its 年初预算, not last year
    read_openly: bool = False                              # `rest` kept only item words (the open reader ran)

    @property
    def subjects(self) -> list[str]:
        return [*self.terms, *self.labels]


# Years written in Chinese digits (二〇二五年, 二零一九年, 一九九八年): 19xx or 20xx.
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
CN_YEAR_RE = re.compile(r"(?:一九|二[〇零○Ｏ])[〇零○Ｏ一二三四五六七八九]{2}(?![一二三四五六七八九十百千万])")


def arabic_years(text: str) -> str:
    """二〇二五年 → 2025年, so every year rule reads one spelling."""
    return CN_YEAR_RE.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(0)), text)


def normalise(question: str) -> str:
    # A question mark ends a sentence: "X包括哪些？Y局…" must not read as one name (包括哪些Y局).
    q = re.sub(r"[？?]+", " ", arabic_years(clean_label(question))).strip()
    for short, full in DEPT_ABBREVIATIONS.items():
        if short in q and full not in q:
            q = q.replace(short, full)
    return q


def detect_measure(q: str) -> str:
    if q.startswith(DEFINITION_STARTS):
        return "定义"
    if SHARE_ASKED_RE.search(q):  # X占Y的百分之多少: a share, though 百分之多少 alone asks a rate
        return "占比"
    for measure, words in ASKED_MEASURES:
        if any(w in q for w in words):
            return measure
    return "金额"


def detect_kind(q: str, terms: list[str]) -> str | None:
    if any(w in q for w in ACTUAL_WORDS) or OUTTURN_BUDGET_RE.search(q):
        return "决算"
    rest = q.replace("年初预算", "")  # a 决算 states each item's 年初预算 beside its outturn
    for t in terms:
        for a in aliases(t):
            rest = rest.replace(a, "")
    return "预算" if "预算" in rest.replace("一般公共预算", "").replace("国有资本经营预算", "") else None


def parse_intent(question: str, filings: list[Filing], subject_matcher=None,
                 filters: Filters | None = None, item_words=None) -> Intent:
    """`subject_matcher(q) -> list[str]` names stored subjects in the question (see lookup.Catalog);
    `item_words(run) -> list[str]` keeps, of a run no term or subject explains, the words that name a
    budget item (reader.QuestionReader.item_words) — the rest is talk, ignored."""
    filters = filters or Filters()
    q = normalise(question)
    m = AS_OF_RE.search(q)
    if m:
        month = int(m.group(2)) if m.group(2) else 12
        intent_as_of = (int(m.group(1)), month)
        q = q[:m.start()] + " " + q[m.end():]
    else:
        intent_as_of = None
    # "这几个部门…一共多少": 几个 counts the departments taken together, it does not ask a count
    intent = Intent(question=question, measure=detect_measure(DEPARTMENTS_TOGETHER_RE.sub("", q)), as_of=intent_as_of)
    if any(w in q for w in UNDISCLOSED) or PERSONAL_PAY_RE.search(q):
        intent.refusal = "部门预算、决算文件不公开人均数或个人收入（如人均工资），已入库的文件中没有这项数据。"
    elif any(w in q for w in WHOLE_PLACE):
        intent.refusal = "已入库的是单个部门的预算、决算，不含地区（全区、全市）的总预算，无法回答。"
    intent.terms = in_question_order(terms_in(q), q)
    if subject_matcher is not None:  # any filing's subjects: a project named …中心 is not an organisation
        intent.labels = [s for s in subject_matcher(clean_label(question)) + subject_matcher(q) if len(s) >= 3]

    # Department: the caller's filter wins; else inferred from the question.
    scope = list(filings)
    if filters.department:
        scope = [f for f in scope if filters.department in f.department]
        intent.department_named = True
    else:
        intent.unknown_department = unknown_org(q, filings, intent.labels)
        depts = match_departments(q, scope)
        places, other_places = named_places(q, scope)
        if intent.unknown_department:
            scope = []
        elif depts:
            scope = [f for f in scope if f.department in depts]
            intent.department_named = True
            intent.departments = order_named(q, depts)
        elif other_places:
            intent.unknown_department = other_places[0]
            scope = []
        elif places and not intent.refusal:
            intent.refusal = (f"问题只提到了地区（{'、'.join(places)}），没有指明具体部门；已入库的是单个部门的"
                              "预算、决算，请说明是哪个部门。")
    _name_subjects(intent, question, q, subject_matcher, scope if intent.department_named else [],
                   scope or filings)
    named = list(intent.terms)
    kept = drop_qualifiers(intent.terms, q, intent.labels)
    scopes = [FUND_SCOPE_OF_TERM[t] for t in intent.terms if t not in kept and t in FUND_SCOPE_OF_TERM]
    intent.fund_scope = scopes[-1] if scopes else None  # the one nearest the item
    # 项目支出中的差旅费: the item as the 项目支出 table prints it, not the department's whole 差旅费
    intent.within = [t for t in intent.terms if t not in kept and t not in FUND_SCOPE_OF_TERM]
    intent.terms = drop_head_nouns(kept, q)
    intent.terms = drop_trailing_totals(intent.terms, q, intent.labels)
    if intent.measure == "占比":
        intent.share = share_of(q, named, intent.labels)
    overall = overall_phrase(q, intent.terms, intent.labels)
    if overall:
        intent.terms = in_question_order([*intent.terms, overall], q)
    intent.sub_parts = [w for w in SUB_PART_RE.findall(q) if w]
    if intent.measure == "数量" and "辆" in q:  # 几辆公车: the count of cars, not their running cost
        intent.terms = list(dict.fromkeys(CAR_COUNT_OF.get(t, t) for t in intent.terms))
        others = [*intent.terms, *intent.labels]
        if len(others) > 1 and "车辆" in intent.terms and not said_apart("车辆", q, others):
            intent.terms.remove("车辆")  # 有几辆一般公务用车, 购置车辆有多少辆: that kind's count, not all cars
    if "绩效目标项目" in intent.terms and any(w in q for w in ("资金", "金额", "多少钱", "经费")):
        intent.terms.append("绩效目标项目资金")
    intent.sum_asked = asks_sum(q, intent.terms, intent.labels)
    # a whole and one of its parts named beside 一共: they are never added up
    nested = any(a != b and (_stem(a) in b or _stem(b) in a) for a in intent.subjects for b in intent.subjects)
    intent.wants_sum = intent.sum_asked and len(intent.subjects) > 1 and not nested
    intent.executed = any(w in q for w in EXECUTED_WORDS)
    intent.extras = [m for m, words in EXTRA_MEASURES if any(w in q for w in words)]
    if "完成率" in intent.extras and intent.measure == "增减率" and not any(w in q for w in ("增长", "下降", "增幅", "降幅")):
        intent.measure = "金额"  # a 完成率 asked beside the figure is no growth rate
    intent.against_initial = bool(AGAINST_INITIAL_RE.search(q))
    if intent.against_initial:
        intent.extras = [x for x in intent.extras if x != "年初预算"]  # the base of the change, not asked apart
    places = sorted({x for f in filings for p in dept_places(f.department) for x in (p, p[:-1]) if len(x) >= 2},
                    key=lambda s: (-len(s), s))
    # talk about the departments themselves (三家上海的区级部门, 排第三) names no item
    asked = without(mask_departments(DEPARTMENT_TALK_RE.sub(" ", q), scope if intent.department_named else []), places)
    intent.rest = unexplained_words(asked, terms_in(q), intent.labels)
    siblings = shared_head_terms(q, intent.rest)  # 采购服务要花多少，工程呢: 工程 is 政府采购工程
    intent.terms += [t for t in siblings.values() if t not in intent.terms]
    intent.rest = [w for w in intent.rest if w not in siblings]
    if item_words is not None:
        intent.rest = list(dict.fromkeys(w for run in intent.rest for w in item_words(run)))
        intent.read_openly = True

    for f in scope:
        intent.anchor[f.department] = max(intent.anchor.get(f.department, 0), f.year)

    budget_said = "预算" in q.replace("一般公共预算", "").replace("年初预算", "")
    if any(w in q for w in ACTUAL_WORDS) and BARE_BUDGET_COMPARED.search(q):
        intent.against_initial, budget_said = True, False  # 决算比预算少: its own 年初预算, not another filing
    intent.both_kinds = any(w in q for w in ACTUAL_WORDS) and budget_said and not filters.kind
    intent.kind = filters.kind or (None if intent.both_kinds else detect_kind(q, intent.terms))
    if intent.kind:
        # 决算 asked of a department that only published 预算 is not answered from the 预算.
        scope = [f for f in scope if f.kind == intent.kind]

    if filters.year:
        intent.years = [filters.year]
    else:
        years = {int(y) for y in YEAR_RE.findall(q) if 1990 <= int(y) <= 2100}
        for a, b in YEAR_RANGE_RE.findall(q):  # 2017至2019年: every year between
            lo, hi = sorted((int(a), int(b)))
            years |= set(range(lo, hi + 1)) if hi - lo <= 10 else set()
        intent.years = sorted(years, reverse=True)
        # "比上年增加" compares with last year; it does not ask about last year.
        rel_q = re.sub(r"[比较与同]\s*(?:上年|去年|上一年|前一年)(?:度)?", "", q)
        for word, offset in sorted(RELATIVE_YEARS.items(), key=lambda kv: -len(kv[0])):
            if word in rel_q and not intent.years:
                intent.relative = offset
                break
    intent.filings = sorted(scope, key=lambda f: (-f.year, f.kind != "预算", f.department))
    return intent


def _stem(name: str) -> str:
    return re.sub(r"(?:预算|经费|费用|支出|总额|合计)$", "", name)


def _name_subjects(intent: Intent, question: str, q: str, matcher, named: list[Filing],
                   scope: list[Filing]) -> None:
    """Stored subjects the question names within its filings, once the department's own name is
    masked (检察 of 人民检察院 is no subject asked); terms met only inside them are dropped."""
    if matcher is None:
        return
    found: list[str] = []
    for text in (arabic_years(clean_label(question)), q):
        text = mask_departments(text, named)
        found += matcher(text, scope, term_spans(text, intent.terms))
    known = {a for t in intent.terms for a in aliases(t)}
    intent.labels = list(dict.fromkeys(s for s in found if s not in intent.terms and clean_label(s) not in known))
    # 支出合计 read across 基本支出|合计: a stored name that only partly overlaps a term's mention at
    # least as long as itself is not what the question names (a longer item name keeps its place).
    spans = term_spans(q, intent.terms)
    intent.labels = [lb for lb in intent.labels
                     if not ((sp := label_span(q, lb)) and any(
                         (a < sp[0] < b < sp[1] or sp[0] < a < sp[1] < b) and b - a >= sp[1] - sp[0]
                         for a, b in spans))]
    intent.terms = [t for t in intent.terms if not inside_labels(t, q, intent.labels)]
