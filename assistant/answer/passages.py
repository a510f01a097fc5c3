"""Answers quoted verbatim from the filings' pages: a passage saying the narrower words a question
adds to a figure, and retrieved passages when no structured fact answers at all."""

from __future__ import annotations

import re

from assistant.answer.compose import Sources
from assistant.answer.intent import Intent
from assistant.answer.lookup import Catalog
from assistant.answer.overlap import longest_common
from assistant.ontology import aliases, clean_label
from assistant.retrieval.filters import Filters
from assistant.types import Filing

PASSAGES = 3
AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元)")  # a money figure, not a count (7*24小时)


def naming_passage(index, catalog: Catalog, words: list[str], filings: list[Filing], sources: Sources,
                   subjects: list[str] = ()) -> tuple[str, str] | None:
    """A verbatim passage of the asked filings saying every one of `words` (预留给小型, 微型企业),
    instead of a broader figure; None when no page says them all (then they were phrasing)."""
    pages = [(filing, number, index.facts.page_text(filing.doc_id, number) or "")
             for filing in filings for number in range(1, _page_count(catalog, filing) + 1)]
    # A short word no page of these filings says is phrasing ("按每个党员" → 按每); a longer one
    # (扫雪服务) is an item the filings do not have.
    unsaid = [w for w in words if not any(w in text for _, _, text in pages)]
    if any(len(w) > 2 for w in unsaid):
        return None
    words = [w for w in words if w not in unsaid]
    if not words:
        return None
    key = sorted(words, key=lambda s: (-len(s), s))[0]
    names = [a for s in subjects for a in aliases(s) if len(a) >= 2]

    def rank(page) -> tuple:  # the page that also names the subject, with a figure after the word
        text = page[2]
        figure = any(AMOUNT_RE.search(text[m.end():m.end() + 24]) for m in re.finditer(re.escape(key), text))
        return (not any(n in text for n in names), not figure, page[1])
    lines = []
    for filing in filings:
        for _, number, text in sorted((p for p in pages if p[0] is filing), key=rank):
            if all(w in text for w in words):
                quote = _figure_window(text, sorted(words, key=lambda s: (-len(s), s))[0], width=120)
                cid = sources.cite_passage(filing.title, number, _section(catalog, filing, number, quote), quote)
                lines.append(f"- {filing.title}：“{quote}” {cid}")
                break
        if len(lines) == PASSAGES:
            break
    if not lines:
        return None
    return "answered", "结构化数据中没有与问题所指完全对应的数字，以下是文件中提到“" + "”“".join(words) + \
        "”的原文：\n" + "\n".join(lines)

def _page_count(catalog: Catalog, filing: Filing) -> int:
    return max((f.page or 0 for f in catalog.of_doc(filing)), default=0) + 2

def _section(catalog: Catalog, filing: Filing, page: int, quote: str) -> str:
    """The section a passage sits in, as the facts printed on that page name it."""
    on_page = [f for f in catalog.of_doc(filing) if f.page == page and f.locator]
    near = [f for f in on_page if f.quote and f.quote[:12] in quote] or on_page
    return near[0].locator.split(" › ")[0] if near else ""


def retrieved_passages(index, intent: Intent, sources: Sources, filters: Filters | None,
                       retriever=None) -> tuple[str, str]:
    """Retrieved passages, quoted verbatim, when no structured fact answers the question."""
    not_found = "not_found", "已入库的文件中没有找到能回答这个问题的内容。"
    f = Filters(**(filters.model_dump() if filters else {}))
    if not f.department and len({x.department for x in intent.filings}) == 1 and intent.department_named:
        f.department = intent.filings[0].department
    if not f.year and intent.years:
        f.year = max(intent.years)
    # a failing retriever is an internal error (raised, logged by Engine.ask_safely), never a silent not_found
    hits = (retriever or index.retriever).retrieve(intent.question, f, PASSAGES * 2)
    keys = _keywords(intent)
    docs = {x.doc_id for x in intent.filings}
    lines = []
    for hit in hits:
        chunk = getattr(hit, "chunk", hit)
        if chunk.doc_id not in docs:
            continue
        quote = _quote(index, chunk, keys)
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

def _quote(index, chunk, keys: list[str]) -> str:
    """Verbatim text around a key word: from the page as read (a chunk carries headers of its
    own that the filing does not print), else from the chunk's own lines."""
    first = chunk.page_start or 0
    for number in range(first, (chunk.page_end or first) + 1) if first else ():
        quote = _window(index.facts.page_text(chunk.doc_id, number), keys)
        if quote:
            return quote
    body = "\n".join(ln for ln in chunk.text.splitlines() if "位置：" not in ln and not ln.startswith("｜"))
    return _window(body, keys)


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
    return [w for w in words if not any(len(longest_common(w, d)) >= len(w) - 1 for d in depts)]


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
