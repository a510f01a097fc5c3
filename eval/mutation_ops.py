"""Errors planted in a real filing's pages, one kind per operator, the way a reviewer's test copy
plants them: a printed number changed in a sentence or a table cell, a year, a comparison word, a
department's name, a table deleted, a cell blanked, a placeholder, doubled punctuation, the note of
an empty table dropped.

Each operator finds its sites in the filing's own text (its own patterns, not the audit's) and
returns candidate `Plant`s; `apply` makes the mutated pages. Sites are found on the unmutated
filing; which ones are planted is the runner's seeded choice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.amounts import printed_amount, to_decimal
from assistant.types import Fact, Filing, Page

NUM = r"\d[\d,]*(?:\.\d+)?"


@dataclass
class Plant:
    """One planted error: what changed, where, and which family it belongs to."""

    op: str
    family: str
    page: int
    before: str
    after: str
    edits: list[tuple] = field(default_factory=list, repr=False)  # ("text", start, end, new) | ("cell", …) | …
    kinds: tuple[str, ...] = ()  # findings that count wherever they point (a deleted table: missing_table)
    target: tuple | None = None  # a table fact the change must reach: (table, page, row, column)

    @property
    def label(self) -> str:
        return f"{self.op} p{self.page}: {self.before[:30]} → {self.after[:30]}"


class Stream:
    """A filing's lines joined as one text (what a sentence wraps over), offsets traced to lines."""

    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.where: list[tuple[int, int, int]] = []  # (start offset, page index, line index)
        parts, at = [], 0
        for pi, p in enumerate(pages):
            for li, line in enumerate(p.text.split("\n")):
                self.where.append((at, pi, li))
                parts.append(line)
                at += len(line)
        self.text = "".join(parts)

    def page_of(self, offset: int) -> int:
        i = max(bisect_right([s for s, _, _ in self.where], offset) - 1, 0)
        return self.pages[self.where[i][1]].number

    def line_start(self, page_index: int, line: int) -> int:
        return next(s for s, p, li in self.where if p == page_index and li == line)


def apply(filing: Filing, plant: Plant) -> list[Page]:
    """The filing's pages with the plant's edits made (only the pages it touches are copied)."""
    pages = list(filing.pages)
    text_edits = [e for e in plant.edits if e[0] == "text"]
    if text_edits:
        stream = Stream(pages)
        lines = {pi: p.text.split("\n") for pi, p in enumerate(pages)}
        for _, start, end, new in sorted(text_edits, key=lambda e: -e[1]):
            _replace(stream, lines, start, end, new)
        for pi, ls in lines.items():
            text = "\n".join(ls)
            if text != pages[pi].text:
                pages[pi] = pages[pi].model_copy(update={"text": text})
    for edit in plant.edits:
        if edit[0] == "cell":
            _, number, ti, ri, ci, new = edit
            pi = next(i for i, p in enumerate(pages) if p.number == number)
            page = pages[pi].model_copy(deep=True)
            page.tables[ti].rows[ri][ci] = new
            pages[pi] = page
        elif edit[0] == "drop_tables":
            _, number, keep = edit
            pi = next(i for i, p in enumerate(pages) if p.number == number)
            pages[pi] = pages[pi].model_copy(update={"tables": [t for k, t in enumerate(pages[pi].tables) if k in keep]})
    return pages


def _replace(stream: Stream, lines: dict[int, list[str]], start: int, end: int, new: str) -> None:
    """stream[start:end] → new, on the lines it spans (the first keeps `new`, the others lose their part)."""
    first = True
    for k, (s, pi, li) in enumerate(stream.where):
        e = stream.where[k + 1][0] if k + 1 < len(stream.where) else len(stream.text)
        if (e <= start or s >= end) and not (start == end and s <= start < e):
            continue
        line = lines[pi][li]
        a, b = max(start, s) - s, min(end, e) - s
        lines[pi][li] = line[:a] + (new if first else "") + line[b:]
        first = False


def text_plant(stream: Stream, m: re.Match, group: str | int, new: str, op: str, family: str, **kw) -> Plant:
    start, end = m.span(group)
    return Plant(op, family, stream.page_of(start), m.group(group), new, [("text", start, end, new)], **kw)


def reformat(token: str, value: Decimal) -> str:
    """A number printed the way `token` is: its decimals, its thousands separators."""
    decimals = len(token.split(".")[1]) if "." in token else 0
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    v = value.quantize(q)
    return f"{v:,}" if "," in token else f"{v}"


def shifted(token: str, rng, lo: float = 0.08, hi: float = 0.3) -> str:
    """A different figure in the same print: off by 8–30%, up or down, never the same digits."""
    old = to_decimal(token)
    step = Decimal(1).scaleb(-(len(token.split(".")[1]) if "." in token else 0))
    factor = Decimal(str(round(rng.uniform(lo, hi), 3))) * (1 if rng.random() < 0.5 else -1)
    new = old * (1 + factor) if old else Decimal(7) * step
    new = max(new, step)
    out = reformat(token, new)
    return out if out != token else reformat(token, old + 3 * step)


def amt_of(f: Fact):
    return printed_amount(f.value, f.unit, f.quote)


def token_of(f: Fact) -> str | None:
    """The number as the row's line prints it ("2,106.66")."""
    a = amt_of(f)
    for m in re.finditer(NUM, f.quote or ""):
        d = to_decimal(m.group())
        if d is not None and d == a.printed:
            return m.group()
    return None


def cell_plant(filing: Filing, f: Fact, new: str, op: str, family: str) -> Plant | None:
    """A cell's figure changed (or blanked) in the page's ruled table and in its text line."""
    token = token_of(f)
    if token is None:
        return None
    pi = next((i for i, p in enumerate(filing.pages) if p.number == f.page), None)
    if pi is None:
        return None
    page = filing.pages[pi]
    edits: list[tuple] = []
    label = re.sub(r"\s+", "", (f.row or f.subject).split(" › ")[-1])[:4]
    for ti, t in enumerate(page.tables):
        for ri, row in enumerate(t.rows):
            joined = re.sub(r"\s+", "", "".join(c or "" for c in row))
            if label and label not in joined:
                continue
            for ci, cell in enumerate(row):
                if cell is not None and re.sub(r"\s+", "", cell) == token:
                    edits.append(("cell", f.page, ti, ri, ci, new))
                    break
            if edits:
                break
        if edits:
            break
    # the same figure in the page's text: on the row's line, or (a label wrapped over lines, "1.一般公共预"
    # / "17,981.68 …" / "算") on the first line after the label's that prints it
    s = Stream(filing.pages)
    lines = page.text.split("\n")
    flat = [re.sub(r"\s+", "", ln) for ln in lines]
    quote = re.sub(r"\s+", "", f.quote or "")[:12]
    at = next((i for i, ln in enumerate(flat) if ln and quote in ln), None)
    if at is None:
        at = next((i for i, ln in enumerate(flat) if label and label in ln), None)
    number = re.compile(rf"(?<![\d.,]){re.escape(token)}(?![\d.,])")
    for li in ([] if at is None else range(at, min(at + 3, len(lines)))):
        m = number.search(lines[li])
        if m:
            start = s.line_start(pi, li)
            end = m.end() + (1 if not new and lines[li][m.end():m.end() + 1] == " " else 0)
            edits.append(("text", start + m.start(), start + end, new))
            break
    if not edits:
        return None
    return Plant(op, family, f.page, token, new or "（空）", edits,
                 target=(f.table, f.page, f.row, f.column))
