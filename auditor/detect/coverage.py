"""Omissions, additions and semantic drift: what the alignment itself says.

* a run of source sentences that no target sentence matches is an **omission**;
* a run of target sentences that matches nothing in the source is an **addition**;
* an aligned bead whose similarity is below the model's ``shift`` threshold is a possible
  **meaning shift** (the typed detectors of later versions say *what* shifted).

Severity here depends on how much the span carries: a full sentence is major, a short
line (a label, a headline fragment, under ``SHORT_WORDS`` words) is minor.
"""

from __future__ import annotations

import math

from ..types import Bead, Finding, FindingType, Severity
from .base import AuditContext, span_of

SHORT_WORDS = 6


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
        lonely = sorted(
            (b.src[0] if side == "source" else b.tgt[0], k)
            for k, b in enumerate(beads)
            if (side == "source" and not b.tgt) or (side == "target" and not b.src)
        )
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
            n = len(indices)
            what = f"{n} sentence{'s' if n > 1 else ''} ({words} word{'s' if words != 1 else ''})"
            best = max((beads[k].similarity for _, k in run if beads[k].similarity is not None), default=None)
            other = "target" if side == "source" else "source"
            evidence = f"{side} sentence(s) {indices}: no aligned {other} sentence"
            if best is not None:
                evidence += f"; best cosine with any {other} sentence {best:.2f}"
            al = ctx.alignment
            if al is not None and al.threshold is not None:
                evidence += f" (a {al.mode} bead needs {al.threshold:.2f})"
            calibrated = [beads[k].confidence for _, k in run if beads[k].confidence is not None]
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
                    f"Omitted: {what} of the source have no counterpart in the target."
                    if source
                    else f"Added: {what} of the target have no counterpart in the source.",
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
        out = []
        for k, b in enumerate(beads):
            if not b.src or not b.tgt or b.similarity is None or b.similarity >= thr.shift:
                continue
            if b.confidence is not None:
                conf = 1.0 - b.confidence  # calibrated: P(the bead does not link equivalent content)
            else:  # how far below the shift threshold, towards "unrelated": 0.5 at the threshold
                width = max(1e-6, thr.shift - thr.unrelated)
                conf = 1.0 / (1.0 + math.exp(-4.0 * (thr.shift - b.similarity) / width))
            severity = Severity.MAJOR if b.similarity < (thr.shift + thr.unrelated) / 2 else Severity.MINOR
            out.append(
                Finding(
                    FindingType.MEANING_SHIFT,
                    severity,
                    "Possible meaning shift: the aligned sentences say noticeably different things.",
                    f"similarity {b.similarity:.3f} < shift threshold {thr.shift:g}",
                    conf,
                    source_span=span_of(ctx.source, ctx.source_segments, b.src),
                    target_span=span_of(ctx.target, ctx.target_segments, b.tgt),
                    bead=k,
                    detector=self.name,
                )
            )
        return out
