"""Facts for an intent: the headline figure of a subject in a filing, its change on last year,
sums of parts — and conflicts when a filing states one figure two ways.

The catalogue knows the index's filings and subject names from the start; facts are read on demand
through indexed store queries (subject_index.SubjectIndex), so a question costs what it touches.
Arithmetic is exact (Decimal, in 元); nothing here formats text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.answer.overlap import longest_common
from assistant.amounts import printed_amount, prints_agree
from assistant.answer.readings import (
    COLUMN_TERMS, DOUBTED, GENERIC_SUBJECTS, NOT_HEADLINE, Change, Reading, base_label_of, change_rate, cluster,
    code_family, column_fit, column_score, disagree, is_total, money_unit, names_subject, same_figure,
    signed, subject_keys,
)
from assistant.answer.subject_index import SubjectIndex
from assistant.index.facts_db import FactStore
from assistant.ontology import FUND_SCOPE_OF_TERM, FUND_SCOPES, PERIOD_MEASURE_RE, aliases, clean_label
from assistant.types import LOCATOR_SEP, Fact, Filing
from assistant.verify.audit import fund_scope


class Catalog:
    """The filings of an index and the subjects they print, and every figure lookup over them."""

    def __init__(self, store: FactStore):
        self.store = store
        self.filings: list[Filing] = store.filings()
        self.by_doc: dict[str, Filing] = {f.doc_id: f for f in self.filings}
        self.subjects = SubjectIndex(store)
        self.detail_of = self.subjects.detail_of  # a project's cost item → the project it belongs to
        self._subjects = sorted((s for s in self.subjects.keys if len(s) >= 2 and s not in GENERIC_SUBJECTS),
                                key=lambda s: (-len(s), s))
        self._named = set(self._subjects)
        self._lengths = sorted({len(s) for s in self._subjects}, reverse=True)
        self._grams: dict[str, set[str]] = {}
        for s in self._subjects:
            for i in range(len(s) - 3):
                self._grams.setdefault(s[i:i + 4], set()).add(s)
        self._by_department: dict[tuple[str, int, str], Filing] = {}
        for f in self.filings:  # filings come newest first: the first of a department, year and kind is kept
            self._by_department.setdefault((f.department, f.year, f.kind), f)

    def subject_names(self) -> list[str]:
        """Every key a stored subject is found under, in the order the store first prints each."""
        return list(self.subjects.keys)

    def _docs_of(self, subject: str) -> frozenset[str]:
        return self.subjects.docs_of(subject)

    # --- which subjects a question names --------------------------------------------------------
    def subjects_in(self, q: str, filings: list[Filing] | None = None,
                    taken: list[tuple[int, int]] | None = None) -> list[str]:
        """Stored subjects the question names, in question order. Each stretch of the question goes
        to the subject sharing the longest run of characters with it: written out whole (电费), or a
        longer stored name holding the question's words (职业年金缴费支出 → 机关事业单位职业年金缴费
        支出, ≥ 5 characters). Only subjects of `filings` count; a subject lying inside a `taken` span
        (an ontology term's mention) is that term's, not a subject of its own."""
        docs = None if filings is None else {f.doc_id for f in filings}

        def present(s: str) -> bool:
            return docs is None or not self._docs_of(s).isdisjoint(docs)

        cands: list[tuple[int, int, int, str, tuple[int, int]]] = []  # (overlap, whole, rest shared, subject, span)
        said = {q[i:i + n] for n in self._lengths for i in range(len(q) - n + 1)} & self._named
        for s in said:  # stored names the question writes out whole (a set lookup, not a scan of every name)
            i = q.find(s)
            if present(s):
                cands.append((len(s), 1, 0, s, (i, i + len(s))))
        whole = {c[3] for c in cands}
        grams: set[str] = set()
        for i in range(len(q) - 3):
            grams |= self._grams.get(q[i:i + 4], set())
        for s in grams - whole:
            common = longest_common(q, s)
            if len(common) >= 5 and present(s):
                i = q.find(common)
                cands.append((len(common), 0, _shared_pairs(q[:i] + "|" + q[i + len(common):], s), s,
                              (i, i + len(common))))
        # a longer name holding the question's words: the one also holding more of the question's
        # other words (小微企业 … 采购金额 → the 小微企业 one of three …采购金额 items)
        cands.sort(key=lambda c: (-c[0], -c[1], -c[2], len(c[3]), c[3]))
        blocked = list(taken or [])
        hits: list[tuple[int, str]] = []
        spans: dict[tuple[int, int], list[int]] = {}
        rest_of: dict[tuple[int, int], int] = {}
        for n, is_whole, rest, s, (i, j) in cands:
            if any(a <= i and j <= b and (b - a) >= n for a, b in blocked):
                continue  # said by a term already (项目支出预算 is 项目支出, not 特定目标类项目支出预算)
            if (i, j) in spans and not is_whole:
                # several longer names hold the same words: ambiguous unless the shared run is long
                # or the first one also holds more of the question's other words
                if spans[(i, j)] != [0] or rest < rest_of[(i, j)]:
                    continue
                if n >= 6:
                    hits.append((i, s))
                else:
                    hits = [h for h in hits if h[0] != i]  # equally likely: none of them is named
                continue
            rest_of[(i, j)] = rest
            if any(a < j and i < b for a, b in spans):
                continue
            spans[(i, j)] = [is_whole]
            hits.append((i, s))
        return [s for _, s in sorted(hits)]

    def named_by_words(self, words: list[str], filings: list[Filing]) -> str | None:
        """The one stored subject of these filings whose name holds all the words, in order (网上|投诉|平台
        → 城运中心网上群众投诉平台项目): an item named short, as people name it. None unless exactly one."""
        if len(words) < 2 or not words[0]:
            return None
        docs = {f.doc_id for f in filings}
        found = []
        for s in self._subjects:
            if words[0] not in s or self._docs_of(s).isdisjoint(docs):
                continue
            pos = 0
            for w in words:
                pos = s.find(w, pos)
                if pos < 0:
                    break
                pos += len(w)
            else:
                found.append(s)
        # a name and its longer forms (项目 › 明细) are one item: the shortest holds the words
        found = [s for s in found if not any(o != s and o in s for o in found)]
        if len(found) > 1:  # the name saying least beside the words (…平台项目, not …平台坐席服务外包)
            found.sort(key=len)
            if len(found[0]) < len(found[1]):
                found = found[:1]
        return found[0] if len(found) == 1 else None

    def printed_words(self) -> list[str]:
        """Measures and column headers the filings print beside amounts (a quarter's 用款计划, 年初预算数)."""
        words = set(self.store.distinct("measure"))
        words.update(part for column in self.store.distinct("column") for part in column.split(LOCATOR_SEP))
        return sorted(w for w in words if w)

    def named_like(self, stem: str, word: str, filings: list[Filing]) -> str | None:
        """The shortest stored subject of these filings naming both (政府采购 + 工程 → 政府采购工程预算)."""
        docs = {f.doc_id for f in filings}
        found = [s for s in self._subjects if stem in s and word in s and s != stem
                 and not self._docs_of(s).isdisjoint(docs)]
        return min(found, key=lambda s: (len(s), s)) if found else None

    def of_doc(self, filing: Filing) -> list[Fact]:
        """Every fact of a filing, in reading order."""
        return self.subjects.of_doc(filing.doc_id)

    def on_page(self, filing: Filing, page: int) -> list[Fact]:
        """The facts a filing prints on one page, in reading order."""
        return self.subjects.on_page(filing.doc_id, page)

    def facts(self, subject: str, filing: Filing) -> list[Fact]:
        """The facts of a filing filed under a subject (its term, its label, or a project item's name)."""
        return self.subjects.facts(subject, filing.doc_id)

    def facts_over(self, subject: str, filings: list[Filing]) -> list[Fact]:
        """The facts filed under a subject in these filings, in reading order."""
        return self.subjects.over(subject, [f.doc_id for f in filings])

    def prefetch(self, subjects: list[str], filings: list[Filing]) -> None:
        """Read these subjects in these filings at once (a question over many filings)."""
        self.subjects.prefetch(subjects, [f.doc_id for f in filings])

    # --- figures -------------------------------------------------------------------------------
    def reading(self, subject: str, filing: Filing, scope: str | None = None) -> Reading | None:
        """The headline figure of `subject` in `filing`: the filing's own measure (预算数 in a 预算,
        决算数 in a 决算), 合计 columns before parts, table before prose; other values the filing
        states for that same figure are kept beside it as conflicts. With a fund `scope` asked
        (财政拨款…总计), the figures counted in that scope, when the filing prints any."""
        facts = [f for f in self.facts(subject, filing)
                 if f.value is not None and f.measure not in NOT_HEADLINE and money_unit(f.unit)
                 and f.ref_year in (None, filing.year) and DOUBTED not in f.flags]
        periods = [f for f in facts if PERIOD_MEASURE_RE.search(f.measure)]
        if periods:  # a quarter's plan is no year's figure; the four quarters together are
            facts = [f for f in facts if f not in periods]
            if not facts:
                return self._sum_of_periods(periods, subject, filing)
        scoped = [f for f in facts if fund_scope(f) == scope] if scope and subject not in FUND_SCOPE_OF_TERM else []
        if scoped:
            r = self._scoped_headline(scoped, subject, filing)
            r.scope = scope
            return r
        if not facts:  # 人员经费 printed as the 人员经费合计 row, or as a column of a 合计 row
            total_row = f"{subject}合计"
            return (self.reading(total_row, filing) if total_row in self.subjects and not subject.endswith("合计")
                    else None) or self.column_reading(subject, filing)
        exact = [f for f in facts if clean_label(f.subject) == subject]
        if exact and len(exact) < len(facts) and any(f.value != exact[0].value for f in facts):
            # 总计 stored as the term itself outranks rows that only reach it through an alias: a
            # 决算's 本年收入合计 (收入合计) is not its 收入支出总计, though Jiangsu prints the total so
            facts = exact
        if len({code_family(f) for f in facts}) > 1:
            facts = [f for f in facts if code_family(f) == "function"]
        codes = sorted({f.code for f in facts if f.code})
        # 其他城乡社区支出 as a 款 (21299) and as its own 项 (2129999): one figure, not two to add up
        codes = [c for c in codes if not any(c != p and c.startswith(p) for p in codes)]
        if len(codes) == 1:
            facts = [f for f in facts if f.code in (None, codes[0])]
        if len(codes) > 1:  # one name, several 科目 (行政运行 under 财政事务 and under 税收事务): their sum
            parts = [self._headline([f for f in facts if f.code == c], f"{subject}（{c}）", filing) for c in codes]
            total = sum((p.value for p in parts), Decimal(0))
            unit = parts[0].unit if len({p.unit for p in parts}) == 1 else "元"
            return Reading(filing, subject, total, unit, [p.facts[0] for p in parts], parts=parts)
        return self._headline(facts, subject, filing)

    def _sum_of_periods(self, periods: list[Fact], subject: str, filing: Filing) -> Reading | None:
        """The year's figure as the sum of its four quarters' plans, when the filing prints all four."""
        by_measure: dict[str, Fact] = {}
        for f in sorted(periods, key=lambda f: (f.source != "table", f.page or 0)):
            by_measure.setdefault(f.measure, f)
        quarters = [f for m, f in sorted(by_measure.items()) if "季度" in m]
        if len(quarters) != 4 or len({f.unit for f in quarters}) != 1:
            return None
        quarters.sort(key=lambda f: "一二三四1234".find(PERIOD_MEASURE_RE.search(f.measure).group(0).lstrip("第")[0]))
        parts = [Reading(filing, f.measure, f.value, f.unit, [f]) for f in quarters]
        total = sum((f.value for f in quarters), Decimal(0))
        return Reading(filing, subject, total, quarters[0].unit, [p.facts[0] for p in parts], parts=parts)

    def _scoped_headline(self, facts: list[Fact], subject: str, filing: Filing) -> Reading:
        if len({code_family(f) for f in facts}) > 1:
            facts = [f for f in facts if code_family(f) == "function"]
        return self._headline(facts, subject, filing)

    def _headline(self, facts: list[Fact], subject: str, filing: Filing) -> Reading:
        own = "决算数" if filing.kind == "决算" else "预算数"
        if any(f.measure == own for f in facts):
            facts = [f for f in facts if f.measure == own]
        totals = [f for f in facts if is_total(f, subject)]
        groups = cluster(totals or facts)
        groups.sort(key=lambda g: (all(fund_scope(f) != "全部" for f in g),  # unqualified: all funds
                                   -len({(f.source, f.table) for f in g}), -len(g), min(f.page or 0 for f in g)))
        main, others = groups[0], groups[1:]
        # Parts (基本支出 of a row) differ from the total by nature; only totals can conflict.
        conflicts = [g for g in others if disagree(main, g)] if totals else []
        main.sort(key=lambda f: (f.source != "table", f.page or 0))
        chosen = main[0]
        return Reading(filing, subject, chosen.value, chosen.unit, main, conflicts)

    def reading_within(self, subject: str, filing: Filing, whole: str) -> Reading | None:
        """`subject` as the table of a whole prints it (项目支出中的差旅费: the 项目支出 table's 差旅费
        row, not the department's whole 培训费); None when no table of that whole holds it."""
        names = [a for a in aliases(whole) if len(a) >= 3]
        facts = [f for f in self.facts(subject, filing) if f.value is not None and money_unit(f.unit)
                 and f.measure not in NOT_HEADLINE and DOUBTED not in f.flags and f.ref_year in (None, filing.year)
                 and any(n in _table_title(f) for n in names)]
        return self._headline(facts, subject, filing) if facts else None

    def reading_naming(self, subject: str, filing: Filing, words: list[str]) -> Reading | None:
        """The figure of `subject` whose own measure, column or row says every one of `words`
        (第二季度 → 第二季度用款计划 of the project, not its year's total)."""
        facts = [f for f in self.facts(subject, filing) if f.value is not None and money_unit(f.unit)
                 and DOUBTED not in f.flags and f.ref_year in (None, filing.year)
                 and all(w in f"{f.measure}{f.column}{f.row or ''}" for w in words)]
        if not facts or not words:
            return None
        facts.sort(key=lambda f: (f.source != "table", f.page or 0))
        same = [f for f in facts if same_figure(f, facts[0])]
        label = f"{subject}{facts[0].measure}" if all(w in facts[0].measure for w in words) else subject
        return Reading(filing, label, facts[0].value, facts[0].unit, same)

    def column_reading(self, subject: str, filing: Filing) -> Reading | None:
        """基本支出/项目支出/人员经费/公用经费 printed as columns of a table's 合计 row: the total
        row holds the largest value of its column, and the all-funds table (支出总表) the largest
        of all; smaller totals of narrower tables are other scopes, not conflicts."""
        if subject not in COLUMN_TERMS:
            return None
        own = "决算数" if filing.kind == "决算" else "预算数"
        cands = [f for f in self.of_doc(filing) if f.code is None and f.value is not None
                 and f.measure == own and money_unit(f.unit) and DOUBTED not in f.flags
                 and f.ref_year in (None, filing.year) and f.source == "table"
                 and clean_label((f.column or "").split(" › ")[-1]) == subject]
        if not cands:
            return None
        top = max(cands, key=lambda f: f.value)
        # the 合计 row's 项目支出 column *is* the 项目支出 figure: cited under that name
        main = sorted((f.model_copy(update={"subject": subject}) for f in cands if same_figure(f, top)),
                      key=lambda f: f.page or 0)
        return Reading(filing, subject, main[0].value, main[0].unit, main)

    def count_reading(self, subject: str, filing: Filing, words: list[str] = ()) -> Reading | None:
        """A count or measure the filing states (车辆 8辆, 设备 1台（套）, 14609.83平方米, 99.43分);
        of several, the one whose column says the question's words (专用设备 of 设备数)."""
        facts = [f for f in self.facts(subject, filing) if f.value is not None and DOUBTED not in f.flags
                 and (f.measure == "数量" or (f.unit and not money_unit(f.unit) and f.unit != "%"
                                               and f.measure not in NOT_HEADLINE))
                 and f.ref_year in (None, filing.year)]
        if not facts:
            return None
        facts.sort(key=lambda f: (*column_fit(f.column or "", words), f.source != "prose", f.page or 0))
        return Reading(filing, subject, facts[0].value, facts[0].unit, facts[:1])

    def ref_reading(self, subject: str, filing: Filing, year: int | None = None) -> Reading | None:
        """A figure `filing` prints for another year (表12's 前两年预算, 2024年新增国有资产 in a 2025
        预算): of `year`, else of the latest earlier year it prints one for."""
        facts = [f for f in self.facts(subject, filing) if f.value is not None and DOUBTED not in f.flags
                 and f.ref_year is not None and f.ref_year != filing.year and f.measure not in NOT_HEADLINE
                 and (f.ref_year == year if year is not None else f.ref_year < filing.year)]
        if not facts:
            return None
        latest = max(f.ref_year for f in facts)
        r = self._headline([f for f in facts if f.ref_year == latest], subject, filing)
        r.year = latest
        return r

    def sum_of(self, subject: str, parts: tuple[str, ...] | list[str], filing: Filing) -> Reading | None:
        """A total from its parts when every part is stated (三公 = 出国 + 公车 + 接待)."""
        readings = [self.reading(p, filing) for p in parts]
        if not readings or any(r is None for r in readings):
            return None
        total = sum((r.value for r in readings), Decimal(0))
        unit = "万元" if all(r.unit == "万元" for r in readings) else readings[0].unit
        return Reading(filing, subject, total, unit, [f for r in readings for f in r.facts[:1]], parts=readings)

    def change(self, reading: Reading, base_year: int | None = None) -> Change | None:
        """The change on `base_year` (default the year before): as the filing states it, from its
        上年数, or across two filings of the department."""
        filing = reading.filing
        base_year = base_year or filing.year - 1
        own = self.facts(reading.subject, filing) + self._only_child_said(reading)
        if reading.scope:  # a figure of one fund scope changes by that scope's change, not all funds'
            own = [f for f in own if fund_scope(f) == reading.scope]

        def fits(f: Fact) -> bool:
            # A change or 上年数 with no year of its own compares with the year before.
            if f.value is None:
                return False
            return f.ref_year == base_year if f.ref_year is not None else base_year == filing.year - 1

        deltas = [f for f in own if f.measure == "增减额" and fits(f) and money_unit(f.unit)]
        rates = [f for f in own if f.measure == "增减率" and fits(f)]
        prevs = [f for f in own if f.value is not None and money_unit(f.unit) and fits(f)
                 and (f.measure == "上年数" or (f.ref_year == base_year and f.measure not in NOT_HEADLINE))]
        prevs.sort(key=lambda f: (f.source != "table", -column_score(f, reading.subject, filing.kind)))
        if deltas:
            used = sorted(deltas, key=lambda f: f.source != "prose")[0]
            delta = signed(used)
            base = reading.value - delta
            rate = signed(rates[0]) if rates else change_rate(delta, base)
            return Change(base_year, base, delta, rate, [used, *rates[:1]], base_label=base_label_of(used),
                          disputed=_other_prints(used, deltas))
        told = [f for f in self.stated_for(reading, ("增减额",)) if fits(f) and money_unit(f.unit)
                and (not reading.scope or fund_scope(f) == reading.scope)]
        # the same figure printed under a fund scope's name (财政拨款收入9,101.68万元，比2024年预算减少…)
        also = [f for f in self._stated_of_scope(reading) if fits(f)]

        def against(delta: Decimal, unit: str) -> list[Fact]:
            """The 说明's own statements of this change that a computed one contradicts."""
            computed = printed_amount(delta, unit, "")
            return [f for f in told + also if not prints_agree(computed, printed_amount(signed(f), f.unit, f.quote))]

        if prevs:
            base = prevs[0].value
            delta = reading.value - base
            rate = signed(rates[0]) if rates else change_rate(delta, base)
            return Change(base_year, base, delta, rate, [prevs[0], *rates[:1]], base_label=base_label_of(prevs[0]),
                          disputed=against(delta, prevs[0].unit))
        if told:  # the 说明 states it of the same figure under a longer name (…财政拨款支出减少63.14万元)
            used = told[0]
            delta = signed(used)
            base = reading.value - delta
            rates = [f for f in self.of_doc(filing) if f.measure == "增减率" and f.quote == used.quote
                     and f.subject == used.subject and f.value is not None]
            rate = signed(rates[0]) if rates else change_rate(delta, base)
            return Change(base_year, base, delta, rate, [used, *rates[:1]], base_label=base_label_of(used),
                          quote=used.quote or "", disputed=_other_prints(used, told))
        earlier = self.other_year(filing, base_year)
        if earlier is not None:
            prev = self.reading(reading.subject, earlier, reading.scope)
            if prev is not None and not prev.conflicts and prev.scope == reading.scope:
                delta = reading.value - prev.value
                return Change(base_year, prev.value, delta, change_rate(delta, prev.value), prev.facts[:1],
                              across_filings=True, disputed=against(delta, prev.unit))
        if also:
            used = also[0]
            delta = signed(used)
            rates = [f for f in self.of_doc(filing) if f.measure == "增减率" and f.quote == used.quote
                     and f.subject in FUND_SCOPES and f.value is not None]
            rate = signed(rates[0]) if rates else change_rate(delta, reading.value - delta)
            return Change(base_year, reading.value - delta, delta, rate, [used], base_label=base_label_of(used),
                          disputed=_other_prints(used, also))
        return None

    def _only_child_said(self, reading: Reading) -> list[Fact]:
        """A 款 the 说明 speaks of only through its one 项 ("统战事务（款）一般行政管理事务（项）9万元，
        比上年预算执行数增加33.33%"): that 项's statements, in sentences printing the 款's own figure."""
        name = clean_label(reading.subject)
        kids = [f for f in self.of_doc(reading.filing) if f.source == "prose" and f.row and LOCATOR_SEP in f.row
                and name in [clean_label(p) for p in f.row.split(LOCATOR_SEP)[:-1]]]
        if not reading.value or len({f.subject for f in kids}) != 1:
            return []
        same = {f.quote for f in kids if f.value == reading.value and f.measure not in ("增减额", "增减率")}
        # said of the 款 too: filed under its name, so the verifier checks them as the 款's
        return [f.model_copy(update={"subject": reading.subject}) for f in kids if f.quote in same]

    def _stated_of_scope(self, reading: Reading) -> list[Fact]:
        """The figure printed again under a fund scope's name alone ("一般公共预算收入预算21,940.96万元，
        与上年相比增加3,959.28万元" where 财政拨款 is all 一般公共预算): that name's changes, in sentences
        printing the same figure, are this figure's changes."""
        if not reading.value:
            return []
        pool = [f for f in self.of_doc(reading.filing) if f.source == "prose" and f.subject in FUND_SCOPES]
        mine = printed_amount(reading.value, reading.unit, reading.facts[0].quote if reading.facts else "")
        same = {(f.subject, f.quote) for f in pool if f.measure not in ("增减额", "增减率") and f.value is not None
                and prints_agree(mine, printed_amount(f.value, f.unit, f.quote))}  # 91,016,775.35元 = 9,101.68万元
        said = sorted((f for f in pool if f.measure == "增减额" and (f.subject, f.quote) in same and f.value is not None
                       and money_unit(f.unit)), key=lambda f: f.page or 0)
        # 收入 and 支出 both print the figure but change apart (商务委: +24,558.18 / +24,491.71): which is
        # this figure's change is not known, so neither is said
        firsts = {f.subject: f for f in reversed(said)}
        if len(firsts) > 1 and any(not prints_agree(printed_amount(a.value, a.unit, a.quote),
                                                    printed_amount(b.value, b.unit, b.quote))
                                   for a in firsts.values() for b in firsts.values()):
            return []
        # said of this figure: filed under its name, so the verifier checks the change as this figure's
        return [f.model_copy(update={"subject": reading.subject}) for f in said]

    def stated_for(self, reading: Reading, measures: tuple[str, ...]) -> list[Fact]:
        """Facts of these measures the reading's filing states of its figure: filed under its subject,
        or in a sentence whose clause names it ("一般公共预算财政拨款支出年初预算为2993.92万元" of
        一般公共预算财政拨款支出合计), or printed in the same sentence as such a fact (完成年初预算的98.20%)."""
        keys = set(subject_keys(reading.subject))
        name = re.sub(r"(?:合计|总计)$", "", clean_label(reading.subject))
        pool = [f for f in self.of_doc(reading.filing) if f.value is not None and DOUBTED not in f.flags]
        own = [f for f in pool if set(subject_keys(f.subject)) & keys
               or (len(name) >= 4 and f.source == "prose" and names_subject(f, name))]
        said = {(f.subject, f.quote) for f in own if f.source == "prose"}
        found = [f for f in pool if f.measure in measures and (f in own or (f.subject, f.quote) in said)]
        return sorted(found, key=lambda f: (f.source != "prose", f.page or 0))

    def stated_share(self, part: Reading, whole: Reading) -> Fact | None:
        """The share of `part` the filing prints over `whole` (占71.73% in a sentence that names the
        whole: "一般公共预算财政拨款支出2940.05万元，主要用于…一般公共服务支出（类）2106.66万元，占71.73%")."""
        if part.filing.doc_id != whole.filing.doc_id:
            return None
        name = re.sub(r"(?:合计|总计)$", "", clean_label(whole.subject))
        wholes = {name, *(a for a in aliases(whole.subject) if len(a) >= 3)}
        for f in self.facts(part.subject, part.filing):
            if f.measure == "占比" and f.value is not None and f.unit == "%" and DOUBTED not in f.flags \
                    and any(w in clean_label(f.quote or "") for w in wholes):
                return f
        return None

    def executed(self, subject: str, filings: list[Filing], year: int) -> list[Fact]:
        """A year's outturn as a later filing states it (2023年当年预算执行数为1899.77万元)."""
        found = [f for f in self.facts_over(subject, filings) if f.ref_year == year
                 and f.value is not None and money_unit(f.unit) and DOUBTED not in f.flags
                 and ("执行" in f.measure or "执行" in (f.column or ""))]
        return sorted(found, key=lambda f: (-f.year, f.page or 0))

    def other_year(self, filing: Filing, year: int) -> Filing | None:
        return self._by_department.get((filing.department, year, filing.kind))

    def text_facts(self, measure: str, subjects: list[str], filings: list[Filing]) -> list[Fact]:
        """Reasons, names, phones, indicator targets, definitions — for the subjects when named."""
        docs = list(dict.fromkeys(f.doc_id for f in filings))
        keys = set(subjects)
        # named subjects: only the stored subjects filed under them are read
        stored = sorted({raw for k in keys for raw in self.subjects.raws(k)}) if keys else None
        found = [f for _, f in self.store.fact_rows(subjects=stored, doc_ids=docs, measure=measure)
                 if f.text or f.value is not None]
        if keys:
            return [f for f in found if keys & set(subject_keys(f.subject))]
        return found


def _other_prints(used: Fact, facts: list[Fact]) -> list[Fact]:
    """The same change of the same subject printed elsewhere with a value rounding cannot explain
    (增加3959.28万元 on p23, 3958.98万元 on p28): the filing disagrees with itself on it."""
    a = printed_amount(used.value, used.unit, used.quote)
    return [f for f in facts if f is not used and f.subject == used.subject and f.page != used.page
            and not prints_agree(a, printed_amount(f.value, f.unit, f.quote))]


def _shared_pairs(rest: str, name: str) -> int:
    """How many of the question's other two-character runs a stored name also holds."""
    return len({rest[k:k + 2] for k in range(len(rest) - 1)} & {name[k:k + 2] for k in range(len(name) - 1)})


def _table_title(f: Fact) -> str:
    """The title of the table a fact was read from ('' for prose): where the table says which whole
    its rows belong to (一般公共预算基本支出预算表)."""
    if f.source != "table":
        return ""
    return clean_label(f.table or next((p for p in (f.locator or "").split(LOCATOR_SEP) if p.endswith("表")
                                        or "表（" in p), ""))
