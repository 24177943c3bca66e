"""Story clustering and likely-source ranking over a corpus of documents.

Pure: documents with their sentence vectors in, stories and attributions out (:func:`attribute`).
Building the vectors and auditing each (source, derived) pair is :meth:`auditor.api.Auditor.audit_corpus`
(:mod:`auditor.corpus`). The steps:

1. **one vector per document**: the length-weighted mean of its sentence vectors, normalised;
   every document is embedded with one shared model, so all vectors are comparable;
2. **candidate retrieval**: the ``k`` nearest documents (exact search below :data:`EXACT_BELOW`
   documents, else an approximate usearch HNSW index; equal cosines in id order), plus every document
   that shares a MinHash LSH bucket (near-verbatim copies, see :class:`MinHasher`). Only this short
   list is compared in full. Cosines are computed exactly (:func:`exact_units`): the answer does not
   depend on the executor, the worker or thread count, the chunks, nor the order of the documents;
3. **pair evidence** for each (candidate source *s*, document *t*): ``support`` (share of
   *t*'s text whose best sentence match in *s* is equivalent, on the model's calibrated
   ``unrelated``→``match`` scale), ``coverage`` (the same, of *s* in *t*), ``verbatim`` (share of
   *t*'s word 5-shingles found in *s*), dates when both are given, languages, and direction
   evidence: which side carries derivation artefacts (translation labels, spinner artefacts,
   untranslated text, at :data:`ARTEFACT_MIN_SEVERITY` or worse) and which side is contained in the other;
4. **siblings**: same-language documents that each score at least ``sibling_threshold`` as the
   other's source (mutual near-copies, e.g. several translations of one article) and whose order
   neither dates nor artefacts tell. Every member of a group of near-copies is compared with every
   candidate that scores ``sibling_threshold`` for one of them (so that a shared source missed by
   one member's short list is still found). Two near-copies are **siblings** (never each other's
   source) when only containment could order them and it does not, or when a third document
   covers both as an admissible source (their *common source*; it then explains their likeness,
   and containment between them is ignored). A common source is never derived from the siblings
   it covers;
5. **the likely source** of *t* is, of its admissible candidates whose score reaches the calibrated
   ``threshold``, the one that ranks first by :func:`copy_rank` (the score, raised by the share of
   exact wording: of several versions that all carry *t*'s meaning, the one it was copied from);
   with none, *t* has **no source in the corpus**. A candidate is
   not admissible when it is dated after *t*, when the direction evidence says it was
   derived from *t* rather than the reverse, or when it is a sibling of *t*;
6. **a second look**, as textual criticism orders manuscripts by their shared changes: a candidate
   *c* that is itself a copy (step 5 named a source *p* for it) is not admissible for *t* unless *t*
   shares *c*'s own changes, i.e. *t* shares more exact wording with *c* than with *p* (across
   languages, more meaning). Otherwise *p* carries *t* as well as its copy does, and *p* is compared
   with *t* instead: a copy of a compilation that holds two of an article's lines is no source of
   that article (issue 16). The siblings of *t*'s chosen source are compared with *t* too (the short
   list may hold a few of a group of near-identical versions only) and the choice is made again;
7. **stories** are the connected components of pairs whose score reaches ``story_threshold``.

Page furniture (cross-links such as a "Read more" footer, bylines) is left out of the sentences a
corpus run gives this module (:meth:`auditor.corpus.CorpusWorker.segment`): republishers add their
own, and two copies that share a footer must not look alike for it.

Nothing here loads a model, builds an :class:`~auditor.api.Auditor` or renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from .errors import BadInputError, MissingModelError, UsageError
from .evidence import PairEvidence, ThresholdsFor, ThresholdTable, exact_units, near_first, one_blas_thread  # noqa: F401 - re-exported
from .minhash import SHINGLE, BandKeys, MinHasher, bucket_pairs, shingle_hashes  # noqa: F401 - re-exported: the corpus API names them here
from .types import Document

if TYPE_CHECKING:
    import numpy as np

    from .executors import Executor

ALGORITHM = "attribute/5"  # 2: siblings; 3: exact integer products, id-ordered search and ties (executor-independent);
# 4: only major derivation artefacts order a pair; among candidates over the threshold, exact wording ranks (copy_rank);
# 5: a copy of a third document is a source only with the target sharing its changes; the chosen source's siblings compete
# Calibrated by eval/attribution.py on the dev half of the WMT21 en-de documents (even-numbered
# source documents in sorted order, each with all 23 German versions, 1,000 documents), use-m-v3:
# 0.647 (the highest dev score of a wrong answer once the true source is removed was 0.6465, a
# short document largely contained in a distractor); evaluated on the odd half. See the README table.
DEFAULT_THRESHOLD = 0.65
# Set by hand on the five seed documents (the only same-event data at hand), minilm-l6-v2: 002 and 001,
# two reports of one event, score 0.426; 002 and 003, two events a month apart, 0.382 (0.403 and 0.374
# before attribute/5 left page furniture out, when this was 0.38). A thin margin.
DEFAULT_STORY_THRESHOLD = 0.40
# Same-language documents that each score at least this as the other's source are near-copies
# (see the module doc). eval/attribution.py, dev half: two German versions of one WMT21 source
# score at least 0.772 both ways (5,313 pairs), two of different sources at most 0.125; set at the
# low end of that gap, the level of an accepted source.
DEFAULT_SIBLING_THRESHOLD = 0.63
DEFAULT_K = 10
EXACT_BELOW = 20_000  # fewer documents: exact search (10,000 x 384 dims: 3 s here, the HNSW index 13 s)
DIRECTION_MARGIN = 0.1
#: LSH bucket keys per candidate-stage task (documents x bands / this = the partitions): what one task
#: holds, about 5 MB, whatever the corpus size
BAND_KEYS_PER_TASK = 1 << 18
ARTEFACT_TYPES = ("translation_label", "spinner_artefact", "untranslated", "false_friend")
#: the least severity at which such a finding is evidence of derivation: a minor one is a guess (a word
#: not in the frequency list, a label-like line) that independent versions carry too (issue 16: on the
#: WMT21 German versions, 0-3 minor non-words per document made siblings look derived from each other)
ARTEFACT_MIN_SEVERITY = "major"
#: the detectors that can report such findings (labels; the spinner's tortured phrases; untranslated
#: paragraphs): a corpus run counts artefacts with these alone (tests/test_attribute.py checks the
#: count against the full lint)
DERIVATION_DETECTORS = ("labels", "spinner", "artefacts")


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Story:
    """Documents that report the same thing (a connected component of related pairs)."""

    id: str
    documents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "documents": list(self.documents)}


@dataclass(frozen=True)
class Candidate:
    """A possible source of ``target_id``: its score and the measured evidence behind it."""

    source_id: str
    target_id: str
    score: float
    admissible: bool
    evidence: dict[str, Any] = field(compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source_id, "target": self.target_id, "score": round(self.score, 4),
                "admissible": self.admissible, "evidence": self.evidence}  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    """The likely source of one document, or ``source_id=None``: no source in the corpus."""

    target_id: str
    source_id: str | None
    candidates: tuple[Candidate, ...]
    reason: str
    siblings: tuple[str, ...] = ()  # mutual near-copies of it, neither derived from the other

    @property
    def chosen(self) -> Candidate | None:
        return next((c for c in self.candidates if c.source_id == self.source_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target_id, "source": self.source_id, "reason": self.reason,
                "siblings": list(self.siblings), "candidates": [c.to_dict() for c in self.candidates]}  # fmt: skip


# --------------------------------------------------------------------------- MinHash


# --------------------------------------------------------------------------- neighbours


def nearest_neighbours(vectors: "np.ndarray", k: int, *, index: str = "auto", seed: int = 12345,
                       ranks: "Sequence[int] | np.ndarray | None" = None) -> list[list[int]]:  # fmt: skip
    """For each row, up to ``k`` other rows with the highest cosine (unit vectors), best first, equal
    cosines in the order of ``ranks`` (e.g. each row's document id's place in sorted order; default: row order).

    ``index``: ``"exact"`` (:func:`exact_units` products, in blocks of rows), ``"usearch"`` (HNSW
    approximate index, built single-threaded in ``ranks`` order, its hits re-ranked exactly) or ``"auto"``
    (exact below :data:`EXACT_BELOW`). Either answer depends on the vectors and ``ranks`` only, not on
    the order of the rows nor on any thread or block count.
    """
    import numpy as np

    n = len(vectors)
    if n < 2 or k < 1:
        return [[] for _ in range(n)]
    k = min(k, n - 1)
    rank = np.arange(n) if ranks is None else np.asarray(ranks, dtype=np.int64)
    if index == "auto":
        index = "exact" if n < EXACT_BELOW else "usearch"
    if index not in ("exact", "usearch"):
        raise UsageError(f"unknown index {index!r}", fix="use 'auto', 'exact' or 'usearch'")
    q = exact_units(vectors)[0]
    if index == "usearch":
        hits = _usearch_neighbours(np.ascontiguousarray(vectors, dtype=np.float32), min(n - 1, 2 * k), rank)
        return [_best(np.array(h, dtype=np.int64), q[h] @ q[i], rank, k) for i, h in enumerate(hits)]
    out: list[list[int]] = []
    for start in range(0, n, 256):
        block = q[start : start + 256] @ q.T  # exact: the same bits in any block
        for r in range(len(block)):
            row = block[r]
            row[start + r] = -np.inf
            kth = np.partition(row, n - k)[n - k]  # the k-th highest: every row that ties with it is a candidate
            top = np.flatnonzero(row >= kth)
            out.append(_best(top, row[top], rank, k))
    return out


def _best(rows: "np.ndarray", sims: "np.ndarray", rank: "np.ndarray", k: int) -> list[int]:
    import numpy as np

    return [int(x) for x in rows[np.lexsort((rank[rows], -sims))[:k]]]


def _usearch_neighbours(vectors: "np.ndarray", k: int, rank: "np.ndarray") -> list[list[int]]:
    """Up to ``k`` rows near each row (not itself), from an HNSW index built on one thread with the rows
    added in ``rank`` order (the graph depends on the order of insertion: it is then a function of the input)."""
    import numpy as np

    from .executors import before_usearch

    before_usearch()
    try:
        from usearch.index import Index
    except ImportError as exc:
        raise MissingModelError(
            "the approximate nearest-neighbour index needs the usearch package", fix="pip install usearch"
        ) from exc
    n, dim = vectors.shape
    order = np.argsort(rank, kind="stable")
    ix = Index(ndim=dim, metric="cos", dtype="f32", connectivity=16, expansion_add=128, expansion_search=64)
    ix.add(order.astype(np.uint64), vectors[order], threads=1)
    found = ix.search(vectors, k + 1, threads=1)
    return [[int(x) for x in np.asarray(found.keys[i]) if int(x) != i and 0 <= int(x) < n][:k] for i in range(n)]


# --------------------------------------------------------------------------- attribution


@dataclass(frozen=True)
class DocVectors:
    """What :func:`attribute` needs of one document: its sentences' texts, lengths and unit vectors.

    ``vectors``: one unit vector per sentence or, with ``rows``, a table of unit vectors that many
    documents share (a corpus run embeds each distinct sentence once), of which this document's are
    ``vectors[rows]``. :attr:`units` is this document's matrix either way."""

    doc: Document
    sentences: tuple[str, ...]
    vectors: "np.ndarray" = field(repr=False, compare=False)
    artefacts: int | None = None  # derivation artefacts found by the source-free checks (None: not counted)
    rows: "np.ndarray | None" = field(default=None, repr=False, compare=False)

    @property
    def units(self) -> "np.ndarray":
        """This document's unit sentence vectors, one row per sentence."""
        return self.vectors if self.rows is None else self.vectors[self.rows]

    def doc_vector(self) -> "np.ndarray":
        import numpy as np

        weights = np.array([max(1, len(s)) for s in self.sentences], dtype=np.float64)
        v = (self.units.astype(np.float64) * weights[:, None]).sum(axis=0)
        norm = np.linalg.norm(v)
        return (v / norm if norm > 0 else v).astype(np.float32)


def attribute(
    items: Sequence[DocVectors],
    *,
    thresholds_for: ThresholdsFor,
    threshold: float = DEFAULT_THRESHOLD,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
    sibling_threshold: float = DEFAULT_SIBLING_THRESHOLD,
    k: int = DEFAULT_K,
    index: str = "auto",
    minhash: MinHasher | None = None,
    executor: "Executor | None" = None,
    chunk: int = 256,
    window_days: int | None = None,
) -> tuple[tuple[Story, ...], tuple[Attribution, ...]]:
    """Stories and likely sources for documents given as vectors (see the module doc).

    ``window_days``: date blocking; two documents whose dates (``YYYY-MM-DD``) are both given and lie
    more than this many days apart are never candidates of each other (an undated document meets all).

    ``executor`` (:mod:`auditor.executors`, default local) runs the signatures, the LSH bands and the
    pair evidence in chunks of ``chunk`` documents (or targets); the answer does not depend on either."""
    import numpy as np

    from .executors import LazyChunks, LocalExecutor, chunked

    _check_items(items)
    ex = executor or LocalExecutor()
    n = len(items)
    mh = minhash or MinHasher()
    hashed = [x for part in ex.map(_signature_chunk, chunked(["\n".join(it.sentences) for it in items], chunk), shared=mh) for x in part]
    shingles = [h for h, _ in hashed]
    doc_vecs = np.stack([it.doc_vector() for it in items])
    ranks = np.argsort(np.argsort(np.array([it.doc.id for it in items]), kind="stable"), kind="stable")
    shortlist: list[set[int]] = [set(nb) for nb in nearest_neighbours(doc_vecs, k, index=index, ranks=ranks)]
    # LSH: bucket keys partitioned by a hash of the key, each partition reduced on its own, merged by union
    sigs = np.stack([sig for _, sig in hashed])
    parts = mh.partition_keys(sigs, max(1, -(-len(sigs) * mh.bands // BAND_KEYS_PER_TASK)))
    del sigs
    for part in ex.map(_band_chunk, parts, shared=mh.max_bucket):
        for i, j in part.tolist():
            shortlist[i].add(j)
            shortlist[j].add(i)
    del parts
    for i in range(n):  # symmetric: if t is near s, s is compared with t too
        for j in list(shortlist[i]):
            shortlist[j].add(i)
    days = [_day_number(it.doc.date) for it in items] if window_days is not None else [None] * n

    def in_window(i: int, j: int) -> bool:  # date blocking: two dated documents further apart are never compared
        a, b = days[i], days[j]
        return a is None or b is None or abs(a - b) <= (window_days or 0)

    if window_days is not None:
        shortlist = [{j for j in shortlist[i] if in_window(i, j)} for i in range(n)]

    langs = sorted({it.doc.lang for it in items}, key=lambda x: (x is not None, x or ""))
    table = ThresholdTable({(a, b): thresholds_for(a, b) for a in langs for b in langs})
    pairs = PairEvidence(items, shingles, table)
    del hashed, shingles
    evidence: dict[tuple[int, int], dict[str, Any]] = {}

    def fill(wanted: dict[int, list[int]]) -> None:
        wanted = {t: srcs for t, srcs in wanted.items() if srcs}
        # each task gets its targets, their candidates and the evidence index of those documents alone
        # (built when the task is sent); neighbours first, so that a task's targets share candidates
        todo = chunked([(t, wanted[t]) for t in near_first(list(wanted), shortlist)], chunk)
        whole = getattr(ex, "in_process", False)  # in this process the whole index costs nothing to hand over
        tasks = LazyChunks(len(todo), lambda i: (pairs if whole else pairs.subset([x for t, srcs in todo[i] for x in [t, *srcs]]), todo[i]))
        for part in ex.map(_evidence_chunk, tasks):
            evidence.update(part)

    fill({t: sorted(shortlist[t]) for t in range(n)})

    # siblings: same-language mutual near-copies whose direction only containment could tell (lower id first)
    near = [
        (s, t) for t in range(n) for s in sorted(shortlist[t])
        if ranks[s] < ranks[t] and min(evidence[(s, t)]["score"], evidence[(t, s)]["score"]) >= sibling_threshold
        and _same_lang(items[s], items[t]) and _strong_direction(items[s], items[t]) is None
    ]  # fmt: skip
    groups = _components(n, near)
    # every member of a group of near-copies is compared with every candidate that scores at least
    # the sibling threshold as the source of one member (a possible common source of the group)
    wanted: dict[int, list[int]] = {}
    # the short lists as the first evidence pass saw them: a group's additions must not reach a later
    # group (a candidate added there has no evidence yet: a KeyError before, issue 16's 1k corpus)
    first = [set(x) for x in shortlist]
    for members in groups:
        inside = set(members)
        union = {c for m in members for c in first[m] if c not in inside and evidence[(c, m)]["score"] >= sibling_threshold}
        for m in members:
            extra = sorted(c for c in union - shortlist[m] if in_window(m, c))
            shortlist[m] |= set(extra)
            for c in extra:
                shortlist[c].add(m)
                wanted.setdefault(m, []).append(c)
                wanted.setdefault(c, []).append(m)
    fill({t: [s for s in sorted(set(v)) if (s, t) not in evidence] for t, v in wanted.items()})

    sibling: dict[int, set[int]] = {}
    for s, t in near:
        undetermined = _direction(evidence[(s, t)], evidence[(t, s)], items[s], items[t])[1] == "undetermined"
        if undetermined or _common_candidate(s, t, shortlist, evidence, items, sibling_threshold) is not None:
            sibling.setdefault(s, set()).add(t)
            sibling.setdefault(t, set()).add(s)

    # a document that covers two or more siblings well, as an admissible source of each, is their
    # common source: none of them is admissible as its source (that would close a cycle)
    explains: dict[int, set[int]] = {}
    for t in sorted(sibling):
        for c in sorted(shortlist[t] - sibling[t] - {t}):
            covered = {
                x for x in sibling[t] | {t}
                if (c, x) in evidence and evidence[(c, x)]["score"] >= sibling_threshold
                and _direction(evidence[(c, x)], evidence[(x, c)], items[c], items[x])[0]
            }  # fmt: skip
            if len(covered) >= 2:
                explains.setdefault(c, set()).update(covered)

    def decide(t: int, copied: dict[int, str]) -> Attribution:
        sibs = sibling.get(t, set())
        cands = []
        for s in sorted(shortlist[t]):
            ev = evidence[(s, t)]  # each pair's own dict: one candidate per pair
            if s in sibs:
                admissible, why = False, "sibling: a mutual near-copy of the target, neither derived from the other"
            elif s in explains.get(t, ()):
                admissible, why = False, "the candidate is one of several near-copies that share the target as their source"
            elif s in copied:
                admissible, why = False, copied[s]
            else:
                admissible, why = _direction(ev, evidence[(t, s)], items[s], items[t])
                if sibs:
                    ev["covers_siblings"] = sum(
                        1 for x in sibs if (s, x) in evidence and evidence[(s, x)]["score"] >= sibling_threshold
                    )
            ev["direction"] = why
            cands.append(Candidate(items[s].doc.id, items[t].doc.id, ev["score"], admissible, ev))
        cands.sort(key=lambda c: (-c.score, c.source_id))
        sib_ids = tuple(sorted(items[x].doc.id for x in sibs))
        return _choose(items[t].doc.id, tuple(cands), threshold, sib_ids)

    attributions = [decide(t, {}) for t in range(n)]
    # a second look (step 6 of the module doc): a candidate that is itself a copy is compared with its
    # own source, and the chosen source's siblings are compared with the target
    ids = {it.doc.id: i for i, it in enumerate(items)}
    named: list[int | None] = [None if a.source_id is None else ids[a.source_id] for a in attributions]
    ask: dict[int, list[tuple[int, int]]] = {}
    # a copy: a document whose named source the evidence ordered (dates, artefacts, containment); two
    # translations of each other with nothing to order them name each other, and neither is a copy here
    copy = [a.chosen is not None and a.chosen.evidence.get("direction") != "undetermined" for a in attributions]
    for t, a in enumerate(attributions):
        for cand in a.candidates:
            s = ids[cand.source_id]
            up = named[s]
            if cand.admissible and cand.score >= threshold and copy[s] and up is not None and up != t and in_window(t, up):
                ask.setdefault(t, []).append((s, up))
    need: dict[int, set[int]] = {}  # the pairs to compare, both ways

    def link(a: int, b: int) -> None:
        need.setdefault(a, set()).add(b)
        need.setdefault(b, set()).add(a)

    for t, links in ask.items():
        for _, up in links:
            link(t, up)
    # the chosen source's siblings (its near-copies) are as likely: the short list may hold a few of them only
    wider: dict[int, set[int]] = {}
    for t, src in enumerate(named):
        more = {x for x in sibling.get(src, ()) if x != t and x not in shortlist[t] and in_window(t, x)} if src is not None else set()
        if more:
            wider[t] = more
            for x in more:
                link(t, x)
    fill({x: sorted(y for y in v if (y, x) not in evidence) for x, v in need.items()})
    redo = set(ask) | set(wider)
    for t, v in need.items():  # a document first compared here may be a near-copy of the target: a sibling
        for x in v:
            if x not in sibling.get(t, ()) and _same_lang(items[t], items[x]) and _strong_direction(items[x], items[t]) is None \
                    and min(evidence[(x, t)]["score"], evidence[(t, x)]["score"]) >= sibling_threshold \
                    and _direction(evidence[(x, t)], evidence[(t, x)], items[x], items[t])[1] == "undetermined":  # fmt: skip
                sibling.setdefault(t, set()).add(x)
                sibling.setdefault(x, set()).add(t)
                redo |= {t, x}
    for t in sorted(wider):
        shortlist[t] |= wider[t]
    for t in sorted(redo):
        copied: dict[int, str] = {}
        for s, up in ask.get(t, ()):
            mine, theirs = evidence[(s, t)], evidence[(up, t)]
            wording = mine["verbatim"] > 0 or theirs["verbatim"] > 0  # else no shared wording: another language
            if not (mine["verbatim"] > theirs["verbatim"] if wording else mine["support"] > theirs["support"]):
                copied[s] = (f"a copy of {items[up].doc.id}, which carries the target as well: the target shares none "
                             "of the copy's own changes")  # fmt: skip
                shortlist[t].add(up)
        if copied or t in wider:
            attributions[t] = decide(t, copied)
    stories = _stories(items, evidence, story_threshold)
    return stories, tuple(attributions)


def _same_lang(a: DocVectors, b: DocVectors) -> bool:
    return (a.doc.lang or "").lower() == (b.doc.lang or "").lower()


def _components(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components (of more than one node) of an undirected graph, each sorted, in order."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for a, b in edges:
        for x in (a, b):
            groups.setdefault(find(x), [])
    for x in range(n):
        if find(x) in groups:
            groups[find(x)].append(x)
    return [groups[r] for r in sorted(groups)]


def _common_candidate(
    s: int, t: int, shortlist: list[set[int]], evidence: dict[tuple[int, int], dict[str, Any]],
    items: Sequence[DocVectors], limit: float,
) -> int | None:
    """A third document that covers both ``s`` and ``t`` well and is admissible as the source of each
    (their common source: then neither near-copy is the other's source), else None."""
    for c in sorted(shortlist[s] & shortlist[t] - {s, t}):
        if any(_same_lang(items[c], items[x]) and _strong_direction(items[c], items[x]) is None
               and min(evidence[(c, x)]["score"], evidence[(x, c)]["score"]) >= limit for x in (s, t)):  # fmt: skip
            continue  # another near-copy of theirs (of either), not a common source
        ok = all(
            evidence[(c, x)]["score"] >= limit and _direction(evidence[(c, x)], evidence[(x, c)], items[c], items[x])[0]
            for x in (s, t)
        )
        if ok:
            return c
    return None


def is_derivation_artefact(finding: Any) -> bool:
    """Does a source-free finding count as evidence that its document was derived (a translation
    label, a tortured phrase, untranslated text; major or worse)?"""
    from .types import Severity

    return finding.type.value in ARTEFACT_TYPES and finding.severity.rank >= Severity(ARTEFACT_MIN_SEVERITY).rank


def derivation_detectors(detectors: Sequence[Any]) -> list[Any]:
    """Of ``detectors``, the ones :func:`is_derivation_artefact` can count, the spinner without its
    non-word check (its findings are minor: never evidence)."""
    import copy

    out = []
    for d in detectors:
        if d.name not in DERIVATION_DETECTORS:
            continue
        if d.name == "spinner" and getattr(d, "nonwords", False) is not False:
            d = copy.copy(d)
            d.nonwords = False
        out.append(d)
    return out


def _check_items(items: Sequence[DocVectors]) -> None:
    ids = [it.doc.id for it in items]
    if len(set(ids)) != len(ids):
        raise BadInputError("two documents of the corpus share an id", fix="give every document a unique id")
    for it in items:
        got = len(it.vectors) if it.rows is None else len(it.rows)
        if len(it.sentences) == 0 or got != len(it.sentences):
            raise BadInputError(
                f"document {it.doc.id!r}: {got} vectors for {len(it.sentences)} sentences",
                fix="give one unit vector per sentence, and at least one sentence per document",
            )


def _signature_chunk(mh: MinHasher, texts: Sequence[str]) -> list[tuple["np.ndarray", "np.ndarray"]]:
    """One chunk of the signature stage: each text's shingle hashes (at :data:`SHINGLE`, sorted, as an
    array: a set of them is 30-60 KB a document, the array 8 bytes a shingle) and MinHash signature."""
    import numpy as np

    out = []
    for text in texts:
        sh = shingle_hashes(text)
        arr = np.fromiter(sorted(sh), dtype=np.int64, count=len(sh))
        out.append((arr, mh.signature(text, arr if mh.shingle == SHINGLE else None)))
    return out


def _band_chunk(max_bucket: int, part: BandKeys) -> "np.ndarray":
    """One task of the candidate stage: the pairs sharing a bucket of one partition of the LSH keys."""
    return bucket_pairs(part, max_bucket)


def _evidence_chunk(_: None, task: tuple["PairEvidence", Sequence[tuple[int, list[int]]]]) -> dict[tuple[int, int], dict[str, Any]]:
    """One task of the pair-evidence stage: the evidence index of its documents and ``(target, candidate
    sources)`` in, evidence out."""
    pairs, todo = task
    out: dict[tuple[int, int], dict[str, Any]] = {}
    pairs.fill(out, dict(todo))
    return out


def _date_key(date: str | None) -> str | None:
    """``YYYY-MM-DD`` (or a prefix of it) from an ISO-like date, else None."""
    if not date:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    return "-".join(g for g in m.groups() if g) if m else None


def _day_number(date: str | None) -> int | None:
    """Days since 0001-01-01 of a full ``YYYY-MM-DD`` date (a month or year alone: its first day), else None."""
    import datetime

    key = _date_key(date)
    if key is None:
        return None
    parts = [int(x) for x in key.split("-")] + [1, 1]
    try:
        return datetime.date(parts[0], parts[1], parts[2]).toordinal()
    except ValueError:
        return None


def _strong_direction(s: DocVectors, t: DocVectors) -> tuple[bool, str] | None:
    """What the dates, then the derivation artefacts, say about ``s`` as the source of ``t`` (None: nothing)."""
    ds, dt = _date_key(s.doc.date), _date_key(t.doc.date)
    if ds and dt:
        common = min(len(ds), len(dt))
        if ds[:common] > dt[:common]:
            return False, "source dated after the target"
        if ds[:common] < dt[:common]:
            return True, "source dated before the target"
    if s.artefacts is not None and t.artefacts is not None:
        rs = s.artefacts / len(s.sentences)
        rt = t.artefacts / len(t.sentences)
        if rs > rt:
            return False, "the candidate carries more derivation artefacts than the target"
        if rt > rs:
            return True, "the target carries more derivation artefacts than the candidate"
    return None


def _direction(ev: dict[str, Any], back: dict[str, Any], s: DocVectors, t: DocVectors) -> tuple[bool, str]:
    """Is ``s`` admissible as the source of ``t``, and what the direction evidence says."""
    strong = _strong_direction(s, t)
    if strong is not None:
        return strong
    # containment: a derived copy is more contained in its source than the source in it
    asym = (ev["support"] - back["support"]) if not ev["translation"] else 0.0
    if asym > DIRECTION_MARGIN:
        return True, "the target is contained in the candidate more than the reverse"
    if asym < -DIRECTION_MARGIN:
        return False, "the candidate is contained in the target more than the reverse"
    return True, "undetermined"


def copy_rank(c: Candidate) -> float:
    """How a candidate that reaches the threshold ranks as the likely source: its score times
    (1 + its verbatim share). Several versions can contain the target's meaning equally well (the
    translations of one article, a rewrite's siblings); the one it was copied from is the one whose
    exact wording it shares. Across languages ``verbatim`` is 0 and the order is the score's."""
    return float(c.score) * (1.0 + float(c.evidence.get("verbatim", 0.0)))


def _choose(target: str, cands: tuple[Candidate, ...], threshold: float, siblings: tuple[str, ...] = ()) -> Attribution:
    best = next((c for c in cands if c.admissible), None)
    above = [c for c in cands if c.admissible and c.score >= threshold]
    if above:
        best = max(above, key=copy_rank)  # the first of equals: candidates come by score, then id
        common = ""
        if siblings:
            common = f"; it covers {best.evidence.get('covers_siblings', 0)} of its {len(siblings)} sibling(s) too"
        if best is not above[0]:
            common += (f"; it shares more exact wording than {above[0].source_id} (verbatim {best.evidence.get('verbatim', 0.0):.2f}"
                       f" against {above[0].evidence.get('verbatim', 0.0):.2f}), which scores {above[0].score:.2f}")  # fmt: skip
        return Attribution(target, best.source_id, cands, f"best candidate, score {best.score:.2f} >= {threshold:g}{common}",
                           siblings)  # fmt: skip
    sib = f" ({len(siblings)} sibling(s), near-copies of it, are not sources)" if siblings else ""
    if not cands:
        return Attribution(target, None, cands, "no source in the corpus: no candidate was retrieved", siblings)
    if best is None:
        why = "every other candidate is a sibling" if siblings else "every candidate looks derived from this document"
        return Attribution(target, None, cands, f"no source in the corpus: {why}{sib}", siblings)
    return Attribution(
        target, None, cands,
        f"no source in the corpus: best admissible candidate {best.source_id} scores {best.score:.2f} < {threshold:g}{sib}",
        siblings,
    )  # fmt: skip


def _stories(items: Sequence[DocVectors], evidence: dict[tuple[int, int], dict[str, Any]], limit: float) -> tuple[Story, ...]:
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (s, t), ev in sorted(evidence.items()):
        if max(ev["score"], evidence[(t, s)]["score"]) >= limit:
            a, b = find(s), find(t)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[str]] = {}
    for i, it in enumerate(items):
        groups.setdefault(find(i), []).append(it.doc.id)
    ordered = sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
    return tuple(Story(f"story-{n}", tuple(g)) for n, g in enumerate(ordered, start=1))
