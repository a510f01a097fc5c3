"""A Chroma server and a PostgreSQL cluster for the whole session (see tests/servers.py)."""

from __future__ import annotations

import pytest

from servers import ChromaServer, start_postgres


@pytest.fixture(scope="session")
def chroma_server():
    server = ChromaServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    server = start_postgres()
    if server is None:
        pytest.skip("PostgreSQL is not installed: server-mode tests NOT RUN (scripts/setup.sh --servers installs it)")
    yield server
    server.stop()


@pytest.fixture()
def server_settings(chroma_server, postgres_server, tmp_path, request):
    """Settings of a fresh server-mode index: an empty database and a collection of its own."""
    from assistant.settings import get_settings

    collection = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name)[:50].rstrip("_")
    return get_settings(index_dir=tmp_path / "local", chroma_url=chroma_server.url,
                        facts_url=postgres_server.database(), chroma_collection=collection)
