"""Quotations: finding them (marks, apostrophes, dialogue dashes, speakers) and the detector's findings."""

from __future__ import annotations

import pytest

from auditor.detect.base import AuditContext, run_detectors
from auditor.detect.quotes import Quote, QuotesDetector, find_quotes, is_translation, mentions, same_speaker
from auditor.io.read import document_from_text
from auditor.segment import segment
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)

ZEL_SRC = (
    "“We’re all here. Our military is here. Citizens in society are here. We’re all here defending "
    "our independence, our country, and it will stay this way,” Zelensky said."
)
ZEL_SPUN = (
    '"We\'ve all arrived. Our armed forces have arrived. The citizens of society have arrived. We\'re all '
    "here to protect our independence, our country, and it will stay this way,\" Zelensky said."
)


def texts(text: str, lang: str = "en") -> list[str]:
    return [q.text for q in find_quotes(text, lang)]


def context(src: str, tgt: str, beads=None, *, src_lang: str = "en", tgt_lang: str = "en") -> AuditContext:
    s_doc = document_from_text(src, doc_id="src", lang=src_lang)
    t_doc = document_from_text(tgt, doc_id="tgt", lang=tgt_lang)
    s_seg, t_seg = segment(s_doc), segment(t_doc)
    if beads is None:  # one bead per sentence, in order
        assert len(s_seg) == len(t_seg), (s_seg.texts, t_seg.texts)
        beads = [Bead((i,), (i,), 0.9) for i in range(len(s_seg))]
    al = Alignment(beads=tuple(beads), mode="monotonic", requested_mode="monotonic", reason="test")
    return AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR)


def one_bead(src: str, tgt: str, **kw) -> AuditContext:
    s = segment(document_from_text(src, lang=kw.get("src_lang", "en")))
    t = segment(document_from_text(tgt, lang=kw.get("tgt_lang", "en")))
    return context(src, tgt, [Bead(tuple(range(len(s))), tuple(range(len(t))), 0.9)], **kw)


def kinds(ctx: AuditContext) -> list[tuple[FindingType, Severity]]:
    return [(f.type, f.severity) for f in QuotesDetector().detect(ctx)]


# --------------------------------------------------------------------------- find_quotes


def test_straight_and_curly_double_quotes():
    assert texts('He said "we will respond" today.') == ["we will respond"]
    assert texts("“This night we have to stand firm,” he said.") == ["This night we have to stand firm,"]


def test_offsets_point_at_the_inner_text():
    text = 'Biden told reporters: "We will respond." Then he left.'
    (q,) = find_quotes(text, "en")
    assert isinstance(q, Quote)
    assert text[q.start:q.end] == q.text == "We will respond."


def test_apostrophes_are_not_quote_marks():
    text = "We’re told Zelensky’s aides don’t agree, and the countries’ leaders can’t either in the ’90s."
    assert texts(text) == []
    assert texts("We're here and they don't know it's Zelensky's call.") == []


def test_single_curly_quotes_around_apostrophes():
    assert texts("Zelenskyy urges Ukraine to ‘stand firm’ as Russia’s troops advance.") == ["stand firm"]
    assert texts("He called it ‘the country’s darkest hour’ on Friday.") == ["the country’s darkest hour"]


def test_guillemets_both_directions_and_german_marks():
    assert texts("Le président a déclaré : « Nous resterons ici. » Puis il est parti.", "fr") == ["Nous resterons ici."]
    assert texts("Er sagte: „Wir bleiben hier.“ Und »Wir gehen nicht«, sagte Scholz.", "de") == [
        "Wir bleiben hier.",
        "Wir gehen nicht",
    ]
    assert texts("Das sei ‚nicht hinnehmbar‘, hieß es.", "de") == ["nicht hinnehmbar"]


def test_spanish_dialogue_dash():
    text = "—No voy a irme de Kiev —dijo Zelenski—. La lucha es aquí.\n—Necesito munición —afirmó ella."
    qs = find_quotes(text, "es")
    assert [q.text for q in qs] == ["No voy a irme de Kiev", "Necesito munición"]
    assert qs[0].speaker == "Zelenski" and text[qs[0].speaker_start:qs[0].speaker_end] == "Zelenski"
    assert qs[1].speaker == "ella"


def test_dash_lines_are_not_dialogue_in_english():
    assert texts("– Russian troops advance on Kyiv\n– Sanctions tightened", "en") == []


def test_multi_sentence_quote_is_one_quote():
    (q,) = find_quotes(ZEL_SRC, "en")
    assert q.text.startswith("We’re all here. Our military is here.") and q.text.endswith("stay this way,")
    assert q.speaker == "Zelensky"


def test_spun_quote_with_misplaced_closing_mark_is_still_found():
    text = '"We\'ve all arrived. We\'re all here to protect it, and we\'ll keep it that way, "According to Zelensky.'
    (q,) = find_quotes(text, "en")
    assert q.text.endswith("that way,") and q.speaker == "Zelensky"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“We will respond,” Biden said.", "Biden"),
        ("“We will respond,” said President Joe Biden.", "President Joe Biden"),
        ('Biden told reporters: "We will respond."', "Biden"),
        ('According to Biden, "we will respond".', "Biden"),
        ("“Strengthening sanctions” with Biden, Zelensky wrote on Twitter.", "Zelensky"),
        ("“We will respond,” he said.", "he"),
        ("“We will respond,” the government said.", None),
        ("He was sure “we will respond” was true.", None),
    ],
)
def test_english_speakers(text, speaker):
    (q,) = find_quotes(text, "en")
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("«Nos quedaremos aquí», dijo el presidente Volodímir Zelenski.", "Volodímir Zelenski"),
        ("«Nos quedaremos aquí», afirmó Zelenski.", "Zelenski"),
        ("Zelenski declaró: «Nos quedaremos aquí».", "Zelenski"),
        ("Según Zelenski, «nos quedaremos aquí».", "Zelenski"),
        ("“Nos quedaremos aquí”, dijo el lunes.", None),
    ],
)
def test_spanish_speakers(text, speaker):
    (q,) = find_quotes(text, "es")
    assert q.speaker == speaker


def test_tolerant_speaker_names():
    assert same_speaker("Zelensky", "Zelenskyy") is True
    assert same_speaker("Volodymyr Zelenskiy", "Zelenski") is True
    assert same_speaker("Zelensky", "Biden") is False
    assert same_speaker("he", "Biden") is None and same_speaker(None, "Biden") is None


# --------------------------------------------------------------------------- the detector


def test_reworded_multi_sentence_quote_is_altered_and_critical():
    ctx = one_bead(ZEL_SRC, ZEL_SPUN)
    fs = QuotesDetector().detect(ctx)
    assert [(f.type, f.severity) for f in fs] == [(FindingType.QUOTE_ALTERED, Severity.CRITICAL)]
    f = fs[0]
    assert f.detector == "quotes" and f.bead == 0
    assert f.source_span.text.startswith("We’re all here.") and f.target_span.text.startswith("We've all arrived.")
    assert "here → arrived" in f.evidence and "military" in f.evidence and "armed forces" in f.evidence
    assert 0.8 < f.confidence <= 1.0


def test_quote_over_several_beads_is_compared_as_one():
    ctx = context(ZEL_SRC, ZEL_SPUN)  # four sentences, four beads
    assert len(ctx.alignment.beads) == 4
    fs = QuotesDetector().detect(ctx)
    assert [f.type for f in fs] == [FindingType.QUOTE_ALTERED]
    assert fs[0].source_span.segments == (0, 1, 2, 3) and fs[0].bead == 0


def test_moved_bead_is_checked_too():
    src = "Troops advanced.\n“We will not leave,” Zelensky said."
    tgt = "“We will never leave,” Zelensky said.\nTroops advanced."
    beads = [Bead((0,), (1,), 0.9), Bead((1,), (0,), 0.9, moved=True)]
    fs = QuotesDetector().detect(context(src, tgt, beads))
    assert [(f.type, f.bead) for f in fs] == [(FindingType.QUOTE_ALTERED, 1)]


def test_typography_only_changes_are_not_findings():
    src = "“We’re all here. It will stay this way,” Zelensky said — calmly."
    tgt = "\"we're all here.  It will Stay this way\", Zelenskyy said - calmly."
    assert kinds(one_bead(src, tgt)) == []


def test_one_word_typo_fix_is_major_with_lower_confidence():
    src = "“We are defending our independance,” Zelensky said."
    tgt = "“We are defending our independence,” Zelensky said."
    fs = QuotesDetector().detect(one_bead(src, tgt))
    assert [(f.type, f.severity) for f in fs] == [(FindingType.QUOTE_ALTERED, Severity.MAJOR)]
    assert fs[0].confidence < 0.5


def test_speaker_swapped():
    src = "“We will not leave Kyiv,” Zelensky said."
    tgt = "“We will not leave Kyiv,” Biden said."
    fs = QuotesDetector().detect(one_bead(src, tgt))
    assert [(f.type, f.severity) for f in fs] == [(FindingType.QUOTE_SPEAKER, Severity.CRITICAL)]
    assert "Zelensky" in fs[0].evidence and "Biden" in fs[0].evidence


def test_pronoun_speaker_is_not_a_swap():
    assert kinds(one_bead("“We will not leave Kyiv,” Zelensky said.", "“We will not leave Kyiv,” he said.")) == []


def test_marks_removed():
    src = "Zelensky said “the fight is here and we need ammunition” on Friday."
    tgt = "Zelensky said the fight is here and we need ammunition on Friday."
    fs = QuotesDetector().detect(one_bead(src, tgt))
    assert [(f.type, f.severity) for f in fs] == [(FindingType.QUOTE_UNMARKED, Severity.MAJOR)]
    assert fs[0].target_span.text == "the fight is here and we need ammunition"


def test_scare_quote_losing_marks_is_not_flagged():
    assert kinds(one_bead("He thanked the US for its “strong” support.", "He thanked the US for its strong support.")) == []


def test_paraphrase_without_marks_is_not_unmarked():
    src = "“The fight is here; I need ammunition, not a ride,” Zelensky said."
    tgt = "Zelensky said he would stay in the capital."
    assert kinds(one_bead(src, tgt)) == []


def test_spanish_same_language_reworded_and_unchanged():
    src = "«Todos estamos aquí defendiendo nuestra independencia», dijo Zelenski."
    same = "“Todos estamos aquí defendiendo nuestra independencia”, dijo Zelensky."
    spun = "«Todos hemos llegado para proteger nuestra libertad», dijo Zelenski."
    kw = dict(src_lang="es", tgt_lang="es")
    assert kinds(one_bead(src, same, **kw)) == []
    assert kinds(one_bead(src, spun, **kw)) == [(FindingType.QUOTE_ALTERED, Severity.CRITICAL)]


def test_spanish_speaker_swapped():
    src = "«Nos quedaremos en Kiev», dijo Zelenski."
    tgt = "«Nos quedaremos en Kiev», afirmó Putin."
    assert kinds(one_bead(src, tgt, src_lang="es", tgt_lang="es")) == [(FindingType.QUOTE_SPEAKER, Severity.CRITICAL)]


def test_es_to_en_translation_keeping_the_quote_is_clean():
    src = "«Todos estamos aquí defendiendo nuestra independencia», dijo Zelenski."
    tgt = "“We are all here defending our independence,” Zelensky said."
    assert kinds(one_bead(src, tgt, src_lang="es", tgt_lang="en")) == []


def test_es_to_en_dialogue_dash_translated_as_quote_is_clean():
    src = "—No voy a irme de Kiev —dijo Zelenski—."
    tgt = "“I am not leaving Kyiv,” Zelensky said."
    assert kinds(one_bead(src, tgt, src_lang="es", tgt_lang="en")) == []


def test_es_to_en_translation_dropping_marks_or_speaker():
    src = "«Todos estamos aquí defendiendo nuestra independencia», dijo Zelenski."
    unmarked = "Zelensky said they were all there defending their independence."
    swapped = "“We are all here defending our independence,” Putin said."
    kw = dict(src_lang="es", tgt_lang="en")
    # the words stay attributed ("Zelensky said they were…"): reported speech, at most minor
    assert kinds(one_bead(src, unmarked, **kw)) == [(FindingType.QUOTE_UNMARKED, Severity.MINOR)]
    assert kinds(one_bead(src, swapped, **kw)) == [(FindingType.QUOTE_SPEAKER, Severity.CRITICAL)]


def test_omitted_quote_is_left_to_coverage():
    src = "Troops advanced.\n“We will not leave,” Zelensky said."
    tgt = "Troops advanced."
    assert kinds(context(src, tgt, [Bead((0,), (0,), 0.9), Bead((1,), ())])) == []


def test_nothing_without_source_or_alignment():
    ctx = one_bead(ZEL_SRC, ZEL_SPUN)
    from dataclasses import replace

    assert QuotesDetector().detect(replace(ctx, alignment=None)) == []
    assert QuotesDetector().detect(replace(ctx, source=None, source_segments=None)) == []


def test_runs_with_other_detectors():
    fs = run_detectors(one_bead(ZEL_SRC, ZEL_SPUN), [QuotesDetector()])
    assert all(0.0 <= f.confidence <= 1.0 for f in fs)
    assert all(f.to_dict()["type"] == "quote_altered" for f in fs)


def test_seed_001_vs_000_heavily_reworded_quote_is_altered():
    # the exact sentences of seeds 001 (source) and 000 (spun rewrite), misplaced closing mark included
    src = (
        "“We’re all here. Our military is here. Citizens in society are here. We’re all here defending our "
        "independence, our country, and it will stay this way,” Zelensky said."
    )
    tgt = (
        '"We\'ve all arrived. Our armed forces have arrived. The citizens of society have arrived. We\'re all here '
        "to protect our country's independence, and we'll keep it that way, \"According to Zelensky."
    )
    fs = QuotesDetector().detect(one_bead(src, tgt))
    assert [(f.type, f.severity) for f in fs] == [(FindingType.QUOTE_ALTERED, Severity.CRITICAL)]


# --------------------------------------------------------------------------- quotes with one mark


def unclosed(text: str, lang: str = "de") -> list[str]:
    return [q.text for q in find_quotes(text, lang, unclosed=True)]


def test_a_lone_opening_mark_runs_to_the_end_of_its_line():
    text = "Er sagte: „Zusätzliche Mittel sind sehr willkommen.\nDas ist alles."
    assert texts(text, "de") == []  # the default parse wants both marks
    assert unclosed(text) == ["Zusätzliche Mittel sind sehr willkommen."]
    (q,) = find_quotes(text, "de", unclosed=True)
    assert q.open_mark == "„" and q.close_mark == "" and q.speaker == "Er"


def test_a_lone_closing_mark_runs_from_the_start_of_its_line():
    assert unclosed("da sind diese komischen Algen auf den Felsen.“") == ["da sind diese komischen Algen auf den Felsen."]
    (q,) = find_quotes("Das rate ich allen Reisenden\", sagte sie.", "de", unclosed=True)
    assert q.text == "Das rate ich allen Reisenden" and q.speaker == "sie" and q.open_mark == ""


def test_lone_french_guillemets_with_their_spaces():
    assert unclosed("Il a déclaré : « Nous restons ici.\nLa suite.", "fr") == ["Nous restons ici."]
    assert unclosed("nous ne partirons pas », a-t-il ajouté.", "fr") == ["nous ne partirons pas"]


def test_lone_marks_that_are_not_quotes():
    assert unclosed("He is 6'2\" tall and 5\" wider.", "en") == []  # inches
    # a straight mark typed for an apostrophe between two words
    assert unclosed("forcing companies to decrypt their customers\" computer systems", "en") == []
    # both marks present: the paired quote only
    assert unclosed("Er sagte, dass „die Leute gehen“ und dann nichts.") == ["die Leute gehen"]


# --------------------------------------------------------------------------- translations


def test_is_translation_by_code_or_vocabulary():
    assert is_translation(one_bead("“We stay,” he said.", "„Wir bleiben“, sagte er.", src_lang="en", tgt_lang="de"))
    assert not is_translation(one_bead(ZEL_SRC, ZEL_SPUN))
    from dataclasses import replace

    def unknown(src: str, tgt: str) -> AuditContext:  # languages not given nor detected
        ctx = one_bead(src, tgt)
        return replace(
            ctx,
            source=replace(ctx.source, lang=None),
            target=replace(ctx.target, lang=None),
            source_segments=replace(ctx.source_segments, lang=None),
            target_segments=replace(ctx.target_segments, lang=None),
        )

    # a rewrite shares its words, a translation does not
    assert not is_translation(unknown(ZEL_SRC, ZEL_SPUN))
    assert is_translation(unknown(ZEL_SRC, "„Wir sind alle hier. Unser Militär ist hier“, sagte Selenskyj."))


def test_names_across_languages_and_scripts():
    assert same_speaker("Zelensky", "Selenskyj") is True
    assert same_speaker("Volodymyr Zelensky", "Зеленский") is True
    assert same_speaker("President Putin", "Putina") is True  # title ignored, Slavic inflection
    assert same_speaker("Zelensky", "Putin") is False
    assert same_speaker("Foreign Ministry", "Außenministerium") is False  # translated, not a name
    assert mentions("Dakota", "sagt ein Mädchen namens Dakota.")
    assert not mentions("Metropolitan Police", "sagte die Londoner Polizeibehörde")


# faithful professional translations (newstest2021 en→de references): nothing major or critical
FAITHFUL_EN_DE = [
    # the source line closes its quote; the German line opens it and the next line closes it
    (
        "\"In addition to providing immediate support, some of this funding will look to bolster innovation.\"",
        "„Neben der sofortigen Unterstützung wird ein Teil dieses Geldes dazu dienen, Innovation zu fördern.",
    ),
    # a paragraph of a longer quote: the German closes it here, the English opened it a line before
    ("\"You're getting this strange algae on the rocks.\"", "da sind diese komischen Algen auf den Felsen.“"),
    # a continuation paragraph (English opens each paragraph) translated without marks
    (
        "\"I'll have a rest for a bit now and come back for next season ready to go.",
        "Ich werde jetzt erstmal eine kurze Ruhepause einlegen und dann die nächste Saison angehen.",
    ),
    # quotation rendered as indirect speech: Konjunktiv, a 'dass'-clause
    (
        "\"The left-handed batsman took part in a warm-up session,\" the Pakistan Cricket Board said in a statement.",
        "Der Pakistan Cricket Board teilte mit, dass der linkshändige Schlagmann an einem Aufwärmspiel teilgenommen habe.",
    ),
    (
        "He said: \"My experience with tax is be really careful because the public are worried.\"",
        "Er sagte: Meine Erfahrung mit Steuern ist, dass man sehr vorsichtig sein muss, weil die Leute besorgt sind.",
    ),
    # titles, terms and scare quotes of three words or fewer are not quotations
    (
        "Trump continues to position himself as the \"law and order\" president.",
        "Trump inszeniert sich weiter als Präsident von Recht und Ordnung.",
    ),
    ("'What happened there?!' UFC fighter Correia gets pummelled.", "Was war da los?! UFC-Kämpferin Correia wird verprügelt."),
    # the speaker named in another place, or by a description standing in for the name
    (
        "\"I like camping and going swimming at the Lake,\" said one girl named Dakota.",
        "„Ich zelte und schwimme gerne im See“, sagt ein Mädchen namens Dakota.",
    ),
    (
        "\"Travelers must fill in a passenger form,\" the Foreign Ministry explained.",
        "„Reisende müssen ein Passagierformular ausfüllen“, erklärte das Außenministerium.",
    ),
    (
        "The Metropolitan Police said on Saturday: \"The Met takes all reports extremely seriously.\"",
        "Die Londoner Polizeibehörde sagte am Samstag: „Wir nehmen alle Meldungen äußerst ernst.“",
    ),
    (
        "In his radio address Mann ki Baat, PM Modi said \"Pakistan undertook this misadventure with sinister plans.\"",
        "In seiner Radioansprache Mann ki Baat sagte Premierminister Modi „Pakistan hat dieses Unglück herbeigeführt.“",
    ),
    # German quotation conventions: »…«, ‚…‘, „…" and a French space after the opener
    ("\"We will not leave Kyiv,\" Zelensky said.", "»Wir werden Kiew nicht verlassen«, sagte Selenskyj."),
    ("\"We will not leave Kyiv,\" Zelensky said.", "„Wir werden Kiew nicht verlassen\", sagte Selenskyj."),
    ("Barcelona 'have whole side to sell' this summer.", "Barcelona hat diesen Sommer ‚ein ganzes Team zu verkaufen‘."),
]


@pytest.mark.parametrize("src, tgt", FAITHFUL_EN_DE)
def test_faithful_en_de_translations_raise_no_major_finding(src, tgt):
    fs = QuotesDetector().detect(one_bead(src, tgt, src_lang="en", tgt_lang="de"))
    assert [f for f in fs if f.severity in (Severity.CRITICAL, Severity.MAJOR)] == []


def test_indirect_speech_in_translation_is_minor_and_says_so():
    src = "\"The batsman took part in a warm-up session,\" the board said in a statement."
    tgt = "Der Verband teilte mit, dass der Schlagmann an einem Aufwärmspiel teilgenommen habe."
    (f,) = QuotesDetector().detect(one_bead(src, tgt, src_lang="en", tgt_lang="de"))
    assert (f.type, f.severity) == (FindingType.QUOTE_UNMARKED, Severity.MINOR)
    assert "indirect speech" in f.evidence


@pytest.mark.parametrize(
    "src, tgt, src_lang, tgt_lang",
    [
        ("“We will not leave Kyiv,” Zelensky said.", "« Nous ne quitterons pas Kiev », a déclaré Zelensky.", "en", "fr"),
        ("“We will not leave Kyiv,” Zelensky said.", "«No nos iremos de Kiev», dijo Zelenski.", "en", "es"),
        ("“We will not leave Kyiv,” Zelensky said.", "—No nos iremos de Kiev —dijo Zelenski—.", "en", "es"),
        ("«Мы не уйдём из Киева», — сказал Зеленский.", "“We will not leave Kyiv,” Zelensky said.", "ru", "en"),
        ("„Wir bleiben in Kiew“, sagte Selenskyj.", "“We are staying in Kyiv,” Zelensky said.", "de", "en"),
    ],
)
def test_faithful_translations_of_a_quote_are_clean(src, tgt, src_lang, tgt_lang):
    assert kinds(one_bead(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)) == []


@pytest.mark.parametrize(
    "tgt, tgt_lang",
    [
        ("„Wir werden Kiew nicht verlassen“, sagte Putin.", "de"),
        ("« Nous ne quitterons pas Kiev », a déclaré Poutine.", "fr"),
        ("«No nos iremos de Kiev», dijo Putin.", "es"),
    ],
)
def test_translated_quote_given_to_another_person_is_critical(tgt, tgt_lang):
    src = "“We will not leave Kyiv,” Zelensky said."
    assert kinds(one_bead(src, tgt, src_lang="en", tgt_lang=tgt_lang)) == [(FindingType.QUOTE_SPEAKER, Severity.CRITICAL)]


def test_translated_quote_is_never_altered_for_its_different_words():
    src = "“We are all here defending our independence, our country,” Zelensky said."
    tgt = "„Wir sind alle hier und verteidigen unsere Unabhängigkeit, unser Land“, sagte Selenskyj."
    assert kinds(one_bead(src, tgt, src_lang="en", tgt_lang="de")) == []


@pytest.mark.parametrize(
    "tgt, tgt_lang",
    [
        ("Die Truppen rückten vor. Wir werden niemals vor irgendjemandem kapitulieren.", "de"),
        ("Les troupes ont avancé. Nous ne capitulerons jamais devant personne.", "fr"),
        ("Las tropas avanzaron. Nunca nos rendiremos ante nadie.", "es"),
    ],
)
def test_unattributed_quote_turned_into_the_outlets_voice_is_major(tgt, tgt_lang):
    src = "Troops advanced. \"We will never surrender to anyone.\""
    assert kinds(one_bead(src, tgt, src_lang="en", tgt_lang=tgt_lang)) == [(FindingType.QUOTE_UNMARKED, Severity.MAJOR)]


def test_short_quotes_are_titles_or_scare_quotes_in_every_mode():
    src = "He thanked the US for its “very strong” support on “Face the Nation”."
    assert kinds(one_bead(src, "He thanked the US for its very strong support on Face the Nation.")) == []
    assert kinds(one_bead(src, "Er dankte den USA für ihre sehr starke Hilfe.", src_lang="en", tgt_lang="de")) == []


def test_english_rewrite_keeping_a_line_s_lone_mark_is_compared():
    # one line of a multi-line quote, as `auditor score` reads it: the lone marks are quotes
    src = "We're all here defending our independence, and it will stay this way.\""
    same = "We're all here defending our independence, and it will stay this way.\""
    spun = "We've all arrived to protect our freedom, and we'll keep it that way.\""
    assert kinds(one_bead(src, same)) == []
    assert kinds(one_bead(src, spun)) == [(FindingType.QUOTE_ALTERED, Severity.CRITICAL)]
