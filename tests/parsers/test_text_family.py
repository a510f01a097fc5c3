"""The flattened-text family is parsed by its format, not by the seed's names: the seed filing with
another department's name and another year reads into the same facts under the new identity."""

from __future__ import annotations

from collections import Counter

from corpus_files import CORPUS, FILINGS

OLD, NEW = "东西湖区城市运行管理中心", "蔡甸区数字治理服务中心"


def _variant(tmp_path):
    text = (CORPUS / FILINGS["seed"]).read_text(encoding="utf-8")
    text = text.replace("东西湖区城运中心", "蔡甸区数字中心").replace("城运中心", "数字中心").replace(OLD, NEW)
    text = text.replace("东西湖区", "蔡甸区").replace("2025", "2026").replace("2024", "2025")
    path = tmp_path / f"{NEW}2026年部门预算.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_another_filing_of_the_family_reads_the_same_way(tmp_path, facts_of):
    from assistant.parsers import extract_facts
    from assistant.readers import read_filing

    filing = read_filing(_variant(tmp_path))
    assert (filing.department, filing.year, filing.filing_kind) == (NEW, 2026, "部门预算")
    facts = extract_facts(filing)
    seed = facts_of("seed")

    def shape(fs):
        return Counter((f.measure, str(f.value), f.unit, f.page) for f in fs if f.value is not None)

    assert shape(facts) == shape(seed)  # every figure, on its page, in its unit: nothing keyed to the seed
    sangong = [f for f in facts if f.subject == "三公经费" and f.measure == "预算数"]
    assert sangong and {f.value for f in sangong} == {25000}  # 2.5万元, as the seed's 说明 prints it
