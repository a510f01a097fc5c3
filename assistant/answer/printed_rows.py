"""Citations of table facts → the printed row they quote, under its column headers.

A table fact's quote is the row as printed, numbers in a run ("37.91 0 1.35 36.56 15 21.56 464.64"):
exact, but unreadable without the headers. The parser read one fact per figure cell, each with
its column's header path (merged headers resolved), so the row is rebuilt here from the facts
that share its table, page, row and quote — no re-reading of the filing.
"""

from __future__ import annotations

from assistant.amounts import printed_amount, to_decimal
from assistant.types import Citation, Fact, PrintedRow


def printed_row(cited: list[Fact], doc_facts: list[Fact]) -> PrintedRow | None:
    """The row the cited table facts were read from (None unless they are table facts of one row)."""
    first = cited[0] if cited else None
    if first is None or first.source != "table" or not first.table or first.value is None:
        return None
    if any((f.table, f.page, f.row, f.quote) != (first.table, first.page, first.row, first.quote) for f in cited):
        return None
    by_column: dict[str, Fact] = {}  # one fact per column, in reading order (a 合计 cell may be read twice)
    for f in doc_facts:
        if (f.source == "table" and f.value is not None and f.table == first.table and f.page == first.page
                and f.row == first.row and f.quote == first.quote and f.column):
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


def with_printed_rows(citations: list[Citation], cited: dict[int, list[Fact]],
                      doc_facts_of) -> list[Citation]:
    """Citations with `row` filled for those standing for table facts; `doc_facts_of(doc_id)` gives
    every fact of a filing (the engine's in-memory catalog, so no question touches SQLite here)."""
    out = []
    for c in citations:
        facts = cited.get(c.id) or []
        row = printed_row(facts, doc_facts_of(facts[0].doc_id)) if facts else None
        out.append(c.model_copy(update={"row": row}) if row else c)
    return out
