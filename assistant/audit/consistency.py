"""The filing as a whole, as a reviewer reads it before any figure: the year its headings, dates
and comparisons name; the department its headings and table labels name; template text left in
(XX, ××, 某某); punctuation printed twice; every table its contents page (目录) lists printed in the
body; a table printed empty carrying its "本表无数据" note."""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from assistant.audit.findings import Discrepancy, Place
from assistant.audit.text import FilingText, squeeze
from assistant.ontology import EMPTY_TABLE_NOTE_RE, PLACEHOLDER_RE, SINGLE_PUNCT
from assistant.parsers.patterns import PAGE_NO, TOC_DOTS
from assistant.parsers.sections import TABLE_NO, TABLE_TITLE
from assistant.readers.metadata import is_organisation
from assistant.types import Fact
from assistant.verify.coverage import filing_coverage

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CJK = r"[\u4e00-\u9fff（）()]"
# A title line: a part heading, a table title, a section or a cover line that names the filing.
_TITLE_END = re.compile(r"(?:表|说明|情况|(?:部门|单位|区级|市级|省级)?(?:预算|决算)(?:公开)?)(?:[（(][^）)]{1,12}[）)])?$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
# A wrapped sentence that happens to end like a title ("本表反映…2018年度财政拨款总体收支预算").
_NOT_TITLE = re.compile(r"^(?:本表|反映|注|说明|其中|主要|包括|用于)")
_LINE_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[.．、]|"
                          r"公开\s*\d+\s*表[:：]?|表\s*\d+[.．、]?)")
# "截至2024年12月31日" — a 决算 counts to the end of its own year, a 预算 to a date of the year before.
_AS_OF = re.compile(r"截至\s*((?:19|20)\d\d)\s*年")
# "与2023年度相比", "比2023年预算": a filing compares with the year before its own.
_COMPARED = re.compile(r"(?:与|比|较|同)\s*((?:19|20)\d\d)\s*年")
# Where a table or a heading names the department.
_LABEL = re.compile(rf"(?P<label>预算主管部门|编制部门|编制单位|部门名称|预算单位|^部门)\s*[:：]\s*(?P<name>{_CJK}{{3,40}}?)"
                    rf"(?=\s|单位[:：]|$)")
_NAMED_HEADING = (
    re.compile(rf"^(?P<name>{_CJK}{{3,40}}?)\s*(?:19|20)\d\d\s*年度?"),                   # X 2024年度部门决算表
    re.compile(rf"(?:19|20)\d\d\s*年度?\s*(?P<name>{_CJK}{{3,40}}?)(?=收支|收入|支出|财政拨款|一般公共|政府性基金|"
               rf"国有资本|[“\"]?三公|政府采购|项目支出|机关运行|部门|单位|预算|决算)"),             # 2018年度X收支预算总表
    re.compile(rf"^(?P<name>{_CJK}{{3,40}}?)(?:部门)?概况$"),                                    # X概况
)
_PLACES = re.compile(r"^(?:中共|中国共产党)?(?P<prov>[\u4e00-\u9fff]{2,3}省)?(?P<city>[\u4e00-\u9fff]{2,4}市)?"
                     r"(?P<dist>[\u4e00-\u9fff]{2,4}[区县])?")


def _finding(ft: FilingText, kind: str, subject: str, places: list[Place], text: str,
             severity: str = "error") -> Discrepancy:
    f = ft.filing
    return Discrepancy(doc=f.title, doc_id=f.doc_id, kind=kind, subject=subject, places=places, gap=0,
                       rounding=False, severity=severity, explanation=text)


def _title_line(line: str) -> str | None:
    """The line as a title ("第二部分 …2024年度部门决算表", a contents entry without its dots), or None."""
    s = PAGE_NO.sub("", TOC_DOTS.sub("", squeeze(line))).strip("…·.")
    s = re.sub(r"[…·.]*\d*$", "", s) if TOC_DOTS.search(line) else s
    if not s or len(s) > 60 or re.search(r"[，。；]|\d[\d,]*\.\d|万元", _LINE_PREFIX.sub("", s)) or _NOT_TITLE.match(s):
        return None
    return s if _PART.match(s) or _TITLE_END.search(s) else None


def check_years(ft: FilingText) -> list[Discrepancy]:
    """Headings name the filing's own year; 截至 dates and comparisons the year they must."""
    out = []
    for page, i, line in ft.lines():
        title = _title_line(line)
        if title and "执行" in title:
            continue  # "2024年预算执行情况" in a 2025 budget speaks of the year before, rightly
        for y in map(int, _YEAR.findall(title or "")):
            if y != ft.year:
                out.append(_finding(ft, "year", title, [ft.line_place(page, i, line, f"{y}年")], (
                    f"第{page}页标题“{title}”写作{y}年，本文件是{ft.year}年{ft.kind}。")))
    text = ft.stream
    # a 决算 counts to the end of its own year; a 预算 states its assets at a date of the year before
    # (or, compiled early in its year, of that year)
    as_of = (ft.year,) if ft.kind == "决算" else (ft.year - 1, ft.year)
    for m in _AS_OF.finditer(text):
        if int(m[1]) not in as_of:
            place = ft.place(m.start(), m.end(), f"{m[1]}年")
            out.append(_finding(ft, "year", "截至日期", [place], (
                f"第{place.page}页“{place.quote[:40]}”写截至{m[1]}年；{ft.year}年{ft.kind}应截至{as_of[0]}年。")))
    for m in _COMPARED.finditer(text):
        clause_years = {int(y) for y in _YEAR.findall(ft.clause_before(m.start(), "。；，,"))}
        if int(m[1]) != ft.year - 1 and clause_years <= {ft.year}:
            place = ft.place(m.start(), m.end(), f"{m[1]}年")
            out.append(_finding(ft, "year", "比较年度", [place], (
                f"第{place.page}页“{place.quote[:40]}”与{m[1]}年比较；{ft.year}年{ft.kind}应与上年（{ft.year - 1}年）比较。")))
    return out


def _places_of(name: str) -> list[str]:
    m = _PLACES.match(name)
    return [p for p in (m["prov"], m["city"], m["dist"]) if p] if m else []


def _in_order(short: str, full: str) -> bool:
    it = iter(full)
    return all(c in it for c in short)


def names_department(name: str, ft: FilingText) -> bool:
    """A name printed for the filing's department: its own, a 中共 form, or a short form whose
    characters stand in order in it (省检察院) — never one whose lowest place differs (上海市规划和
    自然资源局 is the city's bureau, not 上海市普陀区规划和自然资源局)."""
    if name in ft.names or any(n in name for n in ft.names):
        return True  # its own name, or one of its units' ("上海市普陀区财政局财政所")
    own = ft.filing.department
    mine, theirs = _places_of(own), _places_of(name)
    if mine and theirs and mine[-1] != theirs[-1]:
        return False
    return any(_in_order(name.removeprefix("中共").removeprefix("中国共产党"), n) for n in ft.names)


def check_department(ft: FilingText) -> list[Discrepancy]:
    out = []
    for page, i, line in ft.lines():
        # a 部门 filing may label its units' own tables "预算单位：…": only the filer's labels count
        names = [m["name"] for m in _LABEL.finditer(line)
                 if m["label"] != "预算单位" or (ft.filing.filing_kind or "").startswith("单位")]
        title = _title_line(line)
        if title:
            body = _LINE_PREFIX.sub("", title)
            names += [m["name"] for pat in _NAMED_HEADING if (m := pat.search(body))]
        for name in dict.fromkeys(n.strip() for n in names):
            if is_organisation(name) and not names_department(name, ft):
                out.append(_finding(ft, "department", name, [ft.line_place(page, i, line, name)], (
                    f"第{page}页“{line.strip()[:40]}”写作“{name}”，本文件是{ft.filing.department}的{ft.kind}。")))
    return out


def check_placeholders(ft: FilingText) -> list[Discrepancy]:
    out = []
    for m in PLACEHOLDER_RE.finditer(ft.stream):
        figure = re.match(r"\s*(?:万元|亿元|元|%|％|个|人|辆|项|年|月|日)", ft.stream[m.end():m.end() + 4])
        place = ft.place(m.start(), m.end(), m.group())
        out.append(_finding(ft, "placeholder", m.group(), [place], (
            f"第{place.page}页“{place.quote[:50]}”中留有占位符“{m.group()}”"
            f"{'，应填写实际数字' if figure else '，应替换为实际内容'}。"), "error" if figure else "wording"))
    return out


def check_punctuation(ft: FilingText) -> list[Discrepancy]:
    out = []
    for m in re.finditer(rf"([{SINGLE_PUNCT}])\1+", ft.stream):
        place = ft.place(m.start(), m.end(), m.group())
        out.append(_finding(ft, "punctuation", m.group(), [place], (
            f"第{place.page}页“{place.quote[:50]}”中标点“{m.group()}”重复。"), "wording"))
    return out


def _core(name: str, own: tuple[str, ...]) -> str:
    """A table's name with what varies between its listing and its title taken out: numbering,
    公开N表, the year, the department, quotes, the final 表."""
    s = _LINE_PREFIX.sub("", squeeze(name))
    s = re.sub(r"公开\d+表[:：]?|(?:19|20)\d\d年度?|[“”\"'‘’]", "", s)
    for n in own:
        s = s.replace(n, "")
    return re.sub(r"^(?:部门|预算单位|单位)|表(?:[（(][^）)]*[）)])?$", "", s)


def _ordinal(line: str) -> int | None:
    """The number a title gives its table: 公开10表 → 10 (Jiangsu numbers them in the contents' order)."""
    m = re.match(r"^公开(\d+)表", squeeze(line))
    return int(m[1]) if m else None


def printed_titles(ft: FilingText, listed: list[str], after: int) -> dict[int, list[tuple[int, int]]]:
    """Which listed table each title line of the body prints: listed index → [(page, line)]. A line
    goes to the listing it is most like (公开N表 to the Nth), never to one merely ending like it."""
    own = tuple(sorted(ft.names, key=len, reverse=True))
    cores = [_core(n, own) for n in listed]
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pg in ft.pages:
        if pg.number <= after:
            continue
        lines = pg.text.splitlines()
        for i, line in enumerate(lines):
            tail = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if len(tail) <= 3 and tail.endswith("表"):
                line += tail  # a title wrapped before its last characters ("…支出预" / "算表")
            if is_table_title(line):
                _assign(line, (pg.number, i), cores, len(listed), own, out)
    return out


def _assign(line: str, where: tuple[int, int], cores: list[str], n_listed: int, own: tuple[str, ...],
            out: dict[int, list[tuple[int, int]]]) -> None:
    n = _ordinal(line)
    if n is not None and 0 < n <= n_listed:
        out[n - 1].append(where)
        return
    core = _core(line, own)
    if len(core) < 4 or not cores:
        return
    scores = sorted(((SequenceMatcher(None, core, c).ratio(), j) for j, c in enumerate(cores)), reverse=True)
    best, j = scores[0]
    if best >= 0.75 and (len(scores) == 1 or best > scores[1][0]):
        out[j].append(where)


def check_contents(ft: FilingText, facts: list[Fact]) -> list[Discrepancy]:
    """Every table the contents page lists is printed, and an empty one says why."""
    cov = filing_coverage(ft.filing, ft.pages, facts)
    if not cov.contents_found or not cov.tables:
        return []
    listed = [t.name for t in cov.tables]
    contents = _listing(ft, listed[0]).page or 0
    printed = printed_titles(ft, listed, contents)
    read: dict[int, list[tuple[int, int]]] = defaultdict(list)  # listed tables figures were read from
    own = tuple(sorted(ft.names, key=len, reverse=True))
    cores = [_core(n, own) for n in listed]
    for title in {f.table for f in facts if f.source == "table" and f.table}:
        _assign(title, (0, 0), cores, len(listed), own, read)
    out = []
    for j, t in enumerate(cov.tables):
        name = squeeze(t.name)
        if not printed.get(j) and not read.get(j):
            out.append(_finding(ft, "missing_table", name, [_listing(ft, t.name)], (
                f"目录列有“{name}”，正文中找不到这张表。")))
        elif t.status == "empty" and printed.get(j):
            page, line = printed[j][0]
            body, place = _printed_body(ft, page, line, name)
            if not EMPTY_TABLE_NOTE_RE.search(body):
                out.append(_finding(ft, "empty_table_note", name, [place], (
                    f"第{page}页“{name}”是空表，但没有注明原因（如“本部门无…，故本表无数据”）。"), "wording"))
    return out


def _listing(ft: FilingText, name: str) -> Place:
    """The contents line that lists a table."""
    key = squeeze(name)[-12:]
    for page, i, line in ft.lines():
        if key in squeeze(line):
            return ft.line_place(page, i, line, name)
    return Place(page=None, quote=name, printed=name, source="text")


def is_table_title(line: str) -> bool:
    s = squeeze(line)
    return bool(TABLE_NO.match(s) or re.match(r"^公开\d+表", s) or TABLE_TITLE.match(s) and "：" not in s)


def _printed_body(ft: FilingText, page: int, at: int, name: str) -> tuple[str, Place]:
    """A printed table's lines: from its title line to the next table's title, over a page break."""
    by_page = {p.number: p.text.splitlines() for p in ft.pages}
    lines = by_page.get(page, [])
    place = ft.line_place(page, at, lines[at] if at < len(lines) else name, name)
    body: list[str] = []
    for pno in (page, page + 1):
        for ln in by_page.get(pno, [])[at + 1 if pno == page else 0:]:
            if (is_table_title(ln) or TABLE_NO.match(squeeze(ln))) and body:
                return "\n".join(body), place
            body.append(ln)
    return "\n".join(body), place
