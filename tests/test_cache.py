"""The vector cache: hits and misses, persistence, model separation, concurrency, graceful failure."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from auditor.embed.cache import DB_NAME, CachedEmbedder, CacheWarning, VectorCache, text_key
from auditor.embed.fake import FakeEmbedder

FAKE = FakeEmbedder()


class CountingEmbedder:
    """The fake, recording every batch it is asked to embed."""

    def __init__(self) -> None:
        self.inner = FakeEmbedder()
        self.id, self.dim, self.fingerprint = self.inner.id, self.inner.dim, self.inner.fingerprint
        self.languages, self.crosslingual = self.inner.languages, self.inner.crosslingual
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.embed(texts)


def test_hits_and_misses(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, FAKE.fingerprint)
    cache.put_many(["one", "two"], FAKE.embed(["one", "two"]))
    found, missing = cache.get_many(["two", "three", "one", "two"])
    assert sorted(found) == [0, 2, 3] and missing == [1]
    np.testing.assert_array_equal(found[0], FAKE.embed(["two"])[0])
    assert found[0].dtype == np.float32
    assert len(cache) == 2


def test_key_ignores_whitespace_and_unicode_composition() -> None:
    assert text_key("café  au\tlait ") == text_key("cafe\u0301 au lait")
    assert text_key("a b") != text_key("ab")


def test_persists_across_instances(tmp_path: Path) -> None:
    vectors = FAKE.embed(["kept"])
    with VectorCache(tmp_path, FAKE.fingerprint) as cache:
        cache.put_many(["kept"], vectors)
    found, missing = VectorCache(tmp_path, FAKE.fingerprint).get_many(["kept"])
    assert missing == []
    np.testing.assert_array_equal(found[0], vectors[0])


def test_models_are_kept_apart(tmp_path: Path) -> None:
    VectorCache(tmp_path, FAKE.fingerprint).put_many(["shared text"], FAKE.embed(["shared text"]))
    found, missing = VectorCache(tmp_path, "0" * 64).get_many(["shared text"])
    assert found == {} and missing == [0]


def test_database_is_in_wal_mode(tmp_path: Path) -> None:
    VectorCache(tmp_path, FAKE.fingerprint).close()
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cached_embedder_embeds_each_miss_once(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    embedder = CachedEmbedder(inner, VectorCache(tmp_path, inner.fingerprint))
    texts = ["alpha", "beta", "alpha", "beta  "]
    first = embedder.embed(texts)
    assert inner.calls == [["alpha", "beta"]]
    second = embedder.embed(texts + ["gamma"])
    assert inner.calls[1:] == [["gamma"]]
    np.testing.assert_array_equal(second[:4], first)
    np.testing.assert_allclose(second, FAKE.embed(texts + ["gamma"]), atol=1e-7)


def test_cached_embedder_refuses_another_models_cache(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fingerprint"):
        CachedEmbedder(FakeEmbedder(), VectorCache(tmp_path, "f" * 64))


def _writer(directory: str, worker: int, rounds: int) -> None:
    """One process: open the cache itself and write overlapping batches, reading as it goes."""
    fake = FakeEmbedder()
    cache = VectorCache(directory, fake.fingerprint)
    for r in range(rounds):
        texts = [f"sentence {(worker * 7 + r * 3 + k) % 60}" for k in range(10)]
        cache.put_many(texts, fake.embed(texts))
        cache.get_many(texts)
    if not cache.enabled:
        raise SystemExit(1)
    cache.close()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    directory = tmp_path / "shared"
    procs = [ctx.Process(target=_writer, args=(str(directory), w, 40)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    texts = [f"sentence {i}" for i in range(60)]
    with VectorCache(directory, FAKE.fingerprint) as cache:
        found, missing = cache.get_many(texts)
        assert missing == [] and len(cache) == 60
    np.testing.assert_array_equal(np.stack([found[i] for i in range(60)]), FAKE.embed(texts))
    with sqlite3.connect(directory / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_unwritable_directory_warns_and_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.warns(CacheWarning, match="continuing without a cache"):
        cache = VectorCache(blocker / "cache", FAKE.fingerprint)
    assert not cache.enabled
    embedder = CachedEmbedder(FakeEmbedder(), cache)
    np.testing.assert_array_equal(embedder.embed(["still works"]), FAKE.embed(["still works"]))
    assert cache.get_many(["still works"]) == ({}, [0])


def test_damaged_database_warns_and_still_works(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not an SQLite database" * 100)
    with pytest.warns(CacheWarning):
        embedder = CachedEmbedder(FakeEmbedder(), VectorCache(tmp_path, FAKE.fingerprint))
    np.testing.assert_array_equal(embedder.embed(["x"]), FAKE.embed(["x"]))


def test_put_many_checks_lengths(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        VectorCache(tmp_path, FAKE.fingerprint).put_many(["a", "b"], FAKE.embed(["a"]))


# ---------------------------------------------------------------- issue 12: every row is verified


def _rows(tmp_path: Path) -> list[tuple[bytes, bytes]]:
    con = sqlite3.connect(tmp_path / DB_NAME)
    try:
        return [(bytes(k), bytes(v)) for k, v in con.execute("SELECT text_sha256, vector FROM vectors_v2")]
    finally:
        con.close()


def _set(tmp_path: Path, key: bytes, blob: bytes) -> None:
    con = sqlite3.connect(tmp_path / DB_NAME)
    with con:
        con.execute("UPDATE vectors_v2 SET vector = ? WHERE text_sha256 = ?", (blob, key))
    con.close()


def test_vectors_swapped_between_rows_are_recomputed_not_trusted(tmp_path: Path) -> None:
    """Regression (issue 12): vectors swapped between rows gave fidelity 0.0 under the same signature."""
    inner = CountingEmbedder()
    emb = CachedEmbedder(inner, VectorCache(tmp_path, inner.fingerprint))
    texts = ["The council approved the budget.", "Prices rose by 3 percent."]
    truth = emb.embed(texts)
    (k1, v1), (k2, v2) = _rows(tmp_path)
    _set(tmp_path, k1, v2)
    _set(tmp_path, k2, v1)
    inner2 = CountingEmbedder()
    emb2 = CachedEmbedder(inner2, VectorCache(tmp_path, inner2.fingerprint))
    with pytest.warns(CacheWarning, match="2 damaged or mismatched vectors; recomputed"):
        again = emb2.embed(texts)
    np.testing.assert_array_equal(again, truth)
    assert sorted(inner2.calls[0]) == sorted(texts)  # both recomputed by the model
    inner3 = CountingEmbedder()
    CachedEmbedder(inner3, VectorCache(tmp_path, inner3.fingerprint)).embed(texts)
    assert inner3.calls == []  # and the cache was repaired


def test_damaged_bytes_are_a_miss_not_a_model_error(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    emb = CachedEmbedder(inner, VectorCache(tmp_path, inner.fingerprint))
    truth = emb.embed(["one sentence"])
    ((k, v),) = _rows(tmp_path)
    _set(tmp_path, k, b"\xff" * len(v))  # NaNs, and a wrong checksum
    with pytest.warns(CacheWarning):
        again = CachedEmbedder(CountingEmbedder(), VectorCache(tmp_path, inner.fingerprint)).embed(["one sentence"])
    np.testing.assert_array_equal(again, truth)


def test_the_cli_shows_a_cache_problem_as_one_note_line(monkeypatch, capsys) -> None:
    """Regression (issue 12): cache problems surfaced as raw Python warnings with internal paths."""
    import warnings

    from auditor import cli

    def command(args: Any) -> int:
        warnings.warn("the vector cache at /tmp/x held 1 damaged or mismatched vector; recomputed", CacheWarning)
        return 0

    monkeypatch.setitem(cli.COMMANDS, "models", command)
    assert cli.main(["models", "list"]) == 0
    err = capsys.readouterr().err
    assert err == "auditor: note: the vector cache at /tmp/x held 1 damaged or mismatched vector; recomputed\n"
