"""The names people use for a department, derived by general rules from its full name.

江苏省人民检察院 → 检察院, 省检察院, 江苏检察院, 江苏省检察院 …;
东西湖区城市运行管理中心 → 城运中心, 东西湖城运中心 …;
上海市普陀区人民政府万里街道办事处 → 万里街道, 万里街道办 ….

The rules: drop the place prefix (省/市/区/县 names in front), keep the last place with or
without its level character or only the level character, shorten the organ (人民检察院 →
检察院, X街道办事处 → X街道, a long name of two-character words → their initials). A short
name counts only when it points at one indexed department: its characters appear, in order,
in that department's name and in no other's (the rule people apply when they read 省高院).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "phrasing.toml"

# A place in front of an organ: two or three characters and a level (上海市, 普陀区, 东西湖区).
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|自治区|市|区|县)")
_STREET = re.compile(r"人民政府(?P<name>[\u4e00-\u9fff]{2,4}?)街道(?:办事处)?$")
# An organ of several two-character words and a type word (城市运行管理 + 中心).
_INITIALS = re.compile(r"^(?P<words>(?:[\u4e00-\u9fff]{2}|和|与)+)(?P<type>中心|委员会)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def words() -> dict:
    with WORDS_FILE.open("rb") as fh:
        return tomllib.load(fh)


def split_places(name: str) -> tuple[list[str], str]:
    """'上海市普陀区财政局' → (['上海市', '普陀区'], '财政局')."""
    places, pos = [], 0
    while (m := _PLACE.match(name, pos)) and m.end() < len(name):
        places.append(m.group())
        pos = m.end()
    return places, name[pos:]


def _initials(organ: str) -> str | None:
    m = _INITIALS.match(organ)
    if not m:
        return None
    parts = [w for w in re.findall(r"和|与|[\u4e00-\u9fff]{2}", m["words"]) if w not in ("和", "与")]
    parts = [w for w in parts if w not in words()["department_names"]["generic_words"]]
    if len(parts) < 2:
        return None
    head = "".join(w[0] for w in parts)
    return head + ("委" if m["type"] == "委员会" else m["type"])


def name_forms(department: str) -> list[str]:
    """Every form of the department's name the rules give, the full name first, no repeats."""
    places, organ = split_places(department)
    forms = [department]
    forms += ["".join(places[k:]) + organ for k in range(1, len(places) + 1)]  # place prefix dropped
    last = places[-1] if places else ""
    bare = re.sub(r"(省|自治区|市|区|县)$", "", last)
    level = last[len(bare):]
    if m := _STREET.search(organ):  # a 街道 under a district government is named by itself
        street = m["name"] + "街道"
        forms += [street, street + "办", street + "办事处"]
        if bare:
            forms += [bare + street, last + street]
        return list(dict.fromkeys(forms))
    organs = [organ]
    for long, short in words()["department_names"]["organ_short"].items():
        if organ.endswith(long):
            organs.append(organ[: -len(long)] + short)
            break
    if abbr := _initials(organ):
        organs.append(abbr)
    for o in organs:
        forms += [o, level + o, bare + o, last + o] if last else [o]
    return list(dict.fromkeys(f for f in forms if f))


def is_subsequence(short: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in short)


def unique_forms(department: str, departments: list[str]) -> list[str]:
    """Forms of 3+ characters, other than the full name, that point at this department only."""
    others = [d for d in departments if d != department]
    return [f for f in name_forms(department)[1:]
            if len(f) >= 3 and not any(is_subsequence(f, d) for d in others)]


def find_mention(question: str, department: str) -> tuple[int, int] | None:
    """Where the question names the department (the longest form found, first place), or None.

    A form counts only at a word start: the question's start, after a non-Chinese character
    (a digit, a space, punctuation) or after a word in `before_ok` (年, 的, 比 …)."""
    before_ok = set(words()["department_names"]["before_ok"])
    best: tuple[int, int] | None = None
    for form in sorted(name_forms(department), key=len, reverse=True):
        if len(form) < 3:
            continue
        for m in re.finditer(re.escape(form), question):
            prev = question[m.start() - 1] if m.start() else ""
            if prev and _CJK.match(prev) and prev not in before_ok:
                continue
            if best is None or len(form) > best[1] - best[0] or (
                    len(form) == best[1] - best[0] and m.start() < best[0]):
                best = (m.start(), m.end())
            break
    return best


def department_named(question: str, departments: list[str]) -> str | None:
    """The one indexed department the question names (longest mention wins; a tie is no answer)."""
    found = [(m[1] - m[0], d) for d in departments if (m := find_mention(question, d))]
    if not found:
        return None
    found.sort(reverse=True)
    if len(found) > 1 and found[0][0] == found[1][0]:
        return None
    return found[0][1]
