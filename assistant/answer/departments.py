"""Which departments a question names, and the organisations and places it names that no filing is of.

A department is named by a long enough run of its own name once the places every district shares
(上海市, 普陀区) and generic parts (人民政府, 中心) are set aside.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.overlap import longest_common
from assistant.ontology import aliases, clean_label, terms_in
from assistant.types import Filing

# Leading place names of a department (上海市 普陀区 …), and a city/province named in a question.
DEPT_PLACES_RE = re.compile(r"^((?:[\u4e00-\u9fff]{2,3}?[省市])?)((?:[\u4e00-\u9fff]{1,3}?[区县])?)")
OTHER_PLACE_RE = re.compile(r"(?:^|[\d年的在，,。：:\s])([\u4e00-\u9fff]{2,3}?[省市])")

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
    r"([\u4e00-\u9fff]{2,14}?(?:局|院|厅|委员会|办公室|街道|镇|中心|人民政府|学校|医院|研究所|大队|支队|馆|办事处"
    r"|府办|政办|(?<![全内外干本细局])部(?![门分])|(?<![党])委(?![员托]))(?![\u4e00-\u9fff]*?(?:费|支出|项目)))"
)
# Parts of speech that open a question but are no part of an organisation's name (我想了解一下|万里街道).
_TALK_FLAGS = ("r", "v", "d", "p", "u", "y", "c", "e")


def _dept_match(q: str, department: str, apart: bool = False) -> int:
    """How strongly the question names this department: length of the shared name part, 0 for none.
    With `apart`, three characters from inside a word of the name are not its mention: 信息化 of
    …经济信息化局 is the question's item (信息化建设项目), while 财政局 and 商务委 end or begin one."""
    best = 0
    # the longest shared run, and again with the generic parts set aside: 人民政府 and 万里街道 are both
    # four characters of 人民政府万里街道办事处, and only the second names it
    for name in (department, _without_generic(department)):
        common = longest_common(q, name)
        core = re.sub(r"\s|\x00", "", common)  # spaces left where places were taken out say nothing
        stripped = re.sub(r"^[省市区县]+|[省市区县]+$", "", re.sub(r"\s|\x00", "", _without_generic(core)))
        if apart and len(core) == 3 and _inside_word(common, name):
            continue
        if len(core) >= 3 and len(stripped) >= 2:
            best = max(best, len(core))
    return best


def _inside_word(run: str, name: str) -> bool:
    """Is every place `run` stands in `name` strictly inside one word of it (no end of the name, nor
    a place or generic part taken out, next to it)?"""
    edges = " \x00"
    if any(ch in edges for ch in run):
        return False
    at = [i for i in range(len(name) - len(run) + 1) if name.startswith(run, i)]
    return bool(at) and all(0 < i and name[i - 1] not in edges and i + len(run) < len(name)
                            and name[i + len(run)] not in edges for i in at)


@lru_cache(maxsize=1 << 12)
def _without_generic(name: str) -> str:
    for g in sorted(GENERIC_DEPT_PARTS, key=lambda s: (-len(s), s)):
        name = name.replace(g, "\x00")
    return name


def dept_places(department: str) -> list[str]:
    return list(_places(department))


@lru_cache(maxsize=1 << 12)
def _places(department: str) -> tuple[str, ...]:
    m = DEPT_PLACES_RE.match(_clean(department))
    return tuple(p for p in m.groups() if p) if m else ()


@lru_cache(maxsize=1 << 12)
def _clean(department: str) -> str:
    return clean_label(department)


class _Names:
    """The departments of a set of filings, read once: their cleaned names, the places they share
    and, for each, its name without them, found through the three-character runs it holds."""

    def __init__(self, departments: tuple[str, ...]):
        self.departments = departments
        self.clean = [_clean(d) for d in departments]
        self.places = sorted({p for d in departments for p in _places(d)})
        self.own = {d: without(c, self.places) for d, c in zip(departments, self.clean)}
        self._runs: dict[str, set[str]] = {}
        for d, name in self.own.items():
            for i in range(len(name) - 2):
                self._runs.setdefault(name[i:i + 3], set()).add(d)

    def sharing_runs(self, q: str) -> set[str]:
        """Departments whose name, places aside, shares a run of three characters with `q` — the
        least any mention shares (_dept_match), so no other department can be named."""
        found: set[str] = set()
        for i in range(len(q) - 2):
            found |= self._runs.get(q[i:i + 3], set())
        return found


@lru_cache(maxsize=8)
def _names_of(departments: tuple[str, ...]) -> _Names:
    return _Names(departments)


def _names(filings: list[Filing]) -> _Names:
    """The departments of these filings in the order first met (a store generation's are read once)."""
    return _names_of(tuple(dict.fromkeys(f.department for f in filings)))


def without(text: str, words: list[str]) -> str:
    for w in sorted(words, key=lambda s: (-len(s), s)):
        text = text.replace(w, " ")
    return text


def match_departments(q: str, filings: list[Filing]) -> list[str]:
    """Departments the question names (the best-matching ones), [] when it names none. A place
    name alone (普陀区, 上海市) names no department: the match must hold without it."""
    names = _names(filings)
    places = names.places
    q_rest = without(q, places)
    near = names.sharing_runs(q_rest)
    scores = {}
    for department, d in zip(names.departments, names.clean):
        if department in near and _dept_match(q_rest, names.own[department], apart=True):
            scores[department] = _dept_match(q, d)
    top = max(scores.values(), default=0)
    # Two departments named apart (上海市财政局…比普陀区财政局) are both meant; a weaker match
    # whose words lie inside a stronger one's (财政局 inside 上海市财政局) is not.
    chosen: list[str] = []
    spans: list[tuple[int, int]] = []
    for d, sc in sorted(scores.items(), key=lambda kv: -kv[1]):
        # where each is named, places aside: 上海市普陀区 is shared, not where 万里街道 is said
        common = longest_common(q_rest, _without_generic(names.own[d])).strip()
        if len(common) < 2:
            common = longest_common(q_rest, names.own[d])
        i = q_rest.find(common)
        span = (i, i + len(common))
        if sc == top or not any(a < span[1] and span[0] < b for a, b in spans):
            chosen.append(d)
            spans.append(span)
    return chosen if top else []


def named_places(q: str, filings: list[Filing]) -> tuple[list[str], list[str]]:
    """Places the question names: those of the indexed departments, and other cities/provinces."""
    names = _names(filings)
    found = [p for p in names.places if p in q]
    other = [m.group(1) for m in OTHER_PLACE_RE.finditer(q)
             if m.group(1) not in names.places and not any(m.group(1) in d for d in names.clean)]
    return found, other


def order_named(q: str, departments: list[str]) -> list[str]:
    def pos(d: str) -> int:
        common = longest_common(q, clean_label(d))
        return q.find(common) if len(common) >= 3 else len(q)
    return sorted(departments, key=pos)


def _names_department(name: str, department: str) -> bool:
    """Does an organisation mention name this department? Its tail must be the department's
    (…财政局), and what precedes it must be in the name too (某市铁路运输法院 is not 某省高级人民法院).
    A mention that names it still does with words cut from its front (the tail is still the
    department's, and what is left before it still in the name)."""
    common = longest_common(name, department)
    if len(common) < 3 or not name.endswith(common):
        return False
    rest = name[: len(name) - len(common)]
    return len(longest_common(rest, department)) >= len(rest) - 1


def unknown_org(q: str, filings: list[Filing], labels: list[str]) -> str | None:
    """An organisation named in the question that no filing's department ends the same way
    (普陀区教育局 is not 普陀区财政局, though both are 普陀区)."""
    stripped = q
    for t in terms_in(q):
        for a in aliases(t):
            stripped = stripped.replace(a, " ")
    for label in labels:  # a stored item's name as said, whole or by its longest shared run (…中心新建工程)
        stripped = stripped.replace(label, " ")
        common = longest_common(stripped, label)
        if len(common) >= 5:
            stripped = stripped.replace(common, " ")
    depts = _names(filings).clean
    for m in ORG_RE.finditer(stripped):
        said = re.sub(r"^(?:今年|去年|上年|本年|请问|查询|什么是|各|全)", "", m.group(1))
        if any(_names_department(said, d) for d in depts):
            continue  # so does the phrase without the talk before it, whatever that is (see _names_department)
        name = _without_talk(said)
        if len(name) < 3 or name in ("办公室",):
            continue
        if not any(_names_department(name, d) for d in depts) and not _joined_departments(name, depts):
            return name
    return None


def _joined_departments(name: str, depts: list[str]) -> bool:
    """Two departments said one after the other (办公室与商务委员会, 区府办、商务委): each side names one
    (or is a generic part of one); a name that holds 和 itself (规划和自然资源局) is read whole first."""
    sides = [p for p in re.split(r"[和与跟同及、]", name) if p]
    return len(sides) > 1 and all(len(p) < 3 or p in GENERIC_DEPT_PARTS or any(_names_department(p, d) or p in d for d in depts)
                                  for p in sides)


def mask_departments(text: str, filings: list[Filing]) -> str:
    """The question with the named department's words blanked: its mention (the longest shared run,
    ≥ 3 characters), then any other run of ≥ 4 — a 3-character run elsewhere is an item's own words
    (城乡社区规划与管理 shares 区规划 with 普陀区规划和自然资源局)."""
    for d in {_clean(f.department) for f in filings}:
        least = 3
        while len(c := longest_common(text, d)) >= least:
            text = text.replace(c, " " * len(c))
            least = 4
    return text


def _without_talk(name: str) -> str:
    """An organisation phrase without the talk before it (帮我看看|省检察院, 我想了解一下|万里街道)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    from assistant.ontology import ASKING_WORDS

    words = jieba.posseg.lcut(name)
    while len(words) > 1 and (words[0].flag.startswith(_TALK_FLAGS) or words[0].word in ASKING_WORDS):
        words = words[1:]
    return "".join(w.word for w in words)
