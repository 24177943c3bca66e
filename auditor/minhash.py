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

        ``bands``: only these bands (a shard of the work: the union over shards of all bands is the whole answer)."""
        buckets: dict[tuple[int, bytes], list[int]] = {}
        for i, sig in enumerate(signatures):
            if int(sig.min()) == self.PRIME:
                continue
            for band in range(self.bands) if bands is None else bands:
                key = (band, sig[band * self.rows : (band + 1) * self.rows].tobytes())
                buckets.setdefault(key, []).append(i)
        pairs: set[tuple[int, int]] = set()
        for members in buckets.values():
            if 1 < len(members) <= self.max_bucket:
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        pairs.add((members[x], members[y]))
        return pairs


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    """The text's lower-cased word ``size``-grams, in order, words joined by a space (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))] if words else []


def shingle_hashes(text: str, size: int = SHINGLE) -> set[int]:
    """32-bit BLAKE2b hashes of :func:`shingles`."""
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in shingles(text, size)}
