"""Speed benchmark: embedder throughput on the seeds' sentences, and audit wall time cold vs warm.

    python eval/bench_speed.py [--samples data/samples] [--repeat 3]

Prints one table. Every ratio is against a baseline measured in the same run:
throughput against the slowest installed embedder, warm audit against the cold one.
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    samples = Path(args.samples)

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
