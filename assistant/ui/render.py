"""Answer → what the chat page shows: the chat message (Markdown) and the sources panel (HTML).

Everything that comes from a filing or a user (question, answer sentence, quote, locator,
file title) is text, never markup: it is escaped here, before it reaches Markdown or HTML,
so a filing or question carrying <script> or <img onerror=…> shows as characters and runs
nothing. Gradio's own sanitiser stays on as a second wall, not the first.
"""

from __future__ import annotations

import html
import re

from assistant.types import LOCATOR_SEP, Answer, Citation, Figure, PrintedRow

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
    """The sources panel: every citation (filing, page, where, the printed row or the verbatim quote)
    and every figure's check, its basis in words."""
    if answer is None:
        return ('<div class="src-empty">提问后，这里会列出回答所依据的文件、页码、表格位置和原文，'
                '以及每个数字的核实结果。</div>')
    out: list[str] = []
    if answer.citations:
        out += [source_card(c) for c in answer.citations]
    else:
        out.append('<div class="src-empty">这次回答没有引用文件。</div>')
    if answer.figures:
        by_id = {c.id: c for c in answer.citations}
        rows = []
        for f in answer.figures:
            mark = (f'<span class="fig-ok">{VERIFIED_MARK}</span>' if f.verified
                    else f'<span class="fig-no">✗ 未核实</span>')
            basis = f'<div class="fig-basis">{_h(basis_zh(f, by_id))}</div>' if f.basis else ""
            rows.append(f'<li><b>{_h(f.text)}</b> {mark}{basis}</li>')
        out.append('<div class="src-figs"><div class="src-sub">数字核实</div><ul>' + "".join(rows) + "</ul></div>")
    return "".join(out)


def source_card(c: Citation) -> str:
    """One citation: a table fact shows its printed row under the column headers, the cited cell
    marked, with the table's title, page and unit; the verbatim row stays one click away."""
    head = f'<div class="src-head"><span class="src-id">[{c.id}]</span> {_h(c.doc)}</div>'
    if c.row is None:
        where = _h(_page(c)) + (f" · {_h(c.locator)}" if c.locator else "")
        quote = f'<blockquote class="src-quote">{_h(c.quote)}</blockquote>' if c.quote else ""
        return f'<div class="src-card">{head}<div class="src-where">{where}</div>{quote}</div>'
    r = c.row
    where = " · ".join(_h(x) for x in (_page(c), r.table, f"单位：{r.unit}" if r.unit else "") if x)
    verbatim = (f'<details class="src-verbatim"><summary>原文（逐字）与位置</summary>'
                f'<div class="src-loc">{_h(c.locator)}</div><blockquote class="src-quote">{_h(c.quote)}</blockquote>'
                "</details>")
    return (f'<div class="src-card">{head}<div class="src-where">{where}</div>'
            f'<div class="src-table-wrap">{row_table_html(r)}</div>{verbatim}</div>')


def header_grid(columns: list[str]) -> list[list[tuple[str, int, int]]]:
    """Column header paths → header rows of (text, colspan, rowspan), as a printed table merges them:
    neighbours sharing a parent share one cell; a leaf reaches down to the last header row."""
    paths = [c.split(LOCATOR_SEP) for c in columns]
    depth = max((len(p) for p in paths), default=0)
    grid: list[list[tuple[str, int, int]]] = []
    for level in range(depth):
        cells: list[tuple[str, int, int]] = []
        j = 0
        while j < len(paths):
            p = paths[j]
            if len(p) <= level:  # under a leaf that spans down from a row above
                j += 1
                continue
            leaf = len(p) == level + 1
            k = j + 1
            while (not leaf and k < len(paths) and len(paths[k]) > level + 1
                   and paths[k][:level + 1] == p[:level + 1]):
                k += 1
            cells.append((p[level], k - j, depth - level if leaf else 1))
            j = k
        grid.append(cells)
    return grid


def row_table_html(r: PrintedRow) -> str:
    grid = header_grid(r.columns)
    head_rows = []
    for level, cells in enumerate(grid):
        ths = "".join(f'<th{_span(cs, rs)}>{_h(text)}</th>' for text, cs, rs in cells)
        if level == 0 and r.label:
            ths = f'<th{_span(1, len(grid))}>项目</th>' + ths
        head_rows.append(f"<tr>{ths}</tr>")
    tds = "".join(_cell_html(v, i in r.cited) for i, v in enumerate(r.cells))
    label = f"<th>{_h(r.label)}</th>" if r.label else ""
    return (f'<table class="src-table"><thead>{"".join(head_rows)}</thead>'
            f"<tbody><tr>{label}{tds}</tr></tbody></table>")


def _cell_html(value: str, cited: bool) -> str:
    # an empty cell is printed empty; read as 0 (a “三公” table leaves a zero item blank)
    shown = _h(value) if value else ("空（按0计）" if cited else "")
    return f'<td class="src-cited"><mark>{shown}</mark></td>' if cited else f"<td>{shown}</td>"


def _span(colspan: int, rowspan: int) -> str:
    return (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")


# --- a figure's basis in words ----------------------------------------------------------------
# The JSON `basis` keeps the contract's form ("fact: 三公经费 2025 预算数 = 2.5 万元 (citation 1)");
# the page says the same in Chinese, naming the table (or page) the figure was read from.
_FACT = re.compile(r"^fact: (?P<subject>.+?) (?P<year>\d{4}) (?P<measure>\S+) = (?P<value>.+) \((?P<where>[^()]*)\)$")
_COMPUTED = re.compile(r"^computed: (?P<expr>.+?)(?: from citations (?P<cites>[\d,]+)| from the filings)$")
_REASONS = (
    (re.compile(r"^a count was asked, this is money$"), "问的是数量，这是金额"),
    (re.compile(r"^a rate was asked, this is money$"), "问的是比率，这是金额"),
    (re.compile(r"^(?P<a>.+)'s figure, the question names (?P<b>.+)$"), "这是{a}的数字，问题问的是{b}"),
    (re.compile(r"^a figure of (?P<a>.+) in a quoted passage, the question asks (?P<b>.+)$"),
     "这是引文中{a}的数字，问题问的是{b}"),
)


def basis_zh(f: Figure, citations: dict[int, Citation]) -> str:
    """A figure's basis as the page shows it: "依据：[1] 表7 三公经费 2025年预算数 2.5万元"."""
    basis = f.basis
    if basis.startswith("not what was asked: "):
        why, _, rest = basis[len("not what was asked: "):].partition("; ")
        reason = next((zh.format(**m.groupdict()) for rx, zh in _REASONS if (m := rx.match(why))), why)
        return f"未标✓：{reason}。" + (basis_zh(f.model_copy(update={"basis": rest}), citations) if rest else "")
    if basis.startswith("unverified: "):
        return "未核实：" + basis[len("unverified: "):]
    fact, _, replaced = basis.partition("; replaced the model's ")
    m = _FACT.match(fact)
    if m:
        value = re.sub(r"(?<=\d) (?=\D)", "", m["value"])  # "2.5 万元" → "2.5万元"
        where = m["where"]
        if where.startswith("citation "):
            n = int(where.split()[1])
            c = citations.get(n)
            place = f"[{n}] " + (_table_name(c.row.table) if c.row else _page(c)) if c else f"[{n}]"
        else:
            place = where  # a fact found beyond the citations: its filing and page
        text = f"依据：{place} {m['subject']} {m['year']}年{m['measure']} {value}"
        return text + (f"（已替换为文件数字，原写作 {replaced}）" if replaced else "")
    m = _COMPUTED.match(basis)
    if m:
        expr = re.sub(r" \((.+?)\)", r"（\1）", m["expr"])
        src = "".join(f"[{n}]" for n in m["cites"].split(",")) if m["cites"] else "文件数据"
        return f"依据：由 {src} 计算，{expr}"
    return f"依据：{basis}"


_TABLE_NO = re.compile(r"^(公开\s*\d+\s*表|表\s*\d+)")


def _table_name(title: str) -> str:
    """A table by its printed number when it has one (公开09表, 表7), else by its title."""
    m = _TABLE_NO.match(title)
    return re.sub(r"\s+", "", m.group(1)) if m else title


def cite_text(c: Citation) -> str:
    """One citation as a plain line (batch export)."""
    loc = f" {c.locator}" if c.locator else ""
    return f"[{c.id}] {c.doc} {_page(c)}{loc} “{c.quote}”"


def figure_text(f: Figure) -> str:
    """One figure's check as a plain line (batch export)."""
    mark = VERIFIED_MARK if f.verified else "未核实"
    return f"{f.text} {mark}" + (f"（{f.basis}）" if f.basis else "")
