"""Follow-up questions: what the previous turn named fills what a follow-up leaves out.

After a question naming a department, a year and an item, people go on with a relative year, another
item, the other kind (决算), another department to compare, or a bare "why". A follow-up is read against the previous turn's *understood* question (its `text`, already
complete) and its intent: the department(s), year, kind and subjects it named. What the follow-up
names itself wins; what it leaves out is carried over; a question that names its own department and
its own subject starts afresh. The result is one complete question the engine reads as any other —
so a follow-up is answered, cited and verified exactly like the question it stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.aggregates import asked_across
from assistant.answer.intent import Intent, normalise
from assistant.answer.rankings import asks_ranking
from assistant.ontology import (
    BARE_BUDGET_COMPARED, BOTTOM_RE, COMPARE_RE, MEAN_WORDS, RANK_POSITION_RE, RELATIVE_YEARS, SUM_WORDS, TOP_N_RE, TOP_RE,
    TREND_RE,
)

# Words that only carry a follow-up along (那…呢 around what it names).
_CARRIERS = re.compile(r"^(?:那么|那|还有|再问一下|再问|另外|然后|再看看|再)|(?:呢|吧|啊|嘛)?[？?。！!\s]*$")
# How the measure of the previous turn is asked again when the follow-up names none.
_MEASURE_TAIL = {"金额": "是多少", "增减额": "与上年比的增减额", "增减率": "与上年比的增长率", "数量": "有多少",
                 "原因": "的原因是什么", "占比": "的占比"}


@dataclass(frozen=True)
class Turn:
    """A previous turn as the engine understood it."""

    text: str            # the complete question it stood for
    intent: Intent


def resolve(question: str, new: Intent, previous: Turn | None) -> str | None:
    """The complete question a follow-up stands for, or None when it stands on its own."""
    if previous is None:
        return None
    old = previous.intent
    if new.department_named and new.subjects:
        return None  # a new question of its own
    rest = _CARRIERS.sub("", question.strip())
    if new.relative is not None:  # 去年 in a follow-up: relative to the year just discussed
        rest = re.sub("|".join(sorted(RELATIVE_YEARS, key=len, reverse=True)), "", rest)
    new_kind = None if BARE_BUDGET_COMPARED.search(rest) else new.kind  # 比预算少: a comparison, not a kind
    if new_kind and new_kind != old.kind:
        rest = rest.replace(new_kind, "")
    # departments joined by 、, which no organisation's name spans (…办公室和万里街道 would read as one)
    departments = "、".join(_departments(old))
    across = _across(old)
    if new.department_named:  # 和X比 compares with the new one; X alone asks it instead
        compared = re.sub(r"(?:相比|对比|比较|比)$", "", rest)
        if compared != rest or rest.startswith(("和", "与", "跟", "同")):
            who = departments + "、" + re.sub(r"^(?:和|与|跟|同)", "", compared)
            across = "compare" if old.measure == "金额" else None
        else:
            who = rest
            if across not in ("trend", "years"):  # one department asked instead of those compared
                across = None
        rest = ""
    else:
        who = departments
    year = _year(new, old)
    # a year said only as the base of a comparison (比Y年…) leaves the year discussed in place
    own_years = [m for m in re.finditer(r"(?<![比较与同跟])(?:19|20)\d{2}\s*年", rest)]
    if across in ("trend", "years") and (own_years or new.relative is not None or new.years):
        across = None  # a year of its own asked after a trend: that year's figure
    when = f"{year}年" if year and not own_years else ""
    if across in ("trend", "years"):  # the years the trend, total or average was over
        when = f"{min(old.years)}到{max(old.years)}年" if len(old.years) > 1 else ""
    kind = "" if new_kind and new_kind in rest else (new_kind or old.kind or "")
    tail = "" if _asks_measure(new, rest) else _MEASURE_TAIL.get(old.measure, "是多少")
    if "完成率" in old.extras and not _asks_measure(new, rest):
        tail += "，以及完成率"
    if across and not _asks_across(rest):  # a comparison, trend, total or ranking goes on as one
        tail = _ACROSS_TAIL.get(across) or _across_tail(old, across)
    if new.subjects:  # another item: the new subject, in the department and year just discussed
        return f"{who}{when}{rest}{kind}{tail}"
    return f"{who}{when}{'和'.join(old.subjects)}{kind}{rest}{tail}"


# How a comparison or a trend is asked again with the follow-up's item or year.
_ACROSS_TAIL = {"compare": "对比", "trend": "的走势"}


def _across(old: Intent) -> str | None:
    """What the previous turn asked over several filings: "compare", "trend", "years" (a total or
    average over years), "departments" (a total or average over departments), "ranking", or None."""
    what = asked_across(old)
    if what in ("compare", "trend"):
        return what
    if what in ("sum", "mean"):
        return "years" if len(old.years) > 1 or old.department_named and len(old.departments) < 2 else "departments"
    if not old.department_named and asks_ranking(normalise(old.question)):
        return "ranking"
    return None


def _across_tail(old: Intent, across: str) -> str:
    """The previous turn's own words for a total, an average or a ranking (平均, 合计, 最少的是哪个部门)."""
    q = normalise(old.question)
    together = "各部门" if across == "departments" and not old.departments else ""
    if across in ("years", "departments"):
        return together + ("平均是多少" if any(w in q for w in MEAN_WORDS) else "合计是多少")
    places = [m.group(0) for r in (TOP_N_RE, RANK_POSITION_RE) for m in r.finditer(q)]
    low = BOTTOM_RE.search(q) and not TOP_RE.search(q)
    return f"{'最少' if low else '最多'}的是哪个部门" + (f"，排名{'、'.join(places)}" if places else "")


def _asks_across(body: str) -> bool:
    return bool(COMPARE_RE.search(body) or TREND_RE.search(body) or asks_ranking(body)
                or any(w in body for w in (*MEAN_WORDS, *SUM_WORDS)))


def _departments(old: Intent) -> list[str]:
    if not old.department_named:
        return []
    return old.departments or sorted({f.department for f in old.filings})


def _year(new: Intent, old: Intent) -> int | None:
    if old.years:
        base = max(old.years)
    elif new.relative is not None and old.filings:
        base = max(f.year for f in old.filings)
    else:
        return None
    return base + new.relative if new.relative is not None else base


def _asks_measure(new: Intent, body: str) -> bool:
    return new.measure != "金额" or any(w in body for w in ("多少", "几", "是什么", "为什么", "怎么", "哪些"))
