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
from dataclasses import dataclass, replace
from typing import Iterable

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
    "alleged purported presumably".split()
)
_EN_CERTAIN = frozenset({"definitely", "certainly", "undoubtedly", "unquestionably"})
_EN_ATTRIB = frozenset("said says say told tells stated states added adds noted explained announced".split())
_EN_REPORTING = _EN_ATTRIB | frozenset("announced promised warned predicted insisted argued claimed expected".split())
_CLAIM_OBJECTS = frozenset(
    "responsibility credit victory win lives life title seat seats crown prize medal gold silver bronze place "
    "spot share stake ownership asylum benefits compensation damages refund land territory sovereignty".split()
)
_REPORT_SOURCES = frozenset(
    "reports media sources unconfirmed local press informes fuentes medios reportes versiones informaciones prensa".split()
)

_ES_HEDGES = frozenset(
    "podria podrian posiblemente probablemente quiza quizas aparentemente supuestamente presuntamente presunto "
    "presunta presuntos presuntas previsiblemente probable".split()
)
_ES_CERTAIN = frozenset({"definitivamente", "ciertamente", "indudablemente"})
_ES_ATTRIB = frozenset(
    "dijo dice dijeron dicen afirmo afirma afirmaron aseguro asegura aseguraron declaro declaro declararon "
    "senalo senalaron indico indicaron explico explicaron anadio agrego informo sostuvo".split()
)
_ES_REPORTING = _ES_ATTRIB | frozenset("anuncio anunciaron prometio prometieron advirtio advirtieron".split())
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
    reported = False  # a reporting verb earlier in the sentence: a conditional is a backshifted future

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
                add({"hedged"} if src in _REPORT_SOURCES else {"attrib"}, "according to", t, toks[i + 1])
            elif w in ("would", "wouldn't") and nxt != "-":
                add({"future"} if reported else {"conditional"}, "would", t)
            elif w in ("will", "won't", "shall"):
                add({"future"}, w, t)
            elif w in _EN_CERTAIN:
                add({"certain"}, w, t)
            elif re.fullmatch(r"confirm(s|ed|ing)?", w):
                add({"certain"}, "confirm", t)
            elif w in _EN_ATTRIB:
                add({"attrib"}, "say", t)
            if w in _EN_REPORTING:
                reported = True
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
                add({"hedged"} if nxt in _REPORT_SOURCES else {"attrib"}, "segun", t)
            elif w in ("habria", "habrian") and nt is not None and _PARTICIPLE.fullmatch(nxt):
                cats = {"conditional"} if re.search(r"\bsi\b|\bde haber\b", _fold(text)) else {"hedged", "conditional"}
                add(cats, "habria + participio", t, nt)
            elif w in _ES_CONDITIONALS or (
                re.fullmatch(r"\w+(ar|ir)ían?", t.text.lower()) and w not in _ES_NOT_CONDITIONAL and not t.text[0].isupper()
            ):
                add({"future"} if reported else {"conditional"}, "condicional", t)
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
            if w in _ES_REPORTING:
                reported = True
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

    def negated(self, pos: int) -> bool:
        return any(n.start <= pos < n.scope_end for _, n in self.negations)


def _side(seg: Segmentation, indices: Iterable[int], lang: str) -> _Side:
    words, negs, poles, modal = [], [], [], []
    idx = tuple(sorted(indices))
    for i in idx:
        s = seg.segments[i]
        words += [(i, replace(t, start=t.start + s.start, end=t.end + s.start)) for t in _tokens(s.text) if t.kind == "w"]
        negs += [(i, n.shifted(s.start)) for n in find_negations(s.text, lang)]
        poles += [(i, p.shifted(s.start)) for p in find_poles(s.text, lang)]
        modal += [(i, m.shifted(s.start)) for m in find_modality(s.text, lang)]
    return _Side(lang, idx, tuple(words), tuple(negs), tuple(poles), tuple(modal))


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
        sn, tn = list(src.negations), list(tgt.negations)
        if not same:  # "sin"/"without" often become affixes across languages ("sin precedentes")
            sn = [x for x in sn if x[1].label not in ("sin", "without")]
            tn = [x for x in tn if x[1].label not in ("sin", "without")]
        flip = len(sn) % 2 != len(tn) % 2
        swaps = _antonym_swaps(src, tgt)
        neg_finding: Finding | None = None
        if flip:
            removed = len(sn) > len(tn)
            neg_side, other = (src, tgt) if removed else (tgt, src)
            many, few = (sn, tn) if removed else (tn, sn)
            neg_finding = self._negation(ctx, bead, removed, neg_side, other, many, few, same)
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
    ) -> Finding:
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
        clean = len(few) == 0 and len(many) == 1
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
            message = f"The target adds a negation the source does not have: " + (
                f"{counterpart} became '{phrase}'." if counterpart else f"'{phrase}'."
            )
            evidence = f"negation added: {counterpart or 'no negation'} → '{phrase}' ({counts})"
        return Finding(
            FindingType.POLARITY_CHANGED,
            Severity.CRITICAL,
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
