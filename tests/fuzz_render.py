"""Fuzz tier (issue 12): every renderer against hostile article text. An audit of two hostile
documents (the deterministic fake embedder, so no model loads) is rendered in every format; each
output must stay inert: no line a CI runner would read as a workflow command outside the GitHub
format, no terminal control or bidi character in text and Markdown, no live markup in HTML, JSON
that parses back, SARIF and JUnit that parse."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from fuzz_settings import FUZZ
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.api import Auditor
from auditor.embed.fake import FakeEmbedder
from auditor.errors import AuditorError
from auditor.types import Thresholds

pytestmark = pytest.mark.fuzz

AUDITOR = Auditor(embedder=FakeEmbedder(dim=64), thresholds=Thresholds(match=0.45, shift=0.55, unrelated=0.2))
EVIL = st.sampled_from([
    "::error file=x::owned", "\n::warning::x", "##[error]x", "\x1b[31mred\x1b[0m", "\x07", "\u202e1.5\u202c",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>", "`rm -rf`", "| a | b |", "=HYPERLINK(1)",
    "+1", "@SUM(1)", "-1", "\u2066x\u2069", "\x00", "\u2028", "%0A::error::x", "“quoted” «guillemets»",
])  # fmt: skip
SENTENCE = st.lists(st.one_of(EVIL, st.sampled_from(["The council met.", "Prices rose 3%.", '"We will not stop," she said.'])),
                    min_size=1, max_size=4).map(" ".join)  # fmt: skip
ARTICLE = st.lists(SENTENCE, min_size=1, max_size=5).map("\n\n".join)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def _no_workflow_lines(out: str) -> None:
    for line in out.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line


@settings(FUZZ, max_examples=25)
@given(src=ARTICLE, tgt=ARTICLE)
def test_every_report_format_stays_inert(src, tgt):
    from auditor.report.html import render_html
    from auditor.report.json import dumps, report_to_dict
    from auditor.report.markdown import render_markdown
    from auditor.report.text import render_text

    try:
        rep = AUDITOR.audit(_doc(src, "src"), _doc(tgt, "tgt"))
    except AuditorError:
        return  # e.g. nothing left to audit after cleaning: a coded refusal is fine
    text = render_text(rep, color=False, show_beads=True, width=80)
    _no_workflow_lines(text)
    assert not CONTROL.search(text), repr(CONTROL.search(text))
    md = render_markdown(rep)
    _no_workflow_lines(md)
    assert not CONTROL.search(md)
    page = render_html(rep)
    assert "<script>alert(1)" not in page and "<img src=x" not in page  # article markup only ever escaped
    json.loads(dumps(report_to_dict(rep)))


def _doc(text: str, doc_id: str):
    from auditor.io.read import document_from_text

    return document_from_text(text, doc_id=doc_id, lang="en")


@settings(FUZZ, max_examples=20)
@given(tgt=ARTICLE, name=st.sampled_from(["::x.md", "a\u202eb.md", "evil\x1b.md", "=cmd.md", "plain.md"]))
def test_ci_formats_stay_well_formed(tmp_path_factory, tgt, name):
    """SARIF parses as JSON, JUnit as XML, and GitHub annotations escape their own syntax, for hostile
    article text and file names."""
    from auditor.report.github import render_github
    from auditor.report.junit import render_junit
    from auditor.report.sarif import render_sarif

    result = _check_result(tmp_path_factory, tgt, name)
    if result is None:
        return
    json.loads(render_sarif(result))
    ET.fromstring(render_junit(result))
    for line in render_github(result).splitlines():
        assert line.startswith("::") and "\n" not in line


def _check_result(tmp_path_factory, tgt: str, name: str):
    """A gate result over one lint document named ``name`` holding ``tgt``."""
    from auditor import gate

    root = tmp_path_factory.mktemp("desk")
    try:
        (root / name).write_text(tgt, encoding="utf-8")
    except (OSError, ValueError):
        return None
    try:
        cfg = gate.parse_gate_config({"lint": ["*.md"]}, root=root, path=root / "auditor.toml")
        return gate.run_gate(cfg, AUDITOR)
    except AuditorError:
        return None
