"""GitHub Actions annotations: one workflow command per finding, read by the runner from stdout.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=TITLE::MESSAGE``

Severity gives the command: critical → ``error``, major → ``warning``, minor → ``notice``.
Findings accepted by the baseline are not annotated. A document that fails ``min_score``
gets one ``error`` on its first line. Escaping follows GitHub's workflow-command rules: in
the message ``%``, ``\\r`` and ``\\n`` become ``%25``, ``%0D``, ``%0A``; in properties ``:``
and ``,`` also become ``%3A`` and ``%2C``; other line-breaking and control characters
become spaces, so one finding is always one line. Columns are given only for a span on one line
(``endColumn`` is the column of the span's last character). GitHub shows a limited number of
annotations per kind and step, so the most severe come first.
"""

from __future__ import annotations

from ..types import Finding, Span

LEVELS = {"critical": "error", "major": "warning", "minor": "notice"}
_ORDER = {"error": 0, "warning": 1, "notice": 2}


# other characters some readers take for line breaks (and the remaining C0 controls) become spaces
_BREAKS = str.maketrans({c: " " for c in [*map(chr, range(0x00, 0x09)), *map(chr, range(0x0B, 0x0D)),
                                          *map(chr, range(0x0E, 0x20)), "\x7f", "\x85", "\u2028", "\u2029"]})


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").translate(_BREAKS)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    """One workflow command; properties with value None are left out."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    return f"::{level} {','.join(parts)}::{escape_data(message)}" if parts else f"::{level}::{escape_data(message)}"


def _location(span: Span | None) -> dict[str, object]:
    if span is None:
        return {"line": 1}
    loc: dict[str, object] = {"line": span.line, "endLine": span.end_line}
    if span.line == span.end_line:
        loc["col"] = span.col
        loc["endColumn"] = max(span.col, span.end_col - 1)
    return loc


def finding_command(f: Finding, path: str, *, failing: bool = False) -> str:
    level = LEVELS[f.severity.value]
    title = f"auditor: {f.type.value} ({f.severity.value}{', fails the check' if failing else ''})"
    message = f.message
    if f.evidence:
        message += f"\n{f.evidence}"
    if f.target_span is None and f.source_span is not None:
        message += f"\nsource, line {f.source_span.line}: {f.source_span.text}"
    return command(level, message, file=path, **_location(f.target_span), title=title)


def render_github(result) -> str:  # result: auditor.gate.CheckResult
    """Annotations for every finding not accepted by the baseline, most severe first."""
    rows: list[tuple[int, str, int, str]] = []
    for doc in result.documents:
        for cf in doc.findings:
            if cf.baselined:
                continue
            f = cf.finding
            line = f.target_span.line if f.target_span else 0
            rows.append((_ORDER[LEVELS[f.severity.value]], doc.path, line, finding_command(f, doc.path, failing=cf.failing)))
        for reason in doc.failures:
            if "min_score" in reason:
                rows.append((0, doc.path, 0, command("error", f"{doc.path}: {reason}", file=doc.path, line=1, title="auditor: fidelity below min_score")))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return "".join(r[3] + "\n" for r in rows)
