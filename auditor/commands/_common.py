"""What the subcommands share: the parser class and the common options, the audit :class:`Config`
from flags, reading documents from arguments, colour, and writing outputs without ever replacing an
input (:func:`check_outputs`, :func:`emit`). Nothing here exits: errors are
:mod:`auditor.errors` exceptions, mapped to exit codes by :func:`auditor.cli.main`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from ..errors import UsageError

if TYPE_CHECKING:
    from ..api import Auditor
    from ..config import Config

EPILOG = """exit codes: 0 ok, 1 a threshold failed (check), 2 usage error, 3 missing model or data,
4 bad input, 70 internal error (set AUDITOR_DEBUG=1 for the traceback and report it), 130 interrupted."""


# ---------------------------------------------------------------------- parser


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise UsageError (so main() maps them to exit 2 in one place)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", fix=f"see `{self.prog} --help`")


def add_common(p: argparse.ArgumentParser) -> None:
    """The model and input options every document command takes."""
    g = p.add_argument_group("models and input")
    g.add_argument("--source-lang", help="language of the source (ISO 639-1); default: detected")
    g.add_argument("--target-lang", help="language of the target(s) (ISO 639-1); default: detected")
    g.add_argument("--model", help="force one model id (see `auditor models list`); default: chosen per language pair")
    g.add_argument("--mode", choices=["auto", "monotonic", "rewrite"], default="auto", help="alignment mode")
    g.add_argument("--encoding", help="input encoding (default: UTF-8, or UTF-16/32 with a BOM)")
    g.add_argument("--max-bytes", type=size, default=None, help="refuse larger inputs (default 2M; e.g. 10M)")
    g.add_argument("--allow-identical", action="store_true", help="audit a target identical to its source")
    g.add_argument("--cache-dir", help="vector cache folder (default: $AUDITOR_CACHE_DIR or the user cache)")
    g.add_argument("--no-cache", action="store_true", help="do not read or write the vector cache")
    g.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour (auto: TTY and no NO_COLOR)")


def size(text: str) -> int:
    from ..config import parse_size

    return parse_size(text)  # inf, nan, negative: a UsageError with the fix (issue 12)


def config_from_args(args: argparse.Namespace) -> "Config":
    """The audit configuration the flags ask for."""
    from ..config import Config

    kw = dict(
        model=args.model,
        align_mode=args.mode,
        encoding=args.encoding,
        allow_identical=args.allow_identical,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
    )
    if args.max_bytes is not None:
        kw["max_bytes"] = args.max_bytes
    if getattr(args, "windows", None):
        kw["window_vectors"] = args.windows
    return Config(**kw)


def audit_auditors(args: argparse.Namespace) -> "tuple[Auditor, Auditor]":
    """The auditor ``auditor audit`` runs (with the house style of the project's ``auditor.toml`` or
    ``[tool.auditor]``, when one is configured) and the same without it (what ``auditor score`` runs)."""
    from ..api import Auditor
    from ..config import load_config
    from ..gate import house_style_detector

    settings = load_config(config=config_from_args(args), audit_only=True)
    plain = Auditor(settings.config)
    house = house_style_detector(settings.gate) if settings.gate is not None else None
    return (plain.replace(detectors=(*plain.detectors, house)) if house is not None else plain), plain


def doc_args(values: Sequence[str], *, text: bool = False) -> list:  # list[Path | str | Document]
    """Command-line documents: paths (never guessed to be text), ``-`` for standard input (once),
    or with ``--text`` the texts themselves (issue 12)."""
    if text:
        from ..io.read import document_from_text

        return [document_from_text(v, doc_id="text" if len(values) == 1 else f"text{k + 1}") for k, v in enumerate(values)]
    if list(values).count("-") > 1:
        raise UsageError("standard input (-) can be given only once", fix="save the other document to a file", code="A242")
    return ["-" if v == "-" else Path(v) for v in values]


def read_lines(path: str, cfg: "Config") -> list[str]:
    from ..io.read import read_lines as read

    return read(Path(path), encoding=cfg.encoding, max_bytes=cfg.max_bytes)


# ---------------------------------------------------------------------- output


def use_color(choice: str, stream) -> bool:  # type: ignore[no-untyped-def]
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _where(path: Path) -> tuple[Path, tuple[int, int] | None, int | None]:
    """``path`` resolved (symlinks and ``..``), its (device, inode) and its mode; None when absent."""
    try:
        resolved = path.expanduser().resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL: compare it as written
        resolved = Path(os.path.abspath(path.expanduser()))
    try:
        st = resolved.stat()
    except (OSError, ValueError):  # absent, or a name no file can have
        return resolved, None, None
    return resolved, (st.st_dev, st.st_ino), st.st_mode


def _corpus_member(path: Path, folder: Path) -> bool:
    """Would the corpus reader take ``path`` (inside ``folder``) for a document? (See auditor.io.corpus.)"""
    from ..io.corpus import CORPUS_SUFFIXES, NOT_DOCUMENTS

    rel = path.relative_to(folder)
    hidden = path.stem.lower() in NOT_DOCUMENTS or any(part.startswith(".") for part in rel.parts)
    return path.suffix.lower() in CORPUS_SUFFIXES and not hidden


def check_outputs(outputs: Sequence[tuple[str, str | os.PathLike[str] | None]], inputs: Sequence[object]) -> None:
    """Refuse, before any work starts, an output that would replace an input or another output.

    ``outputs`` are (flag as given, path) pairs; a path of None or ``-`` (stdout) is skipped.
    ``inputs`` are files, or folders read recursively (a corpus): every file in such a folder is an
    input, and so is a new file there that the corpus reader would take for a document. Paths are
    compared resolved (symlinks and ``..``) and by inode (hard links). An output that is a device or
    a FIFO (``/dev/null``) is written through, never replaced, so it collides with nothing.
    Raises :class:`UsageError` (exit 2) naming the flag.
    """
    files: dict[Path, str] = {}
    inodes: dict[tuple[int, int], str] = {}
    folders: list[tuple[Path, str]] = []
    for inp in inputs:
        if not isinstance(inp, (str, os.PathLike)):  # a document given as text or read from stdin: no file
            continue
        resolved, ino, mode = _where(Path(inp))
        if mode is not None and stat.S_ISDIR(mode):
            folders.append((resolved, str(inp)))
            try:
                members = [p for p in resolved.rglob("*")]
            except OSError:
                members = []
            for m in members:
                r, i, md = _where(m)
                if md is not None and not stat.S_ISDIR(md):
                    files.setdefault(r, str(m))
                    if i is not None:
                        inodes.setdefault(i, str(m))
            continue
        files.setdefault(resolved, str(inp))
        if ino is not None:
            inodes.setdefault(ino, str(inp))
    written: list[tuple[Path, tuple[int, int] | None, str]] = []
    for flag, given in outputs:
        if given is None or str(given) == "-":
            continue
        shown = f"{flag} {given}"
        resolved, ino, mode = _where(Path(given))
        if mode is not None and stat.S_ISDIR(mode):
            raise UsageError(f"{shown} is a directory", fix=f"give {flag} a file name", code="A202")
        if mode is not None and not stat.S_ISREG(mode):
            continue  # /dev/null, a FIFO: written through
        parent = resolved.parent
        if not parent.is_dir():
            raise UsageError(f"{shown}: folder {Path(given).expanduser().parent} does not exist", fix="create it first", code="A203")
        hit = files.get(resolved) or (inodes.get(ino) if ino is not None else None)
        if hit is not None:
            raise UsageError(
                f"{shown} is the input {hit}: writing it would destroy the input",
                fix=f"give {flag} a new file name",
                code="A201",
            )
        for folder, name in folders:
            if resolved.is_relative_to(folder) and _corpus_member(resolved, folder):
                raise UsageError(
                    f"{shown} is inside the input folder {name}, where the next run would read it as a document",
                    fix=f"give {flag} a file name outside {name}",
                    code="A201",
                )
        for other, other_ino, other_shown in written:
            if other == resolved or (ino is not None and ino == other_ino):
                raise UsageError(
                    f"{shown} and {other_shown} are the same file: one output would replace the other",
                    fix="give each output its own file name",
                    code="A205",
                )
        written.append((resolved, ino, shown))


@contextlib.contextmanager
def _terminate_as_interrupt():
    """While a temporary file exists, SIGTERM (a CI timeout, ``kill``) raises KeyboardInterrupt, so the
    cleanup runs and no ``.name.XXXX`` file is left behind. Only in the main thread."""
    import signal
    import threading

    old = None
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):

        def _raise(signum, frame):
            raise KeyboardInterrupt

        try:
            old = signal.signal(signal.SIGTERM, _raise)
        except (ValueError, OSError):
            old = None
    try:
        yield
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


def emit(text: "str | Iterable[str]", output: str | None, inputs: Sequence[object], *, flag: str = "--output") -> None:
    """Write to stdout, or atomically to ``output``, refusing to write over an input. ``text`` may come
    in pieces (a corpus's JSON), written one at a time.

    Commands call :func:`check_outputs` with all their outputs before any work; this checks again
    at write time. The temporary file is removed on any exception, KeyboardInterrupt and SIGTERM.
    """
    pieces = [text] if isinstance(text, str) else text
    if output is None or output == "-":
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    check_outputs([(flag, output)], inputs)
    out = Path(output).expanduser()
    if out.exists() and not out.is_file():  # /dev/null, a FIFO: write through, never replace it
        with open(out, "w", encoding="utf-8") as fh:
            fh.writelines(pieces)
        return
    parent = out.parent if str(out.parent) else Path(".")
    tmp: str | None = None
    with _terminate_as_interrupt():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.writelines(pieces)
            # mkstemp makes the file 0600; a report is an ordinary file: follow the umask (or keep the old mode)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, (out.stat().st_mode & 0o777) if out.exists() else (0o666 & ~mask))
            os.replace(tmp, out)
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise


def note(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
    """auditor's own warnings (the vector cache's, the registry's) reach a user as one ``note:`` line,
    without the internal file and line a raw Python warning would show."""
    print(f"auditor: note: {message}", file=sys.stderr)
