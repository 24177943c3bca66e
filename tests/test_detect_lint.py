"""Single-document detectors (lint mode): boilerplate furniture and literally translated labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.detect.base import AuditContext
from auditor.detect.boilerplate import BoilerplateDetector, boilerplate_kind
from auditor.detect.labels import LEXICON, LabelsDetector, literal_label, source_label
from auditor.io.read import document_from_text, read_document
from auditor.segment import segment
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

SEEDS = Path(__file__).resolve().parents[1] / "data" / "samples"  # the seeds, bundled (data/samples/NOTE.md)


def lint_ctx(text: str, lang: str = "en") -> AuditContext:
    doc = document_from_text(text, doc_id="tgt", lang=lang)
    return AuditContext(None, doc, None, segment(doc), None, Thresholds(0, 0, 0))


def boiler(text: str, lang: str = "en"):
    return BoilerplateDetector().detect(lint_ctx(text, lang))


def labels(text: str, lang: str = "en"):
    return LabelsDetector().detect(lint_ctx(text, lang))


BODY_EN = "Russian troops stormed toward the capital early Saturday as explosions shook the city."
BODY_ES = "Las tropas rusas avanzaron hacia la capital el sábado por la mañana mientras sonaban explosiones."


# --------------------------------------------------------------------------- boilerplate


def test_also_read_line_is_a_cross_link():
    fs = boiler(f"{BODY_EN}\n\nAlso Read :- Putin to undergo cancer surgery, hand power to spymaster: Reports\n\n{BODY_EN[:-1]} again.")
    assert len(fs) == 1
    f = fs[0]
    assert f.type is FindingType.BOILERPLATE and f.severity is Severity.MINOR and f.detector == "boilerplate"
    assert f.message == "Boilerplate: cross-link 'Also Read'"
    assert f.target_span.text.startswith("Also Read :- Putin") and f.target_span.line == 3
    assert f.confidence >= 0.9 and f.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "He also read the report before the meeting.",
        "By the end of the year, the army had lost more than 2,800 soldiers.",
        "Also read the report carefully, the minister told reporters.",
        "Updated guidelines were issued on 3 March.",
        "Shares of the company fell 3% on Friday.",
        "Video footage shows troops entering the city.",
    ],
)
def test_news_prose_is_not_boilerplate(sentence):
    assert boiler(f"{BODY_EN}\n\n{sentence}") == []
    assert boilerplate_kind(sentence, "en") is None


def test_spanish_cross_links_promos_and_bylines():
    text = f"Por María López\n\n{BODY_ES}\n\nLEE TAMBIÉN: Putin reconoce a las repúblicas separatistas\n\nSíguenos en Twitter y Facebook"
    fs = boiler(text, "es")
    msgs = [f.message for f in fs]
    assert "Boilerplate: byline 'Por María López'" in msgs
    assert "Boilerplate: cross-link 'LEE TAMBIÉN'" in msgs
    assert any(m.startswith("Boilerplate: promo") for m in msgs)
    assert len(fs) == 3
    assert boilerplate_kind("Te puede interesar: Biden habla", "es") == "cross-link"
    assert boilerplate_kind("Por la tarde llovió en Kiev.", "es") is None


@pytest.mark.parametrize("line", ["Lesen Sie mehr: unsere ganze Berichterstattung.", "Lesen Sie auch: Der Bericht",
                                  "Mehr lesen", "Lesen Sie weiter:", "Weiterlesen"])
def test_german_cross_links(line):
    assert boilerplate_kind(line, "de") == "cross-link"


def test_german_prose_that_starts_like_a_cross_link_is_content():
    assert boilerplate_kind("Lesen Sie mehr über die Wahl in unserem Bericht vom Montag, der alles erklärt.", "de") is None


def test_breadcrumbs_byline_and_date_line_at_the_top_merge_by_kind():
    text = f"Home\n\nWorld\n\nZelenskyy refuses US offer to flee Kyiv\n\nBy Ruchi Upadhyay\nUpdated Date\n\n{BODY_EN}"
    fs = boiler(text)
    kinds = [f.message.split("'")[0].strip() for f in fs]
    assert kinds == ["Boilerplate: breadcrumb", "Boilerplate: byline", "Boilerplate: date line"]
    crumb = fs[0]
    assert crumb.target_span.segments == (0, 1) and crumb.message.endswith("(2 segments)")
    assert crumb.confidence < 0.9  # a heuristic, not an exact label


def test_duplicated_paragraph_is_flagged_once():
    para = "Eleven members voted for the resolution and three, including India and China, abstained."
    fs = boiler(f"{para}\n\n{BODY_EN}\n\n{para}\n\nThe council will meet again on Monday.")
    assert len(fs) == 1
    f = fs[0]
    assert f.message.startswith("Boilerplate: duplicated paragraph") and "line 1" in f.message
    assert f.target_span.line == 5 and f.target_span.text == para


def test_promo_video_separator_labels():
    text = (
        f"{BODY_EN}\n\nWATCH VIDEO\n\n__________________\n\n"
        "For the latest news and reviews, follow us on Facebook and Twitter ..."
    )
    kinds = sorted(f.message.split(" '")[0] for f in boiler(text))
    assert kinds == ["Boilerplate: promo", "Boilerplate: separator", "Boilerplate: video/photo label"]


# --------------------------------------------------------------------------- labels


def test_literal_label_sight_is_flagged_on_its_characters():
    fs = labels(f"{BODY_EN}\n\nSIGHT: The video of the president in Kyiv\n\nThe sight of the ruins shocked visitors.")
    assert len(fs) == 1
    f = fs[0]
    assert f.type is FindingType.TRANSLATION_LABEL and f.severity is Severity.MAJOR and f.detector == "labels"
    assert f.target_span.text == "SIGHT:" and f.target_span.line == 3 and f.target_span.col == 1
    assert f.evidence == "'SIGHT:' is a literal translation of Spanish 'MIRA:' (= 'SEE:')"
    assert f.confidence == pytest.approx(0.9)


@pytest.mark.parametrize(
    "sentence",
    [
        "The sight of the ruins shocked visitors.",
        "SEE: The countries that support Russia",
        "Look: I told you this would happen, he said.",
        "SIGHTSEEING resumed in the old town on Monday.",
    ],
)
def test_correct_or_prose_labels_are_not_flagged(sentence):
    assert labels(f"{BODY_EN}\n\n{sentence}") == []


def test_other_literal_labels_name_their_language():
    fs = labels("READ YOU ALSO: Scholz speaks\n\nTO READ ALSO: Macron calls Putin\n\nIN ALIVE: the war")
    ev = [f.evidence for f in fs]
    assert ev == [
        "'READ YOU ALSO:' is a literal translation of German 'LESEN SIE AUCH:' (= 'ALSO READ:')",
        "'TO READ ALSO:' is a literal translation of French 'À LIRE AUSSI:' (= 'READ ALSO:')",
        "'IN ALIVE:' is a literal translation of Spanish 'EN VIVO:' (= 'LIVE:')",
    ]


def test_lint_mode_skips_non_english_targets():
    assert labels("SIGHT: algo", "es") == []


def test_lexicon_literals_are_unambiguous_and_never_correct():
    literals = [lit for e in LEXICON for lit in e.literal]
    assert len(literals) == len(set(literals))
    correct = {c for e in LEXICON for c in e.correct}
    assert not correct & set(literals)
    assert literal_label("SIGHT: x")[1].source == "MIRA"
    assert source_label("LEE TAMBIÉN: Putin", "es")[1].source == "LEE TAMBIÉN"
    assert source_label("Mirada al frente", "es") is None


def _pair(src: str, tgt: str, beads):
    s_doc = document_from_text(src, doc_id="src", lang="es")
    t_doc = document_from_text(tgt, doc_id="tgt", lang="en")
    s_seg, t_seg = segment(s_doc), segment(t_doc)
    al = Alignment(tuple(beads), "monotonic", "monotonic", "requested")
    return AuditContext(s_doc, t_doc, s_seg, t_seg, al, Thresholds(0.5, 0.6, 0.2))


def test_with_source_a_wrong_label_is_flagged_on_both_sides():
    src = f"{BODY_ES}\n\nLEE TAMBIÉN: Putin reconoce a Donetsk\n\nMIRA: Los países que apoyan a Rusia"
    tgt = f"{BODY_EN}\n\nREAD TOO: Putin recognises Donetsk\n\nSEE: The countries that support Russia"
    c = _pair(src, tgt, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2,), 0.8)])
    fs = LabelsDetector().detect(c)
    assert len(fs) == 1  # "SEE:" is a correct rendering of "MIRA:"; the lint pass does not repeat the bead
    f = fs[0]
    assert f.source_span.text == "LEE TAMBIÉN:" and f.target_span.text == "READ TOO:"
    assert f.bead == 1 and f.severity is Severity.MAJOR
    assert "'READ ALSO:'" in f.message


def test_with_source_an_unknown_label_is_flagged_with_lower_confidence():
    src = f"{BODY_ES}\n\nMIRA: Los países que apoyan a Rusia"
    tgt = f"{BODY_EN}\n\nBEHOLD: The countries that support Russia"
    fs = LabelsDetector().detect(_pair(src, tgt, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)]))
    assert len(fs) == 1 and fs[0].target_span.text == "BEHOLD:" and fs[0].confidence < 0.9


# --------------------------------------------------------------------------- seed 002


def test_seed_002_has_literal_labels_and_boilerplate():
    (path,) = SEEDS.glob("002_*.txt")
    doc = read_document(path)
    ctx = AuditContext(None, doc, None, segment(doc), None, Thresholds(0, 0, 0))
    lab = LabelsDetector().detect(ctx)
    bp = BoilerplateDetector().detect(ctx)
    assert any(f.type is FindingType.TRANSLATION_LABEL for f in lab)
    assert {f.target_span.text for f in lab} == {"SIGHT:"}
    assert any(f.type is FindingType.BOILERPLATE for f in bp)
    assert any("RECOMMENDED VIDEO" in f.message for f in bp)
