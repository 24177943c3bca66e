"""The fidelity score: rows, aggregation, weights, length normalisation, bootstrap interval, stability."""

from __future__ import annotations

import json

import pytest

from auditor.score import (
    BeadRow,
    ScoreWeights,
    SegmentWeights,
    aggregate_rows,
    load_weights,
    score_segment_rows,
    segment_row,
    weights_from_toml,
)
from auditor import __version__
from auditor.api import Auditor
from auditor.embed.fake import FakeEmbedder
from auditor.report import to_dict
from auditor.errors import MissingDataError
from auditor.types import Finding, FindingType, Severity, Thresholds

THR = Thresholds(match=0.8, shift=0.6, unrelated=0.2)
W = ScoreWeights(types=(("number_changed", 2.0), ("quote_altered", 0.5)))
ZERO = (("critical", 0.0), ("major", 0.0), ("minor", 0.0))


@pytest.fixture
def fake_auditor() -> Auditor:
    return Auditor(embedder=FakeEmbedder(dim=128), thresholds=Thresholds(0.45, 0.55, 0.2))


def fd(t: FindingType, sev: Severity = Severity.MAJOR) -> Finding:
    return Finding(t, sev, "m", "e", 1.0)


def row(src=100, tgt=100, cov=None, sup=None, words=20, points=ZERO) -> BeadRow:
    return BeadRow(src, tgt, src if cov is None else cov, tgt if sup is None else sup, words, points)


def test_aggregation_of_hand_made_rows():
    rows = [row(), row(), row(cov=0, sup=0, src=100, tgt=0)]  # the last: an omitted sentence
    sc = aggregate_rows(rows, signature="s", weights=W)
    assert sc.coverage == pytest.approx(200 / 300) and sc.support == pytest.approx(1.0)
    f = 2 * (2 / 3) * 1.0 / (2 / 3 + 1.0)
    assert sc.fidelity == pytest.approx(100 * f) and sc.penalty == 0
    assert dict(sc.parts)["units"] == 3


def test_severity_and_type_weights():
    assert W.points(fd(FindingType.NUMBER_CHANGED, Severity.CRITICAL)) == 20.0
    assert W.points(fd(FindingType.QUOTE_ALTERED, Severity.MINOR)) == 0.5
    assert W.points(fd(FindingType.POLARITY_CHANGED)) == 5.0  # unlisted types weigh 1
    assert W.points(fd(FindingType.OMISSION)) == 0.0  # counted by coverage
    assert W.points(fd(FindingType.SPELLING_VARIANT)) == 0.0  # style, not meaning


def test_penalty_is_normalised_per_100_words():
    pts = (("critical", 10.0), ("major", 0.0), ("minor", 0.0))
    short = aggregate_rows([row(words=50, points=pts)], signature="s", weights=W)
    long = aggregate_rows([row(words=400, points=pts)], signature="s", weights=W)
    assert short.penalty == pytest.approx(10.0)  # at least 100 words
    assert long.penalty == pytest.approx(10.0 * 100 / 400)
    assert long.fidelity > short.fidelity


def test_ci_contains_the_point_and_depends_only_on_the_seed():
    rows = [row(points=(("critical", 0.0), ("major", 5.0 * (k % 3 == 0)), ("minor", 0.0)), words=30) for k in range(30)]
    rows += [row(cov=0, sup=0, tgt=0) for _ in range(3)]
    a = aggregate_rows(rows, signature="s", seed=1, weights=W)
    b = aggregate_rows(rows, signature="s", seed=1, weights=W)
    c = aggregate_rows(rows, signature="s", seed=2, weights=W)
    assert a.ci_low <= a.fidelity <= a.ci_high and a.ci_low < a.ci_high
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)


def test_segment_row_maps_similarity_through_thresholds_and_deducts_findings():
    w = ScoreWeights(types=(("number_changed", 2.0),), segment=SegmentWeights(bias=0.0, w_sim=1.0))
    assert segment_row(0.8, [], THR, weights=w).fidelity == pytest.approx(100.0)  # at match
    assert segment_row(0.2, [], THR, weights=w).fidelity == 0.0  # at unrelated
    half = segment_row(0.5, [], THR, weights=w)
    assert half.similarity_part == pytest.approx(0.5) and half.fidelity == pytest.approx(50.0)
    hit = segment_row(0.8, [fd(FindingType.NUMBER_CHANGED, Severity.MINOR)], THR, weights=w)
    assert hit.penalty == 2.0 and hit.fidelity == pytest.approx(98.0)
    copy = segment_row(0.99, [fd(FindingType.IDENTICAL_COPY, Severity.CRITICAL)], THR, weights=w)
    assert copy.fidelity == 0.0 and copy.zero


def test_with_reference_uses_its_own_weights():
    w = ScoreWeights(segment=SegmentWeights(0.0, 1.0), segment_ref=SegmentWeights(0.0, 0.0, 0.5, 0.5))
    free = segment_row(0.5, [], THR, weights=w)
    ref = segment_row(0.5, [], THR, ref_sim=0.8, chrf=40.0, weights=w)
    assert ref.reference_part == pytest.approx(1.0) and ref.chrf == 40.0
    assert ref.fidelity == pytest.approx(100 * (0.5 * 1.0 + 0.5 * 0.4))
    assert ref.fidelity != free.fidelity


def test_corpus_score_of_segment_rows_has_a_ci():
    w = ScoreWeights(segment=SegmentWeights(0.0, 1.0))
    rows = [segment_row(0.2 + 0.02 * k, [], THR, weights=w) for k in range(30)]
    sc = score_segment_rows(rows, signature="sig", seed=3)
    assert sc.fidelity == pytest.approx(sum(r.fidelity for r in rows) / 30)
    assert sc.ci_low < sc.fidelity < sc.ci_high and sc.signature == "sig"


def test_shipped_weights_load_and_are_nonnegative():
    w = load_weights()
    assert all(v >= 0 for _, v in w.types) and w.segment.w_sim >= 0
    assert dict(w.severity)["critical"] >= dict(w.severity)["major"] >= dict(w.severity)["minor"]


def test_malformed_weights_raise_missing_data():
    with pytest.raises(MissingDataError):
        weights_from_toml({"severity": {"critical": 1}})
    good = {"severity": {"critical": 10, "major": 5, "minor": 1}, "segment": {"bias": 0, "w_sim": 1},
            "segment_ref": {"bias": 0}, "document": {"penalty_scale": 1}, "types": {"no_such_type": 1}}  # fmt: skip
    with pytest.raises(MissingDataError):
        weights_from_toml(good)


def test_lint_mode_has_no_fidelity(fake_auditor):
    rep = fake_auditor.lint("The minister said on Monday that 12 people were hurt. Police closed the road.")
    assert rep.score is None and to_dict(rep)["score"] is None
    assert str(rep.signature) == f"auditor:{__version__}|model:none@-|align:lint||seed:0"  # as in 0.2.0


def test_document_score_json_is_byte_for_byte_stable(fake_auditor):
    src = "The minister said on Monday that 12 people were hurt. Police closed the road. The fire was out by noon."
    tgt = "The minister said on Monday that 21 people were hurt. Police closed the road. A new shop opened in town."
    one = json.dumps(fake_auditor.audit(src, tgt, source_lang="en", target_lang="en").score.to_dict(), sort_keys=True)
    two = json.dumps(fake_auditor.audit(src, tgt, source_lang="en", target_lang="en").score.to_dict(), sort_keys=True)
    assert one == two
    d = json.loads(one)
    assert d["ci"][0] <= d["fidelity"] <= d["ci"][1] and set(d["parts"]) >= {"coverage", "support", "penalty"}


def test_segment_scores_see_the_typed_detectors(fake_auditor):
    src = ["The company sold 1,200 cars in March.", "The road was closed."]
    tgt = ["The company sold 2,100 cars in March.", "The road was closed."]
    result = fake_auditor.score_segments(src, tgt, source_lang="en", target_lang="en")
    scores, sig = result.segments, str(result.signature)
    assert any(f.type is FindingType.NUMBER_CHANGED for f in scores[0].findings)
    assert not any(f.type is FindingType.NUMBER_CHANGED for f in scores[1].findings)
    assert scores[0].fidelity < scores[1].fidelity and "seed:" in sig
    assert sig == (f"auditor:{__version__}|model:fake@{FakeEmbedder(dim=128).fingerprint[:12]}|align:segments"
                   "|match:0.45|shift:0.55|unrelated:0.2|rel_shift:0.5|rel_major:0.3|rel_unlink:0.25|seed:12345")  # fmt: skip
    again = fake_auditor.score_segments(src, tgt, source_lang="en", target_lang="en").segments
    assert [s.fidelity for s in again] == [s.fidelity for s in scores]
    ref = fake_auditor.score_segments(src, tgt, tgt, source_lang="en", target_lang="en")
    assert all(s.reference_similarity is not None and s.row.reference_part is not None for s in ref.segments)
    assert str(ref.signature).split("|")[2] == "align:segments+ref"


def test_check_pair_is_what_score_reports_per_line(fake_auditor):
    """One segment pair through the public Auditor.check_pair: what ``auditor score`` reports for its line."""
    src, tgt = "The company sold 1,200 cars in March.", "The company sold 2,100 cars in March."
    result = fake_auditor.score_segments([src], [tgt], source_lang="en", target_lang="en")
    emb, thr = fake_auditor.embedder_for("en", "en")
    found = fake_auditor.check_pair(src, tgt, similarity=result.segments[0].similarity, thresholds=thr,
                                    source_lang="en", target_lang="en")  # fmt: skip
    assert found == result.segments[0].findings and any(f.type is FindingType.NUMBER_CHANGED for f in found)
    typed = fake_auditor.detect_pair(src, tgt, similarity=1.0, thresholds=thr, source_lang="en", target_lang="en")
    assert {f.type for f in typed} == {FindingType.NUMBER_CHANGED}
    assert fake_auditor.check_pair(src, " ", similarity=0.1, thresholds=thr)[0].type is FindingType.OMISSION
    copied = fake_auditor.check_pair(src, src, similarity=1.0, thresholds=thr, source_lang="en", target_lang="de")
    assert [f.type for f in copied] == [FindingType.IDENTICAL_COPY]


# --------------------------------------------------------------------------- the learned QE head (issue 5)

import hashlib  # noqa: E402
from importlib import resources  # noqa: E402

import numpy as np  # noqa: E402

from auditor.score import QE_SCALARS, head_from_toml, load_head, qe_features, qe_scalars  # noqa: E402


@pytest.fixture
def head_auditor() -> Auditor:
    """The fake embedder under the id of the model that ships a head (512-d, like USE-m)."""
    return Auditor(embedder=FakeEmbedder(dim=512, id="use-m-v3"), thresholds=Thresholds(0.45, 0.55, 0.2))


def test_qe_head_loads_from_the_package_with_its_fingerprint():
    head = load_head("use-m-v3")
    assert head is not None and head.dim == 512 and len(head.coef) == len(QE_SCALARS) + 1024
    raw = (resources.files("auditor._models") / "qe-use-m-v3.toml").read_bytes()
    assert head.fingerprint == hashlib.sha256(raw).hexdigest()
    assert list(head.knots_y) == sorted(head.knots_y) and 0 <= head.knots_y[0] and head.knots_y[-1] <= 100
    assert load_head("fake") is None  # no head: the plain formula


def test_malformed_head_raises_missing_data():
    with pytest.raises(MissingDataError):
        head_from_toml({"head": {"model": "x"}})
    bad = {"head": {"model": "x", "dim": 2, "mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0,
                    "knots_x": [0, 1], "knots_y": [0, 100], "scalars": list(QE_SCALARS)}}  # fmt: skip
    with pytest.raises(MissingDataError):
        head_from_toml(bad)  # 1 weight for 21 + 4 features


def test_head_fingerprint_is_in_the_segment_signature(head_auditor):
    head = load_head("use-m-v3")
    result = head_auditor.score_segments(["The road was closed on Monday."], ["Die Straße war am Montag gesperrt."],
                                         source_lang="en", target_lang="de")  # fmt: skip
    scores, sig = result.segments, str(result.signature)
    assert result.signature.heads == (head.ref,)
    assert sig.endswith(f"|seed:12345|qe:use-m-v3@{head.fingerprint[:12]}")
    assert scores[0].row.qe is not None and 0 <= scores[0].row.qe <= 100
    plain = Auditor(embedder=FakeEmbedder(dim=128), thresholds=THR).score_segments(
        ["The road was closed."], ["Die Straße war gesperrt."], source_lang="en", target_lang="de")  # fmt: skip
    assert "qe:" not in str(plain.signature) and plain.segments[0].row.qe is None


def test_qe_features_are_deterministic_and_count_mismatches():
    a = qe_scalars("The firm sold 1,200 cars to BMW in Berlin.", "Die Firma verkaufte 1.200 Autos an BMW in Berlin.", 0.8, [])
    assert a == qe_scalars("The firm sold 1,200 cars to BMW in Berlin.", "Die Firma verkaufte 1.200 Autos an BMW in Berlin.", 0.8, [])
    n = dict(zip(QE_SCALARS, a))
    assert len(a) == len(QE_SCALARS) and n["numbers_missing"] == 0 and n["names_missing"] == 0 and n["acronyms_missing"] == 0
    b = dict(zip(QE_SCALARS, qe_scalars("The firm sold 300 cars to BMW.", "Die Firma verkaufte 500 Autos an VW.", 0.8, [])))
    assert b["numbers_missing"] == 1 and b["numbers_extra"] == 1 and b["acronyms_missing"] == 1
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=(2, 512)), rng.normal(size=(2, 512))
    x1, x2 = qe_features(u, v, [a, a]), qe_features(u * 3.0, v, [a, a])  # vectors are re-normalised
    assert x1.shape == (2, len(QE_SCALARS) + 1024) and np.allclose(x1, x2)


def test_copied_or_empty_target_still_scores_zero_with_the_head(head_auditor):
    src = ["The minister said twelve people were hurt in the fire.", "Police closed the road."]
    scores = head_auditor.score_segments(src, [src[0], ""], source_lang="en", target_lang="de").segments
    assert all(s.fidelity == 0.0 and s.row.zero for s in scores)


def test_a_number_mismatch_lowers_the_head_score():
    head = load_head("use-m-v3")
    u = np.random.default_rng(1).normal(size=(1, 512))
    v = u + 0.3 * np.random.default_rng(2).normal(size=(1, 512))  # same vectors for both: only the surface differs
    src = "The company will hire 300 workers in 2024."
    good = qe_scalars(src, "Das Unternehmen wird 2024 300 Arbeiter einstellen.", 0.8, [])
    bad = qe_scalars(src, "Das Unternehmen wird 2024 500 Arbeiter einstellen.", 0.8, [])
    assert float(head.score(qe_features(u, v, [bad]))[0]) < float(head.score(qe_features(u, v, [good]))[0])


def test_head_segment_scores_are_byte_for_byte_stable(head_auditor):
    src = ["The company sold 1,200 cars in March.", "The road was closed."]
    tgt = ["Die Firma verkaufte im März 2.100 Autos.", "Die Straße war gesperrt."]
    r1 = head_auditor.score_segments(src, tgt, source_lang="en", target_lang="de")
    r2 = head_auditor.score_segments(src, tgt, source_lang="en", target_lang="de")
    (one, sig1), (two, sig2) = (r1.segments, r1.signature), (r2.segments, r2.signature)
    assert sig1 == sig2 and [repr(s.fidelity) for s in one] == [repr(s.fidelity) for s in two]
    sc = score_segment_rows([s.row for s in one], signature=sig1)
    assert json.dumps(sc.to_dict(), sort_keys=True) == json.dumps(score_segment_rows([s.row for s in two], signature=sig2).to_dict(), sort_keys=True)
    assert "qe" in dict(sc.parts)


def test_a_document_audit_charges_full_severity_points_whatever_the_fitted_type_weight():
    """The fitted [types] weights (polarity ~0.03 on WMT20 MT) are for segments; in a document audit a
    flipped negation costs its full critical points."""
    from sentence_docs import make_doc

    from auditor.score import document_weights, load_weights, score_alignment
    from auditor.types import Bead

    assert document_weights().types == () and document_weights().severity == load_weights().severity
    _, s_seg = make_doc("s", ["The government will not raise taxes next year, the minister said."])
    _, t_seg = make_doc("t", ["The government will raise taxes next year, the minister said."])
    flip = Finding(FindingType.POLARITY_CHANGED, Severity.CRITICAL, "negation dropped", "not -> -", 0.9, bead=0)
    sc = score_alignment((Bead((0,), (0,), 0.95),), [flip], s_seg, t_seg, signature="x")
    assert sc.penalty == pytest.approx(10.0)  # 10 critical points per 100 words (a short text counts as 100)
    assert sc.fidelity == pytest.approx(90.0)
