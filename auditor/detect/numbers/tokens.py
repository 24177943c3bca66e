"""The tokens the parser reads a text as: digits with their separators, symbols, words, punctuation (URLs left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text import NUMBER_TOKEN, NUMBER_TOKEN_EN, fold, number_token_kind, tokens
from ...compiled import regex


# linear on long tokens (issue 12): an address starts only at the start of a run of address
# characters, and no part can backtrack (possessive repeats)
_URL = regex(r"(?:https?://|ftp://|www\.)\S++|(?<![\w.+-])[.+-]*+\b[\w.+-]++@[\w-]++\.[\w.]++", re.IGNORECASE)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # num | word | sym | punct
    norm: str  # lower case, accents removed


def _tokens(text: str, lang: str) -> list[_Tok]:
    """The tokens of ``text`` outside web and e-mail addresses; a space groups digits except in English."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out = []
    for t in tokens(text, NUMBER_TOKEN_EN if lang == "en" else NUMBER_TOKEN):
        if any(a <= t.start < b for a, b in urls):
            continue
        out.append(_Tok(t.text, t.start, t.end, number_token_kind(t.text), fold(t.text)))
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
