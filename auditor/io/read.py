"""Reading documents: txt, Markdown, HTML, JSON Lines and CSV, into :class:`Document` values.

Every reader follows the same path:

1. **bytes** – refuse what is missing, a directory, unreadable, too big or binary (here);
2. **decode** – UTF-8 (BOM-aware), UTF-16/32 when a BOM says so, or the ``encoding`` given
   (:mod:`auditor.io.decode`);
3. **extract** – each format yields records: a raw text value plus a piecewise map from the
   value's offsets to offsets in the decoded file (markup removed, JSON escapes undone, …):
   :mod:`auditor.io.markdown`, :mod:`auditor.io.html`, :mod:`auditor.io.records` (JSON Lines
   and CSV); plain text is taken as it is;
4. **normalise** – line by line (long lines in pieces cut at spaces): mojibake repaired
   with ftfy (typography kept), odd spaces made plain, zero-width characters dropped, NFC;
   ``\\r\\n`` and ``\\r`` become ``\\n`` (:mod:`auditor.io.normalise`);
5. **locate** – the two maps are composed into one :class:`~auditor.types.Locator`, so any
   offset in ``Document.text`` gives ``line:col`` in the file (:mod:`auditor.io.offsets`).

This module holds the public functions, the file checks and the assembly of
:class:`Document` values (ids, fields, language). ``Document.original`` is always the
decoded file (shared by all records of a JSON Lines or CSV file), so
``doc.original[doc.locator.to_original(i)]`` is the file character behind ``doc.text[i]``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from auditor.errors import BadInputError, UsageError
from auditor.types import Document

from .decode import MAX_CONTROL_SHARE, SNIFF_BYTES, decode, declared_charset
from .html import html_record
from .markdown import markdown_record
from .normalise import CHUNK_CHARS, normalise
from .offsets import Record, identity_map, line_starts_of
from .records import RECORD_FIELDS, check_record_count, csv_records, jsonl_records

__all__ = [
    "read_documents",
    "read_document",
    "document_from_text",
    "read_lines",
    "read_stdin",
    "DEFAULT_MAX_BYTES",
    "SNIFF_BYTES",
    "MAX_CONTROL_SHARE",
    "CHUNK_CHARS",
    "RECORD_FIELDS",
]

DEFAULT_MAX_BYTES = 2_000_000

_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
_RECORD_FORMATS = ("jsonl", "csv")

# --------------------------------------------------------------------------- public API


def read_documents(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    max_records: int | None = None,
) -> list[Document]:
    """Read every document in the file at ``path`` (one for txt/md/html, one per record for jsonl/csv).

    The format follows the extension (``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl``,
    ``.csv``/``.tsv``; anything else is read as text). ``lang`` (an ISO 639-1 code) is
    taken as given for every document; otherwise a record's own ``lang`` field counts as
    given, and the language of the rest is detected. Raises :class:`BadInputError` for a
    file that cannot be audited as it is, and :class:`UsageError` for bad arguments.
    ``max_records``: a JSON Lines or CSV file with more records is refused
    (:class:`~auditor.errors.TooManyRecordsError`) as soon as the count passes it, before the
    records are normalised or their language detected.
    """
    given_lang = _check_lang_arg(lang)
    file = Path(path)
    _check_max_bytes(max_bytes)
    fmt = _FORMATS.get(file.suffix.lower(), "text")
    data = _read_bytes(file, max_bytes, sniff=encoding is None)
    if encoding is None and fmt == "html":
        encoding = declared_charset(data)
    text = decode(data, str(file), encoding)
    if fmt in _RECORD_FORMATS and max_records is not None:
        check_record_count(text, file, fmt, max_records)
    line_starts = line_starts_of(text)
    if fmt in _RECORD_FORMATS:
        reader = jsonl_records if fmt == "jsonl" else csv_records
        records = reader(text, file, max_records=max_records)
        docs = [_record_document(r, file, fmt, text, line_starts, given_lang) for r in records]
        _check_unique_ids(docs, records, file)
        return docs
    record = _single_record(text, fmt)
    return [_to_document(record, doc_id=file.stem, path=str(file), fmt=fmt, original=text,
                         line_starts=line_starts, lang=given_lang)]


def read_document(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str | None = None,
) -> Document:
    """Read the one document in the file at ``path``; a file of several records is a BadInputError."""
    docs = read_documents(path, encoding=encoding, max_bytes=max_bytes, lang=lang)
    if len(docs) != 1:
        raise BadInputError(
            f"{path} holds {len(docs)} records, but one document was expected here",
            fix="give a file with a single record, or use a command that reads a corpus "
            "(e.g. `auditor corpus`)",
        )
    return docs[0]


def document_from_text(text: str, *, doc_id: str = "<text>", lang: str | None = None) -> Document:
    """A :class:`Document` from a string, normalised exactly like a ``.txt`` file."""
    if not isinstance(text, str):
        raise UsageError(
            f"document_from_text expects a str, got {type(text).__name__}",
            fix="decode bytes first (bytes.decode('utf-8')) or use read_documents() on a file",
        )
    given_lang = _check_lang_arg(lang)
    if text.startswith("\ufeff"):
        text = text[1:]
    record = Record(value=text, raw_map=identity_map(len(text)))
    return _to_document(record, doc_id=doc_id, path=None, fmt="string", original=text,
                        line_starts=line_starts_of(text), lang=given_lang)


STDIN = "-"  # the argument that means standard input


def read_stdin(
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    stream: object | None = None,
) -> Document:
    """The document on standard input (``-`` on the command line), read as a ``.txt`` file would be:
    the same byte limit, binary check, decoding and normalisation. ``stream``: a binary file object
    to read instead of ``sys.stdin``."""
    import sys

    given_lang = _check_lang_arg(lang)
    _check_max_bytes(max_bytes)
    if stream is None:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    try:
        data = stream.read(max_bytes + 1)  # type: ignore[attr-defined]
    except (OSError, ValueError) as exc:
        raise BadInputError(f"standard input cannot be read: {exc}",
                            fix="pipe the document in (`auditor audit - < article.txt`) or give its path") from None  # fmt: skip
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        raise BadInputError(
            f"standard input holds more than the limit of {max_bytes:,} bytes",
            fix=f"raise the limit with --max-bytes {max_bytes * 2} (max_bytes= in the API), or split the text",
        )
    text = decode(data, "standard input", encoding)
    record = Record(value=text, raw_map=identity_map(len(text)))
    return _to_document(record, doc_id="stdin", path=None, fmt="text", original=text,
                        line_starts=line_starts_of(text), lang=given_lang)


def read_lines(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[str]:
    """The normalised lines of a line-aligned file (one segment per line, as ``auditor score`` reads).

    Decoded, checked and normalised like a ``.txt`` file, whatever the extension. Every line
    counts, empty ones included, so that line *n* of a source pairs with line *n* of its
    target; a final line break does not start another line.
    """
    file = Path(path)
    _check_max_bytes(max_bytes)
    text = decode(_read_bytes(file, max_bytes, sniff=encoding is None), str(file), encoding)
    if not text.strip():
        raise BadInputError(
            f"{file} is empty or holds only whitespace",
            fix="check that the right file was given and that it was saved completely",
        )
    normalised, _ = normalise(text, identity_map(len(text)), ())
    lines = normalised.split("\n")
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines


# --------------------------------------------------------------------------- documents


def _to_document(
    record: Record,
    *,
    doc_id: str,
    path: str | None,
    fmt: str,
    original: str,
    line_starts: tuple[int, ...],
    lang: str | None,
) -> Document:
    text, locator = normalise(record.value, record.raw_map, line_starts)
    where = path or doc_id
    if not text.strip():
        _refuse_empty(record, where, fmt)
    fields = record.fields
    lang_code, confidence, source = _language(text, lang or fields.get("lang"))
    return Document(
        id=doc_id,
        text=text,
        original=original,
        lang=lang_code,
        lang_confidence=confidence,
        lang_source=source,
        path=path,
        format=fmt,
        title=fields.get("title"),
        date=fields.get("date"),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        locator=locator,
    )


def _refuse_empty(record: Record, where: str, fmt: str) -> None:
    if fmt in _RECORD_FORMATS:
        raise BadInputError(
            f"{where} line {record.line}: the record's text is empty",
            fix="give every record some text, or remove the record",
        )
    if not record.value.strip() and fmt == "html":
        raise BadInputError(
            f"{where} has no text once markup, scripts and navigation are removed",
            fix="check that the page holds the article itself (not a script-rendered shell); "
            "save the rendered page or its text",
        )
    raise BadInputError(
        f"{where} is empty or holds only whitespace",
        fix="check that the right file was given and that it was saved completely",
    )


def _record_document(
    record: Record, file: Path, fmt: str, original: str, line_starts: tuple[int, ...], lang: str | None
) -> Document:
    doc_id = record.fields.get("id") or f"{file.name}#{record.number}"
    return _to_document(record, doc_id=doc_id, path=str(file), fmt=fmt, original=original,
                        line_starts=line_starts, lang=lang)


def _check_unique_ids(docs: list[Document], records: list[Record], file: Path) -> None:
    seen: dict[str, int] = {}
    for doc, record in zip(docs, records):
        if doc.id in seen:
            raise BadInputError(
                f"{file} line {record.line}: id {doc.id!r} is already used on line {seen[doc.id]}",
                fix="give every record a unique id (or leave id out to get <file>#<n>)",
            )
        seen[doc.id] = record.line


def _single_record(text: str, fmt: str) -> Record:
    if fmt == "markdown":
        return markdown_record(text)
    if fmt == "html":
        return html_record(text)
    return Record(value=text, raw_map=identity_map(len(text)))


# --------------------------------------------------------------------------- arguments and language


def _check_max_bytes(max_bytes: int) -> None:
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise UsageError(
            f"max_bytes must be a positive whole number of bytes, got {max_bytes!r}",
            fix="pass e.g. --max-bytes 5000000",
        )


def _check_lang_arg(lang: str | None) -> str | None:
    if lang is None:
        return None
    from auditor.lang import normalise_lang_code

    code = normalise_lang_code(lang) if isinstance(lang, str) else None
    if code is None:
        raise UsageError(
            f"{lang!r} is not a language code",
            fix="pass an ISO 639-1 code such as --lang en, es, de or fr (or leave it out to detect)",
        )
    return code


def _language(text: str, given: str | None) -> tuple[str, float, str]:
    """(code, confidence, source): the given code, else the detected one."""
    from auditor.lang import detect_language, normalise_lang_code

    if given:
        code = normalise_lang_code(given)
        if code:
            return code, 1.0, "given"
    code, confidence = detect_language(text)
    return code, confidence, "detected"


# --------------------------------------------------------------------------- bytes and decoding


READ_BLOCK = 1 << 20  # bytes read at a time after the first block


def _read_bytes(file: Path, max_bytes: int, *, sniff: bool = False) -> bytes:
    """The file's bytes, or a BadInputError saying why they cannot be had.

    Read in blocks, never past ``max_bytes`` + 1. With ``sniff`` (no encoding given), the first
    block is checked for binary content before the rest is read, so a large binary file under a
    raised limit is refused after 8 KB, not after reading all of it (issue 12)."""
    try:
        info = file.stat()
    except FileNotFoundError:
        raise BadInputError(
            f"{file}: no such file (file not found)",
            fix="check the path and the current directory (a broken symbolic link reads the same); "
            "to give text rather than a file, use --text (document_from_text() in Python), or - for standard input",
            code="A444",
        ) from None
    except PermissionError:
        raise _permission_error(file) from None
    except OSError as exc:
        raise BadInputError(f"{file} cannot be read: {exc.strerror}", fix="check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInputError(
            f"{file} is a directory, not a document",
            fix=f"give a file inside it (e.g. {file / 'article.txt'}), or one path per document",
        )
    if not stat.S_ISREG(info.st_mode):
        raise BadInputError(
            f"{file} is not a regular file (a pipe, socket or device)",
            fix="save the text to a file first and give that file",
        )
    if info.st_size > max_bytes:
        raise _too_big(file, info.st_size, max_bytes)
    try:
        with open(file, "rb") as handle:
            data = _read_limited(handle, file, max_bytes, sniff)
    except PermissionError:
        raise _permission_error(file) from None
    except OSError as exc:
        raise BadInputError(f"{file} cannot be read: {exc.strerror}", fix="check the file") from None
    if len(data) > max_bytes:  # it grew while we looked
        raise _too_big(file, len(data), max_bytes)
    return data


def _read_limited(handle: BinaryIO, file: Path, max_bytes: int, sniff: bool) -> bytes:
    from .decode import _bom, _refuse_binary_bytes

    head = handle.read(min(SNIFF_BYTES, max_bytes + 1))
    if sniff and _bom(head)[0] is None:
        _refuse_binary_bytes(head, str(file))
    blocks, size = [head], len(head)
    while size <= max_bytes:
        block = handle.read(min(READ_BLOCK, max_bytes + 1 - size))
        if not block:
            break
        blocks.append(block)
        size += len(block)
    return b"".join(blocks)


def _permission_error(file: Path) -> BadInputError:
    return BadInputError(
        f"{file} cannot be read: permission denied",
        fix=f"make it readable (chmod u+r {file}) or copy it somewhere you can read",
    )


def _too_big(file: Path, size: int, max_bytes: int) -> BadInputError:
    return BadInputError(
        f"{file} is {size:,} bytes, over the limit of {max_bytes:,} bytes",
        fix=f"raise the limit with --max-bytes {max(size, max_bytes * 2)} (max_bytes= in the API), "
        "or split the file",
    )
