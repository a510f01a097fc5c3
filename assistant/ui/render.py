"""Answer → what the chat page shows: the chat message (Markdown) and the sources panel (HTML).

Everything that comes from a filing or a user (question, answer sentence, quote, locator,
file title) is text, never markup: it is escaped here, before it reaches Markdown or HTML,
so a filing or question carrying <script> or <img onerror=…> shows as characters and runs
nothing. Gradio's own sanitiser stays on as a second wall, not the first.
"""

from __future__ import annotations

import html
import re

from assistant.types import Answer, Citation, Figure

VERIFIED_MARK = "✓已核实"
UNVERIFIED_MARK = "（未核实）"

MAX_INLINE_SOURCES = 3

STATUS_LINES = {
    "not_found": "**未找到：已收录的文件中没有这个问题的答案。** 可以换个说法，或在上方选择部门、年度后再问。",
    "conflict": "**注意：文件中的数字不一致。** 下面列出每一个数字及其出处，请以原文为准。",
    "error": "**出错了：处理这个问题时发生错误。** 请稍后再试，或换个问法。",
}

# Characters that start Markdown markup (links, images, emphasis, code, tables, maths, HTML).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}$~|#!])")


def md_text(text: str) -> str:
    """Plain text → Markdown that displays exactly that text: no link, image, tag or entity survives."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return html.escape(escaped, quote=False)


def _mark_figures(text: str, figures: list[Figure]) -> list[tuple[str, str | None]]:
    """Split the answer into (plain text, mark) pieces: each figure's first unmarked occurrence,
    in order, is followed by its verification mark (unless the engine already wrote （未核实）)."""
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for fig in figures:
        at = text.find(fig.text, cursor) if fig.text else -1
        if at < 0:
            continue
        end = at + len(fig.text)
        already = text.startswith(UNVERIFIED_MARK, end) or text.startswith("(未核实)", end)
        mark = None if already else ("ok" if fig.verified else "no")
        pieces.append((text[cursor:end], mark))
        cursor = end
    pieces.append((text[cursor:], None))
    return pieces


def answer_markdown(answer: Answer) -> str:
    """The chat message for one answer: status line, the sentence with marks, a one-line source list."""
    parts: list[str] = []
    if answer.understood:  # a follow-up: how it was read, so the visitor can see the context carried over
        parts.append(f"*理解为：{md_text(answer.understood)}*")
    if answer.status in STATUS_LINES:
        parts.append(STATUS_LINES[answer.status])
    body = []
    for chunk, mark in _mark_figures(answer.answer, answer.figures):
        body.append(md_text(chunk))
        if mark == "ok":
            body.append(" **✓**")
        elif mark == "no":
            body.append(UNVERIFIED_MARK)
    sentence = "".join(body).strip()
    if sentence:
        parts.append(sentence)
    if answer.figures:
        n_ok = sum(f.verified for f in answer.figures)
        n_no = len(answer.figures) - n_ok
        legend = []
        if n_ok:
            legend.append(f"✓ 已核实：{n_ok} 个数字与文件表格一致")
        if n_no:
            legend.append(f"（未核实）：{n_no} 个数字未能核对，请看原文")
        parts.append("；".join(legend))
    if len(answer.citations) > MAX_INLINE_SOURCES:
        # a long list would push the answer itself out of view; the panel beside it has them all
        docs = len({c.doc for c in answer.citations})
        parts.append(f"**来源**：{len(answer.citations)} 处引用（{docs} 份文件），"
                     "文件、页码和原文见右侧“来源与核实”。")
    elif answer.citations:
        refs = "  \n".join(f"\\[{c.id}\\] {md_text(_short_source(c))}" for c in answer.citations)
        parts.append("**来源**  \n" + refs)
    return "\n\n".join(parts)


def question_markdown(question: str) -> str:
    return md_text(question)


def _page(c: Citation) -> str:
    return f"第{c.page}页" if c.page else "页码未知"


def _short_source(c: Citation) -> str:
    return f"{c.doc} · {_page(c)}"


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def sources_html(answer: Answer | None) -> str:
    """The sources panel: every citation (filing, page, locator, verbatim quote) and every figure's check."""
    if answer is None:
        return ('<div class="src-empty">提问后，这里会列出回答所依据的文件、页码、表格位置和原文，'
                '以及每个数字的核实结果。</div>')
    out: list[str] = []
    if answer.citations:
        for c in answer.citations:
            out.append(
                '<div class="src-card">'
                f'<div class="src-head"><span class="src-id">[{c.id}]</span> {_h(c.doc)}</div>'
                f'<div class="src-where">{_h(_page(c))}'
                + (f" · {_h(c.locator)}" if c.locator else "")
                + "</div>"
                + (f'<blockquote class="src-quote">{_h(c.quote)}</blockquote>' if c.quote else "")
                + "</div>"
            )
    else:
        out.append('<div class="src-empty">这次回答没有引用文件。</div>')
    if answer.figures:
        rows = []
        for f in answer.figures:
            mark = (f'<span class="fig-ok">{VERIFIED_MARK}</span>' if f.verified
                    else f'<span class="fig-no">✗ 未核实</span>')
            basis = f"<div class=\"fig-basis\">依据：{_h(f.basis)}</div>" if f.basis else ""
            rows.append(f'<li><b>{_h(f.text)}</b> {mark}{basis}</li>')
        out.append('<div class="src-figs"><div class="src-sub">数字核实</div><ul>' + "".join(rows) + "</ul></div>")
    return "".join(out)


def cite_text(c: Citation) -> str:
    """One citation as a plain line (batch export)."""
    loc = f" {c.locator}" if c.locator else ""
    return f"[{c.id}] {c.doc} {_page(c)}{loc} “{c.quote}”"


def figure_text(f: Figure) -> str:
    """One figure's check as a plain line (batch export)."""
    mark = VERIFIED_MARK if f.verified else "未核实"
    return f"{f.text} {mark}" + (f"（{f.basis}）" if f.basis else "")
