"""The answer engine: question → intent → facts → cited Chinese answer → numeric verifier.

Structured facts first; retrieved passages, quoted, only when no fact matches; `not_found`
when nothing supports an answer. Facts are loaded once per Engine (see lookup.Catalog).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from assistant.answer.compose import (
    Sources, amount_sentence, conflict_sentence, derived_previous_sentence, filing_name, list_line, money,
    percent, text_line,
)
from assistant.answer.conflicts import ConflictBook
from assistant.answer.intent import Intent, parse_intent, term_parts
from assistant.answer.derive import combine, kind_years, overall_subject, wants_year_sum
from assistant.answer.lookup import Catalog, Reading, money_unit, says
from assistant.ontology import aliases, clean_label
from assistant.retrieval.filters import Filters
from assistant.types import Answer, Filing
from assistant.verify.verifier import verify_answer

TEXT_MEASURES = ("原因", "负责人", "联系电话", "指标值", "数量")
CHANGE_MEASURES = ("增减额", "增减率")
MAX_TEXT_LINES = 8
PASSAGES = 3
AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元)")  # a money figure, not a count (7*24小时)


class Engine:
    def __init__(self, index, settings=None):
        self.index = index
        self.settings = settings or index.settings
        self.catalog = Catalog(index.facts)
        self.conflicts = ConflictBook(index.facts)  # contradictions each filing prints (audit, cached)
        self.writer = _load_writer(self.settings)

    # --- public ---------------------------------------------------------------------------------
    def ask_safely(self, question: str, filters: Filters | None = None) -> Answer:
        """`ask`, with any internal failure turned into status "error" (the CLI and UI call this)."""
        try:
            return self.ask(question, filters)
        except Exception as e:  # one bad question must not stop a batch
            return Answer(question=question, status="error", answer=f"处理问题时出错：{type(e).__name__}: {e}")

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        if not question.strip():
            return Answer(question=question, status="not_found", answer="请提出一个关于部门预算或决算的问题。")
        intent = parse_intent(question, self.catalog.filings, self.catalog.subjects_in, filters)
        sources = Sources()
        status, text = self._respond(intent, sources, filters)
        status, text = self.conflicts.annotate(status, text, sources)  # a stated figure the filing contradicts
        answer = Answer(question=question, status=status, answer=text, citations=sources.citations)
        written = self.writer is not None and status in ("answered", "conflict") and bool(sources.citations)
        if written:
            answer = self._rewrite(answer)
        # Repair swaps a model's slip for the fact its words point to; the engine's own figures are
        # exact (sums across years, gaps between filings) and must never be swapped for a stored one.
        return verify_answer(answer, self.index.facts, sources.cited, repair=written)

    # --- dispatch -------------------------------------------------------------------------------
    def _respond(self, intent: Intent, sources: Sources, filters: Filters | None) -> tuple[str, str]:
        if intent.refusal:
            return "not_found", intent.refusal
        if intent.unknown_department:
            return "not_found", f"已入库的文件中没有“{intent.unknown_department}”的预算或决算，无法回答。"
        if not intent.filings:
            return "not_found", "已入库的文件中没有符合条件（部门、年度、预算/决算）的文件。"
        if intent.measure == "定义":
            defined = self._definition(intent, sources)
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
        if intent.measure in TEXT_MEASURES:
            found = self._texts(intent, sources)
            return found or self._passages(intent, sources, filters)
        if not intent.subjects:
            whole = overall_subject(intent)
            if whole is None:
                return self._passages(intent, sources, filters)
            intent.terms = [whole]
        return self._figures(intent, sources) or self._passages(intent, sources, filters)

    def _most_specific(self, intent: Intent) -> None:
        """A project and an item of it both named (信息化建设项目里，无人机保险及运营服务): the item is asked."""
        parents = {self.catalog.detail_of.get(s) for s in intent.labels}
        intent.labels = [s for s in intent.labels if s not in parents]
        # 面向中小企业预留的政府采购: the stored 中小企业预留政府采购预算 holds 政府采购 and says more
        intent.terms = [t for t in intent.terms
                        if not any(len(a) >= 3 and a in lb and a != lb for lb in intent.labels for a in aliases(t))]

    def _resolve_sub_parts(self, intent: Intent) -> None:
        """"政府采购预算是多少？其中工程预算多少": 工程 is stored as 政府采购工程预算. A word the question
        adds to a subject ("政府采购预算中货物和服务各多少") names its part the same way; the parent
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
        if resolved and "其中" not in intent.question:
            intent.terms = [t for t in intent.terms if t not in resolved]
            intent.labels = [s for s in intent.labels if s not in resolved]

    # --- figures --------------------------------------------------------------------------------
    def _targets(self, intent: Intent) -> tuple[list[Filing], list[tuple[Filing, int]]]:
        """Filings whose own figure is asked, and (next-year filing, year) pairs for a year that has
        no filing of its own but whose figure the next year's filing states as its base."""
        filings = intent.filings
        if intent.as_of is not None:  # a stock dated Y: the 预算 of Y+1, or the 决算 of Y when dated 12月
            y, month = intent.as_of
            return [f for f in filings if (f.kind == "预算" and f.year == y + 1)
                    or (f.kind == "决算" and f.year == y and month == 12)], []
        if intent.relative is not None:
            years = {d: y + intent.relative for d, y in intent.anchor.items()}
            return self._by_year(filings, lambda f: years.get(f.department, 0))
        if intent.both_kinds and len(intent.years) == 2:  # 2025年预算比2024年决算: one filing each
            return [f for f in filings if (f.year, f.kind) in kind_years(intent)], []
        if intent.years and wants_year_sum(intent):
            return [f for f in filings if f.year in intent.years], []
        if len(intent.years) > 1 and intent.measure in ("金额", "数量") and _each_year(intent.question):
            return [f for f in filings if f.year in intent.years], []  # 2017到2019年…各有多少: each year
        if intent.years:
            target = max(intent.years)
            return self._by_year(filings, lambda f: target)
        return filings, []

    @staticmethod
    def _by_year(filings: list[Filing], year_of) -> tuple[list[Filing], list[tuple[Filing, int]]]:
        own = [f for f in filings if f.year == year_of(f)]
        have = {(f.department, f.kind) for f in own}
        # any later filing may print the year's figure (表12 前两年预算); the nearest is tried first
        later = sorted(((f, year_of(f)) for f in filings
                        if f.year > year_of(f) and (f.department, f.kind) not in have), key=lambda p: p[0].year)
        return own, later

    def _reading(self, subject: str, filing: Filing, count: bool = False, words: list[str] = ()) -> Reading | None:
        if words and not count:  # 第二季度用款计划: the figure whose own wording says the extra words
            r = self.catalog.reading_naming(subject, filing, list(words))
            if r is not None:
                return r
        if count:  # a count question gets money only for a subject that names money (绩效目标项目资金)
            money_named = subject.endswith(("资金", "经费", "金额"))
            return self.catalog.count_reading(subject, filing, words) or (
                self.catalog.reading(subject, filing) if money_named else None) or \
                self.catalog.ref_reading(subject, filing)
        r = self.catalog.reading(subject, filing) or self.catalog.count_reading(subject, filing, words)
        if r is None and term_parts(subject):
            r = self.catalog.sum_of(subject, term_parts(subject), filing)
        # a flow the filing prints only for the year before (2024年新增国有资产 in a 2025 预算)
        return r or self.catalog.ref_reading(subject, filing)

    def _figures(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        readings: list[Reading] = []
        found = self._figures_only(intent, sources, readings)
        if found is None or found[0] == "not_found" or not intent.extras:
            return found
        status, text = found
        more = [x for r in readings for x in self._extras(intent, r, sources)]
        return status, (text.rstrip("。") + "。" + "".join(more)) if more else text

    def _extras(self, intent: Intent, r: Reading, sources: Sources) -> list[str]:
        """Measures asked beside the figure: a 决算's 年初预算 and 完成率, and what the money is for."""
        out = []
        if "年初预算" in intent.extras and r.filing.kind == "决算":
            initial = [f for f in self.catalog.stated_for(r, ("预算数",)) if money_unit(f.unit)
                       and "年初" in (f.column or "") + (f.quote or "")]
            if initial:
                f = initial[0]
                out.append(f"{r.subject}年初预算为{money(f.value, f.unit)} {sources.cite([f])}。")
        if "完成率" in intent.extras:
            done = [f for f in self.catalog.stated_for(r, ("完成率",)) if f.unit == "%"]
            if done:
                out.append(f"文件所列完成年初预算的{percent(done[0].value)} {sources.cite(done[:1])}。")
        if "用途" in intent.extras:
            use = self._usage(r, sources)
            if use:
                out.append(use)
        return out

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
        own, later = self._targets(intent)
        base_year = min(intent.years) if len(intent.years) > 1 and not _each_year(intent.question) else None
        count = intent.measure == "数量"
        readings: list[Reading] = []
        for filing in own:
            per_filing = [self._reading(s, filing, count, intent.rest) for s in intent.subjects]
            for r in per_filing:  # another year's figure (r.year) has no change of its own
                if r is not None and not r.conflicts and money_unit(r.unit) and r.year is None:
                    r.change = self.catalog.change(r, base_year)
            if intent.wants_sum and all(per_filing):
                total = sum((r.value for r in per_filing), Decimal(0))
                unit = "万元" if all(r.unit == "万元" for r in per_filing) else per_filing[0].unit
                readings.append(Reading(filing, "、".join(intent.subjects) + "合计", total, unit,
                                        [r.facts[0] for r in per_filing], parts=per_filing))
            else:
                readings += [r for r in per_filing if r is not None]
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
            quoted = self._naming_passage(unsaid, own or intent.filings, sources, intent.subjects)
            if quoted:
                return quoted
            named = "”“".join(unsaid)
            return "not_found", (f"已入库的文件没有单独列出“{named}”的金额（只有{'、'.join(intent.subjects)}的总数，"
                                 "不能当作所问的数字），无法回答。")
        seen.extend(readings)
        combined = combine(intent, readings, sources, self.catalog.stated_share)
        if combined is not None:
            return combined
        if intent.measure in CHANGE_MEASURES and readings and all(r.change is None for r in readings):
            names = "、".join(dict.fromkeys(r.subject for r in readings))
            return "not_found", f"已入库的文件中找不到{names}与上年比较的数据（文件未载明上年数，也没有上一年度的文件）。"
        if intent.measure == "占比":
            shares = self._shares(readings, sources)
            if shares:
                return "answered", shares
        lines = [derived_previous_sentence(r, sources) for r in derived]
        conflict = any(r.conflicts for r in readings)
        if len(readings) + len(derived) == 1:
            r = (readings or derived)[0]
            text = lines[0] if derived else (conflict_sentence(r, sources) if r.conflicts
                                              else amount_sentence(r, sources))
            return ("conflict" if conflict else "answered"), text + "。"
        subjects = "、".join(dict.fromkeys(r.subject for r in readings + derived))
        head = f"{subjects}（按年度从新到旧）："
        body = [f"- {s}" for s in lines] + [list_line(r, sources) for r in readings]
        return ("conflict" if conflict else "answered"), head + "\n" + "\n".join(body)

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

    # --- text answers ---------------------------------------------------------------------------
    def _definition(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        """The 名词解释 entry of the term; else the clause of another entry that explains it (公务接待费
        inside the “三公”经费 entry); None when no entry says it."""
        facts = self.catalog.text_facts("定义", intent.subjects, intent.filings)
        order = {d.doc_id: i for i, d in enumerate(intent.filings)}
        if facts:  # the newest filing in scope defines it; one definition suffices
            f = min(facts, key=lambda x: order.get(x.doc_id, 99))
            return "answered", f"据{f.doc}的名词解释，{f.subject}：{f.text.rstrip('。；;')} {sources.cite([f])}。"
        names = [a for s in intent.subjects for a in aliases(s) if len(a) >= 3]
        entries = sorted(self.catalog.text_facts("定义", [], intent.filings), key=lambda x: order.get(x.doc_id, 99))
        for f in entries:
            clauses = [c for c in re.split(r"(?<=[。；;])|其中[:：，,]?", f.text or "") if any(n in clean_label(c) for n in names)]
            # the clause that explains it (公务接待费反映…/指…), not the list that only names it
            clauses.sort(key=lambda c: not any(re.match(rf"^(?:[（(]?\d+[)）])?{re.escape(n)}[，,]?(?:反映|指|主要安排|主要用于|是|包括)",
                                                        clean_label(c)) for n in names))
            clause = clauses[0] if clauses else None
            if clause and clean_label(f.subject) not in names:
                cid = sources.cite_passage(f.doc, f.page, f.locator or "", clause.strip())
                return "answered", (f"据{f.doc}的名词解释（{f.subject}条）：{clause.strip().rstrip('。；;')} "
                                    f"{cid}。")
        return None

    def _texts(self, intent: Intent, sources: Sources) -> tuple[str, str] | None:
        facts = self.catalog.text_facts(intent.measure, intent.subjects, intent.filings)
        if intent.relative is not None or intent.years:
            own, _ = self._targets(intent)
            docs = {f.doc_id for f in own}
            facts = [f for f in facts if f.doc_id in docs]
        if intent.measure == "指标值":
            facts = _named_indicators(facts, intent)
        if not facts:
            return None
        many = len({f.doc_id for f in facts}) > 1
        lines = [text_line(f, sources, with_name=True) for f in facts[:MAX_TEXT_LINES]]
        # no count here: the verifier would read "N条" as a figure to check
        extra = "\n……等，其余从略。" if len(facts) > MAX_TEXT_LINES else ""
        sep = "\n- " if many or len(lines) > 1 else ""
        return "answered", (sep + sep.join(lines)).lstrip("\n") + extra if sep else lines[0] + "。"

    def _naming_passage(self, words: list[str], filings: list[Filing], sources: Sources,
                        subjects: list[str] = ()) -> tuple[str, str] | None:
        """A verbatim passage of the asked filings saying every one of `words` (预留给小型, 微型企业),
        instead of a broader figure; None when no page says them all (then they were phrasing)."""
        pages = [(filing, number, self.index.facts.page_text(filing.doc_id, number) or "")
                 for filing in filings for number in range(1, self._page_count(filing) + 1)]
        # A short word no page of these filings says is phrasing ("按每个党员" → 按每); a longer one
        # (扫雪服务) is an item the filings do not have.
        unsaid = [w for w in words if not any(w in text for _, _, text in pages)]
        if any(len(w) > 2 for w in unsaid):
            return None
        words = [w for w in words if w not in unsaid]
        if not words:
            return None
        key = sorted(words, key=len, reverse=True)[0]
        names = [a for s in subjects for a in aliases(s) if len(a) >= 2]

        def rank(page) -> tuple:  # the page that also names the subject, with a figure after the word
            text = page[2]
            figure = any(AMOUNT_RE.search(text[m.end():m.end() + 24]) for m in re.finditer(re.escape(key), text))
            return (not any(n in text for n in names), not figure, page[1])
        lines = []
        for filing in filings:
            for _, number, text in sorted((p for p in pages if p[0] is filing), key=rank):
                if all(w in text for w in words):
                    quote = _figure_window(text, sorted(words, key=len, reverse=True)[0], width=120)
                    cid = sources.cite_passage(filing.title, number, self._section(filing, number, quote), quote)
                    lines.append(f"- {filing.title}：“{quote}” {cid}")
                    break
            if len(lines) == PASSAGES:
                break
        if not lines:
            return None
        return "answered", "结构化数据中没有与问题所指完全对应的数字，以下是文件中提到“" + "”“".join(words) + \
            "”的原文：\n" + "\n".join(lines)

    def _page_count(self, filing: Filing) -> int:
        return max((f.page or 0 for f in self.catalog.of_doc(filing)), default=0) + 2

    def _section(self, filing: Filing, page: int, quote: str) -> str:
        """The section a passage sits in, as the facts printed on that page name it."""
        on_page = [f for f in self.catalog.of_doc(filing) if f.page == page and f.locator]
        near = [f for f in on_page if f.quote and f.quote[:12] in quote] or on_page
        return near[0].locator.split(" › ")[0] if near else ""

    # --- passages -------------------------------------------------------------------------------
    def _passages(self, intent: Intent, sources: Sources, filters: Filters | None) -> tuple[str, str]:
        """Retrieved passages, quoted verbatim, when no structured fact answers the question."""
        not_found = "not_found", "已入库的文件中没有找到能回答这个问题的内容。"
        f = Filters(**(filters.model_dump() if filters else {}))
        if not f.department and len({x.department for x in intent.filings}) == 1 and intent.department_named:
            f.department = intent.filings[0].department
        if not f.year and intent.years:
            f.year = max(intent.years)
        try:
            hits = self.index.retriever.retrieve(intent.question, f, PASSAGES * 2)
        except Exception:  # the retriever is optional: no passages rather than no answer
            return not_found
        keys = _keywords(intent)
        docs = {x.doc_id for x in intent.filings}
        lines = []
        for hit in hits:
            chunk = getattr(hit, "chunk", hit)
            if chunk.doc_id not in docs:
                continue
            quote = self._quote(chunk, keys)
            if quote and not any(f"“{quote}”" in ln for ln in lines):  # chunks overlapping one page
                cid = sources.cite_passage(chunk.doc, chunk.page_start, chunk.locator, quote)
                line = f"- {chunk.doc}：“{quote}” {cid}"
                if line not in lines:
                    lines.append(line)
            if len(lines) == PASSAGES:
                break
        if not lines:
            return not_found
        return "answered", "结构化数据中没有直接对应的数字，以下是文件中的相关原文：\n" + "\n".join(lines)

    def _quote(self, chunk, keys: list[str]) -> str:
        """Verbatim text around a key word: from the page as read (a chunk carries headers of its
        own that the filing does not print), else from the chunk's own lines."""
        first = chunk.page_start or 0
        for number in range(first, (chunk.page_end or first) + 1) if first else ():
            quote = _window(self.index.facts.page_text(chunk.doc_id, number), keys)
            if quote:
                return quote
        body = "\n".join(ln for ln in chunk.text.splitlines() if "位置：" not in ln and not ln.startswith("｜"))
        return _window(body, keys)

    def _rewrite(self, answer: Answer) -> Answer:
        try:
            text = self.writer.write(answer.question, [(c.id, c.quote) for c in answer.citations], answer.answer)
        except Exception:  # the model is optional; the draft stands
            return answer
        return answer.model_copy(update={"answer": text}) if text and text.strip() else answer


def _keywords(intent: Intent) -> list[str]:
    """What a passage must mention to be quoted: the subjects, else the question's longer words."""
    keys = [a for s in intent.terms for a in aliases(s)] + list(intent.labels)
    if keys:
        return keys
    q = clean_label(intent.question)
    q = re.sub(r"(?:20\d{2}年?度?|是多少|多少钱|多少|是什么|有哪些|有几个|什么|哪些|请问|怎么|如何|的|了|吗|呢)", " ", q)
    # A word that only names the department (万里街道) matches every passage of its filings.
    depts = [clean_label(f.department) for f in intent.filings]
    words = [w for w in q.split() if len(w) >= 3]
    return [w for w in words if not any(_longest(w, d) >= len(w) - 1 for d in depts)]


def _indicator_name(f) -> str:
    """An indicator's own name: the last part of its row (地图更新面积), else its column."""
    return clean_label((f.row or "").split(" › ")[-1] or f.column or "")


def _named_indicators(facts: list, intent: Intent) -> list:
    """The indicators whose own name the question says (地图更新面积指标是多少), not every indicator
    of the project; all of them when the question names none."""
    q = clean_label(intent.question)
    for s in intent.subjects:
        for a in aliases(s):
            q = q.replace(a, " ")
    scored = [(_longest(_indicator_name(f), q), f) for f in facts]
    best = max((n for n, _ in scored), default=0)
    return [f for n, f in scored if n == best] if best >= 3 else facts


def _asks_amount(question: str) -> bool:
    return any(w in question for w in ("多少", "金额", "几何", "预算数", "决算数"))


def _each_year(question: str) -> bool:
    """"2017到2019年…各有多少", "2023、2024年分别是多少": one figure per year, not a change between them."""
    q = clean_label(question)
    return any(w in q for w in ("各", "分别", "每年", "逐年", "历年", "各年")) and \
        not any(w in q for w in ("比", "增加", "减少", "增长", "下降", "变化", "差"))


def _all_facts(r: Reading) -> list:
    return [*r.facts, *(f for p in r.parts for f in p.facts), *(r.change.facts if r.change else [])]


def _longest(a: str, b: str) -> int:
    return max((j - i for i in range(len(a)) for j in range(i + 1, len(a) + 1) if a[i:j] in b), default=0)


def _figure_window(text: str, key: str, width: int) -> str:
    """Verbatim text around the mention of `key` that has a figure soon after it (每名党员每年 200元),
    else around its first mention."""
    starts = [m.start() for m in re.finditer(re.escape(key), text)]
    near = [i for i in starts if AMOUNT_RE.search(text[i:i + 24])]
    i = (near or starts)[0]
    start = max(0, i - (12 if near else width // 3))  # the figure's own line, not the one before it
    return text[start:start + width].strip()


def _window(text: str, keys: list[str], width: int = 90) -> str:
    for k in keys:  # verbatim: a slice of the passage as stored, never re-spaced
        i = text.find(k)
        if i >= 0:
            start = max(0, i - width // 3)
            return text[start:start + width].strip()
    return ""


def _load_writer(settings):
    try:
        from assistant.answer.llm import LLMWriter
    except ImportError:  # the model writer is optional
        return None
    try:
        return LLMWriter.from_settings(settings)
    except Exception:
        return None
