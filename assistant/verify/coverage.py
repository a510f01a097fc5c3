"""What was read from a filing, for staff: the tables its contents page (目录) lists and which of
them gave figures, the headline figures found or missing, pages without text, and what the
reader had to guess (the filing's warnings). Printed by `ingest` and by `coverage`.

A listed table counts as read when table facts carry its title, or as printed empty when its
title is printed but nothing under it is a figure ("本表为空表", "故本表无数据", a bare 合计).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.amounts import cn_to_int, printed_amount
from assistant.parsers.patterns import PAGE_NO, TOC_DOTS
from assistant.types import Fact, Filing, Page

_CONTENTS = re.compile(r"^目\s*录$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[.．、]|（[一二三四五六七八九十]+）)\s*")
_OPEN_TABLE = re.compile(r"公开\s*\d+\s*表[:：]?")
_YEAR = re.compile(r"20\d\d\s*年度?")
_LEAD = re.compile(r"^(?:部门|预算单位|单位)")
# "五、部门预算表" heads the list of tables; it is no table of its own
_GENERIC = {"", "部门预算", "单位预算", "预算", "部门决算", "单位决算", "决算"}
_EMPTY_NOTE = re.compile(r"空表|无数据|本表无|故本表|没有.{0,20}(?:收入|支出|经费)")
_FIGURE = re.compile(r"\d[\d,，]*\.\d+|\d{1,3}(?:,\d{3})+")
# Value measures: what a table or a 说明 states, not a change, share or reason
_VALUE_MEASURES = {"预算数", "决算数", "上年数", "执行数", "数量"}

# Headline figures staff look for first: (name shown, subjects that carry it)
HEADLINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("收支总计", ("收支总预算",)),
    ("财政拨款收支总计", ("收支总预算",)),
    ("三公经费", ("三公经费",)),
    ("因公出国（境）费", ("因公出国（境）费",)),
    ("公务用车购置及运行费", ("公务用车购置及运行费",)),
    ("公务用车购置费", ("公务用车购置费",)),
    ("公务用车运行费", ("公务用车运行费",)),
    ("公务接待费", ("公务接待费",)),
    ("机关运行经费", ("机关运行经费",)),
    ("政府采购", ("政府采购预算",)),
    ("基本支出", ("基本支出",)),
    ("项目支出", ("项目支出",)),
    ("人员经费", ("人员经费", "人员经费合计")),
    ("公用经费", ("公用经费", "公用经费合计")),
)


class ListedTable(BaseModel):
    name: str = Field(description="The table as the contents page lists it")
    status: str = Field(description="read (figures taken) / empty (printed without figures) / unread / absent")
    page: int | None = Field(default=None, description="Where its title is printed (first page)")
    facts: int = Field(default=0, description="Table facts read from it")


class Headline(BaseModel):
    name: str
    found: bool
    value: str = Field(default="", description="The first figure found, as printed (万元/元 …)")
    page: int | None = None
    source: str = Field(default="", description="table or prose")


class Coverage(BaseModel):
    doc: str = Field(description="Filing title")
    doc_id: str
    department: str
    year: int
    filing_kind: str | None
    pages: int = Field(description="Pages in the filing")
    pages_without_text: list[int] = Field(default_factory=list)
    contents_found: bool = Field(description="Whether a contents page (目录) was found")
    tables_listed: int
    tables_read: int = Field(description="Listed tables read, or printed empty")
    tables: list[ListedTable] = Field(default_factory=list)
    headlines_found: list[str] = Field(default_factory=list)
    headlines_missing: list[str] = Field(default_factory=list)
    headlines: list[Headline] = Field(default_factory=list)
    facts: int = Field(description="Facts read from the filing, all sources")
    guesses: list[str] = Field(default_factory=list, description="What the reader had to guess (its warnings)")

    def summary(self) -> str:
        """One line for the ingest report."""
        parts = [f"目录所列表格 {self.tables_read}/{self.tables_listed} 张已读" if self.contents_found
                 else "未找到目录页"]
        unread = [t.name for t in self.tables if t.status in ("unread", "absent")]
        if unread:
            parts[-1] += f"（未读：{'、'.join(unread)}）"
        n = len(HEADLINES)
        parts.append(f"要点数字 {len(self.headlines_found)}/{n}"
                     + (f"（缺：{'、'.join(self.headlines_missing)}）" if self.headlines_missing else ""))
        if self.pages_without_text:
            parts.append(f"无文字层页：{'、'.join(f'第{p}页' for p in self.pages_without_text)}")
        if self.guesses:
            parts.append(f"推测：{'；'.join(self.guesses)}")
        return "；".join(parts)


def _core(name: str, own_names: list[str]) -> str:
    """A table name with what varies between its listing and its title taken out: numbering,
    公开N表, the year, the department's own name, quotes, spaces, the final 表."""
    s = re.sub(r"\s+", "", name)
    s = _OPEN_TABLE.sub("", _ENUM.sub("", s))
    s = _YEAR.sub("", s)
    for n in own_names:
        s = s.replace(n, "")
    s = _LEAD.sub("", re.sub(r"[“”\"'‘’]", "", s))
    s = re.sub(r"（[^）]*）$|\([^)]*\)$", "", s)  # "财政拨款支出预算表（功能科目）"
    return re.sub(r"表$", "", s)


def listed_tables(pages: list[Page]) -> list[str] | None:
    """The tables a contents page lists, in its order; None when no contents page is found."""
    for page in pages[:6]:
        lines = [ln.strip() for ln in page.text.splitlines()]
        at = next((i for i, ln in enumerate(lines) if _CONTENTS.match(re.sub(r"\s+", " ", ln))), None)
        if at is None:
            continue
        entries: list[str] = []
        for ln in lines[at + 1:]:
            ln = PAGE_NO.sub("", TOC_DOTS.sub("", ln)).strip()
            ln = re.sub(r"[…\.·]+\s*\d*$", "", ln).strip()
            if not ln:
                continue
            if entries and not _ENUM.match(ln) and not _PART.match(ln) and (
                    len(ln) <= 3 or not entries[-1].endswith(("表", "说明", "况", "解释"))):
                entries[-1] += ln  # a wrapped entry's tail ("表", "出预算表")
            else:
                entries.append(ln)
        return [e for e in entries if e.endswith("表") and not _PART.match(e) and _core(e, []) not in _GENERIC]
    return None


def _loose(core: str) -> str:
    """Contents and titles word a table a little differently ("政府性基金财政拨款支出预算" /
    "政府性基金预算财政拨款支出预算", "政府采购支出预算" / "政府采购预算", "一般公共预算“三公”经费…" /
    "“三公”经费…"): compared without 预算/支出 and the fund words before the subject."""
    return re.sub(r"预算|支出|^一般公共", "", core)


def _same_table(title: str, listed: str, others: set[str]) -> bool:
    """A read table's title (its core) is the listed table: the same core, or one ending the other,
    or the same loosely — unless it is exactly another listed table."""
    if title == listed:
        return True
    if title in others:
        return False
    if title.endswith(listed) or listed.endswith(title) and len(title) >= 4:
        return True
    a, b = _loose(title), _loose(listed)
    return len(b) >= 4 and (a == b or a.endswith(b) or b.endswith(a) and len(a) >= 4)


def _ordinal(name: str) -> int | None:
    """The number a contents entry or a title gives its table: "十、…" 10, "公开10表" 10."""
    m = _OPEN_TABLE.search(re.sub(r"\s+", "", name))
    if m:
        return int(re.sub(r"\D", "", m.group()))
    m = re.match(r"^([一二三四五六七八九十]+)[、.．]", name.strip())
    return cn_to_int(m.group(1)) if m else None


def _printed_at(core: str, pages: list[Page], own: list[str], after: int,
                number: int | None = None) -> tuple[int, str] | None:
    """The page where a table's title is printed, and the text from the title to the page's end.
    Jiangsu numbers its tables 公开01–12表 in the order of its contents: the Nth entry is 公开N表
    whatever its wording there ("政府性基金财政拨款支出预算表" / "公开10表：政府性基金支出预算表")."""
    for page in pages:
        if page.number <= after:
            continue
        lines = page.text.splitlines()
        for i, ln in enumerate(lines):
            joined = ln + (lines[i + 1] if i + 1 < len(lines) and len(lines[i + 1].strip()) <= 3 else "")
            if number is not None and _OPEN_TABLE.match(re.sub(r"\s+", "", joined)) and _ordinal(joined) == number:
                return page.number, "\n".join(lines[i + 1:])
            title = _core(joined, own)
            if len(title) <= len(core) + 20 and (title.endswith(core) or _loose(title).endswith(_loose(core))
                                                 and len(_loose(core)) >= 4):
                return page.number, "\n".join(lines[i + 1:])
    return None


def _headline(name: str, subjects: tuple[str, ...], facts: list[Fact], kind: str) -> Headline:
    def fits(f: Fact) -> bool:
        if f.subject not in subjects or f.value is None or f.measure not in _VALUE_MEASURES:
            return False
        fund = "财政拨款" in f"{f.table or ''}{f.column}" or (f.source == "prose" and "财政拨款收" in f.quote)
        return fund if name == "财政拨款收支总计" else True

    hits = [f for f in facts if fits(f)]
    if not hits:
        return Headline(name=name, found=False)
    # the figure itself (not a 科目 row of that name), the filing's own measure, a table first
    f = min(hits, key=lambda f: (f.code is not None, f.measure != f"{kind}数", f.source != "table", f.page or 0))
    return Headline(name=name, found=True, value=str(printed_amount(f.value, f.unit, f.quote)), page=f.page,
                    source=f.source)


def filing_coverage(filing: Filing, pages: list[Page], facts: list[Fact]) -> Coverage:
    own = sorted({filing.department, *filing.aliases}, key=len, reverse=True)
    listed = listed_tables(pages)
    contents_page = next((p.number for p in pages[:6] if any(_CONTENTS.match(re.sub(r"\s+", " ", ln.strip()))
                                                            for ln in p.text.splitlines())), 0)
    table_facts: dict[str, int] = {}
    titles: dict[str, int] = {}  # as printed, for 公开N表 numbers
    for f in facts:
        if f.source == "table" and f.table:
            key = _core(f.table, own)
            table_facts[key] = table_facts.get(key, 0) + 1
            titles[f.table] = titles.get(f.table, 0) + 1
    tables: list[ListedTable] = []
    cores = [_core(name, own) for name in listed or []]
    for name, core in zip(listed or [], cores):
        others = set(cores) - {core}
        number = _ordinal(name) if any(_OPEN_TABLE.search(t) for t in titles) else None
        keys = [k for k in table_facts if _same_table(k, core, others)]
        n = sum(table_facts[k] for k in keys) + sum(c for t, c in titles.items() if number and _ordinal(t) == number
                                                    and _core(t, own) not in keys)
        where = _printed_at(core, pages, own, contents_page, number)
        if n:
            status = "read"
        elif where and (_EMPTY_NOTE.search(where[1][:400]) or not _FIGURE.search(_upto_next_title(where[1]))):
            status = "empty"
        else:
            status = "unread" if where else "absent"
        tables.append(ListedTable(name=name, status=status, page=where[0] if where else None, facts=n))
    heads = [_headline(name, subjects, facts, filing.kind) for name, subjects in HEADLINES]
    return Coverage(
        doc=filing.title, doc_id=filing.doc_id, department=filing.department, year=filing.year,
        filing_kind=filing.filing_kind, pages=len(pages),
        pages_without_text=[p.number for p in pages if not p.has_text_layer],
        contents_found=listed is not None, tables_listed=len(tables),
        tables_read=sum(1 for t in tables if t.status in ("read", "empty")), tables=tables,
        headlines_found=[h.name for h in heads if h.found], headlines_missing=[h.name for h in heads if not h.found],
        headlines=heads, facts=len(facts),
        guesses=[w for w in filing.warnings if "取自文件名" in w or "推测" in w],
    )


def _upto_next_title(text: str) -> str:
    """A printed table's body: up to the next line that is a table title or a 注."""
    out = []
    for ln in text.splitlines():
        s = ln.strip()
        if s.startswith("注") or (s.endswith("表") and not _FIGURE.search(s)) and out:
            break
        out.append(s)
    return "\n".join(out)


def coverage_index(index) -> list[Coverage]:
    """Coverage of every filing of an index (an `Index` or a bare `FactStore`)."""
    store = getattr(index, "facts", index)
    out = []
    for filing in store.filings():
        out.append(filing_coverage(filing, store.pages(filing.doc_id), store.facts(doc_id=filing.doc_id)))
    return out


def format_coverage(items: list[Coverage]) -> str:
    """A report for staff: per filing, the summary line, then each listed table not read."""
    lines = []
    for c in items:
        lines.append(f"【{c.doc}】 {c.summary()}")
        for t in c.tables:
            if t.status == "empty":
                lines.append(f"  · {t.name}：第{t.page}页，表内无数字（空表）")
        for h in c.headlines:
            if h.found:
                lines.append(f"  ✓ {h.name} {h.value}（第{h.page}页，{'表' if h.source == 'table' else '说明'}）")
    return "\n".join(lines)


__all__ = ["Coverage", "ListedTable", "Headline", "HEADLINES", "filing_coverage", "coverage_index",
           "format_coverage", "listed_tables"]
