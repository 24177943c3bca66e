"""The Markdown report for pull-request comments: summary, findings table, beads in <details>; inert text."""

from __future__ import annotations

import re

import pytest
from test_report_html import HOSTILE, IMG, build_reports

from auditor.report.markdown import md_escape, render_markdown


@pytest.fixture(scope="module")
def reports():
    return build_reports()


def _table_rows(md: str, header: str) -> list[list[str]]:
    lines = md.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(header))
    rows = []
    for ln in lines[start + 2 :]:
        if not ln.startswith("|"):
            break
        rows.append(ln.strip("|").split("|"))  # escaped pipes are entities, so a raw | is a cell border
    return rows


def test_hostile_text_stays_text(reports):
    md = render_markdown(list(reports))
    assert "<script" not in md.lower() and "<img" not in md.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "`" not in md  # backticks (code spans) only ever come from text, and are entities
    # the only raw HTML tags are the ones the renderer writes
    assert set(re.findall(r"</?([a-zA-Z]+)", md)) <= {"details", "summary", "sub"}


def test_md_escape():
    assert md_escape("a|b") == "a&#124;b"
    assert md_escape("`x`") == "&#96;x&#96;"
    assert md_escape("<b> & ]]>") == "&lt;b&gt; &amp; \\]\\]&gt;"
    assert md_escape("**bold** [link](u) @user") == "\\*\\*bold\\*\\* \\[link\\](u) &#64;user"
    assert md_escape("two\nlines") == "two lines"
    assert md_escape("x" * 50, limit=10) == "x" * 9 + "…"


def test_summary_table_and_details(reports):
    rep, lint = reports
    md = render_markdown([rep, lint])
    assert f"**Fidelity {rep.score.fidelity:.1f}/100**" in md
    c = {s: sum(1 for f in rep.findings if f.severity.value == s) for s in ("critical", "major", "minor")}
    assert f"{c['critical']} critical, {c['major']} major, {c['minor']} minor" in md
    assert "**Lint only** (no source)" in md
    rows = _table_rows(md, "| severity | type | target line:col")
    assert len(rows) == len(rep.findings)
    assert all(len(r) == 6 for r in rows), "no pipe in article text split a cell"
    sev_order = [r[0].strip().strip("*") for r in rows]
    assert sev_order == sorted(sev_order, key=lambda s: {"critical": 0, "major": 1, "minor": 2}[s])
    num = next(f for f in rep.findings if f.type.value == "number_changed" and f.target_span.text == "150")
    assert any(r[2].strip() == f"{num.target_span.line}:{num.target_span.col}" and "150" in r[5] for r in rows)
    beads = _table_rows(md, "| # | source | target")
    assert len(beads) == len(rep.beads) and all(len(r) == 5 for r in beads)
    assert any("moved (source sentence" in r[4] for r in beads)
    assert any("omitted" in r[4] for r in beads) and any("added" in r[4] for r in beads)
    assert md.count("<details>") == 1 and md.count("</details>") == 1  # lint report has no beads
    assert str(rep.signature).split("|")[0] in md


def test_report_shortcut(reports):
    from auditor.report import to_markdown

    rep = reports[0]
    assert to_markdown(rep) == render_markdown([rep]) == render_markdown(rep)
    assert HOSTILE not in to_markdown(rep) and IMG not in to_markdown(rep)
