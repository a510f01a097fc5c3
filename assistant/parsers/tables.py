"""Ruled-table facts: one Fact per numeric cell of every table of a PDF filing.

Rows are budget items (功能/经济分类 code + name, or a 收支 item); columns are header
paths with merged cells resolved ("一般公共预算支出 › 基本支出"). A table whose items are
in its header and which has one data row (the “三公” table) takes each figure's subject
from its column path, and an empty cell there means 0. Totals that disagree with their
parts are kept and flagged, never dropped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant import ontology
from assistant.amounts import MONEY_FACTORS, Amount
from assistant.parsers.sections import Outline
from assistant.parsers.table_grid import (
    CODE, BodyRow, Column, LogicalTable, is_number, logical_tables,
)
from assistant.ontology import TOTAL_WORDS
from assistant.types import LOCATOR_SEP, Fact, Filing

MEASURE_ONLY = re.compile(r"^(?:预算数|决算数|上年数|上年预算数|年初预算数?|调整预算数?|本年预算数?|执行数|金额|合计数?)$")
SKIP_TITLES = ("绩效目标",)  # project sheets belong to the project parser
EMPTY_MARKS = ("本表为空", "此表为空", "为空表", "本表无数据")
_PRINTED_TERMS = {ontology.clean_label(a): t.name for t in ontology.TERMS for a in (t.name, *t.printed)}


def measure_of(path: list[str], kind: str) -> str:
    s = "".join(path)
    if "上年" in s:
        return "上年数"
    if "增长率" in s or "增幅" in s or "%" in s or "％" in s:
        return "增减率"
    if "增减" in s or "增长额" in s or "增加额" in s:
        return "增减额"
    if "决算数" in s or "执行数" in s:
        return "决算数"
    if re.search(r"预算数|年初预算|调整预算|全年预算", s):
        return "预算数"
    return "决算数" if kind == "决算" else "预算数"


def _term(text: str) -> str:
    """Printed text → canonical term, trying it bare of measure and fund words."""
    k = re.sub(r"^\d{4}年度?", "", ontology.clean_label(text))
    for cand in (k, re.sub(r"(预算数|决算数|预算|决算)$", "", k), re.sub(r"^(财政拨款|一般公共预算)", "", k)):
        if cand in _PRINTED_TERMS:
            return _PRINTED_TERMS[cand]
    stripped = re.sub(r"^(财政拨款|一般公共预算)", "", re.sub(r"(预算数|决算数)$", "", k))
    return ontology.canonical(stripped)


FUND_PREFIX = re.compile(r"^(?:一般公共预算|政府性基金预算?|国有资本经营预算|财政拨款)")


COLUMN_TOTAL_TERMS = {"基本支出", "项目支出", "人员经费", "公用经费"}


def title_subject(title: str) -> str:
    """What a table's 合计 row totals, from its title: "…机关运行经费支出预算表" → 机关运行经费;
    a title naming several terms ("“三公”经费、会议费、培训费") keeps its own words + 合计."""
    s = re.sub(r"^(?:公开\s*\d+\s*表[:：]?|表\s*\d+[.．、]?|[一二三四五六七八九十]+、|\d+\s*[.．、])\s*", "", title.strip())
    s = re.sub(r"（[^）]*）|\([^)]*\)", "", s)
    s = ontology.clean_label(re.sub(r"^(?:部门|预算单位|单位)|表$", "", re.sub(r"^.*?\d{4}年度?", "", s)))
    bare = FUND_PREFIX.sub("", s)
    for cand in (s, re.sub(r"(功能分类|经济分类)?(预算|决算)$", "", s)):
        if cand in _PRINTED_TERMS:
            return _PRINTED_TERMS[cand]
    named = {t for a, t in _PRINTED_TERMS.items() if len(a) >= 3 and a in bare}
    named = {t for t in named if not any(t != u and t in u for u in named)}
    if len(named) == 1:
        return named.pop()
    return re.sub(r"(功能分类|经济分类)?(预算|决算)总?$", "", s) + "合计"


def own_title(title: str, filing: Filing) -> str:
    """A table title without the filing's own department name: "2018年度江苏省高级人民法院收支预算总表"
    totals what "2018年度收支预算总表" does; the department is the filing's, not the subject's."""
    for name in sorted({filing.department, *filing.aliases}, key=len, reverse=True):
        if len(name) >= 3:
            title = re.sub(r"\s*".join(map(re.escape, name)), "", title)
    return title


def _is_total(label: str) -> bool:
    k = ontology.clean_label(label)
    return k in TOTAL_WORDS or k.endswith(TOTAL_WORDS) and len(k) <= 8


def header_subject(path: list[str], title: str) -> str:
    parts = [p for p in path if not MEASURE_ONLY.match(ontology.clean_label(p))] or path[:1]
    leaf = parts[-1] if parts else ""
    if ontology.clean_label(leaf) in TOTAL_WORDS:
        return _term(parts[-2]) if len(parts) > 1 else title_subject(title)
    return _term(leaf)


def _fact_base(filing: Filing) -> dict:
    return dict(doc_id=filing.doc_id, doc=filing.title, department=filing.department,
                year=filing.year, kind=filing.kind, source="table")


def _amount(cell: str, unit: str, path: list[str]) -> Amount | None:
    if "%" in "".join(path) or "％" in "".join(path) or "增长率" in "".join(path):
        return Amount.parse(cell.replace("%", ""), "%")
    return Amount.parse(cell, unit)


def _segments(cols: list[Column]) -> dict[int, list[int]]:
    segs: dict[int, list[int]] = {}
    for k, c in enumerate(cols):
        if c.role != "skip":
            segs.setdefault(c.segment, []).append(k)
    return segs


def _value_groups(cols: list[Column], idx: list[int]) -> list[list[int]]:
    """Value columns under one header path act as one column (a figure may sit in either)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for k in idx:
        if cols[k].role == "value" or (cols[k].role == "skip" and cols[k].path):
            groups.setdefault(tuple(cols[k].path), []).append(k)
    return [g for g in groups.values() if any(cols[k].role == "value" for k in g) or cols[g[0]].path]


def table_facts(filing: Filing) -> list[Fact]:
    if not any(p.tables for p in filing.pages):
        return []
    outline = Outline.build(filing)
    table_heads = {h.title for h in outline.headings if h.level == 9}
    facts: list[Fact] = []
    for table in logical_tables(filing):
        if any(s in table.title for s in SKIP_TITLES) or not table.unit:
            continue
        if any(m in c for r in table.rows for c in r.cells for m in EMPTY_MARKS):
            continue
        section = [p for p in outline.path_at(table.page, table.line) if p not in table_heads]
        facts.extend(_table_facts(filing, table, section))
    return facts


def _table_facts(filing: Filing, table: LogicalTable, section: list[str]) -> list[Fact]:
    cols = table.columns
    has_labels = any(c.role == "label" for c in cols)
    data_rows = [r for r in table.rows if any(is_number(r.cells[k]) for k, c in enumerate(cols) if c.role == "value")]
    if not has_labels and len(data_rows) == 1:
        return _header_table(filing, table, section, data_rows[0])
    roles = _procurement_roles(table)
    if roles:
        return _procurement_facts(filing, table, section, roles)
    out: list[Fact] = []
    segments = _segments(cols)
    for seg, idx in segments.items():
        groups = _value_groups(cols, idx)
        # a two-sided 收支 table: its 总计 rows are the 收入/支出 totals of their side
        side = next((cols[k].path[0] for g in groups for k in g if cols[k].path), "") if len(segments) > 1 else ""
        seg_facts: list[Fact] = []
        for row in table.rows:
            seg_facts.extend(_row_facts(filing, table, section, row, idx, groups, side))
        _check_coded_totals(seg_facts)
        out.extend(seg_facts)
    return out


def _code(parts: list[str]) -> str | None:
    """A 科目 code from its printed parts: one 7-digit cell, or 类 | 款 | 项 cells. A 款/项 printed
    with one digit ("301 | 2 | 津贴补贴") is 02; a 类 that is no 3-digit class (a stray "7") makes
    no code rather than a wrong one."""
    if not parts:
        return None
    if len(parts) > 1 and len(parts[0]) != 3:
        return None
    return parts[0] + "".join(p.zfill(2) for p in parts[1:]) if len(parts[0]) <= 3 else "".join(parts)


def _row_facts(filing, table: LogicalTable, section, row: BodyRow, idx, groups, side) -> list[Fact]:
    cols = table.columns
    codes = [row.cells[k] for k in idx if cols[k].role == "code" and re.fullmatch(r"\d{1,7}", row.cells[k] or "")]
    labels = [(k, row.cells[k]) for k in idx if cols[k].role == "label" and row.cells[k]]
    if not labels:  # a label merged across the code columns ("合计 | · | · | 189,767,551")
        labels = [(k, row.cells[k]) for k in idx if cols[k].role == "code" and row.cells[k]
                  and not CODE.match(row.cells[k]) and not re.fullmatch(r"[类款项]", row.cells[k])]
    if not labels:
        return []
    names = [t for _, t in labels]
    chosen = [t for k, t in labels if not any(re.search("形式|方式", p) for p in cols[k].path)] or names
    leaf = chosen[-1]
    code = _code(codes)
    total_row = _is_total(leaf) and ontology.clean_label(leaf) in TOTAL_WORDS and len(chosen) == 1
    if _is_total(leaf) and ontology.clean_label(leaf) in TOTAL_WORDS:
        if len(chosen) > 1:
            subject = ontology.canonical(chosen[-2])
        elif side and re.search("收入|支出", side):
            subject = ontology.canonical(re.sub(r"^本年", "", side) + ontology.clean_label(leaf))
        else:
            subject = title_subject(own_title(table.title, filing))
    elif code:
        subject = ontology.clean_label(leaf)
    else:
        subject = ontology.canonical(leaf)
    row_text = " ".join([*codes, " › ".join(names)])
    values = [row.cells[k] for g in groups for k in g if row.cells[k]]
    quote = " ".join([*codes, *names, *values])
    out = []
    for g in groups:
        cell = next((row.cells[k] for k in g if row.cells[k]), "")
        if not is_number(cell):
            continue
        path = cols[g[0]].path
        amt = _amount(cell, table.unit or "", path)
        if amt is None:
            continue
        out.append(_fact(filing, table, section, subject, code, row_text, path, amt, row.page, quote))
        # The 合计 row's 人员经费/基本支出 … column is that term's total: say so in a subject of its own,
        # so "人员经费是多少" finds it (the row's subject names what the whole table totals).
        col_term = ontology.canonical(path[-1]) if path else ""
        if total_row and col_term in COLUMN_TOTAL_TERMS and col_term != subject:
            out.append(_fact(filing, table, section, col_term, code, row_text, path, amt, row.page, quote))
    return out


# 政府采购 table columns by what their header names (Jiangsu 公开12表: 采购品目大类 | 专项名称 | 经济科目 |
# 采购物品名称 | 采购组织形式 | 总计)
_PROCUREMENT_ROLES = (("class", r"大类"), ("form", r"形式|方式"), ("item", r"物品|品目名称|品名|采购项目"),
                      ("econ", r"经济科目|经济分类"), ("project", r"专项|项目名称|项目"))


def _procurement_roles(table: LogicalTable) -> dict[int, str] | None:
    if "政府采购" not in table.title:
        return None
    roles: dict[int, str] = {}
    for k, c in enumerate(table.columns):
        if c.role != "label":
            continue
        head = "".join(c.path)
        role = next((r for r, pat in _PROCUREMENT_ROLES if re.search(pat, head)), None)
        if role:
            roles[k] = role
    return roles if "item" in roles.values() else None


def _procurement_facts(filing, table: LogicalTable, section, roles: dict[int, str]) -> list[Fact]:
    """A 政府采购 table's rows under their own names: an item row (台式计算机, 会议服务) is that item;
    a 专项/经济科目 row is the procurement charged to it ("检察教育培训经费 › 培训费"), named
    "检察教育培训经费培训费政府采购预算" so it never reads as the 培训费 of the budget. A 专项 cell left empty goes on
    from the row above (it is merged over its rows); 合计 and 货物A rows keep the table's terms."""
    cols = table.columns
    groups = _value_groups(cols, list(range(len(cols))))
    out: list[Fact] = []
    project = econ = ""
    for row in table.rows:
        cell = {r: (row.cells[k] or "").strip() for k, r in roles.items()}
        if cell.get("class") or _is_total(next((c for c in row.cells if c), "")):
            project = econ = ""
            out += _row_facts(filing, table, section, row, list(range(len(cols))), groups, "")
            continue
        if cell.get("item"):
            subject = ontology.canonical(cell["item"])
        elif cell.get("project") or cell.get("econ"):
            project = cell.get("project") or project
            econ = cell.get("econ") or ""
            names = dict.fromkeys(ontology.clean_label(x) for x in (project, econ) if x)  # 办公设备购置 ×2 once
            subject = f"{''.join(names)}政府采购预算"
        else:
            continue
        names = [x for x in (project, econ, cell.get("item"), cell.get("form")) if x]
        row_text = LOCATOR_SEP.join(names)
        values = [row.cells[k] for g in groups for k in g if row.cells[k]]
        quote = " ".join([*(c for c in row.cells[:max(roles) + 1] if c), *values])
        for g in groups:
            num = next((row.cells[k] for k in g if row.cells[k]), "")
            amt = _amount(num, table.unit or "", cols[g[0]].path) if is_number(num) else None
            if amt is not None:
                out.append(_fact(filing, table, section, subject, None, row_text, cols[g[0]].path, amt,
                                 row.page, quote))
    return out


def _fact(filing, table, section, subject, code, row_text, path, amt: Amount, page, quote) -> Fact:
    column = LOCATOR_SEP.join(path)
    return Fact(**_fact_base(filing), subject=subject, code=code, measure=measure_of(path, filing.kind),
                column=column, value=amt.value, unit=amt.unit, page=page, table=table.title or None,
                row=row_text or None, quote=quote,
                locator=LOCATOR_SEP.join([*section, *(x for x in (table.title, row_text, column) if x)]))


def _header_table(filing, table: LogicalTable, section, row: BodyRow) -> list[Fact]:
    cols = table.columns
    groups = _value_groups(cols, list(range(len(cols))))
    quote = " ".join(c for c in row.cells if c)
    out: list[Fact] = []
    for g in groups:
        path = cols[g[0]].path
        if not path:
            continue
        cell = next((row.cells[k] for k in g if row.cells[k]), "")
        if not cell:
            cell = "0"  # an empty cell in a 三公 table is a zero, not a missing figure
        if not is_number(cell):
            continue
        amt = _amount(cell, table.unit or "", path)
        if amt is None:
            continue
        subject = header_subject(path, own_title(table.title, filing))
        # the figure's item is named by its column; the table has no row label
        out.append(_fact(filing, table, section, subject, None, "", path, amt, row.page, quote))
    _check_header_totals(out)
    return out


def _half(f: Fact) -> Decimal:
    """Half the last printed digit, in 元 (trailing zeros are not known, so this errs loose)."""
    factor = MONEY_FACTORS.get(f.unit, Decimal(1))
    printed = (f.value or Decimal(0)) / factor
    decimals = max(-printed.normalize().as_tuple().exponent, 0)
    return Decimal(1).scaleb(-decimals) / 2 * factor


def _mismatch(total: Fact, parts: list[Fact]) -> bool:
    if not parts or total.value is None:
        return False
    s = sum((p.value or Decimal(0)) for p in parts)
    tol = _half(total) + sum(_half(p) for p in parts) + Decimal("1e-9")
    return abs(total.value - s) > tol


def _check_coded_totals(facts: list[Fact]) -> None:
    """合计 = Σ 类 rows; each 类/款 = Σ its children, per column."""
    by_col: dict[str, list[Fact]] = {}
    for f in facts:
        by_col.setdefault(f.column, []).append(f)
    for col_facts in by_col.values():
        coded = [f for f in col_facts if f.code]
        if not coded:
            continue
        top = min(len(f.code) for f in coded)
        for f in col_facts:
            if not f.code and ontology.clean_label((f.row or "").split(" › ")[-1]) in TOTAL_WORDS:
                if _mismatch(f, [c for c in coded if len(c.code) == top]):
                    f.flags.append("total_mismatch")
        for f in coded:
            kids = [c for c in coded if c.code != f.code and c.code.startswith(f.code)]
            if kids:
                step = min(len(c.code) for c in kids)
                if _mismatch(f, [c for c in kids if len(c.code) == step]):
                    f.flags.append("total_mismatch")


def _check_header_totals(facts: list[Fact]) -> None:
    """In a one-row table, a 合计/小计 column equals the sum of its sibling columns."""
    by_measure: dict[str, list[tuple[list[str], Fact]]] = {}
    for f in facts:
        parts = [p for p in f.column.split(LOCATOR_SEP) if not MEASURE_ONLY.match(ontology.clean_label(p))]
        by_measure.setdefault(f.measure + "|" + "".join(p for p in f.column.split(LOCATOR_SEP)
                                                          if MEASURE_ONLY.match(ontology.clean_label(p))),
                              []).append((parts, f))
    for items in by_measure.values():
        for parts, f in items:
            if not parts or ontology.clean_label(parts[-1]) not in TOTAL_WORDS:
                continue
            parent = parts[:-1]
            kids: list[Fact] = []
            seen: set[str] = set()
            for p2, g in items:
                if g is f or len(p2) <= len(parent) or p2[: len(parent)] != parent:
                    continue
                child = p2[len(parent)]
                if child in seen or ontology.clean_label(child) in TOTAL_WORDS:
                    continue
                # a child group is represented by its own 小计 column when it has one, else by its single leaf
                sub = [(q, h) for q, h in items if q[: len(parent) + 1] == [*parent, child]]
                rep = next((h for q, h in sub if len(q) == len(parent) + 2 and ontology.clean_label(q[-1]) in TOTAL_WORDS),
                           None)
                if rep is None and len(sub) == 1:
                    rep = sub[0][1]
                if rep is None:
                    kids = []
                    break
                seen.add(child)
                kids.append(rep)
            if kids and _mismatch(f, kids):
                f.flags.append("total_mismatch")
