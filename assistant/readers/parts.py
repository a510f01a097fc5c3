"""Split filings: one department-year published as two documents, a 文件 part (cover, 部门概况,
说明 prose) and a 表格 part (the 公开01–12表 only).

- A 表格 part: (almost) every page is a table page (a 公开NN表 or a standard table title near its
  top, or a ruled table) and there is little prose.
- A 文件 part: its contents page (目录) lists tables that it does not itself contain.
- Two parts belong together when they name the same department after alias resolution (the names
  and printed aliases of each, their 中共/中国共产党 forms, the province's 省 written or not, a
  full name that contains the other's short one), agree on 预算/决算, and on the year when both print one.
"""

from __future__ import annotations

import re

from assistant.readers.metadata import party_forms
from assistant.types import Filing, Page

# A table's title as printed at the top of its page
_TABLE_TITLE = re.compile(
    r"公开\d{1,2}表|(?:收支|收入|支出)(?:预算|决算)?总表|财政拨款收支(?:预算|决算)?总表|"
    r"(?:基本|项目)?支出(?:预算|决算)表|[“\"]?三公[”\"]?经费.{0,12}表|机关运行经费.{0,8}表|政府采购.{0,8}表|"
    r"政府性基金.{0,10}表|国有资本经营.{0,10}表"
)
_PROSE_HEAD = re.compile(r"情况说明|部门概况|主要职能|名词解释|机构设置")
HEAD_LINES = 4


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _is_table_page(page: Page) -> bool:
    head = _flat("".join(page.text.splitlines()[:HEAD_LINES]))
    return bool(page.tables) or bool(_TABLE_TITLE.search(head))


def _is_prose_page(page: Page) -> bool:
    return page.text.count("。") >= 3 and not page.tables or bool(
        _PROSE_HEAD.search(_flat(page.text)) and page.text.count("。") >= 2)


def _contents_page(pages: list[Page]) -> Page | None:
    for page in pages[:4]:
        if any(_flat(ln).startswith("目录") for ln in page.text.splitlines()):
            return page
    return None


def _title_lines(page: Page) -> int:
    """Lines that read like a table's title (short, no sentence)."""
    return sum(1 for ln in map(_flat, page.text.splitlines())
               if len(ln) <= 40 and "。" not in ln and _TABLE_TITLE.search(ln))


def detect_part(pages: list[Page]) -> str | None:
    """文件, 表格 or None (a whole filing) from what the pages hold."""
    body = [p for p in pages if p.text.strip()]
    if not body:
        return None
    tables = [p for p in body if _is_table_page(p)]
    prose = [p for p in body if _is_prose_page(p) and not _is_table_page(p)]
    titled = [p for p in body if _TABLE_TITLE.search(_flat("".join(p.text.splitlines()[:HEAD_LINES])))]
    # a cover and a contents page may come before the tables
    if titled and len(tables) >= 0.75 * len(body) - 2 and len(prose) <= 1 and len(tables) >= 2:
        return "表格"
    contents = _contents_page(pages)
    listed = _title_lines(contents) if contents else 0
    held = sum(_title_lines(p) for p in body if p is not contents)
    if listed >= 2 and not any(p.tables for p in body) and held < listed / 2:
        return "文件"
    return None


def name_keys(filing: Filing) -> set[str]:
    """The department's names in a form two parts of one filing share."""
    names = {filing.department, *filing.aliases}
    names |= {p for n in list(names) for p in party_forms(n)}
    return {re.sub(r"[（(][^）)]*[）)]", "", n).replace("省", "") for n in names if n}


def same_department(a: Filing, b: Filing) -> bool:
    ka, kb = name_keys(a), name_keys(b)
    if ka & kb:
        return True
    # a full name and the short one inside it ("江苏省高级人民法院本级" / "江苏省高级人民法院")
    return any(len(x) >= 6 and len(y) >= 6 and (x in y or y in x) for x in ka for y in kb)


def belong_together(a: Filing, b: Filing) -> bool:
    """Two parts (one 文件, one 表格) of one department-year."""
    return ({a.part, b.part} == {"文件", "表格"} and a.kind == b.kind
            and (not a.year or not b.year or a.year == b.year) and same_department(a, b))


_AMOUNT = re.compile(r"\d[\d,]*\.\d{1,2}")


def shared_amounts(a: Filing, b: Filing) -> int:
    """How many amounts (with decimals, separators ignored) both parts print: a 文件's 说明 quotes the
    totals of its own 表格, so this tells one year's 表格 from another's when names and years cannot."""
    def amounts(f: Filing) -> set[str]:
        return {m.replace(",", "") for p in f.pages for m in _AMOUNT.findall(p.text)} - {"0.00", "0.0"}
    return len(amounts(a) & amounts(b))


def pick_partner(part: Filing, candidates: list[Filing]) -> Filing | None:
    """The one other part of `part`'s filing among candidates (already known to belong together):
    the one of the same year, else the one sharing the most printed amounts; None when still unsure."""
    same_year = [o for o in candidates if part.year and o.year == part.year]
    if len(same_year) == 1 or len(candidates) == 1:
        return (same_year or candidates)[0]
    pool = same_year or candidates
    scored = sorted(((shared_amounts(part, o), i) for i, o in enumerate(pool)), reverse=True)
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return pool[scored[0][1]]
    return None


def join_parts(wen: Filing, biao: Filing) -> Filing:
    """One filing from its 文件 and 表格 parts: the 文件's identity (its name, kind, level), the year
    found in either, the 文件's pages then the 表格's (numbered on from the 文件's last page)."""
    year = wen.year or biao.year
    kind = "度" if wen.kind == "决算" else ""
    n = len(wen.pages)
    pages = [*wen.pages, *(p.model_copy(update={"number": n + p.number}) for p in biao.pages)]
    aliases = [a for a in dict.fromkeys([*wen.aliases, biao.department, *biao.aliases]) if a != wen.department]
    warnings = [*wen.warnings, *biao.warnings,
                f"由文件部分（{wen.path}，第1–{n}页）和表格部分（{biao.path}，第{n + 1}–{len(pages)}页为其第1–"
                f"{len(biao.pages)}页）合成一份"]
    warnings = [w for w in warnings if "年度" not in w or not year]  # a year found in the other part
    return wen.model_copy(update={
        "year": year, "title": f"{wen.department}{year}年{kind}{wen.filing_kind}", "aliases": aliases,
        "pages": pages, "part": None, "warnings": warnings, "level": wen.level or biao.level,
    })
