"""Lexical anchor vectors: what a translation carries over unchanged.

Numbers, and names written with a capital letter, survive translation character for character
("8603 m", "Lhotse"/"Lhotsé", "Chomo-Lungma"). A sentence's anchor vector is a hashed bag of such
tokens (accents stripped, case folded, names cut to their first six letters so that inflected and
accented forms meet), L2-normalised; a sentence without anchors gets a zero row. The aligner mixes
the anchor cosine into its DP score where both sides have anchors (``AlignParams.anchor_weight``);
bead similarities, thresholds and findings stay purely semantic.

Pure Python and numpy; deterministic (CRC-32 hashing, no salt).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from ..text import WORD_CHARS, strip_accents, words

ANCHOR_DIM = 256
NAME_PREFIX = 6
MIN_NAME = 4

def anchor_tokens(text: str) -> list[str]:
    """The anchors of ``text``: tokens with a digit, and capitalised words of 4+ letters (prefix 6)."""
    out = []
    for tok in words(strip_accents(text), WORD_CHARS):
        if any(ch.isdigit() for ch in tok):
            out.append("#" + tok)
        elif len(tok) >= MIN_NAME and tok[0].isupper():
            out.append(tok.lower()[:NAME_PREFIX])
    return out


def anchor_vectors(texts: Sequence[str], dim: int = ANCHOR_DIM) -> np.ndarray:
    """(len(texts), dim) float32: unit rows, or zero rows for texts without anchors."""
    return _unit_rows(_anchor_counts(texts, dim))


def window_anchor_vectors(sentences: Sequence[str], windows: Sequence[tuple[int, int]], dim: int = ANCHOR_DIM) -> np.ndarray:
    """:func:`anchor_vectors` of the windows ``(start, size)`` of ``sentences`` joined by spaces,
    from each sentence's counts: a joined text's anchors are its sentences' anchors (words never
    cross the joining space), so this equals anchoring the joined texts, at the cost of the sentences."""
    counts = _anchor_counts(sentences, dim).astype(np.float64)
    cum = np.concatenate([np.zeros((1, dim)), np.cumsum(counts, axis=0)])
    starts = np.array([w[0] for w in windows], dtype=np.int64)
    ends = starts + np.array([w[1] for w in windows], dtype=np.int64)
    return _unit_rows((cum[ends] - cum[starts]).astype(np.float32))


def _anchor_counts(texts: Sequence[str], dim: int) -> np.ndarray:
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for tok in anchor_tokens(text):
            out[row, zlib.crc32(tok.encode("utf-8")) % dim] += 1.0
    return out


def _unit_rows(out: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out
