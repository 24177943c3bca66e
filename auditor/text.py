"""The text layer the detectors share: tokens with offsets, folding, romanising Cyrillic, scripts.

One tokeniser, :func:`tokens`, gives :class:`Token` values (the text, where it starts and ends),
over a pattern that says what a token is. The patterns are here, side by side, so that the
detectors read words the same way and differ only where they must:

=================  =========================================================  ==========================
pattern            a token is                                                 read by
=================  =========================================================  ==========================
:data:`WORD`       letters (Devanagari vowel signs too) joined by apostrophes,  names, negation cues
                   or digits: "l'ONU", "won't", "नरेंद्र", "2021"
:data:`LETTERS`    a run of letters (Devanagari vowel signs too)               romanising
:data:`BARE_WORD`  a run of letters, nothing else                              spinner phrase keys
:data:`COMPOUND`   letters joined by apostrophes or hyphens: "non-life"        lexical negations
:data:`WORD_NUMBER`  letters joined by apostrophes, or a number with its         untranslated runs
                   separators ("3.5", "12:30")
:data:`TOKEN`      a word, a number with its separators, or one punctuation    polarity (en, es);
                   mark (:func:`token_kind` tells which)                       :func:`token_kind`
:data:`SPACED`     a run of spaces, of word characters, or one other character  aligning repaired lines
:data:`WORD_CHARS` a run of word characters (letters, digits, "_")            anchor vectors
:data:`NONSPACE`   a run of anything but spaces (what ``str.split()`` gives)  segmenter word lists
:data:`JOINED`     word characters joined by straight apostrophes or hyphens  quoted wording
                   ("don't", "co-chair", "2021-22"), typography unified first
:data:`LOOSE_WORD` a letter or digit, then word characters, apostrophes and   quote speakers
                   hyphens ("Zelensky’s", "co-chair", "2021-22")
:data:`DOTTED`     letters joined by hyphens, apostrophes or inner dots, with roles
                   a full stop after ("U.S.", "Dr."), a number, or one mark
:data:`NUMBER_TOKEN` a number with its separators (a space groups digits), a  numbers (not English);
                   currency or percent symbol, a word, or one punctuation mark :func:`number_token_kind`
:data:`NUMBER_TOKEN_EN` the same, where only no-break and thin spaces group digits numbers (English)
=================  =========================================================  ==========================

Folding: :func:`fold` (lower case, accents removed) is what words are compared on;
:func:`fold_with_offsets` (case-folded, compatibility forms, apostrophes unified) is what the
lexicon detectors match phrases on, with a map back to the original offsets;
:func:`strip_accents` (compatibility forms, accents removed, case kept) is what anchor tokens are
read from, and :func:`fold_nfkd` (the same, then lower case) what speakers' names are keyed on.

Romanising: :func:`translit` writes Cyrillic letters in Latin ones from a fixed table. ``anyascii``
(used for the other scripts, in :mod:`auditor.detect.romanize`) spells four letters otherwise
("й" "y", "є" "ie", the hard and soft signs "'"), which changes how Russian names match their
English spelling ("Брайанта" must stay "braianta"), and it romanises every script, where this
leaves the other text as written: so the table stays.

Nothing here imports more than the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .compiled import regex

# --------------------------------------------------------------------------- tokens

#: A letter as Python reads one: a word character that is no digit and no "_".
LETTER = r"[^\W\d_]"
#: A letter, or a Devanagari vowel sign or mark (which Python counts as no word character), so that
#: a Hindi word is one token.
SCRIPT_LETTER = r"(?:[^\W\d_]|[\u0900-\u0963\u0970-\u097f])"

WORD = regex(rf"{SCRIPT_LETTER}+(?:['’]{SCRIPT_LETTER}+)*|\d+")
LETTERS = regex(rf"{SCRIPT_LETTER}+")
BARE_WORD = regex(rf"{LETTER}+")
COMPOUND = regex(rf"{LETTER}+(?:['’\-]{LETTER}+)*")
WORD_NUMBER = regex(rf"{LETTER}+(?:['’]{LETTER}+)*|\d+(?:[.,:]\d+)*")
TOKEN = regex(rf"{LETTER}+(?:['’]{LETTER}+)*|\d[\d.,]*|[^\w\s]")
SPACED = regex(r"\s+|\w+|[^\w\s]")
WORD_CHARS = regex(r"\w+")
NONSPACE = regex(r"\S+")
JOINED = regex(r"\w+(?:['\-]\w+)*")
LOOSE_WORD = regex(r"[^\W_][\w’'\-]*")
DOTTED = regex(rf"{LETTER}+(?:[-'’.]{LETTER}+)*\.?|\d+|[^\s\w]")


def _number_token(space_groups: bool) -> re.Pattern[str]:
    space = "[ \u00a0\u202f\u2009]" if space_groups else "[\u00a0\u202f\u2009]"
    return regex(
        rf"(?P<num>\d{{1,3}}(?:{space}\d{{3}})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
        r"|(?P<sym>US\$|R\$|C\$|A\$|[$€£¥%‰ºª])"
        r"|(?P<word>[^\W\d_]+)"
        r"|(?P<punct>[^\s\w])"
    )


# named groups (what :func:`number_token_kind` gives back): read them with :func:`tokens`, not :func:`words`
NUMBER_TOKEN = _number_token(True)
NUMBER_TOKEN_EN = _number_token(False)


class Token(NamedTuple):
    """A token of a text: as written, and where it starts and ends (``text[start:end]``)."""

    text: str
    start: int
    end: int


def tokens(text: str, pattern: re.Pattern[str] = WORD, pos: int = 0, endpos: int | None = None) -> list[Token]:
    """The tokens of ``text`` (between ``pos`` and ``endpos``) that ``pattern`` reads, in order."""
    found = pattern.finditer(text, pos) if endpos is None else pattern.finditer(text, pos, endpos)
    return [Token(m.group(), m.start(), m.end()) for m in found]


def words(text: str, pattern: re.Pattern[str] = WORD) -> list[str]:
    """The tokens of ``text`` as written, without their offsets."""
    return pattern.findall(text)


_DIGIT = regex(r"\d")
_LETTER = regex(LETTER)


def token_kind(token: str) -> str:
    """What a :data:`TOKEN` is: ``"w"`` a word, ``"n"`` a number, ``"p"`` a punctuation mark.

    The three kinds start with characters of disjoint classes, so the first one tells."""
    if _DIGIT.match(token):
        return "n"
    return "w" if _LETTER.match(token) else "p"


_NUMBER_SYMBOLS = frozenset(["US$", "R$", "C$", "A$", *"$€£¥%‰ºª"])


def number_token_kind(token: str) -> str:
    """What a :data:`NUMBER_TOKEN` (or :data:`NUMBER_TOKEN_EN`) is: ``"num"``, ``"sym"``, ``"word"`` or
    ``"punct"``, the name of the group that read it.

    A number starts with a digit and nothing else does; the symbols are tried before words (so "ª" and
    "º", which are letters, are symbols on their own) and a symbol is read whole, so a token that is one
    of them is one; past those, a letter starts a word."""
    if _DIGIT.match(token):
        return "num"
    if token in _NUMBER_SYMBOLS:
        return "sym"
    return "word" if _LETTER.match(token) else "punct"


# --------------------------------------------------------------------------- folding

APOSTROPHES = "'’ʼ‘`´"


def fold(text: str) -> str:
    """Lower case with accents removed (canonical decomposition): "Zelenskyy" = "ZELENSKYY", "Lhotsé" = "lhotse"."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def strip_accents(text: str) -> str:
    """Compatibility forms with accents removed, case kept: "Lhotsé" → "Lhotse", "ﬁ" → "fi", "²" → "2".

    Unlike :func:`fold` it keeps the case (anchor tokens tell names by their capital) and decomposes
    compatibility forms too (ligatures, superscripts, full-width letters)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold_nfkd(text: str) -> str:
    """:func:`strip_accents`, then lower case: what quote speakers' names are keyed on.

    It differs from :func:`fold` in the decomposition: compatibility forms are split too ("ﬁ" → "fi",
    "²" → "2", full-width "Ｚ" → "z", where :func:`fold` keeps them), and lower-casing comes after it.
    Speaker keys were built on it, and titles are looked up in it, so it stays as it is."""
    return strip_accents(text).lower()


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Case-folded text with accents removed (compatibility decomposition) and apostrophes unified,
    and for each of its characters the offset of the character it came from in ``text``: what the
    lexicon detectors (spelling, false friends, spinner phrases) match on and map back from."""
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        if c in APOSTROPHES:
            f = "'"
        elif c.isascii():
            f = c.lower()
        else:
            f = "".join(ch for ch in unicodedata.normalize("NFKD", c.casefold()) if not unicodedata.combining(ch))
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


# --------------------------------------------------------------------------- scripts and romanising

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i i e g".split(),
    )
)


def translit(text: str) -> str:
    """Cyrillic letters written in Latin ones (a plain table: "Москва" → "Moskva"), other text unchanged."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            t = _CYRILLIC[low].replace("_", "")
            out.append(t.capitalize() if ch != low else t)
        else:
            out.append(ch)
    return "".join(out)


def script(text: str) -> str:
    """"latin", "cyrillic" or "other" (CJK, Devanagari…): the script most letters of ``text`` use."""
    latin = cyr = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if ch < "\u0250":
            latin += 1
        elif "\u0400" <= ch <= "\u04ff":
            cyr += 1
        else:
            other += 1
    best = max(latin, cyr, other)
    if best == 0 or best == other:
        return "other"
    return "latin" if best == latin else "cyrillic"


__all__ = [
    "APOSTROPHES", "BARE_WORD", "COMPOUND", "DOTTED", "JOINED", "LETTER", "LETTERS", "LOOSE_WORD", "NONSPACE",
    "NUMBER_TOKEN", "NUMBER_TOKEN_EN", "SCRIPT_LETTER", "SPACED", "TOKEN", "Token", "WORD", "WORD_CHARS",
    "WORD_NUMBER", "fold", "fold_nfkd", "fold_with_offsets", "number_token_kind", "script", "strip_accents",
    "token_kind", "tokens", "translit", "words",
]
