"""Filters on department, year and kind: set by callers, or inferred from the question."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.types import Filing, Kind


class Filters(BaseModel):
    department: str | None = Field(default=None, description="Part of a department name, e.g. 普陀区财政局")
    year: int | None = Field(default=None, description="The filing's year")
    kind: Kind | None = Field(default=None, description="预算 or 决算")

    def is_empty(self) -> bool:
        return not (self.department or self.year or self.kind)

    def admits(self, department: str, year: int, kind: str) -> bool:
        if self.department and self.department not in department:
            return False
        if self.year and self.year != year:
            return False
        return not (self.kind and self.kind != kind)

    def doc_ids(self, filings: list[Filing]) -> list[str]:
        """The filings these filters admit (department as a substring of the filing's department)."""
        return [f.doc_id for f in filings if self.admits(f.department, f.year, f.kind)]
