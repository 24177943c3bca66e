"""Who speaks: the speaker a quotation is attributed to, names compared as sounds across languages and
scripts (:func:`same_speaker`, :func:`mentions`), and the words that attribute speech."""

from __future__ import annotations

import os
import re

from ...text import LOOSE_WORD, fold_nfkd, tokens
from ...text import words as text_words  # "words" names the words of a name below
from ...compiled import regex

_CLAUSE_END = regex(r"[.!?;…\n]")

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


# --------------------------------------------------------------------------- speakers


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Words with offsets; a word after punctuation (``with Biden, Zelensky``) starts a new run."""
    out: list[tuple[str, int, int]] = []
    for t in tokens(text, LOOSE_WORD, start, end):  # the pattern has no anchor or look-behind: as on text[start:end]
        if out and text[out[-1][2]:t.start].strip():
            out.append(("|", out[-1][2], out[-1][2]))  # a break no name run crosses
        out.append((t.text, t.start, t.end))
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


# spellings of one sound across languages and transliterations: Zelensky = Selenskyj = Zelenskiy = Zełenski
_SOUND = [("ph", "f"), ("ck", "k"), ("sch", "sh"), ("c", "k"), ("q", "k"), ("z", "s"), ("w", "v"),
          ("y", "i"), ("j", "i"), ("x", "ks"), ("ł", "l"), ("ß", "ss")]  # fmt: skip
_DOUBLED = regex(r"(.)\1+")


def _sound(word: str) -> str:
    """A word as a name key: depossessed, accents folded, other scripts romanised (``anyascii``),
    spelling variants of one sound merged and doubled letters collapsed."""
    w = fold_nfkd(_depossess(word)).replace("ł", "l")
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
    words = [w for w in text_words(name, LOOSE_WORD) if fold_nfkd(_depossess(w)) not in _TITLES and w.lower() not in _PRONOUNS]
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
    words = {_sound(w) for w in text_words(text, LOOSE_WORD) if w[:1].isupper() or not w[:1].isalpha()}
    words |= {_sound(w) for w in text_words(text, LOOSE_WORD) if len(w) >= 4}
    return _keys_match(keys, {w for w in words if len(w) > 1})


def _determiner_before(text: str, start: int) -> bool:
    """Whether the speaker at ``start`` follows an article or determiner in its own clause (one or
    two adjectives between): a description, not a name (``the Foreign Ministry``, ``ein Mädchen``,
    ``der republikanische Senator``)."""
    head = text[max(0, start - 60):start]
    cut = max(head.rfind(ch) for ch in _CLAUSE_MARKS)
    before = text_words(head[cut + 1:], LOOSE_WORD)
    for k in range(len(before) - 1, max(-1, len(before) - 4), -1):
        if before[k].lower() in _DETERMINERS:
            return True
        if before[k][:1].isupper() or before[k].lower() in _VERBS:
            return False
    return False


_CLAUSE_MARKS = ".,;:!?()\"“”„«»‹›—–"


def _reports(text: str) -> bool:
    """Whether ``text`` holds a reporting verb or an ``according to`` in any language we know."""
    return any(w.lower() in _REPORTING for w in text_words(text, LOOSE_WORD))
