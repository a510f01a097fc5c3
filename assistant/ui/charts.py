"""An answer's `table` (rankings, totals, trends, comparisons) → a chart and a CSV for the chat page.

Years are drawn as a line (a trend, oldest first), anything else — departments — as bars in the
order the answer gives them. Gradio's plots label axes, not marks, so each point's category
carries its value and citation number ("37.91万元 [2] 万里街道办事处", "2023年 37.91万元 [2]"):
the chart reads without hovering and every point leads to its source card. Axis labels are cut
at about 180 px, so the value comes first and a place name two departments share (上海市普陀区)
is left to the tooltip, which names each department in full.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assistant.amounts import MONEY_FACTORS
from assistant.types import Answer, Citation, TableRow

YEAR_LABEL = re.compile(r"^\s*(\d{4})\s*年")  # "2023年", "2023年度", "2023年（部门预算）"
X, Y, FULL = "项目", "数值", "名称"
CSV_HEADER = ["序号", "项目", "数值", "单位", "回答中的写法", "引用", "来源（文件 页码）"]


@dataclass(frozen=True)
class Chart:
    kind: str                # "line" (years) or "bar"
    data: pd.DataFrame       # X (label with value and citation), Y (number in `unit`), FULL, 引用
    order: list[str]         # the categories in the answer's order
    y_title: str             # "金额（万元）", "数量（辆）" …
    title: str


def is_year(label: str) -> bool:
    return bool(YEAR_LABEL.match(label))


def _year(row: TableRow) -> int:
    return int(YEAR_LABEL.match(row.label).group(1))


def _unit(rows: list[TableRow]) -> tuple[str, float]:
    """The unit the chart draws in and its factor from the row values: money in 万元 (亿元 when every
    figure is that large), anything else as the rows give it."""
    units = {r.unit for r in rows}
    if units == {"元"}:
        big = all(abs(r.value) >= 1e8 for r in rows)
        unit = "亿元" if big else "万元"
        return unit, float(MONEY_FACTORS[unit])
    return (units.pop() if len(units) == 1 else ""), 1.0


PLACE_END = "省市区县州旗"


def short_names(labels: list[str]) -> list[str]:
    """Each label without the longest place-name prefix (ending in 省/市/区/县 …) it shares with
    another label: 上海市普陀区商务委员会 beside 上海市普陀区财政局 → 商务委员会. Two labels that would
    read alike (上海市财政局, 上海市普陀区财政局 → 财政局) both keep one place more."""
    cuts = []
    for i, label in enumerate(labels):
        cuts.append([0] + [j + 1 for j, ch in enumerate(label[:-2]) if ch in PLACE_END and any(
            k != i and other.startswith(label[:j + 1]) for k, other in enumerate(labels))])
    while True:
        names = [label[c[-1]:] for label, c in zip(labels, cuts)]
        clash = {n for n in names if names.count(n) > 1}
        if not clash or all(len(c) == 1 for c, n in zip(cuts, names) if n in clash):
            return names
        for c, n in zip(cuts, names):
            if n in clash and len(c) > 1:
                c.pop()


def point_label(row: TableRow, name: str, year: bool) -> str:
    cites = "".join(f"[{n}]" for n in row.citations)
    parts = (name, row.text, cites) if year else (row.text, cites, name)
    return " ".join(x for x in parts if x)


def chart_of(answer: Answer | None) -> Chart | None:
    """The chart an answer over several departments or years draws; None for any other answer."""
    rows = (answer.table or []) if answer is not None else []
    if len(rows) < 2 or answer.status not in ("answered", "conflict"):
        return None
    unit, factor = _unit(rows)
    # a line over distinct years; two figures of one year (预算 beside 决算) are bars
    years = all(is_year(r.label) for r in rows) and len({_year(r) for r in rows}) == len(rows)
    if years:  # a trend reads left to right, oldest first, whatever order the answer lists them
        rows = sorted(rows, key=_year)
    names = [r.label for r in rows] if years else short_names([r.label for r in rows])
    labels = [point_label(r, n, years) for r, n in zip(rows, names)]
    data = pd.DataFrame({
        X: labels,
        Y: [round(r.value / factor, 6) for r in rows],
        FULL: [r.label for r in rows],
        "引用": ["".join(f"[{n}]" for n in r.citations) for r in rows],
    })
    what = "金额" if unit in MONEY_FACTORS else "数值"
    return Chart(kind="line" if years else "bar", data=data, order=labels,
                 y_title=f"{what}（{unit}）" if unit else what, title=answer.question)


def table_csv(answer: Answer) -> str:
    """The answer's table as CSV text: one line per row with its value in 元 (or as printed), the
    text the answer wrote, and where each figure was printed."""
    by_id: dict[int, Citation] = {c.id: c for c in answer.citations}
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_HEADER)
    for i, r in enumerate(answer.table or [], 1):
        where = "；".join(f"[{n}] {by_id[n].doc}" + (f" 第{by_id[n].page}页" if by_id[n].page else "")
                         for n in r.citations if n in by_id)
        w.writerow([i, _cell(r.label), _number(r.value), r.unit, r.text,
                    "".join(f"[{n}]" for n in r.citations), _cell(where)])
    return out.getvalue()


def write_table_csv(answer: Answer, folder: Path) -> Path:
    """The CSV in `folder`, named by its content (utf-8-sig, so Excel opens the Chinese): the same
    table asked by many visitors is one file, not one per answer."""
    text = table_csv(answer)
    path = folder / f"表格_{hashlib.sha1(text.encode()).hexdigest()[:12]}.csv"
    if not path.exists():
        tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8-sig", newline="")
        tmp.replace(path)  # atomic: a visitor never downloads a half-written file
    return path


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _cell(text: str) -> str:
    """Spreadsheet-safe: a cell starting with = + - @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
