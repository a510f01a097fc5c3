"""A small index written by hand from figures read off the real filings by eye (page noted
beside each), so the engine's logic is tested whatever stage the parsers are at. The same
questions are asked again over the real corpus index in test_corpus.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.types import Fact, Filing

SEED = Filing(doc_id="seed", path="seed.txt", title="东西湖区城市运行管理中心2025年部门预算",
              department="东西湖区城市运行管理中心", year=2025, kind="预算")
WANLI = {y: Filing(doc_id=f"wanli{y}", path=f"wanli{y}.pdf", title=f"上海市普陀区人民政府万里街道办事处{y}年部门预算",
                   department="上海市普陀区人民政府万里街道办事处", year=y, kind="预算") for y in (2023, 2024, 2025)}

SEED_SANGONG_LOC = "第四部分 东西湖区城市运行管理中心2025年部门预算情况说明 › 七、一般公共预算“三公”经费支出安排情况"
SEED_SANGONG_QUOTE = "2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元，下降 28.57%"


def fact(filing: Filing, subject: str, measure: str, value, unit: str = "万元", **kw) -> Fact:
    v = None if value is None else Decimal(str(value))
    if v is not None and unit == "万元":
        v *= 10000
    return Fact(doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year,
                kind=filing.kind, subject=subject, measure=measure, value=v, unit=unit, **kw)


def seed_facts() -> list[Fact]:
    s = SEED
    prose = dict(source="prose", page=30, locator=SEED_SANGONG_LOC, quote=SEED_SANGONG_QUOTE)
    project_loc = "部门项目申报表(含绩效目标)"
    return [
        # p30 说明 七: 2.5万元, 比2024年减少1万元, 下降28.57%
        fact(s, "三公经费", "预算数", "2.5", **prose),
        fact(s, "三公经费", "增减额", "1", ref_year=2024, **prose),
        fact(s, "三公经费", "增减率", "28.57", unit="%", ref_year=2024, **prose),
        # p7 项目支出情况 (表11): 城运中心网上群众投诉平台项目 135; p19 申报表 (表12) 131; p31 说明 131
        fact(s, "城运中心网上群众投诉平台项目", "预算数", "135", source="table", page=7, table="项目支出情况",
             column="项目本年度预算", locator="整体绩效目标 › 项目支出情况",
             quote="城运中心网上群众投诉 平台项目 本级支出项目 135 135 服务外包"),
        fact(s, "城运中心网上群众投诉平台项目", "预算数", "131", source="project", page=19, table=project_loc,
             column="项目当年预算", locator=project_loc, quote="项目总预算 131 项目当年预算 131"),
        fact(s, "城运中心网上群众投诉平台项目", "预算数", "131", source="prose", page=31,
             locator="十、项目支出安排情况", quote="城运中心网上群众投诉平台项目 131万元，主要用于区网上群"),
        fact(s, "城运中心网上群众投诉平台项目", "负责人", None, unit="", text="焦精美", source="project", page=19,
             locator=project_loc, quote="项目负责人 焦精美 联系电话 13638643083"),
        # p29 说明 五(三)9: 住房公积金（项）2025年预算数 35.07万元，比2024年预算增加4.03万元，增长12.97%
        fact(s, "住房公积金", "预算数", "35.07", code="2210201", source="prose", page=29,
             locator="五、一般公共预算支出安排情况", quote="住房公积金（项）2025 年预算数 35.07万元，比 2024年预算增加 4.03万元"),
        fact(s, "住房公积金", "增减额", "4.03", code="2210201", source="prose", page=29,
             locator="五、一般公共预算支出安排情况", quote="住房公积金（项）2025 年预算数 35.07万元，比 2024年预算增加 4.03万元"),
        # p33 名词解释（六）
        fact(s, "三公经费", "定义", None, unit="", source="glossary", page=33, locator="第四部分 名词解释",
             text="纳入财政一般公共预算管理的“三公”经费，是指用一般公共预算财政拨款安排的因公出国(境)费、"
                  "公务用车购置及运行维护费和公务接待费。",
             quote="（六）“三公”经费：纳入财政一般公共预算管理的“三公”经费，"),
    ]


def wanli_facts() -> list[Fact]:
    """三公 table (万元) of each year: 2023 p28, 2024 and 2025 p29; columns as the table prints them."""
    rows = {  # 合计, 出国, 接待, 公车小计, 购置费, 运行费
        2023: ("22.91", "0", "1.35", "21.56", "0", "21.56"),
        2024: ("47.91", "0", "1.35", "46.56", "25", "21.56"),
        2025: ("37.91", "0", "1.35", "36.56", "15", "21.56"),
    }
    out = []
    for year, vals in rows.items():
        f = WANLI[year]
        head = "“三公”经费预算数"
        cols = [("三公经费", "合计"), ("因公出国（境）费", "因公出国(境)费"), ("公务接待费", "公务接待费"),
                ("公务用车购置及运行费", "公务用车购置及运行费 › 小计"),
                ("公务用车购置费", "公务用车购置及运行费 › 购置费"), ("公务用车运行费", "公务用车购置及运行费 › 运行费")]
        table = f"{year}年部门“三公”经费和机关运行经费预算表"
        for (subject, col), v in zip(cols, vals):
            out.append(fact(f, subject, "预算数", v, source="table", page=29 if year > 2023 else 28, table=table,
                            column=f"{head} › {col}", locator=table, quote=" ".join(vals)))
    return out


@pytest.fixture()
def mini_index(tmp_path):
    from assistant.index import Index
    from assistant.settings import get_settings

    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    by_doc: dict[str, list[Fact]] = {}
    for f in seed_facts() + wanli_facts():
        by_doc.setdefault(f.doc_id, []).append(f)
    for filing in [SEED, *WANLI.values()]:
        index.facts.write_filing(filing, by_doc.get(filing.doc_id, []), [])
        index.facts.mark_complete(filing.doc_id)
    return index


@pytest.fixture()
def mini_engine(mini_index):
    from assistant.answer.engine import Engine

    return Engine(mini_index)
