"""One module per subcommand: ``audit``, ``score``, ``align``, ``models``, ``corpus``, ``check``, ``serve``.

Each exposes ``NAME``, ``add_parser(sub)`` (register the subcommand and its options) and
``run(args) -> int``: parse the arguments, call :mod:`auditor.api`, hand the result to a renderer of
:mod:`auditor.report`. What they share (common options, reading documents, colour, writing outputs
that never replace an input) is in :mod:`auditor.commands._common`. :mod:`auditor.cli` lists the
modules in ``COMMAND_MODULES``; importing one must stay cheap (heavy imports go inside ``run``), and
none imports :mod:`auditor.cli`. The library raises :mod:`auditor.errors`; only the CLI exits.
"""
