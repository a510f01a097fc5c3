"""One change printed two ways on two pages of a filing (江苏省人民检察院2018 说明: 增加3,959.28万元 on p23,
3,958.98万元 on p28, read by eye) is a conflict naming both, never one of them with a ✓ alone."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "verify"))

from factkit import fact, store_with  # noqa: E402

JS = dict(doc_id="js18", doc="江苏省人民检察院2018年部门预算", department="江苏省人民检察院", year=2018, kind="预算")


def test_two_prints_of_one_change_are_both_named(tmp_path):
    from assistant.answer.lookup import Catalog

    facts = [fact(JS, "一般公共预算", "预算数", "21940.96", source="prose", page=23,
                  quote="一般公共预算拨款21940.96万元，与上年相比增加3959.28万元"),
             fact(JS, "一般公共预算", "增减额", "3959.28", source="prose", page=23,
                  quote="一般公共预算拨款21940.96万元，与上年相比增加3959.28万元"),
             fact(JS, "一般公共预算", "增减额", "3958.98", source="prose", page=28,
                  quote="一般公共预算支出21940.96万元，与上年相比增加3958.98万元")]
    catalog = Catalog(store_with(tmp_path, facts))
    filing = catalog.filings[0]
    r = catalog.reading("一般公共预算", filing)
    change = catalog.change(r)
    assert change is not None and [f.page for f in change.disputed] == [28]
    # a rounding gap is one figure, not a dispute
    same = [facts[0], facts[1], fact(JS, "一般公共预算", "增减额", "3959.3", source="prose", page=28,
                                     quote="一般公共预算支出21940.96万元，与上年相比增加3959.3万元")]
    catalog = Catalog(store_with(tmp_path / "b", same))
    assert catalog.change(catalog.reading("一般公共预算", catalog.filings[0])).disputed == []


def test_change_printed_under_the_fund_scope_name_is_checked(tmp_path):
    """财政拨款收入 21940.96 is all 一般公共预算: the 说明 prints its change under 一般公共预算 twice, once
    3959.28 and once 3958.98. The change computed from 上年数 must not hide the second print."""
    from assistant.answer.lookup import Catalog

    s23 = "一般公共预算收入预算21940.96万元，与上年相比增加3959.28万元"
    s28 = "一般公共预算财政拨款支出预算21940.96万元，与上年相比增加3958.98万元"
    facts = [fact(JS, "财政拨款收入", "预算数", "21940.96", page=13),
             fact(JS, "财政拨款收入", "上年数", "17981.68", page=13),
             fact(JS, "一般公共预算", "预算数", "21940.96", source="prose", page=23, quote=s23),
             fact(JS, "一般公共预算", "增减额", "3959.28", source="prose", page=23, quote=s23),
             fact(JS, "一般公共预算", "预算数", "21940.96", source="prose", page=28, quote=s28),
             fact(JS, "一般公共预算", "增减额", "3958.98", source="prose", page=28, quote=s28)]
    catalog = Catalog(store_with(tmp_path, facts))
    change = catalog.change(catalog.reading("财政拨款收入", catalog.filings[0]))
    assert change.delta == Decimal("39592800.00") and [f.page for f in change.disputed] == [28]
    # the same name printing another figure says nothing of this one
    other = [*facts[:2], fact(JS, "一般公共预算", "预算数", "100", source="prose", page=23, quote="x"),
             fact(JS, "一般公共预算", "增减额", "5", source="prose", page=23, quote="x")]
    catalog = Catalog(store_with(tmp_path / "b", other))
    assert catalog.change(catalog.reading("财政拨款收入", catalog.filings[0])).disputed == []
