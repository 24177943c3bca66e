"""REFreSD three-way: equivalent / some meaning difference / unrelated, English–French.

    python eval/refresd.py [--data ../shared/data] [--model use-m-v3] [--seed 12345]

Data: ``../shared/data/refresd/REFreSD/REFreSD_sentence_labels`` (Briakou & Carpuat 2020; 1,039
WikiMatrix pairs: 369 equivalent, 418 some meaning difference, 252 unrelated).

auditor's prediction for a pair, with nothing fitted on REFreSD (thresholds from the model
registry, calibrated on STS-B dev; detectors are rules):

* **unrelated** when the cosine is below the model's ``unrelated`` threshold;
* **some difference** when the cosine is below ``match``, or any typed detector (quotes, numbers,
  labels and whatever else ``auditor.detect.registry`` runs, the coverage detector aside) reports a
  critical or major finding on the pair aligned as one bead;
* **equivalent** otherwise.

Baseline, computed in the same run: sentence-level chrF (sacrebleu) of the French sentence against
the English one, with its two cut-offs chosen to maximise accuracy on a random half of the pairs
(the "fit" half) and every figure reported on the other half (the "eval" half) for both systems.
chrF across languages only sees shared strings (names, numbers, cognates): that is the point of
the baseline. Prints one table: 3-way accuracy, macro F1 and per-class F1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from embedders import read_refresd  # noqa: E402
from shifts_demetr import pair_findings, typed_detectors  # noqa: E402

CLASSES = ("no_meaning_difference", "some_meaning_difference", "unrelated")
SHORT = {"no_meaning_difference": "equivalent", "some_meaning_difference": "some difference", "unrelated": "unrelated"}


def read_pairs(data: Path) -> list[tuple[str, str, str]]:
    english, french, labels = read_refresd(data)
    return [(en, fr, str(label)) for en, fr, label in zip(english, french, labels) if label in CLASSES]


def auditor_predictions(pairs: list[tuple[str, str, str]], model: str) -> tuple[list[str], np.ndarray]:
    from auditor.config import Config
    from auditor.embed.registry import get_embedder, get_spec

    spec = get_spec(model)
    thr = spec.thresholds_for("en", "fr")
    emb = get_embedder(model, config=Config())
    a = emb.embed([p[0] for p in pairs])
    b = emb.embed([p[1] for p in pairs])
    cos = np.einsum("ij,ij->i", a, b)
    detectors = typed_detectors()
    preds = []
    for k, (en, fr, _) in enumerate(pairs):
        if cos[k] < thr.unrelated:
            preds.append("unrelated")
            continue
        findings = pair_findings(en, fr, "en", "fr", float(cos[k]), thr, detectors)
        flagged = any(f.severity.value in ("critical", "major") for f in findings)
        preds.append("some_meaning_difference" if flagged or cos[k] < thr.match else "no_meaning_difference")
    return preds, cos


def chrf_scores(pairs: list[tuple[str, str, str]]) -> np.ndarray:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    return np.array([chrf.sentence_score(fr, [en]).score for en, fr, _ in pairs])


def fit_cutoffs(scores: np.ndarray, gold: list[str]) -> tuple[float, float]:
    """(low, high): below low unrelated, below high some difference, else equivalent; best accuracy."""
    grid = np.unique(np.quantile(scores, np.linspace(0, 1, 41)))
    best = (-1.0, 0.0, 0.0)
    for lo in grid:
        for hi in grid[grid >= lo]:
            pred = three_way(scores, lo, hi)
            acc = float(np.mean([p == g for p, g in zip(pred, gold)]))
            if acc > best[0]:
                best = (acc, float(lo), float(hi))
    return best[1], best[2]


def three_way(scores: np.ndarray, lo: float, hi: float) -> list[str]:
    return [
        "unrelated" if s < lo else "some_meaning_difference" if s < hi else "no_meaning_difference" for s in scores
    ]


def metrics(pred: list[str], gold: list[str]) -> dict[str, float]:
    out = {"accuracy": float(np.mean([p == g for p, g in zip(pred, gold)]))}
    f1s = []
    for c in CLASSES:
        tp = sum(p == c and g == c for p, g in zip(pred, gold))
        fp = sum(p == c and g != c for p, g in zip(pred, gold))
        fn = sum(p != c and g == c for p, g in zip(pred, gold))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        out[SHORT[c]] = f1
        f1s.append(f1)
    out["macro F1"] = float(np.mean(f1s))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--model", default="use-m-v3")
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args(argv)

    pairs = read_pairs(args.data)
    gold = [p[2] for p in pairs]
    rng = np.random.default_rng(args.seed)
    fit_half = rng.random(len(pairs)) < 0.5
    ev = [i for i in range(len(pairs)) if not fit_half[i]]

    chrf = chrf_scores(pairs)
    lo, hi = fit_cutoffs(chrf[fit_half], [g for g, f in zip(gold, fit_half) if f])
    chrf_pred = three_way(chrf, lo, hi)
    ours, _ = auditor_predictions(pairs, args.model)

    gold_ev = [gold[i] for i in ev]
    rows = [
        (f"chrF baseline (cut-offs {lo:.1f} / {hi:.1f}, fitted on the other half)", metrics([chrf_pred[i] for i in ev], gold_ev)),
        (f"auditor ({args.model}, registry thresholds + typed detectors)", metrics([ours[i] for i in ev], gold_ev)),
    ]
    counts = {SHORT[c]: sum(g == c for g in gold_ev) for c in CLASSES}
    print(f"REFreSD en-fr, eval half: {len(ev)} pairs ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    print()
    print("| system | accuracy | macro F1 | F1 equivalent | F1 some difference | F1 unrelated |")
    print("|---|---|---|---|---|---|")
    for name, m in rows:
        print(
            f"| {name} | {m['accuracy']:.3f} | {m['macro F1']:.3f} | {m['equivalent']:.3f} | "
            f"{m['some difference']:.3f} | {m['unrelated']:.3f} |"
        )
    from _results import save

    save("refresd", {"rows": [{"system": name, **m} for name, m in rows], "counts": counts, "seed": args.seed,
                     "model": args.model, "data": str(args.data / "refresd"),
                     "command": "python eval/refresd.py " + " ".join(argv if argv is not None else sys.argv[1:])})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
