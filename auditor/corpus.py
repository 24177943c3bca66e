"""A corpus run: read and embed every document, attribute sources (:mod:`auditor.attribute`), audit each pair.

:meth:`auditor.api.Auditor.audit_corpus` calls :func:`run_corpus` with itself: the Auditor owns the
models and the detectors, :func:`auditor.attribute.attribute` stays pure (vectors in, attributions
out). The result is a :class:`CorpusResult`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from .attribute import ALGORITHM, ARTEFACT_TYPES, Attribution, DocVectors, MinHasher, Story, attribute
from .errors import BadInputError, MissingModelError
from .types import Document, ModelRef, Report, Signature, Thresholds

if TYPE_CHECKING:
    from .api import Auditor


@dataclass(frozen=True)
class CorpusResult:
    """Stories, one attribution per document, and one report per (source, derived) pair."""

    documents: tuple[Document, ...]
    stories: tuple[Story, ...]
    attributions: tuple[Attribution, ...]
    reports: tuple[Report, ...]
    signature: Signature

    def story_of(self, doc_id: str) -> Story:
        return next(s for s in self.stories if doc_id in s.documents)

    def attribution_of(self, doc_id: str) -> Attribution:
        return next(a for a in self.attributions if a.target_id == doc_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: documents, stories, the graph, attributions and every report
        (:func:`auditor.report.corpus.corpus_to_dict`)."""
        from .report.corpus import corpus_to_dict

        return corpus_to_dict(self)

    def sibling_pairs(self) -> list[tuple[str, str]]:
        """Undirected sibling edges ``(a, b)``, ``a < b``: near-copies of each other, neither the other's source."""
        return sorted({(min(a.target_id, s), max(a.target_id, s)) for a in self.attributions for s in a.siblings})

    def to_frame(self, kind: str = "attributions") -> Any:
        """pandas DataFrames for notebooks: ``attributions`` (one row per document: its story, likely
        source, score and evidence), ``candidates`` (every ranked candidate), ``scores`` (one row per
        audited pair) or ``findings`` (every finding of every audited pair)."""
        from .report.frames import corpus_frame

        return corpus_frame(self, kind)

    def to_dot(self) -> str:
        """The derivation graph in Graphviz DOT (:func:`auditor.report.corpus.render_dot`)."""
        from .report.corpus import render_dot

        return render_dot(self)


def corpus_model(auditor: "Auditor", langs: Sequence[str | None]) -> str | None:
    """The one model id for the whole corpus: the pair choice for a one-language corpus, else the
    first installed registry model covering every language (None when the Auditor was given an embedder)."""
    from .embed.registry import choose_model, is_installed, load_registry, normalise_lang

    if auditor.embedder is not None:
        return None
    if auditor.config.model:
        return auditor.config.model
    known = sorted({normalise_lang(x) for x in langs if x})
    if len(known) <= 1:
        lang = known[0] if known else "en"
        return choose_model(lang, lang).id
    for spec in load_registry().values():
        if not spec.builtin and is_installed(spec) and all(x in spec.languages for x in known):
            return spec.id
    raise MissingModelError(
        f"no installed model covers every language of the corpus ({', '.join(known)})",
        fix="install a model that covers them (see `auditor models list`), or split the corpus by language",
    )


def run_corpus(
    auditor: "Auditor",
    documents: "str | os.PathLike[str] | Sequence[Any]",
    *,
    threshold: float,
    story_threshold: float,
    sibling_threshold: float,
    k: int,
    index: str,
    audit: bool,
) -> CorpusResult:
    """Cluster a corpus into stories, attribute each document's likely source, audit each pair
    (see :meth:`auditor.api.Auditor.audit_corpus`)."""
    from dataclasses import replace

    from . import __version__
    from .detect.base import AuditContext
    from .progress import progress

    if isinstance(documents, (str, os.PathLike)):
        from .io.corpus import read_corpus

        cfg = auditor.config
        docs = read_corpus(documents, encoding=cfg.encoding, max_bytes=cfg.max_bytes)
    else:
        docs = [auditor.load(d) for d in documents]
        if len(docs) < 2:
            raise BadInputError(f"a corpus needs at least two documents, got {len(docs)}", fix="give every version to compare")
    model = corpus_model(auditor, [d.lang for d in docs])
    aud = auditor
    if (model is not None and model != auditor.config.model) or not auditor.config.allow_identical:
        # one model for the whole corpus; verbatim copies are audited too
        aud = auditor.replace(config=replace(auditor.config, model=model, allow_identical=True))
    embedder, _ = aud.embedder_for(docs[0].lang, docs[0].lang)
    items = []
    for doc in progress(docs, desc="reading and embedding"):
        seg = aud.segment(doc)
        lint = aud.detect(AuditContext(None, doc, None, seg, None, Thresholds(0.0, 0.0, 0.0)))
        artefacts = sum(1 for f in lint if f.type.value in ARTEFACT_TYPES)
        items.append(DocVectors(doc, tuple(seg.texts), embedder.embed(seg.texts), artefacts))

    def thresholds_for(a: str | None, b: str | None) -> Thresholds:
        return aud.embedder_for(a, b)[1]

    mh = MinHasher(seed=aud.config.seed)
    stories, attributions = attribute(
        items, thresholds_for=thresholds_for, threshold=threshold, story_threshold=story_threshold,
        sibling_threshold=sibling_threshold, k=k, index=index, minhash=mh,
    )  # fmt: skip
    by_id = {d.id: d for d in docs}
    reports = []
    if audit:
        pairs = [a for a in attributions if a.source_id is not None]
        for a in progress(pairs, desc="auditing pairs"):
            reports.append(aud.audit(by_id[a.source_id], by_id[a.target_id]))
    sig = Signature(
        __version__,
        ModelRef(embedder.id, embedder.fingerprint),
        thresholds=(("threshold", threshold), ("story", story_threshold), ("sibling", sibling_threshold)),
        seed=aud.config.seed,
        algorithm=ALGORITHM,
        settings=(("k", str(k)), ("index", index), ("minhash", mh.describe())),
        detectors=aud.detector_names,
    )
    return CorpusResult(tuple(docs), stories, attributions, tuple(reports), sig)
