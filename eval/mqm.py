"""Agreement of auditor's fidelity score with expert MQM on WMT21 English–German (newstest2021).

    python eval/mqm.py [--data ../shared/data] [--ref A]

Data: ``wmt21-news-systems`` (sources, references A/C/D, system outputs; line i = seg_id i) and
``wmt-mqm`` (Freitag et al. 2021): ``newstest2021/ende/mqm_newstest2021_ende.avg_seg_scores.tsv``
(segment MQM averaged over raters, seg_id = line number, "None" = not rated) and the span file
``mqm-newstest2021_ende.tsv.gz`` for "segment has a Major accuracy error" (any rater marked an
``Accuracy/*`` or ``Non-translation!`` error Major). The span file's seg_id is not the line number:
its rows are joined to lines by normalised source text (white space, quotes, thousands separators;
see the folder's PROVENANCE.md), and its targets must equal the system-output line after the same
normalisation. The 8 MT systems that have both MQM and an output file are scored; MQM system names
map to output files ("Nemo" = NVIDIA-NeMo). The weights and the learned QE head (``models/qe-use-m-v3.toml``,
whose fingerprint the signature names) were fitted on WMT20 only (``eval/calibrate_score.py``): this is a
test for them, run once per fit; do not tune on it.

Segment level: Kendall **tau-b** (scipy, ties corrected) and Pearson, pooled over every rated
(system, segment) pair ("no grouping"). System level: Pearson of the mean score per system with the
mean MQM over the same segments. AUC: rank of the score against the Major-accuracy label (lower
score = error more likely). Baselines in the same run: sacreBLEU sentence chrF, BLEU (exp. smoothing)
and TER (negated) with the reference, and the organisers' COMET system scores (system level only).
"""

from __future__ import annotations

import argparse
import gzip
import csv
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

SYS_DIR = "wmt21-news-systems"
AVG21 = "wmt-mqm/google-wmt-mqm-human-evaluation/newstest2021/ende/mqm_newstest2021_ende.avg_seg_scores.tsv"
SPANS21 = "wmt-mqm/full-error-spans-via-wmt-qe-2022/mqm-newstest2021_ende.tsv.gz"
OUTPUT_NAME = {"Nemo": "NVIDIA-NeMo"}
ANCHORS = {"chrF tau": 0.105, "chrF AUC": 0.607, "COMET system Pearson": 0.787}
TARGETS = {"tau": 0.25, "auc": 0.75}


def norm(text: str) -> str:
    """What the MQM copy and the WMT text files agree on: quotes, thousands separators, white space."""
    t = re.sub(r"</?v>", "", text)
    t = t.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "‚": "'", "‘": "'", "’": "'", "«": '"', "»": '"'}))
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    return " ".join(t.split())


def lines(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"error: {path} not found: pass --data pointing at the shared data folder")
    text = path.read_text(encoding="utf-8")
    return text.removesuffix("\n").split("\n")


def major_accuracy(data: Path, sources: list[str], outputs: dict[str, list[str]]) -> tuple[dict[tuple[str, int], bool], dict]:
    """(system, line) -> has a Major accuracy error, for span rows whose source and target both join."""
    by_src: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sources, start=1):
        by_src[norm(s)].append(i)
    label: dict[tuple[str, int], bool] = {}
    stats = defaultdict(int)
    with gzip.open(data / SPANS21, "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        for row in reader:
            r = dict(zip(header, row))
            system = r["system"].removeprefix("hyp.")
            if system not in outputs:
                continue
            stats["rows"] += 1
            ids = by_src.get(norm(r["source"]), [])
            hits = [i for i in ids if norm(outputs[system][i - 1]) == norm(r["target"])]
            if not hits:
                stats["unjoined rows"] += 1
                continue
            major = r["severity"] == "Major" and (r["category"].startswith("Accuracy") or r["category"].startswith("Non-translation"))
            for i in hits:
                label[(system, i)] = label.get((system, i), False) or major
    return label, dict(stats)


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """P(a positive has a lower score than a negative), ties counted half (Mann–Whitney)."""
    from scipy.stats import rankdata

    r = rankdata(-scores)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float("nan")
    return float((r[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--ref", default="A", choices=["A", "C", "D"], help="the human reference for with-reference scores")
    args = ap.parse_args(argv)
    from sacrebleu.metrics import BLEU, CHRF, TER
    from scipy.stats import kendalltau, pearsonr

    from auditor.api import Auditor
    from auditor.config import Config
    from _results import save

    t0 = time.time()
    d = args.data / SYS_DIR / "txt"
    sources = lines(d / "sources" / "newstest2021.en-de.src.en")
    ref = lines(d / "references" / f"newstest2021.en-de.ref.{args.ref}.de")
    mqm: dict[tuple[str, int], float] = {}
    if not (args.data / AVG21).is_file():
        raise SystemExit(f"error: {args.data / AVG21} not found: pass --data pointing at the shared data folder")
    with (args.data / AVG21).open(encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.split()
            if len(p) == 3 and p[1] != "None":
                mqm[(p[0], int(p[2]))] = float(p[1])
    outputs: dict[str, list[str]] = {}
    for system in sorted({s for s, _ in mqm}):
        path = d / "system-outputs" / f"newstest2021.en-de.hyp.{OUTPUT_NAME.get(system, system)}.de"
        if path.is_file():
            outputs[system] = lines(path)
            assert len(outputs[system]) == len(sources), path
    label, join_stats = major_accuracy(args.data, sources, outputs)

    auditor = Auditor(Config())
    chrf, bleu, ter = CHRF(), BLEU(effective_order=True), TER()
    cols: dict[str, list[float]] = defaultdict(list)
    keys: list[tuple[str, int]] = []
    for system, out in outputs.items():
        ids = sorted(i for (s, i) in mqm if s == system)
        src_l, hyp_l, ref_l = [sources[i - 1] for i in ids], [out[i - 1] for i in ids], [ref[i - 1] for i in ids]
        free = auditor.score_segments(src_l, hyp_l, source_lang="en", target_lang="de").segments
        scored = auditor.score_segments(src_l, hyp_l, ref_l, source_lang="en", target_lang="de")
        withref, signature = scored.segments, str(scored.signature)
        cols["auditor, reference-free"] += [s.fidelity for s in free]
        cols["auditor, with reference"] += [s.fidelity for s in withref]
        cols["chrF (sentence, with ref)"] += [chrf.sentence_score(h, [r]).score for h, r in zip(hyp_l, ref_l)]
        cols["BLEU (sentence, with ref)"] += [bleu.sentence_score(h, [r]).score for h, r in zip(hyp_l, ref_l)]
        cols["-TER (sentence, with ref)"] += [-ter.sentence_score(h, [r]).score for h, r in zip(hyp_l, ref_l)]
        keys += [(system, i) for i in ids]
    y = np.array([mqm[k] for k in keys])
    systems = list(outputs)
    sys_idx = np.array([systems.index(s) for s, _ in keys])
    has_label = np.array([k in label for k in keys])
    positive = np.array([label.get(k, False) for k in keys])
    sys_mqm = np.array([y[sys_idx == j].mean() for j in range(len(systems))])

    rows = []
    for name, vals in cols.items():
        v = np.array(vals)
        sys_mean = np.array([v[sys_idx == j].mean() for j in range(len(systems))])
        rows.append({
            "metric": name,
            "kendall_tau_b": float(kendalltau(v, y, variant="b").statistic),
            "pearson": float(pearsonr(v, y).statistic),
            "auc_major_accuracy": auc(v[has_label], positive[has_label]),
            "system_pearson": float(pearsonr(sys_mean, sys_mqm).statistic),
            "per_system": dict(zip(systems, sys_mean.tolist())),
        })  # fmt: skip
    comet = {}
    comet_path = args.data / SYS_DIR / "scores" / "COMET" / "en-de" / f"COMET_newstest2021_ref-{args.ref}.tsv"
    for line in comet_path.read_text(encoding="utf-8").splitlines():
        name, val = line.split("\t")
        comet[name] = float(val)
    comet_v = np.array([comet.get(s, np.nan) for s in systems])
    ok = ~np.isnan(comet_v)
    rows.append({
        "metric": f"COMET (organisers, ref-{args.ref}; system level only)", "kendall_tau_b": None, "pearson": None,
        "auc_major_accuracy": None, "system_pearson": float(pearsonr(comet_v[ok], sys_mqm[ok]).statistic),
        "per_system": dict(zip(systems, comet_v.tolist())),
    })  # fmt: skip

    def f(x):
        return "–" if x is None else f"{x:.3f}"

    n_lab = int(has_label.sum())
    print(f"WMT21 en-de newstest2021 MQM: {len(keys)} rated (system, segment) pairs, {len(systems)} MT systems, "
          f"reference {args.ref}; AUC on {n_lab} pairs joined to span rows ({int(positive.sum())} with a Major accuracy error)\n")  # fmt: skip
    print("| metric | seg Kendall tau-b | seg Pearson | AUC major accuracy | system Pearson |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['metric']} | {f(r['kendall_tau_b'])} | {f(r['pearson'])} | {f(r['auc_major_accuracy'])} | {f(r['system_pearson'])} |")
    print(f"\ntargets (issue 5): reference-free tau >= {TARGETS['tau']}, AUC >= {TARGETS['auc']}; published anchors: "
          f"chrF tau {ANCHORS['chrF tau']}, AUC {ANCHORS['chrF AUC']}; COMET system Pearson {ANCHORS['COMET system Pearson']}")  # fmt: skip
    free = rows[0]
    print(f"reference-free: tau {free['kendall_tau_b']:.3f} ({'meets' if free['kendall_tau_b'] >= TARGETS['tau'] else 'misses'} the target), "
          f"AUC {free['auc_major_accuracy']:.3f} ({'meets' if free['auc_major_accuracy'] >= TARGETS['auc'] else 'misses'} the target)")  # fmt: skip
    print("\n| system | MQM | " + " | ".join(r["metric"].split(" (")[0] for r in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    for j, s in enumerate(systems):
        print(f"| {s} | {sys_mqm[j]:.3f} | " + " | ".join(f"{r['per_system'][s]:.3f}" for r in rows) + " |")
    print(f"\nsignature: {signature}; span join: {join_stats}; {time.time() - t0:.0f}s", file=sys.stderr)

    rng = np.random.default_rng(0)
    pick = np.sort(rng.choice(len(keys), size=min(2000, len(keys)), replace=False))
    save("mqm", {
        "rows": rows,
        "system_mqm": dict(zip(systems, sys_mqm.tolist())),
        "scatter": {"auditor_reference_free": [cols["auditor, reference-free"][i] for i in pick],
                    "auditor_with_reference": [cols["auditor, with reference"][i] for i in pick],
                    "mqm": y[pick].tolist()},
        "targets": TARGETS, "anchors": ANCHORS, "signature": signature, "span_join": join_stats,
        "pairs": len(keys), "labelled_pairs": n_lab, "reference": args.ref,
        "data": f"{SYS_DIR}/txt, {AVG21}, {SPANS21}",
        "command": "python eval/mqm.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
