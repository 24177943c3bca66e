"""Negations, antonym swaps and certainty (modality) that changed between aligned sentences.

There is no entailment model on these machines (``docs/MODELS.md``), so these checks are
lexical and tuned for **precision**: an auditor that flags every paraphrase is switched off.
English and Spanish are supported, in same-language and cross-language (en↔es) pairs.

Three pure extractors work on one sentence's text and return located values:

* :func:`find_negations` — clause-level negations. Cues (``not``, ``n't``, ``never``, ``no``,
  ``nobody``… / ``no``, ``nunca``, ``nadie``, ``ni``, ``sin``…) plus verbs that carry a
  negation (reject, deny, oppose, refuse, ``fail to``, ``decline to`` / rechazar, negar,
  rehusar, oponerse, desmentir), so that "did not approve" ≈ "failed to approve" ≈ "rejected".
  Spanish negative concord counts once ("no dijo nada"), so does "neither … nor".
  Fixed phrases that are not negations are skipped ("not only", "no more than", "no doubt",
  "sin embargo", "no solo", "sin precedentes"…). "no longer" / "ya no" *is* a negation.
* :func:`find_poles` — members of curated antonym pairs (raise/cut, rise/fall, win/lose,
  guilty/innocent, convicted/acquitted, arrested/released, allow/ban, majority/minority;
  subir/bajar, aumentar/reducir, ganar/perder, culpable/inocente, detenido/liberado…).
  approve/reject, accept/reject and support/oppose are covered by the negation count,
  because reject and oppose are negation-bearing verbs. before/after and up/down are left
  out: "X after Y" ↔ "Y before X" is an ordinary rewrite.
* :func:`find_modality` — certainty cues: reported/hedged (may, might, could, reportedly,
  allegedly, claimed, appears to, is said to, likely… / podría, supuestamente, presuntamente,
  al parecer, *habría + participio*), conditional (would / -ría), certain (confirmed,
  definitely / confirmó), future (will, and a conditional after a reporting verb: "said it
  would"), and neutral attribution (said, told, stated, according to / dijo, afirmó, según).

:class:`PolarityDetector` compares them per bead with both sides:

* the negation counts' **parity** differs → ``POLARITY_CHANGED`` (critical). In the same
  language, the negated word found un-negated on the other side ("did not approve" →
  "approved") raises the confidence. ``sin``/``without`` are not counted across languages
  (they map to affixes: "sin precedentes" → "unprecedented").
* the source uses one member of an antonym pair and the target only the other →
  ``POLARITY_CHANGED`` (critical). A negation flip and an antonym swap in the same bead
  cancel ("did not win" ↔ "lost", "not guilty" ↔ "innocent").
* a reported/hedged or conditional cue on one side has no counterpart of the same category
  on the other ("reportedly rejected" → "rejected", "will" → "may", "said" → "claimed",
  "habría rechazado" → "rejected"), or "said" became "confirmed" → ``MODALITY_CHANGED`` (major).
  "said" ↔ "told" / "stated" / "according to" is not a change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..lang import base_lang
from ..types import Finding, FindingType, Segmentation, Severity, Span
from .base import AuditContext, fold, make_span, paired_beads, span_of

LANGS = frozenset({"en", "es"})

#: Confidence of a finding (a probability that an editor agrees it changed the meaning).
CONF_NEG_SAME_WORD = 0.9  # same language, the negated word is un-negated on the other side
CONF_NEG_CLEAN = 0.85  # same language, one negation against none
CONF_NEG_OTHER = 0.7  # same language, several negations
CONF_NEG_CROSS_CLEAN = 0.75
CONF_NEG_CROSS_OTHER = 0.6
CONF_ANTONYM = 0.7
CONF_ANTONYM_CROSS = 0.6
CONF_MODALITY = 0.6
CONF_MODALITY_CROSS = 0.5

#: Modality categories that are flagged when they have no counterpart on the other side.
FLAGGED = frozenset({"hedged", "conditional"})
_CATEGORY_NAMES = {
    "hedged": "reported/hedged",
    "conditional": "conditional",
    "certain": "confirmed/certain",
    "future": "future",
    "attrib": "attributed",
}


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Negation:
    """One counted negation in a text.

    ``label`` is the cue as written, folded (``"not"``, ``"didn't"``, ``"nadie"``); ``verb`` the
    concept of a negation-bearing verb (``"reject"``, ``"deny"``, ``"oppose"``, ``"refuse"``,
    ``"fail"``, ``"decline"``) or ``None``. ``head`` is the lemma of the word it negates
    (``"approv"`` in "did not approve"), ``head_start``/``head_end`` where that word is;
    ``phrase_start``/``phrase_end`` cover "did not approve"; ``scope_end`` is where the clause ends.
    """

    text: str
    start: int
    end: int
    label: str
    verb: str | None
    head: str
    head_start: int
    head_end: int
    phrase_start: int
    phrase_end: int
    scope_end: int

    def shifted(self, d: int) -> "Negation":
        return replace(
            self,
            start=self.start + d,
            end=self.end + d,
            head_start=self.head_start + d,
            head_end=self.head_end + d,
            phrase_start=self.phrase_start + d,
            phrase_end=self.phrase_end + d,
            scope_end=self.scope_end + d,
        )


@dataclass(frozen=True)
class Pole:
    """A word that is one member (``pole`` 0 or 1) of an antonym ``concept`` ("rates", 0 = up)."""

    concept: str
    pole: int
    text: str
    start: int
    end: int

    def shifted(self, d: int) -> "Pole":
        return replace(self, start=self.start + d, end=self.end + d)


@dataclass(frozen=True)
class ModalCue:
    """A certainty cue: ``categories`` among hedged, conditional, certain, future, attrib."""

    categories: frozenset[str]
    label: str
    text: str
    start: int
    end: int

    def shifted(self, d: int) -> "ModalCue":
        return replace(self, start=self.start + d, end=self.end + d)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # w | n | p
    fold: str


_TOKEN = re.compile(r"(?P<w>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<n>\d[\d.,]*)|(?P<p>[^\w\s])")


def _fold(s: str) -> str:
    return fold(s.replace("’", "'"))


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end(), m.lastgroup or "p", _fold(m.group())) for m in _TOKEN.finditer(text)]


def _lang(lang: str | None) -> str | None:
    code = base_lang(lang)
    return code if code in LANGS else None


def _lemma(word: str, lang: str) -> str:
    """A crude stem for matching the same word on both sides of a same-language pair."""
    if lang == "es":
        return word[:5]
    for suf, rep in (("ying", "y"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)] + rep
            break
    return word.rstrip("e") if len(word) > 3 else word


_BOUNDARY_PUNCT = frozenset(",;:.!?()[]—–")
_BOUNDARY_WORDS = {
    "en": frozenset("but while although though whereas because however".split()),
    "es": frozenset("pero aunque mientras porque sino y e o u cuando".split()),
}


def _is_boundary(t: _Tok, lang: str) -> bool:
    if t.kind == "p":
        return t.text in _BOUNDARY_PUNCT
    return t.kind == "w" and t.fold in _BOUNDARY_WORDS[lang]


def _word(toks: list[_Tok], i: int) -> str:
    return toks[i].fold if 0 <= i < len(toks) else ""


# --------------------------------------------------------------------------- negation

_DETERMINERS = frozenset(
    "the a an his her their its our my your this that these those any all some no "
    "el la los las un una unos unas su sus este esta estos estas ese esa esos esas".split()
)
_EN_AUX = frozenset(
    "do does did is are was were be been am has have had will would can could shall should may might must".split()
)
_SKIP = {
    "en": _EN_AUX
    | frozenset(
        "to a an the any yet ever even also always really just still immediately officially formally "
        "publicly one of his her their its our my your this that these those so too very longer more again "
        "entirely fully being".split()
    ),
    "es": frozenset(
        "se lo la los las le les me te nos a al de del el un una unos unos ya todavia aun mas siquiera "
        "ha han he has habia habian hubo es son fue fueron era eran esta estan estaba estar ser haber "
        "su sus este esta ese esa".split()
    ),
}

_EN_IGNORE_AFTER_NOT = frozenset({"only", "just", "least"})
_COMPARATIVES = frozenset({"more", "less", "fewer", "mas", "menos"})
_EN_NWORDS = frozenset({"never", "nobody", "nothing", "none", "nowhere", "neither", "cannot", "unable"})
_ES_NWORDS = frozenset({"nunca", "jamas", "ningun", "ninguna", "ninguno", "ningunos", "ningunas", "nadie", "nada"})

_EN_VERBS = (
    ("reject", re.compile(r"reject(s|ed|ing)?|rebuff(s|ed|ing)?|spurn(s|ed|ing)?")),
    ("turn_down", re.compile(r"turn(s|ed|ing)?")),
    ("deny", re.compile(r"den(y|ies|ied|ying)")),
    ("oppose", re.compile(r"oppos(e|es|ed|ing)")),
    ("refuse", re.compile(r"refus(e|es|ed|ing)")),
    ("fail", re.compile(r"fail(s|ed|ing)?")),
    ("decline", re.compile(r"declin(e|es|ed|ing)")),
)
_ES_VERBS = (
    ("reject", re.compile(r"rechaz\w*")),
    (
        "deny",
        re.compile(
            r"neg(o|aron|ar|arse|ado|ada|ados|adas|ando|aba|aban|ara|aran|aria|arian|ase)"
            r"|nieg(a|an|o|ue|uen)|desment\w*|desmint\w*|desmient\w*"
        ),
    ),
    ("refuse", re.compile(r"rehus\w*")),
    ("oppose", re.compile(r"opon(e|en|er|erse|ia|ian|dra|dria|iendo)|opus(o|ieron|iera|ieran)")),
    ("decline", re.compile(r"declin(o|aron|a|an|ar|ado)")),
)
#: Verbs that only negate in a construction: "failed to", "declined to comment".
_NEEDS_COMPLEMENT = frozenset({"fail", "decline"})


def _numeric_soon(toks: list[_Tok], i: int, n: int = 3) -> bool:
    return any(t.kind == "n" or t.text == "%" for t in toks[i + 1 : i + 1 + n])


def _neg_verb(toks: list[_Tok], i: int, lang: str) -> str | None:
    w = toks[i].fold
    for concept, pat in _EN_VERBS if lang == "en" else _ES_VERBS:
        if not pat.fullmatch(w):
            continue
        nxt, prev = _word(toks, i + 1), _word(toks, i - 1)
        if concept == "turn_down":  # "turned down the offer" = rejected it
            return "reject" if nxt == "down" else None
        if concept == "fail":  # "failed to pass", "the resolution failed at the UN" (not "the bank failed last year")
            return concept if nxt in ("to", "at", "in", "on", "before", "") else None
        if concept == "decline":
            if _numeric_soon(toks, i) or prev in _DETERMINERS:
                return None
            if lang == "en" and (nxt == "to" or nxt in _DETERMINERS):
                return concept
            if lang == "es" and (re.fullmatch(r"\w+(ar|er|ir)", nxt) or nxt in _DETERMINERS):
                return concept
            return None
        if concept in ("oppose", "refuse") and prev in _DETERMINERS:  # "the opposing side", "the refuse"
            return None
        return concept
    return None


def _neg_cue(toks: list[_Tok], i: int, lang: str) -> tuple[str | None, str] | None:
    """``(verb concept or None, kind)`` if token ``i`` is a counted negation cue, else ``None``.

    ``kind``: ``"cue"`` always counts; ``"nword"`` is absorbed by an earlier negation in its clause
    (Spanish concord); ``"seq"`` by an earlier negation in the sentence (nor, ni, tampoco).
    """
    t = toks[i]
    w, nxt, nxt2, prev = t.fold, _word(toks, i + 1), _word(toks, i + 2), _word(toks, i - 1)
    nxt_num = i + 1 < len(toks) and toks[i + 1].kind == "n"
    if lang == "en":
        if w == "not":
            if nxt in _EN_IGNORE_AFTER_NOT or (nxt == "to" and nxt2 == "mention"):
                return None
            if (nxt in _COMPARATIVES and nxt2 == "than") or prev in ("or", "if"):
                return None
            return None, "cue"
        if w.endswith("n't"):
            return None, "cue"
        if w == "no":
            if nxt_num or (nxt == "." and i + 2 < len(toks) and toks[i + 2].kind == "n"):
                return None  # "No. 10"
            if nxt in ("doubt", "matter") or (nxt in _COMPARATIVES and nxt2 == "than"):
                return None
            return None, "cue"
        if w == "nor":
            return None, "seq"
        if w == "without":
            return (None, "cue") if nxt != "doubt" else None
        if w in _EN_NWORDS:
            if (w, nxt) in (("never", "mind"), ("none", "other"), ("nothing", "but")):
                return None
            return None, "cue"
    else:
        if w == "no":
            if nxt in ("solo", "solamente", "obstante") or nxt_num or prev == "o":
                return None
            if (nxt in _COMPARATIVES and nxt2 in ("de", "que")) or (prev == "a" and nxt == "ser"):
                return None
            return None, "cue"
        if w == "sin":
            if nxt in ("embargo", "duda", "dudas", "precedentes", "precedente"):
                return None
            return None, "cue"
        if w in ("ni", "tampoco"):
            return None, "seq"
        if w in _ES_NWORDS:
            if w == "nada" and nxt == "mas":
                return None
            return None, "nword"
    verb = _neg_verb(toks, i, lang)
    return (verb, "cue") if verb else None


def _head_index(toks: list[_Tok], i: int, lang: str, verb: str | None) -> int:
    """The word a negation at ``i`` negates: the next content word (the verb itself for "rejected")."""
    if verb is not None:
        follows = _word(toks, i + 1) in ("to", "a") or verb in _NEEDS_COMPLEMENT
        if not (verb in ("fail", "decline", "refuse", "deny") and follows):
            return i
    for j in range(i + 1, len(toks)):
        t = toks[j]
        if _is_boundary(t, lang):
            break
        if t.kind == "w" and t.fold not in _SKIP[lang]:
            return j
    return i


def find_negations(text: str, lang: str | None) -> list[Negation]:
    """The counted negations of ``text`` (one sentence) in ``lang`` ("en" or "es"), in order."""
    code = _lang(lang)
    if code is None:
        return []
    toks = _tokens(text)
    out: list[Negation] = []
    clause_has = sent_has = False
    for i, t in enumerate(toks):
        if _is_boundary(t, code):
            clause_has = False
            continue
        if t.kind != "w":
            continue
        hit = _neg_cue(toks, i, code)
        if hit is None:
            continue
        verb, kind = hit
        if (kind == "nword" and clause_has) or (kind == "seq" and sent_has):
            continue
        clause_has = sent_has = True
        h = _head_index(toks, i, code, verb)
        phrase_start = t.start
        if t.fold == "not" and _word(toks, i - 1) in _EN_AUX and code == "en":
            phrase_start = toks[i - 1].start
        scope_end = next((u.start for u in toks[i + 1 :] if _is_boundary(u, code)), len(text))
        out.append(
            Negation(
                t.text,
                t.start,
                t.end,
                t.fold,
                verb,
                _lemma(toks[h].fold, code),
                toks[h].start,
                toks[h].end,
                phrase_start,
                max(toks[h].end, t.end),
                scope_end,
            )
        )
    return out


# --------------------------------------------------------------------------- lexical negation

HERE = Path(__file__).resolve().parent

#: Zipf frequency (``wordfreq``) a stem must have in its language for "un" + stem to be a negated word.
AFFIX_STEM_ZIPF = 1.0
#: The same for prefixes that also open ordinary words ("in": "inform"), which also need an adjective ending.
BOUND_STEM_ZIPF = 2.5
AFFIX_STEM_MIN = 4  # letters of the stem: "un" + "it" is no negation
BOUND_STEM_MIN = 5  # "in" + "tent" is none either


@lru_cache(maxsize=1)
def _negation_table() -> dict[str, dict[str, Any]]:
    """``negation.toml`` (shared with the cross-lingual detector), read once."""
    with open(HERE / "negation.toml", "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=16384)
def _stem_zipf(word: str, lang: str) -> float:
    from .spinner import zipf_or_zero  # the one guarded wordfreq lookup (languages it lacks: 0.0)

    return zipf_or_zero(word, lang)


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


_LEX_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@lru_cache(maxsize=32)
def _lexical_rules(lang: str) -> tuple:
    lex = _negation_table().get(lang) or {}
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
            if len(rest) >= BOUND_STEM_MIN and rest.endswith(endings) and _stem_zipf(rest, lang) >= BOUND_STEM_ZIPF:
                return True
        elif len(rest) >= AFFIX_STEM_MIN and _stem_zipf(rest.split("-")[0], lang) >= AFFIX_STEM_ZIPF:
            return True
    for suf in suffixes:
        stem = word[: -len(suf)] if word.endswith(suf) else ""
        if len(stem) >= 3 and (_stem_zipf(stem, lang) >= AFFIX_STEM_ZIPF or _stem_zipf(stem.rstrip("s"), lang) >= AFFIX_STEM_ZIPF):
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
    gives nothing. Clause negations are :func:`find_negations` and ``crosslingual.negations``.
    """
    code = base_lang(lang)
    if code not in _negation_table():
        return []
    words, stems, phrases, prefixes, _, _, suffixes, _, lower_only, skips = _lexical_rules(code)
    toks = [(m.group(), m.start(), m.end()) for m in _LEX_TOKEN.finditer(text)]
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
    return bool(_negation_table().get(base_lang(lang), {}).get("lexical"))


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


# --------------------------------------------------------------------------- antonyms

#: (concept, pole, language, pattern on the folded word). Pole 0 and 1 are opposites.
_POLE_TABLE: tuple[tuple[str, int, str, str], ...] = (
    ("up/down", 0, "en", r"rais(e|es|ed|ing)|increas(e|es|ed|ing)|ris(e|es|en|ing)|rose|hik(e|es|ed|ing)"),
    ("up/down", 1, "en", r"cut|cuts|cutting|decreas(e|es|ed|ing)|fall|falls|fell|fallen|falling|reduc(e|es|ed|ing)|lowered|lowering"),
    ("up/down", 0, "es", r"sub(e|en|io|ieron|ir|ido|ida|idos|idas|iendo|ira|iran|iria|irian)|aument\w*|elev(o|aron|ar|ado|ada|a|an)|increment\w*"),
    ("up/down", 1, "es", r"baj(o|aron|ar|ado|ada|ados|adas|ando|an|ara|aran)|reduc\w*|reduj\w*|recort\w*|disminu\w*|ca(e|en|yo|yeron|er|ido|ida|ida|idas)"),
    ("win/lose", 0, "en", r"win|wins|winning|won|winner|winners"),
    ("win/lose", 1, "en", r"lose|loses|losing|lost|loser|losers"),
    ("win/lose", 0, "es", r"gan(a|an|o|aron|ar|ado|ada|ando|ara|aria|ador|adora|adores)"),
    ("win/lose", 1, "es", r"perd(io|ieron|er|ido|ida|iendo|era|eria|edor|edora|edores)|pierd(e|en)"),
    ("guilty/innocent", 0, "en", r"guilty"),
    ("guilty/innocent", 1, "en", r"innocent"),
    ("guilty/innocent", 0, "es", r"culpables?"),
    ("guilty/innocent", 1, "es", r"inocentes?"),
    ("convicted/acquitted", 0, "en", r"convict(s|ed|ing)?"),
    ("convicted/acquitted", 1, "en", r"acquit(s|ted|ting|tal)?"),
    ("convicted/acquitted", 0, "es", r"condenad(o|a|os|as)"),
    ("convicted/acquitted", 1, "es", r"absuelt(o|a|os|as)|absolvi(o|eron|do|da)|absolver"),
    ("arrested/released", 0, "en", r"arrest(s|ed|ing)?|detain(s|ed|ing)?"),
    ("arrested/released", 1, "en", r"releas(e|es|ed|ing)|freed"),
    ("arrested/released", 0, "es", r"detenid(o|a|os|as)|detuv(o|ieron)|arrestad(o|a|os|as)|arrest(o|aron)"),
    ("arrested/released", 1, "es", r"liberad(o|a|os|as)|liber(o|aron)|excarcelad(o|a|os|as)|excarcel(o|aron)"),
    ("allow/ban", 0, "en", r"allow(s|ed|ing)?|permit(s|ted|ting)?"),
    ("allow/ban", 1, "en", r"ban|bans|banned|banning|prohibit(s|ed|ing)?|forb(id|ids|ade|idden)"),
    ("allow/ban", 0, "es", r"permit(e|en|io|ieron|ir|ido|ida|idos|idas)"),
    ("allow/ban", 1, "es", r"prohib(e|en|io|ieron|ir|ido|ida|idos|idas)"),
    ("majority/minority", 0, "en", r"majority"),
    ("majority/minority", 1, "en", r"minority"),
    ("majority/minority", 0, "es", r"mayoria"),
    ("majority/minority", 1, "es", r"minoria"),
)
_POLES = {
    code: tuple((c, p, re.compile(pat)) for c, p, lg, pat in _POLE_TABLE if lg == code) for code in LANGS
}


def find_poles(text: str, lang: str | None) -> list[Pole]:
    """Words of ``text`` that are a member of a curated antonym pair."""
    code = _lang(lang)
    if code is None:
        return []
    out = []
    for t in _tokens(text):
        if t.kind != "w":
            continue
        for concept, pole, pat in _POLES[code]:
            if pat.fullmatch(t.fold):
                out.append(Pole(concept, pole, t.text, t.start, t.end))
                break
    return out


# --------------------------------------------------------------------------- modality

_EN_HEDGES = frozenset(
    "might possibly perhaps probably likely unlikely apparently reportedly allegedly purportedly supposedly "
    "alleged purported presumably insisted insists insist insisting alleges allege alleging purports".split()
)
_EN_CERTAIN = frozenset({"definitely", "certainly", "undoubtedly", "unquestionably"})
#: Neutral reporting verbs: one class, a move among them is no change ("said" → "stated" → "reiterated").
_EN_ATTRIB = frozenset(
    "said says say told tells tell stated states added adds noted notes explained explains announced announces "
    "reiterated reiterates wrote writes reported acknowledged commented remarked replied responded declared "
    "indicated mentioned stressed emphasised emphasized underlined observed recalled".split()
)
#: Verbs after which a conditional is a backshifted future ("said it would"); with the distance verbs.
_EN_REPORTING = _EN_ATTRIB | frozenset("promised warned predicted insisted argued claimed expected alleged according".split())
_CLAIM_OBJECTS = frozenset(
    "responsibility credit victory win lives life title seat seats crown prize medal gold silver bronze place "
    "spot share stake ownership asylum benefits compensation damages refund land territory sovereignty".split()
)
_REPORT_SOURCES = frozenset(
    "reports media sources unconfirmed local press informes fuentes medios reportes versiones informaciones prensa".split()
)

_ES_HEDGES = frozenset(
    "podria podrian posiblemente probablemente quiza quizas aparentemente supuestamente presuntamente presunto "
    "presunta presuntos presuntas previsiblemente probable alego alegaron alega insistio insistieron insiste".split()
)
_ES_CERTAIN = frozenset({"definitivamente", "ciertamente", "indudablemente"})
_ES_ATTRIB = frozenset(
    "dijo dice dijeron dicen afirmo afirma afirmaron aseguro asegura aseguraron declaro declaro declararon "
    "senalo senalaron indico indicaron explico explicaron anadio agrego informo sostuvo reitero reiteraron reitera "
    "escribio escribe anuncio anunciaron informaron manifesto manifestaron expreso expresaron comento comentaron "
    "preciso precisaron subrayo destaco apunto recordo respondio".split()
)
_ES_REPORTING = _ES_ATTRIB | frozenset("prometio prometieron advirtio advirtieron segun alego alegaron insistio insistieron".split())
_ES_CONDITIONALS = frozenset(
    "seria serian estaria estarian tendria tendrian haria harian habria habrian diria dirian deberia deberian "
    "pondria pondrian sabria sabrian querria vendria vendrian valdria saldria mantendria obtendria daria darian "
    "iria irian".split()
)
_ES_FUTURES = frozenset("sera seran hara haran dira tendra tendran podra podran habra habran pondra saldra vendra".split())
_ES_NOT_CONDITIONAL = frozenset({"secretaria", "notaria", "tesoreria", "mayoria", "minoria", "categoria"})
_PARTICIPLE = re.compile(
    r"\w+(ado|ada|ados|adas|ido|ida|idos|idas)|dicho|hecho|puesto|visto|muerto|escrito|abierto|roto|vuelto|cubierto|resuelto"
)


def _claim_is_hedge(toks: list[_Tok], i: int) -> bool:
    if _word(toks, i - 1) in _DETERMINERS:
        return False  # the noun "the claims"
    j = i + 1
    while j < len(toks) and (toks[j].fold in _DETERMINERS or toks[j].kind == "n"):
        j += 1
    return _word(toks, j) not in _CLAIM_OBJECTS


def find_modality(text: str, lang: str | None) -> list[ModalCue]:
    """Certainty cues of ``text`` (one sentence) in ``lang``: hedges, conditionals, confirmations…"""
    code = _lang(lang)
    if code is None:
        return []
    toks = _tokens(text)
    out: list[ModalCue] = []
    # a reporting verb anywhere in the sentence ("said it would", "it would …, he said", "according
    # to X, it would"): a conditional there may be a backshifted future, so it is both
    reporting = _EN_REPORTING if code == "en" else _ES_REPORTING
    reported = any(t.kind == "w" and t.fold in reporting for t in toks)

    def add(cats: Iterable[str], label: str, a: _Tok, b: _Tok | None = None) -> None:
        b = b or a
        out.append(ModalCue(frozenset(cats), label, text[a.start : b.end], a.start, b.end))

    for i, t in enumerate(toks):
        if t.kind != "w":
            continue
        w, nxt, prev = t.fold, _word(toks, i + 1), _word(toks, i - 1)
        nt = toks[i + 1] if i + 1 < len(toks) else None
        if code == "en":
            if t.text == "may" or w in _EN_HEDGES:
                add({"hedged"}, w, t)
            elif w == "could" and nxt != "not":
                add({"hedged"}, w, t)
            elif w in ("appear", "appears", "appeared", "seem", "seems", "seemed") and nxt == "to":
                add({"hedged"}, w, t)
            elif w == "said" and nxt == "to" and prev in _EN_AUX:
                add({"hedged"}, "is said to", toks[i - 1], t)
            elif w == "expected" and nxt == "to" and prev in _EN_AUX:
                add({"hedged"}, "expected to", t)
            elif w in ("claim", "claims", "claimed", "claiming") and _claim_is_hedge(toks, i):
                add({"hedged"}, "claim", t)
            elif w == "according" and nxt == "to" and nt is not None:
                src = _word(toks, i + 2)
                # "according to reports" is both: it matches "reportedly" and "reports said"
                add({"hedged", "attrib"} if src in _REPORT_SOURCES else {"attrib"}, "according to", t, toks[i + 1])
            elif w in ("would", "wouldn't") and nxt != "-":
                add({"future", "conditional"} if reported else {"conditional"}, "would", t)
            elif w in ("will", "won't", "shall"):
                add({"future"}, w, t)
            elif w in _EN_CERTAIN:
                add({"certain"}, w, t)
            elif re.fullmatch(r"confirm(s|ed|ing)?", w):
                add({"certain"}, "confirm", t)
            elif w in _EN_ATTRIB:
                add({"attrib"}, "say", t)
        else:
            if w in _ES_HEDGES:
                add({"hedged"}, w, t)
            elif (w, nxt) in (("tal", "vez"), ("al", "parecer"), ("puede", "que")) and nt is not None:
                add({"hedged"}, f"{w} {nxt}", t, nt)
            elif w in ("parece", "parecen", "parecia") and nxt == "que":
                add({"hedged"}, w, t)
            elif w == "espera" and prev == "se" and nxt == "que":
                add({"hedged"}, "se espera que", toks[i - 1], t)
            elif w == "segun" and nt is not None:
                add({"hedged", "attrib"} if nxt in _REPORT_SOURCES else {"attrib"}, "segun", t)
            elif w in ("habria", "habrian") and nt is not None and _PARTICIPLE.fullmatch(nxt):
                cats = {"conditional"} if re.search(r"\bsi\b|\bde haber\b", _fold(text)) else {"hedged", "conditional"}
                add(cats, "habria + participio", t, nt)
            elif w in _ES_CONDITIONALS or (
                re.fullmatch(r"\w+(ar|ir)ían?", t.text.lower()) and w not in _ES_NOT_CONDITIONAL and not t.text[0].isupper()
            ):
                add({"future", "conditional"} if reported else {"conditional"}, "condicional", t)
            elif w in _ES_FUTURES or re.fullmatch(r"\w+(ar|er|ir)án?", t.text.lower()):
                add({"future"}, "futuro", t)
            elif w in ("va", "van") and nxt == "a" and re.fullmatch(r"\w+(ar|er|ir)", _word(toks, i + 2)):
                add({"future"}, "ir a", t, toks[i + 2])
            elif w in _ES_CERTAIN or (w == "sin" and nxt == "duda"):
                add({"certain"}, w, t)
            elif re.fullmatch(r"confirm(o|aron|a|an|ado|ada)", w):
                add({"certain"}, "confirm", t)
            elif w in _ES_ATTRIB:
                add({"attrib"}, "say", t)
    return out


# --------------------------------------------------------------------------- detector

#: Positive counterparts of negation-bearing verbs: "approved" → "rejected" is an antonym swap.
_COUNTERPARTS = {
    "reject": {"en": re.compile(r"(approv|accept|adopt|endors)\w*"), "es": re.compile(r"(aprob|aprueb|acept)\w*")},
    "deny": {"en": re.compile(r"(confirm|admit)\w*"), "es": re.compile(r"(confirm|admit|reconoc)\w*")},
    "oppose": {"en": re.compile(r"support(s|ed|ing)?|backed|favou?r(s|ed)"), "es": re.compile(r"(apoy|respald)\w*")},
    "refuse": {"en": re.compile(r"agree(s|d)?|accept(s|ed)?"), "es": re.compile(r"acept\w*|accedi\w*")},
}


@dataclass(frozen=True)
class _Side:
    lang: str
    segments: tuple[int, ...]
    words: tuple[tuple[int, _Tok], ...]  # (segment, token with absolute offsets)
    negations: tuple[tuple[int, Negation], ...]
    poles: tuple[tuple[int, Pole], ...]
    modality: tuple[tuple[int, ModalCue], ...]
    lexical: tuple[tuple[int, LexicalNegation], ...] = ()

    def negated(self, pos: int) -> bool:
        return any(n.start <= pos < n.scope_end for _, n in self.negations)

    @property
    def clausal(self) -> list[tuple[int, Negation]]:
        """Clause negations ("not", "never", "nadie"…): not a negation-bearing verb, "without", "unable"."""
        return [x for x in self.negations if _is_clausal(x[1])]


#: Cues :func:`find_negations` counts that are lexical negations for :func:`negation_verdict`.
_LEXICAL_CUES = frozenset({"without", "sin", "unable"})


def _is_clausal(n: Negation) -> bool:
    return n.verb is None and n.label not in _LEXICAL_CUES


def _side(seg: Segmentation, indices: Iterable[int], lang: str) -> _Side:
    words, negs, poles, modal, lex = [], [], [], [], []
    idx = tuple(sorted(indices))
    for i in idx:
        s = seg.segments[i]
        words += [(i, replace(t, start=t.start + s.start, end=t.end + s.start)) for t in _tokens(s.text) if t.kind == "w"]
        seg_negs = find_negations(s.text, lang)
        negs += [(i, n.shifted(s.start)) for n in seg_negs]
        poles += [(i, p.shifted(s.start)) for p in find_poles(s.text, lang)]
        modal += [(i, m.shifted(s.start)) for m in find_modality(s.text, lang)]
        # lexical negations: the lexicon's, less those a clause negation already counts, plus the
        # negation-bearing verbs find_negations knows ("turned down") that the lexicon lacks
        clause_spans = [(n.start, n.end) for n in seg_negs if _is_clausal(n)]
        seg_lex = [x for x in lexical_negations(s.text, lang) if not any(a < x.end and x.start < b for a, b in clause_spans)]
        for n in seg_negs:
            if not _is_clausal(n) and not any(x.start < n.end and n.start < x.end for x in seg_lex):
                seg_lex.append(LexicalNegation(n.text, n.start, n.end, n.label, "word"))
        lex += [(i, replace(x, start=x.start + s.start, end=x.end + s.start)) for x in sorted(seg_lex, key=lambda x: x.start)]
    return _Side(lang, idx, tuple(words), tuple(negs), tuple(poles), tuple(modal), tuple(lex))


class PolarityDetector:
    """Negation, antonym and certainty changes between the two sides of every aligned bead."""

    name = "polarity"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        src_lang, tgt_lang = _lang(ctx.source_lang), _lang(ctx.target_lang)
        if src_lang is None or tgt_lang is None:
            return []
        out: list[Finding] = []
        for k, bead in paired_beads(ctx):
            assert ctx.source_segments is not None  # paired_beads yields only with a source
            src = _side(ctx.source_segments, bead.src, src_lang)
            tgt = _side(ctx.target_segments, bead.tgt, tgt_lang)
            out += self._polarity(ctx, k, src, tgt)
            out += self._modality(ctx, k, src, tgt)
        return out

    # ----------------------------------------------------------------- negation and antonyms

    def _polarity(self, ctx: AuditContext, bead: int, src: _Side, tgt: _Side) -> list[Finding]:
        same = src.lang == tgt.lang
        sc, tc = src.clausal, tgt.clausal
        s_lex, t_lex = [x for _, x in src.lexical], [x for _, x in tgt.lexical]
        if not (has_lexical_rules(src.lang) and has_lexical_rules(tgt.lang)):
            s_lex, t_lex = [], []  # one notion on both sides, or none
        s_left, t_left = pair_lexical(s_lex, t_lex, same_language=same)
        more, more_lex = (tc, t_lex) if len(tc) > len(sc) else (sc, s_lex)
        litotes = any(n.head_start < x.end and x.start < n.head_end for _, n in more for x in more_lex)
        verdict = negation_verdict(len(sc), s_left, len(tc), t_left, pair_clauses=True, litotes=litotes)
        # clause negations and negation-bearing verbs: "approved" → "rejected" flips these counts
        sv = [x for x in src.negations if x[1].verb is not None or _is_clausal(x[1])]
        tv = [x for x in tgt.negations if x[1].verb is not None or _is_clausal(x[1])]
        verb_flip = len(sv) % 2 != len(tv) % 2
        swaps = _antonym_swaps(src, tgt)
        neg_finding: Finding | None = None
        if verdict is not None or verb_flip:
            removed = not verdict.added if verdict is not None else len(sv) > len(tv)
            neg_side, other = (src, tgt) if removed else (tgt, src)
            if verdict is not None:
                many, few = (sc, tc) if removed else (tc, sc)
            else:
                many, few = (sv, tv) if removed else (tv, sv)
            neg_finding = self._negation(ctx, bead, removed, neg_side, other, many, few, same, verdict)
        if neg_finding is not None and swaps and neg_finding.confidence < CONF_NEG_SAME_WORD:
            return []  # two flips cancel: "did not win" ↔ "lost", "not guilty" ↔ "innocent"
        out = [neg_finding] if neg_finding is not None else []
        for concept, (si, sp), (ti, tp) in swaps:
            out.append(
                Finding(
                    FindingType.POLARITY_CHANGED,
                    Severity.CRITICAL,
                    f"Opposite word: '{sp.text}' became '{tp.text}'.",
                    f"antonym swap ({concept}): '{sp.text}' → '{tp.text}'",
                    CONF_ANTONYM if same else CONF_ANTONYM_CROSS,
                    source_span=make_span(ctx.source, sp.start, sp.end, (si,)),  # type: ignore[arg-type]
                    target_span=make_span(ctx.target, tp.start, tp.end, (ti,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        return out

    def _negation(
        self,
        ctx: AuditContext,
        bead: int,
        removed: bool,
        neg_side: _Side,
        other: _Side,
        many: list[tuple[int, Negation]],
        few: list[tuple[int, Negation]],
        same: bool,
        verdict: NegationVerdict | None,
    ) -> Finding | None:
        """The finding for an uneven negation count, or ``None`` when nothing shows a change.

        Critical when there is evidence (same language: the negated word is found un-negated on
        the other side; any pair: a negation-bearing verb faces its positive counterpart,
        "rejected" ↔ "approved") or the verdict is clean; minor for any other clause-negation
        difference the lexical negations do not absorb; nothing without a verdict or evidence.
        """
        # the cue with no counterpart: same language, match (cue, head) pairs; else the first
        left = list(many)
        if same:
            for _, f in few:
                hit = next((x for x in left if (x[1].label, x[1].head) == (f.label, f.head)), None)
                if hit is not None:
                    left.remove(hit)
        candidates = left or many
        chosen, evidence_tok, antonym = candidates[0], None, False
        for seg_i, n in candidates:
            if same and n.head:
                tok = next((x for x in other.words if _lemma(x[1].fold, other.lang) == n.head and not other.negated(x[1].start)), None)
                if tok is not None:
                    chosen, evidence_tok = (seg_i, n), tok
                    break
            pat = _COUNTERPARTS.get(n.verb or "", {}).get(other.lang)
            if pat is not None:
                tok = next((x for x in other.words if pat.fullmatch(x[1].fold) and not other.negated(x[1].start)), None)
                if tok is not None:
                    chosen, evidence_tok, antonym = (seg_i, n), tok, True
                    break
        if evidence_tok is None and verdict is None:
            return None  # only the verb counts differ, absorbed: "did not approve" ↔ "rejected" ↔ "unclear"
        severity = Severity.CRITICAL if evidence_tok is not None or (verdict is not None and verdict.clean) else Severity.MINOR
        seg_i, n = chosen
        neg_doc = ctx.source if removed else ctx.target
        other_doc = ctx.target if removed else ctx.source
        other_seg = ctx.target_segments if removed else ctx.source_segments
        assert neg_doc is not None and other_doc is not None and other_seg is not None
        neg_span = make_span(neg_doc, n.phrase_start, n.phrase_end, (seg_i,))
        if evidence_tok is not None:
            other_span: Span | None = make_span(other_doc, evidence_tok[1].start, evidence_tok[1].end, (evidence_tok[0],))
        else:
            other_span = span_of(other_doc, other_seg, other.segments)
        phrase = neg_span.text
        counterpart = f"'{evidence_tok[1].text}'" if evidence_tok is not None else None
        clean = len(few) == 0 and len(many) == 1 and (verdict is None or verdict.clean)
        if same:
            conf = CONF_NEG_SAME_WORD if evidence_tok is not None else CONF_NEG_CLEAN if clean else CONF_NEG_OTHER
        else:
            conf = CONF_NEG_CROSS_CLEAN if clean or antonym else CONF_NEG_CROSS_OTHER
        counts = f"{len(many) if removed else len(few)} negation(s) in source, {len(few) if removed else len(many)} in target"
        if antonym:
            a, b = (f"'{phrase}'", counterpart) if removed else (counterpart, f"'{phrase}'")
            message = f"Polarity reversed: {a} became {b}."
            evidence = f"antonym: {a} → {b} ({counts})"
        elif removed:
            message = f"A negation in the source is missing from the target: '{phrase}'" + (
                f" became {counterpart}." if counterpart else " has no negated counterpart."
            )
            evidence = f"negation removed: '{phrase}' → {counterpart or 'no negation'} ({counts})"
        else:
            message = "The target adds a negation the source does not have: " + (
                f"{counterpart} became '{phrase}'." if counterpart else f"'{phrase}'."
            )
            evidence = f"negation added: {counterpart or 'no negation'} → '{phrase}' ({counts})"
        if severity is Severity.MINOR:
            evidence += "; a lexical negation on the other side may carry it"
        return Finding(
            FindingType.POLARITY_CHANGED,
            severity,
            message,
            evidence,
            conf,
            source_span=neg_span if removed else other_span,
            target_span=other_span if removed else neg_span,
            bead=bead,
            detector=self.name,
        )

    # ----------------------------------------------------------------- modality

    def _modality(self, ctx: AuditContext, bead: int, src: _Side, tgt: _Side) -> list[Finding]:
        s_cues, t_cues = [m for _, m in src.modality], [m for _, m in tgt.modality]
        s_left = _unmatched(src.modality, t_cues)
        t_left = _unmatched(tgt.modality, s_cues)
        if not s_left and not t_left:
            return []
        assert ctx.source is not None and ctx.source_segments is not None

        def where(doc, seg, side: _Side, left) -> Span | None:
            if left:
                i, m = left[0]
                return make_span(doc, m.start, m.end, (i,))
            return span_of(doc, seg, side.segments)

        s_desc, t_desc = _describe(s_left, s_cues), _describe(t_left, t_cues)
        return [
            Finding(
                FindingType.MODALITY_CHANGED,
                Severity.MAJOR,
                f"Certainty changed: {s_desc} in the source became {t_desc} in the target.",
                f"modality: source {s_desc} → target {t_desc}",
                CONF_MODALITY if src.lang == tgt.lang else CONF_MODALITY_CROSS,
                source_span=where(ctx.source, ctx.source_segments, src, s_left),
                target_span=where(ctx.target, ctx.target_segments, tgt, t_left),
                bead=bead,
                detector=self.name,
            )
        ]


def _antonym_swaps(src: _Side, tgt: _Side) -> list[tuple[str, tuple[int, Pole], tuple[int, Pole]]]:
    out = []
    for concept in dict.fromkeys(p.concept for _, p in src.poles):
        s = [x for x in src.poles if x[1].concept == concept]
        t = [x for x in tgt.poles if x[1].concept == concept]
        s_poles, t_poles = {p.pole for _, p in s}, {p.pole for _, p in t}
        if len(s_poles) == 1 and len(t_poles) == 1 and s_poles != t_poles:
            out.append((concept, s[0], t[0]))
    return out


def _unmatched(cues: tuple[tuple[int, ModalCue], ...], other: list[ModalCue]) -> list[tuple[int, ModalCue]]:
    """Flag-worthy cues of one side with no cue of a shared category on the other."""
    other_cats = set().union(*(m.categories for m in other)) if other else set()
    left = []
    for i, m in cues:
        if m.categories & other_cats:
            continue
        if m.categories & FLAGGED:
            left.append((i, m))
        elif m.label == "confirm" and "attrib" in other_cats:  # "said" → "confirmed"
            left.append((i, m))
    return left


def _describe(left: list[tuple[int, ModalCue]], cues: list[ModalCue]) -> str:
    if left:
        m = left[0][1]
        cat = next(c for c in ("hedged", "conditional", "certain") if c in m.categories or c == "certain")
        return f"{_CATEGORY_NAMES[cat]} ('{m.text}')"
    for cat in ("hedged", "conditional", "certain", "future", "attrib"):
        m2 = next((m for m in cues if cat in m.categories), None)
        if m2 is not None:
            return f"{_CATEGORY_NAMES[cat]} ('{m2.text}')"
    return "asserted"


__all__ = [
    "Negation",
    "Pole",
    "ModalCue",
    "find_negations",
    "find_poles",
    "find_modality",
    "PolarityDetector",
]
