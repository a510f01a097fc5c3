"""The open question reader: a question as people type it → one typed, immutable reading.

People write "帮我看看，你们单位19年公車花了多少" — traditional characters, a pronoun for the department,
a two-digit year, a colloquial item, filler. The reader recognises what the question names and
ignores what it does not recognise:

- characters: traditional → simplified (OpenCC), full-width letters and digits → ASCII, English
  words people mix in (budget, IT) → the budget words they mean (ontology.ENGLISH_WORDS);
- the department: pronouns (你们单位, 咱们, 该部门 …) mean the caller's department filter, or the only
  department indexed; short names whose characters appear in order in one indexed department's
  name (省高院 → 江苏省高级人民法院, 区府办 → …人民政府办公室) are that department;
- years: 19年 → 2019年; 近三年/这几年/历年 → the years held for that department;
- typos: one wrong character in a budget term or a stored item name (三公经废 → 三公经费) — a
  homophone for short names, any one character for names of five characters or more;
- unknown words are not refused: `item_like` tells the intent parser which leftover words name a
  budget item (they end like one, or some filing prints them in an item's name).

The reading's `text` is what the intent parser reads; everything downstream takes the intent,
never the raw question again.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.departments import GENERIC_DEPT_PARTS, dept_places
from assistant.ontology import (
    ASKING_WORDS, CORE_WORDS, DEPARTMENT_TALK_RE, ENGLISH_WORDS, ITEM_SUFFIXES, LOOKALIKE_CHARS, PRONOUNS, RELATIVE_YEARS, SHORT_MORPHEMES,
    SPOKEN_RELATIVE_YEARS, TERMS, YEAR_SPAN_RE, clean_label,
)
from assistant.retrieval.filters import Filters
from assistant.settings import Settings
from assistant.types import Filing

log = logging.getLogger(__name__)

# Characters an organisation's name ends with: a short name people use ends the same way (省高院, 区府办).
ORG_END_CHARS = "局院委办部心道所厅室会处队站馆镇"
# 19年, and each year of a list or range written before one 年 (23至25年, 23、24两年)
TWO_DIGIT_YEAR_RE = re.compile(r"(?<![\d.])(\d{2})(?=\s*(?:[到至\-—~～、和与及]\s*\d{2}\s*)*(?:[两二三四五六七八九十]个?)?年)")
CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class QuestionReading:
    """What the reader made of a question. Immutable: later stages take it as it is."""

    question: str                                   # as asked
    text: str                                       # normalised: what the intent parser reads
    filters: Filters                                # the caller's filters, the department filled from a pronoun
    department: str | None = None                   # department the question names by a short name or pronoun
    years: tuple[int, ...] = ()                     # years a span (近三年) stands for, newest first
    ambiguous: tuple[str, ...] = ()                 # a short name two departments fit equally (财政局): both
    notes: tuple[str, ...] = field(default=())      # what was recognised or corrected, for logs and tests


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified; full-width letters, digits, spaces and ％ → ASCII (Chinese punctuation stays)."""
    out = []
    for ch in text:
        if ch.isalnum() and "\uff01" <= ch <= "\uff5e" or ch in "\u3000％．":  # punctuation stays: rules read ，（）
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return _converter().convert("".join(out))


def _english(text: str, printed: dict[str, str] | None = None) -> str:
    """English words → the budget words they mean, unless a filing prints the word itself in an
    item's name (OA维护 is stored as printed: 办公自动化维护 would match nothing)."""
    def swap(m: re.Match) -> str:
        word = m.group(0).lower()
        if printed and word in printed:
            return printed[word]  # as the filing spells it (oa → OA)
        return ENGLISH_WORDS.get(word, m.group(0))
    return re.sub(r"(?<![A-Za-z])[A-Za-z]+(?![A-Za-z])", swap, text)


def _subsequence_gaps(short: str, name: str) -> int | None:
    """Characters skipped when `short` is read in order inside `name` (tightest reading); None if it is not."""
    best: int | None = None
    for start in (i for i, ch in enumerate(name) if ch == short[0]):
        pos, gaps, ok = start, 0, True
        for ch in short[1:]:
            j = name.find(ch, pos + 1)
            if j < 0:
                ok = False
                break
            gaps += j - pos - 1
            pos = j
        if ok and (best is None or gaps < best):
            best = gaps
    return best


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def load_word_lists() -> None:
    """Load the word lists reading a question may need — OpenCC's, jieba's dictionary and its
    parts of speech (departments.py cuts talk off an organisation's name), pypinyin's — about 2 s,
    once per process, so that no visitor's question pays for them."""
    import jieba.posseg

    to_simplified("預算")
    jieba.posseg.lcut(_jieba().lcut("部门预算")[0])
    _pinyin("预")


def _pinyin(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0]


class QuestionReader:
    """Built once per engine from the filings and the stored item names; `read` is cheap per question."""

    def __init__(self, filings: list[Filing], subjects: list[str], printed_words: list[str] = (),
                 settings: Settings | None = None):
        """`subjects`: stored item names; `printed_words`: other words filings print beside an amount
        (measures and column headers: a quarter's 用款计划, 年初预算数); tuning constants from `settings`."""
        settings = settings or Settings()
        self.min_short_name = settings.reader_min_short_name
        self.any_typo_from = settings.reader_any_typo_from
        self.max_typo_name = settings.reader_max_typo_name
        self.filings = filings
        self.departments = sorted({clean_label(f.department) for f in filings})
        self._names = {clean_label(f.department): f.department for f in filings}
        # each department's name without its places (core) and without generic parts too (own), and
        # the departments holding each character: a short name's characters all lie in its department's
        self._core_own: dict[str, tuple[str, str]] = {}
        self._with_char: dict[str, set[str]] = defaultdict(set)
        for d in self.departments:
            core = d
            for p in dept_places(d):
                core = core.replace(p, "", 1)
            own = core
            for g in sorted(GENERIC_DEPT_PARTS, key=len, reverse=True):
                own = own.replace(g, "")
            self._core_own[d] = (core, own)
            for ch in d:
                self._with_char[ch].add(d)
        self._years: dict[str, list[int]] = defaultdict(list)
        # the year a filing is read in: a 预算 in its own year, a 决算 (published after the year) the next
        self._now: dict[str, int] = {}
        for f in filings:
            self._years[f.department].append(f.year)
            read_in = f.year + (1 if f.kind == "决算" else 0)
            self._now[f.department] = max(self._now.get(f.department, read_in), read_in)
        # stored item names and ontology spellings, for typo repair and for "is this word an item's?"
        vocab = {clean_label(s) for s in subjects if len(clean_label(s)) >= 3}
        for t in TERMS:
            vocab.update(clean_label(a) for a in (t.name, *t.printed, *t.colloquial) if len(clean_label(a)) >= 3)
        # two-character items (党建, 电费): repaired only where an item's ending follows (党健经费)
        self._short_items = {clean_label(s) for s in subjects if len(clean_label(s)) == 2}
        vocab.update(CORE_WORDS)
        self._vocab = vocab
        self._printed_latin = {w.lower(): w for s in subjects for w in re.findall(r"[A-Za-z]+", s)}
        self._typo_keys: dict[str, set[str]] = defaultdict(set)
        for name in vocab:
            for i in range(len(name)) if len(name) >= 3 or name in CORE_WORDS else ():
                self._typo_keys[name[:i] + "?" + name[i + 1:]].add(name)
        self._lengths = sorted({len(n) for n in vocab}, reverse=True)
        self._with_cache: dict[str, list[str]] = {}
        self._bigrams: dict[str, set[str]] = defaultdict(set)
        for name in {clean_label(s) for s in [*subjects, *printed_words] if len(clean_label(s)) >= 2}:
            for i in range(len(name) - 1):
                self._bigrams[name[i:i + 2]].add(name)

    # --- the question ---------------------------------------------------------------------------
    def read(self, question: str, filters: Filters | None = None) -> QuestionReading:
        filters = filters or Filters()
        notes: list[str] = []
        text = _english(to_simplified(question), self._printed_latin)
        if text != question:
            notes.append("normalised characters")
        text = TWO_DIGIT_YEAR_RE.sub(lambda m: _full_year(m.group(1)), text)
        department = None
        text, pronoun = _drop_pronouns(text)
        text, shorts = self._short_names(text, notes)
        named = shorts[0] if len(shorts) == 1 else None
        ambiguous = () if shorts or filters.department else self._tie_in(text)
        from_pronoun = None
        if pronoun and not filters.department and not named:
            only = {f.department for f in self.filings}
            if len(only) == 1:
                from_pronoun = department = only.pop()
                notes.append(f"pronoun → {department}")
        if named:
            department = named
        text = self._morphemes(text, notes)
        text = self._typos(text, notes)
        anchor_dept = department or filters.department or self._department_in(text)
        text = self._relative_years(text, anchor_dept, notes) if not filters.year else text
        years: tuple[int, ...] = ()
        m = YEAR_SPAN_RE.search(text)
        if m and not filters.year:
            years = self._span_years(m, anchor_dept)
            if years:
                text = text[:m.start()] + f"{min(years)}到{max(years)}年各年" + text[m.end():]
                notes.append(f"{m.group(0)} → {min(years)}–{max(years)}")
        if from_pronoun and from_pronoun not in text:
            text = from_pronoun + text
        if notes:
            log.debug("read %r as %r (%s)", question, text, "; ".join(notes))
        return QuestionReading(question=question, text=text, filters=filters, department=department,
                               years=years, notes=tuple(notes), ambiguous=ambiguous)

    def item_like(self, word: str) -> bool:
        """Does a word the question says beyond what was recognised name a budget item? It ends like
        an item's name, or some filing prints it inside an item's name."""
        word = clean_label(word)
        if len(word) < 2:
            return False
        if word.endswith(ITEM_SUFFIXES) and len(word) > 2:
            return True
        return self._printed_in_names(word)

    # --- parts ----------------------------------------------------------------------------------
    def _short_names(self, text: str, notes: list[str]) -> tuple[str, list[str]]:
        """Departments named by a short form: a run ending like an organisation's name whose characters
        appear, in order, in exactly one indexed department's name (the tightest reading wins). Each
        is read, right to left: 商务委与区府办 names two departments."""
        found: list[str] = []
        # stored names the question says (万里街道社区公共服务中心新建工程): a short name never ends inside one
        named = [(m.start(), m.start() + len(n)) for n in self._long_names_in(text) for m in re.finditer(re.escape(n), text)]
        j = len(text)
        while j > 0:
            if text[j - 1] not in ORG_END_CHARS or any(a < j < b for a, b in named):
                j -= 1
                continue
            for i in range(max(0, j - 12), j - self.min_short_name + 1):
                run = text[i:j]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", run):
                    continue
                dept = self._department_for(run)
                if dept:
                    full = self._names[dept]
                    if full not in found:
                        found.append(full)
                    if run not in dept:  # said as the name says it (万里街道): the intent parser reads it so
                        notes.append(f"{run} → {full}")
                        text = text[:i] + full + text[j:]
                    j = i + 1  # what is left of the run may end another name
                    break
            j -= 1
        return text, found

    def _tie_in(self, text: str) -> tuple[str, ...]:
        """(the short name, the departments it fits equally) when a run names several departments alike."""
        for j in range(len(text), 0, -1):
            if text[j - 1] not in ORG_END_CHARS:
                continue
            for i in range(max(0, j - 12), j - self.min_short_name + 1):
                run = text[i:j]
                if re.fullmatch(r"[\u4e00-\u9fff]+", run) and len(tied := self._tied(run)) > 1:
                    return (run, *tied)
        return ()

    def _tied(self, run: str) -> list[str]:
        best: list[tuple[int, str]] = []
        for d in self.departments:
            if run in d:  # said as the name says it (then it is read in it, with no gaps)
                best.append((_subsequence_gaps(run, d), d))
        if len(best) < 2:
            return []
        low = min(g for g, _ in best)
        return sorted(self._names[d] for g, d in best if g == low)

    def _long_names_in(self, text: str) -> list[str]:
        return [text[i:i + n] for i in range(len(text)) for n in self._lengths
                if n >= 6 and text[i:i + n] in self._vocab]

    def _department_for(self, run: str) -> str | None:
        scored = []
        held = set.intersection(*(self._with_char.get(ch, set()) for ch in set(run)))
        for d in self.departments:
            if d not in held:  # a character of the run is not in the name: it cannot be read in it
                continue
            core, own = self._core_own[d]
            gaps = _subsequence_gaps(run, d)
            # the run must say more than a place and a generic ending (普陀区…局 is every bureau), and
            # touch what sets this department apart (区府办 skips 万里街道 of 万里街道办事处: not it)
            if gaps is None or sum(ch in core for ch in run) < 2 or not any(ch in core for ch in run[:-1]):
                continue
            if own and not any(ch in own for ch in run):
                continue
            scored.append((gaps, d))
        if not scored:
            return None
        scored.sort()
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None  # 财政局 is 上海市财政局 and 普陀区财政局 alike: not this reader's to choose
        return scored[0][1]

    def _morphemes(self, text: str, notes: list[str]) -> str:
        """公车运行费 → 公务用车运行费: a short form inside a longer name, expanded only where the
        expansion makes a name some filing prints (公车 alone stays the ontology's 公车)."""
        for short, full in SHORT_MORPHEMES.items():
            start = 0
            while (i := text.find(short, start)) >= 0:
                new = text[:i] + full + text[i + len(short):]
                if any(len(name) > len(full) and _covers(new, name, i, i + len(full)) for name in self._names_with(full)):
                    notes.append(f"{short} → {full}")
                    text = new
                start = i + 1
        return text

    def _names_with(self, part: str) -> list[str]:
        if part not in self._with_cache:
            self._with_cache[part] = [n for n in self._vocab if part in n]
        return self._with_cache[part]

    def _relative_years(self, text: str, department: str | None, notes: list[str]) -> str:
        """今年/去年/前年/明年 → the year they mean for this department: 今年 is the year its newest filing
        is read in (a 2025 预算 in 2025; a 2024 决算, published after 2024, in 2025 — so 去年决算 is 2024's);
        "比去年" compares with the year before the one asked and stays (比前年 names a year: rewritten)."""
        if department is None and not DEPARTMENT_TALK_RE.search(text):
            return text
        # departments spoken of together (去年哪个部门…最多): the year counted from the newest filing held
        held = [y for d, y in self._now.items() if department is None or department in d]
        if not held:
            return text
        newest = max(held)
        for word in SPOKEN_RELATIVE_YEARS:
            offset = RELATIVE_YEARS.get(word, -3)
            guard = r"(?<![比较与同])" if word == "去年" else ""  # 比去年: the year before the one asked
            text, n = re.subn(rf"{guard}{word}度?", f"{newest + offset}年", text)
            if n:
                notes.append(f"{word} → {newest + offset}年")
        return text

    def _department_in(self, text: str) -> str | None:
        for d in sorted(self.departments, key=len, reverse=True):
            if d in text:
                return self._names[d]
        return None

    def _span_years(self, m: re.Match, department: str | None) -> tuple[int, ...]:
        held = sorted({y for d, ys in self._years.items() if department is None or department in d for y in ys},
                      reverse=True)
        n = next((g for g in m.groups() if g), None)
        if n and n != "几":
            count = int(n) if n.isdigit() else CN_NUMBERS.get(n[-1], 0) + (10 if len(n) == 2 and n[0] == "十" else 0)
            held = held[:count]
        return tuple(held)

    def _typos(self, text: str, notes: list[str]) -> str:
        """One wrong character in a term or stored item name of ≥ 3 characters, where the question does
        not already say a known name (nor a department's name) at that place."""
        protected = [(m.start(), m.end()) for d in self.departments for m in re.finditer(re.escape(d), text)]
        i = 0
        while i < len(text):
            exact = max((n for n in self._lengths if text[i:i + n] in self._vocab), default=0)
            if any(a <= i < b for a, b in protected):
                i += 1
                continue
            # 公务用车构置: a known name (公务用车) may start a longer one typed with one slip
            fixed = self._repair_at(text, i, longer_than=exact) or (None if exact else self._repair_short(text, i))
            if fixed is None:
                i += exact or 1
                continue
            n, name = fixed
            notes.append(f"{text[i:i + n]} → {name}")
            text = text[:i] + name + text[i + n:]
            i += len(name)
        return text

    def _repair_at(self, text: str, i: int, longer_than: int = 0) -> tuple[int, str] | None:
        for n in self._lengths:
            if n > self.max_typo_name or n <= longer_than:
                continue
            run = text[i:i + n]
            if len(run) < n or not re.fullmatch(r"[\u4e00-\u9fff]+", run):
                continue
            for k in range(n):
                # 内设机构|各: a known name with the next word is no slip, unless the odd one sounds or looks alike
                edge = k in (0, n - 1) and (run[1:] if k == 0 else run[:-1]) in self._vocab
                if _in_asking_word(text, i + k):  # 政府采购预算|总共: the odd one is a word of asking, no slip
                    continue
                cands = {c for c in self._typo_keys.get(run[:k] + "?" + run[k + 1:], ())
                         if (n >= self.any_typo_from and not edge) or _sound_or_look_alike(c[k], run[k])}
                if len(cands) == 1:
                    return n, cands.pop()
        return None

    def _repair_short(self, text: str, i: int) -> tuple[int, str] | None:
        run = text[i:i + 2]
        if len(run) < 2 or run in self._short_items or not text[i + 2:].startswith(ITEM_SUFFIXES):
            return None
        cands = {c for c in self._short_items for k in (0, 1)
                 if c[1 - k] == run[1 - k] and c[k] != run[k] and _sound_or_look_alike(c[k], run[k])}
        return (2, cands.pop()) if len(cands) == 1 else None

    def item_words(self, run: str) -> list[str]:
        """The part of a leftover run that names an item: words at either end that no filing prints in
        an item's name (查下, 看看) are talk, not the item (查下无人机保险 → 无人机保险)."""
        if self._printed_in_names(run):
            return [run]
        words = [w for w in _jieba().lcut(run) if w.strip()]
        inside = [self._printed_in_names(w) or w in ITEM_SUFFIXES or (len(w) > 2 and w.endswith(ITEM_SUFFIXES))
                  for w in words]
        while words and not inside[-1]:  # 无人机保险|急
            words, inside = words[:-1], inside[:-1]
        k = len(words)
        while k > 0 and inside[k - 1]:
            k -= 1
        if k == len(words) - 1 and words[-1] in ITEM_SUFFIXES and k > 0:
            k -= 1  # 加班|费: the word a suffix ends is the item's own, though no filing prints it
        kept = "".join(words[k:])
        # 网上投诉平台: every word printed in items' names, though no name holds them run together
        return [kept] if kept and (self.item_like(kept) or all(inside[k:])) else []

    def words(self, run: str) -> list[str]:
        """The words of a run, as jieba cuts them."""
        return [w for w in _jieba().lcut(run) if w.strip()]

    def _printed_in_names(self, word: str) -> bool:
        return len(word) >= 2 and any(word in name for name in self._bigrams.get(word[:2], ()))


_LOOKALIKE = {a: set(group) - {a} for group in LOOKALIKE_CHARS for a in group}


def _sound_or_look_alike(a: str, b: str) -> bool:
    return b in _LOOKALIKE.get(a, ()) or _pinyin(a) == _pinyin(b)


_ASKING = tuple(w for w in ASKING_WORDS if len(w) >= 2)


def _in_asking_word(text: str, pos: int) -> bool:
    """Is the character at `pos` inside a word of asking said there (总共, 多少, 加起来)?"""
    return any(text.find(w, max(0, pos - len(w) + 1), pos + len(w)) >= 0 for w in _ASKING)


def _covers(text: str, name: str, a: int, b: int) -> bool:
    """Does `name` occur in `text` over the span a..b?"""
    return any(m.start() <= a and b <= m.start() + len(name) for m in re.finditer(re.escape(name), text))


def _full_year(two: str) -> str:
    n = int(two)
    return f"20{two}" if n <= 69 else f"19{two}"


def _drop_pronouns(text: str) -> tuple[str, bool]:
    found = False
    for p in PRONOUNS:
        if p in text:
            text = text.replace(p, " ")
            found = True
    return text, found
