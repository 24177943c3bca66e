"""Numbers, amounts, percentages, years, dates and weekdays that changed between aligned sentences.

The parser is a set of pure functions: :func:`extract_quantities` turns a text in a language
into typed :class:`Quantity` values (``"$500 million"`` → money 5e8 USD, ``"once"`` in Spanish
→ number 11, ``"el lunes"`` → weekday 1), so other detectors can reuse it.

:class:`NumbersDetector` compares, for every bead with both sides, the *values* mentioned in
the source sentences with those of the target sentences, as multisets per kind:

* a source value with no equal target value, while a different target value of the same kind
  is present, is a **changed** number (critical); so is a plain number left over against money,
  an ordinal or (four digits or more) a year on the other side: one value the two languages'
  spellings make two kinds ("29 dollari", "第3000场" against "39 dollars", "the 2,000th");
* a source value with nothing to replace it is **dropped** (major), a target value with
  nothing in the source is **added** (major).

Two values are equal within 0.5 % (a faithful rounding) and whatever their spelling
("11" and "eleven", "1.500" in Spanish and "1,500" in English). Numbers inside URLs are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..types import Finding, FindingType, Segmentation, Severity
from ..lang import base_lang
from .base import AuditContext, fold, make_span, paired_beads

#: Two values closer than this (relative) are the same value: a faithful rounding.
TOLERANCE = 0.005

KINDS = ("number", "percent", "money", "year", "date", "weekday", "ordinal")


@dataclass(frozen=True)
class Quantity:
    """One mention of a value in a text: its kind, its value and where it is.

    ``kind`` is one of :data:`KINDS`; ``value`` a float (a date is ``month * 100 + day``,
    ``day`` 0 when only the month is named; a weekday 1 (Monday) to 7); ``unit`` the
    currency code of money, ``"pp"`` for percentage points, else ``None``. ``start``/``end``
    are offsets in the text given to :func:`extract_quantities`. ``alt`` is a second reading of
    an ambiguous spelling (``"1,500"`` in a Spanish text is 1.5, or 1500 if written the English way).
    """

    kind: str
    value: float
    unit: str | None
    start: int
    end: int
    text: str
    alt: float | None = None


# --------------------------------------------------------------------------- vocabulary

_DECIMAL_COMMA = frozenset(
    "es fr de it pt nl ca gl eu ro ru uk pl cs sk sl hr sr bs bg sv da no nb nn fi et lv lt hu tr id el is az kk be".split()
)

_EN_WORDS: dict[str, tuple[str, float]] = {}
for _v, _w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split()
):
    _EN_WORDS[_w] = ("add", float(_v))
for _v, _w in zip(range(20, 100, 10), "twenty thirty forty fifty sixty seventy eighty ninety".split()):
    _EN_WORDS[_w] = ("add", float(_v))
_EN_WORDS.update(
    {
        "a": ("add", 1.0),
        "an": ("add", 1.0),
        "hundred": ("mul", 100.0),
        "dozen": ("mul", 12.0),
        "thousand": ("big", 1e3),
        "million": ("big", 1e6),
        "billion": ("big", 1e9),
        "trillion": ("big", 1e12),
    }
)

_ES_WORDS: dict[str, tuple[str, float]] = {}
for _v, _w in enumerate(
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro "
    "veinticinco veintiseis veintisiete veintiocho veintinueve".split()
):
    _ES_WORDS[_w] = ("add", float(_v))
for _v, _w in zip(range(30, 100, 10), "treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()):
    _ES_WORDS[_w] = ("add", float(_v))
for _v, _w in zip(
    range(200, 1000, 100),
    "doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos".split(),
):
    _ES_WORDS[_w] = ("add", float(_v))
    _ES_WORDS[_w[:-2] + "as"] = ("add", float(_v))
_ES_WORDS.update(
    {
        "un": ("add", 1.0),
        "una": ("add", 1.0),
        "veintiun": ("add", 21.0),
        "veintiuna": ("add", 21.0),
        "cien": ("add", 100.0),
        "ciento": ("add", 100.0),
        "centenar": ("mul", 100.0),
        "docena": ("mul", 12.0),
        "mil": ("big", 1e3),
        "millar": ("big", 1e3),
        "millon": ("big", 1e6),
        "millones": ("big", 1e6),
        "millardo": ("big", 1e9),
        "millardos": ("big", 1e9),
        "billon": ("big", 1e12),
        "billones": ("big", 1e12),
    }
)

# Number words of other languages, two to twelve, the tens and the scales (one is left out: it is an
# article in most of them; so is Italian "sei", "you are"). Inflected forms are listed (Polish, Czech,
# Russian). Folded like the tokens they are compared with.
_OTHER_WORD_TABLE = {
    "de": "zwei:2 drei:3 vier:4 fünf:5 sechs:6 sieben:7 acht:8 neun:9 zehn:10 elf:11 zwölf:12 zwanzig:20 dreißig:30 "
    "vierzig:40 fünfzig:50 hundert:100 tausend:1e3 million:1e6 millionen:1e6 milliarde:1e9 milliarden:1e9",
    "fr": "deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10 onze:11 douze:12 vingt:20 trente:30 "
    "quarante:40 cinquante:50 cent:100 mille:1e3 million:1e6 millions:1e6 milliard:1e9 milliards:1e9",
    "it": "due:2 tre:3 quattro:4 cinque:5 sette:7 otto:8 nove:9 dieci:10 undici:11 dodici:12 venti:20 trenta:30 "
    "quaranta:40 cinquanta:50 cento:100 mille:1e3 mila:1e3 milione:1e6 milioni:1e6 miliardo:1e9 miliardi:1e9",
    "pt": "dois:2 duas:2 três:3 quatro:4 cinco:5 seis:6 sete:7 oito:8 nove:9 dez:10 onze:11 doze:12 vinte:20 "
    "trinta:30 cem:100 mil:1e3 milhão:1e6 milhões:1e6 bilião:1e9 mil_milhões:1e9",
    "pl": "dwa:2 dwie:2 dwóch:2 trzy:3 trzech:3 cztery:4 czterech:4 pięć:5 pięciu:5 sześć:6 sześciu:6 siedem:7 "
    "siedmiu:7 osiem:8 ośmiu:8 dziewięć:9 dziewięciu:9 dziesięć:10 dziesięciu:10 tysiąc:1e3 tysiące:1e3 tysięcy:1e3 "
    "tys:1e3 milion:1e6 miliony:1e6 milionów:1e6 mln:1e6 miliard:1e9 miliardy:1e9 miliardów:1e9 mld:1e9 "
    "jedenaście:11 dwanaście:12 trzynaście:13 czternaście:14 piętnaście:15 szesnaście:16 siedemnaście:17 "
    "osiemnaście:18 dziewiętnaście:19 dwadzieścia:20 trzydzieści:30 czterdzieści:40 pięćdziesiąt:50 "
    "sześćdziesiąt:60 siedemdziesiąt:70 osiemdziesiąt:80 dziewięćdziesiąt:90 sto:100",
    "cs": "dva:2 dvě:2 dvou:2 tři:3 tří:3 třech:3 čtyři:4 čtyř:4 pět:5 šest:6 sedm:7 osm:8 devět:9 deset:10 tisíc:1e3 "
    "tisíce:1e3 milion:1e6 miliony:1e6 milionů:1e6 milionu:1e6 mil:1e6 miliarda:1e9 miliardy:1e9 miliard:1e9 mld:1e9 "
    "jedenáct:11 dvanáct:12 třináct:13 čtrnáct:14 patnáct:15 šestnáct:16 sedmnáct:17 osmnáct:18 devatenáct:19 "
    "dvacet:20 třicet:30 čtyřicet:40 padesát:50 šedesát:60 sedmdesát:70 osmdesát:80 devadesát:90 sto:100",
    "ru": "два:2 две:2 двух:2 три:3 трех:3 трёх:3 четыре:4 четырех:4 четырёх:4 пять:5 пяти:5 шесть:6 шести:6 семь:7 "
    "семи:7 восемь:8 восьми:8 девять:9 девяти:9 десять:10 десяти:10 тысяча:1e3 тысячи:1e3 тысяч:1e3 тыс:1e3 "
    "миллион:1e6 миллиона:1e6 миллионов:1e6 млн:1e6 миллиард:1e9 миллиарда:1e9 миллиардов:1e9 млрд:1e9 "
    "одиннадцать:11 двенадцать:12 тринадцать:13 четырнадцать:14 пятнадцать:15 шестнадцать:16 семнадцать:17 "
    "восемнадцать:18 девятнадцать:19 двадцать:20 тридцать:30 сорок:40 пятьдесят:50 шестьдесят:60 семьдесят:70 "
    "восемьдесят:80 девяносто:90 сто:100",
}


def _other_words(base: str) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for item in _OTHER_WORD_TABLE.get(base, "").split():
        word, value = item.rsplit(":", 1)
        v = float(value)
        out[fold(word)] = ("big" if v >= 1e3 else "mul" if v == 100 else "add", v)
    return out


_OTHER_WORDS = {code: _other_words(code) for code in _OTHER_WORD_TABLE}

#: Words that are a number only before a multiplier ("one hundred", "un millón", "a dozen").
_WEAK = frozenset({"one", "a", "an", "un", "una", "uno"})
_CONNECT = {"en": frozenset({"and", "-"}), "es": frozenset({"y", "-"})}

#: Scale suffixes written against the digits ("1.2bn", "$5m"); the second set only after a currency.
_SUFFIX_SCALE = {"bn": 1e9, "mn": 1e6, "tn": 1e12, "trn": 1e12}
_SUFFIX_SCALE_MONEY = {"m": 1e6, "k": 1e3, "b": 1e9}

_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "R$": "BRL", "C$": "CAD", "A$": "AUD"}
_CURRENCY_CODES = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "CHF", "MXN", "BRL", "CAD", "AUD", "ARS", "COP", "CLP"})
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "dolar": "USD",
    "dolares": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "libra": "GBP",
    "libras": "GBP",
    "yen": "JPY",
    "yenes": "JPY",
    "yuan": "CNY",
    "yuanes": "CNY",
    "peso": "PESO",
    "pesos": "PESO",
}
#: Qualifiers after a currency word, consumed with it ("US dollars", "dólares estadounidenses").
_CURRENCY_QUALIFIERS = frozenset({"estadounidenses", "americanos", "sterling", "esterlinas"})

_MONTHS = {
    **{
        w: i + 1
        for i, w in enumerate(
            "january february march april may june july august september october november december".split()
        )
    },
    **{
        w: i + 1
        for i, w in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
        )
    },
    "setiembre": 9,
}
_MONTH_ABBR = {w: i + 1 for i, w in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MONTH_ABBR["sept"] = 9
#: English month names that are also ordinary words: a month only when capitalised next to a number.
_AMBIGUOUS_MONTHS = frozenset({"may"})

_WEEKDAYS = {
    **{w: i + 1 for i, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())},
    **{w: i + 1 for i, w in enumerate("lunes martes miercoles jueves viernes sabado domingo".split())},
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")

# Month names of other languages, with the genitive a date writes them in ("26 июля", "4 lipca"): a
# date only next to its day ("15 octobre"), so a name that is also a word ("mai", "maja") is no date alone.
_OTHER_MONTH_TABLE = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
_OTHER_MONTHS = {
    code: {fold(w): i + 1 for i, w in enumerate(names.split())} for code, names in _OTHER_MONTH_TABLE.items()
}
#: Languages that write a day as an ordinal with a full stop: "3. März", "4. července".
_ORDINAL_DOT = frozenset({"de", "pl", "cs", "sk", "sl", "hr", "da", "no", "nb", "fi", "hu"})
_OTHER_MONTHS["cs"].update({fold("červenec"): 7, fold("července"): 7, fold("červen"): 6})
# "6月20日", "７月１７日", "7月17号": a Chinese or Japanese date (full-width digits too)
_CJK_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*[日号]?")

_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th", "º", "ª", "er", "ère", "e", "ème", "o", "a"})

_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)


# --------------------------------------------------------------------------- tokens


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


def parse_number(s: str, lang: str | None) -> tuple[float, float | None] | None:
    """The value of a digit string with separators, read the way ``lang`` writes numbers.

    Returns ``(value, alt)`` where ``alt`` is the other reading of an ambiguous spelling (one
    separator before exactly three digits, used the way the other convention uses it), or
    ``None`` for a string that is no number (``"1.2.3"``).
    """
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", s)
    comma_decimal = base_lang(lang) in _DECIMAL_COMMA
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
    return sorted(out, key=lambda q: q.start)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# a Roman numeral with a century word: "siglo XV", "XVe siècle", "secolo XX", "século XIX"
_CENTURY_RE = re.compile(r"\b(?:(?:siglos?|secolo|secoli|século|séculos)\s+([IVXLC]{1,6})\b|([IVXLC]{1,6})(?:e|ème)?\s+siècles?\b)")


def _roman(s: str) -> int:
    vals = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def _centuries(text: str) -> list[Quantity]:
    """Centuries in Roman numerals, as the ordinal an English translation writes ("the 15th century")."""
    out = []
    for m in _CENTURY_RE.finditer(text):
        g = 1 if m.group(1) else 2
        out.append(Quantity("ordinal", float(_roman(m.group(g))), None, m.start(g), m.end(g), m.group(g)))
    return out


def _number_words(base: str) -> dict[str, tuple[str, float]]:
    if base == "en":
        return _EN_WORDS
    if base == "es":
        return _ES_WORDS
    if base not in ("", "und"):
        # another known language: its own small table (if any), never English or Spanish words,
        # which would misread its words (Polish and Czech "ten" is "this", French "once" is not 11)
        return _OTHER_WORDS.get(base, {})
    merged = {**_ES_WORDS, **_EN_WORDS}
    merged.pop("once", None)  # an English word too
    return merged


def _adjacent(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


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
                month = _OTHER_MONTHS.get(lang, {}).get(t.norm)
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
        if _identifier(text, t):
            return None, i + 1
        parsed = parse_number(t.text, lang)
        if parsed is None:
            return None, i + 1
        value, alt = parsed
        digits = True
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
        elif i < n and toks[i].text in ("º", "ª") and _adjacent(toks[i - 1], toks[i]):
            a, b = toks[start_i].start, toks[i].end
            return Quantity("ordinal", value, None, a, b, text[a:b]), i + 1
        # word scales after the digits: "500 million", "500 mil millones"
        i, factor = _scales(toks, i, words)
        if factor != 1.0:
            value, alt = value * factor, (alt * factor if alt is not None else None)
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
    a, b = toks[start_i].start, toks[end_i - 1].end
    return Quantity(kind, float(value), unit, a, b, text[a:b], alt), end_i


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


def _identifier(text: str, t: _Tok) -> bool:
    """Digits that are part of a name: "G7", "COVID-19", "F-16", "MH17"."""
    before = text[t.start - 1] if t.start > 0 else ""
    if before.isalpha() and not _unspaced(before):
        return True
    if before == "-" and t.start > 1 and text[t.start - 2].isalpha():
        return True
    return False


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


# --------------------------------------------------------------------------- comparison


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


def same_value(a: Quantity, b: Quantity) -> bool:
    """Equal, or one a faithful rounding of the other within :data:`TOLERANCE` (either reading of an
    ambiguous spelling). "501" and "503", "1981" and "1982" differ: neither is a rounding of the other."""
    for x in (a.value, a.alt):
        for y in (b.value, b.alt):
            if x is None or y is None:
                continue
            if x == y:
                return True
            if "year" in (a.kind, b.kind):
                continue
            if abs(x - y) <= TOLERANCE * max(abs(x), abs(y)) and (_rounds_to(x, y) or _rounds_to(y, x)):
                return True
    return False


def _compatible(a: Quantity, b: Quantity, *, strict: bool) -> bool:
    if a.kind == b.kind:
        if a.kind in ("money", "percent") and a.unit != b.unit and (strict or (a.unit and b.unit)):
            return False
        return same_value(a, b)
    if strict:
        return False
    loose = {a.kind, b.kind}
    # a year read as a plain number, a currency left implicit: the value is the same
    return loose in ({"number", "year"}, {"number", "money"}, {"number", "ordinal"}) and same_value(a, b)


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


_LABEL = {"weekday": "Weekday", "date": "Date", "year": "Year"}
#: Kinds one value may be read as on either side (a plain number and the same number with its unit,
#: ordinal marker or year reading): left over on both sides with different values, the value changed.
_CROSS_KINDS = frozenset(frozenset(("number", k)) for k in ("money", "ordinal", "year"))


def _cross(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` may be one value read as two kinds (see :data:`_CROSS_KINDS`); a year only
    against a number of four digits or more ("2019" and "15334", not "2001" and "9/11", "1850s" and "50ern")."""
    kinds = frozenset((a.kind, b.kind))
    if kinds not in _CROSS_KINDS:
        return False
    return "year" not in kinds or min(abs(a.value), abs(b.value)) >= 1000


@dataclass(frozen=True)
class _Mention:
    q: Quantity
    segment: int
    start: int  # in Document.text
    end: int


WORD_LANGS = frozenset({"en", "es"})  # languages whose number words, months and weekdays are parsed


class NumbersDetector:
    name = "numbers"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        src_lang, tgt_lang = ctx.source_lang, ctx.target_lang
        readable = src_lang in WORD_LANGS and tgt_lang in WORD_LANGS
        out: list[Finding] = []
        for k, bead in paired_beads(ctx):
            assert ctx.source_segments is not None  # paired_beads yields only with a source
            src = _mentions(ctx.source_segments, bead.src, src_lang)
            tgt = _mentions(ctx.target_segments, bead.tgt, tgt_lang)
            if src or tgt:
                out += self._compare(ctx, k, src, tgt, readable=readable)
        return out

    def _compare(
        self, ctx: AuditContext, bead: int, src: list[_Mention], tgt: list[_Mention], *, readable: bool = True
    ) -> list[Finding]:
        """``readable``: both languages' number words, months and weekdays are parsed (en, es). If not,
        a value with no counterpart may simply be written in words the parser does not read ("dimanche",
        "六", "13日" for "the 13th"), so a drop or an addition is only a minor, low-confidence finding."""
        lone_severity, lone_conf = (Severity.MAJOR, 0.6) if readable else (Severity.MINOR, 0.3)
        assert ctx.source is not None
        left_s, left_t = list(src), list(tgt)
        for strict in (True, False):  # equal values: same kind first, then a lenient kind
            for m in list(left_s):
                hit = next((t for t in left_t if _compatible(m.q, t.q, strict=strict)), None)
                if hit is not None:
                    left_s.remove(m)
                    left_t.remove(hit)
        if not readable:
            _explain_unread(left_s, left_t)
        out: list[Finding] = []
        # changed: what is left of one kind on both sides, paired in order
        for kind in KINDS:
            s_k = [m for m in left_s if m.q.kind == kind]
            t_k = [m for m in left_t if m.q.kind == kind]
            clear = len(s_k) == 1 and len(t_k) == 1
            for a, b in zip(s_k, t_k):
                out.append(self._changed(ctx, bead, a, b, 0.9 if clear else 0.7))
                left_s.remove(a)
                left_t.remove(b)
        # then a kind changed with the value kept: "5%" became "5" changes meaning; "13" and "the
        # 13th", "2022" and "in 2022" are one mention read two ways
        for a in list(left_s):
            b = next((t for t in left_t if same_value(a.q, t.q)), None)
            if b is not None:
                if {a.q.kind, b.q.kind} & {"percent", "money"}:
                    out.append(self._changed(ctx, bead, a, b, 0.6))
                left_s.remove(a)
                left_t.remove(b)
        # last, a value read as another kind on one side and changed: "29" (an unread "dollari") became
        # "39 dollars", "第3000场" became "the 2,000th", "2019" became "15334"
        for a in list(left_s):
            b = next((t for t in left_t if _cross(a.q, t.q)), None)
            if b is not None:
                out.append(self._changed(ctx, bead, a, b, 0.6))
                left_s.remove(a)
                left_t.remove(b)
        for a in left_s:
            out.append(
                Finding(
                    FindingType.NUMBER_CHANGED,
                    lone_severity,
                    f"{_LABEL.get(a.q.kind, 'Number')} dropped: '{a.q.text}' has no counterpart in the target.",
                    f"source {describe(a.q)} ({a.q.kind}); no {a.q.kind} value in the aligned target left to match",
                    lone_conf,
                    source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        for b in left_t:
            out.append(
                Finding(
                    FindingType.NUMBER_CHANGED,
                    lone_severity,
                    f"{_LABEL.get(b.q.kind, 'Number')} added: '{b.q.text}' is not in the source.",
                    f"target {describe(b.q)} ({b.q.kind}); no {b.q.kind} value in the aligned source left to match",
                    lone_conf,
                    target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        return out

    def _changed(self, ctx: AuditContext, bead: int, a: _Mention, b: _Mention, conf: float) -> Finding:
        assert ctx.source is not None
        label = _LABEL.get(a.q.kind, "Number")
        return Finding(
            FindingType.NUMBER_CHANGED,
            Severity.CRITICAL,
            f"{label} changed: '{a.q.text}' became '{b.q.text}'.",
            f"source {describe(a.q)} vs target {describe(b.q)}",
            conf,
            source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
            target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
            bead=bead,
            detector=self.name,
        )


_SCALES = (1e3, 1e4, 1e6, 1e8, 1e9, 1e12)  # thousand, 万, million, 億, billion, trillion


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


def _mentions(seg: Segmentation, indices: Iterable[int], lang: str | None) -> list[_Mention]:
    out = []
    for i in sorted(indices):
        s = seg.segments[i]
        for q in extract_quantities(s.text, lang):
            out.append(_Mention(q, i, s.start + q.start, s.start + q.end))
    return out


__all__ = ["Quantity", "extract_quantities", "parse_number", "same_value", "describe", "NumbersDetector"]
