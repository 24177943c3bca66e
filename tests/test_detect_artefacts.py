"""Translation artefacts: false friends, untranslated text, verbatim copies (es/en, de/en, en->es)."""

from __future__ import annotations

from sentence_docs import make_doc

import pytest

from auditor.detect.artefacts import ArtefactsDetector, load_false_friends
from auditor.detect.base import AuditContext
from auditor.errors import BadInputError
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def audit(src, tgt, src_lang: str = "es", tgt_lang: str = "en", **kw):
    src = [src] if isinstance(src, str) else src
    tgt = [tgt] if isinstance(tgt, str) else tgt
    s_doc, s_seg = make_doc("src", src, src_lang)
    t_doc, t_seg = make_doc("tgt", tgt, tgt_lang)
    beads = tuple(Bead((i,), (i,), 0.9) for i in range(min(len(src), len(tgt))))
    al = Alignment(beads=beads, mode="monotonic", requested_mode="monotonic", reason="test")
    return ArtefactsDetector(**kw).detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


def lint(sentences, lang="en"):
    t_doc, t_seg = make_doc("tgt", sentences, lang)
    return ArtefactsDetector().detect(AuditContext(None, t_doc, None, t_seg, None, THR))


def kinds(findings):
    return [(f.type, f.target_span.text if f.target_span else None) for f in findings]


# --------------------------------------------------------------------------- false friends


@pytest.mark.parametrize(
    "src,tgt,lang,word",
    [
        ("Actualmente vive en Madrid.", "He actually lives in Madrid.", "es", "actually"),
        ("La diputada está embarazada de cinco meses.", "The deputy is five months embarrassed.", "es", "embarrassed"),
        ("El ministro asistió a la cumbre de la OTAN.", "The minister assisted the NATO summit.", "es", "assisted"),
        ("La película fue un gran éxito en taquilla.", "The film was a great exit at the box office.", "es", "exit"),
        ("El gobierno realizó una encuesta nacional.", "The government realized a national survey.", "es", "realized"),
        ("La deuda pública supera el billón de euros.", "Public debt exceeds one billion euros.", "es", "billion"),
        ("Der Minister bekam einen Preis.", "The minister became a prize.", "de", "became"),
        ("Im Wasser wurde Gift gefunden.", "Gift was found in the water.", "de", "Gift"),
        ("Actuellement, il vit à Lyon.", "Actually, he lives in Lyon.", "fr", "Actually"),
        ("Il sindaco è stato ricoverato in ospedale.", "The syndic has recovered in hospital.", "it", "syndic"),
        ("Ele tentou puxar a porta.", "He tried to push the door.", "pt", "push"),
    ],
)
def test_false_friends_are_flagged(src, tgt, lang, word):
    (f,) = [f for f in audit(src, tgt, lang) if f.type is FindingType.FALSE_FRIEND]
    assert f.severity is Severity.MAJOR
    assert f.target_span.text == word
    assert f.source_span is not None and f.bead == 0
    assert 0.5 <= f.confidence <= 0.9


@pytest.mark.parametrize(
    "src,tgt,lang",
    [
        ("Actualmente vive en Madrid.", "He currently lives in Madrid.", "es"),  # right rendering
        ("Realmente vive en Madrid.", "He actually lives in Madrid.", "es"),  # the false friend used rightly
        ("Actualmente vive en Madrid, y realmente le gusta.", "He currently lives in Madrid and actually likes it.", "es"),
        ("El gobierno realizó una encuesta nacional.", "A national survey was conducted by the government.", "es"),
        ("Barbini dijo que la UE puede llegar a un compromiso.", "Barbini said the EU may reach a compromise.", "es"),
        ("Fast Picture Viewer kostet 9,99 Dollar.", "Fast Picture Viewer costs $9.99.", "de"),  # a name
        ("Es ist fast vorbei.", "It is almost over.", "de"),
        ("Actualmente vive en Madrid.", "He actually lives in Madrid.", "ru"),  # no lexicon for the pair
    ],
)
def test_right_renderings_and_names_are_not_flagged(src, tgt, lang):
    assert [f for f in audit(src, tgt, lang) if f.type is FindingType.FALSE_FRIEND] == []


def test_english_to_spanish_false_friends():
    (f,) = audit("He was very embarrassed by the result.", "Estaba muy embarazado por el resultado.", "en", "es")
    assert f.type is FindingType.FALSE_FRIEND and f.target_span.text == "embarazado"
    assert audit("It was a little embarrassing.", "Fue un poco embarazoso.", "en", "es") == []
    (g,) = audit("The library closed early.", "La librería cerró temprano.", "en", "es")
    assert g.target_span.text == "librería" and "biblioteca" in g.evidence


def test_a_same_language_audit_has_no_translation_artefacts():
    assert audit("He actually lives in Madrid.", "He actually lives in Madrid now.", "en", "en") == []


def test_the_lexicon_covers_the_main_pairs_and_rejects_bad_entries():
    lex = load_false_friends()
    for pair in ("es-en", "fr-en", "de-en", "pt-en", "it-en", "en-es"):
        assert len(lex[pair]) >= 20, pair
    with pytest.raises(BadInputError) as exc:
        load_false_friends('[[entry]]\npair = "es-en"\nsource = ["x"]\n')
    assert exc.value.fix
    with pytest.raises(BadInputError):
        load_false_friends("[[entry]\n")


def test_a_custom_lexicon_is_used():
    lex = load_false_friends('[[entry]]\npair = "es-en"\nsource = ["sopa"]\nfalse = ["soap"]\ncorrect = ["soup"]\n')
    (f,) = audit("Comió sopa.", "He ate soap.", "es", lexicon=lex, language_id=False)
    assert f.target_span.text == "soap" and f.confidence == 0.85


# --------------------------------------------------------------------------- untranslated


def test_a_copied_sentence_is_an_identical_copy():
    s = "El presidente dijo que no habrá negociaciones con el enemigo."
    (f,) = audit(s, s)
    assert f.type is FindingType.IDENTICAL_COPY and f.severity is Severity.CRITICAL
    assert f.target_span.text == s and f.source_span.text == s


def test_a_sentence_left_in_the_source_language_is_untranslated():
    f = audit(["Todo está bien.", "El gobierno anunció nuevas medidas contra la inflación."],
              ["All is well.", "El gobierno anunció hoy nuevas medidas contra la inflación."])  # fmt: skip
    (u,) = f
    assert u.type is FindingType.UNTRANSLATED and u.severity is Severity.CRITICAL
    assert u.target_span.segments == (1,) and "Spanish" in u.message


def test_a_run_of_source_words_is_untranslated():
    (f,) = audit("El presidente dijo que no habrá negociaciones con el enemigo.",
                 "The president said that no habrá negociaciones con el enemigo.", language_id=False)  # fmt: skip
    assert f.type is FindingType.UNTRANSLATED and f.severity is Severity.MAJOR
    assert f.target_span.text == "no habrá negociaciones con el enemigo"
    assert f.source_span.text == "no habrá negociaciones con el enemigo"


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("La Organización de las Naciones Unidas se reunió el 24 de febrero de 2022.",
         "The Organización de las Naciones Unidas met on 24 February 2022."),  # a name
        ("Volodímir Zelenski habló en Kiev el 24 de febrero de 2022.",
         "Volodímir Zelenski spoke in Kiev on 24 February 2022."),  # names and numbers
        ("Su lema es «no pasarán nunca jamás».", "His motto is «no pasarán nunca jamás»."),  # a quotation
        ("Compró el sistema GTD (Getting things done) de David Allen.",
         "He bought David Allen's GTD (Getting things done) system."),  # English inside the source
        ("El gobierno anunció nuevas medidas.", "The government announced new measures."),  # a translation
    ],
)
def test_names_numbers_quotes_and_translations_are_not_untranslated(src, tgt):
    assert audit(src, tgt) == []


def test_lint_flags_a_paragraph_in_another_language():
    f = lint(["The government announced new measures against inflation on Monday.",
              "El gobierno anunció el lunes nuevas medidas contra la inflación y los precios.",
              "Prices rose by three percent in January, the statistics office said."])  # fmt: skip
    (u,) = f
    assert u.type is FindingType.UNTRANSLATED and u.target_span.segments == (1,)
    assert lint(["The government announced new measures against inflation on Monday.",
                 "Prices rose by three percent in January, the statistics office said."]) == []  # fmt: skip
