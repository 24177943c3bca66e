"""The facade for notebooks, scripts and CI: :func:`audit` and :class:`Auditor`.

Build an :class:`Auditor` once and call it many times: models load once per process and
vectors are cached on disk. The library raises :mod:`auditor.errors`; it never exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, Union

from . import __version__
from .config import Config
from .errors import BadInputError, MissingModelError, UsageError
from .types import Alignment, BeadCalibration, Document, Finding, FindingType, Report, Segmentation, Severity, Signature, Thresholds

if TYPE_CHECKING:
    import numpy as np

    from .align import AlignParams, SpanVectors
    from .embed.base import Embedder
    from .score import SegmentRow
    from .types import PairScale

DocLike = Union[Document, str, "os.PathLike[str]"]


@dataclass(frozen=True)
class SegmentScore:
    """One line of ``auditor score``: a source segment, its translation, optionally a reference."""

    line: int
    fidelity: float
    similarity: float
    reference_similarity: float | None
    findings: tuple[Finding, ...]
    chrf: float | None = None  # sentence chrF against the reference (0–100), when one is given
    row: "SegmentRow | None" = None  # the score's parts (auditor.score); aggregate with score_segment_rows


class Auditor:
    """Holds the configuration and the loaded embedders; audits many documents.

    ``embedder`` forces one embedder for every language pair (tests pass the fake one), with
    ``thresholds`` for it unless the registry knows its id; otherwise the model is chosen per
    language pair from the registry.
    """

    def __init__(
        self, config: Config | None = None, *, embedder: "Embedder | None" = None, thresholds: "Thresholds | None" = None
    ):
        self.config = config or Config()
        self._forced = embedder
        self._forced_thresholds = thresholds

    # ------------------------------------------------------------------ loading

    def load(self, doc: DocLike, *, lang: str | None = None) -> Document:
        """A Document from a Document, a path, ``"-"`` (standard input), or a string of text.

        A ``Path`` is always a file. A string is a file when it has the shape of a path (one line,
        an existing file, a document suffix, or no spaces and a ``/``): a missing one is a
        :class:`BadInputError` ("no such file"), never audited as its own text. Any other string is
        the text itself; :func:`auditor.io.read.document_from_text` makes that explicit. The
        command line never guesses: its arguments are paths, and text needs ``--text``."""
        if isinstance(doc, Document):
            return doc.with_lang(lang) if lang else doc
        from .io.read import STDIN, document_from_text, read_document, read_stdin

        cfg = self.config
        if isinstance(doc, str) and doc == STDIN:
            return read_stdin(encoding=cfg.encoding, max_bytes=cfg.max_bytes, lang=lang)
        if isinstance(doc, os.PathLike) or _looks_like_path(doc):
            return read_document(Path(doc), encoding=cfg.encoding, max_bytes=cfg.max_bytes, lang=lang)
        return document_from_text(str(doc), lang=lang)

    # ------------------------------------------------------------------ models

    def embedder_for(self, src_lang: str | None, tgt_lang: str | None) -> "tuple[Embedder, Thresholds]":
        from .embed.registry import choose_model, get_embedder, load_registry

        if self._forced is not None:
            if self._forced_thresholds is not None:
                return self._forced, self._forced_thresholds
            spec = load_registry().get(self._forced.id)
            if spec is None:
                raise MissingModelError(
                    f"embedder {self._forced.id!r} is not in the registry, so its thresholds are unknown",
                    fix="pass thresholds=Thresholds(match=…, shift=…, unrelated=…) to Auditor",
                )
            return self._forced, spec.thresholds_for(src_lang, tgt_lang)
        if self.config.model:
            registry = load_registry()
            if self.config.model not in registry:
                raise MissingModelError(
                    f"unknown model {self.config.model!r}",
                    fix=f"choose one of: {', '.join(sorted(registry))} (see `auditor models list`)",
                )
            spec = registry[self.config.model]
            for lang in (src_lang, tgt_lang):
                if lang and lang not in spec.languages:
                    raise MissingModelError(
                        f"model {spec.id!r} does not cover language {lang!r}",
                        fix="leave --model unset to choose a model per language pair, or pick one that covers it",
                    )
        else:
            spec = choose_model(src_lang or "en", tgt_lang or "en")
        return get_embedder(spec.id, config=self.config), spec.thresholds_for(src_lang, tgt_lang)

    def calibration_for(self, embedder: "Embedder") -> "BeadCalibration | None":
        """The registry's bead-confidence calibration of this embedder (None if it has none)."""
        from .embed.registry import load_registry

        spec = load_registry().get(getattr(embedder, "id", ""))
        return spec.confidence if spec is not None else None

    def span_vectors(self, embedder: "Embedder", seg: Segmentation) -> "SpanVectors":
        """Vectors of every run of 1..max_span consecutive sentences.

        ``window_vectors="embed"`` embeds each run's concatenated text (one batched call), so
        n-m beads are compared by meaning; ``"sum"`` embeds sentences only and adds their
        vectors, about three times faster at a small cost in accuracy (see the README).

        A document of more than ``LONG_DOCUMENT_SENTENCES`` sentences gets its sentences embedded
        (in batches, with a progress bar on a terminal) and its windows summed here, as in ``"sum"``;
        :meth:`align_documents` then embeds the windows the alignment can use
        (:meth:`embed_needed_windows`), so time grows linearly with the documents (issue 12).
        """
        import numpy as np

        from .align import SpanVectors

        texts = seg.texts
        k_max = self.config.max_span
        lengths = np.array([len(t) for t in texts], dtype=np.float32)
        from .embed.anchors import anchor_vectors

        if self.config.window_vectors == "sum":
            vecs = embedder.embed(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
            return SpanVectors.from_sentence_vectors(vecs, lengths, max_span=k_max, anchors=anchor_vectors(texts))
        if self.config.window_vectors != "embed":
            raise UsageError(
                f"unknown window_vectors {self.config.window_vectors!r}", fix="use 'embed' or 'sum'", code="A210"
            )
        runs_text: list[str] = []
        bounds = []
        for k in range(1, k_max + 1):
            start = len(runs_text)
            runs_text += [" ".join(texts[i : i + k]) for i in range(max(0, len(texts) - k + 1))]
            bounds.append((start, len(runs_text)))
        lexical = anchor_vectors(runs_text)
        anchors = tuple(lexical[a:b] for a, b in bounds)
        if len(texts) > LONG_DOCUMENT_SENTENCES:
            vecs = _embed_batched(embedder, texts, desc=f"embedding {seg.doc_id}: sentences")
            return SpanVectors(SpanVectors.from_sentence_vectors(vecs, lengths, max_span=k_max).runs, lengths, anchors)
        vecs = embedder.embed(runs_text) if runs_text else np.zeros((0, embedder.dim), dtype=np.float32)
        runs = tuple(np.ascontiguousarray(vecs[a:b], dtype=np.float32).reshape(b - a, embedder.dim) for a, b in bounds)
        return SpanVectors(runs, lengths, anchors)

    def embed_needed_windows(
        self, embedder: "Embedder", segs: "tuple[Segmentation, Segmentation]", vectors: "tuple[SpanVectors, SpanVectors]",
        params: "AlignParams",
    ) -> "tuple[SpanVectors, SpanVectors]":
        """Embed the multi-sentence windows of long documents where the alignment can use them.

        :meth:`span_vectors` sums the windows of a document over ``LONG_DOCUMENT_SENTENCES``
        sentences. The pair is aligned once on those; around every bead that is not a confident 1-1
        match (n-m beads, omissions, additions, 1-1 beads under ``CONFIDENT_RELATIVE`` of the pair's
        scale, moved beads), one sentence either side, each window is embedded from its text and
        replaces its sum. Elsewhere a sentence already has a clear counterpart and a window could not
        win the DP. Short documents, and ``window_vectors="sum"``, are returned unchanged.
        """
        import numpy as np

        from .align import SpanVectors, align

        long = [len(seg.texts) > LONG_DOCUMENT_SENTENCES for seg in segs]
        if self.config.window_vectors != "embed" or not any(long) or self.config.max_span < 2:
            return vectors
        first = align(vectors[0], vectors[1], mode=self.config.align_mode, params=params)
        marked = _uncertain_sentences(first, vectors[0].n, vectors[1].n, params)
        out = []
        for seg, sv, is_long, mark in zip(segs, vectors, long, marked):
            if not is_long:
                out.append(sv)
                continue
            wanted = [(k, i) for k in range(2, sv.max_span + 1) for i in _windows_touching(mark, k)]
            texts = [" ".join(seg.texts[i : i + k]) for k, i in wanted]
            vecs = _embed_batched(embedder, texts, desc=f"embedding {seg.doc_id}: windows")
            runs = [sv.runs[0]] + [np.array(r, dtype=np.float32, copy=True) for r in sv.runs[1:]]
            for (k, i), v in zip(wanted, vecs):
                runs[k - 1][i] = v
            out.append(SpanVectors(tuple(runs), sv.lengths, sv.anchors))
        return out[0], out[1]

    # ------------------------------------------------------------------ the pipeline

    def segment(self, doc: Document, *, presegmented: bool = False) -> Segmentation:
        from .segment import presegmented as preseg
        from .segment import segment

        seg = preseg(doc.text, doc_id=doc.id, lang=doc.lang) if presegmented else segment(doc)
        if not seg.segments:
            raise BadInputError(
                f"{doc.path or doc.id}: no sentences found after reading and cleaning the document",
                fix="check that the file holds article text (not only markup or boilerplate)",
                code="A404",
            )
        return seg

    def align_documents(
        self,
        source: DocLike,
        target: DocLike,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        presegmented: bool = False,
    ) -> tuple[Document, Document, Segmentation, Segmentation, Alignment, "Embedder", Thresholds]:
        from .align import AlignParams, align

        src = self.load(source, lang=source_lang)
        tgt = self.load(target, lang=target_lang)
        self._check_pair(src, tgt)
        src_seg = self.segment(src, presegmented=presegmented)
        tgt_seg = self.segment(tgt, presegmented=presegmented)
        embedder, thr = self.embedder_for(src.lang, tgt.lang)
        sv, tv = self.span_vectors(embedder, src_seg), self.span_vectors(embedder, tgt_seg)
        params = AlignParams.for_thresholds(
            match=thr.match,
            shift=thr.shift,
            unrelated=thr.unrelated,
            window=self.config.window,
            calibration=self.calibration_for(embedder),
        )
        sv, tv = self.embed_needed_windows(embedder, (src_seg, tgt_seg), (sv, tv), params)
        alignment = align(sv, tv, mode=self.config.align_mode, params=params)
        return src, tgt, src_seg, tgt_seg, alignment, embedder, thr

    def audit(
        self, source: DocLike, target: DocLike, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> Report:
        """Audit ``target`` against ``source``: align, detect, score."""
        from .detect.base import AuditContext, run_detectors
        from .detect.registry import default_detectors
        from .score import score_alignment

        src, tgt, src_seg, tgt_seg, alignment, embedder, thr = self.align_documents(
            source, target, source_lang=source_lang, target_lang=target_lang
        )
        ctx = AuditContext(src, tgt, src_seg, tgt_seg, alignment, thr)
        findings = tuple(run_detectors(ctx, default_detectors()))
        sig = self.signature(embedder, thr, alignment.mode)
        score = score_alignment(alignment.beads, findings, src_seg, tgt_seg, signature=sig, seed=self.config.seed)
        return Report(tgt, tgt_seg, findings, sig, src, src_seg, alignment, score, embedder.id)

    def lint(self, target: DocLike, *, target_lang: str | None = None) -> Report:
        """Source-free checks on one document (no alignment, no score)."""
        from .detect.base import AuditContext, run_detectors
        from .detect.registry import default_detectors

        tgt = self.load(target, lang=target_lang)
        tgt_seg = self.segment(tgt)
        thr = Thresholds(match=0.0, shift=0.0, unrelated=0.0)
        ctx = AuditContext(None, tgt, None, tgt_seg, None, thr)
        findings = tuple(run_detectors(ctx, default_detectors()))
        sig = str(Signature(__version__, "none", "-", "lint", ()))
        return Report(tgt, tgt_seg, findings, sig, model=None)

    def signature(self, embedder: "Embedder", thr: Thresholds, mode: str) -> str:
        """The model's calibrated cosines (used where a pair's own scale cannot be measured) and the
        levels read on the pair's scale (:class:`~auditor.types.PairScale`): drift below ``rel_shift``,
        major below ``rel_major``, beads split below ``rel_unlink``."""
        from .align import AlignParams
        from .detect.coverage import DRIFT_MAJOR, DRIFT_MINOR

        relative = (("rel_shift", DRIFT_MINOR), ("rel_major", DRIFT_MAJOR), ("rel_unlink", AlignParams.unlink_relative))
        return str(
            Signature(
                version=__version__,
                model=embedder.id,
                fingerprint=embedder.fingerprint,
                mode=mode,
                thresholds=thr.as_pairs() + relative,
                seed=self.config.seed,
            )
        )

    # ------------------------------------------------------------------ segment-level scoring

    def score_segments(
        self,
        sources: Sequence[str],
        targets: Sequence[str],
        references: Sequence[str] | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> tuple[list[SegmentScore], str]:
        """Score line-aligned segments (MT evaluation mode). Returns the scores and the signature.

        Each pair is one bead: the typed detectors (numbers, names, roles, negation, quotes, labels…)
        run on it as in an audit, and its cosine goes through the model's thresholds; with
        ``references``, the target–reference cosine (same-language model) and sentence chrF join in.
        Aggregate the rows with :func:`auditor.score.score_segment_rows` for a corpus score with a CI.

        When the embedder has a learned QE head (``models/qe-<model>.toml``, fitted on WMT20 MQM), its
        0–100 score of each pair (:func:`auditor.score.qe_features` of the two vectors, the cheap
        surface features and the findings) enters the score, and the signature names the head's
        fingerprint (``|qe:<model>@<sha256>``).
        """
        import numpy as np

        from .detect.coverage import CoverageDetector
        from .detect.registry import default_detectors
        from .lang import detect_language
        from .score import load_head, load_weights, qe_features, qe_scalars, segment_row

        if len(sources) != len(targets) or (references is not None and len(references) != len(targets)):
            n_ref = "" if references is None else f", {len(references)} reference lines"
            raise BadInputError(
                f"line counts differ: {len(sources)} source lines, {len(targets)} target lines{n_ref}",
                fix="give files with one segment per line and the same number of lines",
                code="A420",
            )
        src_lang = source_lang or detect_language("\n".join(sources[:200]))[0]
        tgt_lang = target_lang or detect_language("\n".join(targets[:200]))[0]
        embedder, thr = self.embedder_for(src_lang, tgt_lang)
        weights = load_weights()
        head = load_head(embedder.id)
        texts = sorted(set(sources) | set(targets))
        vecs = embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        pos = {t: i for i, t in enumerate(texts)}
        u, v = vecs[[pos[t] for t in sources]], vecs[[pos[t] for t in targets]]
        sims = np.einsum("ij,ij->i", u, v) if len(sources) else np.zeros(0, dtype=np.float32)
        if head is not None and vecs.shape[1] != head.dim:
            head = None  # a head for another embedding size cannot read these vectors
        ref_sims, ref_thr, chrfs = None, None, None
        if references is not None:
            ref_emb, ref_thr = self.embedder_for(tgt_lang, tgt_lang)
            ref_sims = _pair_cosines(ref_emb, targets, references)
            if (weights.segment_ref if head is None else weights.segment_ref_qe).w_chrf:
                from sacrebleu.metrics import CHRF

                chrf = CHRF()
                chrfs = [chrf.sentence_score(t, [r]).score for t, r in zip(targets, references)]
        detectors = [d for d in default_detectors() if not isinstance(d, CoverageDetector)]
        crosslingual = src_lang != tgt_lang
        from .progress import progress

        scale = segment_scale(u, v, sims)
        all_findings = [
            _segment_findings(s, t, float(sims[k]), thr, crosslingual=crosslingual, langs=(src_lang, tgt_lang),
                              detectors=detectors, scale=scale)
            for k, (s, t) in progress(list(enumerate(zip(sources, targets))), desc="checking segments")
        ]  # fmt: skip
        qes = None
        if head is not None and len(sources):
            scal = [qe_scalars(s, t, float(sims[k]), all_findings[k]) for k, (s, t) in enumerate(zip(sources, targets))]
            qes = head.score(qe_features(u, v, scal))
        out = []
        for n, (s, t) in enumerate(zip(sources, targets), start=1):
            sim = float(sims[n - 1])
            rsim = None if ref_sims is None else float(ref_sims[n - 1])
            c = None if chrfs is None else float(chrfs[n - 1])
            findings = all_findings[n - 1]
            q = None if qes is None else float(qes[n - 1])
            row = segment_row(sim, findings, thr, ref_sim=rsim, ref_thr=ref_thr, chrf=c, qe=q, weights=weights)
            out.append(SegmentScore(n, row.fidelity, sim, rsim, tuple(findings), c, row))
        mode = "segments" if references is None else "segments+ref"
        signature = self.signature(embedder, thr, mode)
        return out, signature if head is None else f"{signature}|{head.tag()}"

    # ------------------------------------------------------------------ checks

    def _check_pair(self, src: Document, tgt: Document) -> None:
        if src.path and tgt.path and Path(src.path).resolve() == Path(tgt.path).resolve():
            raise BadInputError(
                f"source and target are the same file: {src.path}",
                fix="give the original as SOURCE and the version to audit as TARGET",
                code="A410",
            )
        if src.text == tgt.text and not self.config.allow_identical:
            raise BadInputError(
                f"source and target are identical ({src.path or src.id} and {tgt.path or tgt.id}): nothing to audit",
                fix="check the file names; pass --allow-identical to audit them anyway",
                code="A411",
            )


# ---------------------------------------------------------------------- module-level helpers


def audit(
    source: DocLike,
    target: DocLike,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: Config | None = None,
) -> Report:
    """Audit ``target`` against ``source`` (strings, paths or Documents). See :class:`Auditor`."""
    return Auditor(config).audit(source, target, source_lang=source_lang, target_lang=target_lang)


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
    """One segment's fidelity (0–100): see :func:`auditor.score.segment_row` and ``models/score.toml``;
    ``qe`` is the QE head's 0–100 score of the pair (:meth:`auditor.score.QEHead.score`), if any.
    A target that is empty or copies its source untranslated scores 0 (MQM's non-translation)."""
    from .score import segment_row

    return segment_row(sim, findings, thr, ref_sim=ref_sim, ref_thr=ref_thr, chrf=chrf, qe=qe).fidelity


#: A score file needs this many line pairs before its own scale is trusted (else: the model's thresholds).
MIN_SCALE_LINES = 20


def segment_scale(u: "np.ndarray", v: "np.ndarray", sims: "np.ndarray", *, samples: int = 4000, seed: int = 0) -> "PairScale | None":
    """A line-aligned file's own cosine scale: chance from random mismatched line pairs, the typical
    counterpart as the median cosine of the given pairs (every line is its own counterpart). None
    for files under ``MIN_SCALE_LINES`` lines, where the model's calibrated thresholds stand in."""
    import numpy as np

    from .types import PairScale

    n = len(sims)
    if n < MIN_SCALE_LINES:
        return None
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n, samples)
    j = (i + rng.integers(1, n, samples)) % n  # never a line with itself
    rand = np.einsum("ij,ij->i", u[i], v[j])
    return PairScale(float(rand.mean()), float(rand.std()), float(np.median(sims)), n)


def _pair_cosines(embedder: "Embedder", left: Sequence[str], right: Sequence[str]) -> "np.ndarray":
    """Row-wise cosines; every distinct text is embedded once, in one batched call."""
    import numpy as np

    texts = sorted(set(left) | set(right))
    if not texts:
        return np.zeros(0, dtype=np.float32)
    vecs = embedder.embed(texts)
    pos = {t: i for i, t in enumerate(texts)}
    a = vecs[[pos[t] for t in left]]
    b = vecs[[pos[t] for t in right]]
    return np.einsum("ij,ij->i", a, b)


def _segment_findings(
    src: str,
    tgt: str,
    sim: float,
    thr: Thresholds,
    *,
    crosslingual: bool,
    langs: tuple[str | None, str | None] = (None, None),
    detectors: Sequence[object] | None = None,
    scale: "PairScale | None" = None,
) -> list[Finding]:
    """Findings on one segment pair: empty or copied target, low similarity (on the file's ``scale``
    when measured, :func:`auditor.detect.coverage.drift_severity`), and the typed detectors
    (``detectors``; none when not given) run on the pair as one bead of cosine ``sim``."""
    out: list[Finding] = []
    if not tgt.strip() and src.strip():
        out.append(
            Finding(FindingType.OMISSION, Severity.CRITICAL, "The segment was not translated: the target line is empty.",
                    "empty target line", 1.0, detector="segments")  # fmt: skip
        )
        return out
    if crosslingual and " ".join(src.split()) == " ".join(tgt.split()) and len(src.split()) > 2:
        out.append(
            Finding(FindingType.IDENTICAL_COPY, Severity.CRITICAL, "The target copies the source text untranslated.",
                    "target text equals source text", 1.0, detector="segments")  # fmt: skip
        )
        return out
    from .detect.coverage import drift_severity

    graded = drift_severity(sim, thr, scale)
    if graded is not None:
        out.append(
            Finding(FindingType.MEANING_SHIFT, graded[0], "Possible meaning shift between source and target segment.",
                    graded[1], 0.6, detector="segments")  # fmt: skip
        )
    if detectors and src.strip():
        from .detect.base import AuditContext, run_detectors
        from .io.read import document_from_text
        from .segment import presegmented
        from .types import Bead

        s_lang, t_lang = langs
        s_doc = document_from_text(" ".join(src.split()), doc_id="src", lang=s_lang)
        t_doc = document_from_text(" ".join(tgt.split()), doc_id="tgt", lang=t_lang)
        s_seg = presegmented(s_doc.text, doc_id="src", lang=s_lang)
        t_seg = presegmented(t_doc.text, doc_id="tgt", lang=t_lang)
        if s_seg.segments and t_seg.segments:
            al = Alignment((Bead((0,), (0,), sim),), "monotonic", "monotonic", "one segment pair", None, scale)
            out.extend(run_detectors(AuditContext(s_doc, t_doc, s_seg, t_seg, al, thr), detectors))
    return out


#: Over this many sentences, a document's multi-sentence windows are embedded only where the
#: alignment can use them (:meth:`Auditor.embed_needed_windows`); shorter ones get every window.
LONG_DOCUMENT_SENTENCES = 400
#: A 1-1 bead at or above this level of the pair's scale (chance 0, typical counterpart 1) is confident.
CONFIDENT_RELATIVE = 0.75
EMBED_BATCH = 256  # texts per embedding call for long documents (progress and bounded memory)


def _embed_batched(embedder: "Embedder", texts: Sequence[str], *, desc: str) -> "np.ndarray":
    """Embed ``texts`` in batches of ``EMBED_BATCH``, with a progress bar on a terminal."""
    import numpy as np

    from .progress import Progress

    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    with Progress(len(texts), desc=desc) as bar:
        for a in range(0, len(texts), EMBED_BATCH):
            batch = texts[a : a + EMBED_BATCH]
            out[a : a + len(batch)] = embedder.embed(list(batch))
            bar.update(len(batch))
    return out


def _uncertain_sentences(alignment: Alignment, n: int, m: int, params: "AlignParams") -> "tuple[np.ndarray, np.ndarray]":
    """Source and target sentences (boolean masks) near a bead that is not a confident 1-1 match."""
    import numpy as np

    level = alignment.scale.cosine_at(CONFIDENT_RELATIVE) if alignment.scale is not None else None
    level = params.match_threshold if level is None else level
    marks = (np.zeros(n + 1, dtype=bool), np.zeros(m + 1, dtype=bool))
    last = [-1, -1]  # last sentence seen on each side, where a one-sided bead sits on the other
    for b in alignment.beads:
        sure = len(b.src) == 1 and len(b.tgt) == 1 and not b.moved and (b.similarity or 0.0) >= level
        for side, idx in enumerate((b.src, b.tgt)):
            lo, hi = (min(idx), max(idx)) if idx else (last[side], last[side] + 1)
            if not sure:
                marks[side][max(0, lo - 1) : hi + 2] = True
            if idx:
                last[side] = max(last[side], hi)
    return marks[0][:n], marks[1][:m]


def _windows_touching(mark: "np.ndarray", k: int) -> list[int]:
    """Start indices of the windows of ``k`` sentences that hold at least one marked sentence."""
    import numpy as np

    if len(mark) < k:
        return []
    cum = np.concatenate([[0], np.cumsum(mark, dtype=np.int64)])
    return np.flatnonzero(cum[k:] - cum[:-k] > 0).tolist()


def _looks_like_path(text: str) -> bool:
    """Whether a string given as a document is meant as a file: one line, and it exists, ends in a
    document suffix, or is one token with a folder separator (``data/samples/000_dd4a``) or ``~``.
    Issue 12: a mistyped path without a suffix was audited as its own text."""
    if not isinstance(text, str) or "\n" in text or "\r" in text or len(text) > 4096 or not text.strip():
        return False
    try:
        if Path(text).expanduser().exists():
            return True
    except (OSError, ValueError):  # a name too long, a NUL byte: not a file name
        return False
    if len(text) < 260 and Path(text).suffix.lower() in _DOC_SUFFIXES:
        return True
    token = text.strip()
    return not any(c.isspace() for c in token) and ("/" in token or os.sep in token or token.startswith("~"))


_DOC_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"}


def audit_corpus(documents, **options):  # type: ignore[no-untyped-def]
    """Cluster a corpus into stories, find each document's likely source (or none), audit each pair.

    ``documents``: a folder, a JSON Lines/CSV file, or a list of Documents/paths; options as
    :func:`auditor.attribute.audit_corpus` (``auditor=``, ``threshold=``, ``story_threshold=``, ``k=``,
    ``audit=``). Returns a :class:`auditor.attribute.CorpusResult` (``to_dict()``, ``to_dot()``,
    ``to_frame()`` where available).
    """
    from .attribute import audit_corpus as _audit_corpus

    return _audit_corpus(documents, **options)
