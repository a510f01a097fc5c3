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
    ("定义", ("什么是", "是什么意思", "什么意思", "含义", "指什么", "指的是", "是指", "定义", "解释一下", "名词解释",
             "主要用于哪些", "用于哪些", "包括哪些", "包括什么", "干什么用", "做什么用", "干啥用", "用来干什么",
             "用来做什么", "有什么用")),
    ("数量", ("多少个", "几个", "多少人", "几人", "多少名", "多少辆", "几辆", "多少次", "几次", "多少项",
             "多少台", "几台", "多少套", "几套", "多少家", "几家")),
    ("指标值", ("绩效指标", "绩效目标", "指标值", "目标值", "指标")),
    ("占比", ("占比", "比重", "占多少", "占总", "所占", "比例", "占全部", "占支出")),
    ("增减率", ("增长率", "增幅", "降幅", "百分之几", "百分比", "增长了多少%", "下降了多少%", "幅度", "增速")),
    ("增减额", ("增加", "减少", "增减", "变化", "多了", "少了", "变动", "差额", "相比", "增长", "下降",
               "比上年", "比去年", "比前一年", "差多少")),
)
SUM_WORDS = ("合计", "一共", "总共", "加起来", "之和", "总和", "合起来", "共计", "加总")
# "2023年…实际执行了多少": the outturn the next year's filing states (预算执行数), not the 2023 budget.
EXECUTED_WORDS = ("执行数", "执行了", "实际执行", "执行情况", "执行多少")
# Measures asked beside the figure: "决算数和年初预算数各是多少", "完成了年初预算的百分之多少",
# "支出多少？主要用于什么？".
EXTRA_MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("年初预算", ("年初预算",)),
    ("完成率", ("完成了", "完成率", "完成年初预算", "完成预算", "执行率")),
    ("用途", ("主要用于", "用于什么", "用在哪", "用到哪", "用途", "干什么用", "做什么用", "花在哪", "花在什么")),
)
# Figures these filings never disclose: a per-head wage is not a department's budget line.
UNDISCLOSED = ("人均", "平均每人", "每人平均", "平均工资", "平均每个人")
# A whole place's budget (全区一般公共预算收入) is not any one department's.
WHOLE_PLACE = ("全区", "全市", "全省", "全县", "全国", "全镇")
# "截至2024年8月31日" dates a stock (车辆, 资产), not the budget year: a 预算 of Y+1 or a 决算 of Y states it.
AS_OF_RE = re.compile(r"截[至止到]\s*(20\d{2})\s*年\s*(?:(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?|(底|末))?")
# Leading place names of a department (上海市 普陀区 …), and a city/province named in a question.
DEPT_PLACES_RE = re.compile(r"^((?:[\u4e00-\u9fff]{2,3}?[省市])?)((?:[\u4e00-\u9fff]{1,3}?[区县])?)")
OTHER_PLACE_RE = re.compile(r"(?:^|[\d年的在])([\u4e00-\u9fff]{2,3}?[省市])")
YEAR_RANGE_RE = re.compile(r"(20\d{2})\s*年?\s*(?:到|至|—|-|~|～)\s*(20\d{2})")
# "其中工程预算多少": a part of the subject just named, stored under a longer name (政府采购工程预算).
SUB_PART_RE = re.compile(r"其中[，,：:]?\s*([\u4e00-\u9fff]{1,8}?)(?:类)?(?:预算|支出|经费|费用)?(?:是|有|为|占|多少|几|各|分别|呢|$)")
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


def dept_places(department: str) -> list[str]:
    m = DEPT_PLACES_RE.match(clean_label(department))
    return [p for p in m.groups() if p] if m else []


def _without(text: str, words: list[str]) -> str:
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, " ")
    return text


def match_departments(q: str, filings: list[Filing]) -> list[str]:
    """Departments the question names (the best-matching ones), [] when it names none. A place
    name alone (普陀区, 上海市) names no department: the match must hold without it."""
    places = sorted({p for f in filings for p in dept_places(f.department)})
    q_rest = _without(q, places)
    scores = {}
    for f in filings:
        d = clean_label(f.department)
        if _dept_match(q_rest, _without(d, places)):
            scores[f.department] = _dept_match(q, d)
    top = max(scores.values(), default=0)
    # Two departments named apart (上海市财政局…比普陀区财政局) are both meant; a weaker match
    # whose words lie inside a stronger one's (财政局 inside 上海市财政局) is not.
    chosen: list[str] = []
    spans: list[tuple[int, int]] = []
    for d, sc in sorted(scores.items(), key=lambda kv: -kv[1]):
        common = _longest_common(q, clean_label(d))
        i = q.find(common)
        span = (i, i + len(common))
        if sc == top or not any(a < span[1] and span[0] < b for a, b in spans):
            chosen.append(d)
            spans.append(span)
    return chosen if top else []


def named_places(q: str, filings: list[Filing]) -> tuple[list[str], list[str]]:
    """Places the question names: those of the indexed departments, and other cities/provinces."""
    known = sorted({p for f in filings for p in dept_places(f.department)})
    found = [p for p in known if p in q]
    depts = "".join(clean_label(f.department) for f in filings)
    other = [m.group(1) for m in OTHER_PLACE_RE.finditer(q) if m.group(1) not in known and m.group(1) not in depts]
    return found, other


def _order_named(q: str, departments: list[str]) -> list[str]:
    def pos(d: str) -> int:
        common = _longest_common(q, clean_label(d))
        return q.find(common) if len(common) >= 3 else len(q)
    return sorted(departments, key=pos)


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


ACTUAL_WORDS = ("决算", "实际支出", "实际花", "实际开支", "实际决算")


def detect_kind(q: str, terms: list[str]) -> str | None:
    if any(w in q for w in ACTUAL_WORDS):
        return "决算"
    rest = q.replace("年初预算", "")  # a 决算 states each item's 年初预算 beside its outturn
    for t in terms:
        for a in aliases(t):
            rest = rest.replace(a, "")
    return "预算" if "预算" in rest.replace("一般公共预算", "").replace("国有资本经营预算", "") else None


def parse_intent(question: str, filings: list[Filing], subject_matcher=None,
                 filters: Filters | None = None) -> Intent:
    """`subject_matcher(q) -> list[str]` names stored subjects in the question (see lookup.Catalog)."""
    filters = filters or Filters()
    q = normalise(question)
    m = AS_OF_RE.search(q)
    if m:
        month = int(m.group(2)) if m.group(2) else 12
        intent_as_of = (int(m.group(1)), month)
        q = q[:m.start()] + " " + q[m.end():]
    else:
        intent_as_of = None
    intent = Intent(question=question, measure=detect_measure(q), as_of=intent_as_of)
    if any(w in q for w in UNDISCLOSED):
        intent.refusal = "部门预算、决算文件不公开人均数（如人均工资），已入库的文件中没有这项数据。"
    elif any(w in q for w in WHOLE_PLACE):
        intent.refusal = "已入库的是单个部门的预算、决算，不含地区（全区、全市）的总预算，无法回答。"
    intent.terms = _in_question_order(terms_in(q), q)
    if subject_matcher is not None:  # any filing's subjects: a project named …中心 is not an organisation
        intent.labels = [s for s in subject_matcher(clean_label(question)) + subject_matcher(q) if len(s) >= 3]

    # Department: the caller's filter wins; else inferred from the question.
    scope = list(filings)
    if filters.department:
        scope = [f for f in scope if filters.department in f.department]
        intent.department_named = True
    else:
        intent.unknown_department = _unknown_org(q, filings, intent.labels)
        depts = match_departments(q, scope)
        places, other_places = named_places(q, scope)
        if intent.unknown_department:
            scope = []
        elif depts:
            scope = [f for f in scope if f.department in depts]
            intent.department_named = True
            intent.departments = _order_named(q, depts)
        elif other_places:
            intent.unknown_department = other_places[0]
            scope = []
        elif places and not intent.refusal:
            intent.refusal = (f"问题只提到了地区（{'、'.join(places)}），没有指明具体部门；已入库的是单个部门的"
                              "预算、决算，请说明是哪个部门。")
    _name_subjects(intent, question, q, subject_matcher, scope if intent.department_named else [],
                   scope or filings)
    named = list(intent.terms)
    intent.terms = _drop_head_nouns(_drop_qualifiers(intent.terms, q, intent.labels), q)
    if intent.measure == "占比":
        intent.share = share_of(q, named, intent.labels)
    overall = _overall_phrase(q, intent.terms, intent.labels)
    if overall:
        intent.terms = _in_question_order([*intent.terms, overall], q)
    intent.sub_parts = [w for w in SUB_PART_RE.findall(q) if w]
    if intent.measure == "数量" and "辆" in q:  # 几辆公车: the count of cars, not their running cost
        intent.terms = list(dict.fromkeys("车辆" if t in CAR_MONEY_TERMS else t for t in intent.terms))
        if len(intent.terms) > 1 and "车辆" in intent.terms and not _said_apart("车辆", q, intent.terms):
            intent.terms.remove("车辆")  # 有几辆一般公务用车: the count of that kind, not of all cars
    if "绩效目标项目" in intent.terms and any(w in q for w in ("资金", "金额", "多少钱", "经费")):
        intent.terms.append("绩效目标项目资金")
    intent.sum_asked = _asks_sum(q, intent.terms, intent.labels)
    intent.wants_sum = intent.sum_asked and len(intent.subjects) > 1
    intent.executed = any(w in q for w in EXECUTED_WORDS)
    intent.extras = [m for m, words in EXTRA_MEASURES if any(w in q for w in words)]
    places = sorted({x for f in filings for p in dept_places(f.department) for x in (p, p[:-1]) if len(x) >= 2},
                    key=len, reverse=True)
    asked = _without(mask_departments(q, scope if intent.department_named else []), places)
    intent.rest = unexplained_words(asked, terms_in(q), intent.labels)

    for f in scope:
        intent.anchor[f.department] = max(intent.anchor.get(f.department, 0), f.year)

    budget_said = "预算" in q.replace("一般公共预算", "").replace("年初预算", "")
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


def _name_subjects(intent: Intent, question: str, q: str, matcher, named: list[Filing],
                   scope: list[Filing]) -> None:
    """Stored subjects the question names within its filings, once the department's own name is
    masked (检察 of 人民检察院 is no subject asked); terms met only inside them are dropped."""
    if matcher is None:
        return
    found: list[str] = []
    for text in (arabic_years(clean_label(question)), q):
        text = mask_departments(text, named)
        found += matcher(text, scope, _term_spans(text, intent.terms))
    known = {a for t in intent.terms for a in aliases(t)}
    intent.labels = list(dict.fromkeys(s for s in found if s not in intent.terms and clean_label(s) not in known))
    intent.terms = [t for t in intent.terms if not _inside_labels(t, q, intent.labels)]


# The grammar of asking, not the thing asked: what is left of a question once these, the department,
# the years and the named subjects are gone is a more specific thing the question names.
ASKING_WORDS = tuple(sorted({
    "请问", "谢谢", "您好", "你好", "麻烦", "帮我", "帮忙", "查一下", "查询", "告诉我", "一下", "想知道", "我想", "想问",
    "能否", "可以", "能不能", "今年", "去年", "本年度", "本年", "上年", "上一年", "明年", "前年", "当年", "年度", "年初",
    "预算", "决算", "是多少", "多少钱", "多少", "几个", "几", "是", "的", "了", "吗", "呢", "啊", "吧", "有", "在", "里",
    "中", "其中", "和", "与", "及", "以及", "或", "各", "分别", "各自", "都", "共", "一共", "总共", "合计", "要花", "花了",
    "花费", "花", "钱", "安排", "用于", "资金", "金额", "数额", "总额", "情况", "大概", "大约", "具体", "为", "给",
    "对", "部门", "单位", "本部门", "该", "这个", "这家", "他们", "实际", "执行", "数", "比", "增加", "减少", "增长",
    "下降", "变化", "占", "比例", "比重", "占比", "多大", "百分之", "元", "万元", "整体", "全年", "一年", "每年",
    "年", "到", "至", "从", "共计", "预计", "计划", "拿出", "投入", "用", "经费", "费用", "支出", "收入", "总", "多",
    "少", "相比", "同比", "变动", "幅度", "规模", "全部", "所有", "加起来", "之和", "总和", "这", "那", "那么",
    "什么", "哪些", "如何", "怎么", "主要", "用途", "原因", "为什么", "个", "项", "笔", "又", "还", "再", "就", "也",
    "工作人员", "职工", "员工", "干部", "交的", "缴的", "意思", "包括", "含义", "指", "省", "市", "区",
    # talk about the filing itself, not a narrower item: "三公经费表写着是空表，那是不是没有…"
    "表格", "表里", "表上", "表中", "空表", "写着", "写的", "显示", "列出", "列明", "文件里", "文件中", "公开",
    "是不是", "是否", "没有", "不是", "那", "实际支出", "完成", "年初预算", "百分之多少",
}, key=len, reverse=True))


def unexplained_words(q: str, terms: list[str], labels: list[str]) -> list[str]:
    """Runs of ≥ 2 characters the question says beyond its department, years, named subjects and
    the grammar of asking (预留给小型, 微型企业 of "预留给小型和微型企业的政府采购预算")."""
    text = re.sub(r"(?:19|20)\d{2}\s*年?度?", " ", q)
    for a, b in _term_spans(text, terms):
        text = text[:a] + " " * (b - a) + text[b:]
    for lb in labels:
        sp = label_span(text, lb)
        if sp and sp[1] - sp[0] >= 2:
            text = text[:sp[0]] + " " * (sp[1] - sp[0]) + text[sp[1]:]
    for w in ASKING_WORDS:
        text = text.replace(w, " ")
    names = [a for t in terms for a in aliases(t)] + list(labels)
    return [w for w in re.findall(r"[\u4e00-\u9fff]{2,}", text) if not _restates(w, names)]


# Who a figure is paid to or for: "退休人员的退休费" says nothing narrower than 退休费.
HOLDER_WORDS = ("人员", "职工", "干部", "员工", "单位", "部门", "人")


def _restates(word: str, names: list[str]) -> bool:
    """A word that only repeats part of a named subject plus whom it concerns (退休人员 of 退休费)."""
    for name in names:
        common = _longest_common(word, name)
        if len(common) >= 2 and word.replace(common, "", 1) in (*HOLDER_WORDS, ""):
            return True
    return False


def mask_departments(text: str, filings: list[Filing]) -> str:
    """The question with the named department's words blanked (each shared run ≥ 3 characters)."""
    for d in {clean_label(f.department) for f in filings}:
        while len(c := _longest_common(text, d)) >= 3:
            text = text.replace(c, " " * len(c))
    return text


def _term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for t in terms for a in aliases(t) for m in re.finditer(re.escape(a), text)]


def label_span(q: str, label: str) -> tuple[int, int] | None:
    """Where the question says a stored subject: the whole name, or the longest run it shares."""
    i = q.find(label)
    if i >= 0:
        return i, i + len(label)
    common = _longest_common(q, label)
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


def _asks_sum(q: str, terms: list[str], labels: list[str]) -> bool:
    """合计/一共 said outside the subjects' own names (本年支出合计 is a name, not a sum asked)."""
    # names as stored, not aliases: "三公经费合计是多少" over years still asks a sum
    names = sorted({*terms, *labels}, key=len, reverse=True)
    return any(w in _without(q, names) for w in SUM_WORDS)


def _in_question_order(terms: list[str], q: str) -> list[str]:
    """terms_in ranks by mention length; an answer lists them as the question does."""
    def first(t: str) -> int:
        return min((q.find(a) for a in aliases(t) if a in q), default=len(q))
    return sorted(terms, key=first)


# Question-only ways of saying the whole budget. Not ontology aliases: answers print "其他收入预算为…",
# which must not read as the whole budget.
OVERALL_PHRASES = ("部门收入预算", "部门预算收入", "收入预算", "支出预算", "预算收入")


def _overall_phrase(q: str, terms: list[str], labels: list[str]) -> str | None:
    """"收入预算是多少" asks the whole budget, unless the words belong to a longer name (项目支出预算)."""
    taken = [a for t in terms for a in aliases(t)] + list(labels)
    spans = [sp for lb in labels if (sp := label_span(q, lb))]
    for p in OVERALL_PHRASES:
        for m in re.finditer(p, q):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue  # 缴费支出预算: the 支出 is the named subject's
            if not any(a in q and q.find(a) <= m.start() and m.end() <= q.find(a) + len(a) and len(a) > len(p)
                       for a in taken) and not re.search(r"[\u4e00-\u9fff]{0,2}(?:性基金|资本经营|财政拨款|其他|事业)$",
                                                         q[:m.start()]):
                return "收支总预算"
    return None


CAR_MONEY_TERMS = ("公务用车购置及运行费", "公务用车购置费", "公务用车运行费")


def _inside_labels(term: str, q: str, labels: list[str]) -> bool:
    """公车's 工资 inside 基本工资, 服务采购 across 实景三维地图更新服务|采购: a term met only inside or
    across a longer stored name is not asked."""
    spans = [sp for lb in labels if (sp := label_span(q, lb)) and sp[1] - sp[0] >= 3]
    hits = [(m.start(), m.start() + len(a)) for a in aliases(term) for m in re.finditer(re.escape(a), q)]
    # 坐席服务外包|人员经费: a term written straight after a stored name ends that name's phrase
    return bool(hits) and all(any((s < j and i < e and e - s > j - i) or i == e for s, e in spans) for i, j in hits)


def _drop_qualifiers(terms: list[str], q: str, labels: list[str] = ()) -> list[str]:
    """"一般公共预算基本支出中人员经费": 基本支出 scopes 人员经费 and is not asked itself (nor 项目支出 in
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
                        any(lb in rest or len(_longest_common(rest, lb)) >= 5 for lb in labels if len(lb) >= 3):
                    scoped = True
        if not scoped:
            out.append(t)
    return out


def _said_apart(term: str, q: str, others: list[str]) -> bool:
    """Is the term named in words of its own, not only by a bare count phrase (几辆, 多少辆) or
    inside another term's name (公务用车 of 一般公务用车)?"""
    if any(w in q for w in ("其中", "共有", "一共", "总共", "合计")):  # the whole is asked beside its part
        return True
    q = _without(re.sub(r"有?(?:几|多少)辆", " ", q), [a for t in others if t != term for a in aliases(t)])
    return any(a in q for a in aliases(term))


def _drop_head_nouns(terms: list[str], q: str) -> list[str]:
    """"预留给小型和微型企业的政府采购预算": 政府采购预算 heads the phrase of a narrower term whose name
    holds it (小微企业预留政府采购预算); it is not asked apart ("政府采购预算和工程预算各多少" keeps both)."""
    out = []
    for t in terms:
        head = False
        for u in terms:
            if u == t or not any(len(a) >= 3 and a in u for a in aliases(t)):
                continue
            ends = [m.end() for b in aliases(u) for m in re.finditer(re.escape(b), q)]
            starts = [m.start() for a in aliases(t) if len(a) >= 3 and a in u for m in re.finditer(re.escape(a), q)]
            head = head or any(q[e:s] in ("", "的", "中的", "里的") for e in ends for s in starts if s >= e)
        if not head:
            out.append(t)
    return out


def term_parts(name: str) -> tuple[str, ...]:
    t = BY_NAME.get(name)
    return t.parts if t else ()
