"""Reading values out of text: :func:`extract_quantities` (amounts, percentages, years, names; dates and units
from their modules) and :func:`parse_number`."""

from __future__ import annotations

import re

from ...lang import base_lang
from ..base import fold
from .dates import _centuries, _dates, _decades, _numeric_dates, _times, _weekdays
from .lexicon import (
    _CONNECT,
    _CURRENCY_CODES,
    _CURRENCY_QUALIFIERS,
    _CURRENCY_SYMBOLS,
    _CURRENCY_WORDS,
    decimal_comma,
    _EN_WORDS,
    _ES_WORDS,
    _FRACTION_STEMS,
    _MONTH_ABBR,
    _MONTHS,
    _ORDINAL_STEMS,
    _ORDINAL_SUFFIX,
    other_months,
    _SUFFIX_SCALE,
    _SUFFIX_SCALE_MONEY,
    _VULGAR,
    _WEAK,
    _WEEKDAYS,
    _number_words,
)
from .quantity import Quantity
from .tokens import _adjacent, _Tok, _tokens
from .units import _unit_at, _unit_word
from ...compiled import regex


def parse_number(s: str, lang: str | None) -> tuple[float, float | None] | None:
    """The value of a digit string with separators, read the way ``lang`` writes numbers.

    Returns ``(value, alt)`` where ``alt`` is the other reading of an ambiguous spelling (one
    separator before exactly three digits, used the way the other convention uses it), or
    ``None`` for a string that is no number (``"1.2.3"``).
    """
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", s)
    comma_decimal = decimal_comma(base_lang(lang))
    dec, thou = (",", ".") if comma_decimal else (".", ",")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return float(s), None
    if "." in seps and "," in seps:
        last = seps[-1]
        if seps.count(last) > 1:
            return None
        other = "," if last == "." else "."
        head, tail = s.rsplit(last, 1)
        groups = head.split(other)
        if any(len(g) != 3 for g in groups[1:]):
            return None
        return float("".join(groups) + "." + tail), None
    sep = seps[0]
    parts = s.split(sep)
    if len(parts) > 2:
        if any(len(g) != 3 for g in parts[1:]):
            return None
        return float("".join(parts)), None
    head, tail = parts
    if sep == thou:
        if len(tail) == 3:
            return float(head + tail), None
        return float(head + "." + tail), None  # "1.5 millones" in Spanish: a decimal point
    value = float(head + "." + tail)
    if len(tail) == 3 and head != "0":
        return value, float(head + tail)
    return value, None


# --------------------------------------------------------------------------- extraction


def extract_quantities(text: str, lang: str | None) -> list[Quantity]:
    """Every value mentioned in ``text`` (numbers, money, percentages, years, dates, weekdays), in order."""
    base = base_lang(lang)
    toks = _tokens(text, base)
    used = [False] * len(toks)
    out: list[Quantity] = []
    out += _dates(text, toks, used, base)
    out += _weekdays(text, toks, used)
    out += _centuries(text)
    out += _numeric_dates(text, toks, used, base)
    out += _times(text, toks, used, base)
    out += _decades(text, toks, used, base)
    words = _number_words(base)
    connect = _CONNECT.get(base, _CONNECT["en"] | _CONNECT["es"])
    i = 0
    while i < len(toks):
        if used[i]:
            i += 1
            continue
        q, j = _amount(text, toks, used, i, base, words, connect)
        if q is None:
            i += 1
            continue
        for k in range(i, j):
            used[k] = True
        out.append(q)
        i = j
    out += _weak_words(toks, used, base)
    return _pages(text, _share_units(text, sorted(out, key=lambda q: q.start)))


#: A page reference: "S. 81", "S.83", "p. 80", "pp. 110-117", "Seite 5", "str. 4", "с. 12". The number counts
#: pages of a publication, which a translated edition paginates anew.
_PAGE_BEFORE = regex(
    r"(?:(?<![^\W\d_])(?:S|s|p|pp|P|Pp|pag|pág|págs|str|стр|с)\.\s?"
    r"|(?<![^\W\d_])(?:Seiten?|pages?|página|páginas|pagina|pagine|strona|stronie)\s)$"
)


def _pages(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Page references are weak values (see :class:`Quantity`): they match an equal page, and a
    different page is no changed value: a translated edition has its own pages. A range after a page
    ("pp. 110-117") is pages too."""
    from dataclasses import replace

    out = list(qs)
    for k, q in enumerate(out):
        if q.kind not in ("number", "year") or q.measure or q.weak:
            continue
        if _PAGE_BEFORE.search(text[max(0, q.start - 12) : q.start]) or (
            k > 0 and out[k - 1].weak and out[k - 1].ident == "page" and _RANGE.match(text[out[k - 1].end : q.start])
            and q.start - out[k - 1].end <= 5
        ):
            out[k] = replace(q, kind="number", weak=True, ident="page")
    return out


def _weak_words(toks: list[_Tok], used: list[bool], lang: str) -> list[Quantity]:
    out = []
    ordinals = [(w.rsplit(":", 1)[0], float(w.rsplit(":", 1)[1])) for w in _ORDINAL_STEMS.get(lang, "").split()]
    for k, t in enumerate(toks):
        if used[k] or t.kind != "word":
            continue
        frac = next((v for st, v in _FRACTION_STEMS if t.norm.startswith(st) and len(t.norm) <= len(st) + 3), None)
        if frac is not None:
            out.append(Quantity("fraction", frac, None, t.start, t.end, t.text, weak=True))
            continue
        ordv = next((v for st, v in ordinals if t.norm.startswith(st) and len(t.norm) <= len(st) + 3), None)
        if ordv is not None:
            out.append(Quantity("ordinal", ordv, None, t.start, t.end, t.text, weak=True))
    return out


_RANGE = regex(r"\s*(?:-|‑|–|—|to|bis|a|à|y|and|und|et|e|i|и|až|do|or|oder|o|ou)\s*$", re.I)


def _share_units(text: str, qs: list[Quantity]) -> list[Quantity]:
    """The first value of a range takes the unit of the second: "5-10 acres", "2 bis 4 Hektar"."""
    from dataclasses import replace

    out = list(qs)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if b.measure and not a.measure and a.kind == "number" and a.ident is None and not a.weak:
            gap = text[a.end : b.start]
            if len(gap) <= 6 and _RANGE.match(gap):
                out[k] = replace(a, measure=b.measure)
    return out


def _amount(
    text: str,
    toks: list[_Tok],
    used: list[bool],
    i: int,
    lang: str,
    words: dict[str, tuple[str, float]],
    connect: frozenset[str],
) -> tuple[Quantity | None, int]:
    """A number, with its currency, scale and percent sign, starting at token ``i``."""
    n = len(toks)
    start_i = i
    currency: str | None = None
    t = toks[i]
    if t.kind == "sym" and t.text in _CURRENCY_SYMBOLS:
        currency = _CURRENCY_SYMBOLS[t.text]
        i += 1
    elif t.kind == "word" and t.text in _CURRENCY_CODES and i + 1 < n and toks[i + 1].kind == "num":
        currency = t.text
        i += 1
    elif t.kind == "word" and t.text == "US" and i + 1 < n and toks[i + 1].text == "$":
        currency = "USD"
        i += 2
    if i >= n or used[i]:
        return None, start_i + 1
    t = toks[i]
    alt: float | None = None
    digits = False
    if t.kind == "num":
        parsed = parse_number(t.text, lang)
        if parsed is None:
            return None, i + 1
        value, alt = parsed
        prefix = _identifier(text, t)
        if prefix is not None and currency is None:  # "G7", "COVID-19", "F-35"
            return Quantity("number", value, None, t.start, t.end, t.text, alt, ident=prefix), i + 1
        digits = True
        i += 1
        if i < n and toks[i].text in _VULGAR and toks[i].start - toks[i - 1].end <= 1 and value == int(value):
            frac = _VULGAR[toks[i].text]
            value, alt = value + frac, None
            i += 1
        # scale suffix against the digits: "1.2bn", "$5m"
        if i < n and toks[i].kind == "word" and _adjacent(toks[i - 1], toks[i]):
            suf = toks[i].norm
            scale = _SUFFIX_SCALE.get(suf) or (_SUFFIX_SCALE_MONEY.get(suf) if currency else None)
            if scale:
                value, alt = value * scale, (alt * scale if alt is not None else None)
                i += 1
            elif suf[:1] in _CJK_SCALE:
                return _cjk_scaled(text, toks[start_i].start, toks[i].start, value, alt, currency), i + 1
            elif suf in _ORDINAL_SUFFIX and suf not in ("e", "o", "a") or toks[i].text in ("º", "ª"):
                a, b = toks[start_i].start, toks[i].end
                return Quantity("ordinal", value, None, a, b, text[a:b]), i + 1
            elif currency is None and toks[i].text.isupper() and len(toks[i].text) <= 3 and toks[i].text not in ("C", "F"):
                # capitals written against the digits name a thing, not an amount: "5G", "3D", "4K"
                a, b = t.start, toks[i].end
                return Quantity("number", value, None, a, b, text[a:b], alt, ident=toks[i].norm), i + 1
        elif i < n and toks[i].text in ("º", "ª") and _adjacent(toks[i - 1], toks[i]):
            a, b = toks[start_i].start, toks[i].end
            return Quantity("ordinal", value, None, a, b, text[a:b]), i + 1
        # word scales after the digits: "500 million", "500 mil millones"
        i, factor = _scales(toks, i, words)
        if factor != 1.0:
            value, alt = value * factor, (alt * factor if alt is not None else None)
            if i + 1 < n and toks[i].text == "." and _adjacent(toks[i - 1], toks[i]) and _currency_word(toks[i + 1]):
                i += 1  # "5 Mio. Euro": the abbreviation's full stop
    elif t.kind == "word" and t.norm in words:
        got = _words_value(toks, i, words, connect)
        if got is None:
            return None, i + 1
        value, i = got
    else:
        return None, start_i + 1
    end_i = i  # exclusive
    kind = "number"
    unit: str | None = None
    measure: tuple[tuple[str, str], ...] = ()
    if currency is None:
        j, measure = _unit_at(text, toks, i, lang)
        if (not measure and i + 1 < n and toks[i].norm == "de" and words.get(toks[i - 1].norm, ("",))[0] == "big"
                and len(toks[i + 1].text) >= 3):
            j, measure = _unit_at(text, toks, i + 1, lang)  # "14 millones de toneladas"
        if measure:
            a, b = toks[start_i].start, toks[j - 1].end
            return Quantity("number", float(value), None, a, b, text[a:b], alt, measure=measure), j
    # percent
    if i < n and toks[i].text in ("%", "‰"):
        kind, end_i = "percent", i + 1
        if toks[i].text == "‰":
            value, alt = value / 10, (alt / 10 if alt is not None else None)
    else:
        pct = _percent_words(toks, i)
        if pct is not None:
            end_i, unit = pct
            kind = "percent"
    # currency after the number: "500 millones de dólares", "5 euros", "500 €", "US dollars"
    if kind == "number":
        k = i
        if k < n and toks[k].norm == "de" and k + 1 < n and _currency_word(toks[k + 1]):
            k += 1
        if k < n and toks[k].norm == "us" and k + 1 < n and toks[k + 1].norm in ("dollar", "dollars"):
            k += 1
        code = _currency_word(toks[k]) if k < n else None
        if code is None and k < n and toks[k].kind == "sym" and toks[k].text in ("€", "$", "£") and currency is None:
            code = _CURRENCY_SYMBOLS[toks[k].text]
        if code is not None:
            currency = currency or code
            end_i = k + 1
            if toks[k].norm in _WEIGHT_CURRENCY:  # "5 pounds": sterling, or a weight
                measure = (("mass", "lb"),)
            if end_i < n and toks[end_i].norm in _CURRENCY_QUALIFIERS:
                end_i += 1
    if currency is not None and kind == "number":
        kind, unit = "money", currency
    elif (
        kind == "number"
        and digits
        and toks[start_i].text.isdigit()
        and len(toks[start_i].text) == 4
        and 1000 <= value <= 2100
        and value == int(toks[start_i].text)
    ):
        kind = "year"
    ident = None
    if kind in ("number", "year") and digits:
        ident = _name_before(toks, start_i, lang)
    a, b = toks[start_i].start, toks[end_i - 1].end
    return Quantity(kind, float(value), unit, a, b, text[a:b], alt, measure=measure, ident=ident), end_i


#: Chinese and Japanese scale characters written against digits ("6000万", "1.5亿", "3億"), and the
#: currencies that may follow them ("万元" yuan, "万円" yen, "亿美元" US dollars).
_CJK_SCALE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CJK_CURRENCY = {"元": "CNY", "円": "JPY", "美元": "USD", "ドル": "USD", "欧元": "EUR", "ユーロ": "EUR"}


def _cjk_scaled(text: str, a: int, at: int, value: float, alt: float | None, currency: str | None) -> Quantity:
    """The amount whose digits run from ``a`` to a scale character at ``at``: "6000万元" = 60 million CNY."""
    k = 1
    scale = _CJK_SCALE[text[at]]
    if text[at + 1 : at + 2] in ("亿", "億") and scale == 1e4:  # 万亿: a trillion
        scale, k = 1e12, 2
    for word, code in _CJK_CURRENCY.items():
        if text.startswith(word, at + k):
            currency = currency or code
            k += len(word)
            break
    b = at + k
    alt = alt * scale if alt is not None else None
    kind = "money" if currency else "number"
    return Quantity(kind, value * scale, currency, a, b, text[a:b], alt)


def _unspaced(ch: str) -> bool:
    """A letter of a script written without spaces (Chinese, Japanese kana, Thai): digits after it are no name ("于1985年")."""
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u0e00" <= ch <= "\u0e7f"


def _identifier(text: str, t: _Tok) -> str | None:
    """The letters of a name the digits are written against: "G7" → "g", "COVID-19" → "covid", "F-16" → "f"."""
    k = t.start
    if k > 1 and text[k - 1] in "-‑" and text[k - 2].isalpha():
        k -= 1
    if k == 0 or not text[k - 1].isalpha() or _unspaced(text[k - 1]):
        return None
    j = k
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return fold(text[j:k])


#: Languages that capitalise every noun: a capitalised word before a number there is no sign of a name.
_NOUN_CAPS = frozenset({"de", "lb"})
_SENTENCE_BREAK = frozenset(".!?:;\"“”«»()[]—–-'‘’")


def _name_before(toks: list[_Tok], i: int, lang: str) -> str | None:
    """A capitalised word inside the sentence right before a bare number names it: "Section 230",
    "Route 66", "Boeing 737", "Apollo 11", "Tokyo 2020". Not in languages that capitalise nouns, not after
    a month, weekday, currency or number word, and not for the sentence's first word."""
    if lang in _NOUN_CAPS or i < 2:
        return None
    p = toks[i - 1]
    if p.kind != "word" or not p.text[:1].isupper() or p.end + 1 != toks[i].start:
        return None
    if toks[i - 2].text in _SENTENCE_BREAK:
        return None
    n = p.norm
    if (n in _MONTHS or n in _MONTH_ABBR or n in _WEEKDAYS or n in _CURRENCY_WORDS or p.text in _CURRENCY_CODES
            or n in _EN_WORDS or n in _ES_WORDS or n in _NOT_NAMES or _unit_word(p) is not None
            or any(n in m for m in other_months().values())):
        return None
    return n


#: Capitalised words before a number that are no part of a name: prepositions and articles a title
#: or a heading capitalises, and the words that introduce a count.
_NOT_NAMES = frozenset(
    "in on at of for from to by and or the a an since until about over under than with after before between "
    "around nearly almost more less some all top no nr nº en el la los las de del y por para con desde hasta "
    "sobre unos unas".split()
)
#: Currency words that are also a weight ("pounds", "libras", "Pfund").
_WEIGHT_CURRENCY = frozenset({"pound", "pounds", "libra", "libras"})


def _scales(toks: list[_Tok], i: int, words: dict[str, tuple[str, float]]) -> tuple[int, float]:
    factor, last = 1.0, 0.0
    while i < len(toks) and toks[i].kind == "word":
        kind, v = words.get(toks[i].norm, ("", 0.0))
        if kind == "big":
            factor = factor * v if v > last or last == 0 else factor
            last = max(last, v)
        elif kind == "mul":
            factor *= v
        else:
            break
        i += 1
    return i, factor


def _words_value(
    toks: list[_Tok], i: int, words: dict[str, tuple[str, float]], connect: frozenset[str]
) -> tuple[float, int] | None:
    """The value of number words from ``i`` ("twenty-one", "cinco mil millones", "a dozen")."""
    n = len(toks)
    seq: list[tuple[str, str, float]] = []
    j = i
    while j < n:
        t = toks[j]
        if t.kind == "word" and t.norm in words:
            kind, v = words[t.norm]
            seq.append((t.norm, kind, v))
            j += 1
        elif t.norm in connect and seq and j + 1 < n and _joins(seq[-1], toks[j + 1], words):
            j += 1
        else:
            break
    if not seq:
        return None
    # "one", "a", "un", "una" only before a multiplier ("one hundred", "a dozen", "un millón")
    if seq[0][0] in _WEAK and (len(seq) < 2 or seq[1][1] == "add"):
        return None
    total, cur, last = 0.0, 0.0, 0.0
    for _, kind, v in seq:
        if kind == "add":
            cur += v
        elif kind == "mul":
            cur = max(cur, 1.0) * v
        else:  # big
            if v > last:
                total = (total + (cur if cur else (0.0 if total else 1.0))) * v
                last = v
            else:
                total += max(cur, 1.0) * v
            cur = 0.0
    return total + cur, j


def _joins(prev: tuple[str, str, float], nxt: _Tok, words: dict[str, tuple[str, float]]) -> bool:
    """Whether "and"/"y"/"-" joins two number words: "twenty-one", "treinta y uno", "one hundred and five"."""
    if nxt.kind != "word" or nxt.norm not in words or nxt.norm in ("a", "an", "un", "una"):
        return False
    _, kind, v = prev
    nkind, nv = words[nxt.norm]
    if kind in ("mul", "big") or (kind == "add" and v >= 100):
        return nkind == "add"
    if kind == "add" and v == 10 and nkind == "add" and 7 <= nv <= 9:
        return True  # "dix-huit", "dieci-otto"
    if kind == "add" and v == 60 and nkind == "add" and 10 <= nv < 20:
        return True  # "soixante-dix"
    return kind == "add" and 20 <= v < 100 and v % 10 == 0 and nkind == "add" and nv < 10


#: One-word "percent" (folded): German, Polish and Czech, Russian in its case forms, Italian.
_PERCENT_WORDS = frozenset(
    {"percent", "prozent", "procent", "procenta", "procentu", "процент", "процента", "процентов", "percento"}
)


def _percent_words(toks: list[_Tok], i: int) -> tuple[int, str | None] | None:
    n = len(toks)
    w = [toks[k].norm for k in range(i, min(n, i + 2))]
    if w[:1] and w[0] in _PERCENT_WORDS:
        return i + 1, None
    if w[:2] in (["per", "cent"], ["por", "ciento"], ["por", "cien"], ["pour", "cent"], ["per", "cento"], ["por", "cento"]):
        return i + 2, None
    if w[:2] in (["percentage", "points"], ["puntos", "porcentuales"], ["percentage", "point"]):
        return i + 2, "pp"
    if w[:1] == ["pp"]:
        return i + 1, "pp"
    return None


def _currency_word(t: _Tok) -> str | None:
    if t.kind != "word":
        return None
    if t.text in _CURRENCY_CODES:
        return t.text
    return _CURRENCY_WORDS.get(t.norm)
