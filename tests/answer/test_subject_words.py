"""A question's words name a stored item: when several longer names hold the same run of the
question, the one also holding more of the question's other words is named; when none stands out,
none is named for a short shared run, all for a long one (listed), never one picked at random."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "verify"))

from factkit import fact, store_with  # noqa: E402

F = dict(doc_id="p24", doc="某区某局2024年度部门决算", department="某区某局", year=2024, kind="决算")
NAMES = ("甲类项目中由本地供应商中标的采购金额", "乙类项目中由外地供应商中标的采购金额", "丙类项目中由外地供应商中标的采购金额")


def _catalog(tmp_path):
    from assistant.answer.lookup import Catalog

    return Catalog(store_with(tmp_path, [fact(F, n, "决算数", str(i + 1), source="prose", page=24, quote=n)
                                         for i, n in enumerate(NAMES)]))


def test_the_name_holding_more_of_the_question_is_named(tmp_path):
    catalog = _catalog(tmp_path)
    assert catalog.subjects_in("某局本地供应商拿到的采购金额") == [NAMES[0]]
    assert catalog.subjects_in("丙类里外地商中标的采购金额多少") == [NAMES[2]]


def test_no_name_stands_out(tmp_path):
    catalog = _catalog(tmp_path)
    assert catalog.subjects_in("某局拿到的采购金额有多少") == []             # a short shared run: none is named
    assert sorted(catalog.subjects_in("某局中标的采购金额有多少")) == sorted(NAMES)  # a long one: all, to list
