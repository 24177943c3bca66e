"""Lexical anchors: numbers and names that survive translation."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.align import AlignParams, SpanVectors, align
from auditor.embed.anchors import anchor_tokens, anchor_vectors


def test_numbers_and_names_are_anchors_across_languages_and_accents():
    de = anchor_tokens("Der Lhotse misst amtlich noch immer 8501 m.")
    fr = anchor_tokens("Officiellement, le Lhotsé mesure toujours 8501 m.")
    assert "#8501" in de and "#8501" in fr
    assert "lhotse" in de and "lhotse" in fr
    assert "officiellement" not in fr  # lower-case words and sentence-initial capitals under 4 letters aside
    assert anchor_tokens("a b c") == []


def test_anchor_vectors_are_unit_or_zero_and_deterministic():
    vecs = anchor_vectors(["Kyiv 2022", "nothing here", "Kyiv 2022"])
    assert vecs.dtype == np.float32
    assert np.isclose(np.linalg.norm(vecs[0]), 1.0)
    assert not vecs[1].any()
    assert np.array_equal(vecs[0], vecs[2])
    assert float(vecs[0] @ anchor_vectors(["Kyiv 2022"])[0]) == pytest.approx(1.0)


def test_anchors_break_a_tie_the_semantic_vectors_cannot():
    """Two target sentences equally close in meaning; only one carries the source's number."""
    rng = np.random.default_rng(3)
    base = rng.normal(size=(6, 32)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    src_text = ["Alpha", "Beta", "height 8848", "Gamma", "Delta", "Epsilon"]
    # target: sentence 2 duplicated in meaning at 2 and 3, but only 2 has the number; 3 is an insertion
    tgt = np.vstack([base[:2], base[2:3], base[2:]]).astype(np.float32)
    tgt_text = ["Alpha", "Beta", "height 8848", "height", "Gamma", "Delta", "Epsilon"]
    s = SpanVectors.from_sentence_vectors(base, max_span=1, anchors=anchor_vectors(src_text))
    t = SpanVectors.from_sentence_vectors(tgt, max_span=1, anchors=anchor_vectors(tgt_text))

    def beads(weight):
        return [b.as_gold() for b in align(s, t, mode="monotonic", params=AlignParams(anchor_weight=weight)).beads]

    assert "[2]:[2]" in beads(0.2) and "[]:[3]" in beads(0.2)
    assert "[2]:[2]" not in beads(0.0)  # without anchors the tie goes the other way


def test_anchor_shapes_are_checked():
    vecs = np.eye(3, dtype=np.float32)
    with pytest.raises(ValueError, match="anchors"):
        SpanVectors((vecs,), np.ones(3, dtype=np.float32), (np.zeros((2, 4), dtype=np.float32),))
