"""Text filings (text extracted from a PDF): UTF-8 or GBK; a line that begins with a space
(or a form feed) begins a new page."""

from __future__ import annotations

from pathlib import Path

from assistant.readers.errors import FilingError
from assistant.types import Page


def decode(path: Path, data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise FilingError(path, "text is neither UTF-8 nor GBK")


def read_text_pages(path: Path, data: bytes) -> list[Page]:
    text = decode(path, data)
    if "\x00" in text:
        raise FilingError(path, "binary content, not a text filing")
    pages: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\f"):
            pages.append([])
            line = line.lstrip("\f")
        elif line[:1] in (" ", "\u3000") and line.strip() and any(l.strip() for l in pages[-1]):
            pages.append([])
        if line.strip():
            pages[-1].append(line.strip())
    return [Page(number=i, text="\n".join(lines)) for i, lines in enumerate(pages, 1)]
