"""Rates a 说明 states, recomputed from the amounts beside them: a growth rate (增减率) from the
amount and its change or the year before, a share (占比) from the part and its whole."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from assistant.audit.findings import Discrepancy, amt, finding, printed_number
from assistant.ontology import DECREASE_RE
from assistant.types import Fact


def signed(f: Fact) -> Decimal:
    return -f.value if f.value > 0 and DECREASE_RE.search(f.quote or "") and f.measure in ("增减额", "增减率") \
        else f.value


def check_growth(fs: list[Fact]) -> list[Discrepancy]:
    """A stated rate against the stated amounts: 增减率 = 增减额 / (本年 − 增减额) = (本年 − 上年) / 上年."""
    out = []
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    # "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%。": the amount may sit in
    # the sentence before its change; a 说明 section's one amount of the subject is the amount
    section_now: dict[tuple, list[Fact]] = defaultdict(list)
    for f in fs:
        if f.value is None:
            continue
        key = (f.subject, f.code, f.quote if f.source != "table" else f"{f.table}|{f.row}")
        m = f.measure if f.measure in ("上年数", "增减额", "增减率") else "本年" \
            if f.measure in ("预算数", "决算数") else None
        if m:
            groups[key].setdefault(m, f)
        if m == "本年" and f.source == "prose" and f.ref_year in (None, f.year):
            section_now[(f.subject, f.code, f.page, f.locator)].append(f)
    for (subject, *_), got in groups.items():
        rate, now = got.get("增减率"), got.get("本年")
        if rate is not None and now is None and rate.source == "prose":
            near = section_now.get((rate.subject, rate.code, rate.page, rate.locator), [])
            now = near[0] if near and len({f.value for f in near}) == 1 else None
        if rate is None or now is None:
            continue
        if "上年数" in got:
            base_f, base = got["上年数"], got["上年数"].value
            change = now.value - base
            used = [now, base_f]
        elif "增减额" in got:
            change = signed(got["增减额"])
            base = now.value - change
            used = [now, got["增减额"]]
        else:
            continue
        if base <= 0:
            continue
        stated = signed(rate)
        computed = change / base * 100
        lo, hi = _rate_bounds(now, used[1], "上年数" in got)
        gap = stated - computed
        step = 2 * amt(rate).half_step  # one unit of the last printed digit: rounded or cut off (截尾)
        if abs(gap) <= amt(rate).half_step + Decimal("1e-9"):
            continue
        rounding = lo - step <= stated <= hi + step
        how = f"上年数 {amt(used[1])}" if "上年数" in got else f"增减额 {amt(used[1])}（上年数 = 本年数 − 增减额）"
        out.append(finding(fs, "growth_rate", subject, [rate, *used], gap, rounding, (
            f"{subject}：文中增减率为 {amt(rate)}，按本年数 {amt(now)} 与{how}推算为 "
            f"{computed:.2f}%，相差 {abs(gap):.2f} 个百分点。"), computed))
    return out


def _rate_bounds(now: Fact, other: Fact, other_is_base: bool) -> tuple[Decimal, Decimal]:
    """The range a growth rate can take when both amounts are only known to their printed digits."""
    a, h_a = now.value, amt(now).half_step
    b, h_b = signed(other), amt(other).half_step
    vals = []
    for da in (-h_a, h_a):
        for db in (-h_b, h_b):
            base = (b + db) if other_is_base else (a + da) - (b + db)
            change = (a + da) - (b + db) if other_is_base else (b + db)
            if base > 0:
                vals.append(change / base * 100)
    return (min(vals), max(vals)) if vals else (Decimal(0), Decimal(0))


def check_shares(fs: list[Fact]) -> list[Discrepancy]:
    """A stated share against its amounts, in one 说明 sentence: "支出2940.05万元，主要用于：一般公共
    服务支出2106.66万元，占71.73%" — the whole is the sentence's first, larger amount."""
    out = []
    by_quote: dict[tuple, list[Fact]] = defaultdict(list)
    for f in fs:
        if f.value is not None and f.source == "prose" and f.quote:
            by_quote[(f.page, f.quote)].append(f)
    for (_, quote), facts in by_quote.items():
        plain = quote.replace(",", "")
        money = [f for f in facts if f.measure in ("预算数", "决算数") and amt(f).is_money]
        placed = sorted(((plain.find(printed_number(f)), f) for f in money if printed_number(f) in plain),
                        key=lambda pf: pf[0])
        if not placed:
            continue
        whole = placed[0][1]
        for rate in (f for f in facts if f.measure == "占比" and f.subject != whole.subject):
            part = next((f for _, f in placed if f.subject == rate.subject), None)
            if part is None or part is whole or not whole.value or part.value >= whole.value:
                continue
            computed = part.value / whole.value * 100
            a, b, h_a, h_b = part.value, whole.value, amt(part).half_step, amt(whole).half_step
            lo, hi = (a - h_a) / (b + h_b) * 100, (a + h_a) / (b - h_b) * 100
            gap, half = rate.value - computed, amt(rate).half_step
            if abs(gap) <= half + Decimal("1e-9"):
                continue
            # shares are often nudged by a last digit so that they add up to 100%: 尾差 too
            rounding = lo - 4 * half <= rate.value <= hi + 4 * half
            out.append(finding(fs, "share", rate.subject, [rate, part, whole], gap, rounding, (
                f"{rate.subject}：文中占比为 {amt(rate)}，按其金额 {amt(part)} 与{whole.subject} {amt(whole)} "
                f"推算为 {computed:.2f}%，相差 {abs(gap):.2f} 个百分点。"), computed))
    return out
