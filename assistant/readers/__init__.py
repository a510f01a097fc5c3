"""Readers: a filing file → a `Filing` of `Page`s (text and ruled tables), metadata from content."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.readers.errors import FilingError
from assistant.readers.metadata import describe
from assistant.readers.parts import detect_part
from assistant.readers.pdf import read_pdf_pages
from assistant.readers.text import read_text_pages
from assistant.types import Filing, Page

SUFFIXES = {".pdf", ".txt", ".text"}


def read_filing(path: str | Path) -> Filing:
    """Read one filing. Raises FilingError naming the file and the reason when it is not usable."""
    p = Path(path)
    if not p.is_file():
        raise FilingError(p, "no such file")
    data = p.read_bytes()
    if not data.strip():
        raise FilingError(p, "the file is empty")
    if data[:5] == b"%PDF-" or p.suffix.lower() == ".pdf":
        pages = read_pdf_pages(p, data)
    elif p.suffix.lower() in SUFFIXES:
        pages = read_text_pages(p, data)
    else:
        raise FilingError(p, f"not a filing: unsupported file type '{p.suffix or 'none'}' (PDF or text)")
    warnings = [f"第{pg.number}页没有文字层（图片页），其中的数字无法读取" for pg in pages if not pg.has_text_layer]
    if not any(pg.text.strip() for pg in pages):
        raise FilingError(p, "no text layer on any page (scanned image PDF?)")
    body = "".join(pg.text for pg in pages)
    if "预算" not in body and "决算" not in body:
        raise FilingError(p, "not a budget filing: the text never mentions 预算 or 决算")
    return filing_from_pages(pages, p, hashlib.sha256(data).hexdigest(), warnings)


def filing_from_pages(pages: list[Page], path: str | Path, doc_id: str, warnings: list[str] | None = None) -> Filing:
    """A filing from pages already read: identity from their content, and whether it is the 文件 or
    the 表格 part of a filing published in two."""
    meta = describe(pages, Path(path))
    warnings = [*(warnings or []), *meta.pop("warnings")]
    return Filing(doc_id=doc_id, path=str(path), pages=pages, warnings=warnings, part=detect_part(pages), **meta)


__all__ = ["FilingError", "read_filing", "filing_from_pages", "SUFFIXES"]
