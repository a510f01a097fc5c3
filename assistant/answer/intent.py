"""Question → intent: which budget terms, which measure, which filings.

Terms come from the ontology (公车 → 公务用车购置及运行费) and, for names the ontology does
not know (功能分类科目 such as 行政运行, project names), from the subjects the parsers stored.
Department, year and kind are inferred from the question against the filings actually in
the index; filters the caller passes always win over inferred ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ontology import BY_NAME, aliases, clean_label, terms_in
from assistant.retrieval.filters import Filters
from assistant.types import Filing

# The measure asked, checked in this order (原因 before 定义: "原因是什么" asks for a reason).
MEASURE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("原因", ("原因", "为什么", "为何", "怎么回事")),
    ("联系电话", ("电话", "联系方式", "怎么联系")),
    ("负责人", ("负责人", "谁负责", "联系人", "填报人")),
    ("指标值", ("绩效指标", "绩效目标", "指标值", "目标值", "指标")),
    ("定义", ("什么是", "是什么意思", "什么意思", "含义", "指什么", "是指", "定义", "解释一下", "名词解释")),
    ("数量", ("多少个", "几个", "多少人", "几人", "多少名", "多少辆", "几辆", "多少次", "几次", "多少项")),
    ("占比", ("占比", "比重", "占多少", "占总", "所占", "比例", "占全部", "占支出")),
    ("增减率", ("增长率", "增幅", "降幅", "百分之几", "百分比", "增长了多少%", "下降了多少%", "幅度", "增速")),
    ("增减额", ("增加", "减少", "增减", "变化", "多了", "少了", "变动", "差额", "相比", "增长", "下降",
               "比上年", "比去年", "比前一年", "差多少")),
)
SUM_WORDS = ("合计", "一共", "总共", "加起来", "之和", "总和", "合起来", "共计", "加总")
DEFINITION_STARTS = ("什么是", "何为", "何谓")

# Short forms people use for parts of department names (城运中心 = 城市运行管理中心).
DEPT_ABBREVIATIONS: dict[str, str] = {
    "城运中心": "城市运行管理中心", "城运": "城市运行", "市场监管": "市场监督管理", "人社": "人力资源和社会保障", "发改": "发展和改革",
    "住建": "住房和城乡建设", "卫健": "卫生健康", "文旅": "文化和旅游", "生态环境局": "生态环境局",
    "检察院": "人民检察院", "法院": "人民法院", "街道办": "街道办事处",
}
# Pieces of a department name too generic to identify one (every district has a 人民政府).
GENERIC_DEPT_PARTS = (
    "上海市", "江苏省", "湖北省", "武汉市", "人民政府", "办事处", "管理中心", "服务中心", "部门", "中心",
    "委员会", "人民", "区人民", "市人民", "省人民",
)
# A phrase that names an organisation: used to say "that department is not in the index".
ORG_RE = re.compile(
    r"([\u4e00-\u9fff]{2,14}?(?:局|院|厅|委员会|办公室|街道|镇|中心|人民政府|学校|医院|研究所|大队|支队|馆|办事处))"
)
YEAR_RE = re.compile(r"(20\d{2}|19\d{2})\s*年?度?")
RELATIVE_YEARS = {"今年": 0, "本年": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1,
                  "前年": -2, "明年": 1}


@dataclass
class Intent:
    question: str
    terms: list[str] = field(default_factory=list)       # canonical ontology terms, in question order
    labels: list[str] = field(default_factory=list)      # other stored subjects the question names
    measure: str = "金额"                                # 金额/增减额/增减率/占比/原因/负责人/联系电话/指标值/定义
    wants_sum: bool = False                               # "合计/一共": add the named terms up
    filings: list[Filing] = field(default_factory=list)   # filings the question can mean, newest first
    years: list[int] = field(default_factory=list)        # years named (absolute), may lack a filing
    relative: int | None = None                           # 今年 0, 去年 -1 … relative to the filing's year
    unknown_department: str | None = None                 # an organisation named that no filing matches
    department_named: bool = False
    kind: str | None = None

    @property
    def subjects(self) -> list[str]:
        return [*self.terms, *self.labels]


def normalise(question: str) -> str:
    q = clean_label(question).replace("？", "").replace("?", "")
    for short, full in DEPT_ABBREVIATIONS.items():
        if short in q and full not in q:
            q = q.replace(short, full)
    return q


def detect_measure(q: str) -> str:
    if q.startswith(DEFINITION_STARTS):
        return "定义"
    for measure, words in MEASURE_RULES:
        if any(w in q for w in words):
            return measure
    return "金额"


def _longest_common(a: str, b: str) -> str:
    """Longest common substring (question and department names are short)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def _dept_match(q: str, department: str) -> int:
    """How strongly the question names this department: length of the shared name part, 0 for none."""
    common = _longest_common(q, department)
    stripped = common
    for g in sorted(GENERIC_DEPT_PARTS, key=len, reverse=True):
        stripped = stripped.replace(g, "")
    stripped = re.sub(r"^[省市区县]+|[省市区县]+$", "", stripped)
    return len(common) if len(common) >= 3 and len(stripped) >= 2 else 0


def match_departments(q: str, filings: list[Filing]) -> list[str]:
    """Departments the question names (the best-matching ones), [] when it names none."""
    scores = {f.department: _dept_match(q, clean_label(f.department)) for f in filings}
    top = max(scores.values(), default=0)
    return [d for d, s in scores.items() if top and s == top]


def _names(name: str, department: str) -> bool:
    """Does an organisation mention name this department? Its tail must be the department's
    (…财政局), and what precedes it must be in the name too (南京铁路运输检察院 is not 江苏省人民检察院)."""
    common = _longest_common(name, department)
    if len(common) < 3 or not name.endswith(common):
        return False
    rest = name[: len(name) - len(common)]
    return len(_longest_common(rest, department)) >= len(rest) - 1


def _unknown_org(q: str, filings: list[Filing], labels: list[str]) -> str | None:
    """An organisation named in the question that no filing's department ends the same way
    (普陀区教育局 is not 普陀区财政局, though both are 普陀区)."""
    stripped = q
    for t in terms_in(q):
        for a in aliases(t):
            stripped = stripped.replace(a, " ")
    for label in labels:
        stripped = stripped.replace(label, " ")
    depts = [clean_label(f.department) for f in filings]
    for m in ORG_RE.finditer(stripped):
        name = re.sub(r"^(?:今年|去年|上年|本年|请问|查询|什么是|各|全)", "", m.group(1))
        if len(name) < 3 or name in ("办公室",):
            continue
        if not any(_names(name, d) for d in depts):
            return name
    return None


def detect_kind(q: str, terms: list[str]) -> str | None:
    if "决算" in q or "实际支出" in q or "实际花" in q:
        return "决算"
    rest = q
    for t in terms:
        for a in aliases(t):
            rest = rest.replace(a, "")
    return "预算" if "预算" in rest.replace("一般公共预算", "").replace("国有资本经营预算", "") else None


def parse_intent(question: str, filings: list[Filing], subject_matcher=None,
                 filters: Filters | None = None) -> Intent:
    """`subject_matcher(q) -> list[str]` names stored subjects in the question (see lookup.Catalog)."""
    filters = filters or Filters()
    q = normalise(question)
    intent = Intent(question=question, measure=detect_measure(q))
    intent.terms = _in_question_order(terms_in(q), q)
    if subject_matcher is not None:
        known = {a for t in intent.terms for a in aliases(t)}
        found = subject_matcher(clean_label(question)) + subject_matcher(q)
        intent.labels = list(dict.fromkeys(
            s for s in found if s not in intent.terms and clean_label(s) not in known))
    intent.wants_sum = any(w in q for w in SUM_WORDS) and len(intent.subjects) > 1

    # Department: the caller's filter wins; else inferred from the question.
    scope = list(filings)
    if filters.department:
        scope = [f for f in scope if filters.department in f.department]
        intent.department_named = True
    else:
        intent.unknown_department = _unknown_org(q, filings, intent.labels)
        depts = match_departments(q, scope)
        if intent.unknown_department:
            scope = []
        elif depts:
            scope = [f for f in scope if f.department in depts]
            intent.department_named = True

    intent.kind = filters.kind or detect_kind(q, intent.terms)
    if intent.kind:
        # 决算 asked of a department that only published 预算 is not answered from the 预算.
        scope = [f for f in scope if f.kind == intent.kind]

    if filters.year:
        intent.years = [filters.year]
    else:
        intent.years = sorted({int(y) for y in YEAR_RE.findall(q) if 1990 <= int(y) <= 2100}, reverse=True)
        # "比上年增加" compares with last year; it does not ask about last year.
        rel_q = re.sub(r"[比较与同]\s*(?:上年|去年|上一年|前一年)(?:度)?", "", q)
        for word, offset in sorted(RELATIVE_YEARS.items(), key=lambda kv: -len(kv[0])):
            if word in rel_q and not intent.years:
                intent.relative = offset
                break
    intent.filings = sorted(scope, key=lambda f: (-f.year, f.kind != "预算", f.department))
    return intent


def _in_question_order(terms: list[str], q: str) -> list[str]:
    """terms_in ranks by mention length; an answer lists them as the question does."""
    def first(t: str) -> int:
        return min((q.find(a) for a in aliases(t) if a in q), default=len(q))
    return sorted(terms, key=first)


def term_parts(name: str) -> tuple[str, ...]:
    t = BY_NAME.get(name)
    return t.parts if t else ()
