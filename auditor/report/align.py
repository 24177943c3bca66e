"""``auditor align``'s output: the beads of an alignment as gold lines, TSV or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api import AlignedDocuments

FORMATS = ("beads", "tsv", "json")


def render_alignment(aligned: "AlignedDocuments", fmt: str) -> str:
    """``beads``: ``[i,j]:[k]`` lines (0-based sentence indices, the Text+Berg gold format); ``tsv``:
    one row per bead with its kind, cosine, confidence, moved flag and sentences (each a safe
    spreadsheet cell); ``json``: the mode, the reason, the model and the beads as one object."""
    alignment = aligned.alignment
    src_seg, tgt_seg = aligned.source_segments, aligned.target_segments
    if fmt == "beads":
        return "".join(b.as_gold() + "\n" for b in alignment.beads)
    if fmt == "tsv":
        from .safe import spreadsheet_cell

        rows = ["src\ttgt\tkind\tsimilarity\tconfidence\tmoved\tsource_text\ttarget_text"]
        for b in alignment.beads:
            rows.append(
                "\t".join(
                    [
                        ",".join(map(str, b.src)),
                        ",".join(map(str, b.tgt)),
                        b.kind,
                        "" if b.similarity is None else f"{b.similarity:.4f}",
                        "" if b.confidence is None else f"{b.confidence:.4f}",
                        "moved" if b.moved else "",
                        spreadsheet_cell(" ".join(src_seg.segments[i].text for i in b.src)),
                        spreadsheet_cell(" ".join(tgt_seg.segments[j].text for j in b.tgt)),
                    ]
                )
            )
        return "\n".join(rows) + "\n"
    from .json import dumps

    beads = []
    for b in alignment.beads:
        beads.append(
            {
                "src": list(b.src),
                "tgt": list(b.tgt),
                "similarity": None if b.similarity is None else round(b.similarity, 4),
                "confidence": None if b.confidence is None else round(b.confidence, 4),
                "moved": b.moved,
                "source_text": " ".join(src_seg.segments[i].text for i in b.src),
                "target_text": " ".join(tgt_seg.segments[j].text for j in b.tgt),
            }
        )
    return dumps({"mode": alignment.mode, "reason": alignment.reason, "model": aligned.embedder.id, "beads": beads}) + "\n"


def alignment_note(aligned: "AlignedDocuments") -> str:
    """One line for stderr: the alignment mode, why, and the model."""
    return f"alignment: {aligned.alignment.mode} ({aligned.alignment.reason}); model {aligned.embedder.id}"
