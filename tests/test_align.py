"""The aligner takes vectors: every case here is built from hand-made unit vectors."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.align import AlignParams, SpanVectors, align, longest_nondecreasing


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def base_and_noise(rng, n=30, dim=64, noise=0.08):
    base = unit(rng.normal(size=(n, dim)))

    def jitter(x):
        return unit(x + noise * rng.normal(size=x.shape))

    return base, jitter


def sv(x):
    return SpanVectors.from_sentence_vectors(x)


def gold(beads):
    return [b.as_gold() for b in beads]


def test_identity_alignment_is_all_one_to_one(rng):
    base, jitter = base_and_noise(rng)
    al = align(sv(base), sv(jitter(base)), mode="monotonic")
    assert gold(al.beads) == [f"[{i}]:[{i}]" for i in range(30)]
    assert all(b.similarity > 0.7 for b in al.beads)


def test_deletion_and_insertion_become_1_0_and_0_1(rng):
    base, jitter = base_and_noise(rng)
    other = unit(rng.normal(size=(1, 64)))
    tgt = np.vstack([jitter(base[:10]), other, jitter(base[11:])])
    al = align(sv(base), sv(tgt), mode="auto")
    assert al.mode == "monotonic"
    g = gold(al.beads)
    assert "[10]:[]" in g and "[]:[10]" in g
    assert g[:10] == [f"[{i}]:[{i}]" for i in range(10)]


def test_merge_is_found_as_2_1(rng):
    base, jitter = base_and_noise(rng, n=12)
    merged = unit(base[4] + base[5])
    tgt = np.vstack([jitter(base[:4]), merged[None, :], jitter(base[6:])])
    al = align(sv(base), sv(tgt), mode="monotonic")
    assert "[4,5]:[4]" in gold(al.beads)


def test_split_is_found_as_1_2(rng):
    base, jitter = base_and_noise(rng, n=12)
    # target splits source sentence 3 into two halves whose sum is sentence 3
    half = unit(rng.normal(size=(64,)))
    a = unit(base[3] + 0.6 * half)
    b = unit(base[3] - 0.6 * half)
    src_runs = sv(base)
    tgt = np.vstack([jitter(base[:3]), a[None], b[None], jitter(base[4:])])
    tv = SpanVectors.from_sentence_vectors(tgt)
    al = align(src_runs, tv, mode="monotonic")
    assert "[3]:[3,4]" in gold(al.beads)


def test_crossing_and_duplicates_choose_rewrite_and_mark_moved(rng):
    base, jitter = base_and_noise(rng)
    order = list(range(20, 30)) + list(range(0, 10)) + [3, 4]
    al = align(sv(base), sv(jitter(base[order])), mode="auto")
    assert al.mode == "rewrite"
    assert "cross" in al.reason
    pairs = {(b.src, b.tgt) for b in al.beads}
    # both copies of the duplicated content are aligned to their source
    assert ((3,), (13,)) in pairs and ((3,), (20,)) in pairs
    assert ((4,), (14,)) in pairs and ((4,), (21,)) in pairs
    moved = [b for b in al.beads if b.moved]
    assert moved, "crossing beads must be marked moved"
    # sentences 10..19 of the source are in no target: they stay unmatched
    omitted = {b.src[0] for b in al.beads if not b.tgt}
    assert omitted == set(range(10, 20))


def test_unrelated_documents_match_nothing_in_rewrite_mode(rng):
    a = unit(rng.normal(size=(15, 64)))
    b = unit(rng.normal(size=(12, 64)))
    al = align(sv(a), sv(b), mode="rewrite", params=AlignParams(match_threshold=0.5, rewrite_threshold=0.5))
    assert all(not (bd.src and bd.tgt) for bd in al.beads)
    assert len(al.beads) == 27


def test_unrelated_documents_are_not_forced_together_in_monotonic_mode(rng):
    a = unit(rng.normal(size=(15, 256)))
    b = unit(rng.normal(size=(12, 256)))
    al = align(sv(a), sv(b), mode="monotonic", params=AlignParams.for_thresholds(match=0.6, shift=0.4, unrelated=0.3))
    assert sum(1 for bd in al.beads if bd.src and bd.tgt) <= 2


@pytest.mark.parametrize("n_src,n_tgt", [(0, 0), (0, 3), (4, 0)])
def test_empty_sides(n_src, n_tgt):
    a = np.zeros((n_src, 8), dtype=np.float32)
    b = np.zeros((n_tgt, 8), dtype=np.float32)
    al = align(sv(a), sv(b))
    assert len(al.beads) == n_src + n_tgt
    assert all(not (bd.src and bd.tgt) for bd in al.beads)


def test_every_sentence_appears_exactly_once_in_monotonic_output(rng):
    base, jitter = base_and_noise(rng, n=40)
    tgt = np.vstack([jitter(base[:15]), jitter(base[20:])])
    al = align(sv(base), sv(tgt), mode="monotonic")
    assert sorted(i for b in al.beads for i in b.src) == list(range(40))
    assert sorted(j for b in al.beads for j in b.tgt) == list(range(35))


def test_long_documents_use_the_banded_path_and_stay_correct(rng):
    n = 3000
    base, jitter = base_and_noise(rng, n=n)
    params = AlignParams(full_dp_cells=10_000)  # force the coarse-to-fine path
    al = align(sv(base), sv(jitter(base)), mode="monotonic", params=params)
    exact = sum(1 for b in al.beads if b.src == b.tgt and len(b.src) == 1)
    assert exact / n > 0.95


def test_dimension_mismatch_is_refused():
    with pytest.raises(ValueError, match="dimension"):
        align(sv(np.eye(3, 4, dtype=np.float32)), sv(np.eye(3, 5, dtype=np.float32)))


def test_span_vectors_checks_shapes_and_dtype():
    with pytest.raises(ValueError, match="float32"):
        SpanVectors((np.eye(3, dtype=np.float64),), np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        SpanVectors((np.eye(3, dtype=np.float32), np.eye(3, dtype=np.float32)), np.ones(3))


@pytest.mark.parametrize(
    "seq,length",
    [([], 0), ([1], 1), ([3, 1, 2], 2), ([0, 1, 2, 3], 4), ([5, 4, 3], 1), ([2, 2, 1, 3], 3)],
)
def test_longest_nondecreasing(seq, length):
    pos = longest_nondecreasing(seq)
    assert len(pos) == length
    vals = [seq[p] for p in pos]
    assert vals == sorted(vals) and pos == sorted(pos)
