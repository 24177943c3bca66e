"""One exception hierarchy for the whole library.

Every error carries a stable code (``A…``), the process exit code the CLI maps it to,
and a *fix*: the sentence a user needs to make the problem go away. The library raises;
only :func:`auditor.cli.main` turns these into exit codes.

Exit codes (documented in the README and ``auditor --help``):

* 0 ok
* 1 a threshold failed (``auditor check``)
* 2 usage error
* 3 missing model or data
* 4 bad input
* 70 internal error (a bug: the CLI prints one line, and the traceback with ``AUDITOR_DEBUG=1``)
* 130 interrupted
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_THRESHOLD = 1
EXIT_USAGE = 2
EXIT_MISSING = 3
EXIT_BAD_INPUT = 4
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class AuditorError(Exception):
    """Base class. ``code`` is stable across versions; ``fix`` says what to do."""

    code: str = "A000"
    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, fix: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix
        if code is not None:
            self.code = code

    def __str__(self) -> str:  # what the CLI prints
        text = f"[{self.code}] {self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class UsageError(AuditorError):
    """The call itself is wrong: bad flag combination, output over an input, unknown option."""

    code = "A200"
    exit_code = EXIT_USAGE


class MissingModelError(AuditorError):
    """A model package is not installed, its files are missing, or no model covers a language."""

    code = "A300"
    exit_code = EXIT_MISSING


class MissingDataError(AuditorError):
    """A data file the program or an eval script needs is not where it should be."""

    code = "A310"
    exit_code = EXIT_MISSING


class BadInputError(AuditorError):
    """The input document cannot be audited as it is (missing, binary, empty, undecodable, too big…)."""

    code = "A400"
    exit_code = EXIT_BAD_INPUT


class TooManyRecordsError(BadInputError):
    """A file or corpus holds more documents than allowed; raised while reading, before parsing the rest."""

    code = "A440"

    def __init__(self, message: str, *, fix: str | None = None, code: str | None = None, limit: int = 0):
        super().__init__(message, fix=fix, code=code)
        self.limit = limit


class CacheWarning(UserWarning):
    """A cache (vectors, compiled tables, memoised analyses) could not be used and was switched off;
    results are unaffected."""


class DeclinedWarning(UserWarning):
    """A detector declined part of its work for a language (a tokeniser it needs is missing); the
    CLI shows it as one ``note:`` line and the audit still runs every other check."""
