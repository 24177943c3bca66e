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

``auto`` decides from the **structure** of the matches, read on the document pair's own scale
(:func:`measure_scale`), never from absolute cosines: the clear counterparts (mutual best matches
well above this pair's chance level) must cover a share of the sentences, and the strong ones must
run in order with no source content repeated; otherwise it is a rewrite. An absolute STS-calibrated
"match" cosine does not transfer: on professional German–French translations only a fifth of the
sentences reach it, and the old rule read them as rewrites. The pair's scale, the mode decision and the
vector-matching primitives they share with the aligners are in :mod:`auditor.scale`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scale import _chunked_best, _measure, choose_mode, longest_nondecreasing, random_cosine
from .types import Alignment, Bead, BeadCalibration, PairScale

# what callers import from here (tests, eval/): the pair's scale lives in auditor.scale
from .scale import NEAR_IDENTICAL, Clear, _duplicated_sources, confident_matches, measure_scale  # noqa: F401

TIE = 0.01  # cosines this close to the best count as ties in rewrite matching

def bead_shapes(src_span: int, tgt_span: int, max_bead: int) -> list[tuple[int, int]]:
    """Bead shapes the DP may use: a-b with 1 <= a <= src_span, 1 <= b <= tgt_span, a + b <= max_bead,
    then the skips 1-0 and 0-1 (always last, in that order)."""
    shapes = [(a, b) for a in range(1, src_span + 1) for b in range(1, tgt_span + 1) if a + b <= max_bead]
    return shapes + [(1, 0), (0, 1)]


@dataclass(frozen=True)
class SpanVectors:
    """Vectors of sentence runs: ``runs[k-1][i]`` is the unit vector of sentences ``i..i+k-1``.

    ``lengths[i]`` is the character length of sentence *i* (for the length-ratio term).
    ``anchors``, optional, has the same shapes as ``runs``: lexical anchor vectors (numbers and
    names, :mod:`auditor.embed.anchors`), zero rows where a run has none.
    """

    runs: tuple[np.ndarray, ...]
    lengths: np.ndarray
    anchors: tuple[np.ndarray, ...] | None = None

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
        if self.anchors is not None:
            if len(self.anchors) != len(self.runs) or any(
                a.shape[0] != r.shape[0] or a.dtype != np.float32 for a, r in zip(self.anchors, self.runs)
            ):
                raise ValueError("anchors must be float32 arrays with one row per run, like runs")

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
        cls,
        vectors: np.ndarray,
        lengths: np.ndarray | list[int] | None = None,
        *,
        max_span: int = 2,
        anchors: np.ndarray | None = None,
    ) -> "SpanVectors":
        """Run vectors as the normalised sum of sentence vectors (``--windows sum``, tests and
        hand-made inputs; by default the pipeline embeds each run's concatenated text instead)."""
        vectors = np.asarray(vectors, dtype=np.float32)
        n = vectors.shape[0]
        lens = np.ones(n, dtype=np.float32) if lengths is None else np.asarray(lengths, dtype=np.float32)
        anchor_runs = None if anchors is None else _summed_runs(np.asarray(anchors, dtype=np.float32), max_span)
        return cls(_summed_runs(vectors, max_span), lens, anchor_runs)

    def with_anchors(self, anchors: tuple[np.ndarray, ...]) -> "SpanVectors":
        return SpanVectors(self.runs, self.lengths, anchors)


def _summed_runs(vectors: np.ndarray, max_span: int) -> tuple[np.ndarray, ...]:
    n = vectors.shape[0]
    runs = [vectors]
    for k in range(2, max_span + 1):
        if n - k + 1 <= 0:
            runs.append(np.zeros((0, vectors.shape[1]), dtype=np.float32))
            continue
        acc = sum(vectors[o : n - k + 1 + o] for o in range(k))
        runs.append(_normalise(np.asarray(acc, dtype=np.float32)))
    return tuple(runs)


@dataclass(frozen=True)
class AlignParams:
    """Knobs of the aligner.

    The monotonic DP's costs are measured against the document pair itself: ``1 - cosine``
    is divided by ``1 - r`` where ``r`` is the mean cosine of random sentence pairs of these
    two documents (what "unrelated" looks like for this model and text), and the length
    term compares a bead's length ratio with the pair's overall ratio. ``skip``,
    ``merge_penalty`` and ``length_weight`` are in those units; their defaults were fitted
    by grid search on the Text+Berg dev document (``python eval/align_textberg.py --fit``),
    never on the test documents.
    """

    window: int = 12  # half-width of the fine DP band around the anchor path, in sentences
    skip: float = 0.8  # cost of leaving one sentence unaligned (1-0 / 0-1), in normalised units
    merge_penalty: float = 0.3  # extra cost per extra sentence in an n-m bead
    length_weight: float = 0.3  # weight of |log(length ratio / the pair's overall ratio)|
    max_bead: int = 5  # largest a + b of an n-m bead (sides up to the vectors' max_span)
    anchor_weight: float = 0.1  # share of the lexical anchor cosine in the DP score (when vectors carry anchors)
    unlink_below: float | None = 0.3  # the model's 'unrelated' cosine: see align_monotonic (None: keep every bead)
    match_threshold: float = 0.5  # cosine of a confident match (anchors, auto mode's evidence)
    rewrite_threshold: float = 0.5  # cosine at which a rewrite-mode bead is made
    crossing_share: float = 0.12  # auto: share of crossing strong matches that means "rewrite"
    min_confident_share: float = 0.4  # auto: fewer clear counterparts than this share of the shorter side: rewrite
    repeated_share: float = 0.05  # auto: more repeated source sentences than this share of the clear counterparts: rewrite
    unlink_relative: float = 0.25  # monotonic: beads below this level of the pair's scale are split (see align_monotonic)
    coarse_block: int = 8  # sentences per block in the coarse pass (long documents)
    coarse_window: int = 24  # half-width of the band in which anchors are searched (long documents)
    full_dp_cells: int = 1_000_000  # up to n·m this many cells, the DP runs over the whole matrix
    calibration: "BeadCalibration | None" = None  # turns bead features into a confidence

    @classmethod
    def for_thresholds(
        cls,
        *,
        match: float,
        shift: float,
        unrelated: float,
        window: int = 12,
        calibration: "BeadCalibration | None" = None,
    ) -> "AlignParams":
        """Parameters for a model's calibrated cosines (``models/registry.toml``).

        Monotonic beads far below ``unrelated`` are split into an omission and an addition
        (see :func:`align_monotonic`). Rewrite mode, where nothing but the content ties a target sentence to a
        source sentence and versions of one story share their topic, makes a bead only halfway
        between ``shift`` (STS gold ≥ 3) and ``match`` (gold ≥ 4).
        """
        return cls(
            window=window,
            match_threshold=match,
            rewrite_threshold=(shift + match) / 2.0,
            unlink_below=unrelated,
            calibration=calibration,
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
    scale, clear = _measure(src, tgt)
    chosen, reason = mode, f"requested (this pair's scale: {scale.describe()})"
    if mode == "auto":
        chosen, reason = choose_mode(src, tgt, params, scale=scale, clear=clear)
    found: list[Bead]
    if chosen == "monotonic":
        found, threshold = align_monotonic(src, tgt, params, scale=scale), _unlink_cosine(src, tgt, params, scale)
    else:
        found, threshold = align_rewrite(src, tgt, params), params.rewrite_threshold
    found = with_confidence(found, src, tgt, params.calibration)
    return Alignment(tuple(found), chosen, mode, reason, threshold, scale)




# --------------------------------------------------------------------------- monotonic DP


def align_monotonic(
    src: SpanVectors, tgt: SpanVectors, params: AlignParams, *, scale: PairScale | None = None
) -> list[Bead]:
    """Order-keeping alignment with n-m beads; unlinked weak beads; best counterparts on 1-0 / 0-1.

    Small pairs (``n·m <= full_dp_cells``) get the exact DP over the whole matrix. Longer
    ones get two passes, each O(n·w): block summaries give a wide band, confident mutual
    best 1-1 matches inside it become anchors, and the exact DP runs in a narrow band
    around the anchor path.

    The DP pairs almost anything rather than skip two sentences at one place (on translations
    that is right far more often than not), so a source sentence replaced by an unrelated one
    would come out as a weak 1-1 bead. Beads whose cosine lies below ``unlink_relative`` (a
    quarter) of the way from this pair's chance level to its typical counterpart
    (:class:`~auditor.types.PairScale`) are split into 1-0 + 0-1: nearer to chance than to anything
    related. The anchors of long documents are mutual best matches at or above the typical
    counterpart. Where the scale cannot be measured, the model's calibrated cosines stand in.
    """
    if scale is not None and scale.counterpart is not None:
        from dataclasses import replace

        params = replace(params, match_threshold=min(params.match_threshold, scale.counterpart))
    beads = _dp_beads(src, tgt, params)
    cut = _unlink_cosine(src, tgt, params, scale)
    if cut is not None:
        beads = _unlink_weak(beads, cut)
    return _with_best_counterparts(beads, src, tgt)


def _unlink_cosine(src: SpanVectors, tgt: SpanVectors, params: AlignParams, scale: PairScale | None) -> float | None:
    """The cosine below which a monotonic bead is split: ``unlink_relative`` of the way from this pair's
    chance level to its typical counterpart, or, where the counterpart level cannot be measured, the
    midpoint between chance and the model's ``unrelated`` cosine."""
    if params.unlink_below is None:
        return None
    if scale is not None:
        cut = scale.cosine_at(params.unlink_relative)
        if cut is not None:
            return cut
    return (random_cosine(src, tgt) + params.unlink_below) / 2.0


def _dp_beads(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> list[Bead]:
    n, m = src.n, tgt.n
    if n * m <= params.full_dp_cells:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    else:
        lo, hi = anchor_band(src, tgt, params)
    return _banded_dp(src, tgt, lo, hi, params)


def anchor_band(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """The narrow band the fine DP runs in: ``window`` around the path through the anchors."""
    n, m = src.n, tgt.n
    coarse = _coarse_path(src, tgt, params)
    wide_lo, wide_hi = _band_around(coarse, n, m, params.coarse_window)
    anchors = find_anchors(src.runs[0], tgt.runs[0], wide_lo, wide_hi, params.match_threshold)
    path = [(0, 0)] + [(i, j) for i, j in anchors] + [(n, m)]
    return _band_around(path, n, m, params.window)


def find_anchors(s: np.ndarray, t: np.ndarray, lo: np.ndarray, hi: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Mutual best 1-1 matches at or above ``threshold`` inside the band, thinned to one increasing chain.

    Only cells with ``lo[i] <= j < hi[i]`` are looked at, so time is O(sum of band widths · dim).
    """
    n, m = s.shape[0], t.shape[0]
    row_best = np.full(n, -1, dtype=np.int64)
    row_val = np.full(n, -np.inf, dtype=np.float32)
    col_best = np.full(m, -1, dtype=np.int64)
    col_val = np.full(m, -np.inf, dtype=np.float32)
    for i in range(n):
        a, b = int(lo[i]), int(min(hi[i] + 1, m))
        if b <= a:
            continue
        sims = t[a:b] @ s[i]
        k = int(sims.argmax())
        row_best[i], row_val[i] = a + k, sims[k]
        better = sims > col_val[a:b]
        col_val[a:b][better] = sims[better]
        col_best[a:b][better] = i
    pairs = [
        (i, int(row_best[i]))
        for i in range(n)
        if row_best[i] >= 0 and row_val[i] >= threshold and col_best[row_best[i]] == i
    ]
    keep = longest_nondecreasing([j for _, j in pairs])
    chain = [pairs[k] for k in keep]
    # strictly increasing in both coordinates
    out: list[tuple[int, int]] = []
    for i, j in chain:
        if not out or (i > out[-1][0] and j > out[-1][1]):
            out.append((i, j))
    return out


def _unlink_weak(beads: list[Bead], below: float) -> list[Bead]:
    """Split beads whose cosine is below ``below`` into 1-0 and 0-1 beads (kept in order)."""
    out: list[Bead] = []
    for b in beads:
        if b.src and b.tgt and b.similarity is not None and b.similarity < below:
            out += [Bead((i,), ()) for i in b.src] + [Bead((), (j,)) for j in b.tgt]
        else:
            out.append(b)
    return out


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


def length_deviation(src: SpanVectors, tgt: SpanVectors, bead: Bead) -> float:
    """|log(length ratio of the bead / length ratio of the whole pair)|: 0 for a bead as long as expected."""
    ratio = tgt.lengths.sum() / max(1.0, float(src.lengths.sum()))
    ls = float(src.lengths[list(bead.src)].sum()) * ratio
    lt = float(tgt.lengths[list(bead.tgt)].sum())
    return abs(float(np.log1p(ls) - np.log1p(lt)))


def with_confidence(beads: list[Bead], src: SpanVectors, tgt: SpanVectors, calib: BeadCalibration | None) -> list[Bead]:
    """Attach the calibrated confidence to each bead (unchanged beads when there is no calibration)."""
    if calib is None:
        return beads
    out = []
    for b in beads:
        if b.similarity is None:
            out.append(b)
            continue
        if b.src and b.tgt:
            p = calib.probability(b.similarity, len(b.src) + len(b.tgt) > 2, length_deviation(src, tgt, b))
        else:
            p = 1.0 - calib.probability(b.similarity)
        out.append(Bead(b.src, b.tgt, b.similarity, round(p, 4), b.moved))
    return out


def _coarse_path(src: SpanVectors, tgt: SpanVectors, params: AlignParams) -> list[tuple[int, int]]:
    """Align block summaries of both documents and return the path as sentence coordinates."""
    b = params.coarse_block
    cs, sizes_s = _blocks(src, b)
    ct, sizes_t = _blocks(tgt, b)
    coarse_params = AlignParams(
        window=params.coarse_window // 2,
        skip=params.skip,
        merge_penalty=params.merge_penalty,
        length_weight=0.0,
        max_bead=4,
        match_threshold=params.match_threshold,
        coarse_block=params.coarse_block,
        full_dp_cells=params.full_dp_cells,
    )
    coarse = _dp_beads(cs, ct, coarse_params)
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
    """For each source row 0..n, the target columns [lo, hi] within ``window`` of the path.

    Between two consecutive path points the band covers their whole rectangle when it is
    small (a gap with omissions or additions), else the straight line between them.
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        rows = np.arange(i0, i1 + 1)
        if (i1 - i0 + 1) * (j1 - j0 + 1) <= 4 * window * window or i1 == i0:
            cols_lo, cols_hi = np.full(rows.shape, j0), np.full(rows.shape, j1)
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
    back = np.full(int(offsets[-1]), -1, dtype=np.int8)  # index into shapes

    shapes = bead_shapes(src.max_span, tgt.max_span, params.max_bead)
    skip = np.float32(params.skip)
    # the pair's own scale: 1 - cosine is measured in units of (1 - mean random-pair cosine)
    r_pair = np.float32(random_cosine(src, tgt))
    scale = np.float32(1.0 / max(1e-3, 1.0 - float(r_pair)))
    len_ratio = np.float32(tgt.lengths.sum() / max(1.0, float(src.lengths.sum())))
    cum_s = np.concatenate([[0.0], np.cumsum(src.lengths)]).astype(np.float32)
    cum_t = np.concatenate([[0.0], np.cumsum(tgt.lengths)]).astype(np.float32)
    use_anchors = params.anchor_weight > 0 and src.anchors is not None and tgt.anchors is not None
    w_anchor = np.float32(params.anchor_weight)

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
                    pv = pj[valid]
                    sim = tgt.runs[b - 1][pv] @ src.runs[a - 1][pi]
                    if use_anchors:
                        assert tgt.anchors is not None and src.anchors is not None
                        sim = _mix_anchors(sim, tgt.anchors[b - 1][pv], src.anchors[a - 1][pi], w_anchor, r_pair)
                    len_s = (cum_s[pi + a] - cum_s[pi]) * len_ratio
                    len_t = cum_t[pv + b] - cum_t[pv]
                    dev = np.abs(np.log1p(len_s) - np.log1p(len_t))
                    step[valid] = (
                        (1.0 - sim) * scale * ((a + b) / 2.0)
                        + params.merge_penalty * (a + b - 2)
                        + params.length_weight * dev
                    )
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
        cost[int(offsets[i]) : int(offsets[i + 1])] = best
        back[int(offsets[i]) : int(offsets[i + 1])] = arg
    return _backtrack(back, offsets, lo, shapes, n, m, src, tgt)


def _mix_anchors(
    sem: np.ndarray, tgt_anchors: np.ndarray, src_anchor: np.ndarray, w: np.float32, r: np.float32
) -> np.ndarray:
    """Mix the anchor cosine into the semantic one, on the pair's own scale.

    With ``z = (sem - r) / (1 - r)`` (0 for a random pair, 1 for identical; ``r`` the pair's
    random-pair cosine, so that models with squeezed cosines like e5 are not swamped by the
    anchors), the mixed score is ``(1-w)·z + w·anchor cosine`` where both sides have anchors,
    ``sqrt(1-w)·z`` where only one side has (a number or name on one side and none on the other
    is weak evidence against the pair), and ``z`` where neither has; mapped back to cosines.
    """
    has_t = np.einsum("ij,ij->i", tgt_anchors, tgt_anchors) > 0
    span = np.float32(max(1e-3, 1.0 - float(r)))
    z = (sem - r) / span
    one_sided = np.sqrt(1 - w) * z
    if not float(src_anchor @ src_anchor) > 0:
        mixed = np.where(has_t, one_sided, z)
    else:
        mixed = np.where(has_t, (1 - w) * z + w * (tgt_anchors @ src_anchor), one_sided)
    return (r + span * mixed).astype(np.float32)


def _backtrack(back, offsets, lo, shapes, n: int, m: int, src: SpanVectors, tgt: SpanVectors) -> list[Bead]:
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
        span: tuple[int, ...] = (i,)
        sim = s
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


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32)
