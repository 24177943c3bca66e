"""Dates, weekdays, clock times, decades and centuries, written in words or in digits."""

from __future__ import annotations

import re
from functools import lru_cache

from ..base import fold
from .lexicon import (
    _AMBIGUOUS_MONTHS,
    _MONTH_ABBR,
    _MONTHS,
    _ORDINAL_DOT,
    _ORDINAL_STEMS,
    _ORDINAL_SUFFIX,
    other_months,
    _WEEKDAYS,
)
from .quantity import Quantity
from .tokens import _adjacent, _claim, _Tok
from ...compiled import regex


# "6月20日", "７月１７日", "7月17号": a Chinese or Japanese date (full-width digits too)
_CJK_DATE = regex(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*[日号]?")


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# a Roman numeral with a century word: "siglo XV", "XVe siècle", "secolo XX", "século XIX"
_CENTURY_RE = regex(r"\b(?:(?:siglos?|secolo|secoli|século|séculos)\s+([IVXLC]{1,6})\b|([IVXLC]{1,6})(?:e|ème)?\s+siècles?\b"
                         r"|([IVXLC]{1,6})(?:e|ème)?\s?[–-]\s?(?=[IVXLC]{1,6}(?:e|ème)?\s+siècles?\b))")  # "Xe–XIe siècle"


def _roman(s: str) -> int:
    vals = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def _centuries(text: str) -> list[Quantity]:
    """Centuries in Roman numerals, as the ordinal an English translation writes ("the 15th century")."""
    out = []
    for m in _CENTURY_RE.finditer(text):
        g = next(k for k in (1, 2, 3) if m.group(k))
        out.append(Quantity("ordinal", float(_roman(m.group(g))), None, m.start(g), m.end(g), m.group(g)))
    return out


_AMPM = r"(?P<ampm>[ap])\.?\s?m\.?(?![^\W\d_])"
_TIME_RES = (
    # "11:30 p.m.", "23:30", "23h30"
    regex(r"(?<![\d.,:])(?P<h>\d{1,2})(?P<sep>[:h])(?P<m>[0-5]\d)(?![\d:])(?:\s?" + _AMPM + ")?", re.I),
    # "20 h 30", "20 h. 30", "4 h 45": the French clock (not in English, where "2 h 30" is a span)
    regex(r"(?<![\d.,:])(?P<h>\d{1,2})\s?(?P<fh>h)\.?\s(?P<m>[0-5]\d)(?![\d.,:])", re.I),
    # "23.30 Uhr", "11.30 a.m."
    regex(r"(?<![\d.,:])(?P<h>\d{1,2})\.(?P<m>[0-5]\d)\s?(?:(?P<clock>uhr|h|hrs|heures?|horas?)\b|" + _AMPM + ")", re.I),
    # "8 p.m.", "10am", "20 Uhr", "20h"
    regex(r"(?<![\d.,:])(?P<h>\d{1,2})\s?(?:" + _AMPM + r"|(?P<clock>uhr)\b|(?P<hh>h)\b)", re.I),
    # "0200GMT", "1400 GMT", "0600 hrs"
    regex(r"(?<![\d.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?P<clock>gmt|utc|hrs|z)\b", re.I),
)


def _times(text: str, toks: list[_Tok], used: list[bool], lang: str) -> list[Quantity]:
    """Clock times as minutes after midnight: "11:30 p.m." = "23.30 Uhr" = 1410, "0200GMT" = "02:00 GMT".
    A clock with no half of the day named ("11:30") keeps the other half as ``alt``."""
    out = []
    for rx in _TIME_RES:
        for m in rx.finditer(text):
            g = m.groupdict()
            h, mins = int(g["h"]), int(g.get("m") or 0)
            if h > 24 or (g.get("ampm") and not 1 <= h <= 12):
                continue
            if (g.get("hh") or g.get("fh")) and lang == "en":
                continue  # "24h" in English is a span of time
            if g.get("ampm") and lang != "en" and "." not in m.group("ampm") + text[m.end("ampm") : m.end()] and text[m.start("ampm") - 1 : m.start("ampm")] == " ":
                continue  # German "5 am Montag": "am" is a word
            if not _claim(toks, used, m.start(), m.end()):
                continue
            alt = None
            if g.get("ampm"):
                h = h % 12 + (12 if g["ampm"].lower() == "p" else 0)
            elif 1 <= h < 12:  # "8 Uhr (abends)", "11:30": either half of the day
                alt = float((h + 12) * 60 + mins)
            out.append(Quantity("time", float(h * 60 + mins), None, m.start(), m.end(), m.group(), alt))
    return out


_SLASH_DATE = regex(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DOT_DATE = regex(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])")
_ISO_DATE = regex(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _numeric_dates(text: str, toks: list[_Tok], used: list[bool], lang: str) -> list[Quantity]:
    """Dates in digits: "9/11" (month first in English, day first elsewhere, the other order as ``alt``),
    "02.03." and "2.3.2020" (day first; without a year only in languages that write a day "3."), "2020-03-02"."""
    out = []

    def add(a: int, b: int, month: int, day: int, alt: float | None, year: str | None, ys: int) -> None:
        if not _claim(toks, used, ys if year else a, b):
            return
        out.append(Quantity("date", float(month * 100 + day), None, a, b, text[a:b], alt))
        if year:
            y = int(year) + (2000 if len(year) == 2 and int(year) < 50 else 1900 if len(year) == 2 else 0)
            out.append(Quantity("year", float(y), None, ys, ys + len(year), year))

    for m in _ISO_DATE.finditer(text):
        mo, d = int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            add(m.start(2), m.end(), mo, d, None, m.group(1), m.start(1))
    for m in _SLASH_DATE.finditer(text):
        x, y = int(m.group(1)), int(m.group(2))
        md = (x, y) if 1 <= x <= 12 and 1 <= y <= 31 else None
        dm = (y, x) if 1 <= y <= 12 and 1 <= x <= 31 else None
        first, second = (md, dm) if lang == "en" else (dm, md)
        if first is None:
            first, second = second, None
        if first is None:
            continue
        alt = float(second[0] * 100 + second[1]) if second and second != first else None
        add(m.start(), m.end(2), first[0], first[1], alt, None, 0)  # a year after it is read as one
    for m in _DOT_DATE.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if not (1 <= mo <= 12 and 1 <= d <= 31) or (m.group(3) is None and lang not in _ORDINAL_DOT | {"ru", "uk", "fr"}):
            continue
        add(m.start(), m.start(2) + len(m.group(2)) + 1, mo, d, None, None, 0)
    return out


_DECADE_RES = (
    # "1990s", "1990's", "’90s", "90s"
    regex(r"(?<![\d])(?P<v>(?:1\d|20)\d0)['’]?s\b|(?<![\w])['’‘](?P<w>\d0)s?\b|(?<![\d.,])(?P<x>[1-9]0)s\b"),
    # "1990er", "90er Jahre", "90er-Jahren"
    regex(r"(?<![\d])(?P<v>(?:1\d|20)?\d0)er\b(?:[\s-]*jahr\w*)?", re.I),
    # "５０代": an age decade in Chinese and Japanese
    regex(r"(?<!\d)(?P<v>[1-9]0)\s?代"),
    # "años 90", "années 1990", "anni '90", "lata 90.", "década de 1990", "decennio degli anni 1990"
    regex(r"\b(?:años|anos|années|annees|anni|lata|decada|década|décennie|decennie|jahrzehnt)\s+(?:de\s+|del\s+|des\s+années\s+|degli\s+anni\s+)?['’]?(?P<v>(?:1\d|20)?\d0)\b", re.I),
)
#: Decades in words: English "the nineties", German "neunziger", Spanish "años noventa" (a weak value).
_DECADE_WORDS = {
    **{w: 10.0 * (k + 2) for k, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())},
    **{w: 10.0 * (k + 2) for k, w in enumerate("zwanziger dreißiger vierziger fünfziger sechziger siebziger achtziger neunziger".split())},
}
_DECADE_WORDS_AFTER_ANOS = {w: 10.0 * (k + 2) for k, w in enumerate("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split())}


@lru_cache(maxsize=1)
def _decade_words_folded() -> tuple[tuple[str, float], ...]:
    """:data:`_DECADE_WORDS` with each word folded once (the order kept: the first match wins)."""
    return tuple((fold(w), v) for w, v in _DECADE_WORDS.items())


def _decades(text: str, toks: list[_Tok], used: list[bool], lang: str) -> list[Quantity]:
    """Decades: "1990s" = "1990er" = "años 1990" is 1990; "'90s" = "90er" = "años 90" is 90 (any century)."""
    out = []
    for rx in _DECADE_RES:
        for m in rx.finditer(text):
            g = next(k for k in ("v", "w", "x") if m.groupdict().get(k))
            if not _claim(toks, used, m.start(g), m.end()):
                continue
            out.append(Quantity("decade", float(m.group(g)), None, m.start(g), m.end(), text[m.start(g) : m.end()]))
    for k, t in enumerate(toks):
        if used[k] or t.kind != "word":
            continue
        v = next((val for w, val in _decade_words_folded() if t.norm.startswith(w)), None)
        if v is None and k > 0 and toks[k - 1].norm in ("anos", "annees") and t.norm in _DECADE_WORDS_AFTER_ANOS:
            v = _DECADE_WORDS_AFTER_ANOS[t.norm]
        if v is not None:
            used[k] = True
            out.append(Quantity("decade", v, None, t.start, t.end, t.text, weak=True))
    return out


def _ordinal_word(t: _Tok, lang: str) -> float | None:
    """The value of an ordinal word in ``lang`` ("first", "ersten", "segundo"), else None."""
    if t.kind != "word":
        return None
    for item in _ORDINAL_STEMS.get(lang, "").split():
        stem, v = item.rsplit(":", 1)
        if t.norm.startswith(stem) and len(t.norm) <= len(stem) + 3:
            return float(v)
    return None


def _dates(text: str, toks: list[_Tok], used: list[bool], lang: str = "") -> list[Quantity]:
    out = _cjk_dates(text, toks, used)
    for j, t in enumerate(toks):
        if t.kind != "word" or used[j]:
            continue
        month = _MONTHS.get(t.norm)
        abbr = month is None  # an abbreviation or another language's month: a date only with its day
        if abbr:
            month = _MONTH_ABBR.get(t.norm) if t.text[0].isupper() else None
            if month is None:
                month = other_months().get(lang, {}).get(t.norm)
            if month is None:
                continue
        start_i = end_i = j
        day = 0
        # day before: "15 March", "15th March", "15 de marzo", "15th of March"
        k = j - 1
        if k >= 0 and toks[k].kind == "word" and toks[k].norm in ("de", "of"):
            k -= 1
        if k >= 0 and toks[k].kind == "word" and toks[k].norm in _ORDINAL_SUFFIX and k >= 1 and _adjacent(toks[k - 1], toks[k]):
            k -= 1
        elif k >= 1 and toks[k].text == "." and lang in _ORDINAL_DOT and _adjacent(toks[k - 1], toks[k]):
            k -= 1  # "3. März", "4. července"
        if k >= 0 and toks[k].kind == "num" and not used[k] and toks[k].text.isdigit() and 1 <= int(toks[k].text) <= 31:
            day = int(toks[k].text)
            start_i = k
        elif k >= 0 and not used[k] and (w := _ordinal_word(toks[k], lang)) is not None:
            day = int(w)  # "am ersten November", "the first of March"
            start_i = k
        # day after: "March 15", "March 15th"
        elif _day_at(toks, nxt := j + 2 if _abbr_dot(toks, j) else j + 1):
            day = int(toks[nxt].text)
            end_i = nxt
            if end_i + 1 < len(toks) and toks[end_i + 1].norm in ("st", "nd", "rd", "th") and _adjacent(toks[end_i], toks[end_i + 1]):
                end_i += 1
        near_year = (j + 1 < len(toks) and toks[j + 1].kind == "num") or (
            j + 2 < len(toks) and toks[j + 1].norm in ("de", "of", ",") and toks[j + 2].kind == "num"
        )
        if abbr and not day:
            continue
        if t.norm in _AMBIGUOUS_MONTHS and not (t.text[0].isupper() and (day or near_year)):
            continue
        if t.norm == "march" and not t.text[0].isupper():
            continue
        for k in range(start_i, end_i + 1):
            used[k] = True
        a, b = toks[start_i].start, toks[end_i].end
        assert month is not None
        out.append(Quantity("date", float(month * 100 + day), None, a, b, text[a:b]))
    return out


def _cjk_dates(text: str, toks: list[_Tok], used: list[bool]) -> list[Quantity]:
    out = []
    for m in _CJK_DATE.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        for k, t in enumerate(toks):
            if m.start() <= t.start < m.end() and t.kind == "num":
                used[k] = True
        out.append(Quantity("date", float(month * 100 + day), None, m.start(), m.end(), m.group()))
    return out


def _abbr_dot(toks: list[_Tok], j: int) -> bool:
    """Whether the month at ``j`` is an abbreviation with its full stop: "Sept. 14"."""
    return toks[j].norm in _MONTH_ABBR and j + 1 < len(toks) and toks[j + 1].text == "." and _adjacent(toks[j], toks[j + 1])


def _day_at(toks: list[_Tok], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "num" and toks[k].text.isdigit() and len(toks[k].text) <= 2 and 1 <= int(toks[k].text) <= 31


def _weekdays(text: str, toks: list[_Tok], used: list[bool]) -> list[Quantity]:
    out = []
    for j, t in enumerate(toks):
        if t.kind != "word" or used[j]:
            continue
        name = t.norm[:-1] if t.norm.endswith("days") else t.norm
        day = _WEEKDAYS.get(name)
        if day is None:
            continue
        used[j] = True
        out.append(Quantity("weekday", float(day), None, t.start, t.end, t.text))
    return out
