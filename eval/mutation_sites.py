"""Where errors are planted, one operator per kind, the way a reviewer's test copy plants them: a
printed number changed in a sentence or a table cell, a year, a comparison word, a department's
name, a table deleted, a cell blanked, a placeholder, doubled punctuation, the note of an empty
table dropped.

Each operator finds its sites in the filing's own text with its own patterns (not the audit's)
and returns candidate `Plant`s; which are planted is the runner's seeded choice.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher

from assistant.amounts import prints_agree, to_decimal
from assistant.ontology import canonical
from assistant.types import Fact, Filing
from eval.mutation_ops import NUM, Plant, Stream, amt_of, cell_plant, reformat, shifted, text_plant, token_of

_REL = re.compile(r"决算数?(?P<w>小于|大于|低于|高于)(?:年初|全年)?预算|决算数?(?:与|同|和)(?:年初|全年)?预算数?(?P<e>基本持平|持平|一致|相等)")
_PAIR = re.compile(rf"(?P<q>年初|全年)预算(?:数)?为\s*(?P<b>{NUM})\s*万元[，,]\s*支出决算(?:数)?为\s*(?P<a>{NUM})\s*万元")
_PCT = re.compile(rf"完成(?:年初|全年)?预算(?:数)?的\s*(?P<p>{NUM})\s*%")
_CHANGE = re.compile(rf"(?P<w>增加|减少)\s*{NUM}\s*万元\s*[，,]\s*(?:增长|下降|减少|增加)\s*{NUM}\s*%")
_HEADLINE = re.compile(rf"(?:收入支出(?:决算)?总计|财政拨款收入支出总计|财政拨款收、?支总预算|收支总预算|收、支预算总计|"
                       rf"本年收入合计|本年支出合计|收入预算|支出预算)(?:为|是)?\s*(?P<n>{NUM})\s*万元")
_HEADING_YEAR = re.compile(r"((?:19|20)\d\d)(\s*年)")
_AS_OF = re.compile(r"截至\s*((?:19|20)\d\d)(\s*年)")
_COMPARED = re.compile(r"(?:与|比)\s*((?:19|20)\d\d)(\s*年)")
_AMOUNT = re.compile(rf"(?<![\d.])(?P<n>{NUM})\s*万元")
_TITLE = re.compile(r"(?:表|说明|情况|部门预算|单位预算|部门决算|单位决算)$")
_NOTE = re.compile(r"空表|表为空|无数据|本表无|故本表|无相关")


# --- (a) statements ------------------------------------------------------------------------------

def comparison_words(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    s = Stream(filing.pages)
    out = []
    for m in _REL.finditer(s.text):
        if m["w"]:
            new = "大于" if m["w"] in ("小于", "低于") else "小于"
            out.append(text_plant(s, m, "w", new, "comparison_word", "statement"))
        else:
            start, end = m.span()
            new = "决算数大于预算数" if rng.random() < 0.5 else "决算数小于预算数"
            out.append(Plant("comparison_word", "statement", s.page_of(start), m.group(), new,
                             [("text", start, end, new)]))
    for m in _CHANGE.finditer(s.text):
        out.append(text_plant(s, m, "w", "减少" if m["w"] == "增加" else "增加", "change_word", "statement"))
    return out


def statement_numbers(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    """The budget of a 决算 item changed so that what the sentence then says no longer holds; or
    its 完成X% changed."""
    s = Stream(filing.pages)
    out = []
    for m in _PAIR.finditer(s.text):
        after = s.text[m.end():m.end() + 160]
        pct, rel = _PCT.match(after.lstrip("，,")), _REL.search(after)
        budget, actual = to_decimal(m["b"]), to_decimal(m["a"])
        if pct:
            new = reformat(m["b"], budget * Decimal("1.15") + 1)
        elif rel and rel["w"] in ("小于", "低于"):
            new = reformat(m["b"], actual * Decimal("0.85"))
        elif rel and rel["w"]:
            new = reformat(m["b"], actual * Decimal("1.15") + 1)
        elif rel:
            new = reformat(m["b"], budget * Decimal("1.15") + 1)
        else:
            continue
        out.append(text_plant(s, m, "b", new, "statement_number", "statement"))
        if pct and rng.random() < 0.5:
            at = m.end() + len(after) - len(after.lstrip("，,"))
            p, delta = pct["p"], Decimal(rng.choice((3, 5, 7, 11)))
            moved = reformat(p, to_decimal(p) - delta if to_decimal(p) > 20 else to_decimal(p) + delta)
            out.append(Plant("statement_number", "statement", s.page_of(at), p, moved,
                             [("text", at + pct.start("p"), at + pct.end("p"), moved)]))
    return out


# --- (b) headline totals, blank cells ---------------------------------------------------------------

# Words before "收入预算"/"支出预算" that make it one fund's or one part's figure, not a headline total.
_PART_OF_TOTAL = ("拨款", "基本", "项目", "一般公共预算", "政府性基金", "国有资本经营", "国有资本经营预算")


def headline_numbers(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    """A headline total of the 说明 (all funds or 财政拨款: not one fund's "政府性基金拨款支出预算0.00万元")."""
    s = Stream(filing.pages)
    out = []
    for m in _HEADLINE.finditer(s.text):
        before = s.text[max(0, m.start() - 8):m.start()]
        if to_decimal(m["n"]) == 0 or before.endswith(_PART_OF_TOTAL) and not before.endswith("财政拨款"):
            continue
        out.append(text_plant(s, m, "n", shifted(m["n"], rng), "headline_number", "headline"))
    return out


def cited_cells(facts: list[Fact]) -> list[Fact]:
    """Table cells whose figure a 说明 sentence states (same 科目, same value)."""
    said: dict[str, list[Fact]] = {}
    for f in facts:
        if f.source == "prose" and f.value and f.measure in ("预算数", "决算数") and f.unit.endswith("元"):
            said.setdefault(canonical(f.subject), []).append(f)
    out = []
    for t in facts:
        if t.source == "table" and t.value and t.measure in ("预算数", "决算数") and t.unit.endswith("元") and any(
                prints_agree(amt_of(t), amt_of(p)) for p in said.get(canonical(t.subject), [])):
            out.append(t)
    return out


def blank_cells(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    out = []
    for t in cited_cells(facts):
        plant = cell_plant(filing, t, "", "blank_cell", "headline")
        # only in a ruled table: in plain text a blank cell cannot be told from a missing column
        if plant and any(e[0] == "cell" for e in plant.edits):
            out.append(plant)
    return out


# --- (c) the filing as a whole -------------------------------------------------------------------

def years(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    s = Stream(filing.pages)
    out = []
    for pi, page in enumerate(filing.pages[1:], 1):  # not the cover: the filing's identity is read there
        for li, line in enumerate(page.text.split("\n")):
            bare = line.strip()
            m = _HEADING_YEAR.search(line)
            if m and int(m[1]) == filing.year and len(bare) <= 50 and _TITLE.search(re.sub(r"[…\.·\s\d]+$", "", bare)) \
                    and not re.search(r"[，。；]", bare):
                start = s.line_start(pi, li) + m.start(1)
                out.append(Plant("year", "filing", page.number, m[1], str(filing.year - 1),
                                 [("text", start, start + 4, str(filing.year - 1))]))
    for pat in (_AS_OF, _COMPARED):
        for m in pat.finditer(s.text):
            y = int(m[1])
            out.append(text_plant(s, m, 1, str(y - 1), "year", "filing"))
    return out


# Bodies a template copied from another department would name.
OTHER_BODIES = ("教育局", "卫生健康委员会", "商务委员会", "财政局", "人民检察院", "民政局", "规划和自然资源局")
_PLACE = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fff]{2,3}省)?(?:[\u4e00-\u9fff]{2,4}市)?(?:[\u4e00-\u9fff]{2,4}[区县])?")


def other_department(name: str, rng) -> str:
    """The same place, another body: 上海市普陀区财政局 → 上海市普陀区教育局."""
    place = _PLACE.match(name).group()
    body = name[len(place):]
    return place + rng.choice([b for b in OTHER_BODIES if b[-2:] != body[-2:] and b not in body])


def departments(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    dept = filing.department
    other = other_department(dept, rng)
    out = []
    s = Stream(filing.pages)
    for pi, page in enumerate(filing.pages):
        for li, line in enumerate(page.text.split("\n")):
            bare = line.strip()
            at = line.find(dept)
            if at < 0 or len(bare) > 60 or re.search(r"[，。；]", bare):
                continue
            if not (re.search(r"(?:编制部门|部门名称|编制单位|预算单位|预算主管部门|部门)\s*[:：]", line)
                    or _TITLE.search(re.sub(r"[…\.·\s\d]+$", "", bare)) or bare.endswith("概况")):
                continue
            start = s.line_start(pi, li) + at
            out.append(Plant("department", "filing", page.number, dept, other,
                             [("text", start, start + len(dept), other)]))
    return out


def placeholders(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    s = Stream(filing.pages)
    prose_pages = {f.page for f in facts if f.source == "prose"}
    out = []
    for m in _AMOUNT.finditer(s.text):
        if s.page_of(m.start()) in prose_pages:
            out.append(text_plant(s, m, "n", rng.choice(("XX", "××", "XXX")), "placeholder", "filing"))
    return out


def double_punctuation(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    s = Stream(filing.pages)
    prose_pages = {f.page for f in facts if f.source == "prose"}
    out = []
    for m in re.finditer(r"(?<=[\u4e00-\u9fff\d])([，。；、])(?=[\u4e00-\u9fff])", s.text):
        if s.page_of(m.start()) in prose_pages:
            out.append(text_plant(s, m, 1, m[1] * 2, "double_punctuation", "filing"))
    return out


def _is_title(line: str) -> bool:
    bare = re.sub(r"\s+", "", line)
    return bool(re.match(r"^公开\d+表", bare) or bare.endswith("表") and len(bare) <= 60 and not re.search(r"[，。；]", bare))


def _title_index(lines: list[str], name: str, ordinal: int) -> int | None:
    """The line that titles the listed table: 公开N表 by its number, else the title most like the name."""
    titles = [i for i, ln in enumerate(lines) if _is_title(ln)]
    for i in titles:
        m = re.match(r"^公开(\d+)表", re.sub(r"\s+", "", lines[i]))
        if m and int(m[1]) == ordinal:
            return i
    core = re.sub(r"\s+|^[一二三四五六七八九十\d]+[、.．]", "", name)
    scored = [(SequenceMatcher(None, core, re.sub(r"\s+", "", lines[i])).ratio(), i) for i in titles]
    return max(scored)[1] if scored else None


def delete_tables(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    """A listed table gone: its title, its lines and its ruled grid, over the pages it runs on."""
    from assistant.verify.coverage import filing_coverage

    cov = filing_coverage(filing, filing.pages, facts)
    s = Stream(filing.pages)
    out = []
    for j, t in enumerate(cov.tables):
        if t.status not in ("read", "empty") or not t.page:
            continue
        pi = next(i for i, p in enumerate(filing.pages) if p.number == t.page)
        lines = filing.pages[pi].text.split("\n")
        at = _title_index(lines, t.name, j + 1)
        if at is None:
            continue
        edits: list[tuple] = []
        title_pending = False  # "公开04表" closes a page, its title line opens the next
        for k in range(pi, len(filing.pages)):
            page = filing.pages[k]
            lines = page.text.split("\n")
            first = at if k == pi else 0
            # a bare "公开10表" line: its title is the next line
            skip = 2 if k == pi and re.fullmatch(r"公开\d+表", re.sub(r"\s+", "", lines[at])) else 1
            begin = first + skip if k == pi else (1 if title_pending else 0)
            nxt = next((i for i in range(begin, len(lines)) if _is_title(lines[i])), len(lines))
            title_pending = k == pi and skip == 2 and not any(
                _is_title(ln) or ln.strip() and not re.fullmatch(r"\s*\d{1,3}\s*", ln) for ln in lines[at + 1:])
            if nxt > first:
                start = s.line_start(k, first)
                edits.append(("text", start, start + sum(len(ln) for ln in lines[first:nxt]), ""))
            top = page.line_tops[first] if first < len(page.line_tops) and k == pi else None
            bottom = page.line_tops[nxt] if nxt < len(page.line_tops) else None
            # the ruled grids that end above the title, or start below the next table's title, stay
            keep = {n for n, tb in enumerate(page.tables) if tb.bbox is None
                    or top is not None and tb.bbox[3] <= top + 1 or bottom is not None and tb.bbox[1] >= bottom - 1}
            edits.append(("drop_tables", page.number, keep))
            if nxt < len(lines):
                break
        out.append(Plant("delete_table", "filing", t.page, t.name, "（删除）", edits, kinds=("missing_table",)))
    return out


def drop_empty_notes(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    from assistant.verify.coverage import filing_coverage

    cov = filing_coverage(filing, filing.pages, facts)
    s = Stream(filing.pages)
    out = []
    for t in cov.tables:
        if t.status != "empty" or not t.page:
            continue
        for pi, page in enumerate(filing.pages):
            if page.number not in (t.page, t.page + 1):
                continue
            edits = []
            for li, line in enumerate(page.text.split("\n")):
                if _NOTE.search(line) and len(line.strip()) < 80:
                    start = s.line_start(pi, li)
                    edits.append(("text", start, start + len(line), ""))
            if edits:
                out.append(Plant("drop_empty_note", "filing", t.page, t.name, "（注释删除）", edits))
                break
    return out


# --- (d) one figure in two tables -------------------------------------------------------------------

def table_cells(filing: Filing, facts: list[Fact], rng) -> list[Plant]:
    """A table cell printed in another table too, changed by 8–30%."""
    tables = [f for f in facts if f.source == "table" and f.value and f.measure in ("预算数", "决算数")
              and f.unit.endswith("元") and f.ref_year in (None, f.year)]
    by_key: dict[tuple, list[Fact]] = {}
    for f in tables:
        by_key.setdefault((f.code or canonical(f.subject), f.measure), []).append(f)
    out = []
    for f in tables:
        twins = [t for t in by_key[(f.code or canonical(f.subject), f.measure)]
                 if t.table != f.table and prints_agree(amt_of(t), amt_of(f))]
        if twins:
            token = token_of(f)
            plant = cell_plant(filing, f, shifted(token, rng) if token else "", "table_cell", "table")
            if plant:
                out.append(plant)
    return out


OPERATORS = {
    "comparison_word": comparison_words, "statement_number": statement_numbers,
    "headline_number": headline_numbers, "blank_cell": blank_cells,
    "year": years, "department": departments, "placeholder": placeholders, "double_punctuation": double_punctuation,
    "delete_table": delete_tables, "drop_empty_note": drop_empty_notes,
    "table_cell": table_cells,
}
FAMILIES = {"statement": "(a) 陈述与自身数字", "headline": "(b) 说明总计与报表、空单元格",
            "filing": "(c) 全文一致性", "table": "(d) 表与表"}
