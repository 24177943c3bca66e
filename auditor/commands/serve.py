"""``auditor serve``: a long-lived worker for editors and desks that audit many stories a minute.

It reads JSON Lines requests on standard input and writes one JSON line per request on standard
output, in order, flushed after each. One :class:`auditor.api.Auditor` serves every request, so the
models, their vector caches and the lexicons load once and stay warm. There is no network socket:
whoever can write to the worker's standard input already runs programs as its user.

A request that cannot be served (a malformed line, an unknown op, a missing field, an
:class:`~auditor.errors.AuditorError` from the library) is answered with an error line and the
worker reads on; only a bug in the worker ends it (exit 70, after an ``A700`` error line). Texts are
never logged, and stdout carries nothing but response lines (notes go to stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import EXIT_OK, AuditorError, BadInputError, UsageError
from ._common import EPILOG, add_common, audit_auditors

if TYPE_CHECKING:
    from ..api import Auditor

NAME = "serve"
OPS = ("audit", "lint", "score", "ping")

# the fields each op takes besides "id" and "op"
FIELDS: dict[str, tuple[str, ...]] = {
    "audit": ("source", "target", "source_path", "target_path", "source_lang", "target_lang", "source_id", "target_id"),
    "lint": ("text", "path", "lang", "doc_id"),
    "score": ("source", "target", "reference", "source_path", "target_path", "reference_path", "source_lang", "target_lang"),
    "ping": (),
}

DESCRIPTION = """\
A long-lived worker: read one JSON request per line on standard input, write
one JSON response per line on standard output (in order, flushed after each).
Models, vector caches and lexicons load once and stay warm. Local only: no
network socket is opened, requests come on standard input alone. End of input
ends the worker (exit 0).

requests ([optional] fields; "id" is echoed: a string, an integer or null)
  {"id": 1, "op": "audit", "source": TEXT, "target": TEXT}
      [source_lang, target_lang]  override --source-lang/--target-lang
      [source_id, target_id]      ids in the report (default: source, target)
      [source_path, target_path]  files instead of the texts (--allow-paths)
  -> {"id": 1, "ok": true, "report": REPORT}
  {"id": 2, "op": "lint", "text": TEXT, [lang, doc_id], [path (--allow-paths)]}
  -> {"id": 2, "ok": true, "report": REPORT}
  {"id": 3, "op": "score", "source": [SEGMENT...], "target": [SEGMENT...],
      [reference: [SEGMENT...]], [source_lang, target_lang],
      [source_path, target_path, reference_path (--allow-paths)]}
  -> {"id": 3, "ok": true, "segments": [ROW...], "score": SCORE}
  {"id": 4, "op": "ping"}  -> {"id": 4, "ok": true, "version": VERSION}

REPORT is the object `auditor audit --format json` writes for the same
documents; ROW a line of `auditor score`; SCORE the segments' mean fidelity with
its interval and signature. Files are read as `auditor audit` and `auditor
score` read them. The options below apply to every request.

errors: a request that cannot be served is answered
  {"id": ..., "ok": false, "error": {"code": "A...", "message": M, "fix": F}}
and the worker reads on. A250 not a JSON object, A251 a line longer than
--max-bytes (default 2M), A252 unknown op, A253 a field missing, unknown or of
the wrong type, A254 a path without --allow-paths; or the library's own codes
(bad input, unknown model...). Only a bug in the worker ends it: an A700 error
line, then exit 70."""


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    s = sub.add_parser(
        NAME,
        help="long-lived worker: JSON Lines requests on stdin, one JSON response line each on stdout",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--allow-paths", action="store_true",
                   help="let requests name files (source_path, target_path, path, reference_path) instead of texts")  # fmt: skip
    add_common(s)
    return s


def run(args: argparse.Namespace) -> int:
    styled, plain = audit_auditors(args)  # audit and lint as `auditor audit`, score as `auditor score`
    worker = _Worker(args, styled, plain)
    out = sys.stdout
    for line in _request_lines(sys.stdin, plain.config.max_bytes):
        try:
            with contextlib.redirect_stdout(sys.stderr):  # stdout carries response lines only
                response = worker.answer(line)
        except Exception as e:  # a bug: answer the request, then let the CLI end the worker (exit 70)
            message = f"internal error: {type(e).__name__}; the worker stops (rerun with AUDITOR_DEBUG=1 for the traceback)"
            _write(out, _failure(worker.request_id, _error("A700", message, "report this bug in auditor")))
            raise
        if response is not None:
            _write(out, response)
    return EXIT_OK


# ---------------------------------------------------------------------- reading and writing


def _request_lines(stdin: Any, limit: int) -> Iterator[bytes | None]:
    """Each line of ``stdin`` as bytes without its line break; None for a line of more than ``limit``
    bytes, whose rest is skipped unkept (memory stays bounded)."""
    stream = getattr(stdin, "buffer", stdin)

    def read(n: int) -> bytes:
        line = stream.readline(n)
        return line.encode("utf-8", "surrogateescape") if isinstance(line, str) else line  # a text stream

    while True:
        line = read(limit + 2)  # the longest line allowed, with \r\n
        if not line:
            return
        content = line.rstrip(b"\r\n")
        if len(content) <= limit:
            yield content
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the line
            line = read(1 << 16)
        yield None


def _write(out: Any, response: dict[str, Any]) -> None:
    from ..report.json import dumps

    data = (dumps(response, indent=None) + "\n").encode("utf-8")
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8"))
    else:  # UTF-8 whatever the locale
        out.flush()
        buffer.write(data)
        buffer.flush()
    out.flush()


# ---------------------------------------------------------------------- requests


def _error(code: str, message: str, fix: str, cls: type[AuditorError] = UsageError) -> AuditorError:
    return cls(message, fix=fix, code=code)


def _failure(rid: Any, e: AuditorError) -> dict[str, Any]:
    return {"id": rid, "ok": False, "error": {"code": e.code, "message": e.message, "fix": e.fix}}


class _Worker:
    """Answers one request line at a time with the auditors built once in :func:`run`."""

    def __init__(self, args: argparse.Namespace, styled: "Auditor", plain: "Auditor"):
        self.args = args
        self.styled = styled  # audit and lint: the detectors `auditor audit` runs
        self.plain = plain  # score: the detectors `auditor score` runs
        self.request_id: Any = None  # the id of the request being answered (None until it is read)

    def answer(self, line: bytes | None) -> dict[str, Any] | None:
        self.request_id = None
        if line is None:
            limit = self.plain.config.max_bytes
            e = _error("A251", f"request line longer than the limit of {limit:,} bytes",
                       f"split the work into smaller requests, or restart the worker with --max-bytes {limit * 2}",
                       BadInputError)  # fmt: skip
            return _failure(None, e)
        if not line.strip():
            return None  # a blank line is no request
        try:
            request = _parse(line)
            rid = request.get("id")
            if rid is not None and (not isinstance(rid, (str, int)) or isinstance(rid, bool)):
                raise _error("A253", "field 'id' must be a string, an integer or null", "send an id the response can echo")
            self.request_id = rid
            op = request.get("op")
            if op not in OPS:
                shown = f"unknown op {op!r}" if isinstance(op, str) and len(op) <= 40 else "missing or unknown op"
                raise _error("A252", shown, f"send one of: {', '.join(OPS)}")
            extra = sorted(set(request) - {"id", "op", *FIELDS[op]})
            if extra:
                raise _error("A253", f"unknown field(s) for op {op!r}: {', '.join(repr(k[:40]) for k in extra)}",
                             f"{op} takes: {', '.join(FIELDS[op]) or 'no other fields'}")  # fmt: skip
            return {"id": self.request_id, "ok": True, **getattr(self, f"_{op}")(request)}
        except AuditorError as e:
            return _failure(self.request_id, e)

    # ------------------------------------------------------------------ the ops

    def _ping(self, request: dict[str, Any]) -> dict[str, Any]:
        from .. import __version__

        return {"version": __version__}

    def _audit(self, request: dict[str, Any]) -> dict[str, Any]:
        from ..report.json import report_to_dict

        a = self.styled
        src_lang = _opt_lang(request, "source_lang") or self.args.source_lang
        tgt_lang = _opt_lang(request, "target_lang") or self.args.target_lang
        source = a.load(self._document(request, "source", _opt_str(request, "source_id") or "source"), lang=src_lang)
        target = self._document(request, "target", _opt_str(request, "target_id") or "target")
        return {"report": report_to_dict(a.audit(source, target, target_lang=tgt_lang))}

    def _lint(self, request: dict[str, Any]) -> dict[str, Any]:
        from ..report.json import report_to_dict

        lang = _opt_lang(request, "lang") or self.args.target_lang
        doc = self._document(request, "text", _opt_str(request, "doc_id") or "text", path_field="path")
        return {"report": report_to_dict(self.styled.lint(doc, target_lang=lang))}

    def _score(self, request: dict[str, Any]) -> dict[str, Any]:
        import json

        from ..report.score import render_segments
        from ..score import score_segment_rows

        a = self.plain
        src, tgt, ref = (self._segments(request, f) for f in ("source", "target", "reference"))
        if src is None or tgt is None:
            field = "source" if src is None else "target"
            raise _error("A253", f"missing field {field!r}", f"send {field!r}: a list of segments (strings)")
        src_lang = _opt_lang(request, "source_lang") or self.args.source_lang
        tgt_lang = _opt_lang(request, "target_lang") or self.args.target_lang
        result = a.score_segments(src, tgt, ref, source_lang=src_lang, target_lang=tgt_lang)
        rows = [json.loads(x) for x in render_segments(result.segments, "jsonl").splitlines()]  # `auditor score`'s rows
        corpus = score_segment_rows(result.rows, signature=result.signature, seed=a.config.seed)
        return {"segments": rows, "score": corpus.to_dict()}

    # ------------------------------------------------------------------ fields

    def _path(self, request: dict[str, Any], field: str) -> Path | None:
        value = _opt_str(request, field)
        if value is None:
            return None
        if "\0" in value:
            raise _error("A253", f"field {field!r} is not a file name (it holds a NUL character)", "send a file name")
        if not self.args.allow_paths:
            raise _error("A254", f"field {field!r} names a file, and this worker reads no files",
                         "send the text itself, or restart the worker with --allow-paths")  # fmt: skip
        return Path(value)

    def _document(self, request: dict[str, Any], field: str, doc_id: str, *, path_field: str | None = None) -> Any:
        """The Document of a text field (as ``auditor audit --text`` makes it), or a Path (``--allow-paths``)."""
        from ..io.read import document_from_text

        path_field = path_field or f"{field}_path"
        text, path = request.get(field), self._path(request, path_field)
        if (text is None) == (path is None):
            raise _error("A253", f"give either {field!r} or {path_field!r}" + (" (not both)" if text is not None else ""),
                         f"send the text as {field!r}")  # fmt: skip
        if path is not None:
            return path
        if not isinstance(text, str):
            raise _error("A253", f"field {field!r} must be a string", f"send the text of the document as {field!r}")
        return document_from_text(text, doc_id=doc_id)

    def _segments(self, request: dict[str, Any], field: str) -> list[str] | None:
        """A list of segments, normalised as ``auditor score`` normalises the lines of a file (None: absent)."""
        from ..io.normalise import normalise
        from ..io.offsets import identity_map
        from ._common import read_lines

        path_field = f"{field}_path"
        value, path = request.get(field), self._path(request, path_field)
        if value is not None and path is not None:
            raise _error("A253", f"give either {field!r} or {path_field!r}, not both", f"send the segments as {field!r}")
        if path is not None:
            return read_lines(str(path), self.plain.config)
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
            raise _error("A253", f"field {field!r} must be a non-empty list of strings", "send one string per segment")
        return [normalise(s, identity_map(len(s)), ())[0] for s in value]


def _parse(line: bytes) -> dict[str, Any]:
    import json

    try:
        request = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise _error("A250", "request line is not UTF-8", "send each request as one line of UTF-8 JSON") from None
    except (ValueError, RecursionError) as e:  # JSONDecodeError; nesting too deep
        where = f" (column {e.colno})" if isinstance(e, json.JSONDecodeError) else ""
        raise _error("A250", f"request line is not valid JSON{where}", "send one JSON object per line") from None
    if not isinstance(request, dict):
        raise _error("A250", "request line is not a JSON object", 'send an object such as {"id": 1, "op": "ping"}')
    return request


def _opt_str(request: dict[str, Any], field: str) -> str | None:
    value = request.get(field)
    if value is not None and (not isinstance(value, str) or not value or len(value) > 4096):
        raise _error("A253", f"field {field!r} must be a non-empty string", f"send {field!r} as a string, or leave it out")
    return value


def _opt_lang(request: dict[str, Any], field: str) -> str | None:
    """A language code of the request, normalised (``EN`` -> ``en``); None when absent."""
    from ..lang import normalise_lang_code

    value = _opt_str(request, field)
    if value is None:
        return None
    code = normalise_lang_code(value) if len(value) <= 40 else None
    if code is None:
        raise _error("A253", f"field {field!r} is not a language code", "send an ISO 639-1 code such as en, es, de or fr, or leave it out")
    return code
