"""Negation, read the same way for every language: clause cues, focus cues, lexical negations.

Both polarity detectors read negation here: the cross-lingual one (any two languages of
:data:`NEGATION_LANGS`) and the English/Spanish one (:mod:`auditor.detect.polarity`).

* **clause negations** (:func:`negations`). Per-language cue lexicons (``negation.toml``): words
  that negate a clause, negative-concord words that add nothing after a cue of the same clause
  ("no dijo nada", "nie ma nikogo", "ne … jamais"), fixed phrases that are no negation ("not
  only", "sin embargo", "非常", "少ない"), and double negations that count zero ("不得不",
  "なければならない"). Cues that only focus ("not just", "nicht nur") or time a clause are
  returned apart (``focus``); :func:`litotes_scope` tells a German "nicht" that negates an
  adjective. English and Spanish also have a reader that finds the word a negation negates and
  its scope (:func:`find_negations`, :mod:`auditor.detect.negation_scope`), for same-language
  evidence.
* **lexical and morphological negations** (:func:`lexical_negations`): words that carry a
  negation without negating their clause ("without", "unclear", "failed to", "machtlos",
  "ohne", "sin").
* **comparing two sides** (:func:`negation_verdict`, :func:`pair_lexical`): polarity over clause
  *and* lexical negations, by parity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lang import base_lang
from ..lexicons import load
from ..text import COMPOUND, SCRIPT_LETTER, WORD, fold, tokens
from .negation_scope import Negation, find_negations
from ..compiled import regex

#: Languages with a negation lexicon in ``negation.toml``.
NEGATION_LANGS = frozenset({"en", "de", "fr", "es", "pt", "it", "pl", "cs", "ru", "hi", "zh", "ja"})
#: Where a clause ends: punctuation, or a dash between spaces.
CLAUSE = regex(r"[,;:()\[\]«»\"“”„\u2013\u2014?!.]|\s-\s")


def _zipf(word: str, lang: str) -> float:
    from .names import word_zipf  # one cached wordfreq lookup for names and negation

    return word_zipf(word, lang)


@dataclass(frozen=True)
class Cue:
    """One counted negation: the cue as written and where it is in the text given."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- negation

#: Words for the negation reader: :data:`auditor.text.WORD`. In a language that elides (``elision``
#: in ``negation.toml``) a clitic written apart from its word ("n' a pas", "qu' il": tokenised text)
#: is one token with its apostrophe, as in the attached form ("n'a pas").
_L = SCRIPT_LETTER
_NEG_WORD_ELIDING = regex(rf"(?<!{_L})(?:{_L}{{1,2}}|{_L}*qu)['’](?=\s+{_L})|{_L}+(?:['’]{_L}+)*|\d+")
#: An all-upper-case cue of at most this many letters, in a sentence not written in capitals, is an
#: abbreviation ("au NE de Kathmandu": nord-est; "NO": nord-ouest; "NI": Northern Ireland), not a
#: negation; longer ones are emphasis ("did NOT", "NIEMALS").
ABBREVIATION_MAX = 2
#: How far back (words) a "que" makes a lone "ne" expletive ("avant qu'il ne parte").
EXPLETIVE_WINDOW = 12


def negations(text: str, lang: str, *, focus: list[Cue] | None = None) -> list[Cue]:
    """The clause negations of ``text`` in ``lang`` (see ``negation.toml``); empty for other languages.

    Not counted: a cue inside a hyphenated compound ("non-violent", "will-he-won't-he"); an answer
    particle before punctuation ("No, but…", the lexicon's ``particles``); a short cue in capitals
    in a sentence that is not written in capitals (an abbreviation: "au NE de Kathmandu"); a
    negative-concord word after a cue of its clause ("no … nada", "ne … jamais") or after a word
    that licenses it (``concord_after``: "sans aucun doute", "avant qu'aucune ne soit publiée");
    a cue that means "ever" alone in a question (``ever``: "combien ont jamais vu … ?", "hai mai
    visto?").

    A bipartite negation (``bipartite`` and its ``second_parts``: French "ne … pas / plus /
    jamais / rien / personne / guère / point", in either order: "personne ne") is one cue. Its
    first part alone is expletive after a "que" of its sentence ("avant qu'il ne parte", "plus grand
    que je ne pensais") and a literary negation otherwise ("il ne cessa de neiger"); followed by a
    ``restrictive`` word it means "only" ("ne … que"; "ne … plus que": "only … left"). A second
    part that negates alone (``alone``: "même pas", "pas du tout") counts unless the word before it
    makes it a noun (``noun_after``: "le pas", "à pas de loup", "20 pas").

    A cue that bounds a number is no negation (:func:`_bounds_number`: "not even two days" = "less
    than two days", "nicht älter als 5" = "as young as 5").

    ``focus``, when given, receives the cues read as no clause negation because they only focus
    ("not just", "nicht nur", "no less than", ``skip``) or time a clause ("does not expect results
    until later" = "erst später", ``focus_after``): a translation may say the same with a clause
    negation ("not to just hand them things" = "nicht nur Materielles bieten"), so they soften a
    cross-language difference in counts.

    Lexical and morphological negations ("without", "unclear", "failed to") are
    :func:`lexical_negations`.
    """
    lex = load("negation").get(lang)
    if lex is None:
        return []
    if "substr" in lex:
        return _substring_negations(text, lex)
    cues, concord, skips_at, phrases_at = _prepared(lang)
    prefix = lex.get("prefix")
    prefix_except = tuple(lex.get("prefix_except", ()))
    verbs = frozenset(lex.get("prefix_verbs", ()))
    particles = frozenset(lex.get("particles", ()))
    alone = frozenset(lex.get("alone", ()))
    noun_after = frozenset(lex.get("noun_after", ()))
    licensors = frozenset(lex.get("concord_after", ()))
    ever = frozenset(lex.get("ever", ()))
    bound_even = frozenset(lex.get("bound_even", ()))
    bound_than = frozenset(lex.get("bound_than", ()))
    focus_after = frozenset(lex.get("focus_after", ()))
    starts: list[int] | None = None

    def quantities() -> list[int]:  # where the numbers of the text start (read once, when needed)
        nonlocal starts
        if starts is None:
            from .numbers import extract_quantities

            starts = [q.start for q in extract_quantities(text, lang)]
        return starts

    word_re = _NEG_WORD_ELIDING if lex.get("elision") else WORD
    raw = tokens(text, word_re)
    toks = [(w.lower().replace("’", "'"), s, e) for w, s, e in raw]
    long_words = [w for w, _, _ in raw if len(w) >= 2 and not w.isdigit()]
    shouted = sum(w.isupper() for w in long_words) * 2 > len(long_words)
    # clause index of every token
    bounds = [m.start() for m in CLAUSE.finditer(text)]
    clause = [sum(1 for b in bounds if b < s) for _, s, _ in toks]
    out: list[Cue] = []
    last_clause_cue = -1  # clause of the last counted cue
    last_concord = False  # whether that cue was a negative-concord word ("nada", "ничего")
    licensed = -1  # clause of the last word that licenses concord ("sans")
    absorbed: set[int] = set()  # concord words it licensed
    i = 0
    while i < len(toks):
        w, s, e = toks[i]
        skip = next((sk for sk in skips_at.get(w, ()) if tuple(t for t, _, _ in toks[i : i + len(sk)]) == sk), None)
        if skip is not None:
            if focus is not None and any(t in cues or t in alone for t in skip):
                focus.append(Cue(text[s : toks[i + len(skip) - 1][2]], s, toks[i + len(skip) - 1][2]))
            i += len(skip)
            continue
        phrase = next((ph for ph in phrases_at.get(w, ()) if tuple(t for t, _, _ in toks[i : i + len(ph)]) == ph), None)
        if phrase is not None:  # a negation said with a verb: "failed to", "refused to"
            end = toks[i + len(phrase) - 1][2]
            out.append(Cue(text[s:end], s, end))
            last_clause_cue, last_concord = clause[i], False
            i += len(phrase)
            continue
        i += 1
        if w in licensors:
            licensed = clause[i - 1]
        if lang == "en" and w == "no" and re.match(r"\.?\s*\d", text[e : e + 4]):
            continue  # "No. 4"
        if (w in cues or w in alone or w.endswith(("n't", "n’t"))) and "-" in (text[e : e + 1], text[s - 1 : s]):
            continue  # "non-violent", "won't-he"
        if w in particles and re.match(r"\s*[,.!?;:\-\u2013\u2014]", text[e : e + 3]):
            continue  # "No, but …": an answer, not a clause negation
        letters = sum(ch.isalpha() for ch in raw[i - 1][0])
        if 2 <= letters <= ABBREVIATION_MAX and raw[i - 1][0].isupper() and not shouted:
            continue  # "NE" (nord-est), "NI": an abbreviation
        label = _cue_label(w, lang, cues, prefix, prefix_except, verbs)
        if label is None and w in alone:
            prev = toks[i - 2][0] if i >= 2 else ""
            if prev in noun_after or prev.isdigit():
                continue  # "le pas", "à pas de loup", "20 pas": the noun
            label = w  # "même pas", "pas du tout"
        if label is None:
            continue
        c = clause[i - 1]
        if (bound_even or bound_than) and _bounds_number(toks, i - 1, clause, bound_even, bound_than, quantities()):
            continue  # "nicht einmal zwei Tage", "no older than 5": a bound on a number, no negation
        if focus_after and any(t in focus_after for (t, _, _), k in zip(toks[i:], clause[i:]) if k == c):
            if focus is not None:
                focus.append(Cue(text[s:e], s, e))
            continue  # "does not expect results until later": a time focus ("erst später"), no denial
        if last_clause_cue == c and (w in concord or last_concord):
            continue  # negative concord: "no … nada", "ничего не" are one negation
        if licensed == c and w in concord:
            absorbed.add(i - 1)  # "sans aucun doute", "avant qu'aucune …": no negation of its own
            continue
        if label == lex.get("bipartite"):
            part = _second_part(toks, i - 1, clause, lex, lang)
            if part == ONLY:
                continue  # "ne … que" is "only"
            if (part is None or part in absorbed) and _expletive(toks, i - 1, text):
                continue  # "avant qu'il ne parte", "avant qu'aucune ne soit": no negation
        if w in ever and last_clause_cue != c and _in_question(text, e) and not (
            lex.get("bipartite") and _second_part(toks, i - 1, clause, lex, lang, first=True) is not None
        ):
            continue  # "combien ont jamais vu … ?": "ever"
        out.append(Cue(text[s:e], s, e))
        last_clause_cue = c
        last_concord = w in concord
    return out


@lru_cache(maxsize=None)
def _prepared(lang: str) -> tuple[frozenset[str], frozenset[str], dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
    """A language's cue and concord words, and its skipped and verb-phrase word sequences indexed by
    their first word (in lexicon order): read once, not per sentence."""
    lex = load("negation")[lang]
    word_re = _NEG_WORD_ELIDING if lex.get("elision") else WORD
    skips = [tuple(t.text.lower().replace("’", "'") for t in tokens(sk + " ", word_re)) for sk in lex.get("skip", ())]
    phrases = [tuple(p.split()) for p in lex.get("phrases", ())]
    skips_at: dict[str, list[tuple[str, ...]]] = {}
    phrases_at: dict[str, list[tuple[str, ...]]] = {}
    for seqs, index in ((skips, skips_at), (phrases, phrases_at)):
        for seq in seqs:
            if seq:  # a sequence matches only where its first word is
                index.setdefault(seq[0], []).append(seq)
    return frozenset(lex.get("cues", ())), frozenset(lex.get("concord", ())), skips_at, phrases_at


#: An adjective is an open-class word: one as frequent as this (wordfreq Zipf) is a function word
#: ("nach", "mehr", "zu", "alle"), whose negation is a clause's.
LITOTES_MAX_ZIPF = 6.0
#: German words between "nicht" and the word it negates that only grade it ("nicht sehr subtil").
_DE_GRADING = frozenset("so sehr ganz besonders allzu immer unbedingt gerade wirklich wesentlich derart".split())
#: German copulas: "nicht gut sein", "nicht öffentlich sind" negate a predicate adjective.
_DE_COPULAS = frozenset("sein ist sind war waren wäre wären sei seien bin bist wird werden wurde wurden bleibt bleiben blieb scheint schien".split())
_DE_ADJECTIVE_ENDINGS = ("lich", "ig", "isch", "bar", "sam", "haft", "los", "voll", "sch")


def litotes_scope(text: str, cue: Cue, lang: str) -> bool:
    """Whether a negation cue negates an adjective rather than a clause ("nicht leicht zu verdauen",
    "nicht notwendigen Reisen", "nicht sehr subtilen", "nicht öffentlich sind", "damit lag er nicht
    falsch,"): a translator often renders an antonym so (litotes: "hard" = "nicht leicht", "bad" =
    "nicht gut", "non-essential" = "nicht notwendig"), so a cue count that differs by such a cue is
    weak evidence of a polarity change. German only, read from the word order, since German puts a
    clause negation before the clause-final verb and an adjective's right before it: the word after
    the cue (past grading words) is lower case and is followed by a noun (attributive), a copula or
    "zu" (predicative), or ends its clause with an adjective ending."""
    if lang != "de" or cue.text.lower() != "nicht":
        return False
    words = tokens(text, WORD, cue.end)
    k = 0
    while k < len(words) - 1 and k < 2 and words[k][0] in _DE_GRADING:
        k += 1
    if k >= len(words):
        return False
    w, _, end = words[k]
    if not w.isalpha() or not w[0].islower() or w in _DE_COPULAS or _zipf(w, lang) >= LITOTES_MAX_ZIPF:
        return False  # a function word ("nicht nach Hause", "nicht mehr", "nicht zu"): no adjective
    if k and CLAUSE.match(text[words[k - 1][2]:words[k][1]].strip() or " "):
        return False
    gap = text[end : words[k + 1][1]] if k + 1 < len(words) else text[end:]
    nxt = words[k + 1][0] if k + 1 < len(words) else ""
    # a past participle before "wurde" is a passive verb ("nicht verurteilt wurde"), no adjective
    participle = w.startswith(("ge", "ver", "be", "er", "ent", "zer")) and w.endswith(("t", "en")) or w.endswith(("iert", "ieren"))
    if not gap.strip():
        # "nicht notwendigen Reisen"; "nicht leicht zu verdauen", "nicht gut sein"
        return nxt[:1].isupper() or nxt == "zu" or (nxt in _DE_COPULAS and not participle)
    # the word ends its clause ("damit lag er nicht falsch,"): an adjective, unless it reads as a verb form
    ends_clause = bool(CLAUSE.match(gap.strip()[:1]))
    return ends_clause and (w.endswith(_DE_ADJECTIVE_ENDINGS) or not w.endswith(("en", "n", "t", "te", "st", "e", "er", "el")))


ONLY = -1  # :func:`_second_part`: the first part is restrictive ("ne … que")


def _second_part(
    toks: list[tuple[str, int, int]], i: int, clause: list[int], lex: dict[str, Any], lang: str, *, first: bool = False
) -> int | None:
    """Where the other part of a bipartite negation one part of which is token ``i`` is, in its clause.

    Second parts follow the first ("ne … pas"); ``leading_parts`` may precede it ("personne ne",
    "rien n'a"). :data:`ONLY` for a ``restrictive`` word after the first part ("ne … que", "ne …
    plus que": "only … left"; not "ne … pas que": "not only"). With ``first``, the first part
    ("ne", "n'") is looked for instead, on both sides.
    """
    bipartite: str = lex.get("bipartite") or ""  # the callers' lexicon has one
    restrictive = frozenset(lex.get("restrictive", ()))
    elided = tuple(r for r in restrictive if r.endswith("'"))
    parts = frozenset(lex.get("second_parts", ()))
    leading = frozenset(lex.get("leading_parts", ()))

    def only(j: int) -> bool:  # "que", "qu'", "qu'il"
        return j < len(toks) and (toks[j][0] in restrictive or bool(elided) and toks[j][0].startswith(elided))

    def is_first(w: str) -> bool:
        return _cue_label(w, lang, {bipartite}, None, ()) == bipartite

    for j in range(i + 1, len(toks)):
        if clause[j] != clause[i]:
            break
        w = toks[j][0]
        if first:
            if is_first(w):
                return j
        elif w in parts and not (w == "plus" and only(j + 1)):
            return j
        elif only(j):
            return ONLY
    for j in range(i - 1, -1, -1):
        if clause[j] != clause[i]:
            break
        if is_first(toks[j][0]) if first else toks[j][0] in leading:
            return j
    return None


def _bounds_number(
    toks: list[tuple[str, int, int]], i: int, clause: list[int], even: frozenset[str], than: frozenset[str], numbers: list[int]
) -> bool:
    """Whether the cue at ``i`` bounds a number rather than negating its clause: "not even two days"
    (= "less than two days": a ``bound_even`` word right after the cue, then the number) or "nicht
    älter als 5", "no fewer than 12" (one word, a ``bound_than`` word, then the number), in one clause."""

    def number(j: int) -> bool:
        return j < len(toks) and clause[j] == clause[i] and (
            toks[j][0].isdigit() or any(toks[j][1] <= q < toks[j][2] for q in numbers)
        )

    def word(j: int, words: frozenset[str]) -> bool:
        return j < len(toks) and clause[j] == clause[i] and toks[j][0] in words

    return (word(i + 1, even) and number(i + 2)) or (word(i + 2, than) and number(i + 3))


def _expletive(toks: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """Whether a lone "ne" at ``i`` follows a "que" of its sentence ("avant qu'il ne parte")."""
    for j in range(i - 1, max(-1, i - 1 - EXPLETIVE_WINDOW), -1):
        if re.search(r"[.!?;]", text[toks[j][2] : toks[j + 1][1]]):
            return False
        if toks[j][0] in ("que", "qu'") or toks[j][0].startswith("qu'"):
            return True
    return False


def _in_question(text: str, pos: int) -> bool:
    """Whether the sentence around ``pos`` ends with a question mark."""
    m = re.search(r"[.!?]", text[pos:])
    return m is not None and m.group() == "?"


_NOMINAL_ENDINGS = ("ý", "é", "ého", "ému", "ých", "ým", "ými", "ost", "osti", "ní", "ním", "ních", "lé", "ky", "ka", "ce", "ci")


def _cue_label(
    w: str, lang: str, cues: "frozenset[str] | set[str]", prefix: str | None, prefix_except: tuple[str, ...], verbs: frozenset[str] = frozenset()
) -> str | None:
    if lang == "fr" and (w.startswith("n'") or w.startswith("n’")):
        return "ne"  # "n'a", and "n'" written apart ("n' a")
    if w in cues:
        return w
    if lang == "en" and (w.endswith("n't") or w.endswith("n’t")):
        return "n't"
    if w in verbs:
        return prefix
    if prefix and w.startswith(prefix) and len(w) > len(prefix) + 2 and not w.startswith(prefix_except):
        rest = w[len(prefix) :]
        # "ne" + a known word that does not end like an adjective or a noun: a negated verb ("nemá",
        # "nezahřála", "nebyli"); "nepříznivé" (adverse), "nepřátelé" (enemies) are words of their own
        if _zipf(rest, lang) >= 2.5 and not w.endswith(_NOMINAL_ENDINGS):
            return prefix
    return None


def _substring_negations(text: str, lex: dict[str, Any]) -> list[Cue]:
    entries = [(s, "double") for s in lex.get("double", ())]
    entries += [(s, "skip") for s in lex.get("skip", ())]
    entries += [(s, "cue") for s in lex.get("substr", ())]
    entries.sort(key=lambda e: -len(e[0]))
    out: list[Cue] = []
    i = 0
    while i < len(text):
        hit = next(((s, kind) for s, kind in entries if text.startswith(s, i)), None)
        if hit is None:
            i += 1
            continue
        s, kind = hit
        if kind == "cue":
            out.append(Cue(s, i, i + len(s)))
        i += len(s)
    return out


# --------------------------------------------------------------------------- lexical negation

#: Zipf frequency (``wordfreq``) a stem must have in its language for "un" + stem to be a negated word.
AFFIX_STEM_ZIPF = 1.0
#: The same for prefixes that also open ordinary words ("in": "inform"), which also need an adjective ending.
BOUND_STEM_ZIPF = 2.5
AFFIX_STEM_MIN = 4  # letters of the stem: "un" + "it" is no negation
BOUND_STEM_MIN = 5  # "in" + "tent" is none either


@dataclass(frozen=True)
class LexicalNegation:
    """A word that carries a negation without negating its clause: "without", "unclear", "machtlos".

    ``key`` is the folded word (for pairing the same word across a same-language pair); ``kind`` is
    ``"word"`` (from the lexicon) or ``"affix"`` (a negative prefix or suffix on a known stem).
    """

    text: str
    start: int
    end: int
    key: str
    kind: str


@lru_cache(maxsize=32)
def _lexical_rules(lang: str) -> tuple:
    lex = load("negation").get(lang) or {}
    words, stems, phrases = set(), [], []
    for entry in lex.get("lexical", ()):
        e = fold(entry)
        if " " in e:
            phrases.append(tuple(e.split()))
        elif e.endswith("*"):
            stems.append(e[:-1])
        else:
            words.add(e)
    bound = tuple(lex.get("bound_prefixes", ()))
    prefixes = tuple(sorted(lex.get("neg_prefixes", ()), key=len, reverse=True))
    suffixes = tuple(sorted(lex.get("neg_suffixes", ()), key=len, reverse=True))
    endings = tuple(lex.get("adjective_endings", ()))
    excepts = tuple(lex.get("affix_except", ()))
    skips = tuple(tuple(fold(x).split()) for x in lex.get("skip", ()))
    return (frozenset(words), tuple(stems), tuple(phrases), prefixes, bound, endings, suffixes, excepts,
            bool(lex.get("lower_only")), skips)


def _affix_negated(word: str, lang: str) -> bool:
    """Whether ``word`` (lower case) is a negative affix on a known stem: "unclear", "non-life", "powerless"."""
    _, _, _, prefixes, bound, endings, suffixes, excepts, _, _ = _lexical_rules(lang)
    if word.startswith(excepts):
        return False
    for pre in prefixes:
        if not word.startswith(pre) or len(word) <= len(pre):
            continue
        rest = word[len(pre) :].lstrip("-")
        if pre in bound:
            if len(rest) >= BOUND_STEM_MIN and rest.endswith(endings) and _zipf(rest, lang) >= BOUND_STEM_ZIPF:
                return True
        elif len(rest) >= AFFIX_STEM_MIN and _zipf(rest.split("-")[0], lang) >= AFFIX_STEM_ZIPF:
            return True
    for suf in suffixes:
        stem = word[: -len(suf)] if word.endswith(suf) else ""
        if len(stem) >= 3 and (_zipf(stem, lang) >= AFFIX_STEM_ZIPF or _zipf(stem.rstrip("s"), lang) >= AFFIX_STEM_ZIPF):
            return True
    return False


def lexical_negations(text: str, lang: str | None) -> list[LexicalNegation]:
    """The lexical and morphological negations of ``text`` in ``lang`` (``negation.toml``), in order.

    Words that carry a negation without being a clause negation: "without", "lack", "fail",
    "refuse", "avoid" / "ohne", "kaum", "scheitern" / "sin", "carecer" / "sans"…, and words made
    negative by an affix on a stem the language knows (``wordfreq``): "un-", "non-", "in-"
    (before an adjective ending only: "impossible", not "inform"), "-less" / "un-", "nicht-",
    "-los" (German: lower-case words only, nouns are capitalised: "Unfall") / "des-", "in-"….
    Hyphenated compounds are one word ("non-life", "will-he-won't-he"). A language without rules
    gives nothing. Clause negations are :func:`negations` and, in English and Spanish, :func:`find_negations`.
    """
    code = base_lang(lang)
    if code not in load("negation"):
        return []
    words, stems, phrases, prefixes, _, _, suffixes, _, lower_only, skips = _lexical_rules(code)
    toks = tokens(text, COMPOUND)
    folded = [fold(t.replace("’", "'")) for t, _, _ in toks]
    out: list[LexicalNegation] = []
    i = 0
    while i < len(toks):
        sk = next((p for p in skips if tuple(folded[i : i + len(p)]) == p), None)
        if sk is not None:  # "sin embargo", "sans doute": no negation
            i += len(sk)
            continue
        ph = next((p for p in phrases if tuple(folded[i : i + len(p)]) == p), None)
        if ph is not None:
            j = i + len(ph) - 1
            out.append(LexicalNegation(text[toks[i][1] : toks[j][2]], toks[i][1], toks[j][2], " ".join(ph), "word"))
            i += len(ph)
            continue
        raw, s, e = toks[i]
        w = folded[i]
        if w in words or (stems and w.startswith(stems)):
            out.append(LexicalNegation(raw, s, e, w, "word"))
        elif (prefixes or suffixes) and not (lower_only and raw[:1].isupper()) and _affix_negated(raw.lower(), code):
            out.append(LexicalNegation(raw, s, e, w, "affix"))
        i += 1
    return out


def has_lexical_rules(lang: str | None) -> bool:
    """Whether ``negation.toml`` has lexical negations for ``lang``: only then are they compared."""
    return bool(load("negation").get(base_lang(lang), {}).get("lexical"))


@dataclass(frozen=True)
class NegationVerdict:
    """How two sides' negation counts compare (:func:`negation_verdict`).

    ``added``: the target holds the extra negation; ``clean``: one side negates a clause and the
    other has no negation-bearing item at all (critical); otherwise the difference could be a
    lexical negation the counts do not see (minor).
    """

    added: bool
    clean: bool


def negation_verdict(
    src_clausal: int,
    src_lexical: int,
    tgt_clausal: int,
    tgt_lexical: int,
    *,
    pair_clauses: bool = False,
    litotes: bool = False,
) -> NegationVerdict | None:
    """Compare polarity over clause negations *and* lexical/morphological ones, both sides alike.

    The lexical counts are of items not paired with the same item on the other side (the caller
    pairs them: by word in a same-language pair, by count across languages). ``None`` when
    nothing changed: the clause negations agree, or their difference is absorbed by the lexical
    ones (the parity over all negation-bearing items is the same: "not clear" = "unclear", "did
    not pay" = "failed to pay", "no" = "without"). A clause negation on one side against no
    negation-bearing item at all on the other is ``clean`` (also two against none: "did not go
    and did not see"), unless the caller saw a ``litotes`` (a clause negation of the side with
    more negating a lexical one: "not unexpected" ↔ "expected", which the parity reads right). With ``pair_clauses`` (clause negations found reliably, with their scope)
    the clause negations of the two sides are paired first, so "not … and not" against one "not"
    and nothing else is clean too. Any other parity difference is a hint (not clean).
    """
    if src_clausal == tgt_clausal:
        return None
    added = tgt_clausal > src_clausal
    more_c, more_l, few_c, few_l = (
        (tgt_clausal, tgt_lexical, src_clausal, src_lexical) if added else (src_clausal, src_lexical, tgt_clausal, tgt_lexical)
    )
    parity = (more_c + more_l) % 2 != (few_c + few_l) % 2
    if few_c + few_l == 0 and (parity or not litotes):
        return NegationVerdict(added=added, clean=True)
    if not parity:
        return None
    return NegationVerdict(added=added, clean=pair_clauses and few_l == 0)


def pair_lexical(src: list[LexicalNegation], tgt: list[LexicalNegation], *, same_language: bool) -> tuple[int, int]:
    """How many lexical negations of each side have no counterpart on the other.

    In the same language a counterpart is the same word; across languages any lexical negation
    of the other side (an affix is often rendered by a word: "unprecedented" = "sin precedentes").
    """
    if not same_language:
        k = min(len(src), len(tgt))
        return len(src) - k, len(tgt) - k
    left = [x.key for x in tgt]
    s_left = 0
    for x in src:
        if x.key in left:
            left.remove(x.key)
        else:
            s_left += 1
    return s_left, len(left)




__all__ = [
    "CLAUSE", "NEGATION_LANGS", "Cue", "LexicalNegation", "Negation", "NegationVerdict", "find_negations",
    "has_lexical_rules", "lexical_negations", "litotes_scope", "negation_verdict", "negations", "pair_lexical",
]
