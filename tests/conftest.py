"""Shared fixtures. Tests are offline and deterministic: no model download, no network
(a fake OpenAI-compatible server on 127.0.0.1 stands in for a language model)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_files import CORPUS, FILINGS, ROOT  # noqa: F401  (re-exported for older imports)


os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for var in ("ASSISTANT_LLM_BASE_URL", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_API_KEY", "ASSISTANT_INDEX_DIR"):
    os.environ.pop(var, None)



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
