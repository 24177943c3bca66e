"""``auditor score``'s output: one line per segment (JSON Lines or TSV) and the corpus summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..score import SegmentScore
    from ..types import Score, Signature

FORMATS = ("jsonl", "tsv")


def render_segments(scores: "Sequence[SegmentScore]", fmt: str) -> str:
    """``jsonl``: one object per segment with its findings; ``tsv``: a header, then one row per segment
    with the findings as ``severity:type`` pairs."""
    from .json import dumps

    lines = []
    if fmt == "tsv":
        lines.append("line\tfidelity\tsimilarity\treference_similarity\tfindings")
    for s in scores:
        if fmt == "jsonl":
            row = {
                "line": s.line,
                "fidelity": round(s.fidelity, 2),
                "similarity": round(s.similarity, 4),
                "reference_similarity": None if s.reference_similarity is None else round(s.reference_similarity, 4),
                "chrf": None if s.chrf is None else round(s.chrf, 2),
                "findings": [f.to_dict() for f in s.findings],
            }
            lines.append(dumps(row, indent=None))
        else:
            rs = "" if s.reference_similarity is None else f"{s.reference_similarity:.4f}"
            kinds = ",".join(f"{f.severity.value}:{f.type.value}" for f in s.findings)
            lines.append(f"{s.line}\t{s.fidelity:.2f}\t{s.similarity:.4f}\t{rs}\t{kinds}")
    return "\n".join(lines) + "\n"


def score_summary(scores: "Sequence[SegmentScore]", corpus: "Score", signature: "Signature") -> str:
    """Two lines for stderr: the mean fidelity with its confidence interval, and the signature."""
    flagged = sum(1 for s in scores if s.findings)
    return (
        f"segments: {len(scores)}  mean fidelity: {corpus.fidelity:.2f} (95% CI {corpus.ci_low:.2f}–{corpus.ci_high:.2f})"
        f"  segments with findings: {flagged}\nsignature: {signature}"
    )
