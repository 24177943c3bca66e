"""SARIF 2.1.0 for code-scanning services (GitHub ``upload-sarif`` and others).

One run; ``tool.driver`` lists a rule per :class:`~auditor.types.FindingType`. Each finding
is a result located in the target document (``artifactLocation.uri`` relative to the
display root, ``uriBaseId`` ``%SRCROOT%``; a region with 1-based ``startLine``,
``startColumn`` and an exclusive ``endColumn``), with the source span as a
``relatedLocation``. A finding with no target span (an omission) points at the target's
first line. ``partialFingerprints`` carry the baseline fingerprint; ``baselineState``
(``new`` / ``unchanged``) is set when a baseline was applied. Fidelity scores and
signatures are in ``runs[0].properties.documents``.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..types import FindingType, Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# the project home page; set to the public repository when it has one (the lead owns this value)
INFORMATION_URI = "https://github.com/auditor-developers/auditor"
FINGERPRINT_KEY = "auditorFinding/v1"
LEVELS = {"critical": "error", "major": "warning", "minor": "note"}
SRCROOT = "%SRCROOT%"

# (short description, help) per finding type
RULES: dict[FindingType, tuple[str, str]] = {
    FindingType.OMISSION: ("Source content missing from the target.",
                           "A source sentence has no counterpart in the target. Check whether it was dropped on purpose."),
    FindingType.ADDITION: ("Target content not found in the source.",
                           "A target sentence has no counterpart in the source. Check it is not invented or from another story."),
    FindingType.MEANING_SHIFT: ("Aligned sentences differ in meaning.",
                                "The aligned source and target sentences are less similar than a faithful rendering would be."),
    FindingType.IDENTICAL_COPY: ("The target copies the source untranslated.",
                                 "The target repeats the source text instead of translating it."),
    FindingType.QUOTE_ALTERED: ("Words inside quotation marks changed.",
                                "A quotation must keep the speaker's words. Restore the original wording or drop the marks."),
    FindingType.QUOTE_UNMARKED: ("Quoted words lost their quotation marks.",
                                 "The speaker's words now read as the outlet's own voice. Restore the marks and attribution."),
    FindingType.QUOTE_SPEAKER: ("A quotation is attributed to another speaker.",
                                "Check who said it in the source and attribute the quote to them."),
    FindingType.NUMBER_CHANGED: ("A number, date, quantity or amount differs.",
                                 "Compare the value with the source; a changed figure is a factual error."),
    FindingType.ENTITY_CHANGED: ("A person, organisation or place changed.",
                                 "A named entity was swapped, dropped or added. Check it against the source."),
    FindingType.ROLE_CHANGED: ("A person's title or role changed.",
                               "The title attached to a person differs from the source."),
    FindingType.SPELLING_VARIANT: ("A name is spelled against the house style.",
                                   "A spelling convention, not a change of meaning: use the preferred spelling."),
    FindingType.INCONSISTENT_SPELLING: ("One name is spelled several ways.",
                                        "Pick one spelling of the name and use it throughout the document."),
    FindingType.POLARITY_CHANGED: ("A negation or antonym flipped the meaning.",
                                   "A negation was added or removed, or a word replaced by its opposite."),
    FindingType.MODALITY_CHANGED: ("The certainty of a statement changed.",
                                   "Reported or conditional statements became assertions, or the reverse."),
    FindingType.TRANSLATION_LABEL: ("A fixed label was translated literally.",
                                    "Labels such as section names have fixed forms in the target language."),
    FindingType.FALSE_FRIEND: ("A false friend changed the meaning.",
                               "A word that looks like the source word means something else in the target language."),
    FindingType.UNTRANSLATED: ("Source-language text left in the target.",
                               "Part of the target was not translated."),
    FindingType.SPINNER_ARTEFACT: ("Text-spinner artefacts.",
                                   "Non-words, tortured phrases or broken collocations typical of automatic rewriting."),
    FindingType.BOILERPLATE: ("Page furniture in the article text.",
                              "Menus, bylines, share bars or repeated paragraphs are not part of the story."),
}


def _rule_name(t: FindingType) -> str:
    return "".join(w.capitalize() for w in t.value.split("_"))


def _rules() -> list[dict[str, Any]]:
    out = []
    for t in FindingType:
        short, help_text = RULES.get(t, (t.value.replace("_", " ").capitalize() + ".", ""))
        out.append(
            {
                "id": t.value,
                "name": _rule_name(t),
                "shortDescription": {"text": short},
                "fullDescription": {"text": f"{short} {help_text}".strip()},
                "help": {"text": help_text or short},
                "properties": {"tags": ["news", "translation-fidelity"]},
            }
        )
    return out


def _region(span: Span | None) -> dict[str, Any]:
    if span is None:
        return {"startLine": 1}
    region: dict[str, Any] = {
        "startLine": span.line,
        "startColumn": span.col,
        "endLine": span.end_line,
        "endColumn": max(span.end_col, span.col),
    }
    if span.text:
        region["snippet"] = {"text": span.text}
    return region


def _location(uri: str, span: Span | None, *, id_: int | None = None, message: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}, "region": _region(span)}}
    if id_ is not None:
        loc["id"] = id_
    if message:
        loc["message"] = {"text": message}
    return loc


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def sarif_dict(result) -> dict[str, Any]:  # result: auditor.gate.CheckResult
    rule_index = {t: k for k, t in enumerate(FindingType)}
    results = []
    documents = []
    for doc in result.documents:
        uri = _uri(doc.path)
        for cf in doc.findings:
            f = cf.finding
            text = f.message + (f" ({f.evidence})" if f.evidence else "")
            res: dict[str, Any] = {
                "ruleId": f.type.value,
                "ruleIndex": rule_index[f.type],
                "level": LEVELS[f.severity.value],
                "message": {"text": text},
                "locations": [_location(uri, f.target_span)],
                "partialFingerprints": {FINGERPRINT_KEY: cf.fingerprint},
                "properties": {
                    "severity": f.severity.value,
                    "confidence": round(f.confidence, 4),
                    "detector": f.detector,
                    "failing": cf.failing,
                },
            }
            if f.source_span is not None and doc.source_path is not None:
                res["relatedLocations"] = [_location(_uri(doc.source_path), f.source_span, id_=1, message="source")]
            if result.baseline is not None:
                res["baselineState"] = cf.baseline_state
            if cf.baselined:
                res["properties"]["baselined"] = True
            results.append(res)
        documents.append(
            {
                "path": doc.path,
                "source": doc.source_path,
                "fidelity": None if doc.fidelity is None else round(doc.fidelity, 2),
                "signature": str(doc.report.signature),
                "passed": not doc.failed,
                "failures": list(doc.failures),
            }
        )
    scored = [d["fidelity"] for d in documents if d["fidelity"] is not None]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auditor",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": _rules(),
                    }
                },
                "invocations": [{"executionSuccessful": True, "exitCode": 0 if result.passed else 1}],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "passed": result.passed,
                    "fail_on": list(result.fail_on),
                    "min_score": result.min_score,
                    "baseline": result.baseline,
                    "fidelity": round(sum(scored) / len(scored), 2) if scored else None,
                    "documents": documents,
                },
            }
        ],
    }


def render_sarif(result) -> str:
    return json.dumps(sarif_dict(result), ensure_ascii=False, indent=2) + "\n"
