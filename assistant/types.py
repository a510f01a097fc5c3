"""Typed records passed between the stages of the pipeline.

filing → pages → facts + chunks → index → retrieval → answer → verification.
Every stage takes and returns these records; no dicts of dicts cross a module border.
Money values inside a Fact are exact Decimals in 元; the unit *as printed* is kept
beside them so a citation can be re-read against the page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, model_validator

Kind = Literal["预算", "决算"]
# The kind at full resolution: a department's consolidated filing (部门) or one unit's own (单位).
FilingKind = Literal["部门预算", "单位预算", "部门决算", "单位决算"]
FactSource = Literal["table", "prose", "project", "glossary"]
# One of the two documents a department-year is sometimes published as: the 文件 (cover, 概况, 说明)
# and the 表格 (the 公开01–12表 only). None: a whole filing (or two parts already joined into one).
FilingPart = Literal["文件", "表格"]
Status = Literal["answered", "not_found", "conflict", "error"]

LOCATOR_SEP = " › "


class RawTable(BaseModel):
    """A ruled table as pdfplumber found it on one page (cells left as printed)."""

    rows: list[list[str | None]] = Field(description="Cell text per row; None for an empty cell")
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom of the table on its page"
    )
    spans: list[list[tuple[int, int] | None]] = Field(
        default_factory=list,
        description="Same shape as rows: (rowspan, colspan) at a cell's origin, None where a merged cell covers",
    )
    col_x: list[tuple[float, float]] = Field(default_factory=list, description="x0, x1 of each grid column")


class Page(BaseModel):
    """One page of a filing, as read, before any interpretation."""

    number: int = Field(description="1-based page number in the filing")
    text: str = Field(description="Page text in reading order, one printed line per line")
    tables: list[RawTable] = Field(default_factory=list, description="Ruled tables found on the page")
    has_text_layer: bool = Field(default=True, description="False for a scanned/image-only page")
    line_tops: list[float] = Field(default_factory=list, description="Top y of each line of `text`, same order")


class Filing(BaseModel):
    """A budget (预算) or final-account (决算) disclosure of one department and year."""

    doc_id: str = Field(description="sha256 of the file's bytes: the idempotence key")
    path: str = Field(description="Where the file was read from")
    title: str = Field(description="Human title, e.g. 东西湖区城市运行管理中心2025年部门预算")
    department: str = Field(description="预算主管部门 / 编制部门 / 预算单位, read from the content")
    year: int = Field(description="The budget year the filing is about")
    kind: Kind = Field(description="预算 (budget) or 决算 (final accounts)")
    filing_kind: FilingKind | None = Field(
        default=None, description="部门预算/单位预算/部门决算/单位决算 as the filing prints it; 部门+kind when not given"
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the filing prints for its department (中共/中国共产党 forms, a title's short form)",
    )
    level: str | None = Field(default=None, description="省级/市级/区级 … as stated, else from the department's name")
    part: FilingPart | None = Field(
        default=None, description="文件 or 表格 when the file is one part of a department-year split in two")
    pages: list[Page] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="Pages with no text layer, identity read from the file name, etc.")

    @model_validator(mode="after")
    def _default_filing_kind(self) -> "Filing":
        # Records written before filing kinds existed (and hand-made test filings) are 部门 filings
        if self.filing_kind is None:
            self.filing_kind = f"部门{self.kind}"
        elif not self.filing_kind.endswith(self.kind):
            raise ValueError(f"filing_kind {self.filing_kind} disagrees with kind {self.kind}")
        return self


class Fact(BaseModel):
    """One figure (or one piece of text, e.g. a glossary entry) read from a filing, with provenance."""

    doc_id: str
    doc: str = Field(description="Filing title")
    department: str
    year: int = Field(description="The filing's year")
    kind: Kind
    filing_kind: FilingKind | None = Field(default=None, description="The filing's kind at full resolution")
    subject: str = Field(description="Canonical budget term from the ontology, or the cleaned printed label")
    code: str | None = Field(default=None, description="功能/经济分类科目 code without spaces, e.g. 2080505")
    measure: str = Field(description="预算数/决算数/上年数/增减额/增减率/占比/数量/负责人/定义 …")
    column: str = Field(default="", description="Column header path as printed, merged cells resolved, ' › ' joined")
    value: Decimal | None = Field(default=None, description="Money in 元; other units as printed; None for text facts")
    unit: str = Field(default="", description="Unit as printed: 元/万元/亿元/%/辆/人 …")
    text: str | None = Field(default=None, description="Text value: reason, name, phone, definition, indicator target")
    ref_year: int | None = Field(default=None, description="The year the figure refers to, when not the filing's own")
    page: int | None = Field(default=None, description="1-based page")
    locator: str = Field(default="", description="part › section › table › row › column")
    quote: str = Field(default="", description="Verbatim text the figure was read from")
    source: FactSource = "table"
    table: str | None = Field(default=None, description="Table title as printed, for table facts")
    row: str | None = Field(default=None, description="Row label path as printed")
    flags: list[str] = Field(default_factory=list, description="e.g. total_mismatch, unit_suspect")
    part: FilingPart | None = Field(
        default=None, description="For a filing joined from two parts: the part (文件/表格) the figure was read from")


class Chunk(BaseModel):
    """A self-describing passage for retrieval: never bare numbers cut off from header and unit."""

    chunk_id: str = Field(description="Stable id: doc_id + ordinal")
    doc_id: str
    doc: str
    department: str
    year: int
    kind: Kind
    text: str = Field(description="What is embedded and BM25-indexed (carries filing, section, unit)")
    page_start: int | None = None
    page_end: int | None = None
    locator: str = ""
    chunk_type: Literal["section", "table", "project", "glossary"] = "section"


class PrintedRow(BaseModel):
    """The printed table row a table fact was read from, laid out as the filing prints it, so a
    reader can see the cited figure under its column headers (not a bare run of numbers)."""

    table: str = Field(description="Table title as printed")
    unit: str = Field(default="", description="Unit the table prints its figures in (万元, 元 …)")
    label: str = Field(default="", description="Row label as printed (code and name); empty when the columns name the items")
    columns: list[str] = Field(description="Header path of each figure column, merged headers resolved, ' › ' joined")
    cells: list[str] = Field(description="Each column's figure as printed, same order as columns; '' for an empty cell")
    cited: list[int] = Field(default_factory=list, description="0-based indices of the columns the citation stands for")


class Citation(BaseModel):
    id: int
    doc: str
    page: int | None
    locator: str
    quote: str
    row: PrintedRow | None = Field(
        default=None, description="For a table fact: the printed row under its column headers, cited cells marked")


class Figure(BaseModel):
    text: str = Field(description="The number with its unit as written in the answer")
    value: float = Field(description="Normalised: 元 for money, plain number for % 人 辆 …")
    unit: str = Field(description="元 for money, else the unit (%/人/辆 …)")
    verified: bool = False
    basis: str = Field(default="", description="What it was matched to or recomputed from")


class TableRow(BaseModel):
    """One row of an answer over several departments or years (rankings, totals, trends)."""

    label: str = Field(description="The department (or year) the row is about")
    value: float = Field(description="Money in 元, other units as printed")
    unit: str = Field(description="元 for money, else the unit")
    text: str = Field(description="The figure as the answer writes it")
    citations: list[int] = Field(default_factory=list, description="Citation ids of the row's figure")


class Answer(BaseModel):
    question: str
    status: Status
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    table: list[TableRow] | None = Field(
        default=None, description="Rows of an answer over several departments or years, in the answer's order")
    understood: str | None = Field(
        default=None, description="For a follow-up (那去年呢？): the complete question it was read as")
