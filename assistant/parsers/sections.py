"""The section tree of a filing: 第X部分 › 一、 › （一） › 1. › table title, with page and line
positions, so any fact can name where it stands (its locator)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from assistant.types import LOCATOR_SEP, Filing

LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^第[一二三四五六七八九十]+部分\s*\S.{0,40}$")),
    (1, re.compile(r"^[一二三四五六七八九十]+、\s*\S.{0,40}$")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*\S.{0,40}$")),
]
# A table title line: "2025年部门“三公”经费和机关运行经费预算表", "表 11", "公开09表" …
TABLE_TITLE = re.compile(
    r"^(?:表\s*\d+(?:-\d+)?[.．、]?\s*\S*|.{2,50}(?:预算|决算|支出|收入|收支|绩效目标|经费)[^，。；]{0,20}表)$"
)
_HAS_AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\s\d+$")  # table rows, not headings
_TOC_DOTS = re.compile(r"[…\.·]{4,}")


@dataclass
class Heading:
    page: int
    line: int
    level: int  # 0..2 for numbered parts/sections, 9 for a table title
    title: str


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)

    @classmethod
    def build(cls, filing: Filing) -> "Outline":
        heads: list[Heading] = []
        for page in filing.pages:
            for i, raw in enumerate(page.text.splitlines()):
                line = raw.strip()
                if not line or _TOC_DOTS.search(line) or len(line) > 60 or _HAS_AMOUNT.search(line):
                    continue
                for level, pat in LEVELS:
                    if pat.match(line) and not re.search(r"[，。；]$", line):
                        heads.append(Heading(page.number, i, level, re.sub(r"\s+", " ", line)))
                        break
                else:
                    if TABLE_TITLE.match(line) and not re.search(r"[，。；：]", line):
                        heads.append(Heading(page.number, i, 9, re.sub(r"\s+", "", line)))
        return cls(heads)

    def path_at(self, page: int, line: int = 10**6) -> list[str]:
        """Headings in force at (page, line): the innermost of each level, outer first."""
        keys = [(h.page, h.line) for h in self.headings]
        idx = bisect_right(keys, (page, line))
        current: dict[int, str] = {}
        for h in self.headings[:idx]:
            current[h.level] = h.title
            for deeper in [lv for lv in current if lv > h.level]:
                del current[deeper]
        return [current[lv] for lv in sorted(current)]

    def locator(self, page: int, line: int = 10**6, *extra: str) -> str:
        return LOCATOR_SEP.join([*self.path_at(page, line), *[e for e in extra if e]])
