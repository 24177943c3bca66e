"""CI renderers: GitHub annotations, SARIF 2.1.0 (validated against the OASIS schema), JUnit XML.

Article text is hostile input: markup, CDATA terminators, control characters and the
workflow-command separators must stay text in every format.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from auditor.api import Auditor
from auditor.gate import CheckedFinding, CheckResult, DocResult, fingerprint
from auditor.report.github import command, escape_data, escape_property, render_github
from auditor.report.junit import render_junit
from auditor.report.sarif import render_sarif, sarif_dict
from auditor.types import Finding, FindingType, Severity, Span

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"  # vendored: tests/fixtures/PROVENANCE.md
HOSTILE = 'He said "<script>alert(1)</script> ]]> 100% & more,\x0b: done"'


def _span(doc_id: str, text: str, line: int, col: int) -> Span:
    return Span(doc_id, 0, len(text), line, col, line, col + len(text), text)


def _result(*, baseline: bool = False) -> CheckResult:
    report = Auditor().lint("A plain sentence about the council. Another one follows here.")
    hostile = Finding(
        FindingType.QUOTE_ALTERED,
        Severity.CRITICAL,
        f"Quotation altered: {HOSTILE}\nsecond line\r",
        "evidence with <b>tags</b> and ]]>",
        0.9,
        source_span=_span("s", "<script>src</script>", 2, 1),
        target_span=_span("t", HOSTILE, 3, 5),
        detector="quotes",
    )
    minor = Finding(FindingType.SPELLING_VARIANT, Severity.MINOR, "Spelling: Kiev", "e", 1.0, target_span=_span("t", "Kiev", 9, 1))
    omission = Finding(FindingType.OMISSION, Severity.MAJOR, "Dropped.", "", 0.8, source_span=_span("s", "A lost line.", 4, 1))
    path = "translations/a b,c:d%.es.md"
    checked = (
        CheckedFinding(hostile, fingerprint(hostile, path), False, True),
        CheckedFinding(minor, fingerprint(minor, path), baseline, False),
        CheckedFinding(omission, fingerprint(omission, path), False, False),
    )
    doc = DocResult(path, path, "sources/a.md", report, checked, ("1 finding matching fail_on",))
    ok = DocResult("briefs/b.txt", "briefs/b.txt", None, report, (), ())
    return CheckResult((doc, ok), ("critical",), 80.0, "b.json" if baseline else None, 0)


# --------------------------------------------------------------------------- GitHub


def test_github_escaping_of_data_and_properties():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("warning", "m: x, y", file="a,b.md", line=2, col=None) == "::warning file=a%2Cb.md,line=2::m: x, y"


def test_github_annotations_one_line_each_levels_and_baseline():
    out = render_github(_result(baseline=True))
    lines = out.splitlines()
    assert len(lines) == 2  # the baselined minor finding is not annotated; the passing doc has none
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines)
    first = lines[0]
    assert first.startswith("::error file=translations/a b%2Cc%3Ad%25.es.md,line=3,endLine=3,col=5,")
    assert "title=auditor%3A quote_altered (critical%2C fails the check)" in first
    assert "\n" not in first and "\r" not in first and "%0A" in first
    assert lines[1].startswith("::warning ") and "line=1" in lines[1]  # an omission points at line 1


# --------------------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_oasis_schema():
    import jsonschema  # a test extra: its absence is a broken set-up, not a reason to skip

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for baseline in (False, True):
        doc = json.loads(render_sarif(_result(baseline=baseline)))
        jsonschema.validate(doc, schema)


def test_sarif_content():
    s = sarif_dict(_result(baseline=True))
    run = s["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "auditor" and driver["version"] and driver["informationUri"].startswith("https://")
    assert {r["id"] for r in driver["rules"]} == {t.value for t in FindingType}
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in driver["rules"])
    res = run["results"]
    assert [r["level"] for r in res] == ["error", "note", "warning"]
    assert [r["baselineState"] for r in res] == ["new", "unchanged", "new"]
    loc = res[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "translations/a%20b%2Cc%3Ad%25.es.md"  # a ":" would read as a URI scheme
    assert loc["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 5 + len(HOSTILE), "snippet": {"text": HOSTILE}}
    assert res[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sources/a.md"
    assert res[0]["partialFingerprints"]["auditorFinding/v1"] == fingerprint(_result().documents[0].findings[0].finding, "translations/a b,c:d%.es.md")
    assert driver["rules"][res[0]["ruleIndex"]]["id"] == res[0]["ruleId"] == "quote_altered"
    assert run["properties"]["documents"][0]["passed"] is False
    assert "baselineState" not in sarif_dict(_result())["runs"][0]["results"][0]


def test_sarif_keeps_hostile_text_as_text():
    text = render_sarif(_result())
    assert HOSTILE in json.loads(text)["runs"][0]["results"][0]["message"]["text"]


# --------------------------------------------------------------------------- JUnit


def test_junit_parses_back_with_failures_and_hostile_text():
    xml = render_junit(_result())
    root = ET.fromstring(xml.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["translations/a b,c:d%.es.md", "briefs/b.txt"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "1 finding matching fail_on"
    assert "<script>alert(1)</script> ]]> 100% & more" in failure.text  # markup stays text
    assert "\x0b" not in failure.text and "\ufffd" in failure.text  # not representable in XML 1.0
    assert cases[1].find("failure") is None
    out = cases[0].find("system-out")
    assert out is not None and "Spelling: Kiev" in out.text and "omission" in out.text
    assert "<script>" not in xml and "]]>" not in xml.replace("]]&gt;", "")
