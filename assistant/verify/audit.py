"""The filing audit moved to the `assistant.audit` package (one module per family of checks);
this name stays for the code that imports it (the answer engine's conflict book, fund scopes)."""

from assistant.audit import (
    KIND_NAMES, Discrepancy, Place, audit_facts, audit_filing, audit_index, audit_markdown, format_report,
    fund_scope, same_scope,
)

__all__ = ["KIND_NAMES", "Discrepancy", "Place", "audit_facts", "audit_filing", "audit_index", "audit_markdown",
           "format_report", "fund_scope", "same_scope"]
