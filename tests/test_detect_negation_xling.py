"""Issue 11: polarity over a common notion of negation (clause + lexical/morphological), and
reporting-verb classes. Faithful renderings give nothing; real flips stay critical."""

from __future__ import annotations

import pytest
from sentence_docs import make_doc

from auditor.detect.base import AuditContext
from auditor.detect.crosslingual import CrossLingualDetector, negations
from auditor.detect.polarity import PolarityDetector, lexical_negations, negation_verdict
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def _ctx(src: str, tgt: str, sl: str, tl: str) -> AuditContext:
    s_doc, s_seg = make_doc("src", [src], sl)
    t_doc, t_seg = make_doc("tgt", [tgt], tl)
    al = Alignment(beads=(Bead((0,), (0,), 0.9),), mode="monotonic", requested_mode="monotonic", reason="test")
    return AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR)


def serious(src: str, tgt: str, sl: str = "en", tl: str = "en") -> list[tuple[FindingType, Severity]]:
    ctx = _ctx(src, tgt, sl, tl)
    found = PolarityDetector().detect(ctx) + CrossLingualDetector().detect(ctx)
    return [
        (f.type, f.severity)
        for f in found
        if f.type in (FindingType.POLARITY_CHANGED, FindingType.MODALITY_CHANGED) and f.severity != Severity.MINOR
    ]


# --------------------------------------------------------------------------- the lexicon


@pytest.mark.parametrize(
    "text,lang,words",
    [
        ("It is unclear whether the non-life threatening injuries were treated without help.", "en",
         ["unclear", "non-life", "without"]),
        ("They are powerless and failed to act.", "en", ["powerless", "failed"]),
        ("Die Anforderungen bleiben unverändert, sie waren machtlos ohne Hilfe.", "de", ["unverändert", "machtlos", "ohne"]),
        ("Der Unfall und die Unruhen.", "de", []),  # capitalised German nouns are no affixed negation
        ("Un aumento sin precedentes e imposible.", "es", ["sin", "imposible"]),
        ("Sin embargo, el plan avanza.", "es", []),  # a fixed phrase, as for the clause cues
        ("The United Nations informed the union of its unique interest.", "en", []),
        ("He unveiled the plan.", "en", []),  # a reversative verb, no negation
    ],
)
def test_lexical_negations(text, lang, words):
    assert [x.text for x in lexical_negations(text, lang)] == words


def test_hyphenated_and_particle_cues_are_not_clause_negations():
    assert negations("Kanye West's will-he-won't-he bid.", "en") == []
    assert negations("No - but you will have to isolate.", "en") == []
    assert len(negations("No deal was announced.", "en")) == 1
    assert len(negations("Er hat keinerlei Zweifel.", "de")) == 1


def test_the_verdict_absorbs_lexical_negations_and_keeps_clean_flips():
    assert negation_verdict(1, 0, 0, 1) is None  # "not clear" ↔ "unclear"
    v = negation_verdict(0, 0, 1, 0)
    assert v is not None and v.added and v.clean
    v = negation_verdict(0, 1, 2, 0)  # the extra lexical item cannot absorb two
    assert v is not None and not v.clean or v is None
    assert negation_verdict(0, 0, 2, 0).clean  # two negations against none: DEMETR's double edit
    assert negation_verdict(1, 1, 0, 0, litotes=True) is None  # "not unexpected" ↔ "expected"
    assert not negation_verdict(2, 0, 1, 0).clean and negation_verdict(2, 0, 1, 0, pair_clauses=True).clean


# --------------------------------------------------------------------------- faithful pairs: nothing serious


@pytest.mark.parametrize(
    "src,tgt,sl,tl",
    [
        ("It is not clear whether he will come.", "It is unclear whether he will come.", "en", "en"),
        ("No one was hurt.", "Nobody was hurt.", "en", "en"),
        ("The government rejects the plan.", "The government has rejected the plan.", "en", "en"),
        ("Moscow rejects claims that it plans an invasion.", "Moscow has rejected claims that it plans an invasion.", "en", "en"),
        ("It was not unexpected.", "It was expected.", "en", "en"),
        ("The minister could not attend.", "The minister was unable to attend.", "en", "en"),
        ("Argentina did not pay the interest.", "Argentina failed to pay the interest.", "en", "en"),
        ("He left without a word.", "He left and said no word.", "en", "en"),
        # English ↔ German, German ↔ English
        ("The man was taken to hospital with non-life threatening injuries.",
         "Er wurde mit nicht lebensbedrohlichen Verletzungen ins Krankenhaus eingeliefert.", "en", "de"),
        ("A woman sprayed them for refusing to mask up.", "Eine Frau besprühte sie, weil sie keine Masken tragen wollten.", "en", "de"),
        ("There is no change in the requirements.", "Die Anforderungen bleiben unverändert.", "en", "de"),
        ("The US is failing to do large trials.", "Die USA versagen bei der Durchführung großer Studien.", "en", "de"),
        ("Die Lage ist unklar.", "It is not clear what the situation is.", "de", "en"),
        ("Die Symbolik ist nicht zu übersehen.", "The symbolism was impossible to miss.", "de", "en"),
        ("No - but you will have to isolate.", "Nein, aber Sie müssen sich isolieren.", "en", "de"),
        ("Sie waren nicht bereit zu zahlen.", "They refused to pay.", "de", "en"),
        # Spanish
        ("Un aumento sin precedentes.", "An unprecedented rise.", "es", "en"),
        ("No está claro si vendrá.", "It is unclear whether he will come.", "es", "en"),
        ("El gobierno no aprobó la reforma.", "The government failed to approve the reform.", "es", "en"),
    ],
)
def test_faithful_renderings_give_nothing_serious(src, tgt, sl, tl):
    assert serious(src, tgt, sl, tl) == []


# --------------------------------------------------------------------------- real flips stay critical


@pytest.mark.parametrize(
    "src,tgt,sl,tl",
    [
        ("The council approved the plan.", "The council did not approve the plan.", "en", "en"),
        ("The council did not approve the plan.", "The council approved the unpopular plan.", "en", "en"),  # same word
        ("El gobierno no aprobó la reforma.", "The government approved the reform.", "es", "en"),
        ("Der Rat hat den Plan gebilligt.", "The council did not approve the plan.", "de", "en"),
        ("Der Rat hat den Plan ohne Debatte gebilligt.", "The council did not approve the plan without debate.", "de", "en"),
        ("The council approved the plan.", "Der Rat hat den Plan nicht gebilligt.", "en", "de"),
        ("Un aumento sin precedentes llegó.", "An unprecedented rise did not come.", "es", "en"),
        ("Bangladesch gehört zu den am stärksten betroffenen Ländern.",
         "Bangladesh is not one of the countries hardest hit.", "de", "en"),
        ("The council approved the plan.", "The council rejected the plan.", "en", "en"),  # antonym verb
    ],
)
def test_real_flips_stay_critical(src, tgt, sl, tl):
    assert (FindingType.POLARITY_CHANGED, Severity.CRITICAL) in serious(src, tgt, sl, tl)


# --------------------------------------------------------------------------- reporting verbs


@pytest.mark.parametrize(
    "src,tgt,sl,tl",
    [
        ("The minister said the plan failed.", "The minister stated that the plan failed.", "en", "en"),
        ("The minister said the plan would fail.", "The minister reiterated that the plan would fail.", "en", "en"),
        ("The plan would fail, the minister said.", "According to the minister, the plan would fail.", "en", "en"),
        ("The plan would fail, he said.", "He said the plan would fail.", "en", "en"),
        ("Reports said the plan failed.", "According to reports, the plan failed.", "en", "en"),
        ("The plan reportedly failed.", "According to reports, the plan failed.", "en", "en"),
        ("The minister said the plan failed.", "The minister noted that the plan failed.", "en", "en"),
        ("El ministro dijo que el plan fracasó.", "The minister stated that the plan failed.", "es", "en"),
        ("El ministro reiteró que el plan fracasaría.", "The minister said the plan would fail.", "es", "en"),
        ("Según el ministro, el plan fracasó.", "The minister said the plan failed.", "es", "en"),
    ],
)
def test_neutral_reporting_verbs_are_one_class(src, tgt, sl, tl):
    assert serious(src, tgt, sl, tl) == []


@pytest.mark.parametrize(
    "src,tgt,sl,tl",
    [
        ("The minister said the plan failed.", "The minister claimed the plan failed.", "en", "en"),
        ("The minister said the plan failed.", "The minister insisted the plan failed.", "en", "en"),
        ("The minister stated the plan failed.", "The minister allegedly said the plan failed.", "en", "en"),
        ("El gobierno habría rechazado el plan.", "The government rejected the plan.", "es", "en"),
        ("El ministro dijo que el plan fracasó.", "The minister claimed that the plan failed.", "es", "en"),
    ],
)
def test_a_move_to_doubt_or_hearsay_is_a_modality_change(src, tgt, sl, tl):
    assert (FindingType.MODALITY_CHANGED, Severity.MAJOR) in serious(src, tgt, sl, tl)
