"""Coverage findings and the first fidelity score, on hand-built segmentations and beads."""

from __future__ import annotations

from sentence_docs import make_doc

import pytest

from auditor.detect.base import AuditContext, run_detectors, span_of
from auditor.types import Thresholds
from auditor.detect.coverage import CoverageDetector
from auditor.score import score_alignment
from auditor.types import Alignment, Bead, Document, FindingType, Paragraph, Segment, Segmentation, Severity

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def make(doc_id: str, sentences: list[str]) -> tuple[Document, Segmentation]:
    return make_doc(doc_id, sentences, "en")


SRC = [
    "Russian troops stormed toward the capital early Saturday.",
    "The president urged the country to stand firm against the siege.",
    "Eleven members voted for the resolution and three abstained.",
    "Market reaction",
]
TGT = [
    "Russian forces advanced on the capital on Saturday morning.",
    "The president asked the nation to hold firm.",
    "A completely new sentence about the weather in Paris was added here.",
]


def ctx(beads):
    s_doc, s_seg = make("src", SRC)
    t_doc, t_seg = make("tgt", TGT)
    return AuditContext(s_doc, t_doc, s_seg, t_seg, Alignment(tuple(beads), "monotonic", "auto", "test"), THR)


BEADS = [
    Bead((0,), (0,), 0.82),
    Bead((1,), (1,), 0.55),  # below shift: a possible meaning shift
    Bead((2,), ()),  # omission of a full sentence: major
    Bead((3,), ()),  # omission of a two-word label: minor (own paragraph)
    Bead((), (2,)),  # addition
]


def test_coverage_findings_are_typed_located_and_graded():
    c = ctx(BEADS)
    fs = run_detectors(c, [CoverageDetector()])
    kinds = sorted((f.type, f.severity) for f in fs)
    assert (FindingType.OMISSION, Severity.MAJOR) in kinds
    assert (FindingType.OMISSION, Severity.MINOR) in kinds
    assert (FindingType.ADDITION, Severity.MAJOR) in kinds
    shift = [f for f in fs if f.type is FindingType.MEANING_SHIFT]
    assert len(shift) == 1 and shift[0].source_span.text == SRC[1] and shift[0].target_span.text == TGT[1]
    om = next(f for f in fs if f.type is FindingType.OMISSION and f.severity is Severity.MAJOR)
    assert om.source_span.line == 3 and om.source_span.col == 1 and om.target_span is None
    add = next(f for f in fs if f.type is FindingType.ADDITION)
    assert add.target_span.text == TGT[2] and add.target_span.line == 3
    assert all(0.0 <= f.confidence <= 1.0 for f in fs)


def test_well_aligned_beads_give_no_findings():
    c = ctx([Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2,), 0.7), Bead((3,), ())])
    fs = CoverageDetector().detect(c)
    assert [f.type for f in fs] == [FindingType.OMISSION] and fs[0].severity is Severity.MINOR


def test_consecutive_unaligned_sentences_in_one_paragraph_make_one_finding():
    s_doc, _ = make("src", SRC)
    segs = tuple(Segment(i, s, *(lambda st: (st, st + len(s)))(s_doc.text.index(s)), paragraph=0) for i, s in enumerate(SRC))
    s_seg = Segmentation("src", "en", segs, (Paragraph(0, 0, len(s_doc.text), (0, 1, 2, 3)),))
    t_doc, t_seg = make("tgt", TGT)
    al = Alignment((Bead((0,), (0,), 0.9), Bead((1,), ()), Bead((2,), ()), Bead((), (1,)), Bead((), (2,)), Bead((3,), ())), "monotonic", "auto", "")
    fs = CoverageDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))
    om = [f for f in fs if f.type is FindingType.OMISSION]
    assert len(om) == 1 and om[0].source_span.segments == (1, 2, 3)


def test_score_parts_and_signature():
    c = ctx(BEADS)
    fs = run_detectors(c, [CoverageDetector()])
    sc = score_alignment(c.alignment.beads, fs, c.source_segments, c.target_segments, signature="sig")
    src_chars = sum(map(len, SRC))
    assert sc.coverage == pytest.approx((len(SRC[0]) + len(SRC[1])) / src_chars)
    assert sc.support == pytest.approx((len(TGT[0]) + len(TGT[1])) / sum(map(len, TGT)))
    assert sc.penalty > 0  # the meaning shift costs points; omissions/additions are in coverage
    assert 0 <= sc.fidelity < 100 and sc.signature == "sig"


def test_perfect_alignment_scores_100():
    c = ctx([Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2, 3), (2,), 0.9)])
    sc = score_alignment(c.alignment.beads, [], c.source_segments, c.target_segments, signature="s")
    assert sc.fidelity == pytest.approx(100.0) and sc.penalty == 0


def test_duplicated_target_copies_count_once_on_the_source_side():
    dup = [Bead((0,), (0,), 0.9), Bead((0,), (1,), 0.9), Bead((0,), (2,), 0.9)]
    c = ctx(dup)
    sc = score_alignment(c.alignment.beads, [], c.source_segments, c.target_segments, signature="s")
    assert sc.coverage == pytest.approx(len(SRC[0]) / sum(map(len, SRC)))
    assert sc.support == pytest.approx(1.0)


def test_span_of_reports_line_and_col():
    doc, seg = make("d", ["alpha", "beta gamma"])
    sp = span_of(doc, seg, [1])
    assert (sp.line, sp.col, sp.end_line, sp.end_col, sp.text) == (2, 1, 2, 11, "beta gamma")
