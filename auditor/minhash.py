"""MinHash signatures of word shingles and LSH banding: the candidate pairs of near-verbatim copies.

The signatures of a corpus form one integer matrix whose bands are bucketed in shards on any executor
(:func:`auditor.attribute.attribute` merges the shards by union). Two documents of shingle Jaccard *J*
share a bucket with probability ``1 - (1 - J^rows)^bands``. Measured against datasketch 2.0
(``eval/minhash_compare.py``, 10,000 documents): its ``MinHashLSH`` chooses the same 32 bands of 2
rows for thresholds 0.15-0.18, its signatures cost the same and take the same 4 bytes a value, and
this banding lists the candidate pairs faster at the same recall; so this code stays.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Sequence

from .errors import UsageError

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 5  # words per shingle
_WORD = re.compile(r"\w+", re.UNICODE)


class MinHasher:
    """MinHash signatures of word shingles, and LSH banding to find near-verbatim copies.

    Shingles are ``shingle`` consecutive lower-cased words, hashed with BLAKE2b to 32 bits;
    permutation *i* is ``(a_i·x + b_i) mod (2^31 − 1)`` with ``a_i, b_i`` drawn from a
    generator seeded with ``seed``. With ``bands × rows = num_perm`` two documents of shingle
    Jaccard *J* share a bucket with probability ``1 − (1 − J^rows)^bands`` (0.5 at J ≈ 0.25
    for the defaults, 32 bands of 2 rows).
    """

    PRIME = (1 << 31) - 1

    def __init__(
        self, *, num_perm: int = 64, bands: int = 32, shingle: int = SHINGLE, seed: int = 12345, max_bucket: int = 32
    ):
        import numpy as np

        if num_perm % bands:
            raise UsageError(f"num_perm {num_perm} is not a multiple of bands {bands}", fix="choose bands dividing num_perm")
        rng = np.random.default_rng(seed)
        self.num_perm, self.bands, self.rows, self.shingle = num_perm, bands, num_perm // bands, shingle
        self.max_bucket = max_bucket
        self.a = rng.integers(1, self.PRIME, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, self.PRIME, size=num_perm, dtype=np.uint64)

    def signature(self, text: str, hashes: "set[int] | np.ndarray | None" = None) -> "np.ndarray":
        """The signature of ``text`` (or of its shingle ``hashes`` when given: :func:`shingle_hashes` at
        ``shingle``, as a set or an array)."""
        import numpy as np

        if hashes is None:
            hashes = shingle_hashes(text, self.shingle)
        values = hashes.astype(np.uint64) if isinstance(hashes, np.ndarray) else np.fromiter(sorted(hashes), dtype=np.uint64)
        if values.size == 0:
            return np.full(self.num_perm, self.PRIME, dtype=np.uint32)
        perm = (np.outer(values, self.a) + self.b) % np.uint64(self.PRIME)
        return perm.min(axis=0).astype(np.uint32)  # below 2^31: 4 bytes a value (datasketch's LeanMinHash stores 4 too)

    def describe(self) -> str:
        """Its settings as a corpus signature names them: ``64x32/5/max32`` (permutations x bands / shingle / largest bucket)."""
        return f"{self.num_perm}x{self.bands}/{self.shingle}/max{self.max_bucket}"

    def candidate_pairs(self, signatures: Sequence["np.ndarray"], bands: Sequence[int] | None = None) -> set[tuple[int, int]]:
        """Index pairs ``(i, j)``, ``i < j``, sharing at least one LSH bucket (empty documents never match).

        ``bands``: only these bands (a shard of the work: the union over shards of all bands is the whole answer).
        One process, one partition: :meth:`partition_keys` and :func:`bucket_pairs` are the same work in parts."""
        import numpy as np

        sigs = np.asarray(signatures, dtype=np.uint32).reshape(len(signatures), self.num_perm)
        chosen = range(self.bands) if bands is None else bands
        (keys,) = self.partition_keys(sigs, 1, bands=chosen)
        return {(int(a), int(b)) for a, b in bucket_pairs(keys, self.max_bucket).tolist()}

    def partition_keys(self, sigs: "np.ndarray", partitions: int, bands: Sequence[int] | None = None) -> list["BandKeys"]:
        """Every (document, band) bucket key of the signature matrix ``sigs`` (one row per document),
        split into ``partitions`` parts by a hash of the key: two documents share a bucket only within
        one part, so each part is reduced on its own (:func:`bucket_pairs`) and the answers are merged by
        union. A part holds about ``documents x bands / partitions`` keys whatever the corpus size: that
        is what a worker holds (issue 16; the band shards before each held every document's keys).
        Empty documents (no shingle) have no keys."""
        import numpy as np

        sigs = np.asarray(sigs, dtype=np.uint32)
        live = np.flatnonzero(sigs.min(axis=1) != self.PRIME) if len(sigs) else np.zeros(0, np.int64)
        chosen = np.asarray(list(range(self.bands) if bands is None else bands), dtype=np.int64)
        docs = np.repeat(live, len(chosen))
        band = np.tile(chosen, len(live))
        cols = band[:, None] * self.rows + np.arange(self.rows)[None, :]
        values = sigs[docs[:, None], cols]  # (keys, rows): the bucket key is (band, these values)
        mix = (band.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        for r in range(self.rows):
            mix = (mix ^ values[:, r].astype(np.uint64)) * np.uint64(0xBF58476D1CE4E5B9)
        part = (mix >> np.uint64(33)) % np.uint64(max(1, partitions))
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(max(1, partitions) + 1, dtype=np.uint64))
        return [
            BandKeys(docs[order[a:b]], band[order[a:b]].astype(np.int16), values[order[a:b]])
            for a, b in zip(bounds[:-1], bounds[1:])
        ]


class BandKeys:
    """One partition of LSH bucket keys: ``docs[i]`` is in bucket ``(bands[i], values[i])``."""

    def __init__(self, docs: "np.ndarray", bands: "np.ndarray", values: "np.ndarray") -> None:
        self.docs, self.bands, self.values = docs, bands, values

    def __len__(self) -> int:
        return len(self.docs)


def bucket_pairs(keys: BandKeys, max_bucket: int) -> "np.ndarray":
    """The distinct document pairs ``(i, j)``, ``i < j``, that share a bucket of ``keys`` holding at
    most ``max_bucket`` documents (a bigger bucket is a shared phrase, not a copy: it links nobody),
    as an ``(m, 2)`` array in sorted order. Vectorised: a sort of the keys, then every run of equal
    keys, grouped by its size."""
    import numpy as np

    if len(keys) < 2:
        return np.zeros((0, 2), np.int64)
    order = np.lexsort((keys.docs,) + tuple(keys.values[:, r] for r in range(keys.values.shape[1] - 1, -1, -1)) + (keys.bands,))
    bands, values, docs = keys.bands[order], keys.values[order], keys.docs[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (bands[1:] != bands[:-1]) | (values[1:] != values[:-1]).any(axis=1)
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, len(order)))
    out = [np.zeros((0, 2), np.int64)]
    for size in np.unique(sizes[(sizes > 1) & (sizes <= max_bucket)]):
        first = starts[sizes == size]
        a, b = np.triu_indices(int(size), 1)
        out.append(np.stack([docs[first[:, None] + a[None, :]].ravel(), docs[first[:, None] + b[None, :]].ravel()], axis=1))
    pairs = np.concatenate(out).astype(np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    """The text's lower-cased word ``size``-grams, in order, words joined by a space (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))] if words else []


def shingle_hashes(text: str, size: int = SHINGLE) -> set[int]:
    """32-bit BLAKE2b hashes of :func:`shingles`."""
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in shingles(text, size)}
