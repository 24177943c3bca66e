"""How corpus mode scales, per executor: accuracy, seconds per 1,000 documents and peak memory.

Corpus (one JSON Lines file per size, read by the run like any user's): the German versions of the
WMT21 newstest2021 en-de documents (references A, C, D and the 20 system outputs, document boundaries
from the MQM span file as in eval/attribution.py; the English sources are left out, so every version
has **no source in the corpus**: they are siblings), **injected derived copies** with a known source
(a random real version or distractor: its first 60% of sentences, three words changed, a "Read
more" line appended) and **distractors** (two consecutive lines from each of six
different documents of one version, no source in the corpus). A fifth of each corpus is derived copies.

Measured per size and executor, in one fresh subprocess each (same machine, same run): ``top1`` (the
derived copies whose named source is the true one, or a document whose copied sentences are the true
source's letter for letter: some machine translations of one article are identical there, and no
reader could tell which was copied; ``top1_strict`` accepts the true one only), ``no_source_acc`` (every other document is given
no source), seconds for the whole run (reading, segmenting, linting, embedding, attribution, and the
audits with ``--audit``) per 1,000 documents, and peak resident memory (sampled every 0.2 s): of the
run's whole process tree (the driver plus, for Ray, every Ray process), of the driver, and of the
largest worker (Ray's ``ray::`` processes; for ``local`` the driver is the worker), and the largest
worker's private memory (USS: its RSS less the pages it shares, such as the object store's mapped
objects and the model files; Ray only). ``same_json`` says the
executors gave the same JSON byte for byte (its SHA-256 is compared).

The embedder is use-m-v3 by default, the model ``auditor corpus`` gives a German corpus. ``--model fake``
(the tests' 64-dimension hash embedder) measures the machinery quickly but not the accuracy: it gives
any two German sentences of one topic a cosine far above its calibrated ``unrelated`` point, so
documents that share two sentences look like copies.
Ray runs a private local cluster of 2 worker CPUs (``ray.init(num_cpus=2)``).

    .venv/bin/python eval/scale_corpus.py [--sizes 1000,10000] [--executors local,ray] [--audit]
    .venv/bin/python eval/scale_corpus.py --sizes 100000 --merge   # about 50 minutes here (both executors)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402

DERIVED_SHARE = 0.2


def build_corpus(data: Path, size: int, path: Path, seed: int = 12345) -> dict[str, str | None]:
    """Write ``size`` documents to ``path`` (JSON Lines); return each id's true source (None: none in the corpus).

    Also sets ``build_corpus.alike``: for each derived copy, the other documents it could have been
    copied from letter for letter (their copied sentences are identical to the true source's: two
    machine translations of one article sometimes are). Naming one of them is no error: nothing in
    the text can tell them apart."""
    from attribution import load_documents

    names, versions, lines = load_documents(data)
    german = [v for v in versions if v != "en"]
    rng = np.random.default_rng(seed)
    docs: list[tuple[str, list[str]]] = []
    n_derived = int(size * DERIVED_SHARE)
    n_real = min(len(names) * len(german), (size - n_derived) // 2)
    for name, idx in zip(names, lines):
        for ver in german:
            if len(docs) < n_real:
                docs.append((f"de/{name}/{ver}", [versions[ver][i] for i in idx if versions[ver][i].strip()]))
    for d in range(size - n_derived - len(docs)):
        ver = german[int(rng.integers(len(german)))]
        texts: list[str] = []
        for doc in rng.choice(len(names), size=6, replace=False):
            idx = lines[int(doc)]
            at = int(rng.integers(max(1, len(idx) - 1)))
            texts += [versions[ver][i] for i in idx[at : at + 2] if versions[ver][i].strip()]
        docs.append((f"zz-distractor/{d:05d}", texts))
    truth: dict[str, str | None] = {doc_id: None for doc_id, _ in docs}
    originals = list(docs)
    by_first: dict[str, list[tuple[str, list[str]]]] = {}
    for doc_id, texts in originals:
        if texts:
            by_first.setdefault(texts[0], []).append((doc_id, texts))
    alike: dict[str, set[str]] = {}
    for d in range(n_derived):
        src_id, texts = originals[int(rng.integers(len(originals)))]
        docs.append((f"derived/{d:05d}", derive(texts, rng)))
        truth[f"derived/{d:05d}"] = src_id
        k = copied(texts)
        same = {o for o, ot in by_first.get(texts[0], []) if o != src_id and ot[:k] == texts[:k]} if texts else set()
        if same:
            alike[f"derived/{d:05d}"] = same
    build_corpus.alike = alike  # type: ignore[attr-defined]
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, texts in docs:
            fh.write(json.dumps({"id": doc_id, "lang": "de", "text": "\n\n".join(texts)}, ensure_ascii=False) + "\n")
    return truth


def copied(texts: list[str]) -> int:
    """How many leading sentences a derived copy takes: 60%, at least two."""
    return max(2, round(len(texts) * 0.6))


def derive(texts: list[str], rng: np.random.Generator) -> list[str]:
    """A derived copy, as a republisher makes one: the first 60% of the sentences (at least two), three
    words changed, a footer appended."""
    out = list(texts[: copied(texts)])
    for _ in range(3):
        at = int(rng.integers(len(out)))
        words = out[at].split()
        if words:
            words[int(rng.integers(len(words)))] = "Berichten"
            out[at] = " ".join(words)
    return out + ["Lesen Sie mehr: unsere ganze Berichterstattung."]


def one_run(corpus: Path, executor: str, model: str, audit: bool) -> dict:
    """One run in this process (the child): the JSON's SHA-256, each document's named source, seconds."""
    from auditor.api import Auditor
    from auditor.attribute import DEFAULT_K, DEFAULT_SIBLING_THRESHOLD, DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLD
    from auditor.config import Config
    from auditor.corpus import run_corpus
    from auditor.executors import LocalExecutor, RayExecutor
    from auditor.report.corpus import iter_corpus_json

    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    ex = LocalExecutor() if executor == "local" else RayExecutor(num_cpus=2, workers=2, object_store_memory=1 << 30)
    started = time.perf_counter() - t0
    try:
        result = run_corpus(
            Auditor(Config(model=model, max_bytes=1 << 31)), corpus, threshold=DEFAULT_THRESHOLD, story_threshold=DEFAULT_STORY_THRESHOLD,
            sibling_threshold=DEFAULT_SIBLING_THRESHOLD, k=DEFAULT_K, index="auto", audit=audit, executor=ex, timings=stages,
        )  # fmt: skip
        t = time.perf_counter()
        digest = hashlib.sha256()
        for piece in iter_corpus_json(result):  # as `auditor corpus --format json` writes it: in pieces
            digest.update(piece.encode("utf-8"))
        stages["render"] = time.perf_counter() - t
    finally:
        ex.close()
    secs = time.perf_counter() - t0
    return {
        "seconds": secs,
        "startup_seconds": started,
        "sha256": digest.hexdigest(),
        "sources": {a.target_id: a.source_id for a in result.attributions},
        "reports": len(result.reports),
        "signature": str(result.signature),
        "stage_seconds": {k: round(v, 3) for k, v in stages.items()},
    }


def anonymous_bytes(pid: int) -> int:
    """A process's anonymous memory (its heap and stacks: ``Anonymous:`` of /proc/PID/smaps_rollup), which
    leaves out file and shared-memory pages such as Ray's object store (0 where that file is missing)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Anonymous:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(corpus: Path, executor: str, model: str, audit: bool) -> dict:
    """``one_run`` in a fresh subprocess, with the peak RSS of its process tree."""
    import psutil

    out = corpus.with_suffix(f".{executor}.json")
    cmd = [sys.executable, __file__, "--child", str(corpus), "--executor-child", executor, "--model", model, "--result", str(out)]
    cmd += ["--audit"] if audit else []
    proc = subprocess.Popen(cmd, env={**os.environ, "RAY_AUTH_MODE": "disabled"})
    peak, own, uss, anon = 0, {}, {}, {}  # the tree's total; each process's own peak (by pid: role); each worker's private
    # peak; and its anonymous (heap) peak: USS also counts the object-store pages that only this worker has mapped
    stateful: set[int] = set()  # the workers that hold a model (Ray actors: ray::_Holder), not the task workers
    ps = psutil.Process(proc.pid)

    def role(p: psutil.Process) -> str:
        if p.pid == proc.pid:
            return "driver"
        try:  # Ray names its worker processes ray::<what they run>; the rest of the tree is Ray's own services
            return "worker" if p.name().startswith("ray::") or " ".join(p.cmdline()[:1]).startswith("ray::") else "ray-system"
        except psutil.Error:
            return "ray-system"

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            try:
                tree = [ps] + ps.children(recursive=True)
                sizes = {p.pid: (role(p), p.memory_info().rss) for p in tree if p.is_running()}
                peak = max(peak, sum(rss for _, rss in sizes.values()))
                for pid, (r, rss) in sizes.items():
                    if rss > own.get(pid, ("", 0))[1]:
                        own[pid] = (r, rss)
                for p in tree:  # a worker's private memory: its RSS less the pages it shares (the object
                    if sizes.get(p.pid, ("",))[0] == "worker":  # store's mapped objects, the model files)
                        uss[p.pid] = max(uss.get(p.pid, 0), p.memory_full_info().uss)
                        anon[p.pid] = max(anon.get(p.pid, 0), anonymous_bytes(p.pid))
                        if "_Holder" in p.name() or "_Holder" in " ".join(p.cmdline()[:1]):
                            stateful.add(p.pid)
            except psutil.Error:
                pass
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    code = proc.wait()
    th.join()
    if code != 0:
        raise RuntimeError(f"{executor} run failed with exit code {code}")
    res = json.loads(out.read_text(encoding="utf-8"))
    res["peak_rss_mb"] = peak / 2**20
    for r in ("driver", "worker"):  # local: the driver is the one worker
        res[f"{r}_peak_mb"] = max((rss for x, rss in own.values() if x == r), default=0) / 2**20 or None
    res["worker_private_peak_mb"] = max(uss.values(), default=0) / 2**20 or None
    for kind, mine in (("stateful", lambda pid: pid in stateful), ("task", lambda pid: pid not in stateful)):
        pids = [pid for pid, (r, _) in own.items() if r == "worker" and mine(pid)]  # Ray only: the two kinds apart
        res[f"{kind}_worker_peak_mb"] = max((own[pid][1] for pid in pids), default=0) / 2**20 or None
        res[f"{kind}_worker_private_peak_mb"] = max((uss.get(pid, 0) for pid in pids), default=0) / 2**20 or None
        res[f"{kind}_worker_heap_peak_mb"] = max((anon.get(pid, 0) for pid in pids), default=0) / 2**20 or None
    return res


def score(sources: dict[str, str | None], truth: dict[str, str | None],
          alike: dict[str, set[str]] | None = None) -> dict[str, float | int]:  # fmt: skip
    """top-1 over the derived copies (also split by what they were copied from: a real version, which has
    22 near-identical siblings, or a distractor) and the no-source accuracy over every other document.
    ``top1`` accepts a document in ``alike`` (one the copy could have been taken from letter for
    letter); ``top1_strict`` does not."""
    alike = alike or {}
    derived = [d for d, s in truth.items() if s is not None]
    of_real = [d for d in derived if str(truth[d]).startswith("de/")]
    of_distractor = [d for d in derived if d not in of_real]
    others = [d for d, s in truth.items() if s is None]

    def acc(ids: list[str], ok) -> float:  # type: ignore[no-untyped-def]
        return sum(1 for d in ids if ok(d)) / max(1, len(ids))

    def right(d: str) -> bool:
        return sources[d] == truth[d] or sources[d] in alike.get(d, ())

    return {
        "top1": acc(derived, right),
        "top1_strict": acc(derived, lambda d: sources[d] == truth[d]),
        "identical_sources": sum(1 for d in derived if alike.get(d)),
        "top1_of_real_versions": acc(of_real, right),
        "top1_of_distractors": acc(of_distractor, right),
        "no_source_acc": acc(others, lambda d: sources[d] is None),
        "derived_copies": len(derived),
        "no_source_docs": len(others),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data"), help="shared data folder")
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--seeds", default="12345", help="corpus seeds, each a corpus per size (other seeds: held-out corpora)")
    p.add_argument("--executors", default="local,ray")
    p.add_argument("--model", default="use-m-v3", help="the embedder (default use-m-v3, what a German corpus gets; "
                   "'fake' for a quick run that measures the machinery, not the accuracy)")
    p.add_argument("--audit", action="store_true", help="audit every (source, derived) pair too")
    p.add_argument("--merge", action="store_true",
                   help="keep the rows (size, executor) not rerun that eval/results/scale_corpus.json already holds")
    p.add_argument("--result-name", default="scale_corpus",
                   help="save as eval/results/NAME.json (default scale_corpus; e.g. scale_memory for a memory check)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--executor-child", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        res = one_run(Path(args.child), args.executor_child, args.model, args.audit)
        Path(args.result).write_text(json.dumps(res), encoding="utf-8")
        return 0

    from _results import save

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AUDITOR_CACHE_DIR"] = str(Path(tmp) / "cache")  # no vectors from an earlier run
        for size, seed in [(int(x), int(y)) for x in args.sizes.split(",") for y in args.seeds.split(",")]:
            corpus = Path(tmp) / f"corpus-{size}-{seed}.jsonl"
            truth = build_corpus(Path(args.data), size, corpus, seed=seed)
            shas = {}
            for executor in args.executors.split(","):
                res = measure(corpus, executor, args.model, args.audit)
                acc = score(res["sources"], truth, build_corpus.alike)  # type: ignore[attr-defined]
                shas[executor] = res["sha256"]
                rows.append({
                    "documents": size, "seed": seed, "executor": executor, **acc, "seconds": res["seconds"],
                    "seconds_per_1k": res["seconds"] / size * 1000, "startup_seconds": res["startup_seconds"],
                    "peak_rss_mb": res["peak_rss_mb"], "driver_peak_mb": res["driver_peak_mb"],
                    "worker_peak_mb": res["worker_peak_mb"] or res["driver_peak_mb"],
                    "worker_private_peak_mb": res["worker_private_peak_mb"], "reports": res["reports"], "json_sha256": res["sha256"],
                    **{f"{kind}_worker_{m}_mb": res[f"{kind}_worker_{m}_mb"] for kind in ("stateful", "task")
                       for m in ("peak", "private_peak", "heap_peak")},
                    "stage_seconds": res["stage_seconds"],
                })  # fmt: skip
                print(f"{size:>6} {executor:<6} top1 {acc['top1']:.3f} (strict {acc['top1_strict']:.3f}; of real versions {acc['top1_of_real_versions']:.3f}, "
                      f"of distractors {acc['top1_of_distractors']:.3f})  no-source {acc['no_source_acc']:.3f}  "
                      f"{res['seconds']:.1f} s ({rows[-1]['seconds_per_1k']:.1f} s/1k)  peak RSS {res['peak_rss_mb']:.0f} MB "
                      f"(driver {res['driver_peak_mb']:.0f}, worker {rows[-1]['worker_peak_mb']:.0f}, "
                      f"worker private {res['worker_private_peak_mb'] or 0:.0f}; stateful {res['stateful_worker_peak_mb'] or 0:.0f}/"
                      f"{res['stateful_worker_private_peak_mb'] or 0:.0f}, task {res['task_worker_peak_mb'] or 0:.0f}/"
                      f"{res['task_worker_private_peak_mb'] or 0:.0f}; heap {res['stateful_worker_heap_peak_mb'] or 0:.0f}/"
                      f"{res['task_worker_heap_peak_mb'] or 0:.0f})",
                      flush=True)  # fmt: skip
            for row in rows:
                if (row["documents"], row["seed"]) == (size, seed):
                    row["same_json"] = len(set(shas.values())) == 1
    if args.merge:
        from _results import load

        done = {(r["documents"], r["seed"], r["executor"]) for r in rows}
        old = [r for r in load(args.result_name)["rows"] if (r["documents"], r.get("seed", 12345), r["executor"]) not in done]
        rows = sorted(old + rows, key=lambda r: (r["documents"], r["executor"] != "local"))
        for r in rows:  # the executors agree when every row of a size has one JSON digest
            r["same_json"] = len({x["json_sha256"] for x in rows if x["documents"] == r["documents"]}) == 1
    save(args.result_name, {
        "command": "python eval/scale_corpus.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "note": "timings on a 2-core machine shared with other jobs: compare rows of one size, run back to back",
        "model": args.model, "audit": args.audit, "data": args.data, "cpus": os.cpu_count(),
        "ray": "private local cluster, ray.init(num_cpus=2), 2 stateful workers",
        "derived_share": DERIVED_SHARE, "rows": rows,
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
