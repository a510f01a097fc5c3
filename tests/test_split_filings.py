"""Issue 8 part 2: a department-year published as two files — a 文件 part (cover, 概况, 说明) and a
表格 part (the 公开01–12表 only, no year printed, the department named another way) — is one filing
for questions, whichever part is ingested first and whether they come together or apart.

The pair is built here from a real corpus filing's pages (江苏省高级人民法院2019年部门预算): the pages
holding ruled tables become the 表格 part, with every year struck out and the court named without
its 省 ("江苏高级人民法院"); the rest become the 文件 part. The page where the last table ends and the
说明 begins ("第三部分 部门预算情况说明") goes to the 文件 part as text, as a 文件 part prints it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assistant.answer.engine import Engine
from assistant.index import Index
from assistant.ingest import IngestReport, ingest_filing
from assistant.readers import filing_from_pages, read_filing
from assistant.readers.parts import belong_together, detect_part
from assistant.types import Filing, Page
from tests.corpus_files import CORPUS, FILINGS

DEPT = "江苏省高级人民法院"
QUESTION = "江苏省高级人民法院2019年三公经费是多少？"


@pytest.fixture(scope="module")
def whole() -> Filing:
    return read_filing(CORPUS / FILINGS["jsfy2019"])


def _renumber(pages: list[Page]) -> list[Page]:
    return [p.model_copy(update={"number": i}) for i, p in enumerate(pages, 1)]


def _strip_year(text: str) -> str:
    return re.sub(r"20\d\d\s*年度?", "", text).replace(DEPT, "江苏高级人民法院")


def _cells(rows):
    return [[None if c is None else _strip_year(c) for c in row] for row in rows]


@pytest.fixture(scope="module")
def pair(whole) -> tuple[Filing, Filing]:
    table_pages = [p for p in whole.pages if p.tables and "情况说明" not in p.text]
    prose_pages = [p.model_copy(update={"tables": []}) for p in whole.pages if p not in table_pages]
    biao_pages = _renumber([p.model_copy(update={
        "text": _strip_year(p.text),
        "tables": [t.model_copy(update={"rows": _cells(t.rows)}) for t in p.tables]}) for p in table_pages])
    wen = filing_from_pages(_renumber(prose_pages), "/tmp/江苏省高级人民法院部门预算-文件.pdf", "wen" * 8)
    biao = filing_from_pages(biao_pages, "/tmp/部门预算-表格.pdf", "biao" * 8)
    return wen, biao


def test_the_parts_are_recognised(whole, pair):
    wen, biao = pair
    assert detect_part(whole.pages) is None
    assert (wen.part, biao.part) == ("文件", "表格")
    assert (wen.department, wen.year) == (DEPT, 2019)
    assert (biao.department, biao.year) == ("江苏高级人民法院", 0)  # no year anywhere in the 表格 part
    assert belong_together(wen, biao)


def _figure(index_dir, question=QUESTION):
    answer = Engine(Index(index_dir)).ask(question)
    assert answer.status == "answered", answer.answer
    return answer


@pytest.fixture(scope="module")
def unsplit(whole, tmp_path_factory):
    d = tmp_path_factory.mktemp("whole")
    ingest_filing(whole, Index(d))
    return _figure(d)


@pytest.mark.parametrize("order", ["文件 first", "表格 first"])
@pytest.mark.parametrize("apart", [False, True], ids=["one run", "two runs"])
def test_a_split_filing_is_one_filing_in_either_order(pair, unsplit, order, apart, tmp_path):
    wen, biao = pair
    first, second = (wen, biao) if order == "文件 first" else (biao, wen)
    report = IngestReport()
    index = Index(tmp_path)
    outcome, _ = ingest_filing(first, index, report)
    if first is biao:  # no year and no 文件 yet: held, not failed
        assert outcome == "held" and report.held and "暂存" in report.held[0]
        assert index.facts.filings() == []
    if apart:
        index = Index(tmp_path)  # a later run finds the first part in the index
    outcome, title = ingest_filing(second, index, report)
    assert outcome == "added" and title == "江苏省高级人民法院2019年部门预算"
    assert report.joined and "合为一份" in report.joined[0]

    filings = [f for f in Index(tmp_path).facts.filings() if f.department == DEPT]
    assert len(filings) == 1 and len(Index(tmp_path).facts.filings()) == 1
    f = filings[0]
    assert (f.year, f.filing_kind, f.part) == (2019, "部门预算", None)
    assert "江苏高级人民法院" in f.aliases

    answer = _figure(tmp_path)
    assert [x.value for x in answer.figures][:1] == [x.value for x in unsplit.figures][:1]
    # the 三公 total is read from the 表格 part's 公开09表; its citation says where to find it there
    table_facts = Index(tmp_path).facts.facts(subject="三公经费", part="表格")
    assert table_facts and all(x.locator.startswith("表格部分《部门预算-表格.pdf》第") for x in table_facts)
    assert any(c.locator.startswith("表格部分《部门预算-表格.pdf》第") for c in answer.citations), answer.citations

    # both parts again: already in
    assert ingest_filing(first, Index(tmp_path))[0] == "skipped"
    assert ingest_filing(second, Index(tmp_path))[0] == "skipped"


def test_the_party_forms_of_a_name_join_two_parts():
    wen = Filing(doc_id="w", path="文件.pdf", title="t", department="中共江苏省委办公厅", year=2019, kind="预算",
                 part="文件")
    biao = Filing(doc_id="b", path="表格.pdf", title="t", department="中国共产党江苏省委员会办公厅", year=0,
                  kind="预算", part="表格")
    other = biao.model_copy(update={"department": "江苏省政协办公厅"})
    assert belong_together(wen, biao) and belong_together(biao, wen)
    assert not belong_together(wen, other)
    assert not belong_together(wen, biao.model_copy(update={"year": 2018}))
    assert not belong_together(wen, wen.model_copy(update={"doc_id": "w2"}))


def test_a_table_part_that_prints_its_year_is_answerable_alone_then_joins_its_file(whole, pair, unsplit, tmp_path):
    wen, _ = pair
    table_pages = [p for p in whole.pages if p.tables and "情况说明" not in p.text]
    biao = filing_from_pages(_renumber([p.model_copy(update={"text": p.text.replace(DEPT, "江苏高级人民法院")})
                                        for p in table_pages]), "/tmp/表格.pdf", "year" * 8)
    assert (biao.part, biao.year) == ("表格", 2019)
    assert ingest_filing(biao, Index(tmp_path))[0] == "added"
    assert [f.part for f in Index(tmp_path).facts.filings()] == ["表格"]
    report = IngestReport()
    assert ingest_filing(wen, Index(tmp_path), report) == ("added", "江苏省高级人民法院2019年部门预算")
    assert [(f.department, f.year, f.part) for f in Index(tmp_path).facts.filings()] == [(DEPT, 2019, None)]
    assert report.joined and not report.held
    assert [x.value for x in _figure(tmp_path).figures][:1] == [x.value for x in unsplit.figures][:1]


def test_two_text_files_through_ingest_one_run_after_another(whole, tmp_path):
    """The file route: the pair written as text filings (a line starting with a space begins a page);
    the 表格 part alone is held and said so, the 文件 part then makes one filing of the two."""
    from assistant.ingest import ingest

    table_pages = [p for p in whole.pages if p.tables and "情况说明" not in p.text]
    prose_pages = [p for p in whole.pages if p not in table_pages]
    (tmp_path / "文件.txt").write_text("\n".join(" " + p.text for p in prose_pages), encoding="utf-8")
    (tmp_path / "表格.txt").write_text("\n".join(" " + _strip_year(p.text) for p in table_pages), encoding="utf-8")
    index_dir = tmp_path / "index"
    first = ingest([tmp_path / "表格.txt"], Index(index_dir), progress=False)
    assert first.ok and not first.added and first.held and "没有印年度" in first.held[0]
    second = ingest([tmp_path / "文件.txt"], Index(index_dir), progress=False)
    assert second.ok and second.added == ["江苏省高级人民法院2019年部门预算"] and second.joined
    assert [(f.department, f.year, f.part) for f in Index(index_dir).facts.filings()] == [(DEPT, 2019, None)]
    again = ingest([tmp_path / "表格.txt", tmp_path / "文件.txt"], Index(index_dir), progress=False)
    assert len(again.skipped) == 2 and not again.added
    assert _figure(index_dir).status == "answered"


def test_a_yearless_table_part_finds_its_year_among_two_files_by_the_amounts_they_share(pair, tmp_path):
    """Two 文件 parts of the court (2018 and 2019) wait in the index; the 表格 part that prints no year
    joins the one whose 说明 quotes its totals."""
    wen, biao = pair
    whole18 = read_filing(CORPUS / FILINGS["jsfy2018"])
    prose18 = [p.model_copy(update={"tables": []}) for p in whole18.pages
               if not (p.tables and "情况说明" not in p.text)]
    wen18 = filing_from_pages(_renumber(prose18), "/tmp/2018-文件.pdf", "w18" * 8)
    assert (wen18.part, wen18.year) == ("文件", 2018)
    index = Index(tmp_path)
    for f in (wen18, wen):
        assert ingest_filing(f, index)[0] == "added"  # each answerable alone meanwhile
    report = IngestReport()
    assert ingest_filing(biao, index, report) == ("added", "江苏省高级人民法院2019年部门预算")
    assert sorted((f.year, f.part) for f in Index(tmp_path).facts.filings()) == [(2018, "文件"), (2019, None)]


def test_the_coverage_command_names_a_held_part(pair, tmp_path, capsys):
    from assistant.cli import main

    _, biao = pair
    assert ingest_filing(biao, Index(tmp_path))[0] == "held"
    assert [f.doc_id for f in Index(tmp_path).facts.held_parts()] == [biao.doc_id]
    main(["coverage", "--index", str(tmp_path)])
    assert "暂存" in capsys.readouterr().out
