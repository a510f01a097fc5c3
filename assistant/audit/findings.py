"""What the audit reports: a finding (`Discrepancy`) with every place it names, and the helpers the
checks share to build one.

A finding has a severity a reviewer acts on:
- error: the filing says two things that cannot both be true (a total, a comparison, a year);
- rounding: a gap the printed rounding explains (尾差) — listed for reference, not an error;
- wording: nothing numeric is wrong, but the text is not fit to publish (a placeholder left in,
  doubled punctuation, an empty table without its "本表无数据" note).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, computed_field, model_validator

from assistant.amounts import Amount, printed_amount
from assistant.ontology import clean_label
from assistant.types import LOCATOR_SEP, Fact

CheckKind = Literal[
    # arithmetic inside the filing (the audit's first checks)
    "table_total", "column_total", "balance", "sangong", "growth_rate", "share", "cross_place", "part_exceeds",
    "unit_suspect",
    # a statement against its own numbers
    "comparison", "completion_rate", "change_direction",
    # headline totals of the text against the summary tables; a text figure whose table cell is blank
    "headline_total", "blank_cell",
    # the filing as a whole
    "year", "department", "placeholder", "punctuation", "missing_table", "empty_table_note",
    # one figure in two tables
    "table_mismatch",
]
Severity = Literal["error", "rounding", "wording"]
Family = Literal["arithmetic", "statement", "headline", "filing", "table"]

KIND_NAMES: dict[str, str] = {
    "table_total": "表内合计与明细不符", "column_total": "合计栏与分栏之和不符", "balance": "收入总计与支出总计不等",
    "sangong": "“三公”经费与分项之和不符", "growth_rate": "增减率与金额不符", "share": "占比与金额不符",
    "cross_place": "同一数字两处不一致", "part_exceeds": "其中项大于总额", "unit_suspect": "金额单位疑误",
    "comparison": "比较用语与数字不符", "completion_rate": "完成预算比例与金额不符",
    "change_direction": "增减用语前后矛盾",
    "headline_total": "说明中的总计与报表不符", "blank_cell": "说明有数而报表为空",
    "year": "年度与本文件不符", "department": "部门名称与本文件不符", "placeholder": "占位符未替换",
    "punctuation": "标点重复", "missing_table": "目录所列表格缺失", "empty_table_note": "空表未注明原因",
    "table_mismatch": "同一数字两表不一致",
}
FAMILY_OF: dict[str, Family] = {
    **dict.fromkeys(("table_total", "column_total", "balance", "sangong", "growth_rate", "share", "cross_place",
                     "part_exceeds", "unit_suspect"), "arithmetic"),
    **dict.fromkeys(("comparison", "completion_rate", "change_direction"), "statement"),
    **dict.fromkeys(("headline_total", "blank_cell"), "headline"),
    **dict.fromkeys(("year", "department", "placeholder", "punctuation", "missing_table", "empty_table_note"),
                    "filing"),
    "table_mismatch": "table",
}
SEVERITY_NAMES: dict[str, str] = {"error": "错误", "wording": "文字问题", "rounding": "尾差（供参考）"}
# Sections a finding is filed under in the staff report, in the order a reviewer reads a filing.
SECTIONS: tuple[str, ...] = ("全文", "报表", "说明", "项目表")


class Place(BaseModel):
    page: int | None = Field(description="1-based page of the filing")
    locator: str = Field(default="", description="part › section › table › row › column")
    quote: str = Field(default="", description="Verbatim text the figure was read from")
    value: float | None = Field(default=None, description="The figure: 元 for money, else as printed")
    printed: str = Field(default="", description="The figure as printed, with its unit")
    source: str = Field(default="", description="table / prose / project / text (read off the page itself)")


class Discrepancy(BaseModel):
    doc: str = Field(description="Filing title")
    doc_id: str
    kind: CheckKind = Field(description="Which identity failed")
    subject: str = Field(description="What the figure is about")
    places: list[Place] = Field(description="Where the disagreeing figures are printed")
    gap: float = Field(description="Size of the disagreement: 元 for money, percentage points for rates, else 0")
    rounding: bool = Field(description="True when the printed rounding (尾差) explains the gap")
    explanation: str = Field(description="For staff, in Chinese")
    computed: float | None = Field(default=None, description="What the amounts give for the first place's figure")
    severity: Severity = Field(default="error", description="error / rounding (尾差) / wording")
    family: Family = Field(default="arithmetic", description="Which family of checks found it")
    section: str = Field(default="", description="Where in the filing: 全文 / 报表 / 说明 / 项目表")
    facts: list[Fact] = Field(default_factory=list, exclude=True,
                              description="The facts behind `places`, same order (in memory only, not in JSON)")

    @model_validator(mode="after")
    def _consistent(self) -> "Discrepancy":
        # `rounding` predates `severity`: keep the two saying the same thing
        if self.rounding:
            self.severity = "rounding"
        self.rounding = self.severity == "rounding"
        self.family = FAMILY_OF[self.kind]
        if not self.section:
            self.section = section_of(self.places[0] if self.places else None, self.family)
        return self

    @computed_field(description="The check that failed, in Chinese (KIND_NAMES)")
    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def key(self) -> tuple:
        """What makes two findings the same: kind, subject and every place as printed."""
        return (self.kind, self.subject,
                tuple(sorted((p.page or 0, p.locator, p.printed, p.quote[:40]) for p in self.places)))


def section_of(place: Place | None, family: str) -> str:
    if family == "filing" or place is None:
        return "全文"
    return {"table": "报表", "project": "项目表"}.get(place.source, "说明")


# --- helpers the checks share ------------------------------------------------------------------

def amt(f: Fact) -> Amount:
    return printed_amount(f.value, f.unit, f.quote)


def show(value: Decimal, unit: str) -> str:
    """A money value (元) in the unit a filing printed its neighbours in."""
    if unit in ("元", ""):
        return f"{value.quantize(Decimal(1)) if value == value.to_integral_value() else value:,}元"
    a = printed_amount(value, unit)
    return f"{a.printed.normalize():f}{unit}" if a.is_money else f"{a.printed:f}{unit}"


def place_of(f: Fact) -> Place:
    return Place(page=f.page, locator=f.locator, quote=f.quote,
                 value=None if f.value is None else float(f.value), printed=str(amt(f)), source=f.source)


def where(f: Fact) -> str:
    if f.source == "prose":
        return f"说明（第{f.page}页）"
    if f.source == "project":
        return f"{f.table or '项目表'}（第{f.page}页）"
    return f"{f.table or '表'}（第{f.page}页）"


def finding(fs: list[Fact], kind: CheckKind, subject: str, places: list[Fact], gap: Decimal,
            rounding: bool, text: str, computed: Decimal | None = None) -> Discrepancy:
    """A finding about parsed facts: its places are the facts' own."""
    f0 = places[0] if places else fs[0]
    tail = "差额在末位四舍五入范围内，属尾差，不视为错误。" if rounding else ""
    return Discrepancy(doc=f0.doc, doc_id=f0.doc_id, kind=kind, subject=subject,
                       places=[place_of(p) for p in places], gap=float(abs(gap)), rounding=rounding,
                       explanation=text + tail, facts=list(places),
                       computed=None if computed is None else float(computed))


def money(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.value is not None and amt(f).is_money]


def leaf(path: str | None) -> str:
    return clean_label((path or "").split(LOCATOR_SEP)[-1])


def printed_number(f: Fact) -> str:
    """A fact's number as its quote prints it, without separators: "2106.66", "15"."""
    if f.value is None:
        return ""
    a = amt(f)
    return f"{a.printed.normalize():f}" if a.decimals else f"{a.printed:f}"
