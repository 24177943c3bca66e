"""Speed benchmark: embedder throughput on the seeds' sentences, audit wall time cold vs warm, the
hardening rows of issue 12 (linear time on the inputs the limits admit), and issue 15's cost of each
command against its physical floor (``--only floor``, saved to eval/results/speed.json).

    python eval/bench_speed.py [--samples data/samples] [--repeat 3]
    python eval/bench_speed.py --only hardening [--lint-bytes 2000000] [--audit-bytes 100000]
    python eval/bench_speed.py --only floor [--data ../shared/data] [--repeat 3]

Floor rows (fresh processes, wall time and peak RSS from ``os.wait4``): a warm and a cold audit of
the seed pair, the first run after installing, a warm lint, ``auditor score`` on 1,000 WMT21 en-de
segments, Text+Berg's seven test documents aligned with defaults, and a 5,000-sentence pair against a
500-sentence one (per sentence, in-process). The floor: ``python -c "import numpy"``; for rows that
embed, a fresh process that loads the row's model and embeds each of its sentences once.

Prints tables. Every ratio is against a baseline measured in the same run:
throughput against the slowest installed embedder, warm audit against the cold one, a hostile
lint input against ordinary prose of the same size, the 10x audit against the 1x one.

Hardening rows (inputs built here, from the sample documents' paragraphs, shuffled with a fixed
seed): a ``--lint-bytes`` document of ordinary prose, one of a single token without spaces
(base64), and an HTML page nested 20,000 levels deep, each linted in-process (``Auditor.lint``; no
model is used); and an ``--audit-bytes`` source + target pair against one ten times larger,
audited in-process with the real default embedder for English (vector cache off, model loaded
before timing). Targets (issue 12): lint rows <= 3x prose, the 10x audit <= 10x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def seed_sentences(samples: Path) -> list[str]:
    from auditor.io.read import read_document
    from auditor.segment import segment

    out: list[str] = []
    for p in sorted(samples.glob("*.txt")):
        out += segment(read_document(p)).texts
    return out


def throughput(model_id: str, sentences: list[str], repeat: int) -> tuple[float, float]:
    """(load seconds, sentences per second, best of ``repeat``), the cache bypassed."""
    from auditor.config import Config
    from auditor.embed.registry import get_embedder

    t0 = time.perf_counter()
    emb = get_embedder(model_id, config=Config(use_cache=False), cache=False)
    emb.embed(sentences[:2])
    load = time.perf_counter() - t0
    best = min(_timed(emb.embed, sentences) for _ in range(repeat))
    return load, len(sentences) / best


def _timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def audit_wall(samples: Path, cache: str) -> float:
    """Wall time of a whole `auditor audit 001 000` process (start-up and model load included)."""
    src = next(samples.glob("001_*.txt"))
    tgt = next(samples.glob("000_*.txt"))
    env = dict(os.environ, AUDITOR_CACHE_DIR=cache)
    out = os.path.join(cache, "report.json")
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "auditor", "audit", str(src), str(tgt), "--format", "json", "-o", out],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t


# --------------------------------------------------------------------------- issue 12 rows

NESTED_LEVELS = 20_000


def sample_sentences(samples: Path) -> list[str]:
    """The sample documents' sentences (the prose the hardening inputs are made of)."""
    return [s for s in seed_sentences(samples) if len(s.split()) >= 4]


def prose(sentences: list[str], nbytes: int, *, seed: int = 0, numbered: bool = False) -> list[list[str]]:
    """Paragraphs of 2-5 shuffled sample sentences, about ``nbytes`` of text in all. ``numbered``
    prefixes each sentence with its place ("On day 17, …") so that a long document does not repeat
    itself word for word (an aligner would read repeats as a rewrite)."""
    import random

    rng = random.Random(seed)
    paras: list[list[str]] = []
    size = k = 0
    while size < nbytes:
        para = []
        for _ in range(rng.randint(2, 5)):
            s = rng.choice(sentences)
            s = f"On day {k}, {s[0].lower()}{s[1:]}" if numbered else s
            k += 1
            para.append(s)
            size += len(s.encode("utf-8")) + 1
        paras.append(para)
    return paras


def _text(paras: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paras)


def translation_of(paras: list[list[str]], *, seed: int = 1) -> list[list[str]]:
    """A stand-in 'translation': 4% of sentences dropped, a fifth of them reworded."""
    import random

    rng = random.Random(seed)
    out = []
    for para in paras:
        kept = []
        for s in para:
            r = rng.random()
            if r < 0.04:
                continue
            kept.append(s.replace(" the ", " a ", 1) if r < 0.24 else s)
        if kept:
            out.append(kept)
    return out


def single_token(nbytes: int, *, seed: int = 0) -> str:
    import base64
    import random

    rng = random.Random(seed)
    return base64.b64encode(rng.randbytes(nbytes * 3 // 4 + 3)).decode("ascii")[:nbytes]


def nested_html(levels: int) -> str:
    return "<html><body>" + "".join(f"<div>level{i} " for i in range(levels)) + "end" + "</div>" * levels + "</body></html>"


def lint_seconds(path: Path) -> float:
    """Wall time of reading and linting one file in-process (no model is loaded by lint)."""
    from auditor.api import Auditor
    from auditor.config import Config

    aud = Auditor(Config(max_bytes=max(2_000_000, path.stat().st_size + 1)))
    t = time.perf_counter()
    aud.lint(aud.load(path, lang="en"))
    return time.perf_counter() - t


def audit_seconds(aud, src: str, tgt: str) -> tuple[float, str, int]:
    from auditor.io.read import document_from_text

    s = document_from_text(src, doc_id="src", lang="en")
    t_doc = document_from_text(tgt, doc_id="tgt", lang="en")
    t = time.perf_counter()
    report = aud.audit(s, t_doc)
    return time.perf_counter() - t, report.alignment.mode, len(report.source_segments.segments)


def hardening_rows(samples: Path, lint_bytes: int, audit_bytes: int) -> None:
    from auditor.api import Auditor
    from auditor.config import Config

    sentences = sample_sentences(samples)
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "prose": Path(tmp, "prose.txt"),
            "single token": Path(tmp, "token.txt"),
            f"HTML nested {NESTED_LEVELS:,} levels": Path(tmp, "nested.html"),
        }
        files["prose"].write_text(_text(prose(sentences, lint_bytes)), encoding="utf-8")
        files["single token"].write_text(single_token(lint_bytes), encoding="ascii")
        files[f"HTML nested {NESTED_LEVELS:,} levels"].write_text(nested_html(NESTED_LEVELS), encoding="utf-8")
        lint_seconds(Path(samples, next(p.name for p in sorted(samples.glob("*.txt")))))  # imports, lexicons
        lint = {name: lint_seconds(path) for name, path in files.items()}
        sizes = {name: path.stat().st_size for name, path in files.items()}
    print(f"Lint, one document read and linted in-process ({os.cpu_count()} CPUs); target <= 3x prose")
    print(f"| {'input':<28} | {'bytes':>10} | {'wall s':>8} | {'x prose':>7} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 10}|{'-' * 9}|")
    for name, sec in lint.items():
        print(f"| {name:<28} | {sizes[name]:>10,} | {sec:8.2f} | {sec / lint['prose']:7.2f} |")
    print()

    aud = Auditor(Config(use_cache=False))
    small = prose(sentences, 3_000, seed=5, numbered=True)
    aud.audit(_text(small), _text(translation_of(small)), source_lang="en", target_lang="en")  # load the model
    rows = []
    for mult in (1, 10):
        paras = prose(sentences, audit_bytes * mult, seed=mult, numbered=True)
        src, tgt = _text(paras), _text(translation_of(paras))
        sec, mode, n = audit_seconds(aud, src, tgt)
        rows.append((f"{len(src.encode()) // 1000:,} KB + {len(tgt.encode()) // 1000:,} KB", n, mode, sec))
    emb = aud.embedder_for("en", "en")[0].id
    print(f"Audit in-process, embedder {emb} (real default for en-en, cache off, loaded before timing); target <= 10x")
    print(f"| {'pair':<22} | {'src sents':>9} | {'mode':<9} | {'wall s':>8} | {'x 1x':>6} |")
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 11}|{'-' * 10}|{'-' * 8}|")
    for label, n, mode, sec in rows:
        print(f"| {label:<22} | {n:>9,} | {mode:<9} | {sec:8.2f} | {sec / rows[0][3]:6.2f} |")


# --------------------------------------------------------------------------- issue 15: cost against the floor

FLOOR_NOTE = (
    "floor: a bare interpreter importing numpy; for rows that embed, that plus loading the row's model and "
    "embedding each of its sentences once (cache off), in a fresh process of the same run"
)


def run_process(cmd: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one child process, measured by ``os.wait4``."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {err[-400:]}")
    return wall, usage.ru_maxrss / 1024


def median_run(cmd: list[str], repeat: int, env: dict[str, str] | None = None, before=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    walls, rss = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        w, r = run_process(cmd, env)
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


EMBED_ONCE = """
import sys, numpy
from auditor.config import Config
from auditor.embed.registry import get_embedder
texts = open(sys.argv[2], encoding="utf-8").read().split("\\n")
get_embedder(sys.argv[1], config=Config(use_cache=False), cache=False).embed(texts)
"""


def embed_floor(model_id: str, sentences: list[str], tmp: Path, repeat: int) -> tuple[float, float]:
    path = tmp / f"floor-{model_id}-{len(sentences)}.txt"
    path.write_text("\n".join(s.replace("\n", " ") for s in sentences), encoding="utf-8")
    return median_run([sys.executable, "-c", EMBED_ONCE, model_id, str(path)], repeat)


def _copy_compiled(warm: Path, cold: Path) -> None:
    """A cache folder with the compiled lexicon tables only (no vectors, no memoised parses): what a
    user has after the first run, auditing documents never seen before."""
    import shutil

    shutil.rmtree(cold, ignore_errors=True)
    cold.mkdir(parents=True)
    if (warm / "compiled").is_dir():
        shutil.copytree(warm / "compiled", cold / "compiled")
    if (warm / "fingerprints.json").is_file():
        shutil.copy2(warm / "fingerprints.json", cold / "fingerprints.json")


def wmt_segments(data: Path, n: int) -> tuple[list[str], list[str]]:
    base = data / "wmt21-news-systems" / "txt"
    src = (base / "sources" / "newstest2021.en-de.src.en").read_text(encoding="utf-8").splitlines()
    hyp = (base / "system-outputs" / "newstest2021.en-de.hyp.Online-W.de").read_text(encoding="utf-8").splitlines()
    return src[:n], hyp[:n]


TEXTBERG = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import align_textberg as T
from auditor.align import AlignParams
from auditor.segment import presegmented
docs = T.load_docs(Path(sys.argv[2]), T.TEST)
aud = T.make_auditor(None, "embed")
emb, thr = aud.embedder_for("de", "fr")
params = AlignParams.for_thresholds(match=thr.match, shift=thr.shift, unrelated=thr.unrelated)
pairs = []
for d in docs:
    segs = tuple(presegmented("\\n".join(lines), doc_id=d.name, lang=lang) for lines, lang in ((d.de, "de"), (d.fr, "fr")))
    v = (aud.span_vectors(emb, segs[0]), aud.span_vectors(emb, segs[1]))
    pairs.append(aud.embed_needed_windows(emb, segs, v, params))
test = T.run_aligner(pairs, params)
sc = T.score_alignments([d.gold for d in docs], test)
open(sys.argv[3], "w").write(f"{emb.id} {sc.f1_strict:.6f} {sc.f1_lax:.6f}")
"""


def corpus_row(row, data: Path, tmp: Path, n_docs: int, py: str) -> None:  # type: ignore[no-untyped-def]
    """``auditor corpus`` on eval/scale_corpus.py's synthetic German corpus (cache off), once, against
    embedding each of its sentences once with the model the corpus gets: two runs of a minute each."""
    import json

    sys.path.insert(0, str(ROOT / "eval"))
    import scale_corpus as SC

    from auditor.api import Auditor
    from auditor.config import Config
    from auditor.io.read import document_from_text

    path = tmp / f"corpus-{n_docs}.jsonl"
    SC.build_corpus(data, n_docs, path)
    aud = Auditor(Config(use_cache=False))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    sentences = [t for r in records for t in aud.segment(document_from_text(r["text"], doc_id=r["id"], lang="de")).texts]
    model = aud.embedder_for("de", "de")[0].id
    floor, _ = embed_floor(model, sentences, tmp, 1)
    cmd = [py, "-m", "auditor", "corpus", str(path), "--no-cache", "--max-bytes", str(path.stat().st_size + 1), "--format", "json",
           "-o", str(tmp / "corpus.json")]
    wall, rss = run_process(cmd)
    row(f"corpus {n_docs:,} documents, cold (one run)", wall, rss, floor, f"embed {len(sentences):,} once ({model})")


def floor_rows(samples: Path, data: Path, repeat: int, *, corpus_docs: int = 1000, save_json: bool = True) -> list[dict]:
    """The issue-15 table: each command's median wall time, its ratio to its floor, peak RSS."""
    from auditor.api import Auditor
    from auditor.config import Config
    from auditor.io.read import read_document
    from auditor.segment import segment

    import compileall

    compileall.compile_dir(str(ROOT / "auditor"), quiet=1)  # what installing the wheel does: no source compile per run
    py = sys.executable
    src = next(samples.glob("001_*.txt"))
    tgt = next(samples.glob("000_*.txt"))
    aud = Auditor(Config())
    rows: list[dict] = []

    def row(name: str, wall: float, rss: float, floor: float, floor_name: str, target: str = "", **extra: object) -> None:
        rows.append({"row": name, "wall_s": wall, "floor_s": floor, "floor": floor_name, "ratio": wall / floor,
                     "peak_rss_mib": rss, "target": target, **extra})
        print(f"| {name:<44} | {wall:8.2f} | {floor:8.2f} | {wall / floor:6.2f} | {rss:8.0f} | {target:<18} |", flush=True)

    print(f"Cost against the floor ({os.cpu_count()} CPUs, median of {repeat}; {FLOOR_NOTE})")
    print(f"| {'row':<44} | {'wall s':>8} | {'floor s':>8} | {'ratio':>6} | {'RSS MiB':>8} | {'target':<18} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 10}|{'-' * 8}|{'-' * 10}|{'-' * 20}|")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        warm_cache, cold_cache = tmp / "warm", tmp / "cold"
        env_warm = dict(os.environ, AUDITOR_CACHE_DIR=str(warm_cache))
        env_cold = dict(os.environ, AUDITOR_CACHE_DIR=str(cold_cache))
        audit_cmd = [py, "-m", "auditor", "audit", str(src), str(tgt), "--format", "json", "-o", str(tmp / "r.json")]
        lint_cmd = [py, "-m", "auditor", "audit", str(tgt), "--format", "json", "-o", str(tmp / "l.json")]
        first, first_rss = run_process(audit_cmd, env_warm)  # an empty cache: the first run after installing
        # the floor and the warm rows interleaved, run by run, so a busy spell weighs on both alike
        runs: dict[str, list[tuple[float, float]]] = {"bare": [], "warm": [], "lint": []}
        for _ in range(max(repeat, 5)):
            runs["bare"].append(run_process([py, "-c", "import numpy"]))
            runs["warm"].append(run_process(audit_cmd, env_warm))
            runs["lint"].append(run_process(lint_cmd, env_warm))
        (bare, bare_rss), (warm, warm_rss), (lint, lint_rss) = (
            (statistics.median(w for w, _ in runs[k]), max(r for _, r in runs[k])) for k in ("bare", "warm", "lint"))
        row("python -c 'import numpy' (the floor)", bare, bare_rss, bare, "itself")
        row("audit seed pair, warm", warm, warm_rss, bare, "numpy", "<= 4x, <= 250 MiB")
        seed = segment(read_document(src)).texts + segment(read_document(tgt)).texts
        model = aud.embedder_for("en", "en")[0].id
        f_seed, _ = embed_floor(model, seed, tmp, repeat)
        cold, cold_rss = median_run(audit_cmd, repeat, env_cold, before=lambda: _copy_compiled(warm_cache, cold_cache))
        row("audit seed pair, cold (new documents)", cold, cold_rss, f_seed, f"embed {len(seed)} once", "<= 3 s")
        row("audit seed pair, first run after install", first, first_rss, f_seed, f"embed {len(seed)} once")
        row("lint one document, warm", lint, lint_rss, bare, "numpy")
        if (data / "wmt21-news-systems").is_dir():
            s_lines, t_lines = wmt_segments(data, 1000)
            (tmp / "s.txt").write_text("\n".join(s_lines) + "\n", encoding="utf-8")
            (tmp / "t.txt").write_text("\n".join(t_lines) + "\n", encoding="utf-8")
            score_model = aud.embedder_for("en", "de")[0].id
            f_score, _ = embed_floor(score_model, s_lines + t_lines, tmp, repeat)
            score_cmd = [py, "-m", "auditor", "score", "--source", str(tmp / "s.txt"), "--target", str(tmp / "t.txt"),
                         "--no-cache", "-o", str(tmp / "score.jsonl")]
            sc, sc_rss = median_run(score_cmd, repeat)
            row("score 1,000 WMT21 en-de segments, cold", sc, sc_rss, f_score, f"embed 2,000 once ({score_model})", "<= 3x")
        if (data / "sentence-alignment" / "textberg-de-fr").is_dir():
            sys.path.insert(0, str(ROOT / "eval"))
            import align_textberg as T

            docs = T.load_docs(data, T.TEST)
            tb_model = aud.embedder_for("de", "fr")[0].id
            f_tb, _ = embed_floor(tb_model, [s for d in docs for s in d.de + d.fr], tmp, repeat)
            out = tmp / "tb.txt"
            tb, tb_rss = median_run([py, "-c", TEXTBERG, str(ROOT / "eval"), str(data), str(out)], repeat)
            _, f1s, f1l = out.read_text().split()
            row("Text+Berg 7 documents, cold, defaults", tb, tb_rss, f_tb, f"embed {sum(len(d.de) + len(d.fr) for d in docs):,} once",
                "<= 5 s, F1 kept", f1_strict=float(f1s), f1_lax=float(f1l))
        if corpus_docs and (data / "wmt21-news-systems").is_dir():
            corpus_row(row, data, tmp, corpus_docs, py)
        # long documents: per sentence, 5,000 against 500 (in-process, model loaded, cache off)
        sentences = sample_sentences(samples)
        inproc = Auditor(Config(use_cache=False))
        small = prose(sentences, 3_000, seed=5, numbered=True)
        inproc.audit(_text(small), _text(translation_of(small)), source_lang="en", target_lang="en")
        per: dict[int, tuple[int, float]] = {}
        from auditor.io.read import document_from_text

        probe = document_from_text(_text(small), doc_id="probe", lang="en")
        bytes_per_sentence = len(probe.text.encode("utf-8")) / max(1, len(inproc.segment(probe).segments))
        for n_sent in (500, 5000):
            paras = prose(sentences, int(n_sent * bytes_per_sentence), seed=n_sent, numbered=True)
            s_txt, t_txt = _text(paras), _text(translation_of(paras))
            sec, _, n = audit_seconds(inproc, s_txt, t_txt)
            per[n_sent] = (n, sec / n)
            rows.append({"row": f"audit {n:,}-sentence pair, in-process", "wall_s": sec, "sentences": n, "per_sentence_ms": 1000 * sec / n})
        (n_big, big), (n_small, little) = per[5000], per[500]
        label = f"{n_big:,}- vs {n_small:,}-sentence pair, per sentence"
        print(f"| {label:<44} | {big * 1000:7.1f}ms | {little * 1000:7.1f}ms | {big / little:6.2f} | {'':>8} | {'<= 1.3x':<18} |")
        rows.append({"row": label, "ratio": big / little, "target": "<= 1.3x"})
    if save_json:
        sys.path.insert(0, str(ROOT / "eval"))
        from _results import save

        save("speed", {"command": "python eval/bench_speed.py --only floor", "cpus": os.cpu_count(), "repeat": repeat,
                       "floor": FLOOR_NOTE, "rows": rows})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("all", "embedders", "hardening", "floor"), default="all")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="shared data folder (WMT21, Text+Berg rows)")
    ap.add_argument("--lint-bytes", type=int, default=2_000_000, help="size of the lint inputs (issue 12: 2 MB)")
    ap.add_argument("--audit-bytes", type=int, default=100_000, help="the 1x audit pair's size (the 10x is ten times it)")
    args = ap.parse_args(argv)
    samples = Path(args.samples)
    if args.only == "floor":
        floor_rows(samples, args.data, args.repeat)
        return 0
    if args.only == "hardening":
        hardening_rows(samples, args.lint_bytes, args.audit_bytes)
        return 0

    from auditor.embed.registry import list_models

    sentences = seed_sentences(samples)
    rows = []
    for m in list_models():
        if not m["installed"]:
            rows.append((m["id"], None, None))
            continue
        load, sps = throughput(m["id"], sentences, args.repeat)
        rows.append((m["id"], load, sps))
    slowest = min((r[2] for r in rows if r[2]), default=1.0)

    with tempfile.TemporaryDirectory() as cache:
        cold = audit_wall(samples, cache)
        warm = statistics.median(audit_wall(samples, cache) for _ in range(args.repeat))

    print(f"Embedding {len(sentences)} seed sentences (cache bypassed, best of {args.repeat}; {os.cpu_count()} CPUs)")
    print(f"| {'embedder':<14} | {'load s':>7} | {'sent/s':>8} | {'x slowest':>9} |")
    print(f"|{'-' * 16}|{'-' * 9}|{'-' * 10}|{'-' * 11}|")
    for mid, load, sps in rows:
        if sps is None:
            print(f"| {mid:<14} | {'n/a':>7} | {'n/a':>8} | {'n/a':>9} |")
        else:
            print(f"| {mid:<14} | {load:7.2f} | {sps:8.1f} | {sps / slowest:9.2f} |")
    print()
    print("`auditor audit 001 000` whole process (start-up, model load, audit)")
    print(f"| {'run':<28} | {'wall s':>7} | {'x cold':>7} |")
    print(f"|{'-' * 30}|{'-' * 9}|{'-' * 9}|")
    print(f"| {'cold (empty vector cache)':<28} | {cold:7.2f} | {1.0:7.2f} |")
    print(f"| {'warm (median of ' + str(args.repeat) + ')':<28} | {warm:7.2f} | {warm / cold:7.2f} |")
    if args.only == "all":
        print()
        hardening_rows(samples, args.lint_bytes, args.audit_bytes)
        print()
        floor_rows(samples, args.data, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
