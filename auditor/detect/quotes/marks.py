"""Finding quotations in a text: quotation marks of every convention, quotes with one mark, dash dialogue
(:func:`find_quotes`, :class:`Quote`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ...text import LOOSE_WORD
from .speakers import _speaker_after, _speaker_before
from ...compiled import regex


MAX_QUOTE_CHARS = 3000  # a closing mark further than this is not the opener's

# opener -> closers it accepts; the first acceptable closer after the opener wins
_PAIRS: dict[str, str] = {
    '"': '"”',
    "“": '”"',
    "„": "“”\"",
    "«": "»",
    "‹": "›",
    "「": "」",
    "『": "』",
    "»": "«",  # German »…«
    "›": "‹",
    "‚": "‘’",
    "‘": "’'",
    "'": "'’",
}
_SINGLE = frozenset("‚‘'")  # openers that may also be apostrophes
_STRAIGHT = frozenset("\"'")
_BEFORE_OPEN = frozenset(" \t\n([{—–-/:;,\"“„«»‹›‚")  # what may precede a single-quote opener
_DASH_LANGS = frozenset({"es", "fr", "pt", "it", "ca", "gl", "ru", "uk", "pl", "bg", "ro", "el", "eu"})
_BLANK_LINE = regex(r"\n[ \t]*\n")
_DIALOGUE = regex(r"^[ \t]*[—–―][ \t]*(?=\S)", re.MULTILINE)
_NARRATION = regex(r"[ \t][—–―]")


@dataclass(frozen=True)
class Quote:
    """A quotation in a text: ``start``/``end`` are the offsets of the words inside the marks."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    open_mark: str = ""
    close_mark: str = ""

    @property
    def speaker_span(self) -> tuple[int, int] | None:
        if self.speaker_start is None or self.speaker_end is None:
            return None
        return self.speaker_start, self.speaker_end


# --------------------------------------------------------------------------- finding quotes


def find_quotes(text: str, lang: str | None = None, *, unclosed: bool = False) -> list[Quote]:
    """The quotations in ``text``, in order, each with its speaker when one is attributed.

    With ``unclosed``, a double mark left without its partner also opens or closes a quotation
    that runs to the end of its line or from the line's start: a quotation of several paragraphs
    repeats its opening mark on each paragraph and closes only the last, so a text cut into lines
    (one segment a line, as ``auditor score`` reads it) holds quotes with one mark only."""
    spans = _marked(text)
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    if code in _DASH_LANGS or not code:
        spans += _dialogue(text, spans)
        spans.sort()
    if unclosed:
        spans += _unpaired(text, spans)
        spans.sort()
    out: list[Quote] = []
    for i, (o, c, narration) in enumerate(spans):
        prev_end = spans[i - 1][1] + 1 if i else 0
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if narration is None:  # a marked quote: inner text between the marks
            inner_s, inner_e = _strip(text, o + 1, c)
            who = _speaker_after(text, c + 1, nxt) or _speaker_before(text, max(prev_end, o - 200), o)
            om, cm = text[o], text[c]
        elif narration == _OPEN_ONLY:  # an opening mark whose quote runs to the end of its line
            inner_s, inner_e = _strip(text, o + 1, c)
            who = _speaker_before(text, max(prev_end, o - 200), o)
            om, cm = text[o], ""
        elif narration == _CLOSE_ONLY:  # a closing mark whose quote began before this line
            inner_s, inner_e = _strip(text, o, c)
            while inner_s < inner_e and text[inner_s] in "—–―-":
                inner_s += 1
            inner_s, inner_e = _strip(text, inner_s, inner_e)
            who = _speaker_after(text, c + 1, nxt)
            om, cm = "", text[c]
        else:  # dash dialogue: o is the dash, c the end of the speech, narration its attribution
            inner_s, inner_e = _strip(text, o + 1, c)
            who = _speaker_after(text, narration[0], narration[1], allow_verb_first=True)
            om, cm = text[o], ""
        if inner_e <= inner_s:
            continue
        name, ns, ne = who if who else (None, None, None)
        out.append(Quote(inner_s, inner_e, text[inner_s:inner_e], name, ns, ne, om, cm))
    return out


_OPEN_ONLY = (-1, -1)  # markers in the span list for quotes with one mark
_CLOSE_ONLY = (-2, -2)
_DOUBLE_MARK = regex('["“”„«»「」『』]')


def _unpaired(text: str, spans: Sequence[tuple[int, int, object]]) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Quotes with one mark: a double mark outside every paired quote that can only open (a word
    follows, a space or line start precedes) runs to the end of its line; one that can only close
    (a word or punctuation precedes, nothing but punctuation follows) runs from the line's start.
    A straight mark after a digit is inches (5'11\"), not a quote."""
    out: list[tuple[int, int, tuple[int, int] | None]] = []
    covered = [(o, c) for o, c, _ in spans]
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        free = [
            line_start + m.start() for m in _DOUBLE_MARK.finditer(line)
            if not any(o <= line_start + m.start() <= c for o, c in covered)
        ]
        begin = line_start
        k = 0
        while k < len(free):
            i = free[k]
            prev = text[i - 1] if i > line_start else " "
            nxt = text[i + 1] if i + 1 < line_end else " "
            if text[i] == '"' and prev.isdigit():
                k += 1
                continue
            spaced = text[i] in "«»"  # French guillemets take a space inside: « Nous restons ici »
            opens = (prev.isspace() or prev in "([{—–-/:;") and (not nxt.isspace() or text[i] == "«")
            closes = (not prev.isspace() or spaced and text[i] == "»") and (nxt.isspace() or not nxt.isalnum())
            if opens and not (closes and i > begin and text[begin:i].strip()):
                stop = free[k + 1] if k + 1 < len(free) else line_end
                if any(o > i and o < stop for o, _ in covered):
                    stop = min(o for o, _ in covered if o > i)
                out.append((i, stop, _OPEN_ONLY))
                begin = stop + 1
                k += 2 if stop < line_end and stop in free else 1
                continue
            # a lone closer sits at the end of speech: punctuation or the line's end on one side
            # (a straight mark between two words is a typed apostrophe: customers" computers)
            at_end = not prev.isalnum() or not nxt.isalnum() and not nxt.isspace() or i + 1 >= line_end
            if closes and at_end and not any(begin <= o < i for o, _ in covered):
                out.append((begin, i, _CLOSE_ONLY))
                begin = i + 1
            k += 1
        line_start = line_end + 1
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _marked(text: str) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(opener offset, closer offset, None) of every marked quote, outermost only."""
    out: list[tuple[int, int, tuple[int, int] | None]] = []
    n, i = len(text), 0
    while i < n:
        ch = text[i]
        closers = _PAIRS.get(ch)
        if closers is None or not _can_open(text, i):
            i += 1
            continue
        c = _closer(text, i, closers)
        if c is None:
            i += 1
            continue
        out.append((i, c, None))
        i = c + 1
    return out


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt:
        return False
    if nxt.isspace() and ch not in "«‹":
        return False  # an opener is followed by a word (French « may take a space)
    if ch in _SINGLE or ch in "»›":
        prev = text[i - 1] if i else " "
        if ch in _SINGLE and (prev not in _BEFORE_OPEN and not prev.isspace()):
            return False  # an apostrophe inside or after a word: We’re, Zelensky’s
        if ch in _SINGLE and nxt.isdigit():
            return False  # ’90s
        if ch in "»›" and (prev.isalnum() or nxt.isspace()):
            return False
    return True


def _closer(text: str, i: int, closers: str) -> int | None:
    limit = min(len(text), i + MAX_QUOTE_CHARS)
    blank = _BLANK_LINE.search(text, i + 1, limit)
    if blank:
        limit = blank.start()
    single = text[i] in _SINGLE
    j = i + 1
    while j < limit:
        ch = text[j]
        if ch in closers and j > i + 1:
            nxt = text[j + 1] if j + 1 < len(text) else ""
            prev = text[j - 1]
            # straight marks pair up in turn, whatever the spacing ("…way, "According to X")
            ok = not prev.isspace() or text[i] in "«‹" or (ch in _STRAIGHT and text[i] == ch and not single)
            if single or ch in _STRAIGHT:
                # a closing single mark is not followed by a letter (that is an apostrophe)
                if single and nxt.isalnum():
                    ok = False
                # a straight mark on another line must look like a closer, not the next opener
                if ch in _STRAIGHT and "\n" in text[i:j] and nxt.isalnum():
                    ok = False
            if ok:
                return j
        j += 1
    return None


def _dialogue(text: str, marked: Sequence[tuple[int, int, object]]) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Lines that start with a dash: the speech up to an inner `` —`` and the narration after it."""
    out: list[tuple[int, int, tuple[int, int] | None]] = []
    for m in _DIALOGUE.finditer(text):
        dash = m.end() - 1
        while text[dash].isspace():
            dash -= 1
        if any(o <= dash <= c for o, c, _ in marked):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if len(LOOSE_WORD.findall(text[m.end():line_end])) < 2:
            continue  # a lone dash item is a list, not speech
        nar = _NARRATION.search(text, m.end(), line_end)
        if nar is None:
            out.append((dash, line_end, (line_end, line_end)))
            continue
        n_start = nar.end()
        n_end_m = re.search(r"[—–―]", text[n_start:line_end])
        n_end = n_start + n_end_m.start() if n_end_m else line_end
        out.append((dash, nar.start(), (n_start, n_end)))
    return out
