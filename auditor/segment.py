"""Paragraphs and sentences with character offsets, per language: a rule-based splitter.

Paragraphs
    Blank lines separate paragraphs, and so does a single line break: web news copy puts
    one block per line, and headlines, bylines, breadcrumbs, list items and labels such as
    ``SIGHT: …`` are lines of their own. Hard-wrapped prose is joined back: a line is joined
    with the next when it does not end in sentence-final punctuation or a colon and the next
    line starts in lower case; and inside a block that is wrapped at a fixed width (three or
    more lines, most of them near the widest, many followed by a lower-case line) every
    long line is joined with the next.

Sentences
    Never cross paragraphs. A sentence ends after ``. ! ? …`` (``。！？`` in CJK text) and
    any closing quotes or brackets, when whitespace and then an upper-case letter, a digit,
    an opening quote or bracket (or a letter of a script without case) follow. Not after
    abbreviations (per-language lists), initials, acronyms like ``U.S.`` unless a common
    sentence starter follows, and never before a lower-case word, so ``“Where?” he asked``
    and ``…this way,” Zelensky said.`` stay with their quotation.

Segments
    A paragraph that is one line without final punctuation is one segment of kind
    ``heading`` (four words or more), ``list_item`` (after a bullet or number, which is left
    out of the segment) or ``line``. ``Segment.text`` is always ``text[start:end]``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from auditor.text import NONSPACE, tokens
from auditor.types import Document, Paragraph, Segment, Segmentation

from .compiled import regex

DEFAULT_LANG = "en"

_TERMINAL = regex(r"[.!?…‼⁇⁈⁉؟।。！？]+")
_CJK_TERMINALS = frozenset("。！？")
_CLOSERS = frozenset("\"'”’»«“‘›‹)]}」』】》〉")
_OPENERS = frozenset("\"'“‘«»„‚([{¿¡—–「『【《〈")
_FINAL = regex(r"[.!?…‼⁇⁈⁉؟।。！？:：][\"'”’»«“‘›‹)\]}」』】》〉]*\s*$")
_SENTENCE_FINAL = regex(r"[.!?…‼⁇⁈⁉؟।。！？][\"'”’»«“‘›‹)\]}」』】》〉]*\s*$")
_LIST_MARKER = regex(r"(?:[-*+•◦▪‣·–]|\d{1,3}[.)]|[a-z]\))\s+")
_LABEL = regex(r"[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,2}\s?:[-–]?\s")
_BYLINE = regex(r"(?:By|Por|Par|Von)\s", re.IGNORECASE)
_ACRONYM = regex(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_WORD_EDGE = "\"'“”‘’«»„‚‹›()[]{}¿¡—–,;:.!?…"


# --------------------------------------------------------------------------- language rules


@dataclass(frozen=True)
class _Rules:
    """What a language's period-ending words do.

    ``titles`` never end a sentence (``Dr.``, ``Gen.``); ``before_numbers`` do not before a
    digit (``No. 5``); ``endable`` end one only before a common sentence ``starter``
    (``etc.``, ``Inc.``). ``ordinals``: a one- or two-digit number with a period is an
    ordinal (German ``am 3. Oktober``). ``spaced_close``: French ``« … . »``.
    """

    titles: frozenset[str]
    before_numbers: frozenset[str]
    endable: frozenset[str]
    starters: frozenset[str]
    ordinals: bool = False
    spaced_close: bool = False


def _words(text: str) -> frozenset[str]:
    return frozenset(t.text for t in tokens(text, NONSPACE))


_RULES = {
    "en": _Rules(
        titles=_words(
            "mr mrs ms messrs mmes dr gen maj col lt capt sgt cpl pvt adm cmdr brig rev hon "
            "rep reps sen sens gov pres prof supt insp det st mt ft vs v e.g i.e cf approx"
        ),
        before_numbers=_words("no nos nr p pp vol vols ch art sec fig figs op para tel"),
        endable=_words(
            "etc inc ltd corp co jr sr bros llc plc esq dept univ assn ave blvd rd "
            "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs "
            "fri sat sun a.m p.m"
        ),
        starters=_words(
            "the a an he she it they we i you his her its their our my your this that these "
            "those there here but and or so yet still however meanwhile also in on at as for "
            "from with by after before when while if although though since because some many "
            "most other another both all each every no one two three what who why how where "
            "then now earlier later last next according it's it’s"
        ),
    ),
    "es": _Rules(
        titles=_words(
            "sr sra srta sres dr dra dres lic ing arq prof d dña gral excmo excma mons sto sta "
            "vs ej p.ej"
        ),
        before_numbers=_words("núm nº no pág págs art cap vol tel n"),
        endable=_words(
            "etc ud uds vd vds cía s.a ee.uu a.c d.c ene feb abr ago sept oct nov dic"
        ),
        starters=_words(
            "el la los las un una unos unas lo en pero y sin además también este esta estos "
            "estas ese esa eso esto él ella ellos ellas nosotros según por para con que cuando "
            "si mientras así aunque hoy ayer no ya desde tras durante"
        ),
    ),
    "fr": _Rules(
        titles=_words("m mm mme mmes mlle mlles dr pr me mgr st ste vs cf p.ex"),
        before_numbers=_words("no n° p art vol chap tél"),
        endable=_words("etc cie av bd janv févr avr juil sept oct nov déc"),
        starters=_words(
            "le la les un une des il elle ils elles nous vous on mais et en ce cette ces cet "
            "selon pour dans lorsque si alors puis depuis après avant je tu c’est c'est"
        ),
        spaced_close=True,
    ),
    "de": _Rules(
        titles=_words(
            "dr hr hrn fr frl prof st z.b bzw d.h u.a o.ä vgl evtl ggf sog inkl ca bspw"
        ),
        before_numbers=_words("nr abs art s bd jh"),
        endable=_words(
            "usw etc str mio mrd co inc jan feb märz apr jun jul aug sept okt nov dez e.v"
        ),
        starters=_words(
            "der die das ein eine er sie es wir ich ihr aber und in im am bei nach mit dies "
            "diese dieser dieses dann auch doch denn so als wenn seit laut für"
        ),
        ordinals=True,
    ),
}


# Titles that precede names in any language's copy (translations keep "Gen.", "Dr.").
_COMMON_TITLES = _words("mr mrs ms dr prof gen maj col lt capt sgt adm st sr sra vs")


@functools.lru_cache(maxsize=None)
def _rules(lang: str | None) -> _Rules:
    code = (lang or DEFAULT_LANG).strip().lower().replace("_", "-").split("-")[0]
    rules = _RULES.get(code, _RULES[DEFAULT_LANG])
    return replace(rules, titles=rules.titles | (_COMMON_TITLES - rules.endable))


# --------------------------------------------------------------------------- public API


def segment(doc: Document) -> Segmentation:
    """Paragraphs and sentences of ``doc.text``, split with the rules of ``doc.lang`` (else English)."""
    return segment_text(doc.text, doc.lang or DEFAULT_LANG, doc.id)


def segment_text(text: str, lang: str = DEFAULT_LANG, doc_id: str = "<text>") -> Segmentation:
    """Segment a string: the same rules as :func:`segment`, offsets into ``text``."""
    rules = _rules(lang)
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    for start, end in _paragraph_spans(text):
        first = len(segments)
        for s, e, kind in _paragraph_segments(text, start, end, rules):
            segments.append(Segment(len(segments), text[s:e], s, e, len(paragraphs), kind))
        if len(segments) > first:
            paragraphs.append(Paragraph(len(paragraphs), start, end, tuple(range(first, len(segments)))))
    return Segmentation(doc_id=doc_id, lang=lang, segments=tuple(segments), paragraphs=tuple(paragraphs))


def presegmented(text: str, doc_id: str = "<text>", lang: str | None = None) -> Segmentation:
    """One segment per non-empty line (Text+Berg files, ``--presegmented``).

    Empty lines make no segment but separate paragraphs; offsets are into ``text``, and
    each segment is its line without surrounding whitespace.
    """
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    group: list[int] = []

    def close() -> None:
        if group:
            first, last = segments[group[0]], segments[group[-1]]
            paragraphs.append(Paragraph(len(paragraphs), first.start, last.end, tuple(group)))
            group.clear()

    for start, end in _line_spans(text):
        s, e = _trim(text, start, end)
        if s == e:
            close()
            continue
        group.append(len(segments))
        segments.append(Segment(len(segments), text[s:e], s, e, len(paragraphs), "sentence"))
    close()
    return Segmentation(doc_id=doc_id, lang=lang, segments=tuple(segments), paragraphs=tuple(paragraphs))


# --------------------------------------------------------------------------- lines and paragraphs


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed ``(start, end)`` of every paragraph, hard-wrapped lines joined."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in _line_spans(text):
        s, e = _trim(text, start, end)
        if s == e:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append((s, e))
    spans: list[tuple[int, int]] = []
    for block in blocks:
        if not block:
            continue
        lines = [text[s:e] for s, e in block]
        widths = [e - (text.rfind("\n", 0, s) + 1) for s, e in block]  # indentation counts
        wrapped = _is_wrapped(lines, widths)
        width = max(widths)
        start = block[0][0]
        for i, (_, e) in enumerate(block):
            if i + 1 < len(block) and _joins(lines[i], lines[i + 1], wrapped and widths[i] >= 0.6 * width):
                continue
            spans.append((start, e))
            if i + 1 < len(block):
                start = block[i + 1][0]
    return spans


def _is_wrapped(lines: list[str], widths: list[int]) -> bool:
    """Whether a block of lines looks hard-wrapped at a fixed width (like e-mail at 72 columns)."""
    if len(lines) < 3:
        return False
    width = max(widths)
    if not 40 <= width <= 100:
        return False
    inner = range(len(lines) - 1)
    long_lines = sum(1 for i in inner if widths[i] >= 0.6 * width)
    lower_next = sum(1 for i in inner if lines[i + 1][:1].islower())
    return long_lines >= 0.7 * len(inner) and lower_next >= 0.4 * len(inner)


def _joins(line: str, nxt: str, wrapped_long: bool) -> bool:
    """Whether ``line`` continues on ``nxt`` (hard wrap) rather than ending a paragraph."""
    if _LIST_MARKER.match(nxt):
        return False
    if wrapped_long:
        return True
    return not _FINAL.search(line) and nxt[:1].islower()


# --------------------------------------------------------------------------- sentences


def _paragraph_segments(text: str, start: int, end: int, rules: _Rules) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every segment of one paragraph."""
    marker = _LIST_MARKER.match(text, start, end)
    body = marker.end() if marker else start
    spans = _sentence_spans(text, body, end, rules)
    if marker:
        return [(s, e, "list_item") for s, e in spans]
    if len(spans) == 1 and "\n" not in text[start:end] and not _SENTENCE_FINAL.search(text, start, end):
        return [(spans[0][0], spans[0][1], _line_kind(text[start:end]))]
    return [(s, e, "sentence") for s, e in spans]


def _line_kind(line: str) -> str:
    """``heading`` or ``line`` for a one-line paragraph without final punctuation."""
    if line.endswith((":", "：")) or _LABEL.match(line) or _BYLINE.match(line):
        return "line"
    words = line.split()
    letters = sum(ch.isalpha() for ch in line)
    if len(words) >= 4 and letters >= len(line) / 2:
        return "heading"
    return "line"


def _sentence_spans(text: str, start: int, end: int, rules: _Rules) -> list[tuple[int, int]]:
    """Trimmed spans of the sentences in ``text[start:end]`` (one paragraph)."""
    spans = []
    begin = start
    for m in _TERMINAL.finditer(text, start, end):
        close = _after_closers(text, m.end(), end, rules)
        nxt = close
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end or close <= begin:
            continue
        if nxt == close and not (_CJK_TERMINALS & set(m.group())):
            continue  # no space after: "3.5", "U.S.", "here.”stated"
        if not _breaks(text, m, nxt, end, rules, closed=close > m.end()):
            continue
        s, e = _trim(text, begin, close)
        if s < e:
            spans.append((s, e))
        begin = nxt
    s, e = _trim(text, begin, end)
    if s < e:
        spans.append((s, e))
    return spans


def _after_closers(text: str, pos: int, end: int, rules: _Rules) -> int:
    """Position after the closing quotes and brackets that directly follow a terminal run."""
    while pos < end:
        if text[pos] in _CLOSERS:
            pos += 1
        elif rules.spaced_close and text[pos] in " \u00a0\u202f" and pos + 1 < end and text[pos + 1] in "»›":
            pos += 2
        else:
            break
    return pos


def _breaks(text: str, m: re.Match[str], nxt: int, end: int, rules: _Rules, *, closed: bool) -> bool:
    """Whether the terminal run ``m`` ends a sentence, the next sentence starting at ``nxt``."""
    word_end = nxt
    while word_end < end and not text[word_end].isspace():
        word_end += 1
    next_word = text[nxt:word_end]
    first = next((ch for ch in next_word if ch not in _OPENERS), "")
    if not _can_start(text[nxt], first):
        return False
    if m.group() != "." or closed:
        return True
    prev_start = m.start()
    while prev_start > 0 and not text[prev_start - 1].isspace():
        prev_start -= 1
    prev = text[prev_start : m.start()].lstrip(_WORD_EDGE)
    return _period_breaks(prev, next_word.strip(_WORD_EDGE), rules)


def _can_start(ch: str, first: str) -> bool:
    """Whether ``ch`` (and the first non-quote character ``first``) can begin a sentence."""
    if ch.islower() or (first and first.islower()):
        return False
    if ch.isalpha() or ch.isdigit() or ch in _OPENERS:
        return True
    return unicodedata.category(ch) == "Sc"  # "$500 million was …"


def _period_breaks(prev: str, word: str, rules: _Rules) -> bool:
    """Whether a single period after ``prev`` ends a sentence before ``word``."""
    if not prev:
        return True
    low = prev.lower()
    starter = word[:1].isupper() and word.lower() in rules.starters
    if low in rules.titles:
        return False
    if low in rules.before_numbers and not (low == "no" and prev.islower()):  # "said no. 3 …"
        return not word[:1].isdigit()
    if low in rules.endable:
        return starter
    if _ACRONYM.fullmatch(prev):  # "U.S. officials" stays, "in the U.S. The president" splits
        return starter
    if len(prev) == 1 and prev.isalpha() and prev.isupper():  # an initial: "J. R. R. Tolkien"
        return starter
    if rules.ordinals and prev.isdigit() and len(prev) <= 2:  # "am 3. Oktober"
        return starter
    return True
