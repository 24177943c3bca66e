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
        from . import __version__
        from .report.json import report_to_dict
        from .types import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "auditor_version": __version__,
            "signature": str(self.signature),
            "documents": [
                {"id": d.id, "path": d.path, "lang": d.lang, "date": d.date, "title": d.title, "outlet": d.outlet}
                for d in self.documents
            ],
            "stories": [s.to_dict() for s in self.stories],
            "graph": {
                "nodes": [d.id for d in self.documents],
                "edges": [
                    {"source": a.source_id, "target": a.target_id, "score": round(a.chosen.score, 4)}
                    for a in self.attributions
                    if a.source_id is not None and a.chosen is not None
                ],
                "siblings": [{"a": a, "b": b} for a, b in self.sibling_pairs()],
            },
            "attributions": [a.to_dict() for a in self.attributions],
            "reports": [report_to_dict(r) for r in self.reports],
        }

    def sibling_pairs(self) -> list[tuple[str, str]]:
        """Undirected sibling edges ``(a, b)``, ``a < b``: near-copies of each other, neither the other's source."""
        return sorted({(min(a.target_id, s), max(a.target_id, s)) for a in self.attributions for s in a.siblings})

    def to_frame(self, kind: str = "attributions") -> Any:
        """pandas DataFrames for notebooks: ``attributions`` (one row per document: its story, likely
        source, score and evidence), ``candidates`` (every ranked candidate), ``scores`` (one row per
        audited pair) or ``findings`` (every finding of every audited pair)."""
        import pandas as pd

        if kind == "attributions":
            rows = []
            for a in self.attributions:
                ch = a.chosen
                rows.append({"document": a.target_id, "story": self.story_of(a.target_id).id, "source": a.source_id,
                             "score": None if ch is None else round(ch.score, 4), "reason": a.reason,
                             **({f"evidence_{k}": v for k, v in ch.evidence.items()} if ch is not None else {})})  # fmt: skip
            return pd.DataFrame(rows)
        if kind == "candidates":
            return pd.DataFrame(
                [{"document": c.target_id, "candidate": c.source_id, "score": round(c.score, 4), "admissible": c.admissible,
                  "chosen": a.source_id == c.source_id, **{f"evidence_{k}": v for k, v in c.evidence.items()}}
                 for a in self.attributions for c in a.candidates]  # fmt: skip
            )
        if kind in ("scores", "findings"):
            from .report.frames import report_frame

            frames = [report_frame(r, "score" if kind == "scores" else "findings") for r in self.reports]
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        from .errors import UsageError

        raise UsageError(f"unknown corpus frame kind {kind!r}", fix="choose attributions, candidates, scores or findings")

    def to_dot(self) -> str:
        """The derivation graph in Graphviz DOT: one cluster per story, an edge source → derived."""
        lines = ["digraph derivation {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
        lang = {d.id: d.lang or "?" for d in self.documents}
        for n, story in enumerate(self.stories):
            lines.append(f"  subgraph cluster_{n} {{")
            lines.append(f"    label={_dot_str(story.id)};")
            for doc_id in story.documents:
                lines.append(f"    {_dot_str(doc_id)} [label={_dot_str(f'{doc_id} ({lang[doc_id]})')}];")
            lines.append("  }")
        for a in self.attributions:
            c = a.chosen
            if a.source_id is None or c is None:
                continue
            style = ', dir=none, style=dashed' if c.evidence.get("direction") == "undetermined" else ""
            lines.append(f"  {_dot_str(a.source_id)} -> {_dot_str(a.target_id)} [label={_dot_str(f'{c.score:.2f}')}{style}];")
        for a, b in self.sibling_pairs():
            lines.append(f"  {_dot_str(a)} -> {_dot_str(b)} [label=\"sibling\", dir=none, style=dashed, color=gray];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


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
