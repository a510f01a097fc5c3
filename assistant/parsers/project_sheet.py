"""Project sheets: 项目申报表 / 项目支出绩效目标表 / 项目经费情况说明 → project facts.

Three printed forms:
- ruled sheets (Shanghai 财政项目支出绩效目标填报表): label cells followed by their value cells,
  then an indicator grid 一级/二级/三级指标 → 指标值;
- the same sheet flattened into lines (the Hubei text family's 表12): "项目名称 党建 项目编码",
  "项目负责人 刘方龙 联系电话 83089917", "项目总预算 0.3 项目当年预算 0.3", the 资金来源,
  明细测算 and 采购 blocks, and the indicator tables whose cells wrap over lines;
- the Shanghai 项目经费情况说明 prose, whose 年度预算安排 names the money per quarter or item.
Every fact's subject is the project name; the measure says what the figure is.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.amounts import Amount, find_amounts, to_decimal
from assistant.ontology import clean_label
from assistant.parsers.prose_terms import PER_PERSON, per_person
from assistant.parsers.patterns import PAGE_NO
from assistant.parsers.sections import Outline
from assistant.types import LOCATOR_SEP, Fact, Filing, Page, RawTable

# label printed in a sheet → (measure, is_money)
SHEET_LABELS: dict[str, tuple[str, bool]] = {
    "项目编码": ("项目编码", False), "主管部门": ("主管部门", False), "项目主管部门": ("主管部门", False),
    "实施单位": ("实施单位", False), "项目执行单位": ("实施单位", False), "项目负责人": ("负责人", False),
    "负责人": ("负责人", False), "联系电话": ("联系电话", False), "项目性质": ("项目性质", False),
    "项目类别": ("项目类别", False), "项目属性": ("项目属性", False),
    "项目资金总额": ("总预算", True), "项目总预算": ("总预算", True), "年度资金申请总额": ("预算数", True),
    "项目当年预算": ("预算数", True), "其中：当年财政拨款": ("当年财政拨款", True),
    "其中：财政资金": ("财政资金", True), "上年结转资金": ("上年结转资金", True), "其他资金": ("其他资金", True),
}
_UNIT = re.compile(r"单位[：:]\s*(万元|元|千元|亿元)|[（(](万元|元)[）)]")
_SHEET_TITLE = re.compile(r"项目支出绩效目标(?:填报)?表|项目申报表|绩效目标表")
_VALUE_TOKEN = re.compile(r"^(?:[≥≤><=＝]|不[低高]于|不超过|\d+(?:\.\d+)?\s*%|有所|有保障|按|提升|良好|无|安全|合规|及时|完善|达标)")


def project_facts(filing: Filing) -> list[Fact]:
    outline = Outline.build(filing)
    facts: list[Fact] = []
    for page in filing.pages:
        for table in page.tables:
            facts += _ruled_sheet(filing, outline, page, table)
    facts += _flat_sheets(filing, outline)
    facts += _project_notes(filing, outline)
    return facts


def _mk(filing: Filing, outline: Outline, page: int, line: int, project: str, measure: str, *,
        value: Decimal | None = None, unit: str = "", text: str | None = None, quote: str = "",
        table: str | None = None, row: str | None = None, column: str = "") -> Fact:
    return Fact(doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
                kind=filing.kind, subject=project, measure=measure, value=value, unit=unit, text=text,
                page=page, locator=outline.locator(page, line, table or "", project, row or ""),
                quote=quote, source="project", table=table, row=row, column=column)


# ---------------------------------------------------------------- ruled sheets

def _ruled_sheet(filing: Filing, outline: Outline, page: Page, table: RawTable) -> list[Fact]:
    rows = [[(c or "").strip() for c in r] for r in table.rows]
    flat = [c for r in rows for c in r if c]
    if "项目名称" not in flat or not any(re.search(r"项目资金总额|项目总预算|三级指标|年度资金申请总额", c) for c in flat):
        return []  # "项目名称 | 金额" of a procurement table is no project sheet
    title = next((c for c in flat if _SHEET_TITLE.search(c)), "项目支出绩效目标表")
    unit = "元" if any(re.search(r"[（(]元[）)]", c) for c in flat) else "万元"
    name = None
    for r in rows:
        cells = [c for c in r if c]
        if "项目名称" in cells:
            i = cells.index("项目名称")
            name = cells[i + 1] if i + 1 < len(cells) else None
    if not name:
        return []
    out = [_mk(filing, outline, page.number, 0, name, "项目名称", text=name, quote=f"项目名称 {name}", table=title)]
    grid_cols: tuple[int, int, int, int] | None = None
    level1 = level2 = ""
    for r in rows:
        cells = [c for c in r if c]
        if grid_cols is None and "三级指标" in r:
            idx = {c: i for i, c in enumerate(r) if c}
            val_i = next(i for i, c in enumerate(r) if c and "指标值" in c)
            grid_cols = (idx.get("一级指标", 1), idx.get("二级指标", 2), idx["三级指标"], val_i)
            continue
        if grid_cols is not None:
            g1, g2, g3, gv = grid_cols
            level1 = r[g1].replace("\n", "") or level1 if g1 < len(r) else level1
            level2 = r[g2].replace("\n", "") or level2 if g2 < len(r) else level2
            ind = r[g3].replace("\n", "") if g3 < len(r) else ""
            val = r[gv].replace("\n", "") if gv < len(r) else ""
            if ind and val:
                path = LOCATOR_SEP.join(p for p in (level1, level2, ind) if p)
                out.append(_mk(filing, outline, page.number, 0, name, "指标值", text=val, table=title,
                               row=path, quote=f"{ind} {val}"))
            continue
        for i, c in enumerate(cells[:-1]):
            key = re.sub(r"\s+", "", c)
            if key in SHEET_LABELS:
                measure, money = SHEET_LABELS[key]
                nxt = cells[i + 1]
                if re.sub(r"\s+", "", nxt) in SHEET_LABELS:
                    continue
                if money:
                    v = to_decimal(nxt)
                    if v is not None:
                        amt = Amount(v, unit, 2)
                        out.append(_mk(filing, outline, page.number, 0, name, measure, value=amt.value, unit=unit,
                                       table=title, column=key, quote=f"{c} {nxt}"))
                else:
                    out.append(_mk(filing, outline, page.number, 0, name, measure, text=nxt, table=title,
                                   quote=f"{c} {nxt}"))
    return out


# ---------------------------------------------------------------- flattened sheets

_FLAT_PAIR = re.compile(r"(项目名称|项目编码|项目负责人|联系电话|项目总预算|项目当年预算|项目主管部门|项目执行单位)\s*")


def _flat_sheets(filing: Filing, outline: Outline) -> list[Fact]:
    """Sheets printed as text lines (no ruled tables on the page)."""
    out: list[Fact] = []
    lines = [(p.number, i, l.strip()) for p in filing.pages if not p.tables
             for i, l in enumerate(p.text.splitlines()) if l.strip() and not PAGE_NO.match(l.strip())]
    unit = "万元"
    project: str | None = None
    block = ""
    pending_name: list[str] = []
    after_amount = False  # the last 明细测算 line printed a figure and its 测算依据
    buf: list[str] = []
    k = 0
    while k < len(lines):
        pno, li, line = lines[k]
        k += 1
        u = _UNIT.search(line)
        if u and "申报日期" in line or (u and "填报日期" in line):
            unit = u.group(1) or u.group(2)
            project, block = None, ""
            continue
        if line.startswith("项目名称"):
            rest = line[len("项目名称"):].strip()
            m = re.match(r"(?P<name>.*?)\s*项目编码\s*(?P<code>\S*)$", rest)
            if m and m.group("name"):
                project = m.group("name").strip()
                code = m.group("code")
            else:  # the name wraps: "项目名称" / "城运中心网上群众" / "投诉平台项目" / "项目编码"
                ahead = [lines[j][2] for j in range(k, min(k + 3, len(lines)))]
                at = next((j for j, l in enumerate(ahead) if l.startswith("项目编码")), None)
                if at is None:
                    continue  # "项目名称 支出项目类别 …": a column header, not a sheet
                project = "".join([rest, *ahead[:at]]).strip()
                code = ahead[at][len("项目编码"):].strip()
                k += at + 1
            # the code wraps onto the next line(s) when long: "42011225017T00000010" / "0"
            if not code and k < len(lines) and re.fullmatch(r"[0-9A-Z]{6,}", lines[k][2]):
                code = lines[k][2]
                k += 1
            while k < len(lines) and re.fullmatch(r"[0-9A-Z]{1,4}", lines[k][2]):
                code += lines[k][2]
                k += 1
            if not project:
                continue
            q = f"项目名称 {project}"
            out.append(_mk(filing, outline, pno, li, project, "项目名称", text=project, quote=q, table="项目申报表"))
            if code:
                out.append(_mk(filing, outline, pno, li, project, "项目编码", text=code, quote=f"项目编码 {code}",
                               table="项目申报表"))
            block, pending_name, buf = "", [], []
            continue
        if project is None:
            continue
        m = re.match(r"项目负责人\s*(\S+)\s*联系电话\s*(\S+)", line)
        if m:
            out.append(_mk(filing, outline, pno, li, project, "负责人", text=m.group(1), quote=line, table="项目申报表"))
            out.append(_mk(filing, outline, pno, li, project, "联系电话", text=m.group(2), quote=line, table="项目申报表"))
            continue
        m = re.match(r"项目总预算\s*([\d.,]+)\s*项目当年预算\s*([\d.,]+)", line)
        if m:
            for measure, num, col in (("总预算", m.group(1), "项目总预算"), ("预算数", m.group(2), "项目当年预算")):
                amt = Amount.parse(num, unit)
                out.append(_mk(filing, outline, pno, li, project, measure, value=amt.value, unit=unit, quote=line,
                               table="项目申报表", column=col))
            continue
        if block == "":  # 立项依据 / 实施方案: "按照每名党员每年 200元的标准列支…" is the project's rate
            for rm in PER_PERSON.finditer(line):
                r_unit, per = per_person(rm)
                out.append(_mk(filing, outline, pno, li, project, "标准", value=Decimal(rm.group("n") or rm.group("n2")),
                               unit=r_unit, quote=line, table="项目申报表", column=per))
        if re.match(r"^项目资金来源", line):
            block = "资金来源"
            continue
        if re.match(r"^项目支出明细测算|^项目活动", line):
            block = "明细测算"
            continue
        if re.match(r"^项目采购", line):
            block, pending_name = "采购", []
            continue
        if re.match(r"^项目绩效总目标|^长期绩效目标|^年度绩效目标", line):
            block = "绩效"
        # earlier years' budgets: "1.2023年预算 0.26万元，2024年预算 0.3万元"
        if re.search(r"20\d\d年\s*(?:预算|\d)", line) and find_amounts(line) and block == "":
            for mm in re.finditer(r"(20\d\d)年\s*(?:预算(?:资金)?(?:为)?)?\s*(\d[\d.,]*)\s*(万元|万)", line):
                y = int(mm.group(1))
                amt = Amount.parse(mm.group(2), "万元")
                out.append(_mk(filing, outline, pno, li, project, "预算数", value=amt.value, unit="万元",
                               quote=line, table="项目申报表", column="前两年预算及当年预算",
                               ).model_copy(update={"ref_year": y if y != filing.year else None}))
            continue
        if block == "资金来源":
            m = re.match(r"^(?:\d[.．、]?)?\s*(合计|[\u4e00-\u9fff：]{2,20}?)\s+([\d.,]+)$", line)
            if m:
                amt = Amount.parse(m.group(2), unit)
                out.append(_mk(filing, outline, pno, li, project, "资金来源", value=amt.value, unit=unit, quote=line,
                               table="项目申报表", row=clean_label(m.group(1)), column="金额"))
            continue
        if block == "明细测算":
            if re.search(r"金额", line) and re.search(r"测算依据|备注", line):
                pending_name, after_amount = [], False  # the column header ("活动内容 / 表述 / … / 金额") ends here
                continue
            m = re.search(r"(?:^|\s|(?<=[\u4e00-\u9fff]))(\d[\d,]*(?:\.\d+)?)(?:\s+\S|$)", line)
            if m:
                pending_name.append(line[:m.start()].strip())
                item, desc = _activity(pending_name)
                pending_name = []
                after_amount = bool(line[m.end():].strip())
                amt = Amount.parse(m.group(1), unit)
                if item:
                    out.append(_detail(filing, outline, pno, li, project, item, "明细测算", amt, unit, line, desc))
            elif after_amount and re.search(r"[。/，,*%]", line) and not pending_name:
                continue  # the 测算依据 cell of the row above wraps ("度涨幅测算。", "餐/人")
            elif not re.search(r"金额|测算依据|活动内容|支出经济|表述|备注", line):
                pending_name.append(line)
                after_amount = False
            continue
        if block == "采购":
            if re.fullmatch(r"品名\s*数量\s*金额", line):
                pending_name = []
                continue
            m = re.match(r"^(?P<item>\S.*?)?\s*(?P<qty>\d[^\s]*)\s+(?P<amt>\d[\d,]*(?:\.\d+)?)$", line)
            if m:
                item = clean_label("".join([*pending_name, (m.group("item") or "")]))
                pending_name = []
                amt = Amount.parse(m.group("amt"), unit)
                if item:
                    out.append(_detail(filing, outline, pno, li, project, item, "采购金额", amt, unit, line,
                                       f"数量 {m.group('qty')}"))
            else:
                pending_name.append(line)  # the 品名 cell wraps ("区城市运行管理中心网 / 上群众投诉…")
            continue
        if block == "绩效":
            if re.search(r"一级指标|三级指标|目标名称|目标说明", line):
                buf = []  # the grid's header: what stood above (目标说明 text) is no indicator's name
                continue
            f = _indicator(filing, outline, pno, li, project, line, buf)
            if f is not None:
                out.append(f)
                buf = []
            elif _ROW_END.search(line):
                buf = []  # a row closed by its 依据 cell, its value unread: its words name nothing after it
            else:
                buf = (buf + [line])[-8:]
    return out


def _activity(lines: list[str]) -> tuple[str, str]:
    """A 明细测算 row's cells joined over their wrapped lines → (活动 name, 内容表述 + 经济分类).
    The 内容表述 cell starts with 用于; the 活动 cell is what stands before it."""
    lines = [l for l in lines if l]
    at = next((i for i, l in enumerate(lines) if l.startswith("用于")), len(lines))
    name = clean_label("".join(lines[:at]))
    cls = _ECON_CLASS.search(name) if at == len(lines) else None  # no 用于: the 经济分类 still closes the row
    return (name[:cls.start()] if cls and cls.start() >= 2 else name), "".join(lines[at:])


# 支出经济分类 类 names, printed in their own cell after the activity
_ECON_CLASS = re.compile(r"(?:其他)?商品(?:和)?服务支出$|工资福利支出$|对个人和家庭的补助(?:支出)?$|资本性支出$")


def _detail(filing, outline, pno, li, project, item, measure, amt: Amount, unit, line, column) -> Fact:
    """A project's cost line (明细测算 / 采购 row): the line's own item is its subject, so a question
    naming it finds it; the project stays in row and locator."""
    return Fact(doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
                kind=filing.kind, subject=item, measure=measure, value=amt.value, unit=unit,
                page=pno, locator=outline.locator(pno, li, "项目申报表", project, item), quote=line,
                source="project", table="项目申报表", row=f"{project}{LOCATOR_SEP}{item}", column=column)


# words of the indicator grid's header and level columns, never part of an indicator's name
_GRID_WORDS = re.compile(
    r"(?:(?:产出|效益|满意度|成本|数量|质量|时效|社会效益|经济效益|生态效益|经济成本|社会成本|生态环境成本|"
    r"服务对象满意度|可持续影响|一级|二级|三级)?指标|产出|效益|满意度|服务对象满|意度指标|目标名称|指标值.*|"
    r"长期绩效目标\d*|年度绩效目标\d*|度指标|一级|二级|三级|前年|上年|预计当年|实现|确定|依据)*"
)
_ROW_END = re.compile(r"(?:计划数据|其他数据|行业标准|计划指标|历史数据|计划标准)$")
_IND_VALUE = r"(?:[≥≤><=＝]\s*\S+?|不[低高]于\S+?|不超过\S+?|\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?[\u4e00-\u9fff/（）]{1,8}|有所\S+?|有保障|按\S+?|提升|安全|无)"
_IND_LINE = re.compile(rf"^(?P<pre>.*?)\s*(?P<vals>(?:{_IND_VALUE}\s*)+?)\s*(?:计划数据|其他数据|行业标准|计划指标)")


def _indicator(filing, outline, pno, li, project, line, buf) -> Fact | None:
    """'购买书籍数量 ≥15套/年 计划数据' (the name may wrap over the lines before): a third-level
    indicator and its target; of several values (前年 上年 当年) the last is this year's."""
    m = _IND_LINE.match(line)
    if not m:
        return None
    joined = re.sub(r"\s+|/", "", "".join(buf) + m.group("pre"))  # "/ /": the 前年 上年 cells left empty
    name = _GRID_WORDS.sub("", joined)
    vals = m.group("vals").split()
    if len(name) < 2 or not vals:
        return None
    return _mk(filing, outline, pno, li, project, "指标值", text=vals[-1], quote=line,
               table="项目绩效目标表", row=name[-30:])


# ---------------------------------------------------------------- 项目经费情况说明

# "由…办事处建设的万里街道社区公共服务中心新建工程，位于…": the project a 项目概况 is about
_NAME = r"(?P<name>[\u4e00-\u9fff（）()“”A-Za-z0-9]{4,40}?(?:新建工程|改扩建工程|改造工程|工程|项目))\s*[，,。、（(]"
_NOTE_NAMES = [re.compile(r"(?:项目名称[:：]\s*|(?:建设|实施|开展|承担|负责)的)" + _NAME),
               re.compile(r"^(?!由|为|根据|按照)" + _NAME)]
# the spending plan's own words name the figure, not the project ("第一季度用款计划")
_PLAN_LABEL = re.compile(r"(?:第[一二三四1-4]季度|上半年|下半年|全年|年度)(?:用款计划|支出计划|预算)|用款计划")


# a part per project: "科技创新专项经费情况说明", "生命健康专项（政策资金）经费情况说明" (not the generic 项目经费情况说明)
_NOTE_HEADING = re.compile(r"^(?![一二三四五六七八九十]+、)(?P<name>.{2,40}?(?<!项目))(?:（[^）]{1,10}）)?(?:项目)?经费情况说明$")
_NOTE_TOTAL = re.compile(r"项目总预算|总预算|预算总额|年度预算$")
_BARE_WAN = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万(?![元人])")


def _note_project(filing: Filing, outline: Outline) -> str | None:
    """The project a 项目经费情况说明 part describes, when its 项目概况 names one."""
    for page in filing.pages:
        for i, raw in enumerate(page.text.splitlines()):
            path = outline.path_at(page.number, i)
            if len(path) < 2 or "项目经费情况说明" not in path[0] or not re.search(r"项目概[况述]|项目名称", path[1]):
                continue
            for pat in _NOTE_NAMES:
                m = pat.search(raw.strip())
                if m:
                    return m.group("name")
    return None


def _project_notes(filing: Filing, outline: Outline) -> list[Fact]:
    """'六、年度预算安排 第一季度用款计划15万元，…' in a 项目经费情况说明 part: the quarter's plan of
    the project the part describes (subject the project, measure the plan), else the item itself."""
    out: list[Fact] = []
    whole_part = _note_project(filing, outline)
    for page in filing.pages:
        lines = page.text.splitlines()
        for i, raw in enumerate(lines):
            path = outline.path_at(page.number, i)
            if not path or "经费情况说明" not in path[0] or not any("预算安排" in p for p in path[1:]):
                continue
            if re.match(r"^[一二三四五六七八九十]+、", raw.strip()):
                continue
            # one part per project ("科技创新专项（政策资金）经费情况说明"), or one part naming it inside
            own = _NOTE_HEADING.match(clean_label(path[0]))
            project = own.group("name") if own else whole_part
            if own:  # its 年度预算安排 read as one paragraph: an item's name may wrap over two lines
                if i > 0 and outline.path_at(page.number, i - 1) == path and \
                        not re.match(r"^[一二三四五六七八九十]+、", lines[i - 1].strip()):
                    continue  # read with the paragraph's first line
                j = i
                while j + 1 < len(lines) and outline.path_at(page.number, j + 1) == path:
                    j += 1
                raw = "".join(x.strip() for x in lines[i:j + 1])
            # "项目总预算1720.00万": these sheets print 万 for 万元
            text = _BARE_WAN.sub(r"\1万元", raw)
            for mm, amt in find_amounts(text):
                if not amt.is_money:
                    continue
                before = re.split(r"[，,。；;：:]", text[: mm.start()])[-1]
                label = re.sub(r"^其中", "", clean_label(before).rstrip("为是"))
                if len(label) < 2 or label in ("合计", "总计", "小计"):
                    continue
                if own and _NOTE_TOTAL.search(label):  # the project's own year total
                    out.append(_mk(filing, outline, page.number, i, project, "预算数", value=amt.value,
                                   unit=amt.unit, quote=raw.strip(), table="项目经费情况说明", row="年度预算安排"))
                    continue
                if own:  # an item of the project's money: under the project's name
                    out.append(_mk(filing, outline, page.number, i, label, "预算数", value=amt.value, unit=amt.unit,
                                   quote=raw.strip(), table="项目经费情况说明", row=project))
                    continue
                if project and _PLAN_LABEL.search(label):
                    out.append(_mk(filing, outline, page.number, i, project, label, value=amt.value, unit=amt.unit,
                                   quote=raw.strip(), table="项目经费情况说明", row="年度预算安排", column=label))
                    continue
                out.append(_mk(filing, outline, page.number, i, label, "预算数", value=amt.value, unit=amt.unit,
                               quote=raw.strip(), table="项目经费情况说明", row="年度预算安排"))
    return out
