"""The chat page's pieces without a browser: escaping, verification marks, uploads, batch export.
A tiny stand-in engine is used here only; test_app.py drives the real Engine."""

from __future__ import annotations

import csv
import shutil

import pytest

from assistant.index import Index
from assistant.settings import get_settings
from assistant.types import Answer, Citation, Figure
from assistant.ui.backend import ALL, Backend
from assistant.ui.render import answer_markdown, md_text, sources_html
from assistant.ui.staff import check_filing_upload, read_questions, write_csv, write_xlsx
from tests.conftest import CORPUS, FILINGS

PAYLOAD = '<img src=x onerror=window.__xss=1> <script>window.__xss=2</script> [a](javascript:alert(1))'

SANGONG = Answer(
    question="三公经费是多少？", status="answered",
    answer="2025年“三公”经费预算 2.5万元 [1]，比上年减少 1万元（未核实） [1]。",
    citations=[Citation(id=1, doc="东西湖区城市运行管理中心2025年部门预算", page=41,
                        locator="第四部分 › 七、一般公共预算“三公”经费支出安排情况",
                        quote="2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元")],
    figures=[Figure(text="2.5万元", value=25000, unit="元", verified=True, basis="fact: 三公经费"),
             Figure(text="1万元", value=10000, unit="元", verified=False)],
)


class StandIn:
    """Answers every question with 'not found', echoing it — enough to exercise the page's wiring."""

    made = 0

    def __init__(self, index):
        StandIn.made += 1
        self.index = index

    def ask_safely(self, question, filters):
        return Answer(question=question, status="not_found", answer=f"没有找到：{question}（{filters.department}）")


def test_md_text_leaves_no_markup():
    out = md_text(PAYLOAD)
    assert "<" not in out and ">" not in out
    assert "\\[a\\]" in out  # the link syntax is broken, so no javascript: link can form


def test_answer_marks_each_figure_once():
    md = answer_markdown(SANGONG)
    assert "2.5万元 **✓** \\[1\\]" in md
    assert "1万元（未核实） \\[1\\]" in md and "1万元（未核实）（未核实）" not in md  # the engine's mark, not doubled
    assert "✓ 已核实：1 个数字" in md and "（未核实）：1 个数字" in md
    assert "\\[1\\] 东西湖区城市运行管理中心2025年部门预算 · 第41页" in md


def test_not_found_and_conflict_say_so_plainly():
    nf = answer_markdown(Answer(question="q", status="not_found", answer="文件中没有这项数据。"))
    assert "未找到：已收录的文件中没有这个问题的答案" in nf
    cf = answer_markdown(Answer(question="q", status="conflict", answer="表11 为 135万元，表12 为 131万元。"))
    assert "数字不一致" in cf and "135万元" in cf and "131万元" in cf


def test_sources_panel_escapes_filing_text():
    evil = SANGONG.model_copy(update={"citations": [Citation(id=1, doc=PAYLOAD, page=3, locator=PAYLOAD,
                                                             quote=PAYLOAD)]})
    out = sources_html(evil)
    assert "<img" not in out and "<script" not in out
    assert "&lt;script&gt;" in out
    assert "第3页" in out and "✓已核实" in out and "✗ 未核实" in out


def test_upload_checks_name_the_reason(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"PK\x03\x04")
    assert "只接受 PDF 或 TXT" in check_filing_upload(doc)
    fake = tmp_path / "b.pdf"
    fake.write_text("预算", encoding="utf-8")
    assert "不是 PDF" in check_filing_upload(fake)
    empty = tmp_path / "c.txt"
    empty.write_bytes(b"")
    assert "空" in check_filing_upload(empty)
    assert check_filing_upload(CORPUS / FILINGS["seed"]) is None


def test_read_questions_txt_csv_gbk(tmp_path):
    t = tmp_path / "q.txt"
    t.write_text("问题\n三公经费是多少？\n\n  公车每年花多少钱？ \n", encoding="utf-8")
    assert read_questions(t) == ["三公经费是多少？", "公车每年花多少钱？"]
    c = tmp_path / "q.csv"
    c.write_bytes("三公经费是多少？,备注\n\"什么是机关运行经费？\",x\n".encode("gbk"))
    assert read_questions(c) == ["三公经费是多少？", "什么是机关运行经费？"]
    x = tmp_path / "q.xlsx"
    x.write_bytes(b"PK")
    with pytest.raises(ValueError, match="每行一个问题"):
        read_questions(x)


def test_exports_keep_citations_and_never_formulas(tmp_path):
    formula = Answer(question="=HYPERLINK(\"http://x\")", status="not_found", answer="没有找到")
    rows = list(csv.reader(write_csv([SANGONG, formula], tmp_path / "a.csv").open(encoding="utf-8-sig")))
    assert rows[1][1] == "三公经费是多少？" and rows[1][2] == "已回答"
    assert "[1] 东西湖区城市运行管理中心2025年部门预算 第41页" in rows[1][4]
    assert "2.5万元 ✓已核实" in rows[1][5] and "1万元 未核实" in rows[1][5]
    assert rows[2][1].startswith("'=")

    from openpyxl import load_workbook

    ws = load_workbook(write_xlsx([SANGONG, formula], tmp_path / "a.xlsx")).active
    assert ws["B2"].value == "三公经费是多少？"
    assert ws["B3"].data_type == "s" and ws["B3"].value.startswith("=HYPERLINK")
    assert "第41页" in ws["E2"].value


def test_upload_goes_in_and_engine_is_rebuilt(tmp_path):
    index = Index(tmp_path / "idx", get_settings(index_dir=tmp_path / "idx"))
    backend = Backend(index, engine_factory=StandIn)
    made = StandIn.made
    seed = tmp_path / "up" / FILINGS["seed"]
    seed.parent.mkdir()
    shutil.copyfile(CORPUS / FILINGS["seed"], seed)
    junk = tmp_path / "up" / "notes.txt"
    junk.write_text("会议纪要：下周一开会。", encoding="utf-8")
    broken = tmp_path / "up" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage, no objects")
    outcomes = list(backend.ingest_uploads([(seed, seed.name), (junk, junk.name), (broken, broken.name)]))
    assert [o.status for o in outcomes] == ["added", "failed", "failed"]
    assert outcomes[0].detail == "东西湖区城市运行管理中心2025年部门预算"
    assert "不是预算/决算文件" in outcomes[1].detail
    assert "PDF" in outcomes[2].detail and outcomes[2].name == "broken.pdf"
    assert StandIn.made == made + 1  # a new engine over the grown index
    departments, years, kinds = backend.choices()
    assert any("东西湖区城市运行管理中心" in d for d in departments) and years == [ALL, "2025"] and kinds == [ALL, "预算"]
    again = list(backend.ingest_uploads([(seed, seed.name)]))
    assert again[0].status == "skipped"
    answer = backend.ask("三公经费是多少？", departments[1], "2025", ALL)
    assert departments[1] in answer.answer
