"""Translation artefacts: false friends, untranslated source text, segments copied verbatim.

Three checks on the beads of a cross-language audit (source and target languages differ):

* **false friends** — the aligned source sentence has a word of the packaged lexicon
  (``false_friends.toml``: Spanish "actualmente"), the target sentence has its look-alike
  ("actually") and none of the usual renderings ("currently", "at present"…), and the source
  has no word that legitimately gives the look-alike ("realmente"). Major.
* **untranslated text** — a target sentence that is identical to its aligned source is an
  :attr:`~auditor.types.FindingType.IDENTICAL_COPY` (critical) unless it holds fewer than two
  ordinary words of the source language (a list of names, a credit); a whole target sentence that
  language identification puts in the *source* language is untranslated (critical; major under eight
  words, where a title or caption is often cited as published, and where no source sentence is
  aligned to it, inserted material printed as published); a run of
  four or more tokens shared, in order, with the aligned source is untranslated (major) unless
  it looks like a name (mostly capitalised words), is inside quotation marks, or is numbers.
* in **lint mode** (no source): a paragraph of eight or more words that language
  identification confidently puts in another language than the document's (major, lower
  confidence: it may be a quotation left in its language on purpose).

Labels translated word for word ("MIRA:" → "SIGHT:") are :mod:`auditor.detect.labels`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang import language_name
from ..lexicons import load
from ..text import WORD_NUMBER, fold_with_offsets, tokens
from ..types import Document, Finding, FindingType, Segment, Segmentation, Severity
from .base import AuditContext, make_span, paired_beads

LEXICON_FILE = "false_friends.toml"

MIN_RUN_TOKENS = 4  # shared tokens, in order, before a run counts as untranslated
MIN_SENTENCE_WORDS = 6  # shorter sentences are not language-identified (too unreliable)
MIN_SENTENCE_LETTERS = 30
SENTENCE_LANG_PROB = 0.9  # language-identification probability a whole sentence needs
SHORT_UNTRANSLATED_WORDS = 8  # an untranslated line of fewer words (a title, a caption) is major, not critical
COMMON_WORD_ZIPF = 4.8  # a capitalised word this common in its language is a word, not a name
KNOWN_WORD_ZIPF = 3.0  # a lower-case word this common is a word of the language
MIN_PARAGRAPH_WORDS = 8  # lint mode: paragraphs shorter than this are not identified
PARAGRAPH_LANG_PROB = 0.95

_OPEN_QUOTES = "“„«‹「"
_CLOSE_QUOTES = "”»›」"
# URLs, e-mail addresses, handles. Linear on any input (issue 12: ``\S+@\S+\.\w+`` backtracked
# over every start position of a long token, 57 s on a 120 KB base64 blob): an address is
# matched only from a token's start, its local part possessively, so each token is scanned
# a bounded number of times. The leftmost match is the same, except that '@' no longer
# occurs inside an address's parts ("a@b@c.d" masks the handles "@b" and "@c").
_MASK = re.compile(r"https?://\S+|www\.\S+|(?<!\S)[^\s@]++@[^\s@]+\.\w+|[@#]\w+")


# --------------------------------------------------------------------------- folding


def term_pattern(term: str) -> str:
    """A regular expression (on folded text) for one lexicon term: words separated by spaces or
    hyphens; a trailing ``*`` lets the last word take any ending."""
    prefix = term.endswith("*")
    words = fold_with_offsets(term.rstrip("*"))[0].split()
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    return body + (r"\w*" if prefix else "")


def terms_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({term_pattern(t) for t in terms if t.strip("* ")}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w'\-])(?:" + "|".join(alts) + r")(?![\w\-])")


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class FalseFriend:
    """One lexicon entry: see the header of ``false_friends.toml``."""

    pair: str  # "es-en"
    source: tuple[str, ...]
    false: tuple[str, ...]
    correct: tuple[str, ...]
    legit: tuple[str, ...] = ()
    note: str = ""
    confidence: float = 0.0  # 0: derived from how specific the entry is

    @property
    def src_lang(self) -> str:
        return self.pair.split("-")[0]

    @property
    def specificity(self) -> float:
        """Whole words on both sides are surer than prefixes ("asist*"), which catch more forms."""
        if self.confidence:
            return self.confidence
        prefixes = any(t.endswith("*") for t in self.source) + any(t.endswith("*") for t in self.false)
        return (0.85, 0.75, 0.65)[prefixes]

    @lru_cache(maxsize=None)
    def regex(self, side: str) -> re.Pattern[str]:
        return terms_regex(getattr(self, side))


def load_false_friends(data: bytes | str | None = None) -> dict[str, tuple[FalseFriend, ...]]:
    """Entries by language pair ("es-en"), from TOML text or (no argument) the packaged lexicon."""
    if data is None:
        return _shipped()
    import tomllib

    from ..errors import BadInputError

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        raw = tomllib.loads(text).get("entry", [])
    except tomllib.TOMLDecodeError as exc:
        raise BadInputError(f"false-friend lexicon is not valid TOML: {exc}",
                            fix="check the [[entry]] tables of the lexicon file", code="A430") from exc  # fmt: skip
    return _entries(raw)


def _entries(raw: list[dict]) -> dict[str, tuple[FalseFriend, ...]]:
    """The ``[[entry]]`` tables of a false-friend lexicon, checked, by language pair."""
    from ..errors import BadInputError

    out: dict[str, list[FalseFriend]] = {}
    for i, d in enumerate(raw):
        missing = [k for k in ("pair", "source", "false", "correct") if not d.get(k)]
        if missing:
            raise BadInputError(f"false-friend entry {i + 1} lacks {', '.join(missing)}",
                                fix="give every [[entry]] a pair, source, false and correct list", code="A430")  # fmt: skip
        ff = FalseFriend(
            pair=str(d["pair"]).lower(),
            source=tuple(d["source"]),
            false=tuple(d["false"]),
            correct=tuple(d["correct"]),
            legit=tuple(d.get("legit", ())),
            note=str(d.get("note", "")),
            confidence=float(d.get("confidence", 0.0)),
        )
        out.setdefault(ff.pair, []).append(ff)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, tuple[FalseFriend, ...]]:
    return _entries(load(LEXICON_FILE.removesuffix(".toml")).get("entry", []))


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Tok:
    text: str
    key: str  # folded
    start: int  # offset in the document
    end: int


def _tokens(doc: Document, seg: Segment) -> list[_Tok]:
    text = _MASK.sub(lambda m: " " * len(m.group()), doc.text[seg.start : seg.end])
    return [_Tok(t.text, fold_with_offsets(t.text)[0], seg.start + t.start, seg.start + t.end) for t in tokens(text, WORD_NUMBER)]


def _quote_depth_at(text: str, pos: int) -> int:
    """How many quotation marks are open at ``pos`` of ``text`` (straight quotes toggle)."""
    depth, straight = 0, False
    for c in text[:pos]:
        if c in _OPEN_QUOTES:
            depth += 1
        elif c in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif c == '"':
            straight = not straight
    return depth + int(straight)


def _is_quoted_whole(text: str) -> bool:
    s = text.strip().rstrip(".!?;: ")
    return len(s) > 2 and s[0] in _OPEN_QUOTES + '"' and s[-1] in _CLOSE_QUOTES + '"'


def _name_like(run: list[_Tok]) -> bool:
    """A run that is mostly capitalised words or numbers — a name, a title, a date, kept on
    purpose — or a repetition ("ha, ha, ha, ha"). Short lower-case words ("de", "of the") count
    for neither side."""
    if len({t.key for t in run}) < 3:
        return True
    caps = [t for t in run if t.text[0].isupper()]
    lower = [t for t in run if t.text[0].islower() and len(t.text) > 3]
    return len(lower) < 2 or len(caps) >= len(lower)


def _names_only(run: list[_Tok], lang: str) -> bool:
    """Fewer than two words of the run are ordinary words of ``lang`` (wordfreq): lower-case words
    known in the language, capitalised ones that are very common there (a German noun such as
    "Regierung", not a surname such as "Schmidt"). A list of names, a credit or a Latin motto left
    as published has nothing to translate. Without word frequencies for ``lang``, every lower-case
    word of four letters or more counts."""
    from .spinner import zipf

    words = 0
    for t in run:
        if len(t.text) <= 3 or not t.text[:1].isalpha():
            continue
        z = zipf(t.text.lower(), lang)
        if t.text[0].islower():
            words += z is None or z >= KNOWN_WORD_ZIPF
        elif z is not None and z >= COMMON_WORD_ZIPF:
            words += 1
    return words < 2


def _common_runs(a: list[_Tok], b: list[_Tok], min_len: int) -> list[tuple[int, int, int]]:
    """Maximal runs of equal keys: (start in a, start in b, length), longest first, not overlapping in b."""
    best: list[tuple[int, int, int]] = []
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1].key == b[j - 1].key:
                cur[j] = prev[j - 1] + 1
                ends_here = i == len(a) or j == len(b) or a[i].key != b[j].key
                if cur[j] >= min_len and ends_here:
                    best.append((i - cur[j], j - cur[j], cur[j]))
        prev = cur
    best.sort(key=lambda r: -r[2])
    taken: set[int] = set()
    out = []
    for ai, bj, n in best:
        if taken.isdisjoint(range(bj, bj + n)):
            taken.update(range(bj, bj + n))
            out.append((ai, bj, n))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def _segment_index(seg: Segmentation, offset: int) -> int:
    for s in seg.segments:
        if s.start <= offset < s.end:
            return s.index
    return 0


# --------------------------------------------------------------------------- detector


class ArtefactsDetector:
    name = "artefacts"

    def __init__(self, *, lexicon: dict[str, tuple[FalseFriend, ...]] | None = None, language_id: bool = True) -> None:
        self._lexicon = lexicon
        self.language_id = language_id  # sentence/paragraph language identification (py3langid)

    @property
    def lexicon(self) -> dict[str, tuple[FalseFriend, ...]]:
        return self._lexicon if self._lexicon is not None else load_false_friends()

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.source is None or ctx.source_segments is None or ctx.alignment is None:
            return self._lint(ctx) if self.language_id else []
        src_lang, tgt_lang = ctx.source_lang, ctx.target_lang
        if src_lang == tgt_lang or "und" in (src_lang, tgt_lang):
            return []
        out: list[Finding] = []
        done: set[int] = set()  # target segments reported as wholly untranslated
        out += self._identical(ctx, done)
        if self.language_id:
            out += self._whole_sentences(ctx, src_lang, done)
        out += self._runs(ctx, done)
        out += self._false_friends(ctx, f"{src_lang}-{tgt_lang}", done)
        return out

    # ------------------------------------------------------------------ copies

    def _identical(self, ctx: AuditContext, done: set[int]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None
        out = []
        for k, bead in paired_beads(ctx):
            s = _norm(" ".join(ctx.source_segments.segments[i].text for i in bead.src))
            t = _norm(" ".join(ctx.target_segments.segments[i].text for i in bead.tgt))
            if s != t or len(WORD_NUMBER.findall(re.sub(r"\d", " ", t))) < 3:
                continue
            toks = [x for i in bead.tgt for x in _tokens(ctx.target, ctx.target_segments.segments[i])]
            if _target_language_words(toks, ctx.source_lang, ctx.target_lang):
                continue  # the source line was already in the target language (an English headline)
            if _names_only(toks, ctx.source_lang):
                continue  # a list of names or a credit ("Nanga Parbat, Cho Oyu, Gasherbrum."): nothing to translate
            done.update(bead.tgt)
            out.append(self._finding(
                ctx, FindingType.IDENTICAL_COPY, Severity.CRITICAL,
                "The target copies the source text untranslated.",
                f"target sentence{'s' if len(bead.tgt) > 1 else ''} identical to the aligned "
                f"{language_name(ctx.source_lang)} source",
                1.0, bead.src, bead.tgt, k,
            ))  # fmt: skip
        return out

    def _whole_sentences(self, ctx: AuditContext, src_lang: str, done: set[int]) -> list[Finding]:
        from ..lang import detect_language

        bead_of = {t: (k, b) for k, b in enumerate(ctx.alignment.beads if ctx.alignment else ()) for t in b.tgt}
        out = []
        for seg in ctx.target_segments.segments:
            if seg.index in done or not _identifiable(seg.text, MIN_SENTENCE_WORDS) or _is_quoted_whole(seg.text):
                continue
            lang, p = detect_language(seg.text)
            if lang != src_lang or p < SENTENCE_LANG_PROB:
                continue
            done.add(seg.index)
            k, bead = bead_of.get(seg.index, (None, None))
            src = bead.src if bead is not None else ()
            # a short line left in the source language is often a title or caption cited as published;
            # one with no aligned source sentence was not left untranslated but inserted as published
            # (an advertisement, a quotation): both are major, not critical
            minor_case = len(WORD_NUMBER.findall(_MASK.sub(" ", seg.text))) < SHORT_UNTRANSLATED_WORDS or not src
            out.append(self._finding(
                ctx, FindingType.UNTRANSLATED, Severity.MAJOR if minor_case else Severity.CRITICAL,
                f"The sentence was left in {language_name(src_lang)}: it is not translated.",
                f"language identification: {language_name(lang)} (p={p:.2f}); target language "
                f"{language_name(ctx.target_lang)}",
                round(0.95 * p, 4), src, (seg.index,), k,
            ))  # fmt: skip
        return out

    def _runs(self, ctx: AuditContext, done: set[int]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None
        out = []
        for k, bead in paired_beads(ctx):
            if done.intersection(bead.tgt):
                continue
            s_toks = [t for i in bead.src for t in _tokens(ctx.source, ctx.source_segments.segments[i])]
            for ti in bead.tgt:
                seg = ctx.target_segments.segments[ti]
                t_toks = _tokens(ctx.target, seg)
                for ai, bj, n in _common_runs(s_toks, t_toks, MIN_RUN_TOKENS):
                    run = t_toks[bj : bj + n]
                    if _name_like(run) or _quote_depth_at(seg.text, run[0].start - seg.start) > 0:
                        continue
                    if _target_language_words(run, ctx.source_lang, ctx.target_lang):
                        continue
                    src_run = s_toks[ai : ai + n]
                    s_seg = _segment_index(ctx.source_segments, src_run[0].start)
                    t_text = ctx.target.text[run[0].start : run[-1].end]
                    out.append(
                        Finding(
                            FindingType.UNTRANSLATED,
                            Severity.MAJOR,
                            f"{n} words left untranslated from the {language_name(ctx.source_lang)} source: '{t_text}'.",
                            f"{n} consecutive tokens identical to the aligned source sentence "
                            f"(not a name, number or quotation)",
                            min(0.95, 0.6 + 0.05 * n),
                            source_span=make_span(ctx.source, src_run[0].start, src_run[-1].end, (s_seg,)),
                            target_span=make_span(ctx.target, run[0].start, run[-1].end, (ti,)),
                            bead=k,
                            detector=self.name,
                        )
                    )
        return out

    # ------------------------------------------------------------------ false friends

    def _false_friends(self, ctx: AuditContext, pair: str, done: set[int]) -> list[Finding]:
        assert ctx.source is not None and ctx.source_segments is not None
        entries = self.lexicon.get(pair, ())
        if not entries:
            return []
        out = []
        for k, bead in paired_beads(ctx):
            if done.intersection(bead.tgt):
                continue
            s_start = ctx.source_segments.segments[min(bead.src)].start
            s_text = ctx.source.text[s_start : ctx.source_segments.segments[max(bead.src)].end]
            t_start = ctx.target_segments.segments[min(bead.tgt)].start
            t_text = ctx.target.text[t_start : ctx.target_segments.segments[max(bead.tgt)].end]
            s_fold, s_map = fold_with_offsets(s_text)
            t_fold, t_map = fold_with_offsets(t_text)
            for ff in entries:
                t_hit = ff.regex("false").search(t_fold)
                if t_hit is None:
                    continue
                s_hit = ff.regex("source").search(s_fold)
                if s_hit is None or ff.regex("correct").search(t_fold) or ff.regex("legit").search(s_fold):
                    continue
                ss, se = s_start + s_map[s_hit.start()], s_start + s_map[s_hit.end() - 1] + 1
                ts, te = t_start + t_map[t_hit.start()], t_start + t_map[t_hit.end() - 1] + 1
                s_word, t_word = ctx.source.text[ss:se], ctx.target.text[ts:te]
                if _capitalised_inside(ctx.target.text, ts, te, _segment_start(ctx.target_segments, ts)):
                    continue  # "Fast Picture Viewer": a name, not the word
                right = ", ".join(f"'{c}'" for c in ff.correct[:3])
                out.append(
                    Finding(
                        FindingType.FALSE_FRIEND,
                        Severity.MAJOR,
                        f"False friend: {language_name(ff.src_lang)} '{s_word}' rendered '{t_word}'. {ff.note}",
                        f"source has '{s_word}', target has '{t_word}' and none of the usual renderings "
                        f"({right}…); lexicon {pair}",
                        ff.specificity,
                        source_span=make_span(ctx.source, ss, se, (_segment_index(ctx.source_segments, ss),)),
                        target_span=make_span(ctx.target, ts, te, (_segment_index(ctx.target_segments, ts),)),
                        bead=k,
                        detector=self.name,
                    )
                )
        return out

    # ------------------------------------------------------------------ lint

    def _lint(self, ctx: AuditContext) -> list[Finding]:
        from ..lang import detect_language

        doc_lang = ctx.target_lang
        if doc_lang == "und":
            return []
        out = []
        for para in ctx.target_segments.paragraphs:
            text = ctx.target.text[para.start : para.end]
            if not _identifiable(text, MIN_PARAGRAPH_WORDS) or _is_quoted_whole(text):
                continue
            lang, p = detect_language(text)
            if lang in (doc_lang, "und") or p < PARAGRAPH_LANG_PROB:
                continue
            out.append(
                Finding(
                    FindingType.UNTRANSLATED,
                    Severity.MAJOR,
                    f"A paragraph in {language_name(lang)} in a {language_name(doc_lang)} document: "
                    "possibly left untranslated.",
                    f"language identification: {language_name(lang)} (p={p:.2f}); document language "
                    f"{language_name(doc_lang)}",
                    round(0.7 * p, 4),
                    target_span=make_span(ctx.target, para.start, para.end, para.segments),
                    detector=self.name,
                )
            )
        return out

    def _finding(self, ctx: AuditContext, ftype: FindingType, sev: Severity, message: str, evidence: str,
                 conf: float, src: tuple[int, ...], tgt: tuple[int, ...], bead: int | None) -> Finding:  # fmt: skip
        from .base import span_of

        assert ctx.source is not None and ctx.source_segments is not None
        return Finding(
            ftype,
            sev,
            message,
            evidence,
            conf,
            source_span=span_of(ctx.source, ctx.source_segments, src) if src else None,
            target_span=span_of(ctx.target, ctx.target_segments, tgt),
            bead=bead,
            detector=self.name,
        )


def _segment_start(seg: Segmentation, offset: int) -> int:
    return seg.segments[_segment_index(seg, offset)].start


def _capitalised_inside(text: str, start: int, end: int, sentence_start: int) -> bool:
    """A capitalised (not all-capitals) word after the first word of its sentence, or followed by
    another capitalised word ("Fast Picture Viewer"): part of a name."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    following = re.match(r"\s+(\w)", text[end : end + 40])
    return any(c.isalpha() for c in text[sentence_start:start]) or bool(following and following.group(1).isupper())


def _target_language_words(run: list[_Tok], src_lang: str, tgt_lang: str) -> bool:
    """The shared words are at least as common in the target language as in the source: English
    words quoted in the source ("GTD (Getting things done)"), not source text left in the target.
    Word frequencies from :mod:`wordfreq`; without it (or for a language it lacks), False."""
    from .spinner import zipf

    words = [t.text.lower() for t in run if t.text[0].isalpha() and not t.text[0].isupper()]
    if not words:
        return False
    src = [zipf(w, src_lang) for w in words]
    tgt = [zipf(w, tgt_lang) for w in words]
    if any(z is None for z in src + tgt):
        return False
    return sum(tgt) >= sum(src)  # type: ignore[arg-type]


def _identifiable(text: str, min_words: int) -> bool:
    words = [w for w in WORD_NUMBER.findall(_MASK.sub(" ", text)) if w[0].isalpha()]
    return len(words) >= min_words and sum(len(w) for w in words) >= MIN_SENTENCE_LETTERS
