"""A ranking over many departments is answered short: the top few and the last three cited, the
rest only in the table (a person does not read out 125 lines)."""

from __future__ import annotations

from decimal import Decimal


def _readings(n: int):
    from assistant.answer.readings import Reading
    from assistant.types import Fact, Filing

    out = []
    for i in range(n):
        f = Filing(doc_id=f"d{i}", path=f"d{i}.txt", title=f"第{i}局2025年部门预算", department=f"第{i}局", year=2025,
                   kind="预算", filing_kind="部门预算")
        fact = Fact(doc_id=f.doc_id, doc=f.title, department=f.department, year=2025, kind="预算", subject="三公经费",
                    measure="预算数", value=Decimal(10000 * (i + 1)), unit="万元", page=3, locator="表7", quote=str(i + 1))
        out.append(Reading(f, "三公经费", Decimal(10000 * (i + 1)), "万元", [fact]))
    return out


def test_many_departments_are_said_short_and_tabled_in_full():
    from assistant.answer.compose import Sources
    from assistant.answer.rankings import rank

    sources = Sources()
    status, text, rows = rank("2025年哪个部门三公经费最多", _readings(30), sources)
    assert status == "answered" and len(rows) == 30
    assert text.splitlines()[0].startswith("2025年部门预算中，三公经费最多的是第29局，30万元")
    assert "其余各部门见答案所附表格" in text
    assert len(sources.citations) == 8  # five at the top, three at the bottom
    assert [bool(r.citations) for r in rows] == [True] * 5 + [False] * 22 + [True] * 3


def test_a_few_departments_are_each_listed():
    from assistant.answer.compose import Sources
    from assistant.answer.rankings import rank

    sources = Sources()
    _, text, rows = rank("2025年哪个部门三公经费最多", _readings(6), sources)
    assert len(sources.citations) == 6 and all(r.citations for r in rows) and "其余" not in text
