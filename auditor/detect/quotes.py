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
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..types import Bead, Document, Finding, FindingType, Segmentation, Severity, Span
from .base import AuditContext, make_span

MAX_QUOTE_CHARS = 3000  # a closing mark further than this is not the opener's
MIN_UNMARKED_WORDS = 4  # 3 words or fewer: a title, term or scare quote; losing its marks is style
UNMARKED_OVERLAP = 0.8  # share of a quote's words found, in order, in the target
PAIR_SIMILARITY = 0.2  # same language: a target quote this close is the source quote's counterpart

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
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"[^\W_][\w’'\-]*")
_DIALOGUE = re.compile(r"^[ \t]*[—–―][ \t]*(?=\S)", re.MULTILINE)
_NARRATION = re.compile(r"[ \t][—–―]")
_CLAUSE_END = re.compile(r"[.!?;…\n]")

_VERBS = frozenset(
    """
    said says say saying told tells tell added adds stated states declared declares wrote writes
    posted tweeted insisted insists explained explains claimed claims noted notes
    warned warns announced announces argued argues replied replies responded
    stressed emphasised emphasized remarked commented recalled acknowledged admitted concluded
    suggested observed continued shouted cried wondered
    dijo dice decía dijeron afirmó afirma afirmaron declaró declara declararon señaló señala
    aseguró asegura explicó explica añadió añade agregó agrega indicó indica sostuvo manifestó
    expresó advirtió subrayó destacó insistió comentó escribió publicó respondió preguntó apuntó
    recalcó precisó reconoció concluyó exclamó gritó
    dit déclaré déclare affirmé affirme expliqué explique ajouté ajoute souligné souligne estime
    sagte sagt sagten erklärte erklärt erklärten betonte betont meinte meint schrieb ergänzte warnte
    bestätigte berichtete teilte fügte erläuterte erläutert erzählte erzählt twitterte argumentierte
    kommentierte versicherte antwortete fragte schreibt
    indique indiqué précise précisé assure assuré raconte confie insiste déclarait
    disse diz afirmou declarou explicou acrescentou
    detto dice dichiarato afferma affermato spiegato aggiunto sottolineato
    zei zegt verklaarde
    сказал сказала сказали заявил заявила заявили отметил отметила сообщил сообщила добавил добавила
    řekl řekla uvedl uvedla prohlásil dodal powiedział powiedziała stwierdził dodał podkreślił
    """.split()
)
_REPORTING = _VERBS | frozenset(
    """
    according reported reports quoted quoting announced statement told described describes called calls dubbed
    laut zufolge gemäß sagen erklären mitteilen mitgeteilt gesagt erklärt betont
    selon déclare dit indiqué précisé assuré estimé rapporté
    según informó informa detalló aseguró
    """.split()
)
_DETERMINERS = frozenset(
    """
    the a an this that these those one his her its their our
    der die das den dem des ein eine einen einem einer eines dieser diese dieses diesem diesen
    le la les un une du ce cette ces son sa ses leur
    el los las una unos unas este esta su sus del al
    il lo gli uno della dello dei degli delle
    o os as um uma do da dos das
    de het een
    """.split()
)
_AUX = frozenset("a ha hat has had have avait aveva había habe hatte".split())  # a déclaré, ha detto
_ACCORDING = frozenset({"according", "según", "segun", "selon", "laut", "segundo", "secondo"})
_PRONOUNS = frozenset(
    "he she they i we it él ella ellos ellas il elle ils elles er sie ele ela lui".split()
)
_NOT_NAMES = frozenset(
    """
    the a an this that on in at by to of for and but with from
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    lunes martes miércoles jueves viernes sábado domingo
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    el la los las un una en de del al por para y con que
    """.split()
)
_TITLES = frozenset(
    """
    president prime minister mr mrs ms dr sir gen general secretary chancellor spokesman spokeswoman
    presidente primer ministro ministra señor señora sr sra portavoz canciller
    """.split()
)
_STOP = frozenset(
    """
    a an the and or but of to in on at for with by from as is are was were be been it its this that
    these those we our us i my you your he his she her they their them will would can could shall
    should may might must do does did have has had not no so if then than there here all
    el la los las un una unos unas y o pero de del a al en por para con que es son fue era ser
    se lo le les su sus nuestro nuestra nosotros yo tu mi este esta estos estas ese esa no
    """.split()
)


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
_DOUBLE_MARK = re.compile('["“”„«»「」『』]')


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
        if len(_WORD.findall(text[m.end():line_end])) < 2:
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


# --------------------------------------------------------------------------- speakers


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Words with offsets; a word after punctuation (``with Biden, Zelensky``) starts a new run."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text[start:end]):
        word = m.group()
        if out and text[out[-1][2]:start + m.start()].strip():
            out.append(("|", out[-1][2], out[-1][2]))  # a break no name run crosses
        out.append((word, start + m.start(), start + m.end()))
    return out


def _is_name(word: str) -> bool:
    low = word.lower()
    return word != "|" and word[:1].isupper() and low not in _NOT_NAMES and low not in _VERBS and low not in _PRONOUNS


def _name_run(ws: list[tuple[str, int, int]], k: int, step: int) -> tuple[str, int, int] | None:
    """The capitalised run of words starting at ``ws[k]`` going ``step`` (+1 right, -1 left)."""
    run: list[tuple[str, int, int]] = []
    while 0 <= k < len(ws) and _is_name(ws[k][0]) and len(run) < 5:
        run.append(ws[k])
        k += step
    if not run:
        return None
    run.sort(key=lambda w: w[1])
    return " ".join(_depossess(w[0]) for w in run), run[0][1], run[-1][2]


def _depossess(word: str) -> str:
    return re.sub(r"[’']s?$", "", word)


def _who_around(ws: list[tuple[str, int, int]], v: int) -> tuple[str, int, int] | None:
    """The speaker of speech verb ``ws[v]``: a name or pronoun before it, else a name after it."""
    verb = ws[v][0].lower()
    if verb not in _ACCORDING and v > 0:
        before = _name_run(ws, v - 1, -1)
        if before:
            return before
        if ws[v - 1][0].lower() in _PRONOUNS:
            return ws[v - 1]
    k = v + 1
    skipped = 0
    while k < len(ws) and not _is_name(ws[k][0]) and skipped < 4:
        if ws[k][0].lower() in _PRONOUNS and verb not in _ACCORDING:
            return ws[k]
        k += 1
        skipped += 1
    return _name_run(ws, k, +1) if k < len(ws) else None


def _speaker_after(
    text: str, start: int, stop: int, *, allow_verb_first: bool = False
) -> tuple[str, int, int] | None:
    """`` Zelensky said.`` / `` said Zelensky`` / `` according to Zelensky`` right after a quote."""
    s = start
    while s < stop and (text[s].isspace() or text[s] in ",.:;—–-"):
        s += 1
    end = _CLAUSE_END.search(text, s, stop)
    region_end = min(stop, end.start() if end else stop, s + 120)
    ws = _words(text, s, region_end)[:8]
    for v, (w, _, _) in enumerate(ws[:5]):
        if w.lower() in _VERBS or w.lower() in _ACCORDING:
            if v > 0 and not _is_name(ws[0][0]) and ws[0][0].lower() not in _PRONOUNS:
                if ws[v - 1][0].lower() not in _PRONOUNS | _AUX and not _is_name(ws[v - 1][0]):
                    return None  # "… the government said": no name to hold
            return _who_around(ws, v)
    return None


def _speaker_before(text: str, start: int, stop: int) -> tuple[str, int, int] | None:
    """``Zelensky said: “`` / ``según Zelenski, «`` right before a quote."""
    cut = max((text.rfind(ch, start, stop) for ch in ".!?\n"), default=-1)
    s = max(start, cut + 1)
    ws = _words(text, s, stop)
    if not ws:
        return None
    for v in range(len(ws) - 1, max(-1, len(ws) - 5), -1):
        w = ws[v][0].lower()
        if w in _VERBS or w in _ACCORDING:
            if w in _ACCORDING:
                return _name_run(ws, v + 1 + (v + 1 < len(ws) and ws[v + 1][0].lower() == "to"), +1)
            return _who_around(ws, v)
    return None


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


# spellings of one sound across languages and transliterations: Zelensky = Selenskyj = Zelenskiy = Zełenski
_SOUND = [("ph", "f"), ("ck", "k"), ("sch", "sh"), ("c", "k"), ("q", "k"), ("z", "s"), ("w", "v"),
          ("y", "i"), ("j", "i"), ("x", "ks"), ("ł", "l"), ("ß", "ss")]  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


def _sound(word: str) -> str:
    """A word as a name key: depossessed, accents folded, other scripts romanised (``anyascii``),
    spelling variants of one sound merged and doubled letters collapsed."""
    w = _fold(_depossess(word)).replace("ł", "l")
    if not w.isascii():
        from anyascii import anyascii

        w = anyascii(w).lower()
    w = re.sub(r"[^a-z]", "", w)
    for a, b in _SOUND:
        w = w.replace(a, b)
    return _DOUBLED.sub(r"\1", w)


def _name_keys(name: str | None) -> set[str]:
    if not name:
        return set()
    words = [w for w in _WORD.findall(name) if _fold(_depossess(w)) not in _TITLES and w.lower() not in _PRONOUNS]
    return {k for k in (_sound(w) for w in words) if len(k) > 1}


def _key_match(a: str, b: str) -> bool:
    """One name word against another, inflection and transliteration allowed: the shorter starts
    the longer (Putin = Putina, Merkel = Merkels), or they share all but the last two letters of the
    shorter, five at least (Zelenskiy = Zelenskoho)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2:
        return False
    if long_.startswith(short):
        return len(short) >= 3 or long_ == short
    common = len(os.path.commonprefix([short, long_]))
    return common >= max(5, len(short) - 2)


def _keys_match(ka: set[str], kb: set[str]) -> bool:
    return any(_key_match(x, y) for x in ka for y in kb)


def same_speaker(a: str | None, b: str | None) -> bool | None:
    """True/False when both are names; None when either is missing or only a pronoun.

    Names are compared word by word as sounds, so one person matches across languages and
    scripts: accents folded (Zelenskí), transliterations merged (Selenskyj, Зеленский), inflected
    forms reduced to their stem (Putina, Merkels), titles ignored (President Putin = Putin)."""
    ka, kb = _name_keys(a), _name_keys(b)
    if not ka or not kb:
        return None
    return _keys_match(ka, kb)


def mentions(name: str | None, text: str) -> bool:
    """Whether some word of ``name`` (titles aside) is written in ``text``, as :func:`same_speaker`
    compares names: the translation names the speaker even where the parse took another word."""
    keys = _name_keys(name)
    if not keys:
        return False
    words = {_sound(w) for w in _WORD.findall(text) if w[:1].isupper() or not w[:1].isalpha()}
    words |= {_sound(w) for w in _WORD.findall(text) if len(w) >= 4}
    return _keys_match(keys, {w for w in words if len(w) > 1})


# --------------------------------------------------------------------------- comparing wording

_TYPO = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "–": "-", "—": "-", "―": "-", "‑": "-",
                       "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " ", "…": "..."})
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*")


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_TYPO)
    toks = _TOKEN.findall(text)
    if toks:
        toks[0] = toks[0][:1].lower() + toks[0][1:]
    return toks


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes from a longest common subsequence (difflib's longest-block
    heuristic pairs a repeated phrase with the wrong occurrence); difflib for long quotes."""
    n, m = len(a), len(b)
    if n * m > 250_000:
        return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    L = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            L[i][j] = L[i + 1][j + 1] + 1 if a[i] == b[j] else max(L[i + 1][j], L[i][j + 1])
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    i0 = j0 = 0
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j]:
            if (i0, j0) != (i, j):
                tag = "replace" if i > i0 and j > j0 else ("delete" if i > i0 else "insert")
                ops.append((tag, i0, i, j0, j))
            ops.append(("equal", i, i + 1, j, j + 1))
            i, j = i + 1, j + 1
            i0, j0 = i, j
        elif j < m and (i == n or L[i][j + 1] >= L[i + 1][j]):
            j += 1
        else:
            i += 1
    if (i0, j0) != (n, m):
        tag = "replace" if n > i0 and m > j0 else ("delete" if n > i0 else "insert")
        ops.append((tag, i0, n, j0, m))
    return ops


def _diff(a: list[str], b: list[str]) -> tuple[list[str], int, bool]:
    """Compact word diff, the number of content words changed, and whether it is a mere typo fix."""
    parts: list[str] = []
    content = 0
    edits = [op for op in _opcodes([w.lower() for w in a], [w.lower() for w in b]) if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in edits:
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        parts.append(f"{old} → {new}" if tag == "replace" else (f"−{old}" if tag == "delete" else f"+{new}"))
        content += sum(1 for w in a[i1:i2] + b[j1:j2] if w.lower() not in _STOP)
    typo = (
        len(edits) == 1
        and edits[0][0] == "replace"
        and edits[0][2] - edits[0][1] == 1
        and edits[0][4] - edits[0][3] == 1
        and difflib.SequenceMatcher(a=a[edits[0][1]].lower(), b=b[edits[0][3]].lower()).ratio() >= 0.75
    )
    return parts, content, typo


def _overlap(quote: list[str], text: list[str]) -> tuple[float, int, int]:
    """Share of ``quote``'s words found in order in ``text``, and the matched stretch of ``text``."""
    if not quote or not text:
        return 0.0, 0, 0
    q = [w.lower() for w in quote]
    t = [w.lower() for w in text]
    sm = difflib.SequenceMatcher(a=q, b=t, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, 0, 0
    matched = sum(b.size for b in blocks)
    return matched / len(q), blocks[0].b, blocks[-1].b + blocks[-1].size


# --------------------------------------------------------------------------- the detector


class QuotesDetector:
    name = "quotes"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.source is None or ctx.alignment is None or ctx.source_segments is None:
            return []
        src_doc, tgt_doc = ctx.source, ctx.target
        src_seg, tgt_seg = ctx.source_segments, ctx.target_segments
        beads = ctx.alignment.beads
        src_q = find_quotes(src_doc.text, src_doc.lang or src_seg.lang, unclosed=True)
        tgt_q = find_quotes(tgt_doc.text, tgt_doc.lang or tgt_seg.lang, unclosed=True)
        if not src_q:
            return []
        cross = is_translation(ctx)

        src_bead = {i: k for k, b in enumerate(beads) for i in b.src}
        tgt_bead = {j: k for k, b in enumerate(beads) for j in b.tgt}
        src_q_segs = [_segments_of(src_seg, q) for q in src_q]
        tgt_q_segs = [_segments_of(tgt_seg, q) for q in tgt_q]

        # beads that share a quote are compared together
        parent = list(range(len(beads)))

        def find(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for segs, where in [(s, src_bead) for s in src_q_segs] + [(s, tgt_bead) for s in tgt_q_segs]:
            ks = [where[i] for i in segs if i in where]
            for k in ks[1:]:
                parent[find(k)] = find(ks[0])

        groups: dict[int, list[int]] = {}
        for k in range(len(beads)):
            groups.setdefault(find(k), []).append(k)

        out: list[Finding] = []
        for members in groups.values():
            src_idx = {i for k in members for i in beads[k].src}
            tgt_idx = {j for k in members for j in beads[k].tgt}
            if not src_idx or not tgt_idx:
                continue  # omissions and additions are the coverage detector's business
            sq = [n for n, segs in enumerate(src_q_segs) if segs and set(segs) & src_idx and _home(segs, src_bead) in members]
            if not sq:
                continue
            tq = [n for n, segs in enumerate(tgt_q_segs) if segs and set(segs) & tgt_idx and _home(segs, tgt_bead) in members]
            group = _Group(
                ctx, beads, members, sorted(src_idx), sorted(tgt_idx), src_q, tgt_q, src_q_segs, tgt_q_segs, src_bead
            )
            out += group.compare(sq, tq, cross=cross, detector=self.name)
        return out


_LEX_WORD = re.compile(r"[^\W\d_]{3,}")
SHARED_VOCABULARY = 0.3  # below this share of shared words, two texts of unknown language are a translation


def is_translation(ctx: AuditContext) -> bool:
    """Whether source and target are in different languages: by their language codes, or, when
    either is unknown, by vocabulary (a rewrite in one language shares most of its words; a
    translation shares names and numbers only)."""
    sl, tl = ctx.source_lang, ctx.target_lang
    if sl != "und" and tl != "und":
        return sl != tl
    assert ctx.source is not None
    a = {w.lower() for w in _LEX_WORD.findall(ctx.source.text)}
    b = {w.lower() for w in _LEX_WORD.findall(ctx.target.text)}
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) < SHARED_VOCABULARY


def _segments_of(seg: Segmentation, q: Quote) -> tuple[int, ...]:
    return tuple(s.index for s in seg.segments if s.start < q.end and q.start < s.end)


def _home(segs: tuple[int, ...], where: dict[int, int]) -> int | None:
    """The bead a quote belongs to: the bead of its first aligned segment."""
    return next((where[i] for i in segs if i in where), None)


# a quotation mark of any kind that is not an apostrophe inside a word
_ANY_MARK = re.compile(
    r"[\"“”„«»‹›「」『』]|(?<![^\W\d_])['‘’‚]|['‘’‚](?![^\W\d_])|^[ \t]*[—–―]", re.MULTILINE
)


def _determiner_before(text: str, start: int) -> bool:
    """Whether the speaker at ``start`` follows an article or determiner in its own clause (one or
    two adjectives between): a description, not a name (``the Foreign Ministry``, ``ein Mädchen``,
    ``der republikanische Senator``)."""
    head = text[max(0, start - 60):start]
    cut = max(head.rfind(ch) for ch in _CLAUSE_MARKS)
    before = _WORD.findall(head[cut + 1:])
    for k in range(len(before) - 1, max(-1, len(before) - 4), -1):
        if before[k].lower() in _DETERMINERS:
            return True
        if before[k][:1].isupper() or before[k].lower() in _VERBS:
            return False
    return False


_CLAUSE_MARKS = ".,;:!?()\"“”„«»‹›—–"


@dataclass
class _Group:
    ctx: AuditContext
    beads: tuple[Bead, ...]
    members: list[int]
    src_idx: list[int]
    tgt_idx: list[int]
    src_q: list[Quote]
    tgt_q: list[Quote]
    src_q_segs: list[tuple[int, ...]]
    tgt_q_segs: list[tuple[int, ...]]
    src_bead: dict[int, int]

    def compare(self, sq: list[int], tq: list[int], *, cross: bool, detector: str) -> list[Finding]:
        if cross:
            return self._compare_translation(sq, tq, detector)
        out: list[Finding] = []
        for s, t in self._pair_by_wording(sq, tq):
            if t is None:
                f = self._unmarked(s, detector=detector)
            else:
                f = self._altered(s, t, detector)
                if f:
                    out.append(f)
                f = self._speaker(s, t, detector)
            if f:
                out.append(f)
        return out

    def _compare_translation(self, sq: list[int], tq: list[int], detector: str) -> list[Finding]:
        """Across languages words cannot be compared, only marks and speakers:

        * quotations of three words or fewer are titles, terms and scare quotes, not speech;
        * a quotation is unmarked only when the aligned target keeps no quotation mark at all (a
          multi-line quote may leave one mark per line, and conventions differ: „…“, »…«, «…», ‚…‘,
          dialogue dashes). It is minor when the source or the target attributes the words (a
          reporting verb, a speaker, a colon: the translation renders them as reported speech), when
          the quote has one mark only (a paragraph of a longer quote, marked in another line), or when
          it is a phrase inside a longer sentence of the outlet's; major only for speech that stood
          alone, unattributed, and now reads as the outlet's own sentence;
        * the speaker is compared only when both sides hold as many quotes, and is the same when the
          target names the source's speaker near the quote (or vice versa), whatever the parse; a
          pronoun, role or description (``the Foreign Ministry`` → ``das Außenministerium``) standing
          in for a name is no change.
        """
        out: list[Finding] = []
        tgt_text = self._text(self.ctx.target, self.ctx.target_segments, self.tgt_idx)
        if not tq and not _ANY_MARK.search(tgt_text):
            for s in sq:
                f = self._unmarked_translation(s, tgt_text, detector)
                if f:
                    out.append(f)
            return out
        if len(sq) != len(tq):
            return out
        for s, t in zip(sq, tq):
            f = self._speaker_translation(s, t, detector)
            if f:
                out.append(f)
        return out

    # pairing ---------------------------------------------------------------------------

    def _pair_by_wording(self, sq: list[int], tq: list[int]) -> list[tuple[int, int | None]]:
        free = list(tq)
        out: list[tuple[int, int | None]] = []
        for s in sq:
            a = [w.lower() for w in _tokens(self.src_q[s].text)]
            best, best_sim = None, -1.0
            for t in free:
                b = [w.lower() for w in _tokens(self.tgt_q[t].text)]
                sim = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()
                if sim > best_sim:
                    best, best_sim = t, sim
            if best is not None and best_sim >= PAIR_SIMILARITY:
                free.remove(best)
                out.append((s, best))
            else:
                out.append((s, None))
        # as many quotes left on both sides: heavy rewording, pair them in order
        lost = [n for n, (_, t) in enumerate(out) if t is None]
        if lost and len(lost) == len(free):
            for n, t in zip(lost, sorted(free, key=lambda t: self.tgt_q[t].start)):
                out[n] = (out[n][0], t)
        return out

    # spans and text --------------------------------------------------------------------

    @staticmethod
    def _text(doc: Document, seg: Segmentation, idx: list[int]) -> str:
        segs = [seg.segments[i] for i in idx]
        return doc.text[segs[0].start:segs[-1].end] if segs else ""

    def _around(self, doc: Document, seg: Segmentation, idx: list[int], quotes: list[Quote], q: Quote) -> str:
        """The narration around quote ``q`` in its group: from the previous quote to the next."""
        segs = [seg.segments[i] for i in idx]
        lo = max([o.end for o in quotes if o.end <= q.start and o.end >= segs[0].start] + [segs[0].start])
        hi = min([o.start for o in quotes if o.start >= q.end and o.start <= segs[-1].end] + [segs[-1].end])
        return doc.text[lo:q.start] + " " + doc.text[q.end:hi]

    def _src_span(self, s: int) -> Span:
        q, doc = self.src_q[s], self.ctx.source
        assert doc is not None
        return make_span(doc, q.start, q.end, self.src_q_segs[s])

    def _tgt_span(self, t: int) -> Span:
        q = self.tgt_q[t]
        return make_span(self.ctx.target, q.start, q.end, self.tgt_q_segs[t])

    def _bead(self, s: int) -> int:
        home = _home(self.src_q_segs[s], self.src_bead)
        return home if home is not None else min(self.members)

    # findings --------------------------------------------------------------------------

    def _altered(self, s: int, t: int, detector: str) -> Finding | None:
        """Same language only: the words inside the marks differ, typography aside."""
        a, b = _tokens(self.src_q[s].text), _tokens(self.tgt_q[t].text)
        if [w.lower() for w in a] == [w.lower() for w in b]:
            return None  # case inside a quote is typography (sentence starts, headline case)
        parts, content, typo = _diff(a, b)
        if not parts:
            return None
        changed = 1.0 - difflib.SequenceMatcher(
            a=[w.lower() for w in a], b=[w.lower() for w in b], autojunk=False
        ).ratio()
        if typo:
            severity, conf = Severity.MAJOR, 0.35
        elif content == 0:  # only function words moved: "we're all here" → "we are all here"
            severity, conf = Severity.MAJOR, min(0.6, 0.3 + changed)
        else:
            severity = Severity.CRITICAL
            conf = min(0.99, 0.55 + 0.06 * min(content, 5) + 0.3 * changed)
        shown = "; ".join(parts[:6]) + ("; …" if len(parts) > 6 else "")
        return Finding(
            FindingType.QUOTE_ALTERED,
            severity,
            "Quotation altered: the words inside the quotation marks differ from the source.",
            f"{shown} ({content} content word{'s' if content != 1 else ''} changed, "
            f"{changed:.0%} of the wording)",
            conf,
            source_span=self._src_span(s),
            target_span=self._tgt_span(t),
            bead=self._bead(s),
            detector=detector,
        )

    def _speaker(self, s: int, t: int, detector: str) -> Finding | None:
        """Same language: both quotes name a speaker and the names differ."""
        a, b = self.src_q[s].speaker, self.tgt_q[t].speaker
        if same_speaker(a, b) is not False:
            return None
        return self._speaker_finding(s, t, f"source speaker {a!r} → target speaker {b!r}", 0.8, detector)

    def _speaker_translation(self, s: int, t: int, detector: str) -> Finding | None:
        src_doc, tgt_doc = self.ctx.source, self.ctx.target
        assert src_doc is not None and self.ctx.source_segments is not None
        a, b = self.src_q[s], self.tgt_q[t]
        if same_speaker(a.speaker, b.speaker) is not False:
            return None
        if _determiner_before(src_doc.text, a.speaker_start or 0) or _determiner_before(
            tgt_doc.text, b.speaker_start or 0
        ):
            return None  # a description (the ministry, ein Mädchen) may stand in for the name
        tgt_around = self._around(tgt_doc, self.ctx.target_segments, self.tgt_idx, self.tgt_q, b)
        src_around = self._around(src_doc, self.ctx.source_segments, self.src_idx, self.src_q, a)
        if mentions(a.speaker, tgt_around) or mentions(b.speaker, src_around):
            return None  # the target names the source's speaker near the quote: the parse differs
        evidence = f"source speaker {a.speaker!r} → target speaker {b.speaker!r}, not named near the target quote"
        return self._speaker_finding(s, t, evidence, 0.7, detector)

    def _speaker_finding(self, s: int, t: int, evidence: str, conf: float, detector: str) -> Finding:
        return Finding(
            FindingType.QUOTE_SPEAKER,
            Severity.CRITICAL,
            "Quotation re-attributed: the target gives the quote to another speaker.",
            evidence,
            conf,
            source_span=self._src_span(s),
            target_span=self._tgt_span(t),
            bead=self._bead(s),
            detector=detector,
        )

    def _unmarked(self, s: int, *, detector: str) -> Finding | None:
        """Same language: the quote's words, in order, in the target outside any quote."""
        q = self.src_q[s]
        words = _tokens(q.text)
        if len(words) < MIN_UNMARKED_WORDS:
            return None
        tgt = self.ctx.target
        segs = [self.ctx.target_segments.segments[j] for j in self.tgt_idx]
        start, end = segs[0].start, segs[-1].end
        pieces: list[tuple[str, int, int]] = []
        for m in _TOKEN.finditer(unicodedata.normalize("NFKC", tgt.text[start:end]).translate(_TYPO)):
            pieces.append((m.group(), start + m.start(), start + m.end()))
        share, b0, b1 = _overlap(words, [p[0] for p in pieces])
        if share < UNMARKED_OVERLAP or b1 <= b0:
            return None
        s0, s1 = pieces[b0][1], pieces[b1 - 1][2]
        if any(o.start <= s0 and s1 <= o.end for o in self.tgt_q):
            return None  # it is inside a quote after all (pairing missed it)
        if len(tgt.text) != len(unicodedata.normalize("NFKC", tgt.text)):
            s0, s1 = start, end  # offsets moved under NFKC: fall back to the sentences
        span = make_span(tgt, s0, s1, tuple(self.tgt_idx))
        evidence = f"{share:.0%} of the quote's {len(words)} words appear in the target without quotation marks"
        return self._unmarked_finding(s, span, Severity.MAJOR, evidence, min(0.95, 0.5 + 0.45 * share), detector)

    def _unmarked_translation(self, s: int, tgt_text: str, detector: str) -> Finding | None:
        """Across languages: the aligned target has no quotation mark left for a quote of 4+ words."""
        q = self.src_q[s]
        if len(_tokens(q.text)) < MIN_UNMARKED_WORDS:
            return None
        src_doc = self.ctx.source
        assert src_doc is not None and self.ctx.source_segments is not None
        src_around = self._around(src_doc, self.ctx.source_segments, self.src_idx, self.src_q, q)
        attributed = (
            not (q.open_mark and q.close_mark)  # one mark: a paragraph of a longer quote, marked elsewhere
            or q.speaker is not None
            or src_doc.text[max(0, q.start - 8):q.start].rstrip().rstrip(q.open_mark).rstrip().endswith(":")
            or _reports(src_around)
            or _reports(tgt_text)
        )
        own = self._text(src_doc, self.ctx.source_segments, list(self.src_q_segs[s]))
        fragment = len(_tokens(own)) - len(_tokens(q.text)) > len(_tokens(q.text))
        span = make_span(self.ctx.target, *self._bounds(), tuple(self.tgt_idx))
        if attributed:
            evidence = (
                "the source quotes attributed words; the aligned target reports them without quotation marks "
                "(indirect speech)"
            )
            return self._unmarked_finding(s, span, Severity.MINOR, evidence, 0.4, detector)
        if fragment:
            evidence = (
                "the source quotes a phrase inside its own sentence; the aligned target has no quotation mark for it"
            )
            return self._unmarked_finding(s, span, Severity.MINOR, evidence, 0.35, detector)
        evidence = "the source quotes here; the aligned target has no quotation mark and no attribution for the words"
        return self._unmarked_finding(s, span, Severity.MAJOR, evidence, 0.55, detector)

    def _bounds(self) -> tuple[int, int]:
        segs = [self.ctx.target_segments.segments[j] for j in self.tgt_idx]
        return segs[0].start, segs[-1].end

    def _unmarked_finding(
        self, s: int, span: Span, severity: Severity, evidence: str, conf: float, detector: str
    ) -> Finding:
        return Finding(
            FindingType.QUOTE_UNMARKED,
            severity,
            "Quotation unmarked: the quoted words now read as the outlet's own voice.",
            evidence,
            conf,
            source_span=self._src_span(s),
            target_span=span,
            bead=self._bead(s),
            detector=detector,
        )


def _reports(text: str) -> bool:
    """Whether ``text`` holds a reporting verb or an ``according to`` in any language we know."""
    return any(w.lower() in _REPORTING for w in _WORD.findall(text))
