"""Filing identity read from the content: the department (and the other names the filing prints
for it), the year, the kind at full resolution (部门预算/单位预算/部门决算/单位决算) and the level.

Where each is read, most trusted first:
- the cover (the first page's lines joined: "上海市普陀区2025年区级单位预算 预算单位：X",
  "X 2024年度部门决算", "2018年度X预算公开");
- labels ("预算主管部门：X", "预算单位：X", "编制部门：X", "部门名称：X") on the cover and on tables;
- title lines on the first pages and on table pages: part headings ("第一部分 X概况",
  "第二部分 X 2024年度部门决算表") and table titles naming the department ("2018年度X收支预算总表");
- for the year, also an 编制日期 and, last, the year printed most often.
The file name is never read: a file can be named anything, and a filing says who, when and what
on its own pages. What the content does not say is None (department) or 0 (year), and the reader
refuses the file, naming what it could not find (readers/evidence.py).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.types import Page

_CJK = r"[\u4e00-\u9fff（）()]"
# What an organisation's name ends with: 局, 委员会, 人民检察院, 办事处, 社会工作部, 运行管理中心 …
_ORG_END = r"(?:局|委员会|委|院|办公室|办公厅|办事处|厅|部|中心|所|站|会|处|馆|队|室|社|校|团|府|庭|署|台|园|场|库|监狱|机关|组)"
# A name that is only a place ("上海市普陀区", "江苏省") is where a filing is from, not who files it
_PLACE_ONLY = re.compile(r"(?:[\u4e00-\u9fff]{2,4}省)?(?:[\u4e00-\u9fff]{2,5}市)?(?:[\u4e00-\u9fff]{2,5}[区县旗])?")
_GENERIC = re.compile(r"^(?:部门|单位|预算|决算|本部门|本单位|本级|区级|市级|省级|县级|编制|附件)")

_DEPT_LABEL = re.compile(
    r"(?:预算主管部门|编制部门|编制单位|填报单位|部门名称|单位名称|预算单位|部门\(单位\)名称|部门（单位）名称|^部门)\s*[:：]\s*"
    r"(?P<name>[\u4e00-\u9fff（）()]{3,40}?)\s*(?:（部门）)?(?=\s|单位[:：]|$)",
    re.M,
)
_LEVEL = r"(?P<level>省级|市级|区级|县级)"
_KIND = r"(?P<scope>部门|单位)?(?P<kind>预算|决算)"
# "X2024年度部门决算", "上海市普陀区2025年区级单位预算" (a place, then the kind: the department is on a label)
_NAME_YEAR_KIND = re.compile(rf"(?P<dept>{_CJK}{{2,40}}?)(?P<year>20\d\d)年度?{_LEVEL}?{_KIND}")
# "2018年度X预算公开", "2019年度部门预算公开"
_YEAR_NAME_KIND = re.compile(rf"(?P<year>20\d\d)年度?(?P<dept>{_CJK}{{0,40}}?){_KIND}(?:公开)?")
# A cover that prints no year: "江苏省政协办公厅 部门预算公开"
_NAME_KIND = re.compile(rf"^(?P<dept>{_CJK}{{3,40}}?{_ORG_END}){_LEVEL}?{_KIND}(?:公开)?")
# A table title naming the department: "2018年度江苏省高级人民法院收支预算总表"
_TABLE_WORDS = r"(?:收支|收入|支出|财政拨款|一般公共预算|政府性基金|国有资本|[“\"]?三公[”\"]?|政府采购|项目支出|机关运行)"
_YEAR_DEPT_TABLE = re.compile(rf"(?P<year>20\d\d)年度?(?P<dept>{_CJK}{{3,40}}?{_ORG_END}){_TABLE_WORDS}\S*表")
# Line prefixes that are not part of a title: "第二部分", "一、", "1.", "附件1-1"
_LINE_PREFIX = re.compile(r"^(?:附件[\d\-－]*|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|\d{1,2}[.．、])")
_OVERVIEW = re.compile(rf"^(?P<dept>{_CJK}{{3,40}}?)(?:部门)?概况$")
_TITLE_TAIL = r"(?:公开|表|编制说明|(?:安排)?情况说明|情况|说明)?"
_COMPILED_ON = re.compile(r"编制日期\s*[:：]?\s*(?P<year>20\d\d)\s*年\s*(?P<month>\d{1,2})\s*月")
_LEVEL_SAID = re.compile(_LEVEL + r"(?:部门|单位)?(?:预算|决算)")
# The level from the department's own name: "江苏省X" 省级, "上海市X" 市级, "上海市普陀区X" 区级
_NAME_PLACES = re.compile(
    r"^(?:中共|中国共产党)?(?P<prov>[\u4e00-\u9fff]{2,3}省)?(?P<city>[\u4e00-\u9fff]{2,4}市)?(?P<dist>[\u4e00-\u9fff]{2,4}[区县])?"
)

# How much each kind of evidence counts toward the department's name
W_COVER, W_COVER_LABEL, W_HEADING, W_LABEL, W_TABLE_TITLE = 6, 6, 2, 1, 1
HEAD_PAGES = 6


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _clean(name: str) -> str:
    name = _LINE_PREFIX.sub("", name.strip())
    return re.sub(r"(?:（部门）|部门$|本级$)", "", name).strip()


def is_organisation(name: str) -> bool:
    """A department's name: not a place alone, not a generic word, ending like an organisation."""
    return (3 <= len(name) <= 40 and not _PLACE_ONLY.fullmatch(name) and not _GENERIC.match(name)
            and re.search(_ORG_END + r"$", name) is not None)


def party_forms(name: str) -> list[str]:
    """The 中共 and 中国共产党 forms of a Party body's name ("中国共产党江苏省委员会办公厅" ⇄
    "中共江苏省委办公厅"); a filing's cover and its tables may use either."""
    out = []
    m = re.match(r"中国共产党(?P<place>.+?)委员会(?P<rest>.*)", name)
    if m:
        out.append(f"中共{m['place']}委{m['rest']}")
    elif name.startswith("中国共产党"):
        out.append("中共" + name.removeprefix("中国共产党"))
    m = re.match(r"中共(?P<place>.+?)委(?!员会)(?P<rest>.*)", name)
    if m:
        out.append(f"中国共产党{m['place']}委员会{m['rest']}")
    elif name.startswith("中共"):
        out.append("中国共产党" + name.removeprefix("中共"))
    return [n for n in out if n != name]


def level_from_name(name: str) -> str | None:
    m = _NAME_PLACES.match(name)
    if not m or not m.group(0):
        return None
    return "区级" if m["dist"] and m["dist"].endswith("区") else "县级" if m["dist"] else \
        "市级" if m["city"] else "省级" if m["prov"] else None


class _Evidence:
    """Votes for the department's name, the year and the kind, each from where it was printed."""

    def __init__(self):
        self.names: Counter[str] = Counter()
        self.years: Counter[int] = Counter()
        self.scopes: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.level: str | None = None

    def name(self, raw: str | None, weight: int, trusted: bool = False) -> None:
        name = _clean(raw or "")
        if name and (is_organisation(name) or trusted and len(name) >= 3 and not _PLACE_ONLY.fullmatch(name)
                     and not _GENERIC.match(name) and not re.search(r"万元|元$|名称$", name)):
            self.names[name] += weight

    def title(self, m: re.Match, weight: int) -> None:
        self.name(m.group("dept"), weight)
        if m.groupdict().get("year"):
            self.years[int(m["year"])] += weight
        if m.groupdict().get("kind"):
            self.kinds[m["kind"]] += weight
            if m["scope"]:
                self.scopes[m["scope"]] += weight
        if m.groupdict().get("level") and not self.level:
            self.level = m["level"]


def _read_cover(pages: list[Page], ev: _Evidence) -> None:
    cover = pages[0].text if pages else ""
    for m in _DEPT_LABEL.finditer(cover):
        ev.name(m["name"], W_COVER_LABEL, trusted=True)
    flat = _flat(_DEPT_LABEL.sub("", cover))
    m = _NAME_YEAR_KIND.search(flat)
    y = _YEAR_NAME_KIND.search(flat)
    if y and (not m or y.start() < m.start()):
        m = y
    m = m or _NAME_KIND.match(flat)
    if m:
        ev.title(m, W_COVER)


def _read_lines(pages: list[Page], ev: _Evidence) -> None:
    """Part headings and table titles on every page; labels on every page."""
    for i, page in enumerate(pages):
        for m in _DEPT_LABEL.finditer(page.text):
            ev.name(m["name"], W_LABEL, trusted=True)
        lines = [_flat(ln) for ln in page.text.splitlines()]
        for j, line in enumerate(lines):
            # a heading wrapped before its last word ("…2024年度部门决算" / "表")
            if j + 1 < len(lines) and len(lines[j + 1]) <= 4 and re.fullmatch(_TITLE_TAIL, lines[j + 1]):
                line += lines[j + 1]
            body = _LINE_PREFIX.sub("", line)
            if m := _OVERVIEW.fullmatch(body):
                ev.name(m["dept"], W_HEADING)
            elif (m := re.fullmatch(_NAME_YEAR_KIND.pattern + _TITLE_TAIL, body)) and is_organisation(_clean(m["dept"])):
                ev.title(m, W_HEADING)
            elif m := _YEAR_DEPT_TABLE.fullmatch(body):
                ev.name(m["dept"], W_TABLE_TITLE)
                ev.years[int(m["year"])] += W_TABLE_TITLE
            elif i < HEAD_PAGES and (m := re.fullmatch(_YEAR_NAME_KIND.pattern + _TITLE_TAIL, body)):
                ev.title(m, W_HEADING)


def _scope_from_wording(head: str) -> str | None:
    """部门 or 单位 from how the first pages speak of the filing ("单位预算编制说明", "部门概况")."""
    unit = len(re.findall(r"单位(?:预算|决算)(?!单位)|单位主要职能|单位机构设置", head))
    dept = len(re.findall(r"部门(?:预算|决算)(?!经济分类)|部门概况|部门主要职能|部门机构设置", head))
    return "单位" if unit > dept else "部门" if dept else None


def describe(pages: list[Page]) -> dict:
    """title, department, aliases, year, kind, filing_kind, level and warnings, from the pages; and
    `titled`: whether a title (department or year with 预算/决算) was printed, not guessed from counts.
    department is None and year 0 when the content does not say them."""
    ev = _Evidence()
    _read_cover(pages, ev)
    _read_lines(pages, ev)
    head = "\n".join(p.text for p in pages[:HEAD_PAGES])
    body = "\n".join(p.text for p in pages)
    warnings: list[str] = []
    dept = ev.names.most_common(1)[0][0] if ev.names else None

    if ev.kinds:
        kind = ev.kinds.most_common(1)[0][0]
    else:
        kind = "决算" if body.count("决算") > body.count("预算") else "预算"

    if ev.years:
        year = ev.years.most_common(1)[0][0]
    elif c := _COMPILED_ON.search(body):
        # a 预算 is compiled in the late autumn before its year or early in it; a 决算 the year after
        y, month = int(c["year"]), int(c["month"])
        year = y - 1 if kind == "决算" else y + 1 if month >= 9 else y
    else:
        years = Counter(re.findall(r"(20\d\d)\s*年", body))
        year = int(years.most_common(1)[0][0]) if years else 0
        if year:
            warnings.append(f"年度 {year} 取自正文中出现最多的年份：封面和标题没有印年度")

    scope = ev.scopes.most_common(1)[0][0] if ev.scopes else _scope_from_wording(head)
    filing_kind = f"{scope or '部门'}{kind}"

    # a name cut short by a wrapped table cell ("江苏省高级人民法") is no other name
    aliases = [n for n in ev.names if n != dept and not any(o != n and o.startswith(n) for o in ev.names)]
    for n in [n for n in [dept, *aliases] if n]:
        aliases += [p for p in party_forms(n) if p != dept and p not in aliases]
    said = _LEVEL_SAID.search(_flat(head))
    level = ev.level or (said["level"] if said else None) or (level_from_name(dept) if dept else None)
    return {
        "title": f"{dept}{year}年{'度' if kind == '决算' else ''}{filing_kind}",
        "department": dept,
        "aliases": aliases,
        "year": year,
        "kind": kind,
        "filing_kind": filing_kind,
        "level": level,
        "warnings": warnings,
        "titled": bool(ev.kinds),
    }
