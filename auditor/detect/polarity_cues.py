"""What the polarity detector reads in English and Spanish sentences, besides negation.

* tokens (:func:`cue_tokens`): words, numbers and punctuation marks, folded, with the crude
  stems (:func:`lemma`) and clause boundaries (:func:`is_boundary`) the readers share with
  :func:`auditor.detect.negation.find_negations`;
* :func:`find_poles` — members of curated antonym pairs (raise/cut, rise/fall, win/lose,
  guilty/innocent, convicted/acquitted, arrested/released, allow/ban, majority/minority;
  subir/bajar, aumentar/reducir, ganar/perder, culpable/inocente, detenido/liberado…);
* :func:`find_modality` — certainty cues: reported/hedged, conditional, certain, future and
  neutral attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from ..lang import base_lang
from ..text import TOKEN, fold, token_kind, tokens
from ..compiled import regex

LANGS = frozenset({"en", "es"})


# --------------------------------------------------------------------------- values


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
class Tok:
    text: str
    start: int
    end: int
    kind: str  # w | n | p (:func:`auditor.text.token_kind`)
    fold: str


def cue_tokens(text: str) -> list[Tok]:
    """The :data:`auditor.text.TOKEN` tokens of ``text``, with their kind and folded form."""
    return [Tok(t.text, t.start, t.end, token_kind(t.text), fold(t.text.replace("’", "'"))) for t in tokens(text, TOKEN)]


def cue_lang(lang: str | None) -> str | None:
    """``lang``'s primary language when it is one these readers know (:data:`LANGS`), else None."""
    code = base_lang(lang)
    return code if code in LANGS else None


def lemma(word: str, lang: str) -> str:
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


def is_boundary(t: Tok, lang: str) -> bool:
    """Whether ``t`` ends a clause: a punctuation mark of :data:`_BOUNDARY_PUNCT` or a conjunction."""
    if t.kind == "p":
        return t.text in _BOUNDARY_PUNCT
    return t.kind == "w" and t.fold in _BOUNDARY_WORDS[lang]


def word_at(toks: list[Tok], i: int) -> str:
    """The folded word at ``i``, or "" outside ``toks``."""
    return toks[i].fold if 0 <= i < len(toks) else ""


DETERMINERS = frozenset(
    "the a an his her their its our my your this that these those any all some no "
    "el la los las un una unos unas su sus este esta estos estas ese esa esos esas".split()
)
EN_AUX = frozenset(
    "do does did is are was were be been am has have had will would can could shall should may might must".split()
)


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
    code: tuple((c, p, regex(pat)) for c, p, lg, pat in _POLE_TABLE if lg == code) for code in LANGS
}


def find_poles(text: str, lang: str | None) -> list[Pole]:
    """Words of ``text`` that are a member of a curated antonym pair."""
    code = cue_lang(lang)
    if code is None:
        return []
    out = []
    for t in cue_tokens(text):
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
_PARTICIPLE = regex(
    r"\w+(ado|ada|ados|adas|ido|ida|idos|idas)|dicho|hecho|puesto|visto|muerto|escrito|abierto|roto|vuelto|cubierto|resuelto"
)


def _claim_is_hedge(toks: list[Tok], i: int) -> bool:
    if word_at(toks, i - 1) in DETERMINERS:
        return False  # the noun "the claims"
    j = i + 1
    while j < len(toks) and (toks[j].fold in DETERMINERS or toks[j].kind == "n"):
        j += 1
    return word_at(toks, j) not in _CLAIM_OBJECTS


def find_modality(text: str, lang: str | None) -> list[ModalCue]:
    """Certainty cues of ``text`` (one sentence) in ``lang``: hedges, conditionals, confirmations…"""
    code = cue_lang(lang)
    if code is None:
        return []
    toks = cue_tokens(text)
    out: list[ModalCue] = []
    # a reporting verb anywhere in the sentence ("said it would", "it would …, he said", "according
    # to X, it would"): a conditional there may be a backshifted future, so it is both
    reporting = _EN_REPORTING if code == "en" else _ES_REPORTING
    reported = any(t.kind == "w" and t.fold in reporting for t in toks)

    def add(cats: Iterable[str], label: str, a: Tok, b: Tok | None = None) -> None:
        b = b or a
        out.append(ModalCue(frozenset(cats), label, text[a.start : b.end], a.start, b.end))

    for i, t in enumerate(toks):
        if t.kind != "w":
            continue
        w, nxt, prev = t.fold, word_at(toks, i + 1), word_at(toks, i - 1)
        nt = toks[i + 1] if i + 1 < len(toks) else None
        if code == "en":
            if t.text == "may" or w in _EN_HEDGES:
                add({"hedged"}, w, t)
            elif w == "could" and nxt != "not":
                add({"hedged"}, w, t)
            elif w in ("appear", "appears", "appeared", "seem", "seems", "seemed") and nxt == "to":
                add({"hedged"}, w, t)
            elif w == "said" and nxt == "to" and prev in EN_AUX:
                add({"hedged"}, "is said to", toks[i - 1], t)
            elif w == "expected" and nxt == "to" and prev in EN_AUX:
                add({"hedged"}, "expected to", t)
            elif w in ("claim", "claims", "claimed", "claiming") and _claim_is_hedge(toks, i):
                add({"hedged"}, "claim", t)
            elif w == "according" and nxt == "to" and nt is not None:
                src = word_at(toks, i + 2)
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
                cats = {"conditional"} if re.search(r"\bsi\b|\bde haber\b", fold(text.replace("’", "'"))) else {"hedged", "conditional"}
                add(cats, "habria + participio", t, nt)
            elif w in _ES_CONDITIONALS or (
                re.fullmatch(r"\w+(ar|ir)ían?", t.text.lower()) and w not in _ES_NOT_CONDITIONAL and not t.text[0].isupper()
            ):
                add({"future", "conditional"} if reported else {"conditional"}, "condicional", t)
            elif w in _ES_FUTURES or re.fullmatch(r"\w+(ar|er|ir)án?", t.text.lower()):
                add({"future"}, "futuro", t)
            elif w in ("va", "van") and nxt == "a" and re.fullmatch(r"\w+(ar|er|ir)", word_at(toks, i + 2)):
                add({"future"}, "ir a", t, toks[i + 2])
            elif w in _ES_CERTAIN or (w == "sin" and nxt == "duda"):
                add({"certain"}, w, t)
            elif re.fullmatch(r"confirm(o|aron|a|an|ado|ada)", w):
                add({"certain"}, "confirm", t)
            elif w in _ES_ATTRIB:
                add({"attrib"}, "say", t)
    return out


__all__ = ["LANGS", "ModalCue", "Pole", "Tok", "cue_lang", "cue_tokens", "find_modality", "find_poles", "is_boundary", "lemma", "word_at"]
