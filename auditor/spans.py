"""The vectors a document is aligned on: every run of 1..``max_span`` consecutive sentences.

segments -> vectors. One function per step, each taking an embedder and returning
:class:`~auditor.align.SpanVectors`; :class:`auditor.api.Auditor` calls them with its config.

``window_vectors="embed"`` gives each run of 2..3 sentences the embedding of its joined text,
so n-m beads are compared by meaning. :func:`auditor.embed.base.embed_windows` computes them:
USE-m from its sentences' token rows at about the cost of the sentences (exact, see
:mod:`auditor.embed.usem_windows`), any other model by embedding each run's text. ``"sum"``
embeds sentences only and adds their vectors.

A document of more than ``LONG_DOCUMENT_SENTENCES`` sentences gets its sentences embedded in
batches (with a progress bar on a terminal) and its windows summed; :func:`embed_needed_windows`
then embeds the windows the alignment can use, so time grows linearly with the documents (issue 12).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .errors import UsageError

if TYPE_CHECKING:
    from .align import AlignParams, SpanVectors
    from .embed.base import Embedder
    from .types import Alignment, Segmentation

#: Over this many sentences, a document's multi-sentence windows are embedded only where the
#: alignment can use them (:func:`embed_needed_windows`); shorter ones get every window.
LONG_DOCUMENT_SENTENCES = 400
#: A 1-1 bead at or above this level of the pair's scale (chance 0, typical counterpart 1) is confident.
CONFIDENT_RELATIVE = 0.75
EMBED_BATCH = 256  # texts per embedding call for long documents (progress and bounded memory)


def span_vectors(embedder: "Embedder", seg: "Segmentation", *, max_span: int, window_vectors: str) -> "SpanVectors":
    """Vectors and lexical anchors of every run of 1..``max_span`` consecutive sentences of ``seg``."""
    from .align import SpanVectors
    from .embed.anchors import anchor_vectors, window_anchor_vectors
    from .embed.base import embed_windows

    texts = seg.texts
    lengths = np.array([len(t) for t in texts], dtype=np.float32)
    if window_vectors == "sum":
        vecs = embedder.embed(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
        return SpanVectors.from_sentence_vectors(vecs, lengths, max_span=max_span, anchors=anchor_vectors(texts))
    if window_vectors != "embed":
        raise UsageError(f"unknown window_vectors {window_vectors!r}", fix="use 'embed' or 'sum'", code="A210")
    windows = [(i, k) for k in range(1, max_span + 1) for i in range(max(0, len(texts) - k + 1))]
    bounds, at = [], 0
    for k in range(1, max_span + 1):
        bounds.append((at, at + max(0, len(texts) - k + 1)))
        at = bounds[-1][1]
    lexical = window_anchor_vectors(texts, windows)
    anchors = tuple(lexical[a:b] for a, b in bounds)
    if len(texts) > LONG_DOCUMENT_SENTENCES:
        vecs = _embed_batched(embedder, texts, desc=f"embedding {seg.doc_id}: sentences")
        return SpanVectors(SpanVectors.from_sentence_vectors(vecs, lengths, max_span=max_span).runs, lengths, anchors)
    vecs = embed_windows(embedder, texts, windows) if windows else np.zeros((0, embedder.dim), dtype=np.float32)
    runs = tuple(np.ascontiguousarray(vecs[a:b], dtype=np.float32).reshape(b - a, embedder.dim) for a, b in bounds)
    return SpanVectors(runs, lengths, anchors)


def embed_needed_windows(
    embedder: "Embedder",
    segs: "tuple[Segmentation, Segmentation]",
    vectors: "tuple[SpanVectors, SpanVectors]",
    params: "AlignParams",
    *,
    align_mode: str,
    window_vectors: str,
) -> "tuple[SpanVectors, SpanVectors]":
    """Embed the multi-sentence windows of long documents where the alignment can use them.

    :func:`span_vectors` sums the windows of a document over ``LONG_DOCUMENT_SENTENCES``
    sentences. The pair is aligned once on those; around every bead that is not a confident 1-1
    match (n-m beads, omissions, additions, 1-1 beads under ``CONFIDENT_RELATIVE`` of the pair's
    scale, moved beads), one sentence either side, each window is embedded from its text and
    replaces its sum. Elsewhere a sentence already has a clear counterpart and a window could not
    win the DP. Short documents, and ``window_vectors="sum"``, are returned unchanged.
    """
    from .align import SpanVectors, align

    long = [len(seg.texts) > LONG_DOCUMENT_SENTENCES for seg in segs]
    if window_vectors != "embed" or not any(long) or vectors[0].max_span < 2:
        return vectors
    first = align(vectors[0], vectors[1], mode=align_mode, params=params)
    marked = _uncertain_sentences(first, vectors[0].n, vectors[1].n, params)
    out = []
    for seg, sv, is_long, mark in zip(segs, vectors, long, marked):
        if not is_long:
            out.append(sv)
            continue
        wanted = [(k, i) for k in range(2, sv.max_span + 1) for i in _windows_touching(mark, k)]
        vecs = _embed_batched(embedder, seg.texts, desc=f"embedding {seg.doc_id}: windows", windows=[(i, k) for k, i in wanted])
        runs = [sv.runs[0]] + [np.array(r, dtype=np.float32, copy=True) for r in sv.runs[1:]]
        for (k, i), v in zip(wanted, vecs):
            runs[k - 1][i] = v
        out.append(SpanVectors(tuple(runs), sv.lengths, sv.anchors))
    return out[0], out[1]


def _embed_batched(
    embedder: "Embedder", texts: Sequence[str], *, desc: str, windows: "Sequence[tuple[int, int]] | None" = None
) -> np.ndarray:
    """Embed ``texts`` (or, given ``windows``, those runs of them) in batches of ``EMBED_BATCH``,
    with a progress bar on a terminal."""
    from .embed.base import embed_windows
    from .progress import Progress

    n = len(texts) if windows is None else len(windows)
    out = np.zeros((n, embedder.dim), dtype=np.float32)
    with Progress(n, desc=desc) as bar:
        for a in range(0, n, EMBED_BATCH):
            if windows is None:
                batch = embedder.embed(list(texts[a : a + EMBED_BATCH]))
            else:
                batch = embed_windows(embedder, texts, windows[a : a + EMBED_BATCH])
            out[a : a + len(batch)] = batch
            bar.update(len(batch))
    return out


def _uncertain_sentences(alignment: "Alignment", n: int, m: int, params: "AlignParams") -> tuple[np.ndarray, np.ndarray]:
    """Source and target sentences (boolean masks) near a bead that is not a confident 1-1 match."""
    level = alignment.scale.cosine_at(CONFIDENT_RELATIVE) if alignment.scale is not None else None
    level = params.match_threshold if level is None else level
    marks = (np.zeros(n + 1, dtype=bool), np.zeros(m + 1, dtype=bool))
    last = [-1, -1]  # last sentence seen on each side, where a one-sided bead sits on the other
    for b in alignment.beads:
        sure = len(b.src) == 1 and len(b.tgt) == 1 and not b.moved and (b.similarity or 0.0) >= level
        for side, idx in enumerate((b.src, b.tgt)):
            lo, hi = (min(idx), max(idx)) if idx else (last[side], last[side] + 1)
            if not sure:
                marks[side][max(0, lo - 1) : hi + 2] = True
            if idx:
                last[side] = max(last[side], hi)
    return marks[0][:n], marks[1][:m]


def _windows_touching(mark: np.ndarray, k: int) -> list[int]:
    """Start indices of the windows of ``k`` sentences that hold at least one marked sentence."""
    if len(mark) < k:
        return []
    cum = np.concatenate([[0], np.cumsum(mark, dtype=np.int64)])
    return np.flatnonzero(cum[k:] - cum[:-k] > 0).tolist()
