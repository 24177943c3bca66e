"""Omissions, additions and semantic drift: what the alignment itself says.

* a run of source sentences that no target sentence matches is an **omission**;
* a run of target sentences that matches nothing in the source is an **addition**;
* an aligned bead whose similarity falls well below the pair's own typical counterpart
  (:func:`drift_severity`, on the :class:`~auditor.types.PairScale` the aligner measured; the
  model's ``shift`` threshold only where no scale could be measured) is a possible **meaning
  shift** (the typed detectors say *what* shifted).

In monotonic alignments (translations, close versions), where beads cannot cross, an unaligned run
whose best counterpart anywhere in the other document is well above chance on the pair's scale
(``PRESENT_ELSEWHERE``) is present there, moved or merged: it is reported, as minor.

Severity depends on what the span carries, not only on its length (:func:`carries`): a
short line (a label, a headline fragment, under ``SHORT_WORDS`` words) is minor and a
sentence is major, but a dropped or added **direct quotation**, **number** or the article's
**lead sentence** is critical (a fact or a quotation changed), and the message names what
was carried. Target segments that the boilerplate rules recognise (cross-links, promos,
bylines…) are left out of additions: the boilerplate detector types them, so page
furniture neither counts as added content nor hides a real addition beside it.
"""

from __future__ import annotations

import math

from ..types import Bead, Finding, FindingType, PairScale, Segmentation, Severity, Thresholds
from .base import AuditContext, span_of
from ..compiled import regex

SHORT_WORDS = 6
_NUMBER = regex(r"\d")
_NAME = regex(r"(?<![.!?¡¿:]\s)(?<!^)\b[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÄËÏÖÇ][\w’'\-]+")


def carries(seg: Segmentation, indices: list[int], lang: str | None) -> list[str]:
    """What a run of sentences carries that makes losing or adding it weigh more:
    ``lead`` (the first full sentence of the article body: headings, lines without final
    punctuation and labels under ``SHORT_WORDS`` words are not the lead), ``quote``, ``number``, ``name``."""
    from .quotes import find_quotes

    text = " ".join(seg.segments[i].text for i in indices)
    what = []
    body = [s.index for s in seg.segments if s.kind == "sentence" and len(s.text.split()) >= SHORT_WORDS]
    if body and body[0] in indices:
        what.append("lead")
    if any(len(q.text.split()) >= 3 for q in find_quotes(text, lang)):
        what.append("quote")
    if _NUMBER.search(text):
        what.append("number")
    words = text.split()
    # a heading or label ("Key Takeaways:"): no sentence punctuation, mostly capitals, which are not names
    title_case = not text.rstrip().endswith((".", "!", "?", "”", '"')) and sum(w[:1].isupper() for w in words) > len(words) / 2
    if not title_case and _NAME.search(text):
        what.append("name")
    return what


#: Drift on a pair's own scale (:class:`~auditor.types.PairScale`): an aligned bead whose cosine is
#: below this share of the way from chance to the pair's typical counterpart is a possible meaning
#: shift (minor), below ``DRIFT_MAJOR`` a major one. Chosen on dev data (``eval/false_alarms.py``:
#: Text+Berg dev, WMT21 references, MQM error-free segments; CED dev for what it catches).
DRIFT_MINOR = 0.5
DRIFT_MAJOR = 0.3
#: An unaligned sentence whose best counterpart anywhere in the other document reaches this share
#: of the way to the typical counterpart is present there (moved, merged or repeated): minor.
PRESENT_ELSEWHERE = 0.5


def drift_severity(sim: float, thr: Thresholds, scale: PairScale | None) -> tuple[Severity, str] | None:
    """The one drift rule (audits, ``auditor score`` and the evals): the severity of an aligned pair
    of cosine ``sim`` as a possible meaning shift, with its evidence, or None.

    On the pair's own scale where it was measured (a document pair's sentences, a score file's
    lines); otherwise on the model's STS-calibrated thresholds: below ``shift``, and major below the
    midpoint between ``shift`` and ``unrelated``."""
    rel = scale.relative(sim) if scale is not None else None
    if rel is not None:
        assert scale is not None and scale.counterpart is not None
        if rel >= DRIFT_MINOR:
            return None
        sev = Severity.MAJOR if rel < DRIFT_MAJOR else Severity.MINOR
        return sev, (
            f"similarity {sim:.3f} is {rel:.0%} of the way from this pair's chance level {scale.chance:.3f} to its "
            f"typical counterpart {scale.counterpart:.3f} (a shift below {DRIFT_MINOR:.0%}, major below {DRIFT_MAJOR:.0%})"
        )
    if sim >= thr.shift:
        return None
    sev = Severity.MAJOR if sim < (thr.shift + thr.unrelated) / 2 else Severity.MINOR
    return sev, f"similarity {sim:.3f} < shift threshold {thr.shift:g}"


class CoverageDetector:
    name = "coverage"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.alignment is None or ctx.source is None or ctx.source_segments is None:
            return []
        beads = ctx.alignment.beads
        out: list[Finding] = []
        out += self._runs(ctx, beads, side="source")
        out += self._runs(ctx, beads, side="target")
        out += self._drift(ctx, beads)
        return out

    # unaligned runs -------------------------------------------------------------------

    def _runs(self, ctx: AuditContext, beads: tuple[Bead, ...], *, side: str) -> list[Finding]:
        seg = ctx.source_segments if side == "source" else ctx.target_segments
        doc = ctx.source if side == "source" else ctx.target
        assert seg is not None and doc is not None  # guaranteed by detect()
        from .boilerplate import boilerplate_kind

        lang = ctx.source_lang if side == "source" else ctx.target_lang
        lonely = sorted(
            (b.src[0] if side == "source" else b.tgt[0], k)
            for k, b in enumerate(beads)
            if (side == "source" and not b.tgt) or (side == "target" and not b.src)
        )
        # page furniture ("Also Read", bylines, share bars) dropped or added is not content: the
        # boilerplate detector types it on the target; dropped source furniture is no omission
        lonely = [(i, k) for i, k in lonely if boilerplate_kind(seg.segments[i].text, lang) is None]
        runs: list[list[tuple[int, int]]] = []
        for idx, k in lonely:
            if runs and runs[-1][-1][0] == idx - 1 and seg.segments[idx].paragraph == seg.segments[idx - 1].paragraph:
                runs[-1].append((idx, k))
            else:
                runs.append([(idx, k)])
        out = []
        for run in runs:
            indices = [i for i, _ in run]
            span = span_of(doc, seg, indices)
            words = sum(len(seg.segments[i].text.split()) for i in indices)
            severity = Severity.MINOR if words < SHORT_WORDS else Severity.MAJOR
            carried = carries(seg, indices, lang)
            if words >= SHORT_WORDS and {"lead", "quote", "number"} & set(carried):
                severity = Severity.CRITICAL
            n = len(indices)
            what = f"{n} sentence{'s' if n > 1 else ''} ({words} word{'s' if words != 1 else ''})"
            carry_text = ""
            if carried:
                names = {"lead": "the lead sentence", "quote": "a direct quotation", "number": "numbers", "name": "names"}
                parts = [names[c] for c in carried]
                carry_text = " It carries " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."
            best = max((s for _, k in run if (s := beads[k].similarity) is not None), default=None)
            al = ctx.alignment
            scale = al.scale if al is not None else None
            rel = scale.relative(best) if scale is not None and best is not None else None
            # monotonic beads cannot cross, so a moved sentence comes out unaligned; rewrite mode already
            # matched every sentence anywhere it could, so there this test would only excuse rewording
            elsewhere = al is not None and al.mode == "monotonic" and rel is not None and rel >= PRESENT_ELSEWHERE
            if elsewhere:
                severity = Severity.MINOR  # its content has a counterpart in the other document: moved or merged
            other = "target" if side == "source" else "source"
            evidence = f"{side} sentence(s) {indices}: no aligned {other} sentence"
            if carried:
                evidence += f"; carries: {', '.join(carried)}"
            if best is not None:
                evidence += f"; best cosine with any {other} sentence {best:.2f}"
            if al is not None and al.threshold is not None:
                evidence += f" (a {al.mode} bead needs {al.threshold:.2f})"
            if elsewhere and rel is not None:
                evidence += (f"; that is {rel:.0%} of the way to this pair's typical counterpart: the content is "
                             "present elsewhere (moved or merged), so minor")
            calibrated = [c for _, k in run if (c := beads[k].confidence) is not None]
            conf = 0.8
            if calibrated:
                # calibrated: the probability that nothing in the other document is equivalent
                conf = min(calibrated)
            elif best is not None and al is not None and al.threshold is not None:
                # uncalibrated model: how far the nearest counterpart falls short of a bead
                conf = 1.0 / (1.0 + math.exp(-8.0 * (al.threshold - best)))
            source = side == "source"
            out.append(
                Finding(
                    FindingType.OMISSION if source else FindingType.ADDITION,
                    severity,
                    (f"Omitted: {what} of the source have no counterpart in the target." if source
                     else f"Added: {what} of the target have no counterpart in the source.") + carry_text,
                    evidence,
                    conf,
                    source_span=span if source else None,
                    target_span=None if source else span,
                    bead=run[0][1],
                    detector=self.name,
                )
            )
        return out

    # semantic drift on aligned beads ---------------------------------------------------

    def _drift(self, ctx: AuditContext, beads: tuple[Bead, ...]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None
        thr = ctx.thresholds
        scale = ctx.alignment.scale if ctx.alignment is not None else None
        out = []
        for k, b in enumerate(beads):
            if not b.src or not b.tgt or b.similarity is None:
                continue
            graded = drift_severity(b.similarity, thr, scale)
            if graded is None:
                continue
            severity, evidence = graded
            if b.confidence is not None:
                conf = 1.0 - b.confidence  # calibrated: P(the bead does not link equivalent content)
            else:  # how far below the shift threshold, towards "unrelated": 0.5 at the threshold
                width = max(1e-6, thr.shift - thr.unrelated)
                conf = 1.0 / (1.0 + math.exp(-4.0 * (thr.shift - b.similarity) / width))
            out.append(
                Finding(
                    FindingType.MEANING_SHIFT,
                    severity,
                    "Possible meaning shift: the aligned sentences say noticeably different things.",
                    evidence,
                    conf,
                    source_span=span_of(ctx.source, ctx.source_segments, b.src),
                    target_span=span_of(ctx.target, ctx.target_segments, b.tgt),
                    bead=k,
                    detector=self.name,
                )
            )
        return out
