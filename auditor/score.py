"""The fidelity score: per-unit statistics first, aggregation second.

Both scores are MQM-like: findings cost points by severity (``[severity]`` in
``models/score.toml``); the segment score multiplies them by a weight per finding type
(``[types]``), fitted on WMT20 English–German expert MQM by ``eval/calibrate_score.py``. Document
audits do not use the type weights (see :func:`document_weights`).

**Documents** (``auditor audit``). One row per bead: the source and target characters it
aligns (each sentence counted once), its target words, and the penalty points of the
findings on it. Then, over a set of rows:

* **coverage**: the share of the source's characters in sentences aligned to something in the
  target; **support**: the same for the target against the source. Unaligned text is counted
  here, so omission/addition findings take no further penalty; nor do style findings
  (boilerplate, spelling variants), which are reported but do not change meaning.
* **penalty** = ``penalty_scale · points · 100 / max(words, 100)`` (points per 100 target words).
* **fidelity** = ``max(0, 100 · F − penalty)``, F the harmonic mean of coverage and support.

The 95% confidence interval resamples the bead rows (``bootstrap`` times, a local
``numpy.random.default_rng(seed)``, the seed of the signature) and recomputes the fidelity.

**Segments** (``auditor score``, line-aligned MT output). One row per segment: the
source–target cosine mapped through the model's thresholds, ``m = (cos − unrelated) /
(match − unrelated)`` (0 at ``unrelated``, 1 at ``match``, kept in [0, 2]), optionally the same
for the target against a reference and sentence chrF against it, and the penalty points of the
typed detectors on the pair: ``fidelity = max(0, 100 · min(1, bias + w_sim·m [+ w_ref·m_ref + w_chrf·chrF/100])
− Σ type weight · severity points)`` (a base at or above 1 is a perfect match; findings always cost); an empty or untranslated target scores 0 (MQM's
non-translation). The corpus score is the mean of the rows, with a bootstrap interval over rows.

**Learned QE head** (issue 5). When the embedder has one (``models/qe-<model>.toml``; so far
``use-m-v3``), the segment score uses the ``[segment_qe]``/``[segment_ref_qe]`` weights, which add
``w_qe · qe/100`` to the base and scale the findings' penalty by ``w_pen`` (the head already sees
them). ``qe`` is a ridge regression on :func:`qe_features` — ``[u·v, |u−v|]`` of the source and
target unit vectors plus cheap surface features (:data:`QE_SCALARS`: cosine, length ratios, numbers,
names and acronyms missing, punctuation and quote mismatches, copied tokens, script mismatch, finding
counts by severity) — mapped onto 0–100 by a monotone piecewise-linear function; all fitted on WMT20
MQM by ``eval/calibrate_score.py``. The head file's sha256 is in the signature (``|qe:<model>@…``).

Lint mode (no source) has no coverage or support: fidelity is ``None`` there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from .types import Bead, Finding, FindingType, ModelRef, PairScale, Score, Segmentation, Signature, Thresholds

if TYPE_CHECKING:
    import numpy as np

SEVERITY_POINTS = {"critical": 10.0, "major": 5.0, "minor": 1.0}
PENALTY_SCALE = 1.0
BOOTSTRAP = 1000
CI_LEVEL = 0.95
COVERAGE_TYPES = frozenset({FindingType.OMISSION, FindingType.ADDITION})
# style, not meaning: reported, never deducted from fidelity (boilerplate is counted by support already)
STYLE_TYPES = frozenset({FindingType.BOILERPLATE, FindingType.SPELLING_VARIANT, FindingType.INCONSISTENT_SPELLING})
# a target that is empty or the source copied: nothing was translated
ZERO_TYPES = frozenset({FindingType.IDENTICAL_COPY})
SCORE_PACKAGE = "auditor._models"
SCORE_FILE = "score.toml"


# --------------------------------------------------------------------------- weights


@dataclass(frozen=True)
class SegmentWeights:
    """``fidelity = 100 · (bias + w_sim·m + w_ref·m_ref + w_chrf·chrF/100 + w_qe·qe/100) − penalty``."""

    bias: float = 0.0
    w_sim: float = 1.0
    w_ref: float = 0.0
    w_chrf: float = 0.0
    w_qe: float = 0.0  # the learned QE head's 0–100 score (used when the model has a head)
    w_pen: float = 1.0  # multiplier of the findings' penalty (the head already sees the findings)


@dataclass(frozen=True)
class ScoreWeights:
    """What the score deducts per finding and how segment similarity becomes a score."""

    severity: tuple[tuple[str, float], ...] = tuple(SEVERITY_POINTS.items())
    types: tuple[tuple[str, float], ...] = ()  # multiplier per FindingType value; missing = 1.0
    penalty_scale: float = PENALTY_SCALE
    segment: SegmentWeights = field(default_factory=SegmentWeights)
    segment_ref: SegmentWeights = field(default_factory=lambda: SegmentWeights(0.0, 0.5, 0.5, 0.0))
    source: str = "defaults"
    # the same two when the embedder has a QE head (``models/qe-<model>.toml``)
    segment_qe: SegmentWeights = field(default_factory=lambda: SegmentWeights(0.0, 0.0, 0.0, 0.0, 1.0))
    segment_ref_qe: SegmentWeights = field(default_factory=lambda: SegmentWeights(0.0, 0.0, 0.5, 0.0, 0.5))

    def points(self, finding: Finding) -> float:
        """MQM-style points of one finding: severity points × its type's weight."""
        if finding.type in COVERAGE_TYPES or finding.type in STYLE_TYPES:
            return 0.0
        return dict(self.severity)[finding.severity.value] * dict(self.types).get(finding.type.value, 1.0)


def document_weights() -> ScoreWeights:
    """The weights a document audit uses: the shipped severity points and scale, **without** the
    per-type multipliers. Those were fitted on WMT20 MT segments, where they measure how often each
    detector's firing coincides with an expert-marked error *in MT output* (polarity 0.03, roles 0:
    there, most firings are detector noise, and since then the detectors changed). A rewrite or
    translation audit is another population — a flipped negation there is the error the detector
    exists for — so it costs its full MQM severity points; the segment score keeps the fitted ones."""
    from dataclasses import replace

    return replace(load_weights(), types=())


@lru_cache(maxsize=1)
def load_weights() -> ScoreWeights:
    """The fitted weights shipped in ``models/score.toml`` (package ``auditor._models``)."""
    import tomllib
    from importlib import resources

    from .errors import MissingDataError

    try:
        text = (resources.files(SCORE_PACKAGE) / SCORE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise MissingDataError(
            f"the score weights {SCORE_FILE} are missing from {SCORE_PACKAGE}",
            fix="reinstall auditor (the file ships in models/), or run eval/calibrate_score.py",
        ) from exc
    return weights_from_toml(tomllib.loads(text), source=SCORE_FILE)


def weights_from_toml(data: dict, *, source: str = "") -> ScoreWeights:
    from .errors import MissingDataError

    try:
        sev = {k: float(data["severity"][k]) for k in ("critical", "major", "minor")}
        types = tuple(sorted((str(k), float(v)) for k, v in data.get("types", {}).items()))
        seg = SegmentWeights(**{k: float(v) for k, v in data["segment"].items()})
        seg_ref = SegmentWeights(**{k: float(v) for k, v in data["segment_ref"].items()})
        seg_qe = SegmentWeights(**{k: float(v) for k, v in data.get("segment_qe", {"w_sim": 0, "w_qe": 1}).items()})
        seg_ref_qe = SegmentWeights(
            **{k: float(v) for k, v in data.get("segment_ref_qe", {"w_sim": 0, "w_ref": 0.5, "w_qe": 0.5}).items()}
        )
        scale = float(data["document"]["penalty_scale"])
    except (KeyError, TypeError, ValueError) as exc:
        raise MissingDataError(
            f"{source or SCORE_FILE}: malformed score weights ({exc!r})",
            fix="restore models/score.toml, or regenerate it with eval/calibrate_score.py",
        ) from exc
    unknown = {k for k, _ in types} - {t.value for t in FindingType}
    if unknown:
        raise MissingDataError(
            f"{source or SCORE_FILE}: unknown finding types {sorted(unknown)}", fix="use FindingType values"
        )
    return ScoreWeights(tuple(sev.items()), types, scale, seg, seg_ref, source, seg_qe, seg_ref_qe)


# --------------------------------------------------------------------------- per-unit rows


@dataclass(frozen=True)
class BeadRow:
    """One bead's contribution: characters it covers on each side, target words, penalty points."""

    source_chars: int
    target_chars: int
    covered_source_chars: int
    supported_target_chars: int
    target_words: int
    points: tuple[tuple[str, float], ...]  # per severity


@dataclass(frozen=True)
class SegmentRow:
    """One segment pair's parts and its fidelity."""

    fidelity: float
    similarity_part: float  # m, the source–target cosine through the thresholds
    reference_part: float | None  # m_ref
    chrf: float | None  # 0–100
    penalty: float
    zero: bool  # empty or untranslated target
    qe: float | None = None  # the QE head's 0–100 score, when the model has a head


def _by_severity(findings: Sequence[Finding], weights: ScoreWeights) -> dict[str, float]:
    out = {"critical": 0.0, "major": 0.0, "minor": 0.0}
    for f in findings:
        out[f.severity.value] += weights.points(f)
    return out


def bead_rows(
    beads: Sequence[Bead], findings: Sequence[Finding], src: Segmentation, tgt: Segmentation, weights: ScoreWeights
) -> tuple[list[BeadRow], dict[str, float]]:
    """Rows per bead, plus the points of findings tied to no bead (counted in every resample)."""
    by_bead: dict[int | None, list[Finding]] = {}
    for f in findings:
        by_bead.setdefault(f.bead if f.bead is not None and 0 <= f.bead < len(beads) else None, []).append(f)
    paired_s = {i for b in beads if b.src and b.tgt for i in b.src}
    paired_t = {j for b in beads if b.src and b.tgt for j in b.tgt}
    seen_s: set[int] = set()
    seen_t: set[int] = set()
    rows = []
    for k, b in enumerate(beads):
        s_new = [i for i in b.src if i not in seen_s]
        t_new = [j for j in b.tgt if j not in seen_t]
        seen_s.update(s_new)
        seen_t.update(t_new)
        s_chars = sum(len(src.segments[i].text) for i in s_new)
        t_chars = sum(len(tgt.segments[j].text) for j in t_new)
        rows.append(
            BeadRow(
                s_chars, t_chars,
                sum(len(src.segments[i].text) for i in s_new if i in paired_s),
                sum(len(tgt.segments[j].text) for j in t_new if j in paired_t),
                sum(len(tgt.segments[j].text.split()) for j in t_new),
                tuple(_by_severity(by_bead.get(k, []), weights).items()),
            )  # fmt: skip
        )
    # sentences in no bead at all: unaligned on their side
    for i, s in enumerate(src.segments):
        if i not in seen_s:
            rows.append(BeadRow(len(s.text), 0, 0, 0, 0, tuple((k, 0.0) for k in SEVERITY_POINTS)))
    for j, t in enumerate(tgt.segments):
        if j not in seen_t:
            rows.append(BeadRow(0, len(t.text), 0, 0, len(t.text.split()), tuple((k, 0.0) for k in SEVERITY_POINTS)))
    return rows, _by_severity(by_bead.get(None, []), weights)


def _document_parts(
    src_chars, tgt_chars, cov, sup, words, points: dict[str, float], scale: float
) -> tuple[float, float, float, float, tuple[tuple[str, float], ...]]:
    coverage = min(1.0, cov / src_chars) if src_chars else 0.0
    support = min(1.0, sup / tgt_chars) if tgt_chars else 0.0
    f = 2 * coverage * support / (coverage + support) if coverage + support > 0 else 0.0
    norm = scale * 100.0 / max(words, 100)
    penalties = tuple((k, v * norm) for k, v in points.items())
    penalty = sum(v for _, v in penalties)
    return max(0.0, 100.0 * f - penalty), coverage, support, penalty, penalties


def bootstrap_ci(values_fn, n_rows: int, *, seed: int, n: int = BOOTSTRAP, level: float = CI_LEVEL) -> tuple[float, float]:
    """Percentile interval of ``values_fn(idx)`` over ``n`` resamples of ``n_rows`` row indices."""
    import numpy as np

    from .quantiles import quantile

    if n_rows == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n_rows, size=(n, n_rows))
    stats = np.asarray(values_fn(idx), dtype=np.float64)
    lo, hi = quantile(stats, [(1 - level) / 2, 1 - (1 - level) / 2])
    return lo, hi


def aggregate_rows(
    rows: Sequence[BeadRow],
    fixed_points: dict[str, float] | None = None,
    *,
    signature: Signature,
    seed: int = 0,
    weights: ScoreWeights | None = None,
    bootstrap: int = BOOTSTRAP,
) -> Score:
    """A document Score from bead rows, with a bootstrap interval over the rows."""
    import numpy as np

    w = weights or load_weights()
    fixed = fixed_points or {}
    sev = list(SEVERITY_POINTS)
    m = np.array(
        [[r.source_chars, r.target_chars, r.covered_source_chars, r.supported_target_chars, r.target_words]
         + [dict(r.points)[k] for k in sev] for r in rows],
        dtype=np.float64,
    ).reshape(len(rows), 5 + len(sev))  # fmt: skip
    tot = m.sum(axis=0)
    pts = {k: float(tot[5 + i]) + fixed.get(k, 0.0) for i, k in enumerate(sev)}
    src_c, tgt_c, cov_c, sup_c, words_c = tot[:5].tolist()
    fid, cov, sup, pen, pens = _document_parts(src_c, tgt_c, cov_c, sup_c, words_c, pts, w.penalty_scale)

    def resampled(idx):
        s = m[idx].sum(axis=1)  # (n, cols)
        src_c, tgt_c, c, su, words = (s[:, i] for i in range(5))
        coverage = np.where(src_c > 0, np.minimum(1.0, c / np.maximum(src_c, 1)), 0.0)
        support = np.where(tgt_c > 0, np.minimum(1.0, su / np.maximum(tgt_c, 1)), 0.0)
        f = np.where(coverage + support > 0, 2 * coverage * support / np.maximum(coverage + support, 1e-12), 0.0)
        points = s[:, 5:].sum(axis=1) + sum(fixed.get(k, 0.0) for k in sev)
        return np.maximum(0.0, 100.0 * f - w.penalty_scale * points * 100.0 / np.maximum(words, 100))

    lo, hi = bootstrap_ci(resampled, len(rows), seed=seed, n=bootstrap) if rows else (fid, fid)
    parts = (("coverage", cov), ("support", sup), ("penalty", pen), ("points", sum(pts.values())), ("units", float(len(rows))))
    return Score(fid, cov, sup, pen, pens, signature, ci_low=min(lo, fid), ci_high=max(hi, fid), parts=parts)


def score_alignment(
    beads: tuple[Bead, ...],
    findings: list[Finding] | tuple[Finding, ...],
    src: Segmentation,
    tgt: Segmentation,
    *,
    signature: Signature,
    seed: int = 0,
    weights: ScoreWeights | None = None,
) -> Score:
    """The document Score of an alignment and its findings (default weights: :func:`document_weights`)."""
    w = weights or document_weights()
    rows, fixed = bead_rows(beads, findings, src, tgt, w)
    return aggregate_rows(rows, fixed, signature=signature, seed=seed, weights=w)


# --------------------------------------------------------------------------- segments


def similarity_part(sim: float, thr: Thresholds) -> float:
    """The cosine through the model's thresholds: 0 at ``unrelated``, 1 at ``match``, kept in [0, 2]."""
    return max(0.0, min(2.0, (sim - thr.unrelated) / max(1e-6, thr.match - thr.unrelated)))


def segment_row(
    sim: float,
    findings: Sequence[Finding],
    thr: Thresholds,
    *,
    ref_sim: float | None = None,
    ref_thr: Thresholds | None = None,
    chrf: float | None = None,
    qe: float | None = None,
    weights: ScoreWeights | None = None,
) -> SegmentRow:
    """One segment's score and parts. ``ref_sim``/``chrf`` switch to the with-reference weights,
    ``qe`` (the QE head's 0–100 score) to the ``segment_qe``/``segment_ref_qe`` ones."""
    w = weights or load_weights()
    m = similarity_part(sim, thr)
    m_ref = None if ref_sim is None else similarity_part(ref_sim, ref_thr or thr)
    zero = any(f.type in ZERO_TYPES for f in findings) or any(
        f.type is FindingType.OMISSION and f.severity.value == "critical" for f in findings
    )
    if m_ref is None:
        sw = w.segment if qe is None else w.segment_qe
        base = sw.bias + sw.w_sim * m
    else:
        sw = w.segment_ref if qe is None else w.segment_ref_qe
        base = sw.bias + sw.w_sim * m + sw.w_ref * m_ref + sw.w_chrf * (chrf or 0.0) / 100.0
    if qe is not None:
        base += sw.w_qe * qe / 100.0
    penalty = sw.w_pen * sum(w.points(f) for f in findings if f.type not in ZERO_TYPES)
    fid = 0.0 if zero else max(0.0, 100.0 * min(1.0, base) - penalty)
    return SegmentRow(fid, m, m_ref, chrf, penalty, zero, qe)


def score_segment_rows(rows: Sequence[SegmentRow], *, signature: Signature, seed: int = 0, bootstrap: int = BOOTSTRAP) -> Score:
    """The corpus Score of segment rows: their mean fidelity, with a bootstrap interval over rows."""
    import numpy as np

    fid = np.array([r.fidelity for r in rows], dtype=np.float64)
    pen = np.array([r.penalty for r in rows], dtype=np.float64)
    mean = float(fid.mean()) if len(rows) else 0.0
    lo, hi = bootstrap_ci(lambda idx: fid[idx].mean(axis=1), len(rows), seed=seed, n=bootstrap) if rows else (0.0, 0.0)
    zero = sum(r.zero for r in rows)
    parts: tuple[tuple[str, float], ...] = (
        ("similarity", float(np.mean([r.similarity_part for r in rows])) if rows else 0.0),
        ("penalty", float(pen.mean()) if rows else 0.0),
        ("untranslated", float(zero)),
        ("units", float(len(rows))),
    )
    if rows and rows[0].reference_part is not None:
        parts += (("reference", float(np.mean([r.reference_part or 0.0 for r in rows]))),)
    if rows and rows[0].chrf is not None:
        parts += (("chrf", float(np.mean([r.chrf or 0.0 for r in rows]))),)
    if rows and rows[0].qe is not None:
        parts += (("qe", float(np.mean([r.qe or 0.0 for r in rows]))),)
    n = max(1, len(rows))
    return Score(mean, 1.0 - zero / n, 1.0 - zero / n, float(pen.mean()) if rows else 0.0, (), signature,
                 ci_low=min(lo, mean), ci_high=max(hi, mean), parts=parts)  # fmt: skip


@dataclass(frozen=True)
class SegmentScore:
    """One line of ``auditor score``: a source segment, its translation, optionally a reference."""

    line: int
    fidelity: float
    similarity: float
    reference_similarity: float | None
    findings: tuple[Finding, ...]
    chrf: float | None = None  # sentence chrF against the reference (0–100), when one is given
    row: SegmentRow | None = None  # the score's parts; aggregate with score_segment_rows


@dataclass(frozen=True)
class SegmentScores:
    """What :meth:`auditor.api.Auditor.score_segments` returns: one :class:`SegmentScore` per line, and the
    signature they all carry. Aggregate with :func:`score_segment_rows`."""

    segments: tuple[SegmentScore, ...]
    signature: Signature

    @property
    def rows(self) -> list[SegmentRow]:
        return [s.row for s in self.segments if s.row is not None]


def segment_fidelity(
    sim: float,
    ref_sim: float | None,
    findings: Sequence[Finding],
    thr: Thresholds,
    *,
    chrf: float | None = None,
    ref_thr: Thresholds | None = None,
    qe: float | None = None,
) -> float:
    """One segment's fidelity (0–100): see :func:`segment_row` and ``models/score.toml``;
    ``qe`` is the QE head's 0–100 score of the pair (:meth:`QEHead.score`), if any.
    A target that is empty or copies its source untranslated scores 0 (MQM's non-translation)."""
    return segment_row(sim, findings, thr, ref_sim=ref_sim, ref_thr=ref_thr, chrf=chrf, qe=qe).fidelity


#: A score file needs this many line pairs before its own scale is trusted (else: the model's thresholds).
MIN_SCALE_LINES = 20


def segment_scale(u: "np.ndarray", v: "np.ndarray", sims: "np.ndarray", *, samples: int = 4000, seed: int = 0) -> "PairScale | None":
    """A line-aligned file's own cosine scale: chance from random mismatched line pairs, the typical
    counterpart as the median cosine of the given pairs (every line is its own counterpart). None
    for files under ``MIN_SCALE_LINES`` lines, where the model's calibrated thresholds stand in."""
    import numpy as np

    from .quantiles import median

    n = len(sims)
    if n < MIN_SCALE_LINES:
        return None
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, samples)
    j = (i + rng.integers(1, n, samples)) % n  # never a line with itself
    rand = np.einsum("ij,ij->i", u[i], v[j])
    return PairScale(float(rand.mean()), float(rand.std()), median(sims), n)


# --------------------------------------------------------------------------- learned QE head

QE_FILE = "qe-{model}.toml"
QE_SCALARS = (
    "cosine", "log_char_ratio", "log_char_ratio_sq", "log_token_ratio", "log_token_ratio_sq", "log_source_tokens",
    "numbers_missing", "numbers_extra", "names_missing", "acronyms_missing", "punct_question", "punct_exclaim",
    "punct_colon", "punct_paren", "punct_quote", "punct_percent", "copied_token_share", "script_mismatch",
    "findings_critical", "findings_major", "findings_minor",
)  # fmt: skip
_QUOTES = "\"'“”„‚‘’«»‹›"


def _numbers(text: str) -> list[str]:
    import re

    # thousands separators: "." "," and the no-break spaces, never a plain space ("in 2024 300 workers")
    return [re.sub(r"[.,\u00a0\u202f]", "", m) for m in re.findall(r"\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?", text)]


def _latin_share(text: str) -> float:
    import unicodedata

    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(unicodedata.name(c, "").startswith("LATIN") for c in letters) / len(letters)


def qe_scalars(src: str, tgt: str, cosine: float, findings: Sequence[Finding]) -> list[float]:
    """The cheap features of one pair, in the order of ``QE_SCALARS`` (pure Python, deterministic)."""
    import math
    import re
    from collections import Counter

    s_tok, t_tok = re.findall(r"\w+", src), re.findall(r"\w+", tgt)
    lc = math.log((len(tgt) + 1) / (len(src) + 1))
    lt = math.log((len(t_tok) + 1) / (len(s_tok) + 1))
    ns, nt = Counter(_numbers(src)), Counter(_numbers(tgt))
    names = [w for k, w in enumerate(src.split()) if k > 0 and w[:1].isupper() and not w.isupper()]
    names = [re.sub(r"\W+$", "", w) for w in names]
    acronyms = [w for w in s_tok if len(w) > 1 and w.isupper() and w.isalpha()]
    diff = lambda chars: abs(sum(src.count(c) for c in chars) - sum(tgt.count(c) for c in chars))  # noqa: E731
    s_low = {w.lower() for w in s_tok if len(w) > 3}
    long_t = [w.lower() for w in t_tok if len(w) > 3]
    sev = Counter(f.severity.value for f in findings if f.type not in ZERO_TYPES and f.type not in STYLE_TYPES)
    return [
        float(cosine), lc, lc * lc, lt, lt * lt, math.log1p(len(s_tok)),
        float(sum((ns - nt).values())), float(sum((nt - ns).values())),
        float(sum(1 for w in names if w and w not in tgt)), float(sum(1 for w in acronyms if w not in tgt)),
        float(diff("?")), float(diff("!")), float(diff(":;")), float(diff("()[]")), float(diff(_QUOTES)), float(diff("%$€£")),
        sum(w in s_low for w in long_t) / len(long_t) if long_t else 0.0,
        abs(_latin_share(src) - _latin_share(tgt)),
        float(sev["critical"]), float(sev["major"]), float(sev["minor"]),
    ]  # fmt: skip


def qe_features(src_vecs, tgt_vecs, scalars) -> "np.ndarray":
    """Rows of ``[scalars, u*v, |u−v|]`` for unit source/target vectors (re-normalised here)."""
    import numpy as np

    u = np.asarray(src_vecs, dtype=np.float64)
    v = np.asarray(tgt_vecs, dtype=np.float64)
    u = u / np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1e-12)
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return np.hstack([np.asarray(scalars, dtype=np.float64).reshape(len(u), -1), u * v, np.abs(u - v)])


@dataclass(frozen=True)
class QEHead:
    """A ridge regression on :func:`qe_features`, then a monotone map of its output onto 0–100.

    ``predict = ((x − mean) / scale) · coef + intercept``; ``score = interp(predict, knots_x, knots_y)``
    (piecewise linear, strictly increasing, flat outside the knots). Fitted by ``eval/calibrate_score.py``.
    """

    model: str
    dim: int  # embedding dimension
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    knots_x: tuple[float, ...]
    knots_y: tuple[float, ...]
    target: str = "mqm"
    fingerprint: str = ""  # sha256 of the shipped file

    @property
    def n_features(self) -> int:
        return len(QE_SCALARS) + 2 * self.dim

    def predict(self, features) -> "np.ndarray":
        import numpy as np

        x = np.asarray(features, dtype=np.float64)
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept

    def score(self, features) -> "np.ndarray":
        """0–100 per row."""
        import numpy as np

        return np.interp(self.predict(features), self.knots_x, self.knots_y)

    @property
    def ref(self) -> ModelRef:
        """The head as a signature names it (``|qe:<model>@<sha256 prefix>``: :class:`~auditor.types.Signature`)."""
        return ModelRef(self.model, self.fingerprint)


@lru_cache(maxsize=8)
def load_head(model: str) -> QEHead | None:
    """The QE head shipped for embedder ``model`` (``models/qe-<model>.toml``), or None if there is none."""
    import hashlib
    import tomllib
    from importlib import resources

    try:
        raw = (resources.files(SCORE_PACKAGE) / QE_FILE.format(model=model)).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None
    return head_from_toml(tomllib.loads(raw.decode("utf-8")), fingerprint=hashlib.sha256(raw).hexdigest(),
                          source=QE_FILE.format(model=model))  # fmt: skip


def head_from_toml(data: dict, *, fingerprint: str = "", source: str = "") -> QEHead:
    from .errors import MissingDataError

    try:
        h = data["head"]
        head = QEHead(
            str(h["model"]), int(h["dim"]), tuple(map(float, h["mean"])), tuple(map(float, h["scale"])),
            tuple(map(float, h["coef"])), float(h["intercept"]), tuple(map(float, h["knots_x"])),
            tuple(map(float, h["knots_y"])), str(h.get("target", "mqm")), fingerprint,
        )  # fmt: skip
        names = tuple(h["scalars"])
    except (KeyError, TypeError, ValueError) as exc:
        raise MissingDataError(
            f"{source or 'QE head'}: malformed QE head ({exc!r})",
            fix="restore models/qe-*.toml, or regenerate it with eval/calibrate_score.py",
        ) from exc
    n = head.n_features
    if names != QE_SCALARS or not (len(head.mean) == len(head.scale) == len(head.coef) == n) or len(head.knots_x) < 2 \
            or len(head.knots_x) != len(head.knots_y) or list(head.knots_x) != sorted(head.knots_x):  # fmt: skip
        raise MissingDataError(
            f"{source or 'QE head'}: its features do not match this version of auditor ({len(head.coef)} weights, {n} features)",
            fix="regenerate it with eval/calibrate_score.py",
        )
    return head
