"""The section tree of a filing: part › 一、 › （一） › 1. › （1） › table title, with page and
line positions, so any fact can name where it stands (its locator).

Parts are either numbered (第四部分 …情况说明) or, in the Shanghai family, unnumbered titles
printed at the top of a page (名词解释, 2025年部门预算编制说明, 其他相关情况说明 …). Table
titles ("表 11", "公开09表" + the title on the next line, "2025年部门“三公”经费和机关运行经费
预算表") sit below the part. Table rows and table-of-contents lines are never headings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from assistant.types import LOCATOR_SEP, Filing, Page
from assistant.parsers.patterns import PAGE_NO, TOC_DOTS

CN_NUM = "一二三四五六七八九十"
PART = re.compile(rf"^第[{CN_NUM}]+部分\s*\S.{{0,60}}$")
LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{CN_NUM}]+、\s*\S.{{0,50}}$")),
    (2, re.compile(rf"^[（(][{CN_NUM}]+[）)]\s*、?\s*\S.{{0,50}}$")),
    (3, re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*\S.{0,50}$")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]\s*\S.{0,50}$")),
]
TABLE_LEVEL = 9
# A page-top part title of the Shanghai family: short, ends with what such parts are called.
PAGE_TOP_PART = re.compile(r"^(?:\S.{0,48})?(?:说明|名词解释|主要职能|机构设置|概况)$")
TABLE_NO = re.compile(r"^(?:表\s*\d+(?:\s*-\s*\d+)?|公开\s*\d+\s*表)$")
TABLE_NO_TITLED = re.compile(r"^表\s*(?P<n>\d+(?:\s*-\s*\d+)?)\s*[.．、]\s*(?P<title>\S.{1,50}表.{0,12})$")
TABLE_TITLE = re.compile(
    r"^(?:20\d\d\s*年(?:度)?)?\S{0,40}?(?:预算|决算|支出|收入|收支|绩效目标|经费|申报|采购)\S{0,24}表(?:[（(][^）)]{1,12}[）)])?$"
)
_HAS_AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d\s*(?:万元|元|%|辆|个)|\s\d+$")
_TOC_MARK = re.compile(r"^目\s*录$")
_ENDS_TITLE = re.compile(r"(?:情况|说明|[（(]类[）)]|表|。)$")
_SENTENCE = re.compile(r"[，；]|[：:]\s*\S|。.")


@dataclass
class Heading:
    page: int
    line: int
    level: int  # 0 part, 1..4 numbered sections, 9 a table title
    title: str
    numbered: bool = True  # False for a page-top part title (Shanghai family)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _is_heading_text(line: str) -> bool:
    """Short, no figures, no sentence inside: a title, not a statement or a table row."""
    if line.endswith("。") and not re.search(r"(?:情况|说明)。$", line):
        return False
    if len(line) > 64 or _HAS_AMOUNT.search(line) or TOC_DOTS.search(line) or _SENTENCE.search(line):
        return False
    return not re.search(r"[，、；,]$", line)


def table_lines(page: Page) -> set[int]:
    """Indices of the page's text lines that are rows of its ruled tables: every word of the
    line is found in the tables' cells."""
    if not page.tables:
        return set()
    cells = "\x00".join(_norm(c) for t in page.tables for r in t.rows for c in r if c)
    out = set()
    for i, line in enumerate(page.text.splitlines()):
        toks = [_norm(t) for t in line.split()]
        if toks and all(t in cells for t in toks):
            out.add(i)
    return out


def is_table_part(title: str) -> bool:
    """第二部分 … 部门预算表 / 决算表: a part that holds the tables, not prose."""
    return bool(re.search(r"(?:预算|决算)表$", _norm(title)))


def _wrapped(line: str, width: int) -> bool:
    """A body line filled to the page width: its text goes on, it is no title."""
    return width >= 20 and len(_norm(line)) >= 0.85 * width
def _classify(line: str, top_of_page: bool) -> tuple[int, bool] | None:
    """(level, numbered) for a heading line, None for anything else."""
    if PART.match(line) and _is_heading_text(line):
        return 0, True
    if TABLE_NO.match(line):
        return TABLE_LEVEL, True
    if not _is_heading_text(line):
        return None
    for level, pat in LEVELS:
        if pat.match(line):
            return level, True
    if TABLE_NO.match(line) or TABLE_NO_TITLED.match(line) or (TABLE_TITLE.match(line) and "：" not in line):
        return TABLE_LEVEL, True
    if top_of_page and PAGE_TOP_PART.match(line):
        return 0, False
    return None


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)

    @classmethod
    def build(cls, filing: Filing) -> "Outline":
        heads: list[Heading] = []
        table_names: dict[str, str] = {}  # "11" → "表11.整体支出绩效目标表" from a list of tables
        in_toc, toc_titles = False, set()
        firsts = [next((l.strip() for l in p.text.splitlines() if l.strip() and not PAGE_NO.match(l.strip())), "")
                  for p in filing.pages]
        for pno, page in enumerate(filing.pages):
            lines = [l.strip() for l in page.text.splitlines()]
            width = max((len(_norm(l)) for l in lines), default=0)
            rows = table_lines(page)
            first = next((i for i, l in enumerate(lines) if l and not PAGE_NO.match(l)), None)
            if in_toc and first is not None and _classify(lines[first], False) is None \
                    and not _TOC_MARK.match(lines[first]):
                in_toc = False  # the contents ended with the previous page
            i = 0
            while i < len(lines):
                line = lines[i]
                i += 1
                if not line or PAGE_NO.match(line) or (i - 1) in rows:
                    continue
                if len(re.findall(rf"(?:^|\s)[{CN_NUM}]+、", line)) > 1:
                    continue  # two columns of a table row ("三、其他资金 五、教育支出")
                if _TOC_MARK.match(line):
                    in_toc, toc_titles = True, set()
                    continue
                if TOC_DOTS.search(line):
                    continue
                m = TABLE_NO_TITLED.match(_norm(line).replace("表", "表 ", 1)) or TABLE_NO_TITLED.match(line)
                if m:  # a list of the tables: remember the full names, they are not headings here
                    table_names[_norm(m.group("n"))] = _norm(line)
                    continue
                kind = _classify(line, i - 1 == first)
                if kind is None:
                    continue
                level, numbered = kind
                title = re.sub(r"\s+", " ", line)
                nxt = next((l for l in lines[i:] if l and not PAGE_NO.match(l)), "")
                if not nxt and pno + 1 < len(firsts):
                    nxt = firsts[pno + 1]  # the title or item may go on over the page
                if level != TABLE_LEVEL and nxt and (nxt == "说明" or (
                        len(nxt) <= 10 and not re.search(r"\d|[，。；：]", nxt) and _classify(nxt, False) is None
                        and re.search(r"(?:说明|情况)$", nxt) and not re.search(r"(?:说明|情况|表)$", line)
                        and len(_norm(line)) >= 0.7 * width)):
                    title += nxt  # a title wrapped onto a short next line ("…支出预" + "算情况说明")
                    i += 1
                elif level not in (0, TABLE_LEVEL) and _wrapped(line, width):
                    continue  # a wrapped list item of the body text
                elif level in (3, 4) and nxt and not _ENDS_TITLE.search(line) and _classify(nxt, False) is None \
                        and not re.match(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．])", nxt):
                    continue  # "3.社会保障和就业支出(类)…（款）事业" goes on: an item, not a title
                if in_toc:
                    key = _norm(title)
                    if key in toc_titles:
                        in_toc = False  # the contents are over: this is the real heading
                    else:
                        toc_titles.add(key)
                        continue
                if level not in (0, TABLE_LEVEL) and heads and _in_glossary(heads):
                    continue  # "（三）其他资金" of 名词解释 is an entry (the glossary parser's), not a section
                if level not in (0, TABLE_LEVEL) and heads and _in_table_part(heads):
                    if not re.search(r"表(?:[（(][^）)]*[）)])?$", title):
                        continue  # a row label of a table, not a section
                    level = TABLE_LEVEL
                if level == TABLE_LEVEL:
                    title = _table_title(title, nxt, table_names)
                    if TABLE_NO.match(_norm(line)) and nxt and TABLE_TITLE.match(_norm(nxt)):
                        i += 1
                    title = _norm(title)
                if level == TABLE_LEVEL and heads and heads[-1].level == TABLE_LEVEL \
                        and heads[-1].page == page.number - 1 and TABLE_NO.match(heads[-1].title) and i - 1 == first:
                    # "公开04表" closed one page, its title opens the next
                    title = f"{heads.pop().title}{title}"
                heads.append(Heading(page.number, i - 1, level, title, numbered))
        return cls(heads)

    def path_at(self, page: int, line: int = 10**6) -> list[str]:
        """Headings in force at (page, line): the innermost of each level, outer first."""
        keys = [(h.page, h.line) for h in self.headings]
        idx = bisect_right(keys, (page, line))
        current: dict[int, Heading] = {}
        for h in self.headings[:idx]:
            if h.level == TABLE_LEVEL and 0 in current and not current[0].numbered:
                # Shanghai tables follow unnumbered 说明 pages: the table is its own part
                current.clear()
            current[h.level] = h
            for deeper in [lv for lv in current if lv > h.level]:
                del current[deeper]
        return [current[lv].title for lv in sorted(current)]

    def part_at(self, page: int, line: int = 10**6) -> str:
        path = self.path_at(page, line)
        return path[0] if path else ""

    def locator(self, page: int, line: int = 10**6, *extra: str) -> str:
        return LOCATOR_SEP.join([*self.path_at(page, line), *[e for e in extra if e]])


def _in_glossary(heads: list[Heading]) -> bool:
    parts = [h for h in heads if h.level == 0]
    return bool(parts) and "名词解释" in parts[-1].title


def _in_table_part(heads: list[Heading]) -> bool:
    parts = [h for h in heads if h.level == 0]
    return bool(parts) and parts[-1].numbered and is_table_part(parts[-1].title)


def _table_title(title: str, nxt: str, table_names: dict[str, str]) -> str:
    """'表 11' → '表11.整体支出绩效目标表' (from the list of tables); '公开09表' + its title line."""
    n = re.fullmatch(r"表\s*(\d+(?:\s*-\s*\d+)?)", title.strip())
    if n and _norm(n.group(1)) in table_names:
        return table_names[_norm(n.group(1))]
    if TABLE_NO.match(_norm(title)) and nxt and TABLE_TITLE.match(_norm(nxt)):
        return f"{title} {nxt}"
    return title
