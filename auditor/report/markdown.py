"""The Markdown report, for a pull-request comment (GitHub-flavoured Markdown).

Per report: a summary line (fidelity, counts by severity), a findings table (severity, type,
target ``line:col``, message, source and target excerpts) and the aligned sentences inside a
collapsible ``<details>`` block. Article text is hostile input: every document-derived string
goes through :func:`md_escape`, which turns ``<``, ``>``, ``&``, pipes, backticks, ``@`` and the
Markdown punctuation into entities or backslash escapes, and newlines into spaces, so a
``<script>`` stays text, a ``|`` cannot open a table cell and ``@name`` pings nobody. Controls and
bidi characters are shown as ``<U+XXXX>`` and no line is a CI workflow command
(:mod:`auditor.report.safe`).
"""

from __future__ import annotations

from typing import Sequence

from .. import __version__
from ..types import Finding, Report
from .safe import defuse_lines, inline

SEVERITIES = ("critical", "major", "minor")
EXCERPT = 120  # characters of a quoted span in a table cell

# entities for what HTML or GFM tables would interpret; backslash for Markdown emphasis/link syntax
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "`": "&#96;", "@": "&#64;", '"': "&quot;"}
_BACKSLASH = set("\\*_[]~#")  # emphasis, links, strike-through, issue refs


def md_escape(text: object, *, limit: int | None = None) -> str:
    """Plain text made inert for a Markdown table cell (one line)."""
    s = " ".join(str(text).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    out = []
    for ch in inline(s):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASH:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _name(report_doc) -> str:
    return report_doc.path or report_doc.id


def _counts(report: Report) -> dict[str, int]:
    return {s: sum(1 for f in report.findings if f.severity.value == s) for s in SEVERITIES}


def _summary(report: Report) -> str:
    c = _counts(report)
    counts = ", ".join(f"{c[s]} {s}" for s in SEVERITIES)
    if report.score is not None:
        s = report.score
        lo, hi = getattr(s, "ci_low", None), getattr(s, "ci_high", None)
        ci = f" (95% CI {lo:.1f}–{hi:.1f})" if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) else ""
        return (
            f"**Fidelity {s.fidelity:.1f}/100**{ci} · coverage {s.coverage:.0%} · support {s.support:.0%} · "
            f"{len(report.findings)} findings: {counts}"
        )
    return f"**Lint only** (no source) · {len(report.findings)} findings: {counts}"


def _finding_row(report: Report, f: Finding) -> str:
    loc = f"{f.target_span.line}:{f.target_span.col}" if f.target_span is not None else "—"
    if f.target_span is None and f.source_span is not None:
        loc = f"source {f.source_span.line}:{f.source_span.col}"
    src = md_escape(f.source_span.text, limit=EXCERPT) if f.source_span is not None and report.source else ""
    tgt = md_escape(f.target_span.text, limit=EXCERPT) if f.target_span is not None else ""
    sev = f.severity.value
    return (
        f"| {'**' + sev + '**' if sev == 'critical' else sev} | {md_escape(f.type.value)} | {loc} "
        f"| {md_escape(f.message, limit=300)} | {src} | {tgt} |"
    )


def _order(f: Finding) -> tuple[int, int]:
    span = f.target_span or f.source_span
    return (-f.severity.rank, span.start if span is not None else -1)


def _beads(report: Report) -> list[str]:
    if report.alignment is None or report.source_segments is None:
        return []
    sseg, tseg = report.source_segments, report.target_segments
    out = [
        "<details>",
        f"<summary>Aligned sentences ({len(report.beads)} beads, {report.alignment.mode} alignment)</summary>",
        "",
        "| # | source | target | cosine | note |",
        "|---:|---|---|---:|---|",
    ]
    for k, b in enumerate(report.beads):
        s_text = md_escape(" ".join(sseg.segments[i].text for i in b.src), limit=200) if b.src else "—"
        t_text = md_escape(" ".join(tseg.segments[j].text for j in b.tgt), limit=200) if b.tgt else "—"
        notes = []
        if not b.tgt:
            notes.append("omitted")
        elif not b.src:
            notes.append("added")
        if b.moved:
            notes.append(f"moved (source sentence {b.src[0] + 1})" if b.src else "moved")
        sim = "" if b.similarity is None else f"{b.similarity:.2f}"
        out.append(f"| {k + 1} | {s_text} | {t_text} | {sim} | {', '.join(notes)} |")
    out += ["", "</details>"]
    return out


def render_markdown(reports: Sequence[Report] | Report, *, heading_level: int = 3) -> str:
    """A pull-request comment for one or several reports."""
    if isinstance(reports, Report):
        reports = [reports]
    h = "#" * max(1, min(6, heading_level))
    out: list[str] = []
    for rep in reports:
        title = md_escape(_name(rep.target))
        if rep.source is not None:
            title += f" against {md_escape(_name(rep.source))}"
        out += [f"{h} auditor: {title}", "", _summary(rep), ""]
        if rep.findings:
            order = sorted(rep.findings, key=_order)
            out += [
                "| severity | type | target line:col | message | source | target |",
                "|---|---|---|---|---|---|",
            ]
            out += [_finding_row(rep, f) for f in order]
            out.append("")
        else:
            out += ["No findings.", ""]
        beads = _beads(rep)
        if beads:
            out += beads + [""]
        out += [f"<sub>signature: {md_escape(str(rep.signature))}</sub>", ""]
    if not reports:
        out += ["No reports.", ""]
    out.append(f"<sub>auditor {md_escape(__version__)}</sub>")
    return defuse_lines("\n".join(out) + "\n")
