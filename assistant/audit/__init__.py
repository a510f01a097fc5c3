"""The filing audit: what a reviewer at a finance bureau checks before a filing is published.

    audit_filing(filing, facts) -> list[Discrepancy]     # one read filing (pages + parsed facts)
    audit_index(index) -> list[Discrepancy]              # every filing of an index
    audit_facts(facts, pages=()) -> list[Discrepancy]    # facts alone (the answer engine's use)
    format_report(findings) / audit_markdown(findings)   # for staff: text, markdown

Five families of checks, each finding naming every place (page, locator, quote), the gap and a
severity (error / rounding (尾差) / wording):
- arithmetic (`arithmetic`, `rates`, `places`, `units`): totals against their rows, 合计 columns,
  收支 balance, 三公经费, growth rates and shares recomputed, one figure in 说明 and table, 元/万元 slips;
- statements (`statements`): a sentence comparing 决算 with 年初预算 (大于/小于/持平, 完成…的X%) held
  to its own numbers; a change said two ways;
- headlines (`headlines`, `blanks`): the 说明's 收入支出总计 / 财政拨款收入支出总计 / 本年收入合计 against the
  summary tables; a 说明 figure whose table cell is blank;
- the filing (`consistency`): years, the department's name, placeholders, doubled punctuation,
  the contents page's tables printed, empty tables noted;
- tables (`tables`): one figure in two tables, fund scopes (全部 ⊇ 财政拨款 ⊇ 一般公共预算) kept apart.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from assistant.audit.arithmetic import (
    check_balance, check_code_totals, check_column_totals, check_part_exceeds, check_sangong, check_summary_totals,
)
from assistant.audit.consistency import (
    check_contents, check_department, check_placeholders, check_punctuation, check_years,
)
from assistant.audit.findings import KIND_NAMES, Discrepancy, Place
from assistant.audit.blanks import check_blank_cells
from assistant.audit.headlines import check_headlines
from assistant.audit.places import check_cross_place, fund_scope, same_scope
from assistant.audit.rates import check_growth, check_shares
from assistant.audit.report import audit_markdown, format_report
from assistant.audit.statements import check_statements
from assistant.audit.tables import check_table_twins
from assistant.audit.text import FilingText
from assistant.audit.units import check_units
from assistant.types import Fact, Filing, Page

log = logging.getLogger(__name__)

# Checks on parsed facts alone: the ones the answer engine also runs (answer/conflicts.py) …
FACT_CHECKS = (check_code_totals, check_column_totals, check_balance, check_sangong, check_growth, check_shares,
               check_part_exceeds, check_cross_place)
# … and those only the review runs (their findings are not held against an answer).
REVIEW_FACT_CHECKS = (check_summary_totals, check_table_twins, check_headlines)
# Checks that read the pages themselves.
TEXT_CHECKS = (check_statements, check_years, check_department, check_placeholders, check_punctuation)


def distinct(findings: list[Discrepancy]) -> list[Discrepancy]:
    """One finding per discrepancy: a total row read under two names is reported once."""
    seen: dict[tuple, Discrepancy] = {}
    for d in findings:
        seen.setdefault(d.key(), d)
    return list(seen.values())


def audit_facts(facts: list[Fact], pages: list[tuple[int, str]] = ()) -> list[Discrepancy]:
    """Audit one filing's facts (and page texts, for unit slips)."""
    if not facts:
        return []
    out: list[Discrepancy] = []
    for check in FACT_CHECKS:
        out += check(facts)
    out += check_units(facts, list(pages))
    return distinct(out)


def audit_filing(filing: Filing, facts: list[Fact], pages: list[Page] | list[tuple[int, str]] | None = None
                 ) -> list[Discrepancy]:
    """Audit one filing: its facts, and its pages read as a reviewer reads them."""
    ft = FilingText.of(filing, pages)
    out = audit_facts(facts, [(p.number, p.text) for p in ft.pages])
    for fact_check in REVIEW_FACT_CHECKS:
        out += fact_check(facts)
    out += check_blank_cells(facts, ft)
    for check in TEXT_CHECKS:
        out += check(ft)
    out += check_contents(ft, facts)
    return distinct(out)


def audit_index(index, doc: str | None = None) -> list[Discrepancy]:
    """Every filing of an index (an `Index` or a bare `FactStore`), filing by filing; with `doc`,
    only the filings whose title holds it (the staff tab audits the one filing it shows)."""
    # an Index holds its store as `.facts`; a store's own `.facts` is the query method
    store = index if callable(getattr(index, "facts", None)) else index.facts
    filings = [f for f in store.filings() if doc is None or doc in f.title]
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for filing in filings:
        by_doc[filing.doc_id] = store.facts(doc_id=filing.doc_id)
    out: list[Discrepancy] = []
    for filing in filings:
        pages = [(p.number, p.text or "") for p in store.pages(filing.doc_id)]  # SQLite or PostgreSQL alike
        facts = by_doc.get(filing.doc_id, [])
        if not pages:
            log.warning("audit: %s has no stored pages; only its facts are checked", filing.title)
            out += audit_facts(facts)
            continue
        out += audit_filing(filing, facts, pages)
    return out


__all__ = ["Discrepancy", "Place", "KIND_NAMES", "audit_facts", "audit_filing", "audit_index", "format_report",
           "audit_markdown", "fund_scope", "same_scope", "distinct"]
