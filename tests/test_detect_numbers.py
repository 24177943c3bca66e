"""Numbers, money, percentages, dates and weekdays: the value parser and the detector, en and es."""

from __future__ import annotations

from sentence_docs import make_doc

import pytest

from auditor.detect.base import AuditContext
from auditor.detect.numbers import NumbersDetector, Quantity, extract_quantities, parse_number
from auditor.types import (
    Alignment,
    Bead,
    Document,
    FindingType,
    Segmentation,
    Severity,
    Thresholds,
)

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)


def values(text: str, lang: str) -> list[tuple[str, float, str | None]]:
    return [(q.kind, q.value, q.unit) for q in extract_quantities(text, lang)]


# --------------------------------------------------------------------------- parser


@pytest.mark.parametrize(
    "text,lang,value",
    [
        ("1,500", "en", 1500.0),
        ("1,500.5", "en", 1500.5),
        ("2,000,000", "en", 2_000_000.0),
        ("1.5", "en", 1.5),
        ("1.500", "es", 1500.0),
        ("1.500,5", "es", 1500.5),
        ("2.000.000", "es", 2_000_000.0),
        ("1,5", "es", 1.5),
        ("1.500,5", "de", 1500.5),
        ("1 500", "fr", 1500.0),
        ("1\u00a0500,5", "fr", 1500.5),
    ],
)
def test_thousands_and_decimal_separators_follow_the_locale(text, lang, value):
    assert values(text, lang) == [("number", value, None)]


def test_a_space_does_not_group_digits_in_english():
    assert values("In 2019 500 people came", "en") == [("year", 2019.0, None), ("number", 500.0, None)]


def test_an_ambiguous_separator_keeps_the_other_reading():
    assert parse_number("1,500", "es") == (1.5, 1500.0)
    assert parse_number("1,500", "en") == (1500.0, None)
    assert parse_number("1.2.3", "en") is None


@pytest.mark.parametrize(
    "text,value",
    [("eleven", 11), ("twenty-one", 21), ("one hundred", 100), ("one hundred and five", 105), ("a dozen", 12),
     ("three thousand", 3000), ("two million three hundred thousand", 2_300_000)],
)
def test_english_number_words(text, value):
    assert values(f"There were {text} people.", "en") == [("number", float(value), None)]


@pytest.mark.parametrize(
    "text,value",
    [("once", 11), ("veintiuno", 21), ("cien", 100), ("mil", 1000), ("treinta y uno", 31), ("ciento veinte", 120),
     ("dos mil", 2000), ("quinientas", 500), ("una docena", 12), ("dieciséis", 16), ("cinco mil millones", 5e9)],
)
def test_spanish_number_words(text, value):
    assert values(f"Llegaron {text} personas.", "es") == [("number", float(value), None)]


def test_lone_one_and_articles_are_not_numbers():
    assert values("One of them said no one knew.", "en") == []
    assert values("Uno de ellos vio un coche y una casa.", "es") == []
    assert values("Once upon a time, once again.", "en") == []


@pytest.mark.parametrize(
    "text,lang,value,unit",
    [
        ("$500 million", "en", 5e8, "USD"),
        ("US$3m", "en", 3e6, "USD"),
        ("€1.2bn", "en", 1.2e9, "EUR"),
        ("£40,000", "en", 40_000.0, "GBP"),
        ("three million dollars", "en", 3e6, "USD"),
        ("500 million euros", "en", 5e8, "EUR"),
        ("500 millones de dólares", "es", 5e8, "USD"),
        ("1.200 millones de euros", "es", 1.2e9, "EUR"),
        ("500 mil millones de dólares", "es", 5e11, "USD"),
        ("500 €", "es", 500.0, "EUR"),
        ("US$500 millones", "es", 5e8, "USD"),
    ],
)
def test_money_with_scale_words(text, lang, value, unit):
    assert values(text, lang) == [("money", value, unit)]


def test_percentages_en_and_es():
    assert values("5% and 5 per cent and 5 percent", "en") == [("percent", 5.0, None)] * 3
    assert values("cinco por ciento y 7,5%", "es") == [("percent", 5.0, None), ("percent", 7.5, None)]
    assert values("2 percentage points", "en") == [("percent", 2.0, "pp")]


def test_weekdays_months_and_years():
    es = extract_quantities("El lunes 15 de marzo de 2020 llegó.", "es")
    assert [(q.kind, q.value, q.text) for q in es] == [
        ("weekday", 1.0, "lunes"),
        ("date", 315.0, "15 de marzo"),
        ("year", 2020.0, "2020"),
    ]
    en = extract_quantities("On Monday, March 15, 2020, he left.", "en")
    assert [(q.kind, q.value) for q in en] == [("weekday", 1.0), ("date", 315.0), ("year", 2020.0)]
    assert values("Saturday and sábado and Sundays", "es") == [("weekday", 6.0, None), ("weekday", 6.0, None), ("weekday", 7.0, None)]


def test_may_and_march_as_words_are_not_months():
    assert values("You may march on.", "en") == []
    assert values("It opens on 3 May.", "en") == [("date", 503.0, None)]


def test_urls_are_not_numbers_and_identifiers_are_marked_as_names():
    assert values("See https://example.com/2020/500.html now.", "en") == []
    qs = extract_quantities("COVID-19 hit the G7 and the F-16 fleet, 5G and Section 230.", "en")
    assert [(q.value, q.ident) for q in qs] == [(19.0, "covid"), (7.0, "g"), (16.0, "f"), (5.0, "g"), (230.0, "section")]


def test_quantities_carry_offsets_into_the_text():
    text = "Spent $500 million on 11 ships."
    qs = extract_quantities(text, "en")
    assert all(isinstance(q, Quantity) and text[q.start : q.end] == q.text for q in qs)
    assert [q.text for q in qs] == ["$500 million", "11"]


# --------------------------------------------------------------------------- detector


def make(doc_id: str, sentences: list[str], lang: str) -> tuple[Document, Segmentation]:
    return make_doc(doc_id, sentences, lang)


def audit(src: str | list[str], tgt: str | list[str], src_lang: str = "en", tgt_lang: str = "en", beads=None):
    src = [src] if isinstance(src, str) else src
    tgt = [tgt] if isinstance(tgt, str) else tgt
    s_doc, s_seg = make("src", src, src_lang)
    t_doc, t_seg = make("tgt", tgt, tgt_lang)
    beads = beads or (Bead((0,), (0,), 0.9),)
    al = Alignment(beads=tuple(beads), mode="monotonic", requested_mode="monotonic", reason="test")
    return NumbersDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


def test_number_words_and_digits_are_the_same_value():
    assert audit("Eleven members voted for the resolution.", "11 members voted for the resolution.") == []


def test_a_changed_amount_is_critical_and_located():
    fs = audit("The fund received $500 million last year.", "The fund received $50 million last year.")
    assert len(fs) == 1
    f = fs[0]
    assert f.type is FindingType.NUMBER_CHANGED and f.severity is Severity.CRITICAL
    assert f.source_span.text == "$500 million" and f.target_span.text == "$50 million"
    assert f.source_span.segments == (0,) and f.target_span.col == len("The fund received ") + 1
    assert "500 million USD" in f.evidence and "50 million USD" in f.evidence
    assert f.message == "Number changed: '$500 million' became '$50 million'."
    assert f.bead == 0 and f.detector == "numbers" and 0.8 <= f.confidence <= 1.0


def test_a_changed_weekday_in_spanish_is_a_finding():
    fs = audit("La reunión será el lunes.", "La reunión será el martes.", "es", "es")
    assert len(fs) == 1 and fs[0].severity is Severity.CRITICAL
    assert (fs[0].source_span.text, fs[0].target_span.text) == ("lunes", "martes")
    assert "Monday" in fs[0].evidence and "Tuesday" in fs[0].evidence


def test_cross_lingual_thousands_separators_agree():
    assert audit("Llegaron 1.500 personas.", "1,500 people arrived.", "es", "en") == []
    assert audit("1,500 people arrived.", "Llegaron 1.500 personas.", "en", "es") == []


def test_cross_lingual_money_and_words_agree():
    assert audit("The plan costs $1.5 billion.", "El plan cuesta 1.500 millones de dólares.", "en", "es") == []
    assert audit("Eleven members and 5 per cent.", "Once miembros y el cinco por ciento.", "en", "es") == []
    assert audit("On Monday, 4 July 2021.", "El lunes 4 de julio de 2021.", "en", "es") == []


def test_cross_lingual_changed_value_is_found():
    fs = audit("Prices rose 5% in March.", "Los precios subieron un 7% en marzo.", "en", "es")
    assert [(f.source_span.text, f.target_span.text) for f in fs] == [("5%", "7%")]
    assert fs[0].severity is Severity.CRITICAL


def test_faithful_rounding_is_not_a_change():
    assert audit("It cost $1,002,000.", "It cost $1 million.") == []
    fs = audit("It cost $1,100,000.", "It cost $1 million.")
    assert len(fs) == 1 and fs[0].severity is Severity.CRITICAL


def test_dropped_and_added_values_are_major():
    dropped = audit("Twelve people were hurt on Friday.", "People were hurt on Friday.")
    assert [(f.severity, f.source_span.text, f.target_span) for f in dropped] == [(Severity.MAJOR, "Twelve", None)]
    assert "dropped" in dropped[0].message
    added = audit("People were hurt.", "Some 300 people were hurt.")
    assert [(f.severity, f.source_span, f.target_span.text) for f in added] == [(Severity.MAJOR, None, "300")]
    assert "added" in added[0].message


def test_percent_becoming_a_plain_number_is_flagged_with_less_confidence():
    fs = audit("Turnout was 5%.", "Turnout was 5.")
    assert len(fs) == 1 and fs[0].severity is Severity.CRITICAL and fs[0].confidence < 0.9


def test_reordered_values_match_as_a_multiset():
    assert audit("3 dead and 12 hurt.", "Twelve hurt and three dead.") == []


def test_spans_point_into_the_right_segment_of_multi_sentence_beads():
    fs = audit(
        ["Nothing here.", "They paid $500 million."],
        ["Nothing here. They paid $50 million."],
        beads=(Bead((0, 1), (0,), 0.9),),
    )
    assert len(fs) == 1
    assert fs[0].source_span.segments == (1,) and fs[0].source_span.text == "$500 million"
    assert fs[0].source_span.line == 2 and fs[0].target_span.text == "$50 million"


def test_only_beads_with_both_sides_are_compared_and_bead_index_is_kept():
    fs = audit(
        ["Intro with 7 words.", "It was on Monday."],
        ["Intro with 7 words.", "Fue el martes."],
        "en",
        "es",
        beads=(Bead((0,), ()), Bead((1,), (1,), 0.8), Bead((), (0,))),
    )
    assert [(f.bead, f.source_span.text, f.target_span.text) for f in fs] == [(1, "Monday", "martes")]


def test_urls_are_ignored_by_the_detector():
    assert audit("Read https://x.org/2020/500 today.", "Read https://x.org/2021/50 today.") == []


def test_no_source_or_no_alignment_gives_nothing():
    s_doc, s_seg = make("src", ["$5"], "en")
    t_doc, t_seg = make("tgt", ["$6"], "en")
    assert NumbersDetector().detect(AuditContext(None, t_doc, None, t_seg, None, THR)) == []
    assert NumbersDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, None, THR)) == []


def test_works_on_documents_from_the_reader_and_segmenter():
    from auditor.io.read import document_from_text
    from auditor.segment import segment

    s_doc = document_from_text("El gobierno aprobó 500 millones de dólares el lunes.", doc_id="s", lang="es")
    t_doc = document_from_text("The government approved $50 million on Monday.", doc_id="t", lang="en")
    s_seg, t_seg = segment(s_doc), segment(t_doc)
    al = Alignment(beads=(Bead((0,), (0,), 0.9),), mode="monotonic", requested_mode="monotonic", reason="test")
    fs = NumbersDetector().detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))
    assert [(f.source_span.text, f.target_span.text) for f in fs] == [("500 millones de dólares", "$50 million")]
    assert fs[0].source_span.text == s_doc.text[fs[0].source_span.start : fs[0].source_span.end]


def test_unread_languages_make_a_lone_value_only_a_minor_hint():
    # French weekday words and Japanese counters are not parsed: "Sunday" may well be "dimanche"
    found = audit("Le match aura lieu dimanche.", "The match will take place on Sunday.", "fr", "en")
    assert found and all(f.severity == Severity.MINOR and f.confidence <= 0.3 for f in found)
    # English and Spanish are read both ways: a lone value stays major
    found = audit("El partido será el domingo.", "The match will take place on Sunday at 5.", "es", "en")
    assert [f.severity for f in found] == [Severity.MAJOR]


def test_same_value_read_two_ways_is_not_a_change_but_percent_is():
    assert audit("Prices rose 13 points.", "Prices rose by the 13th point.") == []
    found = audit("Prices rose 5%.", "Prices rose 5 points.")
    assert [f.severity for f in found] == [Severity.CRITICAL]


def test_unread_scale_words_units_and_cjk_dates_are_no_change():
    # issue 4: "9 Millionen", "10 тысяч", "34 procent", "7月24日" are not parsed, but the English side
    # accounts for them; they used to be "changed" numbers, critical false alarms on DEMETR
    assert audit("Mehr als 9 Millionen Menschen sind betroffen.", "More than 9 million people are affected.", "de", "en") == []
    assert audit("Помогать будут 10 тысяч человек.", "10,000 people will help.", "ru", "en") == []
    assert audit("34 procent respondentów zgadza się.", "34 percent of respondents agree.", "pl", "en") == []
    assert audit("7月24日，6名学生溺水。", "On July 24, six students drowned.", "zh", "en") == []
    # a real change is still critical
    found = audit("Mehr als 9 Millionen Menschen sind betroffen.", "More than 7 million people are affected.", "de", "en")
    assert [f.severity for f in found] == [Severity.CRITICAL]


def test_other_languages_words_are_not_read_as_english_number_words():
    # Polish "ten rok" is "this year", not 10; Polish number and scale words are read
    assert [(q.text, q.value) for q in extract_quantities("na ten rok 1,4 mld zł dla trzech", "pl")] == [
        ("1,4 mld", 1.4e9),
        ("trzech", 3.0),
    ]
    assert [q.value for q in extract_quantities("Der Film lief sieben Jahre.", "de")] == [7.0]


def test_roman_centuries_are_ordinals():
    [q] = extract_quantities("en el siglo XV", "es")
    assert (q.kind, q.value, q.text) == ("ordinal", 15.0, "XV")
    assert audit("La historia data del siglo XV.", "The history dates back to the 15th century.", "es", "en") == []


def test_close_values_that_are_no_rounding_differ():
    # issue 4 (DEMETR): "503 million" -> "501 million" and "1981" -> "1982" were within 0.5 % and passed
    assert [f.severity for f in audit("It cost $503 million.", "It cost $501 million.")] == [Severity.CRITICAL]
    assert [f.severity for f in audit("He served until 1981.", "He served until 1982.")] == [Severity.CRITICAL]
    assert audit("It cost $1,002,000.", "It cost $1 million.") == []


# --------------------------------------------------------------------------- issue 4: "number replaced" at critical
# Each reading: the value is read (a change is critical) and the same value written the other way is no finding.


def severities(src: str, tgt: str, src_lang: str) -> list[Severity]:
    return [f.severity for f in audit(src, tgt, src_lang, "en")]


@pytest.mark.parametrize(
    "src,lang,same,changed",
    [
        # a plain number on one side, money on the other ("dollari", "US-Dollar" not read as currencies)
        ("Il prezzo medio è di 29 dollari a titolo.", "it", "The average price is 29 dollars per share.",
         "The average price is 39 dollars per share."),
        ("Zinsen in Höhe von 503 Millionen US-Dollar.", "de", "Interest of $503 million.", "Interest of $501 million."),
        # a plain number against an ordinal ("第3000场", "9回", "20. lokatę")
        ("这是队史第3000场比赛。", "zh", "It is the 3,000th match in the team's history.",
         "It is the 2,000th match in the team's history."),
        ("大谷は9回最後の打者だった。", "ja", "Otani was the last batter in the 9th inning.",
         "Otani was the last batter in the 5th inning."),
        # a year against a number of four digits or more
        ("Kontrola za lata 2015–2019.", "pl", "An inspection for the years 2015–2019.",
         "An inspection for the years 2015–15334."),
    ],
)
def test_a_value_read_as_another_kind_and_changed_is_critical(src, lang, same, changed):
    assert audit(src, same, lang, "en") == []
    found = audit(src, changed, lang, "en")
    assert Severity.CRITICAL in [f.severity for f in found]
    assert any("changed" in f.message for f in found)


def test_a_year_is_no_change_against_a_small_number_or_a_decade():
    # "2001" and "9/11", "50ern" and "the 1850s" are no changed value: left as minor hints
    for src, lang, tgt in (
        ("dans l’ère de l’après-11 septembre 2001.", "fr", "in the post-9/11 era."),
        ("Apia wurde in den 50ern gegründet.", "de", "Apia was founded in the 1850s."),
    ):
        assert all(f.severity is Severity.MINOR for f in audit(src, tgt, lang, "en"))


@pytest.mark.parametrize(
    "text,lang,value,quoted",
    [
        ("于6月20日开始复赛", "zh", 620.0, "6月20日"),
        ("茅の輪は８月１日まで", "ja", 801.0, "８月１日"),
        ("7月17号", "zh", 717.0, "7月17号"),
        ("в воскресенье, 26 июля, ожидаются", "ru", 726.0, "26 июля"),
        ("do środy 2 października.", "pl", 1002.0, "2 października"),
        ("aujourd’hui mardi 15 octobre les", "fr", 1015.0, "15 octobre"),
        ("am 3. März", "de", 303.0, "3. März"),
        ("fino al 16 settembre", "it", 916.0, "16 settembre"),
        ("até 5 de maio", "pt", 505.0, "5 de maio"),
        ("do 4. července", "cs", 704.0, "4. července"),
        ("until Sept. 14.", "en", 914.0, "Sept. 14"),
    ],
)
def test_dates_of_other_languages_are_read(text, lang, value, quoted):
    dates = [(q.value, q.text) for q in extract_quantities(text, lang) if q.kind == "date"]
    assert dates == [(value, quoted)]


def test_a_month_name_of_another_language_without_its_day_is_no_date():
    # French "mai" and Polish "maja" (also a name) are dates only next to a day
    assert [q.kind for q in extract_quantities("Il est venu en mai.", "fr")] == []
    assert [q.kind for q in extract_quantities("Maja przyszła.", "pl")] == []
    assert [q.kind for q in extract_quantities("26 июля", "pl")] == ["number"]  # Russian months only in Russian


@pytest.mark.parametrize(
    "src,lang,same,changed",
    [
        ("受疫情影响，于6月20日开始复赛。", "zh", "The league resumed on June 20.", "The league resumed on June 4."),
        ("В воскресенье, 26 июля, ожидаются дожди.", "ru", "On Sunday, July 26, rain is expected.",
         "On Sunday, July 20, rain is expected."),
        ("Kontrola w okresie 29 grudnia 2015 r.", "pl", "An inspection from December 29, 2015.",
         "An inspection from December 23, 2015."),
        ("Allez voir aujourd’hui mardi 15 octobre les résultats.", "fr", "See the results today, Tuesday 15 October.",
         "See the results today, Tuesday 18 October."),
    ],
)
def test_a_changed_date_of_another_language_is_critical(src, lang, same, changed):
    assert all(f.severity is Severity.MINOR for f in audit(src, same, lang, "en"))  # at most an unread weekday
    found = audit(src, changed, lang, "en")
    assert [f.severity for f in found if f.severity is not Severity.MINOR] == [Severity.CRITICAL]
    assert any(f.message.startswith("Date changed") for f in found)


@pytest.mark.parametrize(
    "text,lang,value,unit",
    [
        ("资金6000万元和", "zh", 6e7, "CNY"),
        ("2亿元", "zh", 2e8, "CNY"),
        ("约1.5亿人", "zh", 1.5e8, None),
        ("3億円の", "ja", 3e8, "JPY"),
        ("5万亿美元", "zh", 5e12, "USD"),
    ],
)
def test_cjk_scales_against_digits(text, lang, value, unit):
    [q] = extract_quantities(text, lang)
    assert (q.value, q.unit) == (value, unit)


def test_a_changed_cjk_scaled_amount_is_critical():
    src = "江西省财政先后下达中央救灾资金6000万元和2亿元。"
    assert audit(src, "It issued 60 million yuan and 200 million yuan.", "zh", "en") == []
    found = audit(src, "It issued 56 million yuan and 200 million yuan.", "zh", "en")
    assert [(f.severity, f.source_span.text, f.target_span.text) for f in found] == [
        (Severity.CRITICAL, "6000万元", "56 million yuan")
    ]


@pytest.mark.parametrize(
    "src,lang,same,changed",
    [
        ("34 procent respondentów zgadza się.", "pl", "34 percent of respondents agree.", "40 percent of respondents agree."),
        ("Восемьдесят процентов наших товаров.", "ru", "Eighty percent of our goods.", "Fifty percent of our goods."),
        ("Il 3 per cento dei voti.", "it", "3% of the votes.", "5% of the votes."),
        ("Dvacet pět lidí zemřelo.", "cs", "Twenty-five people died.", "Twenty-six people died."),
        ("Dwadzieścia osób zginęło.", "pl", "Twenty people died.", "Thirty people died."),
    ],
)
def test_percent_words_and_tens_of_other_languages_are_read(src, lang, same, changed):
    assert audit(src, same, lang, "en") == []
    assert severities(src, changed, lang) == [Severity.CRITICAL]


# --------------------------------------------------------------------------- issue 11: faithful translations


def serious(fs):
    return [f for f in fs if f.severity in (Severity.CRITICAL, Severity.MAJOR)]


@pytest.mark.parametrize(
    "src,tgt",
    [
        # unit conversions that keep the value, within the rounding of the conversion (newstest2021 refs)
        ("The 550-acre park dismissed the reports.", "Der 220 Hektar große Park wies die Berichte ab."),
        ("The clarity of the lake was about 80 feet.", "Die Klarheit des Sees betrug 25 Meter."),
        ("The fire has chewed through 21,000 acres.", "Der Großbrand hat sich auf 85 km2 ausgebreitet."),
        ("Temperatures were above 90 degrees.", "Die Temperaturen lagen über 30 Grad Celsius."),
        ("The fire grew from approximately 5-10 acres to roughly 250 acres.",
         "Es hatte sich von rund 2 bis 4 Hektar auf ungefähr 100 Hektar ausgebreitet."),
        ("It shoots out an 8-foot Kevlar cord.", "Es schießt ein 2,5 Meter langes Kabel heraus."),
        ("They drive on the five mile safari drive.", "Sie fahren auf der acht Kilometer langen Strecke."),
        ("He moved here over two decades ago.", "Er zog vor über zwanzig Jahren hierher."),
        # scales, numbers in compounds, clock times, dates written another way
        ("Cases are approaching 14 lakh; 4.67 lakh are active.", "Die Fälle nähern sich 1,4 Millionen; 467.000 sind aktiv."),
        ("It overhauled a three-goal deficit.", "Es holte einen Dreitore-Rückstand beinahe ein."),
        ("Police declared it around 11:30 p.m.", "Die Polizei erklärte es gegen 23.30 Uhr."),
        ("It closes at 10 a.m. (0200GMT) Monday, July 27.", "Es schließt um 10 Uhr (02:00 GMT) am Montag, den 27. Juli."),
        ("By 7pm we had packed the car.", "Um 7 Uhr abends hatten wir das Auto gepackt."),
        ("After 9/11 the rules changed.", "Nach dem 11. September änderten sich die Regeln."),
        ("It happened on 2 March.", "Es geschah am 02.03."),
        ("The 1990s were good.", "Die 90er Jahre waren gut."),
        ("The '90s were good.", "Die neunziger Jahre waren gut."),
        ("On November 1st, they race.", "Am ersten November fahren sie."),
        # numbers inside names on one side only
        ("COVID-19 cases rose.", "Die Corona-Fälle stiegen."),
        ("The G7 met under Section 230 rules.", "Die Gruppe der Sieben tagte."),
        ("5G masts were attacked.", "Mobilfunkmasten wurden angegriffen."),
    ],
)
def test_faithful_conversions_and_names_are_no_serious_finding(src, tgt):
    assert serious(audit(src, tgt, "en", "de")) == []


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("Half of the voters stayed home.", "El 50% de los votantes se quedó en casa."),
        ("The firm sold a dozen planes.", "La empresa vendió 12 aviones."),
        ("It rose 5 per cent.", "Subió un 5 por ciento."),
        ("He lost 1.5 million dollars.", "Perdió 1.500.000 dólares."),
        ("He weighs 220 pounds.", "Pesa 100 kilos."),
        ("They walked 10 miles.", "Caminaron 16 kilómetros."),
        ("The Airbus A320 landed in the 1990s.", "El avión aterrizó en los años noventa."),
        ("It happened in the first week.", "Ocurrió en la primera semana."),
    ],
)
def test_faithful_spanish_renderings_are_no_serious_finding(src, tgt):
    assert serious(audit(src, tgt, "en", "es")) == []


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("The park covers 550 acres.", "Der Park umfasst 350 Hektar."),  # 550 acres is 223 ha
        ("The lake was 80 feet deep.", "Der See war 40 Meter tief."),
        ("It was 90 degrees Fahrenheit.", "Es war 20 Grad Celsius."),
        ("Police came at 11:30 p.m.", "Die Polizei kam um 21.30 Uhr."),
        ("The 1990s were good.", "Die 80er Jahre waren gut."),
        ("The F-35 crashed.", "Die F-16 stürzte ab."),
    ],
)
def test_a_changed_value_survives_conversion_and_naming(src, tgt):
    fs = audit(src, tgt, "en", "de")
    assert [f.severity for f in fs if f.type is FindingType.NUMBER_CHANGED] == [Severity.CRITICAL]


def test_the_same_unit_is_compared_exactly():
    """A conversion's tolerance is for two units; "100 km" against "105 km" is a changed number."""
    fs = audit("They drove 100 km.", "Condujeron 105 km.", "en", "es")
    assert [f.severity for f in fs] == [Severity.CRITICAL]


def test_a_different_clock_time_is_changed():
    fs = audit("The fire started at 8 p.m.", "El incendio empezó a las 9 p.m.", "en", "es")
    assert [f.severity for f in fs] == [Severity.CRITICAL]


def test_an_age_decade_in_japanese_against_a_changed_decade():
    """DEMETR: "５０代" became "in their 40s"."""
    fs = audit("いずれも５０代の男性です。", "Both are men in their 40s.", "ja", "en")
    assert [f.severity for f in fs] == [Severity.CRITICAL]


def test_units_times_decades_and_fractions_are_read():
    q = extract_quantities("a 550-acre park", "en")[0]
    assert (q.value, q.measure) == (550.0, (("area", "acre"),))
    assert extract_quantities("over 90 degrees", "en")[0].measure == (("temp", "c"), ("temp", "f"))
    assert [(q.kind, q.value, q.alt) for q in extract_quantities("at 11:30 p.m. or 11:30", "en")] == [
        ("time", 1410.0, None), ("time", 690.0, 1410.0)]
    assert [(q.kind, q.value) for q in extract_quantities("the 1990s, the '90s", "en")] == [("decade", 1990.0), ("decade", 90.0)]
    half = extract_quantities("half of them", "en")[0]
    assert (half.kind, half.value, half.weak) == ("fraction", 0.5, True)
    assert [(q.kind, q.value, q.alt) for q in extract_quantities("after 9/11", "en")] == [("date", 911.0, 1109.0)]


def test_a_weak_word_alone_is_no_finding():
    """An ordinal or fraction word ("for the first time", "half") the other side words otherwise is nothing."""
    assert audit("For the first time, half of them voted.", "Por vez primera votó la mayoría.", "en", "es") == []


# --------------------------------------------------------------------------- issue 11: document audits of professional
# translations (Text+Berg de-fr): a value is "changed" (critical) only where the pairing is clear


def by_severity(fs):
    return sorted((f.severity.value, f.source_span.text if f.source_span else None,
                   f.target_span.text if f.target_span else None) for f in fs)


def test_leftovers_in_unequal_numbers_across_sentences_are_minor():
    two_sentences = ["Es gab 5 Zelte.", "Dazu kamen 12 Träger."]
    fs = audit(two_sentences, ["Il y avait 6 tentes, 14 porteurs et 3 guides."], "de", "fr",
               beads=(Bead((0, 1), (0,), 0.9),))
    assert fs and serious(fs) == []
    assert any(f.message.startswith("Numbers differ") for f in fs)


def test_one_leftover_a_side_across_sentences_is_still_changed():
    fs = audit(["Es gab 5 Zelte.", "Dazu kamen 12 Träger."], ["Il y avait 6 tentes et 12 porteurs."], "de", "fr",
               beads=(Bead((0, 1), (0,), 0.9),))
    assert by_severity(fs) == [("critical", "5", "6")]


def test_a_lopsided_bead_is_no_clear_pairing():
    """A citation rewritten: three values on one side, one on the other."""
    fs = audit("Er schrieb 1956 in Heft 292 über 14 Gipfel.", "Il écrivit en 1955.", "de", "fr")
    assert fs and serious(fs) == []


def test_a_year_never_pairs_with_a_measurement():
    fs = audit("Der Everest (8848 m) wurde am 23. Mai bestiegen.", "L'Everest fut gravi le 23 mai 1956.", "de", "fr")
    assert fs and serious(fs) == []
    # a year written with the word for year is a year ("w 1981 roku" = "in 1981")
    fs = audit("Podkreślił, że w 1981 roku Jan Paweł II był autorytetem.", "He said that in 1988 John Paul II was an authority.",
               "pl", "en")
    assert [f.severity for f in fs] == [Severity.CRITICAL]


def test_a_value_in_the_neighbouring_bead_is_no_change():
    """The two sides split the sentences otherwise: "Nr. 57" in the next source sentence, "n° 57" in this target."""
    fs = audit(
        ["Den Gipfel erreichten am 9. Mai Imanishi und Gyalzen (Himalayan Club:", "Sherpa-Liste Nr. 57) und am 11. Mai Kato."],
        ["Le sommet fut atteint le 9 mai par Imanishi et Gyalzen (n° 57 du rôle des sherpas).", "Le 11 mai, Kato."],
        "de", "fr", beads=(Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)),
    )
    assert fs == []
    # not across a bead that is not next to it
    fs = audit(
        ["Den Gipfel erreichten sie (Liste:", "Am Abend.", "Nr. 57)."], ["Le sommet (n° 57).", "Le soir.", "Fin."],
        "de", "fr", beads=(Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (2,), 0.9)),
    )
    assert len(fs) == 2 and serious(fs) == []


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("Helvetiaplatz 4, 3005 Bern, Telefon 031/433611.", "Helvetiaplatz 4, 3005 Berne, téléphone 031/43 36 11."),
        ("Um 20.30 Uhr waren sie bei etwa 7500 m.", "A 20 h. 30 ils étaient à 7500 m environ."),
        ("Ein Träger bekommt 3 Rupies (Fr. 2.70) pro Tag.", "Un porteur reçoit 3 roupies (2 fr. 70) par jour."),
        ("Es ist 4.45 Uhr morgens.", "Il est 4 h 45 du matin."),
        ("Ich öffne die Küche erst um 18.00 Uhr.", "Je n'ouvre la cuisine qu'à dix-huit heures."),
        ("Hier war das Wasser etwa 1 ½ m tief.", "L'eau était profonde de 1,50 m."),
        ("Der Kamm hat sechs kotierte Siebentausender.", "La muraille a six sommets dépassant les 7000 m."),
        ("Es wurde bereits berichtet (« Die Alpen » 1956, S. 81).", "On en a déjà parlé (voir Les Alpes 1956, p. 80)."),
        ("Siehe Alpine Journal 1956, S. 110-117.", "Voir Alpine Journal 1956, pp. 98-104."),
        ("September 1988, bei Tagesanbruch", "Au petit matin du 9 septembre 1988"),
        ("1952 und 1953 L. G. C. Pugh physiologisch.", "1952 et 1953, L. G. C. Pugh en physiologie."),
    ],
)
def test_values_written_another_way_in_a_professional_translation_are_no_finding(src, tgt):
    assert serious(audit(src, tgt, "de", "fr")) == []


def test_the_same_digits_grouped_otherwise_must_be_the_same_digits():
    fs = audit("Telefon 031/433611.", "téléphone 031/43 36 12.", "de", "fr")
    assert fs  # still reported


def test_a_small_number_word_across_sentences_is_weak_evidence():
    fs = audit(["Die Hunzas kehrten um.", "Sie bauten Lager 4 auf 6300 m."],
               ["Les deux porteurs redescendent et placent le camp IV (6300 m)."], "de", "fr",
               beads=(Bead((0, 1), (0,), 0.9),))
    assert fs and serious(fs) == []
    # a count against a quantity with a unit is no pair either
    assert serious(audit("Sie folgten der Spur auf zehn Zentimeter genau.", "Les deux suivaient leur trace au décimètre près.",
                         "de", "fr")) == []
    # in one sentence a side, two counts in words that differ changed
    assert severities("Drei Personen wurden verletzt.", "Five people were injured.", "de") == [Severity.CRITICAL]


def test_a_clock_less_precise_is_minor_and_a_different_clock_changed():
    fs = audit("Wir verliessen das Gebiet etwa um 15.30 Uhr.", "Nous avions quitté ces lieux vers 15 h.", "de", "fr")
    assert fs and serious(fs) == []
    assert [f.severity for f in audit("Um 20.30 Uhr kamen sie.", "A 21 h 30 ils arrivèrent.", "de", "fr")] == [Severity.CRITICAL]


def test_a_month_without_its_day_and_a_wrong_day():
    assert audit("It was reported on July 21.", "It was reported on July 111.")[0].severity is Severity.CRITICAL


def test_changed_values_in_a_professional_translation_stay_critical():
    """Text+Berg dev: the reference's own errors (60 ft = 18.29 m; a transposed height) are found."""
    fs = audit("Die Höhe muss um etwa 60 ft. = 18,29 m erhöht werden.", "La cote devait être relevée de 60 pieds (19,29 m).",
               "de", "fr")
    assert by_severity(fs) == [("critical", "18,29 m", "19,29 m")]
    fs = audit("am Fusse des « Schwarzen Zahns » ( 6719 m ).", "au pied du Black Tooth, 6179 m.", "de", "fr")
    assert [f.severity for f in fs] == [Severity.CRITICAL]


def test_a_value_read_as_another_kind_pairs_with_the_closest_and_not_tenfold():
    fs = audit("8月6日午前0時から48時間実施すると説明した。", "He explained that it will be held for 36 hours from midnight on August 6th.",
               "ja", "en")
    assert [(f.source_span.text, f.target_span.text) for f in fs if f.severity is Severity.CRITICAL] == [("48", "36 hours")]
    assert [f.severity for f in audit("The wall is 2 m high.", "The wall is 3 high.")] == [Severity.CRITICAL]
    assert serious(audit("The wall is 2 m high.", "The wall is 250 high.")) == []


def test_parser_readings_for_professional_translations():
    [q] = extract_quantities("etwa 1 ½ m tief", "de")
    assert (q.value, q.measure) == (1.5, (("length", "m"),))
    assert [(q.kind, q.value) for q in extract_quantities("1953 L. G. C. Pugh", "de")] == [("year", 1953.0)]
    assert [(q.kind, q.value) for q in extract_quantities("à 20 h. 30 et à 4 h 45", "fr")] == [("time", 1230.0), ("time", 285.0)]
    assert [q.value for q in extract_quantities("dix-huit, soixante-dix, vingt-deux", "fr")] == [18.0, 70.0, 22.0]
    [q] = extract_quantities("14 millones de toneladas", "es")
    assert (q.value, q.measure) == (14e6, (("mass", "t"),))
    pages = [(q.value, q.weak) for q in extract_quantities("Die Alpen 1956, S.83 und pp. 110-117", "de")]
    assert pages == [(1956.0, False), (83.0, True), (110.0, True), (117.0, True)]
    assert [q.value for q in extract_quantities("entre le Xe–XIe siècle et le XIVe siècle", "fr")] == [10.0, 11.0, 14.0]
