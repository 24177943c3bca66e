"""The output of ``auditor check``: one line per finding and per document, the verdict, and the CI
formats (GitHub annotations, SARIF, JUnit: :mod:`auditor.report.github`, :mod:`~auditor.report.sarif`,
:mod:`~auditor.report.junit`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..gate import CheckResult

FORMATS = ("text", "github", "sarif", "junit")


def render_check(result: "CheckResult", fmt: str, *, color: bool = False) -> str:
    """``result`` as GitHub annotations, SARIF 2.1.0, JUnit XML or text (:func:`render_check_text`)."""
    if fmt == "github":
        from .github import render_github

        return render_github(result)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(result)
    if fmt == "junit":
        from .junit import render_junit

        return render_junit(result)
    return render_check_text(result, color=color)


_COLORS = {"critical": "\033[1;31m", "major": "\033[33m", "minor": "\033[36m", "fail": "\033[1;31m", "ok": "\033[32m"}


def render_check_text(result: "CheckResult", *, color: bool = False) -> str:
    """One line per finding (``path:line:col: severity type: message``), one per document.
    File names and messages go through :mod:`auditor.report.safe` (a name starting with ``::`` or
    holding a newline or an ESC cannot act on a CI log or a terminal)."""
    from .safe import defuse_lines, inline, safe_text, visible

    def st(text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}\033[0m" if color else text

    out = []
    for doc in result.documents:
        path = inline(doc.path)
        score = "lint only" if doc.fidelity is None else f"fidelity {doc.fidelity:.1f}"
        verdict = st("FAIL", "fail") + " (" + visible("; ".join(doc.failures)) + ")" if doc.failed else st("ok", "ok")
        against = f" against {inline(doc.source_path)}" if doc.source_path else ""
        n = len(doc.findings)
        out.append(f"{path}{against}: {score}, {n} finding{'s' if n != 1 else ''}: {verdict}")
        for cf in doc.findings:
            f = cf.finding
            span = f.target_span
            loc = f"{path}:{span.line}:{span.col}" if span else f"{path}:-:- (source {f.source_span.line if f.source_span else '?'})"
            mark = " [fails]" if cf.failing else (" [baselined]" if cf.baselined else "")
            msg = visible(" ".join(f.message.split()))
            out.append(f"  {loc}: {st(f.severity.value, f.severity.value)} {f.type.value}{mark}: {msg}")
    text = "\n".join(out) + ("\n" if out else "")
    return defuse_lines(text) if color else safe_text(text)


def check_summary(result: "CheckResult") -> str:
    """The verdict for stderr: counts of documents, findings, failing and baselined ones, then pass or fail."""
    docs = result.documents
    failed = [d for d in docs if d.failed]
    fs = result.findings
    failing = sum(1 for cf in fs if cf.failing)
    accepted = sum(1 for cf in fs if cf.baselined)
    line = f"auditor check: {len(docs)} document{'s' if len(docs) != 1 else ''}, {len(fs)} findings, {failing} failing"
    if result.baseline is not None:
        line += f", {accepted} accepted by the baseline"
        if result.baseline_unmatched:
            line += f" ({result.baseline_unmatched} baselined no longer found: regenerate with --write-baseline)"
    verdict = f"FAILED: {len(failed)} of {len(docs)} documents" if failed else "passed"
    return f"{line}\nauditor check: {verdict} (fail_on: {', '.join(result.fail_on)}" + (
        f"; min_score {result.min_score:g})" if result.min_score is not None else ")"
    )
