"""One settings object; every field says what it is for. Environment variables override
(ASSISTANT_INDEX_DIR, ASSISTANT_EMBED_MODEL, ASSISTANT_LLM_BASE_URL …)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    index_dir: Path = Field(default=ROOT / "index", description="The whole persistent state: facts.sqlite + chroma/")
    # --- server mode: several processes (or machines) answering from one store ---
    chroma_url: str | None = Field(
        default=None, description="A Chroma server (http://127.0.0.1:8123) holding the vectors; unset = <index_dir>/chroma")
    chroma_collection: str = Field(
        default="chunks", description="The collection of that server holding this index's passages")
    facts_url: str | None = Field(
        default=None, description="PostgreSQL (postgresql://user@host:5432/db) holding facts, pages, chunks and "
        "BM25 postings; unset = <index_dir>/facts.sqlite")
    pending_stale_s: float = Field(
        default=900.0, description="In a store shared by several processes, a filing left pending this long is "
        "an interrupted ingest and is removed on opening; a younger one is another process's ingest in progress")
    embed_model: str = Field(
        default="hash",
        description="'hash' = local deterministic character n-gram feature hashing (no download); "
        "otherwise a sentence-transformers model name or local path, e.g. BAAI/bge-small-zh-v1.5",
    )
    embed_dim: int = Field(default=512, description="Dimensions of the hash embedding")
    top_k: int = Field(default=8, description="Passages kept after fusion")
    rrf_k: int = Field(default=60, description="Reciprocal rank fusion constant (see retrieval/hybrid.py)")
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint; unset = no model")
    llm_model: str | None = Field(default=None, description="Model name at that endpoint")
    llm_api_key: str | None = Field(default=None, description="API key, if the endpoint needs one")
    llm_timeout: float = Field(default=60.0, description="Seconds to wait for the model")
    # --- ingest (assistant/ingest.py, assistant/ingest_worker.py) ---
    ingest_max_pdf_mb: float = Field(
        default=50.0, description="A PDF larger than this is refused unread, named with its size: no budget filing is "
        "that large (the corpus's largest is 3.7 MB)")
    ingest_max_text_mb: float = Field(
        default=5.0, description="The same for a text filing (the corpus's is 0.04 MB; a whole filing's text is well "
        "under 1 MB)")
    ingest_file_seconds: float = Field(
        default=30.0, description="Reading and parsing one file may take this long (a corpus filing takes 3 s); a file "
        "still unread then is named too slow and the rest go on. 0 = no limit, read in the ingest's own process")
    ingest_memory_mb: int = Field(
        default=768, description="Address space the process reading a file may use (a corpus filing needs under "
        "100 MB); a file that needs more is named")
    ingest_max_facts: int = Field(
        default=20000, description="A file that yields more figures than this is refused (the corpus's largest filing "
        "has 1,124): a 'filing' of tens of thousands of figures is generated text, not a disclosure")
    ingest_same_text: float = Field(
        default=0.9, description="Share of printed figures two filings of one department, year and kind must have in "
        "common (weighted Jaccard) to be the same filing in another encoding or re-saved, ingested once")
    # --- the question reader (assistant/answer/reader.py) ---
    reader_min_short_name: int = Field(
        default=3, description="Shortest department short name read (省高院); shorter runs (高院) name too many things")
    reader_any_typo_from: int = Field(
        default=5, description="Names this long or longer tolerate any one wrong character; shorter ones only a "
        "homophone or a lookalike (ontology.LOOKALIKE_CHARS)")
    reader_max_typo_name: int = Field(
        default=16, description="Longer names are not repaired: a long run one character off is more likely another item")
    # --- the chat page (app.py, assistant/ui/backend.py) ---
    ui_kept_answers: int = Field(
        default=2048, description="Answers to questions asked on their own (not follow-ups) kept per engine, so a "
        "question many visitors ask is answered once; 0 answers every question afresh")


def get_settings(**overrides) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
