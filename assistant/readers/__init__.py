"""Readers: a filing file → a `Filing` of `Page`s (text and ruled tables), metadata from content.

What a file is comes from its bytes (readers/sniff.py), what it says from its pages, and whether
it is a filing at all from what those pages print (readers/evidence.py) — never from its name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.readers.errors import FilingError, shown
from assistant.readers.evidence import check_filing, command_warnings
from assistant.readers.metadata import describe
from assistant.readers.parts import detect_part
from assistant.readers.pdf import read_pdf_pages
from assistant.readers.sniff import is_pdf, what_else
from assistant.readers.text import read_text
from assistant.readers.walk import SUFFIXES
from assistant.types import Filing, Page


def read_filing(path: str | Path) -> Filing:
    """Read one filing. Raises FilingError naming the file and the reason when it is not usable."""
    p = Path(path)
    if not p.is_file():
        raise FilingError(p, "no such file")
    data = p.read_bytes()
    if not data.strip():
        raise FilingError(p, "the file is empty")
    suffix = p.suffix.lower()
    warnings: list[str] = []
    if is_pdf(data):
        pages = read_pdf_pages(p, data)
    elif suffix == ".pdf":
        raise FilingError(p, f"not a PDF: the file has no %PDF header; it is {what_else(data) or _text_or_binary(data)}")
    elif suffix in SUFFIXES:
        if other := what_else(data):
            raise FilingError(p, f"not a text filing: it is {other}")
        pages, warnings = read_text(p, data)
    else:
        raise FilingError(p, f"not a filing: unsupported file type '{p.suffix or 'none'}' (PDF or text)")
    warnings += [f"第{pg.number}页没有文字层（图片页），其中的数字无法读取" for pg in pages if not pg.has_text_layer]
    if not any(pg.text.strip() for pg in pages):
        raise FilingError(p, "no text layer on any page (scanned image PDF?)")
    return filing_from_pages(pages, p, hashlib.sha256(data).hexdigest(), warnings)


def _text_or_binary(data: bytes) -> str:
    sample = data[:4096]
    return "binary data" if b"\x00" in sample else "text"


def filing_from_pages(pages: list[Page], path: str | Path, doc_id: str, warnings: list[str] | None = None) -> Filing:
    """A filing from pages already read: identity from their content, and whether it is the 文件 or
    the 表格 part of a filing published in two. Pages that are not a filing (readers/evidence.py)
    raise FilingError."""
    meta = describe(pages)
    part = detect_part(pages)
    check_filing(Path(path), pages, meta, part)
    meta.pop("titled")
    warnings = [*(warnings or []), *meta.pop("warnings"), *command_warnings(pages)]
    return Filing(doc_id=doc_id, path=shown(path), pages=pages, warnings=warnings, part=part, **meta)


__all__ = ["FilingError", "read_filing", "filing_from_pages", "shown", "SUFFIXES"]
