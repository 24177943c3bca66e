"""Write ``eval/notebooks/results.ipynb`` from the cells below, with outputs cleared.

    .venv/bin/python eval/notebooks/make_results_notebook.py          # (re)write the notebook
    .venv/bin/python eval/notebooks/make_results_notebook.py --check  # exit 1 if the notebook is stale

The notebook is generated so that a review reads this file, not JSON. It plots what the eval scripts
last measured (``eval/results/NAME.json``, written by ``eval/_results.py``); it computes nothing heavy.
Every code cell that reads a results file carries a ``tags`` entry naming that file (``textberg``,
``demetr``, ``mqm``, ``attribution``, ``ced``, ``tables``) so ``tests/test_notebook.py`` can check each
section's outputs; the library demo cell is tagged ``api``. Cell ids are fixed, so regenerating an
unchanged notebook gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "results.ipynb"

# (kind, tag or None, source); kind is "md" or "code"
CELLS: list[tuple[str, str | None, str]] = [
    ("md", None, """\
# auditor: measured results

This notebook plots what the evaluation scripts under `eval/` measured the last time they were run.
Each script prints one markdown table and saves its numbers to `eval/results/NAME.json`
(`eval/_results.py`); the cells below only read those files, so running the notebook takes seconds
and needs no model. To refresh a section, re-run its script (the command is printed with each
section) and re-run the notebook. A section whose file is missing says **not measured yet** and
names the command; a file with an unexpected shape stops the notebook with a `ResultsShapeError`
(re-run the script that wrote it).

Development and test splits are as each script documents; nothing here is tuned."""),
    ("code", "setup", """\
import json
import os
from io import BytesIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: figures are rendered to PNG and displayed explicitly
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, Markdown, display

pd.set_option("display.max_colwidth", 80)


class ResultsShapeError(ValueError):
    \"\"\"A results file exists but is not shaped as this notebook expects.\"\"\"


def find_results() -> Path:
    \"\"\"eval/results, found from the notebook's folder (Jupyter runs a notebook in its own folder).\"\"\"
    if os.environ.get("AUDITOR_RESULTS_DIR"):
        return Path(os.environ["AUDITOR_RESULTS_DIR"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_results.py").is_file():
            return folder / "results"
        if (folder / "eval" / "_results.py").is_file():
            return folder / "eval" / "results"
    raise FileNotFoundError(f"no eval/_results.py above {here}: open the notebook from eval/notebooks")


RESULTS = find_results()


def load(name: str, script: str) -> dict | None:
    \"\"\"The saved numbers of one eval script, or None (with a note) when it has not been run.\"\"\"
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        display(Markdown(f"**not measured yet:** run `python eval/{script}` (it writes `eval/results/{name}.json`)"))
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ResultsShapeError(f"{path.name}: expected a JSON object, got {type(data).__name__}; re-run eval/{script}")
    display(Markdown(f"`{data.get('command', 'python eval/' + script)}` on `{data.get('data', '?')}`"))
    return data


def need(obj: dict, keys, where: str) -> None:
    missing = [k for k in keys if not isinstance(obj, dict) or k not in obj]
    if missing:
        raise ResultsShapeError(f"{where}: missing {missing}; re-run the eval script that wrote it")


def rows_of(data: dict, keys, where: str, field: str = "rows") -> pd.DataFrame:
    \"\"\"data[field] as a DataFrame, after checking it is a non-empty list of rows with ``keys``.\"\"\"
    rows = data.get(field)
    if not isinstance(rows, list) or not rows:
        raise ResultsShapeError(f"{where}: '{field}' should be a non-empty list of rows; re-run the eval script")
    for i, row in enumerate(rows):
        need(row, keys, f"{where} {field}[{i}]")
    return pd.DataFrame(rows)


def show(fig) -> None:
    \"\"\"Display a figure as PNG whatever the backend, then free it.\"\"\"
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"))


print("results folder:", RESULTS)
print("files:", ", ".join(sorted(p.name for p in RESULTS.glob("*.json"))) or "none")"""),
    ("md", None, """\
## (a) Sentence alignment: Text+Berg German–French

**What**: strict and lax F1 of the beads (Sennrich & Volk 2010 definitions, `auditor/evaluate.py`) on the
seven Text+Berg de–fr test documents, per document, for auditor and for Bertalign's *stored* output
re-scored by the same code in the same run. **Command**: `python eval/align_textberg.py`.
**Data**: `shared/data/sentence-alignment/textberg-de-fr` (its PROVENANCE.md). **Anchor**: Bertalign with
LaBSE re-scores to strict F1 0.939 (its published figure); published Vecalign 0.902 and Bertalign-Fast 0.910
(as quoted in the project README); the issue's target is strict F1 ≥ 0.94 (dashed line)."""),
    ("code", "textberg", """\
tb = load("textberg", "align_textberg.py")
if tb is not None:
    summary = rows_of(tb, ["aligner", "f1_strict", "f1_lax"], "textberg.json")
    per_doc = rows_of(tb, ["aligner", "document", "f1_strict", "f1_lax"], "textberg.json", field="per_document")
    display(summary.drop(columns=[c for c in summary.columns if c.startswith(("precision", "recall"))]))
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), sharey=True)
    for ax, col in zip(axes, ["f1_strict", "f1_lax"]):
        table = per_doc.pivot_table(index="document", columns="aligner", values=col, sort=True)
        table.plot.bar(ax=ax, width=0.8)
        ax.set_ylim(max(0.0, float(per_doc[["f1_strict", "f1_lax"]].min().min()) - 0.05), 1.0)  # shared by both panels
        ax.axhline(0.94, color="black", linestyle="--", linewidth=1, label="target 0.94 (strict)")
        ax.set_title(col.replace("_", " ") + " per test document")
        ax.set_xlabel("")
        handles, labels = ax.get_legend_handles_labels()
        ax.get_legend().remove()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), bbox_to_anchor=(0.5, -0.1), fontsize=9)
    show(fig)"""),
    ("md", None, """\
## (b) Meaning shifts: DEMETR detection rate by perturbation

**What**: for each controlled edit, the share of perturbed translations with a finding of the expected type
(any severity, and critical/major only), against the share of the same items' *unperturbed* translations with
a critical or major finding (false alarms); reference-free (source sentence vs English translation).
**Command**: `python eval/shifts_demetr.py`. **Data**: DEMETR development half (Karpinska et al. 2022,
`shared/data/demetr`). **Anchor**: the issue's targets, ≥ 90 % caught with the right type (read on the
critical/major column) and ≤ 5 % false alarms (dotted lines); chrF *with the reference* in the table is the
same-run baseline as DEMETR scores metrics."""),
    ("code", "demetr", """\
dm = load("demetr", "shifts_demetr.py")
if dm is not None:
    cols = ["right", "right_serious", "any", "false_alarm", "chrf"]
    rates = rows_of(dm, ["perturbation", "items", *cols], "demetr.json")
    need(dm, ["macro"], "demetr.json")
    need(dm["macro"], cols, "demetr.json macro")
    macro = {"perturbation": "macro average", "items": int(rates["items"].sum()), **dm["macro"]}
    table = pd.concat([rates[["perturbation", "items", *cols]], pd.DataFrame([macro])])
    for c in cols:  # percentages, as the script prints them
        table[c] = table[c].map(lambda v: f"{v:.1%}")
    display(table.set_index("perturbation"))
    plot = rates.set_index("perturbation")[["right", "right_serious", "false_alarm"]].iloc[::-1]
    plot.columns = ["caught, right type", "right type, critical/major", "false alarm (unperturbed)"]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(plot) + 1.5))
    plot.plot.barh(ax=ax, width=0.8, color=["tab:blue", "tab:green", "tab:red"])
    ax.axvline(0.90, color="tab:green", linestyle=":", label="target: 90 % caught")
    ax.axvline(0.05, color="tab:red", linestyle=":", label="ceiling: 5 % false alarms")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of items")
    ax.set_title(f"DEMETR (up to {dm.get('limit', '?')} items a perturbation; "
                 f"macro: {dm['macro']['right_serious']:.1%} caught, {dm['macro']['false_alarm']:.1%} false alarms)")
    ax.legend(fontsize=8, loc="lower right")
    show(fig)"""),
    ("md", None, """\
## (c) Fidelity score against expert MQM (WMT21 English–German)

**What**: segment-level agreement of auditor's fidelity score with averaged expert MQM (Freitag et al. 2021)
over every rated (system, segment) pair of 8 WMT21 en–de systems: Kendall τ-b, Pearson, AUC against "has a
Major accuracy error", and system-level Pearson; sentence chrF/BLEU/TER with the reference are same-run
baselines. The scatter is the saved 2,000-point sample; τ in the title is over all pairs.
**Command**: `python eval/mqm.py`. **Data**: `shared/data/wmt21-news-systems`, `shared/data/wmt-mqm`.
**Anchors and targets**: saved with the numbers (`anchors`, `targets` below)."""),
    ("code", "mqm", """\
mq = load("mqm", "mqm.py")
if mq is not None:
    metrics = rows_of(mq, ["metric", "kendall_tau_b", "pearson", "auc_major_accuracy", "system_pearson"], "mqm.json")
    display(metrics.drop(columns=["per_system"], errors="ignore").set_index("metric"))
    display(pd.DataFrame({"anchors (published)": pd.Series(mq.get("anchors", {}), dtype=object),
                          "targets (issue)": pd.Series(mq.get("targets", {}), dtype=object)}))
    need(mq, ["scatter"], "mqm.json")
    need(mq["scatter"], ["mqm"], "mqm.json scatter")
    panels = [(key, label) for key, label in (("auditor_reference_free", "auditor, reference-free"),
                                              ("auditor_with_reference", "auditor, with reference"))
              if key in mq["scatter"]]
    if not panels:
        raise ResultsShapeError("mqm.json scatter: neither auditor_reference_free nor auditor_with_reference")
    tau = dict(zip(metrics["metric"], metrics["kendall_tau_b"]))
    human = mq["scatter"]["mqm"]
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.2), squeeze=False)
    for ax, (key, label) in zip(axes[0], panels):
        ours = mq["scatter"][key]
        if len(ours) != len(human):
            raise ResultsShapeError(f"mqm.json scatter: {key} has {len(ours)} points, mqm {len(human)}")
        ax.scatter(ours, human, s=6, alpha=0.35)
        t = tau.get(label)
        ax.set_title(f"{label}: τ-b = {t:.3f}" if t is not None else label)
        ax.set_xlabel("auditor fidelity (0–100)")
        ax.set_ylabel("MQM (0 = no error)")
    show(fig)"""),
    ("md", None, """\
## (d) Likely-source attribution and its cost

**What**: for each German document of a WMT21 en–de corpus padded with synthetic distractors, is the
top-ranked candidate its English source (top-1), and with the sources removed, does it say "no source"
(no-source accuracy); seconds for the ranking (embedding time excluded, saved as `embed_seconds`). The
baseline is an exact document-cosine over all pairs, same run. **Command**: `python eval/attribution.py
--sizes 1000,10000` (the saved run's own command is printed). **Data**: `shared/data/wmt21-news-systems`,
`shared/data/wmt-mqm`. The plot shows how time grows with the corpus for each method."""),
    ("code", "attribution", """\
at = load("attribution", "attribution.py")
if at is not None:
    att = rows_of(at, ["method", "documents", "top1", "top1_accepted", "no_source_acc", "seconds"], "attribution.json")
    display(att.set_index(["method", "documents"]))
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for method, part in att.sort_values("documents").groupby("method", sort=True):
        ax.plot(part["documents"], part["seconds"], marker="o", label=method)
    if att["documents"].nunique() > 1:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("documents in the corpus")
    ax.set_ylabel("seconds (ranking only)")
    ax.set_title("attribution time vs corpus size")
    ax.legend()
    show(fig)"""),
    ("md", None, """\
## (e) Critical error detection: WMT22 CED development sets

**What**: Matthews correlation (MCC) of auditor's BAD/OK decision with the gold labels on the eval half of each
development set, beside a same-run cosine-threshold baseline. **Command**: `python eval/ced.py`.
**Data**: `shared/data/wmt-qe-2022` (Zerva et al. 2022). **Anchor**: the best constrained WMT22 leaderboard
MCC (en–de 0.564, pt–en 0.721) — a *test-set* figure from systems trained for the task, drawn as a dashed line;
not a like-for-like comparison."""),
    ("code", "ced", """\
ce = load("ced", "ced.py")
if ce is not None:
    ced = rows_of(ce, ["pair", "system", "mcc"], "ced.json")
    display(ced.set_index(["pair", "system"]))
    board = ced["system"].str.contains("WMT22")
    pairs = sorted(ced["pair"].unique())
    lowest = float(ced.loc[~board, "mcc"].astype(float).min())
    fig, axes = plt.subplots(len(pairs), 1, figsize=(8, 2.6 * len(pairs)), squeeze=False, sharex=True)
    for ax, pair in zip(axes[:, 0], pairs):
        ours = ced[(ced["pair"] == pair) & ~board].iloc[::-1]
        bars = ax.barh(ours["system"], ours["mcc"].astype(float), color="tab:blue")
        ax.bar_label(bars, fmt="%.3f", fontsize=8, padding=2)
        for mcc in ced[(ced["pair"] == pair) & board]["mcc"]:
            ax.axvline(float(mcc), color="black", linestyle="--", label=f"WMT22 best (test): {float(mcc):.3f}")
        ax.set_xlim(lowest - 0.12 if lowest < 0 else 0.0, 1)  # shared x: room for a negative MCC's label
        ax.set_title(pair)
        ax.legend(fontsize=8, loc="lower right")
    axes[-1, 0].set_xlabel("MCC (eval half of the development set)")
    show(fig)"""),
    ("md", None, """\
## (f) Other saved tables

Score calibration on WMT20 MQM (`python eval/calibrate_score.py`; development data: Kendall τ-b and
Pearson before and after the fit, on held-out WMT20 documents) and REFreSD three-way classification
(`python eval/refresd.py`; Briakou & Carpuat 2020, eval half). Tables only."""),
    ("code", "tables", """\
cs = load("calibrate_score", "calibrate_score.py")
if cs is not None:
    display(rows_of(cs, ["score", "kendall_tau_b", "pearson"], "calibrate_score.json").set_index("score"))
rf = load("refresd", "refresd.py")
if rf is not None:
    display(rows_of(rf, ["system", "accuracy", "macro F1"], "refresd.json").set_index("system"))"""),
    ("md", None, """\
## The library from a notebook

`auditor.api.Auditor` holds the configuration and the embedders; `audit(source, target)` returns a `Report`;
`auditor.report.to_frame(report, "findings" | "beads" | "score")` gives pandas DataFrames. This cell uses the deterministic
**fake** embedder (`auditor/embed/fake.py`: hashed words and character trigrams, English only, no model
files), with the thresholds the tests use, so it runs offline in a second. For real work leave `embedder`
unset: a shipped model is then chosen per language pair."""),
    ("code", "api", """\
from auditor.api import Auditor
from auditor.embed.fake import FakeEmbedder
from auditor.report import to_frame
from auditor.types import Thresholds

auditor = Auditor(embedder=FakeEmbedder(dim=256), thresholds=Thresholds(match=0.45, shift=0.55, unrelated=0.2))
source = \"\"\"The council approved a budget of 12 million euros on Tuesday.
"We will not raise taxes," said the mayor, Anna Berg.
Work on the new bridge starts in May.
Residents can comment until 30 April.\"\"\"
target = \"\"\"The council approved a budget of 21 million euros on Tuesday.
"We will raise taxes," said the mayor.
Residents can comment until 30 April.\"\"\"
report = auditor.audit(source, target, source_lang="en", target_lang="en")
print(f"fidelity {report.score.fidelity:.1f}  ({report.signature})")
display(to_frame(report, "findings")[["type", "severity", "message", "source_text", "target_text", "confidence"]])
display(to_frame(report, "beads"))"""),
]


def build():
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = []
    for i, (kind, tag, source) in enumerate(CELLS):
        meta = {"tags": [tag]} if tag else {}
        make = new_code_cell if kind == "code" else new_markdown_cell
        cells.append(make(source=source, metadata=meta, id=f"cell-{i:02d}"))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(nb)
    return nb


def render() -> str:
    import nbformat

    return nbformat.writes(build()) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if results.ipynb differs from what this script writes")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = NOTEBOOK.read_text(encoding="utf-8") if NOTEBOOK.is_file() else ""
        if current != text:
            print(f"{NOTEBOOK} is stale: run python eval/notebooks/make_results_notebook.py", file=sys.stderr)
            return 1
        return 0
    NOTEBOOK.write_text(text, encoding="utf-8")
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
