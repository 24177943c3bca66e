"""Small frozen values that flow one way through the program.

Document ─segment─▶ Segment ─embed─▶ vectors ─align─▶ Bead ─detect─▶ Finding ─score─▶ Score ─▶ Report

Nothing here imports anything heavy: numpy, pandas and models stay out of this module. Nothing
here renders either: :mod:`auditor.report` turns these values into text, JSON, HTML and frames.
"""

from __future__ import annotations

import bisect
import enum
import math
from dataclasses import dataclass, field
from typing import Any


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Locator:
    """Maps offsets in a document's normalised text back to its original file.

    Normalisation (NFC, mojibake repair) is done line by line, so each normalised line
    corresponds to exactly one original line. ``norm_starts[k]`` / ``orig_starts[k]``
    are the offsets where line *k* starts in the normalised text and in the original
    file text; ``norm_lens`` / ``orig_lens`` their lengths. Inside a line whose length
    did not change the mapping is exact; inside a repaired line it is proportional.
    ``file_line_starts`` are the offsets of every line start in the original file, so
    that an original offset becomes a 1-based ``line:col``; ``line_base`` is the number of file lines
    before the first of them (non-zero after :meth:`cut`).
    """

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    norm_lens: tuple[int, ...]
    orig_lens: tuple[int, ...]
    file_line_starts: tuple[int, ...]
    line_base: int = 0

    def span(self) -> tuple[int, int]:
        """``(start, end)``: the stretch of the original file text that this map points into, widened
        to whole lines (from the file's start when there are no line starts)."""
        if not self.orig_starts:
            return 0, 0
        lo = min(self.orig_starts)
        hi = max(o + n for o, n in zip(self.orig_starts, self.orig_lens))
        starts = self.file_line_starts
        if not starts:
            return 0, hi
        first = max(0, bisect.bisect_right(starts, lo) - 1)
        last = bisect.bisect_right(starts, hi)  # the first line starting after the stretch
        return starts[first], starts[last] if last < len(starts) else hi

    def cut(self, start: int, end: int) -> "Locator":
        """The same map into ``original[start:end]`` (``start`` at a line start, e.g. from
        :meth:`span`): offsets shift by ``start``, and only that stretch's line starts are kept, so a
        record of a large file travels without the whole file's line table. ``line_col`` is unchanged."""
        starts = self.file_line_starts
        first = bisect.bisect_left(starts, start)
        kept = tuple(s - start for s in starts[first : bisect.bisect_left(starts, end)])
        return Locator(self.norm_starts, tuple(o - start for o in self.orig_starts), self.norm_lens, self.orig_lens,
                       kept, self.line_base + first)  # fmt: skip

    def to_original(self, offset: int) -> int:
        k = max(0, bisect.bisect_right(self.norm_starts, offset) - 1)
        if not self.norm_starts:
            return offset
        within = offset - self.norm_starts[k]
        nlen, olen = self.norm_lens[k], self.orig_lens[k]
        if nlen == olen or within <= 0:
            return self.orig_starts[k] + min(within, olen) if within >= 0 else self.orig_starts[k]
        if within >= nlen:  # the line break after the line, or beyond
            return self.orig_starts[k] + olen + (within - nlen)
        return self.orig_starts[k] + round(within * olen / nlen)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of a normalised-text offset."""
        orig = self.to_original(offset)
        line = max(0, bisect.bisect_right(self.file_line_starts, orig) - 1)
        return self.line_base + line + 1, orig - self.file_line_starts[line] + 1 if self.file_line_starts else orig + 1


@dataclass(frozen=True)
class Document:
    """One version of a report.

    ``text`` is the normalised text every later stage works on; ``original`` the text as
    read (decoded, before normalisation). ``locator`` maps ``text`` offsets to ``line:col``
    in the file at ``path``.
    """

    id: str
    text: str
    original: str
    lang: str | None = None
    lang_confidence: float = 0.0
    lang_source: str = "detected"  # "detected" | "given"
    path: str | None = None
    format: str = "text"  # text | markdown | html | jsonl | csv | string
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    locator: Locator | None = field(default=None, repr=False, compare=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        if self.locator is None:
            before = self.text[:offset]
            line = before.count("\n") + 1
            return line, offset - (before.rfind("\n") + 1) + 1
        return self.locator.line_col(offset)

    def with_lang(self, lang: str, *, confidence: float = 1.0, source: str = "given") -> "Document":
        from dataclasses import replace

        return replace(self, lang=lang, lang_confidence=confidence, lang_source=source)

    def detached(self) -> "Document":
        """This document with ``original`` cut to its own lines of the file (and its locator rebased):
        every record of a JSON Lines or CSV file shares the whole decoded file as ``original``, which
        is free in one process but is copied with every record sent to another (issue 16: 200 MB per
        chunk of a 100,000-document corpus). ``line_col`` and ``original[locator.to_original(i)]``
        give what they gave."""
        from dataclasses import replace

        if self.locator is None:
            return self
        start, end = self.locator.span()
        return replace(self, original=self.original[start:end], locator=self.locator.cut(start, end))


@dataclass(frozen=True)
class Segment:
    """A sentence (or a headline, list item, label line) with its offsets in ``Document.text``."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: str = "sentence"  # sentence | heading | list_item | line


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    segments: tuple[int, ...]  # indices of its segments


@dataclass(frozen=True)
class Segmentation:
    doc_id: str
    lang: str | None
    segments: tuple[Segment, ...]
    paragraphs: tuple[Paragraph, ...]

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.segments]


# --------------------------------------------------------------------------- alignment


@dataclass(frozen=True)
class Bead:
    """An alignment link: source sentence indices to target sentence indices.

    ``src=()`` is an addition (0-1), ``tgt=()`` an omission (1-0). ``similarity`` is the
    cosine of the two spans' vectors (for 1-0 / 0-1: the best cosine the sentence has with
    any sentence of the other side); ``confidence`` a probability that the bead links
    equivalent content. ``moved`` marks a bead out of source order (rewrite mode).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float | None = None
    confidence: float | None = None
    moved: bool = False

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def as_gold(self) -> str:
        """Text+Berg gold format: ``[i,j]:[k]``."""
        return f"[{','.join(map(str, self.src))}]:[{','.join(map(str, self.tgt))}]"


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]
    mode: str  # monotonic | rewrite
    requested_mode: str  # monotonic | rewrite | auto
    reason: str  # why auto chose the mode (or "requested")
    threshold: float | None = None  # the cosine a bead needed (rewrite) or pairing beat skipping (monotonic)
    scale: "PairScale | None" = None  # this document pair's own cosine scale (chance and counterpart levels)


@dataclass(frozen=True)
class PairScale:
    """A document pair's own cosine scale, measured on its sentences (or a file's line pairs).

    Absolute cosine thresholds calibrated on one dataset do not transfer across domains, language
    pairs and models: a professional translation of a yearbook article has a median counterpart
    cosine of 0.65 with USE-m, an STS pair at "equivalent" needs 0.72. So the audit path reads every
    cosine against two levels of the pair itself:

    * ``chance``: the mean cosine of sentence pairs of the two documents that are not each other's
      best match, ``spread`` their standard deviation (what "unrelated" looks like for this model,
      topic and language pair);
    * ``counterpart``: the median cosine of the pair's *clear* counterparts: mutual best matches
      at least ``CLEAR_Z`` spreads above chance (what "this sentence's translation" looks like here).

    :meth:`relative` maps a cosine to 0 at chance and 1 at the typical counterpart. ``clear`` is the
    number of clear counterparts; with fewer than ``MIN_CLEAR`` the counterpart level cannot be
    measured and ``counterpart`` is None (callers fall back to the model's calibrated thresholds).
    """

    chance: float
    spread: float
    counterpart: float | None
    clear: int

    CLEAR_Z = 2.5
    MIN_CLEAR = 5

    def relative(self, cosine: float) -> float | None:
        """0 at this pair's chance level, 1 at its typical counterpart (None if unmeasured)."""
        if self.counterpart is None or self.counterpart - self.chance < 1e-3:
            return None
        return (cosine - self.chance) / (self.counterpart - self.chance)

    def cosine_at(self, relative: float) -> float | None:
        """The cosine at a relative level (the inverse of :meth:`relative`)."""
        if self.counterpart is None or self.counterpart - self.chance < 1e-3:
            return None
        return self.chance + relative * (self.counterpart - self.chance)

    def describe(self) -> str:
        cp = "unmeasured" if self.counterpart is None else f"{self.counterpart:.3f}"
        return f"chance {self.chance:.3f}±{self.spread:.3f}, counterpart {cp} ({self.clear} clear matches)"


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class BeadCalibration:
    """A model's logistic map from bead features to "this bead links equivalent content".

    ``p = sigmoid(bias + w_sim * cosine + w_merged * [n-m bead] + w_length * length deviation)``,
    fitted on dev data by ``eval/calibrate_confidence.py`` and stored in ``models/registry.toml``.
    For an unaligned sentence (1-0 / 0-1) the confidence is ``1 - p`` at its best counterpart's
    cosine: the probability that nothing in the other document is equivalent to it.
    """

    bias: float
    w_sim: float
    w_merged: float = 0.0
    w_length: float = 0.0

    def probability(self, sim: float, merged: bool = False, length_dev: float = 0.0) -> float:
        z = self.bias + self.w_sim * sim + self.w_merged * float(merged) + self.w_length * length_dev
        if z < -60:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))



@dataclass(frozen=True)
class Thresholds:
    """A model's calibrated cosine thresholds (``models/registry.toml``, ``eval/calibrate_thresholds.py``).

    ``match``: at or above, two spans carry equivalent content (STS gold ≥ 4 more likely than not).
    ``shift``: below, an aligned bead is a possible meaning shift (gold ≥ 3 no longer likely).
    ``unrelated``: below, the two spans are about different things (gold ≤ 1 likely).
    """

    match: float
    shift: float
    unrelated: float

    def as_pairs(self) -> tuple[tuple[str, float], ...]:
        """For a :class:`Signature`."""
        return (("match", self.match), ("shift", self.shift), ("unrelated", self.unrelated))


# --------------------------------------------------------------------------- findings


class Severity(str, enum.Enum):
    CRITICAL = "critical"  # a fact or a quotation changed
    MAJOR = "major"  # meaning changed
    MINOR = "minor"  # style or artefact

    @property
    def rank(self) -> int:
        return {"critical": 3, "major": 2, "minor": 1}[self.value]


class FindingType(str, enum.Enum):
    """What a finding says changed. Coverage first, then the typed detectors (issue 4)."""

    OMISSION = "omission"
    ADDITION = "addition"
    MEANING_SHIFT = "meaning_shift"
    IDENTICAL_COPY = "identical_copy"
    QUOTE_ALTERED = "quote_altered"  # wording inside quotation marks changed
    QUOTE_UNMARKED = "quote_unmarked"  # quoted words lost their marks (now the outlet's voice)
    QUOTE_SPEAKER = "quote_speaker"  # a quote attributed to another speaker
    NUMBER_CHANGED = "number_changed"  # a value, date, quantity or amount differs
    ENTITY_CHANGED = "entity_changed"  # a person, organisation or place swapped, dropped or added
    ROLE_CHANGED = "role_changed"  # the title or role attached to a person changed
    SPELLING_VARIANT = "spelling_variant"  # a spelling convention (Kiev/Kyiv): style, not meaning
    INCONSISTENT_SPELLING = "inconsistent_spelling"  # one document mixes variants of a name
    POLARITY_CHANGED = "polarity_changed"  # negation added/removed, antonym swapped
    MODALITY_CHANGED = "modality_changed"  # certainty changed: reported/conditional vs asserted
    TRANSLATION_LABEL = "translation_label"  # a fixed label translated literally ("MIRA:" -> "SIGHT:")
    FALSE_FRIEND = "false_friend"
    UNTRANSLATED = "untranslated"  # source-language text left in the target
    SPINNER_ARTEFACT = "spinner_artefact"  # non-words, tortured phrases, broken collocations
    BOILERPLATE = "boilerplate"  # "Also Read", menus, bylines, share bars, duplicated paragraphs


@dataclass(frozen=True)
class Span:
    """Where a finding is, in one document: offsets in its normalised text and 1-based line:col."""

    doc_id: str
    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    segments: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "text": self.text,
            "segments": list(self.segments),
        }


@dataclass(frozen=True)
class Finding:
    type: FindingType
    severity: Severity
    message: str  # plain-language explanation for an editor
    evidence: str  # the measured facts behind it
    confidence: float
    source_span: Span | None = None
    target_span: Span | None = None
    bead: int | None = None  # index into Report.beads
    detector: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 4),
            "source_span": self.source_span.to_dict() if self.source_span else None,
            "target_span": self.target_span.to_dict() if self.target_span else None,
            "bead": self.bead,
            "detector": self.detector,
        }


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class ModelRef:
    """A model a number depends on: its id and the fingerprint (sha256) of its files."""

    name: str
    fingerprint: str

    def __str__(self) -> str:
        return f"{self.name}@{self.fingerprint[:12]}"


#: The model of a number that needs none (lint): rendered ``none@-``.
NO_MODEL = ModelRef("none", "-")


@dataclass(frozen=True)
class Signature:
    """Everything a number depends on, in the spirit of sacreBLEU's signature.

    ``model``: the embedder; ``mode``: the alignment mode (``monotonic``, ``rewrite``; ``lint``,
    ``segments``, ``segments+ref`` for the other commands; None where nothing is aligned);
    ``thresholds``: the model's calibrated cosines, or an algorithm's levels; ``relative``: the
    levels read on a pair's own scale (:class:`PairScale`); ``algorithm`` and ``settings``: a corpus
    attribution's version and its other settings; ``heads``: learned heads on the embedder (the QE
    head of ``auditor score``); ``detectors``: the detectors that ran (``name``, or ``name@version``
    where a detector declares one).

    ``str()`` renders it, here and nowhere else. The string is byte-identical to the 0.2.0
    signatures (golden outputs and baselines hold them), so ``detectors`` is not in it: the shipped
    detectors are pinned by ``version``, and compare ``detectors`` where a run added its own (a
    house style changes findings, never scores).
    """

    version: str
    model: ModelRef
    mode: str | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    relative: tuple[tuple[str, float], ...] = ()
    seed: int = 0
    algorithm: str | None = None
    settings: tuple[tuple[str, str], ...] = ()
    heads: tuple[ModelRef, ...] = ()
    detectors: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [f"auditor:{self.version}", *([self.algorithm] if self.algorithm else []), f"model:{self.model}"]
        if self.mode is not None:
            parts.append(f"align:{self.mode}")
        parts.append("|".join(f"{k}:{v:g}" for k, v in self.thresholds + self.relative))  # empty in lint: "||"
        parts += [f"{k}:{v}" for k, v in self.settings]
        parts.append(f"seed:{self.seed}")
        parts += [f"qe:{h}" for h in self.heads]
        return "|".join(parts)


@dataclass(frozen=True)
class Score:
    """A 0–100 fidelity score with the parts it is made of."""

    fidelity: float
    coverage: float  # share of source content (characters) matched by the target
    support: float  # share of target content matched in the source
    penalty: float  # points taken off for findings
    penalties: tuple[tuple[str, float], ...]  # per severity
    signature: Signature
    ci_low: float | None = None  # bootstrap interval of fidelity over beads/segments (95%, signature's seed)
    ci_high: float | None = None
    parts: tuple[tuple[str, float], ...] = ()  # what the fidelity is made of (auditor.score)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fidelity": round(self.fidelity, 2),
            "coverage": round(self.coverage, 4),
            "support": round(self.support, 4),
            "penalty": round(self.penalty, 2),
            "penalties": {k: round(v, 2) for k, v in self.penalties},
            "ci": None if self.ci_low is None or self.ci_high is None else [round(self.ci_low, 2), round(self.ci_high, 2)],
            "parts": {k: round(v, 4) for k, v in self.parts},
            "signature": str(self.signature),
        }


# --------------------------------------------------------------------------- reports

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Report:
    """The result of one audit: a target against its source (or alone, in lint mode).

    A value, not a renderer: :mod:`auditor.report` turns it into JSON, text, HTML, Markdown or
    DataFrames (``auditor.report.to_json(report)``, ``to_frame(report, "findings")``, …).
    """

    target: Document
    target_segments: Segmentation
    findings: tuple[Finding, ...]
    signature: Signature
    source: Document | None = None
    source_segments: Segmentation | None = None
    alignment: Alignment | None = None
    score: Score | None = None
    model: str | None = None

    @property
    def beads(self) -> tuple[Bead, ...]:
        return self.alignment.beads if self.alignment is not None else ()
