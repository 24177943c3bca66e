"""Speed benchmark: embedder throughput on the seeds' sentences, audit wall time cold vs warm, and
the hardening rows of issue 12 (linear time on the inputs the limits admit).

    python eval/bench_speed.py [--samples data/samples] [--repeat 3]
    python eval/bench_speed.py --only hardening [--lint-bytes 2000000] [--audit-bytes 100000]

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("all", "embedders", "hardening"), default="all")
    ap.add_argument("--lint-bytes", type=int, default=2_000_000, help="size of the lint inputs (issue 12: 2 MB)")
    ap.add_argument("--audit-bytes", type=int, default=100_000, help="the 1x audit pair's size (the 10x is ten times it)")
    args = ap.parse_args(argv)
    samples = Path(args.samples)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
