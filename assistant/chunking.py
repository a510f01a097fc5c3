"""Structure-following chunks: a filing's pages → self-describing passages for retrieval.

A chunk is one of: a section's paragraph(s); a table, or a group of its rows; a project
sheet; a glossary entry. Every chunk's text begins with a header naming the filing,
department, year, kind, where it stands (part › section › table), its unit and page(s),
so a passage read alone — by BM25, an embedding or a language model — never shows bare
numbers cut off from their table title, column header and unit.

Ruled tables come from `Page.tables` (their lines are taken out of the page text so the
figures are not chunked twice); tables flattened into lines (text filings) are the lines
from a table title up to the next numbered heading. A table that runs on to the next
page without repeating its title and header inherits both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.parsers.sections import TABLE_TITLE, Heading, Outline
from assistant.types import LOCATOR_SEP, Chunk, Fact, Filing, RawTable
from assistant.parsers.patterns import PAGE_NO, TOC_DOTS

MAX_CHARS = 800  # body characters per chunk: a passage a reader (or an LLM) takes in at once
MIN_CHARS = 300  # shorter paragraphs of one section are packed together up to this size
MAX_HEADER_ROWS = 5

_UNIT = re.compile(r"单位\s*[：:]\s*(万元|亿元|千元|元|%|人|辆)")
_CONTEXT = re.compile(r"单位\s*[：:]|编制(?:部门|单位)\s*[：:]|预算(?:主管)?(?:部门|单位)\s*[：:]|^公开\s*\d+\s*表$")
_NUMBER_CELL = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")
_AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|(?:^|\s)\d+(?:\s|$)")
_PARA_START = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|注[：:]|备注)"
)
_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_PROJECT_START = re.compile(r"^项目名称")


@dataclass
class _Table:
    """A table being chunked: its title, unit, header and body rows, with the pages it spans."""

    title: str
    unit: str
    header: list[str]  # a ruled table's column paths; a flattened table's header lines
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (page, cells); one cell per flat line
    locator: str = ""
    ncols: int = 0  # columns of a ruled table; 0 for a table flattened into lines
    at: tuple[int, int] = (0, 0)  # (page, line) of its title, to put a title with no table back as text


@dataclass
class _Prose:
    page: int
    line: int
    text: str


# --- ruled tables -------------------------------------------------------------------------

def _cell(c: str | None) -> str:
    return re.sub(r"\s*\n\s*", "", c or "").strip()


def _is_data_row(row: list[str | None]) -> bool:
    return any(_NUMBER_CELL.match(_cell(c).replace(" ", "")) for c in row if _cell(c))


def column_paths(header: list[list[str | None]]) -> list[str]:
    """Header rows with merged cells (None) → one ' › '-joined path per column.

    A None cell continues its left neighbour only when both stand under the same parent
    (a horizontal merge); otherwise it continues the cell above (a vertical merge)."""
    ncols = max((len(r) for r in header), default=0)
    paths: list[list[str]] = [[] for _ in range(ncols)]
    for row in header:
        row = list(row) + [""] * (ncols - len(row))
        parents = [LOCATOR_SEP.join(p) for p in paths]
        resolved: list[str | None] = []
        for c, cell in enumerate(row):
            if cell is None and c > 0 and resolved[c - 1] and parents[c] == parents[c - 1]:
                resolved.append(resolved[c - 1])
            else:
                resolved.append(_cell(cell) if cell is not None else None)
        for c, name in enumerate(resolved):
            if name and (not paths[c] or paths[c][-1] != name):
                paths[c].append(name)
    return [LOCATOR_SEP.join(p) for p in paths]


def _cells(row: list[str | None]) -> list[str]:
    cells = [_cell(c) for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _clean_grid(table: RawTable) -> tuple[list[list[str | None]], str | None]:
    """Drop the rows that only say 部门名称/单位 (keeping the unit) and the columns no cell
    of which holds anything: pdfplumber cuts a merged-cell grid into many empty slivers."""
    unit, rows = None, []
    for row in table.rows:
        text = "".join(_cell(c) for c in row)
        if _CONTEXT.search(text.replace(" ", "")) and not _is_data_row(row):
            unit = _unit_of(text) or unit
        elif text:
            rows.append(list(row))
    ncols = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    keep = [c for c in range(ncols) if any(r[c] for r in rows)]
    return [[r[c] for c in keep] for r in rows], unit


def _split_header(rows: list[list[str | None]]) -> tuple[list[list[str | None]], list[list[str | None]]]:
    for i, row in enumerate(rows[: MAX_HEADER_ROWS + 1]):
        if _is_data_row(row):
            return rows[:i], rows[i:]
    return [], rows  # a form (key | value rows) or a text table: no column header


def _cell_tokens(tables: list[RawTable]) -> set[str]:
    return {tok for t in tables for r in t.rows for c in r if c for tok in c.split()}


def _is_table_line(line: str, tokens: set[str]) -> bool:
    toks = line.split()
    return bool(toks) and sum(t in tokens for t in toks) >= 0.75 * len(toks)


# --- the walk over the pages ----------------------------------------------------------------

def _is_title(line: str) -> bool:
    s = re.sub(r"\s+", "", line)
    return bool(TABLE_TITLE.match(s)) and not re.search(r"[，。；：;,《》]", s) and len(s) <= 50


def _unit_of(line: str) -> str | None:
    m = _UNIT.search(line.replace(" ", ""))
    return m.group(1) if m else None


def _section_path(outline: Outline, page: int, line: int) -> str:
    """Part › section › subsection in force at (page, line); a "heading" that goes on into a
    sentence (一、财政拨款：指…) is the first line of a list item, not a section."""
    heads = [h for h in outline.path_at(page, line) if h and not _is_title(h) and not re.search(r"[：:，,].", h)]
    return LOCATOR_SEP.join(dict.fromkeys(heads))


def section_outline(filing: Filing) -> Outline:
    """The filing's outline, less the "headings" that are rows of a ruled table (四、其他收入 …)
    or a full-width wrapped sentence that happens to start with a list number."""
    outline = Outline.build(filing)
    pages = {p.number: p for p in filing.pages}
    tokens = {p.number: _cell_tokens(p.tables) for p in filing.pages}
    widths = {p.number: max((len(ln.strip()) for ln in p.text.splitlines()), default=0) for p in filing.pages}

    def real(h: Heading) -> bool:
        lines = pages[h.page].text.splitlines()
        line = lines[h.line].strip() if 0 <= h.line < len(lines) else h.title
        if _is_table_line(line, tokens[h.page]) and not _is_title(h.title):
            return False
        return h.level in (0, 9) or not (len(line) >= 20 and len(line) >= 0.9 * widths[h.page])

    outline.headings = [h for h in outline.headings if real(h)]
    return outline


def _walk(filing: Filing, facts: list[Fact], outline: Outline) -> tuple[list[_Prose], list[_Table]]:
    prose: list[_Prose] = []
    tables: list[_Table] = []
    fact_titles = {f.page: f.table for f in facts if f.source == "table" and f.table and f.page}
    heads = {(h.page, h.line): h for h in outline.headings}
    open_table: _Table | None = None  # a table that may continue on the next page
    for page in filing.pages:
        lines = [ln.strip() for ln in page.text.splitlines()]
        ruled = sorted(page.tables, key=lambda t: t.bbox[1] if t.bbox else 0)
        if ruled:
            open_table = _ruled_page(page.number, lines, ruled, outline, heads, fact_titles, prose, tables,
                                     open_table)
        else:
            if open_table is not None and open_table.ncols:
                open_table = None  # a ruled table does not go on into a page with no ruled table
            open_table = _flat_page(page.number, lines, outline, heads, prose, tables, open_table)
    prose = [p for p in prose if not TOC_DOTS.search(p.text)]  # contents lines: only noise to a search
    for t in tables:  # a title with nothing under it (a list of tables) stays text
        if not t.rows and not t.header:
            prose.append(_Prose(t.at[0], t.at[1], t.title))
    prose.sort(key=lambda p: (p.page, p.line))
    return prose, [t for t in tables if t.rows or t.header]


def _title_at(heads: dict, pno: int, i: int, lines: list[str]) -> tuple[str | None, int]:
    """The table title printed at line i (the outline's, or a title line of our own reading,
    possibly wrapped onto a short next line) and the last line it covers."""
    h = heads.get((pno, i))
    if h is not None and (h.level == 9 or _is_title(h.title)):
        return re.sub(r"\s+", "", h.title), i
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if _is_title(lines[i]):
        return re.sub(r"\s+", "", lines[i]), i
    if nxt and len(nxt) <= 8 and not _is_title(nxt) and _is_title(lines[i] + nxt):
        return re.sub(r"\s+", "", lines[i] + nxt), i + 1
    return None, i


def _ruled_page(pno, lines, ruled, outline, heads, fact_titles, prose, tables, open_table):
    """A page with ruled tables: each table takes the title and unit lines printed above it
    (after the table before it); its own lines are dropped from the text; the rest is prose."""
    per_table = [_cell_tokens([t]) for t in ruled]
    tokens = set().union(*per_table)
    kinds: dict[int, str] = {}  # line → table / title / context / prose
    titles: dict[int, str] = {}
    units: dict[int, str] = {}
    skip = -1
    for i, line in enumerate(lines):
        if i == skip or not line or PAGE_NO.match(line):
            continue
        title, last = _title_at(heads, pno, i, lines)
        if title:
            titles[last] = title
            kinds[i] = kinds[last] = "title"
            skip = last
        elif _is_table_line(line, tokens):
            kinds[i] = "table"
        elif _CONTEXT.search(line.replace(" ", "")):
            kinds[i], units[i] = "context", _unit_of(line) or ""
        else:
            kinds[i] = "prose"
            prose.append(_Prose(pno, i, line))
    starts, prev = [], -1
    for toks in per_table:  # where each table's own lines begin on the page
        prev = next((i for i, ln in enumerate(lines) if i > prev and kinds.get(i) == "table"
                     and _is_table_line(ln, toks)), prev + 1)
        starts.append(prev)
    for k, raw in enumerate(ruled):
        grid, grid_unit = _clean_grid(raw)
        if not any(map(_is_data_row, grid)):  # a ruled box of text (a table of contents, a note): prose
            prose += [_Prose(pno, starts[k], " ".join(_cells(r))) for r in grid if any(_cells(r))]
            continue
        head, body = _split_header(grid)
        above = range(starts[k - 1] + 1 if k else 0, starts[k])
        title_at = max((i for i in above if i in titles), default=None)
        unit = grid_unit or next((units[i] for i in reversed(above) if units.get(i)), "")
        text_before = any(kinds.get(i) == "prose" for i in above)
        if k == 0 and title_at is None and not text_before and open_table is not None:
            t = open_table  # runs on from the previous page; a repeated header is dropped with `head`
        else:
            line_no = title_at if title_at is not None else starts[k]
            title = titles.get(title_at, "") or fact_titles.get(pno) or ""
            path = _section_path(outline, pno, line_no)
            locator = LOCATOR_SEP.join(p for p in (path, title) if p)
            t = _Table(title or (path.split(LOCATOR_SEP)[-1] if path else "表格"), unit,
                       column_paths(head) if head else [], locator=locator,
                       ncols=max((len(r) for r in grid), default=0), at=(pno, line_no))
            tables.append(t)
        t.rows += [(pno, c) for c in map(_cells, body) if c]
        open_table = t
    return open_table


def _flat_page(pno, lines, outline, heads, prose, tables, open_table):
    """A page without ruled tables: a table flattened into lines runs from its title to the
    next section heading; its first lines without figures are its header."""
    skip = -1
    for i, line in enumerate(lines):
        if i <= skip or not line or PAGE_NO.match(line):
            continue
        title, skip = _title_at(heads, pno, i, lines)
        if title:
            path = _section_path(outline, pno, i)
            # a sub-table inside an open sheet (年度绩效目标表 in a 项目申报表) keeps the sheet's unit
            unit = open_table.unit if open_table is not None and not open_table.ncols else ""
            open_table = _Table(title, unit, [], locator=LOCATOR_SEP.join(p for p in (path, title) if p), at=(pno, i))
            tables.append(open_table)
            continue
        if (pno, i) in heads or open_table is None:
            open_table = None
            prose.append(_Prose(pno, i, line))
            continue
        if _CONTEXT.search(line.replace(" ", "")) and not open_table.rows and not open_table.unit:
            open_table.unit = _unit_of(line) or open_table.unit
            continue
        if not open_table.rows and not _AMOUNT.search(line) and len(open_table.header) < MAX_HEADER_ROWS \
                and not _PROJECT_START.match(line):
            open_table.header.append(line)
            continue
        open_table.rows.append((pno, [line]))
    return open_table


# --- chunks -----------------------------------------------------------------------------------

def _pages_label(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"第{start}页" if end in (None, start) else f"第{start}–{end}页"


def _header(filing: Filing, locator: str, unit: str, start: int | None, end: int | None) -> str:
    where = "｜".join(p for p in (f"位置：{locator}" if locator else "", f"单位：{unit}" if unit else "",
                                   _pages_label(start, end)) if p)
    return f"{filing.title}｜{filing.department}｜{filing.year}年｜{filing.kind}\n{where}\n"


def _paragraphs(lines: list[_Prose], heads: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Printed lines → paragraphs (page_start, page_end, text): a paragraph starts at an
    enumerator or a heading, or after a line that ends a sentence; hard wraps are joined."""
    paras: list[list[_Prose]] = []
    for ln in lines:
        last = paras[-1][-1].text if paras else ""
        if not paras or _PARA_START.match(ln.text) or (ln.page, ln.line) in heads or \
                (paras[-1][-1].page, paras[-1][-1].line) in heads or re.search(r"[。：:；]$", last):
            paras.append([ln])
        else:
            paras[-1].append(ln)
    return [(p[0].page, p[-1].page, _join_wrapped([(page_mark(ln.page) if i and ln.page != p[i - 1].page else "") + ln.text
                                                    for i, ln in enumerate(p)])) for p in paras]


def page_mark(page: int) -> str:
    """Where a chunk's text goes on to the next page: the answer cites the page a figure is printed on."""
    return f"〔第{page}页〕"


def _with_page_marks(paras: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    page = paras[0][0] if paras else None
    for a, b, text in paras:
        if a != page:
            out.append(page_mark(a))
        out.append(text)
        page = b
    return "\n".join(out)


def _carry_bare_headings(groups: list[tuple[str, list[_Prose]]], heads: set[tuple[int, int]]
                         ) -> list[tuple[str, list[_Prose]]]:
    """A group that is only headings or a stray label ("五、一般公共预算支出安排情况" before its
    （一）, "附件 1-1") says nothing alone: its lines open the next group instead of a chunk of their own."""
    out: list[tuple[str, list[_Prose]]] = []
    carry: list[_Prose] = []
    for path, lines in groups:
        lines = carry + lines
        bare = all((ln.page, ln.line) in heads for ln in lines) or sum(len(ln.text) for ln in lines) < 12
        if bare:
            carry = lines
            continue
        carry = []
        out.append((path, lines))
    if carry:
        out.append((groups[-1][0], carry))
    return out


def _join_wrapped(parts: list[str]) -> str:
    out = ""
    for s in parts:  # a space only between two latin/digit characters, as the printer wrapped them
        out += (" " if out and re.match(r"[A-Za-z0-9]", s) and re.search(r"[A-Za-z]$", out) else "") + s
    return out


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CHARS:
        return [text]
    pieces, cur = [], ""
    for sent in (s for s in _SENTENCE_END.split(text) if s):
        if cur and len(cur) + len(sent) > MAX_CHARS:
            pieces.append(cur)
            cur = ""
        cur += sent
        while len(cur) > MAX_CHARS:  # a sentence longer than a chunk: cut it hard
            pieces.append(cur[:MAX_CHARS])
            cur = cur[MAX_CHARS:]
    return pieces + ([cur] if cur else [])


def _section_chunks(filing: Filing, outline: Outline, prose: list[_Prose]) -> list[tuple]:
    """(locator, chunk_type, unit, page_start, page_end, body) per section passage."""
    out: list[tuple] = []
    groups: list[tuple[str, list[_Prose]]] = []
    heads = {(h.page, h.line) for h in outline.headings}
    for ln in prose:
        path = _section_path(outline, ln.page, ln.line)
        if groups and groups[-1][0] == path:
            groups[-1][1].append(ln)
        else:
            groups.append((path, [ln]))
    groups = _carry_bare_headings(groups, heads)
    for path, lines in groups:
        paras = _paragraphs(lines, heads)
        if "名词解释" in path:  # one glossary entry per chunk; the part's title opens the first
            titles = set(path.split(LOCATOR_SEP))
            lead = ""
            for a, b, text in paras:
                if text.strip() in titles:
                    lead = text.strip() + "\n"
                    continue
                text, lead = lead + text, ""
                for piece in _split_long(text):
                    out.append((path, "glossary", "", a, b, piece))
            continue
        kind = "project" if "项目" in path.split(LOCATOR_SEP)[0] else "section"  # a part on one project
        buf: list[tuple[int, int, str]] = []

        def flush() -> None:
            if buf:
                out.append((path, kind, "", buf[0][0], buf[-1][1], _with_page_marks(buf)))
                buf.clear()

        for a, b, text in paras:
            for piece in _split_long(text):
                size = sum(len(t) for _, _, t in buf)
                if buf and (size >= MIN_CHARS or size + len(piece) > MAX_CHARS):
                    flush()
                buf.append((a, b, piece))
        flush()
    return out


def _render(table: _Table, cells: list[str], as_pairs: bool) -> str:
    if as_pairs and len(cells) <= len(table.header):  # 列名：值 — a one-row table reads best this way
        return "；".join(f"{col}：{val}" if col else val for col, val in zip(table.header, cells) if val)
    return " | ".join(cells)


def _table_chunks(table: _Table, project: str) -> tuple[list[tuple], str]:
    """Row groups of one table, each under the table's title, unit and column header.
    Project sheets (绩效目标表 and the like) are cut at each 项目名称 row instead, and a group
    that does not start with it repeats the project's name line. Returns the chunks and the
    project line in force after the table (a sheet's sub-tables follow it)."""
    is_project = "绩效" in table.title or any(_PROJECT_START.match(c[0]) for _, c in table.rows)
    as_pairs = bool(table.ncols and table.header) and len(table.rows) <= 3
    head = f"表：{table.title}" + (f"（单位：{table.unit}）" if table.unit else "")
    if table.ncols and table.header and not as_pairs:
        head += "\n列：" + " | ".join(table.header)
    elif not table.ncols:
        head += "".join(f"\n{h}" for h in table.header)
    groups: list[tuple[str, list[tuple[int, str]]]] = [(project, [])]
    for page, cells in table.rows:
        row = _render(table, cells, as_pairs)
        starts = bool(is_project and _PROJECT_START.match(cells[0]))
        project = row if starts else project
        size = sum(len(r) + 1 for _, r in groups[-1][1])
        if groups[-1][1] and (starts or size + len(row) > MAX_CHARS):
            groups.append((project, []))
        groups[-1][1].append((page, row))
    out = []
    for proj, g in groups:
        if g:
            lead = f"\n（续）{proj}" if is_project and proj and not _PROJECT_START.match(g[0][1]) else ""
            rows = [page_mark(pg) + "\n" + r if i and pg != g[i - 1][0] else r for i, (pg, r) in enumerate(g)]
            out.append((table.locator, "project" if is_project else "table", table.unit, g[0][0], g[-1][0],
                        head + lead + "\n" + "\n".join(rows)))
    return out, project if is_project else ""


def make_chunks(filing: Filing, facts: list[Fact]) -> list[Chunk]:
    outline = section_outline(filing)
    prose, tables = _walk(filing, facts, outline)
    parts = _section_chunks(filing, outline, prose)
    project = ""
    for t in tables:
        found, project = _table_chunks(t, project)
        parts += found
    parts.sort(key=lambda p: (p[3] or 0, p[1] not in ("section", "glossary")))
    return [
        Chunk(chunk_id=f"{filing.doc_id}:{i:04d}", doc_id=filing.doc_id, doc=filing.title,
              department=filing.department, year=filing.year, kind=filing.kind,
              text=_header(filing, loc, unit, a, b) + body, page_start=a, page_end=b,
              locator=loc, chunk_type=ctype)
        for i, (loc, ctype, unit, a, b, body) in enumerate(parts)
    ]
