"""A persistent vector cache, and an embedder that uses it.

Vectors live in one SQLite file (``vectors.sqlite3``) in the cache directory, keyed by the
model's fingerprint and the sha256 of the text after NFC normalisation and whitespace
collapsing; the value is the raw float32 vector with a checksum over (fingerprint, text key,
vector bytes). The database runs in WAL mode with a busy timeout, so several processes may read
and write it at once.

Every row read is verified: a vector whose checksum does not match its key (damaged bytes, a row
copied or swapped from another text) is treated as a miss, recomputed by the model and written
back, and the cache says so once per cache with a :class:`CacheWarning` (the CLI prints it as one
``note:`` line). A damaged vector can therefore never reach an audit under the model's signature.

A cache must never be the reason an audit fails: if the directory cannot be created, or the
database cannot be opened, read or written, the cache switches itself off with a warning
(``warnings.warn``) and every lookup becomes a miss.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..compiled import close_quietly, connect_wal
from ..errors import CacheWarning  # noqa: F401 (re-exported: auditor.embed.cache.CacheWarning)
from .base import Embedder, check_vectors, embed_windows, empty_vectors, window_text

DB_NAME = "vectors.sqlite3"
_CHUNK = 500  # keys per SELECT (SQLite's default variable limit is far higher; this stays safe)

TABLE = "vectors_v2"  # v1 ("vectors") had no checksums; it is dropped on open
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    fingerprint TEXT NOT NULL,
    text_sha256 BLOB NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    checksum BLOB NOT NULL,
    PRIMARY KEY (fingerprint, text_sha256)
) WITHOUT ROWID
"""


def row_checksum(fingerprint: str, key: bytes, blob: bytes) -> bytes:
    """What a stored row must carry: a 16-byte BLAKE2b digest of the model, the text key and the
    vector bytes, so a vector is valid only for the text and model it was computed for."""
    h = hashlib.blake2b(digest_size=16)
    h.update(fingerprint.encode("utf-8"))
    h.update(b"\0")
    h.update(key)
    h.update(blob)
    return h.digest()




def text_key(text: str) -> bytes:
    """sha256 of the NFC-normalised, whitespace-collapsed text (what the cache is keyed by)."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).digest()


_Row = tuple[str, bytes, int, bytes, bytes]  # fingerprint, text key, dim, vector, checksum


class VectorCache:
    """Float32 vectors of one model (``fingerprint``) stored under ``directory``.

    Thread-safe within a process and safe across processes. ``enabled`` is False once the
    cache has switched itself off.
    """

    def __init__(self, directory: str | Path, fingerprint: str) -> None:
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.path = self.directory / DB_NAME
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.damaged = 0  # rows that failed verification (recomputed and replaced) since opening
        try:
            # v1 rows ("vectors") carry no checksum: never trusted, dropped on open
            self._conn = connect_wal(self.path, _SCHEMA, "DROP TABLE IF EXISTS vectors")
        except (OSError, sqlite3.Error) as exc:
            self._disable("cannot open the vector cache", exc)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def get_many(self, texts: Sequence[str]) -> tuple[dict[int, np.ndarray], list[int]]:
        """Look texts up: ``(found, missing)`` with ``found[i]`` the vector of ``texts[i]`` and
        ``missing`` the indices (in order, duplicates included) that have no vector."""
        keys = [text_key(t) for t in texts]
        try:
            rows = self._select(sorted(set(keys)))
        except sqlite3.Error as exc:
            self._disable("cannot read the vector cache", exc)
            rows = {}
        found = {i: rows[k] for i, k in enumerate(keys) if k in rows}
        missing = [i for i in range(len(keys)) if i not in found]
        return found, missing

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one vector per text (rows of ``vectors``); existing entries are replaced."""
        if len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
        arr = np.ascontiguousarray(vectors, dtype="<f4")
        rows: list[_Row] = []
        for i, t in enumerate(texts):
            key, blob = text_key(t), arr[i].tobytes()
            rows.append((self.fingerprint, key, arr.shape[1], blob, row_checksum(self.fingerprint, key, blob)))
        try:
            self._insert(rows)
        except sqlite3.Error as exc:
            self._disable("cannot write to the vector cache", exc)

    def __len__(self) -> int:
        """How many vectors this model has in the cache."""
        if self._conn is None:
            return 0
        with self._lock:
            cur = self._conn.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE fingerprint = ?", (self.fingerprint,))
            return int(cur.fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> VectorCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "" if self.enabled else ", disabled"
        return f"VectorCache({str(self.directory)!r}, {self.fingerprint[:12]!r}{state})"

    # ------------------------------------------------------------------ internals

    def _select(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        bad = 0
        with self._lock:
            if self._conn is None:
                return out
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                cur = self._conn.execute(
                    f"SELECT text_sha256, dim, vector, checksum FROM {TABLE} "
                    f"WHERE fingerprint = ? AND text_sha256 IN ({marks})",
                    (self.fingerprint, *chunk),
                )
                for key, dim, blob, checksum in cur:
                    key, blob = bytes(key), bytes(blob)
                    vec = _decode(blob, dim) if bytes(checksum) == row_checksum(self.fingerprint, key, blob) else None
                    if vec is None:
                        bad += 1  # a miss: recomputed and written back by the caller
                    else:
                        out[key] = vec
        if bad:
            first = self.damaged == 0
            self.damaged += bad
            if first:
                warnings.warn(
                    f"the vector cache at {self.directory} held {bad} damaged or mismatched "
                    f"vector{'s' if bad > 1 else ''}; recomputed with the model and repaired",
                    CacheWarning,
                    stacklevel=4,
                )
        return out

    def _insert(self, rows: list[_Row]) -> None:
        with self._lock:
            if self._conn is None or not rows:
                return
            with self._conn:  # one transaction
                self._conn.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} (fingerprint, text_sha256, dim, vector, checksum) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )

    def _disable(self, what: str, exc: BaseException) -> None:
        warnings.warn(
            f"{what} at {self.path} ({exc}); continuing without a cache. "
            "Set AUDITOR_CACHE_DIR to a writable folder, or pass --no-cache.",
            CacheWarning,
            stacklevel=3,
        )
        conn, self._conn = self._conn, None
        close_quietly(conn)


def _decode(blob: bytes, dim: int) -> np.ndarray | None:
    """A stored vector, or None if the row is damaged (it is then treated as a miss)."""
    if len(blob) != 4 * dim:
        return None
    vec = np.frombuffer(blob, dtype="<f4").astype(np.float32)
    return vec if bool(np.isfinite(vec).all()) else None


class CachedEmbedder:
    """An :class:`~auditor.embed.base.Embedder` that asks a :class:`VectorCache` first.

    Only the misses are embedded, each distinct text once; they are stored, and the result
    comes back in input order.
    """

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        if inner.fingerprint != cache.fingerprint:
            raise ValueError("the cache's fingerprint differs from the embedder's: vectors would be mixed up")
        self.inner = inner
        self.cache = cache
        self.id: str = inner.id
        self.dim: int = inner.dim
        self.fingerprint: str = inner.fingerprint
        self.languages: frozenset[str] = inner.languages
        self.crosslingual: bool = inner.crosslingual

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        batch = list(texts)
        if not batch:
            return empty_vectors(self.dim)
        found, missing = self.cache.get_many(batch)
        if missing:
            found.update(self._embed_missing(batch, missing))
        out = np.stack([found[i] for i in range(len(batch))]).astype(np.float32, copy=False)
        return check_vectors(out, len(batch), self.dim, model=self.id)

    def embed_windows(self, sentences: Sequence[str], windows: Sequence[tuple[int, int]]) -> np.ndarray:
        """Window vectors (:func:`~auditor.embed.base.embed_windows`), cached under each window's text."""
        wins = list(windows)
        if not wins:
            return empty_vectors(self.dim)
        texts = [window_text(sentences, w) for w in wins]
        found, missing = self.cache.get_many(texts)
        if missing:
            fresh = embed_windows(self.inner, sentences, [wins[i] for i in missing])
            self.cache.put_many([texts[i] for i in missing], fresh)
            found.update({i: fresh[r] for r, i in enumerate(missing)})
        out = np.stack([found[i] for i in range(len(wins))]).astype(np.float32, copy=False)
        return check_vectors(out, len(wins), self.dim, model=self.id)

    def _embed_missing(self, batch: list[str], missing: list[int]) -> dict[int, np.ndarray]:
        first: dict[bytes, int] = {}  # text key -> position in `unique`
        unique: list[str] = []
        slot: dict[int, int] = {}
        for i in missing:
            key = text_key(batch[i])
            if key not in first:
                first[key] = len(unique)
                unique.append(batch[i])
            slot[i] = first[key]
        vectors = self.inner.embed(unique)
        self.cache.put_many(unique, vectors)
        return {i: vectors[j] for i, j in slot.items()}

    def __repr__(self) -> str:
        return f"CachedEmbedder({self.inner!r}, {self.cache!r})"
