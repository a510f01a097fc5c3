"""Text filings (text extracted from a PDF): UTF-8, GBK (GB18030), Big5 or UTF-16; a line that
begins with a space (or a form feed) begins a new page.

The encoding is read from the bytes, most certain first: a byte-order mark; UTF-16 without one
(every other byte NUL); strict UTF-8; then GBK against Big5. Both of those decode almost any
byte string without error, so the one whose text names the budget's words more often wins —
a Big5 filing read as GBK never says 预算. A Big5 (traditional) filing is read in simplified
characters, as the parsers and the ontology speak them, and says so in a warning.
"""

from __future__ import annotations

import codecs
import logging
from functools import lru_cache
from pathlib import Path

from assistant.ontology import FILING_WORDS
from assistant.readers.errors import FilingError
from assistant.types import Page

log = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Share of NUL bytes at even (or odd) offsets above which the text is UTF-16 without a mark:
# Chinese and ASCII in UTF-16 put a NUL in every ASCII character's high byte.
UTF16_NUL_SHARE = 0.2
_SAMPLE = 1 << 16  # bytes sniffed for NULs


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _utf16_without_mark(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if max(even, odd) < UTF16_NUL_SHARE or min(even, odd) > UTF16_NUL_SHARE:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _budget_words(text: str) -> int:
    return sum(text.count(w) for w in FILING_WORDS)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding). Raises FilingError naming the encoding it could not read."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as e:
                raise FilingError(path, f"text starts with a {enc.upper()} byte-order mark but is not {enc.upper()} "
                                  f"(byte {e.start + len(bom)})") from e
    if enc := _utf16_without_mark(data):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            raise FilingError(path, f"binary content, not a text filing (looks like {enc.upper()} without a "
                              f"byte-order mark, but byte {e.start} does not decode)") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = []
    # GBK and Big5 decode almost any bytes; UTF-16 without a mark and with few ASCII characters
    # escapes the NUL test above: the decoding that reads the budget's words wins
    for enc in ("gb18030", "big5hkscs", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "big5hkscs":
            text = _t2s().convert(text)
        readings.append((_budget_words(text), enc == "gb18030", text, enc))
    if not readings:
        raise FilingError(path, "text is neither UTF-8 nor GBK")
    _, _, text, enc = max(readings)  # more budget words; on a tie, GBK
    return text, {"gb18030": "gbk", "big5hkscs": "big5"}.get(enc, enc)


def read_text_pages(path: Path, data: bytes) -> list[Page]:
    return read_text(path, data)[0]


def read_text(path: Path, data: bytes) -> tuple[list[Page], list[str]]:
    """The pages of a text filing and what the reader had to do to read them (warnings)."""
    text, enc = decode(path, data)
    if "\x00" in text:
        raise FilingError(path, "binary content, not a text filing")
    warnings = []
    if enc == "big5":
        warnings.append("文本为 Big5 编码（繁体字），已转为简体字读取")
    elif enc.startswith("utf-16") or enc.startswith("utf-32"):
        warnings.append(f"文本为 {enc.upper()} 编码")
    pages: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\f"):
            pages.append([])
            line = line.lstrip("\f")
        elif line[:1] in (" ", "\u3000") and line.strip() and any(l.strip() for l in pages[-1]):
            pages.append([])
        if line.strip():
            pages[-1].append(line.strip())
    return [Page(number=i, text="\n".join(lines)) for i, lines in enumerate(pages, 1)], warnings
