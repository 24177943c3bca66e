"""Names across scripts: a text in Chinese, Japanese, Hindi… romanised, and names found by sound.

:func:`romanize` writes a text in Latin letters (pinyin by ``pypinyin``, Japanese readings by
``janome``, ``anyascii`` for the rest); an English name word is found there when its consonant
skeleton (:func:`sound_key`: vowels dropped, l/r, b/p/f/v, d/t, k/g, m/n, sibilants merged) opens
a run of consecutive syllables or words within a few edits (:func:`sound_found`: "特朗普" ~
"Trump", "オバマ" ~ "Obama", "मोदी" ~ "Modi"), or through the ``[native]`` exonym table ("日本" ~
"Japan"): :func:`romanized_unmatched`. The three libraries are imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import LETTERS, WORD, fold, script, translit
from .name_match import match_key, native_exonyms
from .names import Name
from ..compiled import regex

#: Sound keys this short must match exactly, up to the next one edit apart, longer ones two.
ROMAN_EXACT_UPTO = 2
ROMAN_ONE_EDIT_UPTO = 5
#: A name word with a shorter sound key is not compared with a romanised source.
ROMAN_MIN_KEY = 2

#: Letter pairs and letters merged in a sound key (:func:`sound_key`): the consonants that Chinese,
#: Japanese and Hindi spellings of a foreign name blur ("特朗普" te-lang-pu ~ "Trump", "普京" pu-jing ~ "Putin").
_SOUND_PAIRS = (
    ("tch", "s"), ("sch", "s"), ("ch", "s"), ("sh", "s"), ("zh", "s"), ("ts", "s"), ("ph", "b"), ("th", "d"),
    ("dh", "d"), ("kh", "k"), ("gh", "k"), ("bh", "b"), ("ck", "k"), ("ng", "n"), ("x", "ks"),
)
_SOUND_CLASS = str.maketrans("pfvwtgqhrmzjcy", "bbbbdkk_lnsss_")


def sound_key(latin: str, *, english: bool = True) -> str:
    """A Latin spelling reduced to its consonant classes, vowels dropped, for names across scripts:
    "Trump" → "dlnb", "te lang pu" → "dlnb", "Obama" → "bn", "Modi" → "nd"."""
    w = re.sub(r"[^a-z]", "", fold(latin))
    for a, b in _SOUND_PAIRS:
        w = w.replace(a, b)
    if english:  # a soft c or g ("Cicero", "George")
        w = re.sub(r"[cg](?=[eiy])", "s", w)
    w = w.replace("c", "k")
    w = re.sub(r"[aeiou]", "", w.translate(_SOUND_CLASS)).replace("_", "")
    return re.sub(r"(.)\1+", r"\1", w)


_LATIN_CHUNK = regex(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]+|[^A-Za-z\u00c0-\u024f\u0400-\u04ff]+")
# pinyin initials spelled the way English spells the sound: "xi" is "shi", "qian" "chian", "cai" "tsai"
_PINYIN_SOUNDS = {"x": "sh", "q": "ch", "c": "ts"}
_PINYIN_INITIAL = regex(r"^[xqc](?!h)")


@dataclass(frozen=True)
class Unit:
    """One romanised syllable or letter of a source text: as written (pinyin, romaji…) and as English
    would spell its sound (pinyin "xin" → "shin")."""

    written: str
    spoken: str


def _romaji(text: str) -> Unit:
    from anyascii import anyascii

    w = re.sub(r"[^a-z]", "", anyascii(text).lower())
    return Unit(w, w)


def romanize(text: str, lang: str) -> list[list[Unit]]:
    """``text`` in Latin letters, as runs (words, or runs of CJK characters) of units (a syllable, a
    kana or a letter each): Chinese by pinyin (``pypinyin``), Japanese by the readings of its words
    (``janome``) written in romaji, other scripts letter by letter (``anyascii``; a Devanagari
    anusvara is read "n": "नरेंद्र" → "nrendr"). Latin and Cyrillic words are one unit each."""
    from anyascii import anyascii

    runs: list[list[Unit]] = []
    for m in LETTERS.finditer(text):
        for chunk in _LATIN_CHUNK.findall(m.group()):
            if script(chunk) != "other":
                w = translit(chunk).lower()
                runs.append([Unit(w, w)])
                continue
            if lang == "zh":
                from pypinyin import Style, lazy_pinyin

                syl = [anyascii(u).lower() for u in lazy_pinyin(chunk, style=Style.NORMAL, errors=lambda s: list(s))]  # type: ignore[arg-type, return-value]
                units = [Unit(s, _PINYIN_INITIAL.sub(lambda x: _PINYIN_SOUNDS[x.group()], s)) for s in syl]
            elif lang == "ja":
                units = [_romaji(_reading(part)) for tok in _janome().tokenize(chunk) for part in _KANA_SPLIT.findall(tok.surface)]
            else:
                u = _romaji(chunk.replace("\u0902", "n"))
                units = [Unit(u.written, re.sub(r"c(?!h)", "ch", u.written))]  # anyascii's Devanagari "c" is "ch"
            units = [u for u in units if u.written]
            if units:
                runs.append(units)
    return runs


# a Japanese word written partly in kanji and partly in katakana ("南アフリカ") is read part by part
_KANA_SPLIT = regex(r"[\u30a0-\u30ff]+|[^\u30a0-\u30ff]+")


def _reading(surface: str) -> str:
    """A Japanese word's reading in katakana (janome's dictionary); unknown words as written."""
    if re.fullmatch(r"[\u30a0-\u30ff]+", surface):
        return surface
    toks = list(_janome().tokenize(surface))
    return "".join(t.reading if t.reading != "*" else t.surface for t in toks)


@lru_cache(maxsize=1)
def _janome():
    from janome.tokenizer import Tokenizer

    return Tokenizer()


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def _tolerance(n: int) -> int:
    """Edits allowed between two sound keys of ``n`` consonant classes."""
    return 0 if n <= ROMAN_EXACT_UPTO else 1 if n <= ROMAN_ONE_EDIT_UPTO else 2


def sound_found(word: str, runs: list[list[Unit]]) -> bool:
    """Whether the English name word ``word`` is written (pinyin "Xinjiang") or sounds like some
    consecutive units of a romanised text (:func:`romanize`): the sound keys (:func:`sound_key`)
    start alike, the source's is no shorter, and they differ by at most a few edits."""
    key, plain = sound_key(word), re.sub(r"[^a-z]", "", fold(word))
    if len(key) < ROMAN_MIN_KEY:
        return True  # too little to tell ("Ai", "Iowa"): no evidence either way
    tol = _tolerance(len(key))
    for run in runs:
        for i in range(len(run)):
            for j in range(i, len(run)):
                if "".join(u.written for u in run[i : j + 1]) == plain:
                    return True
                window = sound_key("".join(u.spoken for u in run[i : j + 1]), english=False)
                # the name may open a longer unit ("श्रीलंकाई" for "Sri Lanka", "ナゴヤドーム" for "Nagoya")
                for n in range(len(key), min(len(window), len(key) + tol) + 1):
                    if window[:1] == key[:1] and _levenshtein(key, window[:n]) <= tol:
                        return True
                if len(window) > len(key) + tol:
                    break
    return False


def romanized_unmatched(names: list[Name], text: str, lang: str) -> list[Name]:
    """The English ``names`` that a text in another script (``lang``: zh, ja, hi…) writes neither by
    sound (:func:`romanize`, :func:`sound_found`) nor by a form of the ``[native]`` exonym table."""
    runs = romanize(text, lang)
    native = native_exonyms()
    out = []
    for n in names:
        words = [w for w in WORD.findall(n.text) if match_key(w) in n.words]
        if any(f in text for w in n.words for f in native.get(w, ())):
            continue
        if any(sound_found(w, runs) for w in words):
            continue
        out.append(n)
    return out


__all__ = ["Unit", "romanize", "romanized_unmatched", "sound_found", "sound_key"]
