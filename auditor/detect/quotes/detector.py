"""The quotes detector: quotations altered, unmarked or re-attributed between aligned beads, compared in
groups of beads that share a quote."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ...types import Bead, Document, Finding, FindingType, Segmentation, Severity, Span
from ..base import AuditContext, make_span
from .marks import Quote, find_quotes
from .speakers import _determiner_before, _reports, mentions, same_speaker
from ...text import JOINED
from .wording import _TYPO, _diff, _overlap, _tokens
from ...compiled import regex


MIN_UNMARKED_WORDS = 4  # 3 words or fewer: a title, term or scare quote; losing its marks is style
UNMARKED_OVERLAP = 0.8  # share of a quote's words found, in order, in the target
PAIR_SIMILARITY = 0.2  # same language: a target quote this close is the source quote's counterpart


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


_LEX_WORD = regex(r"[^\W\d_]{3,}")
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
_ANY_MARK = regex(
    r"[\"“”„«»‹›「」『』]|(?<![^\W\d_])['‘’‚]|['‘’‚](?![^\W\d_])|^[ \t]*[—–―]", re.MULTILINE
)


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
        for m in JOINED.finditer(unicodedata.normalize("NFKC", tgt.text[start:end]).translate(_TYPO)):
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
