"""Comparing values: when two are one value (:func:`same_value`, a unit conversion), how a value reads in
evidence (:func:`describe`), and how the values left over in a bead are matched and explained."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ...lang import base_lang
from ...types import Finding, Segmentation
from ..base import fold
from .lexicon import _MONTH_NAMES, _WEEKDAY_NAMES, _number_words
from .parse import extract_quantities
from .quantity import TOLERANCE, Quantity
from .units import converted


def _rounds_to(x: float, y: float) -> bool:
    """Whether ``y`` is ``x`` rounded to ``y``'s last significant digit ("1,002,000" → "1 million")."""
    if y == 0:
        return False
    for k in range(12, -4, -1):
        p = 10.0**k
        q = y / p
        if abs(q - round(q)) < 1e-9 * max(1.0, abs(q)):
            return p > 1 and abs(round(x / p) * p - y) < 1e-9 * abs(y)
    return False


#: Kinds whose values are labels, never rounded: a year, a date, a weekday, a clock time, a decade.
_EXACT_KINDS = frozenset({"year", "date", "weekday", "time", "decade"})


def same_value(a: Quantity, b: Quantity) -> bool:
    """Equal, or one a faithful rounding of the other within :data:`TOLERANCE` (either reading of an
    ambiguous spelling). "501" and "503", "1981" and "1982" differ: neither is a rounding of the other."""
    for x in (a.value, a.alt):
        for y in (b.value, b.alt):
            if x is None or y is None:
                continue
            if x == y:
                return True
            if {a.kind, b.kind} & _EXACT_KINDS:
                if "decade" in (a.kind, b.kind) and min(x, y) < 100 and x % 100 == y % 100:
                    return True  # "'90s" and "1990s"
                continue
            if abs(x - y) <= TOLERANCE * max(abs(x), abs(y)) and (_rounds_to(x, y) or _rounds_to(y, x)):
                return True
    return False


def _compatible(a: Quantity, b: Quantity, *, strict: bool) -> bool:
    if a.kind == b.kind:
        if a.kind in ("money", "percent") and a.unit != b.unit and (strict or (a.unit and b.unit)):
            return not strict and converted(a, b)
        return same_value(a, b) or (not strict and converted(a, b))
    if strict:
        return False
    loose = {a.kind, b.kind}
    if converted(a, b):  # "80 feet" and "25 Meter": one length in two units
        return True
    if a.kind == b.kind:
        return False
    if loose == {"time", "number"}:  # "23.30" or "20" before an unread "Uhr"/"heures"
        t, n = (a, b) if a.kind == "time" else (b, a)
        return any(v is not None and n.value in (v // 60, v // 60 + (v % 60) / 100, (v // 60) % 12 + (v % 60) / 100)
                   for v in (t.value, t.alt))
    if loose == {"fraction", "percent"}:  # "half" and "50%"
        f, pc = (a, b) if a.kind == "fraction" else (b, a)
        return abs(f.value * 100 - pc.value) <= 1.0 and pc.unit != "pp"
    # a year read as a plain number, a currency left implicit, a decade written as its first year: the value is the same
    return loose in ({"number", "year"}, {"number", "money"}, {"number", "ordinal"}, {"decade", "year"},
                     {"decade", "number"}, {"fraction", "number"}) and same_value(a, b)


def describe(q: Quantity) -> str:
    """A value in words for evidence: ``500 million USD``, ``5%``, ``Monday``, ``15 March``."""
    if q.kind == "weekday":
        return _WEEKDAY_NAMES[int(q.value) - 1]
    if q.kind == "date":
        month, day = divmod(int(q.value), 100)
        return f"{day} {_MONTH_NAMES[month - 1]}" if day else _MONTH_NAMES[month - 1]
    if q.kind == "year":
        return str(int(q.value))
    v = q.value
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            s = f"{v / scale:,.6g} {name}"
            break
    else:
        s = f"{v:,.6g}" if v != int(v) else f"{int(v):,}"
    if q.kind == "percent":
        return s + (" percentage points" if q.unit == "pp" else "%")
    if q.kind == "ordinal":
        return f"ordinal {s}"
    if q.kind == "money":
        return f"{s} {q.unit}"
    return s


#: Kinds one value may be read as on either side (a plain number and the same number with its unit,
#: ordinal marker or year reading): left over on both sides with different values, the value changed.
_CROSS_KINDS = frozenset(frozenset(("number", k)) for k in ("money", "ordinal", "year"))


def _cross(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` may be one value read as two kinds (see :data:`_CROSS_KINDS`); a year only
    against a number of four digits or more ("2019" and "15334", not "2001" and "9/11", "1850s" and "50ern")."""
    kinds = frozenset((a.kind, b.kind))
    if kinds == {"number"}:  # one with a unit, one bare: the unit left unread on one side
        return bool(a.measure) != bool(b.measure)
    if kinds not in _CROSS_KINDS:
        return False
    if "year" in kinds and any(d != "time" for d, _ in a.measure + b.measure):
        return False  # "8848 m" is no year ("1981 roku", "2020 года" are)
    return "year" not in kinds or min(abs(a.value), abs(b.value)) >= 1000


@dataclass(frozen=True)
class _Mention:
    q: Quantity
    segment: int
    start: int  # in Document.text
    end: int


WORD_LANGS = frozenset({"en", "es"})  # languages whose number words, months and weekdays are parsed


@dataclass
class _Left:
    """One bead's values with no equal counterpart yet (see :meth:`NumbersDetector._match`)."""

    bead: int
    paired: bool  # sentences on both sides: only these are reported
    src: list[_Mention]
    tgt: list[_Mention]
    found: list[Finding]  # decided while matching (decades, numbers in names)
    readable: bool
    multi: bool = False  # several sentences on a side: values may answer each other across them


#: A number word this small, with no unit, is weak evidence when it has no equal: a count a translation
#: often words otherwise ("die beiden" = "les deux", "camp IV", "halb fünf" = "4 heures et demie").
SMALL_WORD = 12


def _small_word(q: Quantity) -> bool:
    return q.kind == "number" and not q.measure and q.value <= SMALL_WORD and not any(c.isdigit() for c in q.text)


def _in_digits(q: Quantity) -> bool:
    """Written in digits (or a Roman numeral): read on both sides alike, unlike words."""
    return any(c.isdigit() for c in q.text) or bool(re.fullmatch(r"[IVXLC]+", q.text))


def _digits(q: Quantity) -> str:
    return "".join(c for c in q.text if c.isdigit())


def _regroup(ours: list[_Mention], theirs: list[_Mention], text: str) -> None:
    """Remove, in place, a value whose digits are two to four consecutive values on the other side,
    written with other separators: a telephone number "031/433611" = "031/43 36 11", a clock "20.30 Uhr" =
    "20 h. 30", an amount "Fr. 2.70" = "2 fr. 70". ``text``: the document ``theirs`` point into."""
    for m in list(ours):
        d = _digits(m.q)
        if len(d) < 3 or m not in ours:
            continue
        run = sorted(theirs, key=lambda x: x.start)
        for k in range(len(run)):
            got = _digits(run[k].q)
            for j in range(k + 1, min(k + 4, len(run))):
                gap = text[run[j - 1].end : run[j].start]
                if run[j].segment != run[k].segment or len(gap) > 6 or any(c.isdigit() for c in gap):
                    break
                got += _digits(run[j].q)
                if got == d:
                    ours.remove(m)
                    for x in run[k : j + 1]:
                        theirs.remove(x)
                    break
                if not d.startswith(got):
                    break
            if m not in ours:
                break


def _absorb(ours: list[_Mention], theirs: list[_Mention]) -> None:
    """Remove, in place, the values of ``ours`` equal to one of ``theirs`` (a neighbouring bead's)."""
    for m in list(ours):
        hit = next((t for t in theirs if _compatible(m.q, t.q, strict=False)), None)
        if hit is not None:
            ours.remove(m)
            theirs.remove(hit)


def _dim(q: Quantity) -> str | None:
    return q.measure[0][0] if q.measure else None


_TENFOLD = 2.302585  # log(10)


def _log_ratio(a: Quantity, b: Quantity) -> float:
    """How far apart two values are in magnitude (0: the same size)."""
    import math

    x, y = abs(a.value) + 1.0, abs(b.value) + 1.0
    return abs(math.log(x / y))


def _coarser_clock(a: Quantity, b: Quantity) -> bool:
    """Two clock times in the same hour, one of them on the hour: "15.30 Uhr" and "vers 15 h"."""
    if a.kind != "time" or b.kind != "time":
        return False
    if a.value % 60 and b.value % 60:
        return False
    hours = {a.value // 60 % 12, (a.alt or a.value) // 60 % 12}
    return bool(hours & {b.value // 60 % 12, (b.alt or b.value) // 60 % 12})


_SCALES = (1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e12)  # thousand, 万, lakh, million, crore, 億, billion, trillion


def _explains(a: Quantity, b: Quantity) -> int:
    """How ``b`` accounts for ``a`` when one side's words are not parsed: 1 as the same value under
    another kind or an unread scale word ("34 procent" = "34%", "9 Millionen" = "9 million", "10
    тысяч" = "10,000"), 2 when ``a`` is the month or day of a date ``b`` ("7月24日" = "July 24")."""
    if same_value(a, b):
        return 1
    for x, y in ((a.value, b.value), (b.value, a.value)):
        if x and any(abs(x * k - y) <= TOLERANCE * abs(y) for k in _SCALES):
            return 1
    if {a.kind, b.kind} == {"number"} and abs(a.value - b.value) == 12 and max(a.value, b.value) <= 24:
        return 1  # "23:35" read as "11:35 pm"
    if b.kind == "date" and a.kind in ("number", "ordinal") and a.value > 0 and a.value in divmod(int(b.value), 100):
        return 2
    return 0


def _explain_unread(left_s: list[_Mention], left_t: list[_Mention]) -> None:
    """Remove, in place, the unmatched values one side's unparsed words account for (see :func:`_explains`).

    A date on one side may account for two numbers (its month and its day) on the other."""
    for ours, theirs in ((left_s, left_t), (left_t, left_s)):
        budget = {id(m): 2 if m.q.kind == "date" else 1 for m in theirs}
        for m in list(ours):
            hit = next((t for t in theirs if budget[id(t)] > 0 and _explains(m.q, t.q)), None)
            if hit is None:
                continue
            ours.remove(m)
            budget[id(hit)] -= 1
            if budget[id(hit)] == 0 or hit.q.kind != "date":
                theirs.remove(hit)
                budget[id(hit)] = 0
        for t in [t for t in theirs if t.q.kind == "date" and budget[id(t)] == 1]:
            theirs.remove(t)  # a date that explained its month or its day is matched


#: Languages that write a number word into a compound ("Dreitore-Rückstand", "zweijährig").
_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "is", "fi", "et", "hu", "lb"})


def _compound_values(seg: Segmentation, indices: Iterable[int], lang: str | None) -> frozenset[float]:
    """Values of number words that begin a longer word, in a language that compounds: "dreitore" → 3,
    "Siebentausender" → 7 and 7000 (the number words written one after the other are read together)."""
    base = base_lang(lang)
    if base not in _COMPOUNDING:
        return frozenset()
    words = {w: kv for w, kv in _number_words(base).items() if len(w) >= 3}
    found: set[float] = set()
    for i in indices:
        for tok in re.findall(r"[^\W\d_]+", seg.segments[i].text):
            t = fold(tok)
            if t in words:
                continue
            pos, total, cur = 0, 0.0, 0.0
            while pos < len(t):
                w = max((w for w in words if t.startswith(w, pos)), key=len, default=None)
                if w is None or (pos == 0 and words[w][0] == "big"):
                    break
                kind, v = words[w]
                if kind == "add":
                    cur += v
                elif kind == "mul":
                    cur = max(cur, 1.0) * v
                else:
                    total, cur = (total + max(cur, 1.0)) * v, 0.0
                pos += len(w)
                if pos < len(t) - 1:
                    found.add(total + cur)
    return frozenset(found)


def _mentions(seg: Segmentation, indices: Iterable[int], lang: str | None) -> list[_Mention]:
    out = []
    for i in sorted(indices):
        s = seg.segments[i]
        for q in extract_quantities(s.text, lang):
            out.append(_Mention(q, i, s.start + q.start, s.start + q.end))
    return out
