"""The terminal report: readable at 80 columns, colour only when asked for (a TTY without NO_COLOR).

Lines are wrapped to :func:`terminal_width` (the terminal's width capped at 100 columns when
stdout is a terminal, 80 otherwise); the caller decides about colour (the CLI's ``_use_color``).
Document text, paths and ids go through :mod:`auditor.report.safe`: controls and bidi characters
are shown as ``<U+XXXX>``, and no line can be a CI workflow command.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

from ..types import Finding, Report
from .safe import defuse_lines, inline, safe_text, visible

WIDTH = 80  # when stdout is not a terminal
MAX_WIDTH = 100
MIN_WIDTH = 40


def terminal_width(stream=None) -> int:
    """The width to wrap at: the terminal's (40..100 columns) on a TTY, else 80."""
    stream = sys.stdout if stream is None else stream
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return WIDTH
    cols = shutil.get_terminal_size((WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, cols))

_COLORS = {"critical": "\033[1;31m", "major": "\033[33m", "minor": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.color else text


def _wrap(text: str, indent: str, width: int = WIDTH, max_lines: int = 4) -> list[str]:
    text = defuse_lines(visible(" ".join(text.split())))  # '##[' defused here; a line-leading '::' below
    avail = max(10, width - len(indent) - (1 if "::" in text else 0))  # room for the backslash
    lines = textwrap.wrap(text, width=avail, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: avail - 1] + "…"
    return [defuse_lines(indent + ln) for ln in lines]


def _wrap_signature(sig: str, width: int) -> list[str]:
    """``Signature: a|b|c…`` broken at the ``|`` separators, continuation lines indented."""
    label, indent = "Signature: ", "  "
    lines: list[str] = []
    cur = label
    for k, part in enumerate(visible(" ".join(sig.split())).split("|")):
        piece = part if k == 0 else "|" + part
        if len(cur) + len(piece) > width and cur.strip() and cur != label:
            lines.append(cur)
            cur = indent + piece
        else:
            cur += piece
    lines.append(cur)
    out = []
    for ln in lines:  # a single part longer than the width: hard-wrap it
        out += textwrap.wrap(ln, width=width, subsequent_indent=indent, break_on_hyphens=False) or [ln]
    return out


def _loc(doc_path: str | None, doc_id: str, line: int, col: int) -> str:
    return f"{inline(doc_path or doc_id)}:{line}:{col}"


def render_text(report: Report, *, color: bool = False, show_beads: bool = True, width: int | None = None) -> str:
    """The report for a terminal, wrapped at ``width`` (default :func:`terminal_width`)."""
    width = terminal_width() if width is None else max(MIN_WIDTH, int(width))
    st = _Style(color)
    out: list[str] = []
    tgt = report.target
    head = f"auditor: {inline(tgt.path or tgt.id)} ({inline(tgt.lang or '?')})"
    if report.source is not None:
        head += f" against {inline(report.source.path or report.source.id)} ({inline(report.source.lang or '?')})"
    else:
        head += ", no source (lint only)"
    out += [st(ln, "bold") for ln in _wrap(head, "", width, max_lines=3)]
    if report.score is not None:
        s = report.score
        lo, hi = getattr(s, "ci_low", None), getattr(s, "ci_high", None)
        ci = f" (95% CI {lo:.1f}-{hi:.1f})" if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) else ""
        parts = f"coverage {s.coverage:.2f}  support {s.support:.2f}  penalty {s.penalty:.1f}"
        fid = f"Fidelity {s.fidelity:5.1f}/100{ci}"
        if len(fid) + 3 + len(parts) <= width:
            out.append(st(fid, "bold") + "   " + parts)
        else:
            out += [st(fid, "bold"), "  " + parts]
    if report.alignment is not None:
        out += _wrap(f"Alignment: {report.alignment.mode} ({report.alignment.reason})", "", width)
    out += _wrap_signature(str(report.signature), width)
    if show_beads and report.alignment is not None and report.source_segments is not None:
        out.append("")
        out.append(st("Aligned sentences (source -> target, cosine)", "bold"))
        src, tg = report.source_segments, report.target_segments
        for b in report.beads:
            sim = "  -  " if b.similarity is None else f"{b.similarity:.2f}"
            tags = []
            if not b.tgt:
                tags.append("omitted")
            elif not b.src:
                tags.append("added")
            if b.moved:
                tags.append("moved")
            label = f"  {_ids(b.src):>9} -> {_ids(b.tgt):<9} {sim}"
            out.append(label + ("  " + st(", ".join(tags), "dim") if tags else ""))
            if b.src:
                out += _wrap("S: " + " ".join(src.segments[i].text for i in b.src), "      ", width, max_lines=2)
            if b.tgt:
                out += _wrap("T: " + " ".join(tg.segments[j].text for j in b.tgt), "      ", width, max_lines=2)
    out.append("")
    out += _findings(report, st, width)
    text = "\n".join(out) + "\n"
    # every piece of document text was made visible above; this is the line-level guard (and, with
    # no colour codes of ours in the text, a second pass over everything)
    return defuse_lines(text) if color else safe_text(text)


def _ids(idx: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, idx)) + "]" if idx else "[]"


def _findings(report: Report, st: _Style, width: int) -> list[str]:
    fs = report.findings
    counts = {sev: sum(1 for f in fs if f.severity.value == sev) for sev in ("critical", "major", "minor")}
    out = [st(f"Findings: {len(fs)} ({counts['critical']} critical, {counts['major']} major, {counts['minor']} minor)", "bold")]
    for f in fs:
        out += _finding(report, f, st, width)
    return out


def _finding(report: Report, f: Finding, st: _Style, width: int) -> list[str]:
    sev = f.severity.value
    ind = "      "
    lines = [f"  {st(f'{sev.upper():<8}', sev)} {f.type.value}"]
    if f.target_span is not None:
        loc = _loc(report.target.path, report.target.id, f.target_span.line, f.target_span.col)
        lines += _wrap("at target " + loc, ind, width)
    if f.source_span is not None and report.source is not None:
        loc = _loc(report.source.path, report.source.id, f.source_span.line, f.source_span.col)
        lines += _wrap("at source " + loc, ind, width)
    lines += _wrap(f.message, ind, width)
    if f.source_span is not None:
        lines += _wrap(f"source: “{f.source_span.text}”", ind, width, max_lines=2)
    if f.target_span is not None:
        lines += _wrap(f"target: “{f.target_span.text}”", ind, width, max_lines=2)
    ev = f"evidence: {f.evidence} (confidence {f.confidence:.2f})"
    lines += [st(ln, "dim") for ln in _wrap(ev, ind, width, max_lines=3)]
    return lines
