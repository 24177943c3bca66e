"""``auditor align SOURCE TARGET``: the sentence alignment alone (:meth:`auditor.api.Auditor.align_documents`)."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK
from ._common import EPILOG, add_common, check_outputs, config_from_args, doc_args, emit

NAME = "align"
FORMATS = ("beads", "tsv", "json")


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    al = sub.add_parser(
        NAME,
        help="print sentence alignment beads",
        description="Align SOURCE and TARGET sentences. `beads` prints `[i,j]:[k]` lines (0-based sentence indices, "
        "the Text+Berg gold format); `tsv` adds the kind, cosine, calibrated confidence, a moved flag and the "
        "sentences; `json` the same as one object.",
        epilog=EPILOG,
    )
    al.add_argument("source")
    al.add_argument("target")
    al.add_argument("--presegmented", action="store_true", help="one sentence per line: do not segment")
    al.add_argument("--format", choices=list(FORMATS), default="beads")
    al.add_argument(
        "--windows",
        choices=["embed", "sum"],
        default="embed",
        help="vectors of 2-3 sentence windows: embed their text (default) or add sentence vectors (faster with MiniLM and e5; USE-m embeds windows at about the cost of its sentences)",
    )
    al.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    add_common(al)
    return al


def run(args: argparse.Namespace) -> int:
    from ..api import Auditor
    from ..report.align import alignment_note, render_alignment

    check_outputs([("--output", args.output)], [args.source, args.target])
    auditor = Auditor(config_from_args(args))
    source, target = doc_args([args.source, args.target])
    aligned = auditor.align_documents(
        source, target, source_lang=args.source_lang, target_lang=args.target_lang, presegmented=args.presegmented
    )
    text = render_alignment(aligned, args.format)
    if args.format != "json":
        print(alignment_note(aligned), file=sys.stderr)
    emit(text, args.output, [args.source, args.target])
    return EXIT_OK
