"""Whether a name of one sentence has a counterpart in a sentence of another language.

Words are compared by match keys (:func:`match_key`: folded, Cyrillic transliterated, spelled by
sound: "Брайанта" → "braianta"), as the same stem inflected ("Warszawy" ~ "Warsaw", "brne" ~
"brno"), the same consonants ("mohameds" ~ "muhamad"), a country and its adjective or demonym
(:func:`_same_derivation`: "Tunisia" ~ "tunesischer"), or through the exonym table
(``exonyms.toml``: ``[names]``, ``[meaning]``, ``[demonyms]`` and ``[native]``; "Moskau" ~
"Moscow", "vereinigtes königreich" ~ "United Kingdom"). :func:`word_found` is the test;
:func:`known_name` tells a form of a place name of the table ("Москвы").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..lexicons import load
from ..text import fold, script, translit

if TYPE_CHECKING:
    from .names import Name

#: Exonym stems at least this long mark a source word as a place name (shorter ones, "rom", are
#: the openings of too many words).
KNOWN_STEM_MIN = 5
#: ... followed by an ending of at most this many letters ("Niemczech" = "niemc" + "zekh").
KNOWN_ENDING_MAX = 5

# words of institutional and geographic names that are translated, not transliterated
GENERIC = frozenset(
    """the of and for in on at to a an de la le el del das der die von und
    court supreme university ministry minister national international hospital bureau party council union unions
    state states united republic department office police army committee commission agency bank group company
    association federation league club cup championship church school college institute museum airport station
    river lake mountain mountains sea ocean island islands north south east west northern southern eastern western
    central new great royal federal city county province region district street square bridge park parliament
    government house senate congress organization organisation foundation center centre authority service services
    world global administration democratic social socialist liberal conservative people peoples popular public
    high higher supreme general justice health education defense defence foreign interior affairs security trade
    finance economic economy development research science culture sports football team festival award awards
    prize day week year old saint st st. mount lower upper little east-west european western-style kingdom empire
    corporation inc ltd co museum gallery theatre theater hall tower palace castle cathedral monastery temple
    queen king prince princess president pope sir lord lady captain governor mayor senator chancellor premier
    network media news press radio television tv channel times post daily journal""".split()
)


# --------------------------------------------------------------------------- the exonym table


def _exonym_tables() -> dict[str, dict[str, list[str]]]:
    """``exonyms.toml`` (read once): ``[names]``, ``[meaning]``, ``[demonyms]`` and ``[native]``."""
    return load("exonyms")


@lru_cache(maxsize=1)
def exonyms() -> dict[str, tuple[str, ...]]:
    """English word (a :func:`match_key`) → stems of its forms in the other languages: ``[names]`` and
    ``[meaning]``, and, for a country and its English demonyms and other names (``[demonyms]``:
    "britain", "british", "uk"), the stems of all of them, each being found where another is."""
    tables = _exonym_tables()
    table = {k: tables["names"].get(k, []) + tables["meaning"].get(k, []) for k in {**tables["names"], **tables["meaning"]}}
    for country, others in tables.get("demonyms", {}).items():
        group = [country, *others]
        pooled = [v for k in group for v in table.get(k, []) + [k] if len(v) >= KNOWN_STEM_MIN - 1]
        # a country's stem without its ending is its adjective's stem too ("schottland" → "schott")
        pooled += [st for v in pooled if (st := _country_stem(v)) != v]
        for k in group:  # a member keeps its own short stems ("usa"); it takes only the long ones of the others
            table[k] = list(dict.fromkeys(table.get(k, []) + pooled))
    return {match_key(k): tuple(dict.fromkeys(match_key(v) for v in vs)) for k, vs in table.items()}


_COUNTRY_ENDINGS = ("land", "ien", "ia", "ija", "iya", "ie", "en")


def _country_stem(stem: str) -> str:
    """A country's name without its country-forming ending, at least four letters left ("schottland" →
    "schott", "kroatien" → "kroat"): what its adjective starts with ("schottische", "kroatischen")."""
    for end in _COUNTRY_ENDINGS:
        if stem.endswith(end) and len(stem) - len(end) >= 4:
            return stem[: -len(end)]
    return stem


@lru_cache(maxsize=1)
def native_exonyms() -> dict[str, tuple[str, ...]]:
    """English name word (a :func:`match_key`) → how Chinese, Japanese or Hindi write it when not by sound."""
    table = _exonym_tables()["native"]
    return {match_key(k): tuple(vs) for k, vs in table.items()}



# --------------------------------------------------------------------------- match keys


_ELISION = re.compile(r"^(?:[a-z]{1,4})['’](?=\w)")  # "l'ONU", "dell'Italia", "d'Europe"
_SOUNDS = (("sch", "sh"), ("ph", "f"), ("kh", "h"), ("c", "k"), ("q", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"), ("x", "ks"))


@lru_cache(maxsize=200_000)
def match_key(word: str) -> str:
    """A word folded, transliterated and spelled by sound, for matching across languages:
    "Брайанта" → "braianta", "Netanjahuovou" → "netaniahuovou", "Africa" → "afrika"."""
    w = _ELISION.sub("", fold(translit(word)).replace("’", "'").replace("ß", "ss"))
    for a, b in _SOUNDS:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


# Russian case and adjective endings, longest first: "Москвы", "Техасе", "Центристской" are compared
# by their stems ("Москв", "Техас", "Центристск") as well as written
_RU_ENDINGS = tuple(
    sorted("ами ями ого его ому ему ыми ими ой ей ом ем ах ях ую юю ая яя ое ее ые ие ых их ым им а я е ы и у ю о ь".split(), key=len, reverse=True)
)


def match_keys(word: str) -> tuple[str, ...]:
    """A word's match keys (:func:`match_key`): as written and, for a Russian word, its stem too."""
    key = match_key(word)
    low = word.lower()
    if script(word) == "cyrillic":
        for end in _RU_ENDINGS:
            if low.endswith(end) and len(low) - len(end) >= 3:
                stem = match_key(word[: -len(end)])
                return (key, stem) if stem != key else (key,)
    return (key,)



@lru_cache(maxsize=1)
def _name_stems() -> tuple[str, ...]:
    """Stems of the exonym table (``[names]``) long enough to mark a word as a place name, of the
    entries that are names rather than generic words ("united", "states") or abbreviations."""
    table = _exonym_tables()["names"]
    stems = {
        match_key(v)
        for k, vs in table.items()
        if len(k) >= 3 and fold(k) not in GENERIC
        for v in vs
        if " " not in v and len(v) >= KNOWN_STEM_MIN
    }
    return tuple(sorted(stems))


#: A common German word is still a name when it starts with an exonym stem this long ("deutschl"):
#: shorter ones open common nouns too ("Präsenz" and Czech "Praze").
RESCUE_STEM_MIN = 6


def known_name(word: str, *, min_stem: int = 0) -> bool:
    """Whether a capitalised word is a form of a place name of the exonym table ("Москвы" ~ "moskv"):
    the stem and an ending of a few letters, not the opening of a longer word ("Polenta")."""
    key = match_key(word)
    stems = _name_stem_set()
    # the stems that open ``key`` and leave at most KNOWN_ENDING_MAX letters: its prefixes of those lengths
    return any(key[:n] in stems for n in range(max(min_stem, 1, len(key) - KNOWN_ENDING_MAX), len(key) + 1))


@lru_cache(maxsize=1)
def _name_stem_set() -> frozenset[str]:
    return frozenset(_name_stems())


#: Case and possessive endings (as match keys) that a short name takes in the languages: it is found in
#: its inflected form, its stem plus one of these ("kim" ~ "kima", "kimovi"). A name of two letters takes
#: only a genitive "s" ("xi" ~ "xis"): a vowel after it makes another name ("Xia", "Xie", "Lin").
_NAME_ENDINGS = frozenset("s es a e u em om ovi owi ego emu ovu ova".split())
_SHORT_NAME_ENDINGS = frozenset({"s", "es"})


def same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and long_.startswith(short) and long_[len(short) :] in (_NAME_ENDINGS if len(short) >= 3 else _SHORT_NAME_ENDINGS):
        return True  # a name inflected, short ones too: "xi" ~ "xis" (German genitive)
    if len(a) < 4 or len(b) < 4:
        return False
    p = 0
    for x, y in zip(a, b):
        if x != y:
            break
        p += 1
    if p >= 4 and p >= min(len(a), len(b)) - 3:
        return True  # one stem, inflected: "warszawy" ~ "warsaw", "merkels" ~ "merkel"
    if p >= 3 and p >= min(len(a), len(b)) - 1:
        return True  # a short name inflected: "brne" ~ "brno"
    sa, sb = _skeleton(a), _skeleton(b)
    if len(sa) >= 4 and len(sb) >= 4 and (sa.startswith(sb) or sb.startswith(sa)) and abs(len(sa) - len(sb)) <= 1:
        return True  # the same consonants, other vowels: "mohameds" ~ "muhamad"
    if min(len(a), len(b)) >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.7:
        return True
    return _same_derivation(a, b)


#: Endings of demonyms, adjectives and country names across the languages, as match keys (German
#: "-isch" is "ish" there): "tunisia" and "tunesisher" are both "tunis"/"tunes" once they are removed.
_DERIVATIONS = tuple(
    sorted(
        """ishen isher ishes ishe ish ianerinen ianerin ianer aner ianen ien ier ians ian ans ese esi esa eso
        aise ais oise ois iene ienes iens ia ija iia ski ska skie sk ie ya ien land an en er es e y a i o s""".split(),
        key=len,
        reverse=True,
    )
)


def _derivation_stem(w: str) -> tuple[str, bool]:
    """A match key without its demonym or adjective ending (:data:`_DERIVATIONS`), at least four letters
    left; and whether an ending of two letters or more was removed."""
    for end in _DERIVATIONS:
        if w.endswith(end) and len(w) - len(end) >= 4:
            return w[: -len(end)], len(end) >= 2
    return w, False


def _same_derivation(a: str, b: str) -> bool:
    """A country and its adjective or demonym in another language, by mechanism rather than by table:
    with their endings removed (:func:`_derivation_stem`, at least one of two letters or more) the two
    stems have the same consonants, three or more ("tunisia" ~ "tunesischer", "egypt" ~
    "ägyptische", "spain" ~ "spanische")."""
    sa, da = _derivation_stem(a)
    sb, db = _derivation_stem(b)
    if not (da or db) or sa[:1] in "aeiou" and sb[:1] not in "aeiou" or sb[:1] in "aeiou" and sa[:1] not in "aeiou":
        return False
    ka, kb = _skeleton(sa), _skeleton(sb)
    return len(ka) >= 3 and ka == kb


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _skeleton(w: str) -> str:
    return re.sub(r"[aeiou]", "", w)


def _exonym(english: str, other: str) -> bool:
    stems = exonyms().get(english, ())
    return bool(stems) and any(other.startswith(s) for s in stems if " " not in s)


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase of the exonym table as a pattern whose words may take an ending: a word of six letters
    or more loses its last two and may take up to four, a shorter one may take up to two."""
    words = [re.escape(w[:-2]) + r"\w{0,4}" if len(w) >= 6 else re.escape(w) + r"\w{0,2}" for w in phrase.split()]
    return re.compile(r"(?:^|\s)" + r"\s+".join(words) + r"(?:\s|$)")


def _phrase_found(phrase: str, joined: str) -> bool:
    """Whether an exonym of several words is in ``joined`` (a text as a key), its words inflected as the
    language inflects them ("vereinigtes konigreich" ~ "das Vereinigte Königreich", "des Vereinigten Königreichs")."""
    return bool(_phrase_pattern(phrase).search(re.sub(r"[^\w\s-]", " ", joined)))


def word_found(word: str, others: Iterable[str], *, english_side: bool, joined: str = "", parts: Iterable[str] = ()) -> bool:
    """Whether ``word`` (a :func:`match_key`) has a counterpart among the keys ``others`` of the other side.

    ``english_side``: ``word`` is English and ``others`` in the other language (or the reverse);
    ``joined``: the other side's whole text as a key, where exonyms of several words are looked up;
    ``parts``: keys of the parts of the other side's compounds (:func:`part_keys`), where ``word`` is
    found as the same stem or through the exonym table only, not by the looser likenesses."""
    if english_side and joined and any(" " in st and _phrase_found(st, joined) for st in exonyms().get(word, ())):
        return True
    for o in parts:
        if _exonym(word, o) or _common_prefix(word, o) >= max(4, min(len(word), len(o)) - 2):
            return True
    for o in others:
        if same_stem(word, o):
            return True
        if english_side and _exonym(word, o):
            return True
        if not english_side and _exonym(o, word):
            return True
    return False


def unmatched(
    names: list[Name], other_words: list[str], other_joined: str, *, english_side: bool, parts: Iterable[str] = ()
) -> list[Name]:
    out = []
    parts = tuple(parts)
    for n in names:
        if any(word_found(w, other_words, english_side=english_side, joined=other_joined, parts=parts) for w in n.words):
            continue
        if any(len(w) >= 4 and w in other_joined for w in n.words):  # written as one word there ("Frýdek-Místek")
            continue
        out.append(n)
    return out

