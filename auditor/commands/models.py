"""``auditor models list|verify|path``: the registered models (:mod:`auditor.embed.registry`)."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_OK, MissingModelError, UsageError
from ._common import EPILOG, Parser

NAME = "models"


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    m = sub.add_parser(NAME, help="list, verify or locate the shipped models", epilog=EPILOG)
    msub = m.add_subparsers(dest="models_command", metavar="ACTION", parser_class=Parser)
    msub.add_parser("list", help="the registered models and whether they are installed")
    v = msub.add_parser("verify", help="load each model, embed probes and check the contract")
    v.add_argument("ids", nargs="*", help="model ids (default: all installed)")
    pth = msub.add_parser("path", help="print the folder a model's files are in")
    pth.add_argument("id")
    return m


def run(args: argparse.Namespace) -> int:
    from ..embed import registry
    from ..report.models import render_model_list

    action = args.models_command or "list"
    if action == "list":
        sys.stdout.write(render_model_list(registry.list_models()))
        return EXIT_OK
    if action == "path":
        spec = registry.load_registry().get(args.id)
        if spec is None:
            raise UsageError(f"unknown model {args.id!r}", fix="see `auditor models list`")
        print(registry.model_dir(spec))
        return EXIT_OK
    ids = args.ids or [r["id"] for r in registry.list_models() if r["installed"]]
    failed = 0
    for mid in ids:
        res = registry.verify_model(mid)
        print(res.summary())
        failed += 0 if res.ok else 1
    if failed:
        raise MissingModelError(f"{failed} of {len(ids)} models failed verification", fix="reinstall the failing packages (see above)")
    return EXIT_OK
