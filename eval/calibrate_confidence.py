"""Fit each model's bead confidence: P(the bead links equivalent content | its features).

    python eval/calibrate_confidence.py [--data ../shared/data] [--models use-m-v3,e5-small-q4,minilm-l6-v2]

Features of a bead: its cosine, whether it is n-m (more than one sentence on a side), and how far
its length ratio is from the document pair's (``auditor.align.length_deviation``). Labels, from dev
data only:

* Text+Berg dev (German–French, cross-lingual models): the beads our aligner makes on the dev
  document; positive when the gold has exactly that bead (a strict hit).
* STS Benchmark dev: English pairs (every model) and English vs machine-translated de / fr
  (cross-lingual models); positive when the gold similarity is >= 4 ("mostly equivalent").
* REFreSD (English–French, cross-lingual models): positive when annotated "no meaning difference".

The model is a logistic regression (Newton's method, small L2), so its output is a probability.
The script fits on a random 70% and reports, on the other 30%, the Brier score, the expected
calibration error (10 equal-width bins) and ROC AUC of the fitted probability, next to the raw
cosine used as if it were a probability (the baseline, same rows). It then refits on all rows and
prints the ``[models.confidence]`` table to paste into ``models/registry.toml``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from embedders import read_refresd, roc_auc  # noqa: E402

FEATURES = ("sim", "merged", "length")


def logistic_fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 50) -> np.ndarray:
    """Weights (bias first) of a logistic regression, by Newton's method."""
    xb = np.hstack([np.ones((x.shape[0], 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + l2 * np.r_[0.0, w[1:]]
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() * abs(p[mask].mean() - y[mask].mean())
    return float(total / len(p))


# --------------------------------------------------------------------------- data


def pair_rows(embedder, left: list[str], right: list[str], labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = embedder.embed(left)
    b = embedder.embed(right)
    sim = np.einsum("ij,ij->i", a, b)
    ll = np.array([len(t) for t in left], dtype=float)
    lr = np.array([len(t) for t in right], dtype=float)
    ratio = lr.sum() / max(1.0, ll.sum())
    dev = np.abs(np.log1p(ll * ratio) - np.log1p(lr))
    return np.column_stack([sim, np.zeros_like(sim), dev]), labels.astype(float)


def stsb_rows(embedder, data: Path, langs: list[str], limit: int) -> tuple[np.ndarray, np.ndarray]:
    from calibrate_thresholds import read_stsb

    english = read_stsb(data, "en", "dev")[:limit]
    xs, ys = [], []
    for lang in langs:
        other = english if lang == "en" else read_stsb(data, lang, "dev")[:limit]
        x, y = pair_rows(embedder, [e[0] for e in english], [o[1] for o in other], np.array([e[2] >= 4 for e in english]))
        xs.append(x)
        ys.append(y)
    return np.vstack(xs), np.concatenate(ys)


def refresd_rows(embedder, data: Path) -> tuple[np.ndarray, np.ndarray]:
    english, french, labels = read_refresd(data)
    return pair_rows(embedder, english, french, labels == "no_meaning_difference")


def textberg_rows(model: str, data: Path) -> tuple[np.ndarray, np.ndarray]:
    from align_textberg import embed_docs, load_docs, make_auditor

    from auditor.align import align, length_deviation

    (doc,) = load_docs(data, ["dev"])
    pairs, params, _ = embed_docs(make_auditor(model, "embed"), [doc])
    (s, t), = pairs
    gold = {(tuple(a), tuple(b)) for a, b in doc.gold}
    xs, ys = [], []
    for bead in align(s, t, mode="monotonic", params=params).beads:
        if bead.src and bead.tgt:
            xs.append([bead.similarity, float(len(bead.src) + len(bead.tgt) > 2), length_deviation(s, t, bead)])
            ys.append(float((bead.src, bead.tgt) in gold))
    return np.array(xs), np.array(ys)


def collect(model: str, data: Path, limit: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from auditor.config import Config
    from auditor.embed.registry import get_embedder, get_spec

    spec = get_spec(model)
    embedder = get_embedder(model, config=Config(use_cache=True))
    sets = {"STS-B dev en-en": stsb_rows(embedder, data, ["en"], limit)}
    if spec.crosslingual:
        sets["STS-B dev en-de/fr"] = stsb_rows(embedder, data, ["de", "fr"], limit)
        sets["REFreSD en-fr"] = refresd_rows(embedder, data)
        sets["Text+Berg dev beads"] = textberg_rows(model, data)
    return sets


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--models", default="use-m-v3,e5-small-q4,minilm-l6-v2")
    ap.add_argument("--limit", type=int, default=1500, help="STS-B pairs per language (dev has 1,500)")
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args(argv)

    print("| model | rows | positives | Brier cosine | Brier fitted | ECE cosine | ECE fitted | AUC fitted |")
    print("|---|---|---|---|---|---|---|---|")
    tables = []
    for model in [m.strip() for m in args.models.split(",") if m.strip()]:
        sets = collect(model, args.data, args.limit)
        x = np.vstack([v[0] for v in sets.values()])
        y = np.concatenate([v[1] for v in sets.values()])
        rng = np.random.default_rng(args.seed)
        held = rng.random(len(y)) < 0.3
        w = logistic_fit(x[~held], y[~held])
        p = predict(w, x[held])
        raw = np.clip(x[held, 0], 0.0, 1.0)
        print(
            f"| {model} | {len(y)} ({', '.join(f'{k} {len(v[1])}' for k, v in sets.items())}) | {y.mean():.2f} | "
            f"{brier(raw, y[held]):.3f} | {brier(p, y[held]):.3f} | {ece(raw, y[held]):.3f} | {ece(p, y[held]):.3f} | "
            f"{roc_auc(p[y[held] == 1], p[y[held] == 0]):.3f} |"
        )
        tables.append((model, logistic_fit(x, y)))
    print()
    for model, w in tables:
        print(f"# {model}")
        print("[models.confidence]")
        for name, value in zip(("bias", "w_sim", "w_merged", "w_length"), w):
            print(f"{name} = {value:.4f}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
