"""Negation, antonym and modality changes: the extractors and the detector, en, es and en↔es."""

from __future__ import annotations

from sentence_docs import make_doc

import pytest

from auditor.detect.base import AuditContext
from auditor.detect.polarity import PolarityDetector, find_modality, find_negations, find_poles
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def audit(src, tgt, src_lang: str = "en", tgt_lang: str = "en", beads=None):
    src = [src] if isinstance(src, str) else src
    tgt = [tgt] if isinstance(tgt, str) else tgt
    s_doc, s_seg = make_doc("src", src, src_lang)
    t_doc, t_seg = make_doc("tgt", tgt, tgt_lang)
    beads = beads or (Bead((0,), (0,), 0.9),)
    al = Alignment(beads=tuple(beads), mode="monotonic", requested_mode="monotonic", reason="test")
    return PolarityDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


def types(findings) -> list[tuple[FindingType, Severity]]:
    return [(f.type, f.severity) for f in findings]


def count(text: str, lang: str) -> int:
    return len(find_negations(text, lang))


# --------------------------------------------------------------------------- extractors


@pytest.mark.parametrize(
    "text,lang,n",
    [
        ("The council did not approve the plan.", "en", 1),
        ("The council didn't approve the plan.", "en", 1),
        ("The council failed to approve the plan.", "en", 1),
        ("The council rejected the plan.", "en", 1),
        ("The council approved the plan.", "en", 0),
        ("Neither the mayor nor the council approved it.", "en", 1),
        ("He no longer supports the plan.", "en", 1),
        ("Not only the mayor but also the council approved it.", "en", 0),
        ("No more than 20 people came, no doubt about it.", "en", 0),
        ("He lives at No. 10 Downing Street.", "en", 0),
        ("Shares declined 3% on Friday.", "en", 0),
        ("The minister declined to comment.", "en", 1),
        ("The bank failed last year.", "en", 0),
        ("El gobierno no aprobó el plan.", "es", 1),
        ("No dijo nada a nadie.", "es", 1),
        ("Nadie vino.", "es", 1),
        ("No vino Juan ni Pedro.", "es", 1),
        ("Sin embargo, el gobierno aprobó el plan sin duda.", "es", 0),
        ("No solo el alcalde aprobó el plan.", "es", 0),
        ("El gobierno rechazó el plan.", "es", 1),
        ("El ministro se negó a aprobar el plan.", "es", 1),
        ("Ya no apoya el plan.", "es", 1),
    ],
)
def test_negations_are_counted_per_clause(text, lang, n):
    assert count(text, lang) == n


def test_a_negation_knows_the_word_it_negates_and_where_it_is():
    text = "The council did not approve the plan."
    (neg,) = find_negations(text, "en")
    assert text[neg.start : neg.end] == "not"
    assert text[neg.phrase_start : neg.phrase_end] == "did not approve"
    assert neg.head == "approv" and text[neg.head_start : neg.head_end] == "approve"
    (fail,) = find_negations("They failed to approve it.", "en")
    assert fail.verb == "fail" and fail.head == "approv"


def test_unknown_languages_give_nothing():
    assert find_negations("Il n'a pas approuvé.", "fr") == []
    assert find_negations("not", None) == []
    assert find_poles("raised", "de") == []


def test_poles_and_modality_cues():
    assert [(p.concept, p.pole) for p in find_poles("The bank raised rates.", "en")] == [("up/down", 0)]
    assert [(p.concept, p.pole) for p in find_poles("El banco bajó los tipos.", "es")] == [("up/down", 1)]
    cues = find_modality("The council reportedly rejected the plan.", "en")
    assert [(m.text, set(m.categories)) for m in cues] == [("reportedly", {"hedged"})]
    rumour = find_modality("El gobierno habría rechazado el plan.", "es")
    assert [m.text for m in rumour] == ["habría rechazado"] and "hedged" in rumour[0].categories
    assert [set(m.categories) for m in find_modality("He said he would resign.", "en")] == [{"attrib"}, {"future", "conditional"}]
    assert [set(m.categories) for m in find_modality("The plan would cost more.", "en")] == [{"conditional"}]
    assert find_modality("The claim: it claimed responsibility in May.", "en") == []
    assert find_modality("La Secretaría de la mayoría aprobó el plan.", "es") == []


# --------------------------------------------------------------------------- negation findings


def test_an_added_negation_is_critical_and_located():
    fs = audit("The council approved the plan.", "The council did not approve the plan.")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    f = fs[0]
    assert f.target_span.text == "did not approve" and f.source_span.text == "approved"
    assert f.evidence.startswith("negation added: 'approved' → 'did not approve'")
    assert f.bead == 0 and f.detector == "polarity" and f.confidence >= 0.85


def test_a_removed_negation_points_at_the_source():
    fs = audit("The council did not approve the plan.", "The council approved the plan.")
    assert len(fs) == 1 and fs[0].source_span.text == "did not approve"
    assert fs[0].evidence.startswith("negation removed: 'did not approve' → 'approved'")


@pytest.mark.parametrize(
    "other",
    [
        "The council failed to approve the plan.",
        "The council rejected the plan.",
        "The council didn't approve the plan.",
        "The council refused to approve the plan.",
    ],
)
def test_equivalent_negations_are_not_flagged(other):
    assert audit("The council did not approve the plan.", other) == []


def test_did_not_accept_versus_rejected_is_not_flagged():
    assert audit("The union did not accept the offer.", "The union rejected the offer.") == []


def test_approved_becoming_rejected_is_a_polarity_reversal():
    fs = audit("The council approved the plan.", "The council rejected the plan.")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    assert (fs[0].source_span.text, fs[0].target_span.text) == ("approved", "rejected")
    assert "Polarity reversed" in fs[0].message


def test_spanish_negation_removed_is_critical():
    fs = audit("El gobierno no aprobó la reforma.", "El gobierno aprobó la reforma.", "es", "es")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    assert fs[0].source_span.text == "no aprobó" and fs[0].target_span.text == "aprobó"


def test_spanish_concord_and_fixed_phrases_are_not_flagged():
    assert audit("No dijo nada a nadie.", "Nunca dijo nada.", "es", "es") == []
    assert audit("Sin embargo, el plan avanza.", "No obstante, el plan avanza.", "es", "es") == []


def test_cross_language_negation_counts_are_compared():
    assert audit("El gobierno no aprobó la reforma.", "The government did not approve the reform.", "es", "en") == []
    assert audit("Nadie resultó herido.", "Nobody was hurt.", "es", "en") == []
    assert audit("El ministro rechazó el plan.", "The minister rejected the plan.", "es", "en") == []
    fs = audit("El gobierno no aprobó la reforma.", "The government approved the reform.", "es", "en")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    assert fs[0].source_span.text == "no aprobó" and fs[0].confidence < 0.85


def test_sin_and_without_are_not_counted_across_languages():
    assert audit("Un aumento sin precedentes llegó sin aviso.", "An unprecedented rise came unannounced.", "es", "en") == []


# --------------------------------------------------------------------------- antonyms


def test_raised_versus_cut_is_critical():
    fs = audit("The central bank raised interest rates.", "The central bank cut interest rates.")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    assert (fs[0].source_span.text, fs[0].target_span.text) == ("raised", "cut")
    assert "up/down" in fs[0].evidence and fs[0].confidence == pytest.approx(0.7)


def test_synonyms_and_both_members_are_not_swaps():
    assert audit("The bank raised rates.", "The bank increased rates.") == []
    assert audit("It raised prices and cut jobs.", "It cut jobs and raised prices.") == []


def test_spanish_and_cross_language_antonyms():
    fs = audit("El jurado lo declaró culpable.", "El jurado lo declaró inocente.", "es", "es")
    assert types(fs) == [(FindingType.POLARITY_CHANGED, Severity.CRITICAL)]
    fs = audit("La policía detuvo al sospechoso.", "Police released the suspect.", "es", "en")
    assert [(f.source_span.text, f.target_span.text) for f in fs] == [("detuvo", "released")]


def test_a_negation_and_an_antonym_cancel():
    assert audit("The jury found him not guilty.", "The jury found him innocent.") == []
    assert audit("The team did not win the final.", "The team lost the final.") == []


# --------------------------------------------------------------------------- modality


def test_reportedly_rejected_versus_rejected_is_a_modality_change():
    fs = audit("The council reportedly rejected the plan.", "The council rejected the plan.")
    assert types(fs) == [(FindingType.MODALITY_CHANGED, Severity.MAJOR)]
    assert fs[0].source_span.text == "reportedly" and fs[0].confidence == pytest.approx(0.6)
    assert "reported/hedged" in fs[0].message and "asserted" in fs[0].message


def test_said_versus_told_or_stated_is_not_a_change():
    assert audit("The minister said the plan failed.", "The minister told reporters the plan failed.") == []
    assert audit("The minister said the plan failed.", "The minister stated the plan failed.") == []
    assert audit("The plan failed, the minister said.", "According to the minister, the plan failed.") == []


def test_said_versus_claimed_and_will_versus_may_are_changes():
    fs = audit("The minister said the plan failed.", "The minister claimed the plan failed.")
    assert types(fs) == [(FindingType.MODALITY_CHANGED, Severity.MAJOR)] and fs[0].target_span.text == "claimed"
    fs = audit("The bank will raise rates.", "The bank may raise rates.")
    assert types(fs) == [(FindingType.MODALITY_CHANGED, Severity.MAJOR)]
    assert fs[0].target_span.text == "may" and "'will'" in fs[0].message


def test_said_becoming_confirmed_is_a_change():
    fs = audit("El portavoz afirmó que el plan fracasó.", "El portavoz confirmó que el plan fracasó.", "es", "es")
    assert types(fs) == [(FindingType.MODALITY_CHANGED, Severity.MAJOR)]


def test_spanish_rumour_conditional_to_english_assertion():
    fs = audit("El gobierno habría rechazado el plan.", "The government rejected the plan.", "es", "en")
    assert types(fs) == [(FindingType.MODALITY_CHANGED, Severity.MAJOR)]
    assert fs[0].source_span.text == "habría rechazado" and fs[0].confidence < 0.6
    assert audit("El gobierno habría rechazado el plan.", "The government reportedly rejected the plan.", "es", "en") == []


def test_backshifted_conditional_is_a_future_not_a_hedge():
    assert audit("He said he would resign.", "He said he will resign.") == []
    assert audit("Dijo que dimitiría.", "He said he would resign.", "es", "en") == []


# --------------------------------------------------------------------------- paraphrases and plumbing


@pytest.mark.parametrize(
    "src,tgt,sl,tl",
    [
        ("The council approved the plan on Monday.", "On Monday, the plan was approved by the council.", "en", "en"),
        ("Officials said no one was hurt in the blast.", "Nobody was injured in the explosion, officials said.", "en", "en"),
        ("El consejo aprobó el plan el lunes.", "El lunes, el plan fue aprobado por el consejo.", "es", "es"),
        ("El consejo aprobó el plan, dijo el portavoz.", "The council approved the plan, the spokesman said.", "es", "en"),
        ("The minister could not attend.", "The minister was unable to attend.", "en", "en"),
    ],
)
def test_faithful_paraphrases_give_nothing(src, tgt, sl, tl):
    assert audit(src, tgt, sl, tl) == []


def test_only_beads_with_both_sides_and_bead_index_is_kept():
    fs = audit(
        ["Intro.", "The council approved the plan."],
        ["Intro.", "The council did not approve the plan."],
        beads=(Bead((0,), ()), Bead((1,), (1,), 0.8), Bead((), (0,))),
    )
    assert [(f.bead, f.target_span.segments) for f in fs] == [(1, (1,))]


def test_no_source_or_no_alignment_gives_nothing():
    s_doc, s_seg = make_doc("src", ["It was approved."])
    t_doc, t_seg = make_doc("tgt", ["It was not approved."])
    assert PolarityDetector().detect(AuditContext(None, t_doc, None, t_seg, None, THR)) == []
    assert PolarityDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, None, THR)) == []


def test_turned_down_and_intransitive_failed_carry_their_negation():
    from auditor.detect.polarity import find_negations

    assert find_negations("He turned down the offer.", "en")
    assert find_negations("The resolution also failed at the UN.", "en")
    assert not find_negations("He turned to the crowd.", "en")
