"""The terminal report: readable at 80 columns, colour only when asked for (a TTY without NO_COLOR)."""

from __future__ import annotations

import textwrap

from ..types import Finding, Report

WIDTH = 80
_COLORS = {"critical": "\033[1;31m", "major": "\033[33m", "minor": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.color else text


def _wrap(text: str, indent: str, width: int = WIDTH, max_lines: int = 4) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width - len(indent)) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - len(indent) - 1)] + "…"
    return [indent + ln for ln in lines]


def _loc(doc_path: str | None, doc_id: str, line: int, col: int) -> str:
    return f"{doc_path or doc_id}:{line}:{col}"


def render_text(report: Report, *, color: bool = False, show_beads: bool = True) -> str:
    st = _Style(color)
    out: list[str] = []
    tgt = report.target
    head = f"auditor: {tgt.path or tgt.id} ({tgt.lang or '?'})"
    if report.source is not None:
        head += f" against {report.source.path or report.source.id} ({report.source.lang or '?'})"
    else:
        head += ", no source (lint only)"
    out += _wrap(head, "", max_lines=3)
    if report.score is not None:
        s = report.score
        out.append(
            st(f"Fidelity {s.fidelity:5.1f}/100", "bold")
            + f"   coverage {s.coverage:.2f}  support {s.support:.2f}  penalty {s.penalty:.1f}"
        )
    if report.alignment is not None:
        out += _wrap(f"Alignment: {report.alignment.mode} ({report.alignment.reason})", "")
    out += _wrap(f"Signature: {report.signature}", "", max_lines=3)
    if show_beads and report.alignment is not None and report.source_segments is not None:
        out.append("")
        out.append(st("Aligned sentences (source -> target, cosine)", "bold"))
        src, tg = report.source_segments, report.target_segments
        for b in report.beads:
            sim = "  -  " if b.similarity is None else f"{b.similarity:.2f}"
            tag = "  moved" if b.moved else ""
            label = f"  {_ids(b.src):>9} -> {_ids(b.tgt):<9} {sim}{tag}"
            out.append(label)
            if b.src:
                out += _wrap("S: " + " ".join(src.segments[i].text for i in b.src), "      ", max_lines=2)
            if b.tgt:
                out += _wrap("T: " + " ".join(tg.segments[j].text for j in b.tgt), "      ", max_lines=2)
    out.append("")
    out += _findings(report, st)
    return "\n".join(out) + "\n"


def _ids(idx: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, idx)) + "]" if idx else "[]"


def _findings(report: Report, st: _Style) -> list[str]:
    fs = report.findings
    counts = {sev: sum(1 for f in fs if f.severity.value == sev) for sev in ("critical", "major", "minor")}
    out = [st(f"Findings: {len(fs)} ({counts['critical']} critical, {counts['major']} major, {counts['minor']} minor)", "bold")]
    for f in fs:
        out += _finding(report, f, st)
    return out


def _finding(report: Report, f: Finding, st: _Style) -> list[str]:
    sev = f.severity.value
    lines = [f"  {st(f'{sev.upper():<8}', sev)} {f.type.value}"]
    if f.target_span is not None:
        lines += _wrap("at target " + _loc(report.target.path, report.target.id, f.target_span.line, f.target_span.col), "      ")
    if f.source_span is not None and report.source is not None:
        lines += _wrap("at source " + _loc(report.source.path, report.source.id, f.source_span.line, f.source_span.col), "      ")
    lines += _wrap(f.message, "      ")
    if f.source_span is not None:
        lines += _wrap(f"source: “{f.source_span.text}”", "      ", max_lines=2)
    if f.target_span is not None:
        lines += _wrap(f"target: “{f.target_span.text}”", "      ", max_lines=2)
    lines += [st(ln, "dim") for ln in _wrap(f"evidence: {f.evidence} (confidence {f.confidence:.2f})", "      ", max_lines=3)]
    return lines
