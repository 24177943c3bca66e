"""Scoring sentence alignments against a gold standard.

Strict and lax precision / recall / F1 as defined by Sennrich & Volk (2010) and used by
the Bleualign, Vecalign and Bertalign evaluations, so that figures are comparable with
theirs:

* a test bead is a **strict** hit when the same (source ids, target ids) bead is in the
  gold; it is a **lax** hit when it shares at least one source sentence with a gold bead
  that shares at least one target sentence with it;
* **precision** is over every test bead, insertions and deletions included (a 1-0 bead
  is right only if the gold has that very 1-0 bead);
* **recall** is over the gold beads that have both sides, checked against the test
  beads that have both sides;
* counts are summed over all documents before the ratios are taken (micro average).

Alignment files hold one bead a line, ``[src ids]:[tgt ids]``, 0-based, e.g. ``[0]:[0, 1]``
or ``[5]:[]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class AlignmentScores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    test_beads: int
    gold_beads: int

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def parse_alignment_line(line: str) -> BeadIds:
    """``"[1, 2]:[3]"`` -> ``((1, 2), (3,))``. Raises ``ValueError`` on anything else."""
    text = line.strip()
    left, sep, right = text.partition(":")
    if not sep:
        raise ValueError(f"alignment line {text!r} has no ':' between the source and target ids")
    return _ids(left, text), _ids(right, text)


def _ids(part: str, line: str) -> tuple[int, ...]:
    part = part.strip()
    if not (part.startswith("[") and part.endswith("]")):
        raise ValueError(f"alignment line {line!r}: expected a bracketed id list like [0, 1], got {part!r}")
    inner = part[1:-1].strip()
    if not inner:
        return ()
    try:
        return tuple(int(x) for x in inner.split(","))
    except ValueError:
        raise ValueError(f"alignment line {line!r}: ids must be integers") from None


def read_alignment_file(path: str | Path) -> list[BeadIds]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(parse_alignment_line(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
    return out


def format_alignment_line(bead: BeadIds) -> str:
    src, tgt = bead
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def _counts(gold: Iterable[BeadIds], test: Iterable[BeadIds]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of the ``test`` beads against ``gold``."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    linked: dict[int, set[int]] = defaultdict(set)  # source id -> target ids it is linked to in gold
    for s, t in gold_set:
        for i in s:
            linked[i].update(t)
    hit_s = miss_s = hit_l = miss_l = 0
    for bead in test_set:
        if bead in gold_set:
            hit_s += 1
            hit_l += 1
            continue
        miss_s += 1
        s, t = bead
        reachable = set().union(*(linked[i] for i in s)) if s else set()
        if reachable.intersection(t):
            hit_l += 1
        else:
            miss_l += 1
    return hit_s, miss_s, hit_l, miss_l


def score_alignments(gold_docs: Sequence[Sequence[BeadIds]], test_docs: Sequence[Sequence[BeadIds]]) -> AlignmentScores:
    """Micro-averaged strict and lax P/R/F1 over documents (``gold_docs[k]`` pairs with ``test_docs[k]``)."""
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    n_test = n_gold = 0
    for gold, test in zip(gold_docs, test_docs):
        n_test += sum(1 for s, t in test if s or t)
        n_gold += sum(1 for s, t in gold if s or t)
        for k, v in enumerate(_counts(gold, test)):
            p[k] += v
        both_test = [(s, t) for s, t in test if s and t]
        both_gold = [(s, t) for s, t in gold if s and t]
        for k, v in enumerate(_counts(both_test, both_gold)):
            r[k] += v

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    ps, pl = ratio(p[0], p[1]), ratio(p[2], p[3])
    rs, rl = ratio(r[0], r[1]), ratio(r[2], r[3])
    return AlignmentScores(ps, rs, f1(ps, rs), pl, rl, f1(pl, rl), n_test, n_gold)
