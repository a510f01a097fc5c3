"""Shanghai 项目经费情况说明 printed one part per project ("科技创新专项经费情况说明", "生命健康专项（政策资金）
经费情况说明"), each with a 六、年度预算安排 paragraph: "2025年度项目总预算2921.00万，其中支持外贸发展370.00万，…
市级支持总\\n部经济1262.00万，进博会推进专项153.00万，合计2921.00万。" (商务委2025部门预算 p23–p26, read by eye).
The project's total is the project's figure; each item is its own, under the project; 万 is 万元."""

from __future__ import annotations

from decimal import Decimal


def _notes(facts_of):
    return {(f.subject, f.row): f for f in facts_of("swj2025") if f.table == "项目经费情况说明"}


def test_each_project_part_gives_its_total(facts_of):
    notes = _notes(facts_of)
    for name, wan, page in (("科技创新专项", "1720", 23), ("生命健康专项", "1170", 24), ("商业创新专项", "1410", 25),
                            ("贸易高质量发展专项", "2921", 26)):
        f = notes[(name, "年度预算安排")]
        assert f.value == Decimal(wan) * 10000 and f.page == page and f.measure == "预算数"


def test_items_are_under_their_project_even_when_wrapped(facts_of):
    notes = _notes(facts_of)
    assert notes[("进博会推进专项", "贸易高质量发展专项")].value == Decimal("1530000")
    assert notes[("市级支持总部经济", "贸易高质量发展专项")].value == Decimal("12620000")  # wraps after 总
    assert notes[("支持企业协同化发展", "生命健康专项")].value == Decimal("1800000")
    assert not any(s in ("合计", "部经济") for s, _ in notes)
