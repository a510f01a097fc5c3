"""Shared fixtures. Tests are offline and deterministic: no model download, no network
(a fake OpenAI-compatible server on 127.0.0.1 stands in for a language model)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for var in ("ASSISTANT_LLM_BASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_API_KEY", "ASSISTANT_INDEX_DIR"):
    os.environ.pop(var, None)

# Short names for the ten filings of corpus/.
FILINGS = {
    "wanli2023": "上海市普陀区人民政府万里街道办事处2023年部门预算.pdf",
    "wanli2024": "上海市普陀区人民政府万里街道办事处2024年部门预算.pdf",
    "wanli2025": "上海市普陀区人民政府万里街道办事处2025年部门预算.pdf",
    "putuo_js2024": "上海市普陀区财政局2024年度部门决算.pdf",
    "putuo2025": "上海市普陀区财政局2025年部门预算.pdf",
    "shczj2025": "上海市财政局2025年部门预算.pdf",
    "seed": "东西湖区城市运行管理中心2025年部门预算.txt",
    "jsjcy2017": "江苏省人民检察院2017年部门预算.pdf",
    "jsjcy2018": "江苏省人民检察院2018年部门预算.pdf",
    "jsjcy2019": "江苏省人民检察院2019年部门预算.pdf",
}


@pytest.fixture(scope="session")
def filing_of():
    """filing_of('wanli2025') → the read Filing (cached for the session)."""
    from assistant.readers import read_filing

    cache: dict = {}

    def get(key: str):
        if key not in cache:
            cache[key] = read_filing(CORPUS / FILINGS[key])
        return cache[key]

    return get


@pytest.fixture(scope="session")
def facts_of(filing_of):
    """facts_of('wanli2025') → every Fact the parsers read from that filing."""
    from assistant.parsers import extract_facts

    cache: dict = {}

    def get(key: str):
        if key not in cache:
            cache[key] = extract_facts(filing_of(key))
        return cache[key]

    return get


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """The whole corpus ingested once into a temporary index (default hash embedding)."""
    from assistant.index import Index
    from assistant.ingest import ingest
    from assistant.settings import get_settings

    d = tmp_path_factory.mktemp("corpus_index")
    index = Index(d, get_settings(index_dir=d))
    report = ingest([CORPUS], index, progress=False)
    assert report.ok, report.failed
    return index
