"""pandas DataFrames for notebooks: beads, findings, score."""

from __future__ import annotations

from typing import Any

from ..types import Report
from .json import beads_to_list

KINDS = ("beads", "findings", "score")


def report_frame(report: Report, kind: str = "beads") -> Any:
    """A pandas DataFrame of one report's ``beads``, ``findings`` or ``score`` (one row)."""
    from ..errors import UsageError

    if kind not in KINDS:
        raise UsageError(f"unknown frame kind {kind!r}", fix=f"choose one of: {', '.join(KINDS)}", code="A270")
    import pandas as pd

    if kind == "beads":
        return pd.DataFrame(
            beads_to_list(report),
            columns=["index", "src", "tgt", "kind", "similarity", "confidence", "moved", "source_text", "target_text"],
        )
    if kind == "findings":
        rows = []
        for f in report.findings:
            d = f.to_dict()
            for side in ("source", "target"):
                sp = d.pop(f"{side}_span")
                for key in ("start", "end", "line", "col", "text"):
                    d[f"{side}_{key}"] = sp[key] if sp else None
            d["target_doc"] = report.target.id
            rows.append(d)
        cols = [
            "type", "severity", "message", "evidence", "confidence", "bead", "detector",
            "source_start", "source_end", "source_line", "source_col", "source_text",
            "target_start", "target_end", "target_line", "target_col", "target_text", "target_doc",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)
    if kind == "score":
        d: dict[str, Any] = {"source": report.source.id if report.source else None, "target": report.target.id}
        if report.score is not None:
            s = report.score.to_dict()
            pen = s.pop("penalties")
            has_ci, ci = "ci" in s, s.pop("ci", None)
            parts = s.pop("parts", None) or {}
            d.update(s)
            d.update({f"penalty_{k}": v for k, v in pen.items()})
            if has_ci:
                d["ci_low"], d["ci_high"] = (ci[0], ci[1]) if ci else (None, None)
            d.update({f"part_{k}": v for k, v in parts.items()})
        d["findings"] = len(report.findings)
        return pd.DataFrame([d])
    raise AssertionError("unreachable: kind was checked above")  # pragma: no cover
