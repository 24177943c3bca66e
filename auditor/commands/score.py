"""``auditor score --source S --target T [--reference R]``: one score per line of line-aligned files
(:meth:`auditor.api.Auditor.score_segments`), the corpus mean with its interval on stderr."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK
from ._common import EPILOG, add_common, check_outputs, config_from_args, emit, read_lines

NAME = "score"
FORMATS = ("jsonl", "tsv")


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    s = sub.add_parser(
        NAME,
        help="segment-level scores for line-aligned files (MT evaluation)",
        description="Score each line of TARGET against the same line of SOURCE (and REFERENCE when given): "
        "one output line per segment, a corpus summary on stderr.",
        epilog=EPILOG,
    )
    s.add_argument("--source", required=True, help="source segments, one per line")
    s.add_argument("--target", required=True, help="translated segments, one per line")
    s.add_argument("--reference", help="reference translations, one per line")
    s.add_argument("--format", choices=list(FORMATS), default="jsonl")
    s.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    add_common(s)
    return s


def run(args: argparse.Namespace) -> int:
    from ..api import Auditor
    from ..report.score import render_segments, score_summary
    from ..score import score_segment_rows

    inputs = [p for p in (args.source, args.target, args.reference) if p]
    check_outputs([("--output", args.output)], inputs)
    auditor = Auditor(config_from_args(args))
    cfg = auditor.config
    src = read_lines(args.source, cfg)
    tgt = read_lines(args.target, cfg)
    ref = read_lines(args.reference, cfg) if args.reference else None
    result = auditor.score_segments(src, tgt, ref, source_lang=args.source_lang, target_lang=args.target_lang)
    emit(render_segments(result.segments, args.format), args.output, inputs)
    corpus = score_segment_rows(result.rows, signature=result.signature, seed=cfg.seed)
    print(score_summary(result.segments, corpus, result.signature), file=sys.stderr)
    return EXIT_OK
