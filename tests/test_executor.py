"""Issue 16: every corpus stage runs on an executor; ``local`` and ``ray`` give the same JSON byte for
byte, and ``--out DIR --resume`` continues an interrupted run from its shards.

The fake embedder is chosen by ``--model fake`` (the registry's ``fake`` entry), so that Ray workers,
which do not see this process's monkeypatches, build the same one.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from auditor import cli
from auditor import corpus as corpus_run
from auditor.attribute import MinHasher
from auditor.executors import LocalExecutor, chunked, get_executor
from auditor.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
# with the fake embedder 000 scores 0.59 from 001 and 001 0.57 from 000 (furniture left out): 0.58 names 001 as 000's source
ARGS = ["--model", "fake", "--threshold", "0.58"]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_samples_find_001_as_000s_source_and_no_source_for_the_others(capsys):
    code, out, err = run(capsys, "corpus", str(SAMPLES), *ARGS, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    sources = {a["target"]: a["source"] for a in data["attributions"]}
    assert sources.pop("000_dd4acef3590ed458") == "001_0ba629fe7179814c"
    assert set(sources.values()) == {None}
    assert [(r["source"]["id"], r["target"]["id"]) for r in data["reports"]] == [("001_0ba629fe7179814c", "000_dd4acef3590ed458")]


def test_a_json_lines_corpus_audits_its_pairs_like_a_folder(capsys, tmp_path):
    """Every record of a .jsonl shares one file: the pair's audit must not take them for one document."""
    path = tmp_path / "feeds.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc in sorted(SAMPLES.glob("0*.txt")):
            fh.write(json.dumps({"id": doc.stem, "text": doc.read_text(encoding="utf-8")}) + "\n")
    code, out, err = run(capsys, "corpus", str(path), *ARGS, "--format", "json")
    assert code == 0, err
    _, folder, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--format", "json")
    named = [{a["target"]: a["source"] for a in json.loads(text)["attributions"]} for text in (out, folder)]
    assert named[0] == {k: v for k, v in named[1].items() if k in named[0]} and len(named[0]) == 5
    assert [(r["source"]["id"], r["target"]["id"]) for r in json.loads(out)["reports"]] == [("001_0ba629fe7179814c", "000_dd4acef3590ed458")]


class _Inspecting(LocalExecutor):
    """The local executor, keeping every document a worker chunk carries."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list = []

    def map_worker(self, factory, method, chunks):
        for chunk in chunks:  # documents (segment), (source, target) pairs (audit) or sentences (embed)
            for item in chunk:
                self.sent += list(item) if isinstance(item, tuple) else [] if isinstance(item, str) else [item]
        return super().map_worker(factory, method, chunks)


def test_worker_chunks_carry_their_own_records_not_the_whole_file(tmp_path):
    """Every record of a .jsonl shares the decoded file as ``original``: sent as it is, the whole file
    travelled with every chunk (issue 16: 200 MB per chunk to each Ray worker at 100k documents)."""
    from auditor.api import Auditor
    from auditor.config import Config

    path = tmp_path / "feeds.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc in sorted(SAMPLES.glob("0*.txt")):
            fh.write(json.dumps({"id": doc.stem, "text": doc.read_text(encoding="utf-8")}) + "\n")
    whole = path.read_text(encoding="utf-8")
    ex = _Inspecting()
    result = corpus_run.run_corpus(Auditor(Config(model="fake")), path, threshold=0.58, story_threshold=0.38,
                                   sibling_threshold=0.63, k=10, index="auto", audit=True, executor=ex)  # fmt: skip
    assert len(result.reports) == 1 and {d.id for d in ex.sent} == {d.id for d in result.documents}
    read = {d.id: d for d in result.documents}
    for d in ex.sent:
        assert d.original in whole and len(d.original) < len(whole) / 2, d.id
        if d.locator is not None:  # the audits' copies still point at the right line and column of the file
            assert [d.line_col(i) for i in range(0, len(d.text), 97)] == [read[d.id].line_col(i) for i in range(0, len(d.text), 97)]


def test_the_python_api_takes_the_executor_and_the_out_folder(capsys, tmp_path):
    """``auditor.audit_corpus`` runs the stages where the CLI's --executor would, writes --out's shards."""
    import auditor
    from auditor.config import Config

    _, cli_json, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--format", "json")
    result = auditor.audit_corpus(SAMPLES, config=Config(model="fake"), threshold=0.58, executor="local", out=tmp_path / "run")
    assert [a.to_dict() for a in result.attributions] == json.loads(cli_json)["attributions"]
    assert (tmp_path / "run" / "summary.json").exists() and result.out == str(tmp_path / "run")
    with pytest.raises(UsageError, match="unknown executor 'spark'"):
        auditor.audit_corpus(SAMPLES, config=Config(model="fake"), executor="spark")


def test_chunk_sizes_do_not_change_the_json(capsys, monkeypatch):
    _, whole, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--threshold", "0.4", "--format", "json")
    monkeypatch.setattr(corpus_run, "PREPARE_CHUNK", 1)
    monkeypatch.setattr(corpus_run, "AUDIT_CHUNK", 1)
    real = corpus_run.attribute
    monkeypatch.setattr(corpus_run, "attribute", lambda *a, **kw: real(*a, **kw, chunk=1))
    _, pieces, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--threshold", "0.4", "--format", "json")
    assert pieces == whole and len(json.loads(whole)["reports"]) > 2


def test_band_shards_merge_to_the_whole_answer():
    texts = [" ".join(f"w{i + j}" for j in range(40)) for i in range(0, 60, 3)]
    mh = MinHasher()
    sigs = [mh.signature(t) for t in texts]
    shards = [mh.candidate_pairs(sigs, bands=b) for b in chunked(list(range(mh.bands)), 5)]
    assert set().union(*shards) == mh.candidate_pairs(sigs) != set()


def test_lsh_key_partitions_merge_to_the_whole_answer_and_each_holds_its_share():
    """Bucket keys are split by a hash of the key: each partition is reduced alone, and holds about
    documents x bands / partitions keys whatever the corpus size (issue 16: each band shard held every
    document's keys, and the largest Ray worker's own memory grew with the corpus)."""
    import numpy as np

    from auditor.minhash import bucket_pairs

    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(400)]
    texts = [" ".join(rng.choice(words, 60)) for _ in range(150)]
    texts += [t.replace("w1 ", "w2 ", 1) for t in texts[:50]] + ["", "one"]  # near copies; an empty and a one-word text
    mh = MinHasher(max_bucket=8)
    sigs = np.stack([mh.signature(t) for t in texts])
    whole = mh.candidate_pairs(list(sigs))
    assert len(whole) >= 50
    for partitions in (1, 4, 16):
        parts = mh.partition_keys(sigs, partitions)
        merged = {tuple(x) for p in parts for x in bucket_pairs(p, mh.max_bucket).tolist()}
        assert merged == whole
        keys = (len(texts) - 1) * mh.bands  # the empty text has no keys
        assert sum(len(p) for p in parts) == keys and max(len(p) for p in parts) <= 1.5 * keys / partitions


def test_the_candidate_stage_sends_each_task_one_partition_of_keys(capsys, monkeypatch):
    """With few keys per task the candidate stage runs in more, smaller tasks, and the JSON is the same."""
    from auditor import attribute as attribute_mod

    _, whole, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--format", "json")
    sizes: list[int] = []
    real = attribute_mod._band_chunk

    def spy(shared, part):
        sizes.append(len(part))
        return real(shared, part)

    monkeypatch.setattr(attribute_mod, "_band_chunk", spy)
    monkeypatch.setattr(attribute_mod, "BAND_KEYS_PER_TASK", 40)
    _, small, _ = run(capsys, "corpus", str(SAMPLES), *ARGS, "--format", "json")
    assert small == whole
    assert len(sizes) >= 4 and max(sizes) <= 80 and sum(sizes) > 120


def test_local_executor_keeps_chunk_order_and_one_worker_per_factory():
    ex = LocalExecutor()
    assert list(ex.map(lambda shared, c: shared + sum(c), [[1], [2, 3], [4]], shared=10)) == [11, 15, 14]
    built = []

    class Counter:
        def __init__(self):
            built.append(1)
            self.n = 0

        def add(self, c):
            self.n += c
            return self.n

    factory = Counter
    assert list(ex.map_worker(factory, "add", [1, 2])) == [1, 3]
    assert list(ex.map_worker(factory, "add", [3])) == [6] and len(built) == 1


def test_unknown_executor_and_stray_address_are_usage_errors(capsys):
    with pytest.raises(UsageError):
        get_executor("spark")
    with pytest.raises(UsageError):
        get_executor("local", address="auto")
    code, _, err = run(capsys, "corpus", str(SAMPLES), "--resume")
    assert code == 2 and "--resume needs --out" in err


def test_out_folder_inside_the_corpus_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "corpus", str(SAMPLES), *ARGS, "--out", str(SAMPLES / "run"))
    assert code == 2 and "outside the corpus" in err
    assert not (SAMPLES / "run").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_resume_after_a_killed_run_gives_the_uninterrupted_answer(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(corpus_run, "PREPARE_CHUNK", 2)
    monkeypatch.setattr(corpus_run, "EMBED_CHUNK", 16)
    monkeypatch.setattr(corpus_run, "AUDIT_CHUNK", 1)
    argv = ["corpus", str(SAMPLES), *ARGS, "--threshold", "0.4", "--format", "json"]
    code, whole, err = run(capsys, *argv, "--out", str(tmp_path / "whole"))
    assert code == 0, err
    whole_files = _files(tmp_path / "whole")
    shards = {stage: len([f for f in whole_files if f.startswith(f"{stage}/")]) for stage in ("segmented", "embedded", "reports")}
    assert shards["segmented"] == 4 and shards["embedded"] > 3 and shards["reports"] > 2 and "summary.json" in whole_files
    assert json.loads(whole)["reports"] == []  # with --out the audits are in the shards only

    calls = {"segment": 0, "embed": 0, "audit": 0}
    real = {m: getattr(corpus_run.CorpusWorker, m) for m in calls}

    def dying(**after):
        for method in calls:
            def call(self, chunk, method=method):
                calls[method] += 1
                if calls[method] > after.get(method, 99):
                    raise KeyboardInterrupt  # killed mid-stage
                return real[method](self, chunk)

            monkeypatch.setattr(corpus_run.CorpusWorker, method, call)
        calls.update(segment=0, embed=0, audit=0)

    out = tmp_path / "resumed"
    dying(segment=2)
    code, _, err = run(capsys, *argv, "--out", str(out))
    assert code != 0 and "interrupted" in err
    assert sorted(p.name for p in (out / "segmented").iterdir()) == ["segmented-00000.json", "segmented-00001.json"]
    assert run(capsys, *argv, "--out", str(out))[0] == 4  # not empty, and no --resume: refused

    dying(embed=2)
    code, _, err = run(capsys, *argv, "--out", str(out), "--resume")
    assert code != 0 and "interrupted" in err
    assert calls["segment"] == 2  # 7 documents in chunks of 2: the two chunks left
    assert len(list((out / "embedded").iterdir())) == 2

    dying(audit=2)
    code, _, err = run(capsys, *argv, "--out", str(out), "--resume")
    assert code != 0 and "interrupted" in err
    assert calls["segment"] == 0 and calls["embed"] == shards["embedded"] - 2
    assert len(list((out / "reports").iterdir())) == 2 and not (out / "summary.json").exists()

    dying()
    code, resumed, err = run(capsys, *argv, "--out", str(out), "--resume")
    assert code == 0, err
    assert calls == {"segment": 0, "embed": 0, "audit": shards["reports"] - 2}
    assert resumed == whole and _files(out) == whole_files


def test_resume_refuses_another_run(capsys, tmp_path):
    out = tmp_path / "run"
    assert run(capsys, "corpus", str(SAMPLES), *ARGS, "--no-audit", "--out", str(out))[0] == 0
    code, _, err = run(capsys, "corpus", str(SAMPLES), *ARGS, "-k", "3", "--no-audit", "--out", str(out), "--resume")
    assert code == 4 and "another run" in err


# --------------------------------------------------------------------------- Ray


@pytest.fixture
def ray_cluster(monkeypatch):
    """A private local Ray cluster of 2 CPUs for one test; stopped after it, leaving no process behind.
    Ray talks to its own processes over loopback: the socket guard lets loopback through, nothing else."""
    ray = pytest.importorskip("ray")
    psutil = pytest.importorskip("psutil")
    import _socket
    import ipaddress

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not (host == "localhost" or ipaddress.ip_address(host).is_loopback):
            raise RuntimeError("tests must not touch the network (only loopback, for Ray)")
        return _socket.socket.connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=80 * 1024 * 1024, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        import time

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and p.is_running()
                    and p.status() != psutil.STATUS_ZOMBIE]  # fmt: skip
            if not left:
                break
            time.sleep(0.2)
        assert not left, f"Ray left processes behind: {[p.name() for p in left]}"


@pytest.mark.ray
def test_joining_a_cluster_that_is_not_there_is_a_usage_error(tmp_path):
    """In a process of its own: a failed join must not leave this one's Ray half started."""
    import os
    import subprocess
    import sys

    pytest.importorskip("ray")
    if Path("/tmp/ray/ray_current_cluster").exists():
        pytest.skip("a Ray cluster is running here")
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    r = subprocess.run([sys.executable, "-m", "auditor", "corpus", str(SAMPLES), *ARGS, "--executor", "ray", "--address", "auto"],
                       capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert r.returncode == 2 and "A243" in r.stderr and "ray start --head" in r.stderr and "internal error" not in r.stderr


@pytest.mark.ray
def test_ray_after_usearch_is_a_usage_error_not_an_abort():
    """usearch's C++ runtime loaded before Ray's made ray.init abort the whole process; the corpus
    loads Ray's core first where Ray is installed, and a process that did not gets a clear error."""
    import subprocess
    import sys

    pytest.importorskip("ray")
    code = (
        "import sys\n"
        "from auditor.executors import before_usearch, RayExecutor\n"
        "from auditor.errors import UsageError\n"
        "import usearch.index\n"  # loaded first, as a user's own code might
        "try:\n"
        "    RayExecutor(num_cpus=1)\n"
        "except UsageError as e:\n"
        "    print(e.code); sys.exit(0)\n"
        "sys.exit(1)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == "A244", r.stderr[-500:]
    guarded = subprocess.run([sys.executable, "-c", "import sys\nfrom auditor.executors import before_usearch\n"
                              "before_usearch()\nimport usearch.index\nprint('ray._raylet' in sys.modules)"],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert guarded.stdout.strip() == "True", guarded.stderr[-500:]


@pytest.mark.ray
def test_ray_and_local_give_the_same_json_byte_for_byte(capsys, ray_cluster):
    argv = ["corpus", str(SAMPLES), *ARGS, "--threshold", "0.4", "--format", "json"]
    code, local, err = run(capsys, *argv)
    assert code == 0, err
    code, remote, err = run(capsys, *argv, "--executor", "ray", "--workers", "2")
    assert code == 0, err
    assert remote == local and len(json.loads(local)["reports"]) > 2
    assert ray_cluster.is_initialized()  # it joined the running cluster and left it running


@pytest.mark.ray
def test_ray_gives_the_local_json_on_a_larger_corpus_whatever_the_worker_count(capsys, ray_cluster, tmp_path, monkeypatch):
    """Issue 16 at a size where the neighbour search used the approximate index (over 50 documents),
    with near-copies, verbatim duplicates (equal cosines) and small chunks spread over the workers."""
    from test_corpus_determinism import synthetic_corpus

    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": i, "lang": "en", "text": "\n\n".join(s)}) + "\n" for i, s in synthetic_corpus()),
                    encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(corpus_run, "PREPARE_CHUNK", 5)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    argv = ["corpus", str(path), "--model", "fake", "--no-audit", "--format", "json"]
    code, local, err = run(capsys, *argv)
    assert code == 0, err
    for workers in ("1", "3"):
        code, remote, err = run(capsys, *argv, "--executor", "ray", "--workers", workers)
        assert code == 0, err
        assert remote == local
    assert any(a["source"] for a in json.loads(local)["attributions"])


KILLER = """
import os, signal, sys
from auditor import cli, corpus
corpus.PREPARE_CHUNK, corpus.AUDIT_CHUNK = 2, 1
real, calls = corpus.CorpusWorker.audit, []
def audit(self, chunk):
    calls.append(1)
    if len(calls) > 2:
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: a killed run
    return real(self, chunk)
corpus.CorpusWorker.audit = audit
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.slow  # kills a child process mid-run and resumes it (5 s)
def test_resume_after_sigkill(capsys, monkeypatch, tmp_path):
    import subprocess
    import sys

    monkeypatch.setattr(corpus_run, "PREPARE_CHUNK", 2)
    monkeypatch.setattr(corpus_run, "AUDIT_CHUNK", 1)
    argv = ["corpus", str(SAMPLES), *ARGS, "--threshold", "0.4", "--format", "json"]
    code, whole, _ = run(capsys, *argv, "--out", str(tmp_path / "whole"))
    assert code == 0
    out = tmp_path / "killed"
    proc = subprocess.run([sys.executable, "-c", KILLER, *argv, "--out", str(out)], capture_output=True, cwd=ROOT)
    assert proc.returncode == -9
    assert len(list((out / "reports").glob("reports-*.jsonl"))) == 2 and not (out / "summary.json").exists()
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no half-written shard
    code, resumed, err = run(capsys, *argv, "--out", str(out), "--resume")
    assert code == 0, err
    assert resumed == whole and _files(out) == _files(tmp_path / "whole")


def test_use_m_takes_no_more_blas_threads_than_a_worker_is_given(monkeypatch):
    """Ray gives each worker OMP_NUM_THREADS=<its CPUs>; two USE-m workers that each took two BLAS
    threads anyway on two cores spun, and the Ray run took 2.2x the local one (issue 16)."""
    import os

    from auditor.embed.usem import THREADS, blas_threads

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    assert blas_threads() == min(THREADS, len(os.sched_getaffinity(0)))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert blas_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "junk")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert blas_threads() == 1
    assert blas_threads(cap=1) == 1


@pytest.mark.ray
def test_ray_keeps_a_bounded_window_of_chunks_in_flight_and_yields_them_in_order(ray_cluster):
    """All chunks submitted at once filled the object store and then the disk it spills to (the 100k run)."""
    from auditor import executors

    ex = executors.RayExecutor(workers=2)
    submitted: list[int] = []
    taken: list[int] = []
    real = ex._window

    def watched(submit, n):  # type: ignore[no-untyped-def]
        def sub(i):  # type: ignore[no-untyped-def]
            submitted.append(i)
            assert i - len(taken) < executors.IN_FLIGHT * ex.workers  # never more than the window ahead
            return submit(i)

        for got in real(sub, n):
            taken.append(len(taken))
            yield got

    ex._window = watched  # type: ignore[method-assign]
    assert list(ex.map(lambda shared, c: shared + c[0], [[i] for i in range(40)], shared=100)) == list(range(100, 140))
    assert submitted == list(range(40))
    assert list(ex.map_worker(str, "join", [[str(i), "x"] for i in range(30)])) == [f"{i}x" for i in range(30)]
    ex.close()
    assert ray_cluster.is_initialized()
