"""Units after a number ("80 feet", "550-acre", "90 degrees"), and conversions between the units of one dimension."""

from __future__ import annotations

from .quantity import Quantity
from .tokens import _adjacent, _Tok


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
