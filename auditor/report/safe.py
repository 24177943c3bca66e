"""What every text output does to article text, file names and record ids before a reader sees them.

Article text, file names and record ids are hostile input. Printed raw, they can act on whoever
reads the output:

* **workflow commands** – a CI runner (GitHub Actions) executes any log line that starts, after
  blanks, with ``::`` (``::error …``, ``::add-mask::…``) and, in the old syntax, any line holding
  ``##[``;
* **terminal controls** – ESC sequences recolour, hide or rewrite what is on screen, BEL rings,
  CR overwrites the line, C1 controls (U+0080–U+009F) act like ESC sequences on some terminals;
* **bidi controls** – U+202A–U+202E, U+2066–U+2069, U+200E/U+200F and U+061C reorder what is
  displayed, so a changed figure can display as the original;
* **spreadsheet formulas** – a TSV/CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  CR is run as a formula when the file is opened in a spreadsheet.

This module is the one place that neutralises them; every text renderer (terminal, ``check``
text, corpus text, Markdown, DOT, TSV) uses it. Controls and bidi characters are *shown*, not
dropped (``<U+202E>``), so a reader sees that something was there. JSON stays exact: the same
characters are written as ``\\uXXXX`` escapes, which decode to the same string. HTML shows
them through :func:`visible` too and escapes through Jinja2's autoescape
(:mod:`auditor.report.html`); SARIF, JUnit and GitHub annotations have their own escaping
(:mod:`~auditor.report.sarif`, :mod:`~auditor.report.junit`, :mod:`~auditor.report.github`).
"""

from __future__ import annotations

import re

from ..compiled import regex

__all__ = [
    "BIDI_CONTROLS",
    "visible",
    "inline",
    "defuse_lines",
    "safe_text",
    "spreadsheet_cell",
    "json_inert",
]

BIDI_CONTROLS = frozenset(
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f", "\u061c"]
)
# C0 (except the two a text may hold: newline and tab), DEL, C1, and the Unicode line and paragraph
# separators (some readers break lines at them)
_CONTROLS = frozenset([*map(chr, range(0x00, 0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u2028", "\u2029"])
_SHOWN = _CONTROLS | BIDI_CONTROLS
_KEEP_BLOCK = frozenset("\n\t")

# one pattern per set, built once
_SHOWN_RE = regex("[" + "".join(re.escape(c) for c in sorted(_SHOWN)) + "]")
_SHOWN_BLOCK_RE = regex("[" + "".join(re.escape(c) for c in sorted(_SHOWN - _KEEP_BLOCK)) + "]")
_JSON_RE = regex("[" + "".join(re.escape(c) for c in sorted(_SHOWN - set(map(chr, range(0x20))))) + "]")

# a line the runner would take for a workflow command: blanks (and colour codes we add) then '::'
_COMMAND_LINE = regex(r"^((?:[ \t\f\v]|\x1b\[[0-9;]*m)*)::", re.MULTILINE)
_V1_COMMAND = "##["
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _show(m: re.Match[str]) -> str:
    return f"<U+{ord(m.group()):04X}>"


def visible(text: str) -> str:
    """``text`` with terminal controls (except newline and tab) and bidi controls shown as ``<U+XXXX>``."""
    return _SHOWN_BLOCK_RE.sub(_show, text)


def inline(text: object) -> str:
    """A one-line value (a file name, a record id, a language tag) made inert: every control,
    newline and tab included, and every bidi control shown as ``<U+XXXX>``."""
    return _SHOWN_RE.sub(_show, str(text))


def defuse_lines(text: str) -> str:
    """No line of ``text`` is a workflow command: a ``::`` that starts a line (after blanks) gets a
    backslash in front (``\\::error``; Markdown renders it as ``::error``), and ``##[`` becomes ``##\\[``."""
    text = _COMMAND_LINE.sub(lambda m: m.group(1) + "\\::", text)
    return text.replace(_V1_COMMAND, "##\\[") if _V1_COMMAND in text else text


def safe_text(text: str) -> str:
    """A whole plain-text output (no colour codes of ours in it) made inert: :func:`visible`, then
    :func:`defuse_lines`."""
    return defuse_lines(visible(text))


def spreadsheet_cell(text: str) -> str:
    """One TSV/CSV cell of document text: one line, controls shown, and a leading ``'`` when it would
    start like a formula (``=``, ``+``, ``-``, ``@``), the usual spreadsheet-safe prefix."""
    cell = inline(text.replace("\t", " ").replace("\r", " ").replace("\n", " "))
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def json_inert(json_text: str) -> str:
    """JSON text (from :func:`json.dumps` with ``ensure_ascii=False``) with C1 controls, DEL, the
    Unicode line separators and bidi controls written as ``\\uXXXX`` escapes. The decoded value is
    unchanged: these characters can only occur inside JSON strings, where the escape means the
    same character. (``json.dumps`` already escapes C0 controls.)"""
    return _JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
