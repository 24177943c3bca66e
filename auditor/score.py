"""The fidelity score: per-bead statistics first, aggregation second.

First version (issue 2), documented in the README:

* **coverage**: the share of the source's characters in sentences that are aligned to
  something in the target; **support**: the same for the target against the source.
  Unaligned text is already counted here, so omission/addition findings take no
  further penalty; nor do style findings (boilerplate, spelling variants), which are
  reported but do not change meaning.
* **penalty**: every other finding costs ``SEVERITY_POINTS[severity]`` MQM-style points,
  normalised per 100 target words (at least 100): ``penalty = PENALTY_SCALE · points · 100 / max(words, 100)``.
* **fidelity** = ``max(0, 100 · F − penalty)``, with F the harmonic mean of coverage and support.

Lint mode (no source) has no coverage or support: fidelity is ``None`` there.
"""

from __future__ import annotations

from .types import Bead, Finding, FindingType, Score, Segmentation

SEVERITY_POINTS = {"critical": 10.0, "major": 5.0, "minor": 1.0}
PENALTY_SCALE = 1.0
COVERAGE_TYPES = frozenset({FindingType.OMISSION, FindingType.ADDITION})
# style, not meaning: reported, never deducted from fidelity (boilerplate is counted by support already)
STYLE_TYPES = frozenset({FindingType.BOILERPLATE, FindingType.SPELLING_VARIANT, FindingType.INCONSISTENT_SPELLING})


def aggregate(
    covered_source_chars: int,
    supported_target_chars: int,
    findings: list[Finding] | tuple[Finding, ...],
    *,
    target_words: int,
    source_chars: int,
    target_chars: int,
    signature: str,
) -> Score:
    """Combine covered characters and findings into a Score."""
    coverage = min(1.0, covered_source_chars / source_chars) if source_chars else 0.0
    support = min(1.0, supported_target_chars / target_chars) if target_chars else 0.0
    f = 2 * coverage * support / (coverage + support) if coverage + support > 0 else 0.0
    per_sev = {"critical": 0.0, "major": 0.0, "minor": 0.0}
    for fd in findings:
        if fd.type in COVERAGE_TYPES or fd.type in STYLE_TYPES:
            continue
        per_sev[fd.severity.value] += SEVERITY_POINTS[fd.severity.value]
    norm = PENALTY_SCALE * 100.0 / max(target_words, 100)
    penalties = tuple((k, v * norm) for k, v in per_sev.items())
    penalty = sum(v for _, v in penalties)
    fidelity = max(0.0, 100.0 * f - penalty)
    return Score(fidelity, coverage, support, penalty, penalties, signature)


def covered_chars(beads: tuple[Bead, ...], src: Segmentation, tgt: Segmentation) -> tuple[int, int]:
    """Characters of source and target sentences that take part in an aligned bead (each counted once)."""
    s_idx = {i for b in beads if b.src and b.tgt for i in b.src}
    t_idx = {j for b in beads if b.src and b.tgt for j in b.tgt}
    return sum(len(src.segments[i].text) for i in s_idx), sum(len(tgt.segments[j].text) for j in t_idx)


def score_alignment(
    beads: tuple[Bead, ...], findings: list[Finding] | tuple[Finding, ...], src: Segmentation, tgt: Segmentation, *, signature: str
) -> Score:
    src_total = sum(len(s.text) for s in src.segments)
    tgt_total = sum(len(s.text) for s in tgt.segments)
    s_cov, t_sup = covered_chars(beads, src, tgt)
    words = sum(len(s.text.split()) for s in tgt.segments)
    return aggregate(s_cov, t_sup, findings, target_words=words, source_chars=src_total, target_chars=tgt_total, signature=signature)
