"""Negations, antonym swaps and certainty (modality) that changed between aligned sentences.

There is no entailment model on these machines (``docs/MODELS.md``), so these checks are
lexical and tuned for **precision**: an auditor that flags every paraphrase is switched off.
English and Spanish are supported, in same-language and cross-language (en↔es) pairs.

Three pure extractors work on one sentence's text and return located values (they live in
:mod:`auditor.detect.negation_scope` and :mod:`auditor.detect.polarity_cues`; lexical negations,
"unclear", "without", and the verdict over both kinds are :mod:`auditor.detect.negation`):

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

from dataclasses import dataclass, replace
from typing import Iterable

from ..types import Finding, FindingType, Segmentation, Severity, Span
from .base import AuditContext, make_span, paired_beads, span_of
from .negation import (
    LexicalNegation,
    Negation,
    NegationVerdict,
    find_negations,
    has_lexical_rules,
    lexical_negations,
    negation_verdict,
    pair_lexical,
)
from .polarity_cues import LANGS, ModalCue, Pole, Tok, cue_lang, cue_tokens, find_modality, find_poles, lemma
from ..compiled import regex

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


# --------------------------------------------------------------------------- detector

#: Positive counterparts of negation-bearing verbs: "approved" → "rejected" is an antonym swap.
_COUNTERPARTS = {
    "reject": {"en": regex(r"(approv|accept|adopt|endors)\w*"), "es": regex(r"(aprob|aprueb|acept)\w*")},
    "deny": {"en": regex(r"(confirm|admit)\w*"), "es": regex(r"(confirm|admit|reconoc)\w*")},
    "oppose": {"en": regex(r"support(s|ed|ing)?|backed|favou?r(s|ed)"), "es": regex(r"(apoy|respald)\w*")},
    "refuse": {"en": regex(r"agree(s|d)?|accept(s|ed)?"), "es": regex(r"acept\w*|accedi\w*")},
}


@dataclass(frozen=True)
class _Side:
    lang: str
    segments: tuple[int, ...]
    words: tuple[tuple[int, Tok], ...]  # (segment, token with absolute offsets)
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
        words += [(i, replace(t, start=t.start + s.start, end=t.end + s.start)) for t in cue_tokens(s.text) if t.kind == "w"]
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
        src_lang, tgt_lang = cue_lang(ctx.source_lang), cue_lang(ctx.target_lang)
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
                tok = next((x for x in other.words if lemma(x[1].fold, other.lang) == n.head and not other.negated(x[1].start)), None)
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
        first: str = next(c for c in ("hedged", "conditional", "certain") if c in m.categories or c == "certain")
        return f"{_CATEGORY_NAMES[first]} ('{m.text}')"
    for cat in ("hedged", "conditional", "certain", "future", "attrib"):
        m2 = next((m for m in cues if cat in m.categories), None)
        if m2 is not None:
            return f"{_CATEGORY_NAMES[cat]} ('{m2.text}')"
    return "asserted"


# the extractors and values were defined here before the module was split (issue 13): re-exported
__all__ = [
    "LANGS",
    "LexicalNegation",
    "Negation",
    "NegationVerdict",
    "Pole",
    "ModalCue",
    "find_negations",
    "find_poles",
    "find_modality",
    "has_lexical_rules",
    "lexical_negations",
    "negation_verdict",
    "pair_lexical",
    "PolarityDetector",
]
