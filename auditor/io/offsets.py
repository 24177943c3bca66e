"""Offset maps: from offsets in extracted or normalised text back to offsets in the decoded file.

Each reader extracts :class:`Record` values whose ``raw_map`` is a piecewise
:class:`~auditor.types.Locator` from the record's text to the decoded file;
:func:`compose` chains such a map with the one normalisation makes, so the final
Locator goes from ``Document.text`` straight to the file. Also the line helpers that
every format shares (``\\r\\n``, ``\\r`` and ``\\n`` all end a line).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from auditor.types import Locator

NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass
class Record:
    """Text extracted from a file, with the map from its offsets to offsets in the decoded file."""

    value: str
    raw_map: Locator
    line: int = 1  # 1-based line of the record in the file, for messages
    number: int = 1  # 1-based position among the file's records, for default ids
    fields: dict[str, str | None] = field(default_factory=dict)


class MapBuilder:
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


def identity_map(length: int, base: int = 0) -> Locator:
    builder = MapBuilder()
    builder.add(0, base, length, length)
    return builder.build()


def line_starts_of(text: str) -> tuple[int, ...]:
    """Offsets of every line start (after ``\\n``, ``\\r\\n`` or ``\\r``)."""
    return (0, *(m.end() for m in NEWLINE.finditer(text)))


def line_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, end including the line break)`` of every line."""
    spans = []
    start = 0
    for m in NEWLINE.finditer(text):
        spans.append((start, m.start(), m.end()))
        start = m.end()
    spans.append((start, len(text), len(text)))
    return spans


def compose(builder: MapBuilder, raw: Locator, ra: int, rb: int, na: int, nb: int) -> None:
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
