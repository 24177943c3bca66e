"""Fixed page labels translated word for word ("MIRA:" -> "SIGHT:" instead of "SEE:").

News pages carry a handful of fixed labels in front of cross-links and live tickers
(Spanish "MIRA:", "LEE TAMBIÉN:", "EN VIVO"; French "À LIRE AUSSI"; German "LESEN SIE
AUCH"). Machine translation renders them literally, and the result reads as nonsense to an
English reader. :data:`LEXICON` is the data table of known labels: the source label, its
language, the translations an editor would accept and the literal mistranslations seen.

Two checks:

* **lint** (no source): a target segment that starts with a known literal mistranslation in
  upper case followed by ``:`` ("SIGHT: These are the countries…");
* **with a source**: an aligned bead whose source segment starts with a known source label,
  and whose target does not start with one of its accepted translations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..types import Document, Finding, FindingType, Segmentation, Severity, Span
from .base import AuditContext, make_span
from ..compiled import regex

LANGUAGE_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian"}


@dataclass(frozen=True)
class LabelEntry:
    """One fixed label of a source-language page and what it should become in English."""

    source: str  # the label as printed, without its colon: "MIRA"
    lang: str  # language of the source label: "es"
    correct: tuple[str, ...]  # accepted English renderings, best first: ("SEE", "WATCH")
    literal: tuple[str, ...]  # known literal mistranslations: ("SIGHT", "LOOK")
    kind: str = "cross-link"  # cross-link | section | live

    @property
    def language(self) -> str:
        return LANGUAGE_NAMES.get(self.lang, self.lang)


LEXICON: tuple[LabelEntry, ...] = (
    # Spanish
    LabelEntry("MIRA", "es", ("SEE", "WATCH", "ALSO SEE"), ("SIGHT", "LOOK", "LOOK AT", "LOOKS")),
    LabelEntry("LEE TAMBIÉN", "es", ("READ ALSO", "ALSO READ", "SEE ALSO", "READ MORE"), ("READ TOO", "READ ALSO TOO", "READ AS WELL")),
    LabelEntry("LEA TAMBIÉN", "es", ("READ ALSO", "ALSO READ", "SEE ALSO", "READ MORE"), ("READ IT TOO", "READ HER TOO")),
    LabelEntry("VER", "es", ("SEE",), ("TO SEE",)),
    LabelEntry("VER TAMBIÉN", "es", ("SEE ALSO",), ("TO SEE ALSO", "SEE TOO")),
    LabelEntry("MIRA TAMBIÉN", "es", ("SEE ALSO", "ALSO SEE", "WATCH ALSO"), ("LOOK TOO", "SIGHT ALSO", "LOOK ALSO")),
    LabelEntry("TE PUEDE INTERESAR", "es", ("YOU MAY BE INTERESTED", "YOU MAY ALSO LIKE", "YOU MIGHT BE INTERESTED", "RELATED"), ("YOU CAN INTEREST", "IT CAN INTEREST YOU", "YOU CAN BE INTERESTED")),
    LabelEntry("SABER MÁS", "es", ("LEARN MORE", "READ MORE", "FIND OUT MORE"), ("KNOW MORE", "TO KNOW MORE")),
    LabelEntry("ÚLTIMAS NOTICIAS", "es", ("LATEST NEWS", "BREAKING NEWS"), ("LAST NEWS", "ULTIMATE NEWS"), "section"),
    LabelEntry("EN VIVO", "es", ("LIVE",), ("IN ALIVE", "IN LIVE", "ON ALIVE"), "live"),
    # French
    LabelEntry("À LIRE AUSSI", "fr", ("READ ALSO", "ALSO READ", "SEE ALSO"), ("TO READ ALSO", "TO READ TOO", "AT READ ALSO")),
    LabelEntry("LIRE AUSSI", "fr", ("READ ALSO", "ALSO READ", "SEE ALSO"), ("READ EQUALLY",)),
    LabelEntry("VOIR AUSSI", "fr", ("SEE ALSO",), ("TO SEE TOO", "LOOK ALSO TOO")),
    # German
    LabelEntry("LESEN SIE AUCH", "de", ("ALSO READ", "READ ALSO", "SEE ALSO"), ("READ YOU ALSO", "READ THEY ALSO", "READ SHE ALSO")),
    LabelEntry("MEHR ZUM THEMA", "de", ("MORE ON THIS TOPIC", "MORE ON THE SUBJECT", "RELATED"), ("MORE TO THE TOPIC", "MORE TO THE THEME", "MORE FOR THEME")),
)

# a label ends with a colon (optionally ":-"), a bar or a dash, or the segment ends
_AFTER = r"\s*(?::-?|[|–—-](?=\s)|$)"


@lru_cache(maxsize=1)
def _literal_index() -> dict[str, LabelEntry]:
    index: dict[str, LabelEntry] = {}
    for entry in LEXICON:
        for lit in entry.literal:
            index.setdefault(lit, entry)
    return index


@lru_cache(maxsize=1)
def _literal_re() -> re.Pattern[str]:
    alts = sorted(_literal_index(), key=len, reverse=True)
    # upper case, as printed; a colon is required (lint mode must not fire on prose)
    return regex(r"(?:%s)\s?:-?" % "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts))


@lru_cache(maxsize=None)
def _source_re(entry: LabelEntry) -> re.Pattern[str]:
    body = re.escape(entry.source).replace(r"\ ", r"\s+")
    return regex(rf"{body}{_AFTER}", re.IGNORECASE)


# The word runs are possessive (giving back part of a word can never let a label end there) and
# start only at a word's start, so even a search on a long token without spaces is linear (issue 12).
_LEADING_LABEL = regex(r"(?<![^\s:|])[^\s:|]++(?:\s+[^\s:|]++){0,4}\s?(?::-?|\s\|)")


def literal_label(text: str) -> tuple[str, LabelEntry] | None:
    """The literal mistranslation ``text`` starts with ("SIGHT:") and its lexicon entry, if any."""
    stripped = text.lstrip()
    m = _literal_re().match(stripped)
    if not m:
        return None
    label = m.group(0)
    key = re.sub(r"\s+", " ", label.rstrip(":-").strip())
    return label, _literal_index()[key]


def source_label(text: str, lang: str | None = None) -> tuple[str, LabelEntry] | None:
    """The known source-language label ``text`` starts with ("MIRA:"), longest first."""
    stripped = text.lstrip()
    base = (lang or "").split("-")[0].lower()
    for entry in sorted(LEXICON, key=lambda e: len(e.source), reverse=True):
        if base and entry.lang != base:
            continue
        m = _source_re(entry).match(stripped)
        if m:
            return m.group(0).rstrip(), entry
    return None


def _starts_with_correct(text: str, entry: LabelEntry) -> bool:
    stripped = text.lstrip()
    for tr in entry.correct:
        body = re.escape(tr).replace(r"\ ", r"\s+")
        if re.match(rf"{body}(?![\w])", stripped, re.IGNORECASE):
            return True
    return False


class LabelsDetector:
    name = "labels"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        out: list[Finding] = []
        seen: set[int] = set()
        if ctx.source is not None and ctx.source_segments is not None and ctx.alignment is not None:
            out += self._aligned(ctx, seen)
        if _is_english(ctx.target.lang):
            out += self._lint(ctx, seen)
        return out

    # lint: literal labels in the target alone ----------------------------------------------

    def _lint(self, ctx: AuditContext, seen: set[int]) -> list[Finding]:
        out = []
        for seg in ctx.target_segments.segments:
            if seg.index in seen:
                continue
            hit = literal_label(seg.text)
            if hit is None:
                continue
            label, entry = hit
            span = _leading_span(ctx.target, ctx.target_segments, seg.index, label)
            out.append(
                Finding(
                    FindingType.TRANSLATION_LABEL,
                    Severity.MAJOR,
                    f"Literal translation of a fixed label: '{_colon(label)}' should read "
                    f"{_alternatives(entry)}.",
                    f"'{_colon(label)}' is a literal translation of {entry.language} "
                    f"'{entry.source}:' (= '{entry.correct[0]}:')",
                    0.9,
                    target_span=span,
                    detector=self.name,
                )
            )
        return out

    # with a source: each aligned bead whose source starts with a known label ---------------

    def _aligned(self, ctx: AuditContext, seen: set[int]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None and ctx.alignment is not None
        out = []
        for k, bead in enumerate(ctx.alignment.beads):
            if not bead.src or not bead.tgt:
                continue
            s_seg = ctx.source_segments.segments[min(bead.src)]
            hit = source_label(s_seg.text, ctx.source.lang)
            if hit is None:
                continue
            s_label, entry = hit
            t_index = min(bead.tgt)
            t_text = ctx.target_segments.segments[t_index].text
            if _starts_with_correct(t_text, entry):
                continue
            literal = literal_label(t_text)
            leading = literal[0] if literal else _leading_label(t_text)
            if leading is not None:
                severity, conf = Severity.MAJOR, (0.9 if literal else 0.75)
                t_label = leading
                what = f"is rendered '{_colon(t_label)}'"
                if literal:
                    what += " (a known literal translation)"
            else:
                severity, conf = Severity.MINOR, 0.5
                t_label = " ".join(t_text.split()[: max(1, len(entry.source.split()))])
                what = "has no recognisable label in the target"
            seen.add(t_index)
            out.append(
                Finding(
                    FindingType.TRANSLATION_LABEL,
                    severity,
                    f"Fixed label mistranslated: {entry.language} '{entry.source}:' should read "
                    f"{_alternatives(entry)}.",
                    f"source label '{s_label}' {what}; accepted: "
                    + ", ".join(f"'{c}:'" for c in entry.correct),
                    conf,
                    source_span=_leading_span(ctx.source, ctx.source_segments, s_seg.index, s_label),
                    target_span=_leading_span(ctx.target, ctx.target_segments, t_index, t_label),
                    bead=k,
                    detector=self.name,
                )
            )
        return out


def _is_english(lang: str | None) -> bool:
    return lang is None or lang.lower().split("-")[0] == "en"


def _leading_label(text: str) -> str | None:
    m = _LEADING_LABEL.match(text.lstrip())
    return m.group(0) if m else None


def _leading_span(doc: Document, seg: Segmentation, index: int, label: str) -> Span:
    s = seg.segments[index]
    start = s.start + (len(s.text) - len(s.text.lstrip()))
    end = min(s.end, start + len(label.rstrip()))
    return make_span(doc, start, end, (index,))


def _colon(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().rstrip("|-").strip().rstrip(":")) + ":"


def _alternatives(entry: LabelEntry) -> str:
    first, *rest = entry.correct
    alt = f"'{first}:'"
    if rest:
        alt += " (or " + ", ".join(f"'{r}:'" for r in rest) + ")"
    return alt
