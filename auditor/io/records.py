"""JSON Lines and CSV/TSV files: one record (one document) per JSON object or row.

A record needs a ``text`` field (a CSV header row names the columns); ``id``, ``lang``,
``title``, ``date``, ``url`` and ``outlet`` are optional. Each record's map points at its
text inside the file, through JSON escapes and CSV quoting, so ``line:col`` is exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Iterator

from auditor.errors import BadInputError
from auditor.types import Locator

from .offsets import MapBuilder, Record, identity_map, line_spans, line_starts_of

RECORD_FIELDS = ("id", "text", "lang", "title", "date", "url", "outlet")


def jsonl_records(text: str, file: Path) -> list[Record]:
    records = []
    for number, (a, b, _) in enumerate(line_spans(text), start=1):
        line = text[a:b]
        if not line.strip():
            continue
        obj = _json_object(line, file, number)
        value = obj.get("text")
        if not isinstance(value, str):
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


def _json_object(line: str, file: Path, number: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInputError(
            f"{file} line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
            fix='each line must hold one JSON object, e.g. {"id": "a1", "text": "…"}',
        ) from None
    if not isinstance(obj, dict):
        raise BadInputError(
            f"{file} line {number}: expected a JSON object, found {type(obj).__name__}",
            fix='each line must hold one JSON object, e.g. {"id": "a1", "text": "…"}',
        )
    return obj


def _bad_text_field(file: Path, number: int, value: Any, kind: str) -> None:
    what = "has no \"text\" field" if value is None else f"has a \"text\" that is {type(value).__name__}"
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


_JSON_TEXT_KEY = re.compile(r'"text"\s*:\s*"')


def _json_text_map(line: str, value: str, line_offset: int) -> Locator:
    """Map the decoded ``text`` string to its characters in the JSON line (escapes included)."""
    for m in _JSON_TEXT_KEY.finditer(line):
        try:
            decoded, end = json.decoder.scanstring(line, m.end())
        except ValueError:
            continue
        if decoded == value:
            return _escaped_map(line, m.end(), end - 1, line_offset)
    builder = MapBuilder()  # not found verbatim (an escaped key): the whole line, proportionally
    builder.add(0, line_offset, len(value), len(line))
    return builder.build()


def _escaped_map(line: str, start: int, end: int, line_offset: int) -> Locator:
    """Pieces for a JSON string literal's body ``line[start:end]``: one per escape, runs otherwise."""
    builder = MapBuilder()
    pos, i = 0, start
    while i < end:
        width = 1
        if line[i] == "\\":
            width = 6 if line[i + 1] == "u" else 2
            if width == 6 and 0xD800 <= int(line[i + 2 : i + 6], 16) < 0xDC00 and line[i + 6 : i + 8] == "\\u":
                width = 12  # a surrogate pair: one character
        builder.add(pos, line_offset + i, 1, width)
        pos += 1
        i += width
    return builder.build()


# --------------------------------------------------------------------------- CSV


def csv_records(text: str, file: Path) -> list[Record]:
    delimiter = "\t" if file.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line_starts = line_starts_of(text)
    header, column = _csv_header(reader, file)
    records: list[Record] = []
    previous = reader.line_num
    for row in _csv_rows(reader, file):
        first_line = previous + 1
        span = (line_starts[previous], _line_start_or_end(line_starts, reader.line_num, text))
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
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


def _csv_rows(reader: Any, file: Path) -> Iterator[list[str]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadInputError(
                f"{file} line {reader.line_num}: {exc}",
                fix="check the quoting on that line (a quote inside a field is written as \"\")",
            ) from None
        yield row


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
