"""Fit the fidelity score's weights on WMT20 English–German expert MQM and write ``models/score.toml``.

    python eval/calibrate_score.py [--data ../shared/data] [--dry-run]

Data (development only; WMT21 is never read here): ``wmt-mqm/full-error-spans-via-wmt-qe-2022/
mqm_newstest2020_ende.tsv.gz`` (Freitag et al. 2021: source and rated target of every segment, error
spans marked ``<v>…</v>``, which we strip) and ``wmt-mqm/google-wmt-mqm-human-evaluation/newstest2020/
ende/mqm_newstest2020_ende.avg_seg_scores.tsv`` (segment MQM averaged over raters; seg_id is the global
segment number in both files). The 7 MT systems are scored; ``Human-A.0`` is the reference for the
with-reference fit (the other human translations are not scored).

Every pair goes through ``Auditor.score_segments`` (the shipped model for en→de, the typed detectors
on each pair as one bead). The target is ``y = max(0, 100 + 4 · MQM)`` (MQM ≤ 0; 25 points, a
non-translation, maps to 0). Least squares with signs fixed (scipy ``lsq_linear``):

* reference-free: ``y + Σ_fixed ≈ 100 · (bias + w_sim · m) − Σ_type w_type · points_type``, w ≥ 0;
  finding types that fire on fewer than ``--min-count`` pairs keep weight 1 (``Σ_fixed``);
* with reference: the same penalties, ``100 · (bias + w_sim · m + w_ref · m_ref + w_chrf · chrF/100)``.
  chrF stays in only if it raises Kendall τ on the held-out documents (decided here, on WMT20).

Documents are split by hash into fit (odd) / held-out (even) halves to report τ before and after on
data the fit did not see; the shipped weights are then refitted on all of WMT20.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "models" / "score.toml"
SPANS20 = "wmt-mqm/full-error-spans-via-wmt-qe-2022/mqm_newstest2020_ende.tsv.gz"
AVG20 = "wmt-mqm/google-wmt-mqm-human-evaluation/newstest2020/ende/mqm_newstest2020_ende.avg_seg_scores.tsv"
REFERENCE20 = "Human-A.0"


def read_avg(path: Path) -> dict[tuple[str, int], float]:
    """(system, seg_id) -> mean MQM (None rows skipped). Columns are separated by white space."""
    out = {}
    with path.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[1] == "None":
                continue
            out[(parts[0], int(parts[2]))] = float(parts[1])
    return out


def read_spans(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        return [dict(zip(header, row)) for row in reader]


def strip_marks(text: str) -> str:
    return re.sub(r"</?v>", "", text)


def load_wmt20(data: Path) -> tuple[dict[int, str], dict[int, str], dict[str, dict[int, str]], dict[tuple[str, int], float]]:
    """Sources and docs by seg_id, targets by system and seg_id, MQM by (system, seg_id)."""
    for rel in (SPANS20, AVG20):
        if not (data / rel).is_file():
            raise SystemExit(f"error: {data / rel} not found: pass --data pointing at the shared data folder")
    src, doc, tgt = {}, {}, defaultdict(dict)
    for r in read_spans(data / SPANS20):
        sid = int(r["seg_id"])
        src.setdefault(sid, strip_marks(r["source"]))
        doc.setdefault(sid, r["doc"])
        tgt[r["system"]].setdefault(sid, strip_marks(r["target"]))
    return src, doc, dict(tgt), read_avg(data / AVG20)


def target_of(mqm: float) -> float:
    return max(0.0, 100.0 + 4.0 * mqm)


def collect(auditor, sources: list[str], targets: list[str], refs: list[str] | None, src_lang="en", tgt_lang="de"):
    """Per pair: similarity part, reference part, chrF, zero flag, points per finding type (unweighted)."""
    from sacrebleu.metrics import CHRF

    from auditor.score import COVERAGE_TYPES, STYLE_TYPES, ZERO_TYPES, load_weights, similarity_part

    weights = load_weights()
    sev = dict(weights.severity)
    scores, _ = auditor.score_segments(sources, targets, refs, source_lang=src_lang, target_lang=tgt_lang)
    emb, thr = auditor.embedder_for(src_lang, tgt_lang)
    _, ref_thr = auditor.embedder_for(tgt_lang, tgt_lang)
    chrf = CHRF()
    rows = []
    for i, s in enumerate(scores):
        pts: dict[str, float] = defaultdict(float)
        for f in s.findings:
            if f.type in COVERAGE_TYPES or f.type in STYLE_TYPES or f.type in ZERO_TYPES:
                continue
            pts[f.type.value] += sev[f.severity.value]
        rows.append(
            {
                "m": similarity_part(s.similarity, thr),
                "m_ref": None if s.reference_similarity is None else similarity_part(s.reference_similarity, ref_thr),
                "chrf": None if refs is None else chrf.sentence_score(targets[i], [refs[i]]).score,
                "zero": s.row.zero if s.row is not None else False,
                "points": dict(pts),
            }
        )
    return rows


def kendall(x, y) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(x, y, variant="b").statistic)


def predict(rows, w_types: dict[str, float], base: dict[str, float], with_ref: bool) -> np.ndarray:
    out = []
    for r in rows:
        if r["zero"]:
            out.append(0.0)
            continue
        b = base["bias"] + base["w_sim"] * r["m"]
        if with_ref:
            b += base["w_ref"] * r["m_ref"] + base["w_chrf"] * r["chrf"] / 100.0
        pen = sum(w_types.get(t, 1.0) * p for t, p in r["points"].items())
        out.append(max(0.0, 100.0 * min(1.0, b) - pen))
    return np.array(out)


def fit(rows, y: np.ndarray, *, min_count: int, use_chrf: bool, fixed_types: dict[str, float] | None = None):
    """Least squares with signs: returns (type weights, reference-free base, with-reference base)."""
    from scipy.optimize import lsq_linear

    keep = np.array([not r["zero"] for r in rows])
    rs = [r for r, k in zip(rows, keep) if k]
    yy = y[keep]
    counts: dict[str, int] = defaultdict(int)
    for r in rs:
        for t in r["points"]:
            counts[t] += 1
    if fixed_types is None:
        fitted = sorted(t for t, c in counts.items() if c >= min_count)
        # reference-free: [1, m, -points_t...]
        X = np.array([[1.0, r["m"]] + [-r["points"].get(t, 0.0) for t in fitted] for r in rs])
        fixed_pen = np.array([sum(p for t, p in r["points"].items() if t not in fitted) for r in rs])
        lb = [-np.inf, 0.0] + [0.0] * len(fitted)
        sol = lsq_linear(X, yy + fixed_pen, bounds=(lb, [np.inf] * X.shape[1]))
        types = {t: float(w) for t, w in zip(fitted, sol.x[2:])}
        free = {"bias": sol.x[0] / 100.0, "w_sim": sol.x[1] / 100.0}
    else:
        types = dict(fixed_types)
        free = None
    pen = np.array([sum(types.get(t, 1.0) * p for t, p in r["points"].items()) for r in rs])
    cols = [[1.0, r["m"], r["m_ref"]] + ([r["chrf"] / 100.0] if use_chrf else []) for r in rs]
    lb = [-np.inf, 0.0, 0.0] + ([0.0] if use_chrf else [])
    sol = lsq_linear(np.array(cols), yy + pen, bounds=(lb, [np.inf] * len(lb)))
    ref = {"bias": sol.x[0] / 100.0, "w_sim": sol.x[1] / 100.0, "w_ref": sol.x[2] / 100.0, "w_chrf": (sol.x[3] / 100.0) if use_chrf else 0.0}
    return types, free, ref, dict(counts)


def doc_half(doc: str) -> int:
    return int(hashlib.sha256(doc.encode()).hexdigest(), 16) % 2


def write_toml(path: Path, types, free, ref, counts, stats: list[str], model: str) -> None:
    from auditor.score import SEVERITY_POINTS

    lines = [
        "# auditor fidelity-score weights, read by auditor.score.load_weights (shipped as auditor._models).",
        "# Written by `python eval/calibrate_score.py` (do not edit by hand; rerun it). Fitted on WMT20",
        "# English-German newstest2020 expert MQM (Freitag et al. 2021; 7 MT systems x 1,418 segments;",
        f"# reference = {REFERENCE20}; model {model}): least squares of y = max(0, 100 + 4*MQM) on the",
        "# segment score's parts, weights >= 0 (scipy lsq_linear). WMT21 (newstest2021) was never used.",
        "# Finding types that fired on fewer pairs than --min-count keep weight 1.0 (not listed).",
        "# Kendall tau-b vs MQM on the held-out half of WMT20 documents (fit on the other half):",
        *[f"#   {s}" for s in stats],
        "# Firing counts (pairs) on WMT20: " + ", ".join(f"{t} {c}" for t, c in sorted(counts.items())),
        "",
        "[severity]  # MQM-style points per finding, before the type weight",
        *[f"{k} = {v}" for k, v in SEVERITY_POINTS.items()],
        "",
        "[types]  # multiplier of severity points per finding type (segments and documents)",
        *[f"{t} = {w:.4f}" for t, w in sorted(types.items())],
        "",
        "[document]  # penalty = penalty_scale * points per 100 target words",
        "penalty_scale = 1.0",
        "",
        "[segment]  # reference-free: fidelity = 100 * (bias + w_sim * m) - penalty",
        f"bias = {free['bias']:.4f}",
        f"w_sim = {free['w_sim']:.4f}",
        "",
        "[segment_ref]  # with a reference: 100 * (bias + w_sim * m + w_ref * m_ref + w_chrf * chrF / 100) - penalty",
        *[f"{k} = {v:.4f}" for k, v in ref.items()],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--min-count", type=int, default=20, help="pairs a finding type must fire on to get its own weight")
    ap.add_argument("--dry-run", action="store_true", help="print the table, do not write models/score.toml")
    args = ap.parse_args(argv)
    from auditor.api import Auditor
    from auditor.config import Config
    from auditor.score import load_weights

    t0 = time.time()
    src, doc, tgt, mqm = load_wmt20(args.data)
    ref_sys = tgt[REFERENCE20]
    systems = sorted(s for s in tgt if not s.startswith("Human-"))
    auditor = Auditor(Config())
    rows, y, halves, sys_of = [], [], [], []
    for system in systems:
        ids = sorted(i for i in tgt[system] if (system, i) in mqm and i in ref_sys)
        got = collect(auditor, [src[i] for i in ids], [tgt[system][i] for i in ids], [ref_sys[i] for i in ids])
        rows += got
        y += [target_of(mqm[(system, i)]) for i in ids]
        halves += [doc_half(doc[i]) for i in ids]
        sys_of += [system] * len(ids)
    y = np.array(y)
    halves = np.array(halves)
    mq = -(100.0 - y)  # monotone in MQM: tau against it equals tau against MQM (up to the clip at 0)
    print(f"WMT20 en-de: {len(rows)} scored pairs, {len(systems)} systems; features in {time.time() - t0:.0f}s", file=sys.stderr)

    old = load_weights()
    old_types = dict(old.types)
    old_free = {"bias": old.segment.bias, "w_sim": old.segment.w_sim}
    old_ref = {"bias": old.segment_ref.bias, "w_sim": old.segment_ref.w_sim, "w_ref": old.segment_ref.w_ref, "w_chrf": old.segment_ref.w_chrf}
    fit_rows = [r for r, h in zip(rows, halves) if h == 1]
    held = halves == 0
    held_rows = [r for r, h in zip(rows, halves) if h == 0]
    table = []
    types_h, free_h, ref_h, _ = fit(fit_rows, y[halves == 1], min_count=args.min_count, use_chrf=False)
    _, _, ref_hc, _ = fit(fit_rows, y[halves == 1], min_count=args.min_count, use_chrf=True, fixed_types=types_h)
    chrf_only = np.array([r["chrf"] for r in held_rows])
    sim_only = np.array([r["m"] for r in held_rows])
    cands = [
        ("cosine only (m), reference-free", sim_only),
        ("previous weights, reference-free", predict(held_rows, old_types, old_free, False)),
        ("fitted, reference-free", predict(held_rows, types_h, free_h, False)),
        ("sentence chrF with reference (baseline)", chrf_only),
        ("previous weights, with reference", predict(held_rows, old_types, old_ref, True)),
        ("fitted, with reference, no chrF", predict(held_rows, types_h, ref_h, True)),
        ("fitted, with reference + chrF", predict(held_rows, types_h, ref_hc, True)),
    ]
    for name, pred in cands:
        table.append((name, kendall(pred, mq[held]), float(np.corrcoef(pred, mq[held])[0, 1])))
    use_chrf = table[6][1] > table[5][1]
    print(f"WMT20 en-de MQM (dev): fit on one half of the documents, Kendall tau-b / Pearson on the other ({int(held.sum())} pairs)\n")
    print("| score | Kendall tau-b | Pearson |")
    print("|---|---|---|")
    for name, tau, r in table:
        print(f"| {name} | {tau:.3f} | {r:.3f} |")
    print(f"\nchrF in the with-reference score: {'yes' if use_chrf else 'no'} (decided on the WMT20 held-out half)")
    types, free, ref0, counts = fit(rows, y, min_count=args.min_count, use_chrf=False)
    _, _, ref, _ = fit(rows, y, min_count=args.min_count, use_chrf=use_chrf, fixed_types=types)
    print(f"\nweights (all of WMT20): types {types}\nreference-free {free}\nwith reference {ref}")
    stats = [f"{name}: tau {tau:.3f}, Pearson {r:.3f}" for name, tau, r in table]
    if not args.dry_run:
        emb, _ = auditor.embedder_for("en", "de")
        write_toml(OUT, types, free, ref, counts, stats, emb.id)
        load_weights.cache_clear()
        print(f"wrote {OUT}", file=sys.stderr)
    sys.path.insert(0, str(Path(__file__).parent))
    from _results import save

    save("calibrate_score", {
        "rows": [{"score": n, "kendall_tau_b": t, "pearson": r} for n, t, r in table],
        "weights": {"types": types, "segment": free, "segment_ref": ref},
        "data": f"{SPANS20} + {AVG20}", "command": "python eval/calibrate_score.py " + " ".join(argv or sys.argv[1:]),
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
