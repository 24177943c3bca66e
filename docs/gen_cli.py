"""Write docs/cli.md from the ``--help`` of ``auditor`` and of every subcommand.

    .venv/bin/python docs/gen_cli.py           # rewrite docs/cli.md
    .venv/bin/python docs/gen_cli.py --check   # exit 1 if docs/cli.md is stale

The help is rendered in-process from ``auditor.cli.build_parser()`` at a fixed width of 80
columns with colour off, so the file is the same on every machine. The CLI's help is the
reference; this file only collects it on one page.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "cli.md"
COMMAND = ".venv/bin/python docs/gen_cli.py"

INTRO = """\
# Command reference

Generated from `auditor --help` and `auditor COMMAND --help` by `{command}`;
do not edit by hand. `{command} --check` exits 1 when this page is stale
(`tests/test_docs.py` runs it).

Results go to stdout, diagnostics and progress to stderr. Every error prints `auditor: error:
[A…] what is wrong` and a `fix:` line. Exit codes: 0 ok, 1 a threshold failed (`check`),
2 usage error, 3 missing model or data, 4 bad input, 70 internal error, 130 interrupted
(more in [ci.md](ci.md#exit-codes)).

"""


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The subcommands of ``parser`` in the order they were added."""
    found: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:  # noqa: SLF001 - argparse keeps subparsers here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in action.choices.items():
                found.append((name, sub))
    return found


def _walk(parser: argparse.ArgumentParser, prefix: str) -> list[tuple[str, str]]:
    pages = [(prefix, parser.format_help())]
    for name, sub in _subparsers(parser):
        pages.extend(_walk(sub, f"{prefix} {name}"))
    return pages


def render() -> str:
    os.environ["COLUMNS"] = "80"  # argparse wraps to the terminal: fix it
    os.environ["NO_COLOR"] = "1"
    os.environ.pop("FORCE_COLOR", None)
    sys.path.insert(0, str(ROOT))
    from auditor.cli import build_parser

    pages = _walk(build_parser(), "auditor")
    out = [INTRO.format(command=COMMAND)]
    out.append("| command | section |\n|---|---|\n")
    for title, _ in pages:
        out.append(f"| `{title}` | [{title}](#{title.replace(' ', '-')}) |\n")
    out.append("\n")
    for title, text in pages:
        out.append(f"## {title}\n\n```text\n{text.rstrip()}\n```\n\n")
    return "".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write docs/cli.md from the CLI's --help.")
    p.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md differs from the help")
    args = p.parse_args(argv)
    text = render()
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if args.check:
        if current != text:
            print(f"docs/cli.md is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUT.write_text(text, encoding="utf-8")
        print("wrote docs/cli.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
