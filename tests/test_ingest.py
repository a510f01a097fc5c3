from pathlib import Path

from assistant.index import Index
from assistant.ingest import ingest
from assistant.settings import get_settings

from corpus_files import CORPUS, FILINGS


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
    expected = {
        "wanli2023": ("上海市普陀区人民政府万里街道办事处", 2023, "预算"),
        "wanli2024": ("上海市普陀区人民政府万里街道办事处", 2024, "预算"),
        "wanli2025": ("上海市普陀区人民政府万里街道办事处", 2025, "预算"),
        "putuo_js2024": ("上海市普陀区财政局", 2024, "决算"),
        "putuo2025": ("上海市普陀区财政局", 2025, "预算"),
        "shczj2025": ("上海市财政局", 2025, "预算"),
        "seed": ("东西湖区城市运行管理中心", 2025, "预算"),
        "jsjcy2017": ("江苏省人民检察院", 2017, "预算"),
        "jsjcy2018": ("江苏省人民检察院", 2018, "预算"),
        "jsjcy2019": ("江苏省人民检察院", 2019, "预算"),
    }
    got = {k: (filing_of(k).department, filing_of(k).year, filing_of(k).kind) for k in expected}
    assert got == expected


def test_page_without_text_layer_is_reported(filing_of):
    js = filing_of("putuo_js2024")
    assert [p.number for p in js.pages if not p.has_text_layer] == [14]
    assert any("第14页" in w for w in js.warnings)
