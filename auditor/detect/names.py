"""Name candidates of a sentence, and how sure each one is a name.

* The English side's names are spaCy's PERSON, ORG, GPE, LOC and FAC entities (:func:`english_names`,
  ``en_core_web_sm``, loaded by the roles detector), less common words the model tagged
  (:func:`_entity_is_name`) and generic words of institutional names ("Supreme Court").
* The other side's are capitalised words that do not open the sentence (or do, when very rare in
  the language: :func:`_opening_name`), and acronyms (:func:`names_in`). German capitalises every
  noun, so there a capitalised word is a candidate only when it is no noun (:func:`common_noun`:
  not common once a case ending is removed, no noun-forming suffix, no compound of German words).
* How sure: :func:`strong_name` (a name with little doubt: rare words, a known place, a foreign word)
  and :func:`english_doubt` (an English abbreviation or a name of common words, often expanded or
  translated).

Matching names across the two sides is :mod:`auditor.detect.name_match`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..text import WORD, fold, script, tokens
from .name_match import GENERIC, RESCUE_STEM_MIN, exonyms, known_name, match_key, match_keys
from ..compiled import regex

if TYPE_CHECKING:
    from .ner import Entity

#: spaCy labels read as names on the English side.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")
#: A German capitalised word rarer than this (Zipf scale, wordfreq) may be a name.
GERMAN_NAME_ZIPF = 3.0
#: Languages that capitalise every noun: there a capitalised word is a name only when it does not
#: look like a noun of the language (:func:`common_noun`).
NOUN_CAPITALISING = frozenset({"de", "lb"})
#: Languages that write compounds as one word, whose parts are compared too ("Südrumänien").
COMPOUNDING = frozenset({"de", "lb", "nl", "sv", "da", "no", "nb"})
#: Noun-forming suffixes of German: a capitalised word ending so is a noun, not a name.
_NOUN_SUFFIXES = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "ität", "itäten",
    "ismus", "ismen", "nisse", "nissen", "tümer", "erinnen", "ierung", "ierungen", "ologie", "ologen",
)
#: German case and plural endings removed before a word is looked up ("Mutes" → "Mut").
_NOUN_ENDINGS = ("es", "s", "en", "n", "e", "er", "ern")
#: Linking elements between the parts of a German compound ("Sicherheit-s-einrichtungen").
_LINKS = ("", "s", "es", "n", "en", "e", "er")
#: A compound's head is a word at least this common (Zipf) and this long; its modifier at least
#: this common and at least ``COMPOUND_PART_MIN`` letters long.
COMPOUND_HEAD_ZIPF = 3.0
COMPOUND_HEAD_MIN = 4
#: A name inside a compound, after a word of the language, is at least this long ("rumänien").
COMPOUND_TAIL_MIN = 5
COMPOUND_PART_ZIPF = 2.0
COMPOUND_PART_MIN = 3
#: An unmatched English abbreviation ("MPs", "UK", "Ore.") is at most a hint: it is often expanded
#: or translated ("Abgeordnete", "britisch", "Oregon"). So is an institutional name (ORG, LOC, FAC)
#: whose words are all English words at least this common: it is translated by meaning ("Cal Fire").
TRANSLATED_NAME_ZIPF = 4.0
#: An English word this frequent in a PERSON or GPE name is no name word ("Queen" aside, which is generic).
COMMON_ENGLISH_ZIPF = 5.5
#: In an ORG, LOC or FAC name only words rarer than this count: the others are often translated
#: ("the Turkish Football League", "the Chamber of Deputies").
RARE_ENGLISH_ZIPF = 3.5
_CURRENCIES = frozenset("USD EUR GBP CZK PLN RUB JPY CNY INR CHF".split())

#: A name on the non-English side alone is flagged when all its words are rarer than this.
STRONG_NAME_ZIPF = 2.5
#: ... or when it has two words or more, all rarer than this (a first name and a surname: "Mariana
#: Banasia"; "Regno Unito", "Dzień Niepodległości", "Восточной Азии" have a word above it).
MULTI_NAME_ZIPF = 4.5
#: ... or when one of its words is at least this common in English and more common there than in
#: the text's language (a foreign name: "Walmart" in Spanish).
FOREIGN_NAME_ZIPF = 3.0
#: A capitalised word that opens the sentence is a name candidate when rarer than this ("Siminoff", "Apia").
OPENING_NAME_ZIPF = 2.0

# capitalised words that are no names in any of the languages (sentence starts aside)
_STOP_CAPS = frozenset(
    """i ich sie er es wir ihr je il elle nous vous ils elles yo usted ustedes ella ellos lei egli io voi loro
    eu ele ela nos ja ty on ona my wy oni já ty ono vy mr mrs ms dr prof herr frau""".split()
)


@lru_cache(maxsize=16384)
def word_zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in ``lang``; 0.0 where it is unknown or wordfreq cannot answer."""
    from .spinner import zipf_or_zero  # the one guarded wordfreq lookup (languages it lacks: 0.0)

    return zipf_or_zero(word, lang)


@dataclass(frozen=True)
class Name:
    """A name mention: its text, where it is, its words folded (and transliterated) for matching."""

    text: str
    start: int
    end: int
    words: tuple[str, ...]
    label: str = "NAME"


def part_keys(word: str, lang: str) -> tuple[str, ...]:
    """The match keys of the parts of a compound of a compounding language (:data:`COMPOUNDING`,
    :func:`_compound_parts`: "Südrumänien" → "rumanien", "Großbritanniens" → "grosbritaniens",
    "britaniens"); empty for other languages and short words."""
    low = word.lower()
    if lang not in COMPOUNDING or len(low) < 2 * COMPOUND_PART_MIN + 2:
        return ()
    return tuple(dict.fromkeys(match_key(p) for p in _compound_parts(low, lang)))


# --------------------------------------------------------------------------- nouns that are no names


def _inflections(low: str) -> tuple[str, ...]:
    """``low`` and its forms with a German case or plural ending removed ("mutes" → "mut", "ziele" → "ziel")."""
    out = [low]
    for end in _NOUN_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= COMPOUND_PART_MIN:
            out.append(low[: -len(end)])
    return tuple(out)


def _known(low: str, lang: str, floor: float) -> bool:
    """Whether ``low`` or one of its uninflected forms is a word of ``lang`` at least ``floor`` common (Zipf)."""
    return any(word_zipf(f, lang) >= floor for f in _inflections(low))


@lru_cache(maxsize=8192)
def _compound_split(low: str, lang: str) -> int:
    """Where the head of a compound begins in ``low`` (0: no compound): a head of at least four letters
    that is a common word of ``lang`` (inflected or not) after a modifier that is a word of ``lang``
    too, or a compound itself, with a linking "s", "es", "n", "en", "e" or "er" allowed between them
    ("sicherheits|einrichtungen", "zufalls|basis", "verteidigungssonder|ausschusses"). A name made of
    words of the language ("Rosenberg") splits too: the price of reading every noun-like word as a noun."""
    for i in range(len(low) - COMPOUND_HEAD_MIN, COMPOUND_PART_MIN - 1, -1):
        head, mod = low[i:], low[:i]
        if low[i - 1] == "-" or not _known(head, lang, COMPOUND_HEAD_ZIPF):
            continue
        for link in _LINKS:
            stem = mod[: len(mod) - len(link)] if link else mod
            if link and not mod.endswith(link):
                continue
            if len(stem) >= COMPOUND_PART_MIN and (word_zipf(stem, lang) >= COMPOUND_PART_ZIPF or _compound_split(stem, lang)):
                return i
    return 0


def _compound_parts(low: str, lang: str) -> tuple[str, ...]:
    """The parts of a compound that may be a name written inside it: its head when the modifier is a
    word of ``lang`` (:func:`_compound_split`), and any tail of four letters or more that follows a
    common word of ``lang`` ("groß|britanniens", "süd|rumänien")."""
    out = []
    split = _compound_split(low, lang)
    if split:
        out.append(low[:split])
    for i in range(COMPOUND_PART_MIN, len(low) - COMPOUND_TAIL_MIN + 1):
        if word_zipf(low[:i], lang) >= COMPOUND_HEAD_ZIPF:
            out.append(low[i:])
    return tuple(out)


def common_noun(word: str, lang: str, lowered: frozenset[str] = frozenset()) -> bool:
    """Whether a capitalised word of a language that capitalises every noun (:data:`NOUN_CAPITALISING`:
    German) is a common word of the language rather than a name: it is also written in lower case in
    the same text (``lowered``: an adjective opening a phrase), it is common in the language once inflection is removed
    ("Mutes" → "Mut"), ends with a noun-forming suffix ("Verwanzung", "Mutterschaft"), or is a compound
    of words of the language (:func:`_compound_split`: "Ordnungshüter", "Sicherheitseinrichtungen")."""
    low = word.lower()
    if lang not in NOUN_CAPITALISING:
        return False  # "Polski" (of Poland) and "polski" (Polish) are two words
    if known_name(word, min_stem=RESCUE_STEM_MIN) and low not in lowered:
        return False  # a place name of the exonym table, however common ("Deutschland")
    if low in lowered:
        return True
    if _known(low, lang, GERMAN_NAME_ZIPF) or word_zipf(low, lang) >= GERMAN_NAME_ZIPF:
        return True
    if len(low) >= 6 and low.endswith(_NOUN_SUFFIXES):
        return True
    return len(low) >= 2 * COMPOUND_PART_MIN + 1 and _compound_split(low, lang) > 0


def names_in(text: str, lang: str) -> list[Name]:
    """Name candidates of a non-English sentence: capitalised words not opening it, and acronyms.

    Capitalised words separated by one space are one name ("Pedro Sánchez"). In a text that is not
    in Latin or Cyrillic script, only Latin-script words with a capital letter count."""
    writing = script(text)
    toks = tokens(text)
    lowered = frozenset(w for w, _, _ in toks if w.islower())
    cand: list[tuple[str, int, int]] = []
    for k, (w, s, e) in enumerate(toks):
        if w.isdigit() or not w[:1].isupper() or fold(w) in _STOP_CAPS:
            continue
        acronym = len(w) >= 2 and w.isupper()
        if writing == "other":
            if script(w) != "latin":
                continue
        elif not acronym:
            before = text[:s].rstrip()
            if (k == 0 or not before or before[-1] in ".!?:\"“„«¿¡'‘(—–-") and not _opening_name(w, lang):
                continue  # the sentence (or a quotation) opens with it
            if common_noun(w, lang, lowered):
                continue  # a noun ("Ordnungshüter"), or a word also written in lower case here
        cand.append((w, s, e))
    out: list[Name] = []
    for w, s, e in cand:
        if out and text[out[-1].end : s].strip() == "" and s - out[-1].end <= 1:
            last = out.pop()
            out.append(Name(text[last.start : e], last.start, e, last.words + match_keys(w)))
        else:
            out.append(Name(w, s, e, match_keys(w)))
    return out


#: Endings of Slavic adjectives, participles and verbal nouns: a rare word that opens a sentence and
#: ends so is a word ("Патронажное", "Выкладывание", "Badająca"), not a name.
_SLAVIC_WORD_ENDINGS = {
    "ru": ("ое", "ая", "ые", "ий", "ый", "ие", "ние", "ость", "ться", "ся"),
    "pl": ("ąca", "ący", "ące", "anie", "enie", "ość", "owy", "owa", "owe", "ny", "na", "ne"),
    "cs": ("ní", "ost", "ový", "ová", "ové", "ící", "ný", "ná", "né"),
}


def _opening_name(word: str, lang: str) -> bool:
    """Whether a capitalised word that opens a sentence is a name all the same: a word of one
    script, very rare in its language (wordfreq: "Siminoff", "Пфанненштиль") and, in Czech,
    Polish or Russian, not ending like an adjective or a verbal noun."""
    low = word.lower()
    if script(word) == "other" or any(c.isalpha() and script(c) != script(word) for c in word) or "'" in word or "’" in word:
        return False  # mixed scripts ("Meжду") or an elision ("L'inizio")
    if word_zipf(low, lang) >= OPENING_NAME_ZIPF:
        return False
    return not low.endswith(_SLAVIC_WORD_ENDINGS.get(lang, ()))


def english_names(text: str) -> list[Name]:
    """spaCy's PERSON, ORG, GPE, LOC and FAC entities of an English sentence (the roles detector's model)."""
    from .ner import entities

    out = []
    for ent in entities(text):
        if ent.label not in NAME_LABELS or not _entity_is_name(ent):
            continue
        tokens = [POSSESSIVE.sub("", w) for w in WORD.findall(ent.text)]  # "the White House's"
        words = tuple(match_key(w) for w in tokens)
        words = tuple(
            k
            for w, k in zip(tokens, words)
            if fold(w) not in GENERIC
            and k not in ("s", "'s")
            and w.upper() not in _CURRENCIES
            and (
                (len(w) >= 2 and w.isupper())  # an acronym ("US", "NSA")
                or word_zipf(fold(w), "en") < (COMMON_ENGLISH_ZIPF if ent.label in ("PERSON", "GPE") else RARE_ENGLISH_ZIPF)
            )
        )
        if words:
            out.append(Name(ent.text, ent.start, ent.end, words, ent.label))
    return out


#: Latin-script languages whose word frequencies tell an international name ("Trump", "London": common
#: in all of them) from an English word ("turnout", "stirrups": common in English only).
_NAME_LANGS = ("de", "fr", "es", "it", "nl", "pt", "pl")
#: A word at least this common in English (Zipf) is an English word ...
ENGLISH_WORD_ZIPF = 3.0
#: ... and one at least this much more common in English than in any of :data:`_NAME_LANGS` is no
#: international name: "turnout" (2.5), "mosques" (2.2), "motherhood" (1.5) against "Biden" (0.7), "Price" (1.4 aside: see :func:`_entity_is_name`).
ENGLISH_ONLY_GAP = 1.0
#: A one-word entity that spaCy's tagger reads as no proper noun is a common word when at least this
#: common in English ("Stirrups" NNS, 2.4); rarer ones may be foreign names the tagger does not know.
TAGGED_WORD_ZIPF = 2.0
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def english_only(word: str) -> bool:
    """Whether ``word`` is an ordinary English word rather than a name: common in English
    (``ENGLISH_WORD_ZIPF``) and much rarer in every other Latin-script language of :data:`_NAME_LANGS`
    (``ENGLISH_ONLY_GAP``). Names travel between languages with their frequency ("Trump", "Twitter",
    "London"); common nouns do not ("turnout", "stirrups", "motherhood")."""
    low = fold(word)
    en = word_zipf(low, "en")
    return en >= ENGLISH_WORD_ZIPF and en - max(word_zipf(low, lang) for lang in _NAME_LANGS) >= ENGLISH_ONLY_GAP


def _entity_is_name(ent: "Entity") -> bool:
    """Whether a spaCy entity is a name rather than a common word the model tagged: not opened by a
    pronoun ("His Holy Mercy"), and, for an entity of one word, not an English word (wordfreq, Zipf
    ``TAGGED_WORD_ZIPF``) that spaCy's own tagger reads as no proper noun ("Rhino" JJ, "Stirrups"
    NNS, "Turnout" VB), nor an English-only word (:func:`english_only`) that opens its sentence,
    after an article at most ("Subsistence agriculture", "The Foxes")."""
    if not ent.tokens or ent.tokens[0].tag in ("PRP", "PRP$"):
        return False
    words = [t for t in ent.tokens if t.tag != "DT" and not t.punct and t.text not in ("'s", "’s")]
    if len(words) != 1:
        return True
    tok = words[0]
    if tok.tag not in _PROPER_TAGS and word_zipf(fold(tok.text), "en") >= TAGGED_WORD_ZIPF:
        return False
    return not (tok.opening and english_only(tok.text))


POSSESSIVE = regex(r"['’]s?$")
#: An abbreviation: capitals (and a plural "s": "MPs"), or a short word or letters closed by a full stop
#: ("Ore.", "Calif.", "B.C.").
_ABBREVIATION = regex(r"[A-Z]{2,4}s?|(?:[A-Z][a-z]{0,4}\.)+|(?:[A-Z]\.)+[A-Z]?")


def _abbreviation(name: Name) -> bool:
    """Whether every word of an English name that counts (:attr:`Name.words`) is an abbreviation."""
    toks = [t for t in re.findall(r"[\w.]+", name.text) if match_key(t.rstrip(".")) in name.words or t.endswith(".")]
    return bool(toks) and all(_ABBREVIATION.fullmatch(POSSESSIVE.sub("", t)) for t in toks)


def english_doubt(name: Name) -> str | None:
    """Why an English name may have no counterpart in a faithful translation, or None: an
    abbreviation (:func:`_abbreviation`: "MPs", "UK", "Ore.": expanded or translated), or an
    institutional name (ORG, LOC, FAC) whose counted words are all common English words
    (``TRANSLATED_NAME_ZIPF``: "Cal Fire") or English-only words (:func:`english_only`: "the National
    Council for Childhood and Motherhood": translated by meaning)."""
    written = {fold(t).replace(".", "") for t in re.findall(r"[\w.]+", name.text)}  # "UC" is no "UK"
    known = any(w in exonyms() and w in written for w in name.words)
    if _abbreviation(name) and not known:
        return ABBREVIATION_DOUBT
    words = [w for w in (fold(POSSESSIVE.sub("", t)) for t in WORD.findall(name.text)) if w not in _FUNCTION_WORDS]
    common = sum(word_zipf(w, "en") >= TRANSLATED_NAME_ZIPF or english_only(w) for w in words)
    # a name with a word of the exonym table is not translated beyond recognition ("the US Supreme Court")
    if name.label in ("ORG", "LOC", "FAC") and words and common == len(words) and not known:
        return "a name of common words, often translated"
    return None


_FUNCTION_WORDS = frozenset("the of and for in on at to a an".split())
ABBREVIATION_DOUBT = "an abbreviation, often expanded or translated"
LATIN_ACRONYM = regex(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")


#: An adjective made from a place name (German, Dutch, Scandinavian "-isch"/"-isk" with its endings):
#: capitalised inside a translated institution's name, it names no place.
_ADJECTIVE_OF_PLACE = regex(r"(?:isch|isk)(?:e|en|er|es|em|a)?$", re.IGNORECASE)


def strong_name(name: Name, lang: str, text: str = "") -> bool:
    """A name candidate that is a name with little doubt: every word rare in its language (wordfreq;
    in German, which capitalises nouns, only a word that reads as no noun: :func:`german_name`), or one word a known place name (:func:`known_name`: "Brně", "Москвы",
    "Parigi"), or one word an English or other foreign word more common in English than in the
    language of the text ("Walmart", "Windows", "Time" in a Spanish sentence; German aside: it
    borrows English nouns and capitalises them)."""
    words = WORD.findall(name.text)
    if not words:
        return False
    if any(known_name(w) and not _ADJECTIVE_OF_PLACE.search(w) for w in words):
        return True  # "Britischen" in "der Britischen Marineinfanterie" is the adjective, no place named
    if lang in NOUN_CAPITALISING:  # German borrows English nouns and capitalises them
        return word_zipf(words[-1].lower(), lang) < STRONG_NAME_ZIPF and german_name(name, text)
    if all(word_zipf(w.lower(), lang) < STRONG_NAME_ZIPF for w in words):
        return True
    if len(words) >= 2 and all(word_zipf(w.lower(), lang) < MULTI_NAME_ZIPF for w in words):
        return True  # a first name and a surname ("Mateusz Morawiecki", "Ollanta Humala"): no common words
    return script(name.text) == "latin" and any(
        not w.isupper() and word_zipf(fold(w), "en") >= FOREIGN_NAME_ZIPF and word_zipf(fold(w), "en") > word_zipf(w.lower(), lang)
        for w in words
    )


#: German words that open a noun phrase: a capitalised word right after one is a noun ("keine Präsenz",
#: "ein Hinterbänkler"), seldom a name.
_GERMAN_DETERMINERS = frozenset(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
    sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer dieser diese dieses diesen diesem jeder jede
    jedes jeden jedem zum zur im am vom beim ins ans""".split()
)
#: A rare German word alone, longer than this, is likelier a noun than a name ("Präsenz", "Langmut").
GERMAN_NAME_MAX = 6
_GERMAN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöüß")


def german_name(name: Name, text: str, *, max_len: int = GERMAN_NAME_MAX) -> bool:
    """Whether a rare capitalised German candidate (its last word rare) reads as a name rather than a
    noun that :func:`common_noun` could not split ("Ölanlagen", "Umstehende"): it has letters German
    does not write ("Słania", "Coruña", "Asunción"), or it has two words, neither a German noun
    ("Mateusz Morawiecki"), or it is short
    (``GERMAN_NAME_MAX``) and no determiner opens it ("laut Tennet", not "keine Präsenz", "ein Pavian")."""
    word = name.text.split()[-1]
    if any(c.isalpha() and c.lower() not in _GERMAN_LETTERS for c in word) or len(name.words) >= 2:
        return True
    before = WORD.findall(text[: name.start])
    return len(word) <= max_len and not (before and before[-1].lower() in _GERMAN_DETERMINERS)


__all__ = [
    "NAME_LABELS", "NOUN_CAPITALISING", "Name", "common_noun", "english_doubt", "english_names", "english_only",
    "german_name", "names_in", "part_keys", "strong_name", "word_zipf",
]
