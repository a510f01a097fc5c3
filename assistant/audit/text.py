"""A filing's pages as the text checks read them: one stream of the printed lines joined (a
sentence wraps across lines and pages), each offset traced back to its page and line, so a
finding read off the text names its page, its section (locator) and its sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from assistant.audit.findings import Place
from assistant.parsers.sections import Outline
from assistant.readers.metadata import party_forms
from assistant.types import Filing, Page

_SENTENCE_END = "。；"
QUOTE_CHARS = 120  # longest quote a text finding keeps


@dataclass
class FilingText:
    """One filing's identity and page texts, read once for every text check."""

    filing: Filing
    pages: list[Page] = field(default_factory=list)

    @classmethod
    def of(cls, filing: Filing, pages: list[Page] | list[tuple[int, str]] | None = None) -> "FilingText":
        got = filing.pages if pages is None else [p if isinstance(p, Page) else Page(number=p[0], text=p[1] or "")
                                                  for p in pages]
        return cls(filing.model_copy(update={"pages": got}), got)

    @property
    def year(self) -> int:
        return self.filing.year

    @property
    def kind(self) -> str:
        return self.filing.kind

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The department's name and its 中共/中国共产党 forms (not every alias the reader met: a
        heading naming another body is what the audit looks for)."""
        dept = self.filing.department
        return (dept, *party_forms(dept))

    @cached_property
    def outline(self) -> Outline:
        return Outline.build(self.filing)

    @cached_property
    def _joined(self) -> tuple[str, list[int], list[tuple[int, int]]]:
        parts: list[str] = []
        starts: list[int] = []
        where: list[tuple[int, int]] = []
        at = 0
        for page in self.pages:
            for i, line in enumerate(page.text.splitlines()):
                starts.append(at)
                where.append((page.number, i))
                parts.append(line)
                at += len(line)
        return "".join(parts), starts, where

    @property
    def stream(self) -> str:
        """Every printed line joined without breaks: wrapped sentences read whole."""
        return self._joined[0]

    def page_line(self, offset: int) -> tuple[int, int]:
        _, starts, where = self._joined
        i = max(bisect_right(starts, offset) - 1, 0)
        return where[i] if where else (0, 0)

    @cached_property
    def _heading_lines(self) -> set[tuple[int, int]]:
        return {(h.page, h.line) for h in self.outline.headings}

    def clause_before(self, offset: int, stops: str = "。；") -> str:
        """The words before stream[offset] back to the sentence's start or to a heading line
        ("（三）…具体情况" then "一般公共预算财政拨款支出年初预算为…": the clause is the second)."""
        text, starts, where = self._joined
        i = max(bisect_right(starts, offset) - 1, 0)
        pieces = [text[starts[i]:offset]] if starts else []
        while True:
            cut = max(pieces[0].rfind(c) for c in stops) if pieces else -1
            if cut >= 0:
                pieces[0] = pieces[0][cut + 1:]
                break
            if i == 0 or where[i - 1] in self._heading_lines or len("".join(pieces)) > QUOTE_CHARS:
                break
            i -= 1
            pieces.insert(0, text[starts[i]:starts[i + 1]])
        return "".join(pieces).strip()

    def sentence(self, start: int, end: int | None = None) -> str:
        """The sentence around stream[start:end]: from its clause's start (a heading line or 。/；)
        to the next 。/； (and at most QUOTE_CHARS)."""
        text = self.stream
        end = start if end is None else end
        head = self.clause_before(start)[-(QUOTE_CHARS // 2):]
        hi = min((i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0), default=len(text))
        return (head + text[start:min(hi + 1, start + QUOTE_CHARS)])[:QUOTE_CHARS].strip()

    def place(self, start: int, end: int | None = None, printed: str = "", value: float | None = None) -> Place:
        """Where stream[start:end] is printed: its page, its section, its sentence."""
        page, line = self.page_line(start)
        return Place(page=page, locator=self.outline.locator(page, line), quote=self.sentence(start, end),
                     printed=printed, value=value, source="text")

    def line_place(self, page: int, line: int, text: str, printed: str = "") -> Place:
        return Place(page=page, locator=self.outline.locator(page, line), quote=text.strip()[:QUOTE_CHARS],
                     printed=printed, source="text")

    def lines(self):
        """(page number, line index, stripped line) for every printed line."""
        for page in self.pages:
            for i, line in enumerate(page.text.splitlines()):
                yield page.number, i, line.strip()


def squeeze(s: str) -> str:
    """A printed line without the spaces PDF text puts between characters ("2024 年度")."""
    return re.sub(r"\s+", "", s)
