"""Quotations: reworded, unmarked or re-attributed.

A quotation is a promise that the words are the speaker's own. Three things can break it:

* **altered** (same language only): the words inside the marks changed. Typography does
  not count (curly vs straight quotes and apostrophes, dashes, spacing, the case of the
  first letter, punctuation at the edges). A translated quotation is never altered for its
  different words: words are compared only within one language;
* **unmarked**: the quoted words are still there but the marks are gone, so they now read
  as the outlet's own voice. In one language: the quote's words, in order, outside any quote
  (major). Across languages: the aligned target keeps no quotation mark of any convention;
  this is major only for speech that stood alone and unattributed, and minor when the words
  are still attributed (a reporting verb, a speaker, a colon: indirect speech, Konjunktiv, a
  'dass'-clause), when the quote is a phrase inside the outlet's own sentence, or when it is
  one paragraph of a longer quote;
* **speaker**: the quotation is attributed to someone else. Names are compared as sounds
  (accents folded, transliterations and scripts merged, inflected endings allowed); across
  languages a pronoun, role or description (``the Foreign Ministry``, ``ein Mädchen namens
  Dakota``) may stand in for the name, and the speaker is the same when the target names the
  source's speaker anywhere near the quote.

Quotes of three words or fewer are titles, terms and scare quotes: losing their marks is style.

:func:`find_quotes` is a pure function over a text: straight ``"…"``, curly ``“…”`` and
``‘…’`` (apostrophes such as ``We’re`` or ``Zelensky’s`` are not marks), guillemets
``« … »`` / ``» … «``, German ``„…“`` / ``„…"`` / ``‚…‘`` and, in languages that use it,
dialogue introduced by a dash at the start of a line (``—No voy —dijo Juan—.``). With
``unclosed=True`` (what the detector uses) a lone double mark also makes a quote to the end of
its line or from its start: a multi-paragraph quotation, read line by line, leaves one mark per
line, and conventions differ in which lines carry one. Quotes are found on the whole document,
so a quotation of several sentences is one quote even when the aligner split it over several
beads; beads that share a quote are compared together. Whether the two texts are in different
languages comes from their language codes, else from how much vocabulary they share
(:func:`is_translation`).

The package: :mod:`.marks` finds quotations, :mod:`.speakers` reads and compares who speaks, :mod:`.wording`
compares their words, and :mod:`.detector` turns aligned beads into findings.
"""

from __future__ import annotations

from .detector import (
    MIN_UNMARKED_WORDS,
    PAIR_SIMILARITY,
    SHARED_VOCABULARY,
    UNMARKED_OVERLAP,
    QuotesDetector,
    is_translation,
)
from .marks import MAX_QUOTE_CHARS, Quote, find_quotes
from .speakers import mentions, same_speaker

__all__ = [
    "Quote", "QuotesDetector", "find_quotes", "is_translation", "mentions", "same_speaker",
    "MAX_QUOTE_CHARS", "MIN_UNMARKED_WORDS", "PAIR_SIMILARITY", "SHARED_VOCABULARY", "UNMARKED_OVERLAP",
]
