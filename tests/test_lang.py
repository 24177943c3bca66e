"""Language identification: the seeds, short sentences, and the edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import lang as lang_module
from auditor.lang import (
    MAX_DETECT_CHARS,
    detect_language,
    language_name,
    normalise_lang_code,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("0*.txt")), ids=lambda p: p.name[:3])
def test_seeds_are_english(path):
    code, prob = detect_language(path.read_text(encoding="utf-8"))
    assert code == "en"
    assert prob > 0.9


@pytest.mark.parametrize(
    "text, expected",
    [
        ("El presidente rechazó la oferta de Estados Unidos para abandonar Kiev.", "es"),
        ("¿Dónde está el presidente? ¡No lo sabemos todavía!", "es"),
        ("Der Präsident lehnte das Angebot der Vereinigten Staaten ab.", "de"),
        ("Wir bleiben hier und verteidigen unser Land.", "de"),
        ("Le président a refusé l'offre américaine de quitter Kiev.", "fr"),
        ("Nous sommes tous ici pour défendre notre pays.", "fr"),
    ],
)
def test_short_sentences(text, expected):
    code, prob = detect_language(text)
    assert code == expected
    assert 0.0 < prob <= 1.0


def test_short_ambiguous_text_still_guesses_with_low_confidence():
    code, prob = detect_language("ok")
    assert isinstance(code, str) and code
    assert prob < 0.5


def test_no_letters_is_undetermined():
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12 345 -- ?!") == ("und", 0.0)


def test_varieties_fold_into_their_language():
    # py3langid also knows Extremaduran ("ext"), which takes a share of Spanish text
    code, prob = detect_language("Hola, ¿cómo estás? Me llamo Juan.")
    assert code == "es" and prob > 0.8


def test_only_the_start_of_long_text_is_read(monkeypatch):
    seen = []
    real = lang_module._identifier()

    class Spy:
        def rank(self, text):
            seen.append(text)
            return real.rank(text)

    monkeypatch.setattr(lang_module, "_IDENTIFIER", Spy())
    code, _ = detect_language("The president spoke to the nation. " * 1000)
    assert code == "en"
    assert len(seen[0]) <= MAX_DETECT_CHARS
    assert not seen[0].endswith(" p")  # cut at a space, not inside a word


def test_identifier_is_built_once():
    detect_language("A first sentence in English.")
    first = lang_module._IDENTIFIER
    detect_language("Une deuxième phrase en français.")
    assert first is not None and lang_module._IDENTIFIER is first


def test_language_names_and_codes():
    assert language_name("es") == "Spanish"
    assert language_name("EN-gb") == "English"
    assert language_name("xx") == "xx"
    assert language_name(None) == "unknown language"
    assert normalise_lang_code("pt_BR") == "pt"
    assert normalise_lang_code(" DE ") == "de"
    assert normalise_lang_code("english!") is None
    assert normalise_lang_code("") is None
