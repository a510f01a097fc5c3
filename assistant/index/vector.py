"""(placeholder: Chroma through llama-index — to be written)"""

from __future__ import annotations


class VectorIndex:
    def __init__(self, index_dir, settings, facts):
        self.dir = index_dir

    def add(self, chunks) -> None:
        pass

    def delete(self, doc_id: str) -> None:
        pass

    def query(self, text: str, top_k: int, filters=None) -> list:
        return []
