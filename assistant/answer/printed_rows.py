"""Citations of table facts → the printed row they quote, under its column headers.

A table fact's quote is the row as printed, numbers in a run ("37.91 0 1.35 36.56 15 21.56 464.64"):
exact, but unreadable without the headers. The parser read one fact per figure cell, each with
its column's header path (merged headers resolved), so the row is rebuilt here from the facts
that share its table, page, row and quote — no re-reading of the filing.
"""

from __future__ import annotations

from assistant.amounts import printed_amount, to_decimal
from assistant.types import Citation, Fact, PrintedRow


class PrintedRows:
    """The table facts of a cited page grouped by printed row — read from the page's facts on
    need (a row's key holds its page, so the page's facts hold the whole row)."""

    def __init__(self, catalog):
        self.catalog = catalog  # lookup.Catalog: the index's filings, and their facts by page

    def of(self, f: Fact) -> list[Fact]:
        """Every table fact printed in the row `f` was read from, in reading order."""
        filing = self.catalog.by_doc.get(f.doc_id)
        if filing is None:
            return []
        key = _row_key(f)
        facts = self.catalog.of_doc(filing) if f.page is None else self.catalog.on_page(filing, f.page)
        return [g for g in facts
                if g.source == "table" and g.value is not None and g.table and g.column and _row_key(g) == key]

    def attach(self, citations: list[Citation], cited: dict[int, list[Fact]]) -> list[Citation]:
        """Citations with `row` filled for those standing for table facts."""
        out = []
        for c in citations:
            facts = cited.get(c.id) or []
            row = printed_row(facts, self.of(facts[0])) if facts else None
            out.append(c.model_copy(update={"row": row}) if row else c)
        return out


def _row_key(f: Fact) -> tuple:
    return (f.page, f.table, f.row, f.quote)


def printed_row(cited: list[Fact], row_facts: list[Fact]) -> PrintedRow | None:
    """The row the cited table facts were read from (None unless they are table facts of one row);
    `row_facts` are the facts read from that row (or any facts of the filing: others are skipped)."""
    first = cited[0] if cited else None
    if first is None or first.source != "table" or not first.table or first.value is None:
        return None
    if any(_row_key(f) != _row_key(first) for f in cited):
        return None
    by_column: dict[str, Fact] = {}  # one fact per column, in reading order (a 合计 cell may be read twice)
    for f in row_facts:
        if f.source == "table" and f.value is not None and _row_key(f) == _row_key(first) and f.column:
            by_column.setdefault(f.column, f)
    if first.column not in by_column:
        return None
    columns = list(by_column)
    cited_columns = {f.column for f in cited}
    money = [f.unit for f in by_column.values() if f.unit not in ("%", "％")]
    return PrintedRow(
        table=first.table, unit=money[0] if money else first.unit, label=first.row or "",
        columns=columns, cells=_cells(first.quote, list(by_column.values())),
        cited=[i for i, c in enumerate(columns) if c in cited_columns],
    )


def _cells(quote: str, facts: list[Fact]) -> list[str]:
    """Each fact's figure as the quote prints it ("1,234.50", "0.00"). The figures close the quote
    in column order, so it is read from its end: a code or a number in the row's label is never
    taken for a figure. A figure the quote does not print (an empty cell read as 0) stays empty."""
    tokens = quote.split()
    end = len(tokens)
    out: list[str] = []
    for f in reversed(facts):
        printed = printed_amount(f.value, f.unit).printed
        at = next((i for i in range(end - 1, -1, -1)
                   if to_decimal(tokens[i].rstrip("%％")) == printed), None)
        if at is None:
            out.append("")
        else:
            out.append(tokens[at])
            end = at
    return out[::-1]
