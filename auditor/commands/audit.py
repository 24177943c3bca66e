"""``auditor audit SOURCE TARGET [TARGET…]`` (or one document: lint it alone): each target aligned
with the source, its findings and its fidelity score, through :class:`auditor.api.Auditor`. A house
style configured for the project (``auditor.toml`` or ``[tool.auditor]``) joins the detectors."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK
from ._common import EPILOG, add_common, audit_auditors, check_outputs, doc_args, emit, use_color

NAME = "audit"
FORMATS = ("text", "json", "html", "markdown")


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    a = sub.add_parser(
        NAME,
        help="audit TARGET(s) against SOURCE; with one document, lint it alone",
        description="Align each TARGET with SOURCE, report meaning shifts, omissions and additions, and score "
        "fidelity. With a single document (no source), run the source-free checks only.",
        epilog=EPILOG,
    )
    a.add_argument("documents", nargs="+", metavar="DOC",
                   help="SOURCE then TARGET [TARGET…]; or one document to lint. Each is a file path, or - for standard input")  # fmt: skip
    a.add_argument("--text", action="store_true", help="read each DOC as the literal text to audit, not as a file path")
    a.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="text (terminal), json, html (one self-contained page for a browser) or markdown (a pull-request comment)",
    )
    a.add_argument("-o", "--output", help="write the report here instead of stdout (never over an input)")
    a.add_argument("--no-beads", action="store_true", help="text format: leave out the aligned sentence pairs")
    add_common(a)
    return a


def run(args: argparse.Namespace) -> int:
    from ..report.audit import render_reports

    # before any work; literal --text documents are not files
    check_outputs([("--output", args.output)], [] if getattr(args, "text", False) else args.documents)
    auditor, _ = audit_auditors(args)  # with the house style of auditor.toml here
    docs = doc_args(args.documents, text=args.text)
    if len(docs) == 1:
        reports = [auditor.lint(docs[0], target_lang=args.target_lang)]
    else:
        source = auditor.load(docs[0], lang=args.source_lang)
        reports = [auditor.audit(source, t, target_lang=args.target_lang) for t in docs[1:]]
    color = args.format == "text" and args.output is None and use_color(args.color, sys.stdout)
    width = 80 if args.output else None  # a file written from a terminal is not wrapped to that terminal
    emit(render_reports(reports, args.format, color=color, show_beads=not args.no_beads, width=width), args.output, docs)
    return EXIT_OK
