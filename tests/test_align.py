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


# --------------------------------------------------------------------------- n-m beads, anchors, confidence


def test_one_to_three_split_is_found_with_three_sentence_windows(rng):
    """A source sentence rendered as three target sentences: the 3-run vector is the source's."""
    base, jitter = base_and_noise(rng, n=12)
    parts = unit(base[5] + 0.9 * unit(rng.normal(size=(3, 64))))  # three pieces, none alone close to base[5]
    tgt = np.vstack([jitter(base[:5]), parts, jitter(base[6:])])
    s = SpanVectors.from_sentence_vectors(base, max_span=3)
    t = SpanVectors.from_sentence_vectors(tgt, max_span=3)
    # the pipeline embeds the concatenation; here the 3-run is set to carry the source's meaning
    runs3 = t.runs[2].copy()
    runs3[5] = base[5]
    t = SpanVectors((t.runs[0], t.runs[1], runs3), t.lengths)
    al = align(s, t, mode="monotonic")
    assert "[5]:[5,6,7]" in gold(al.beads)


def test_bead_shapes_respect_the_sentence_budget():
    from auditor.align import bead_shapes

    shapes = bead_shapes(3, 3, 5)
    assert (2, 3) in shapes and (3, 2) in shapes and (3, 3) not in shapes
    assert shapes[-2:] == [(1, 0), (0, 1)]
    assert bead_shapes(1, 1, 5) == [(1, 1), (1, 0), (0, 1)]


def test_anchor_band_follows_a_large_insertion(rng):
    """Long documents: 200 target sentences inserted in the middle; the banded DP still finds the path."""
    n = 1200
    base, jitter = base_and_noise(rng, n=n)
    extra = unit(rng.normal(size=(200, 64)))
    tgt = np.vstack([jitter(base[:600]), extra, jitter(base[600:])])
    params = AlignParams(full_dp_cells=10_000)
    al = align(sv(base), sv(tgt), mode="monotonic", params=params)
    g = set(gold(al.beads))
    right = sum(1 for i in range(n) if f"[{i}]:[{i if i < 600 else i + 200}]" in g)
    assert right / n > 0.97
    inserted = sum(1 for b in al.beads if not b.src and 600 <= b.tgt[0] < 800)
    assert inserted > 190


def test_anchors_are_strictly_increasing(rng):
    from auditor.align import find_anchors

    base, jitter = base_and_noise(rng, n=50)
    tgt = jitter(base[::-1].copy())  # reversed: mutual best pairs all cross
    lo, hi = np.zeros(51, dtype=np.int64), np.full(51, 50, dtype=np.int64)
    anchors = find_anchors(base, tgt, lo, hi, 0.5)
    assert all(i1 > i0 and j1 > j0 for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]))
    assert len(anchors) <= 1


def test_without_unlinking_every_close_pair_stays_one_to_one(rng):
    base, jitter = base_and_noise(rng)
    tgt = jitter(base)
    al = align(sv(base), sv(tgt), mode="monotonic", params=AlignParams(unlink_below=None))
    assert all(len(b.src) == 1 and len(b.tgt) == 1 for b in al.beads)


def test_calibrated_confidence_is_attached_and_ordered(rng):
    from auditor.types import BeadCalibration

    base, jitter = base_and_noise(rng)
    other = unit(rng.normal(size=(1, 64)))
    tgt = np.vstack([jitter(base[:10]), other, jitter(base[11:])])
    calib = BeadCalibration(bias=-6.0, w_sim=10.0)
    al = align(sv(base), sv(tgt), mode="monotonic", params=AlignParams(calibration=calib))
    by_kind = {b.as_gold(): b for b in al.beads}
    assert all(b.confidence is not None and 0.0 <= b.confidence <= 1.0 for b in al.beads)
    assert by_kind["[0]:[0]"].confidence > 0.9  # a close pair
    assert by_kind["[10]:[]"].confidence > 0.9  # nothing like it in the target
    assert calib.probability(0.9) > calib.probability(0.5) > calib.probability(0.1)


def test_no_calibration_leaves_confidence_empty(rng):
    base, jitter = base_and_noise(rng, n=8)
    al = align(sv(base), sv(jitter(base)), mode="monotonic")
    assert all(b.confidence is None for b in al.beads)


# ---------------------------------------------------------------- issue 11: the pair's own scale


def squeezed(rng, n=60, dim=64, level=0.45):
    """A translation whose every counterpart cosine is low in absolute terms (about ``level``), as a
    cross-lingual model gives on professional translations, yet far above this pair's chance level."""
    base = unit(rng.normal(size=(n, dim)))
    other = unit(rng.normal(size=(n, dim)))
    return base, unit(level * base + np.sqrt(1 - level * level) * other)


def test_a_translation_with_low_absolute_cosines_is_monotonic(rng):
    src, tgt = squeezed(rng)
    cos = np.einsum("ij,ij->i", src, tgt)
    params = AlignParams(match_threshold=0.72)  # an STS-calibrated "match" none of these pairs reaches
    assert (cos < params.match_threshold).all()
    al = align(sv(src), sv(tgt), params=params)
    assert al.mode == "monotonic", al.reason
    assert "clear counterpart" in al.reason and "chance" in al.reason
    assert gold(al.beads) == [f"[{i}]:[{i}]" for i in range(60)]
    assert al.scale is not None and al.scale.counterpart is not None
    assert al.scale.relative(al.scale.counterpart) == pytest.approx(1.0)
    assert al.scale.relative(al.scale.chance) == pytest.approx(0.0)


def test_the_same_pair_shuffled_in_blocks_is_a_rewrite(rng):
    src, tgt = squeezed(rng)
    order = np.concatenate([np.arange(40, 60), np.arange(0, 20), np.arange(20, 40)])  # paragraphs moved
    al = align(sv(src), sv(tgt[order]))
    assert al.mode == "rewrite", al.reason
    assert "cross" in al.reason


def test_unrelated_pairs_have_no_measurable_counterpart_level(rng):
    from auditor.align import measure_scale

    a = unit(rng.normal(size=(40, 64)))
    b = unit(rng.normal(size=(40, 64)))
    scale = measure_scale(sv(a), sv(b))
    assert scale.clear < 0.4 * 40  # a few chance mutual best matches, no structure
    assert align(sv(a), sv(b)).mode == "rewrite"
    tiny = measure_scale(sv(a[:4]), sv(b[:4]))
    assert tiny.counterpart is None and tiny.relative(0.9) is None  # too few to measure a level
