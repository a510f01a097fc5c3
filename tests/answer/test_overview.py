"""A figure asked of more filings than a list reads well: how many print it, the largest and the
smallest three (cited, verified), and every filing's figure in the table — in the order of amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.types import Fact, Filing

DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "金山区", "松江区",
             "青浦区", "奉贤区")


def _filings() -> list[tuple[Filing, Decimal]]:
    out = []
    for i, district in enumerate(DISTRICTS):
        for year in (2024, 2025):
            d = f"{district}审计局"
            f = Filing(doc_id=f"{i}-{year}", path="-", title=f"{d}{year}年部门预算", department=d, year=year,
                       kind="预算")
            out.append((f, Decimal(10000 * (i + 1) + (year - 2024) * 5000)))  # 1万元, 1.5万元, 2万元 …
    return out


@pytest.fixture()
def engine(tmp_path):
    from assistant.answer.engine import Engine
    from assistant.index import Index
    from assistant.settings import get_settings

    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    for filing, value in _filings():
        quote = f"{filing.year}年一般公共预算“三公”经费支出{value / 10000}万元。"
        index.facts.write_filing(filing, [Fact(
            doc_id=filing.doc_id, doc=filing.title, department=filing.department, year=filing.year, kind="预算",
            subject="三公经费", measure="预算数", value=value, unit="万元", source="prose", page=30,
            locator="七、一般公共预算“三公”经费支出安排情况", quote=quote)], [])
        index.facts.mark_complete(filing.doc_id)
    return Engine(index)


def test_many_filings_are_counted_and_their_extremes_said(engine):
    a = engine.ask("三公经费是多少？")
    assert a.status == "answered"
    lines = a.answer.splitlines()
    assert lines[0].startswith("三公经费：已入库的26份文件中，26份列有三公经费")
    assert lines[1] == "最多的三份：" and "2025年 奉贤区审计局（部门预算）三公经费：13.5万元" in lines[2]
    assert lines[5] == "最少的三份：" and "2024年 黄浦区审计局（部门预算）三公经费：1万元" in lines[-1]
    assert len(a.citations) == 6 and len(a.figures) == 6 and all(f.verified for f in a.figures)
    assert [r.value for r in a.table] == sorted((float(v) for _, v in _filings()), reverse=True)
    assert a.table[0].label == "2025年 奉贤区审计局（部门预算）" and a.table[0].citations == [1]
    assert sum(bool(r.citations) for r in a.table) == 6


def test_a_year_within_the_list_length_is_listed_whole(engine):
    a = engine.ask("2025年各部门三公经费是多少？")
    assert a.status == "answered" and a.answer.count("\n- ") == 13 and a.table is None
