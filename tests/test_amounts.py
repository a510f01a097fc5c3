"""Amounts: parsing numbers with units, normalising, comparing at the printed precision (尾差)."""

from decimal import Decimal

import pytest

from assistant.amounts import (
    Amount, explain_rounding, find_amounts, find_figures, printed_amount, readable_money, rounding_explains,
    rounds_to, stated_matches,
)


def _figs(text):
    return [(m.group(), a.value, a.norm_unit) for m, a in find_figures(text)]


@pytest.mark.parametrize("text, value, unit", [
    ("1,331.5万元", Decimal("13315000"), "元"),
    ("101,341,746元", Decimal("101341746"), "元"),
    ("1.2亿元", Decimal("120000000"), "元"),
    ("45.16%", Decimal("45.16"), "%"),
    ("8辆", Decimal(8), "辆"),
    ("2 人", Decimal(2), "人"),
    ("3名", Decimal(3), "名"),
    ("12次", Decimal(12), "次"),
    ("49个", Decimal(49), "个"),
    ("6批次", Decimal(6), "批次"),
    ("4000.6平方米", Decimal("4000.6"), "平方米"),
    ("1.5平方公里", Decimal("1.5"), "平方公里"),
    ("30分钟", Decimal(30), "分钟"),
])
def test_numbers_with_units_normalise(text, value, unit):
    [(m, a)] = find_amounts(text)
    assert m.group() == text and a.value == value and a.norm_unit == unit


def test_chinese_numerals_count_only_when_they_stand_alone():
    assert _figs("一般公务用车一辆、两次会议，共十二人") == [
        ("一辆", 1, "辆"), ("两次", 2, "次"), ("十二人", 12, "人")]
    assert _figs("统一次序") == []  # 一次 inside a word is not a count


def test_years_dates_and_citation_marks_are_not_figures():
    text = "2025年三公经费37.91万元[1]，比2024 年减少10万元 [2]，截至2024年12月31日。"
    assert _figs(text) == [("37.91万元", Decimal("379100.00"), "元"), ("10万元", Decimal("100000"), "元")]


def test_printed_precision_is_read_from_the_quote():
    a = printed_amount(Decimal("25000"), "万元", "“三公”经费支出 2.50万元")
    assert (a.printed, a.decimals) == (Decimal("2.5"), 2)
    assert printed_amount(Decimal("379100"), "万元").decimals == 2
    assert printed_amount(Decimal("13500"), "元").decimals == 0


def test_a_figure_stated_at_the_printed_precision_matches():
    printed = printed_amount(Decimal("25000"), "万元", "2.5万元")
    assert stated_matches(Amount.parse("2.50", "万元"), printed)   # trailing zero: same number
    assert stated_matches(Amount.parse("25,000", "元"), printed)   # other unit, exact
    assert not stated_matches(Amount.parse("2.5", "元"), printed)  # 万元 ↔ 元 swapped


def test_rounding_beyond_the_printed_precision_does_not_match():
    printed = Amount.parse("37.91", "万元")
    assert not stated_matches(Amount.parse("38", "万元"), printed)
    assert not stated_matches(Amount.parse("37.9", "万元"), printed)
    # a more precise number than was printed is not the printed one either
    assert not stated_matches(Amount.parse("37.54", "万元"), Amount.parse("37.5", "万元"))


def test_re_expressing_yuan_in_wan_may_round_at_two_decimals_only():
    printed = Amount.parse("375,123", "元")
    assert stated_matches(Amount.parse("37.51", "万元"), printed)
    assert not stated_matches(Amount.parse("37.5", "万元"), printed)
    assert not stated_matches(Amount.parse("37.52", "万元"), printed)


def test_percent_and_counts_compare_exactly_at_print():
    assert stated_matches(Amount.parse("45.16", "%"), Amount.parse("45.16", "%"))
    assert not stated_matches(Amount.parse("45.2", "%"), Amount.parse("45.16", "%"))
    assert not stated_matches(Amount.parse("8", "辆"), Amount.parse("8", "人"))


def test_computed_values_round_at_the_stated_figure():
    growth = Decimal(10) / Decimal("47.91") * 100  # 20.8724…
    assert rounds_to(Amount.parse("20.87", "%"), growth)
    assert rounds_to(Amount.parse("20.9", "%"), growth)
    assert not rounds_to(Amount.parse("20.88", "%"), growth)
    assert not rounds_to(Amount.parse("21", "%"), growth)  # below one decimal: no rounding allowed


def test_rounding_explanations_say_whether_it_is_a_tail_difference():
    a, b = Amount.parse("1331.5", "万元"), Amount.parse("1331.49", "万元")
    assert rounding_explains(a.value - b.value, a, b)
    assert "属尾差" in explain_rounding(a, b) and "100元" in explain_rounding(a, b)
    c, d = Amount.parse("131", "万元"), Amount.parse("135", "万元")
    assert not rounding_explains(c.value - d.value, c, d)
    assert "不是尾差" in explain_rounding(c, d)


@pytest.mark.parametrize("a, b, agree", [
    # 普陀区财政局2025 预算: 购房补贴 268.776万元 in the tables (p10–12), 268.77万元 in 说明 p7 — cut off, one figure
    (("268.776", "万元"), ("268.77", "万元"), True),
    (("87.708", "万元"), ("87.70", "万元"), True),          # 行政单位离退休, same filing p7
    (("2,687,760", "元"), ("268.77", "万元"), True),        # one print in 元, one in 万元
    (("1331.49", "万元"), ("1331.5", "万元"), True),        # rounded
    # 江苏省人民检察院2017: 基本支出 12,323.48 (p10) vs 12323.46 (p19 说明) — same precision, two figures
    (("12323.48", "万元"), ("12323.46", "万元"), False),
    (("268.786", "万元"), ("268.77", "万元"), False),       # a full unit of the coarser digit apart
    (("135", "万元"), ("131", "万元"), False),
    (("12", "%"), ("12", "万元"), False),
])
def test_prints_agree_allows_truncation_but_not_other_digits(a, b, agree):
    from assistant.amounts import prints_agree

    assert prints_agree(Amount.parse(*a), Amount.parse(*b)) is agree
    assert prints_agree(Amount.parse(*b), Amount.parse(*a)) is agree


def test_a_score_in_points_is_a_figure_but_fen_words_are_not():
    from assistant.amounts import find_amounts

    # 普陀区财政局2024年度部门决算 p23: "平均得分99.43分"
    [(m, amt)] = find_amounts("项目绩效自评平均得分99.43分。")
    assert (str(amt.printed), amt.unit) == ("99.43", "分")
    assert find_amounts("占三分之一，分别为") == []
    assert [a.unit for _, a in find_amounts("响应时间30分钟")] == ["分钟"]


@pytest.mark.parametrize("value, unit, text", [
    # 元 as printed, separators, and the 万元 reading beside it: rounded (约) or exact
    ("91016775.35", "元", "91,016,775.35元（约9101.68万元）"),
    ("101341746", "元", "101,341,746元（约10,134.17万元）"),
    ("10903043", "元", "10,903,043元（约1090.30万元）"),  # the reading keeps the 0.01万元 it was rounded to
    ("1000000", "元", "1,000,000元（100万元）"),
    ("5300", "元", "5300元"),                            # small: no reading, no separator under five digits
    # 万元 as printed, no more decimals than the value carries
    ("171915169", "万元", "17,191.5169万元"),
    ("8675000", "万元", "867.5万元"),
    ("-250000", "元", "-250,000元（-25万元）"),
])
def test_readable_money(value, unit, text):
    assert readable_money(Decimal(value), unit) == text
