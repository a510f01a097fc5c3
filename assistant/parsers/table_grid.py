"""Ruled tables of a PDF filing → logical tables: title, unit, column model, body rows.

A printed table may run over several pages, repeating its header (Shanghai) or not
(the 决算 family, Jiangsu), and never repeating its title. A piece with no title line
above it on its page continues the previous table; its columns are matched to the
first piece's columns by x-position. Header cells are merged; each column's header
path is resolved through the merge spans the reader recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.types import Filing, Page, RawTable

NUMBER = re.compile(r"^-?\d[\d,，]*(?:\.\d+)?$")
CODE = re.compile(r"^\d{2,7}$")
UNIT_IN = re.compile(r"单位[:：]?(万元|千元|亿元|元)")
META = re.compile(r"单位[:：]|部门[:：]|部门名称|编制部门|编制单位|预算主管部门")
TITLE_START = re.compile(r"^(?:公开\s*\d+\s*表|表\s*\d+|[一二三四五六七八九十]+、|\d+\s*[.．、]|20\d\d年)")
CJK = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CODE_HEADER = re.compile(r"编码|代码|^[类款项]$|\s[类款项]$")


def squash(text: str | None) -> str:
    """Cell text as one printed string: wrapped lines joined, CJK-internal spaces dropped."""
    s = (text or "").replace("\n", "")
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", s).strip()


def is_number(text: str | None) -> bool:
    return bool(text) and bool(NUMBER.match(text.strip()))


@dataclass
class Column:
    x0: float
    x1: float
    role: str = "skip"  # code / label / value / skip
    path: list[str] = field(default_factory=list)
    segment: int = 0


@dataclass
class BodyRow:
    page: int
    cells: list[str]  # one per logical column, "" when empty


@dataclass
class LogicalTable:
    title: str
    unit: str | None
    page: int
    line: int  # line index of the title on its page, for the section path
    columns: list[Column]
    rows: list[BodyRow] = field(default_factory=list)


def owner(t: RawTable, i: int, j: int) -> tuple[int, int]:
    """The origin cell covering grid position (i, j)."""
    if not t.spans:
        return i, j
    for a in range(i, -1, -1):
        for b in range(j, -1, -1):
            sp = t.spans[a][b]
            if sp is not None and a + sp[0] > i and b + sp[1] > j:
                return a, b
    return i, j


def body_start(t: RawTable) -> int:
    for i, r in enumerate(t.rows):
        if any(is_number(c) for c in r):
            return i
    return len(t.rows)


def _header_rows(t: RawTable, start: int) -> list[int]:
    out = []
    for i in range(start):
        cells = [squash(c) for c in t.rows[i] if c]
        joined = "".join(cells)
        if not joined or META.search(joined):
            continue
        if len(cells) == 1 and joined.endswith("表"):
            continue  # the title printed inside the ruling
        out.append(i)
    return out


def header_path(t: RawTable, rows: list[int], j: int) -> list[str]:
    """Header texts over column j, top to bottom; a label wrapped into stacked cells of the
    same width ("因公出国" over "（境）费") is joined back into one."""
    parts: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for i in rows:
        o = owner(t, i, j)
        text = squash(t.rows[o[0]][o[1]])
        if not text or any(p[1] == o for p in parts):
            continue
        span = t.spans[o[0]][o[1]] if t.spans else (1, 1)
        extent = (o[1], o[1] + (span[1] if span else 1))
        if parts and parts[-1][2] == extent and (len(text) <= 2 or text[0] in "（(") and not re.search(
            r"(数|计|费)$", parts[-1][0]
        ):
            parts[-1] = (parts[-1][0] + text, o, extent)
        else:
            parts.append((text, o, extent))
    return [p[0] for p in parts]


def _lines_between(page: Page, top: float, bottom: float) -> list[tuple[int, str]]:
    lines = page.text.splitlines()
    return [(k, lines[k].strip()) for k, y in enumerate(page.line_tops[: len(lines)]) if top <= y < bottom]


def find_title(page: Page, above: list[tuple[int, str]]) -> tuple[str, int] | None:
    """Walk up from the table: title lines contain 表 (a wrapped title's tail may be a short
    fragment); stop at a line that starts a title."""
    got: list[tuple[int, str]] = []
    for k, line in reversed(above):
        if re.match(r"^第[一二三四五六七八九十]+部分", line):
            break
        if not line or line.isdigit() or META.search(line.replace(" ", "")) or line.startswith("注"):
            if got:
                break
            continue
        title_like = "表" in line and len(line) <= 60 and not re.search(r"[。；]", line)
        fragment_tail = bool(got) and len(got[-1][1]) <= 6 and not NUMBER.match(line) and len(line) <= 60
        if not (title_like or fragment_tail) or re.search(r"\d[\d,]*\.\d{2}", line):
            break
        got.append((k, line))
        if TITLE_START.match(line):
            break
    if not got:
        return None
    got.reverse()
    return re.sub(r"\s+", " ", "".join(g[1] for g in got) if len(got) > 1 and len(got[-1][1]) <= 6
                  else " ".join(g[1] for g in got)), got[0][0]


def find_unit(texts: list[str]) -> str | None:
    for s in texts:
        m = UNIT_IN.search(re.sub(r"\s+", "", s))
        if m:
            return m.group(1)
    return None


def _roles(columns: list[Column], rows: list[BodyRow]) -> None:
    n = len(columns)
    num = [0] * n
    code = [0] * n
    text = [0] * n
    for r in rows:
        for j, c in enumerate(r.cells):
            if not c:
                continue
            if is_number(c):
                num[j] += 1
                code[j] += bool(CODE.match(c))
            elif CJK.search(c):
                text[j] += 1
    for j, col in enumerate(columns):
        if any("序号" in p for p in col.path):
            col.role = "skip"
        elif num[j] and text[j] <= 1 and _CODE_HEADER.search(" ".join(col.path[-2:])):
            col.role = "code"  # the header names it: "功能分类科目编码 › 类", "款" (a 合计 may sit in it)
        elif text[j] and text[j] >= num[j]:
            col.role = "label"
        elif num[j]:
            col.role = "value"
    # a column of bare integers just left of a label column (no value column between) holds codes
    for j, col in enumerate(columns):
        if col.role != "value" or code[j] != num[j]:
            continue
        for k in range(j + 1, n):
            if columns[k].role == "label":
                col.role = "code"
                break
            if columns[k].role == "value" and code[k] != num[k]:
                break
    seg, prev = 0, None
    for col in columns:
        if col.role == "skip":
            continue
        if col.role in ("code", "label") and prev == "value":
            seg += 1
        col.segment, prev = seg, col.role


def _own_groups(t: RawTable, head: list[int], columns: list[Column]) -> None:
    """A group header covers whole label|amount pairs. A header cell drawn one column off —
    starting over one pair's amount column and running on over the next pair (Jiangsu 2019
    公开01表 draws "支出用途" over 功能分类's 金额 as well) — is not that amount column's group:
    the column takes its own label column's group instead."""
    for seg in {c.segment for c in columns if c.role != "skip"}:
        idx = [k for k, c in enumerate(columns) if c.segment == seg and c.role != "skip"]
        labels = [k for k in idx if columns[k].role in ("label", "code")]
        if not labels or len(columns[labels[0]].path) < 2:
            continue
        first, last = labels[0], idx[-1]
        for k in idx:
            if columns[k].role != "value" or not columns[k].path:
                continue
            for i in head:
                o = owner(t, i, k)
                span = t.spans[o[0]][o[1]] if t.spans else None
                covers = range(o[1], o[1] + (span[1] if span else 1))
                if o[1] > first and any(j > last and columns[j].role == "label" for j in covers):
                    columns[k].path = [*columns[first].path[:-1], columns[k].path[-1]]
                    break


def _map_columns(piece: RawTable, columns: list[Column]) -> list[int | None]:
    out: list[int | None] = []
    for x0, x1 in piece.col_x:
        best, best_ov = None, 0.0
        for k, c in enumerate(columns):
            ov = min(x1, c.x1) - max(x0, c.x0)
            if ov > best_ov:
                best, best_ov = k, ov
        out.append(best if best_ov >= 0.3 * max(x1 - x0, 0.1) else None)
    return out


def _body(piece: RawTable, page: int, start: int, mapping: list[int | None], n: int,
          label_cols: set[int]) -> list[BodyRow]:
    rows = []
    for i in range(start, len(piece.rows)):
        cells = [""] * n
        for j, c in enumerate(piece.rows[i]):
            k = mapping[j]
            if k is None:
                continue
            if c is None and k in label_cols:
                o = owner(piece, i, j)  # a label merged down over several rows
                c = piece.rows[o[0]][o[1]] if o[0] < i else None
            text = squash(c)
            if text:
                cells[k] = f"{cells[k]} {text}".strip() if cells[k] and cells[k] != text else text
        if any(cells):
            rows.append(BodyRow(page, cells))
    return rows


def logical_tables(filing: Filing) -> list[LogicalTable]:
    out: list[LogicalTable] = []
    last_unit: str | None = None
    for page in filing.pages:
        prev_bottom = 0.0
        for t in page.tables:
            if not t.bbox or not t.col_x:
                continue
            above = _lines_between(page, prev_bottom, t.bbox[1] + 1)
            prev_bottom = t.bbox[3]
            start = body_start(t)
            head = _header_rows(t, start)
            inside_title = [squash(c) for i in range(start) for c in t.rows[i]
                            if c and squash(c).endswith("表") and not META.search(squash(c))]
            found = find_title(page, above)
            unit = find_unit([squash(c) for i in range(start) for c in t.rows[i] if c] + [s for _, s in above])
            if found is None and not inside_title and out and not out[-1].rows and start < len(t.rows) \
                    and all(c.role == "skip" for c in out[-1].columns):
                # the previous page printed only the title and the top header row ("收入 | 支出");
                # this piece carries the rest of the header and the body: its columns are the table's
                cur = out[-1]
                top = cur.columns
                columns = [Column(x0, x1, path=header_path(t, head, j)) for j, (x0, x1) in enumerate(t.col_x)]
                for col in columns:
                    over = [c for c in top if min(col.x1, c.x1) - max(col.x0, c.x0) > 0.5 * (col.x1 - col.x0)]
                    col.path = [p for c in over[:1] for p in c.path if p not in col.path] + col.path
                rows = _body(t, page.number, start, list(range(len(columns))), len(columns), set())
                _roles(columns, rows)
                _own_groups(t, head, columns)
                labels = {k for k, c in enumerate(columns) if c.role == "label"}
                cur.columns = columns
                cur.rows = _body(t, page.number, start, list(range(len(columns))), len(columns), labels)
                continue
            if found is None and not inside_title and out:
                cur = out[-1]
                mapping = _map_columns(t, cur.columns)
                labels = {k for k, c in enumerate(cur.columns) if c.role == "label"}
                cur.rows += _body(t, page.number, start, mapping, len(cur.columns), labels)
                continue
            title, line = found if found else ("", 0)
            if inside_title and inside_title[0] not in title:
                title = f"{title} {inside_title[0]}".strip()
            unit = unit or last_unit
            last_unit = unit
            columns = [Column(x0, x1, path=header_path(t, head, j)) for j, (x0, x1) in enumerate(t.col_x)]
            rows = _body(t, page.number, start, list(range(len(columns))), len(columns), set())
            _roles(columns, rows)
            _own_groups(t, head, columns)
            labels = {k for k, c in enumerate(columns) if c.role == "label"}
            rows = _body(t, page.number, start, list(range(len(columns))), len(columns), labels)
            out.append(LogicalTable(title, unit, page.number, line, columns, rows))
    return out
