"""Counts stated in a filing's 部门概况 / 机构设置 part: how the department is built.

    江苏省人民检察院行政政法人员编制 496 人，机构设置包括 23 个内设机构、2 个下属事业单位和 2 个派出机构
    上海市财政局设22个内设机构，包括：办公室、…
    部门预算是包括万里街道本部以及下属 5 家预算单位的综合收支计划

The prose parser leaves these parts out (their lists of duties hold no budget statements);
here only the count phrases of the rules below are read, each as a 数量 fact whose subject is
an ontology term (内设机构数, 编制人数 …) and whose column keeps the printed label.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.parsers.prose_text import paragraphs
from assistant.parsers.sections import Outline
from assistant.types import Fact, Filing

PROFILE_PARTS = re.compile(r"机构设置|部门概况|单位概况|概况$|单位构成|主要职能")

# (pattern with groups n and optionally label, subject, unit); text has no spaces.
COUNT_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"(?P<n>\d+)个(?P<label>内设机构)"), "内设机构数", "个"),
    (re.compile(r"(?P<label>内设机构)(?:共|有|为|共计|共有)(?P<n>\d+)个"), "内设机构数", "个"),
    (re.compile(r"(?:设|设有|下设)(?P<n>\d+)个(?P<label>(?:职能)?处室|科室|内设科室)"), "内设机构数", "个"),
    (re.compile(r"(?P<n>\d+)个(?P<label>(?:下属|直属|所属)?事业单位)"), "下属事业单位数", "个"),
    (re.compile(r"(?P<n>\d+)个(?P<label>派出机构)"), "派出机构数", "个"),
    (re.compile(r"(?P<label>(?:下属|所属)?)(?P<n>\d+)家(?:预算单位)"), "预算单位数", "家"),
    (re.compile(r"(?P<label>预算单位)(?:共计|共|有|为)(?P<n>\d+)(?:家|个)"), "预算单位数", "家"),
    (re.compile(r"(?P<label>(?:行政政法|行政|事业|参公|政法|机关)?(?:专项)?(?:人员)?编制)(?:数|总数)?(?:为|共|共计)?(?P<n>\d+)(?P<u>人|名)"),
     "编制人数", "人"),
    (re.compile(r"(?P<label>实有人数|实有人员|在职人员|在编人员|离退休人员)(?:为|共|共计)?(?P<n>\d+)(?P<u>人|名)"),
     "", "人"),
]
_NOT_LABEL = re.compile(r"^(?:的|和|及|与|、|，)+")


def profile_facts(filing: Filing) -> list[Fact]:
    outline = Outline.build(filing)
    out: list[Fact] = []
    seen: set[tuple[str, str, Decimal]] = set()
    for par in paragraphs(filing, outline, only=PROFILE_PARTS):
        if par.heading:
            continue
        text = par.text
        for pat, subject, unit in COUNT_RULES:
            for m in pat.finditer(text):
                label = _NOT_LABEL.sub("", m.groupdict().get("label") or "")
                subj = subject or label
                unit_printed = m.groupdict().get("u") or unit
                value = Decimal(m.group("n"))
                key = (subj, label, value)
                if key in seen:  # a boxed page repeats its text as a table
                    continue
                seen.add(key)
                a = max(text.rfind("。", 0, m.start()) + 1, 0)
                b = text.find("。", m.end())
                b = len(text) if b < 0 else b + 1
                page, line = par.page_line(m.start("n"))
                out.append(Fact(
                    doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
                    kind=filing.kind, subject=subj, measure="数量", value=value, unit=unit_printed,
                    column=label, page=page, locator=outline.locator(page, line), quote=par.quote(a, b),
                    source="prose",
                ))
    return out
