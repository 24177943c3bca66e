"""Sentence alignment on Text+Berg German–French, side by side with Bertalign's stored output.

    python eval/align_textberg.py                 # the test documents: one table
    python eval/align_textberg.py --long          # plus a ~5,000-sentence row (the test documents, repeated)
    python eval/align_textberg.py --fit           # grid search of the DP costs on the dev document only

Data: ``../shared/data/sentence-alignment/textberg-de-fr`` (see its PROVENANCE.md): seven test
documents (991 de / 1,101 fr sentences, one sentence a line), a dev document (eval1957), gold
links in ``[src]:[tgt]`` form, and Bertalign's own output on the test documents (commit 3c432d0).

Scores: strict and lax precision / recall / F1 (Sennrich & Volk 2010, as in Vecalign's scorer;
``auditor/evaluate.py``), summed over documents. Bertalign's stored output is re-scored here in
the same run by the same code. Times: "total" is the whole run from a cold start of the model
(loading, embedding every sentence and window, aligning; the vector cache is off); "align" is the
alignment alone. Bertalign's own times are not measurable here (LaBSE is not installable offline):
its published figures are quoted in the README. All design choices were made with ``--fit`` on the
dev document; the test documents are only scored.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.align import AlignParams, SpanVectors, align  # noqa: E402
from auditor.evaluate import AlignmentScores, BeadIds, read_alignment_file, score_alignments  # noqa: E402

SUB = Path("sentence-alignment/textberg-de-fr")
TEST = [f"test{i}" for i in range(7)]
BERTALIGN = "system-outputs/bertalign-3c432d0"  # files 001..007 = test0..test6


@dataclass
class Doc:
    name: str
    de: list[str]
    fr: list[str]
    gold: list[BeadIds]


def load_docs(root: Path, names: list[str]) -> list[Doc]:
    folder = root / SUB / "vecalign/bleualign_data"
    if not folder.is_dir():
        raise SystemExit(f"error: {folder} not found: pass --data pointing at the shared data folder")
    out = []
    for name in names:
        de = (folder / f"{name}.de").read_text(encoding="utf-8").splitlines()
        fr = (folder / f"{name}.fr").read_text(encoding="utf-8").splitlines()
        out.append(Doc(name, de, fr, read_alignment_file(folder / f"{name}.defr")))
    return out


def bertalign_output(root: Path) -> list[list[BeadIds]]:
    return [read_alignment_file(root / SUB / BERTALIGN / f"{k + 1:03d}.align") for k in range(len(TEST))]


def make_auditor(model: str, window_vectors: str):
    from auditor.api import Auditor
    from auditor.config import Config

    return Auditor(Config(model=model, use_cache=False, window_vectors=window_vectors))


def embed_docs(aud, docs: list[Doc]) -> tuple[list[tuple[SpanVectors, SpanVectors]], AlignParams, object]:
    from auditor.segment import presegmented

    embedder, thr = aud.embedder_for("de", "fr")
    pairs = []
    for d in docs:
        segs = [presegmented("\n".join(lines), doc_id=d.name, lang=lang) for lines, lang in ((d.de, "de"), (d.fr, "fr"))]
        pairs.append((aud.span_vectors(embedder, segs[0]), aud.span_vectors(embedder, segs[1])))
    params = AlignParams.for_thresholds(match=thr.match, shift=thr.shift, unrelated=thr.unrelated)
    return pairs, params, embedder


MODES_CHOSEN: list[str] = []  # the mode auto chose for each document of the last run


def run_aligner(pairs, params: AlignParams) -> list[list[BeadIds]]:
    """Align as ``auditor align`` does with default options: ``auto`` chooses the mode per document."""
    out = []
    MODES_CHOSEN.clear()
    for s, t in pairs:
        al = align(s, t, mode="auto", params=params)
        MODES_CHOSEN.append(al.mode)
        out.append([(b.src, b.tgt) for b in al.beads])
    return out


def timed_run(
    model: str, window_vectors: str, docs: list[Doc]
) -> tuple[AlignmentScores, float, float, object, list[list[BeadIds]]]:
    from auditor.embed.registry import reset_embedders

    reset_embedders()
    t0 = time.perf_counter()
    aud = make_auditor(model, window_vectors)
    pairs, params, embedder = embed_docs(aud, docs)
    t1 = time.perf_counter()
    test = run_aligner(pairs, params)
    t2 = time.perf_counter()
    return score_alignments([d.gold for d in docs], test), t2 - t0, t2 - t1, embedder, test


def per_document(aligner: str, docs: list[Doc], test: list[list[BeadIds]]) -> list[dict]:
    """Strict and lax F1 of each document (for the notebook's per-document plot)."""
    out = []
    for d, t in zip(docs, test):
        sc = score_alignments([d.gold], [t])
        out.append({"aligner": aligner, "document": d.name, "sentences": len(d.de), "f1_strict": sc.f1_strict, "f1_lax": sc.f1_lax})
    return out


def long_pair(docs: list[Doc], target: int) -> Doc:
    """Concatenate the documents (repeating them) until the German side has ``target`` sentences."""
    de: list[str] = []
    fr: list[str] = []
    gold: list[BeadIds] = []
    for d in itertools.cycle(docs):
        if len(de) >= target:
            break
        oi, oj = len(de), len(fr)
        gold += [(tuple(i + oi for i in s), tuple(j + oj for j in t)) for s, t in d.gold]
        de += d.de
        fr += d.fr
    return Doc(f"long{len(de)}", de, fr, gold)


def long_rows(model: str, docs: list[Doc], sizes: list[int]) -> list[tuple[str, int, int, AlignmentScores, float, float]]:
    """Alignment-only time and peak memory at growing lengths (vectors embedded once, outside the timing)."""
    aud = make_auditor(model, "sum")
    rows = []
    for size in sizes:
        doc = long_pair(docs, size)
        pairs, params, _ = embed_docs(aud, [doc])
        (s, t), = pairs
        t0 = time.perf_counter()
        test = run_aligner([(s, t)], params)
        dt = time.perf_counter() - t0
        tracemalloc.start()  # a second run for memory: tracing slows numpy down, so it is not timed
        run_aligner([(s, t)], params)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append((doc.name, len(doc.de), len(doc.fr), score_alignments([doc.gold], test), dt, peak / 2**20))
    return rows


def fit(model: str, docs: list[Doc]) -> None:
    """Grid search of skip / merge / length costs on the dev document; prints the best settings."""
    aud = make_auditor(model, "embed")
    pairs, base, _ = embed_docs(aud, docs)
    results = []
    grid = itertools.product([0.6, 0.7, 0.8, 1.0], [0.2, 0.3, 0.4], [0.3, 0.5], [0.0, 0.1, 0.2])
    for skip, merge, length, anchor in grid:
        params = AlignParams(
            skip=skip,
            merge_penalty=merge,
            length_weight=length,
            anchor_weight=anchor,
            unlink_below=base.unlink_below,
            match_threshold=base.match_threshold,
        )
        sc = score_alignments([d.gold for d in docs], run_aligner(pairs, params))
        results.append((sc.f1_strict, sc.f1_lax, skip, merge, length, anchor))
    results.sort(reverse=True)
    print(f"dev ({', '.join(d.name for d in docs)}), model {model}: best strict F1 first")
    print("| strict F1 | lax F1 | skip | merge | length | anchors |")
    print("|---|---|---|---|---|---|")
    for f1s, f1l, skip, merge, length, anchor in results[:12]:
        print(f"| {f1s:.4f} | {f1l:.4f} | {skip} | {merge} | {length} | {anchor} |")
    for anchor in (0.0, 0.1, 0.2):
        best = max(r for r in results if r[5] == anchor)
        print(f"best with anchor weight {anchor}: strict F1 {best[0]:.4f}")
    d = AlignParams()
    print(f"current defaults: skip {d.skip}, merge {d.merge_penalty}, length {d.length_weight}, anchors {d.anchor_weight}")


def fmt(sc: AlignmentScores) -> str:
    return (
        f"{sc.precision_strict:.3f} | {sc.recall_strict:.3f} | {sc.f1_strict:.3f} | "
        f"{sc.precision_lax:.3f} | {sc.recall_lax:.3f} | {sc.f1_lax:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="shared data folder")
    ap.add_argument("--model", default="use-m-v3", help="embedder id (auditor models list)")
    ap.add_argument("--split", choices=["test", "dev"], default="test")
    ap.add_argument("--fit", action="store_true", help="grid-search the DP costs on the dev document and stop")
    ap.add_argument("--long", action="store_true", help="add rows for ~1,250 / 2,500 / 5,000-sentence documents")
    ap.add_argument("--modes", default="embed,sum", help="window vectors to measure: embed, sum or both")
    args = ap.parse_args(argv)

    if args.fit:
        fit(args.model, load_docs(args.data, ["dev"]))
        return 0
    docs = load_docs(args.data, TEST if args.split == "test" else ["dev"])
    n_de, n_fr = sum(len(d.de) for d in docs), sum(len(d.fr) for d in docs)
    print(f"Text+Berg de-fr {args.split}: {len(docs)} documents, {n_de} de / {n_fr} fr sentences, "
          f"{sum(len(d.gold) for d in docs)} gold beads")
    print()
    print("| aligner | embedder | P strict | R strict | F1 strict | P lax | R lax | F1 lax | total s | align s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows, per_doc = [], []
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        sc, total, only, emb, test = timed_run(args.model, mode, docs)
        label = "auditor" if mode == "embed" else "auditor, summed windows"
        modes = ", ".join(f"{m} {MODES_CHOSEN.count(m)}" for m in sorted(set(MODES_CHOSEN)))
        print(f"| {label} (auto: {modes}) | {args.model} | {fmt(sc)} | {total:.2f} | {only:.2f} |")
        rows.append({"aligner": label, "embedder": args.model, **sc.as_dict(), "total_s": total, "align_s": only,
                     "modes": list(MODES_CHOSEN)})
        per_doc += per_document(label, docs, test)
    if args.split == "test":
        stored = bertalign_output(args.data)
        sc = score_alignments([d.gold for d in docs], stored)
        print(f"| Bertalign (stored output, re-scored) | LaBSE | {fmt(sc)} | n/a | n/a |")
        rows.append({"aligner": "Bertalign (stored output)", "embedder": "LaBSE", **sc.as_dict()})
        per_doc += per_document("Bertalign (stored output)", docs, stored)
    if args.long:
        print()
        print("Long documents (the test documents concatenated and repeated; summed windows; alignment only):")
        print()
        print("| document | de | fr | F1 strict | align s | s per 1k sentences | ratio to first | peak MiB |")
        print("|---|---|---|---|---|---|---|---|")
        rows = long_rows(args.model, docs, [1250, 2500, 5000])
        base = rows[0][4] / rows[0][1]
        for name, nd, nf, sc, dt, mem in rows:
            per = dt / nd
            print(f"| {name} | {nd} | {nf} | {sc.f1_strict:.3f} | {dt:.2f} | {1000 * per:.2f} | {per / base:.2f} | {mem:.0f} |")
    if args.split == "test" and args.modes == "embed,sum":  # the README's run: leave its numbers for the notebook
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _results import save

        save("textberg", {"data": "Text+Berg de-fr test (7 documents)", "command": "python eval/align_textberg.py",
                          "rows": rows, "per_document": per_doc})  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
