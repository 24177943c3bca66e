"""pandas DataFrames for notebooks: a report's beads, findings or score; a corpus run's attributions,
candidates, scores or findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import Report
from .json import beads_to_list

if TYPE_CHECKING:
    from ..corpus import CorpusResult

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
        row: dict[str, Any] = {"source": report.source.id if report.source else None, "target": report.target.id}
        if report.score is not None:
            s = report.score.to_dict()
            pen = s.pop("penalties")
            has_ci, ci = "ci" in s, s.pop("ci", None)
            parts = s.pop("parts", None) or {}
            row.update(s)
            row.update({f"penalty_{k}": v for k, v in pen.items()})
            if has_ci:
                row["ci_low"], row["ci_high"] = (ci[0], ci[1]) if ci else (None, None)
            row.update({f"part_{k}": v for k, v in parts.items()})
        row["findings"] = len(report.findings)
        return pd.DataFrame([row])
    raise AssertionError("unreachable: kind was checked above")  # pragma: no cover


def corpus_frame(result: "CorpusResult", kind: str = "attributions") -> Any:
    """pandas DataFrames for notebooks: ``attributions`` (one row per document: its story, likely
    source, score and evidence), ``candidates`` (every ranked candidate), ``scores`` (one row per
    audited pair) or ``findings`` (every finding of every audited pair)."""
    import pandas as pd

    if kind == "attributions":
        rows = []
        for a in result.attributions:
            ch = a.chosen
            rows.append({"document": a.target_id, "story": result.story_of(a.target_id).id, "source": a.source_id,
                         "score": None if ch is None else round(ch.score, 4), "reason": a.reason,
                         **({f"evidence_{k}": v for k, v in ch.evidence.items()} if ch is not None else {})})  # fmt: skip
        return pd.DataFrame(rows)
    if kind == "candidates":
        return pd.DataFrame(
            [{"document": c.target_id, "candidate": c.source_id, "score": round(c.score, 4), "admissible": c.admissible,
              "chosen": a.source_id == c.source_id, **{f"evidence_{k}": v for k, v in c.evidence.items()}}
             for a in result.attributions for c in a.candidates]  # fmt: skip
        )
    if kind in ("scores", "findings"):
        frames = [report_frame(r, "score" if kind == "scores" else "findings") for r in result.reports]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    from ..errors import UsageError

    raise UsageError(f"unknown corpus frame kind {kind!r}", fix="choose attributions, candidates, scores or findings")
