"""JSON Lines and CSV/TSV files: one record (one document) per JSON object or row.

A record needs a ``text`` field (a CSV header row names the columns); ``id``, ``lang``,
``title``, ``date``, ``url`` and ``outlet`` are optional. Each record's map points at its
text inside the file, through JSON escapes and CSV quoting, so ``line:col`` is exact.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NoReturn

from auditor.errors import BadInputError, TooManyRecordsError
from auditor.types import Locator

from .offsets import MapBuilder, Record, identity_map, line_spans, line_starts_of
from ..compiled import regex

RECORD_FIELDS = ("id", "text", "lang", "title", "date", "url", "outlet")


def jsonl_records(text: str, file: Path, *, max_records: int | None = None) -> list[Record]:
    """One record per non-blank line. ``max_records``: refuse (:class:`TooManyRecordsError`) as soon
    as one more non-blank line is seen, before it is parsed (issue 12)."""
    records: list[Record] = []
    for number, (a, b, _) in enumerate(line_spans(text), start=1):
        line = text[a:b]
        if not line.strip():
            continue
        if max_records is not None and len(records) >= max_records:
            raise _too_many(file, max_records, number)
        obj = _json_object(line, file, number)
        value = obj.get("text")
        if not isinstance(value, str) or isinstance(value, _LongInt):
            _bad_text_field(file, number, value, "JSON")
        raw_map = _json_text_map(line, value, a)
        fields = _fields(obj, file, number)
        records.append(
            Record(value=value, raw_map=raw_map, line=number, number=len(records) + 1, fields=fields)
        )
    if not records:
        raise BadInputError(f"{file} holds no records", fix="write one JSON object per line, "
                            'e.g. {"id": "a1", "text": "…"}')
    return records


class _LongInt(str):
    """A JSON integer too long for Python's int conversion limit (4,300 digits), kept as its digits:
    an ``id`` of 5,000 digits is read as that string (issue 12: it crashed); a ``text`` is refused."""


def _parse_int(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= MAX_INT_DIGITS else _LongInt(digits)


MAX_INT_DIGITS = 4000  # below sys.get_int_max_str_digits()'s default of 4,300
MAX_JSON_DEPTH = 200  # a record is a flat object; deeper nesting is refused before json parses it
_BRACKETS = regex(r'[\[\]{}"\\]')


def _json_depth_over(line: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (json.loads recurses per level
    and raises RecursionError near 1,000: issue 12, a line of 100k ``[`` crashed). Linear."""
    if line.count("[") + line.count("{") <= limit:
        return False
    depth, in_string, escaped_at = 0, False, -1
    for m in _BRACKETS.finditer(line):
        i, c = m.start(), m.group()
        if i == escaped_at:
            continue
        if in_string:
            if c == "\\":
                escaped_at = i + 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > limit:
                return True
        elif c in "]}":
            depth -= 1
    return False


def _json_object(line: str, file: Path, number: int) -> dict[str, Any]:
    if _json_depth_over(line, MAX_JSON_DEPTH):
        raise BadInputError(
            f"{file} line {number}: JSON nested more than {MAX_JSON_DEPTH} levels deep",
            fix='each line must hold one flat JSON object, e.g. {"id": "a1", "text": "…"}',
            code="A441",
        )
    try:
        obj = json.loads(line, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise BadInputError(
            f"{file} line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
            fix='each line must hold one JSON object, e.g. {"id": "a1", "text": "…"}',
        ) from None
    except (RecursionError, ValueError) as exc:  # nesting the depth check missed; a number out of range
        raise BadInputError(
            f"{file} line {number}: the JSON cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
            fix='each line must hold one flat JSON object, e.g. {"id": "a1", "text": "…"}',
            code="A441",
        ) from None
    if not isinstance(obj, dict):
        raise BadInputError(
            f"{file} line {number}: expected a JSON object, found {type(obj).__name__}",
            fix='each line must hold one JSON object, e.g. {"id": "a1", "text": "…"}',
        )
    return obj


def _bad_text_field(file: Path, number: int, value: Any, kind: str) -> NoReturn:
    name = "int" if isinstance(value, _LongInt) else type(value).__name__
    what = "has no \"text\" field" if value is None else f"has a \"text\" that is {name}"
    raise BadInputError(
        f"{file} line {number}: the {kind} record {what}",
        fix="give every record a text field holding the document as a string "
        f"(fields: {', '.join(RECORD_FIELDS)}; only text is required)",
    )


def _fields(obj: dict[str, Any], file: Path, number: int) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    for name in RECORD_FIELDS:
        if name == "text":
            continue
        value = obj.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            fields[name] = None
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields[name] = str(value).strip()
        else:
            raise BadInputError(
                f"{file} line {number}: field {name!r} is {type(value).__name__}, expected a string",
                fix=f"write {name} as a string, or leave it out",
            )
    lang = fields.get("lang")
    if lang is not None:
        from auditor.lang import normalise_lang_code

        if normalise_lang_code(lang) is None:
            raise BadInputError(
                f"{file} line {number}: {lang!r} is not a language code",
                fix="use an ISO 639-1 code such as en, es, de or fr, or leave lang out to detect it",
            )
    return fields


_JSON_TEXT_KEY = regex(r'"text"\s*:\s*"')


def _json_text_map(line: str, value: str, line_offset: int) -> Locator:
    """Map the decoded ``text`` string to its characters in the JSON line (escapes included)."""
    for m in _JSON_TEXT_KEY.finditer(line):
        try:
            decoded, end = json.decoder.scanstring(line, m.end())  # type: ignore[attr-defined]  # public in CPython, absent from typeshed
        except ValueError:
            continue
        if decoded == value:
            return _escaped_map(line, m.end(), end - 1, line_offset)
    builder = MapBuilder()  # not found verbatim (an escaped key): the whole line, proportionally
    builder.add(0, line_offset, len(value), len(line))
    return builder.build()


#: one escape in a JSON string literal: a surrogate pair (one character), ``\\uXXXX``, or a backslash and one character
_JSON_ESCAPE = regex(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[0-9a-fA-F]{4}|u[0-9a-fA-F]{4}|[^u])")


def _escaped_map(line: str, start: int, end: int, line_offset: int) -> Locator:
    """Pieces for a JSON string literal's body ``line[start:end]``: one per escape, one per run between escapes."""
    builder = MapBuilder()
    pos, i = 0, start
    for m in _JSON_ESCAPE.finditer(line, start, end):
        if m.start() > i:
            builder.add(pos, line_offset + i, m.start() - i, m.start() - i)
            pos += m.start() - i
        builder.add(pos, line_offset + m.start(), 1, m.end() - m.start())
        pos += 1
        i = m.end()
    builder.add(pos, line_offset + i, end - i, end - i)
    return builder.build()


# --------------------------------------------------------------------------- CSV


_NONBLANK_LINE = regex(r"(?:^|(?<=[\r\n]))[^\S\r\n]*\S")


def check_record_count(text: str, file: Path, fmt: str, max_records: int) -> None:
    """Refuse a JSON Lines or CSV file with more than ``max_records`` records before any record is
    parsed into a document: a count made while scanning, stopped as soon as the limit is passed
    (issue 12: a 1M-row CSV was refused only after 37 s and 1.8 GB). Quoting errors are left to the
    reader, which names the line."""
    if text.count("\n") + text.count("\r") + 1 <= max_records:  # lines bound records from above
        return
    n = 0
    if fmt == "jsonl":
        for m in _NONBLANK_LINE.finditer(text):
            n += 1
            if n > max_records:
                raise _too_many(file, max_records, text.count("\n", 0, m.start()) + 1)
        return
    delimiter = "\t" if file.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    with _field_limit(len(text)):
        try:
            next(reader, None)  # the header
            for row in reader:
                if "".join(row).strip():
                    n += 1
                    if n > max_records:
                        raise _too_many(file, max_records, reader.line_num)
        except csv.Error:
            return


def _too_many(file: Path, limit: int, line: int) -> TooManyRecordsError:
    return TooManyRecordsError(
        f"{file}: more than {limit:,} documents (stopped reading at line {line:,})",
        fix="split the file into smaller ones, or audit a sample of it",
        limit=limit,
    )


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """csv refuses fields over ``csv.field_size_limit()`` (131,072 characters by default): while
    reading a file, let a field be as long as the file, which ``max_bytes`` already bounds."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(size + 1, sys.maxsize)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def csv_records(text: str, file: Path, *, max_records: int | None = None) -> list[Record]:
    """One record per row after the header. Quoting is read strictly: an unclosed quote is a
    :class:`BadInputError` naming the line it opens on (issue 12: it silently swallowed the rows
    after it). ``max_records``: refuse as soon as one more row is read."""
    with _field_limit(len(text)):
        return _csv_records(text, file, max_records)


def _csv_records(text: str, file: Path, max_records: int | None) -> list[Record]:
    delimiter = "\t" if file.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line_starts = line_starts_of(text)
    header, column = _csv_header(reader, file)
    records: list[Record] = []
    previous = reader.line_num
    for row in _csv_rows(reader, file, text):
        first_line = previous + 1
        span = (line_starts[previous], _line_start_or_end(line_starts, reader.line_num, text))
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if max_records is not None and len(records) >= max_records:
            raise _too_many(file, max_records, first_line)
        value = row[column] if column < len(row) else ""
        obj = {name: row[i] for i, name in enumerate(header) if i < len(row) and name in RECORD_FIELDS}
        fields = _fields(obj, file, first_line)
        raw_map = _csv_cell_map(text, span, row, column)
        records.append(
            Record(value=value, raw_map=raw_map, line=first_line, number=len(records) + 1, fields=fields)
        )
    if not records:
        raise BadInputError(f"{file} has a header but no rows", fix="add one row per document")
    return records


def _csv_header(reader: Any, file: Path) -> tuple[list[str], int]:
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise BadInputError(f"{file} line 1: {exc}", fix="check the CSV header row") from None
    names = [h.strip().lower() for h in header]
    if "text" not in names:
        found = ", ".join(repr(h) for h in header) or "none"
        raise BadInputError(
            f"{file} has no 'text' column in its header row (columns: {found})",
            fix=f"add a header row naming the columns, with one called text "
            f"(known: {', '.join(RECORD_FIELDS)})",
        )
    return names, names.index("text")


def _csv_rows(reader: Any, file: Path, text: str) -> Iterator[list[str]]:
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(exc, file, start, reader.line_num, text) from None
        yield row


def _csv_error(exc: csv.Error, file: Path, start: int, stop: int, text: str) -> BadInputError:
    msg = str(exc)
    if "field larger than field limit" in msg:  # only past the file's own length: not expected
        return BadInputError(f"{file} line {start}: a field is larger than the CSV field limit",
                             fix="raise --max-bytes (fields may be as long as the file)", code="A443")  # fmt: skip
    if "unexpected end of data" in msg or ("expected after" in msg and stop > start):
        return BadInputError(
            f"{file} line {start}: a quoted field opened on this line is never closed "
            f"(read on to line {stop}{' — the end of the file' if stop >= text.count(chr(10)) else ''})",
            fix=f'close the quote on line {start} (a quote inside a quoted field is written as ""), '
            "or save the file again from the spreadsheet as CSV",
            code="A442",
        )
    return BadInputError(
        f"{file} line {stop}: {msg}",
        fix='check the quoting on that line: a quoted field must end with " followed by a comma or the '
        'line end, and a quote inside it is written as ""',
        code="A442",
    )


def _line_start_or_end(line_starts: tuple[int, ...], index: int, text: str) -> int:
    return line_starts[index] if index < len(line_starts) else len(text)


def _csv_cell_map(text: str, span: tuple[int, int], row: list[str], column: int) -> Locator:
    """Map the text cell's value to its characters in the file, found cell by cell in the row."""
    cursor, end = span
    for i, cell in enumerate(row[: column + 1]):
        quoted = '"' + cell.replace('"', '""') + '"'
        at = text.find(quoted, cursor, end)
        if at >= 0:
            cursor = at + len(quoted)
            if i == column:
                return _csv_quoted_map(text, at + 1, at + len(quoted) - 1)
            continue
        at = text.find(cell, cursor, end)
        if at < 0:
            break
        cursor = at + len(cell)
        if i == column:
            return identity_map(len(cell), at)
    builder = MapBuilder()  # not found: the whole record, proportionally
    builder.add(0, span[0], len(row[column]) if column < len(row) else 0, span[1] - span[0])
    return builder.build()


def _csv_quoted_map(text: str, start: int, end: int) -> Locator:
    builder = MapBuilder()
    pos, i = 0, start
    while i < end:
        width = 2 if text.startswith('""', i) else 1
        builder.add(pos, i, 1, width)
        pos += 1
        i += width
    return builder.build()
