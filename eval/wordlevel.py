"""Word- and segment-level evaluation of the learned error head (issue 14) against the rule detectors.

    nice -n 10 python eval/wordlevel.py [--data ../shared/data] [--split test|dev] [--cache /tmp/learned-cache]
                                        [--no-baseline] [--speed 300]

On WMT21 English→German expert MQM (Freitag et al. 2021), documents of the held-out split
(``eval/_learned_data.py``: ``--split test`` is the test split; choose nothing on it, run it once):

* **word level**: target words (whitespace) inside an ``Accuracy/*`` span of Major or Minor severity
  are BAD; a word is predicted BAD when it lies inside a finding's target span (any severity).
  Matthews correlation (MCC) for the rule detectors alone (``Auditor().score_segments``: the typed
  detectors and drift, as ``auditor score`` runs them), the learned head alone, and both;
  also against the spans of every MQM category, for reference;
* **segment level**: the share of error-free segments (the rater marked no error) with a critical or
  major finding, the share of segments with a Major accuracy error that get one, and Kendall τ-b of
  the segment score (learned: P(major accuracy error); rules: 100 − fidelity) with the MQM penalty;
* **DEMETR** (the eval half of our dev half; ``demetr-eval`` split): per perturbation, the share of
  perturbed translations with a critical/major learned finding, and the share of the unperturbed
  translations and of harmless edits with one (false alarms);
* **speed**: pairs per minute of ``LearnedDetector.score_pairs`` on ``--speed`` pairs, encoder included.

``--cache``: reuse the token states ``eval/train_head.py`` cached (the same float16 numbers the
detector computes; texts missing from the cache are encoded). Results of ``--split test``: ``eval/results/learned.json``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import _learned_data as D  # noqa: E402

from auditor.detect.learned import LearnedDetector, PairResult  # noqa: E402
from auditor.types import Severity  # noqa: E402

SERIOUS = (Severity.CRITICAL, Severity.MAJOR)


def mcc(y: np.ndarray, p: np.ndarray) -> float:
    y, p = y.astype(bool), p.astype(bool)
    tp, tn = float((y & p).sum()), float((~y & ~p).sum())
    fp, fn = float((~y & p).sum()), float((y & ~p).sum())
    den = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return (tp * tn - fp * fn) / den if den else 0.0


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def covered(ws: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    return np.array([any(a < e and b > s for a, b in spans) for s, e in ws], dtype=bool)


def norm_map(text: str) -> tuple[str, list[int]]:
    """``" ".join(text.split())`` and, per character of it, the offset in ``text`` (what
    ``Auditor.check_pair`` reports target spans in)."""
    out, origin = [], []
    for m in re.finditer(r"\S+", text):
        if out:
            out.append(" ")
            origin.append(m.start() - 1)
        out.append(m.group())
        origin.extend(range(m.start(), m.end()))
    return "".join(out), origin


def rule_findings(pairs: list[D.Pair]) -> tuple[list[list[tuple[int, int]]], list[bool], list[float]]:
    """Per pair: target spans of the rule detectors' findings (any severity, in the pair's target
    text), whether one is critical/major, and 100 − fidelity."""
    from auditor.api import Auditor

    res = Auditor().score_segments([p.src for p in pairs], [p.tgt for p in pairs], source_lang="en", target_lang="de")
    spans, serious, scores = [], [], []
    for p, row in zip(pairs, res.segments):
        _, origin = norm_map(p.tgt)
        sp = []
        for f in row.findings:
            ts = f.target_span
            if ts is not None and ts.end > ts.start and ts.start < len(origin):
                sp.append((origin[ts.start], origin[min(ts.end, len(origin)) - 1] + 1))
        spans.append(sp)
        serious.append(any(f.severity in SERIOUS for f in row.findings))
        scores.append(100.0 - float(row.fidelity))
    return spans, serious, scores


def learned_spans(r: PairResult, *, serious_only: bool = False) -> list[tuple[int, int]]:
    return [(x.start, x.end) for x in r.runs if x.side == "target" and x.severity is not None
            and (not serious_only or x.severity in SERIOUS)]  # fmt: skip


def cached_sides(cache: Path | None, texts: set[str]) -> dict:
    if cache is None:
        return {}
    from train_head import StateStore

    store = StateStore(cache, 8)
    if not store.shards:
        return {}
    store.consolidate()
    return {t: store.side(t) for t in texts if store.key(t) in store.index}


def _num(row: list[object]) -> list[object]:
    """A printed table row back to numbers for the JSON ("0.123" -> 0.123, "-" -> None)."""
    out: list[object] = []
    for x in row:
        if isinstance(x, str) and x == "-":
            out.append(None)
            continue
        try:
            out.append(float(x) if isinstance(x, str) else x)
        except ValueError:
            out.append(x)
    return out


def table(rows: list[list[object]], head: list[str]) -> str:
    w = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "  ".join(str(x).ljust(n) if i == 0 else str(x).rjust(n) for i, (x, n) in enumerate(zip(r, w)))  # noqa: E731
    return "\n".join([line(head), line(["-" * n for n in w]), *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--split", choices=["test", "dev"], default="test")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--speed", type=int, default=300)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    wmt = [p for p in D.wmt_pairs(args.data) if p.dataset == "wmt21" and p.split == args.split]
    dem = [p for p in D.demetr_pairs(args.data) if p.split == "demetr-eval"]
    dem = [p for p in dem if p.tag == "demetr:clean" or p.tag.split(":")[1] in D.DEMETR_MEANING
           or p.tag.split(":")[1] in ("base_id35_reference", "minor_id16_function_word", "minor_id13_pos_shift", "minor_id26_misspelled")]  # fmt: skip
    det = LearnedDetector()
    sides = cached_sides(args.cache, {t for p in wmt + dem for t in (p.src, p.tgt)})
    print(f"{len(wmt)} WMT21 {args.split} pairs ({len({p.doc for p in wmt})} documents), {len(dem)} DEMETR eval pairs; "
          f"{len(sides)} texts from the cache", file=sys.stderr)  # fmt: skip
    t0 = time.time()
    res = det.score_pairs([(p.src, p.tgt) for p in wmt], sides=sides)
    print(f"learned head on WMT21: {time.time() - t0:.0f}s", file=sys.stderr)
    out: dict[str, object] = {"split": args.split, "pairs": len(wmt), "documents": len({p.doc for p in wmt}),
                              "head": f"{det.head.id}@{det.head.fingerprint[:12]}"}  # fmt: skip

    # ---- word level
    gold_acc, gold_any, pred_l, pred_ls, pred_r = [], [], [], [], []
    rules = rule_findings(wmt) if not args.no_baseline else None
    for k, (p, r) in enumerate(zip(wmt, res)):
        ws = words(p.tgt)
        gold_acc.append(covered(ws, [(a, b) for a, b, w in p.tgt_bad if w > 0]))
        gold_any.append(covered(ws, [(a, b) for a, b, w in p.any_bad if w > 0]))
        pred_l.append(covered(ws, learned_spans(r)))
        pred_ls.append(covered(ws, learned_spans(r, serious_only=True)))
        pred_r.append(covered(ws, rules[0][k]) if rules else np.zeros(len(ws), bool))
    ga, gy = np.concatenate(gold_acc), np.concatenate(gold_any)
    pl, pls, pr = np.concatenate(pred_l), np.concatenate(pred_ls), np.concatenate(pred_r)
    rows = []
    for name, pred in (("rules alone", pr), ("learned (any severity)", pl), ("learned (critical/major)", pls), ("rules + learned", pr | pl)):
        if name.startswith("rules") and rules is None:
            continue
        rows.append([name, f"{mcc(ga, pred):.3f}", f"{mcc(gy, pred):.3f}", f"{pred.mean():.3f}",
                     f"{(pred & ga).sum() / max(pred.sum(), 1):.3f}", f"{(pred & ga).sum() / max(ga.sum(), 1):.3f}"])  # fmt: skip
    print(f"\nWord level, WMT21 en-de {args.split} ({len(ga)} target words; {ga.mean():.3f} in accuracy spans, {gy.mean():.3f} in any span)")
    print(table(rows, ["detectors", "MCC accuracy", "MCC any category", "flagged", "precision", "recall"]))
    out["word_level"] = [dict(zip(["detectors", "mcc_accuracy", "mcc_any", "flagged", "precision", "recall"], _num(r))) for r in rows]

    # ---- segment level
    from scipy.stats import kendalltau

    clean = np.array([bool(p.clean) for p in wmt])
    major = np.array([(p.major or 0) >= 0.5 for p in wmt])
    mqm = np.array([p.mqm for p in wmt], dtype=float)
    flag_l = np.array([any(x.severity in SERIOUS for x in r.runs) for r in res])
    seg_l = np.array([r.segment_score for r in res])
    rows = []
    cands = [("learned", flag_l, seg_l)]
    if rules is not None:
        flag_r, seg_r = np.array(rules[1]), np.array(rules[2])
        cands = [("rules alone", flag_r, seg_r), *cands, ("rules + learned", flag_r | flag_l, None)]
    for name, fl, sc in cands:
        tau = kendalltau(sc, mqm).statistic if sc is not None else float("nan")
        rows.append([name, f"{fl[clean].mean():.3f}", f"{fl[major].mean():.3f}", "-" if sc is None else f"{tau:.3f}"])
    print(f"\nSegment level ({clean.sum()} error-free, {major.sum()} with a Major accuracy error, of {len(wmt)})")
    print(table(rows, ["detectors", "error-free flagged", "major-error flagged", "Kendall tau-b vs MQM"]))
    out["segment_level"] = [dict(zip(["detectors", "clean_flagged", "major_flagged", "kendall_tau"], _num(r))) for r in rows]
    out["segments"] = {"clean": int(clean.sum()), "major": int(major.sum())}

    # ---- DEMETR
    t0 = time.time()
    dres = det.score_pairs([(p.src, p.tgt) for p in dem], sides=sides)
    print(f"learned head on DEMETR: {time.time() - t0:.0f}s", file=sys.stderr)
    by: dict[str, list[bool]] = defaultdict(list)
    for p, r in zip(dem, dres):
        by[p.tag.split(":")[1]].append(any(x.severity in SERIOUS for x in r.runs))
    fa = float(np.mean(by["clean"])) if by["clean"] else float("nan")
    rows = []
    for name in sorted(by, key=lambda n: (n not in D.DEMETR_MEANING, n)):
        v = by[name]
        kind = "meaning" if name in D.DEMETR_MEANING else "no error"
        rows.append([name, kind, len(v), f"{np.mean(v):.3f}"])
    print(f"\nDEMETR eval half: share with a critical/major learned finding (unperturbed MT: {fa:.3f})")
    print(table(rows, ["perturbation", "kind", "n", "flagged"]))
    out["demetr"] = [dict(zip(["perturbation", "kind", "n", "flagged"], _num(r))) for r in rows]
    out["demetr_unperturbed_flagged"] = fa

    # ---- speed: the real path (encoder included), no cache
    if args.speed:
        sub = [(p.src, p.tgt) for p in wmt[: args.speed]]
        fresh = LearnedDetector(head=det.head, model=det.model)
        t0 = time.time()
        fresh.score_pairs(sub)
        dt = time.time() - t0
        print(f"\nspeed: {len(sub)} pairs in {dt:.1f}s = {60 * len(sub) / dt:.0f} pairs/min ({args.threads} threads; shared machine)")
        out["speed_pairs_per_min"] = 60 * len(sub) / dt
    if args.split == "test":
        from _results import save

        print(f"saved {save('learned', out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
