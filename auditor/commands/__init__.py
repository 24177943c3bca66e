"""Subcommands that live in their own module (``corpus``, ``check``, …).

Each module here exposes ``NAME``, ``add_parser(sub, common, epilog)`` (register the
subcommand; ``common`` adds the shared model/input options) and ``run(args) -> int``.
:mod:`auditor.cli` lists them in ``PLUGINS``; importing a module must stay cheap (heavy
imports go inside ``run``). The library raises :mod:`auditor.errors`; only the CLI exits.
"""
