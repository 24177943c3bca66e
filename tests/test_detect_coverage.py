"""Omissions and additions weighted by what they carry (issue 4, item 9), English and Spanish."""

from __future__ import annotations

from sentence_docs import make_doc

from auditor.detect.base import AuditContext
from auditor.detect.coverage import CoverageDetector, carries
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.8, shift=0.6, unrelated=0.3)


def run(src: list[str], tgt: list[str], beads: list[Bead], lang: str = "en"):
    s_doc, s_seg = make_doc("src", src, lang)
    t_doc, t_seg = make_doc("tgt", tgt, lang)
    al = Alignment(tuple(beads), "monotonic", "monotonic", "test")
    return CoverageDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


SRC = [
    "The council approved the new budget on Tuesday after a long debate.",
    "Members of the opposition walked out before the vote was taken.",
    '"This budget betrays every family in the city," said Ana Ruiz, the opposition leader.',
    "The plan raises spending on schools by 12 percent over two years.",
    "The meeting ended late in the evening.",
]


def test_dropped_quote_and_number_are_critical_plain_sentence_major():
    tgt = [SRC[0], SRC[1], SRC[4]]
    beads = [Bead((0,), (0,), 0.95), Bead((1,), (1,), 0.95), Bead((2,), ()), Bead((3,), ()), Bead((4,), (2,), 0.95)]
    fs = [f for f in run(SRC, tgt, beads) if f.type is FindingType.OMISSION]
    by_seg = {f.source_span.segments: f for f in fs}
    # 2 and 3 are consecutive lines but separate paragraphs in make_doc: two findings
    assert by_seg[(2,)].severity is Severity.CRITICAL and "It carries a direct quotation and names." in by_seg[(2,)].message
    assert by_seg[(3,)].severity is Severity.CRITICAL and "numbers" in by_seg[(3,)].message
    beads2 = [Bead((0,), (0,), 0.95), Bead((1,), ()), Bead((2,), (1,), 0.9), Bead((3,), (2,), 0.9), Bead((4,), (3,), 0.9)]
    plain = [f for f in run(SRC, [SRC[0], SRC[2], SRC[3], SRC[4]], beads2) if f.type is FindingType.OMISSION]
    assert [f.severity for f in plain] == [Severity.MAJOR]


def test_dropped_lead_is_critical():
    beads = [Bead((0,), ()), Bead((1,), (0,), 0.9), Bead((2,), (1,), 0.9), Bead((3,), (2,), 0.9), Bead((4,), (3,), 0.9)]
    fs = [f for f in run(SRC, SRC[1:], beads) if f.type is FindingType.OMISSION]
    assert fs[0].severity is Severity.CRITICAL and "lead" in fs[0].evidence


def test_spanish_added_quote_is_critical_boilerplate_is_not_an_addition():
    src = ["El Gobierno aprobó el presupuesto el martes.", "La oposición votó en contra."]
    tgt = [
        "El Gobierno aprobó el presupuesto el martes.",
        "«Es un día histórico para el país», dijo el portavoz Luis Gómez.",
        "La oposición votó en contra.",
        "LEE TAMBIÉN: Las claves del presupuesto",
    ]
    beads = [Bead((0,), (0,), 0.95), Bead((), (1,)), Bead((1,), (2,), 0.95), Bead((), (3,))]
    fs = run(src, tgt, beads, lang="es")
    adds = [f for f in fs if f.type is FindingType.ADDITION]
    assert [f.target_span.segments for f in adds] == [(1,)]  # the cross-link is furniture, not content
    assert adds[0].severity is Severity.CRITICAL and "quote" in adds[0].evidence


def test_short_label_stays_minor_even_with_a_number():
    src = ["The storm hit the coast overnight.", "Page 2"]
    beads = [Bead((0,), (0,), 0.95), Bead((1,), ())]
    fs = run(src, src[:1], beads)
    assert [(f.type, f.severity) for f in fs] == [(FindingType.OMISSION, Severity.MINOR)]


def test_dropped_source_furniture_is_no_omission():
    src = ["The storm hit the coast overnight and closed two ports.", "Also Read :- Ten photos of the storm"]
    fs = run(src, src[:1], [Bead((0,), (0,), 0.95), Bead((1,), ())])
    assert fs == []


def test_carries_names_and_nothing_for_plain_text():
    _, seg = make_doc("d", ["Intro line", "It rained all day and nobody went out.", "Later Maria Lopez arrived."])
    assert carries(seg, [1], "en") == ["lead"]  # the first full sentence, not the two-word title
    assert carries(seg, [2], "en") == ["name"]
    _, seg = make_doc("d", ["It rained all day and nobody went out at all.", "Key Takeaways From The Storm"])
    assert carries(seg, [1], "en") == []  # title case: capitals are not names


# ---------------------------------------------------------------- issue 11: drift on the pair's scale


def test_drift_is_read_on_the_pairs_own_scale():
    from auditor.detect.coverage import drift_severity
    from auditor.types import PairScale

    scale = PairScale(chance=0.05, spread=0.1, counterpart=0.65, clear=100)
    # 0.45 is below the model's STS 'shift' (0.6) but 67% of the way to this pair's typical counterpart
    assert drift_severity(0.45, THR, scale) is None
    sev, evidence = drift_severity(0.30, THR, scale)  # 42%: a possible shift
    assert sev is Severity.MINOR and "chance level" in evidence
    assert drift_severity(0.15, THR, scale)[0] is Severity.MAJOR  # 17%
    # no scale measured: the model's calibrated thresholds stand in
    assert drift_severity(0.40, THR, None)[0] is Severity.MAJOR
    assert drift_severity(0.40, THR, PairScale(0.05, 0.1, None, 2))[0] is Severity.MAJOR


def test_a_moved_sentence_of_a_translation_is_a_minor_omission():
    from auditor.types import PairScale

    beads = [Bead((0,), (0,), 0.9), Bead((1,), (), 0.7), Bead((2,), (1,), 0.9), Bead((3,), (2,), 0.9), Bead((4,), (3,), 0.9)]
    tgt = [SRC[0], SRC[2], SRC[3], SRC[4]]
    s_doc, s_seg = make_doc("src", SRC, "en")
    t_doc, t_seg = make_doc("tgt", tgt, "en")
    for mode, scale, expected in (
        ("monotonic", PairScale(0.1, 0.1, 0.85, 50), Severity.MINOR),  # best counterpart 0.7: present elsewhere
        ("monotonic", None, Severity.MAJOR),  # no scale: as before
        ("rewrite", PairScale(0.1, 0.1, 0.85, 50), Severity.MAJOR),  # rewrite mode already looked everywhere
    ):
        al = Alignment(tuple(beads), mode, "auto", "test", None, scale)
        (f,) = [x for x in CoverageDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR)) if x.type is FindingType.OMISSION]
        assert f.severity is expected, (mode, f.evidence)
