"""Markdown to text: headings, emphasis, links, images, code fences and front matter removed.

Line-based (not a full CommonMark parser): the kept text of every line is copied
character for character, so the record's map is exact. The title is the front matter's
``title:``, else the first ATX heading.
"""

from __future__ import annotations

import re

from .offsets import MapBuilder, Record, line_spans
from ..compiled import regex


_MD_FENCE = regex(r"\s{0,3}(?:```|~~~)")
_MD_RULE = regex(r"\s{0,3}(?:([-*_])\s*){3,}|\s{0,3}=+\s*")
_MD_HEADING = regex(r"\s{0,3}#{1,6}(?:\s+|$)")
_MD_HEADING_CLOSE = regex(r"\s+#+\s*$")
_MD_QUOTE = regex(r"(?:\s{0,3}>\s?)+")
_MD_REFDEF = regex(r"\s{0,3}\[[^\]]+\]:\s*\S")
_MD_FRONT = regex(r"---\s*")
_MD_FRONT_END = regex(r"(?:---|\.\.\.)\s*")
_MD_TITLE = regex(r"title:\s*(['\"]?)(.+?)\1\s*$")
_MD_INLINE = regex(
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


def markdown_record(text: str) -> Record:
    """Markdown with its syntax removed (headings, emphasis, links, images, code fences)."""
    spans = line_spans(text)
    lines = [text[a:b] for a, b, _ in spans]
    skip, title = _md_front_matter(lines)
    builder = MapBuilder()
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
    return Record(value="".join(parts), raw_map=builder.build(), fields={"title": title})
