"""Small hand-made facts and a store holding them, for verifier and audit tests.
Figures are those printed in 上海市普陀区人民政府万里街道办事处2025年部门预算 (p29 table, p30 说明)
and 东西湖区城市运行管理中心2025年部门预算 (p27–31 说明), read by eye."""

from __future__ import annotations

from decimal import Decimal

from assistant.amounts import Amount
from assistant.index.facts_db import SqliteFactStore
from assistant.types import Fact, Filing

WANLI = dict(doc_id="wanli25", doc="上海市普陀区人民政府万里街道办事处2025年部门预算",
             department="上海市普陀区人民政府万里街道办事处", year=2025, kind="预算")
SEED = dict(doc_id="seed25", doc="东西湖区城市运行管理中心2025年部门预算",
            department="武汉市东西湖区城市运行管理中心", year=2025, kind="预算")


def fact(filing: dict, subject: str, measure: str, number: str, unit: str = "万元", **kw) -> Fact:
    """A fact printed as `number` + `unit` (value normalised to 元 for money, like the parsers)."""
    amt = Amount.parse(number, unit)
    kw.setdefault("quote", f"{subject}{number}{unit}")
    return Fact(**filing, subject=subject, measure=measure, value=amt.value, unit=unit, **kw)


def wanli_sangong() -> list[Fact]:
    t = dict(source="table", table="2025年部门“三公”经费和机关运行经费预算表", page=29)
    return [
        fact(WANLI, "三公经费", "预算数", "37.91", **t),
        fact(WANLI, "因公出国（境）费", "预算数", "0", **t),
        fact(WANLI, "公务接待费", "预算数", "1.35", **t),
        fact(WANLI, "公务用车购置及运行费", "预算数", "36.56", **t),
        fact(WANLI, "公务用车购置费", "预算数", "15", **t),
        fact(WANLI, "公务用车运行费", "预算数", "21.56", **t),
        fact(WANLI, "机关运行经费", "预算数", "464.64", **t),
        fact(WANLI, "三公经费", "增减额", "-10", source="prose", page=30,
             quote="2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。"),
    ]


def store_with(tmp_path, facts: list[Fact]) -> SqliteFactStore:
    store = SqliteFactStore(tmp_path / "ix")
    by_doc: dict[str, list[Fact]] = {}
    for f in facts:
        by_doc.setdefault(f.doc_id, []).append(f)
    for doc_id, fs in by_doc.items():
        f0 = fs[0]
        filing = Filing(doc_id=doc_id, path="-", title=f0.doc, department=f0.department, year=f0.year, kind=f0.kind)
        store.write_filing(filing, fs, [])
        store.mark_complete(doc_id)
    return store
