"""Number words, currencies, months, weekdays and the other word tables the parser reads values with."""

from __future__ import annotations

from functools import lru_cache

from ..base import fold


@lru_cache(maxsize=None)
def decimal_comma(lang: str) -> bool:
    """Whether ``lang`` writes a decimal comma ("3,5 %"), from CLDR (Babel); False for a code CLDR lacks.
    Read from CLDR once per Babel version and language; later runs read the compiled answer (Babel
    and its locale data are not imported)."""
    from ...compiled import table as compiled_table
    from ...dists import version

    return bool(compiled_table("cldr-decimal", [version("babel"), lang], lambda: _cldr_decimal_comma(lang), builder=__name__))


def _cldr_decimal_comma(lang: str) -> bool:
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(lang) == ","
    except (UnknownLocaleError, ValueError, TypeError):
        return False


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
# The names are CLDR's (Babel), in the "format" context, which is the genitive where a language has one.
OTHER_MONTH_LANGS = ("fr", "de", "it", "pt", "pl", "cs", "ru")


def _cldr_months(lang: str) -> dict[str, int]:
    from babel.dates import get_month_names

    names = get_month_names("wide", context="format", locale=lang)
    return {fold(names[i].lower()): i for i in range(1, 13)}


@lru_cache(maxsize=1)
def other_months() -> dict[str, dict[str, int]]:
    """``{lang: {folded month name: month}}`` for :data:`OTHER_MONTH_LANGS`, read from CLDR on first use
    (importing the detectors loads no locale data)."""
    from ...compiled import table as compiled_table
    from ...dists import version

    # read from CLDR once per Babel version; later runs read the compiled table (no locale data loaded)
    table = compiled_table("cldr-months", [version("babel"), *OTHER_MONTH_LANGS],
                           lambda: {code: _cldr_months(code) for code in OTHER_MONTH_LANGS}, builder=__name__)
    table = {k: dict(v) for k, v in table.items()}
    # Czech writes July and June in two forms a date uses ("červenec", "července")
    table["cs"].update({fold("červenec"): 7, fold("července"): 7, fold("červen"): 6})
    return table
#: Languages that write a day as an ordinal with a full stop: "3. März", "4. července".
_ORDINAL_DOT = frozenset({"de", "pl", "cs", "sk", "sl", "hr", "da", "no", "nb", "fi", "hu"})

#: Fraction characters written after the digits: "1 ½ m" is 1.5 m.
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}

_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th", "º", "ª", "er", "ère", "e", "ème", "o", "a"})


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
