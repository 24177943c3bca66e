"""Pair evidence for corpus attribution: how much of a target each candidate source carries, in
meaning (sentence vectors on the model's calibrated scale) and in wording (shared word shingles).

:class:`PairEvidence` is the pair-evidence stage's index of the corpus. Each task of that stage
(:func:`auditor.attribute.attribute`) is sent the part that its targets and their candidates need
(:meth:`PairEvidence.subset`; in one process, the whole index by reference). Its products are exact
(:func:`exact_units`), so the evidence is the same bits on any executor, worker, thread count, block
or part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Sequence

from .types import Thresholds

if TYPE_CHECKING:
    import numpy as np

    from .attribute import DocVectors

ThresholdsFor = Callable[[str | None, str | None], Thresholds]


def exact_units(vectors: "np.ndarray") -> tuple["np.ndarray", float]:
    """Unit vectors as whole numbers (float64) of ``2^-b`` each, ``b`` such that any dot product of two rows
    and every partial sum of it is an integer below 2^53, exact in float64 whatever the summation order:
    ``q @ q.T / scale`` is the same bits for every BLAS, thread count, shape, block or alignment (issue 16:
    a score must not depend on where or with what it was computed). Returns ``(q, scale)``."""
    import numpy as np

    arr = np.asarray(vectors, dtype=np.float64)
    bits = (53 - max(1, int(arr.shape[-1])).bit_length()) // 2  # |x| <= 1: a sum of dim products < 2^53
    return np.rint(arr * float(1 << bits)), float(1 << (2 * bits))


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread (products are exact anyway, :func:`exact_units`)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


class ThresholdTable:
    """``thresholds_for`` as a table of the corpus's language pairs (it travels to other processes)."""

    def __init__(self, table: dict[tuple[str | None, str | None], Thresholds]):
        self.table = table

    def __call__(self, a: str | None, b: str | None) -> Thresholds:
        return self.table[(a, b)]


class Ragged:
    """A list of 1-d arrays stored as one flat array and the offsets of each: ``r[i]`` is a view."""

    def __init__(self, parts: "Sequence[np.ndarray]", dtype: Any) -> None:
        import numpy as np

        lens = np.fromiter((len(x) for x in parts), dtype=np.int64, count=len(parts))
        self.starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        self.flat = np.concatenate([np.asarray(x, dtype=dtype) for x in parts]) if len(parts) else np.zeros(0, dtype)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> "np.ndarray":
        return self.flat[self.starts[i] : self.starts[i + 1]]


class Codes:
    """A list of a few distinct values (languages, dates, counts) as one array of codes into them."""

    def __init__(self, values: Sequence[Any]) -> None:
        import numpy as np

        index: dict[Any, int] = {}
        self.codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))
        self.values = list(index)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:
        return self.values[self.codes[i]]


def near_first(targets: Sequence[int], shortlist: Sequence[set[int]]) -> list[int]:
    """``targets`` in breadth-first order of the candidate graph (from the lowest index of each part,
    neighbours in index order): consecutive targets are near each other and share candidates."""
    from collections import deque

    want, seen, out = set(targets), set(), []
    for start in sorted(want):
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            x = queue.popleft()
            if x in want:
                out.append(x)
            for y in sorted(shortlist[x]):
                if y not in seen:
                    seen.add(y)
                    queue.append(y)
    return out


class PairEvidence:
    """Pair evidence for many (candidate source, target) pairs, one matrix product per target.

    All of a target's candidates are compared at once: their sentence vectors side by side, the
    best match of each target sentence per candidate by a segmented maximum, the best match of
    each candidate sentence over the target by a column maximum.
    """

    def __init__(self, items: Sequence[DocVectors], shingles: "Sequence[set[int] | np.ndarray]", thresholds_for: ThresholdsFor):
        import numpy as np

        # what is kept (and cut into a part for each task) lives as long as the run: one
        # table of sentence vectors (shared rows stay shared: a corpus run embeds each distinct sentence
        # once; their whole-number form is made per comparison), each document's rows into it, its
        # shingles and sentence lengths, and the few fields the evidence names; never the texts. All of
        # it is a handful of flat arrays (Ragged, Codes), not Python objects per document: Ray maps
        # arrays from its object store without copying them into each worker (issue 16: as lists of
        # arrays, an evidence worker held 190 MB of its own at 30,000 documents)
        tables = {id(it.vectors): it.vectors for it in items if it.rows is not None}
        if len(tables) == 1 and all(it.rows is not None for it in items):
            self.table = next(iter(tables.values()))
            self.rows = Ragged([np.asarray(it.rows, dtype=np.int64) for it in items], np.int64)
        else:
            units = [it.units for it in items]
            ends = np.cumsum([len(u) for u in units])
            self.table = np.concatenate(units) if units else np.zeros((0, 0), np.float32)
            self.rows = Ragged([np.arange(e - len(u), e) for u, e in zip(units, ends)], np.int64)
        self.langs = Codes([it.doc.lang for it in items])
        self.dates = Codes([it.doc.date for it in items])
        self.artefacts = Codes([it.artefacts for it in items])
        self.thresholds_for = thresholds_for
        self.weights = Ragged([np.array([len(x) for x in it.sentences], dtype=np.float64) for it in items], np.float64)
        self.scale = exact_units(self.table[:1])[1] if items else 1.0
        self.hashes = Ragged([sh if isinstance(sh, np.ndarray) else np.fromiter(sorted(sh), dtype=np.int64, count=len(sh)) for sh in shingles], np.int64)
        self.ids: "np.ndarray | None" = None  # the corpus index of each document held here (None: all, in order)
        self._thr: dict[tuple[str | None, str | None], Thresholds] = {}

    def subset(self, docs: "Sequence[int] | np.ndarray") -> "PairEvidence":
        """The evidence index of ``docs`` alone (corpus indices): what one pair-evidence task needs of the
        corpus (its targets and their candidates), the sentence table cut to their rows. It answers
        :meth:`fill` for pairs of ``docs`` with the same bits as the whole index: the products are exact
        (issue 16: a task given the whole index maps all of it, and a worker's memory grows with the corpus)."""
        import numpy as np

        ids = np.unique(np.asarray(docs, dtype=np.int64))
        local = [self._local(int(i)) for i in ids]
        used = np.unique(np.concatenate([self.rows[i] for i in local])) if local else np.zeros(0, np.int64)
        out = PairEvidence.__new__(PairEvidence)
        out.table = self.table[used]
        out.rows = Ragged([np.searchsorted(used, self.rows[i]) for i in local], np.int64)
        out.weights = Ragged([self.weights[i] for i in local], np.float64)
        out.hashes = Ragged([self.hashes[i] for i in local], np.int64)
        out.langs, out.dates, out.artefacts = (Codes([c[i] for i in local]) for c in (self.langs, self.dates, self.artefacts))
        out.thresholds_for, out.scale, out.ids, out._thr = self.thresholds_for, self.scale, ids, {}
        return out

    def _local(self, i: int) -> int:
        """The place here of the document with corpus index ``i``."""
        import numpy as np

        if self.ids is None:
            return i
        at = int(np.searchsorted(self.ids, i))
        if at >= len(self.ids) or int(self.ids[at]) != i:
            raise KeyError(f"document {i} is not in this part of the evidence index")
        return at

    def thresholds(self, a: str | None, b: str | None) -> Thresholds:
        return self._thr[(a, b)] if (a, b) in self._thr else self._thr.setdefault((a, b), self.thresholds_for(a, b))

    def fill(self, evidence: dict[tuple[int, int], dict[str, Any]], wanted: dict[int, list[int]]) -> None:
        """Add ``evidence[(s, t)]`` for every ``s`` in ``wanted[t]`` not already there (on one BLAS thread)."""
        with one_blas_thread():
            self._fill(evidence, wanted)

    def _fill(self, evidence: dict[tuple[int, int], dict[str, Any]], wanted: dict[int, list[int]]) -> None:
        import numpy as np

        for gt in sorted(wanted):
            gsrcs = [s for s in wanted[gt] if (s, gt) not in evidence]
            if not gsrcs:
                continue
            t, srcs = self._local(gt), [self._local(s) for s in gsrcs]
            lens = np.array([len(self.weights[s]) for s in srcs])
            offsets = np.concatenate([[0], np.cumsum(lens)[:-1]])
            thr = [self.thresholds(self.langs[s], self.langs[t]) for s in srcs]
            lo = np.array([x.unrelated for x in thr])
            span = np.array([max(1e-6, x.match - x.unrelated) for x in thr])
            cand = exact_units(self.table[np.concatenate([self.rows[s] for s in srcs])])[0]  # whole numbers: exact products
            sims = (exact_units(self.table[self.rows[t]])[0] @ cand.T) / self.scale  # (len t, all s sentences), exact
            wt = self.weights[t]
            best_t = np.maximum.reduceat(sims, offsets, axis=1)  # each t sentence's best match, per candidate
            support = (np.clip((best_t - lo) / span, 0.0, 1.0) * wt[:, None]).sum(axis=0) / wt.sum()
            best_s = np.clip((sims.max(axis=0) - np.repeat(lo, lens)) / np.repeat(span, lens), 0.0, 1.0)
            ws = np.concatenate([self.weights[s] for s in srcs])
            coverage = np.add.reduceat(best_s * ws, offsets) / np.add.reduceat(ws, offsets)
            # verbatim: the share of t's shingles found in s (each s's shingles are unique: count the found ones)
            h_lens = np.array([len(self.hashes[s]) for s in srcs])
            ht, hs = self.hashes[t], np.concatenate([self.hashes[s] for s in srcs])
            at = np.minimum(np.searchsorted(ht, hs), max(0, len(ht) - 1))
            found = ht[at] == hs if len(ht) else np.zeros(len(hs), dtype=bool)
            ends = np.concatenate([[0], np.cumsum(found)])[np.cumsum(h_lens)]
            starts = np.concatenate([[0], ends[:-1]])
            verbatim = (ends - starts) / max(1, len(self.hashes[t]))
            score = np.maximum(support, verbatim) * (2.0 / 3.0) + coverage / 3.0
            rounded = zip(*(np.round(x, 4).tolist() for x in (score, support, coverage, verbatim)))
            for s, gs, (sc, sup, cov, vb) in zip(srcs, gsrcs, rounded):
                sl, tl = self.langs[s], self.langs[t]
                evidence[(gs, gt)] = {
                    "score": sc,
                    "support": sup,
                    "coverage": cov,
                    "verbatim": vb,
                    "source_lang": sl,
                    "target_lang": tl,
                    "translation": bool(sl and tl and sl != tl),
                    "source_date": self.dates[s],
                    "target_date": self.dates[t],
                    "source_artefacts": self.artefacts[s],
                    "target_artefacts": self.artefacts[t],
                }
