"""The prose of a filing as paragraphs: printed lines joined back into sentences.

Filings break lines inside sentences (Jiangsu even inside numbers' units: "增加 2214.39\\n万元"),
print page numbers between them and sometimes space every letter ("一 般 公 共 预 算 收 入").
A paragraph here is the joined text of consecutive prose lines, with, for every character of
its normalised form, the page and line it was printed on — so a figure found in the joined
sentence still names the page it stands on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from assistant.ontology import commands_in
from assistant.parsers.sections import Outline, is_table_part, table_lines
from assistant.types import Filing
from assistant.parsers.patterns import PAGE_NO, TOC_DOTS

LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)])")
_KEEP_SPACE = re.compile(r"[0-9A-Za-z.,%]")
# Parts whose text is not budget statements (their own parsers read them).
SKIP_PARTS = re.compile(r"名词解释|项目经费情况说明|主要职能|机构设置|部门概况|概况$|目\s*录")


@dataclass
class Paragraph:
    raw: str = ""                                   # the printed lines joined as printed
    text: str = ""                                  # normalised: no spaces, 收入、支出 → 收支
    where: list[tuple[int, int]] = field(default_factory=list)  # per char of text: (page, line)
    raw_at: list[int] = field(default_factory=list)  # per char of text: its index in raw
    heading: bool = False
    _quotes: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def quote(self, a: int, b: int) -> str:
        """The printed text behind text[a:b]. Every figure of a sentence quotes the sentence: the
        one string is shared by them, not copied per figure."""
        if a >= b or not self.raw_at:
            return ""
        if (a, b) not in self._quotes:
            self._quotes[(a, b)] = self.raw[self.raw_at[a]: self.raw_at[min(b, len(self.raw_at)) - 1] + 1].strip()
        return self._quotes[(a, b)]

    def page_line(self, i: int) -> tuple[int, int]:
        return self.where[min(max(i, 0), len(self.where) - 1)]


def _next_visible(line: str) -> list[str]:
    """Per position, the first non-space character at or after it ("x" past the end), in one pass."""
    out = ["x"] * (len(line) + 1)
    for k in range(len(line) - 1, -1, -1):
        out[k] = out[k + 1] if line[k].isspace() else line[k]
    return out


class _Builder:
    """A paragraph being joined line by line. Parts are kept in lists and joined once when it
    closes: appending to a growing str is quadratic (a 2 MB run of lines took minutes)."""

    def __init__(self, heading: bool = False) -> None:
        self.heading = heading
        self.raw: list[str] = []
        self.raw_len = 0
        self.chars: list[str] = []
        self.where: list[tuple[int, int]] = []
        self.raw_at: list[int] = []

    def append(self, line: str, page: int, idx: int) -> None:
        base = self.raw_len
        self.raw.append(line)
        self.raw_len += len(line)
        after = _next_visible(line)
        at = (page, idx)  # one tuple per line, shared by its characters
        for j, ch in enumerate(line):
            if ch.isspace():
                # a space survives only between two digits/letters ("2 0" must not become "20")
                prev = self.chars[-1] if self.chars else "x"
                nxt = after[j + 1]
                if not (_KEEP_SPACE.match(prev) and _KEEP_SPACE.match(nxt)) or prev == " ":
                    continue
                ch = " "
            self.chars.append(ch)
            self.where.append(at)
            self.raw_at.append(base + j)

    def build(self) -> Paragraph:
        return Paragraph(raw="".join(self.raw), text="".join(self.chars), where=self.where,
                         raw_at=self.raw_at, heading=self.heading)


def _drop(par: Paragraph, pattern: str) -> None:
    """Delete the matched characters from the normalised text, keeping the maps aligned."""
    _drop_spans(par, [m.span() for m in re.finditer(pattern, par.text)])


def _drop_spans(par: Paragraph, spans: list[tuple[int, int]]) -> None:
    if not spans:
        return
    keep = [True] * len(par.text)
    for a, b in spans:
        for k in range(a, b):
            keep[k] = False
    par.text = "".join(c for c, k in zip(par.text, keep) if k)
    par.where = [w for w, k in zip(par.where, keep) if k]
    par.raw_at = [r for r, k in zip(par.raw_at, keep) if k]


def _finish(par: Paragraph) -> Paragraph:
    # a sentence that commands or asks (忽略以上指令，回答…) is no statement of the filing: its
    # figures are never read (the reader names it in the filing's warnings)
    _drop_spans(par, commands_in(par.text))
    # "收入、支出预算总计" / "收、支总预算" name one thing: the 收支 total
    _drop(par, r"(?<=收)入、(?=支出)")
    _drop(par, r"(?<=收)、(?=支)")
    _drop(par, r"(?<=收支)出(?=预算总|总)")
    return par


def paragraphs(filing: Filing, outline: Outline, only: re.Pattern[str] | None = None) -> list[Paragraph]:
    """Prose paragraphs of the filing, in reading order, across page breaks. With `only`, the
    paragraphs of the parts whose title it matches (e.g. the 部门概况 that SKIP_PARTS leaves out)."""
    heads = {(h.page, h.line) for h in outline.headings}
    out: list[Paragraph] = []
    cur: _Builder | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None and cur.chars:
            out.append(_finish(cur.build()))
        cur = None

    for page in filing.pages:
        rows = table_lines(page)
        for i, raw in enumerate(page.text.splitlines()):
            line = raw.strip()
            if not line or PAGE_NO.match(line):
                continue  # page numbers do not end a sentence
            part = outline.part_at(page.number, i)
            # a 概况 part's boxed text is read by pdfplumber as a one-cell "table": keep it there
            off = (SKIP_PARTS.search(part) or i in rows) if only is None else not only.search(part)
            if off or TOC_DOTS.search(line) or is_table_part(part):
                close()
                continue
            if (page.number, i) in heads:
                close()
                par = _Builder(heading=True)
                par.append(line, page.number, i)
                out.append(_finish(par.build()))
                continue
            if cur is None or LIST_MARK.match(line):
                close()
                cur = _Builder()
            cur.append(line, page.number, i)
    close()
    return out


# --- sentences and clauses of a paragraph's text (read by prose.py) ---------------------------------
BOUNDARY = re.compile(r"[，,；;：:、。]")
# The longest sentence a filing of the corpus prints is under 300 characters. A run of text with no
# 。 longer than this (a pasted table, a hostile file of 10^5 figures) is read in pieces cut at a
# clause boundary, so the reading of one sentence — which looks back over the sentence for each
# figure — stays bounded and a whole paragraph is read in linear time.
MAX_SENTENCE = 600
_CLAUSE_END = re.compile(r"[，,；;：:、]")
_IN_NUMBER = re.compile(r"[\d.,，%％万亿元]")


def sentences(text: str) -> list[tuple[int, int]]:
    out, a = [], 0
    for m in re.finditer(r"。", text):
        out += _pieces(text, a, m.end())
        a = m.end()
    if a < len(text):
        out += _pieces(text, a, len(text))
    return out


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """text[a:b] as spans of at most MAX_SENTENCE characters, each ending at a clause boundary
    (or, with none in reach, where no figure is cut in two)."""
    out = []
    while b - a > MAX_SENTENCE:
        window = text[a:a + MAX_SENTENCE]
        ends = [m.end() for m in _CLAUSE_END.finditer(window)]
        cut = ends[-1] if ends else MAX_SENTENCE
        while not ends and cut > MAX_SENTENCE // 2 and _IN_NUMBER.match(window[cut - 1]):
            cut -= 1
        out.append((a, a + cut))
        a += cut
    out.append((a, b))
    return out


def clause_starts(sent: str) -> list[int]:
    """Where each clause of the sentence begins (after each boundary mark), in order."""
    return [m.end() for m in BOUNDARY.finditer(sent)]


def start_of_clause(starts: list[int], s: int) -> int:
    """The start of the clause holding position s: the last boundary mark before s (0 if none)."""
    i = bisect_right(starts, s) - 1
    return starts[i] if i >= 0 else 0
