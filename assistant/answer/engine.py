"""The answer engine: question → intent → facts → cited Chinese answer → numeric verifier.

Structured facts first; retrieved passages, quoted, only when no fact matches; `not_found`
when nothing supports an answer. Facts are read as questions need them (see lookup.Catalog).
The engine dispatches; the question is read in intent.py (departments.py, subjects.py), figures
come from lookup.Catalog, worded answers from texts.py and verbatim quotes from passages.py.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from assistant.answer.compose import (
    Sources, amount_sentence, conflict_sentence, derived_previous_sentence, filing_name, list_line, money, percent,
)
from assistant.amounts import materially_off, printed_amount
from assistant.answer.aggregates import across_filings, derived_asked
from assistant.answer.conflicts import ConflictBook
from assistant.answer.derive import OVERALL_SUBJECTS, combine, overall_subject
from assistant.answer.followup import Turn, resolve
from assistant.answer.intent import Intent, parse_intent
from assistant.answer.lookup import Catalog
from assistant.answer.overview import overview, wants_overview
from assistant.answer.passages import naming_passage, retrieved_passages
from assistant.answer.printed_rows import PrintedRows
from assistant.answer.rankings import asks_ranking, rank
from assistant.answer.reader import QuestionReader, load_word_lists
from assistant.answer.readings import Change, Reading, change_rate, money_unit, says
from assistant.answer.subjects import term_parts
from assistant.answer.targets import each_year, targets
from assistant.answer.texts import MAX_TEXT_LINES, definition, stated_texts
from assistant.ontology import ASKED_MEASURES, BY_NAME, FUND_SCOPES, CHANGE_COMPARED_RE, CHANGE_SAID, PERIOD_MEASURE_RE, RATE_WORDS, aliases
from assistant.retrieval.filters import Filters
from assistant.types import Answer, Filing
from assistant.verify.relevance import Asked, withdraw_parts
from assistant.verify.verifier import verify_answer

log = logging.getLogger(__name__)
TEXT_MEASURES = ("原因", "负责人", "联系电话", "指标值", "数量")
CHANGE_MEASURES = ("增减额", "增减率")


class Engine:
    def __init__(self, index, settings=None, reader: QuestionReader | None = None, retriever=None):
        """Assembled from parts (as llama-index engines are): the question `reader`, the passage
        `retriever` (default: the index's hybrid Chroma + BM25 retriever), the facts of `index`."""
        self.index = index
        self.settings = settings or index.settings
        self.catalog = Catalog(index.facts)
        self.reader = reader or QuestionReader(self.catalog.filings, self.catalog.subject_names(),
                                               self.catalog.printed_words(), self.settings)
        self._retriever = retriever
        self.conflicts = ConflictBook(index.facts)  # contradictions each filing prints (audit, cached)
        self.writer = _load_writer(self.settings)

    @property
    def retriever(self):
        return self._retriever or self.index.retriever

    def warm_up(self) -> None:
        """Load what a first question would otherwise wait for — the passage retriever's vectors and
        BM25 postings, and the word lists the reader uses (about 2 s) — in a process that will answer
        many (the chat page, a benchmark); building the engine reads none of it. The retriever first:
        its loading needs memory for a while, better before the word lists hold theirs."""
        try:
            self.retriever.retrieve("三公经费", None, 1)
        except Exception:  # an empty or half-built index: nothing to search yet, answers say so
            log.debug("no passages to warm in %s", getattr(self.index, "dir", None), exc_info=True)
        load_word_lists()

    # --- public ---------------------------------------------------------------------------------
    def ask_safely(self, question: str, filters: Filters | None = None, previous: Turn | None = None) -> Answer:
        """`ask`, with any internal failure turned into status "error" (the CLI and UI call this)."""
        try:
            return self.ask(question, filters, previous)
        except Exception as e:  # one bad question must not stop a batch: logged in full, named to the user
            return _failed(question, e)

    def ask_turn(self, question: str, filters: Filters | None = None,
                 previous: Turn | None = None) -> tuple[Answer, Turn | None]:
        """The answer and the turn as understood (pass it back as `previous` for a follow-up); any
        internal failure becomes status "error", and the conversation keeps its last good turn."""
        try:
            return self._ask(question, filters, previous)
        except Exception as e:
            return _failed(question, e), previous

    def ask_conversation(self, questions: list[str], filters: Filters | None = None) -> list[Answer]:
        """Each question a follow-up of the ones before it (a bare relative year after a question about 2025)."""
        answers: list[Answer] = []
        previous: Turn | None = None
        for q in questions:
            answer, previous = self.ask_turn(q, filters, previous)
            answers.append(answer)
        return answers

    def understand(self, question: str, filters: Filters | None = None,
                   previous: Turn | None = None) -> tuple[Intent, Turn, str | None]:
        """The question read once (and completed from the previous turn when it is a follow-up)."""
        reading = self.reader.read(question, filters)
        intent = parse_intent(reading.text, self.catalog.filings, self.catalog.subjects_in, reading.filters,
                              item_words=self.reader.item_words)
        full = resolve(reading.text, intent, previous)
        if full:
            reading = self.reader.read(full, filters)
            intent = parse_intent(reading.text, self.catalog.filings, self.catalog.subjects_in, reading.filters,
                                  item_words=self.reader.item_words)
        intent.ambiguous = reading.ambiguous
        # the turn keeps the intent as read: _respond narrows the lists in place, the filings it leaves alone
        kept = dataclasses.replace(intent, terms=list(intent.terms), labels=list(intent.labels),
                                   rest=list(intent.rest), extras=list(intent.extras), filings=list(intent.filings))
        return intent, Turn(text=reading.text, intent=kept), full

    def ask(self, question: str, filters: Filters | None = None, previous: Turn | None = None) -> Answer:
        """Answer one question; `previous` (a turn from `ask_turn`) makes it a follow-up."""
        return self._ask(question, filters, previous)[0]

    def _ask(self, question: str, filters: Filters | None, previous: Turn | None) -> tuple[Answer, Turn | None]:
        if not question.strip():
            return Answer(question=question, status="not_found", answer="请提出一个关于部门预算或决算的问题。"), previous
        intent, turn, full = self.understand(question, filters, previous)
        sources = Sources()
        status, text = self._respond(intent, sources, filters)
        if intent.ambiguous and status in ("answered", "conflict"):  # two readings alike: say so, list both
            short, *depts = intent.ambiguous
            text = (f"问题中的“{short}”可指{'、'.join(depts)}，以下分别列出；如只问其中一个，请写明全称。\n" + text)
        status, text = self.conflicts.annotate(status, text, sources)  # a stated figure the filing contradicts
        # a table fact's citation carries its printed row, so the page can show it under its headers
        citations = self.printed_rows.attach(sources.citations, sources.cited)
        answer = Answer(question=question, status=status, answer=text, citations=citations, understood=full,
                        table=sources.table)
        written = self.writer is not None and status in ("answered", "conflict") and bool(sources.citations)
        if written:
            answer = self._rewrite(answer)
        # Repair swaps a model's slip for the fact its words point to; the engine's own figures are
        # exact (sums across years, gaps between filings) and must never be swapped for a stored one.
        answer = verify_answer(answer, self.index.facts, sources.cited, repair=written, asked=_asked(intent))
        return _across_unanswered(answer, intent, sources), turn

    @cached_property
    def printed_rows(self) -> PrintedRows:
        return PrintedRows(self.catalog)

    # --- dispatch -------------------------------------------------------------------------------
    def _respond(self, intent: Intent, sources: Sources, filters: Filters | None) -> tuple[str, str]:
        if intent.refusal:
            return "not_found", intent.refusal
        if intent.unknown_department:
            return "not_found", f"已入库的文件中没有“{intent.unknown_department}”的预算或决算，无法回答。"
        if not intent.filings:
            held = sorted({f.title for f in self.catalog.filings if f.department in intent.departments})
            if held:  # the department is held, not in the kind asked: say what is there
                return "not_found", f"已入库的文件中没有符合条件（年度、预算/决算）的文件；该部门已入库的是：{'、'.join(held)}。"
            return "not_found", "已入库的文件中没有符合条件（部门、年度、预算/决算）的文件。"
        self._named_short(intent)
        if intent.measure == "定义":
            defined = definition(self.catalog, intent, sources)
            if not _asks_amount(intent.question) or not intent.subjects:
                return defined or self._usage_answer(intent, sources, filters)
            intent.measure = "金额"  # "X包括哪些？2025年X是多少？": the definition, then the figure
            figures = self._figures(intent, sources)
            parts = [x[1] for x in (defined, figures) if x and x[0] != "not_found"]
            if not parts:
                return "not_found", f"已入库的文件中没有{'、'.join(intent.subjects)}的定义或金额。"
            return ("conflict" if figures and figures[0] == "conflict" else "answered"), "\n".join(parts)
        self._most_specific(intent)
        self._resolve_sub_parts(intent)
        if intent.share:  # 占比 over the whole the question names, never a default total
            intent.terms = [x for x in intent.share if x not in intent.labels]
            intent.labels = [x for x in intent.share if x in intent.labels]
        if intent.measure == "数量":  # a count never comes from a loosely matched passage
            return (self._figures(intent, sources) if intent.subjects else None) or \
                ("not_found", "已入库的文件中没有这项数量的记载。")
        if intent.measure == "原因" and intent.subjects and (
                _asks_amount(intent.question) or any(w in intent.question for w in CHANGE_SAID)
                or CHANGE_COMPARED_RE.search(intent.question)):
            return self._figure_and_reason(intent, sources, filters)
        if intent.measure in TEXT_MEASURES:
            found = stated_texts(self.catalog, intent, sources)
            if found is None and intent.measure == "原因":
                found = self._reasons_of_parts(intent, sources)
            return found or retrieved_passages(self.index, intent, sources, filters, self.retriever)
        if not intent.subjects:
            whole = overall_subject(intent)
            if whole is None:
                found = retrieved_passages(self.index, intent, sources, filters, self.retriever)
                if found[0] == "not_found" and intent.rest and intent.read_openly:  # an item no filing names
                    return "not_found", f"已入库的文件中没有列出“{'”“'.join(intent.rest)}”的金额，无法回答。"
                return found
            intent.terms = [whole]
        return self._figures(intent, sources) or self._said_none(intent, sources) or \
            retrieved_passages(self.index, intent, sources, filters, self.retriever)

    def _named_short(self, intent: Intent) -> None:
        """Item words the reader kept that name one stored item by some of its words (网上投诉平台)."""
        for word in list(intent.rest):
            found = self.catalog.named_by_words(self.reader.words(word), intent.filings)
            if found and found not in intent.labels:
                intent.labels.append(found)
                intent.rest.remove(word)

    def _figure_and_reason(self, intent: Intent, sources: Sources, filters: Filters | None) -> tuple[str, str]:
        """A figure and its reason asked together: the figure (or its change) first, then the reason the filing gives."""
        measure = next((m for m, words in ASKED_MEASURES if m != "原因" and any(w in intent.question for w in words)
                        and m in ("增减额", "增减率", "占比")), "金额")
        # the figure is read first so that its sources are numbered first, as the answer says them
        asked = dataclasses.replace(intent, measure=measure)
        figures = self._figures(asked, sources)
        reason = stated_texts(self.catalog, intent, sources) or self._reasons_of_parts(intent, sources)
        intent.measure = measure
        parts = [x for x in (figures, reason) if x and x[0] != "not_found"]
        if not parts:
            return retrieved_passages(self.index, intent, sources, filters, self.retriever)
        if reason is None:  # no stated reason read: the passages that may give it, quoted (not asserted)
            intent.measure = "原因"
            quoted = retrieved_passages(self.index, intent, sources, filters, self.retriever)
            parts.append(quoted if quoted[0] != "not_found" else ("answered", "文件中没有找到对原因的说明。"))
        status = "conflict" if any(x[0] == "conflict" for x in parts) else "answered"
        return status, "\n".join(x[1] for x in parts)

    def _reasons_of_parts(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        """A total whose change the filing explains only part by part (三公经费 through 公务用车购置及运行费):
        the parts' reasons, said to be the parts'."""
        parts = [p for s in intent.subjects if s in BY_NAME for p in BY_NAME[s].parts]
        if not parts:
            return None
        found = stated_texts(self.catalog, dataclasses.replace(intent, terms=parts, labels=[]), sources)
        if found is None:
            return None
        return found[0], f"文件未单独说明{'、'.join(intent.subjects)}变化的原因，其组成部分的说明如下：\n{found[1]}"

    def _most_specific(self, intent: Intent) -> None:
        """A project and one of its cost items both named (project X里，item Y): the item is asked."""
        parents = {self.catalog.detail_of.get(s) for s in intent.labels}
        intent.labels = [s for s in intent.labels if s not in parents]
        # 面向中小企业预留的政府采购: the stored 中小企业预留政府采购预算 holds 政府采购 and says more
        intent.terms = [t for t in intent.terms
                        if not any(len(a) >= 3 and a in lb and a != lb for lb in intent.labels for a in aliases(t))]

    def _resolve_sub_parts(self, intent: Intent) -> None:
        """"…其中X多少" after a subject: X is stored under the subject's longer name (政府采购 + 工程 →
        政府采购工程预算). A word the question
        adds to a subject (政府采购 + 服务 → 政府采购服务预算) names its part the same way; the parent
        itself is then asked only when the question says 其中 (it asks both)."""
        resolved: set[str] = set()
        for word in [*intent.sub_parts, *intent.rest]:
            if word in intent.subjects or any(word in s for s in intent.subjects[1:]):
                continue
            for parent in list(intent.subjects):
                stem = re.sub(r"(?:预算|经费|费用|费|支出|总额)$", "", parent)
                found = self.catalog.named_like(stem, word, intent.filings)
                if found and found not in intent.subjects:
                    intent.labels.append(found)
                    if word in intent.rest:
                        intent.rest.remove(word)
                        resolved.add(parent)
                    break
        # the parent is asked too when the question says 其中, or asks it in a clause of its own (X多少？Y多少)
        resolved = {p for p in resolved if not _own_clause(p, intent.question)}
        if resolved and "其中" not in intent.question:
            intent.terms = [t for t in intent.terms if t not in resolved]
            intent.labels = [s for s in intent.labels if s not in resolved]


    def _reading(self, subject: str, filing: Filing, count: bool = False, words: list[str] = (),
                 scope: str | None = None, within: list[str] = ()) -> Reading | None:
        for whole in () if count else within:
            r = self.catalog.reading_within(subject, filing, whole)
            if r is not None:
                r.within = whole
                return r
        if within and not count:
            r = self._reading(subject, filing, count, words, scope)
            if r is not None:
                r.unsplit = "、".join(within)
            return r
        if words and not count:  # 第二季度用款计划: the figure whose own wording says the extra words
            r = self.catalog.reading_naming(subject, filing, list(words))
            if r is not None:
                return r
        if count:  # a count question gets money only for a subject that names money (绩效目标项目资金)
            money_named = subject.endswith(("资金", "经费", "金额"))
            other_year = self.catalog.ref_reading(subject, filing)
            if other_year is not None and money_unit(other_year.unit) and not money_named:
                other_year = None  # 编外人员有多少人: another year's money is no count either
            return self.catalog.count_reading(subject, filing, words) or (
                self.catalog.reading(subject, filing) if money_named else None) or other_year
        r = self.catalog.reading(subject, filing, scope) or self.catalog.count_reading(subject, filing, words)
        if r is None and term_parts(subject):
            r = self.catalog.sum_of(subject, term_parts(subject), filing)
        # a flow the filing prints only for the year before (2024年新增国有资产 in a 2025 预算)
        return r or self.catalog.ref_reading(subject, filing)

    def _figures(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        readings: list[Reading] = []
        found = self._figures_only(intent, sources, readings)
        if found is None or found[0] == "not_found":
            return found
        status, text = found
        more = [x for r in readings for x in self._extras(intent, r, sources)] if intent.extras else []
        if len(readings) == 1 and readings[0].value == 0 and money_unit(readings[0].unit):
            more += self._none_said(readings[0], sources)
        return status, (text.rstrip("。") + "。" + "".join(more)) if more else text

    def _said_none(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        """No figure stored, but the 说明 says in words that there is none ("…2024年度无“三公”经费财政拨款支出"):
        that sentence, quoted, is the answer."""
        if intent.measure not in ("金额", "增减额") or not intent.subjects:
            return None
        own, _ = targets(intent)
        lines = [f"{f.title}：{x}" for f in own for s in intent.subjects
                 for x in self._none_said(Reading(f, s, Decimal(0), "万元"), sources)]
        return ("answered", "\n".join(lines)) if lines else None

    def _none_said(self, r: Reading, sources: Sources) -> list[str]:
        """A nothing the 说明 says in words ("2024年…无机关运行经费"): quoted beside the 0 the table prints."""
        names = [a for a in aliases(r.subject) if len(a) >= 3] or [r.subject]
        loose = ["[“”\"]?".join(map(re.escape, n)) for n in names]  # printed with or without its quotes (“三公”经费)
        # from the start of its line (a heading above is not the sentence) to the sentence's end, across wraps
        pattern = re.compile(rf"[^。；;，,\n]*无[“”\"]?(?:{'|'.join(loose)})[^。；;，,]*")
        for page in sorted({f.page for f in self.catalog.of_doc(r.filing) if f.source == "prose" and f.page}):
            m = pattern.search(self.index.facts.page_text(r.filing.doc_id, page) or "")
            said = m.group().replace("\n", "").strip() if m else ""
            if said and not re.search(r"\d", re.sub(r"\d{4}年度?", "", said)):  # words only, no figure to check
                cid = sources.cite_passage(r.filing.title, page, "", said)
                return [f"文件说明：“{said}” {cid}。"]
        return []

    def _extras(self, intent: Intent, r: Reading, sources: Sources) -> list[str]:
        """Measures asked beside the figure: a 决算's 年初预算 and 完成率, and what the money is for."""
        out = []
        if "年初预算" in intent.extras and r.filing.kind == "决算":
            f = self._initial_budget(r)
            if f is not None:
                out.append(f"{r.subject}年初预算为{money(f.value, f.unit)} {sources.cite([f])}。")
        if "完成率" in intent.extras:
            done = [f for f in self.catalog.stated_for(r, ("完成率",)) if f.unit == "%"]
            headline = [] if done or r.subject not in OVERALL_SUBJECTS else [
                f for f in self.catalog.of_doc(r.filing) if f.measure == "完成率" and f.unit == "%"
                and f.subject in FUND_SCOPES and f.value is not None]
            if done:
                out.append(f"文件所列完成年初预算的{percent(done[0].value)} {sources.cite(done[:1])}。")
            elif headline:  # the whole's rate is not printed; the 说明's headline one is, under its own name
                f = headline[0]
                out.append(f"文件未列{r.subject}的完成率。{r.filing.year}年{f.subject}完成年初预算的{percent(f.value)} "
                           f"{sources.cite([f])}。")
            else:
                out.append(f"未能从文件中读出{r.subject}完成预算的比例，请看原文。")
        if "用途" in intent.extras:
            use = self._usage(r, sources)
            if use:
                out.append(use)
        return out

    def _initial_budget(self, r: Reading):
        """The 年初预算 a 决算 prints beside an item's outturn (its column or its 说明 sentence)."""
        if r.filing.kind != "决算":
            return None
        initial = [f for f in self.catalog.stated_for(r, ("预算数",)) if money_unit(f.unit)
                   and "年初" in (f.column or "") + (f.quote or "") and f.ref_year in (None, r.filing.year)]
        return initial[0] if initial else None

    def _against_initial(self, r: Reading) -> Change | None:
        """A 决算 compared with its 年初预算: the outturn against the year's own 年初预算, never against last year."""
        f = self._initial_budget(r)
        if f is None:
            return None
        # no rate: filings state how much of the 年初预算 was done (完成率), not a growth on it
        return Change(r.filing.year, f.value, r.value - f.value, None, [f], base_label="年初预算")

    def _usage(self, r: Reading, sources: Sources) -> str:
        """The filing's own sentence on what the money is for ("…131万元，主要用于区网上群众投诉平台坐席
        服务外包人员经费。"), quoted verbatim from the page of one of the figure's prose facts."""
        prose = [f for f in [*r.facts, *self.catalog.facts(r.subject, r.filing)] if f.source == "prose" and f.page]
        for f in prose:
            text = self.index.facts.page_text(f.doc_id, f.page) or ""
            head = (f.quote or "")[:12]
            i = text.find(head) if head else -1
            j = text.find("用于", i) if i >= 0 else -1
            if j < 0 or j - i > len(f.quote or "") + 40:
                continue
            end = text.find("。", j)
            quote = text[i:end + 1 if end >= 0 else j + 80].strip()
            cid = sources.cite_passage(f.doc, f.page, f.locator or "", quote)
            return f"文件说明：“{quote}” {cid}"
        return ""

    def _usage_answer(self, intent: Intent, sources: Sources, filters: Filters | None) -> tuple[str, str]:
        """"X是干什么用的" of an item no 名词解释 defines: its figure and what the filing says it is for."""
        names = "、".join(intent.subjects) or "该名词"
        missing = "not_found", f"已入库文件的名词解释中没有{names}的定义。"
        if not intent.subjects:
            return missing
        intent.measure = "金额"
        intent.extras = [*intent.extras, "用途"]
        trial = Sources()  # a figure without its use is not what was asked: cite nothing then
        found = self._figures(intent, trial)
        if not found or found[0] == "not_found" or "用于" not in found[1]:
            return missing
        sources.citations, sources.cited, sources._ids = trial.citations, trial.cited, trial._ids
        return found

    def _executed(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        """"2023年行政运行实际执行了多少": the outturn a later filing states for that year."""
        lines = []
        for year in intent.years:
            for s in intent.subjects:
                for f in self.catalog.executed(s, intent.filings, year)[:MAX_TEXT_LINES]:
                    lines.append(f"{f.department}{year}年{f.subject}预算执行数为{money(f.value, f.unit)}"
                                 f"（据{f.doc}） {sources.cite([f])}")
        if not lines:
            return None
        return "answered", (lines[0] + "。") if len(lines) == 1 else "\n".join(f"- {x}" for x in lines)

    def _figures_only(self, intent: Intent, sources: Sources, seen: list[Reading]) -> tuple[str, str] | None:
        """The figures asked; `seen` receives the readings stated (for the measures asked beside them)."""
        if intent.executed and len(intent.years) == 1:  # "2024年…比2023年执行数": the 执行数 is only the base
            executed = self._executed(intent, sources)
            if executed:
                return executed
        across = across_filings(intent, lambda s, f: self._reading(s, f, scope=intent.fund_scope), sources)
        if across is not None:  # a total, average, comparison or trend over several filings
            status, text, sources.table = across
            return status, text
        own, later = targets(intent)
        base_year = min(intent.years) if len(intent.years) > 1 and not each_year(intent.question) else None
        count = intent.measure == "数量"
        # a ranking or an overview states no changes: they are worked out only if the answer says them
        overview_asked = wants_overview(intent, own)
        deferred = not intent.rest and not intent.department_named and (
            overview_asked or (asks_ranking(intent.question) and intent.measure == "金额"))
        if len(own) > 1:
            self.catalog.prefetch(intent.subjects, own)
        readings: list[Reading] = []
        changing: list[Reading] = []
        for filing in own:
            per_filing = [self._reading(s, filing, count, intent.rest, intent.fund_scope, intent.within)
                          for s in intent.subjects]
            for r in per_filing:  # another year's figure (r.year) has no change of its own
                quarters = r is not None and r.parts and all(PERIOD_MEASURE_RE.search(p.subject) for p in r.parts)
                if r is not None and not r.conflicts and money_unit(r.unit) and r.year is None and not quarters \
                        and not r.within:
                    changing.append(r)
            if intent.wants_sum and all(per_filing):
                total = sum((r.value for r in per_filing), Decimal(0))
                unit = "万元" if all(r.unit == "万元" for r in per_filing) else per_filing[0].unit
                readings.append(Reading(filing, "、".join(intent.subjects) + "合计", total, unit,
                                        [r.facts[0] for r in per_filing], parts=per_filing))
            else:
                readings += [r for r in per_filing if r is not None]
        if not deferred:
            self._changes(changing, intent, base_year)
        derived: list[Reading] = []
        done: set[tuple[str, str, str]] = set()  # (department, kind, subject) answered by a nearer filing
        for filing, year in later:
            for s in intent.subjects:
                key = (filing.department, filing.kind, s)
                if key in done:
                    continue
                printed = self.catalog.ref_reading(s, filing, year)
                if printed is not None:  # the later filing prints that year's figure itself
                    readings.append(printed)
                    done.add(key)
                    continue
                r = self.catalog.reading(s, filing) if filing.year == year + 1 else None
                if r is None or r.conflicts:
                    continue
                done.add(key)
                r.change = self.catalog.change(r, year)
                if r.change is not None and r.change.base is not None and not r.change.across_filings:
                    r.derived_year = year
                    derived.append(r)
        if not readings and not derived:
            return None
        unsaid = [w for w in intent.rest if not any(says(f, w) for r in readings + derived for f in _all_facts(r))]
        if unsaid and not count:  # the question names something narrower than every figure found
            quoted = naming_passage(self.index, self.catalog, unsaid, own or intent.filings, sources, intent.subjects)
            if quoted:
                return quoted
            named = "”“".join(unsaid)
            return "not_found", (f"已入库的文件没有单独列出“{named}”的金额（只有{'、'.join(intent.subjects)}的总数，"
                                 "不能当作所问的数字），无法回答。")
        seen.extend(readings)
        if not intent.department_named and asks_ranking(intent.question) and intent.measure in ("金额", "数量"):
            ranked = rank(intent.question, readings, sources)
            if ranked is not None:
                status, text, sources.table = ranked
                return status, text
        shown = overview(readings, len(own), sources) if overview_asked and not derived else None
        if shown is not None:  # many filings: how many print it, the largest and smallest few, all in the table
            status, text, sources.table = shown
            return status, text
        if deferred:
            self._changes(changing, intent, base_year)
        combined = combine(intent, readings, sources, self.catalog.stated_share)
        if combined is not None:
            sources.derived = True
            return combined
        if intent.measure in CHANGE_MEASURES and readings and all(r.change is None for r in readings):
            names = "、".join(dict.fromkeys(r.subject for r in readings))
            if intent.against_initial:
                return "not_found", f"已入库的决算文件没有载明{names}的年初预算数，无法与年初预算比较。"
            return "not_found", f"已入库的文件中找不到{names}与上年比较的数据（文件未载明上年数，也没有上一年度的文件）。"
        if intent.measure == "占比":
            shares = self._shares(readings, sources)
            if shares:
                return "answered", shares
        lines = [derived_previous_sentence(r, sources) for r in derived]
        conflict = any(r.conflicts or (r.change is not None and r.change.disputed) for r in readings)
        if len(readings) + len(derived) == 1:
            r = (readings or derived)[0]
            text = lines[0] if derived else (conflict_sentence(r, sources) if r.conflicts
                                              else amount_sentence(r, sources))
            return ("conflict" if conflict else "answered"), text + "。"
        subjects = "、".join(dict.fromkeys(r.subject for r in readings + derived))
        head = f"{subjects}（按年度从新到旧）："
        body = [f"- {s}" for s in lines] + [list_line(r, sources) for r in readings]
        return ("conflict" if conflict else "answered"), head + "\n" + "\n".join(body)

    def _changes(self, readings: list[Reading], intent: Intent, base_year: int | None) -> None:
        """Each reading's change on the year before (or on `base_year`, or on its 年初预算)."""
        for r in readings:
            r.change = self._against_initial(r) if intent.against_initial else self.catalog.change(r, base_year)
            if not any(w in intent.question for w in RATE_WORDS):  # only an amount of change asked
                _drop_contradicted_rate(r)

    def _shares(self, readings: list[Reading], sources: Sources) -> str:
        """占比: as the filing states it, else recomputed over the filing's 收支总预算."""
        lines = []
        for r in readings:
            stated = [f for f in self.catalog.facts(r.subject, r.filing) if f.measure == "占比" and f.value is not None]
            if stated:
                f = stated[0]
                lines.append(f"{filing_name(r.filing)}{r.subject}为{money(r.value, r.unit)}，占{percent(f.value)}"
                             f" {sources.cite([r.facts[0], f])}")
                continue
            total = self.catalog.reading("收支总预算", r.filing)
            if total is None or total.value == 0:
                continue
            pct = (r.value / total.value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            lines.append(f"{filing_name(r.filing)}{r.subject}为{money(r.value, r.unit)}，收支总预算为"
                         f"{money(total.value, total.unit)}，收支总预算中{r.subject}占{percent(pct)} "
                         f"{sources.cite([r.facts[0], total.facts[0]])}")
        return "；\n".join(lines) + "。" if lines else ""

    def _rewrite(self, answer: Answer) -> Answer:
        try:
            text = self.writer.write(answer.question, [(c.id, c.quote) for c in answer.citations], answer.answer)
        except Exception:  # the model is optional; the draft stands
            log.warning("language model rewrite failed; the engine's own answer is kept", exc_info=True)
            return answer
        return answer.model_copy(update={"answer": text}) if text and text.strip() else answer


def _drop_contradicted_rate(r: Reading) -> None:
    """A growth rate the filing prints but its own amounts contradict (降幅13.22% where the amounts give
    22.21%) is not volunteered beside an amount that was asked; asked for itself, it is a conflict."""
    ch = r.change
    if ch is None or ch.rate is None or ch.base in (None, 0):
        return
    stated = [f for f in ch.facts if f.measure == "增减率" and f.value is not None]
    computed = change_rate(ch.delta, ch.base)
    if stated and computed is not None and materially_off(printed_amount(stated[0].value, "%", stated[0].quote),
                                                          abs(computed) if stated[0].value >= 0 else computed):
        ch.rate = None
        ch.facts = [f for f in ch.facts if f not in stated]


def _failed(question: str, e: Exception) -> Answer:
    """An internal failure: logged in full, named to the user, never a silent not_found."""
    log.exception("question failed: %r", question)
    return Answer(question=question, status="error",
                  answer=f"处理这个问题时程序出错（{type(e).__name__}: {e}），未能给出答案；已记录，请联系管理员。")


def _across_unanswered(answer: Answer, intent: Intent, sources: Sources) -> Answer:
    """A total, average or gap over several filings asked and not given (a department lacks that year,
    the figures are of different kinds): the figures listed are its parts — said so, and no ✓."""
    what = derived_asked(intent)
    if what is None or answer.status != "answered" or sources.table is not None or sources.derived:
        return answer
    head = f"未能算出所问的{_ACROSS_SAID[what]}（所需各数不在同一年度、同一类文件中，或有部门缺少该数），以下分别列出，仅供参考：\n"
    return answer.model_copy(update={"answer": head + answer.answer, "figures": withdraw_parts(answer.figures, what)})


_ACROSS_SAID = {"sum": "合计", "mean": "平均数", "gap": "差额"}


def _asked(intent: Intent) -> Asked:
    """What the question asked, for the verifier's "does this figure answer it" check."""
    subjects = [*intent.subjects, *(p for s in intent.subjects for p in term_parts(s))]
    departments = tuple(sorted({f.department for f in intent.filings})) if intent.department_named else ()
    wants_percent = intent.measure in ("增减率", "占比") or "完成率" in intent.extras
    return Asked(measure=intent.measure, subjects=tuple(dict.fromkeys(subjects)), departments=departments,
                 wants_percent=wants_percent)


def _own_clause(subject: str, question: str) -> bool:
    """Is the subject said in a clause of its own, ended by a comma or question mark (X，其一部分多少)?"""
    ask = r"(?:是|为|有|一共|总共|合计|总额|多少钱|多少|呢|的|安排了?|大概)*"
    return any(re.search(re.escape(a) + ask + r"[，,？?；;]", question) for a in aliases(subject) if len(a) >= 2)


def _asks_amount(question: str) -> bool:
    return any(w in question for w in ("多少", "金额", "几何", "预算数", "决算数"))


def _all_facts(r: Reading) -> list:
    return [*r.facts, *(f for p in r.parts for f in p.facts), *(r.change.facts if r.change else [])]


def _load_writer(settings):
    try:
        from assistant.answer.llm import LLMWriter
    except ImportError:  # the model writer is optional
        return None
    try:
        return LLMWriter.from_settings(settings)
    except Exception:
        log.warning("language model not usable; answering without it", exc_info=True)
        return None
