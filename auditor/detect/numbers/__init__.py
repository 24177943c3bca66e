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

The package, one concern a module: :mod:`.quantity` (the value type), :mod:`.lexicon` (word tables),
:mod:`.tokens`, :mod:`.units` and :mod:`.dates` (what :mod:`.parse` reads with), :mod:`.parse` (text to
values), :mod:`.compare` (values against values) and :mod:`.detector` (beads to findings). Reading never
depends on comparing.
"""

from __future__ import annotations

from .compare import SMALL_WORD, WORD_LANGS, describe, same_value
from .detector import NumbersDetector
from .parse import extract_quantities, parse_number
from .quantity import KINDS, TOLERANCE, Quantity
from .units import converted

__all__ = [
    "Quantity", "extract_quantities", "parse_number", "same_value", "describe", "NumbersDetector",
    "KINDS", "TOLERANCE", "SMALL_WORD", "WORD_LANGS", "converted",
]
