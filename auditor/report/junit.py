"""JUnit XML: one ``<testsuite>`` per check run, one ``<testcase>`` per target document.

A document that fails the gate gets a ``<failure>`` whose ``message`` says why and whose
text lists the failing findings (``path:line:col severity type: message``). Findings that
do not fail the gate (below ``fail_on`` or accepted by the baseline) are listed in the
test case's ``<system-out>``. Scores and signatures are ``<properties>``. The XML is built
with :mod:`xml.etree.ElementTree`, which escapes markup; characters XML 1.0 cannot hold
(most control characters) are replaced by U+FFFD, so hostile article text stays text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _line(path: str, cf) -> str:
    f = cf.finding
    span = f.target_span
    where = f"{path}:{span.line}:{span.col}" if span else f"{path} (source line {f.source_span.line if f.source_span else '?'})"
    state = " [baselined]" if cf.baselined else ""
    return f"{where} {f.severity.value} {f.type.value}{state}: {f.message}" + (f" ({f.evidence})" if f.evidence else "")


def junit_element(result, *, name: str = "auditor check") -> ET.Element:  # result: auditor.gate.CheckResult
    suites = ET.Element("testsuites", name=name)
    failures = sum(1 for d in result.documents if d.failed)
    suite = ET.SubElement(
        suites, "testsuite", name=name, tests=str(len(result.documents)), failures=str(failures), errors="0", skipped="0"
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="fail_on", value=",".join(result.fail_on))
    if result.min_score is not None:
        ET.SubElement(props, "property", name="min_score", value=f"{result.min_score:g}")
    if result.baseline is not None:
        ET.SubElement(props, "property", name="baseline", value=_clean(result.baseline))
    ET.SubElement(props, "property", name="version", value=result.version)
    suites.set("tests", str(len(result.documents)))
    suites.set("failures", str(failures))
    for doc in result.documents:
        case = ET.SubElement(suite, "testcase", name=_clean(doc.path), classname="auditor.audit" if doc.source_path else "auditor.lint")
        cprops = ET.SubElement(case, "properties")
        if doc.source_path:
            ET.SubElement(cprops, "property", name="source", value=_clean(doc.source_path))
        if doc.fidelity is not None:
            ET.SubElement(cprops, "property", name="fidelity", value=f"{doc.fidelity:.2f}")
        ET.SubElement(cprops, "property", name="signature", value=_clean(str(doc.report.signature)))
        if doc.failed:
            failing = [cf for cf in doc.findings if cf.failing]
            fail = ET.SubElement(case, "failure", message=_clean("; ".join(doc.failures)), type="auditor.check")
            fail.text = _clean("\n".join(_line(doc.path, cf) for cf in failing) or "; ".join(doc.failures))
        others = [cf for cf in doc.findings if not cf.failing]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _clean("\n".join(_line(doc.path, cf) for cf in others))
    return suites


def render_junit(result) -> str:
    root = junit_element(result)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
