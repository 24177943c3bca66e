"""The facade for notebooks, scripts and CI: :func:`audit`, :func:`audit_corpus` and :class:`Auditor`.

The :class:`Auditor` owns the pipeline: :meth:`~Auditor.audit`, :meth:`~Auditor.lint`,
:meth:`~Auditor.score_segments` (with :meth:`~Auditor.check_pair` for one segment pair) and
:meth:`~Auditor.audit_corpus`, each returning a typed value. Build one once and call it many times:
models load once per process and vectors are cached on disk. The library raises
:mod:`auditor.errors`; it never exits.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, Union

from . import __version__, compiled
from .attribute import DEFAULT_K, DEFAULT_SIBLING_THRESHOLD, DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLD
from .config import Config
from .errors import BadInputError, MissingModelError
from .score import SegmentScore, SegmentScores, segment_scale
from .types import (
    NO_MODEL,
    Alignment,
    BeadCalibration,
    Document,
    Finding,
    FindingType,
    ModelRef,
    Report,
    Segmentation,
    Severity,
    Signature,
    Thresholds,
)

if TYPE_CHECKING:
    import numpy as np
    from .align import AlignParams, SpanVectors
    from .corpus import CorpusResult
    from .detect.base import AuditContext, Detector
    from .embed.base import Embedder
    from .executors import Executor
    from .types import PairScale

DocLike = Union[Document, str, "os.PathLike[str]"]


@dataclasses.dataclass(frozen=True)
class AlignedDocuments:
    """:meth:`Auditor.align_documents`: both documents, their sentences, the alignment and what made it."""

    source: Document
    target: Document
    source_segments: Segmentation
    target_segments: Segmentation
    alignment: Alignment
    embedder: "Embedder"
    thresholds: Thresholds


class Auditor:
    """Holds the configuration, the loaded embedders and the detectors; audits many documents.

    ``embedder`` forces one embedder for every language pair (tests pass the fake one), with
    ``thresholds`` for it unless the registry knows its id; otherwise the model is chosen per
    language pair from the registry. ``detectors``: what :meth:`audit`, :meth:`lint` and
    :meth:`check_pair` run (None: :func:`auditor.detect.registry.default_detectors`). A detector
    may declare ``replaces``, names of detectors whose findings on the same target span give way to
    its own (a desk's house style replaces the shipped spelling lexicon's verdict).
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        embedder: "Embedder | None" = None,
        thresholds: "Thresholds | None" = None,
        detectors: "Sequence[Detector] | None" = None,
    ):
        self.config = config or Config()
        compiled.configure(self.config.cache_dir)  # lexicon tables, memoised parses (use_cache: vectors only)
        self._embedder = embedder
        self._thresholds = thresholds
        self._detectors = None if detectors is None else tuple(detectors)

    @property
    def embedder(self) -> "Embedder | None":
        """The embedder given to the constructor (None: chosen per language pair)."""
        return self._embedder

    @property
    def detectors(self) -> "tuple[Detector, ...]":
        """The detectors an audit runs, in order (the defaults are built afresh for each call)."""
        if self._detectors is not None:
            return self._detectors
        from .detect.registry import default_detectors

        return tuple(default_detectors())

    @property
    def detector_names(self) -> tuple[str, ...]:
        """For a signature: each detector's ``name``, or ``name@version`` where it declares a version."""
        return _names(self.detectors)

    def replace(self, *, config: Config | None = None, detectors: "Sequence[Detector] | None" = None) -> "Auditor":
        """A copy with another configuration and/or other detectors; the same embedder and thresholds."""
        return Auditor(
            config if config is not None else self.config,
            embedder=self._embedder,
            thresholds=self._thresholds,
            detectors=detectors if detectors is not None else self._detectors,
        )

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

        if self._embedder is not None:
            if self._thresholds is not None:
                return self._embedder, self._thresholds
            spec = load_registry().get(self._embedder.id)
            if spec is None:
                raise MissingModelError(
                    f"embedder {self._embedder.id!r} is not in the registry, so its thresholds are unknown",
                    fix="pass thresholds=Thresholds(match=…, shift=…, unrelated=…) to Auditor",
                )
            return self._embedder, spec.thresholds_for(src_lang, tgt_lang)
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
        """Vectors of every run of 1..max_span consecutive sentences (:func:`auditor.spans.span_vectors`)."""
        from .spans import span_vectors

        return span_vectors(embedder, seg, max_span=self.config.max_span, window_vectors=self.config.window_vectors)

    def embed_needed_windows(
        self, embedder: "Embedder", segs: "tuple[Segmentation, Segmentation]", vectors: "tuple[SpanVectors, SpanVectors]",
        params: "AlignParams",
    ) -> "tuple[SpanVectors, SpanVectors]":
        """Embed the windows of long documents where the alignment can use them (:func:`auditor.spans.embed_needed_windows`)."""
        from .spans import embed_needed_windows

        return embed_needed_windows(
            embedder, segs, vectors, params, align_mode=self.config.align_mode, window_vectors=self.config.window_vectors
        )

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
        warm_up: bool = False,
    ) -> "AlignedDocuments":
        """Load, segment, embed and align ``source`` and ``target`` (no detectors, no score).
        ``warm_up``: meanwhile, load in a background thread what the detectors will need."""
        from .align import AlignParams, align

        src = self.load(source, lang=source_lang)
        tgt = self.load(target, lang=target_lang)
        self._refuse_same(src, tgt)
        src_seg = self.segment(src, presegmented=presegmented)
        tgt_seg = self.segment(tgt, presegmented=presegmented)
        embedder, thr = self.embedder_for(src.lang, tgt.lang)
        if warm_up and _will_embed(embedder, src_seg.texts + tgt_seg.texts):
            self._warm_up(src.lang, tgt.lang, src_seg.texts + tgt_seg.texts)
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
        return AlignedDocuments(src, tgt, src_seg, tgt_seg, alignment, embedder, thr)

    def _warm_up(self, src_lang: str | None, tgt_lang: str | None, texts: Sequence[str]) -> None:
        """Start a daemon thread that loads what the detectors will need for this pair (a
        detector's ``warm_up(src_lang, tgt_lang, texts)`` names it, or None). A cold English audit
        imports spaCy there while the main thread embeds: the import is Python, the embedding mostly
        BLAS, so the two share two cores. Nothing is started when nothing needs loading. The thread
        is not a daemon: a process that ends before the detectors ask for spaCy waits for the import
        to finish rather than tear down an interpreter in the middle of loading C extensions."""
        import threading

        jobs = [job for d in self.detectors if (hook := getattr(d, "warm_up", None)) and (job := hook(src_lang, tgt_lang, texts))]
        if jobs:
            threading.Thread(target=lambda: [job() for job in jobs], name="auditor-warm-up", daemon=False).start()

    def detect(self, ctx: "AuditContext", detectors: "Sequence[Detector] | None" = None) -> tuple[Finding, ...]:
        """Run ``detectors`` (default: :attr:`detectors`) on ``ctx``, in order; a detector's findings
        replace those of the detectors it ``replaces`` on the same target span."""
        from .detect.base import run_detectors

        dets = self.detectors if detectors is None else tuple(detectors)
        findings = run_detectors(ctx, dets)
        for d in dets:
            replaced = set(getattr(d, "replaces", ()))
            if not replaced:
                continue
            spans = {_span_key(f) for f in findings if f.detector == d.name and f.target_span}
            findings = [f for f in findings if not (f.detector in replaced and f.target_span and _span_key(f) in spans)]
        return tuple(findings)

    def audit(
        self, source: DocLike, target: DocLike, *, source_lang: str | None = None, target_lang: str | None = None
    ) -> Report:
        """Audit ``target`` against ``source``: align, detect, score."""
        from .detect.base import AuditContext
        from .score import score_alignment

        a = self.align_documents(source, target, source_lang=source_lang, target_lang=target_lang, warm_up=True)
        src_seg, tgt_seg, alignment = a.source_segments, a.target_segments, a.alignment
        detectors = self.detectors
        findings = self.detect(AuditContext(a.source, a.target, src_seg, tgt_seg, alignment, a.thresholds), detectors)
        sig = self.signature(a.embedder, a.thresholds, alignment.mode, detectors=detectors)
        score = score_alignment(alignment.beads, findings, src_seg, tgt_seg, signature=sig, seed=self.config.seed)
        return Report(a.target, tgt_seg, findings, sig, a.source, src_seg, alignment, score, a.embedder.id)

    def lint(self, target: DocLike, *, target_lang: str | None = None) -> Report:
        """Source-free checks on one document (no alignment, no score)."""
        from .detect.base import AuditContext

        tgt = self.load(target, lang=target_lang)
        tgt_seg = self.segment(tgt)
        thr = Thresholds(match=0.0, shift=0.0, unrelated=0.0)
        detectors = self.detectors
        findings = self.detect(AuditContext(None, tgt, None, tgt_seg, None, thr), detectors)
        sig = Signature(__version__, NO_MODEL, "lint", detectors=_names(detectors))
        return Report(tgt, tgt_seg, findings, sig, model=None)

    def signature(
        self, embedder: "Embedder", thr: Thresholds, mode: str, *, detectors: "Sequence[Detector] | None" = None
    ) -> Signature:
        """The signature of a number from ``embedder`` at ``thr`` in ``mode``: the model's calibrated
        cosines (used where a pair's own scale cannot be measured) and the levels read on the pair's
        scale (:class:`~auditor.types.PairScale`): drift below ``rel_shift``, major below
        ``rel_major``, beads split below ``rel_unlink``."""
        from .align import AlignParams
        from .detect.coverage import DRIFT_MAJOR, DRIFT_MINOR

        relative = (("rel_shift", DRIFT_MINOR), ("rel_major", DRIFT_MAJOR), ("rel_unlink", AlignParams.unlink_relative))
        return Signature(
            __version__,
            ModelRef(embedder.id, embedder.fingerprint),
            mode,
            thr.as_pairs(),
            relative,
            seed=self.config.seed,
            detectors=_names(self.detectors if detectors is None else detectors),
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
    ) -> SegmentScores:
        """Score line-aligned segments (MT evaluation mode): one :class:`SegmentScore` per line.

        Each pair is checked by :meth:`check_pair` as one bead: the typed detectors (numbers, names,
        roles, negation, quotes, labels…) run on it as in an audit, and its cosine goes through the
        model's thresholds (or the file's own scale, :func:`auditor.score.segment_scale`); with
        ``references``, the target–reference cosine (same-language model) and sentence chrF join in.
        Aggregate the rows with :func:`auditor.score.score_segment_rows` for a corpus score with a CI.

        When the embedder has a learned QE head (``models/qe-<model>.toml``, fitted on WMT20 MQM), its
        0–100 score of each pair (:func:`auditor.score.qe_features` of the two vectors, the cheap
        surface features and the findings) enters the score, and the signature names the head's
        fingerprint (``|qe:<model>@<sha256>``).
        """
        import numpy as np

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
        detectors = self.pair_detectors
        from .progress import progress

        scale = segment_scale(u, v, sims)
        all_findings = [
            self._check_pair(s, t, float(sims[k]), thr, (src_lang, tgt_lang), scale, detectors)
            for k, (s, t) in progress(list(enumerate(zip(sources, targets))), desc="checking segments")
        ]
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
        signature = self.signature(embedder, thr, mode, detectors=detectors)
        if head is not None:
            signature = dataclasses.replace(signature, heads=(head.ref,))
        return SegmentScores(tuple(out), signature)

    @property
    def pair_detectors(self) -> "tuple[Detector, ...]":
        """The detectors :meth:`check_pair` runs: :attr:`detectors` but coverage (one bead has no omissions)."""
        from .detect.coverage import CoverageDetector

        return tuple(d for d in self.detectors if not isinstance(d, CoverageDetector))

    def check_pair(
        self,
        source: str,
        target: str,
        *,
        similarity: float,
        thresholds: Thresholds,
        source_lang: str | None = None,
        target_lang: str | None = None,
        scale: "PairScale | None" = None,
    ) -> tuple[Finding, ...]:
        """Findings on one segment pair, as ``auditor score`` reports them: an empty or copied target;
        a possible meaning shift at cosine ``similarity`` (on ``scale``, a file's own, when measured:
        :func:`auditor.detect.coverage.drift_severity`); and :meth:`detect_pair`."""
        langs = (source_lang, target_lang)
        return self._check_pair(source, target, similarity, thresholds, langs, scale, self.pair_detectors)

    def detect_pair(
        self,
        source: str,
        target: str,
        *,
        similarity: float,
        thresholds: Thresholds,
        source_lang: str | None = None,
        target_lang: str | None = None,
        scale: "PairScale | None" = None,
    ) -> tuple[Finding, ...]:
        """The typed detectors (:attr:`pair_detectors`) on one sentence pair aligned as one bead of
        cosine ``similarity`` (each text on one line: a newline reads as a space)."""
        langs = (source_lang, target_lang)
        return self._detect_pair(source, target, similarity, thresholds, langs, scale, self.pair_detectors)

    def _check_pair(
        self, src: str, tgt: str, sim: float, thr: Thresholds, langs: tuple[str | None, str | None],
        scale: "PairScale | None", detectors: "Sequence[Detector]",
    ) -> tuple[Finding, ...]:  # fmt: skip
        if not tgt.strip() and src.strip():
            empty = "The segment was not translated: the target line is empty."
            return (Finding(FindingType.OMISSION, Severity.CRITICAL, empty, "empty target line", 1.0,
                            detector="segments"),)  # fmt: skip
        if langs[0] != langs[1] and " ".join(src.split()) == " ".join(tgt.split()) and len(src.split()) > 2:
            copy = "The target copies the source text untranslated."
            return (Finding(FindingType.IDENTICAL_COPY, Severity.CRITICAL, copy, "target text equals source text", 1.0,
                            detector="segments"),)  # fmt: skip
        from .detect.coverage import drift_severity

        out: list[Finding] = []
        graded = drift_severity(sim, thr, scale)
        if graded is not None:
            shift = "Possible meaning shift between source and target segment."
            out.append(Finding(FindingType.MEANING_SHIFT, graded[0], shift, graded[1], 0.6, detector="segments"))
        if detectors and src.strip():
            one_line = " ".join(src.split()), " ".join(tgt.split())
            out.extend(self._detect_pair(*one_line, sim, thr, langs, scale, detectors))
        return tuple(out)

    def _detect_pair(
        self, src: str, tgt: str, sim: float, thr: Thresholds, langs: tuple[str | None, str | None],
        scale: "PairScale | None", detectors: "Sequence[Detector]",
    ) -> tuple[Finding, ...]:  # fmt: skip
        from .detect.base import AuditContext
        from .io.read import document_from_text
        from .segment import presegmented
        from .types import Bead

        s_lang, t_lang = langs
        s_doc = document_from_text(src.replace("\n", " "), doc_id="src", lang=s_lang)
        t_doc = document_from_text(tgt.replace("\n", " "), doc_id="tgt", lang=t_lang)
        s_seg = presegmented(s_doc.text, doc_id="src", lang=s_lang)
        t_seg = presegmented(t_doc.text, doc_id="tgt", lang=t_lang)
        if not (s_seg.segments and t_seg.segments):
            return ()
        al = Alignment((Bead((0,), (0,), sim),), "monotonic", "monotonic", "one segment pair", None, scale)
        return self.detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, thr), detectors)

    # ------------------------------------------------------------------ corpora

    def audit_corpus(
        self,
        documents: "str | os.PathLike[str] | Sequence[Any]",
        *,
        threshold: float = DEFAULT_THRESHOLD,
        story_threshold: float = DEFAULT_STORY_THRESHOLD,
        sibling_threshold: float = DEFAULT_SIBLING_THRESHOLD,
        k: int = DEFAULT_K,
        index: str = "auto",
        audit: bool = True,
        executor: "Executor | str" = "local",
        out: "str | os.PathLike[str] | None" = None,
        resume: bool = False,
        window_days: int | None = None,
    ) -> "CorpusResult":
        """Cluster a corpus into stories, find each document's likely source (or none), audit each pair.

        ``documents``: a folder or a JSON Lines/CSV file (:func:`auditor.io.corpus.read_corpus`), or a
        sequence of Documents, paths or strings. Every document is embedded with one model
        (:func:`auditor.corpus.corpus_model`); :func:`auditor.attribute.attribute` ranks the sources
        (``threshold``, ``story_threshold``, ``sibling_threshold``, ``k`` nearest documents from an
        ``index``); with ``audit``, each (source, derived) pair is audited. Returns a
        :class:`auditor.corpus.CorpusResult` (``to_dict()``, ``to_dot()``, ``to_frame()``).

        ``executor``: where the stages run, with the same answer byte for byte: ``"local"`` (this
        process), ``"ray"`` (a private local Ray cluster, stopped on return; ``pip install
        'auditor[ray]'``), or an :class:`auditor.executors.Executor` you built and close, e.g.
        ``get_executor("ray", address="auto")`` for a running cluster. ``out``: a folder for the run's
        shards, which ``resume`` continues after an interruption. ``window_days``: documents dated
        further apart are never each other's candidates.
        """
        from .corpus import run_corpus
        from .executors import get_executor

        ex = get_executor(executor) if isinstance(executor, str) else executor
        try:
            return run_corpus(
                self, documents, threshold=threshold, story_threshold=story_threshold,
                sibling_threshold=sibling_threshold, k=k, index=index, audit=audit,
                executor=ex, out=out, resume=resume, window_days=window_days,
            )  # fmt: skip
        finally:
            if isinstance(executor, str):  # built here: stopped here
                ex.close()

    # ------------------------------------------------------------------ checks

    def _refuse_same(self, src: Document, tgt: Document) -> None:
        # one file may hold many documents (a JSON Lines or CSV corpus): the same file and the same id
        same_file = src.path and tgt.path and Path(src.path).resolve() == Path(tgt.path).resolve()
        if same_file and src.id == tgt.id:
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


def _will_embed(embedder: "Embedder", texts: Sequence[str]) -> bool:
    """Whether aligning ``texts`` will run the model: the vector cache is off or lacks one of them.
    Only then is there embedding time for a warm-up thread to overlap."""
    from .embed.cache import CachedEmbedder

    return not isinstance(embedder, CachedEmbedder) or bool(embedder.cache.get_many(list(texts))[1])


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


def audit_corpus(
    documents: "str | os.PathLike[str] | Sequence[Any]",
    *,
    config: Config | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
    sibling_threshold: float = DEFAULT_SIBLING_THRESHOLD,
    k: int = DEFAULT_K,
    index: str = "auto",
    audit: bool = True,
    executor: "Executor | str" = "local",
    out: "str | os.PathLike[str] | None" = None,
    resume: bool = False,
    window_days: int | None = None,
) -> "CorpusResult":
    """Stories, likely sources and an audit of each pair for a corpus. See :meth:`Auditor.audit_corpus`."""
    return Auditor(config).audit_corpus(
        documents, threshold=threshold, story_threshold=story_threshold, sibling_threshold=sibling_threshold,
        k=k, index=index, audit=audit, executor=executor, out=out, resume=resume, window_days=window_days,
    )  # fmt: skip


def _span_key(f: Finding) -> tuple[int, int] | None:
    return (f.target_span.start, f.target_span.end) if f.target_span is not None else None


def _names(detectors: "Sequence[Detector]") -> tuple[str, ...]:
    """For a signature: each detector's ``name``, or ``name@version`` where it declares a version."""
    return tuple(d.name + (f"@{v}" if (v := getattr(d, "version", None)) else "") for d in detectors)
