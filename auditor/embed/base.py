"""The :class:`Embedder` protocol every backend (real, fake, cached) satisfies.

An embedder turns sentences into float32 unit vectors, one row per sentence, in the order
given. Backends return whatever their library returns; :class:`BackendEmbedder` normalises
it explicitly and :func:`check_vectors` verifies the contract, so nothing downstream has to
trust a backend's own normalisation.

Only numpy is imported here; model libraries are imported by the backend constructors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from ..errors import MissingModelError

if TYPE_CHECKING:
    from .registry import ModelSpec

NORM_TOLERANCE = 1e-3  # how far a row's L2 norm may be from 1.0


class BadVectorsError(MissingModelError):
    """A backend returned vectors that break the contract (shape, dtype, non-finite, norm).

    It means the installed model is broken or not the one the registry expects, so it maps to
    the same exit code as a missing model (3).
    """

    code = "A301"


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns sentences into unit vectors.

    ``id`` names the model (``minilm-l6-v2``), ``fingerprint`` identifies the exact weights
    (sha256 hex), ``languages`` the ISO 639-1 codes it covers, ``crosslingual`` whether two
    languages share one vector space (a translation lands near its source).
    """

    id: str
    dim: int
    fingerprint: str
    languages: frozenset[str]
    crosslingual: bool

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 ``(len(texts), dim)`` array of unit-norm rows, in input order."""
        ...


def window_text(sentences: Sequence[str], window: tuple[int, int]) -> str:
    """The text of the window ``(start, size)``: its sentences joined by single spaces."""
    start, size = window
    return " ".join(sentences[start : start + size])


def embed_windows(embedder: Embedder, sentences: Sequence[str], windows: Sequence[tuple[int, int]]) -> np.ndarray:
    """Vectors of the runs of consecutive sentences ``(start, size)``: each is the embedding of
    :func:`window_text`. An embedder with an ``embed_windows`` method of its own computes them from
    its sentences (USE-m: exactly, at about the cost of the sentences); any other embeds the texts."""
    own = getattr(embedder, "embed_windows", None)
    if own is not None:
        return own(sentences, windows)
    return embedder.embed([window_text(sentences, w) for w in windows])


def empty_vectors(dim: int) -> np.ndarray:
    """The result of embedding no texts: a ``(0, dim)`` float32 array."""
    return np.zeros((0, dim), dtype=np.float32)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Cast to float32 and scale every row to unit L2 norm (zero rows stay zero)."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim != 2:
        return arr  # check_vectors reports the shape
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    safe = np.where(norms > 0, norms, 1.0).astype(np.float32)
    return np.ascontiguousarray(arr / safe, dtype=np.float32)


def check_vectors(arr: np.ndarray, n: int, dim: int, *, model: str = "embedder") -> np.ndarray:
    """Raise :class:`BadVectorsError` unless ``arr`` is float32 ``(n, dim)``, finite, unit rows.

    Returns ``arr`` unchanged so it can wrap a return statement.
    """
    problem = _vector_problem(arr, n, dim)
    if problem is not None:
        raise BadVectorsError(
            f"model {model!r} returned bad vectors: {problem}",
            fix="reinstall the model package at the pinned version (`auditor models verify` shows which)",
        )
    return arr


def _vector_problem(arr: object, n: int, dim: int) -> str | None:
    """A sentence describing the first contract violation, or None."""
    if not isinstance(arr, np.ndarray):
        return f"expected a numpy array, got {type(arr).__name__}"
    if arr.dtype != np.float32:
        return f"expected dtype float32, got {arr.dtype}"
    if arr.shape != (n, dim):
        return f"expected shape {(n, dim)}, got {arr.shape}"
    if n == 0:
        return None
    if not np.isfinite(arr).all():
        return "some values are NaN or infinite"
    norms = np.linalg.norm(arr, axis=1)
    worst = int(np.argmax(np.abs(norms - 1.0)))
    if abs(float(norms[worst]) - 1.0) > NORM_TOLERANCE:
        return f"row {worst} has L2 norm {float(norms[worst]):.6f}, expected 1.0"
    return None


class BackendEmbedder:
    """Shared plumbing for the real backends: attributes from a :class:`ModelSpec`, and an
    :meth:`embed` that handles empty input, normalises and checks what ``_encode`` returns.

    Subclasses implement :meth:`_load` (import the library, build the model) and :meth:`_encode`
    for a non-empty list of strings. The model loads on the first :meth:`embed` (or an explicit
    :meth:`load`), so a run whose vectors are all in the cache never pays for loading it.
    """

    id: str
    dim: int
    fingerprint: str
    languages: frozenset[str]
    crosslingual: bool

    def __init__(self, spec: ModelSpec, *, fingerprint: str | None = None) -> None:
        self.spec = spec
        self.id = spec.id
        self.dim = spec.dim
        self.fingerprint = fingerprint or spec.fingerprint
        self.languages = spec.languages
        self.crosslingual = spec.crosslingual
        self._model: Any = None

    def load(self) -> None:
        """Load the model now (idempotent)."""
        if self._model is None:
            self._model = self._load()

    def _load(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def from_spec(cls, spec: ModelSpec, *, fingerprint: str | None = None) -> BackendEmbedder:
        """How the registry builds a backend (every backend class has this constructor)."""
        return cls(spec, fingerprint=fingerprint)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        batch = list(texts)
        if not batch:
            return empty_vectors(self.dim)
        self.load()
        vectors = normalise(self._encode(batch))
        return check_vectors(vectors, len(batch), self.dim, model=self.id)

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, dim={self.dim}, fingerprint={self.fingerprint[:12]!r})"


def cpu_share(cap: int = 2) -> int:
    """The CPUs this process may use: at most ``cap``, its affinity, and what
    ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` allow (Ray sets them to a worker's share)."""
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


def import_backend(module: str, spec: ModelSpec) -> object:
    """Import a model library, turning ImportError into :class:`MissingModelError` with the pip command."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingModelError(
            f"model {spec.id!r} needs a package that is not installed: {spec.pip_command} ({exc})",
            fix=spec.pip_command,
        ) from exc
