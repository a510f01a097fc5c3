"""Tables flattened into lines (text filings, or PDF pages without ruled tables).

    总体资金情况 当年金额 占比 / 2023年 2024年          ← header: the columns
    收入 / 构成                                          ← a section of rows
    财政拨款 1331.49 100% 870.31 917.27                  ← label + one number per column
    城运中心网上群众投诉 / 平台项目 / 本级支出项目 135 135 服务外包   ← 项目支出情况 row, name wrapped

Rows are read only on pages without ruled tables (those are the tables parser's), inside a
part that holds the tables, and only under a header that names the columns — so a stray line
of numbers is never given a meaning it does not print. Project sheets (项目名称 … 项目编码)
are the project parser's.
"""

from __future__ import annotations

import re

from assistant.amounts import Amount, to_decimal
from assistant.ontology import canonical, clean_label
from assistant.parsers.patterns import PAGE_NO
from assistant.parsers.sections import Outline, is_table_part
from assistant.types import LOCATOR_SEP, Fact, Filing

_NUM = r"-?\d[\d,]*(?:\.\d+)?%?"
_ROW = re.compile(rf"^(?P<label>[^\d\s].*?)\s+(?P<nums>{_NUM}(?:\s+{_NUM})+)$")
_UNIT = re.compile(r"单位[：:]\s*(万元|元|千元|亿元)")
_HEADER_WORDS = ("当年金额", "占比", "金额", "预算数", "决算数")
_YEARS = re.compile(r"^(?:20\d\d年\s*)+$")
_PROJECT_ROW = re.compile(
    r"^(?P<name>.*?)\s*(?P<cat>\S*(?:支出项目|运转类项目|目标类项目|人员类项目))\s+(?P<total>\d[\d,.]*)\s+(?P<cur>\d[\d,.]*)"
    r"(?:\s*(?P<use>.*))?$"
)


def flat_table_facts(filing: Filing) -> list[Fact]:
    outline = Outline.build(filing)
    out: list[Fact] = []
    unit = "万元"
    cols: list[str] = []
    section = ""
    pending: list[str] = []
    in_projects = False
    known = _sheet_names(filing)
    for page in filing.pages:
        if page.tables:
            continue
        for i, raw in enumerate(page.text.splitlines()):
            line = raw.strip()
            if not line or PAGE_NO.match(line):
                continue
            path = outline.path_at(page.number, i)
            if not path or not is_table_part(path[0]):
                cols, in_projects = [], False
                continue
            u = _UNIT.search(line)
            if u:
                unit, cols, in_projects, pending = u.group(1), [], False, []
                continue
            if line.startswith("项目名称") and "项目编码" not in line and not re.search(r"\d", line):
                in_projects, cols, pending = True, [], []  # 项目支出情况: name, category, totals
                continue
            if line.startswith("项目名称"):
                in_projects = False
                cols = []
                continue
            words = [w for w in line.split() if w in _HEADER_WORDS]
            if len(words) >= 2 and not re.search(r"\d", line):
                cols = words
                continue
            if cols and _YEARS.match(line):
                cols = cols + line.split()
                continue
            if in_projects:
                m = _PROJECT_ROW.match(line)
                if m:
                    name = _project_name(pending, m.group("name"), known)
                    pending = []
                    if name:
                        out += _project_row(filing, outline, page.number, i, name, m, unit, path, raw)
                elif re.search(r"整体绩效|总目标|长期目标|年度目标", line):
                    in_projects = False
                else:
                    pending = (pending + [line])[-3:]
                continue
            if not cols:
                continue
            m = _ROW.match(line)
            if not m:
                if line in ("收入", "支出", "收入构成", "支出构成"):
                    section = line if line.endswith("构成") else line + "构成"  # "收入" / "构成" printed apart
                continue
            nums = m.group("nums").split()
            if len(nums) != len(cols):
                continue
            label = clean_label(m.group("label"))
            for col, num in zip(cols, nums):
                out += _cell(filing, outline, page.number, i, label, section, col, num, unit, path, raw)
    return out


def _sheet_names(filing: Filing) -> list[str]:
    """Project names as the filing's own project sheets print them ("项目名称 党建 项目编码")."""
    names = []
    for p in filing.pages:
        lines = [l.strip() for l in p.text.splitlines()]
        for i, l in enumerate(lines):
            m = re.match(r"^项目名称\s*(.*?)\s*(?:项目编码.*)?$", l)
            if not m:
                continue
            name = m.group(1)
            if not name or "项目编码" not in l:  # wrapped: the name is on the next lines
                tail = []
                for nxt in lines[i + 1:i + 4]:
                    if nxt.startswith("项目编码"):
                        name = "".join([name, *tail])
                        break
                    tail.append(nxt)
                else:
                    continue
            if name and not re.search(r"\s", name):
                names.append(clean_label(name))
    return sorted(set(names), key=lambda s: (-len(s), s))


def _project_name(pending: list[str], printed: str, known: list[str]) -> str:
    """The name of a 项目支出情况 row: its printed start plus the wrapped lines before it,
    matched against the names the project sheets print; without a match, the row's own text."""
    joined = clean_label("".join(pending) + printed)
    for name in known:
        if joined.endswith(name):
            return name
    return clean_label(printed) or joined


def _cell(filing, outline, page, line, label, section, col, num, unit, path, raw) -> list[Fact]:
    pct = num.endswith("%")
    value = to_decimal(num.rstrip("%"))
    if value is None:
        return []
    ref_year = None
    y = re.match(r"(20\d\d)年", col)
    if pct:
        measure, u = "占比", "%"
    elif y:
        ref_year = int(y.group(1))
        measure, u = ("预算数" if filing.kind == "预算" else "决算数"), unit
    else:
        measure, u = ("预算数" if filing.kind == "预算" else "决算数"), unit
    amt = Amount(value, u, 2)
    table = next((p for p in reversed(path) if p.startswith("表") or p.endswith("表")), None)
    row = LOCATOR_SEP.join(p for p in (section, label) if p)
    return [Fact(
        doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year, kind=filing.kind,
        subject=canonical(label) if label not in ("合计", "合 计") else f"{section}合计",
        measure=measure, column=col, value=amt.value, unit=u, ref_year=ref_year if ref_year != filing.year else None,
        page=page, locator=outline.locator(page, line, row, col), quote=raw.strip(), source="table",
        table=table, row=row,
    )]


def _project_row(filing, outline, page, line, name, m, unit, path, raw) -> list[Fact]:
    table = next((p for p in reversed(path) if p.startswith("表") or p.endswith("表")), None)
    out = []
    for measure, col, num in (("总预算", "项目总预算", m.group("total")), ("预算数", "项目本年度预算", m.group("cur"))):
        v = to_decimal(num)
        if v is None:
            continue
        amt = Amount(v, unit, 2)
        out.append(Fact(
            doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year, kind=filing.kind,
            subject=name, measure=measure, column=col, value=amt.value, unit=unit, page=page,
            locator=outline.locator(page, line, "项目支出情况", name, col), quote=raw.strip(), source="table",
            table=table, row=f"项目支出情况{LOCATOR_SEP}{name}",
        ))
    return out
