"""PDF filings through pdfplumber: per page, text lines rebuilt from words, and ruled tables.

pdfplumber's default text splits a line when a number is printed on a slightly lower
baseline than the Chinese around it (the 决算 family puts "2336.91" 5pt below its
sentence); lines here are rebuilt by vertical overlap of the words instead, so a figure
stays in the sentence that states it.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_right
from pathlib import Path

import pdfplumber

from assistant.readers.errors import FilingError
from assistant.types import Page, RawTable

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def words_to_lines(words: list[dict]) -> list[list[dict]]:
    """Group words into printed lines: a word joins a line when it overlaps the line's
    vertical span by at least 40% of its own height."""
    lines: list[dict] = []  # {"top", "bottom", "words"}
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        h = max(w["bottom"] - w["top"], 0.1)
        best = None
        for ln in reversed(lines[-4:]):
            overlap = min(ln["bottom"], w["bottom"]) - max(ln["top"], w["top"])
            if overlap >= 0.4 * h:
                best = ln
                break
        if best is None:
            lines.append({"top": w["top"], "bottom": w["bottom"], "words": [w]})
        else:
            best["words"].append(w)
            best["top"] = min(best["top"], w["top"])
            best["bottom"] = max(best["bottom"], w["bottom"])
    lines.sort(key=lambda ln: ln["top"])
    return [sorted(ln["words"], key=lambda w: w["x0"]) for ln in lines]


def join_words(line: list[dict]) -> str:
    out = ""
    prev = None
    for w in line:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            size = w.get("size") or (w["bottom"] - w["top"])
            if gap > 0.3 * size:
                out += " "
        out += w["text"]
        prev = w
    return out


# Some filings draw each ruled cell as filled rectangles with padding strips, which
# pdfplumber reads as extra 3-pt rows and 5-pt columns; on such a page, snapping edges a
# few points together keeps one printed row one table row. Other pages keep the default:
# snapping there can merge a real, closely spaced header rule.
SNAP_SETTINGS = {"snap_y_tolerance": 5, "snap_x_tolerance": 7}
THIN_PT = 4.5


def _fragmented(tables) -> bool:
    for t in tables:
        if any(r.bbox[3] - r.bbox[1] < THIN_PT for r in t.rows):
            return True
        xs = sorted({c[0] for c in t.cells} | {c[2] for c in t.cells})
        if any(b - a < THIN_PT + 1 for a, b in zip(xs, xs[1:])):
            return True
    return False


def page_lines(page) -> tuple[list[dict], list[list[dict]]]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])
    return words, words_to_lines(words)


def page_text(page) -> str:
    return "\n".join(join_words(ln) for ln in page_lines(page)[1])


def _grid_table(table, words: list[dict]) -> RawTable | None:
    """A pdfplumber table as a grid: merged-cell spans, column x-ranges, and cell text
    rebuilt from the words whose centre lies in the cell (pdfplumber's own cell text
    cuts a number in two when it overhangs a ruling, e.g. "2,388.0" | "4")."""
    prow = table.rows
    if not prow:
        return None
    ncol = len(prow[0].cells)
    x0s: list[float | None] = [None] * ncol
    for r in prow:
        for j, c in enumerate(r.cells):
            if c is not None and x0s[j] is None:
                x0s[j] = c[0]
    if any(x is None for x in x0s):
        return None
    right = table.bbox[2]
    col_x = [(x0s[j], x0s[j + 1] if j + 1 < ncol else right) for j in range(ncol)]
    tops = [r.bbox[1] for r in prow]
    bottoms = [r.bbox[3] for r in prow]
    owner: list[list[tuple[int, int] | None]] = [[None] * ncol for _ in prow]
    spans: list[list[tuple[int, int] | None]] = [[None] * ncol for _ in prow]
    for i, r in enumerate(prow):
        for j, c in enumerate(r.cells):
            if c is None:
                continue
            cs = sum(1 for k in range(j, ncol) if col_x[k][0] < c[2] - 1)
            rs = sum(1 for k in range(i, len(prow)) if tops[k] < c[3] - 1)
            spans[i][j] = (max(rs, 1), max(cs, 1))
            for a in range(i, i + max(rs, 1)):
                for b in range(j, j + max(cs, 1)):
                    if owner[a][b] is None:
                        owner[a][b] = (i, j)
    texts: dict[tuple[int, int], list[dict]] = {}
    x_lo, top_lo, x_hi, bottom_hi = table.bbox
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if not (x_lo <= cx <= x_hi and top_lo <= cy <= bottom_hi):
            continue
        i = bisect_right(tops, cy) - 1
        j = bisect_right(x0s, cx) - 1
        if i < 0 or j < 0 or cy > bottoms[i] + 0.5:
            continue
        o = owner[i][j]
        if o is not None:
            texts.setdefault(o, []).append(w)
    rows: list[list[str | None]] = []
    for i in range(len(prow)):
        row: list[str | None] = []
        for j in range(ncol):
            if spans[i][j] is None:
                row.append(None)
            else:
                ws = texts.get((i, j), [])
                row.append("\n".join(join_words(ln) for ln in words_to_lines(ws)))
        rows.append(row)
    if not any(any(c for c in r) for r in rows):
        return None
    return RawTable(rows=rows, bbox=tuple(table.bbox), spans=spans, col_x=col_x)


_NUMBER = re.compile(r"^-?\d[\d,，]*(?:\.\d+)?$")


def _with_row_above(raw: RawTable, lines: list[list[dict]]) -> RawTable:
    """A table continued from the previous page often loses its top rule at the page break
    (Jiangsu 2018: "30108 机关事业单位基本养老保险缴费 1,326.81" printed above the first ruled row),
    so pdfplumber's grid starts one row late. The printed line just above the grid joins it as
    its first row when it lies within one row's height of the grid, every word of it falls
    inside the grid's columns, and it holds a figure. A title, unit or header line holds none."""
    if not raw.bbox or not raw.col_x or not raw.rows:
        return raw
    x0, top, x1, bottom = raw.bbox
    row_h = (bottom - top) / len(raw.rows)
    above = [ln for ln in lines if max(w["bottom"] for w in ln) <= top + 1]
    if not above:
        return raw
    line = max(above, key=lambda ln: max(w["bottom"] for w in ln))
    line_top, line_bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
    if top - line_bottom > 0.6 * row_h or top - line_top > 1.5 * row_h:
        return raw
    if any(not (x0 <= (w["x0"] + w["x1"]) / 2 <= x1) for w in line):
        return raw
    cells: list[list[dict]] = [[] for _ in raw.col_x]
    for w in line:
        cx = (w["x0"] + w["x1"]) / 2
        j = next(j for j, (a, b) in reversed(list(enumerate(raw.col_x))) if cx >= a or j == 0)
        cells[j].append(w)
    row = [join_words(ws) if ws else "" for ws in cells]
    if not any(_NUMBER.match(c) for c in row) or sum(1 for c in row if c) < 2:
        return raw
    spans = [[(1, 1)] * len(row)] + raw.spans if raw.spans else []
    return RawTable(rows=[row, *raw.rows], bbox=(x0, line_top - 1, x1, bottom), spans=spans, col_x=raw.col_x)


def _covered(tables, words: list[dict]) -> int:
    boxes = [t.bbox for t in tables]
    return sum(1 for w in words for b in boxes
               if b[0] <= (w["x0"] + w["x1"]) / 2 <= b[2] and b[1] <= (w["top"] + w["bottom"]) / 2 <= b[3])


def page_tables(page, words: list[dict] | None = None, lines: list[list[dict]] | None = None) -> list[RawTable]:
    if words is None:
        words, lines = page_lines(page)
    if lines is None:
        lines = words_to_lines(words)
    out = []
    found = page.find_tables()
    if _fragmented(found):
        snapped = page.find_tables(SNAP_SETTINGS)
        # snapping may also drop a weakly ruled outer column; keep it only if it loses no words
        if _covered(snapped, words) >= _covered(found, words):
            found = snapped
    for t in found:
        raw = _grid_table(t, words)
        if raw is not None:
            out.append(_with_row_above(raw, lines))
    return out


def read_page(number: int, page) -> Page:
    if not page.chars:
        return Page(number=number, text="", has_text_layer=False)
    words, lines = page_lines(page)
    return Page(number=number, text="\n".join(join_words(ln) for ln in lines),
                line_tops=[min(w["top"] for w in ln) for ln in lines],
                tables=page_tables(page, words, lines))


# A complete PDF ends with %%EOF (within its last 1024 bytes by the spec; some writers add a little more).
EOF_WITHIN = 4096
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
OBJECT_WITHIN = 1 << 20


def _names(e: BaseException) -> str:
    """The exception's type and those it wraps: pdfplumber wraps pdfminer's errors in its own
    (PdfminerException(PDFPasswordIncorrect()))."""
    inner = [a for a in e.args if isinstance(a, BaseException)]
    return " ".join(type(x).__name__ for x in (e, e.__cause__, e.__context__, *inner) if x is not None)


def _why(path: Path, e: BaseException, stage: str) -> FilingError:
    names = _names(e)
    if "Password" in names or "Encrypt" in names:
        return FilingError(path, "the PDF is encrypted")  # the words the chat page translates
    if "MemoryError" in names or "allocate" in str(e):  # zlib: "Unable to allocate output buffer"
        return FilingError(path, "the PDF needs more memory to read than the ingest allows (a compressed "
                                 "stream that inflates beyond reason?)")
    detail = str(e).strip()[:160]
    if stage == "open":
        return FilingError(path, f"not a readable PDF ({type(e).__name__}{': ' + detail if detail else ''})")
    return FilingError(path, f"broken PDF: {type(e).__name__}: {detail}")


def read_pdf_pages(path: Path, data: bytes) -> list[Page]:
    if not _OBJECT.search(data, 0, OBJECT_WITHIN):
        raise FilingError(path, "not a PDF: it starts with %PDF- but holds no PDF object")
    if b"%%EOF" not in data[-EOF_WITHIN:]:
        # refused before parsing: pdfminer would rebuild what it can of a cut file, and a filing missing
        # its last pages must not go in as if whole
        raise FilingError(path, f"truncated: the PDF ends without its end-of-file marker (%%EOF) after "
                                f"{len(data):,} bytes — an incomplete copy or download")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken or encrypted files
        raise _why(path, e, "open") from e
    pages = []
    try:
        with pdf:
            for i, page in enumerate(pdf.pages, 1):
                pages.append(read_page(i, page))
                page.flush_cache()
    except FilingError:
        raise
    except Exception as e:  # MemoryError included: a stream that inflates beyond the cap
        raise _why(path, e, "read") from e
    if not pages:
        raise FilingError(path, "the PDF has no pages")
    return pages
