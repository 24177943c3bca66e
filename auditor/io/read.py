"""Reading documents: txt, Markdown, HTML, JSON Lines and CSV, into :class:`Document` values.

Every reader follows the same path:

1. **bytes** – refuse what is missing, a directory, unreadable, too big or binary;
2. **decode** – UTF-8 (BOM-aware), UTF-16/32 when a BOM says so, or the ``encoding`` given;
3. **extract** – each format yields records: a raw text value plus a piecewise map from the
   value's offsets to offsets in the decoded file (markup removed, JSON escapes undone, …);
4. **normalise** – line by line (long lines in pieces cut at spaces): mojibake repaired
   with ftfy (typography kept), odd spaces made plain, zero-width characters dropped, NFC;
   ``\\r\\n`` and ``\\r`` become ``\\n``;
5. **locate** – the two maps are composed into one :class:`~auditor.types.Locator`, so any
   offset in ``Document.text`` gives ``line:col`` in the file.

``Document.original`` is always the decoded file (shared by all records of a JSON Lines or
CSV file), so ``doc.original[doc.locator.to_original(i)]`` is the file character behind
``doc.text[i]``.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import functools
import io
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from auditor.errors import BadInputError, UsageError
from auditor.types import Document, Locator

DEFAULT_MAX_BYTES = 2_000_000
SNIFF_BYTES = 8192  # how much of a file the binary check looks at
MAX_CONTROL_SHARE = 0.05  # above this share of control characters a file "looks binary"
CHUNK_CHARS = 2_000  # long lines are normalised in pieces about this long
RECORD_FIELDS = ("id", "text", "lang", "title", "date", "url", "outlet")

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

_NEWLINE = re.compile(r"\r\n|\r|\n")

# --------------------------------------------------------------------------- public API


def read_documents(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str | None = None,
) -> list[Document]:
    """Read every document in the file at ``path`` (one for txt/md/html, one per record for jsonl/csv).

    The format follows the extension (``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl``,
    ``.csv``/``.tsv``; anything else is read as text). ``lang`` (an ISO 639-1 code) is
    taken as given for every document; otherwise a record's own ``lang`` field counts as
    given, and the language of the rest is detected. Raises :class:`BadInputError` for a
    file that cannot be audited as it is, and :class:`UsageError` for bad arguments.
    """
    given_lang = _check_lang_arg(lang)
    file = Path(path)
    _check_max_bytes(max_bytes)
    data = _read_bytes(file, max_bytes)
    fmt = _FORMATS.get(file.suffix.lower(), "text")
    if encoding is None and fmt == "html":
        encoding = _declared_charset(data)
    text = _decode(data, str(file), encoding)
    line_starts = _line_starts(text)
    if fmt in _RECORD_FORMATS:
        records = _jsonl_records(text, file) if fmt == "jsonl" else _csv_records(text, file)
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
    record = _Record(value=text, raw_map=_identity_map(len(text)))
    return _to_document(record, doc_id=doc_id, path=None, fmt="string", original=text,
                        line_starts=_line_starts(text), lang=given_lang)


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
    text = _decode(_read_bytes(file, max_bytes), str(file), encoding)
    if not text.strip():
        raise BadInputError(
            f"{file} is empty or holds only whitespace",
            fix="check that the right file was given and that it was saved completely",
        )
    normalised, _ = _normalise(text, _identity_map(len(text)), ())
    lines = normalised.split("\n")
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines


# --------------------------------------------------------------------------- records


@dataclass
class _Record:
    """Text extracted from a file, with the map from its offsets to offsets in the decoded file."""

    value: str
    raw_map: Locator
    line: int = 1  # 1-based line of the record in the file, for messages
    number: int = 1  # 1-based position among the file's records, for default ids
    fields: dict[str, str | None] = field(default_factory=dict)


def _to_document(
    record: _Record,
    *,
    doc_id: str,
    path: str | None,
    fmt: str,
    original: str,
    line_starts: tuple[int, ...],
    lang: str | None,
) -> Document:
    text, locator = _normalise(record.value, record.raw_map, line_starts)
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


def _refuse_empty(record: _Record, where: str, fmt: str) -> None:
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
    record: _Record, file: Path, fmt: str, original: str, line_starts: tuple[int, ...], lang: str | None
) -> Document:
    doc_id = record.fields.get("id") or f"{file.name}#{record.number}"
    return _to_document(record, doc_id=doc_id, path=str(file), fmt=fmt, original=original,
                        line_starts=line_starts, lang=lang)


def _check_unique_ids(docs: list[Document], records: list[_Record], file: Path) -> None:
    seen: dict[str, int] = {}
    for doc, record in zip(docs, records):
        if doc.id in seen:
            raise BadInputError(
                f"{file} line {record.line}: id {doc.id!r} is already used on line {seen[doc.id]}",
                fix="give every record a unique id (or leave id out to get <file>#<n>)",
            )
        seen[doc.id] = record.line


def _single_record(text: str, fmt: str) -> _Record:
    if fmt == "markdown":
        return _markdown_record(text)
    if fmt == "html":
        return _html_record(text)
    return _Record(value=text, raw_map=_identity_map(len(text)))


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


def _read_bytes(file: Path, max_bytes: int) -> bytes:
    """The file's bytes, or a BadInputError saying why they cannot be had."""
    try:
        info = file.stat()
    except FileNotFoundError:
        raise BadInputError(
            f"{file}: file not found",
            fix="check the path and the current directory (a broken symbolic link reads the same)",
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
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise _permission_error(file) from None
    except OSError as exc:
        raise BadInputError(f"{file} cannot be read: {exc.strerror}", fix="check the file") from None
    if len(data) > max_bytes:  # it grew while we looked
        raise _too_big(file, len(data), max_bytes)
    return data


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


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    """Bytes to text: the given encoding, else the BOM's, else UTF-8; binary files refused."""
    skip = 0
    if encoding is not None:
        codec = _check_encoding(encoding)
    else:
        codec, skip = _bom(data)
        if codec is None:
            _refuse_binary_bytes(data, name)
            codec = "utf-8"
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, name, codec, skip + exc.start, skip + exc.end, encoding) from None
    if text.startswith("\ufeff"):  # a BOM decoded by an explicitly named codec
        text = text[1:]
    _refuse_binary_text(text, name)
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (``<meta charset>``), if any other than
    UTF-8 and known to Python; a byte-order mark still wins."""
    if _bom(data)[0] is not None:
        return None
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name in ("utf-8", "utf-16", "utf-32") else name


def _check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise UsageError(
            f"unknown encoding {encoding!r}",
            fix="pass a Python codec name such as utf-8, utf-16, cp1252 or latin-1",
        ) from None


def _bom(data: bytes) -> tuple[str | None, int]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None, 0


def _control_share(chars: list[int]) -> float:
    if not chars:
        return 0.0
    allowed = {9, 10, 12, 13, 27}  # tab, newline, form feed, carriage return, escape
    bad = sum(1 for c in chars if (c < 32 and c not in allowed) or c == 127)
    return bad / len(chars)


def _refuse_binary_bytes(data: bytes, name: str) -> None:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or _control_share(list(head)) > MAX_CONTROL_SHARE:
        raise BadInputError(
            f"{name} looks like a binary file (NUL bytes or control characters in its first "
            f"{min(len(data), SNIFF_BYTES):,} bytes), not a text document",
            fix="give the text itself (export PDF/Word to .txt first); if it is UTF-16 or "
            "UTF-32 text without a byte-order mark, pass --encoding utf-16-le (or the right one)",
        )


def _refuse_binary_text(text: str, name: str) -> None:
    head = text[:SNIFF_BYTES]
    if "\x00" in head or _control_share([ord(c) for c in head]) > MAX_CONTROL_SHARE:
        raise BadInputError(
            f"{name} looks like a binary file once decoded (NUL or control characters)",
            fix="check the file is text and pass the right --encoding (or none, to read UTF-8)",
        )


def _undecodable(
    data: bytes, name: str, codec: str, start: int, end: int, given: str | None
) -> BadInputError:
    line = data.count(b"\n", 0, start) + 1
    bad = data[start : max(end, start + 1)][:8].hex(" ")
    what = f"encoding {given!r}" if given else "UTF-8"
    return BadInputError(
        f"{name} is not valid {what}: the bytes {bad} at byte offset {start} (line {line}) "
        f"cannot be decoded as {codec}",
        fix="re-encode the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`) "
        "or pass --encoding with its real encoding (e.g. --encoding cp1252)",
    )


# --------------------------------------------------------------------------- offset maps


class _MapBuilder:
    """Collects pieces ``(text offset, original offset, text length, original length)``.

    Pieces must be added in text order, each starting where the previous one ended.
    Neighbouring exact pieces (equal lengths, contiguous on both sides) are merged.
    """

    def __init__(self) -> None:
        self.norm_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.norm_lens: list[int] = []
        self.orig_lens: list[int] = []

    def add(self, norm_start: int, orig_start: int, norm_len: int, orig_len: int) -> None:
        if norm_len <= 0:
            return
        orig_len = max(0, orig_len)
        if self.norm_starts and norm_len == orig_len:
            last_n, last_o = self.norm_lens[-1], self.orig_lens[-1]
            if (
                last_n == last_o
                and self.norm_starts[-1] + last_n == norm_start
                and self.orig_starts[-1] + last_o == orig_start
            ):
                self.norm_lens[-1] += norm_len
                self.orig_lens[-1] += orig_len
                return
        self.norm_starts.append(norm_start)
        self.orig_starts.append(orig_start)
        self.norm_lens.append(norm_len)
        self.orig_lens.append(orig_len)

    def build(self, file_line_starts: tuple[int, ...] = ()) -> Locator:
        return Locator(
            norm_starts=tuple(self.norm_starts),
            orig_starts=tuple(self.orig_starts),
            norm_lens=tuple(self.norm_lens),
            orig_lens=tuple(self.orig_lens),
            file_line_starts=file_line_starts,
        )


def _identity_map(length: int, base: int = 0) -> Locator:
    builder = _MapBuilder()
    builder.add(0, base, length, length)
    return builder.build()


def _line_starts(text: str) -> tuple[int, ...]:
    """Offsets of every line start (after ``\\n``, ``\\r\\n`` or ``\\r``)."""
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))


def _compose(builder: _MapBuilder, raw: Locator, ra: int, rb: int, na: int, nb: int) -> None:
    """Add text ``[na, nb)``, which came from raw value ``[ra, rb)``, mapped through ``raw``.

    Same lengths: character for character, split along ``raw``'s pieces. Otherwise the two
    ranges correspond as wholes (positions inside are proportional).
    """
    if nb - na != rb - ra:
        o1, o2 = raw.to_original(ra), raw.to_original(rb)
        builder.add(na, o1, nb - na, o2 - o1)
        return
    starts = raw.norm_starts
    k = max(0, bisect.bisect_right(starts, ra) - 1)
    x = ra
    while x < rb:
        if k >= len(starts) or starts[k] > x:  # not covered by a piece: map as a whole
            o1, o2 = raw.to_original(x), raw.to_original(rb)
            builder.add(na + x - ra, o1, rb - x, o2 - o1)
            return
        end = starts[k] + raw.norm_lens[k]
        if end <= x:
            k += 1
            continue
        y = min(rb, end)
        if raw.norm_lens[k] == raw.orig_lens[k]:
            builder.add(na + x - ra, raw.orig_starts[k] + x - starts[k], y - x, y - x)
        else:
            o1, o2 = raw.to_original(x), raw.to_original(y)
            builder.add(na + x - ra, o1, y - x, o2 - o1)
        x = y
        k += 1


# --------------------------------------------------------------------------- normalisation

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ODD_SPACES = str.maketrans(
    {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
     "\u2009\u200a\u202f\u205f\u3000\u2028\u2029"}
)
# zero-width space, word joiner, stray BOM, soft hyphen (ZWJ/ZWNJ are kept: scripts need them)
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad]")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85]")
_ALIGN_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@functools.lru_cache(maxsize=1)
def _ftfy_config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,  # "&amp;" in a text file stays as written; HTML is parsed properly
        uncurl_quotes=False,  # typography is evidence: keep curly quotes curly
        fix_latin_ligatures=False,
        fix_character_width=False,  # full-width CJK punctuation is the text's own
        fix_line_breaks=False,  # line count must not change
        normalization="NFC",
        explain=False,
    )


def _normalise_line(line: str) -> str:
    """One line repaired (ftfy), with odd spaces made plain, zero-width characters dropped, NFC."""
    if line.isascii() and not _CONTROL.search(line):
        return line
    import ftfy

    fixed = ftfy.fix_text(line, _ftfy_config())
    fixed = _LINE_BREAK.sub(" ", fixed.translate(_ODD_SPACES))
    fixed = _ZERO_WIDTH.sub("", fixed)
    return unicodedata.normalize("NFC", fixed)


def _normalise(value: str, raw: Locator, line_starts: tuple[int, ...]) -> tuple[str, Locator]:
    """Normalise ``value`` line by line; the Locator maps the result to the decoded file."""
    builder = _MapBuilder()
    parts: list[str] = []
    pos = 0
    line_start = 0
    for brk in [*_NEWLINE.finditer(value), None]:
        line_end = brk.start() if brk else len(value)
        for a, b in _chunks(value, line_start, line_end):
            chunk = value[a:b]
            fixed = _normalise_line(chunk)
            for ra, rb, na, nb in _align(chunk, fixed):
                _compose(builder, raw, a + ra, a + rb, pos + na, pos + nb)
            parts.append(fixed)
            pos += len(fixed)
        if brk is None:
            break
        _compose(builder, raw, brk.start(), brk.end(), pos, pos + 1)
        parts.append("\n")
        pos += 1
        line_start = brk.end()
    return "".join(parts), builder.build(line_starts)


def _chunks(value: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of one line, cut after a space every ~``CHUNK_CHARS`` so that repair stays linear."""
    while end - start > 2 * CHUNK_CHARS:
        cut = value.find(" ", start + CHUNK_CHARS, start + 2 * CHUNK_CHARS)
        if cut < 0:
            break
        yield start, cut + 1
        start = cut + 1
    yield start, end


def _align(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Blocks ``(a0, a1, b0, b1)`` that cover ``b`` in order; equal-length blocks are identical text."""
    if a == b:
        return [(0, len(a), 0, len(b))]
    p = len(os.path.commonprefix([a, b]))
    s = len(os.path.commonprefix([a[p:][::-1], b[p:][::-1]]))
    blocks = [(0, p, 0, p)] if p else []
    blocks += _align_middle(a, b, p, len(a) - s, p, len(b) - s)
    if s:
        blocks.append((len(a) - s, len(a), len(b) - s, len(b)))
    return blocks


def _align_middle(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int, int]]:
    """Align the differing middle of two lines token by token (as a whole when tiny)."""
    if b1 <= b0:
        return []
    if a1 - a0 < 4 or b1 - b0 < 4:
        return [(a0, a1, b0, b1)]
    ta = [(m.start(), m.group()) for m in _ALIGN_TOKEN.finditer(a, a0, a1)]
    tb = [(m.start(), m.group()) for m in _ALIGN_TOKEN.finditer(b, b0, b1)]

    def at(tokens: list[tuple[int, str]], i: int, end: int) -> int:
        return tokens[i][0] if i < len(tokens) else end

    blocks: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in _match_tokens([t for _, t in ta], [t for _, t in tb]):
        if j2 > j1:
            blocks += _trim_block(a, b, at(ta, i1, a1), at(ta, i2, a1), at(tb, j1, b1), at(tb, j2, b1))
    return blocks


def _trim_block(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int, int]]:
    """A differing block split into its common prefix, the changed middle and its common suffix."""
    x, y = a[a0:a1], b[b0:b1]
    if x == y:
        return [(a0, a1, b0, b1)]
    p = len(os.path.commonprefix([x, y]))
    s = len(os.path.commonprefix([x[p:][::-1], y[p:][::-1]]))
    parts = [(a0, a0 + p, b0, b0 + p), (a0 + p, a1 - s, b0 + p, b1 - s), (a1 - s, a1, b1 - s, b1)]
    return [blk for blk in parts if blk[3] > blk[2]]


def _match_tokens(ta: list[str], tb: list[str], window: int = 8) -> Iterator[tuple[int, int, int, int]]:
    """Blocks ``(i1, i2, j1, j2)`` covering both token lists in order: runs of equal tokens,
    and the differing stretches between them.

    Repairs are local, so after a difference the lists re-synchronise within a few tokens:
    a greedy scan (linear time) finds the nearest point where two tokens in a row agree.
    """
    i = j = 0
    n, m = len(ta), len(tb)
    while i < n and j < m:
        if ta[i] == tb[j]:
            i0, j0 = i, j
            while i < n and j < m and ta[i] == tb[j]:
                i, j = i + 1, j + 1
            yield i0, i, j0, j
            continue
        step = _resync(ta, tb, i, j, window)
        if step is None:
            break
        yield i, i + step[0], j, j + step[1]
        i, j = i + step[0], j + step[1]
    if i < n or j < m:
        yield i, n, j, m


def _resync(ta: list[str], tb: list[str], i: int, j: int, window: int) -> tuple[int, int] | None:
    """Smallest skip ``(di, dj)`` after which both lists agree on two tokens (or run out)."""
    n, m = len(ta), len(tb)
    for total in range(1, 2 * window + 1):
        for di in range(max(0, total - window), min(total, window) + 1):
            x, y = i + di, j + total - di
            if x < n and y < m and ta[x] == tb[y]:
                if x + 1 >= n or y + 1 >= m or ta[x + 1] == tb[y + 1]:
                    return di, total - di
    return None


# --------------------------------------------------------------------------- Markdown

_MD_FENCE = re.compile(r"\s{0,3}(?:```|~~~)")
_MD_RULE = re.compile(r"\s{0,3}(?:([-*_])\s*){3,}|\s{0,3}=+\s*")
_MD_HEADING = re.compile(r"\s{0,3}#{1,6}(?:\s+|$)")
_MD_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_MD_QUOTE = re.compile(r"(?:\s{0,3}>\s?)+")
_MD_REFDEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S")
_MD_FRONT = re.compile(r"---\s*")
_MD_FRONT_END = re.compile(r"(?:---|\.\.\.)\s*")
_MD_TITLE = re.compile(r"title:\s*(['\"]?)(.+?)\1\s*$")
_MD_INLINE = re.compile(
    r"""
      (?P<esc>\\[\\`*_{}\[\]()#+\-.!>~|])
    | (?P<img>!\[[^\]]*\]\([^)]*\))
    | \[(?P<ltext>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\])
    | <(?P<auto>(?:https?|mailto):[^>\s]+)>
    | (?P<tick>`+)(?P<code>.+?)(?P=tick)
    | (?P<em>\*{1,3}|~~)(?=\S)(?P<etext>.+?)(?<=\S)(?P=em)
    | (?<!\w)(?P<uem>_{1,3})(?=\S)(?P<utext>.+?)(?<=\S)(?P=uem)(?!\w)
    """,
    re.VERBOSE,
)


def _md_inline(line: str, start: int, end: int, keep: list[tuple[int, int]]) -> None:
    """Append to ``keep`` the ranges of ``line[start:end]`` that are text, not inline syntax."""
    pos = start
    for m in _MD_INLINE.finditer(line, start, end):
        if m.start() > pos:
            keep.append((pos, m.start()))
        if m.group("esc"):
            keep.append((m.start() + 1, m.end()))
        elif m.group("ltext"):
            _md_inline(line, m.start("ltext"), m.end("ltext"), keep)
        elif m.group("auto"):
            keep.append(m.span("auto"))
        elif m.group("code"):
            keep.append(m.span("code"))
        elif m.group("etext"):
            _md_inline(line, m.start("etext"), m.end("etext"), keep)
        elif m.group("utext"):
            _md_inline(line, m.start("utext"), m.end("utext"), keep)
        pos = m.end()  # an image is dropped whole
    if pos < end:
        keep.append((pos, end))


def _md_line(line: str, in_code: bool) -> tuple[list[tuple[int, int]], str | None]:
    """Kept ranges of one Markdown line, and its heading text if it is an ATX heading."""
    if in_code:
        return [(0, len(line))], None
    if _MD_RULE.fullmatch(line) or _MD_REFDEF.match(line):
        return [], None
    start = 0
    quote = _MD_QUOTE.match(line)
    if quote:
        start = quote.end()
    heading = _MD_HEADING.match(line, start)
    end = len(line)
    if heading:
        start = heading.end()
        close = _MD_HEADING_CLOSE.search(line, start)
        end = close.start() if close else end
    keep: list[tuple[int, int]] = []
    _md_inline(line, start, end, keep)
    title = "".join(line[a:b] for a, b in keep).strip() if heading else None
    return keep, title


def _md_front_matter(lines: list[str]) -> tuple[int, str | None]:
    """Number of front-matter lines at the top (YAML between ``---`` lines) and its title."""
    if not lines or not _MD_FRONT.fullmatch(lines[0]):
        return 0, None
    for i in range(1, min(len(lines), 60)):
        if _MD_FRONT_END.fullmatch(lines[i]):
            title = None
            for line in lines[1:i]:
                m = _MD_TITLE.match(line)
                if m:
                    title = m.group(2).strip()
            return i + 1, title
    return 0, None


def _markdown_record(text: str) -> _Record:
    """Markdown with its syntax removed (headings, emphasis, links, images, code fences)."""
    spans = _line_spans(text)
    lines = [text[a:b] for a, b, _ in spans]
    skip, title = _md_front_matter(lines)
    builder = _MapBuilder()
    parts: list[str] = []
    pos = 0
    in_code = False
    for i, (a, b, term_end) in enumerate(spans):
        line = text[a:b]
        if i < skip:
            keep: list[tuple[int, int]] = []
        elif _MD_FENCE.match(line):
            in_code, keep = not in_code, []
        else:
            keep, heading = _md_line(line, in_code)
            title = title or heading
        for x, y in keep:
            parts.append(line[x:y])
            builder.add(pos, a + x, y - x, y - x)
            pos += y - x
        if term_end > b:
            parts.append("\n")
            builder.add(pos, b, 1, term_end - b)
            pos += 1
    return _Record(value="".join(parts), raw_map=builder.build(), fields={"title": title})


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, end including the line break)`` of every line."""
    spans = []
    start = 0
    for m in _NEWLINE.finditer(text):
        spans.append((start, m.start(), m.end()))
        start = m.end()
    spans.append((start, len(text), len(text)))
    return spans


# --------------------------------------------------------------------------- HTML

_HTML_DROP = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg",
     "template", "button", "select", "textarea", "canvas", "object", "embed", "head", "title",
     "math", "dialog", "menu"}
)
_HTML_KEEP_INSIDE = frozenset({"article", "main"})  # header/footer inside these are the article's
_HTML_BLOCK = frozenset(
    {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
     "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "header", "footer"}
)
_WORD_OR_SPACE = re.compile(r"\s+|\S+")


class _HtmlText:
    """Builds the text of an HTML page block by block, each piece mapped to its place in the file."""

    def __init__(self, raw: str, line_starts: tuple[int, ...]):
        self.raw = raw
        self.line_starts = line_starts
        self.cursor = 0  # raw text before this has been accounted for
        self.blocks: list[list[list[tuple[str, int, int]]]] = []  # block → lines → pieces
        self.space: tuple[int, int] | None = None  # pending whitespace (raw start, raw length)

    # ---- positions

    def tag_offset(self, tag: Any) -> int | None:
        line, col = getattr(tag, "sourceline", None), getattr(tag, "sourcepos", None)
        if line is None or col is None or line - 1 >= len(self.line_starts):
            return None
        return self.line_starts[line - 1] + col

    def locate(self, string: str, lo: int, hi: int) -> int | None:
        """Raw offset of ``string`` between ``lo`` and ``hi`` (searched from the cursor)."""
        start = max(self.cursor, lo)
        found = self.raw.find(string, start, max(hi, start))
        if found < 0:
            return None
        self.cursor = found + len(string)
        return found

    def locate_word(self, word: str, lo: int, hi: int) -> tuple[int, int] | None:
        """Raw ``(offset, length)`` of a word, which may be written with entities (``AT&amp;T``)."""
        at = self.locate(word, lo, hi)
        if at is not None:
            return at, len(word)
        start = max(self.cursor, lo)
        m = _entity_pattern(word).search(self.raw, start, max(hi, start))
        if m is None:
            return None
        self.cursor = m.end()
        return m.start(), m.end() - m.start()

    # ---- building

    def new_block(self) -> None:
        if not self.blocks or any(self.blocks[-1][-1]) or len(self.blocks[-1]) > 1:
            self.blocks.append([[]])
        self.space = None

    def new_line(self) -> None:
        if not self.blocks:
            self.blocks.append([[]])
        elif self.blocks[-1][-1]:
            self.blocks[-1].append([])
        self.space = None

    def prefix(self, text: str, at: int) -> None:
        """Text that is not in the file (a list bullet), pinned to ``at``."""
        if not self.blocks:
            self.blocks.append([[]])
        self.blocks[-1][-1].append((text, at, 0))

    def add_string(self, string: str, lo: int, hi: int) -> None:
        """Add one text node; located exactly if it appears verbatim, else word by word."""
        if not self.blocks:
            self.blocks.append([[]])
        base = self.locate(string, lo, hi) if string.strip() else None
        for m in _WORD_OR_SPACE.finditer(string):
            piece = m.group()
            if piece[0].isspace():
                at = base + m.start() if base is not None else self.cursor
                self.space = (at, len(piece) if base is not None else 0)
                continue
            where = (base + m.start(), len(piece)) if base is not None else self.locate_word(piece, lo, hi)
            self.add_word(piece, where)

    def add_word(self, word: str, where: tuple[int, int] | None) -> None:
        line = self.blocks[-1][-1]
        if self.space is not None and line:
            start, length = self.space
            line.append((" ", start, length))
        self.space = None
        at, length = where if where is not None else (self.cursor, 0)
        line.append((word, at, length))

    def record(self, fields: dict[str, str | None]) -> _Record:
        builder = _MapBuilder()
        parts: list[str] = []
        pos = 0
        last = 0
        blocks = [[ln for ln in block if ln] for block in self.blocks]
        for block in (b for b in blocks if b):
            for line in block:
                sep = "\n\n" if pos and line is block[0] else ("\n" if pos else "")
                if sep:
                    parts.append(sep)
                    builder.add(pos, last, len(sep), 0)
                    pos += len(sep)
                for text, at, length in line:
                    parts.append(text)
                    builder.add(pos, at, len(text), length)
                    pos += len(text)
                    last = at + length
        return _Record(value="".join(parts), raw_map=builder.build(), fields=fields)


def _entity_pattern(word: str) -> re.Pattern[str]:
    """A regex for ``word`` as HTML may spell it: any non-alphanumeric character as an entity."""
    parts = [
        re.escape(ch) if ch.isascii() and ch.isalnum() else f"(?:{re.escape(ch)}|&#?\\w+;)"
        for ch in word
    ]
    return re.compile("".join(parts))


def _html_record(text: str) -> _Record:
    """The visible article text of an HTML page: one block element per paragraph."""
    from bs4 import BeautifulSoup

    parse_text = re.sub(r"\r(?!\n)", "\n", text)  # same length; html.parser counts lines by \n
    soup = BeautifulSoup(parse_text, "html.parser")
    builder = _HtmlText(text, _line_starts(text))
    _walk_html(soup, builder)
    return builder.record(_html_fields(soup))


def _walk_html(soup: Any, out: _HtmlText) -> None:
    """Feed ``out`` the page's text nodes in document order, skipping dropped elements."""
    from bs4 import CData, NavigableString, Tag

    dropped: set[int] = set()
    block_of: dict[int, Any] = {}  # element id → its nearest block-level element (or itself)
    started: set[int] = set()  # list items whose bullet was written
    current_block: Any = None
    fresh = True  # a block element began: the next text starts a new paragraph
    last_tag = 0
    for node in soup.descendants:
        parent = node.parent
        inherited = parent is not None and id(parent) in dropped
        if isinstance(node, Tag):
            last_tag = out.tag_offset(node) or last_tag
            if inherited or _html_dropped(node):
                dropped.add(id(node))
            elif node.name in _HTML_BLOCK:
                block_of[id(node)] = node
                fresh = True
            else:
                block_of[id(node)] = block_of.get(id(parent))
                if node.name == "br":
                    out.new_line()
            continue
        if not isinstance(node, NavigableString):
            continue
        hi = _next_tag_offset(node, out, len(out.raw))
        if inherited or type(node) not in (NavigableString, CData):
            out.locate(str(node), last_tag, hi)  # comments, scripts: accounted for, not kept
            continue
        block = block_of.get(id(parent))
        if (fresh or block is not current_block) and str(node).strip():
            current_block, fresh = block, False
            out.new_block()
            item = _list_item(block)
            if item is not None and id(item) not in started:  # the item's first text: a bullet
                started.add(id(item))
                out.prefix("- ", out.tag_offset(item) or last_tag)
        if _inside(node, "pre"):
            _add_pre(out, str(node), last_tag, hi)
        else:
            out.add_string(str(node), last_tag, hi)


def _add_pre(out: _HtmlText, string: str, lo: int, hi: int) -> None:
    for i, line in enumerate(string.split("\n")):
        if i:
            out.new_line()
        out.add_string(line, lo, hi)


def _list_item(block: Any) -> Any:
    """The ``<li>`` a block belongs to (itself, or the one around a ``<p>`` in it), if any."""
    if block is None or block.name == "li":
        return block
    return block.find_parent("li")


def _inside(node: Any, name: str) -> bool:
    return any(p.name == name for p in node.parents)


def _html_dropped(tag: Any) -> bool:
    if tag.name not in _HTML_DROP:
        return False
    if tag.name in ("header", "footer"):
        return not any(p.name in _HTML_KEEP_INSIDE for p in tag.parents)
    return True


def _next_tag_offset(node: Any, out: _HtmlText, default: int) -> int:
    """Where the next tag after ``node`` starts in the file (text of ``node`` lies before it)."""
    from bs4 import Tag

    nxt = node.next_element
    while nxt is not None:
        if isinstance(nxt, Tag):
            offset = out.tag_offset(nxt)
            if offset is not None:
                return offset
        nxt = nxt.next_element
    return default


def _html_fields(soup: Any) -> dict[str, str | None]:
    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag is not None and tag.get("content", "").strip():
                return " ".join(tag["content"].split())
        return None

    title = meta("og:title")
    if title is None and soup.title is not None and soup.title.get_text().strip():
        title = " ".join(soup.title.get_text().split())
    url = meta("og:url")
    canonical = soup.find("link", attrs={"rel": "canonical"})
    if url is None and canonical is not None and canonical.get("href"):
        url = canonical["href"].strip()
    return {
        "title": title,
        "url": url,
        "date": meta("article:published_time", "date", "pubdate", "dc.date"),
        "outlet": meta("og:site_name"),
    }


# --------------------------------------------------------------------------- JSON Lines


def _jsonl_records(text: str, file: Path) -> list[_Record]:
    records = []
    for number, (a, b, _) in enumerate(_line_spans(text), start=1):
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
            _Record(value=value, raw_map=raw_map, line=number, number=len(records) + 1, fields=fields)
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
    builder = _MapBuilder()  # not found verbatim (an escaped key): the whole line, proportionally
    builder.add(0, line_offset, len(value), len(line))
    return builder.build()


def _escaped_map(line: str, start: int, end: int, line_offset: int) -> Locator:
    """Pieces for a JSON string literal's body ``line[start:end]``: one per escape, runs otherwise."""
    builder = _MapBuilder()
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


def _csv_records(text: str, file: Path) -> list[_Record]:
    delimiter = "\t" if file.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line_starts = _line_starts(text)
    header, column = _csv_header(reader, file)
    records: list[_Record] = []
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
            _Record(value=value, raw_map=raw_map, line=first_line, number=len(records) + 1, fields=fields)
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
            return _identity_map(len(cell), at)
    builder = _MapBuilder()  # not found: the whole record, proportionally
    builder.add(0, span[0], len(row[column]) if column < len(row) else 0, span[1] - span[0])
    return builder.build()


def _csv_quoted_map(text: str, start: int, end: int) -> Locator:
    builder = _MapBuilder()
    pos, i = 0, start
    while i < end:
        width = 2 if text.startswith('""', i) else 1
        builder.add(pos, i, 1, width)
        pos += 1
        i += width
    return builder.build()
