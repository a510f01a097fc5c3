from pathlib import Path

from assistant.index import Index
from assistant.ingest import ingest
from assistant.settings import get_settings

from corpus_files import CORPUS, FILINGS, IDENTITY, TITLES


def _index(tmp_path: Path) -> Index:
    return Index(tmp_path / "ix", get_settings(index_dir=tmp_path / "ix"))


def test_ingest_is_idempotent_by_content(tmp_path):
    index = _index(tmp_path)
    seed = CORPUS / FILINGS["seed"]
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed.read_bytes())
    r1 = ingest([seed], index, progress=False)
    r2 = ingest([seed, copy], index, progress=False)
    assert r1.added == ["东西湖区城市运行管理中心2025年部门预算"]
    assert r2.added == [] and len(r2.skipped) == 2
    assert len(index.facts.filings()) == 1


def test_bad_files_are_named_with_reason_and_the_rest_go_in(tmp_path):
    index = _index(tmp_path)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    notes = tmp_path / "notes.txt"
    notes.write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((CORPUS / FILINGS["seed"]).read_text(encoding="utf-8").encode("gbk", errors="ignore"))
    report = ingest([empty, broken, notes, gbk, tmp_path / "missing.pdf"], index, progress=False)
    reasons = dict(report.failed)
    assert set(reasons) == {str(empty), str(broken), str(notes), str(tmp_path / "missing.pdf")}
    assert "empty" in reasons[str(empty)]
    assert "PDF" in reasons[str(broken)]
    assert "not a budget filing" in reasons[str(notes)]
    assert report.added == ["东西湖区城市运行管理中心2025年部门预算"]  # the GBK copy reads fine


def test_crash_between_facts_and_vectors_leaves_nothing_half_written(tmp_path, monkeypatch):
    index = _index(tmp_path)

    def boom(chunks):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index.vectors, "add", boom)
    report = ingest([CORPUS / FILINGS["seed"]], index, progress=False)
    assert report.failed and "disk full" in report.failed[0][1]
    assert index.facts.filings() == [] and index.facts.facts() == []
    reopened = _index(tmp_path)
    assert reopened.facts.pending() == []


def test_metadata_comes_from_content(filing_of):
    got = {k: (filing_of(k).department, filing_of(k).year, filing_of(k).filing_kind) for k in FILINGS}
    assert got == IDENTITY
    assert {k: filing_of(k).kind for k in FILINGS} == {k: kind[-2:] for k, (_, _, kind) in IDENTITY.items()}
    assert {k: filing_of(k).title for k in FILINGS} == TITLES
    # no filing needed its file name: each says who, when and what on its own pages
    assert not [w for k in FILINGS for w in filing_of(k).warnings if "文件名" in w]


def test_a_departments_budget_and_its_units_budget_stay_two_filings(corpus_index):
    filings = [f for f in corpus_index.facts.filings() if f.department == "上海市普陀区商务委员会"]
    assert sorted((f.year, f.filing_kind, f.title) for f in filings) == [
        (2025, "单位预算", "上海市普陀区商务委员会2025年单位预算"),
        (2025, "部门预算", "上海市普陀区商务委员会2025年部门预算"),
    ]
    for f in filings:  # each one's facts carry its own kind
        kinds = {x.filing_kind for x in corpus_index.facts.facts(doc_id=f.doc_id)}
        assert kinds == {f.filing_kind}


def test_other_names_the_filing_prints_are_kept(filing_of):
    assert "中国共产党上海市普陀区委员会社会工作部" in filing_of("shgzb_js2024").aliases
    # its table part's heading prints the bureau without 普陀区 (p7)
    assert "上海市规划和自然资源局" in filing_of("ghzy_js2024").aliases
    # "第二部分 省检察院 2017 年度部门预算表" (p9)
    assert "省检察院" in filing_of("jsjcy2017").aliases
    assert filing_of("jsfy2019").aliases == []  # "部门名称：江苏省高级人民法" is a cut-off cell, not a name


def test_page_without_text_layer_is_reported(filing_of):
    js = filing_of("putuo_js2024")
    assert [p.number for p in js.pages if not p.has_text_layer] == [14]
    assert any("第14页" in w for w in js.warnings)
