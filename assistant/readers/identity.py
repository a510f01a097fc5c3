"""The same filing in other bytes: a GBK, Big5 or UTF-16 copy of a text filing, a PDF re-saved by
another program. Its bytes differ, so its doc_id (sha256 of the bytes) does too; it is recognised by
what it is — the same department, year and kind (at full resolution: 部门预算 is not 单位预算) — and
by what it prints: the same lines, as a set, whitespace aside (a re-saved PDF may order a page's
objects otherwise; a Big5 copy read back into simplified characters may differ in a character or two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.types import Filing

_SPACE = re.compile(r"\s+")
MIN_LINE = 2  # a page number or a lone mark is no evidence either way


@dataclass
class Twin:
    title: str
    doc_id: str
    share: float   # Jaccard of the two filings' printed lines

    @property
    def reason(self) -> str:
        return (f"与已入库的《{self.title}》是同一份文件：部门、年度、类型相同，正文 {self.share:.0%} 相同"
                f"（字节不同：另一种编码或重新保存的 PDF），不重复入库")


def printed_lines(texts: list[str]) -> set[str]:
    return {ln for t in texts for ln in (_SPACE.sub("", x) for x in t.splitlines()) if len(ln) >= MIN_LINE}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def same_filing(filing: Filing, index, threshold: float) -> Twin | None:
    """A complete filing in the index that is this one in other bytes, or None."""
    mine: set[str] | None = None
    for other in index.facts.filings():
        if other.doc_id == filing.doc_id or (other.department, other.year, other.filing_kind, other.part) != \
                (filing.department, filing.year, filing.filing_kind, filing.part):
            continue
        if mine is None:
            mine = printed_lines([p.text for p in filing.pages])
        share = similarity(mine, printed_lines(index.facts.page_texts(other.doc_id)))
        if share >= threshold:
            return Twin(other.title, other.doc_id, share)
    return None
