"""Staff tools behind the chat page: check uploaded filings, read a list of questions,
and write the answers (with citations and verification) as CSV and XLSX.

Stages are plain functions; the page (app.py) wires them to buttons.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.types import Answer
from assistant.ui.render import cite_text, figure_text

MAX_FILING_BYTES = 50 * 1024 * 1024   # the largest real filing is ~5 MB; 50 MB leaves room for scans
MAX_QUESTIONS_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 2000
FILING_SUFFIXES = (".pdf", ".txt")
QUESTION_SUFFIXES = (".txt", ".csv")

STATUS_ZH = {"answered": "已回答", "not_found": "未找到", "conflict": "数字不一致", "error": "出错"}
EXPORT_HEADER = ["序号", "问题", "状态", "回答", "引用（文件 页码 位置 原文）", "数字核实", "全部已核实"]


def check_filing_upload(path: Path, name: str | None = None) -> str | None:
    """Why an uploaded file cannot be a filing (type, size, content sniff), or None when it may be one.
    The reader does the deep checks (text layer, 预算/决算 present); this stops the obvious early."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in FILING_SUFFIXES:
        return f"文件类型不支持（{suffix or '无扩展名'}），只接受 PDF 或 TXT"
    size = path.stat().st_size
    if size == 0:
        return "文件是空的"
    if size > MAX_FILING_BYTES:
        return f"文件太大（{size / 1024 / 1024:.1f} MB），上限 {MAX_FILING_BYTES // 1024 // 1024} MB"
    head = path.read_bytes()[:1024]
    if suffix == ".pdf" and not head.startswith(b"%PDF-"):
        return "扩展名是 .pdf，但内容不是 PDF"
    if suffix == ".txt" and b"\x00" in head:
        return "扩展名是 .txt，但内容是二进制数据，不是文本"
    return None


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文件编码（请用 UTF-8 或 GBK 保存）")


def read_questions(path: Path, name: str | None = None) -> list[str]:
    """One question per line (txt) or the first cell of each row (csv); blank lines and a 问题/question
    header are skipped. Raises ValueError with a reason a person can act on."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in QUESTION_SUFFIXES:
        raise ValueError(f"文件类型不支持（{suffix or '无扩展名'}），问题清单请用 .txt 或 .csv，每行一个问题")
    data = path.read_bytes()
    if len(data) > MAX_QUESTIONS_BYTES:
        raise ValueError(f"文件太大（上限 {MAX_QUESTIONS_BYTES // 1024 // 1024} MB）")
    text = _decode(data)
    if suffix == ".csv":
        lines = [row[0] if row else "" for row in csv.reader(io.StringIO(text))]
    else:
        lines = text.splitlines()
    questions = [q.strip() for q in lines if q.strip()]
    if questions and questions[0].lower() in ("问题", "question", "questions"):
        questions = questions[1:]
    if not questions:
        raise ValueError("文件里没有问题（每行一个问题）")
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"问题太多（{len(questions)} 个），一次最多 {MAX_QUESTIONS} 个")
    return questions


def _cell(value: str) -> str:
    """Spreadsheet-safe text: a cell starting with = + - @ would run as a formula in Excel."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_rows(answers: list[Answer]) -> list[list[str]]:
    rows = []
    for i, a in enumerate(answers, 1):
        all_ok = "是" if a.figures and all(f.verified for f in a.figures) else ("—" if not a.figures else "否")
        rows.append([
            str(i), a.question, STATUS_ZH.get(a.status, a.status), a.answer,
            "\n".join(cite_text(c) for c in a.citations),
            "\n".join(figure_text(f) for f in a.figures), all_ok,
        ])
    return rows


def write_csv(answers: list[Answer], path: Path) -> Path:
    # utf-8-sig so Excel on Windows opens the Chinese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(EXPORT_HEADER)
        w.writerows([[_cell(v) for v in row] for row in export_rows(answers)])
    return path


def write_xlsx(answers: list[Answer], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "回答"
    ws.append(EXPORT_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in export_rows(answers):
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # a question starting with "=" stays text, never a formula
    for col, width in zip("ABCDEFG", (6, 30, 10, 60, 70, 40, 10)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
