"""A document pair's own scale, and the alignment mode read on it. numpy only, like :mod:`auditor.align`.

:func:`measure_scale` finds the pair's chance level (cosines of sentence pairs that are not each other's best
match) and its typical counterpart level (the median cosine of clear mutual best matches);
:func:`choose_mode` decides from the structure of those matches whether the target is a translation or
close version (monotonic) or a rewrite. The vector-matching primitives both rest on (mutual best matches,
repeated sources, the longest run in order) are here too, and :mod:`auditor.align` uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .quantiles import median
from .types import PairScale

if TYPE_CHECKING:
    from .align import AlignParams, SpanVectors

NEAR_IDENTICAL = 0.98  # cosine at which two sentences of one document count as copies of each other


def random_cosine(src: "SpanVectors", tgt: "SpanVectors", samples: int = 2000, seed: int = 0) -> float:
    """Mean cosine of random source/target sentence pairs: what 'unrelated' looks like for this
    model and this document pair (the scale the costs are measured against, as in Vecalign)."""
    if src.n == 0 or tgt.n == 0:
        return 0.0
    rng = np.random.default_rng(seed)
    i = rng.integers(0, src.n, samples)
    j = rng.integers(0, tgt.n, samples)
    return float(np.einsum("ij,ij->i", src.runs[0][i], tgt.runs[0][j]).mean())


def measure_scale(src: "SpanVectors", tgt: "SpanVectors", samples: int = 4000, seed: int = 0) -> PairScale:
    """This pair's chance level (sentence pairs that are not each other's best match) and typical
    counterpart level (the median cosine of mutual best matches at least ``PairScale.CLEAR_Z``
    spreads above chance)."""
    return _measure(src, tgt, samples, seed)[0]


Clear = tuple[list[tuple[int, int]], np.ndarray]  # clear counterparts (source, target) and their cosines


def _measure(src: "SpanVectors", tgt: "SpanVectors", samples: int = 4000, seed: int = 0) -> tuple[PairScale, Clear]:
    """The pair's scale and the clear counterparts it was read from (the mode decision reuses them)."""
    if src.n == 0 or tgt.n == 0:
        return PairScale(0.0, 0.0, None, 0), ([], np.zeros(0))
    chance, spread = _chance_level(src.runs[0], tgt.runs[0], samples, seed)
    pairs = confident_matches(src.runs[0], tgt.runs[0], chance + PairScale.CLEAR_Z * spread)
    cos = np.array([float(src.runs[0][a] @ tgt.runs[0][b]) for a, b in pairs], dtype=np.float64)
    counterpart = median(cos) if len(pairs) >= PairScale.MIN_CLEAR else None
    return PairScale(chance, spread, counterpart, len(pairs)), (pairs, cos)


def _chance_level(s: np.ndarray, t: np.ndarray, samples: int, seed: int, full_cells: int = 250_000) -> tuple[float, float]:
    """Mean and standard deviation of the cosines of sentence pairs that are *not* each other's best
    match. A short news story has few sentences, so random pairs would often hit the true counterpart
    (one pair in five for a five-sentence story) and inflate the spread: each sentence's best match in
    either direction is left out. Large pairs are sampled by rows (best match left out per row)."""
    n, m = s.shape[0], t.shape[0]
    if n * m <= full_cells:
        sims = s @ t.T
        keep = np.ones(sims.shape, dtype=bool)
        keep[np.arange(n), sims.argmax(axis=1)] = False
        keep[sims.argmax(axis=0), np.arange(m)] = False
        rest = sims[keep] if keep.sum() >= 3 else sims.ravel()
    else:
        rng = np.random.default_rng(seed)
        rows = rng.choice(n, size=min(n, max(1, samples // max(1, m) + 1)), replace=False)
        sims = s[rows] @ t.T
        keep = np.ones(sims.shape, dtype=bool)
        keep[np.arange(len(rows)), sims.argmax(axis=1)] = False
        rest = sims[keep]
    return float(rest.mean()), float(rest.std())


def choose_mode(
    src: SpanVectors, tgt: SpanVectors, params: AlignParams, *, scale: PairScale | None = None, clear: Clear | None = None
) -> tuple[str, str]:
    """Decide between monotonic and rewrite alignment from the structure of the matches.

    Everything is read on this pair's own scale (:func:`measure_scale`): a *clear* counterpart is a
    mutual best match ``PairScale.CLEAR_Z`` spreads above the pair's chance level, a *strong* one is
    at or above the median clear counterpart. It is a translation or close version (monotonic) when
    clear counterparts cover at least ``min_confident_share`` of the shorter side, at most
    ``crossing_share`` of the strong ones cross the others' order, and at most ``repeated_share`` of
    the clear ones are source sentences repeated in the target (a "Key Takeaways" box). The reason
    says what was measured.
    """
    if scale is None or clear is None:
        scale, clear = _measure(src, tgt)
    pairs, cos = clear
    floor = scale.chance + PairScale.CLEAR_Z * scale.spread
    n_min = min(src.n, tgt.n)
    level = f"chance {scale.chance:.2f}±{scale.spread:.2f}"
    if len(pairs) < max(2.0, params.min_confident_share * n_min):
        return "rewrite", (
            f"auto: {len(pairs)} of {n_min} sentences have a clear counterpart (a mutual best match at cosine "
            f">= {floor:.2f}, {PairScale.CLEAR_Z:g} spreads above this pair's {level}): not a translation or "
            "close version of the source, so only strong matches are aligned -> rewrite"
        )
    if len(pairs) < 3:
        return "monotonic", f"auto: {len(pairs)} clear counterparts, in order -> monotonic"
    strong_level = median(cos)
    strong = [p for p, c in zip(pairs, cos) if c >= strong_level]
    src_order = [i for _, i in sorted((j, i) for i, j in strong)]
    crossing = len(strong) - len(longest_nondecreasing(src_order))
    share = crossing / max(1, len(strong))
    dup = _duplicated_sources(src.runs[0], tgt.runs[0], strong_level)
    dup_share = dup / len(pairs)
    facts = (
        f"{len(pairs)} of {n_min} sentences have a clear counterpart ({level}); {crossing} of the {len(strong)} "
        f"strong ones (cosine >= {strong_level:.2f}) cross ({share:.0%}); {dup} source sentences repeated ({dup_share:.0%})"
    )
    if share > params.crossing_share or dup_share > params.repeated_share:
        return "rewrite", f"auto: {facts} -> rewrite"
    return "monotonic", f"auto: {facts} -> translation or close version, in order -> monotonic"


# --------------------------------------------------------------------------- helpers


def _chunked_best(queries: np.ndarray, keys: np.ndarray, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Best key index and cosine for each query row, in chunks (memory O(chunk · len(keys)))."""
    idx = np.empty(queries.shape[0], dtype=np.int64)
    val = np.empty(queries.shape[0], dtype=np.float32)
    for s in range(0, queries.shape[0], chunk):
        block = queries[s : s + chunk] @ keys.T
        idx[s : s + chunk] = block.argmax(axis=1)
        val[s : s + chunk] = block.max(axis=1)
    return idx, val


def confident_matches(a: np.ndarray, b: np.ndarray, threshold: float, chunk: int = 2048) -> list[tuple[int, int]]:
    """Mutual best pairs (i, j) with cosine >= threshold."""
    if a.shape[0] == 0 or b.shape[0] == 0:
        return []
    best_b_for_a = _chunked_best(a, b, chunk)
    best_a_for_b = _chunked_best(b, a, chunk)
    pairs = []
    for i in range(a.shape[0]):
        j = int(best_b_for_a[0][i])
        if best_b_for_a[1][i] >= threshold and int(best_a_for_b[0][j]) == i:
            pairs.append((i, j))
    return pairs


def _duplicated_sources(a: np.ndarray, b: np.ndarray, threshold: float, chunk: int = 1024) -> int:
    """Source sentences matched by more non-adjacent target sentences than the source itself has copies of."""
    idx, val = _chunked_best(b, a)
    seen: dict[int, list[int]] = {}
    for j, (i, v) in enumerate(zip(idx, val)):
        if v >= threshold:
            seen.setdefault(int(i), []).append(j)
    # a source is its own copy, so only one matched by two or more spread-out targets can count; their
    # copies are counted in blocks (one matrix product, not a pass over the document per source)
    cands = [i for i, js in seen.items() if len(js) > 1 and max(js) - min(js) > 1]
    dup = 0
    for s in range(0, len(cands), chunk):
        block = cands[s : s + chunk]
        copies = (a[block] @ a.T >= NEAR_IDENTICAL).sum(axis=1)
        dup += sum(1 for i, c in zip(block, copies) if len(seen[i]) > int(c))
    return dup


def longest_nondecreasing(seq: list[int]) -> list[int]:
    """Positions of one longest non-decreasing subsequence of ``seq`` (patience sorting, O(n log n))."""
    import bisect

    tails: list[int] = []
    tails_pos: list[int] = []
    prev = [-1] * len(seq)
    for p, x in enumerate(seq):
        k = bisect.bisect_right(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_pos.append(p)
        else:
            tails[k] = x
            tails_pos[k] = p
        prev[p] = tails_pos[k - 1] if k > 0 else -1
    out = []
    p = tails_pos[-1] if tails_pos else -1
    while p >= 0:
        out.append(p)
        p = prev[p]
    return out[::-1]
