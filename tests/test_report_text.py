"""The terminal report: wrapped to the terminal (80 columns when not a TTY, at most 100), colour only on request."""

from __future__ import annotations

import io

import pytest
from test_report_html import HOSTILE, build_reports

from auditor.report import text as text_mod
from auditor.report.text import render_text, terminal_width


@pytest.fixture(scope="module")
def reports():
    return build_reports()


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_width_80_when_not_a_tty(monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")  # ignored: not a terminal
    assert terminal_width(io.StringIO()) == 80


@pytest.mark.parametrize(("columns", "expected"), [(60, 60), (100, 100), (200, 100), (20, 40)])
def test_width_follows_the_terminal_capped(monkeypatch, columns, expected):
    monkeypatch.setattr(text_mod.shutil, "get_terminal_size", lambda fallback=(80, 24): type("S", (), {"columns": columns})())
    assert terminal_width(FakeTTY()) == expected


@pytest.mark.parametrize("width", [80, 60, 100])
def test_lines_fit_the_width(reports, width):
    for rep in reports:
        out = render_text(rep, width=width)
        assert max(len(line) for line in out.splitlines()) <= width, width


def test_no_colour_unless_asked(reports):
    rep = reports[0]
    assert "\033[" not in render_text(rep, width=80)
    coloured = render_text(rep, width=80, color=True)
    assert "\033[1;31m" in coloured  # critical in red
    # colour changes no text: stripping the escapes gives the plain report
    import re

    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == render_text(rep, width=80)


def test_content_signature_and_tags(reports):
    rep, lint = reports
    out = render_text(rep, width=80)
    assert f"Fidelity {rep.score.fidelity:5.1f}/100" in out
    if getattr(rep.score, "ci_low", None) is not None:
        assert "95% CI 40.0-70.0" in out
    # the signature is broken only at its | separators: joined back it is whole
    sig_lines = []
    lines = out.splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.startswith("Signature: "))
    sig_lines.append(lines[k][len("Signature: ") :])
    while lines[k + 1].startswith("  |"):
        k += 1
        sig_lines.append(lines[k].strip())
    assert "".join(sig_lines) == str(rep.signature)
    assert "omitted" in out and "added" in out and "moved" in out
    assert HOSTILE in out  # a terminal shows article text as it is
    for f in rep.findings:
        assert f.type.value in out
    lint_out = render_text(lint, width=80)
    assert "no source (lint only)" in lint_out and "Aligned sentences" not in lint_out


def test_no_beads_option(reports):
    out = render_text(reports[0], width=80, show_beads=False)
    assert "Aligned sentences" not in out and "Findings:" in out
