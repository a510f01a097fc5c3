"""The same filing in other bytes: a GBK, Big5 or UTF-16 copy of a text filing, a PDF re-saved by
another program. Its bytes differ, so its doc_id (sha256 of the bytes) does too; it is recognised by
what it is — the same department, year and kind (at full resolution: 部门预算 is not 单位预算) — and
by the figures it prints: the same numbers, as a multiset. Digits survive every encoding and every
re-saving, where characters may not (Big5 has no ≥, a GBK copy loses private-use glyphs, a re-saved
PDF may order a page's objects otherwise); another year's or a corrected filing prints other figures.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.types import Filing

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Twin:
    title: str
    doc_id: str
    share: float   # weighted Jaccard of the two filings' printed figures

    @property
    def reason(self) -> str:
        return (f"与已入库的《{self.title}》是同一份文件：部门、年度、类型相同，所印数字 {self.share:.0%} 相同"
                f"（字节不同：另一种编码或重新保存的 PDF），不重复入库")


def printed_figures(texts: list[str]) -> Counter[str]:
    """Every number the pages print (thousands separators dropped), with how often."""
    return Counter(m.replace(",", "") for t in texts for m in _NUMBER.findall(t))


def similarity(a: Counter[str], b: Counter[str]) -> float:
    both = sum((a | b).values())
    return sum((a & b).values()) / both if both else 1.0


def same_filing(filing: Filing, index, threshold: float) -> Twin | None:
    """A complete filing in the index that is this one in other bytes, or None."""
    mine: Counter[str] | None = None
    for other in index.facts.filings():
        if other.doc_id == filing.doc_id or (other.department, other.year, other.filing_kind, other.part) != \
                (filing.department, filing.year, filing.filing_kind, filing.part):
            continue
        if mine is None:
            mine = printed_figures([p.text for p in filing.pages])
        share = similarity(mine, printed_figures([p.text for p in index.facts.pages(other.doc_id)]))
        if share >= threshold:
            return Twin(other.title, other.doc_id, share)
    return None
