"""The command line: ``main(argv) -> int``, the only place that exits.

Each subcommand is a module of :mod:`auditor.commands` (its options, a call to :mod:`auditor.api`,
a renderer of :mod:`auditor.report`); this module builds the top-level parser from them and maps
:mod:`auditor.errors` exceptions to exit codes and one ``auditor: error:`` message.

Exit codes: 0 ok · 1 a threshold failed (check) · 2 usage error · 3 missing model or data ·
4 bad input · 70 internal error (a bug: please report it) · 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Sequence

from . import __version__
from .commands import align, audit, check, corpus, models, score, serve
from .commands._common import EPILOG, Parser, note
from .errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, AuditorError

# the subcommands, in the order `auditor --help` lists them
COMMAND_MODULES = (audit, score, align, models, corpus, check, serve)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {m.NAME: m.run for m in COMMAND_MODULES}

__all__ = ["COMMANDS", "COMMAND_MODULES", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "build_parser", "entry", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="auditor",
        description="Audit machine-translated and machine-rewritten news copy against its source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    with warnings.catch_warnings():
        warnings.showwarning = note
        return _main(argv)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except AuditorError as e:
        from .report.safe import safe_text

        print(f"auditor: error: {safe_text(str(e))}", file=sys.stderr)  # messages quote file names
        return e.exit_code
    except BrokenPipeError:
        # `auditor … | head`: the reader went away; not an error, and no traceback
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:  # a bug: one line for the user, the traceback on request
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        print(
            f"auditor: internal error: {type(e).__name__}: {e}\n"
            "  this is a bug in auditor; rerun with AUDITOR_DEBUG=1 for the traceback and report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
