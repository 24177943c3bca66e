"""Write eval/README.md: every results table, generated from eval/results/*.json.

    .venv/bin/python eval/tables.py           # rewrite eval/README.md
    .venv/bin/python eval/tables.py --check   # exit 1 if eval/README.md is stale

The prose lives in ``eval/README.template.md``. Two kinds of placeholder are filled in:

* a line ``{{table NAME}}``: the tables of one result file, each followed by the command that
  produced it and the data it read (both as recorded in the JSON); NAME is a key of :data:`TABLES`;
* inline ``{{ FILE:PATH | FORMAT }}``: one value, e.g. ``{{ ced:rows[pair=en-de].mcc | f3 }}``.
  PATH is dot-separated keys; ``key[3]`` takes an item of a list, ``key[field=value]`` the first
  row whose ``field`` is ``value``. FORMAT is one of :data:`FORMATS`.

Figures are displayed rounded (as the formats say) but never altered: the JSON files are the
record, this script only lays them out. When an eval script is rerun, its JSON changes and
``tests/test_docs.py::test_eval_readme_is_current`` asks for this script to be run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable

EVAL = Path(__file__).resolve().parent
RESULTS = EVAL / "results"
TEMPLATE = EVAL / "README.template.md"
OUT = EVAL / "README.md"
COMMAND = ".venv/bin/python eval/tables.py"


# --------------------------------------------------------------------------- formatting


def _num(x: Any, digits: int) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def _pct(x: Any, digits: int = 1) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def _int(x: Any) -> str:
    return "–" if x is None else f"{int(x):,}"


FORMATS: dict[str, Callable[[Any], str]] = {
    "f1": lambda x: _num(x, 1),
    "f2": lambda x: _num(x, 2),
    "f3": lambda x: _num(x, 3),
    "pct": lambda x: _pct(x, 1),
    "pct0": lambda x: _pct(x, 0),
    "int": _int,
    "raw": lambda x: "–" if x is None else str(x),
}


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; ``align`` gives one letter per column (l or r), default left."""
    marks = ["---:" if (align[i:i + 1] == "r") else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _shared(path: str) -> str:
    """Data paths as a developer's checkout sees them (the JSON records the measuring machine's)."""
    return re.sub(r"^/work/shared/", "../shared/", path or "")


def reproduce(d: dict[str, Any], data: str | None = None) -> str:
    cmd = d.get("command", "").strip()
    where = data if data is not None else _shared(d.get("data", ""))
    return f"Reproduce: `{cmd}` · data: `{where}` · numbers: `eval/results/{d['_name']}.json`."


def load(name: str) -> dict[str, Any]:
    d = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    d["_name"] = name
    return d


# --------------------------------------------------------------------------- tables, one function per result file

DEMETR_NAMES = {
    "critical_id9_ne_replaced": "named entity replaced",
    "critical_id25_ne_removed": "named entity removed",
    "critical_id10_numbers_replaced": "number replaced",
    "critical_id8_negation": "negation",
    "critical_id7_antonym": "antonym",
    "critical_id6_addition": "addition",
    "critical_id11_gender": "gender",
    "critical_id22_verb_removed": "verb removed",
    "critical_id23_noun_removed": "noun removed",
    "major_id17_tense": "tense",
}


def t_textberg() -> str:
    d = load("textberg")
    f3, f2 = FORMATS["f3"], FORMATS["f2"]
    rows = [
        [r["aligner"], r["embedder"], f3(r["precision_strict"]), f3(r["recall_strict"]), f"**{f3(r['f1_strict'])}**",
         f3(r["precision_lax"]), f3(r["recall_lax"]), f3(r["f1_lax"]), _int(r["test_beads"]), _int(r["gold_beads"]),
         f2(r.get("total_s")), f2(r.get("align_s"))]
        for r in d["rows"]
    ]  # fmt: skip
    main = table(
        ["aligner", "embedder", "P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax", "beads", "gold beads",
         "total s", "align s"],
        rows, "llrrrrrrrrrr",
    )  # fmt: skip
    docs: dict[str, dict[str, Any]] = {}
    aligners: list[str] = []
    for r in d["per_document"]:
        docs.setdefault(r["document"], {"sentences": r["sentences"]})[r["aligner"]] = r["f1_strict"]
        if r["aligner"] not in aligners:
            aligners.append(r["aligner"])
    per_doc = table(
        ["document", "sentences"] + [f"F1 strict: {a}" for a in aligners],
        [[k, _int(v["sentences"])] + [f3(v.get(a)) for a in aligners] for k, v in docs.items()],
        "l" + "r" * (1 + len(aligners)),
    )
    return f"{main}\n\nPer document:\n\n{per_doc}\n\n{reproduce(d, data=d.get('data'))}"


def t_false_alarms() -> str:
    d = load("false_alarms")
    names = {
        "wmt21-ref-A": "WMT21 reference A", "wmt21-ref-C": "WMT21 reference C", "wmt21-ref-D": "WMT21 reference D",
        "mqm-clean-wmt20": "MQM error-free MT, WMT20", "mqm-clean-wmt21": "MQM error-free MT, WMT21", "demetr": "DEMETR unperturbed",
    }  # fmt: skip
    seg_rows = []
    for s in d["segments"]:
        left = sorted(s["by_detector"].items(), key=lambda kv: (-kv[1], kv[0]))
        seg_rows.append([
            names.get(s["set"], s["set"]), s["pair"], _int(s["segments"]), f"**{_pct(s['flagged'])}**",
            ", ".join(f"{k.split(':', 1)[1]} {_pct(v)}" for k, v in left) or "nothing",
        ])  # fmt: skip
    segs = table(["faithful set", "pair", "segments", "critical/major (target ≤ 3%)", "by finding type"], seg_rows, "llrrl")
    doc_names = {"textberg": "Text+Berg dev + 7 test", "wmt21-docs": "newstest2021 documents, reference A"}
    doc_rows = [
        [doc_names.get(x["set"], x["set"]), x["pair"], _int(x["documents"]), _int(x["words"]),
         f"**{FORMATS['f2'](x['critical_per_1k_words'])}**", FORMATS["f2"](x["major_per_1k_words"]),
         ", ".join(f"{m} {n}" for m, n in sorted(x["modes"].items())), FORMATS["f1"](x["median_fidelity"])]
        for x in d["documents"]
    ]  # fmt: skip
    docs = table(
        ["faithful documents (default options)", "pair", "documents", "words", "critical per 1,000 words (target ≤ 0.5)",
         "major per 1,000 words", "mode chosen", "median fidelity"],
        doc_rows, "llrrrrlr",
    )  # fmt: skip
    catch_rows = []
    for c in d["catch"]:
        label = DEMETR_NAMES.get(c["key"], c["measure"])
        if c["key"] in DEMETR_NAMES:
            label = f"DEMETR {label} (right type, critical/major)"
            fmt = FORMATS["pct"]
        else:
            label = c["measure"]
            fmt = FORMATS["f3"]
        catch_rows.append([label, _int(c["items"]), fmt(c["before"]), f"**{fmt(c['value'])}**"])
    catch = table(["catch rate that must not fall", "items", "before", "now"], catch_rows, "lrrr")
    return f"{segs}\n\n{docs}\n\n{catch}\n\n{reproduce(d)}"


def t_demetr() -> str:
    d = load("demetr")
    pct = FORMATS["pct"]
    rows = [
        [DEMETR_NAMES.get(r["perturbation"], r["perturbation"]), _int(r["items"]), pct(r["right"]), pct(r["right_serious"]),
         pct(r["any"]), pct(r["false_alarm"]), pct(r["chrf"])]
        for r in d["rows"]
    ]  # fmt: skip
    m = d["macro"]
    total = sum(r["items"] for r in d["rows"])
    rows.append(["**macro average**", _int(total), pct(m["right"]), pct(m["right_serious"]), pct(m["any"]),
                 pct(m["false_alarm"]), pct(m["chrf"])])  # fmt: skip
    main = table(
        ["perturbation", "items", "caught, right type", "right type, critical/major", "any critical/major",
         "false alarms (unperturbed)", "chrF with reference: caught"],
        rows, "lrrrrrr",
    )  # fmt: skip
    keep = ["critical_id9_ne_replaced", "critical_id25_ne_removed", "critical_id10_numbers_replaced", "critical_id8_negation"]
    by = {r["perturbation"]: r["by_lang"] for r in d["rows"]}
    lang_rows = []
    for lang in d["langs"]:
        cells = [lang]
        for k in keep:
            cell = by[k].get(lang)
            cells.append("–" if cell is None else f"{pct(cell['right_serious'])} ({cell['items']})")
        fa = [by[k][lang]["false_alarm"] for k in keep if lang in by[k]]
        cells.append(pct(max(fa)) if fa else "–")
        lang_rows.append(cells)
    langs = table(
        ["source language"] + [f"{DEMETR_NAMES[k]} (items)" for k in keep] + ["false alarms, worst of these sets"],
        lang_rows, "lrrrrr",
    )
    return f"{main}\n\nBy source language (right type at critical/major; target side always English):\n\n{langs}\n\n{reproduce(d)}"


def t_ced() -> str:
    d = load("ced")
    f3, pct = FORMATS["f3"], FORMATS["pct"]
    rows = [
        [r["pair"], r["system"], _int(r["items"]), pct(r["bad_share"]), f3(r["mcc"]), pct(r["precision_bad"]),
         pct(r["recall_bad"]), pct(r["flagged"])]
        for r in d["rows"]
    ]  # fmt: skip
    t = table(["pair", "system", "items", "BAD share", "MCC", "precision BAD", "recall BAD", "flagged"], rows, "llrrrrrr")
    return f"{t}\n\n{reproduce(d)} Seed {d.get('seed')}."


def t_refresd() -> str:
    d = load("refresd")
    f3 = FORMATS["f3"]
    rows = [[r["system"], f3(r["accuracy"]), f3(r["macro F1"]), f3(r["equivalent"]), f3(r["some difference"]), f3(r["unrelated"])]
            for r in d["rows"]]  # fmt: skip
    t = table(["system", "accuracy", "macro F1", "F1 equivalent", "F1 some difference", "F1 unrelated"], rows, "lrrrrr")
    counts = ", ".join(f"{k} {v}" for k, v in d["counts"].items())
    return f"{t}\n\nEvaluation half: {counts} pairs. {reproduce(d)} Model {d['model']}, seed {d.get('seed')}."


def t_calibrate_score() -> str:
    d = load("calibrate_score")
    f3 = FORMATS["f3"]
    rows = [[r["score"], f3(r["kendall_tau_b"]), f3(r["pearson"])] for r in d["rows"]]
    t = table(["score (WMT20 en-de, held-out half)", "Kendall tau-b", "Pearson"], rows, "lrr")
    w = d["weights"]["types"]
    wt = table(["finding type", "fitted weight (segment score only)"], [[k, f3(v)] for k, v in sorted(w.items())], "lr")
    h = d["head"]
    cv = table(
        ["ridge strength", "fitted to", "tau-b (5-fold CV, fit half)"],
        [[f"{c['lambda']:,.0f}", c["target"], f3(c["tau"])] for c in h["cv_fit_half"]],
        "rlr",
    )
    chosen = f"Chosen: ridge strength {h['lambda']:,.0f}, fitted to the {h['target']}; out-of-fold tau-b over all of WMT20 {f3(h['oof_tau_all'])}."
    return f"{t}\n\nQE head, choice of ridge strength:\n\n{cv}\n\n{chosen}\n\nPer-type weights:\n\n{wt}\n\n{reproduce(d, data='../shared/data/' + d['data'].split(' + ')[0] + ' (and the averaged segment scores)')}"


def t_mqm() -> str:
    d = load("mqm")
    f3 = FORMATS["f3"]
    rows = [[r["metric"], f3(r["kendall_tau_b"]), f3(r["pearson"]), f3(r["auc_major_accuracy"]), f3(r["system_pearson"])]
            for r in d["rows"]]  # fmt: skip
    t = table(["metric", "seg Kendall tau-b", "seg Pearson", "AUC major accuracy", "system Pearson"], rows, "lrrrr")
    systems = sorted(d["system_mqm"])
    short = {"auditor, reference-free": "auditor, ref-free", "auditor, with reference": "auditor, with ref"}
    heads = ["system", "MQM"] + [short.get(r["metric"], r["metric"].split(" (")[0]) for r in d["rows"]]
    srows = [[s, f3(d["system_mqm"][s])] + [f3(r["per_system"].get(s)) for r in d["rows"]] for s in systems]
    st = table(heads, srows, "l" + "r" * (len(heads) - 1))
    info = (
        f"{_int(d['pairs'])} rated (system, segment) pairs, reference {d['reference']}; AUC over "
        f"{_int(d['labelled_pairs'])} pairs joined to the span file ({_int(d['span_join']['unjoined rows'])} of "
        f"{_int(d['span_join']['rows'])} span rows unjoined). Signature of the run: `{d['signature']}`."
    )
    return f"{t}\n\nSystem level (mean per system):\n\n{st}\n\n{info}\n\n{reproduce(d, data='../shared/data: ' + d['data'])}"


def t_attribution() -> str:
    d = load("attribution")
    f3 = FORMATS["f3"]
    names = {"ours": f"auditor ({d.get('algorithm', 'siblings, usearch + MinHash short list')})",
             "previous": f"auditor before ({d['previous_label']})" if d.get("previous_label") else "auditor before sibling handling",
             "baseline": "exact cosine baseline"}  # fmt: skip
    rows = []
    for r in d["rows"]:
        accepts_nothing = r["threshold"] > 1.0
        rows.append([
            names.get(r["method"], r["method"]), _int(r["documents"]), _int(r["source_docs"]), _int(r["test_german_docs"]),
            f3(r["top1"]), f3(r["top1_accepted"]), f3(r["sibling_chosen_present"]),
            f"{f3(r['no_source_acc'])}" + (" (accepts nothing)" if accepts_nothing else ""), f"{r['threshold']:.4f}",
            FORMATS["f2"](r["seconds"]),
        ])  # fmt: skip
    t = table(
        ["method", "documents", "sources", "German test documents", "top-1", "top-1 & accepted", "sibling chosen",
         "no-source accuracy", "threshold", "seconds (embedding excluded)"],
        rows, "lrrrrrrrrr",
    )  # fmt: skip
    s = d["siblings"]
    sib = (
        f"Siblings on dev: {_int(s['dev_sibling_pairs'])} pairs of versions of one source score at least "
        f"{s['dev_sibling_mutual_min']:.3f} both ways (1st percentile {s['dev_sibling_mutual_p01']:.3f}); "
        f"{_int(s['dev_unrelated_pairs'])} pairs of versions of different sources at most {s['dev_unrelated_mutual_max']:.3f}; "
        f"sibling threshold {s['sibling_threshold']}. Model {d['model']}; embedding took {d['embed_seconds']:.2f} s."
    )
    return f"{t}\n\n{sib}\n\n{reproduce(d)}"


def t_learned() -> str:
    d = load("learned")
    word = {r["detectors"]: r for r in d["word_level"]}
    seg = {r["detectors"]: r for r in d["segment_level"]}
    rows = []
    for name in ("rules alone", "learned (any severity)", "rules + learned"):
        w = word.get(name, {})
        sg = seg.get({"learned (any severity)": "learned"}.get(name, name), {})
        rows.append([name, _num(w.get("mcc_accuracy"), 3), _num(w.get("mcc_any"), 3), _pct(sg.get("clean_flagged")),
                     _pct(sg.get("major_flagged")), _num(sg.get("kendall_tau"), 3)])
    rows.append(["target (issue 14)", "≥ 0.25", "–", "≤ 3%", "≥ 50%", "≥ 0.25"])
    t = table(["detectors", "word MCC, accuracy spans", "word MCC, any span", "error-free segments flagged",
               "major-error segments flagged", "segment tau"], rows, "lrrrrr")
    return (f"{t}\n\nHeld-out WMT21 en-de test documents ({_int(d['documents'])} documents, {_int(d['pairs'])} segment pairs: "
            f"{_int(d['segments']['clean'])} error-free, {_int(d['segments']['major'])} with a major error), head `{d['head']}`, "
            f"run once. DEMETR unperturbed items flagged by the head: {_pct(d['demetr_unperturbed_flagged'])}.\n\n"
            "Reproduce: `python eval/train_head.py` (about 54 minutes on 2 cores) then `python eval/wordlevel.py --split test` · "
            "data: `../shared/data/wmt-mqm`, `wmt-qe-2022`, `demetr`, `wmt21-news-systems`, `sentence-alignment/textberg-de-fr` · "
            "numbers: `eval/results/learned.json`.")


def t_speed() -> str:
    d = load("speed")
    rows = []
    for r in d["rows"]:
        if "floor_s" in r:
            rows.append([r["row"], _num(r["wall_s"], 2), _num(r["floor_s"], 2), r["floor"], _num(r["ratio"], 2),
                         _int(r["peak_rss_mib"]), r.get("target") or "–"])
        elif "per_sentence_ms" in r:
            rows.append([r["row"], _num(r["wall_s"], 2), "–", f"{r['per_sentence_ms']:.1f} ms per sentence", "–", "–", "–"])
        else:
            rows.append([r["row"], "–", "–", "–", _num(r["ratio"], 2), "–", r.get("target") or "–"])
    t = table(["row", "wall s", "floor s", "floor", "× floor", "peak RSS MiB", "target"], rows, "lrrlrrl")
    extra = [r for r in d["rows"] if "f1_strict" in r]
    f1 = f" Text+Berg strict F1 in that run: {extra[0]['f1_strict']:.3f}." if extra else ""
    return f"{t}\n\n{d['cpus']} CPUs, median of {d['repeat']} runs. {d['floor'][0].upper()}{d['floor'][1:]}.{f1}\n\n{reproduce(d)}"


def _pair(r: dict, kind: str) -> str:
    """A Ray worker kind's peak RSS / private memory (MB), or the largest worker's private memory
    for rows measured before the kinds were told apart."""
    rss, own, heap = (r.get(f"{kind}_worker_{m}_mb") for m in ("peak", "private_peak", "heap_peak"))
    if rss:
        return f"{_int(rss)} / {_int(own) if own else '–'}" + (f" / {_int(heap)}" if heap else "")
    return "–"


def t_scale_heldout() -> str:
    d = load("scale_heldout")
    f3 = FORMATS["f3"]
    rows = [[str(r["seed"]), _int(r["documents"]), r["executor"], f3(r["top1"]), f3(r["top1_strict"]), f3(r["no_source_acc"]),
             _int(r["derived_copies"]), _int(r["no_source_docs"])] for r in d["rows"]]  # fmt: skip
    t = table(["seed", "documents", "executor", "top-1", "top-1 strict", "no-source accuracy", "derived copies",
               "documents with no source"], rows, "rrlrrrrr")  # fmt: skip
    return f"{t}\n\nModel {d['model']}.\n\n{reproduce(d)}"


def t_scale_memory() -> str:
    return t_scale_corpus("scale_memory")


def t_scale_corpus(name: str = "scale_corpus") -> str:
    d = load(name)
    f3 = FORMATS["f3"]
    rows = []
    for r in d["rows"]:
        st = r.get("stage_seconds", {})
        per = "; ".join(f"{k} {v / r['documents'] * 1000:.1f}" for k, v in st.items())
        rows.append([
            _int(r["documents"]), r["executor"], f3(r["top1"]), f3(r.get("top1_strict", r["top1"])), f3(r["no_source_acc"]),
            _num(r["seconds_per_1k"], 1), _int(r["peak_rss_mb"]),
            _int(r["driver_peak_mb"]) if r.get("driver_peak_mb") else "–", _int(r["worker_peak_mb"]) if r.get("worker_peak_mb") else "–",
            _pair(r, "stateful"), _pair(r, "task"), "yes" if r.get("same_json") else "no", per or "–",
        ])  # fmt: skip
    t = table(
        ["documents", "executor", "top-1", "top-1 strict", "no-source accuracy", "s per 1k documents",
         "peak RSS MB (process tree)", "driver", "largest worker", "model workers: RSS / private (/ heap)",
         "task workers: RSS / private (/ heap)", "same JSON", "per stage, s per 1k documents"],
        rows, "rlrrrrrrrrrll",
    )  # fmt: skip
    info = f"Model {d['model']}; {d['cpus']} CPUs; Ray: {d['ray']}. {d['note'][0].upper()}{d['note'][1:]}."
    return f"{t}\n\n{info}\n\n{reproduce(d)}"


def t_minhash_compare() -> str:
    d = load("minhash_compare")
    rows = [[r["implementation"], _num(r["signature_s_per_1k"], 2), _num(r["candidates_s"], 2), _num(r["pairs_per_document"], 1),
             FORMATS["f3"](r["recall"]), _int(r["bytes_per_signature"])] for r in d["rows"]]  # fmt: skip
    t = table(["implementation", "signatures, s per 1k documents", "candidate pairs, s", "pairs per document",
               "recall of (copy, source) pairs", "bytes per signature"], rows, "lrrrrr")  # fmt: skip
    return f"{t}\n\n{_int(d['size'])} documents, {_int(d['derived_pairs'])} derived copies; datasketch {d['datasketch']}.\n\n{reproduce(d)}"


TABLES: dict[str, Callable[[], str]] = {
    "speed": t_speed,
    "minhash_compare": t_minhash_compare,
    "scale_corpus": t_scale_corpus,
    "scale_memory": t_scale_memory,
    "scale_heldout": t_scale_heldout,
    "learned": t_learned,
    "textberg": t_textberg,
    "false_alarms": t_false_alarms,
    "demetr": t_demetr,
    "ced": t_ced,
    "refresd": t_refresd,
    "calibrate_score": t_calibrate_score,
    "mqm": t_mqm,
    "attribution": t_attribution,
}


# --------------------------------------------------------------------------- inline values

_STEP = re.compile(r"^([^\[\]]+)(?:\[([^\]]+)\])?$")


def value(ref: str) -> Any:
    """``FILE:key.key[3].key[field=value]`` → the value in eval/results/FILE.json."""
    name, _, path = ref.partition(":")
    node: Any = load(name.strip())
    for step in path.strip().split("."):
        m = _STEP.match(step)
        if not m:
            raise ValueError(f"bad path step {step!r} in {ref!r}")
        key, sel = m.groups()
        node = node[key]
        if sel is None:
            continue
        if "=" in sel:
            field, want = sel.split("=", 1)
            hits = [row for row in node if str(row.get(field)) == want]
            if not hits:
                raise KeyError(f"no row with {field}={want!r} in {ref!r}")
            node = hits[0]
        else:
            node = node[int(sel)]
    return node


_INLINE = re.compile(r"\{\{\s*([a-z_]+:[^|}]+?)\s*\|\s*([a-z0-9]+)\s*\}\}")
_BLOCK = re.compile(r"^\{\{table ([a-z_]+)\}\}$", re.M)


def render() -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    text = _BLOCK.sub(lambda m: TABLES[m.group(1)](), text)
    text = _INLINE.sub(lambda m: FORMATS[m.group(2)](value(m.group(1))), text)
    left = re.findall(r"\{\{[^}]*\}\}", text)
    if left:
        raise ValueError(f"unfilled placeholders in {TEMPLATE.name}: {left}")
    note = (
        f"<!-- Generated by `{COMMAND}` from eval/README.template.md and eval/results/*.json: "
        "edit those, then rerun. -->\n"
    )
    return note + text.rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write eval/README.md from eval/results/*.json and the template.")
    p.add_argument("--check", action="store_true", help="exit 1 if eval/README.md differs from what would be written")
    args = p.parse_args(argv)
    text = render()
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if args.check:
        if current != text:
            print(f"eval/README.md is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUT.write_text(text, encoding="utf-8")
        print("wrote eval/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
