"""DEMETR: which controlled meaning shifts auditor catches, reference-free, and how often it cries wolf.

    python eval/shifts_demetr.py [--data ../shared/data] [--limit 500] [--langs de,fr,...]

Data: ``../shared/data/demetr/dataset`` (Karpinska et al. 2022; the development half, 500 items a
perturbation). Each item has a source sentence in one of ten languages, a machine translation into
English (``mt_sent``, manually corrected: our "unperturbed" target) and the same translation with
one controlled edit (``pert_sent``). Items whose ``pert_check`` is false are skipped.

auditor runs as it would on a one-sentence pair: the source sentence against the English sentence,
aligned as one bead, every detector but coverage (which needs more than one sentence), plus semantic
drift (``auditor.detect.coverage.drift_severity`` on the scale of each language's pairs, as ``auditor
score`` measures it on a file) from the model ``choose_model`` picks for the pair. Nothing uses the reference: that is the reference-free setting the issue asks for.

* **caught, right type**: share of perturbed items with a finding of the expected type (below), any severity;
* **right type, critical/major**: the same, counting only critical and major findings (a minor finding is a
  hint an editor may never see: this is the column the issue's ≥ 90 % target is read on);
* **caught, any**: share with any critical or major finding;
* **false alarms**: share of the same items' *unperturbed* translations with a critical or major finding.

The last row is the macro average over the perturbations. Numbers are saved to
``eval/results/demetr.json`` (``eval/_results.py``), with the per-language breakdown.

Baseline, same run: chrF (sacrebleu) **with the reference**, as DEMETR scores metrics: an item counts as
caught when chrF(perturbed, reference) < chrF(unperturbed, reference). It sees the reference, so it
is an upper-bound style anchor, not a like-for-like rival.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.progress import progress  # noqa: E402  (a bar on a terminal, silent in logs)

LANGS = {
    "chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi", "italian": "it",
    "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es",
}
# perturbation -> finding types that name it correctly
EXPECTED = {
    "critical_id9_ne_replaced": {"entity_changed", "role_changed", "spelling_variant"},
    "critical_id25_ne_removed": {"entity_changed", "role_changed", "omission", "meaning_shift"},
    "critical_id10_numbers_replaced": {"number_changed"},
    "critical_id8_negation": {"polarity_changed"},
    "critical_id7_antonym": {"polarity_changed"},
    "critical_id6_addition": {"addition", "meaning_shift", "entity_changed", "number_changed"},
    "critical_id11_gender": {"role_changed"},
    "critical_id22_verb_removed": {"omission", "meaning_shift"},
    "critical_id23_noun_removed": {"omission", "meaning_shift", "entity_changed"},
    "major_id17_tense": {"modality_changed"},
}


def load(data: Path, name: str, limit: int) -> list[dict]:
    path = data / "demetr/dataset" / f"{name}.json"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found: pass --data pointing at the shared data folder")
    items = json.loads(path.read_text(encoding="utf-8"))
    return [it for it in items if it.get("pert_check") and it.get("lang_tag") in LANGS][:limit]


def typed_detectors() -> list:
    """Every registered detector but coverage (which needs more than one sentence a side)."""
    from auditor.detect.coverage import CoverageDetector
    from auditor.detect.registry import default_detectors

    return [d for d in default_detectors() if not isinstance(d, CoverageDetector)]


def pair_findings(src: str, tgt: str, src_lang: str, tgt_lang: str, cos: float, thr, detectors: list) -> list:
    """The detectors' findings on one sentence pair aligned as one bead of cosine ``cos``
    (:meth:`auditor.api.Auditor.detect_pair`)."""
    from auditor.api import Auditor

    return list(Auditor(detectors=detectors).detect_pair(src, tgt, similarity=cos, thresholds=thr,
                                                         source_lang=src_lang, target_lang=tgt_lang))  # fmt: skip


class Checker:
    """Runs the detectors and the drift check on (source, English target) pairs; embeddings cached."""

    def __init__(self) -> None:
        from auditor.config import Config

        self.config = Config()
        self.detectors = typed_detectors()
        self.vec: dict[tuple[str, str], np.ndarray] = {}
        self.scale: dict[str, object] = {}

    def embed_all(self, pairs: list[tuple[str, str, str]]) -> None:
        """Embed every (lang, text) once, per model; measure each source language's scale as
        ``auditor score`` does on a file of those pairs (:func:`auditor.score.segment_scale`)."""
        from auditor.score import segment_scale
        from auditor.embed.registry import choose_model, get_embedder

        by_model: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for lang, src, tgt in pairs:
            model = choose_model(lang, "en").id
            by_model[model].update({(lang, src), ("en", tgt)})
        for model, keys in by_model.items():
            keys_l = sorted(keys)
            vecs = get_embedder(model, config=self.config).embed([t for _, t in keys_l])
            for (lang, text), v in zip(keys_l, vecs):
                self.vec[(model, text)] = v
        by_lang: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for lang, src, tgt in pairs:
            by_lang[lang].append((src, tgt))
        for lang, lp in by_lang.items():
            model = choose_model(lang, "en").id
            u = np.stack([self.vec[(model, s)] for s, _ in lp])
            v = np.stack([self.vec[(model, t)] for _, t in lp])
            self.scale[lang] = segment_scale(u, v, np.einsum("ij,ij->i", u, v))

    def findings(self, lang: str, src: str, tgt: str) -> list:
        from auditor.embed.registry import choose_model
        from auditor.types import Finding, FindingType

        spec = choose_model(lang, "en")
        thr = spec.thresholds_for(lang, "en")
        cos = float(self.vec[(spec.id, src)] @ self.vec[(spec.id, tgt)])
        from auditor.detect.coverage import drift_severity

        out = pair_findings(src, tgt, lang, "en", cos, thr, self.detectors)
        graded = drift_severity(cos, thr, self.scale.get(lang))  # the one drift rule, on the set's own scale
        if graded is not None:
            out.append(Finding(FindingType.MEANING_SHIFT, graded[0], "drift", graded[1], 0.5))
        return out


def serious(findings: list) -> bool:
    return any(f.severity.value in ("critical", "major") for f in findings)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=500, help="items per perturbation (the dev half has 500)")
    ap.add_argument("--langs", default="", help="comma-separated source languages to keep (zh,cs,fr,de,hi,it,ja,pl,ru,es)")
    args = ap.parse_args(argv)
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    keep = {x.strip() for x in args.langs.split(",") if x.strip()}
    if keep - set(LANGS.values()):
        raise SystemExit(f"error: unknown language(s) {sorted(keep - set(LANGS.values()))}; choose from {sorted(LANGS.values())}")
    sets = {name: load(args.data, name, args.limit) for name in EXPECTED}
    if keep:
        sets = {name: [it for it in items if LANGS[it["lang_tag"]] in keep] for name, items in sets.items()}
    checker = Checker()
    pairs = [(LANGS[it["lang_tag"]], it["src_sent"], t) for items in sets.values() for it in items for t in (it["mt_sent"], it["pert_sent"])]
    checker.embed_all(pairs)

    print(f"DEMETR dev half, reference-free (source vs English target); up to {args.limit} items a perturbation")
    print()
    cols = ("right", "right_serious", "any", "false_alarm", "chrf")
    print("| perturbation | items | caught, right type | right type, critical/major | caught, any | false alarms (unperturbed) | chrF with reference: caught |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    for name, items in sets.items():
        tot = dict.fromkeys(cols, 0)
        per_lang: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("items",) + cols, 0))
        for it in progress(items, desc=name):
            lang = LANGS[it["lang_tag"]]
            pert = checker.findings(lang, it["src_sent"], it["pert_sent"])
            base = checker.findings(lang, it["src_sent"], it["mt_sent"])
            ref = [it["eng_sent"]]
            hit = {
                "right": any(f.type.value in EXPECTED[name] for f in pert),
                "right_serious": any(f.type.value in EXPECTED[name] and f.severity.value != "minor" for f in pert),
                "any": serious(pert),
                "false_alarm": serious(base),
                "chrf": chrf.sentence_score(it["pert_sent"], ref).score < chrf.sentence_score(it["mt_sent"], ref).score,
            }
            per_lang[lang]["items"] += 1
            for c in cols:
                tot[c] += hit[c]
                per_lang[lang][c] += hit[c]
        n = max(1, len(items))
        row = {"perturbation": name, "items": len(items), **{c: tot[c] / n for c in cols},
               "by_lang": {lg: {"items": v["items"], **{c: v[c] / max(1, v["items"]) for c in cols}} for lg, v in sorted(per_lang.items())}}
        rows.append(row)
        print(f"| {name} | {len(items)} | {row['right']:.1%} | {row['right_serious']:.1%} | {row['any']:.1%} "
              f"| {row['false_alarm']:.1%} | {row['chrf']:.1%} |")
    macro = {c: float(np.mean([r[c] for r in rows])) if rows else 0.0 for c in cols}
    print(f"| **macro average** | {sum(r['items'] for r in rows)} | {macro['right']:.1%} | {macro['right_serious']:.1%} "
          f"| {macro['any']:.1%} | {macro['false_alarm']:.1%} | {macro['chrf']:.1%} |")
    sys.path.insert(0, str(Path(__file__).parent))
    from _results import save

    save("demetr", {"rows": rows, "macro": macro, "data": str(args.data / "demetr/dataset"), "limit": args.limit,
                    "langs": sorted(keep) or sorted(LANGS.values()),
                    "command": "python eval/shifts_demetr.py " + " ".join(argv if argv is not None else sys.argv[1:])})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
