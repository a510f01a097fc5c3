"""Filing metadata read from the content, never from the file name: department, year,
kind (预算/决算) and level when stated."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from assistant.types import Page

# "预算主管部门：X", "编制部门：X", "部门名称： X", "部门： X", "预算单位：X", "单位名称 X"
_DEPT_LABEL = re.compile(
    r"(?:预算主管部门|编制部门|编制单位|填报单位|部门名称|单位名称|预算单位|部门\(单位\)名称|部门（单位）名称|^部门)\s*[:：]\s*"
    r"(?P<name>[\u4e00-\u9fff（）()]{3,40}?)\s*(?:（部门）)?(?=\s|单位[:：]|$)",
    re.M,
)
_TITLE = re.compile(
    r"(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)\s*(?P<year>20\d\d)\s*年(?:度)?\s*(?:区级|市级|省级)?\s*部门\s*(?P<kind>预算|决算)"
)
# "第一部分 东西湖区城市运行管理中心概况" — the overview part names the department
_OVERVIEW = re.compile(r"第[一二三四五六七八九十]+部分\s*(?P<name>[\u4e00-\u9fff（）()]{3,40}?)\s*(?:部门)?概况")
# A title line: "第二部分 X 2025年部门预算表", "X2025年度部门决算" (nothing after but 表/公开)
_TITLE_LINE = re.compile(_TITLE.pattern + r"(?:表|公开|编制说明)?")
_YEAR_KIND = re.compile(r"(?P<year>20\d\d)\s*年\s*(?:度)?[\u4e00-\u9fff]{0,6}?部门\s*(?P<kind>预算|决算)")
_LEVEL = re.compile(r"(省级|市级|区级|县级)(?:部门|单位)?(?:预算|决算)")
_NOISE_PREFIX = re.compile(r"^(?:附件[\d\-\s]*|第[一二三四五六七八九十]+部分)")


def _clean_dept(name: str) -> str:
    name = _NOISE_PREFIX.sub("", name.strip())
    return re.sub(r"(?:（部门）|部门$|本级$)", "", name).strip()


def describe(pages: list[Page], path: Path) -> dict:
    """title, department, year, kind, level — from the first pages' text."""
    head = "\n".join(p.text for p in pages[:6])
    body = "\n".join(p.text for p in pages)
    head_flat = re.sub(r"[ \t]+", "", head)

    depts = Counter(_clean_dept(m.group("name")) for m in _DEPT_LABEL.finditer(body))
    depts = Counter({d: n for d, n in depts.items() if len(d) >= 3 and not re.search(r"万元|元$|名称$", d)})

    year = kind = None
    m = _YEAR_KIND.search(head_flat) or _YEAR_KIND.search(re.sub(r"\s+", "", body[:20000]))
    if m:
        year, kind = int(m.group("year")), m.group("kind")
    else:
        # Title split over lines ("上海市普陀区财政局 / 年度部门决算 / 2024")
        k = re.search(r"部门(预算|决算)", head_flat)
        y = re.search(r"(20\d\d)", head_flat)
        if k and y:
            year, kind = int(y.group(1)), k.group(1)
    if kind is None:
        kind = "决算" if body.count("决算") > body.count("预算") else "预算"
    if year is None:
        years = Counter(re.findall(r"(20\d\d)\s*年", body))
        year = int(years.most_common(1)[0][0]) if years else 0

    dept = depts.most_common(1)[0][0] if depts else None
    if not dept:
        m = _OVERVIEW.search(body)
        dept = _clean_dept(m.group("name")) if m else None
    if not dept:
        for line in body.splitlines():
            t = _TITLE_LINE.fullmatch(re.sub(r"\s+", "", line))
            if t:
                dept = _clean_dept(t.group("dept"))
                break
    if not dept:
        # first non-empty line of the first page that looks like an organisation name
        first = [ln.strip() for ln in (pages[0].text if pages else "").splitlines() if ln.strip()]
        cand = [l for l in first if re.fullmatch(r"[\u4e00-\u9fff（）()]{4,40}", l)]
        dept = _clean_dept(cand[0]) if cand else path.stem
    level_m = _LEVEL.search(head_flat)
    return {
        "title": f"{dept}{year}年{'度' if kind == '决算' else ''}部门{kind}",
        "department": dept,
        "year": year,
        "kind": kind,
        "level": level_m.group(1) if level_m else None,
    }
