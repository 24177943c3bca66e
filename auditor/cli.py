"""The command line: a thin wrapper over :mod:`auditor.api`. ``main(argv) -> int`` is the only place that exits.

Exit codes: 0 ok · 1 a threshold failed (check) · 2 usage error · 3 missing model or data ·
4 bad input · 70 internal error (a bug: please report it) · 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import EXIT_OK, EXIT_USAGE, AuditorError, UsageError

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

EPILOG = """exit codes: 0 ok, 1 a threshold failed (check), 2 usage error, 3 missing model or data,
4 bad input, 70 internal error (set AUDITOR_DEBUG=1 for the traceback and report it), 130 interrupted."""


# ---------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise UsageError (so main() maps them to exit 2 in one place)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", fix=f"see `{self.prog} --help`")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="auditor",
        description="Audit machine-translated and machine-rewritten news copy against its source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser(
        "audit",
        help="audit TARGET(s) against SOURCE; with one document, lint it alone",
        description="Align each TARGET with SOURCE, report meaning shifts, omissions and additions, and score "
        "fidelity. With a single document (no source), run the source-free checks only.",
        epilog=EPILOG,
    )
    a.add_argument("documents", nargs="+", metavar="DOC",
                   help="SOURCE then TARGET [TARGET…]; or one document to lint. Each is a file path, or - for standard input")  # fmt: skip
    a.add_argument("--text", action="store_true", help="read each DOC as the literal text to audit, not as a file path")
    a.add_argument(
        "--format",
        choices=["text", "json", "html", "markdown"],
        default="text",
        help="text (terminal), json, html (one self-contained page for a browser) or markdown (a pull-request comment)",
    )
    a.add_argument("-o", "--output", help="write the report here instead of stdout (never over an input)")
    a.add_argument("--no-beads", action="store_true", help="text format: leave out the aligned sentence pairs")
    _common(a)

    s = sub.add_parser(
        "score",
        help="segment-level scores for line-aligned files (MT evaluation)",
        description="Score each line of TARGET against the same line of SOURCE (and REFERENCE when given): "
        "one output line per segment, a corpus summary on stderr.",
        epilog=EPILOG,
    )
    s.add_argument("--source", required=True, help="source segments, one per line")
    s.add_argument("--target", required=True, help="translated segments, one per line")
    s.add_argument("--reference", help="reference translations, one per line")
    s.add_argument("--format", choices=["jsonl", "tsv"], default="jsonl")
    s.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    _common(s)

    al = sub.add_parser(
        "align",
        help="print sentence alignment beads",
        description="Align SOURCE and TARGET sentences. `beads` prints `[i,j]:[k]` lines (0-based sentence indices, "
        "the Text+Berg gold format); `tsv` adds the kind, cosine, calibrated confidence, a moved flag and the "
        "sentences; `json` the same as one object.",
        epilog=EPILOG,
    )
    al.add_argument("source")
    al.add_argument("target")
    al.add_argument("--presegmented", action="store_true", help="one sentence per line: do not segment")
    al.add_argument("--format", choices=["beads", "tsv", "json"], default="beads")
    al.add_argument(
        "--windows",
        choices=["embed", "sum"],
        default="embed",
        help="vectors of 2-3 sentence windows: embed their text (default) or add sentence vectors (about 3x faster)",
    )
    al.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    _common(al)

    m = sub.add_parser("models", help="list, verify or locate the shipped models", epilog=EPILOG)
    msub = m.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_Parser)
    msub.add_parser("list", help="the registered models and whether they are installed")
    v = msub.add_parser("verify", help="load each model, embed probes and check the contract")
    v.add_argument("ids", nargs="*", help="model ids (default: all installed)")
    pth = msub.add_parser("path", help="print the folder a model's files are in")
    pth.add_argument("id")

    for mod in _plugins():
        mod.add_parser(sub, _common, EPILOG)
    return p


# subcommands owned by their own module under auditor/commands/ (see its __init__)
PLUGINS: tuple[str, ...] = ("corpus", "check")


def _plugins():
    import importlib

    return [importlib.import_module(f"auditor.commands.{name}") for name in PLUGINS]


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("models and input")
    g.add_argument("--source-lang", help="language of the source (ISO 639-1); default: detected")
    g.add_argument("--target-lang", help="language of the target(s) (ISO 639-1); default: detected")
    g.add_argument("--model", help="force one model id (see `auditor models list`); default: chosen per language pair")
    g.add_argument("--mode", choices=["auto", "monotonic", "rewrite"], default="auto", help="alignment mode")
    g.add_argument("--encoding", help="input encoding (default: UTF-8, or UTF-16/32 with a BOM)")
    g.add_argument("--max-bytes", type=_size, default=None, help="refuse larger inputs (default 2M; e.g. 10M)")
    g.add_argument("--allow-identical", action="store_true", help="audit a target identical to its source")
    g.add_argument("--cache-dir", help="vector cache folder (default: $AUDITOR_CACHE_DIR or the user cache)")
    g.add_argument("--no-cache", action="store_true", help="do not read or write the vector cache")
    g.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour (auto: TTY and no NO_COLOR)")


def _size(text: str) -> int:
    from .config import parse_size

    return parse_size(text)  # inf, nan, negative: a UsageError with the fix (issue 12)


def _config(args: argparse.Namespace):  # -> Config
    from .config import Config

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


# ---------------------------------------------------------------------- output


def _use_color(choice: str, stream) -> bool:
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
    from .io.corpus import CORPUS_SUFFIXES, NOT_DOCUMENTS

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


def _emit(text: str, output: str | None, inputs: Sequence[str], *, flag: str = "--output") -> None:
    """Write to stdout, or atomically to ``output``, refusing to write over an input.

    Commands call :func:`check_outputs` with all their outputs before any work; this checks again
    at write time. The temporary file is removed on any exception, KeyboardInterrupt and SIGTERM.
    """
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    check_outputs([(flag, output)], inputs)
    out = Path(output).expanduser()
    if out.exists() and not out.is_file():  # /dev/null, a FIFO: write through, never replace it
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    parent = out.parent if str(out.parent) else Path(".")
    tmp: str | None = None
    with _terminate_as_interrupt():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            # mkstemp makes the file 0600; a report is an ordinary file: follow the umask (or keep the old mode)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, (out.stat().st_mode & 0o777) if out.exists() else (0o666 & ~mask))
            os.replace(tmp, out)
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise


# ---------------------------------------------------------------------- commands


def _doc_args(values: Sequence[str], *, text: bool = False) -> list:  # list[Path | str | Document]
    """Command-line documents: paths (never guessed to be text), ``-`` for standard input (once),
    or with ``--text`` the texts themselves (issue 12)."""
    if text:
        from .io.read import document_from_text

        return [document_from_text(v, doc_id="text" if len(values) == 1 else f"text{k + 1}") for k, v in enumerate(values)]
    if list(values).count("-") > 1:
        raise UsageError("standard input (-) can be given only once", fix="save the other document to a file", code="A242")
    return ["-" if v == "-" else Path(v) for v in values]


def cmd_audit(args: argparse.Namespace) -> int:
    from .api import Auditor
    from .gate import project_house_style
    from .report.json import dumps, report_to_dict, report_to_json
    from .report.text import render_text
    from .types import SCHEMA_VERSION

    # before any work; literal --text documents are not files
    check_outputs([("--output", args.output)], [] if getattr(args, "text", False) else args.documents)
    auditor = Auditor(_config(args))
    house = project_house_style()  # auditor.toml / [tool.auditor] here: the desk's house style joins the detectors
    if house is not None:
        auditor = auditor.replace(detectors=(*auditor.detectors, house))
    docs = _doc_args(args.documents, text=args.text)
    if len(docs) == 1:
        reports = [auditor.lint(docs[0], target_lang=args.target_lang)]
    else:
        source = auditor.load(docs[0], lang=args.source_lang)
        reports = [auditor.audit(source, t, target_lang=args.target_lang) for t in docs[1:]]
    if args.format == "json":
        if len(reports) == 1:
            text = report_to_json(reports[0]) + "\n"
        else:
            text = dumps({"schema_version": SCHEMA_VERSION, "reports": [report_to_dict(r) for r in reports]}) + "\n"
    elif args.format == "html":
        from .report.html import render_html

        text = render_html(reports)
    elif args.format == "markdown":
        from .report.markdown import render_markdown

        text = render_markdown(reports)
    else:
        color = args.output is None and _use_color(args.color, sys.stdout)
        width = 80 if args.output else None  # a file written from a terminal is not wrapped to that terminal
        text = "\n".join(render_text(r, color=color, show_beads=not args.no_beads, width=width) for r in reports)
    _emit(text, args.output, docs)
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from .api import Auditor

    check_outputs([("--output", args.output)], [p for p in (args.source, args.target, args.reference) if p])
    auditor = Auditor(_config(args))
    cfg = auditor.config
    src = _read_lines(args.source, cfg)
    tgt = _read_lines(args.target, cfg)
    ref = _read_lines(args.reference, cfg) if args.reference else None
    result = auditor.score_segments(src, tgt, ref, source_lang=args.source_lang, target_lang=args.target_lang)
    scores = result.segments
    lines = []
    if args.format == "tsv":
        lines.append("line\tfidelity\tsimilarity\treference_similarity\tfindings")
    for s in scores:
        if args.format == "jsonl":
            row = {
                "line": s.line,
                "fidelity": round(s.fidelity, 2),
                "similarity": round(s.similarity, 4),
                "reference_similarity": None if s.reference_similarity is None else round(s.reference_similarity, 4),
                "chrf": None if s.chrf is None else round(s.chrf, 2),
                "findings": [f.to_dict() for f in s.findings],
            }
            lines.append(_json_line(row))
        else:
            rs = "" if s.reference_similarity is None else f"{s.reference_similarity:.4f}"
            kinds = ",".join(f"{f.severity.value}:{f.type.value}" for f in s.findings)
            lines.append(f"{s.line}\t{s.fidelity:.2f}\t{s.similarity:.4f}\t{rs}\t{kinds}")
    _emit("\n".join(lines) + "\n", args.output, [p for p in (args.source, args.target, args.reference) if p])
    from .score import score_segment_rows

    n = len(scores)
    corpus = score_segment_rows(result.rows, signature=result.signature, seed=cfg.seed)
    flagged = sum(1 for s in scores if s.findings)
    print(
        f"segments: {n}  mean fidelity: {corpus.fidelity:.2f} (95% CI {corpus.ci_low:.2f}–{corpus.ci_high:.2f})"
        f"  segments with findings: {flagged}\nsignature: {result.signature}",
        file=sys.stderr,
    )
    return EXIT_OK


def _json_line(row: dict) -> str:
    from .report.json import dumps

    return dumps(row, indent=None)


def _read_lines(path: str, cfg) -> list[str]:
    from .io.read import read_lines

    return read_lines(Path(path), encoding=cfg.encoding, max_bytes=cfg.max_bytes)


def _tsv_cell(text: str) -> str:
    """Document text as one TSV cell: one line, controls shown, formula-safe (see report.safe)."""
    from .report.safe import spreadsheet_cell

    return spreadsheet_cell(text)


def cmd_align(args: argparse.Namespace) -> int:
    from .api import Auditor
    from .report.json import dumps

    check_outputs([("--output", args.output)], [args.source, args.target])
    auditor = Auditor(_config(args))
    source, target = _doc_args([args.source, args.target])
    src, tgt, src_seg, tgt_seg, alignment, embedder, _ = auditor.align_documents(
        source, target, source_lang=args.source_lang, target_lang=args.target_lang, presegmented=args.presegmented
    )
    if args.format == "beads":
        text = "".join(b.as_gold() + "\n" for b in alignment.beads)
        print(f"alignment: {alignment.mode} ({alignment.reason}); model {embedder.id}", file=sys.stderr)
    elif args.format == "tsv":
        rows = ["src\ttgt\tkind\tsimilarity\tconfidence\tmoved\tsource_text\ttarget_text"]
        for b in alignment.beads:
            rows.append(
                "\t".join(
                    [
                        ",".join(map(str, b.src)),
                        ",".join(map(str, b.tgt)),
                        b.kind,
                        "" if b.similarity is None else f"{b.similarity:.4f}",
                        "" if b.confidence is None else f"{b.confidence:.4f}",
                        "moved" if b.moved else "",
                        _tsv_cell(" ".join(src_seg.segments[i].text for i in b.src)),
                        _tsv_cell(" ".join(tgt_seg.segments[j].text for j in b.tgt)),
                    ]
                )
            )
        text = "\n".join(rows) + "\n"
        print(f"alignment: {alignment.mode} ({alignment.reason}); model {embedder.id}", file=sys.stderr)
    else:
        beads = []
        for b in alignment.beads:
            beads.append(
                {
                    "src": list(b.src),
                    "tgt": list(b.tgt),
                    "similarity": None if b.similarity is None else round(b.similarity, 4),
                    "confidence": None if b.confidence is None else round(b.confidence, 4),
                    "moved": b.moved,
                    "source_text": " ".join(src_seg.segments[i].text for i in b.src),
                    "target_text": " ".join(tgt_seg.segments[j].text for j in b.tgt),
                }
            )
        text = dumps({"mode": alignment.mode, "reason": alignment.reason, "model": embedder.id, "beads": beads}) + "\n"
    _emit(text, args.output, [args.source, args.target])
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from .embed import registry

    action = args.models_command or "list"
    if action == "list":
        rows = registry.list_models()
        print(f"{'id':<14} {'package':<40} {'installed':<9} {'dim':>4} {'langs':>5}  licence")
        for r in rows:
            pkg = f"{r['package']}=={r['version']}"
            print(f"{r['id']:<14} {pkg:<40} {'yes' if r['installed'] else 'no':<9} {r['dim']:>4} {r['languages']:>5}  {r['licence']}")
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
        from .errors import MissingModelError

        raise MissingModelError(f"{failed} of {len(ids)} models failed verification", fix="reinstall the failing packages (see above)")
    return EXIT_OK


COMMANDS = {"audit": cmd_audit, "score": cmd_score, "align": cmd_align, "models": cmd_models}


# ---------------------------------------------------------------------- main


def _note(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
    """auditor's own warnings (the vector cache's, the registry's) reach a user as one ``note:`` line,
    without the internal file and line a raw Python warning would show."""
    print(f"auditor: note: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    with warnings.catch_warnings():
        warnings.showwarning = _note
        return _main(argv)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        return next(m for m in _plugins() if m.NAME == args.command).run(args)
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
