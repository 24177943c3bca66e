"""Issue 16: a corpus run's attributions must not depend on where or how its stages run: not on the
executor, the worker count, the chunks, the thread count, the order of the documents, nor on what the
vector cache already holds. Checked here by construction, without Ray, on a synthetic corpus with
near-copies, verbatim duplicates (equal cosines) and distractors; ``tests/test_executor.py`` runs the
same corpus on Ray (``ray`` marker).
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from auditor.api import Auditor
from auditor.attribute import DocVectors, attribute, exact_units, nearest_neighbours
from auditor.corpus import CorpusWorker, run_corpus
from auditor.embed.cache import CachedEmbedder, VectorCache
from auditor.embed.fake import FakeEmbedder
from auditor.io.read import document_from_text
from auditor.types import Thresholds

FAKE = FakeEmbedder(dim=64)
THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)
WORDS = ("budget city council vote river bridge storm police market school hospital train station mayor "
         "report minister border farmers prices energy court judge union strike festival museum").split()  # fmt: skip


def synthetic_corpus(n_stories: int = 14, seed: int = 3) -> list[tuple[str, list[str]]]:
    """(id, sentences): stories, derived copies (a prefix, one word changed, a footer), verbatim
    duplicates under another id (their vectors are equal: every cosine to them ties) and distractors."""
    rng = np.random.default_rng(seed)

    def sentence() -> str:
        return " ".join(WORDS[int(i)] for i in rng.integers(len(WORDS), size=9)).capitalize() + "."

    stories = [(f"story/{i:02d}", [sentence() for _ in range(6)]) for i in range(n_stories)]
    docs = list(stories)
    for i, (sid, sents) in enumerate(stories):
        copy = list(sents[:4])
        copy[1] = copy[1].replace(copy[1].split()[2], "Berichten", 1)
        docs.append((f"derived/{i:02d}", copy + ["Read more: our full coverage."]))
        if i % 3 == 0:
            docs.append((f"dup/{i:02d}", list(sents)))
            docs.append((f"dup-copy/{i:02d}", copy + ["Read more: our full coverage."]))
    for d in range(n_stories):
        picks = rng.choice(len(stories), size=3, replace=False)
        docs.append((f"zz-distractor/{d:02d}", [stories[int(p)][1][int(rng.integers(6))] for p in picks]))
    return docs


def items_of(docs: Sequence[tuple[str, list[str]]], embed: Callable[[list[str]], np.ndarray] = FAKE.embed) -> list[DocVectors]:
    return [DocVectors(document_from_text("\n".join(s), doc_id=i, lang="en"), tuple(s), embed(s)) for i, s in docs]


def by_target(result: tuple[Any, Any]) -> tuple[Any, dict[str, Any]]:
    stories, atts = result
    return stories, {a.target_id: a.to_dict() for a in atts}


def run(items: Sequence[DocVectors], **kw: Any) -> tuple[Any, dict[str, Any]]:
    return by_target(attribute(items, thresholds_for=lambda a, b: THR, **kw))


@pytest.mark.parametrize("index", ["exact", "usearch"])
def test_order_chunks_and_threads_do_not_change_the_attributions(index):
    docs = synthetic_corpus()
    base = run(items_of(docs), index=index)
    assert any(a["source"] for a in base[1].values()) and len(base[1]) == len(docs) > 50
    order = np.random.default_rng(1).permutation(len(docs))
    shuffled = [docs[int(i)] for i in order]
    assert run(items_of(shuffled), index=index) == base
    assert run(items_of(docs), index=index, chunk=1) == base
    with threadpool_limits(limits=2, user_api="blas"):
        assert run(items_of(shuffled[::-1]), index=index, chunk=7) == base


def test_equal_cosines_are_broken_by_id_whatever_the_row_order():
    v = FAKE.embed(["the same text", "another text entirely", "the same text", "the same text", "more words here"])
    ids = ["c", "x", "a", "b", "y"]
    ranks = np.argsort(np.argsort(ids))
    for index in ("exact", "usearch"):
        got = nearest_neighbours(v, 2, index=index, ranks=ranks)
        assert [[ids[j] for j in row] for row in got][:1] == [["a", "b"]]
        perm = [4, 3, 2, 1, 0]
        again = nearest_neighbours(v[perm], 2, index=index, ranks=ranks[perm])
        assert [[ids[perm[j]] for j in row] for row in again] == [[ids[j] for j in got[i]] for i in perm]


def test_exact_units_give_the_same_bits_in_any_block_or_thread_count():
    rng = np.random.default_rng(0)
    v = rng.standard_normal((300, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    q, scale = exact_units(v)
    whole = q @ q.T
    assert np.array_equal(q[7:8] @ q.T, whole[7:8])  # one row: a matrix-vector product, other kernels
    assert np.array_equal(q[::-1] @ q.T, whole[::-1])
    with threadpool_limits(limits=1, user_api="blas"):
        assert np.array_equal(q @ q[:5].T, whole[:, :5])
    assert np.abs(whole / scale - v.astype(np.float64) @ v.T.astype(np.float64)).max() < 1e-5


class BatchDependent:
    """Like some real backends (padding): a text's vector depends slightly on the rest of its batch."""

    id, dim, crosslingual, languages = "fake", 64, False, frozenset({"en"})
    fingerprint = "batch-dependent-test-embedder"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        v = FAKE.embed(list(texts)).astype(np.float64) + 1e-4 * len(texts)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_embedded_vectors_do_not_depend_on_what_the_cache_holds(tmp_path):
    docs = [document_from_text("\n\n".join(s), doc_id=i, lang="en") for i, s in synthetic_corpus(4)]
    texts = sorted({s for d in docs for s in d.text.split("\n\n")})

    def worker(folder: str) -> tuple[CorpusWorker, CachedEmbedder]:
        embedder = CachedEmbedder(BatchDependent(), VectorCache(tmp_path / folder, BatchDependent.fingerprint))
        return CorpusWorker(Auditor(embedder=embedder, thresholds=THR)), embedder

    first, cached = worker("cold")
    cold = first.embed(texts)
    assert len(cached.cache) == len(texts)  # written for the audits
    second, cached = worker("warm")
    cached.embed(texts[::3])  # an earlier run, other batches
    assert not np.array_equal(cached.embed(texts[::3]), cold[::3])  # the backend does depend on the batch
    for got in (second.embed(texts), first.embed(texts)):
        assert np.array_equal(got, cold)


class PoolExecutor:
    """A stand-in for Ray without Ray: ``workers`` stateful workers taking the chunks round-robin, the
    chunks run in a scrambled order (results still yielded in chunk order), one shared vector cache."""

    name = "pool"

    def __init__(self, workers: int, seed: int) -> None:
        self.workers, self.rng, self.pools = workers, np.random.default_rng(seed), {}  # type: dict[int, list[Any]]

    def _run(self, calls: list[Callable[[], Any]]) -> Iterator[Any]:
        out: dict[int, Any] = {}
        for i in self.rng.permutation(len(calls)):
            out[int(i)] = calls[int(i)]()
        return iter([out[i] for i in range(len(calls))])

    def map(self, fn: Callable[[Any, Any], Any], chunks: Sequence[Any], *, shared: Any = None) -> Iterator[Any]:
        return self._run([lambda c=c: fn(shared, c) for c in chunks])

    def map_worker(self, factory: Callable[[], Any], method: str, chunks: Sequence[Any]) -> Iterator[Any]:
        pool = self.pools.setdefault(id(factory), [factory() for _ in range(self.workers)])
        return self._run([lambda i=i, c=c: getattr(pool[i % len(pool)], method)(c) for i, c in enumerate(chunks)])

    def close(self) -> None:
        self.pools.clear()


def test_worker_count_chunk_order_and_a_shared_cache_do_not_change_the_json(tmp_path, monkeypatch):
    from auditor import corpus as corpus_run
    from auditor.report.corpus import render_corpus

    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": i, "lang": "en", "text": "\n\n".join(s)}) + "\n" for i, s in synthetic_corpus()),
                    encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(corpus_run, "PREPARE_CHUNK", 5)
    monkeypatch.setattr(corpus_run, "EMBED_CHUNK", 7)
    outputs = []
    for n, workers in enumerate((1, 2, 3, 2)):
        cache = VectorCache(tmp_path / f"cache-{min(n, 2)}", BatchDependent.fingerprint)  # the last run: a warm cache
        aud = Auditor(embedder=CachedEmbedder(BatchDependent(), cache), thresholds=THR)
        res = run_corpus(aud, path, threshold=0.6, story_threshold=0.38, sibling_threshold=0.63, k=5, index="auto",
                         audit=False, executor=PoolExecutor(workers, seed=n))  # fmt: skip
        outputs.append(render_corpus(res, "json"))
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    assert any(a["source"] for a in json.loads(outputs[0])["attributions"])


def test_pair_evidence_travels_as_a_few_arrays_whatever_the_corpus_size():
    """What every evidence worker is sent is flat arrays (mapped from Ray's object store without a
    copy), not Python objects per document: the pickle's in-band part must not grow with the corpus
    (issue 16: as lists of arrays, an evidence worker held 190 MB of its own at 30,000 documents)."""
    import pickle

    from auditor.attribute import PairEvidence, ThresholdTable, shingle_hashes

    def sent(n_stories: int) -> tuple[int, int, PairEvidence]:
        items = items_of(synthetic_corpus(n_stories))
        hashes = [np.array(sorted(shingle_hashes("\n".join(it.sentences))), dtype=np.int64) for it in items]
        pe = PairEvidence(items, hashes, ThresholdTable({("en", "en"): THR}))
        buffers: list[Any] = []
        inband = pickle.dumps(pe, protocol=5, buffer_callback=buffers.append)
        return len(inband), len(buffers), pe

    small, n_small, _ = sent(10)
    large, n_large, pe = sent(100)
    assert n_small == n_large and large < small + 512  # the same arrays, only longer
    copy = pickle.loads(pickle.dumps(pe, protocol=5))
    items = items_of(synthetic_corpus(100))
    for i in (0, 1, len(items) // 2, len(items) - 1):  # and they index as the per-document values did
        assert np.array_equal(copy.table[copy.rows[i]], items[i].units)
        assert list(copy.weights[i]) == [len(x) for x in items[i].sentences]
        assert (copy.langs[i], copy.dates[i], copy.artefacts[i]) == ("en", None, None)


def test_an_evidence_task_gets_the_index_of_its_own_documents_only():
    """Each pair-evidence task is sent the evidence index of its targets and their candidates, cut
    from the whole (issue 16: every task was sent the whole corpus's index, and a Ray worker's memory
    grew with the corpus). Its evidence is the same bits, and a pair outside it is refused."""
    from auditor import attribute as attribute_mod
    from auditor.attribute import PairEvidence, ThresholdTable, shingle_hashes
    from auditor.executors import LocalExecutor

    items = items_of(synthetic_corpus(40))
    hashes = [np.array(sorted(shingle_hashes("\n".join(it.sentences))), dtype=np.int64) for it in items]
    whole = PairEvidence(items, hashes, ThresholdTable({("en", "en"): THR}))
    wanted = {5: [0, 17, 60], 60: [5, 6], 33: [2]}
    part = whole.subset([x for t, srcs in wanted.items() for x in [t, *srcs]])
    assert len(part.ids) == 7 and len(part.table) == sum(len(items[int(i)].sentences) for i in part.ids) < len(whole.table)
    a: dict = {}
    b: dict = {}
    whole.fill(a, wanted)
    part.fill(b, wanted)
    assert a == b and len(a) == 6
    with pytest.raises(KeyError, match="not in this part"):
        part.fill({}, {5: [7]})

    class Counting(LocalExecutor):
        in_process = False  # as Ray: each task is sent its part of the index

        def __init__(self) -> None:
            super().__init__()
            self.docs: list[int] = []

        def map(self, fn, chunks, *, shared=None):
            if fn is attribute_mod._evidence_chunk:
                self.docs += [len(index.ids) for index, _ in chunks]
            return super().map(fn, chunks, shared=shared)

    ex = Counting()
    run_ = by_target(attribute(items, thresholds_for=lambda x, y: THR, executor=ex, chunk=4))
    assert run_ == by_target(attribute(items, thresholds_for=lambda x, y: THR))
    # the whole index would be 148 documents in each of the 37 tasks
    assert len(ex.docs) >= -(-len(items) // 4) and max(ex.docs) < 0.6 * len(items) and np.mean(ex.docs) < len(items) / 2
