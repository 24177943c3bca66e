"""``auditor corpus PATH``: stories, likely sources and the derivation graph of a corpus, then one
audit per (source, derived) pair. The work is done by :meth:`auditor.api.Auditor.audit_corpus`, the
rendering by :mod:`auditor.report.corpus`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_OK, UsageError
from ..executors import EXECUTORS
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
    p.add_argument("--window-days", type=int, metavar="N",
                   help="date blocking: documents dated more than N days apart are never each other's candidates "
                        "(an undated document meets all; default: no blocking)")
    g = p.add_argument_group("scale")
    g.add_argument("--executor", choices=list(EXECUTORS), default="local",
                   help="where the stages run: local (default: this process, nothing to start) or ray "
                        "(needs the ray extra; a cluster at --address, else a private local one)")
    g.add_argument("--address", help="the Ray cluster to join with --executor ray: auto (the one `ray start` started) "
                                     "or ray://HOST:10001")
    g.add_argument("--workers", type=int, help="stateful workers (each loads the model once) with --executor ray "
                                               "(default: the cluster's CPUs)")
    g.add_argument("--out", metavar="DIR",
                   help="also write the run to DIR as it goes: segmenting and embedding shards (segmented/*.json, "
                        "embedded/*.npz), audits as JSON Lines "
                        "shards (reports/*.jsonl, not kept in memory), attributions.jsonl and summary.json")
    g.add_argument("--resume", action="store_true",
                   help="with --out: continue an interrupted run from the shards already in DIR (same input and options)")
    add_common(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..api import Auditor
    from ..attribute import DEFAULT_SIBLING_THRESHOLD
    from ..executors import get_executor
    from ..report.corpus import iter_corpus_json, render_corpus

    if not 0.0 <= args.threshold <= 1.0 or not 0.0 <= args.story_threshold <= 1.0:
        raise UsageError("--threshold and --story-threshold must lie between 0 and 1", fix="e.g. --threshold 0.5")
    if args.k < 1:
        raise UsageError(f"-k must be at least 1, got {args.k}", fix="e.g. -k 10")
    if args.resume and not args.out:
        raise UsageError("--resume needs --out DIR", fix="give the --out folder of the interrupted run")
    if args.window_days is not None and args.window_days < 0:
        raise UsageError(f"--window-days must be 0 or more, got {args.window_days}", fix="e.g. --window-days 7")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}", fix="e.g. --workers 2")
    check_outputs([("--output", args.output)], [args.path])  # every file of a corpus folder is an input
    if args.out and Path(args.path).is_dir() and Path(args.path).resolve() in (Path(args.out).resolve(), *Path(args.out).resolve().parents):
        raise UsageError("--out must lie outside the corpus folder (its shards would be read as documents)",
                         fix="e.g. --out corpus-run/ beside the corpus")  # fmt: skip
    executor = get_executor(args.executor, address=args.address, workers=args.workers)
    try:
        result = Auditor(config_from_args(args)).audit_corpus(
            args.path, threshold=args.threshold, story_threshold=args.story_threshold,
            sibling_threshold=DEFAULT_SIBLING_THRESHOLD, k=args.k, index="auto", audit=not args.no_audit,
            executor=executor, out=args.out, resume=args.resume, window_days=args.window_days,
        )  # fmt: skip
    finally:
        executor.close()
    color = args.format == "text" and args.output is None and use_color(args.color, sys.stdout)
    text = iter_corpus_json(result) if args.format == "json" else render_corpus(result, args.format, color=color)
    emit(text, args.output, [args.path])  # the JSON in pieces: a large corpus's output is never one string
    return EXIT_OK
