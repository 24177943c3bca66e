"""Spelling conventions of names: Kiev/Kyiv, Zelensky/Zelenskyy, Gaddafi/Qaddafi.

A spelling variant is a style matter, never a change of meaning. The lexicon
(``variants.toml``, shipped next to this module) holds *groups*: one name, its house-style
spelling (``preferred``, per language where the language has its own exonym: Spanish "Kiev")
and its other spellings. :func:`find_variants` finds every mention of a group in a text:
whole words, case-insensitive, accents folded, a possessive ("Zelenskyy's") included.

:class:`SpellingDetector` reports, all minor:

* with a source and an alignment, a name spelled one way in the source and another in the
  aligned target (``SPELLING_VARIANT``, "Spelling convention: 'Kiev' for 'Kyiv'");
* in the target alone (lint and audit), a spelling the house style does not prefer, once per
  spelling per document (``SPELLING_VARIANT``);
* a target that mixes two spellings of one name (``INCONSISTENT_SPELLING``, once per name).

Between documents in different languages a target spelling is not reported when it is the
target language's own form ("Kyiv" in English, "Kiev" in Spanish) or when that language has no
form for the name: the translator's exonym is not a deviation. A language other than English
is linted only for the groups that name its preferred form.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from typing import Iterable

from ..lexicons import load
from ..text import fold_with_offsets
from ..types import Finding, FindingType, Segmentation, Severity
from .base import AuditContext, make_span

LEXICON_FILE = "variants.toml"

_SEPARATORS = r"[\s\-‐‑–]+"
_NOUNS = {"place": "place", "person": "person", "organisation": "organisation", "holiday": "holiday"}


# --------------------------------------------------------------------------- folding
# every match is made on text folded by :func:`auditor.text.fold_with_offsets` (case-folded, accents
# removed, apostrophes unified)


def form_key(form: str) -> str:
    """Two spellings with the same key are the same spelling ("al-Qaeda" = "Al Qaeda" = "AL QAEDA")."""
    s = fold_with_offsets(form)[0].replace("'", "")
    return re.sub(_SEPARATORS, " ", s).strip()


# --------------------------------------------------------------------------- matching
# A form matches the folded text as its words in order, any run of spaces and hyphens
# (``_SEPARATORS``) between two words, an apostrophe optional between two characters of a word
# ("al-Qaida" matches "al-Qa'ida"), starting and ending at word boundaries (so "Zelenskyy's"
# holds "Zelenskyy"). The text is read left to right; at each place the longest form that matches
# there is taken and reading goes on after it (no two matches overlap).
#
# The forms are kept in a trie over their word keys: plain data (nested dicts; a node's "" entry
# holds the key of the form that ends there), compiled once into the cache by
# :func:`auditor.compiled.table`. The text is cut into tokens: runs of word characters, and each
# non-word character that some form spells (the "," of "Odessa, Texas"). A word of a form is one
# or more tokens that touch or are joined by one apostrophe ("ky'iv"); two words, tokens with only
# separators between them.
#
# This finds what one regular expression did (every form's pattern in an alternation, longest
# pattern first, read with ``finditer``; tests/test_spelling_matcher.py keeps it as the oracle):
# the forms that match at one place spell prefixes of one another (each is the text from there,
# apostrophes dropped and separators made one space), and a prefix's pattern is a proper prefix
# of the longer form's, so the longest pattern tried first is the longest match. A form with no
# letters ("-", an empty key) matches nothing (the regular expression matched it empty and failed).

_SEPARATOR_RUN = re.compile(_SEPARATORS)
_WORD_CHAR = re.compile(r"\w")


def _trie(keys: Iterable[str]) -> dict:
    root: dict = {}
    for key in keys:
        if not key:
            continue  # a form with no letters ("-") matches nothing
        node = root
        for word in key.split(" "):
            node = node.setdefault(word, {})
        node[""] = key
    return root


def _index(groups: tuple[VariantGroup, ...]) -> dict:
    """The lexicon's matching tables, as plain data (what :func:`auditor.compiled.table` keeps)."""
    by_key: dict[str, tuple[int, str]] = {}
    for i, g in enumerate(groups):
        for form in g.forms:
            by_key.setdefault(form_key(form), (i, form))  # a form in two groups: the first keeps it
    exceptions = {form_key(e) for g in groups for e in g.exceptions}
    keys = [k for k in (*by_key, *exceptions) if k]
    marks = sorted({c for k in keys for c in k if c != " " and not _WORD_CHAR.match(c)})
    tokens = r"\w+" + ("|[" + "".join(re.escape(c) for c in marks) + "]" if marks else "")
    forms, excepted = _trie(by_key), _trie(sorted(exceptions))
    return {
        "by_key": by_key,
        "forms": forms,
        "exceptions": excepted,
        # what a match's first token can be: a prefix of a first word ("ky" of "ky'iv")
        "forms_starts": frozenset(w[:n] for w in forms for n in range(1, len(w) + 1)),
        "exceptions_starts": frozenset(w[:n] for w in excepted for n in range(1, len(w) + 1)),
        "tokens": tokens,
        "longest_word": max((len(w) for k in keys for w in k.split(" ")), default=0),
    }


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class _Tokens:
    """The tokens of one folded text: their strings, starts and ends."""

    __slots__ = ("folded", "texts", "starts", "ends")

    def __init__(self, folded: str, pattern: str) -> None:
        self.folded = folded
        found = list(_regex(pattern).finditer(folded))
        self.texts: list[str] = list(map(re.Match.group, found))
        self.starts: list[int] = list(map(re.Match.start, found))
        self.ends: list[int] = list(map(re.Match.end, found))

    def joined(self, j: int) -> bool:
        """Tokens ``j`` and ``j + 1`` touch or have one apostrophe between them (one word)."""
        a, b = self.ends[j], self.starts[j + 1]
        return a == b or (b == a + 1 and self.folded[a] == "'")

    def spaced(self, j: int) -> bool:
        """Only separators between tokens ``j`` and ``j + 1`` (two words)."""
        a, b = self.ends[j], self.starts[j + 1]
        return b > a and _SEPARATOR_RUN.fullmatch(self.folded, a, b) is not None


def _longest(root: dict, toks: _Tokens, i: int, longest_word: int) -> tuple[int, str] | None:
    """The longest form of ``root`` that starts at token ``i``: its last token and key."""
    folded, texts, ends = toks.folded, toks.texts, toks.ends
    n = len(texts)
    start = toks.starts[i]
    if start > 0 and _WORD_CHAR.match(folded, start - 1):
        return None  # inside a word (a mark right after a letter)
    best: tuple[int, str] | None = None
    stack = [(root, i)]
    while stack:
        node, k = stack.pop()
        word = ""
        for j in range(k, n):
            word += texts[j]
            child = node.get(word)
            if child is not None:
                key = child.get("")
                if key is not None and (best is None or ends[j] > ends[best[0]]):
                    if not (ends[j] < len(folded) and _WORD_CHAR.match(folded, ends[j])):
                        best = (j, key)
                if j + 1 < n and len(child) > (key is not None) and toks.spaced(j):
                    stack.append((child, j + 1))
            if j + 1 >= n or len(word) >= longest_word or not toks.joined(j):
                break
    return best


def _scan(root: dict, firsts: frozenset[str], toks: _Tokens, longest_word: int) -> list[tuple[int, int, str]]:
    """Every match of ``root``'s forms, left to right without overlap: (start, end, key) in the
    folded text. ``firsts``: the tokens a match can start with."""
    out: list[tuple[int, int, str]] = []
    if not root:
        return out
    texts, starts, ends = toks.texts, toks.starts, toks.ends
    n = len(texts)
    after = 0  # the first token the next match may start at
    for i in compress(count(), map(firsts.__contains__, texts)):
        if i < after or (texts[i] not in root and not (i + 1 < n and toks.joined(i))):
            continue
        found = _longest(root, toks, i, longest_word)
        if found is not None:
            j, key = found
            out.append((starts[i], ends[j], key))
            after = j + 1
    return out


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class VariantGroup:
    """One name and its spellings; ``lang`` maps a language to its own preferred spelling."""

    id: str
    preferred: str
    variants: tuple[str, ...]
    kind: str = "place"
    lang: tuple[tuple[str, str], ...] = ()
    lint: bool = True
    exceptions: tuple[str, ...] = ()
    after: str | None = None
    capitalised: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.preferred, *self.variants)

    def preferred_for(self, lang: str | None) -> str | None:
        """The house-style spelling in ``lang`` (English when None); None: not linted there."""
        if not self.lint:
            return None
        table = dict(self.lang)
        if lang in table:
            return table[lang]
        if lang is None or lang == "en":
            return self.preferred
        return None


@dataclass(frozen=True)
class VariantHit:
    """One mention of a group's spelling in a text: ``form`` is the lexicon's spelling matched,
    ``text`` the text as written, ``start``/``end`` offsets in the text; ``preferred`` the
    house-style spelling in the text's language (None when that language is not linted)."""

    group: str
    form: str
    key: str
    text: str
    start: int
    end: int
    preferred: str | None
    kind: str = "place"

    @property
    def is_preferred(self) -> bool:
        return self.preferred is None or form_key(self.preferred) == self.key


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[VariantGroup, ...]
    by_key: dict[str, tuple[VariantGroup, str]] = field(repr=False)
    index: dict = field(repr=False)  # plain data: see _index
    after: dict[str, str] = field(repr=False)  # group id -> regular expression (compiled when first used)

    @classmethod
    def from_groups(cls, groups: Iterable[VariantGroup], *, store: str | None = None) -> "Lexicon":
        """The lexicon of ``groups``; ``store``: a name under which its index is compiled once
        into the cache (:func:`auditor.compiled.table`, keyed by the groups), None: built here."""
        groups = tuple(groups)
        if store is None:
            index = _index(groups)
        else:
            from ..compiled import table

            index = table(store, [repr(groups)], lambda: _index(groups), builder=__name__)
        by_key = {k: (groups[i], form) for k, (i, form) in index["by_key"].items()}
        after = {g.id: g.after for g in groups if g.after}
        return cls(groups, by_key, index, after)

    def find(self, text: str, lang: str | None = None) -> list[VariantHit]:
        if not text:
            return []
        lang = _lang(lang)
        folded, origin = fold_with_offsets(text)
        index = self.index
        toks = _Tokens(folded, index["tokens"])
        longest = index["longest_word"]
        blocked = [(a, b) for a, b, _ in _scan(index["exceptions"], index["exceptions_starts"], toks, longest)]
        hits: list[VariantHit] = []
        for a, b, key in _scan(index["forms"], index["forms_starts"], toks, longest):
            entry = self.by_key.get(key)
            if entry is None:
                continue
            group, form = entry
            if any(x <= a and b <= y for x, y in blocked):
                continue
            after = self.after.get(group.id)
            if after is not None and not _regex(after).match(folded, b):
                continue
            start, end = origin[a], origin[b - 1] + 1
            written = text[start:end]
            if group.capitalised and not next((c for c in written if c.isalpha()), "a").isupper():
                continue
            hits.append(VariantHit(group.id, form, key, written, start, end, group.preferred_for(lang), group.kind))
        return hits


def _lang(lang: str | None) -> str | None:
    if not lang:
        return None
    return lang.split("-")[0].split("_")[0].lower()


def load_lexicon(data: bytes | str | None = None) -> Lexicon:
    """The lexicon from TOML text, or (no argument) the one shipped with the package (cached)."""
    if data is None:
        return _shipped()
    import tomllib

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return _from_table(tomllib.loads(text))


def _from_table(table: dict, store: str | None = None) -> Lexicon:
    return Lexicon.from_groups((_group(g) for g in table.get("group", [])), store=store)


@lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    name = LEXICON_FILE.removesuffix(".toml")
    return _from_table(load(name), store=f"spelling-{name}")


def _group(d: dict) -> VariantGroup:
    return VariantGroup(
        id=d["id"],
        preferred=d["preferred"],
        variants=tuple(d.get("variants", ())),
        kind=d.get("kind", "place"),
        lang=tuple(sorted(d.get("lang", {}).items())),
        lint=bool(d.get("lint", True)),
        exceptions=tuple(d.get("except", ())),
        after=d.get("after"),
        capitalised=bool(d.get("capitalised", False)),
    )


def find_variants(text: str, lang: str | None = None, *, lexicon: Lexicon | None = None) -> list[VariantHit]:
    """Every mention in ``text`` of a name that has spelling variants, in text order."""
    return (lexicon or load_lexicon()).find(text, lang)


# --------------------------------------------------------------------------- detector


def _noun(kind: str) -> str:
    return _NOUNS.get(kind, "name")


def _by_segment(hits: list[VariantHit], seg: Segmentation) -> dict[int, list[VariantHit]]:
    starts = [s.start for s in seg.segments]
    out: dict[int, list[VariantHit]] = {}
    for h in hits:
        i = bisect.bisect_right(starts, h.start) - 1
        if i >= 0 and h.start < seg.segments[i].end:
            out.setdefault(i, []).append(h)
    return out


class SpellingDetector:
    name = "spelling"

    def __init__(self, *, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Lexicon:
        return self._lexicon or load_lexicon()

    def detect(self, ctx: AuditContext) -> list[Finding]:
        tgt_lang = _lang(ctx.target.lang or ctx.target_segments.lang)
        tgt_hits = self.lexicon.find(ctx.target.text, tgt_lang)
        if not tgt_hits:
            return []
        out: list[Finding] = []
        covered: set[tuple[int, int]] = set()
        if ctx.source is not None and ctx.source_segments is not None and ctx.alignment is not None:
            out += self._across(ctx, tgt_hits, tgt_lang, covered)
        out += self._house_style(ctx, tgt_hits, covered)
        out += self._consistency(ctx, tgt_hits)
        return out

    # a name spelled differently in the aligned source and target
    def _across(self, ctx: AuditContext, tgt_hits: list[VariantHit], tgt_lang: str | None,
                covered: set[tuple[int, int]]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None and ctx.alignment is not None
        src_lang = _lang(ctx.source.lang or ctx.source_segments.lang)
        src_hits = self.lexicon.find(ctx.source.text, src_lang)
        if not src_hits:
            return []
        crosses = src_lang is not None and tgt_lang is not None and src_lang != tgt_lang
        s_by, t_by = _by_segment(src_hits, ctx.source_segments), _by_segment(tgt_hits, ctx.target_segments)
        out: list[Finding] = []
        for k, bead in enumerate(ctx.alignment.beads):
            if not bead.src or not bead.tgt:
                continue
            s = [h for i in bead.src for h in s_by.get(i, [])]
            t = [h for i in bead.tgt for h in t_by.get(i, [])]
            done: set[tuple[str, str]] = set()
            for th in t:
                s_group = [h for h in s if h.group == th.group]
                if not s_group or th.key in {h.key for h in s_group} or (th.group, th.key) in done:
                    continue
                if crosses and (th.preferred is None or th.is_preferred):
                    continue  # the target language's own form, or a language with none: an exonym
                done.add((th.group, th.key))
                t_keys = {h.key for h in t if h.group == th.group}
                sh = next((h for h in s_group if h.key not in t_keys), s_group[0])
                i_s = bead.src[0] if len(bead.src) == 1 else _segment_of(ctx.source_segments, sh.start)
                i_t = bead.tgt[0] if len(bead.tgt) == 1 else _segment_of(ctx.target_segments, th.start)
                for h in t:
                    if h.group == th.group and h.key == th.key:
                        covered.add((h.start, h.end))
                out.append(
                    Finding(
                        FindingType.SPELLING_VARIANT,
                        Severity.MINOR,
                        f"Spelling convention: '{th.form}' for '{sh.form}' (same {_noun(th.kind)}).",
                        f"source '{sh.text}', target '{th.text}': spellings of one {_noun(th.kind)} "
                        f"(group {th.group}; house style '{th.preferred or sh.preferred or th.form}')",
                        0.95,
                        source_span=make_span(ctx.source, sh.start, sh.end, (i_s,)),
                        target_span=make_span(ctx.target, th.start, th.end, (i_t,)),
                        bead=k,
                        detector=self.name,
                    )
                )
        return out

    # a spelling the house style does not prefer, once per spelling
    def _house_style(self, ctx: AuditContext, hits: list[VariantHit], covered: set[tuple[int, int]]) -> list[Finding]:
        seen: dict[tuple[str, str], list[VariantHit]] = {}
        for h in hits:
            if not h.is_preferred:
                seen.setdefault((h.group, h.key), []).append(h)
        out: list[Finding] = []
        for occurrences in seen.values():
            left = [h for h in occurrences if (h.start, h.end) not in covered]
            if not left:
                continue
            h = left[0]
            n = len(occurrences)
            out.append(
                Finding(
                    FindingType.SPELLING_VARIANT,
                    Severity.MINOR,
                    f"Spelling: '{h.form}' — house style prefers '{h.preferred}' (same {_noun(h.kind)}).",
                    f"'{h.form}' written {n} time{'s' if n != 1 else ''} in the target (group {h.group})",
                    0.9,
                    target_span=make_span(ctx.target, h.start, h.end, (_segment_of(ctx.target_segments, h.start),)),
                    detector=self.name,
                )
            )
        return out

    # one name spelled two or more ways in the same document
    def _consistency(self, ctx: AuditContext, hits: list[VariantHit]) -> list[Finding]:
        groups: dict[str, list[VariantHit]] = {}
        for h in hits:
            groups.setdefault(h.group, []).append(h)
        out: list[Finding] = []
        for gid, gh in groups.items():
            counts = Counter(h.key for h in gh)
            if len(counts) < 2:
                continue
            first: dict[str, VariantHit] = {}
            for h in gh:
                first.setdefault(h.key, h)
            # the minority: fewest uses; on a tie, a non-preferred spelling, then the later one
            order = list(first)
            minority = min(order, key=lambda k: (counts[k], first[k].is_preferred, -order.index(k)))
            h = first[minority]
            listing = ", ".join(f"'{first[k].form}' ×{counts[k]}" for k in order)
            pref = gh[0].preferred
            out.append(
                Finding(
                    FindingType.INCONSISTENT_SPELLING,
                    Severity.MINOR,
                    f"Inconsistent spelling of one {_noun(h.kind)}: {listing}.",
                    f"group {gid}: {len(counts)} spellings in the target"
                    + (f"; house style '{pref}'" if pref else "")
                    + f"; first '{h.form}' marked",
                    0.9,
                    target_span=make_span(ctx.target, h.start, h.end, (_segment_of(ctx.target_segments, h.start),)),
                    detector=self.name,
                )
            )
        return out


def _segment_of(seg: Segmentation | None, offset: int) -> int:
    if seg is None or not seg.segments:
        return 0
    starts = [s.start for s in seg.segments]
    return max(0, bisect.bisect_right(starts, offset) - 1)
