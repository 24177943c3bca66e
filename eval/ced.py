"""WMT22 Critical Error Detection (CED), development sets: does auditor flag the translations with a critical error?

    python eval/ced.py [--data ../shared/data] [--limit N] [--seed 12345]

Data: ``../shared/data/wmt-qe-2022/train-dev_data/task3_ced/dev/{en-de,pt-en}/*-dev.tar.gz`` (Zerva et
al. 2022, "Findings of the WMT 2022 Shared Task on Quality Estimation"), read in place from the
archives: ``dev.src`` (source), ``dev.mt`` (translation), ``dev.label`` (OK/BAD; BAD = a critical error
was injected: a changed named entity or number, a negation or antonym, a hallucinated addition or a
deletion). en-de has 17,280 pairs (5.5 % BAD), pt-en 4,437 (5.5 % BAD). Only source and translation are
used, never a reference. The test sets (and their gold) are held back; every number here is a
**development** figure, and the choices below were made on these sets.

auditor's prediction for a pair: the sentence pair aligned as one bead, every typed detector the
registry runs (coverage aside: it needs more than one sentence), plus semantic drift graded by
``auditor.detect.coverage.drift_severity`` on the set's own scale (as ``auditor score`` reads a file),
as in ``eval/shifts_demetr.py``. A pair is BAD when a finding is
**critical** or, second variant, **critical or major**. Which variant is reported as "auditor" is chosen
by MCC on a random half of each set (the *fit* half, seeded) and every figure in the table is measured
on the other half (the *eval* half).

Baseline, same run, same halves: the embedding cosine between source and translation from the model
auditor picks for the pair (``choose_model``), BAD below a threshold chosen to maximise MCC on the fit
half. It is the reference-free signal any QE baseline has. A chrF between source and translation is
not reported: across languages it only counts shared strings (names, numbers) and is no baseline for
meaning errors; the shared task's own baselines used references for training, not at prediction.

For reference the table repeats the best *test-set* MCC of the WMT22 leaderboard (constrained
submissions: en-de 0.564, pt-en 0.721; Zerva et al. 2022). They are on another split, with systems
trained on the CED training data, so they are an anchor, not a like-for-like comparison.
"""

from __future__ import annotations

import argparse
import sys
import tarfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.progress import progress  # noqa: E402  (a bar on a terminal, silent in logs)
sys.path.insert(0, str(ROOT / "eval"))

from shifts_demetr import pair_findings, typed_detectors  # noqa: E402

PAIRS = ("en-de", "pt-en")
LEADERBOARD = {"en-de": 0.564, "pt-en": 0.721}  # WMT22 CED test, best constrained MCC (Zerva et al. 2022)


def read_ced(data: Path, lp: str) -> list[tuple[str, str, bool]]:
    """(source, translation, is_bad) of one CED development set, read from its archive."""
    path = data / "wmt-qe-2022/train-dev_data/task3_ced/dev" / lp / f"{lp}-dev.tar.gz"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found: pass --data pointing at the shared data folder")
    files: dict[str, list[str]] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if name in ("dev.src", "dev.mt", "dev.label"):
                fh = tar.extractfile(member)
                assert fh is not None
                files[name] = fh.read().decode("utf-8").split("\n")
    n = len(files["dev.label"])
    while n and not files["dev.label"][n - 1].strip():
        n -= 1
    labels = [x.strip() for x in files["dev.label"][:n]]
    if set(labels) - {"OK", "BAD"} or len(files["dev.src"]) < n or len(files["dev.mt"]) < n:
        raise SystemExit(f"error: {path} does not hold aligned dev.src/dev.mt/dev.label files")
    return [(files["dev.src"][i].strip(), files["dev.mt"][i].strip(), labels[i] == "BAD") for i in range(n)]


def mcc(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float(np.sum(pred & gold))
    tn = float(np.sum(~pred & ~gold))
    fp = float(np.sum(pred & ~gold))
    fn = float(np.sum(~pred & gold))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = float(np.sum(pred & gold))
    p = tp / max(1.0, float(np.sum(pred)))
    r = tp / max(1.0, float(np.sum(gold)))
    return p, r


def best_threshold(cos: np.ndarray, gold: np.ndarray) -> float:
    """The cosine below which a pair is BAD that maximises MCC (on the fit half)."""
    best, best_t = -2.0, 0.0
    for t in np.unique(np.quantile(cos, np.linspace(0.005, 0.5, 100))):
        m = mcc(cos < t, gold)
        if m > best:
            best, best_t = m, float(t)
    return best_t


def run_pair(lp: str, items: list[tuple[str, str, bool]], detectors: list, config, seed: int) -> list[dict]:
    from auditor.embed.registry import choose_model, get_embedder

    src_lang, tgt_lang = lp.split("-")
    spec = choose_model(src_lang, tgt_lang)
    thr = spec.thresholds_for(src_lang, tgt_lang)
    emb = get_embedder(spec.id, config=config)
    sv = emb.embed([s for s, _, _ in items])
    tv = emb.embed([t for _, t, _ in items])
    cos = np.sum(np.asarray(sv) * np.asarray(tv), axis=1)
    gold = np.array([b for _, _, b in items])
    crit = np.zeros(len(items), dtype=bool)
    major = np.zeros(len(items), dtype=bool)
    from auditor.score import segment_scale
    from auditor.detect.coverage import drift_severity

    scale = segment_scale(np.asarray(sv), np.asarray(tv), cos)  # the set's own scale, as `auditor score` reads a file
    for i, (s, t, _) in progress(list(enumerate(items)), desc="checking pairs"):
        fs = pair_findings(s, t, src_lang, tgt_lang, float(cos[i]), thr, detectors)
        drift = drift_severity(float(cos[i]), thr, scale)
        crit[i] = any(f.severity.value == "critical" for f in fs)
        major[i] = crit[i] or (drift is not None and drift[0].value == "major") or any(f.severity.value == "major" for f in fs)
    rng = np.random.default_rng(seed)
    fit = np.zeros(len(items), dtype=bool)
    fit[rng.permutation(len(items))[: len(items) // 2]] = True
    ev = ~fit
    variant, pred = ("critical", crit) if mcc(crit[fit], gold[fit]) >= mcc(major[fit], gold[fit]) else ("critical+major", major)
    t = best_threshold(cos[fit], gold[fit])
    rows = []
    for system, p in ((f"auditor ({variant}; chosen on fit half)", pred), ("auditor (critical)", crit),
                      ("auditor (critical+major)", major), (f"baseline: cosine < {t:.3f} ({spec.id})", cos < t)):
        pr, rc = prf(p[ev], gold[ev])
        rows.append({"pair": lp, "system": system, "items": int(ev.sum()), "bad_share": float(gold[ev].mean()),
                     "mcc": mcc(p[ev], gold[ev]), "precision_bad": pr, "recall_bad": rc, "flagged": float(p[ev].mean())})
    rows.append({"pair": lp, "system": "WMT22 best constrained (test set, trained)", "items": None, "bad_share": None,
                 "mcc": LEADERBOARD[lp], "precision_bad": None, "recall_bad": None, "flagged": None})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=0, help="a seeded random sample of N pairs per set (0: all)")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--pairs", default=",".join(PAIRS), help="comma-separated: en-de,pt-en")
    args = ap.parse_args(argv)
    from auditor.config import Config

    config = Config()
    detectors = typed_detectors()
    rows: list[dict] = []
    for lp in args.pairs.split(","):
        if lp not in PAIRS:
            raise SystemExit(f"error: unknown pair {lp!r}; choose from {', '.join(PAIRS)}")
        items = read_ced(args.data, lp)
        if args.limit and args.limit < len(items):
            keep = sorted(np.random.default_rng(args.seed).permutation(len(items))[: args.limit])
            items = [items[i] for i in keep]
        rows += run_pair(lp, items, detectors, config, args.seed)

    def f(x, fmt):
        return "–" if x is None else format(x, fmt)

    print(f"WMT22 CED development sets, reference-free; figures on the eval half (seed {args.seed})")
    print()
    print("| pair | system | items | BAD share | MCC | precision BAD | recall BAD | flagged |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['pair']} | {r['system']} | {f(r['items'], 'd')} | {f(r['bad_share'], '.1%')} | {f(r['mcc'], '.3f')} "
              f"| {f(r['precision_bad'], '.1%')} | {f(r['recall_bad'], '.1%')} | {f(r['flagged'], '.1%')} |")
    sys.path.insert(0, str(Path(__file__).parent))
    from _results import save

    save("ced", {"rows": rows, "data": str(args.data / "wmt-qe-2022"), "command": "python eval/ced.py " + " ".join(argv or sys.argv[1:]),
                 "seed": args.seed, "limit": args.limit})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
