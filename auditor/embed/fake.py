"""A deterministic, dependency-free embedder for tests and demos.

Each text becomes a bag of features (lower-cased word unigrams, and character trigrams of
the lower-cased text); every feature is hashed with BLAKE2b into one of ``dim`` buckets
with a sign, and the bucket sums are normalised. No random generator is involved, so the
same text gives the same vector in every process, and texts that share words and spellings
get high cosines while unrelated texts get low ones. It is *not* cross-lingual: a
translation shares few features with its source.

It passes the same contract suite as the real backends (``tests/test_embed_contract.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .base import check_vectors, empty_vectors, normalise

if TYPE_CHECKING:
    from .registry import ModelSpec

ALGORITHM = "auditor-fake-embedder/1"  # change it whenever the vectors would change
FAKE_LANGUAGES = frozenset({"en", "es", "de", "fr"})
WORD_WEIGHT = 1.0
TRIGRAM_WEIGHT = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Hash-based bag-of-features vectors: deterministic, fast, and roughly similarity-aware."""

    crosslingual = False

    def __init__(self, dim: int = 64, id: str = "fake") -> None:  # noqa: A002 - the protocol's name
        if dim < 2:
            raise ValueError(f"dim must be at least 2, got {dim}")
        self.id = id
        self.dim = dim
        self.languages = FAKE_LANGUAGES
        self.fingerprint = hashlib.sha256(f"{ALGORITHM}|dim={dim}".encode()).hexdigest()

    @classmethod
    def from_spec(cls, spec: ModelSpec, *, fingerprint: str | None = None) -> FakeEmbedder:
        """How the registry builds it; the fingerprint is always the fake's own."""
        return cls(dim=spec.dim, id=spec.id)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        batch = list(texts)
        if not batch:
            return empty_vectors(self.dim)
        raw = np.stack([self._vector(text) for text in batch])
        return check_vectors(normalise(raw), len(batch), self.dim, model=self.id)

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float64)
        for feature, weight in features(text):
            bucket, sign = self._bucket(feature)
            vec[bucket] += sign * weight
        if not vec.any():  # e.g. the empty string: a fixed, non-zero vector of its own
            bucket, sign = self._bucket("\x00empty")
            vec[bucket] = sign
        return vec

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def __repr__(self) -> str:
        return f"FakeEmbedder(dim={self.dim}, id={self.id!r})"


def features(text: str) -> list[tuple[str, float]]:
    """The weighted features of one text: ``w:word`` unigrams and ``c:abc`` character trigrams."""
    lowered = " ".join(text.lower().split())
    words = [(f"w:{word}", WORD_WEIGHT) for word in _WORD.findall(lowered)]
    padded = f" {lowered} "
    trigrams = [(f"c:{padded[i:i + 3]}", TRIGRAM_WEIGHT) for i in range(len(padded) - 2)]
    return words + trigrams if lowered else []
