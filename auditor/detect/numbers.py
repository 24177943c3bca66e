"""Numbers, amounts, percentages, years, dates and weekdays that changed between aligned sentences.

The parser is a set of pure functions: :func:`extract_quantities` turns a text in a language
into typed :class:`Quantity` values (``"$500 million"`` → money 5e8 USD, ``"once"`` in Spanish
→ number 11, ``"el lunes"`` → weekday 1), so other detectors can reuse it.

:class:`NumbersDetector` compares, for every bead with both sides, the *values* mentioned in
the source sentences with those of the target sentences, as multisets per kind:

* a source value with no equal target value, while a different target value of the same kind
  and dimension is present, is a **changed** number (critical) where the pairing is clear (see
  :class:`NumbersDetector`); so is a plain number left over against money, an ordinal, a value with
  a unit or (four digits or more) a year on the other side: one value the two languages'
  spellings make two kinds ("29 dollari", "第3000场" against "39 dollars", "the 2,000th");
* leftovers whose pairing is not clear (a passage rewritten, several sentences with values left
  over in unequal numbers, a small number word, a clock less precise) **differ** (minor);
* a source value with nothing to replace it is **dropped** (major), a target value with
  nothing in the source is **added** (major).

Two values are equal within 0.5 % (a faithful rounding) and whatever their spelling
("11" and "eleven", "1.500" in Spanish and "1,500" in English). Numbers inside URLs are ignored.

A faithful translation rewrites values without changing them (issue 11), and the comparison reads
them as the same value by mechanism, not by list:

* **units**: a value with a unit carries its readings (dimension, unit); the same quantity in two units
  of one dimension matches within the rounding of the conversion ("80 feet" = "25 Meter", "90 degrees" =
  "32 Grad Celsius", "550-acre" = "220 Hektar", "two decades" = "zwanzig Jahren"), and a value with a unit
  matches a bare number that is its conversion into the usual counterpart unit; the same unit on both
  sides is compared exactly. A range shares its unit ("5-10 acres").
* **names**: digits written against letters or after a capitalised word inside the sentence are part
  of a name ("COVID-19", "G7", "5G", "Section 230"; not in languages that capitalise nouns): they match
  an equal value, two differing numbers in names spelled alike changed, one on one side only is nothing.
* **dates and times written another way**: "9/11" and "02.03." are dates, "11:30 p.m." = "23.30 Uhr"
  clock times, "1990s" = "90er" = "años 90" decades, "am ersten November" a day; scales "lakh", "crore",
  "Mio." are read.
* **weak values**: words that only suggest a value ("half" = 50 %, "first", "the nineties") match a
  counterpart and are never reported alone.
* in a pair whose words are not all read, a number word that begins a compound on the other side
  ("Dreitore-Rückstand", "Siebentausender") accounts for the value.
* **written otherwise in a document** (issue 11, Text+Berg): a value in the neighbouring bead, the same
  digits grouped otherwise ("031/433611" = "031/43 36 11", "Fr. 2.70" = "2 fr. 70"), page references
  ("S. 81" against "p. 80": an edition's own pages), "1 ½ m" = "1,50 m", "20 h 30", "dix-huit".
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

KINDS = ("number", "percent", "money", "year", "date", "weekday", "ordinal", "time", "decade", "fraction")


@dataclass(frozen=True)
class Quantity:
    """One mention of a value in a text: its kind, its value and where it is.

    ``kind`` is one of :data:`KINDS`; ``value`` a float (a date is ``month * 100 + day``,
    ``day`` 0 when only the month is named; a weekday 1 (Monday) to 7); ``unit`` the
    currency code of money, ``"pp"`` for percentage points, else ``None``. ``start``/``end``
    are offsets in the text given to :func:`extract_quantities`. ``alt`` is a second reading of
    an ambiguous spelling (``"1,500"`` in a Spanish text is 1.5, or 1500 if written the English way).

    ``measure`` lists the readings of a unit after the value, as ``(dimension, unit id)`` pairs
    (``"80 feet"`` → ``(("length", "ft"),)``; ``"90 degrees"`` is Celsius or Fahrenheit, two readings), so
    a conversion that keeps the value ("25 Meter") is no change. ``ident`` is set on digits that are part of
    a name ("COVID-19", "G7", "Section 230", "5G"): the name's letters, folded. ``weak`` marks a value a
    word only suggests (an ordinal word, "half", "a quarter", "the nineties"): it matches a counterpart,
    and is never reported on its own. A ``time`` is minutes after midnight (``alt`` the other half of
    the day when the clock is ambiguous); a ``decade`` its first year ("1990s" 1990, "'90s" 90); a
    ``fraction`` a share of one ("half" 0.5).
    """

    kind: str
    value: float
    unit: str | None
    start: int
    end: int
    text: str
    alt: float | None = None
    measure: tuple[tuple[str, str], ...] = ()
    ident: str | None = None
    weak: bool = False


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
        # South Asian English writes large numbers in lakhs (100,000) and crores (10 million)
        "lakh": ("big", 1e5),
        "lakhs": ("big", 1e5),
        "crore": ("big", 1e7),
        "crores": ("big", 1e7),
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
    "vierzig:40 fünfzig:50 hundert:100 tausend:1e3 million:1e6 millionen:1e6 milliarde:1e9 milliarden:1e9 mio:1e6 "
    "mrd:1e9 mia:1e9 tsd:1e3",
    "fr": "deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10 onze:11 douze:12 treize:13 quatorze:14 "
    "quinze:15 seize:16 vingt:20 trente:30 quarante:40 cinquante:50 soixante:60 cent:100 mille:1e3 million:1e6 "
    "millions:1e6 milliard:1e9 milliards:1e9",
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
_CONNECT = {"en": frozenset({"and", "-"}), "es": frozenset({"y", "-"}), "fr": frozenset({"et", "-"})}

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

#: Fraction characters written after the digits: "1 ½ m" is 1.5 m.
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}

_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th", "º", "ª", "er", "ère", "e", "ème", "o", "a"})

# linear on long tokens (issue 12): an address starts only at the start of a run of address
# characters, and no part can backtrack (possessive repeats)
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S++|(?<![\w.+-])[.+-]*+\b[\w.+-]++@[\w-]++\.[\w.]++", re.IGNORECASE)


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


# --------------------------------------------------------------------------- units

#: unit id -> (dimension, size in the dimension's base unit). Temperature is converted apart (°C base).
_UNIT_SIZE: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0), "km": ("length", 1e3), "cm": ("length", 1e-2), "mm": ("length", 1e-3),
    "mi": ("length", 1609.344), "ft": ("length", 0.3048), "in": ("length", 0.0254), "yd": ("length", 0.9144),
    "m2": ("area", 1.0), "km2": ("area", 1e6), "ha": ("area", 1e4), "acre": ("area", 4046.856),
    "sqmi": ("area", 2.589988e6), "sqft": ("area", 0.09290304),
    "kg": ("mass", 1.0), "g": ("mass", 1e-3), "t": ("mass", 1e3), "lb": ("mass", 0.45359237),
    "oz": ("mass", 0.028349523), "ston": ("mass", 907.18474),
    "l": ("volume", 1.0), "ml": ("volume", 1e-3), "gal": ("volume", 3.785411784), "m3": ("volume", 1e3),
    "kmh": ("speed", 1 / 3.6), "mph": ("speed", 0.44704), "ms": ("speed", 1.0), "kn": ("speed", 0.514444),
    "c": ("temp", 1.0), "f": ("temp", 1.0),
    "min": ("time", 1 / 1440), "h": ("time", 1 / 24), "d": ("time", 1.0), "wk": ("time", 7.0),
    "mo": ("time", 30.44), "yr": ("time", 365.25), "decade": ("time", 3652.5), "century": ("time", 36525.0),
}
#: The units a translation converts a unit into when the other side's unit word is not read ("80 feet"
#: against a bare "25"): a bare number is that conversion, never any unit of the dimension.
_COUNTERPART = {
    "mi": ("km",), "km": ("mi",), "ft": ("m", "cm"), "m": ("ft", "yd"), "in": ("cm", "mm"), "cm": ("in",),
    "mm": ("in",), "yd": ("m",), "acre": ("ha", "km2", "m2"), "ha": ("acre",), "km2": ("sqmi", "acre"),
    "sqmi": ("km2",), "sqft": ("m2",), "m2": ("sqft",), "lb": ("kg", "g"), "kg": ("lb",), "oz": ("g",),
    "g": ("oz",), "t": ("lb", "ston"), "ston": ("t", "kg"), "gal": ("l",), "l": ("gal",), "mph": ("kmh",),
    "kmh": ("mph",), "f": ("c",), "c": ("f",), "decade": ("yr",), "century": ("yr",), "wk": ("d",),
}
_LENGTH_SQUARED = {"m": "m2", "km": "km2", "mi": "sqmi", "ft": "sqft", "cm": "m2", "yd": "m2"}
_LENGTH_PER_HOUR = {"km": "kmh", "mi": "mph", "m": "kmh"}  # "m" per hour: rare, read as km/h's neighbour

#: Unit words after a number, folded: exact forms, then stems (a word starting with one is that unit).
#: Abbreviations are shared by most languages; the stems cover the European languages' inflections.
_UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "km": ("km", "kms"), "m": ("m",), "cm": ("cm",), "mm": ("mm",), "mi": ("mi", "mile", "miles", "milla", "millas",
    "meile", "meilen", "miglia", "milha", "milhas", "mil"), "ft": ("ft", "foot", "feet", "pie", "pies", "fuß", "fuss",
    "pied", "pieds", "piedi", "stopa", "stop", "stóp"), "in": ("inch", "inches", "pulgada", "pulgadas", "zoll",
    "pouce", "pouces", "pollici", "pollice"), "yd": ("yd", "yard", "yards", "yarda", "yardas"),
    "ha": ("ha",), "acre": ("acre", "acres"), "km2": ("km2", "km²"), "m2": ("m2", "m²", "qm"),
    "kg": ("kg", "kgs", "kilo", "kilos"), "g": ("g", "gr"), "t": ("t", "tonne", "tonnes", "tonnen", "tonelada",
    "toneladas", "tonnellata", "tonnellate", "tun", "tuny", "tuna", "tun"), "lb": ("lb", "lbs"),
    "oz": ("oz", "ounce", "ounces", "onza", "onzas", "unze", "unzen"), "l": ("l", "litre", "litres", "liter",
    "liters", "litro", "litros", "litri", "litr", "litry", "litrów"), "ml": ("ml",),
    "gal": ("gal", "gallon", "gallons", "galon", "galones", "gallone", "gallonen", "gallone"),
    "mph": ("mph",), "kmh": ("kmh", "kph", "km/h"),
    "h": ("h", "hr", "hrs", "hour", "hours", "hora", "horas", "stunde", "stunden", "heure", "heures", "ora", "ore",
          "godzin", "godziny", "godzina", "hodin", "hodiny", "hodina", "час", "часа", "часов"),
    "min": ("min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minuti", "minut", "minuty", "минут",
            "минуты", "минуту"),
    "d": ("day", "days", "dia", "dias", "tag", "tage", "tagen", "jour", "jours", "giorno", "giorni", "dzien",
          "dni", "dnia", "dny", "dnu", "день", "дня", "дней"),
    "wk": ("week", "weeks", "semana", "semanas", "woche", "wochen", "semaine", "semaines", "settimana",
           "settimane", "tydzien", "tygodnie", "tygodni", "tyden", "tydny", "tydnu", "неделя", "недели", "недель"),
    "mo": ("month", "months", "mes", "meses", "monat", "monate", "monaten", "mois", "mese", "mesi", "miesiac",
           "miesiace", "miesiecy", "mesic", "mesice", "mesicu", "месяц", "месяца", "месяцев"),
    "yr": ("yr", "yrs", "year", "years", "ano", "anos", "jahr", "jahre", "jahren", "jahres", "ans", "annee", "annees",
           "anno", "anni", "rok", "roku", "lat", "lata", "let", "roky", "год", "года", "лет"),
    "decade": ("decade", "decades", "decada", "decadas", "jahrzehnt", "jahrzehnte", "jahrzehnten", "decennie",
               "decennies", "decennio", "decenni", "dekada", "dekady", "dekad", "desetileti"),
    "century": ("century", "centuries", "jahrhundert", "jahrhunderte", "jahrhunderts"),
}
_UNIT_STEMS: tuple[tuple[str, str], ...] = (
    ("kilomet", "km"), ("chilomet", "km"), ("километр", "km"), ("quadratkilomet", "km2"), ("quadratmet", "m2"),
    ("stundenkilomet", "kmh"), ("centimet", "cm"), ("zentimet", "cm"), ("centymet", "cm"), ("сантиметр", "cm"),
    ("millimet", "mm"), ("milimet", "mm"), ("миллиметр", "mm"), ("metre", "m"), ("meter", "m"), ("metro", "m"),
    ("metri", "m"), ("metr", "m"), ("метр", "m"), ("миль", "mi"), ("мил", "mi"), ("фут", "ft"), ("дюйм", "in"),
    ("hectar", "ha"), ("hektar", "ha"), ("ettar", "ha"), ("гектар", "ha"), ("акр", "acre"), ("akr", "acre"),
    ("kilogram", "kg"), ("chilogramm", "kg"), ("килограмм", "kg"), ("gram", "g"), ("грамм", "g"), ("тонн", "t"),
    ("литр", "l"), ("галлон", "gal"),
)
#: Words that make a preceding length an area or a speed.
_SQUARE_BEFORE = frozenset({"square", "sq", "квадратных", "квадратный", "ctverecnich", "ctverecnych"})
_SQUARE_AFTER = frozenset({"cuadrados", "cuadrado", "carres", "carre", "quadrati", "quadrato", "quadrados",
                           "kwadratowych", "kwadratowe", "kwadratowy"})
_PER_HOUR = (("per", "hour"), ("an", "hour"), ("a", "hour"), ("por", "hora"), ("pro", "stunde"), ("a", "l", "heure"),
             ("all", "ora"), ("na", "godzine"), ("za", "hodinu"), ("в", "час"), ("/", "h"))
#: Temperature: a degree word or sign, then perhaps the scale.
_DEGREE_WORDS = frozenset({"degree", "degrees", "grad", "grade", "grado", "grados", "gradi", "degre", "degres",
                           "stopni", "stopnie", "stopien", "stupen", "stupne", "stupnu", "градус", "градуса", "градусов"})
_CELSIUS = frozenset({"c", "celsius", "centigrade", "centigrados", "цельсия"})
_FAHRENHEIT = frozenset({"f", "fahrenheit", "фаренгейта"})


def _unit_word(t: _Tok) -> str | None:
    if t.kind != "word":
        return None
    n = t.norm
    for unit, forms in _UNIT_FORMS.items():
        if n in forms:
            return unit
    for stem, unit in _UNIT_STEMS:
        if n.startswith(stem):
            return unit
    return None


def _unit_at(text: str, toks: list[_Tok], i: int, lang: str) -> tuple[int, tuple[tuple[str, str], ...]]:
    """The unit written from token ``i`` (after a number): the token index after it and its readings.

    "550-acre", "80 feet", "5 square miles", "100 km2", "kilómetros cuadrados", "60 mph", "miles per
    hour", "90 degrees" (Celsius or Fahrenheit), "30 °C", "two decades". No unit: ``(i, ())``."""
    n = len(toks)
    k = i
    if k < n and toks[k].text in ("-", "‑") and k + 1 < n and _adjacent(toks[k - 1], toks[k]) and _adjacent(toks[k], toks[k + 1]):
        k += 1  # "550-acre", "8-foot"
    if k >= n:
        return i, ()
    # temperature
    if toks[k].text in ("°", "º") or toks[k].norm in _DEGREE_WORDS:
        j = k + 1
        scale = None
        if j < n and toks[j].norm in _CELSIUS:
            scale, j = "c", j + 1
        elif j < n and toks[j].norm in _FAHRENHEIT:
            scale, j = "f", j + 1
        if toks[k].text in ("º",) and scale is None:
            return i, ()  # "30º" in Spanish is as often an ordinal
        return j, ((("temp", scale),) if scale else (("temp", "c"), ("temp", "f")))
    square = False
    if toks[k].norm in _SQUARE_BEFORE and k + 1 < n:
        square, k = True, k + 1
    t = toks[k]
    unit = _unit_word(t)
    if unit is None:
        return i, ()
    if (len(t.text) == 1 and t.text.isupper() and k + 2 < n and toks[k + 1].text == "."
            and toks[k + 2].kind == "word" and toks[k + 2].text[:1].isupper() and len(toks[k + 2].text) <= 2):
        return i, ()  # an initial: "1953 L. G. C. Pugh"
    if lang == "en" and unit in ("m", "g", "t", "l", "h", "d", "mi", "in") and t.text in ("m", "g", "t", "l", "h", "d", "mi", "in"):
        # "5m people" is five million in English news, "the 5 in" no unit
        if _adjacent(toks[k - 1], t) or t.text in ("in", "mi", "d", "t", "l"):
            return i, ()
    if lang in ("pl", "cs") and t.norm == "mil":
        return i, ()  # "mil" in Czech is a million, in Polish a mile; left unread
    if lang in ("es", "pt", "ca", "gl") and t.norm in ("mil",):
        return i, ()  # "mil" is a thousand
    j = k + 1
    if unit in _LENGTH_SQUARED:
        if square or (j < n and toks[j].norm in _SQUARE_AFTER):
            unit = _LENGTH_SQUARED[unit]
            j += 0 if square else 1
        elif j < n and toks[j].text in ("2", "²") and _adjacent(t, toks[j]):
            unit, j = _LENGTH_SQUARED[unit], j + 1
        elif unit in _LENGTH_PER_HOUR:
            for words in _PER_HOUR:
                if [x.norm for x in toks[j : j + len(words)]] == list(words):
                    unit, j = _LENGTH_PER_HOUR[unit], j + len(words)
                    break
    readings: tuple[tuple[str, str], ...] = ((_UNIT_SIZE[unit][0], unit),)
    if unit == "t" and t.norm in ("ton", "tons"):
        readings += (("mass", "ston"),)
    return j, readings


def _to_base(value: float, unit: str) -> float:
    if unit == "f":
        return (value - 32.0) * 5.0 / 9.0
    return value * _UNIT_SIZE[unit][1]


def _from_base(value: float, unit: str) -> float:
    if unit == "f":
        return value * 9.0 / 5.0 + 32.0
    return value / _UNIT_SIZE[unit][1]


def _granularity(y: float) -> float:
    """The step a written value was rounded to: 1 for "25", 10 for "30", 100 for "100", 0.1 for "2.5"."""
    y = abs(y)
    if y == 0:
        return 1.0
    if abs(y - round(y)) < 1e-9:
        g = 1.0
        while g * 10 <= y and abs(y / (g * 10) - round(y / (g * 10))) < 1e-9:
            g *= 10
        return g
    for d in range(1, 7):
        if abs(y * 10**d - round(y * 10**d)) < 1e-6:
            return 10.0**-d
    return 1e-6


def _converts_to(x: float, y: float, dim: str) -> bool:
    """Whether ``y`` is ``x`` (already in ``y``'s unit) rounded as a translator rounds a conversion:
    within half of ``y``'s last significant step or 5 % (1 degree for temperatures), and never
    more than a quarter apart."""
    diff = abs(x - y)
    tol = max(_granularity(y) / 2, 0.05 * abs(y), 1.0 if dim == "temp" else 0.0)
    if dim != "temp" and diff > 0.25 * max(abs(x), abs(y)):
        return False
    return diff <= tol


def converted(a: Quantity, b: Quantity) -> bool:
    """One value in two units of one dimension, within the rounding of the conversion ("80 feet" and
    "25 Meter", "90 degrees" and "32 °C", "two decades" and "20 years"); or a value with a unit against
    a bare number that is its conversion into a usual counterpart unit ("550-acre" and "220" before an
    unread "Hektar"). The same unit on both sides is compared exactly, elsewhere."""
    if a.kind not in ("number", "money") or b.kind not in ("number", "money"):
        return False
    for x, y in ((a, b), (b, a)):
        for dim, u in x.measure:
            base = _to_base(x.value, u)
            if y.measure:
                targets = [v for d, v in y.measure if d == dim and v != u]
            elif y.kind == "number" and y.ident is None:
                targets = list(_COUNTERPART.get(u, ()))
            else:
                targets = []
            for v in targets:
                if _converts_to(_from_base(base, v), y.value, dim):
                    return True
    return False




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
_PAGE_BEFORE = re.compile(
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


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# a Roman numeral with a century word: "siglo XV", "XVe siècle", "secolo XX", "século XIX"
_CENTURY_RE = re.compile(r"\b(?:(?:siglos?|secolo|secoli|século|séculos)\s+([IVXLC]{1,6})\b|([IVXLC]{1,6})(?:e|ème)?\s+siècles?\b"
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


# --------------------------------------------------------------------------- times, numeric dates, decades


def _claim(toks: list[_Tok], used: list[bool], a: int, b: int) -> bool:
    """Mark the tokens inside ``[a, b)`` used; False (and nothing marked) when one already is."""
    ks = [k for k, t in enumerate(toks) if t.start >= a and t.end <= b]
    if not ks or any(used[k] for k in ks):
        return False
    for k in ks:
        used[k] = True
    return True


_AMPM = r"(?P<ampm>[ap])\.?\s?m\.?(?![^\W\d_])"
_TIME_RES = (
    # "11:30 p.m.", "23:30", "23h30"
    re.compile(r"(?<![\d.,:])(?P<h>\d{1,2})(?P<sep>[:h])(?P<m>[0-5]\d)(?![\d:])(?:\s?" + _AMPM + ")?", re.I),
    # "20 h 30", "20 h. 30", "4 h 45": the French clock (not in English, where "2 h 30" is a span)
    re.compile(r"(?<![\d.,:])(?P<h>\d{1,2})\s?(?P<fh>h)\.?\s(?P<m>[0-5]\d)(?![\d.,:])", re.I),
    # "23.30 Uhr", "11.30 a.m."
    re.compile(r"(?<![\d.,:])(?P<h>\d{1,2})\.(?P<m>[0-5]\d)\s?(?:(?P<clock>uhr|h|hrs|heures?|horas?)\b|" + _AMPM + ")", re.I),
    # "8 p.m.", "10am", "20 Uhr", "20h"
    re.compile(r"(?<![\d.,:])(?P<h>\d{1,2})\s?(?:" + _AMPM + r"|(?P<clock>uhr)\b|(?P<hh>h)\b)", re.I),
    # "0200GMT", "1400 GMT", "0600 hrs"
    re.compile(r"(?<![\d.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?P<clock>gmt|utc|hrs|z)\b", re.I),
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


_SLASH_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DOT_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


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
    re.compile(r"(?<![\d])(?P<v>(?:1\d|20)\d0)['’]?s\b|(?<![\w])['’‘](?P<w>\d0)s?\b|(?<![\d.,])(?P<x>[1-9]0)s\b"),
    # "1990er", "90er Jahre", "90er-Jahren"
    re.compile(r"(?<![\d])(?P<v>(?:1\d|20)?\d0)er\b(?:[\s-]*jahr\w*)?", re.I),
    # "５０代": an age decade in Chinese and Japanese
    re.compile(r"(?<!\d)(?P<v>[1-9]0)\s?代"),
    # "años 90", "années 1990", "anni '90", "lata 90.", "década de 1990", "decennio degli anni 1990"
    re.compile(r"\b(?:años|anos|années|annees|anni|lata|decada|década|décennie|decennie|jahrzehnt)\s+(?:de\s+|del\s+|des\s+années\s+|degli\s+anni\s+)?['’]?(?P<v>(?:1\d|20)?\d0)\b", re.I),
)
#: Decades in words: English "the nineties", German "neunziger", Spanish "años noventa" (a weak value).
_DECADE_WORDS = {
    **{w: 10.0 * (k + 2) for k, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())},
    **{w: 10.0 * (k + 2) for k, w in enumerate("zwanziger dreißiger vierziger fünfziger sechziger siebziger achtziger neunziger".split())},
}
_DECADE_WORDS_AFTER_ANOS = {w: 10.0 * (k + 2) for k, w in enumerate("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split())}


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
        v = next((val for w, val in _DECADE_WORDS.items() if t.norm.startswith(fold(w))), None)
        if v is None and k > 0 and toks[k - 1].norm in ("anos", "annees") and t.norm in _DECADE_WORDS_AFTER_ANOS:
            v = _DECADE_WORDS_AFTER_ANOS[t.norm]
        if v is not None:
            used[k] = True
            out.append(Quantity("decade", v, None, t.start, t.end, t.text, weak=True))
    return out


# --------------------------------------------------------------------------- weak words

#: Fractions in words ("half" = 50 %): stems, folded. Matched only against a counterpart.
_FRACTION_STEMS = (
    ("half", 0.5), ("halb", 0.5), ("halft", 0.5), ("mitad", 0.5), ("moitie", 0.5), ("meta", 0.5), ("metade", 0.5),
    ("polow", 0.5), ("polovin", 0.5), ("полови", 0.5), ("quarter", 0.25), ("viertel", 0.25), ("drittel", 1 / 3),
    ("tercio", 1 / 3), ("tiers", 1 / 3),
)
#: Ordinal words, stems folded: "first" = "1st", "segundo" = "2º", "dritten" = "3.". Matched only against a counterpart.
_ORDINAL_STEMS = {
    "en": "first:1 second:2 third:3 fourth:4 fifth:5 sixth:6 seventh:7 eighth:8 ninth:9 tenth:10 eleventh:11 twelfth:12",
    "es": "primer:1 segund:2 tercer:3 cuart:4 quint:5 sext:6 septim:7 setim:7 octav:8 noven:9 decim:10",
    "de": "erste:1 ersten:1 erster:1 zweite:2 dritte:3 vierte:4 funfte:5 sechste:6 siebte:7 achte:8 neunte:9 zehnte:10",
    "fr": "premier:1 premiere:1 deuxieme:2 second:2 troisieme:3 quatrieme:4 cinquieme:5 sixieme:6 septieme:7 huitieme:8",
    "it": "prim:1 second:2 terz:3 quart:4 quint:5 sest:6 settim:7 ottav:8 non:9 decim:10",
    "pt": "primeir:1 segund:2 terceir:3 quart:4 quint:5 sext:6 setim:7 oitav:8 non:9 decim:10",
}


def _ordinal_word(t: _Tok, lang: str) -> float | None:
    """The value of an ordinal word in ``lang`` ("first", "ersten", "segundo"), else None."""
    if t.kind != "word":
        return None
    for item in _ORDINAL_STEMS.get(lang, "").split():
        stem, v = item.rsplit(":", 1)
        if t.norm.startswith(stem) and len(t.norm) <= len(stem) + 3:
            return float(v)
    return None


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


_RANGE = re.compile(r"\s*(?:-|‑|–|—|to|bis|a|à|y|and|und|et|e|i|и|až|do|or|oder|o|ou)\s*$", re.I)


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
            or any(n in m for m in _OTHER_MONTHS.values())):
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


_LABEL = {"weekday": "Weekday", "date": "Date", "year": "Year"}
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


class NumbersDetector:
    """Values left over in a bead are paired as **changed** (critical) only where the pairing is clear:
    values of one kind and dimension left on both sides ("6300 m" against "6200 m", "1938" against
    "1937"), paired in order, in a bead whose leftovers written in digits balance (at most one more on
    a side); in a bead of several sentences a side, only when both sides have the same count of them.
    Everything else is reported as it is:

    * a value equal to one in a neighbouring bead is no change (sentences split or joined otherwise);
    * the digits of one value written as several on the other side ("031/433611" = "031/43 36 11", "20.30
      Uhr" = "20 h. 30") are the same value;
    * leftovers of one kind in unequal numbers ("Numbers differ"), a pair with a small number word ("vier"
      against "cinq"), a clock less precise on one side ("15.30 Uhr" against "15 h") are minor hints;
    * a year never pairs with a measurement, a count never with a quantity of a unit;
    * page references ("S. 81" = "p. 80") belong to an edition and are never reported.
    """

    name = "numbers"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.alignment is None or ctx.source is None or ctx.source_segments is None:
            return []
        src_lang, tgt_lang = ctx.source_lang, ctx.target_lang
        readable = src_lang in WORD_LANGS and tgt_lang in WORD_LANGS
        paired = dict(paired_beads(ctx))
        lefts: list[_Left] = []
        for k, bead in enumerate(ctx.alignment.beads):
            src = _mentions(ctx.source_segments, bead.src, src_lang)
            tgt = _mentions(ctx.target_segments, bead.tgt, tgt_lang)
            if not (src or tgt):
                continue
            if k not in paired:
                lefts.append(_Left(k, False, src, tgt, [], readable))
                continue
            compounds = (frozenset(), frozenset())
            if not readable:
                compounds = (_compound_values(ctx.source_segments, bead.src, src_lang),
                             _compound_values(ctx.target_segments, bead.tgt, tgt_lang))
            left = self._match(ctx, k, src, tgt, readable=readable, compounds=compounds)
            left.multi = len(bead.src) > 1 or len(bead.tgt) > 1
            lefts.append(left)
        # a value the neighbouring bead has on the other side: the two sides split the sentences otherwise
        for a, b in zip(lefts, lefts[1:]):
            if b.bead == a.bead + 1 and (a.paired or b.paired):
                _absorb(a.src, b.tgt)
                _absorb(a.tgt, b.src)
        out: list[Finding] = []
        for left in lefts:
            if left.paired:
                out += left.found + self._report(ctx, left)
        return out

    def _compare(
        self, ctx: AuditContext, bead: int, src: list[_Mention], tgt: list[_Mention], *, readable: bool = True,
        compounds: tuple[frozenset[float], frozenset[float]] = (frozenset(), frozenset()),
    ) -> list[Finding]:
        """The findings of one bead on its own: :meth:`_match`, then :meth:`_report`."""
        left = self._match(ctx, bead, src, tgt, readable=readable, compounds=compounds)
        return left.found + self._report(ctx, left)

    def _match(
        self, ctx: AuditContext, bead: int, src: list[_Mention], tgt: list[_Mention], *, readable: bool = True,
        compounds: tuple[frozenset[float], frozenset[float]] = (frozenset(), frozenset()),
    ) -> _Left:
        """Match the equal values of one bead; what is left is paired by :meth:`_report`.

        ``readable``: both languages' number words, months and weekdays are parsed (en, es). If not,
        a value with no counterpart may simply be written in words the parser does not read ("dimanche",
        "六", "13日" for "the 13th"), so a drop or an addition is only a minor, low-confidence finding, and
        a value written into a compound on the other side ("Dreitore-Rückstand" for "a three-goal deficit",
        ``compounds``: the values of each side's compounds) is matched."""
        assert ctx.source is not None
        left_s, left_t = list(src), list(tgt)
        for strict in (True, False):  # equal values: same kind first, then a lenient kind
            for m in [x for x in left_s if not x.q.weak]:
                hit = next((t for t in left_t if not t.q.weak and _compatible(m.q, t.q, strict=strict)), None)
                if hit is not None:
                    left_s.remove(m)
                    left_t.remove(hit)
        # a month without its day matches a date in that month ("September 1988", "9 septembre 1988"), unless a
        # number right after it is a day written wrongly ("July 111")
        for ours, theirs in ((left_s, left_t), (left_t, left_s)):
            for m in [x for x in ours if x.q.kind == "date" and x.q.value % 100 == 0]:
                if any(x.q.kind == "number" and 0 <= x.start - m.end <= 2 for x in ours):
                    continue
                hit = next((t for t in theirs if t.q.kind == "date" and t.q.value // 100 == m.q.value // 100), None)
                if hit is not None:
                    ours.remove(m)
                    theirs.remove(hit)
        # a value a word only suggests ("half", "first", "the nineties") matches what is left, or goes
        for ours, theirs in ((left_s, left_t), (left_t, left_s)):
            for m in [x for x in ours if x.q.weak]:
                hit = next((t for t in theirs if _compatible(m.q, t.q, strict=False)), None)
                if hit is not None:
                    ours.remove(m)
                    theirs.remove(hit)
        out: list[Finding] = []
        # decades on both sides that differ changed, in words or digits; a weak one alone is nothing
        s_dec = [m for m in left_s if m.q.kind == "decade"]
        t_dec = [m for m in left_t if m.q.kind == "decade"]
        for a, b in zip(s_dec, t_dec):
            out.append(self._changed(ctx, bead, a, b, 0.7))
            left_s.remove(a)
            left_t.remove(b)
        for ours, theirs, first in ((left_s, left_t, True), (left_t, left_s, False)):
            for a in [m for m in ours if m.q.kind == "decade" and not m.q.weak]:  # "50代" became "the 40s"
                b = next((t for t in theirs if t.q.kind == "number" and not t.q.weak and t.q.ident is None
                          and t.q.value % 10 == 0 and 10 <= t.q.value <= 2100), None)
                if b is not None:
                    out.append(self._changed(ctx, bead, a, b, 0.6) if first else self._changed(ctx, bead, b, a, 0.6))
                    ours.remove(a)
                    theirs.remove(b)
        left_s[:] = [m for m in left_s if not m.q.weak]
        left_t[:] = [m for m in left_t if not m.q.weak]
        # digits inside names ("G7", "Section 230"): a different number in a name spelled alike changed;
        # a name on one side only (the other wrote the thing out, or named it otherwise) is nothing
        for a in [m for m in left_s if m.q.ident]:
            b = next((t for t in left_t if t.q.ident and t.q.ident[:3] == a.q.ident[:3]), None)
            if b is not None:
                out.append(self._changed(ctx, bead, a, b, 0.7))
                left_t.remove(b)
            left_s.remove(a)
        left_t[:] = [m for m in left_t if not m.q.ident]
        if not readable:
            _explain_unread(left_s, left_t)
            for ours, other in ((left_s, compounds[1]), (left_t, compounds[0])):
                ours[:] = [m for m in ours if not (m.q.kind == "number" and m.q.value in other)]
        _regroup(left_s, left_t, ctx.target.text)
        _regroup(left_t, left_s, ctx.source.text)
        multi = len({m.segment for m in src}) > 1 or len({m.segment for m in tgt}) > 1
        return _Left(bead, True, left_s, left_t, out, readable, multi)

    def _report(self, ctx: AuditContext, left: _Left) -> list[Finding]:
        """Pair what is left of one bead (see the class docstring) and report it."""
        bead, left_s, left_t = left.bead, list(left.src), list(left.tgt)
        lone_severity, lone_conf = (Severity.MAJOR, 0.6) if left.readable else (Severity.MINOR, 0.3)
        # lopsided: a passage rewritten or left out, no pairing is clear. Values written in digits are counted:
        # words (a weekday, a month, a count) may be the other side's words the parser does not read
        balanced = abs(sum(_in_digits(m.q) for m in left_s) - sum(_in_digits(m.q) for m in left_t)) <= 1
        out: list[Finding] = []
        # changed: what is left of one kind and dimension on both sides, paired in order
        for kind in KINDS:
            classes = sorted({_dim(m.q) or "" for m in left_s + left_t if m.q.kind == kind})
            for dim in classes:
                s_k = [m for m in left_s if m.q.kind == kind and (_dim(m.q) or "") == dim]
                t_k = [m for m in left_t if m.q.kind == kind and (_dim(m.q) or "") == dim]
                # a small number word on the side with more is set aside first ("四个" unread against "four")
                while len(s_k) != len(t_k):
                    more = s_k if len(s_k) > len(t_k) else t_k
                    small = [m for m in more if _small_word(m.q)]
                    if not small:
                        break
                    more.remove(small[-1])
                if not (s_k and t_k):
                    continue
                # one sentence a side: values in order; across several sentences only the same count is clear
                clear = balanced and (len(s_k) == len(t_k) or not left.multi)
                weak = left.multi  # across several sentences a small number word is weak evidence
                for a, b in zip(s_k, t_k):
                    if clear and not (weak and (_small_word(a.q) or _small_word(b.q))) and not _coarser_clock(a.q, b.q):
                        out.append(self._changed(ctx, bead, a, b, 0.9 if len(s_k) == 1 else 0.7))
                    else:
                        out.append(self._differ(ctx, bead, a, b))
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
        # "39 dollars", "第3000场" became "the 2,000th", "2019" became "15334"; a bare number against one with
        # a unit the other side left unread ("48時間" became "36 hours"). Changed in one sentence a side whose
        # leftovers balance, or when the pair is all that is left.
        clear = (len(left_s) == 1 and len(left_t) == 1) or (balanced and not left.multi)
        # the closest in magnitude first; values ten times apart or more are no clear pair ("1OOjährig": "100e")
        while True:
            pairs = [(a, b) for a in left_s for b in left_t if _cross(a.q, b.q)]
            if not pairs:
                break
            a, b = min(pairs, key=lambda p: _log_ratio(p[0].q, p[1].q))
            if clear and not (_small_word(a.q) or _small_word(b.q)) and _log_ratio(a.q, b.q) < _TENFOLD:
                out.append(self._changed(ctx, bead, a, b, 0.6))
            else:
                out.append(self._differ(ctx, bead, a, b))
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

    def _differ(self, ctx: AuditContext, bead: int, a: _Mention, b: _Mention) -> Finding:
        """A minor hint: values left over on both sides whose pairing is not clear."""
        assert ctx.source is not None
        return Finding(
            FindingType.NUMBER_CHANGED,
            Severity.MINOR,
            f"Numbers differ: '{a.q.text}' against '{b.q.text}'.",
            f"source {describe(a.q)} ({a.q.kind}) vs target {describe(b.q)} ({b.q.kind}); which value answers "
            "which is not clear (several values left over, a small number word, or a clock less precise)",
            0.3,
            source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
            target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
            bead=bead,
            detector=self.name,
        )


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


__all__ = ["Quantity", "extract_quantities", "parse_number", "same_value", "describe", "NumbersDetector"]
