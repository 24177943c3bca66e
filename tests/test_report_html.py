"""The editor's HTML report: self-contained, escaped (article text is hostile), filterable.

The ``browser`` test loads the page in a real headless Chromium (``/usr/bin/chromium``, Debian
package ``chromium``) through playwright, clicks the filters and saves a screenshot to
``tests/artifacts/report.png``.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.api import Auditor
from auditor.embed.fake import FakeEmbedder
from auditor.errors import UsageError
from auditor.report.html import CSP, esc, render_html, render_html_fragment, static
from auditor.types import FindingType, Thresholds

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)

# every line carries something a careless renderer would execute or mis-render
HOSTILE = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SRC = (
    "The council approved 120 new homes on Tuesday, the mayor said.\n\n"
    f"Residents wrote {HOSTILE} on the board 3 times | and `rm -rf` ]]> too.\n\n"
    f"An image {IMG} was posted by the President Anna Weber.\n\n"
    "The budget will be discussed again next month.\n"
)
TGT = (
    "The council approved 150 new homes on Tuesday, the mayor said.\n\n"
    f"Residents wrote {HOSTILE} on the board 4 times | and `rm -rf` ]]> too.\n\n"
    f"An image {IMG} was posted by the Vice President Anna Weber in Kiev.\n\n"
    "Bananas are rich in potassium and fibre, experts say.\n"
)


def build_reports():
    """An audit (with a moved bead and a confidence interval) and a lint report of the hostile article."""
    a = Auditor(embedder=FakeEmbedder(dim=256), thresholds=FAKE_THR)
    src = dataclasses.replace(a.load(SRC, lang="en"), title=f"Title {HOSTILE}", url="javascript:alert(1)")
    tgt = dataclasses.replace(a.load(TGT, lang="en"), outlet=f"Outlet {IMG}")
    rep = a.audit(src, tgt)
    beads = list(rep.beads)
    beads[2] = dataclasses.replace(beads[2], moved=True)
    score = rep.score
    if score is not None and "ci_low" in {f.name for f in dataclasses.fields(score)}:
        score = dataclasses.replace(score, ci_low=40.0, ci_high=70.0)
    rep = dataclasses.replace(rep, alignment=dataclasses.replace(rep.alignment, beads=tuple(beads)), score=score)
    lint = a.lint(tgt)
    return rep, lint


@pytest.fixture(scope="module")
def reports():
    return build_reports()


class Page(HTMLParser):
    """Collects tags, attributes, script bodies, visible text and the text inside each finding's marks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.mark_text: dict[str, str] = {}
        self._stack: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        if tag not in ("meta", "input", "br", "img", "link"):
            self._stack.append((tag, d))
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1][0] == "script":
            self.scripts[-1] += data
            return
        self.text.append(data)
        for t, d in self._stack:
            if t == "mark":
                for fid in d.get("data-f", "").split():
                    self.mark_text[fid] = self.mark_text.get(fid, "") + data

    @property
    def visible(self) -> str:
        return "".join(self.text)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


def test_hostile_article_renders_as_text_only(reports):
    page = render_html(list(reports))
    p = parse(page)
    assert p.scripts == [static("report.js")], "the only script is ours: the package file"
    for tag, attrs in p.tags:
        assert tag not in ("img", "iframe", "object", "embed", "link", "base"), tag
        assert not any(k.lower().startswith("on") for k in attrs), (tag, attrs)
        assert not any("javascript:" in (v or "") for k, v in attrs.items() if k in ("href", "src", "action")), attrs
    # the markup in the article is visible to the editor, as text
    assert HOSTILE in p.visible and IMG in p.visible and "]]>" in p.visible and "`rm -rf`" in p.visible
    assert "| and" in p.visible and "javascript:alert(1)" in p.visible  # the URL shown as text, never a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_self_contained_with_csp(reports):
    page = render_html(list(reports))
    p = parse(page)
    csp = [a.get("content") for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [CSP] and "default-src 'none'" in CSP
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page
    assert not any("src" in a for t, a in p.tags)


def test_marks_cover_every_finding_span(reports):
    rep = reports[0]
    p = parse(render_html([rep]))
    for k, f in enumerate(rep.findings):
        spans = [s for s in (f.target_span, f.source_span) if s is not None and s.end > s.start]
        if not spans:
            continue
        marked = p.mark_text.get(f"r0-f{k}", "")
        # the marked text is the span's text (source then target, each cut at sentence boundaries)
        expected = "".join(s.text for s in (f.source_span, f.target_span) if s is not None and s.end > s.start)
        assert "".join(marked.split()) == "".join(expected.split()), (f.type, marked, expected)
    numbers = [k for k, f in enumerate(rep.findings) if f.type is FindingType.NUMBER_CHANGED]
    assert numbers and any("150" in p.mark_text.get(f"r0-f{k}", "") for k in numbers)
    for sev in ("critical", "major", "minor"):
        if any(f.severity.value == sev for f in rep.findings if f.target_span or f.source_span):
            assert any(t == "mark" and f"sev-{sev}" in a.get("class", "") for t, a in p.tags), sev


def test_bead_rows_and_one_sided_and_moved(reports):
    rep = reports[0]
    p = parse(render_html([rep]))
    rows = {a["id"]: a["class"] for t, a in p.tags if t == "tr" and a.get("id", "").startswith("r0-b")}
    assert len(rows) == len(rep.beads)
    for k, b in enumerate(rep.beads):
        cls = rows[f"r0-b{k}"]
        assert ("omission" in cls) == (not b.tgt) and ("addition" in cls) == (not b.src) and ("moved" in cls) == b.moved
    moved = next(k for k, b in enumerate(rep.beads) if b.moved)
    assert f"moved from source sentence {rep.beads[moved].src[0] + 1} (line " in p.visible


def test_score_card_findings_list_and_filters(reports):
    rep = reports[0]
    p = parse(render_html([rep]))
    assert f"{rep.score.fidelity:.1f}" in p.visible and "coverage" in p.visible and "penalty" in p.visible
    if getattr(rep.score, "ci_low", None) is not None:
        assert "95% CI 40.0–70.0" in p.visible
    assert str(rep.signature) in p.visible
    items = [a for t, a in p.tags if t == "li" and "finding" in a.get("class", "")]
    assert len(items) == len(rep.findings)
    for f in rep.findings:
        assert f.message in p.visible and f.evidence in p.visible
    boxes = {(a.get("data-filter"), a.get("value")) for t, a in p.tags if t == "input"}
    assert {("sev", s) for s in ("critical", "major", "minor")} <= boxes
    assert {("type", f.type.value) for f in rep.findings} <= boxes
    # severity is named in text, not only by colour
    assert all(f.severity.value in p.visible for f in rep.findings)


def test_lint_report_has_target_only(reports):
    lint = reports[1]
    p = parse(render_html([lint]))
    heads = [a for t, a in p.tags if t == "th" and a.get("scope") == "col"]
    assert len(heads) == 2  # "#" and "Target": no source column
    assert "no source: lint only" in p.visible and "no score" in p.visible
    rows = [a for t, a in p.tags if t == "tr" and a.get("id", "").startswith("r0-s")]
    assert len(rows) == len(lint.target_segments.segments)
    assert HOSTILE in p.visible


def test_several_reports_toc_and_extra_sections(reports):
    extra = [(f"Graph {HOSTILE}", "<table><tr><td>a → b</td></tr></table>")]
    page = render_html(list(reports), title=f"Corpus {IMG}", extra_sections=extra)
    p = parse(page)
    hrefs = [a.get("href") for t, a in p.tags if t == "a"]
    assert "#r0" in hrefs and "#r1" in hrefs and "#extra-0" in hrefs
    assert f"Corpus {IMG}" in p.visible and f"Graph {HOSTILE}" in p.visible  # headings escaped
    assert "<table><tr><td>a → b</td></tr></table>" in page  # the caller's body as given
    ids = [a["id"] for t, a in p.tags if "id" in a]
    assert len(ids) == len(set(ids)), "element ids are unique across reports"


def test_single_report_and_empty_list():
    rep, _ = build_reports()
    assert render_html(rep) == render_html([rep])
    assert "No reports." in parse(render_html([])).visible


def test_html_fragment_and_frames(reports):
    """The notebook shortcuts live in auditor.report (issue 13: a Report is a value; types imports no renderer)."""
    from auditor.report import html_fragment, to_frame, to_html

    rep = reports[0]
    assert to_html(rep) == render_html([rep])
    frag = html_fragment(rep)
    assert "<html" not in frag and "<!DOCTYPE" not in frag
    p = parse(frag)
    assert p.scripts == [static("report.js")] and HOSTILE in p.visible
    assert render_html_fragment(rep, prefix="r0").count("<mark") == render_html([rep]).count("<mark")
    assert html_fragment(rep) != frag, "each display gets its own element ids"
    with pytest.raises(UsageError):
        render_html_fragment(rep, prefix='x" onclick="alert(1)')
    assert len(to_frame(rep, "findings")) == len(rep.findings)
    assert len(to_frame(rep, "beads")) == len(to_frame(rep)) == len(rep.beads)
    sc = to_frame(rep, "score")
    assert sc.loc[0, "fidelity"] == round(rep.score.fidelity, 2) and "findings" in sc.columns
    if getattr(rep.score, "ci_low", None) is not None:
        assert sc.loc[0, "ci_low"] == 40.0 and sc.loc[0, "ci_high"] == 70.0
    with pytest.raises(UsageError) as e:
        to_frame(rep, "nonsense")
    assert e.value.fix and "findings" in e.value.fix


def test_esc_quotes_attributes():
    """``esc`` (for callers' ``extra_sections``) escapes as the templates do, quotes included."""
    import html

    for text in ('"><script>', "'", "a & b", "<img src=x onerror=alert(1)>"):
        out = esc(text)
        assert not set("<>\"'") & set(out) and html.unescape(out) == text
    assert esc("1.5\u202e") == "1.5&lt;U+202E&gt;"  # a bidi control shown, as in the text reports


def test_controls_and_bidi_are_shown_not_obeyed():
    """Regression (issue 13): autoescape does not touch a bidi or terminal control; the report shows
    them as ``<U+XXXX>``, as the text reports do, so a reversed figure cannot display as the original."""
    a = Auditor(embedder=FakeEmbedder(dim=64), thresholds=FAKE_THR)
    src = a.load("The fee rose to 15 dollars.\n\nThe vote was close.\n", lang="en")
    tgt = dataclasses.replace(
        a.load("The fee rose to \u202e51\u202c dollars.\n\nThe vote was close.\n", lang="en"),
        title="T\x1b[31m",
        outlet="O\x07",
    )
    page = render_html(a.audit(src, tgt))
    assert not [c for c in ("\u202e", "\u202c", "\x07", "\x1b") if c in page]
    visible_text = parse(page).visible
    assert "<U+202E>51<U+202C>" in visible_text and "O<U+0007>" in visible_text and "T<U+001B>[31m" in visible_text


def test_templates_autoescape_and_fail_on_undefined():
    import jinja2

    from auditor.report.html import _env

    env = _env()
    assert env is _env(), "built once per process"
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    assert set(env.list_templates()) >= {"page.html.j2", "fragment.html.j2"}
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page.html.j2").render()


def test_static_files_cannot_close_their_block_or_fetch():
    """The CSS and the script are inlined into <style> and <script>: neither may hold a closing tag
    (or anything the parser would end the block at), nor name anything on the network."""
    for name in ("report.css", "report.js"):
        text = str(static(name)).lower()
        assert text.strip() and "</" not in text and "<!--" not in text
        assert "http:" not in text and "https:" not in text and "url(" not in text and "@import" not in text


def test_rendering_is_lazy_about_jinja():
    """``import auditor`` and the report shortcuts load no template engine; the first render does."""
    import subprocess
    import sys

    code = (
        "import sys, auditor, auditor.api, auditor.report\n"
        "print(','.join(m for m in ('jinja2', 'markupsafe') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


# ---------------------------------------------------------------------- a real browser

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install -y chromium)")
def test_report_in_headless_chromium(reports, tmp_path):
    from playwright.sync_api import sync_playwright

    rep = reports[0]
    path = tmp_path / "report.html"
    path.write_text(render_html(list(reports), title="Hostile article"), encoding="utf-8")
    url = path.as_uri()
    crit = next(k for k, f in enumerate(rep.findings) if f.severity.value == "critical" and f.target_span is not None)
    add = next(k for k, f in enumerate(rep.findings) if f.type is FindingType.ADDITION)
    n_crit = sum(1 for f in rep.findings if f.severity.value == "critical")
    console, errors, dialogs, requests = [], [], [], []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True, viewport={"width": 1280, "height": 1400}
        )
        try:
            page = ctx.new_page()
            page.on("console", lambda m: console.append((m.type, m.text)))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)
            page.wait_for_load_state("load")

            r0 = page.locator("#r0")
            assert r0.locator(".score-card").count() == 1
            assert r0.locator("table.beads tr.row[id^='r0-b']").count() == len(rep.beads)
            mark = r0.locator(f"td.tgt mark[data-f~='r0-f{crit}']").first
            assert mark.is_visible() and "sev-critical" in mark.get_attribute("class")
            assert rep.findings[crit].target_span.text in mark.inner_text()
            assert page.locator("#r0 li.finding:visible").count() == len(rep.findings)
            assert HOSTILE in r0.inner_text() and IMG in r0.inner_text()

            # severity filter: critical off -> its findings and highlights hidden; on -> back
            page.click("label:has(#r0-fs-critical)")
            assert not page.is_checked("#r0-fs-critical")
            assert page.locator("#r0 li.finding[data-sev='critical']:visible").count() == 0
            assert page.locator("#r0 li.finding:visible").count() == len(rep.findings) - n_crit
            assert "off" in mark.get_attribute("class").split()
            assert f"showing {len(rep.findings) - n_crit} of {len(rep.findings)}" in r0.locator(".shown").inner_text()
            page.click("label:has(#r0-fs-critical)")
            assert page.locator("#r0 li.finding:visible").count() == len(rep.findings)
            assert "sev-critical" in mark.get_attribute("class").split()

            # type filter: "addition" off -> the addition finding and its highlight hidden; on -> back
            add_type = page.locator("#r0 input[data-filter='type'][value='addition']")
            add_mark = r0.locator(f"mark[data-f~='r0-f{add}']").first
            add_type.click()
            assert page.locator(f"#r0-f{add}").is_hidden()
            assert "off" in add_mark.get_attribute("class").split()
            add_type.click()
            assert page.locator(f"#r0-f{add}").is_visible()
            assert "off" not in add_mark.get_attribute("class").split()

            # "only rows with findings" with critical off: rows whose highlights are all critical are hidden
            page.click("label:has(#r0-fs-critical)")
            page.click("label:has(#r0-only)")
            rows = page.locator("#r0 table.beads tr.row")
            expected = page.locator("#r0 table.beads tr.row:has(mark.hl:not(.off))").count()
            assert 0 < expected < len(rep.beads)
            assert page.locator("#r0 table.beads tr.row:visible").count() == expected
            page.click("label:has(#r0-only)")
            page.click("label:has(#r0-fs-critical)")
            assert page.locator("#r0 table.beads tr.row:visible").count() == rows.count() == len(rep.beads)

            # the second report (lint) has its own filters, untouched by the first's
            assert page.locator("#r1 li.finding:visible").count() == len(reports[1].findings)

            out = ROOT / "tests" / "artifacts"
            out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out / "report.png"), full_page=False)
        finally:
            ctx.close()
    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not errors and not [c for c in console if c[0] == "error"], (errors, console)
    assert all(u.startswith("file://") for u in requests), requests
