"""The open question reader on departments, items and phrasings made up here (no corpus filing's
names): short names, pronouns, years people say, typos, traditional characters, talk around the item."""

from __future__ import annotations

import itertools

import pytest

from assistant.answer.reader import QuestionReader, to_simplified
from assistant.retrieval.filters import Filters
from assistant.types import Filing

DEPARTMENTS = {
    "浙江省高级人民法院": (2018, 2019),
    "浙江省人民检察院": (2019,),
    "杭州市西湖区人民政府办公室": (2025,),
    "杭州市西湖区人民政府北山街道办事处": (2023, 2024, 2025),
    "杭州市财政局": (2025,),
    "杭州市西湖区财政局": (2024, 2025),
    "杭州市西湖区规划和自然资源局": (2024,),
    "中共杭州市西湖区委宣传部": (2024,),
}
SUBJECTS = ["三公经费", "会议费", "物业管理费", "无人机保险及运营服务", "信息化建设项目", "第三季度用款计划"]


def _filings(departments=DEPARTMENTS) -> list[Filing]:
    return [Filing(doc_id=f"{d}{y}", path="x", title=f"{d}{y}年部门预算", department=d, year=y, kind="预算")
            for d, years in departments.items() for y in years]


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(_filings(), SUBJECTS)


@pytest.mark.parametrize("short, department", [
    ("省高院", "浙江省高级人民法院"),
    ("省法院", "浙江省高级人民法院"),
    ("省检察院", "浙江省人民检察院"),
    ("区府办", "杭州市西湖区人民政府办公室"),          # not the 街道办事处, whose own name (北山街道) it skips
    ("市财政局", "杭州市财政局"),                       # the tighter reading of the two 财政局
    ("西湖财政局", "杭州市西湖区财政局"),
    ("规划资源局", "杭州市西湖区规划和自然资源局"),
    ("北山街道", "杭州市西湖区人民政府北山街道办事处"),
    ("宣传部", "中共杭州市西湖区委宣传部"),
])
def test_short_names_in_any_phrasing(reader, short, department):
    """The same short name inside many phrasings reads as the same department."""
    fronts = ["", "请问", "帮我看看，", "我想了解一下", "急！"]
    backs = ["三公经费是多少", "19年开会花了多少钱？", "今年的物业管理费呢", " 三公经费 多少 谢谢"]
    for front, back in itertools.product(fronts, backs):
        read = reader.read(f"{front}{short}{back}")
        assert read.department == department, (front, short, back, read)
        assert department in read.text or short in department  # rewritten, or said as the name says it


def test_an_ambiguous_short_name_is_not_chosen(reader):
    """财政局 is 杭州市财政局 and 西湖区财政局 alike: the reader does not choose."""
    assert reader.read("财政局三公经费是多少").department is None


def test_no_department_from_item_words(reader):
    for q in ("三公经费是多少", "会议费和物业管理费一共多少", "信息化建设项目第三季度用款计划"):
        assert reader.read(q).department is None, q


def test_pronouns_mean_the_only_department_or_the_filter():
    one = QuestionReader(_filings({"杭州市西湖区财政局": (2025,)}), SUBJECTS)
    for p in ("你们单位", "咱们单位", "这个部门", "他们", "贵单位"):
        read = one.read(f"{p}今年三公经费是多少")
        assert read.department == "杭州市西湖区财政局" and read.text.startswith("杭州市西湖区财政局"), p
    many = QuestionReader(_filings(), SUBJECTS)
    assert many.read("你们单位今年三公经费是多少").department is None
    read = many.read("你们单位今年三公经费是多少", Filters(department="西湖区财政局"))
    assert read.filters.department == "西湖区财政局" and "你们" not in read.text


@pytest.mark.parametrize("said, year", [("19年", "2019年"), ("18年度", "2018年度"), ("二〇一九年", "二〇一九年")])
def test_two_digit_years(reader, said, year):
    assert year in reader.read(f"省高院{said}三公经费").text


def test_year_spans_are_the_years_held(reader):
    read = reader.read("北山街道近两年三公经费")
    assert read.years == (2025, 2024) and "2024到2025年" in read.text
    assert reader.read("北山街道这几年三公经费").years == (2025, 2024, 2023)
    assert reader.read("省高院历年三公经费").years == (2019, 2018)


@pytest.mark.parametrize("typed, meant", [
    ("三公经废", "三公经费"), ("会议废", "会议费"), ("物业管理废", "物业管理费"),
    ("无人机保险及运营服物", "无人机保险及运营服务"),   # ≥ 5 characters: any one character
])
def test_one_wrong_character(reader, typed, meant):
    assert meant in reader.read(f"北山街道2025年{typed}是多少").text


def test_a_word_two_characters_off_is_not_repaired(reader):
    text = reader.read("北山街道2025年会计费是多少").text  # 计 is no homophone of 议: another item
    assert "会议费" not in text


def test_traditional_and_full_width():
    assert to_simplified("三公經費是多少，萬里街道２０２５年") == "三公经费是多少，万里街道2025年"
    assert to_simplified("因公出國（境）費") == "因公出国（境）费"  # full-width brackets stay


def test_english_words(reader):
    assert "预算" in reader.read("北山街道2025年的budget总额").text
    assert "信息化" in reader.read("北山街道2025年IT支出").text


@pytest.mark.parametrize("run, words", [
    ("看看", []), ("你们", []), ("谢谢", []),
    ("查下无人机保险", ["无人机保险"]),        # talk before an item printed in a filing
    ("加班费", ["加班费"]),                      # no filing prints it, but it ends like an item: asked
    ("第三季度", ["第三季度"]),                  # printed beside an amount (a measure's words)
])
def test_item_words(reader, run, words):
    assert reader.item_words(run) == words


def test_readings_are_immutable(reader):
    read = reader.read("省高院19年三公经费")
    with pytest.raises(AttributeError):
        read.text = "x"


def test_relative_years_are_the_departments_years(reader):
    """今年 is the newest year held for the department named; "比去年" compares and stays."""
    assert "2025年" in reader.read("北山街道今年三公经费").text
    assert "2024年" in reader.read("北山街道去年三公经费比前年多多少").text
    assert "2023年" in reader.read("北山街道去年三公经费比前年多多少").text
    assert "比去年" in reader.read("北山街道2025年的三公经费比去年多多少").text
    assert "2018年" in reader.read("省高院去年三公经费").text  # its newest is 2019
    assert "今年" in reader.read("今年三公经费是多少").text  # no department: nothing to anchor on


@pytest.mark.parametrize("typed, meant", [
    ("三公经费予算", "三公经费预算"),          # a homophone in a two-character core word
    ("项日支出", "项目支出"),                  # a lookalike
    ("会议费", "会议费"),
])
def test_core_words_and_lookalikes(typed, meant):
    reader = QuestionReader(_filings(), [*SUBJECTS, "项目支出", "党建"])
    assert meant in reader.read(f"北山街道2025年{typed}是多少").text


def test_a_known_name_with_the_next_word_is_no_typo():
    reader = QuestionReader(_filings(), [*SUBJECTS, "内设机构", "内设机构数"])
    assert "内设机构各" in reader.read("北山街道2023到2025年内设机构各有多少个").text


def test_two_character_items_repaired_only_before_an_items_ending():
    reader = QuestionReader(_filings(), [*SUBJECTS, "党建"])
    assert "党建经费" in reader.read("北山街道2025年党健经费多少").text
    assert "党健" in reader.read("北山街道2025年党健多少").text  # nothing says it is an item


def test_short_morphemes_expand_only_into_printed_names():
    reader = QuestionReader(_filings(), [*SUBJECTS, "公务用车运行费", "一般公务用车"])
    assert "公务用车运行费" in reader.read("北山街道2025年公车运行费").text
    assert "一般公务用车" in reader.read("北山街道2025年有几辆一般公车").text
    assert "公车" in reader.read("北山街道2025年公车花了多少").text  # 公车 alone: the ontology's


def test_a_short_name_two_departments_fit_alike_is_reported(reader):
    read = reader.read("财政局三公经费是多少")
    assert read.department is None
    assert read.ambiguous[0] == "财政局" and set(read.ambiguous[1:]) == {"杭州市财政局", "杭州市西湖区财政局"}
    assert reader.read("西湖财政局三公经费").ambiguous == ()


def test_two_short_names_joined_read_as_two_departments(reader):
    """区府办与北山街道: each short name is read (right to left), neither swallowing the other."""
    read = reader.read("区府办与北山街道2025年会议费一共多少")
    assert "杭州市西湖区人民政府办公室" in read.text and "北山街道" in read.text
    assert read.department is None  # two departments: no one to anchor 去年 to


@pytest.mark.parametrize("said, years", [
    ("北山街道23至25年会议费", ("2023至2025年",)),
    ("北山街道23、24两年会议费", ("2023、2024两年",)),
    ("北山街道24和25年会议费", ("2024和2025年",)),
])
def test_two_digit_years_in_a_list_or_range(reader, said, years):
    assert all(y in reader.read(said).text for y in years)


def test_a_bare_span_of_years_is_the_years_held(reader):
    read = reader.read("北山街道两年来会议费平均多少")
    assert read.years == (2025, 2024) and "2024到2025年各年" in read.text
    assert "三年行动计划" in reader.read("北山街道三年行动计划项目多少").text


def test_relative_years_of_departments_together_count_from_the_newest_filing(reader):
    assert "2024年" in reader.read("去年哪个部门会议费最多").text
    assert "去年" in reader.read("那去年呢").text  # a follow-up's year is the conversation's, not the index's


def test_a_word_of_asking_is_no_typo(reader):
    """三公经费合计 is printed somewhere; 三公经费总共 asks a sum, it is no slip of it."""
    text = QuestionReader(_filings(), [*SUBJECTS, "三公经费总额"]).read("北山街道三公经费总共多少").text
    assert "总共" in text
