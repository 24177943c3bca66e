"""English and Spanish clause negations with the word each one negates and its scope.

:func:`find_negations` counts cues (``not``, ``n't``, ``never``, ``no``, ``nobody``… / ``no``,
``nunca``, ``nadie``, ``ni``, ``sin``…) plus verbs that carry a negation (reject, deny, oppose,
refuse, ``fail to``, ``decline to`` / rechazar, negar, rehusar, oponerse, desmentir), so that "did
not approve" ≈ "failed to approve" ≈ "rejected". Spanish negative concord counts once ("no dijo
nada"), so does "neither … nor". Fixed phrases that are not negations are skipped ("not only",
"no more than", "no doubt", "sin embargo", "no solo", "sin precedentes"…). "no longer" / "ya no"
*is* a negation. Each negation knows the word it negates ("approv" in "did not approve"), so a
same-language pair can show that word un-negated on the other side.

The reader for every language, from the cue lexicons, is :func:`auditor.detect.negation.negations`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .polarity_cues import DETERMINERS, EN_AUX, Tok, cue_lang, cue_tokens, is_boundary, lemma, word_at
from ..compiled import regex


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


#: Words passed over on the way to the word a negation negates.
_SKIP = {
    "en": EN_AUX
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
    ("reject", regex(r"reject(s|ed|ing)?|rebuff(s|ed|ing)?|spurn(s|ed|ing)?")),
    ("turn_down", regex(r"turn(s|ed|ing)?")),
    ("deny", regex(r"den(y|ies|ied|ying)")),
    ("oppose", regex(r"oppos(e|es|ed|ing)")),
    ("refuse", regex(r"refus(e|es|ed|ing)")),
    ("fail", regex(r"fail(s|ed|ing)?")),
    ("decline", regex(r"declin(e|es|ed|ing)")),
)
_ES_VERBS = (
    ("reject", regex(r"rechaz\w*")),
    (
        "deny",
        regex(
            r"neg(o|aron|ar|arse|ado|ada|ados|adas|ando|aba|aban|ara|aran|aria|arian|ase)"
            r"|nieg(a|an|o|ue|uen)|desment\w*|desmint\w*|desmient\w*"
        ),
    ),
    ("refuse", regex(r"rehus\w*")),
    ("oppose", regex(r"opon(e|en|er|erse|ia|ian|dra|dria|iendo)|opus(o|ieron|iera|ieran)")),
    ("decline", regex(r"declin(o|aron|a|an|ar|ado)")),
)
#: Verbs that only negate in a construction: "failed to", "declined to comment".
_NEEDS_COMPLEMENT = frozenset({"fail", "decline"})


def _numeric_soon(toks: list[Tok], i: int, n: int = 3) -> bool:
    return any(t.kind == "n" or t.text == "%" for t in toks[i + 1 : i + 1 + n])


def _neg_verb(toks: list[Tok], i: int, lang: str) -> str | None:
    w = toks[i].fold
    for concept, pat in _EN_VERBS if lang == "en" else _ES_VERBS:
        if not pat.fullmatch(w):
            continue
        nxt, prev = word_at(toks, i + 1), word_at(toks, i - 1)
        if concept == "turn_down":  # "turned down the offer" = rejected it
            return "reject" if nxt == "down" else None
        if concept == "fail":  # "failed to pass", "the resolution failed at the UN" (not "the bank failed last year")
            return concept if nxt in ("to", "at", "in", "on", "before", "") else None
        if concept == "decline":
            if _numeric_soon(toks, i) or prev in DETERMINERS:
                return None
            if lang == "en" and (nxt == "to" or nxt in DETERMINERS):
                return concept
            if lang == "es" and (re.fullmatch(r"\w+(ar|er|ir)", nxt) or nxt in DETERMINERS):
                return concept
            return None
        if concept in ("oppose", "refuse") and prev in DETERMINERS:  # "the opposing side", "the refuse"
            return None
        return concept
    return None


def _neg_cue(toks: list[Tok], i: int, lang: str) -> tuple[str | None, str] | None:
    """``(verb concept or None, kind)`` if token ``i`` is a counted negation cue, else ``None``.

    ``kind``: ``"cue"`` always counts; ``"nword"`` is absorbed by an earlier negation in its clause
    (Spanish concord); ``"seq"`` by an earlier negation in the sentence (nor, ni, tampoco).
    """
    t = toks[i]
    w, nxt, nxt2, prev = t.fold, word_at(toks, i + 1), word_at(toks, i + 2), word_at(toks, i - 1)
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


def _head_index(toks: list[Tok], i: int, lang: str, verb: str | None) -> int:
    """The word a negation at ``i`` negates: the next content word (the verb itself for "rejected")."""
    if verb is not None:
        follows = word_at(toks, i + 1) in ("to", "a") or verb in _NEEDS_COMPLEMENT
        if not (verb in ("fail", "decline", "refuse", "deny") and follows):
            return i
    for j in range(i + 1, len(toks)):
        t = toks[j]
        if is_boundary(t, lang):
            break
        if t.kind == "w" and t.fold not in _SKIP[lang]:
            return j
    return i


def find_negations(text: str, lang: str | None) -> list[Negation]:
    """The counted negations of ``text`` (one sentence) in ``lang`` ("en" or "es"), in order."""
    code = cue_lang(lang)
    if code is None:
        return []
    toks = cue_tokens(text)
    out: list[Negation] = []
    clause_has = sent_has = False
    for i, t in enumerate(toks):
        if is_boundary(t, code):
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
        if t.fold == "not" and word_at(toks, i - 1) in EN_AUX and code == "en":
            phrase_start = toks[i - 1].start
        scope_end = next((u.start for u in toks[i + 1 :] if is_boundary(u, code)), len(text))
        out.append(
            Negation(
                t.text,
                t.start,
                t.end,
                t.fold,
                verb,
                lemma(toks[h].fold, code),
                toks[h].start,
                toks[h].end,
                phrase_start,
                max(toks[h].end, t.end),
                scope_end,
            )
        )
    return out


__all__ = ["Negation", "find_negations"]
