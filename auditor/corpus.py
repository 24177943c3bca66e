"""A corpus run: read and embed every document, attribute sources (:mod:`auditor.attribute`), audit each pair.

:meth:`auditor.api.Auditor.audit_corpus` calls :func:`run_corpus` with itself: the Auditor owns the
models and the detectors, :func:`auditor.attribute.attribute` stays pure (vectors in, attributions
out). The result is a :class:`CorpusResult`.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .attribute import (
    ALGORITHM, Attribution, DocVectors, MinHasher, Story, attribute, derivation_detectors, is_derivation_artefact,
)
from .errors import BadInputError, MissingModelError
from .types import Document, ModelRef, Report, Signature, Thresholds

if TYPE_CHECKING:
    import numpy as np

    from .api import Auditor
    from .executors import Executor

PREPARE_CHUNK = 32  # documents per segmenting chunk (and --out shard)
EMBED_CHUNK = 256  # distinct sentences per embedding chunk (and --out shard)
AUDIT_CHUNK = 16  # pairs per audit chunk (and --out shard)


@dataclass(frozen=True)
class CorpusResult:
    """Stories, one attribution per document, and one report per (source, derived) pair."""

    documents: tuple[Document, ...]
    stories: tuple[Story, ...]
    attributions: tuple[Attribution, ...]
    reports: tuple[Report, ...]
    signature: Signature
    out: str | None = None  # the --out folder: the reports are in its shards, not in ``reports``

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


class CorpusWorker:
    """The stateful stages of a corpus run (segment, embed and lint a chunk of documents; audit a
    chunk of pairs), built once per worker by a :class:`WorkerFactory`: the model loads once."""

    def __init__(self, auditor: "Auditor"):
        self.auditor = auditor

    def segment(self, docs: Sequence[Document]) -> list[tuple[tuple[str, ...], int]]:
        """Each document's sentences less its page furniture (:func:`~auditor.detect.boilerplate.boilerplate_kind`;
        all of them when every one is furniture) and its count of derivation artefacts (found by
        :func:`auditor.attribute.derivation_detectors` alone; the caller keeps the documents: they do
        not travel back)."""
        from .detect.base import AuditContext
        from .detect.boilerplate import boilerplate_kind

        aud = self.auditor
        dets = derivation_detectors(aud.detectors)  # only what can count: the rest of the lint is the audits' job
        out = []
        for doc in docs:
            seg = aud.segment(doc)
            lint = aud.detect(AuditContext(None, doc, None, seg, None, Thresholds(0.0, 0.0, 0.0)), dets)
            # page furniture (a "Read more" footer, a byline) is no evidence of copying: republishers add
            # their own, and two copies that share one must not look alike for it (issue 16)
            kept = tuple(x for x in seg.texts if boilerplate_kind(x, doc.lang) is None) or tuple(seg.texts)
            out.append((kept, sum(1 for f in lint if is_derivation_artefact(f))))
        return out

    def embed(self, texts: Sequence[str]) -> "np.ndarray":
        """The unit vectors of distinct sentences, embedded in one batch.

        Never read from the vector cache: some backends' floats depend on what else is in the batch
        (padding; minilm-l6-v2 and use-m-v3 differ by about 1e-7), and a cache that several workers
        fill at once would make the batch depend on timing and on earlier runs (issue 16). The batch
        is chosen by the caller from the corpus alone (:func:`_prepare`), so the vectors are a function
        of the input, whichever worker embeds them. They are written to the cache for the audits."""
        model, cache = uncached(self.auditor.embedder_for(None, None)[0])
        vectors = model.embed(list(texts))
        if cache is not None and len(texts):
            cache.put_many(list(texts), vectors)
        return vectors

    def audit(self, pairs: Sequence[tuple[Document, Document]]) -> list[Report]:
        return [self.auditor.audit(src, tgt) for src, tgt in pairs]


def uncached(embedder: Any) -> tuple[Any, Any]:
    """``(model, cache)``: the backend under a :class:`~auditor.embed.cache.CachedEmbedder` and its cache,
    else ``(embedder, None)``."""
    from .embed.cache import CachedEmbedder

    return (embedder.inner, embedder.cache) if isinstance(embedder, CachedEmbedder) else (embedder, None)


@dataclass(frozen=True)
class WorkerFactory:
    """Builds a :class:`CorpusWorker` where it runs (it travels to other processes: an Auditor is
    its configuration, embedder and detectors, never a loaded model)."""

    auditor: "Auditor"

    def __call__(self) -> CorpusWorker:
        return CorpusWorker(self.auditor)


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
    executor: "Executor | None" = None,
    out: "str | os.PathLike[str] | None" = None,
    resume: bool = False,
    window_days: int | None = None,
    timings: dict[str, float] | None = None,
) -> CorpusResult:
    """Cluster a corpus into stories, attribute each document's likely source, audit each pair
    (see :meth:`auditor.api.Auditor.audit_corpus` and the module doc).

    ``timings``: when given, filled with each stage's wall-clock seconds (``read``; ``segment``: segment
    and count derivation artefacts; ``embed``: each distinct sentence once; ``attribute``: candidates,
    evidence and the choice; ``audit``), for cost models."""
    import time
    from dataclasses import replace

    from . import __version__
    from .executors import LocalExecutor, chunked
    from .progress import progress

    clock = {"t": time.perf_counter()}

    def lap(stage: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + now - clock["t"]
        clock["t"] = now

    if isinstance(documents, (str, os.PathLike)):
        from .io.corpus import read_corpus

        cfg = auditor.config
        docs = read_corpus(documents, encoding=cfg.encoding, max_bytes=cfg.max_bytes)
    else:
        docs = [auditor.load(d) for d in documents]
        if len(docs) < 2:
            raise BadInputError(f"a corpus needs at least two documents, got {len(docs)}", fix="give every version to compare")
    lap("read")
    model = corpus_model(auditor, [d.lang for d in docs])
    aud = auditor
    if (model is not None and model != auditor.config.model) or not auditor.config.allow_identical:
        # one model for the whole corpus; verbatim copies are audited too
        aud = auditor.replace(config=replace(auditor.config, model=model, allow_identical=True))
    embedder, _ = aud.embedder_for(docs[0].lang, docs[0].lang)  # its id and fingerprint; workers embed
    mh = MinHasher(seed=aud.config.seed)
    sig = Signature(
        __version__,
        ModelRef(embedder.id, embedder.fingerprint),
        thresholds=(("threshold", threshold), ("story", story_threshold), ("sibling", sibling_threshold)),
        seed=aud.config.seed,
        algorithm=ALGORITHM,
        settings=(("k", str(k)), ("index", index), ("minhash", mh.describe()))
        + ((("window_days", str(window_days)),) if window_days is not None else ()),
        detectors=aud.detector_names,
    )
    folder = None if out is None else Path(out)
    if folder is not None:
        _start_out(folder, sig, docs, resume=resume)
    ex = executor or LocalExecutor()
    factory = WorkerFactory(aud)
    lap("read")  # the model, the signature and the output folder
    items = _prepare(ex, factory, docs, folder, progress, lap)

    def thresholds_for(a: str | None, b: str | None) -> Thresholds:
        return aud.embedder_for(a, b)[1]

    stories, attributions = attribute(
        items, thresholds_for=thresholds_for, threshold=threshold, story_threshold=story_threshold,
        sibling_threshold=sibling_threshold, k=k, index=index, minhash=mh, executor=ex, window_days=window_days,
    )  # fmt: skip
    del items
    lap("attribute")
    by_id = {d.id: d for d in docs}
    reports: list[Report] = []
    if audit:
        # detached: each record with its own lines of the file, not the whole file (Document.detached)
        pairs = [(by_id[a.source_id].detached(), by_id[a.target_id].detached()) for a in attributions if a.source_id is not None]
        chunks = chunked(pairs, AUDIT_CHUNK)
        todo = list(range(len(chunks)))
        if folder is not None:
            todo = [i for i in todo if not (resume and _audit_shard(folder, i).exists())]
        done = ex.map_worker(factory, "audit", [chunks[i] for i in todo])
        for i, part in zip(todo, progress(done, total=len(todo), desc="auditing pairs")):
            if folder is None:
                reports += part
            else:
                _write_reports(folder, i, part)
    result = CorpusResult(tuple(docs), stories, attributions, tuple(reports), sig, None if folder is None else str(folder))
    if folder is not None:
        _finish_out(folder, result)
    lap("audit")
    return result


def _prepare(ex: "Executor", factory: WorkerFactory, docs: Sequence[Document], folder: Path | None, progress: Any,
             lap: Callable[[str], None]) -> list[DocVectors]:  # fmt: skip
    """Segment every document (in chunks of :data:`PREPARE_CHUNK` documents), then embed each distinct
    sentence of the corpus once (in chunks of :data:`EMBED_CHUNK`); with ``folder`` each chunk is a
    shard, and shards already there are read back.

    The distinct sentences are embedded in the order of (length, text): the batches, and so the
    vectors, depend on the set of sentences only, not on the order of the documents, the segmenting
    chunks or the executor. Every document's vectors are rows of one shared table: a sentence that a
    thousand reprints share is embedded and stored once."""
    from dataclasses import replace

    import numpy as np

    from .executors import chunked
    from .io.corpus import load_segments, load_vectors, save_segments, save_vectors, shard_path

    chunks = chunked(list(docs), PREPARE_CHUNK)
    segs: dict[int, list[tuple[tuple[str, ...], int]]] = {}
    if folder is not None:
        for i, chunk in enumerate(chunks):
            path = shard_path(folder, "segmented", i, "json")
            if path.exists():
                ids, sents, arts = load_segments(path)
                if ids != [d.id for d in chunk]:
                    raise BadInputError(f"{path}: the shard holds other documents than the input",
                                        fix="rerun without --resume, or give another --out folder")  # fmt: skip
                segs[i] = list(zip(sents, arts))
    todo = [i for i in range(len(chunks)) if i not in segs]
    # a document's locator (line:col in its file) is not needed to segment and lint: it stays here
    sent = [[replace(d.detached(), locator=None) for d in chunks[i]] for i in todo]
    for i, got in zip(todo, progress(ex.map_worker(factory, "segment", sent), total=len(todo), desc="segmenting")):
        segs[i] = got
        if folder is not None:
            save_segments(shard_path(folder, "segmented", i, "json"), [d.id for d in chunks[i]], [s for s, _ in got], [a for _, a in got])
    lap("segment")
    distinct = sorted({s for part in segs.values() for sents, _ in part for s in sents}, key=lambda s: (len(s), s))
    row = {s: i for i, s in enumerate(distinct)}
    batches = chunked(distinct, EMBED_CHUNK)
    parts: dict[int, Any] = {}
    if folder is not None:
        for i, batch in enumerate(batches):
            path = shard_path(folder, "embedded", i, "npz")
            if path.exists() and (vecs := load_vectors(path, batch)) is not None:
                parts[i] = vecs
    todo = [i for i in range(len(batches)) if i not in parts]
    for i, vecs in zip(todo, progress(ex.map_worker(factory, "embed", [batches[i] for i in todo]), total=len(todo), desc="embedding")):
        parts[i] = vecs
        if folder is not None:
            save_vectors(shard_path(folder, "embedded", i, "npz"), batches[i], vecs)
    table = np.concatenate([parts[i] for i in range(len(batches))]) if batches else np.zeros((0, 0), np.float32)
    del parts
    lap("embed")
    items = []
    for i, chunk in enumerate(chunks):
        for d, (texts, count) in zip(chunk, segs.pop(i)):
            rows = np.fromiter((row[s] for s in texts), dtype=np.int64, count=len(texts))
            items.append(DocVectors(d, tuple(distinct[r] for r in rows), table, count, rows=rows))  # one str per distinct sentence
    return items


def _audit_shard(folder: Path, index: int) -> Path:
    from .io.corpus import shard_path

    return shard_path(folder, "reports", index, "jsonl")


def _write_reports(folder: Path, index: int, reports: Sequence[Report]) -> None:
    from .io.corpus import write_jsonl
    from .report.json import report_to_dict

    write_jsonl(_audit_shard(folder, index), [report_to_dict(r) for r in reports])


def _start_out(folder: Path, sig: Signature, docs: Sequence[Document], *, resume: bool) -> None:
    """Check or start ``folder/run.json``: what a resumed run must match (signature, documents, chunk sizes)."""
    digest = hashlib.sha256()
    for d in docs:
        digest.update(json.dumps([d.id, d.lang, d.date, d.text], ensure_ascii=False).encode("utf-8"))
    run = {"signature": str(sig), "documents": len(docs), "sha256": digest.hexdigest(),
           "chunks": {"prepare": PREPARE_CHUNK, "embed": EMBED_CHUNK, "audit": AUDIT_CHUNK}}  # fmt: skip
    path = folder / "run.json"
    if folder.exists() and any(folder.iterdir()):
        if not resume:
            raise BadInputError(f"{folder}: the --out folder is not empty", fix="add --resume to continue that run, or give an empty folder")
        if not path.exists() or json.loads(path.read_text(encoding="utf-8")) != run:
            raise BadInputError(f"{folder}: it holds another run (other documents, settings or version)",
                                fix="give an empty --out folder, or the same input and options as the interrupted run")  # fmt: skip
        return
    from .io.corpus import write_atomic

    write_atomic(path, (json.dumps(run, indent=2) + "\n").encode("utf-8"))


def _finish_out(folder: Path, result: CorpusResult) -> None:
    """``attributions.jsonl`` (one line per document) and ``summary.json`` (the JSON form without the
    reports, and the list of report shards); the summary is written last: it marks a finished run.
    Both are written a record at a time."""
    from .io.corpus import write_atomic, write_jsonl
    from .report.corpus import iter_corpus_json

    write_jsonl(folder / "attributions.jsonl", (a.to_dict() for a in result.attributions))
    shards = sorted(p.relative_to(folder).as_posix() for p in (folder / "reports").glob("reports-*.jsonl"))
    write_atomic(folder / "summary.json", iter_corpus_json(result, reports=False, extra={"report_shards": shards}))
