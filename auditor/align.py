"""Sentence alignment over vectors. numpy only: this module never sees a model.

Two aligners share one input type, :class:`SpanVectors` (unit vectors of every run of
1..``max_span`` consecutive sentences of a document):

* **monotonic**: dynamic programming with beads 1-1, 1-2, 2-1, 2-2, 1-0, 0-1, for
  translations that keep the order. It runs coarse-to-fine: the documents are
  summarised into blocks, the blocks are aligned, and the fine DP runs only in a band of
  ``window`` sentences around the projected coarse path, so time and memory are
  O(n·window) rather than O(n·m).
* **rewrite**: for spun or re-edited versions whose paragraphs were moved or repeated.
  Every target span is matched to its best source span if that is above the model's
  match threshold; beads may cross (they are marked ``moved``), one source sentence may
  be matched by several target sentences (duplicates), and what matches nothing stays
  unmatched.

``auto`` looks at the confident one-to-one matches first and chooses: if a noticeable
share of them cross, or some source sentence is repeated, it is a rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .types import Alignment, Bead

NEAR_IDENTICAL = 0.98  # cosine at which two sentences of one document count as copies of each other
TIE = 0.01  # cosines this close to the best count as ties in rewrite matching

BEAD_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))


@dataclass(frozen=True)
class SpanVectors:
    """Vectors of sentence runs: ``runs[k-1][i]`` is the unit vector of sentences ``i..i+k-1``.

    ``lengths[i]`` is the character length of sentence *i* (for the length-ratio term).
    """

    runs: tuple[np.ndarray, ...]
    lengths: np.ndarray

    def __post_init__(self) -> None:
        if not self.runs:
            raise ValueError("SpanVectors needs at least the single-sentence vectors")
        n = self.runs[0].shape[0]
        for k, arr in enumerate(self.runs, start=1):
            if arr.ndim != 2 or arr.shape[0] != max(0, n - k + 1):
                raise ValueError(f"runs[{k - 1}] has shape {arr.shape}; expected ({max(0, n - k + 1)}, dim)")
            if arr.dtype != np.float32:
                raise ValueError(f"runs[{k - 1}] must be float32, got {arr.dtype}")
        if len(self.lengths) != n:
            raise ValueError(f"lengths has {len(self.lengths)} entries for {n} sentences")

    @property
    def n(self) -> int:
        return int(self.runs[0].shape[0])

    @property
    def dim(self) -> int:
        return int(self.runs[0].shape[1])

    @property
    def max_span(self) -> int:
        return len(self.runs)

    def span(self, start: int, size: int) -> np.ndarray:
        return self.runs[size - 1][start]

    @classmethod
    def from_sentence_vectors(
        cls, vectors: np.ndarray, lengths: np.ndarray | list[int] | None = None, *, max_span: int = 2
    ) -> "SpanVectors":
        """Approximate run vectors by the normalised sum of sentence vectors (for tests and
        hand-made inputs; the pipeline embeds the concatenated text instead)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        n = vectors.shape[0]
        runs = [vectors]
        for k in range(2, max_span + 1):
            if n - k + 1 <= 0:
                runs.append(np.zeros((0, vectors.shape[1]), dtype=np.float32))
                continue
            acc = sum(vectors[o : n - k + 1 + o] for o in range(k))
            runs.append(_normalise(np.asarray(acc, dtype=np.float32)))
        lens = np.ones(n, dtype=np.float32) if lengths is None else np.asarray(lengths, dtype=np.float32)
        return cls(tuple(runs), lens)


@dataclass(frozen=True)
class AlignParams:
    """Knobs of the aligner. Defaults are starting values; thresholds come from the model registry."""

    window: int = 12  # half-width of the fine DP band, in sentences
    # cost of leaving one sentence unaligned (1-0 / 0-1). Pairing two sentences beats skipping
    # both when 1 - cosine < 2 * skip, i.e. when their cosine is above 1 - 2 * skip: see for_thresholds().
    skip: float = 0.35
    merge_penalty: float = 0.1  # extra cost per extra sentence in an n-m bead
    length_weight: float = 0.15  # weight of |log length ratio| in a bead's cost
    match_threshold: float = 0.5  # cosine of a confident match (auto mode's evidence)
    rewrite_threshold: float = 0.5  # cosine at which a rewrite-mode bead is made
    crossing_share: float = 0.12  # auto: share of crossing confident matches that means "rewrite"
    min_confident_share: float = 0.2  # auto: fewer confident matches than this share of the shorter side: rewrite
    coarse_block: int = 8  # sentences per block in the coarse pass
    full_dp_cells: int = 250_000  # below n·m this many cells, the DP runs over the whole matrix

    @classmethod
    def for_thresholds(cls, *, match: float, shift: float, unrelated: float, window: int = 12) -> "AlignParams":
        """Parameters for a model's calibrated cosines (``models/registry.toml``).

        Monotonic mode pairs sentences only above ``unrelated``. Rewrite mode, where nothing
        but the content ties a target sentence to a source sentence and versions of one story
        share their topic, makes a bead only halfway between ``shift`` (STS gold ≥ 3) and
        ``match`` (gold ≥ 4): a provisional rule until beads carry calibrated confidences.
        """
        return cls(
            window=window,
            skip=(1.0 - unrelated) / 2.0,
            match_threshold=match,
            rewrite_threshold=(shift + match) / 2.0,
        )


# --------------------------------------------------------------------------- public entry


def align(src: SpanVectors, tgt: SpanVectors, *, mode: str = "auto", params: AlignParams | None = None) -> Alignment:
    """Align two documents' sentence vectors. ``mode`` is ``auto``, ``monotonic`` or ``rewrite``.

    An unaligned sentence's bead (1-0 or 0-1) carries as ``similarity`` the best cosine it
    has with any single sentence of the other document: the evidence that it is really
    missing there, not merely moved.
    """
    params = params or AlignParams()
    if mode not in ("auto", "monotonic", "rewrite"):
        raise ValueError(f"unknown alignment mode {mode!r}")
    if src.dim != tgt.dim and src.n and tgt.n:
        raise ValueError(f"source vectors have dimension {src.dim}, target {tgt.dim}: embed both with one model")
    if src.n == 0 or tgt.n == 0:
        beads = tuple(Bead((i,), ()) for i in range(src.n)) + tuple(Bead((), (j,)) for j in range(tgt.n))
        return Alignment(beads, "monotonic", mode, "one side is empty", None)
    chosen, reason = mode, "requested"
    if mode == "auto":
        chosen, reason = choose_mode(src, tgt, params)
    if chosen == "monotonic":
        beads = _with_best_counterparts(align_monotonic(src, tgt, params), src, tgt)
        threshold = 1.0 - 2.0 * params.skip
    else:
        beads, threshold = align_rewrite(src, tgt, params), params.rewrite_threshold
    return Alignment(tuple(beads), chosen, mode, reason, threshold)


def _with_best_counterparts(beads: list[Bead], src: SpanVectors, tgt: SpanVectors) -> list[Bead]:
    best_t = _chunked_best(tgt.runs[0], src.runs[0])[1]
    best_s = _chunked_best(src.runs[0], tgt.runs[0])[1]
    out = []
    for b in beads:
        if b.src and not b.tgt:
            b = Bead(b.src, (), float(best_s[b.src[0]]))
        elif b.tgt and not b.src:
            b = Bead((), b.tgt, float(best_t[b.tgt[0]]))
        out.append(b)
    return out


def choose_mode(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> tuple[str, str]:
    """Decide between monotonic and rewrite alignment from the confident one-to-one matches."""
    pairs = confident_matches(src.runs[0], tgt.runs[0], params.match_threshold)
    n_min = min(src.n, tgt.n)
    if len(pairs) < max(2.0, params.min_confident_share * n_min):
        return "rewrite", (
            f"auto: only {len(pairs)} confident matches for {n_min} sentences: not a translation or close "
            "version of the source, so only strong matches are aligned -> rewrite"
        )
    if len(pairs) < 3:
        return "monotonic", f"auto: {len(pairs)} confident matches, in order -> monotonic"
    src_order = [i for _, i in sorted((j, i) for i, j in pairs)]
    keep = longest_nondecreasing(src_order)
    crossing = len(pairs) - len(keep)
    share = crossing / len(pairs)
    dup = _duplicated_sources(src.runs[0], tgt.runs[0], params.rewrite_threshold)
    facts = f"{crossing} of {len(pairs)} confident matches cross ({share:.0%}), {dup} source sentences repeated"
    if share > params.crossing_share or dup > 0:
        return "rewrite", f"auto: {facts} -> rewrite"
    return "monotonic", f"auto: {facts} -> monotonic"


# --------------------------------------------------------------------------- monotonic DP


def align_monotonic(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> list[Bead]:
    n, m = src.n, tgt.n
    if n * m <= params.full_dp_cells:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    else:
        path = _coarse_path(src, tgt, params)
        lo, hi = _band_around(path, n, m, params.window)
    return _banded_dp(src, tgt, lo, hi, params)


def _coarse_path(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> list[tuple[int, int]]:
    """Align block summaries of both documents and return the path as sentence coordinates."""
    b = params.coarse_block
    cs, sizes_s = _blocks(src, b)
    ct, sizes_t = _blocks(tgt, b)
    coarse_params = AlignParams(
        window=max(4, params.window // 2),
        skip=params.skip,
        merge_penalty=params.merge_penalty,
        length_weight=0.0,
        match_threshold=params.match_threshold,
        coarse_block=params.coarse_block,
        full_dp_cells=params.full_dp_cells,
    )
    coarse = align_monotonic(cs, ct, coarse_params)
    start_s = np.concatenate([[0], np.cumsum(sizes_s)])
    start_t = np.concatenate([[0], np.cumsum(sizes_t)])
    points: list[tuple[int, int]] = [(0, 0)]
    bi = bj = 0
    for bead in coarse:
        bi += len(bead.src)
        bj += len(bead.tgt)
        points.append((int(start_s[bi]), int(start_t[bj])))
    return points


def _blocks(sv: SpanVectors, size: int) -> tuple[SpanVectors, np.ndarray]:
    n = sv.n
    starts = list(range(0, n, size))
    vecs = np.stack([sv.runs[0][s : s + size].sum(axis=0) for s in starts]).astype(np.float32)
    sizes = np.array([min(size, n - s) for s in starts])
    lens = np.array([sv.lengths[s : s + size].sum() for s in starts], dtype=np.float32)
    return SpanVectors.from_sentence_vectors(_normalise(vecs), lens, max_span=2), sizes


def _band_around(path: list[tuple[int, int]], n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """For each source row 0..n, the target columns [lo, hi] within ``window`` of the path."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    # interpolate the (monotonic) path so that every source row has a target position
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        rows = np.arange(i0, i1 + 1)
        if i1 == i0:
            cols_lo, cols_hi = np.array([j0]), np.array([j1])
        else:
            cols = j0 + (rows - i0) / (i1 - i0) * (j1 - j0)
            cols_lo, cols_hi = np.floor(cols).astype(np.int64), np.ceil(cols).astype(np.int64)
        lo[rows] = np.minimum(lo[rows], cols_lo)
        hi[rows] = np.maximum(hi[rows], cols_hi)
    lo = np.clip(lo - window, 0, m)
    hi = np.clip(hi + window, 0, m)
    # make the band connected: a row may reach at most where the next row starts
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    return lo, hi


def _banded_dp(src: SpanVectors, tgt: SpanVectors, lo: np.ndarray, hi: np.ndarray, params: AlignParams) -> list[Bead]:
    """Exact DP restricted to cells (i, j) with lo[i] <= j <= hi[i]. Memory O(sum of band widths)."""
    n, m = src.n, tgt.n
    inf = np.float32(np.inf)
    widths = (hi - lo + 1).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(widths)])
    cost = np.full(int(offsets[-1]), inf, dtype=np.float32)
    back = np.full(int(offsets[-1]), -1, dtype=np.int8)  # index into BEAD_SHAPES

    def row(i: int) -> slice:
        return slice(int(offsets[i]), int(offsets[i + 1]))

    cost[int(offsets[0])] = 0.0  # cell (0, 0): lo[0] == 0
    max_span = min(src.max_span, tgt.max_span)
    shapes = [(a, b) for a, b in BEAD_SHAPES if a <= max_span and b <= max_span]
    skip = np.float32(params.skip)

    for i in range(n + 1):
        jl, jh = int(lo[i]), int(hi[i])
        cols = np.arange(jl, jh + 1)
        best = np.full(cols.shape, inf, dtype=np.float32)
        arg = np.full(cols.shape, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for k, (a, b) in enumerate(shapes):
            if a == 0 or i - a < 0:
                continue  # 0-1 handled by the running minimum below
            pi = i - a
            pj = cols - b
            ok = (pj >= lo[pi]) & (pj <= hi[pi]) & (pj >= 0)
            if not ok.any():
                continue
            prev = np.full(cols.shape, inf, dtype=np.float32)
            prev[ok] = cost[int(offsets[pi]) + (pj[ok] - int(lo[pi]))]
            if b == 0:
                step = np.full(cols.shape, skip, dtype=np.float32)
            else:
                step = np.full(cols.shape, inf, dtype=np.float32)
                valid = ok & (pj + b <= m)
                if valid.any():
                    sv = src.runs[a - 1][pi]
                    tv = tgt.runs[b - 1][pj[valid]]
                    sim = tv @ sv
                    ratio = np.abs(np.log1p(src.lengths[pi : pi + a].sum()) - np.log1p(_run_len(tgt, pj[valid], b)))
                    step[valid] = (1.0 - sim) * ((a + b) / 2.0) + params.merge_penalty * (a + b - 2) + params.length_weight * ratio
            total = prev + step
            better = total < best
            best[better] = total[better]
            arg[better] = k
        # 0-1 beads (skip a target sentence) within the row: running minimum
        k01 = shapes.index((0, 1))
        shifted = best - skip * cols
        run = np.minimum.accumulate(shifted)
        from_left = run < shifted
        best = np.where(from_left, run + skip * cols, best).astype(np.float32)
        arg[from_left] = k01
        cost[row(i)] = best
        back[row(i)] = arg
    return _backtrack(cost, back, offsets, lo, shapes, n, m, src, tgt)


def _run_len(sv: SpanVectors, starts: np.ndarray, size: int) -> np.ndarray:
    total = np.zeros(starts.shape, dtype=np.float32)
    for o in range(size):
        total += sv.lengths[starts + o]
    return total


def _backtrack(cost, back, offsets, lo, shapes, n: int, m: int, src: SpanVectors, tgt: SpanVectors) -> list[Bead]:
    i, j = n, m
    beads: list[Bead] = []
    while i > 0 or j > 0:
        k = int(back[int(offsets[i]) + j - int(lo[i])])
        if k < 0:
            raise RuntimeError(f"alignment backtrack lost its path at ({i}, {j})")
        a, b = shapes[k]
        s = tuple(range(i - a, i))
        t = tuple(range(j - b, j))
        sim = float(src.runs[a - 1][i - a] @ tgt.runs[b - 1][j - b]) if a and b else None
        beads.append(Bead(s, t, sim))
        i, j = i - a, j - b
    beads.reverse()
    return beads


# --------------------------------------------------------------------------- rewrite mode


def align_rewrite(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> list[Bead]:
    """Non-monotonic alignment for rewritten versions: crossing and repeated beads allowed."""
    thr = params.rewrite_threshold
    s1, t1 = src.runs[0], tgt.runs[0]
    sims = _chunked_best(t1, s1)  # for each target sentence: best source sentence and cosine
    has2s = src.max_span >= 2 and src.n >= 2
    best2 = _chunked_best(t1, src.runs[1]) if has2s else None

    # 1. each target sentence to its best source span (1 or 2 sentences); among tied sources
    #    (a headline printed three times) prefer an unused one, then the one after the last match
    matches: dict[int, tuple[tuple[int, ...], float]] = {}
    used: set[int] = set()
    last = -1
    for j in range(tgt.n):
        i, s = _pick_source(s1, t1[j], float(sims[1][j]), used, last)
        span, sim = (i,), s
        if best2 is not None:
            i2, s2 = int(best2[0][j]), float(best2[1][j])
            if s2 > s + 0.03 and min(float(s1[i2] @ t1[j]), float(s1[i2 + 1] @ t1[j])) > thr * 0.6:
                span, sim = (i2, i2 + 1), s2
        if sim >= thr:
            matches[j] = (span, sim)
            used.update(span)
            last = span[-1]

    # 2. consecutive target sentences that split one source sentence become a 1-2 bead: either
    #    both halves matched the same source, or neither matched alone but together they do
    pair_for: dict[int, tuple[int, float]] = {}
    if tgt.max_span >= 2 and tgt.n >= 2:
        pidx, pval = _chunked_best(tgt.runs[1], s1)
        for j in range(tgt.n - 1):
            if j not in matches and j + 1 not in matches and pval[j] >= thr:
                pair_for[j] = (int(pidx[j]), float(pval[j]))
    beads: list[Bead] = []
    j = 0
    while j < tgt.n:
        if j in pair_for and j + 1 not in matches:
            i, sim = pair_for[j]
            beads.append(Bead((i,), (j, j + 1), sim))
            j += 2
            continue
        if j in matches:
            span, sim = matches[j]
            nxt = matches.get(j + 1)
            if tgt.max_span >= 2 and j + 1 < tgt.n and nxt is not None and nxt[0] == span and len(span) == 1:
                joint = float(src.span(span[0], 1) @ tgt.span(j, 2))
                if joint >= max(sim, nxt[1]):
                    beads.append(Bead(span, (j, j + 1), joint))
                    j += 2
                    continue
            beads.append(Bead(span, (j,), sim))
        j += 1

    # 3. beads out of source order are "moved"; unmatched sentences stay unmatched
    order = [b.src[0] for b in beads]
    keep = set(longest_nondecreasing(order))
    beads = [Bead(b.src, b.tgt, b.similarity, b.confidence, moved=(k not in keep)) for k, b in enumerate(beads)]
    covered_src = {i for b in beads for i in b.src}
    covered_tgt = {t for b in beads for t in b.tgt}
    out: list[tuple[float, Bead]] = [(float(b.tgt[0]), b) for b in beads]
    best_src_for_tgt = sims[1]
    best_tgt_for_src = _chunked_best(s1, t1)[1]
    out += [(float(t), Bead((), (t,), float(best_src_for_tgt[t]))) for t in range(tgt.n) if t not in covered_tgt]
    anchor = _omission_anchor(beads, src.n)
    out += [(anchor[i], Bead((i,), (), float(best_tgt_for_src[i]))) for i in range(src.n) if i not in covered_src]
    out.sort(key=lambda kv: (kv[0], kv[1].src[:1] or (-1,)))
    return [b for _, b in out]


def _pick_source(s1: np.ndarray, t: np.ndarray, best: float, used: set[int], last: int) -> tuple[int, float]:
    sims = s1 @ t
    tied = np.flatnonzero(sims >= best - TIE)
    if len(tied) == 1:
        return int(tied[0]), float(sims[tied[0]])
    fresh = [int(i) for i in tied if int(i) not in used] or [int(i) for i in tied]
    pick = min(fresh, key=lambda i: (i <= last, abs(i - (last + 1))))
    return pick, float(sims[pick])


def _omission_anchor(beads: list[Bead], n: int) -> dict[int, float]:
    """Where to list an unmatched source sentence: just after the in-order bead of its predecessor."""
    pos: dict[int, float] = {}
    for b in beads:
        if not b.moved:
            for i in b.src:
                pos[i] = float(b.tgt[-1])
    anchor: dict[int, float] = {}
    last = -1.0
    for i in range(n):
        if i in pos:
            last = pos[i]
        anchor[i] = last + 0.5
    return anchor


def _chunked_best(queries: np.ndarray, keys: np.ndarray, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Best key index and cosine for each query row, in chunks (memory O(chunk · len(keys)))."""
    idx = np.empty(queries.shape[0], dtype=np.int64)
    val = np.empty(queries.shape[0], dtype=np.float32)
    for s in range(0, queries.shape[0], chunk):
        block = queries[s : s + chunk] @ keys.T
        idx[s : s + chunk] = block.argmax(axis=1)
        val[s : s + chunk] = block.max(axis=1)
    return idx, val


# --------------------------------------------------------------------------- helpers


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


def _duplicated_sources(a: np.ndarray, b: np.ndarray, threshold: float) -> int:
    """Source sentences matched by more non-adjacent target sentences than the source itself has copies of."""
    idx, val = _chunked_best(b, a)
    seen: dict[int, list[int]] = {}
    for j, (i, v) in enumerate(zip(idx, val)):
        if v >= threshold:
            seen.setdefault(int(i), []).append(j)
    dup = 0
    for i, js in seen.items():
        copies = int((a @ a[i] >= NEAR_IDENTICAL).sum())
        if len(js) > copies and max(js) - min(js) > 1:
            dup += 1
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


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32)
