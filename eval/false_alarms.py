"""False alarms on faithful translations, beside the catch rates that must not fall, in one run.

    python eval/false_alarms.py [--data ../shared/data] [--quick] [--only SETS] [--no-catch]

Every set below is a **faithful** translation: professional human references, machine translations
that every MQM expert rated error-free, DEMETR's corrected translations, professionally translated
Text+Berg yearbook articles. Any critical or major finding on them is a false alarm.

Segment sets (what ``auditor score`` does: one bead per line, every typed detector, drift on the
file's own scale), reported as the share of segments with a critical/major finding, overall and per
detector:

* ``wmt21-ref-A/C/D`` en-de: newstest2021 English source against each German human reference;
* ``mqm-clean-wmt20/21`` en-de: MT segments all MQM raters marked error-free (Freitag et al. 2021);
* ``demetr`` xx-en: DEMETR dev-half source sentences (ten languages) against their corrected English MT.

Document sets (what ``auditor audit`` does with default options: segmentation, the mode decision,
alignment, every detector), reported as critical findings per 1,000 target words, the mode chosen and
the median fidelity:

* ``textberg`` de-fr: the Text+Berg dev document and the seven test documents;
* ``wmt21-docs`` en-de: each newstest2021 document's English source against reference A.

Catch rates in the same run (they must not fall while false alarms do): DEMETR dev-half names
replaced, names removed, numbers replaced and negation, caught with the right type at
critical/major (``eval/shifts_demetr.py``), and WMT22 CED dev MCC (``eval/ced.py``).

``--quick`` samples (seeded) 400 segments a segment set, 3 WMT21 documents, 150 DEMETR items a
perturbation and 3,000 CED pairs a language pair: for development only. Results go to
``eval/results/false_alarms.json``. Every set here is development data: the held-out halves and
language pairs stay with the project lead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import _faithful as faithful  # noqa: E402

SERIOUS = ("critical", "major")
TARGET_SEG = 0.03  # at most 3% of faithful segments with a critical/major finding
TARGET_DOC = 0.5  # at most 0.5 critical findings per 1,000 words on professional translations
# catch rates before issue 11 (eval/results/demetr.json, ced.json): they must not fall
BEFORE = {
    "critical_id9_ne_replaced": 0.635, "critical_id25_ne_removed": 0.289, "critical_id10_numbers_replaced": 0.949,
    "critical_id8_negation": 0.910, "ced en-de": 0.285, "ced pt-en": 0.344,
}  # fmt: skip
CATCH = ("critical_id9_ne_replaced", "critical_id25_ne_removed", "critical_id10_numbers_replaced", "critical_id8_negation")


def _sample(items: list, n: int, seed: int) -> list:
    if not n or len(items) <= n:
        return items
    keep = sorted(np.random.default_rng(seed).permutation(len(items))[:n])
    return [items[i] for i in keep]


def segment_set(auditor, name: str, pair: str, sources: list[str], targets: list[str]) -> dict:
    """Score line-aligned pairs as ``auditor score`` does; count serious findings per detector."""
    src_lang, tgt_lang = pair.split("-")
    t0 = time.perf_counter()
    result = auditor.score_segments(sources, targets, source_lang=src_lang, target_lang=tgt_lang)
    scores, signature = result.segments, str(result.signature)
    flagged = 0
    by_detector: Counter[str] = Counter()
    examples: dict[str, list[dict]] = defaultdict(list)
    for s, src, tgt in zip(scores, sources, targets):
        serious = [f for f in s.findings if f.severity.value in SERIOUS]
        flagged += bool(serious)
        for key in sorted({f"{f.detector or '?'}:{f.type.value}" for f in serious}):
            by_detector[key] += 1
            if len(examples[key]) < 3:
                f = next(f for f in serious if f"{f.detector or '?'}:{f.type.value}" == key)
                examples[key].append({"source": src, "target": tgt, "message": f.message, "evidence": f.evidence})
    n = max(1, len(scores))
    return {
        "set": name, "pair": pair, "segments": len(scores), "flagged": flagged / n,
        "by_detector": {k: v / n for k, v in by_detector.most_common()}, "examples": dict(examples),
        "signature": signature, "seconds": time.perf_counter() - t0,
    }  # fmt: skip


def document_rows(auditor, name: str, pair: str, docs: list[tuple[str, object, object]]) -> dict:
    """Audit each (name, source, target) document pair with default options."""
    src_lang, tgt_lang = pair.split("-")
    rows = []
    t0 = time.perf_counter()
    for doc_name, src, tgt in docs:
        rep = auditor.audit(src, tgt, source_lang=src_lang, target_lang=tgt_lang)
        words = sum(len(s.text.split()) for s in rep.target_segments.segments)
        crit = [f for f in rep.findings if f.severity.value == "critical"]
        major = [f for f in rep.findings if f.severity.value == "major"]
        rows.append({
            "document": doc_name, "words": words, "critical": len(crit), "major": len(major),
            "critical_by_detector": dict(Counter(f"{f.detector}:{f.type.value}" for f in crit)),
            "major_by_detector": dict(Counter(f"{f.detector}:{f.type.value}" for f in major)),
            "mode": rep.alignment.mode if rep.alignment else None,
            "reason": rep.alignment.reason if rep.alignment else None,
            "fidelity": rep.score.fidelity if rep.score else None,
        })  # fmt: skip
    words = sum(r["words"] for r in rows)
    crit = sum(r["critical"] for r in rows)
    major = sum(r["major"] for r in rows)
    modes = Counter(r["mode"] for r in rows)
    return {
        "set": name, "pair": pair, "documents": len(rows), "words": words, "critical": crit, "major": major,
        "critical_per_1k_words": 1000.0 * crit / max(1, words), "major_per_1k_words": 1000.0 * major / max(1, words),
        "modes": dict(modes), "median_fidelity": statistics.median(r["fidelity"] for r in rows) if rows else None,
        "rows": rows, "seconds": time.perf_counter() - t0,
    }  # fmt: skip


def wmt21_documents(data: Path, limit: int) -> list[tuple[str, object, object]]:
    from auditor.io.read import document_from_text

    src, ref, docs = faithful.wmt21_references(data, "A")
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for s, t, d in zip(src, ref, docs):
        grouped.setdefault(d, ([], []))
        grouped[d][0].append(s)
        grouped[d][1].append(t)
    out = []
    for d, (s, t) in grouped.items():
        if len(s) < 3:
            continue  # a headline alone is no document
        out.append((d, document_from_text("\n".join(s), doc_id=f"{d}.en", lang="en"),
                    document_from_text("\n".join(t), doc_id=f"{d}.de", lang="de")))  # fmt: skip
    return _sample(out, limit, 7)


def catch_rates(data: Path, quick: bool) -> list[dict]:
    """DEMETR dev (names, numbers, negation; right type at critical/major) and CED dev MCC."""
    import ced
    import shifts_demetr as sd
    from auditor.config import Config

    rows = []
    limit = 150 if quick else 500
    sets = {name: sd.load(data, name, limit) for name in CATCH}
    checker = sd.Checker()
    checker.embed_all([(sd.LANGS[it["lang_tag"]], it["src_sent"], t) for items in sets.values() for it in items
                       for t in (it["mt_sent"], it["pert_sent"])])  # fmt: skip
    for name, items in sets.items():
        hit = sum(any(f.type.value in sd.EXPECTED[name] and f.severity.value in SERIOUS
                      for f in checker.findings(sd.LANGS[it["lang_tag"]], it["src_sent"], it["pert_sent"])) for it in items)  # fmt: skip
        rows.append({"measure": f"DEMETR {name}", "key": name, "value": hit / max(1, len(items)), "items": len(items),
                     "before": BEFORE[name]})  # fmt: skip
    detectors = sd.typed_detectors()
    for lp in ced.PAIRS:
        items = ced.read_ced(data, lp)
        if quick:
            items = _sample(items, 3000, 12345)
        res = ced.run_pair(lp, items, detectors, Config(), 12345)
        chosen = res[0]
        rows.append({"measure": f"CED {lp} MCC ({chosen['system']})", "key": f"ced {lp}", "value": chosen["mcc"],
                     "items": chosen["items"], "before": BEFORE[f"ced {lp}"]})  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--quick", action="store_true", help="seeded samples of every set (development only)")
    ap.add_argument("--only", default="", help="comma-separated set names (wmt21-ref-A, mqm-clean-wmt20, demetr, textberg, wmt21-docs, catch…)")
    ap.add_argument("--no-catch", action="store_true", help="skip the DEMETR and CED catch rates")
    ap.add_argument("--examples", action="store_true", help="print up to three flagged examples per detector")
    args = ap.parse_args(argv)
    from auditor.api import Auditor

    only = {x.strip() for x in args.only.split(",") if x.strip()}

    def want(name: str) -> bool:
        return not only or name in only or any(name.startswith(o) for o in only)

    n_seg = 400 if args.quick else 0
    auditor = Auditor()
    t_start = time.perf_counter()
    seg_rows: list[dict] = []
    for ref in ("A", "C", "D"):
        if want(f"wmt21-ref-{ref}"):
            src, tgt, _ = faithful.wmt21_references(args.data, ref)
            pairs = _sample(list(zip(src, tgt)), n_seg, 1)
            seg_rows.append(segment_set(auditor, f"wmt21-ref-{ref}", "en-de", [s for s, _ in pairs], [t for _, t in pairs]))
    for year in ("wmt20", "wmt21"):
        if want(f"mqm-clean-{year}"):
            items = _sample(faithful.mqm_clean(args.data, year), n_seg or 1500, 2)
            seg_rows.append(segment_set(auditor, f"mqm-clean-{year}", "en-de", [s for s, *_ in items], [t for _, t, *_ in items]))
    if want("demetr"):
        for lang, pairs in faithful.demetr_unperturbed(args.data).items():
            pairs = _sample(pairs, n_seg // 4, 3)
            seg_rows.append(segment_set(auditor, "demetr", f"{lang}-en", [s for s, _ in pairs], [t for _, t in pairs]))
    doc_rows: list[dict] = []
    if want("textberg"):
        names = ("dev", "test0", "test3") if args.quick else faithful.TEXTBERG_DOCS
        doc_rows.append(document_rows(auditor, "textberg", "de-fr", faithful.textberg(args.data, names)))
    if want("wmt21-docs"):
        doc_rows.append(document_rows(auditor, "wmt21-docs", "en-de", wmt21_documents(args.data, 3 if args.quick else 0)))
    catch = [] if args.no_catch or (only and "catch" not in only) else catch_rates(args.data, args.quick)

    print(f"False alarms on faithful translations{' (--quick samples)' if args.quick else ''}: every critical/major finding is false")
    print()
    print(f"| set | pair | segments | with a critical/major finding (target ≤ {TARGET_SEG:.0%}) | by detector |")
    print("|---|---|---|---|---|")
    for r in seg_rows:
        top = ", ".join(f"{k} {v:.1%}" for k, v in list(r["by_detector"].items())[:4]) or "–"
        print(f"| {r['set']} | {r['pair']} | {r['segments']} | {r['flagged']:.1%} | {top} |")
    if doc_rows:
        print()
        print(f"| documents | pair | n | words | critical | critical per 1,000 words (target ≤ {TARGET_DOC}) | major per 1,000 words | modes | median fidelity |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in doc_rows:
            modes = ", ".join(f"{k} {v}" for k, v in r["modes"].items())
            print(f"| {r['set']} | {r['pair']} | {r['documents']} | {r['words']} | {r['critical']} | {r['critical_per_1k_words']:.2f} "
                  f"| {r['major_per_1k_words']:.2f} | {modes} | {r['median_fidelity']:.1f} |")
    if catch:
        print()
        print("| catch rate that must not fall | items | now | before issue 11 |")
        print("|---|---|---|---|")
        for r in catch:
            fmt = ".3f" if r["key"].startswith("ced") else ".1%"
            print(f"| {r['measure']} | {r['items']} | {format(r['value'], fmt)} | {format(r['before'], fmt)} |")
    if args.examples:
        print()
        for r in seg_rows:
            for key, exs in r["examples"].items():
                for e in exs:
                    print(f"[{r['set']} {r['pair']}] {key}: {e['message']} ({e['evidence']})\n  S: {e['source']}\n  T: {e['target']}")
        for r in doc_rows:
            for d in r["rows"]:
                if d["critical"]:
                    print(f"[{r['set']}] {d['document']}: {d['critical_by_detector']}")
    print(f"\n{time.perf_counter() - t_start:.0f} s")
    from _results import save

    if not only and not args.quick:
        save("false_alarms", {"segments": seg_rows, "documents": doc_rows, "catch": catch, "data": str(args.data),
                              "command": "python eval/false_alarms.py " + " ".join(argv if argv is not None else sys.argv[1:])})  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
