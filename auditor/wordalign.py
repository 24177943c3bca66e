"""Cross-lingual word alignment from contextual token vectors (numpy only; takes vectors, not models).

Given the unit token vectors of a source and a target sentence (``auditor.embed.e5_tokens``), the
cosine matrix links tokens the SimAlign way (Jalili Sabet et al. 2020): ``argmax`` keeps the pairs
that are each other's best match in both directions; ``itermax`` repeats that on the tokens still
unlinked, so a token whose best match is taken can still link to its second-best partner.

:func:`token_features` turns the matrix into per-token evidence for the learned error head
(``auditor.detect.learned``): how well a token is matched, whether the match is mutual, how that
compares with the sentence's other tokens, whether the partner would rather match elsewhere, copies
of names and numbers. The same function serves both sides: pass the matrix transposed for the
source (a source token nothing in the target matches is omission evidence; a target token nothing
in the source matches is addition evidence; a matched pair whose similarity is low for its context
is mistranslation evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .quantiles import median

#: names of the columns :func:`token_features` returns, in order
FEATURES = (
    "max_sim", "margin", "max_minus_row_mean", "row_z", "mutual", "itermax", "max_minus_sentence_median",
    "word_min_sim", "word_mean_sim", "neighbour_sim", "distortion", "word_start", "punct", "digit", "capital",
    "copied_word", "number_missing", "sentence_cos", "log_len_ratio", "own_mutual_share", "other_mutual_share",
    "log_len", "partner_prefers_other", "partner_z",
)  # fmt: skip


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosines of the rows of ``a`` (n, d) with the rows of ``b`` (m, d); rows need not be unit."""
    an = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    bn = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return (an @ bn.T).astype(np.float32)


def argmax_links(sim: np.ndarray) -> np.ndarray:
    """(n, m) bool: pairs that are each other's best match (the intersection of both argmaxes)."""
    n, m = sim.shape
    out = np.zeros((n, m), dtype=bool)
    if n == 0 or m == 0:
        return out
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    rows = np.arange(n)
    mutual = bwd[fwd] == rows
    out[rows[mutual], fwd[mutual]] = True
    return out


def itermax_links(sim: np.ndarray, *, max_iter: int = 2) -> np.ndarray:
    """SimAlign's itermax: mutual argmax, then again over the pairs where at least one side is still
    unlinked (pairs of two linked tokens are masked out), ``max_iter`` rounds in all."""
    links = argmax_links(sim)
    n, m = sim.shape
    for _ in range(max_iter - 1):
        row_done = links.any(axis=1)
        col_done = links.any(axis=0)
        if row_done.all() and col_done.all():
            break
        masked = sim.copy()
        masked[np.ix_(row_done, col_done)] = -np.inf  # both already linked
        new = argmax_links(masked) & ~(np.asarray(row_done)[:, None] & np.asarray(col_done)[None, :])
        if not new.any():
            break
        links |= new
    return links


_DIGITS = re.compile(r"\d+")
_WORDCHARS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Side:
    """One sentence's tokens: unit vectors, character offsets into ``text``, word-start flags."""

    text: str
    vectors: np.ndarray  # (n, d) unit rows
    offsets: np.ndarray  # (n, 2)
    starts: np.ndarray  # (n,) bool
    mean: np.ndarray  # (d,) unit sentence vector

    def __len__(self) -> int:
        return int(self.vectors.shape[0])


def word_ids(starts: np.ndarray) -> np.ndarray:
    """Index of the word each token belongs to (a new word at every start)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    s = starts.astype(np.int64).copy()
    s[0] = 1
    return np.cumsum(s) - 1


def words_of(side: Side) -> list[tuple[int, int]]:
    """(start, end) character span of each word (tokens grouped by :func:`word_ids`)."""
    wid = word_ids(side.starts)
    spans: list[tuple[int, int]] = []
    for k in range(int(wid.max()) + 1 if len(wid) else 0):
        idx = np.flatnonzero(wid == k)
        spans.append((int(side.offsets[idx[0], 0]), int(side.offsets[idx[-1], 1])))
    return spans


def token_features(own: Side, other: Side, sim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-token evidence for the tokens of ``own`` against ``other``; ``sim`` is (len(own), len(other)).

    Returns ``(features, partner)``: (n, len(FEATURES)) float32 and, per token, the index of its
    best-matching token on the other side (-1 when the other side is empty)."""
    n, m = sim.shape
    f = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return f, np.zeros(0, dtype=np.int64)
    wid = word_ids(own.starts)
    own_words = words_of(own)
    other_text = other.text
    other_lower = other_text.lower()
    other_digits = set(_DIGITS.findall(re.sub(r"(?<=\d)[.,'’ ](?=\d{3})", "", other_text)))
    sent_cos = float(own.mean @ other.mean) if len(own.mean) == len(other.mean) else 0.0
    col = f.T  # column views
    if m == 0:
        partner = np.full(n, -1, dtype=np.int64)
        col[FEATURES.index("distortion")] = 1.0
    else:
        partner = sim.argmax(axis=1)
        best = sim[np.arange(n), partner]
        if m > 1:
            second = np.partition(sim, m - 2, axis=1)[:, m - 2]
        else:
            second = np.full(n, -1.0, dtype=np.float32)
        mean = sim.mean(axis=1)
        std = sim.std(axis=1) + 1e-6
        mutual = argmax_links(sim)
        iterm = itermax_links(sim)
        col[0] = best
        col[1] = best - second
        col[2] = best - mean
        col[3] = (best - mean) / std
        col[4] = mutual.any(axis=1)
        col[5] = iterm.any(axis=1)
        col[6] = best - median(best)
        for k in range(int(wid.max()) + 1):
            idx = wid == k
            col[7][idx] = best[idx].min()
            col[8][idx] = best[idx].mean()
        kernel = np.array([1.0, 1.0, 0.0, 1.0, 1.0], dtype=np.float32)
        cnt = np.convolve(np.pad(np.ones(n, dtype=np.float32), 2), kernel, mode="valid")
        col[9] = np.convolve(np.pad(best, 2), kernel, mode="valid") / np.maximum(cnt, 1.0)
        col[10] = np.abs((np.arange(n) + 0.5) / n - (partner + 0.5) / m)
        # the partner's own best match: how much more it likes another token of ours
        partner_best = sim[:, partner].max(axis=0)
        col[22] = partner_best - best
        pcol = sim[:, partner]  # (n, n): column of each token's partner
        col[23] = (best - pcol.mean(axis=0)) / (pcol.std(axis=0) + 1e-6)
        col[20] = mutual.any(axis=0).mean()
        col[19] = mutual.any(axis=1).mean()
    col[11] = own.starts
    text = own.text
    for i in range(n):
        a, b = int(own.offsets[i, 0]), int(own.offsets[i, 1])
        piece = text[a:b]
        col[12][i] = not any(ch.isalnum() for ch in piece)
        col[13][i] = any(ch.isdigit() for ch in piece)
    for k, (a, b) in enumerate(own_words):
        word = text[a:b]
        idx = wid == k
        core = "".join(_WORDCHARS.findall(word))
        col[14][idx] = word[:1].isupper()
        if len(core) >= 3 and core.lower() in other_lower:
            col[15][idx] = 1.0
        digits = _DIGITS.findall(re.sub(r"(?<=\d)[.,'’ ](?=\d{3})", "", word))
        if digits and any(d not in other_digits for d in digits):
            col[16][idx] = 1.0
    col[17] = sent_cos
    col[18] = np.log((n + 1) / (m + 1))
    col[21] = np.log(n + 1)
    return f, partner


def token_labels(offsets: np.ndarray, spans: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Per token, the largest weight of a labelled character span it overlaps (0 when none)."""
    lab = np.zeros(len(offsets), dtype=np.float32)
    for a, b, w in spans:
        hit = (offsets[:, 0] < b) & (offsets[:, 1] > a)
        lab[hit] = np.maximum(lab[hit], w)
    return lab
