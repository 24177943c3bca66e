"""Likely-source attribution on WMT21 news documents, and how its cost grows with the corpus.

Corpus: the English source documents of WMT21 newstest2021 en-de and, for each, one German version
(reference A, C or D or one of the 20 system outputs, taken in turn by document number), with document
boundaries from the MQM span file (lines matched to documents by their source text); every line is one
sentence. Synthetic distractors fill the corpus up to 1,000 and 10,000 documents: each takes two
consecutive lines from each of six different real documents, all English or all from one German version.

Task: for each German document, find its English source (top-1); with every English document removed,
say "no source in the corpus". The "no source" threshold is calibrated on the dev half (documents with
an even number in sorted order) at 1,000 documents and evaluated on the odd half, at both sizes.
Baseline, same run: exact cosine of document vectors over all documents (an N x N product), its
"no source" cosine threshold calibrated the same way.

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

from auditor.attribute import DocVectors, attribute  # noqa: E402
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
    """Items (DocVectors) for the real documents and distractors; the German docs' true sources."""
    german = [v for v in versions if v != "en"]
    real, truth = [], {}
    for n, (name, idx) in enumerate(zip(names, lines)):
        ver = german[n % len(german)]
        for lang, key, doc_id in (("en", "en", f"en/{name}"), ("de", ver, f"de/{name}/{ver}")):
            texts = [versions[key][i] for i in idx if versions[key][i].strip()]
            real.append(_item(doc_id, lang, texts, vec))
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
    return real + distractors, truth


def _item(doc_id: str, lang: str, texts: list[str], vec) -> DocVectors:
    doc = document_from_text("\n".join(texts), doc_id=doc_id, lang=lang)
    return DocVectors(doc, tuple(texts), np.stack([vec[t] for t in texts]))


def run_attribute(items, thresholds_for):
    t0 = time.perf_counter()
    _, atts = attribute(items, thresholds_for=thresholds_for, threshold=0.0)
    return {a.target_id: a for a in atts}, time.perf_counter() - t0


def best_admissible(att):
    c = next((c for c in att.candidates if c.admissible), None)
    return (c.source_id, c.score) if c else (None, 0.0)


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
    top1 = acc = none_ok = n = 0
    for doc_id, (src, dev) in truth.items():
        if dev != split_dev:
            continue
        n += 1
        got, score = results_present[doc_id]
        top1 += got == src
        acc += got == src and score >= thr
        none_ok += results_absent[doc_id][1] < thr
    return n, top1 / n, acc / n, none_ok / n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sizes", default="1000,10000")
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

    rows, calib = [], {}
    for size in [int(x) for x in args.sizes.split(",")]:
        items, truth = build(names, versions, lines, vec, size)
        sources = {src for src, _ in truth.values()}
        absent_items = [it for it in items if it.doc.id not in sources]
        res = {}
        for method in ("ours", "baseline"):
            if method == "ours":
                p_att, p_s = run_attribute(items, thresholds_for)
                a_att, a_s = run_attribute(absent_items, thresholds_for)
                present = {k: best_admissible(v) for k, v in p_att.items()}
                absent = {k: best_admissible(v) for k, v in a_att.items()}
            else:
                present, p_s = run_baseline(items)
                absent, a_s = run_baseline(absent_items)
            if method not in calib:  # calibrated once, on the dev half of the first (smallest) size
                dev = [(d, t) for d, t in truth.items() if t[1]]
                calib[method] = calibrate([(present[d] [0] == t[0], present[d][1]) for d, t in dev],
                                          [absent[d][1] for d, _ in dev])
            thr = calib[method]
            n, top1, acc, none_ok = evaluate(present, absent, truth, False, thr)
            rows.append({"method": method, "documents": len(items), "test_german_docs": n, "threshold": thr,
                         "top1": top1, "top1_accepted": acc, "no_source_acc": none_ok, "seconds": p_s})
    print(f"Likely-source attribution, WMT21 en-de ({len(names)} documents; test = odd half; model {MODEL}; "
          f"embedding {len(uniq)} unique lines took {embed_s:.1f} s, not counted below)\n")
    print("| method | docs | test de docs | threshold (dev) | top-1 | top-1 & accepted | no-source acc. | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        label = "ANN+MinHash shortlist, pair evidence" if r["method"] == "ours" else "baseline: exact doc cosine"
        print(f"| {label} | {r['documents']:,} | {r['test_german_docs']} | {r['threshold']:.3f} | {r['top1']:.3f} | "
              f"{r['top1_accepted']:.3f} | {r['no_source_acc']:.3f} | {r['seconds']:.2f} |")
    save("attribution", {"rows": rows, "data": str(args.data), "model": MODEL, "embed_seconds": embed_s,
                         "command": "python eval/attribution.py --sizes " + args.sizes})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
