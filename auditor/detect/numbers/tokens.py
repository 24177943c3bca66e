"""The tokens the parser reads a text as: digits with their separators, symbols, words, punctuation (URLs left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base import fold


# linear on long tokens (issue 12): an address starts only at the start of a run of address
# characters, and no part can backtrack (possessive repeats)
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S++|(?<![\w.+-])[.+-]*+\b[\w.+-]++@[\w-]++\.[\w.]++", re.IGNORECASE)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # num | word | sym | punct
    norm: str  # lower case, accents removed


def _token_re(space_groups: bool) -> re.Pattern[str]:
    space = "[ \u00a0\u202f\u2009]" if space_groups else "[\u00a0\u202f\u2009]"
    return re.compile(
        rf"(?P<num>\d{{1,3}}(?:{space}\d{{3}})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
        r"|(?P<sym>US\$|R\$|C\$|A\$|[$€£¥%‰ºª])"
        r"|(?P<word>[^\W\d_]+)"
        r"|(?P<punct>[^\s\w])"
    )


_TOKENS = {True: _token_re(True), False: _token_re(False)}


def _tokens(text: str, lang: str) -> list[_Tok]:
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out = []
    for m in _TOKENS[lang != "en"].finditer(text):
        if any(a <= m.start() < b for a, b in urls):
            continue
        kind = m.lastgroup or "punct"
        out.append(_Tok(m.group(), m.start(), m.end(), kind, fold(m.group())))
    return out


def _adjacent(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


def _claim(toks: list[_Tok], used: list[bool], a: int, b: int) -> bool:
    """Mark the tokens inside ``[a, b)`` used; False (and nothing marked) when one already is."""
    ks = [k for k, t in enumerate(toks) if t.start >= a and t.end <= b]
    if not ks or any(used[k] for k in ks):
        return False
    for k in ks:
        used[k] = True
    return True
