"""``auditor corpus PATH``: stories, likely sources and the derivation graph of a corpus, then one
audit per (source, derived) pair. The work is done by :meth:`auditor.api.Auditor.audit_corpus`, the
rendering by :mod:`auditor.report.corpus`."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK, UsageError
from ._common import EPILOG, add_common, check_outputs, config_from_args, emit, use_color

NAME = "corpus"
FORMATS = ("text", "json", "dot", "html", "markdown")


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    from ..attribute import DEFAULT_K, DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLD

    p = sub.add_parser(
        NAME,
        help="cluster a corpus into stories, find each document's likely source, audit each pair",
        description="Read a folder (recursively) or a JSON Lines/CSV file of documents in any supported language; "
        "group them into stories; rank each document's candidate sources with their evidence (coverage both ways, "
        "verbatim overlap, dates, languages, artefacts) and name the likely source, or say there is no source in "
        "the corpus; print the derivation graph, then audit every (source, derived) pair.",
        epilog=EPILOG,
    )
    p.add_argument("path", metavar="PATH", help="a folder of documents, or a .jsonl/.csv file with one document per record")
    p.add_argument("--format", choices=list(FORMATS), default="text",
                   help="text for an editor; json: graph, attributions and audits in one document; dot: Graphviz; "
                        "html: one self-contained page (stories, sources with evidence, every audit); markdown")
    p.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"lowest score for a likely source (default {DEFAULT_THRESHOLD:g}, calibrated on WMT21 dev documents)")
    p.add_argument("--story-threshold", type=float, default=DEFAULT_STORY_THRESHOLD,
                   help=f"lowest pair score that puts two documents in one story (default {DEFAULT_STORY_THRESHOLD:g})")
    p.add_argument("-k", type=int, default=DEFAULT_K, help=f"nearest documents compared in full per document (default {DEFAULT_K})")
    p.add_argument("--no-audit", action="store_true", help="stop after the graph: do not audit the pairs")
    add_common(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..api import Auditor
    from ..report.corpus import render_corpus

    if not 0.0 <= args.threshold <= 1.0 or not 0.0 <= args.story_threshold <= 1.0:
        raise UsageError("--threshold and --story-threshold must lie between 0 and 1", fix="e.g. --threshold 0.5")
    if args.k < 1:
        raise UsageError(f"-k must be at least 1, got {args.k}", fix="e.g. -k 10")
    check_outputs([("--output", args.output)], [args.path])  # every file of a corpus folder is an input
    result = Auditor(config_from_args(args)).audit_corpus(
        args.path,
        threshold=args.threshold,
        story_threshold=args.story_threshold,
        k=args.k,
        audit=not args.no_audit,
    )
    color = args.format == "text" and args.output is None and use_color(args.color, sys.stdout)
    emit(render_corpus(result, args.format, color=color), args.output, [args.path])
    return EXIT_OK
