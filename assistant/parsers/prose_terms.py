"""Labels of prose figures → budget subjects and measures.

A label is the printed text just before a figure ("2025年一般公共预算“三公”经费支出",
"“…（类）…（款）专项普查活动（项）”科目", "年初预算为"). Specific budget terms win over the
funding-source words around them (“三公”经费财政拨款支出 is about 三公经费, not 财政拨款支出);
among terms of one rank the one printed nearest the figure wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.amounts import Amount
from assistant.ontology import BELOW_WORDS, DECREASE_RE, canonical, clean_label
from assistant.types import LOCATOR_SEP, Filing

# (rank, pattern, subject): rank 2 = a specific item, 1 = a total or a funding source.
TERM_PATTERNS: list[tuple[int, str, str]] = [
    (2, r"三公经费", "三公经费"),
    (2, r"因公出国（境）(?:费用?|经费)?", "因公出国（境）费"),
    (2, r"公务(?:用)?车(?:辆)?购置(?:及|和)运行(?:维护)?(?:经)?费", "公务用车购置及运行费"),
    (2, r"公务用车购置(?:费|预算)?", "公务用车购置费"),
    (2, r"公务(?:车)?用车运行(?:维护)?(?:经)?费|公务车运行(?:维护)?费", "公务用车运行费"),
    (2, r"(?:国内)?公务接待费?", "公务接待费"),
    (2, r"会议费", "会议费"),
    (2, r"培训费", "培训费"),
    (2, r"机关运行经费", "机关运行经费"),
    (2, r"政府采购(?:预算|支出预算|金额|支出)?(?:总额|总金额|合计)?", "政府采购预算"),
    (2, r"政府采购货物(?:预算)?|货物(?:采购)?(?:预算|金额|类)|拟(?:采购|购买)货物(?:支出)?", "政府采购货物预算"),
    (2, r"政府采购工程(?:预算)?|工程(?:采购)?(?:预算|金额|类)|拟(?:采购|购买)工程(?:支出)?", "政府采购工程预算"),
    (2, r"政府采购服务(?:预算)?|服务(?:采购)?(?:预算|金额|类)|拟(?:采购|购买)服务(?:支出)?", "政府采购服务预算"),
    (2, r"政府购买服务(?:预算)?(?:支出)?(?:合计)?", "政府购买服务预算"),
    (2, r"(?:面向)?中小企业预留政府采购(?:项目)?(?:预算)?(?:金额)?", "中小企业预留政府采购预算"),
    (2, r"(?:预留给|面向)小(?:型和)?微(?:型)?企业(?:预留)?的?政府采购(?:项目)?(?:预算)?(?:金额)?",
     "小微企业预留政府采购预算"),
    (2, r"基本支出(?:预算)?", "基本支出"),
    (2, r"项目支出(?:预算)?", "项目支出"),
    (2, r"人员经费", "人员经费"),
    (2, r"公用经费", "公用经费"),
    (2, r"单位预留机动经费", "单位预留机动经费"),
    (2, r"国有资产", "国有资产"),
    (2, r"(?:新增|新购|购置)(?:国有)?资产", "新增国有资产"),
    (2, r"(?<![他新])固定资产", "固定资产"),
    (2, r"流动资产", "流动资产"),
    (2, r"车辆", "车辆"),
    (2, r"(?:安排)?购置车辆", "购置车辆"),
    (2, r"绩效目标的?(?:20\d\d年度?)?项目|项目实行绩效目标管理", "绩效目标项目"),
    (2, r"事业单位经营收入|经营收入", "事业单位经营收入"),
    (2, r"事业收入", "事业收入"),
    (2, r"其他收入", "其他收入"),
    (2, r"其他资金(?:收入)?", "其他资金"),
    (1, r"收支(?:预算)?总(?:预算|计|额)|收入支出(?:预算|决算)?总计", "收支总预算"),
    (1, r"财政拨款收支(?:总预算|总计|预算总计)|财政拨款收入支出(?:决算)?总计", "财政拨款收支总预算"),
    (1, r"收入预算(?:总计|合计)?|(?:本年)?收入合计|收入总计", "收入合计"),
    (1, r"支出预算(?:总计|合计)?|预算支出(?:合计)?|(?:本年)?支出合计|支出总计", "支出合计"),
    (1, r"财政拨款收入(?:预算)?(?:总计)?|一般公共预算财政拨款收入", "财政拨款收入"),
    (1, r"财政拨款(?:预算)?支出(?:预算)?", "财政拨款支出"),
    (1, r"一般公共预算(?:财政)?(?:拨款)?(?:收入|支出)?(?:预算)?", "一般公共预算"),
    (1, r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:支出)?(?:预算)?", "政府性基金"),
    (1, r"国有资本经营预算(?:财政)?(?:拨款)?(?:支出)?(?:预算)?", "国有资本经营预算"),
]
_COMPILED = [(rank, re.compile(p), subj) for rank, p, subj in TERM_PATTERNS]

_LEAD = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{1,2}\s*[.．、](?!\d)|"
    r"其中|包括|此外|另外|同时|具体|另|即|和|及|与|、|，|,|：|:|；|（|\(|\s)+"
)
_WHEN = re.compile(r"^(?:截至|截止)?(?:20\d\d年(?:度)?)(?:\d{1,2}月(?:\d{1,2}日)?)?|^(?:本年|当年|全年)")
_TAIL_WORDS = re.compile(
    r"(?:的)?(?:年初)?(?:当年)?(?:预算|决算)?(?:执行)?(?:数|额)?(?:为|是|共|共计|合计|总计|计|达|约|安排|"
    r"预算安排|资金|金额|科目)*$"
)
_OWNER = re.compile(r"^.{0,30}?(?:（部门）|（单位）|本部门|本单位|我部门|我单位|我局|本局|下属)")
_GENERIC = {"", "采购金额", "金额", "资金", "预算", "支出", "合计", "总计", "为", "共", "其中", "本年预算",
            "年初预算", "支出决算", "决算", "预算数", "执行数"}


_RELATION = {"下属", "包括", "共有", "共", "有", "设", "设置", "设置了", "拥有", "含", "其中"}


@dataclass
class Label:
    subject: str | None
    row: str | None
    tail: str  # the words after the subject: 年初预算为 / 支出决算为 / 预算数 …
    known: bool = False  # a budget term or a 类/款/项 path, not just the cleaned label


def _strip(label: str) -> str:
    s = clean_label(label).replace("(", "（").replace(")", "）")
    for _ in range(3):
        s = _LEAD.sub("", s)
        s = _WHEN.sub("", s)
    return s.strip("，,：:；;、。")


def is_generic(label: str) -> bool:
    """'采购金额' names no subject and no measure: the clause before it says whose it is."""
    return _strip(label) in {"采购金额", "金额", "资金", "采购资金"}


def joined_label(label: str) -> str | None:
    """'由中小企业供应商中标或成交的，采购金额' → '由中小企业供应商中标或成交的采购金额'."""
    s = re.sub(r"[，,；;：:、。]", "", _strip(label))
    return s if 2 <= len(s) <= 40 else None


def _class_path(label: str) -> tuple[str, str] | None:
    """'一般公共服务支出（类）统计信息事务（款）专项普查活动（项）' → (专项普查活动, 类 › 款 › 项)."""
    s = clean_label(label).replace("(", "（").replace(")", "）")
    name = r"(?:[^（）“”，。；：]|（[^（）类款项]{1,3}）)"
    m = re.search(rf"(?:(?P<lei>{name}{{2,30}}?)（类）)?(?:(?P<kuan>{name}{{2,40}}?)（款）)?(?P<xiang>{name}{{2,40}}?)（项）", s)
    if m:
        parts = [p for p in (m.group("lei"), m.group("kuan"), m.group("xiang")) if p]
        parts = [re.sub(r"^(?:\d{1,2}[.．、]|[（(]\d+[）)])", "", p) for p in parts]
        return parts[-1], LOCATOR_SEP.join(parts)
    m = re.search(r"(?P<lei>[^（）“”，。；：]{2,30}?)（类）", s)
    if m:
        name = re.sub(r"^(?:\d{1,2}[.．、]|[（(]\d+[）)])", "", m.group("lei"))
        return (name if name.endswith("支出") else name + "支出"), name
    return None


def parse_label(label: str, filing: Filing, class_name: str | None = None) -> Label:
    s = _strip(label)
    cp = _class_path(label)
    if cp:
        subject, row = cp
        if class_name and not row.startswith(class_name):
            row = f"{class_name}{LOCATOR_SEP}{row}"
        tail = re.split(r"（项）|（类）", clean_label(label).replace("(", "（").replace(")", "）"))[-1]
        return Label(subject, row, tail, True)
    best = None
    bare = re.sub(r"（不?含[^）]{0,8}）", lambda m: "#" * len(m.group()), s)  # "（不含车辆）" names no subject
    for rank, pat, subj in _COMPILED:
        for m in pat.finditer(bare):
            key = (rank, m.end(), m.end() - m.start())
            if best is None or key > best[0]:
                best = (key, subj, m)
    if best:
        return Label(best[1], None, s[best[2].end():], True)
    # no known term: the label itself, without owner, time and measure words
    own = s.replace(clean_label(filing.department), "")
    own = _OWNER.sub("", own)
    own = _WHEN.sub("", own)
    own = re.sub(r"20\d\d年度?", "", own)
    tail_m = _TAIL_WORDS.search(own)
    core = own[: tail_m.start()] if tail_m else own
    core = _LEAD.sub("", core).strip("，,：:；;、。的和及与")
    if core in _RELATION:
        return Label(None, None, "")
    if len(core) < 2 or core in _GENERIC or len(core) > 30 or re.search(r"\d\s*(?:万元|元)[^（(]", core):
        return Label(None, None, own[tail_m.start():] if tail_m else "")
    return Label(canonical(core), None, own[tail_m.start():] if tail_m else "")


def equipment_label(label: str) -> str:
    """'截至2024年8月31日，…共有单价100万元（含）以上设备（不含车辆）' → the equipment as printed,
    threshold kept (it says which equipment is counted)."""
    s = _strip(label)
    s = re.sub(r"^.*?(?=(?:购置)?(?:单价|单位价值|价值|大型|专用|通用|\d))", "", s, count=1) if re.search(
        r"单价|单位价值|价值|大型|专用|通用", s) else s
    return s.strip("，,：:；;、。的")


def count_subject(after: str) -> str | None:
    """'6个一级项目支出绩效目标' — a count named after its figure."""
    whole = re.match(r"^[^，,。；;、]{2,16}", after)
    if whole:
        for rank, pat, subj in _COMPILED:
            if rank == 2 and pat.search(clean_label(whole.group())):
                return subj
    m = re.match(r"^([\u4e00-\u9fff“”（）]{2,12}?)(?:开展|实行|纳入|，|,|。|、|；|和|及|$)", after)
    if not m:
        return None
    name = clean_label(m.group(1)).rstrip("和及与的")
    return canonical(name) if len(name) >= 2 else None


def measure_of(tail: str, kind: str, amt: Amount, sentence: str) -> str:
    if not amt.is_money and amt.unit not in ("%", "％"):
        return "数量"
    if "决算" in tail:
        return "决算数"
    if "执行" in tail:
        return "执行数"
    if "预算" in tail:
        return "预算数"
    if re.search(r"截至|截止|占有使用|共有|资产|在建工程|长期投资", sentence):
        return "金额"
    return "决算数" if kind == "决算" else "预算数"


def sign_of_change(prefix: str) -> int:
    return -1 if DECREASE_RE.search(prefix) or any(w in prefix for w in BELOW_WORDS) or "减" in prefix else 1


# "平均得分99.43分": a score (unit 分, which the amount reader does not take for a figure)
SCORE = re.compile(r"(?P<label>[\u4e00-\u9fff]{0,8}?得分)(?:为|是|达到?)?\s*(?P<n>\d+(?:\.\d+)?)\s*分(?!钟|别|配|类|项|之)")
# "按照每名党员每年 200元的标准", "200元/人/年": a rate per person, unit 元/人, the printed per-words kept
PER_PERSON = re.compile(
    r"每(?P<who>[名人位个户][\u4e00-\u9fff]{0,4}?)(?P<per>每(?:年|月|天|日|次|人))?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>万元|元)"
    r"|(?P<n2>\d+(?:\.\d+)?)\s*(?P<u2>万元|元)/(?P<who2>人|名)(?:/(?P<per2>年|月|天|次))?"
)


def score_subject(label: str, before: str) -> str:
    """'平均得分' after '绩效自评的…项目' → 绩效自评平均得分: the score of what was evaluated."""
    lab = clean_label(label)
    kind = re.findall(r"绩效自评|绩效评价|自评|评价", before)
    if kind and kind[-1] not in lab:
        lab = ("绩效" + kind[-1] if not kind[-1].startswith("绩效") else kind[-1]) + lab
    return lab


def per_person(m: re.Match[str]) -> tuple[str, str]:
    """(unit, printed per-words) of a PER_PERSON match: '元/人', '每名党员每年'."""
    if m.group("n") is not None:
        return f"{m.group('u')}/人", f"每{m.group('who')}{m.group('per') or ''}"
    return f"{m.group('u2')}/人", f"每{m.group('who2')}" + (f"每{m.group('per2')}" if m.group("per2") else "")
