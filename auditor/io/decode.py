"""Bytes to text: UTF-8 (BOM-aware), UTF-16/32 when a BOM says so, or a named encoding.

Binary files (NUL bytes or many control characters near the start) are refused before
and after decoding, and an undecodable byte is reported with its offset and line. An HTML
page's ``<meta charset>`` can name the encoding (:func:`declared_charset`).
"""

from __future__ import annotations

import codecs
import re

from auditor.errors import BadInputError, UsageError

SNIFF_BYTES = 8192  # how much of a file the binary check looks at
MAX_CONTROL_SHARE = 0.05  # above this share of control characters a file "looks binary"


_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, name: str, encoding: str | None) -> str:
    """Bytes to text: the given encoding, else the BOM's, else UTF-8; binary files refused."""
    skip = 0
    if encoding is not None:
        codec = _check_encoding(encoding)
    else:
        found, skip = _bom(data)
        if found is None:
            _refuse_binary_bytes(data, name)
        codec = found or "utf-8"
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, name, codec, skip + exc.start, skip + exc.end, encoding) from None
    except (UnicodeError, ValueError) as exc:  # a codec's own refusal (idna, punycode…): no offset to give
        raise BadInputError(
            f"{name} cannot be decoded as {codec}: {exc}",
            fix="pass the file's character encoding with --encoding (e.g. utf-8, cp1252), or none to read UTF-8",
        ) from None
    if text.startswith("\ufeff"):  # a BOM decoded by an explicitly named codec
        text = text[1:]
    _refuse_binary_text(text, name)
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
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
    """The codec's canonical name; a UsageError for an unknown name or a codec that does not turn
    bytes into text (``rot13``, ``base64``, ``zlib``, ``hex``…: issue 12, they crashed)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise UsageError(
            f"unknown encoding {encoding!r}",
            fix="pass a Python codec name such as utf-8, utf-16, cp1252 or latin-1",
        ) from None
    try:
        b"a".decode(info.name)  # bytes-to-bytes and str-to-str codecs refuse here (LookupError)
        text_codec = getattr(info, "_is_text_encoding", True) is not False
    except UnicodeDecodeError:  # a text codec that cannot read a lone "a" (utf-16, utf-32)
        text_codec = getattr(info, "_is_text_encoding", True) is not False
    except (LookupError, UnicodeError):  # not text; "undefined" decodes nothing at all
        text_codec = False
    if not text_codec:
        raise UsageError(
            f"{encoding!r} is not a text encoding (it is a codec that transforms bytes, not one that reads text)",
            fix="pass the character encoding of the file, such as utf-8, utf-16, cp1252 or latin-1; "
            "decode base64/zlib/rot13 content to a text file first",
            code="A241",
        )
    return info.name


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
