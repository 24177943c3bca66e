"""Issue 13: one text layer (tokens, folding, romanising), one loader of the packaged word lists, one
negation module that both polarity detectors read."""

from __future__ import annotations

import re

import pytest

from auditor import lexicons, text
from auditor.errors import MissingDataError
from auditor.text import TOKEN, WORD, Token, fold, fold_with_offsets, script, token_kind, tokens, translit

HOSTILE = [
    "",
    "Zelenskyy met ZELENSKYY in Lhotsé.",
    "l'ONU n’a pas dit qu' il ne viendrait; won't-he, will-he?",
    "नरेंद्र मोदी ने कहा",
    "Straße ﬁnal ² Ⅻ ʼokina ‘quoted’ `back´",
    "3.5 % of 1,200 at 12:30 — «non-life» (No. 4) _x_ ٣٤",
    "特朗普 オバマ 南アフリカ Москва Брайанта",
    "e\u0301te\u0301 cafe\u0301",  # combining accents, decomposed
]


PATTERNS = (
    text.WORD, text.LETTERS, text.BARE_WORD, text.COMPOUND, text.WORD_NUMBER, text.TOKEN, text.SPACED, text.WORD_CHARS,
    text.NONSPACE, text.JOINED, text.LOOSE_WORD, text.DOTTED, text.NUMBER_TOKEN, text.NUMBER_TOKEN_EN,
)


@pytest.mark.parametrize("s", HOSTILE)
def test_tokens_carry_their_offsets(s):
    for pattern in PATTERNS:
        for t in tokens(s, pattern):
            assert isinstance(t, Token) and s[t.start : t.end] == t.text


def test_token_is_a_plain_triple():
    (w, s, e), *_ = tokens("Hello world")
    assert (w, s, e) == ("Hello", 0, 5)
    assert tokens("a b c", WORD, 2) == [Token("b", 2, 3), Token("c", 4, 5)]
    assert tokens("a b c", WORD, 0, 3) == [Token("a", 0, 1), Token("b", 2, 3)]


def test_words_keep_hindi_whole_and_apostrophes_inside():
    assert text.words("नरेंद्र मोदी") == ["नरेंद्र", "मोदी"]
    assert text.words("won't-he l'ONU 2021") == ["won't", "he", "l'ONU", "2021"]
    assert text.words("non-life", text.COMPOUND) == ["non-life"]
    assert text.words("3.5 at 12:30", text.WORD_NUMBER) == ["3.5", "at", "12:30"]


_NAMED = re.compile(r"(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<n>\d[\d.,]*)|(?P<p>[^\w\s])")


@pytest.mark.parametrize("s", HOSTILE)
def test_token_kind_is_the_group_that_matched(s):
    """:func:`token_kind` reads the kind from the first character: the same as a named group would."""
    assert [(m.group(), m.lastgroup) for m in _NAMED.finditer(s)] == [(t.text, token_kind(t.text)) for t in tokens(s, TOKEN)]


def test_the_detectors_patterns_read_as_before():
    """Issue 13: the roles, numbers, quotes, anchors and segmenter tokenisers moved here unchanged."""
    assert text.words("Dr. Smith, the U.S. vice-president.", text.DOTTED) == [
        "Dr.", "Smith", ",", "the", "U.S.", "vice-president.",
    ]
    assert text.words("don't co-chair 2021-22 l’ONU", text.JOINED) == ["don't", "co-chair", "2021-22", "l", "ONU"]
    assert text.words("Zelensky’s co-chair, -x _y 2021-22", text.LOOSE_WORD) == ["Zelensky’s", "co-chair", "x", "y", "2021-22"]
    assert text.words("Lhotsé_2 8603", text.WORD_CHARS) == ["Lhotsé_2", "8603"]
    assert [t.text for t in tokens(" a\u00a0b\tc\n", text.NONSPACE)] == " a\u00a0b\tc\n".split()
    assert [t.text for t in tokens("US$ 1 000,5 m", text.NUMBER_TOKEN)] == ["US$", "1 000,5", "m"]
    assert [t.text for t in tokens("US$ 1 000,5 m", text.NUMBER_TOKEN_EN)] == ["US$", "1", "000,5", "m"]
    assert [t.text for t in tokens("1\u202f000", text.NUMBER_TOKEN_EN)] == ["1\u202f000"]


_NUMBER_CASES = HOSTILE + ["US$5, R$ 3, C$, A$9 USD US 1ª Nº 5º ºC 20% 1 000 000,5 x_y ¥€£‰", "$1.2bn € 3,50 (٣٤)"]


@pytest.mark.parametrize("s", _NUMBER_CASES)
def test_number_token_kind_is_the_group_that_matched(s):
    for pattern in (text.NUMBER_TOKEN, text.NUMBER_TOKEN_EN):
        assert [(m.group(), m.lastgroup) for m in pattern.finditer(s)] == [(t.text, text.number_token_kind(t.text)) for t in tokens(s, pattern)]


def test_strip_accents_and_fold_nfkd():
    """:func:`text.strip_accents` keeps case; :func:`text.fold_nfkd` lower-cases after it and, unlike
    :func:`fold`, splits compatibility forms."""
    assert text.strip_accents("Lhotsé ﬁ ² Ｚ") == "Lhotse fi 2 Z"
    assert text.fold_nfkd("Lhotsé ﬁ ² Ｚ") == "lhotse fi 2 z"
    assert fold("Lhotsé ﬁ ² Ｚ") == "lhotse ﬁ ² ｚ"  # the difference it exists for
    for s in HOSTILE:
        assert text.fold_nfkd(s) == text.strip_accents(s).lower()
        assert fold(text.fold_nfkd(s)) == text.fold_nfkd(s)


def test_fold():
    assert fold("Zelenskyy") == fold("ZELENSKYY") == "zelenskyy"
    assert fold("Lhotsé") == fold("Lhotse\u0301") == "lhotse"
    assert fold("Straße") == "straße"  # lower case, not case-folded: "ß" stays


def test_fold_with_offsets_maps_back():
    s = "Straße ﬁnal ‘x’ Lhotsé"
    folded, origin = fold_with_offsets(s)
    assert folded == "strasse final 'x' lhotse"
    assert len(origin) == len(folded)
    assert s[origin[folded.index("final")]] == "ﬁ"


@pytest.mark.parametrize("s", HOSTILE)
def test_one_fold_for_every_detector(s):
    """The detectors' old module path gives the very same folding."""
    from auditor.detect import base

    assert base.fold(s) == fold(s)
    assert base.fold_with_offsets(s) == fold_with_offsets(s)


def test_translit_keeps_its_table():
    """anyascii spells "й" "y", "є" "ie" and the hard and soft signs "'": the table keeps Russian names'
    match keys as they were ("Брайанта" ~ "braianta")."""
    assert translit("Брайанта") == "Braianta"
    assert translit("Москва, Київ, Підʼїзд") == "Moskva, Kiiv, Pidʼizd"
    assert translit("Trump 特朗普") == "Trump 特朗普"  # other text as written


def test_script():
    assert (script("Moskau"), script("Москва"), script("特朗普"), script("123")) == ("latin", "cyrillic", "other", "other")


# --------------------------------------------------------------------------- lexicons


def test_lexicons_are_read_once():
    assert {"negation", "exonyms", "variants", "false_friends", "tortured_news"} <= set(lexicons.names())
    first = lexicons.load("negation")
    assert lexicons.load("negation") is first
    assert "nicht" in first["de"]["cues"]


def test_an_unknown_lexicon_names_the_fix():
    with pytest.raises(MissingDataError) as e:
        lexicons.load("no_such_list")
    assert "negation" in (e.value.fix or "")


# --------------------------------------------------------------------------- one negation module


def test_both_polarity_detectors_read_negation_from_one_module():
    from auditor.detect import crosslingual, negation, polarity

    assert crosslingual.negations is negation.negations
    assert crosslingual.litotes_scope is negation.litotes_scope
    for name in ("lexical_negations", "negation_verdict", "pair_lexical", "has_lexical_rules", "find_negations"):
        assert getattr(polarity, name) is getattr(negation, name)
    assert [c.text for c in negation.negations("Er kam nicht.", "de")] == ["nicht"]
    assert [n.label for n in negation.find_negations("He did not approve it.", "en")] == ["not"]
