"""The one interface every detector implements, and helpers to build located findings.

A detector receives an :class:`AuditContext` (both documents, their segmentations, the
alignment and the model's thresholds) and returns findings. Detectors never score and
never print. Later detectors (quotes, numbers, entities, labels…) add their own
:class:`~auditor.types.FindingType` members and plug in here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from ..lang import base_lang
from ..types import Alignment, Bead, Document, Finding, Segmentation, Span, Thresholds


@dataclass(frozen=True)
class AuditContext:
    source: Document | None
    target: Document
    source_segments: Segmentation | None
    target_segments: Segmentation
    alignment: Alignment | None
    thresholds: Thresholds

    @property
    def source_lang(self) -> str:
        """The source's primary language code (``"und"`` when unknown or no source)."""
        if self.source is None:
            return base_lang(None)
        return base_lang(self.source.lang or (self.source_segments.lang if self.source_segments else None))

    @property
    def target_lang(self) -> str:
        return base_lang(self.target.lang or self.target_segments.lang)


def paired_beads(ctx: AuditContext) -> Iterator[tuple[int, Bead]]:
    """(index, bead) of every bead with sentences on both sides; nothing in lint mode."""
    if ctx.alignment is None or ctx.source is None or ctx.source_segments is None:
        return
    for k, bead in enumerate(ctx.alignment.beads):
        if bead.src and bead.tgt:
            yield k, bead


# one text layer: folding lives in auditor/text.py (re-exported here for the detectors that import it from base)
from ..text import APOSTROPHES, fold, fold_with_offsets  # noqa: E402,F401


@runtime_checkable
class Detector(Protocol):
    name: str

    def detect(self, ctx: AuditContext) -> list[Finding]: ...


def span_of(doc: Document, seg: Segmentation, indices: Sequence[int]) -> Span | None:
    """The span covering segments ``indices`` (contiguous or not: first start to last end)."""
    if not indices:
        return None
    first, last = seg.segments[min(indices)], seg.segments[max(indices)]
    return make_span(doc, first.start, last.end, tuple(sorted(indices)))


def make_span(doc: Document, start: int, end: int, segments: tuple[int, ...] = ()) -> Span:
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(max(start, end - 1))
    return Span(doc.id, start, end, line, col, end_line, end_col + (1 if end > start else 0), doc.text[start:end], segments)


def run_detectors(ctx: AuditContext, detectors: Sequence[Detector]) -> list[Finding]:
    findings: list[Finding] = []
    for det in detectors:
        findings.extend(det.detect(ctx))
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable order: by target position (source position for omissions), then severity."""

    def key(f: Finding) -> tuple:
        span = f.target_span or f.source_span
        side = 0 if f.target_span else 1
        return (side, span.start if span else -1, -f.severity.rank, f.type.value)

    return sorted(findings, key=key)
