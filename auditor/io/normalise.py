"""Normalising extracted text line by line, keeping a map back to the decoded file.

Each line (long lines in pieces cut at spaces) has its mojibake repaired with ftfy
(typography kept), odd spaces made plain, zero-width characters dropped, and is put in
NFC; ``\\r\\n`` and ``\\r`` become ``\\n``. The repaired line is aligned with the
original token by token, so every normalised offset still points at the character it
came from. ftfy is imported only when a line holds more than ASCII and common typography.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from typing import Any, Iterator

from auditor.text import SPACED, tokens
from auditor.types import Locator

from .offsets import NEWLINE, MapBuilder, compose
from ..compiled import regex

CHUNK_CHARS = 2_000  # long lines are normalised in pieces about this long


_CONTROL = regex(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ODD_SPACES = str.maketrans(
    {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
     "\u2009\u200a\u202f\u205f\u3000\u2028\u2029"}
)
# zero-width space, word joiner, stray BOM, soft hyphen (ZWJ/ZWNJ are kept: scripts need them)
_ZERO_WIDTH = regex("[\u200b\u2060\ufeff\u00ad]")
_LINE_BREAK = regex(r"[\r\n\x0b\x0c\x1c-\x1e\x85]")


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


#: Besides ASCII, the typographic characters of ordinary news copy: ftfy leaves a line made only of
#: these unchanged (checked on 200,000 random lines and every triple of them,
#: tests/test_io.py::test_typographic_lines_need_no_ftfy), so such a line skips importing it (45 ms).
_NEEDS_NO_REPAIR = frozenset("‘’“”–—…\u00a0")


def _normalise_line(line: str) -> str:
    """One line repaired (ftfy), with odd spaces made plain, zero-width characters dropped, NFC."""
    if line.isascii() and not _CONTROL.search(line):
        return line
    if not _CONTROL.search(line) and all(c.isascii() or c in _NEEDS_NO_REPAIR for c in line):
        fixed = line
    else:
        import ftfy

        fixed = ftfy.fix_text(line, _ftfy_config())
    fixed = _LINE_BREAK.sub(" ", fixed.translate(_ODD_SPACES))
    fixed = _ZERO_WIDTH.sub("", fixed)
    return unicodedata.normalize("NFC", fixed)


def normalise(value: str, raw: Locator, line_starts: tuple[int, ...]) -> tuple[str, Locator]:
    """Normalise ``value`` line by line; the Locator maps the result to the decoded file."""
    builder = MapBuilder()
    parts: list[str] = []
    pos = 0
    line_start = 0
    for brk in [*NEWLINE.finditer(value), None]:
        line_end = brk.start() if brk else len(value)
        for a, b in _chunks(value, line_start, line_end):
            chunk = value[a:b]
            fixed = _normalise_line(chunk)
            for ra, rb, na, nb in _align(chunk, fixed):
                compose(builder, raw, a + ra, a + rb, pos + na, pos + nb)
            parts.append(fixed)
            pos += len(fixed)
        if brk is None:
            break
        compose(builder, raw, brk.start(), brk.end(), pos, pos + 1)
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
    ta = [(t.start, t.text) for t in tokens(a, SPACED, a0, a1)]  # runs of spaces, of word characters, or one mark
    tb = [(t.start, t.text) for t in tokens(b, SPACED, b0, b1)]

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
