"""PDF filings through pdfplumber: per page, text lines rebuilt from words, and ruled tables.

pdfplumber's default text splits a line when a number is printed on a slightly lower
baseline than the Chinese around it (the 决算 family puts "2336.91" 5pt below its
sentence); lines here are rebuilt by vertical overlap of the words instead, so a figure
stays in the sentence that states it.
"""

from __future__ import annotations

import io
import logging
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


def page_text(page) -> str:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])
    return "\n".join(join_words(ln) for ln in words_to_lines(words))


def page_tables(page) -> list[RawTable]:
    out = []
    for t in page.find_tables():
        rows = t.extract()
        if rows and any(any(c for c in r) for r in rows):
            out.append(RawTable(rows=rows, bbox=tuple(t.bbox)))
    return out


def read_pdf_pages(path: Path, data: bytes) -> list[Page]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for broken or encrypted files
        name = type(e).__name__
        if "Password" in name or "Encrypt" in name:
            raise FilingError(path, "the PDF is encrypted") from e
        raise FilingError(path, f"not a readable PDF ({name})") from e
    pages = []
    try:
        with pdf:
            for i, page in enumerate(pdf.pages, 1):
                has_text = bool(page.chars)
                pages.append(Page(number=i, text=page_text(page) if has_text else "",
                                  tables=page_tables(page) if has_text else [], has_text_layer=has_text))
                page.flush_cache()
    except FilingError:
        raise
    except Exception as e:
        name = type(e).__name__
        if "Password" in name or "Encrypt" in name:
            raise FilingError(path, "the PDF is encrypted") from e
        raise FilingError(path, f"broken PDF: {name}: {e}") from e
    if not pages:
        raise FilingError(path, "the PDF has no pages")
    return pages
