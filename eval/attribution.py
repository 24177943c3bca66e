"""Likely-source attribution on WMT21 news documents, and how its cost grows with the corpus.

Corpus: the English source documents of WMT21 newstest2021 en-de and, for each, ALL its German
versions at once (references A, C and D and the 20 system outputs: 24 documents per source), with
document boundaries from the MQM span file (lines matched to documents by their source text); every
line is one sentence. The German versions are siblings: near-copies of each other, none derived from
another. 68 sources x 24 = 1,632 real documents: the 1,000 row takes the first 41 sources (sorted by
name) with all their versions (984 documents) plus 16 distractors; the 10,000 row all 68 plus 8,368
synthetic distractors, each two consecutive lines from each of six different real documents, all
English or all from one German version.

Task: for each German document, find its English source (top-1; a German sibling is wrong); with every
English document removed, say "no source in the corpus" (a sibling is not a source). The "no source"
threshold is calibrated on the dev half (sources with an even number in sorted order) at 1,000
documents and evaluated on the odd half, at both sizes. Baseline, same run: exact cosine of document
vectors over all documents (an N x N product), its "no source" cosine threshold calibrated the same
way. ``--previous FILE`` adds the rows of an earlier auditor/attribute.py (e.g. from `git show`).

    .venv/bin/python eval/attribution.py [--data DIR] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402

from _results import save  # noqa: E402

from auditor.attribute import ALGORITHM, DocVectors, attribute  # noqa: E402
from auditor.errors import MissingDataError  # noqa: E402
from auditor.io.read import document_from_text  # noqa: E402

VERSIONS = ["ref.A", "ref.C", "ref.D"]
MODEL = "use-m-v3"


def norm(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return " ".join(text.split())


def load_documents(data: Path) -> tuple[list[str], dict[str, list[str]], list[list[int]]]:
    """Document names, the line texts of each version, and each document's line numbers (0-based)."""
    base = data / "wmt21-news-systems" / "txt"
    mqm = data / "wmt-mqm" / "full-error-spans-via-wmt-qe-2022" / "mqm-newstest2021_ende.tsv.gz"
    src_file = base / "sources" / "newstest2021.en-de.src.en"
    for f in (mqm, src_file):
        if not f.exists():
            raise MissingDataError(f"{f} is missing", fix="see /work/shared/data/*/PROVENANCE.md")
    source = src_file.read_text(encoding="utf-8").split("\n")[:-1]
    doc_of: dict[str, str] = {}
    with gzip.open(mqm, "rt", encoding="utf-8") as fh:
        next(fh)
        for row in fh:
            cols = row.rstrip("\n").split("\t")
            doc_of.setdefault(norm(cols[5].replace("<v>", "").replace("</v>", "")), cols[1])
    labels, last = [], None
    for line in source:  # a line the MQM file lacks belongs to the document of the line before
        last = doc_of.get(norm(line), last)
        labels.append(last)
    first = next(x for x in labels if x is not None)
    labels = [x or first for x in labels]
    names = sorted(set(labels))
    lines = [[i for i, x in enumerate(labels) if x == name] for name in names]
    versions = {"en": source}
    for ref in ("A", "C", "D"):
        versions[f"ref.{ref}"] = (base / "references" / f"newstest2021.en-de.ref.{ref}.de").read_text(encoding="utf-8").split("\n")
    for f in sorted((base / "system-outputs").glob("newstest2021.en-de.hyp.*.de")):
        versions[f.name.split(".hyp.")[1][:-3]] = f.read_text(encoding="utf-8").split("\n")
    return names, versions, lines


def build(names, versions, lines, vec, size: int, seed: int = 12345):
    """Items (DocVectors) for the real documents and distractors; each German doc's true source and split.

    Every German version of a source document is in the corpus (3 references and the system outputs);
    when the corpus cannot hold them all, it takes the first source documents (sorted by name) with all
    their versions and fills the rest with distractors."""
    german = [v for v in versions if v != "en"]
    per = 1 + len(german)
    keep = min(len(names), max(1, size // per))
    real, truth = [], {}
    for n, (name, idx) in enumerate(zip(names[:keep], lines[:keep])):
        real.append(_item(f"en/{name}", "en", [versions["en"][i] for i in idx if versions["en"][i].strip()], vec))
        for ver in german:
            texts = [versions[ver][i] for i in idx if versions[ver][i].strip()]
            real.append(_item(f"de/{name}/{ver}", "de", texts, vec))
            truth[f"de/{name}/{ver}"] = (f"en/{name}", n % 2 == 0)
    rng = np.random.default_rng(seed)
    distractors = []
    for d in range(max(0, size - len(real))):
        key = "en" if rng.random() < 0.5 else german[int(rng.integers(len(german)))]
        texts = []
        for doc in rng.choice(len(names), size=6, replace=False):
            idx = lines[int(doc)]
            at = int(rng.integers(max(1, len(idx) - 1)))
            texts += [versions[key][i] for i in idx[at : at + 2] if versions[key][i].strip()]
        distractors.append(_item(f"zz-distractor/{d:05d}", "en" if key == "en" else "de", texts, vec))
    return real + distractors, truth, keep


def _item(doc_id: str, lang: str, texts: list[str], vec) -> DocVectors:
    doc = document_from_text("\n".join(texts), doc_id=doc_id, lang=lang)
    return DocVectors(doc, tuple(texts), np.stack([vec[t] for t in texts]))


def run_attribute(items, thresholds_for, attribute_fn=attribute):
    """Each document's chosen source and its score (threshold 0: the calibrated one is applied later)."""
    t0 = time.perf_counter()
    _, atts = attribute_fn(items, thresholds_for=thresholds_for, threshold=0.0)
    secs = time.perf_counter() - t0
    return {a.target_id: (a.source_id, a.chosen.score if a.chosen else 0.0) for a in atts}, secs


def run_baseline(items):
    t0 = time.perf_counter()
    dv = np.stack([it.doc_vector() for it in items])
    sims = dv @ dv.T
    np.fill_diagonal(sims, -np.inf)
    best = sims.argmax(axis=1)
    out = {it.doc.id: (items[int(b)].doc.id, float(sims[i, b])) for i, (it, b) in enumerate(zip(items, best))}
    return out, time.perf_counter() - t0


def calibrate(present: list[tuple[bool, float]], absent: list[float]) -> float:
    """The threshold that gets most dev decisions right (present: correct top-1 and score >= t; absent: < t)."""
    cands = sorted({round(s, 4) for _, s in present} | {round(s + 1e-4, 4) for s in absent} | {0.0, 1.01})
    def right(t):
        return sum(ok and s >= t for ok, s in present) + sum(s < t for s in absent)
    return max(cands, key=lambda t: (right(t), -t))


def evaluate(results_present, results_absent, truth, split_dev: bool, thr: float):
    """Top-1, top-1 and accepted, no-source accuracy, and how often a German sibling was chosen (with
    the source present: ranked first; with it removed: ranked first and at or above the threshold)."""
    top1 = acc = none_ok = sib_p = sib_a = n = 0
    for doc_id, (src, dev) in truth.items():
        if dev != split_dev:
            continue
        n += 1
        got, score = results_present[doc_id]
        top1 += got == src
        acc += got == src and score >= thr
        sib_p += got is not None and got.startswith("de/")  # a German sibling ranked first
        got_a, score_a = results_absent[doc_id]
        none_ok += got_a is None or score_a < thr
        sib_a += got_a is not None and got_a.startswith("de/") and score_a >= thr
    return n, top1 / n, acc / n, none_ok / n, sib_p / n, sib_a / n


def load_previous(path: Path):
    """``attribute`` from an earlier copy of auditor/attribute.py (for a before/after row in the same run)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("attribute_previous", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod.attribute, getattr(mod, "ALGORITHM", str(path))


def sibling_scores(items, truth, thresholds_for):
    """On the dev half: the lowest mutual score of two German versions of one source document, and the
    highest of two German documents of different sources (where the sibling threshold must fall)."""
    from auditor.attribute import DEFAULT_SIBLING_THRESHOLD, PairEvidence, shingle_hashes

    de = [i for i, it in enumerate(items) if it.doc.id in truth and truth[it.doc.id][1]]
    ev: dict = {}
    pe = PairEvidence(items, [shingle_hashes(it.doc.text) for it in items], thresholds_for)
    dv = np.stack([items[i].doc_vector() for i in de])
    near = np.argsort(-(dv @ dv.T), axis=1)[:, :40]  # each one's 40 nearest German dev docs
    pe.fill(ev, {de[a]: [de[int(b)] for b in row if b != a] for a, row in enumerate(near)})
    same, other = [], []
    for (s, t), e in ev.items():
        if (t, s) in ev and s < t:
            mutual = min(e["score"], ev[(t, s)]["score"])
            (same if truth[items[s].doc.id][0] == truth[items[t].doc.id][0] else other).append(mutual)
    return {"sibling_threshold": DEFAULT_SIBLING_THRESHOLD, "dev_sibling_pairs": len(same),
            "dev_sibling_mutual_min": min(same), "dev_sibling_mutual_p01": float(np.percentile(same, 1)),
            "dev_unrelated_pairs": len(other), "dev_unrelated_mutual_max": max(other) if other else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--previous", type=Path, help="an earlier auditor/attribute.py to time and score beside this one")
    args = ap.parse_args(argv)
    from auditor.embed.registry import get_embedder, get_spec

    names, versions, lines = load_documents(args.data)
    embedder = get_embedder(MODEL)
    spec = get_spec(MODEL)
    uniq = sorted({t for v in versions.values() for idx in lines for i in idx for t in [v[i]] if t.strip()})
    t0 = time.perf_counter()
    vec = dict(zip(uniq, embedder.embed(uniq)))
    embed_s = time.perf_counter() - t0

    def thresholds_for(a, b):
        return spec.thresholds_for(a, b)

    methods = {"ours": attribute}
    previous_label = None
    if args.previous:
        methods["previous"], previous_label = load_previous(args.previous)
    rows, calib, sib = [], {}, None
    for size in [int(x) for x in args.sizes.split(",")]:
        items, truth, keep = build(names, versions, lines, vec, size)
        if sib is None:
            sib = sibling_scores(items, truth, thresholds_for)
        sources = {src for src, _ in truth.values()}
        absent_items = [it for it in items if it.doc.id not in sources]
        for method in [*methods, "baseline"]:
            if method in methods:
                present, p_s = run_attribute(items, thresholds_for, methods[method])
                absent, _ = run_attribute(absent_items, thresholds_for, methods[method])
            else:
                present, p_s = run_baseline(items)
                absent, _ = run_baseline(absent_items)
            if method not in calib:  # calibrated once, on the dev half of the first (smallest) size
                dev = [(d, t) for d, t in truth.items() if t[1]]
                calib[method] = calibrate([(present[d][0] == t[0], present[d][1]) for d, t in dev],
                                          [absent[d][1] for d, _ in dev])  # fmt: skip
            thr = calib[method]
            n, top1, acc, none_ok, sib_p, sib_a = evaluate(present, absent, truth, False, thr)
            rows.append({"method": method, "documents": len(items), "source_docs": keep, "test_german_docs": n,
                         "threshold": thr, "top1": top1, "top1_accepted": acc, "no_source_acc": none_ok,
                         "sibling_chosen_present": sib_p, "sibling_chosen_absent": sib_a, "seconds": p_s})  # fmt: skip
    print(f"Likely-source attribution, WMT21 en-de ({len(names)} source documents, each with all "
          f"{len(versions) - 1} German versions; test = odd-numbered sources; model {MODEL}; "
          f"embedding {len(uniq)} unique lines took {embed_s:.1f} s, not counted below)\n")
    print("| method | docs | sources (all versions) | test de docs | threshold (dev) | top-1 | top-1 & accepted | "
          "sibling chosen | no-source acc. | sibling chosen, source removed | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    label = {"ours": "ANN+MinHash shortlist, pair evidence, siblings", "previous": "previous attribute() (--previous)",
             "baseline": "baseline: exact doc cosine"}  # fmt: skip
    for r in rows:
        print(f"| {label[r['method']]} | {r['documents']:,} | {r['source_docs']} | {r['test_german_docs']} | "
              f"{r['threshold']:.3f} | {r['top1']:.3f} | {r['top1_accepted']:.3f} | {r['sibling_chosen_present']:.3f} | "
              f"{r['no_source_acc']:.3f} | {r['sibling_chosen_absent']:.3f} | {r['seconds']:.2f} |")  # fmt: skip
    print(f"\nsibling threshold {sib['sibling_threshold']}: dev German versions of one source, lowest mutual score "
          f"{sib['dev_sibling_mutual_min']:.3f} (1st percentile {sib['dev_sibling_mutual_p01']:.3f}, "
          f"{sib['dev_sibling_pairs']} pairs); of different sources, highest {sib['dev_unrelated_mutual_max']}")
    save("attribution", {"rows": rows, "siblings": sib, "data": str(args.data), "model": MODEL, "embed_seconds": embed_s,
                         "algorithm": ALGORITHM, "previous_label": previous_label,
                         "command": "python eval/attribution.py --sizes " + args.sizes
                         + (f" --previous {args.previous}" if args.previous else "")})  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
