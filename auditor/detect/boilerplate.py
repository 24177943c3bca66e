"""Page furniture left in a document: cross-links, promos, menus, bylines, duplicates.

Republished and machine-translated pages carry the furniture of the page they were
scraped from: "Also Read :- …" links, "follow us on Facebook", breadcrumbs ("Home",
"World"), bylines and date lines, video labels, separators, trust badges, and paragraphs
pasted twice. None of it is news content. This detector works on the target alone (it
also runs in lint mode, without a source) and flags each such segment as minor
boilerplate; consecutive segments of one kind make one finding.

:func:`boilerplate_kind` is the pure, text-only part of the rules, so that other
detectors (coverage) can leave boilerplate out of additions and omissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..types import Finding, FindingType, Segment, Severity
from .base import AuditContext, span_of
from ..compiled import regex

# kinds, as they appear in messages
CROSS_LINK = "cross-link"
PROMO = "promo"
MEDIA_LABEL = "video/photo label"
BREADCRUMB = "breadcrumb"
BYLINE = "byline"
DATE_LINE = "date line"
SEPARATOR = "separator"
BADGE = "badge"
DUPLICATE = "duplicated paragraph"

MAX_PROMO_WORDS = 40  # a promo phrase inside a longer text is prose, not furniture
MIN_DUPLICATE_WORDS = 4  # shorter repeated lines ("Photo:", a name) are not duplicated paragraphs
HEADER_ZONE = 8  # segments at the top of a document where breadcrumbs live


@dataclass(frozen=True)
class BoilerplateMatch:
    kind: str
    label: str  # the words that fired the rule, as written
    rule: str  # the rule, for the evidence
    confidence: float


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    rule: str
    confidence: float
    search: bool = False  # anywhere in a short segment, not only at its start
    langs: frozenset[str] | None = None  # only for these document languages (None: all)


# a label ends with a colon (or ":-"), a dash, bar or arrow, or the segment ends there
_END = r"(?=\s*(?::-?|[-–—|»>›•]|[.…!]*\s*$))"


def _labels(*alts: str) -> str:
    return r"(?:%s)" % "|".join(sorted(alts, key=len, reverse=True))


_CROSS_LINK = _labels(
    # English
    r"also\s+read", r"read\s+also", r"read\s+more", r"more\s+to\s+read", r"see\s+also", r"must\s+read",
    r"related(?:\s+(?:stories|articles|news|content|links|posts|coverage))?", r"further\s+reading",
    r"recommended(?:\s+(?:reading|stories|articles|for\s+you))?", r"you\s+(?:may|might)\s+also\s+like",
    r"you\s+(?:may|might)\s+also\s+be\s+interested(?:\s+in)?", r"don[’']?t\s+miss", r"more\s+on\s+this(?:\s+story|\s+topic)?",
    r"top\s+stories", r"trending(?:\s+now)?", r"learn\s+more", r"know\s+more",
    # Spanish
    r"lee\s+tambi[ée]n", r"lea\s+tambi[ée]n", r"leer\s+tambi[ée]n", r"lee\s+m[áa]s", r"lea\s+m[áa]s", r"leer\s+m[áa]s",
    r"(?:tambi[ée]n\s+)?te\s+puede\s+interesar", r"le\s+puede\s+interesar", r"puede\s+interesarte", r"te\s+recomendamos",
    r"m[áa]s\s+informaci[óo]n", r"ver\s+tambi[ée]n", r"ver\s+m[áa]s", r"mira\s+tambi[ée]n", r"mira",
    r"noticias\s+relacionadas", r"relacionad[oa]s?", r"saber\s+m[áa]s", r"sepa\s+m[áa]s",
    # French, German
    r"[àa]\s+lire\s+aussi", r"lire\s+aussi", r"voir\s+aussi", r"sur\s+le\s+m[êe]me\s+sujet", r"lire\s+la\s+suite",
    r"en\s+savoir\s+plus", r"lesen\s+sie\s+(?:auch|mehr|weiter)", r"mehr\s+lesen", r"mehr\s+zum\s+thema", r"auch\s+interessant", r"weiterlesen", r"mehr\s+dazu",
)

_MEDIA = _labels(
    r"watch(?:\s+(?:video|live|now|here|the\s+video))?", r"videos?", r"photos?", r"pictures", r"(?:photo\s+)?gallery",
    r"listen", r"recommended\s+videos?", r"live\s+video", r"v[íi]deos?\s+recomendados?", r"v[íi]deos?",
    r"fotos?", r"galer[íi]a", r"fotogaler[íi]a", r"escucha", r"en\s+v[íi]deo", r"vid[ée]o", r"regarder",
)

_PROMO_ANYWHERE = _labels(
    r"follow\s+us\s+on", r"like\s+us\s+on\s+facebook", r"sign\s+up\s+for\s+our", r"subscribe\s+to\s+our",
    r"join\s+(?:us|our\s+\w+)\s+on\s+(?:telegram|whatsapp|facebook|twitter|instagram)",
    r"download\s+(?:the|our)\s+(?:\w+\s+)?app", r"share\s+(?:this|on\s+(?:facebook|twitter|whatsapp|x|linkedin)|via)\b",
    r"s[íi]guenos\s+en", r"s[íi]ganos\s+en", r"suscr[íi]bete", r"comparte\s+(?:esta|en)\b", r"desc[áa]rgate\s+la\s+app",
    r"suivez-nous", r"abonnez-vous", r"folgen\s+sie\s+uns", r"click\s+here",
)

_PROMO_START = _labels(r"subscribe", r"share", r"compartir", r"comparte", r"partager", r"teilen")

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre"
)
_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december the this that then".split()
)

_DATE_LABEL = _labels(
    r"last\s+updated", r"updated\s+date", r"updated", r"published(?:\s+date)?", r"first\s+published", r"posted",
    r"actualizado", r"actualizaci[óo]n", r"publicado", r"fecha", r"mis\s+[àa]\s+jour", r"publi[ée]",
    r"aktualisiert", r"ver[öo]ffentlicht",
)

_NAME = r"[A-ZÁÉÍÓÚÑÄÖÜ][\w.'’-]*"
_NAME_RUN = rf"{_NAME}(?:\s+(?:(?:de|del|la|van|von|der|da|y|and|&)\s+)?{_NAME}){{0,4}}"
_AFTER_NAME = r"\s*(?:$|[|•·–—/]\s*.*$)"

_NAV_WORDS = frozenset(
    """home world news india business sports sport entertainment politics opinion latest international europe
    asia americas africa us uk national local tech technology science health lifestyle videos video photos
    markets economy top stories live culture regional state nation education
    inicio portada mundo noticias internacional política politica deportes economía economia opinión opinion
    actualidad sociedad cultura nacional tecnología ciencia salud últimas
    accueil monde actualités actualites startseite nachrichten politik welt""".split()
)
_HOME = r"(?:home|inicio|portada|accueil|startseite)"
_CRUMB_SEP = regex(r"\s*[>›»/|•]\s*")


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    from .labels import LEXICON

    i = re.IGNORECASE
    upper = sorted({lab for e in LEXICON if e.kind == "cross-link" for lab in (*e.literal, *e.correct)}, key=len, reverse=True)
    return (
        _Rule(SEPARATOR, regex(r"(?:[^\w\s]|_)(?:\s*(?:[^\w\s]|_)){2,}\s*$"), "a line of punctuation only", 0.95),
        _Rule(CROSS_LINK, regex(rf"{_CROSS_LINK}{_END}", i), "cross-link label at the start of a line", 0.95),
        _Rule(MEDIA_LABEL, regex(rf"{_MEDIA}{_END}", i), "video/photo label at the start of a line", 0.9),
        _Rule(
            CROSS_LINK,
            regex(r"(?:%s)\s?:" % "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in upper)),
            "upper-case cross-link label (possibly translated) followed by ':'",
            0.85,
        ),
        _Rule(PROMO, regex(rf"(?:{_PROMO_START}(?:\s+(?:this(?:\s+\w+)?|now|on\s+\w+|via\s+\w+|article|story))?\s*[:!.…]*\s*$|subscribe\s+now\b)", i),
              "share/subscribe call at the start of a line", 0.85),
        _Rule(PROMO, regex(_PROMO_ANYWHERE, i), "follow/share/subscribe call", 0.95, search=True),
        _Rule(BADGE, regex(r"(?:according\s+to\s+the\s+criteria\s+of|seg[úu]n\s+los\s+criterios\s+de|selon\s+les\s+crit[èe]res\s+de)\b|.*\bthe\s+trust\s+project\b", i),
              "trust-project badge", 0.9),
        _Rule(BYLINE, regex(rf"(?:(?:written|reported|reporting|edited|story|text)\s+by|by)\s+(?-i:{_NAME_RUN}){_AFTER_NAME}", i),
              "'By' and a name alone on a line", 0.9),
        _Rule(BYLINE, regex(rf"por\s+(?-i:{_NAME_RUN}){_AFTER_NAME}", i), "'Por' and a name alone on a line", 0.85,
              langs=frozenset({"es", "pt"})),
        _Rule(BYLINE, regex(rf"par\s+(?-i:{_NAME_RUN}){_AFTER_NAME}", i), "'Par' and a name alone on a line", 0.85,
              langs=frozenset({"fr"})),
        _Rule(BYLINE, regex(rf"von\s+(?-i:{_NAME_RUN}){_AFTER_NAME}", i), "'Von' and a name alone on a line", 0.85,
              langs=frozenset({"de"})),
        _Rule(BYLINE, regex(r"(?:author|autor|auteur|autora|redacci[óo]n)\s*:", i), "author label", 0.9),
        _Rule(DATE_LINE, regex(rf"{_DATE_LABEL}\b", i), "date label at the start of a line", 0.9),
        _Rule(BREADCRUMB, regex(rf"{_HOME}(?:\s*[>›»/|•]\s*[^>›»/|•]+)+\s*$", i), "breadcrumb trail from 'Home'", 0.85),
        _Rule(BREADCRUMB, regex(rf"{_HOME}\s+(?:news|noticias|world|mundo|latest|actualidad)\b(?!.*[.!?]$)", i),
              "menu words before a headline", 0.65),
    )


def match_boilerplate(text: str, lang: str | None = None) -> BoilerplateMatch | None:
    """The first boilerplate rule ``text`` (one segment or line) matches, with its label."""
    stripped = text.strip()
    if not stripped:
        return None
    base = (lang or "").split("-")[0].lower()
    words = len(stripped.split())
    for rule in _rules():
        if rule.langs is not None and base and base not in rule.langs:
            continue
        if rule.search:
            if words > MAX_PROMO_WORDS:
                continue
            m = rule.pattern.search(stripped)
        else:
            m = rule.pattern.match(stripped)
        if m is None:
            continue
        if rule.kind == BYLINE and rule.rule.startswith("'") and not _byline_names_ok(m.group(0)):
            continue
        if rule.kind == DATE_LINE and not _date_rest_ok(stripped[m.end():]):
            continue
        label = m.group(0) if rule.kind not in (BYLINE, DATE_LINE, BADGE, BREADCRUMB) else stripped
        return BoilerplateMatch(rule.kind, _clip(label), rule.rule, rule.confidence)
    if 1 <= words <= 4 and _all_nav(stripped):
        return BoilerplateMatch(BREADCRUMB, _clip(stripped), "menu words alone on a line", 0.75)
    return None


def boilerplate_kind(text: str, lang: str | None = None) -> str | None:
    """The kind of boilerplate ``text`` is ("cross-link", "byline", …), or None for content."""
    m = match_boilerplate(text, lang)
    return m.kind if m else None


def _byline_names_ok(matched: str) -> bool:
    words = matched.split()
    # the first word after "by"/"written by": not a weekday, month or article
    for k, w in enumerate(words):
        if w.lower() in {"by", "por", "par", "von"}:
            name = words[k + 1] if k + 1 < len(words) else ""
            return name.strip(".,").lower() not in _WEEKDAYS_MONTHS
    return False


def _date_rest_ok(rest: str) -> bool:
    """After "Updated"/"Published": nothing, a colon, or straight away a date ("on 26 Feb")."""
    rest = rest.strip()
    if not rest or rest.startswith((":", "-", "–", "|")):
        return True
    if len(rest.split()) > 12:
        return False
    when = rf"(?:(?:on|at|el|le|am|el\s+d[íi]a)\s+)?(?:\d|(?:{_MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)\w*)\b)"
    return re.match(when, rest, re.IGNORECASE) is not None


def _all_nav(text: str) -> bool:
    tokens = [t for t in _CRUMB_SEP.split(text.strip(" .")) if t]
    words = [w for t in tokens for w in t.split()]
    return bool(words) and all(w.strip(",;").lower() in _NAV_WORDS for w in words)


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split()).rstrip(" :-–—|»>")
    return text if len(text) <= width else text[: width - 1] + "…"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _title_words(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w.strip(".,;").isalpha() for w in words)


class BoilerplateDetector:
    name = "boilerplate"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        doc, seg = ctx.target, ctx.target_segments
        segs = seg.segments
        lang = doc.lang or seg.lang
        hits: dict[int, BoilerplateMatch] = {}
        for s in segs:
            m = match_boilerplate(s.text, lang)
            if m is not None:
                hits[s.index] = m
        self._header(segs, hits)
        dup_of = self._duplicates(ctx, hits)
        return self._merge(ctx, hits, dup_of)

    # breadcrumbs and menus at the top of the document ---------------------------------------

    @staticmethod
    def _header(segs: tuple[Segment, ...], hits: dict[int, BoilerplateMatch]) -> None:
        header = []
        for s in segs[:HEADER_ZONE]:
            if s.kind == "sentence":
                break
            header.append(s)
        # a list at the very top that holds a menu item is a breadcrumb list, all of it
        run = []
        for s in header:
            if s.kind != "list_item":
                break
            run.append(s)
        if any(hits.get(s.index) is not None and hits[s.index].kind == BREADCRUMB for s in run):
            for s in run:
                hits.setdefault(s.index, BoilerplateMatch(BREADCRUMB, _clip(s.text), "item of a breadcrumb list at the top", 0.7))
        for k, s in enumerate(header):
            if s.index in hits or s.text.rstrip().endswith((".", "!", "?", ":")):
                continue
            if k == 0 and len(header) == 1:
                continue  # a lone short line before the text is a headline
            if _title_words(s.text):
                hits[s.index] = BoilerplateMatch(BREADCRUMB, _clip(s.text), "short title-case line at the top", 0.6)

    # the same paragraph twice ------------------------------------------------------------------

    @staticmethod
    def _duplicates(ctx: AuditContext, hits: dict[int, BoilerplateMatch]) -> dict[int, int]:
        """Segment index -> paragraph index of the first copy, for every later copy's segments."""
        first: dict[str, int] = {}
        dup_of: dict[int, int] = {}
        text = ctx.target.text
        for p in ctx.target_segments.paragraphs:
            if any(i in hits for i in p.segments):
                continue
            key = _norm(text[p.start : p.end])
            if len(key.split()) < MIN_DUPLICATE_WORDS:
                continue
            if key in first:
                for i in p.segments:
                    hits[i] = BoilerplateMatch(DUPLICATE, "", "same normalised text as an earlier paragraph", 0.95)
                    dup_of[i] = first[key]
            else:
                first[key] = p.index
        return dup_of

    # one finding per run of consecutive segments of one kind ----------------------------------

    def _merge(self, ctx: AuditContext, hits: dict[int, BoilerplateMatch], dup_of: dict[int, int]) -> list[Finding]:
        runs: list[list[int]] = []
        for i in sorted(hits):
            if runs and runs[-1][-1] == i - 1 and hits[runs[-1][-1]].kind == hits[i].kind:
                runs[-1].append(i)
            else:
                runs.append([i])
        doc, seg = ctx.target, ctx.target_segments
        out = []
        for run in runs:
            m = [hits[i] for i in run]
            kind = m[0].kind
            if kind == DUPLICATE:
                para = ctx.target_segments.paragraphs[dup_of[run[0]]]
                line, _ = doc.line_col(para.start)
                message = f"Boilerplate: {kind} (repeats the paragraph at line {line})"
            else:
                labels = list(dict.fromkeys(x.label for x in m))
                shown = ", ".join(f"'{lab}'" for lab in labels[:3]) + (" …" if len(labels) > 3 else "")
                message = f"Boilerplate: {kind} {shown}"
            if len(run) > 1:
                message += f" ({len(run)} segments)"
            evidence = "; ".join(dict.fromkeys(x.rule for x in m))
            out.append(
                Finding(
                    FindingType.BOILERPLATE,
                    Severity.MINOR,
                    message,
                    evidence,
                    max(x.confidence for x in m),
                    target_span=span_of(doc, seg, run),
                    detector=self.name,
                )
            )
        return out
