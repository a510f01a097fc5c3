"""Which departments a question names, among many: a name is met by what sets it apart, not by three
characters from inside one of its words that an item's name happens to share."""

from __future__ import annotations

from assistant.answer.departments import match_departments, named_places, unknown_org
from assistant.types import Filing

NAMES = ("黄浦区科学技术和经济信息化局", "徐汇区教育局", "上海市普陀区财政局", "上海市普陀区商务委员会",
         "上海市普陀区人民政府万里街道办事处", "江苏省人民检察院")
FILINGS = [Filing(doc_id=f"d{i}{y}", path="-", title=f"{d}{y}年部门预算", department=d, year=y, kind="预算")
           for i, d in enumerate(NAMES) for y in (2024, 2025)]


def test_an_items_words_inside_a_department_name_do_not_name_it():
    assert match_departments("信息化建设项目预算是多少", FILINGS) == []
    assert match_departments("徐汇区教育局2025年信息化建设项目预算是多少", FILINGS) == ["徐汇区教育局"]


def test_a_name_is_met_by_its_words_whole_or_at_either_end():
    assert match_departments("黄浦区科学技术和经济信息化局三公经费", FILINGS) == [NAMES[0]]
    assert match_departments("经济信息化局三公经费", FILINGS) == [NAMES[0]]
    assert match_departments("财政局三公经费是多少", FILINGS) == [NAMES[2]]
    assert match_departments("商务委三公经费是多少", FILINGS) == [NAMES[3]]
    assert match_departments("万里街道三公经费是多少", FILINGS) == [NAMES[4]]


def test_places_and_organisations_among_many_departments():
    assert named_places("普陀区三公经费", FILINGS) == (["普陀区"], [])
    assert named_places("南京市三公经费", FILINGS) == ([], ["南京市"])
    assert unknown_org("普陀区教育局三公经费", FILINGS, []) == "普陀区教育局"
    assert unknown_org("请问普陀区财政局三公经费", FILINGS, []) is None
