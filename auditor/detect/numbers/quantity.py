"""The value a text mentions: :class:`Quantity`, its kinds, and the tolerance two values are equal within."""

from __future__ import annotations

from dataclasses import dataclass


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
