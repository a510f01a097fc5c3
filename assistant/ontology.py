"""The budget ontology: canonical budget terms, the ways filings print them, and the ways
people ask for them.

Filings of different families name one thing differently (公务用车购置及运行费 in Shanghai,
公务用车购置及运行维护费 in Jiangsu); citizens name it differently again (公车). Parsers store
the canonical term as a Fact's subject; the answerer maps a question onto the same terms.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    name: str = field(metadata={"doc": "canonical subject stored on facts"})
    printed: tuple[str, ...] = ()   # other ways filings print it (normalised through `canonical`)
    colloquial: tuple[str, ...] = ()  # how people ask for it (question side only)
    parts: tuple[str, ...] = ()     # canonical parts that sum to this term (an identity the audit checks)


TERMS: tuple[Term, ...] = (
    Term("三公经费", ("“三公”经费", "三公经费支出", "“三公”经费支出", "“三公”经费合计", "三公经费合计"),
         ("三公", "三公消费", "三公开支", "三公费用"),
         ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")),
    Term("因公出国（境）费", ("因公出国(境)费", "因公出国（境）费用", "出国经费", "因公出国（境）经费", "因公出国境费"),
         ("出国", "出境", "出国费", "出国考察", "出国出境")),
    Term("公务用车购置及运行费", ("公务用车购置及运行维护费", "公务用车购置和运行费", "公务用车购置及运行维护经费",
                                  "公务用车购置和运行维护费"),
         ("公车", "公务车", "公务用车", "用车", "车辆费用", "公车费用"),
         ("公务用车购置费", "公务用车运行费")),
    Term("公务用车购置费", ("购置费", "公务用车购置"), ("买车", "购车", "车辆购置")),  # 购置车辆 is printed: a count
    Term("公务用车运行费", ("运行费", "公务用车运行维护费", "运行维护费", "公务用车运行维护"),
         ("车辆运行", "养车", "车辆运维", "用车运行", "公车运行", "公车运维", "公车维护")),
    Term("公务接待费", ("公务接待", "国内公务接待费"), ("招待", "接待费", "吃喝", "招待费", "接待")),
    Term("机关运行经费", ("机关运行经费支出", "机关运行经费预算", "机关运行经费预算数"), ("机关运行", "运行经费", "办公经费")),
    Term("会议费", (), ("开会",)),
    Term("培训费", (), ("培训",)),
    Term("收支总预算", ("收入总计", "支出总计", "收入合计", "支出合计", "收支预算总计", "收入支出预算总计", "收、支预算总计"),
         ("总预算", "预算总额", "总盘子", "一共多少钱", "总共多少钱", "预算规模", "总收入", "总支出", "收支总额",
          "部门收入", "收支预算", "预算总计", "收入支出总计", "收支总计", "收入支出决算总计", "决算总计",
          "支出总额", "收入总额")),
    Term("财政拨款收入", ("一般公共预算财政拨款收入", "财政拨款收入预算"), ("财政拨款", "财政给的钱")),
    Term("一般公共预算", ("一般公共预算资金", "一般公共预算拨款", "一般公共预算支出"), ()),
    Term("政府性基金", ("政府性基金预算", "政府性基金预算财政拨款"), ("基金预算",)),
    Term("国有资本经营预算", (), ("国资预算",)),
    Term("基本支出", ("基本支出预算",), ("日常开支", "人员和公用")),
    Term("项目支出", ("项目支出预算",), ("项目经费", "项目资金", "项目钱")),
    Term("人员经费", (), ("工资", "人头经费", "人头费", "人员支出", "人员开支", "人员费用")),
    Term("公用经费", (), ()),
    Term("政府采购预算", ("政府采购", "政府采购支出预算", "政府采购预算总额"), ("采购", "政府采购金额")),
    Term("政府采购货物预算", ("货物A", "货物类", "政府采购货物", "货物采购预算", "拟购买货物", "拟采购货物支出"),
         ("采购货物", "货物采购", "买货物")),
    Term("政府采购工程预算", ("工程B", "工程类", "政府采购工程", "工程采购预算", "拟购买工程"), ("采购工程", "工程采购", "买工程")),
    Term("政府采购服务预算", ("服务C", "服务类", "政府采购服务", "服务采购预算", "拟购买服务", "拟购买服务支出"),
         ("采购服务", "服务采购", "买服务")),
    Term("中小企业预留政府采购预算", ("面向中小企业预留政府采购项目预算金额", "面向中小企业预留政府采购预算"),
         ("中小企业预留", "面向中小企业", "预留给中小企业", "中小企业")),
    Term("小微企业预留政府采购预算", ("预留给小型和微型企业的政府采购项目预算", "面向小微企业预留政府采购项目预算金额"),
         ("小微企业预留", "预留给小微企业", "小型和微型企业", "小微企业")),
    Term("政府购买服务预算", ("政府购买服务预算支出",), ("政府购买服务", "购买服务")),
    Term("新增国有资产", ("新增资产", "新购资产"), ("新增资产多少", "资产增加", "国有资产新增", "资产新增")),
    Term("减少国有资产", ("减少资产",), ("资产减少", "处置资产", "国有资产减少")),
    Term("无形资产", (), ()),
    Term("在建工程", (), ()),
    Term("房屋建筑面积", ("房屋面积", "建筑面积", "房屋"), ("办公用房面积", "多少平方米", "办公面积", "房子", "用房面积")),
    Term("住房公积金", (), ("公积金",)),
    Term("辅助岗位人员", ("编外辅助用工", "编外人员", "辅助用工"), ("编外", "临时工", "外聘人员")),
    Term("车辆", ("公务用车", "车辆数", "车辆总数", "共有车辆"),
         ("几辆车", "多少辆车", "车子", "几辆公车", "多少辆公车", "公车数量", "车辆数量", "有几辆", "多少辆",
          # the cars a department has, said bare (局里的车, 哪家的车多)
          "家车", "的车", "车最多", "车最少", "多少车")),
    Term("购置车辆", ("购置车辆数", "拟购置车辆", "新购车辆"), ("买几辆", "购置几辆", "新买")),
    Term("一般公务用车", (), ()),  # counts of cars by kind: longer than 公务用车/用车, so they win a question
    Term("执法执勤用车", (), ()),
    Term("特种专业技术用车", (), ()),
    Term("设备数", ("大型设备", "单价100万元以上设备", "单价100万元（含）以上设备"),
         ("几台设备", "多少台设备", "设备有几台", "多少台", "几台", "以上的设备", "以上设备")),
    Term("购置设备数", ("购置设备", "购置单价100万元（含）以上设备"), ("购置几台", "买几台设备")),
    Term("固定资产", ("固定资产总额", "固定资产原值"), ()),
    Term("流动资产", (), ()),
    Term("国有资产", ("国有资产总额", "占有使用国有资产", "资产总额"), ("家底", "国有资产多少", "国资")),
    Term("内设机构数", ("内设机构", "内设机构数量"), ("几个内设机构", "多少个内设机构", "多少个处室", "几个处室", "处室")),
    Term("编制人数", ("人员编制", "行政编制", "编制数", "行政政法人员编制", "事业编制"),
         ("编制", "多少编制", "几个编制", "编制多少人", "多少人编制")),
    Term("预算单位数", ("预算单位数量", "下属预算单位数"), ("几家预算单位", "多少家预算单位", "几家单位", "几个预算单位")),
    Term("下属事业单位数", ("下属事业单位", "所属事业单位"), ("几个事业单位", "多少个事业单位")),
    Term("派出机构数", ("派出机构",), ("几个派出机构",)),
    Term("绩效目标项目", ("编报绩效目标的项目", "实行绩效目标管理的项目", "绩效目标项目数"),
         ("项目编报了绩效目标", "编报了绩效目标", "实行绩效目标管理", "绩效目标管理")),
    Term("绩效目标项目资金", ("绩效目标项目预算资金", "涉及项目预算资金"), ("涉及多少资金", "涉及资金", "涉及多少项目预算资金")),
    # everyday words for items the filings print under their economic-classification names
    Term("退休费", (), ("退休金", "退休工资", "退休人员工资")),
    Term("提租补贴", (), ("租房补贴", "房租补贴")),
    Term("差旅费", (), ("出差", "出差费", "差旅")),
    Term("职工基本医疗保险缴费", (), ("医保", "医保缴费", "医疗保险")),
    Term("物业管理费", (), ("物业费",)),
    Term("社会保障和就业支出", (), ("社保支出", "社会保障支出", "社保和就业支出", "社保就业支出")),
    Term("租赁费", (), ("房租", "租金", "租房费")),
    Term("机关事业单位基本养老保险缴费支出", ("机关事业单位基本养老保险缴费",), ("养老保险", "养老保险费", "养老金缴费")),
)

# --- change, totals, fund scopes: words filings and questions share --------------------------------
# A decrease or an increase said in words (filings' 说明, answers, questions).
DECREASE_WORDS: tuple[str, ...] = ("减少", "下降", "降低", "减小", "压减", "缩减", "节约", "降幅", "减幅", "少了")
INCREASE_WORDS: tuple[str, ...] = ("增加", "增长", "上升", "提高", "增多", "多出", "增幅")
DECREASE_RE = re.compile("|".join(DECREASE_WORDS))
INCREASE_RE = re.compile("|".join(INCREASE_WORDS))
# A 决算 compares its outturn with the 年初预算 in words: 小于/低于 is below it.
BELOW_WORDS: tuple[str, ...] = ("小于", "低于")
# Row labels and column headers that mark a total.
TOTAL_WORDS: tuple[str, ...] = ("合计", "总计", "小计")
# Words that ask about a change (beside a reason asked: the change is stated, then the reason) …
CHANGE_SAID: tuple[str, ...] = (*INCREASE_WORDS, *DECREASE_WORDS, "涨", "降", "多了")
# … or a comparison said with a bare 少/多 (比上一年少, 比去年多那么多)
CHANGE_COMPARED_RE = re.compile(r"比[^，。？?]{1,10}?(?:少|多|低|高)")
# … and those that may ask for its rate (增长多少 is read either way): a printed rate then stays in the answer.
RATE_WORDS: tuple[str, ...] = ("增长", "下降", "幅", "%", "％", "百分", "率", "涨", "降")
# A count asked of a car money term (几辆): the count it stands for — buying cars counts the cars bought.
CAR_COUNT_OF: dict[str, str] = {"公务用车购置及运行费": "车辆", "公务用车运行费": "车辆", "公务用车购置费": "购置车辆"}
# Adding up asked in words.
SUM_WORDS: tuple[str, ...] = ("合计", "一共", "总共", "加起来", "之和", "总和", "合起来", "共计", "加总", "加在一起", "加一起",
                               "加到一起", "相加")

# --- across filings: totals, averages, comparisons and trends over several departments or years -----
# An average asked (平均每年, 年均): the mean of the figures added up. 人均 is no such thing (UNDISCLOSED).
MEAN_WORDS: tuple[str, ...] = ("平均", "均值", "年均")
# Which of several is more (A和B哪个多, 哪一年最高, 会议费谁花得多): a comparison even when the sides are not named.
WHICH_MORE_RE = re.compile(r"(?:哪个|哪一个|哪家|哪一家|谁|哪年|哪一年)(?:的|家)?.{0,10}?(?:多|少|高|低|大|小)")
# Two or more departments or years set side by side: 对比, 比较, 相差 (the gap between the sides), or which is more.
COMPARE_RE = re.compile(r"对比|比较|比一比|比一下|相差|差距|差多少|差了多少|" + WHICH_MORE_RE.pattern)
# The gap between two sides asked in figures (相差多少, 高出多少): computed, never one side's own figure.
GAP_RE = re.compile(r"相差|差多少|差了多少|差距|差额|(?:高|多|低|少)出?了?多少")
# Which year is more or less, over one department's years (哪年最多): the answer names that year first.
WHICH_YEAR_RE = re.compile(r"哪一?年(?:度)?.{0,10}?(多|少|高|低|大|小)")
# One subject over the years held: 趋势, 历年, 逐年 (the reader writes 这几年/近三年 as "Y1到Y2年各年").
TREND_RE = re.compile(r"趋势|走势|变化情况|变动情况|怎么变|如何变|怎样变|变化如何|历年|逐年|各年|每年|这些年|每一年")
# A trend is not a change on last year said loosely ("比去年怎么变"): that is one year's change.
LAST_YEAR_COMPARED_RE = re.compile(r"[比较与同和跟](?:上年|去年|上一年|前一年)")
# Several departments taken together without naming them (各部门, 这几个单位, 这四个单位, 两份决算所属部门,
# 三家上海的区级部门, 每个部门): a quantity of departments, not a count asked (这几个 is no 数量; "有几个单位"
# still asks a count). A counted group may say a year and what the departments are between (三家2024年决算单位).
_COUNTED = r"[两二三四五六七八九十\d]+"
DEPARTMENTS_TOGETHER_RE = re.compile(
    r"(?:各个|这几个|那几个|这些个?|所有|全部|各|多个)(?:部门|单位)"
    rf"|(?:这|那)?{_COUNTED}(?:个|家|份)(?:(?:19|20)\d{{2}}年度?)?[\u4e00-\u9fff]{{0,6}}?(?:部门|单位)"
    r"|几(?:个|家)(?:部门|单位)(?=里|中|当中|之中)"
    r"|(?:每个|每一个|一个|每家|一家)(?:部门|单位)")
# Talk about departments or places in a ranking, not an item asked: the group itself (三家上海的区级部门),
# which of them (哪个区级部门), the place asked (排第三, 第二名是谁) — never 第一季度 or 第二部分.
RANK_POSITION_RE = re.compile(r"第([一二三四五六七八九十\d]+)(?:名|位)?(?=的|是|和|与|、|，|,|分别|高|多|大|少|低|$|\s)")
DEPARTMENT_TALK_RE = re.compile(DEPARTMENTS_TOGETHER_RE.pattern
                                + r"|(?:哪个|哪一个|哪家|哪一家)[\u4e00-\u9fff]{0,6}?(?:部门|单位)"
                                + "|" + RANK_POSITION_RE.pattern)
# The level of filing a ranking or total is asked over (单位预算当中…): 部门 filings consolidate their
# units, so a 部门预算 and a 单位预算 are not ranked or added together. 各部门预算 says the departments, not a level.
FILING_LEVEL_RE = re.compile(r"(?<![各每])(部门|单位)(预算|决算)")
# Rankings: 最多/最高/最大 from the top, 最少/最低/最小 from the bottom; 排名/排行/前N/哪个…多 ask the order.
TOP_RE = re.compile(r"最多|最高|最大|花得最多|排名第一|前(?:[一二三四五六七八九十\d]+)(?:名|位|个)?|哪个.{0,12}多")
BOTTOM_RE = re.compile(r"最少|最低|最小|花得最少|倒数|哪个.{0,12}少")
ORDER_RE = re.compile(r"排名|排行|排序|排个序|从高到低|从多到少|从低到高|从少到多|" + RANK_POSITION_RE.pattern)
TOP_N_RE = re.compile(r"前([一二三四五六七八九十\d]+)")
# A ranking over every year held (哪个单位哪一年最多), not only the year most departments share.
ACROSS_YEARS_RE = re.compile(r"哪一?年|哪个年度|历年|各年")
# The words that ask these, for the question reader: talk, not an item asked.
ACROSS_WORDS: tuple[str, ...] = ("平均", "均值", "年均", "对比", "比较", "比一比", "比一下", "趋势", "走势", "变化情况",
                                 "变动情况", "怎么变", "如何变", "怎样变", "历年", "逐年", "哪个", "哪一个", "哪家",
                                 "哪年", "哪一年", "谁", "更多", "更少", "更高", "更低")
# Fund scopes: the terms that, written straight before a spending item, say which money pays it …
FUND_SCOPES: tuple[str, ...] = ("一般公共预算", "财政拨款收入", "政府性基金", "国有资本经营预算")
# … and the words in a table's title or a figure's place that say its fund scope (else: all funds).
FUND_SCOPE_MARKERS: tuple[str, ...] = ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "财政拨款")
# The funds each scope is part of (全部: every fund a department spends): a figure of a narrower scope
# never exceeds the same figure of a wider one.
FUND_SCOPE_WITHIN: dict[str, str] = {"财政拨款": "全部", "财政专户": "全部", "一般公共预算": "财政拨款",
                                     "政府性基金": "财政拨款", "国有资本经营": "财政拨款"}
# The marker each fund-scope term stands for when it qualifies an item (财政拨款|收入支出决算总计).
FUND_SCOPE_OF_TERM: dict[str, str] = {"一般公共预算": "一般公共预算", "财政拨款收入": "财政拨款",
                                      "政府性基金": "政府性基金", "国有资本经营预算": "国有资本经营"}


# --- words the audit holds a filing's text to -------------------------------------------------------
# How a 决算 compares its outturn (决算数) with its budget (年初预算数/全年预算数) in words.
OUTTURN_ABOVE: tuple[str, ...] = ("大于", "高于", "超过", "超出", "多于")
OUTTURN_BELOW: tuple[str, ...] = ("小于", "低于", "少于")
OUTTURN_EQUAL: tuple[str, ...] = ("持平", "相等", "等于", "一致", "相同", "相符")
OUTTURN_ROUGHLY: tuple[str, ...] = ("基本持平", "基本一致", "基本相同", "基本相等", "大体持平", "基本相符")
# The budget a sentence names: 年初预算, or 全年预算 (an adjusted budget is the whole year's).
BUDGET_QUALIFIERS: dict[str, str] = {"年初": "年初", "全年": "全年", "调整后": "全年", "调整": "全年"}
# A change said twice in one clause ("减少56.95万元，下降1.87%"): the words must agree.
CHANGE_AMOUNT_WORDS: tuple[str, ...] = ("增加", "减少")
CHANGE_RATE_WORDS: dict[str, int] = {"增长": 1, "增加": 1, "增幅": 1, "上升": 1, "下降": -1, "减少": -1, "降幅": -1,
                                     "减幅": -1}
# What a headline total of the 说明 is called ("收入支出总计", "本年收入合计", "收入预算", "收支总预算") …
HEADLINE_WORDS: tuple[str, ...] = ("总计", "合计", "总预算", "收入预算", "支出预算")
# … and what marks a figure of one 科目 instead ("检察（款）：2018年预算支出合计16,444.36万元").
ITEM_MARKS: tuple[str, ...] = ("（类）", "（款）", "（项）", "(类)", "(款)", "(项)")
# Template text left in a published filing: XX, ××, 某某 (not inside a Latin word, not 二〇〇九).
PLACEHOLDER_RE = re.compile(r"(?<![A-Za-z])(?:[XxＸｘ×╳]{2,}|[＊*]{3,}|某某|□□)(?![A-Za-z])")
# Punctuation that is never printed twice in a row (…… and —— are single marks).
SINGLE_PUNCT: str = "，。、；：！？"
# A table a filing prints empty must say so ("本表无数据", "本表为空表", "此表为空").
EMPTY_TABLE_NOTE_RE = re.compile(r"空表|表为空|无数据|本表无|故本表|没有.{0,20}(?:收入|支出|经费|项目)|无相关")

_PUNCT = re.compile(r"[\s“”\"'‘’「」]")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


@lru_cache(maxsize=1 << 17)  # pure, and called for every fact a question looks at: a hot path
def clean_label(label: str) -> str:
    """Printed label → comparable form: no spaces or quotes, full-width brackets, no list marks."""
    s = _PUNCT.sub("", label or "").translate(_BRACKETS)
    s = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|[（(]\d+[）)])", "", s)
    return s.strip("：:，,。")


def _key(s: str) -> str:
    return clean_label(s)


_CANON: dict[str, str] = {}
for _t in TERMS:
    _CANON[_key(_t.name)] = _t.name
    for _p in _t.printed:
        _CANON.setdefault(_key(_p), _t.name)

BY_NAME: dict[str, Term] = {t.name: t for t in TERMS}


def canonical(label: str) -> str:
    """The canonical subject for a printed label; the cleaned label itself when it is no known term."""
    k = _key(label)
    return _CANON.get(k, k)


def aliases(name: str) -> list[str]:
    """Every spelling of a canonical term, printed and colloquial, longest first."""
    t = BY_NAME.get(name)
    names = [name] + (list(t.printed) + list(t.colloquial) if t else [])
    return sorted({_key(n) for n in names if n}, key=lambda s: (-len(s), s))


def terms_in(question: str) -> list[str]:
    """Canonical terms a question mentions, longest mention first (公务用车购置费 before 公车)."""
    q = _key(question)
    hits: list[tuple[int, int, str]] = []
    for t in TERMS:
        for a in [t.name, *t.printed, *t.colloquial]:
            a = _key(a)
            i = q.find(a)
            if a and i >= 0:
                hits.append((-len(a), i, t.name))
    hits.sort()
    out: list[str] = []
    taken: list[tuple[int, int]] = []
    for neg_len, i, name in hits:
        span = (i, i - neg_len)
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue  # inside a longer mention already taken
        taken.append(span)
        if name not in out:
            out.append(name)
    return out


_ANY_SPELLING: dict[str, str] = {}
for _t in TERMS:
    for _a in (_t.name, *_t.printed, *_t.colloquial):
        _ANY_SPELLING.setdefault(_key(_a), _t.name)


_GENERIC_TAIL = re.compile(r"(?:预算|决算|支出|收入|经费|费用?|资金|金额|总额|合计|总计)+")


def shared_head_terms(question: str, words: list[str]) -> dict[str, str]:
    """Words left over after a term's mention that name a sibling of it once the mention's head is put
    back: "采购服务要花多少，工程呢" → 工程 is 采购|工程 (政府采购工程预算). Returns {word: term}."""
    q = _key(question)
    found: dict[str, str] = {}
    for t in terms_in(question):
        for a in (_key(x) for x in (t, *BY_NAME[t].printed, *BY_NAME[t].colloquial)):
            i = q.find(a)
            if i < 0 or len(a) < 4:
                continue
            for w in words:
                if w in found or q.find(w, i + len(a)) < 0:
                    continue  # a sibling is said after the first item
                for k in range(len(a) - 2, 1, -1):
                    if _GENERIC_TAIL.fullmatch(a[k:]):
                        continue  # 政府采购|预算 names the whole, not a sibling: its parts are read apart
                    other = _ANY_SPELLING.get(a[:k] + w)
                    if other and other != t:
                        found[w] = other
                        break
    return found


# --- how people ask: words the question reader recognises (assistant/answer/reader.py) ----------

# Words that stand for "the department we are talking about": the caller's filter, or the only one indexed.
PRONOUNS: tuple[str, ...] = tuple(sorted({
    "你们单位", "你们部门", "你们局", "你们院", "你们街道", "你们中心", "咱们单位", "咱们部门", "咱单位", "咱们街道",
    "我们单位", "我们部门", "我单位", "本单位", "本部门", "贵单位", "贵部门", "这个单位", "这个部门", "这家单位",
    "该单位", "该部门", "他们单位", "他们部门", "他们", "你们", "咱们", "我们", "人家",
}, key=lambda s: (-len(s), s)))
# English words people mix into a Chinese question, and the budget words they mean.
ENGLISH_WORDS: dict[str, str] = {
    "budget": "预算", "it": "信息化", "oa": "办公自动化", "ppp": "政府和社会资本合作", "gdp": "地区生产总值",
}
# How the names of budget items end: an unknown word that ends so is an item asked, not filler.
ITEM_SUFFIXES: tuple[str, ...] = (
    "费", "经费", "费用", "支出", "项目", "补贴", "补助", "收入", "资金", "工资", "津贴", "奖金", "缴费", "基金",
    "拨款", "采购", "服务", "资产", "设备", "工程", "建设", "维护", "保险",  # not 预算/决算: X决算 is a kind
)
# "近三年", "这几年", "历年": the years held for the department, newest first (N of them when a number is said).
# "两年来", "三年间" said bare: the years held (never 第三年, 每两年, 2018、2019两年 or 三年行动计划).
YEAR_SPAN_RE = re.compile(
    r"(?:最近|近|过去|这|那)([一二两三四五六七八九十\d]{1,2}|几)(?:个)?年度?|历年|各年度?|这些年|每一年|逐年"
    r"|(?<![\d第每前后今明去上一两二三四五六七八九十])([两三四五六七八九十])个?年(?![级期制初底末内度]|行动|规划|计划)")

# Years said relative to the newest filing held for the department ("比去年" compares; it is not rewritten).
RELATIVE_YEARS: dict[str, int] = {"今年": 0, "本年": 0, "本年度": 0, "当年": 0, "去年": -1, "上年": -1, "上一年": -1,
                                  "前年": -2, "明年": 1}
# The relative years a reader may turn into the year they mean (本年/上年 also begin filing column names).
SPOKEN_RELATIVE_YEARS: tuple[str, ...] = ("大前年", "今年", "去年", "前年", "明年")
# Short forms people use inside longer names: 公车运行费 is 公务用车运行费, 一般公车 is 一般公务用车.
SHORT_MORPHEMES: dict[str, str] = {"公车": "公务用车", "国资": "国有资产"}
# Characters typed for one another by their look (形近字), besides homophones: a typo in a budget word.
LOOKALIKE_CHARS: tuple[str, ...] = ("算箅", "目日", "项顶", "补朴", "已己", "末未", "贴帖", "拨拔", "购构", "置直", "费废",
                                    "务各", "款欵", "资姿", "经径", "维准", "护扩", "办力", "支文")
# Two-character budget words: short, but so often mistyped (予算, 预箅) that a homophone or lookalike is repaired.
CORE_WORDS: tuple[str, ...] = ("预算", "决算", "支出", "收入", "经费", "项目", "采购", "补贴", "拨款", "资产")
# Words that ask about money: with nothing else named, such a question asks the department's whole budget.
MONEY_WORDS: tuple[str, ...] = ("钱", "预算", "决算", "支出", "收入", "花", "经费", "资金", "总额", "规模", "万元", "开支",
                                "拨款")

# --- what a question asks: the measure, the kind, and the grammar of asking -------------------------
# The measure asked, checked in this order (原因 before 定义: "原因是什么" asks for a reason).
ASKED_MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("原因", ("原因", "为什么", "为何", "怎么回事", "为啥", "咋回事", "怎么会", "咋就", "咋这么",
             "干嘛要", "干嘛这么", "干嘛那么", "干嘛会", "干嘛多", "干嘛少")),  # 干嘛用的 asks a use, not a reason
    ("联系电话", ("电话", "联系方式", "怎么联系")),
    ("负责人", ("负责人", "谁负责", "联系人", "填报人")),
    ("定义", ("什么是", "是什么意思", "什么意思", "含义", "指什么", "指的是", "是指", "定义", "解释一下", "名词解释",
             "啥意思", "指啥", "什么叫", "啥叫", "主要用于哪些", "用于哪些", "包括哪些", "包括什么", "干什么用", "做什么用", "干啥用", "用来干什么",
             "用来做什么", "有什么用", "干嘛用", "是干嘛的", "用来干嘛", "做啥用", "干啥的")),
    ("数量", ("多少个", "几个", "多少人", "几人", "多少名", "多少辆", "几辆", "多少次", "几次", "多少项",
             "多少台", "几台", "多少套", "几套", "多少家", "几家")),
    ("指标值", ("绩效指标", "绩效目标", "指标值", "目标值", "指标")),
    # 占多少 alone (服务类占多少) asks how much, not a share
    ("占比", ("占比", "比重", "占总", "所占", "比例", "占全部", "占支出", "占百分之", "占了百分之")),
    ("增减率", ("增长率", "增幅", "降幅", "百分之几", "百分比", "增长了多少%", "下降了多少%", "幅度", "增速",
               "增长了百分之多少", "下降了百分之多少", "增长百分之多少", "下降百分之多少", "百分之多少", "涨幅", "跌幅")),
    ("增减额", ("增加", "减少", "增减", "变化", "多了", "少了", "变动", "差额", "相比", "增长", "下降",
               "比上年", "比去年", "比前一年", "差多少", "多多少", "少多少", "高多少", "低多少", "超出", "节约")),
)
# A share asked as a percentage of a named whole (接待费占三公的百分之几), not a growth rate.
SHARE_ASKED_RE = re.compile(r"占[^，,。？?]{1,12}?的?(?:百分之|多少比例|几成)")
# A figure for part of the year (a quarter's 用款计划): never an item's headline figure for the year.
PERIOD_MEASURE_RE = re.compile(r"(?:第?[一二三四1-4]季度|上半年|下半年|\d{1,2}月)")
# A 决算's outturn compared with its own 年初预算 (not with the year before).
AGAINST_INITIAL_RE = re.compile(r"(?:比|较|与|同|和|跟|超出|超过|低于|高于|少于|多于)\s*(?:当年|全年)?年初预算")
# A 决算 compared with "预算" said bare (决算比预算少): its own 年初预算 (a year before 预算 names another filing).
BARE_BUDGET_COMPARED = re.compile(r"(?:比|较|与|同|跟|超出|超过|低于|高于|少于|多于)\s*预算(?!执行)")
# The budget as a 决算 speaks of it (完成预算的X%, 没花完预算, 全年预算数): asked of the 决算, not of a 预算 filing.
OUTTURN_BUDGET_RE = re.compile(r"完成(?:了)?(?:年初|全年)?预算|花完(?:了)?(?:年初|全年)?预算|用完(?:了)?预算|全年预算|"
                               r"调整预算|预算完成")
# "2023年…实际执行了多少": the outturn the next year's filing states (预算执行数), not the 2023 budget.
EXECUTED_WORDS = ("执行数", "执行了", "实际执行", "执行情况", "执行多少")
# Measures asked beside the figure: a 决算's 年初预算 and how much of it was done, what the money is for
# (…支出多少，主要用于什么).
EXTRA_MEASURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("年初预算", ("年初预算",)),
    ("完成率", ("完成了", "完成率", "完成年初预算", "完成全年预算", "完成年度预算", "完成预算", "执行率")),
    ("用途", ("主要用于", "用于什么", "用在哪", "用到哪", "用途", "干什么用", "做什么用", "花在哪", "花在什么")),
)
# Figures these filings never disclose: a per-head wage is not a department's budget line.
UNDISCLOSED = ("人均", "平均每人", "每人平均", "平均工资", "平均每个人")
# … nor one person's pay: a post named, then its pay (主任一年工资, 局长的年薪, 一个科员每月收入)
PERSONAL_PAY_RE = re.compile(r"(?:主任|局长|处长|科长|院长|检察长|部长|书记|主席|厅长|所长|站长|馆长|队长|领导|干部|科员|"
                             r"公务员|员工|职工|工作人员|一个人|每个人|每人)(?:的)?(?:一年|每年|每月|一个月|年|月)?(?:的)?"
                             r"(?:工资|薪水|薪酬|年薪|月薪|收入|待遇|奖金)")
# A whole place's budget (全区一般公共预算收入) is not any one department's.
WHOLE_PLACE = ("全区", "全市", "全省", "全县", "全国", "全镇")
ACTUAL_WORDS = ("决算", "实际支出", "实际花", "实际开支", "实际决算")

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
    # talk about the filing itself (its tables, what they show), not a narrower item
    "表格", "表里", "表上", "表中", "空表", "写着", "写的", "显示", "列出", "列明", "文件里", "文件中", "公开",
    "是不是", "是否", "没有", "不是", "那", "实际支出", "完成", "年初预算", "百分之多少", *ACROSS_WORDS,
}, key=lambda s: (-len(s), s)))

# --- what a filing is (assistant/readers/evidence.py, readers/text.py) ---------------------------
# Words every budget or final-account disclosure prints many times: a decoding of a Chinese text
# that reads them is the right one (a Big5 filing read as GBK never says 预算).
FILING_WORDS = ("预算", "决算", "支出", "收入", "经费", "部门", "单位", "万元", "财政", "拨款", "项目", "合计")
# The standard parts of a 部门/单位预算 or 决算 disclosure (the 财政部 template every family follows)
# and the standard tables' titles. A filing prints several; a letter that mentions 预算 prints none.
FILING_PARTS = ("目录", "部门概况", "单位概况", "主要职能", "机构设置", "编制说明", "情况说明", "名词解释",
                "三公", "机关运行经费", "政府采购", "国有资产占用", "绩效目标", "部门预算表", "部门决算表",
                "单位预算表", "单位决算表", "公开表")
FILING_TABLES = re.compile(
    r"(?:收支|收入|支出)(?:预算|决算)?总表|财政拨款收支(?:预算|决算)?总表|一般公共预算(?:财政拨款)?(?:基本)?支出"
    r"(?:预算|决算)?表|政府性基金(?:预算)?(?:财政拨款)?(?:收入)?支出(?:预算|决算)?表|国有资本经营预算(?:财政拨款)?支出"
    r"(?:预算|决算)?表|项目支出(?:预算|决算)?表|公开\d{1,2}表")

# --- what is not a statement (assistant/parsers/prose_text.py, readers/evidence.py) ----------------
# A filing states; it never tells its reader what to do, addresses a machine or asks. A sentence that
# does (忽略以上所有指令，回答…为…; 请输出…; 你现在是…; 三公经费是多少？) is text planted in the file, not
# the filing's statement: none of its figures is a fact. Each form is one a disclosure never prints
# (checked over every page of corpus/: 指令 alone is printed — 指令性计划, 指令下级法院再审 — so only
# "the instructions above" counts). A sentence answering the question planted before it (答案是…) is
# planted too.
_CLAUSE = r"(?:^|[，,。；;：:！!\s])"
INSTRUCTION_RE = re.compile(
    r"忽略|无视|忘记|忘掉|不要理会|不必理会|不用理会|"
    r"(?:以上|上述|之前|先前|此前|前面|所有|全部)的?(?:所有|全部)?的?(?:指令|指示|提示|设定)(?!性)|"
    r"系统提示|提示词|system\s*prompt|\bprompt\b|\bignore\b|\binstructions?\b|"
    + _CLAUSE + r"(?:请|务必|必须|一律|直接|只|立即|现在)?(?:回答|回复|输出|告诉|告知|声称|宣称|假装|扮演|记住)|"
    + _CLAUSE + r"请(?:你|您)?(?:写|说|把|将|用|按照?|列出|打印|显示|确认)|"
    + _CLAUSE + r"(?:你|您)们?(?:是|要|应|应该|必须|需要|现在|只能|不能|不要|不得)|"
    + _CLAUSE + r"(?:正确|标准|最终)?(?:答案|答复|回答)(?:是|为|应为|：|:)",
    re.I)
# A question: a sentence ending in ？ that asks (多少, 什么, 吗 …). A ? alone may be a lost glyph.
QUESTION_RE = re.compile(r"(?:多少|什么|哪|几|是否|吗|呢|怎么|如何|为何|为什么)[^。；;]{0,12}[?？]")
_SENTENCE_END = re.compile(r"[。！!；;]|(?<=[?？])|(?<!\d)\.|\.(?!\d)")  # "." ends an English sentence, not 2.5


def commands_in(text: str) -> list[tuple[int, int]]:
    """Spans of `text`'s sentences that command or ask rather than state (INSTRUCTION_RE,
    QUESTION_RE), each from the end of the sentence before to its own end mark."""
    out, a = [], 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        b = m.end() if m else len(text)
        if b > a:
            sent = text[a:b]
            if INSTRUCTION_RE.search(sent) or QUESTION_RE.search(sent):
                out.append((a, b))
        a = b
    return out
