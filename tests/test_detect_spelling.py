"""Spelling conventions of names (Kiev/Kyiv): variants across beads, house style, consistency; en and es."""

from __future__ import annotations

from sentence_docs import make_doc

from auditor.detect.base import AuditContext
from auditor.detect.spelling import SpellingDetector, find_variants, load_lexicon
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def audit(src, tgt, src_lang="en", tgt_lang="en", beads=None):
    src = [src] if isinstance(src, str) else src
    tgt = [tgt] if isinstance(tgt, str) else tgt
    s_doc, s_seg = make_doc("src", src, src_lang)
    t_doc, t_seg = make_doc("tgt", tgt, tgt_lang)
    beads = beads or tuple(Bead((i,), (i,), 0.9) for i in range(min(len(src), len(tgt))))
    al = Alignment(beads=tuple(beads), mode="monotonic", requested_mode="monotonic", reason="test")
    return SpellingDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


def lint(sentences, lang="en"):
    doc, seg = make_doc("tgt", sentences, lang)
    return SpellingDetector().detect(AuditContext(None, doc, None, seg, None, THR))


def kinds(fs):
    return sorted(f.type for f in fs)


# --------------------------------------------------------------------------- matching


def test_the_shipped_lexicon_loads_and_has_the_news_groups():
    lex = load_lexicon()
    ids = {g.id for g in lex.groups}
    assert {"kyiv", "kharkiv", "odesa", "zelenskyy", "gaddafi", "al-qaeda", "beijing", "myanmar"} <= ids
    assert len(lex.groups) > 400  # the SpellingUkraine vocabulary is converted too


def test_whole_words_case_and_accents_folded():
    hits = find_variants("KIEV, Járkov and Jarkov; Kievan Rus and Kyivstar are other words.", "en")
    assert [(h.group, h.text) for h in hits] == [("kyiv", "KIEV"), ("kharkiv", "Járkov"), ("kharkiv", "Jarkov")]


def test_a_possessive_is_the_name():
    hits = find_variants("Zelenskyy's office and Zelensky’s aides met.", "en")
    assert [(h.text, h.form, h.is_preferred) for h in hits] == [
        ("Zelenskyy", "Zelenskyy", True),
        ("Zelensky", "Zelensky", False),
    ]


def test_offsets_point_at_the_word_in_the_original_text():
    text = "Über Kyïv… then Kiev."
    for h in find_variants(text, "en"):
        assert text[h.start : h.end] == h.text


def test_separators_and_apostrophes_are_not_spelling_differences():
    hits = find_variants("al-Qaeda, Al Qaeda and al-Qa'ida, al-Qaida", "en")
    assert {h.group for h in hits} == {"al-qaeda"}
    assert len({h.key for h in hits}) == 2  # qaeda / qaida


def test_fixed_phrases_and_context_bound_variants():
    assert find_variants("She ordered Chicken Kiev and Peking duck.", "en") == []
    assert find_variants("Kievan Rus was a medieval state.", "en") == []
    assert find_variants("Vladimir Putin spoke.", "en") == []
    assert [h.group for h in find_variants("Vladimir Zelensky spoke.", "en")] == ["volodymyr-zelenskyy", "zelenskyy"]
    assert find_variants("We ate turkey on Thanksgiving.", "en") == []  # Turkey only capitalised


def test_empty_text():
    assert find_variants("", "en") == []


# --------------------------------------------------------------------------- across beads


def test_kiev_for_kyiv_is_a_spelling_variant_not_a_meaning_shift():
    fs = audit("Officials in Kyiv said the talks would resume.", "Officials in Kiev said the talks would resume.")
    across = [f for f in fs if f.source_span is not None]
    assert len(across) == 1
    f = across[0]
    assert f.type == FindingType.SPELLING_VARIANT and f.severity == Severity.MINOR
    assert f.message == "Spelling convention: 'Kiev' for 'Kyiv' (same place)."
    assert f.confidence == 0.95 and f.bead == 0 and f.detector == "spelling"
    assert (f.source_span.text, f.target_span.text) == ("Kyiv", "Kiev")
    assert all(x.type not in (FindingType.MEANING_SHIFT,) for x in fs)
    # the house-style finding is not repeated for the same word
    assert [x.type for x in fs] == [FindingType.SPELLING_VARIANT]


def test_same_spelling_on_both_sides_gives_nothing():
    assert audit("Zelenskyy's plan was approved in Kyiv.", "Zelenskyy's plan was approved in Kyiv.") == []


def test_variants_in_unaligned_beads_are_not_compared():
    fs = audit(["Kyiv was quiet.", "Rain fell."], ["Rain fell.", "Kyiv was quiet."],
               beads=(Bead((1,), (0,), 0.9), Bead((0,), (1,), 0.9)))
    assert fs == []


def test_a_possessive_variant_across_beads():
    fs = audit("Zelenskyy's adviser spoke.", "Zelensky's adviser spoke.")
    assert [(f.source_span.text, f.target_span.text) for f in fs if f.source_span] == [("Zelenskyy", "Zelensky")]


def test_the_spanish_exonym_is_not_a_variant_of_the_english_name():
    assert audit("Officials in Kyiv met Zelenskyy.", "Los funcionarios en Kiev se reunieron con Zelenski.",
                 tgt_lang="es") == []


def test_english_from_spanish_with_the_house_form_gives_nothing():
    assert audit("Los funcionarios en Kiev hablaron.", "Officials in Kyiv spoke.", src_lang="es") == []


def test_english_from_spanish_keeping_the_exonym_is_a_house_style_point():
    fs = audit("Los funcionarios en Kiev hablaron.", "Officials in Kiev spoke.", src_lang="es")
    assert len(fs) == 1 and fs[0].type == FindingType.SPELLING_VARIANT and fs[0].source_span is None
    assert "house style prefers 'Kyiv'" in fs[0].message


def test_a_contested_name_is_reported_across_beads_but_not_linted():
    fs = audit("Turkey hosted the talks.", "Türkiye hosted the talks.")
    assert [f.type for f in fs] == [FindingType.SPELLING_VARIANT] and fs[0].source_span is not None
    assert lint(["Turkey hosted the talks."]) == []


# --------------------------------------------------------------------------- lint: house style and consistency


def test_a_non_preferred_spelling_is_reported_once_per_form_with_a_count():
    fs = lint(["Kiev was shelled.", "Residents of Kiev sheltered.", "Kiev's mayor spoke."])
    assert len(fs) == 1
    f = fs[0]
    assert f.type == FindingType.SPELLING_VARIANT and f.severity == Severity.MINOR
    assert "house style prefers 'Kyiv'" in f.message
    assert f.target_span.text == "Kiev" and f.target_span.start == 0
    assert "3 times" in f.evidence


def test_preferred_spellings_give_nothing():
    assert lint(["Zelenskyy visited Kyiv, Kharkiv and Odesa.", "Chornobyl is in the north."]) == []


def test_a_mixed_document_gets_one_consistency_finding_on_the_minority_form():
    fs = lint(["Kyiv was shelled.", "Residents of Kyiv sheltered.", "Kiev's mayor spoke.", "Kyiv woke."])
    inc = [f for f in fs if f.type == FindingType.INCONSISTENT_SPELLING]
    assert len(inc) == 1
    f = inc[0]
    assert f.severity == Severity.MINOR
    assert "'Kyiv' ×3" in f.message and "'Kiev' ×1" in f.message
    assert f.target_span.text == "Kiev" and f.target_span.segments == (2,)
    assert kinds(fs) == sorted([FindingType.INCONSISTENT_SPELLING, FindingType.SPELLING_VARIANT])


def test_three_forms_of_one_name_are_still_one_consistency_finding():
    fs = lint(["Gaddafi spoke.", "Qaddafi left.", "Kadhafi returned.", "Gaddafi slept."])
    assert len([f for f in fs if f.type == FindingType.INCONSISTENT_SPELLING]) == 1
    assert len([f for f in fs if f.type == FindingType.SPELLING_VARIANT]) == 2


def test_spanish_kiev_is_not_a_house_style_violation():
    assert lint(["Zelenski viajó a Kiev el lunes.", "En Kiev sonaron las sirenas."], lang="es") == []


def test_spanish_is_linted_only_where_spanish_has_its_own_form_but_mixing_always_counts():
    assert lint(["Llegaron a Bombay."], lang="es") == []  # no Spanish form for Mumbai: not linted
    fs = lint(["Las tropas llegaron a Donbass."], lang="es")
    assert len(fs) == 1 and "house style prefers 'Donbás'" in fs[0].message
    fs = lint(["Llegaron a Kiev.", "Salieron de Kyiv."], lang="es")
    assert [f.type for f in fs if f.type == FindingType.INCONSISTENT_SPELLING] == [FindingType.INCONSISTENT_SPELLING]


def test_a_lexicon_can_be_given_as_toml_text():
    lex = load_lexicon('''
[[group]]
id = "x"
preferred = "Foo"
variants = ["Fu"]
''')
    doc, seg = make_doc("t", ["Fu and Foo."])
    fs = SpellingDetector(lexicon=lex).detect(AuditContext(None, doc, None, seg, None, THR))
    assert kinds(fs) == sorted([FindingType.SPELLING_VARIANT, FindingType.INCONSISTENT_SPELLING])
    assert find_variants("Kiev", "en", lexicon=lex) == []


def test_empty_documents_give_nothing():
    assert lint([""]) == []
    assert audit("", "") == []


def test_findings_serialise():
    for f in lint(["Kiev and Kyiv."]):
        d = f.to_dict()
        assert d["detector"] == "spelling" and d["severity"] == "minor"
