"""Answers a filing states in words: a 名词解释 definition, and the reasons, contacts and
indicator values its tables print beside a subject."""

from __future__ import annotations

import re

from assistant.answer.compose import Sources, text_line
from assistant.answer.intent import Intent
from assistant.answer.lookup import Catalog
from assistant.answer.overlap import longest_common
from assistant.answer.targets import targets
from assistant.ontology import aliases, clean_label

MAX_TEXT_LINES = 8


def definition(catalog: Catalog, intent: Intent, sources: Sources) -> tuple[str, str] | None:
    """The 名词解释 entry of the term; else the clause of another entry that explains it (公务接待费
    inside the “三公”经费 entry); None when no entry says it, or nothing known is named (then every
    entry would match, and the first would define something not asked)."""
    if not intent.subjects:
        return None
    facts = catalog.text_facts("定义", intent.subjects, intent.filings)
    order = {d.doc_id: i for i, d in enumerate(intent.filings)}
    if facts:  # the newest filing in scope defines it; one definition suffices
        f = min(facts, key=lambda x: order.get(x.doc_id, 99))
        return "answered", f"据{f.doc}的名词解释，{f.subject}：{f.text.rstrip('。；;')} {sources.cite([f])}。"
    names = [a for s in intent.subjects for a in aliases(s) if len(a) >= 3]
    entries = sorted(catalog.text_facts("定义", [], intent.filings), key=lambda x: order.get(x.doc_id, 99))
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

def stated_texts(catalog: Catalog, intent: Intent, sources: Sources) -> tuple[str, str] | None:
    facts = catalog.text_facts(intent.measure, intent.subjects, intent.filings)
    if intent.relative is not None or intent.years:
        own, _ = targets(intent)
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
    scored = [(len(longest_common(_indicator_name(f), q)), f) for f in facts]
    best = max((n for n, _ in scored), default=0)
    return [f for n, f in scored if n == best] if best >= 3 else facts
