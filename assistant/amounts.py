"""Numbers as domain objects: every 元/万元/亿元/% conversion and every tolerance lives here.

A printed figure keeps its printed precision ("37.91万元" is known to ±0.005万元), so two
figures agree when each lies within the other's rounding interval (尾差), not when their
floats are equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MONEY_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "亿元": Decimal(100000000),
}
# Counting units as printed in filings; a figure in these stays a plain number.
COUNT_UNITS = (
    "平方公里", "平方米", "台（套）", "台(套)", "分钟", "批次", "人次", "个", "人", "名", "辆", "次",
    "项", "家", "台", "套", "天", "户", "件", "场", "期", "篇", "条", "所", "元/人", "小时", "年", "分",
)
PERCENT_UNITS = ("%", "％", "个百分点")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_NUM = r"[-−]?\d[\d,，]*(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
_UNIT_ALT = "|".join(
    re.escape(u) for u in sorted([*MONEY_FACTORS, *COUNT_UNITS, *PERCENT_UNITS], key=lambda s: (-len(s), s))
)
AMOUNT_RE = re.compile(rf"(?P<num>{_NUM}|{_CN_NUM})\s*(?P<unit>{_UNIT_ALT})")


def to_decimal(text: str) -> Decimal | None:
    """'18,976.76' → Decimal('18976.76'); '-' / '' / '—' → None; '（12.5）' stays None (not a number)."""
    s = text.strip().replace(",", "").replace("，", "").replace("−", "-").replace(" ", "")
    if not s or not re.fullmatch(r"-?\d+(?:\.\d+)?", s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def cn_to_int(text: str) -> int | None:
    """Chinese numerals as used for counts: 一 → 1, 两 → 2, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS for c in text):
        return None
    total, digit = 0, None
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        else:
            total += (digit if digit is not None else 1) * CN_UNITS[c]
            digit = None
    return total + (digit or 0)


def decimals_of(text: str) -> int:
    """How many decimals a printed number carries: '37.91' → 2, '15' → 0."""
    s = text.replace(",", "").replace("，", "")
    return len(s.split(".")[1]) if "." in s else 0


def canonical_unit(unit: str) -> str:
    """The unit a normalised value is expressed in: 元 for any money unit, % for percents."""
    if unit in MONEY_FACTORS:
        return "元"
    if unit in ("%", "％"):
        return "%"
    if unit in ("台（套）", "台(套)"):
        return "台（套）"
    return unit


@dataclass(frozen=True)
class Amount:
    """A number as printed, with its unit and precision; `value` is normalised (元 for money)."""

    printed: Decimal
    unit: str
    decimals: int = 0

    @classmethod
    def parse(cls, number: str, unit: str) -> "Amount | None":
        value = to_decimal(number)
        if value is None:
            n = cn_to_int(number.strip())
            if n is None:
                return None
            value = Decimal(n)
        return cls(value, unit.strip(), decimals_of(number))

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_FACTORS

    @property
    def value(self) -> Decimal:
        """Normalised: 元 for money, the printed number otherwise."""
        return self.printed * MONEY_FACTORS[self.unit] if self.is_money else self.printed

    @property
    def norm_unit(self) -> str:
        return canonical_unit(self.unit)

    @property
    def half_step(self) -> Decimal:
        """Half of the last printed digit, in the normalised unit: the rounding a print can hide."""
        step = Decimal(1).scaleb(-self.decimals) / 2
        return step * MONEY_FACTORS[self.unit] if self.is_money else step

    def matches(self, other_value: Decimal, other_half_step: Decimal = Decimal(0)) -> bool:
        """True when both prints can be the same true number (each within its rounding)."""
        return abs(self.value - other_value) <= self.half_step + other_half_step + Decimal("1e-9")

    def __str__(self) -> str:
        return format_number(self.printed, self.decimals) + self.unit


# Characters after which a Chinese numeral is a count ("用车一辆", "召开两次", "共十二人"), not part
# of a word ("统一次", "第一次" stay out).
_CN_COUNT_AFTER = "共计为有和及、，：:车置增减新派开办召举配约达仅各只了出入员到至余近超逾含"


def find_amounts(text: str) -> list[tuple[re.Match[str], Amount]]:
    """Every number-with-unit in a text, in order. '15万元' and '两次' both count; bare numbers do not."""
    found = []
    for m in AMOUNT_RE.finditer(text):
        num = m.group("num")
        # A Chinese numeral run must stand alone ("一辆"), not be the tail of a word ("统一次"):
        if not num[0].isdigit() and num[0] not in "-−":
            prev = text[m.start() - 1] if m.start() > 0 else ""
            if prev and "\u4e00" <= prev <= "\u9fff" and prev not in _CN_COUNT_AFTER:
                continue
        if m.group("unit") == "分" and (not num[0].isdigit() or text[m.end():m.end() + 1] in ("之", "钟", "别", "项", "类")):
            continue  # a score ("99.43分") is a figure; "三分之一", "分别", "分项" are words
        amt = Amount.parse(num, m.group("unit"))
        if amt is not None:
            found.append((m, amt))
    return found


def format_number(value: Decimal, decimals: int = 2, thousands: bool = False) -> str:
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    v = value.quantize(q)
    return f"{v:,}" if thousands else f"{v}"


# A 元 amount this large is also read in 万元 beside it ("91,016,775.35元（约9,101.68万元）"): the unit
# budgets are discussed in, at its standard precision.
WAN_READING_FROM = Decimal(10000)
_WAN_DECIMALS = 2  # STANDARD_DECIMALS["万元"]


# Thousands separators from five whole digits on (17,191.52 but 9101.68, as the issue asking for
# them writes it): a four-digit figure reads at a glance, and stays as answers have always written it.
GROUP_FROM_DIGITS = 5


def grouped(value: Decimal, keep_zeros: bool = False) -> str:
    """A number with thousands separators, exactly as many decimals as it carries ('1234567.35' →
    '1,234,567.35'; '867.50' → '867.5'; '9101.68' stays): never more decimals than the value holds.
    `keep_zeros` keeps the value's own exponent (a rounding to 0.01 shows as 1090.30, its precision)."""
    s = format(value if keep_zeros else value.normalize(), "f")
    if s in ("-0", ""):
        return "0"
    sign, s = ("-", s[1:]) if s.startswith("-") else ("", s)
    whole, _, frac = s.partition(".")
    if len(whole) >= GROUP_FROM_DIGITS:
        whole = f"{int(whole):,}"
    return sign + whole + (f".{frac}" if frac else "")


def readable_money(value_yuan: Decimal, printed_unit: str = "元", decimals: int | None = None) -> str:
    """Money as a reader wants it: in the unit the filing printed, with thousands separators and no
    more decimals than printed; a large 元 amount with its 万元 reading beside it, marked 约 when that
    reading rounds ("91,016,775.35元（约9,101.68万元）", "1,000,000元（100万元）"). The reading is for the
    eye only: the verifier checks it as a rounding of the exact figure before it. `decimals` fixes
    the places shown (a computed average rounded to 0.01万元 shows 36.20, the precision it keeps)."""
    unit = printed_unit if printed_unit in MONEY_FACTORS else "元"
    printed = value_yuan / MONEY_FACTORS[unit]
    if decimals is not None:
        printed = printed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    exact = grouped(printed, keep_zeros=decimals is not None) + unit
    if unit != "元" or abs(value_yuan) < WAN_READING_FROM:
        return exact
    wan = value_yuan / MONEY_FACTORS["万元"]
    rounded = wan.quantize(Decimal(1).scaleb(-_WAN_DECIMALS), rounding=ROUND_HALF_UP)
    about = "" if rounded == wan else "约"
    return f"{exact}（{about}{grouped(rounded, keep_zeros=bool(about))}万元）"


def yuan_to_wan(value: Decimal) -> Decimal:
    return value / MONEY_FACTORS["万元"]


def format_money(value_yuan: Decimal, unit: str = "万元", decimals: int | None = None) -> str:
    """Write an amount in 元 back in the unit the filing printed it in: 375000 → '37.50万元'."""
    v = value_yuan / MONEY_FACTORS[unit]
    if decimals is None:
        decimals = 0 if v == v.to_integral_value() else min(max(-v.normalize().as_tuple().exponent, 0), 2)
    return format_number(v, decimals) + unit


def growth_pct(change: Decimal, base: Decimal) -> Decimal | None:
    """Growth % as filings compute it: change / base × 100, None for a zero base."""
    if base == 0:
        return None
    return change / base * 100


# --- Figures in written answers, precision and rounding (尾差) ---------------------------------

# The precision a figure needs before its own rounding may be forgiven when it re-expresses a
# figure printed in another unit (375,123元 → 37.51万元 is a fair rewrite, 37.5万元 is not).
STANDARD_DECIMALS: dict[str, int] = {"元": 0, "千元": 0, "万元": 2, "百万元": 2, "亿元": 2, "%": 1, "％": 1}
_EPS = Decimal("1e-9")
_YEAR_NUM = re.compile(r"(?:19|20)\d\d")


def find_figures(text: str) -> list[tuple[re.Match[str], Amount]]:
    """The figures an answer asserts: numbers with units, but not years ('2025年', '2025 年'),
    not citation marks ('[2]') and not dates. A figure is what the verifier must check."""
    out = []
    for m, amt in find_amounts(text):
        num = m.group("num")
        if m.group("unit") == "年" and (_YEAR_NUM.fullmatch(num) or "年度" == text[m.end() - 1:m.end() + 1]):
            continue
        if m.start() > 0 and text[m.start() - 1] == "[":
            continue
        if "\n" in m.group() and not amt.is_money and amt.norm_unit != "%":
            continue  # "编码…\n4\n项目主管": a count unit on the next line is a word, not a unit
        out.append((m, amt))
    return out


def _value_decimals(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return max(-exp, 0) if isinstance(exp, int) else 0


@lru_cache(maxsize=65536)
def printed_amount(value: Decimal, unit: str, quote: str = "") -> Amount:
    """The Amount a fact was printed as, from its normalised value (元 for money) and printed unit.
    The printed precision is read from the quote when the number appears there ('2.50' keeps 2
    decimals), otherwise from the value itself."""
    unit = unit or "元"
    factor = MONEY_FACTORS.get(unit, Decimal(1))
    printed = value / factor
    decimals = _value_decimals(printed)
    if quote:
        for m in re.finditer(_NUM, quote):
            d = to_decimal(m.group())
            if d is not None and d == printed:
                decimals = max(decimals, decimals_of(m.group()))
                break
    return Amount(printed, unit, decimals)


def _more_precise(a: Amount, b: Amount) -> bool:
    return a.half_step <= b.half_step


def stated_matches(stated: Amount, source: Amount) -> bool:
    """Does a figure written in an answer state a printed figure at the printed precision?

    - the same number, whatever the trailing zeros or unit: 2.50万元 = 2.5万元 = 25000元;
    - re-expressed in another unit, rounded no coarser than that unit's standard precision:
      375,123元 → 37.51万元;
    - never rounded beyond the printed precision: 37.91万元 stated as 38万元 or 37.9万元 fails,
      and never a more precise number than was printed: 37.5万元 stated as 37.54万元 fails.
    """
    if stated.norm_unit != source.norm_unit:
        return False
    gap = abs(stated.value - source.value)
    if gap <= _EPS:
        return True
    if _more_precise(stated, source) or stated.unit == source.unit:
        return False
    return stated.decimals >= STANDARD_DECIMALS.get(stated.unit, 0) and gap <= stated.half_step + _EPS


def rounds_to(stated: Amount, exact: Decimal, slack: Decimal = Decimal(0)) -> bool:
    """Is a stated figure a fair rounding of a computed value (normalised units)? The stated
    figure may round at its own last digit if it keeps its unit's standard precision; `slack`
    is the uncertainty the operands' own printing carries."""
    gap = abs(stated.value - exact)
    allowed = slack + (stated.half_step if stated.decimals >= STANDARD_DECIMALS.get(stated.unit, 0) else 0)
    return gap <= allowed + _EPS


def rounding_explains(gap: Decimal, *amounts: Amount) -> bool:
    """Can the rounding of these printed amounts account for a gap (normalised units)?"""
    return abs(gap) <= sum((a.half_step for a in amounts), Decimal(0)) + _EPS


def prints_agree(a: Amount, b: Amount) -> bool:
    """Are two prints one figure (尾差)? Either rounding explains the gap (1331.49 / 1331.5), or the
    less precise print cut the other off rather than rounding it (268.776 printed again as 268.77,
    87.708 as 87.70): a gap smaller than one unit of the coarser print's last digit. Two prints of
    the same precision one last digit apart (12323.48 / 12323.46) are two figures."""
    if a.norm_unit != b.norm_unit:
        return False
    gap = abs(a.value - b.value)
    if gap <= a.half_step + b.half_step + _EPS:
        return True
    coarse, fine = (a, b) if a.half_step >= b.half_step else (b, a)
    return coarse.half_step > fine.half_step and gap < 2 * coarse.half_step - _EPS


# A stated rate its own amounts miss by a few last digits may rest on a base the filing rounded or
# adjusted (上年调整数); an answer calls it a contradiction only beyond this many last-digit units.
MATERIAL_DIGITS = 5


def materially_off(printed: Amount, computed: Decimal) -> bool:
    """Is a printed figure further from what its amounts give than a few units of its last digit?
    (129.97% printed, 129.29% computed: yes; 21.95% printed, 22.00% computed: no.)"""
    return abs(printed.value - computed) > MATERIAL_DIGITS * 2 * printed.half_step + _EPS


def explain_rounding(stated: Amount, source: Amount) -> str:
    """A sentence for staff on why two prints of one figure differ (or do not), in Chinese."""
    gap = abs(stated.value - source.value)
    unit = "元" if stated.is_money else stated.norm_unit
    if gap <= _EPS:
        return f"{stated}与{source}数值相同。"
    room = stated.half_step + source.half_step
    gap_s = format_number(gap, _value_decimals(gap)) + unit
    room_s = format_number(room, _value_decimals(room)) + unit
    if gap <= room + _EPS:
        return f"{stated}与{source}相差{gap_s}，在两者末位四舍五入的范围（±{room_s}）之内，属尾差。"
    return f"{stated}与{source}相差{gap_s}，超出两者末位四舍五入的范围（±{room_s}），不是尾差。"
