"""The numbers detector: values that changed, were dropped or were added between aligned sentences."""

from __future__ import annotations

from ...types import Finding, FindingType, Severity
from ..base import AuditContext, make_span, paired_beads
from .compare import (
    _TENFOLD,
    WORD_LANGS,
    _absorb,
    _coarser_clock,
    _compatible,
    _compound_values,
    _cross,
    _dim,
    _explain_unread,
    _in_digits,
    _Left,
    _log_ratio,
    _Mention,
    _mentions,
    _regroup,
    _small_word,
    describe,
    same_value,
)
from .quantity import KINDS


_LABEL = {"weekday": "Weekday", "date": "Date", "year": "Year"}


class NumbersDetector:
    """Values left over in a bead are paired as **changed** (critical) only where the pairing is clear:
    values of one kind and dimension left on both sides ("6300 m" against "6200 m", "1938" against
    "1937"), paired in order, in a bead whose leftovers written in digits balance (at most one more on
    a side); in a bead of several sentences a side, only when both sides have the same count of them.
    Everything else is reported as it is:

    * a value equal to one in a neighbouring bead is no change (sentences split or joined otherwise);
    * the digits of one value written as several on the other side ("031/433611" = "031/43 36 11", "20.30
      Uhr" = "20 h. 30") are the same value;
    * leftovers of one kind in unequal numbers ("Numbers differ"), a pair with a small number word ("vier"
      against "cinq"), a clock less precise on one side ("15.30 Uhr" against "15 h") are minor hints;
    * a year never pairs with a measurement, a count never with a quantity of a unit;
    * page references ("S. 81" = "p. 80") belong to an edition and are never reported.
    """

    name = "numbers"

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.alignment is None or ctx.source is None or ctx.source_segments is None:
            return []
        src_lang, tgt_lang = ctx.source_lang, ctx.target_lang
        readable = src_lang in WORD_LANGS and tgt_lang in WORD_LANGS
        paired = dict(paired_beads(ctx))
        lefts: list[_Left] = []
        for k, bead in enumerate(ctx.alignment.beads):
            src = _mentions(ctx.source_segments, bead.src, src_lang)
            tgt = _mentions(ctx.target_segments, bead.tgt, tgt_lang)
            if not (src or tgt):
                continue
            if k not in paired:
                lefts.append(_Left(k, False, src, tgt, [], readable))
                continue
            compounds: tuple[frozenset, frozenset] = (frozenset(), frozenset())
            if not readable:
                compounds = (_compound_values(ctx.source_segments, bead.src, src_lang),
                             _compound_values(ctx.target_segments, bead.tgt, tgt_lang))
            left = self._match(ctx, k, src, tgt, readable=readable, compounds=compounds)
            left.multi = len(bead.src) > 1 or len(bead.tgt) > 1
            lefts.append(left)
        # a value the neighbouring bead has on the other side: the two sides split the sentences otherwise
        for a, b in zip(lefts, lefts[1:]):
            if b.bead == a.bead + 1 and (a.paired or b.paired):
                _absorb(a.src, b.tgt)
                _absorb(a.tgt, b.src)
        out: list[Finding] = []
        for left in lefts:
            if left.paired:
                out += left.found + self._report(ctx, left)
        return out

    def _compare(
        self, ctx: AuditContext, bead: int, src: list[_Mention], tgt: list[_Mention], *, readable: bool = True,
        compounds: tuple[frozenset[float], frozenset[float]] = (frozenset(), frozenset()),
    ) -> list[Finding]:
        """The findings of one bead on its own: :meth:`_match`, then :meth:`_report`."""
        left = self._match(ctx, bead, src, tgt, readable=readable, compounds=compounds)
        return left.found + self._report(ctx, left)

    def _match(
        self, ctx: AuditContext, bead: int, src: list[_Mention], tgt: list[_Mention], *, readable: bool = True,
        compounds: tuple[frozenset[float], frozenset[float]] = (frozenset(), frozenset()),
    ) -> _Left:
        """Match the equal values of one bead; what is left is paired by :meth:`_report`.

        ``readable``: both languages' number words, months and weekdays are parsed (en, es). If not,
        a value with no counterpart may simply be written in words the parser does not read ("dimanche",
        "六", "13日" for "the 13th"), so a drop or an addition is only a minor, low-confidence finding, and
        a value written into a compound on the other side ("Dreitore-Rückstand" for "a three-goal deficit",
        ``compounds``: the values of each side's compounds) is matched."""
        b: _Mention | None
        assert ctx.source is not None
        left_s, left_t = list(src), list(tgt)
        for strict in (True, False):  # equal values: same kind first, then a lenient kind
            for m in [x for x in left_s if not x.q.weak]:
                hit = next((t for t in left_t if not t.q.weak and _compatible(m.q, t.q, strict=strict)), None)
                if hit is not None:
                    left_s.remove(m)
                    left_t.remove(hit)
        # a month without its day matches a date in that month ("September 1988", "9 septembre 1988"), unless a
        # number right after it is a day written wrongly ("July 111")
        for ours, theirs in ((left_s, left_t), (left_t, left_s)):
            for m in [x for x in ours if x.q.kind == "date" and x.q.value % 100 == 0]:
                if any(x.q.kind == "number" and 0 <= x.start - m.end <= 2 for x in ours):
                    continue
                hit = next((t for t in theirs if t.q.kind == "date" and t.q.value // 100 == m.q.value // 100), None)
                if hit is not None:
                    ours.remove(m)
                    theirs.remove(hit)
        # a value a word only suggests ("half", "first", "the nineties") matches what is left, or goes
        for ours, theirs in ((left_s, left_t), (left_t, left_s)):
            for m in [x for x in ours if x.q.weak]:
                hit = next((t for t in theirs if _compatible(m.q, t.q, strict=False)), None)
                if hit is not None:
                    ours.remove(m)
                    theirs.remove(hit)
        out: list[Finding] = []
        # decades on both sides that differ changed, in words or digits; a weak one alone is nothing
        s_dec = [m for m in left_s if m.q.kind == "decade"]
        t_dec = [m for m in left_t if m.q.kind == "decade"]
        for a, b in zip(s_dec, t_dec):
            out.append(self._changed(ctx, bead, a, b, 0.7))
            left_s.remove(a)
            left_t.remove(b)
        for ours, theirs, first in ((left_s, left_t, True), (left_t, left_s, False)):
            for a in [m for m in ours if m.q.kind == "decade" and not m.q.weak]:  # "50代" became "the 40s"
                b = next((t for t in theirs if t.q.kind == "number" and not t.q.weak and t.q.ident is None
                          and t.q.value % 10 == 0 and 10 <= t.q.value <= 2100), None)
                if b is not None:
                    out.append(self._changed(ctx, bead, a, b, 0.6) if first else self._changed(ctx, bead, b, a, 0.6))
                    ours.remove(a)
                    theirs.remove(b)
        left_s[:] = [m for m in left_s if not m.q.weak]
        left_t[:] = [m for m in left_t if not m.q.weak]
        # digits inside names ("G7", "Section 230"): a different number in a name spelled alike changed;
        # a name on one side only (the other wrote the thing out, or named it otherwise) is nothing
        for a in [m for m in left_s if m.q.ident]:
            ident = a.q.ident or ""
            b = next((t for t in left_t if t.q.ident and t.q.ident[:3] == ident[:3]), None)
            if b is not None:
                out.append(self._changed(ctx, bead, a, b, 0.7))
                left_t.remove(b)
            left_s.remove(a)
        left_t[:] = [m for m in left_t if not m.q.ident]
        if not readable:
            _explain_unread(left_s, left_t)
            for ours, other in ((left_s, compounds[1]), (left_t, compounds[0])):
                ours[:] = [m for m in ours if not (m.q.kind == "number" and m.q.value in other)]
        _regroup(left_s, left_t, ctx.target.text)
        _regroup(left_t, left_s, ctx.source.text)
        multi = len({m.segment for m in src}) > 1 or len({m.segment for m in tgt}) > 1
        return _Left(bead, True, left_s, left_t, out, readable, multi)

    def _report(self, ctx: AuditContext, left: _Left) -> list[Finding]:
        """Pair what is left of one bead (see the class docstring) and report it."""
        assert ctx.source is not None and ctx.target is not None
        b: _Mention | None
        bead, left_s, left_t = left.bead, list(left.src), list(left.tgt)
        lone_severity, lone_conf = (Severity.MAJOR, 0.6) if left.readable else (Severity.MINOR, 0.3)
        # lopsided: a passage rewritten or left out, no pairing is clear. Values written in digits are counted:
        # words (a weekday, a month, a count) may be the other side's words the parser does not read
        balanced = abs(sum(_in_digits(m.q) for m in left_s) - sum(_in_digits(m.q) for m in left_t)) <= 1
        out: list[Finding] = []
        # changed: what is left of one kind and dimension on both sides, paired in order
        for kind in KINDS:
            classes = sorted({_dim(m.q) or "" for m in left_s + left_t if m.q.kind == kind})
            for dim in classes:
                s_k = [m for m in left_s if m.q.kind == kind and (_dim(m.q) or "") == dim]
                t_k = [m for m in left_t if m.q.kind == kind and (_dim(m.q) or "") == dim]
                # a small number word on the side with more is set aside first ("四个" unread against "four")
                while len(s_k) != len(t_k):
                    more = s_k if len(s_k) > len(t_k) else t_k
                    small = [m for m in more if _small_word(m.q)]
                    if not small:
                        break
                    more.remove(small[-1])
                if not (s_k and t_k):
                    continue
                # one sentence a side: values in order; across several sentences only the same count is clear
                clear = balanced and (len(s_k) == len(t_k) or not left.multi)
                weak = left.multi  # across several sentences a small number word is weak evidence
                for a, b in zip(s_k, t_k):
                    if clear and not (weak and (_small_word(a.q) or _small_word(b.q))) and not _coarser_clock(a.q, b.q):
                        out.append(self._changed(ctx, bead, a, b, 0.9 if len(s_k) == 1 else 0.7))
                    else:
                        out.append(self._differ(ctx, bead, a, b))
                    left_s.remove(a)
                    left_t.remove(b)
        # then a kind changed with the value kept: "5%" became "5" changes meaning; "13" and "the
        # 13th", "2022" and "in 2022" are one mention read two ways
        for a in list(left_s):
            b = next((t for t in left_t if same_value(a.q, t.q)), None)
            if b is not None:
                if {a.q.kind, b.q.kind} & {"percent", "money"}:
                    out.append(self._changed(ctx, bead, a, b, 0.6))
                left_s.remove(a)
                left_t.remove(b)
        # last, a value read as another kind on one side and changed: "29" (an unread "dollari") became
        # "39 dollars", "第3000场" became "the 2,000th", "2019" became "15334"; a bare number against one with
        # a unit the other side left unread ("48時間" became "36 hours"). Changed in one sentence a side whose
        # leftovers balance, or when the pair is all that is left.
        clear = (len(left_s) == 1 and len(left_t) == 1) or (balanced and not left.multi)
        # the closest in magnitude first; values ten times apart or more are no clear pair ("1OOjährig": "100e")
        while True:
            pairs = [(a, b) for a in left_s for b in left_t if _cross(a.q, b.q)]
            if not pairs:
                break
            a, b = min(pairs, key=lambda p: _log_ratio(p[0].q, p[1].q))
            if clear and not (_small_word(a.q) or _small_word(b.q)) and _log_ratio(a.q, b.q) < _TENFOLD:
                out.append(self._changed(ctx, bead, a, b, 0.6))
            else:
                out.append(self._differ(ctx, bead, a, b))
            left_s.remove(a)
            left_t.remove(b)
        for a in left_s:
            out.append(
                Finding(
                    FindingType.NUMBER_CHANGED,
                    lone_severity,
                    f"{_LABEL.get(a.q.kind, 'Number')} dropped: '{a.q.text}' has no counterpart in the target.",
                    f"source {describe(a.q)} ({a.q.kind}); no {a.q.kind} value in the aligned target left to match",
                    lone_conf,
                    source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        for b in left_t:
            out.append(
                Finding(
                    FindingType.NUMBER_CHANGED,
                    lone_severity,
                    f"{_LABEL.get(b.q.kind, 'Number')} added: '{b.q.text}' is not in the source.",
                    f"target {describe(b.q)} ({b.q.kind}); no {b.q.kind} value in the aligned source left to match",
                    lone_conf,
                    target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
                    bead=bead,
                    detector=self.name,
                )
            )
        return out

    def _changed(self, ctx: AuditContext, bead: int, a: _Mention, b: _Mention, conf: float) -> Finding:
        assert ctx.source is not None
        label = _LABEL.get(a.q.kind, "Number")
        return Finding(
            FindingType.NUMBER_CHANGED,
            Severity.CRITICAL,
            f"{label} changed: '{a.q.text}' became '{b.q.text}'.",
            f"source {describe(a.q)} vs target {describe(b.q)}",
            conf,
            source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
            target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
            bead=bead,
            detector=self.name,
        )

    def _differ(self, ctx: AuditContext, bead: int, a: _Mention, b: _Mention) -> Finding:
        """A minor hint: values left over on both sides whose pairing is not clear."""
        assert ctx.source is not None
        return Finding(
            FindingType.NUMBER_CHANGED,
            Severity.MINOR,
            f"Numbers differ: '{a.q.text}' against '{b.q.text}'.",
            f"source {describe(a.q)} ({a.q.kind}) vs target {describe(b.q)} ({b.q.kind}); which value answers "
            "which is not clear (several values left over, a small number word, or a clock less precise)",
            0.3,
            source_span=make_span(ctx.source, a.start, a.end, (a.segment,)),
            target_span=make_span(ctx.target, b.start, b.end, (b.segment,)),
            bead=bead,
            detector=self.name,
        )
