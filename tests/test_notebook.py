"""The evaluation notebook (eval/notebooks/results.ipynb) runs headlessly and draws what eval/results holds.

Each test executes an in-memory copy with nbclient in eval/notebooks (as Jupyter would) and never
saves it. Sections are found by the ``tags`` the generator gives their code cells.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.notebook  # a Jupyter kernel per test: not in the default tier

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "eval" / "notebooks"
NOTEBOOK = NB_DIR / "results.ipynb"
RESULTS = ROOT / "eval" / "results"
PLOTTED = ("textberg", "demetr", "mqm", "attribution", "ced")  # sections that draw a figure when their file exists
SCRIPTS = {"textberg": "align_textberg.py", "demetr": "shifts_demetr.py", "mqm": "mqm.py",
           "attribution": "attribution.py", "ced": "ced.py"}  # fmt: skip


def execute(results_dir: Path | None, monkeypatch) -> nbformat.NotebookNode:
    """Run the notebook (an in-memory copy) in its own folder; ``results_dir`` overrides eval/results."""
    if results_dir is None:
        monkeypatch.delenv("AUDITOR_RESULTS_DIR", raising=False)
    else:
        monkeypatch.setenv("AUDITOR_RESULTS_DIR", str(results_dir))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    resources = {"metadata": {"path": str(NB_DIR)}}  # the working directory, as Jupyter uses the notebook's folder
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources=resources)
    client.execute()
    return nb


def outputs(nb, tag: str) -> list:
    cells = [c for c in nb.cells if c.cell_type == "code" and tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"exactly one code cell should be tagged {tag!r}"
    return cells[0].outputs


def pngs(outs) -> int:
    return sum("image/png" in o.get("data", {}) for o in outs)


def text(outs) -> str:
    parts = []
    for o in outs:
        if o.output_type == "stream":
            parts.append(o.text)
        for kind in ("text/markdown", "text/plain", "text/html"):
            if kind in o.get("data", {}):
                parts.append(o.data[kind])
    return "\n".join(parts)


def errors(nb) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def snapshot(folder: Path) -> dict:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in files}


def demetr_payload() -> dict:
    """Shaped as eval/shifts_demetr.py saves it (synthetic numbers: this checks drawing, not results)."""
    cols = ("right", "right_serious", "any", "false_alarm", "chrf")
    rows = [{"perturbation": name, "items": 10, **{c: 0.1 * (i + 1) for c in cols}, "by_lang": {}}
            for i, name in enumerate(("negation", "number replaced"))]  # fmt: skip
    return {"rows": rows, "macro": {c: 0.15 for c in cols}, "limit": 10, "langs": ["de"], "data": "synthetic",
            "command": "python eval/shifts_demetr.py --limit 10"}


def ced_payload() -> dict:
    """Shaped as eval/ced.py saves it (synthetic numbers)."""
    rows = []
    for pair, board in (("en-de", 0.564), ("pt-en", 0.721)):
        for system, mcc in (("auditor (critical; chosen on fit half)", 0.2), ("baseline: cosine < 0.300 (m)", 0.1)):
            rows.append({"pair": pair, "system": system, "items": 50, "bad_share": 0.06, "mcc": mcc,
                         "precision_bad": 0.2, "recall_bad": 0.3, "flagged": 0.1})  # fmt: skip
        rows.append({"pair": pair, "system": "WMT22 best constrained (test set, trained)", "items": None,
                     "bad_share": None, "mcc": board, "precision_bad": None, "recall_bad": None, "flagged": None})
    return {"rows": rows, "data": "synthetic", "command": "python eval/ced.py --limit 100", "seed": 1, "limit": 100}


def test_notebook_is_generated_with_outputs_cleared(monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)  # no __pycache__ in eval/notebooks
    spec = importlib.util.spec_from_file_location("make_results_notebook", NB_DIR / "make_results_notebook.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert NOTEBOOK.read_text(encoding="utf-8") == gen.render(), "run python eval/notebooks/make_results_notebook.py"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_notebook_runs_on_saved_results_without_writing_into_the_repository(monkeypatch):
    present = {name for name in PLOTTED if (RESULTS / f"{name}.json").is_file()}
    before = snapshot(NB_DIR)
    nb = execute(None, monkeypatch)
    assert snapshot(NB_DIR) == before, "executing the notebook must not write into eval/notebooks"
    assert not errors(nb)
    assert str(RESULTS) in text(outputs(nb, "setup"))  # found eval/results relative to its own folder
    for name in PLOTTED:
        outs = outputs(nb, name)
        if name in present:
            assert pngs(outs) >= 1, f"{name}.json exists but its section drew no figure"
            assert "not measured yet" not in text(outs)
        else:
            assert "not measured yet" in text(outs) and f"python eval/{SCRIPTS[name]}" in text(outs)
    assert sum(pngs(c.outputs) for c in nb.cells if c.cell_type == "code") >= len(present)
    if "mqm" in present:  # the metric table is a DataFrame, the scatter titles carry tau
        assert "text/html" in "".join(k for o in outputs(nb, "mqm") for k in o.get("data", {}))
    if "textberg" in present:
        assert "Bertalign" in text(outputs(nb, "textberg"))


def test_missing_results_say_not_measured_yet_and_the_api_demo_still_runs(monkeypatch, tmp_path):
    nb = execute(tmp_path, monkeypatch)
    assert not errors(nb)
    for name, script in SCRIPTS.items():
        outs = outputs(nb, name)
        assert pngs(outs) == 0
        assert f"not measured yet:** run `python eval/{script}`" in text(outs)
    assert "python eval/refresd.py" in text(outputs(nb, "tables"))
    # the library demo needs no results: report.to_frame("findings") and report.to_frame("beads")
    outs = outputs(nb, "api")
    frames = [o for o in outs if "text/html" in o.get("data", {})]
    assert len(frames) == 2
    assert "fidelity" in text(outs) and "model:fake@" in text(outs)
    assert "number_changed" in frames[0].data["text/plain"] and "omission" in frames[0].data["text/plain"]
    assert "similarity" in frames[1].data["text/plain"] and "1-0" in frames[1].data["text/plain"]


def test_demetr_and_ced_sections_draw_from_files_shaped_as_their_scripts_save(monkeypatch, tmp_path):
    (tmp_path / "demetr.json").write_text(json.dumps(demetr_payload()), encoding="utf-8")
    (tmp_path / "ced.json").write_text(json.dumps(ced_payload()), encoding="utf-8")
    nb = execute(tmp_path, monkeypatch)
    assert not errors(nb)
    assert pngs(outputs(nb, "demetr")) == 1 and pngs(outputs(nb, "ced")) == 1
    assert "15.0%" in text(outputs(nb, "demetr"))  # the macro row, formatted as the script prints it
    assert "WMT22 best constrained" in text(outputs(nb, "ced"))
    assert "not measured yet" in text(outputs(nb, "mqm"))


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("mqm", {"rows": [{"metric": "auditor, reference-free", "pearson": 0.1}], "scatter": {"mqm": []}}),
        ("textberg", {"rows": [{"aligner": "auditor", "f1_strict": 0.9, "f1_lax": 0.95}]}),  # no per_document
        ("demetr", {"rows": "not a list", "macro": {}}),
    ],
)
def test_a_results_file_of_unexpected_shape_fails_the_notebook(monkeypatch, tmp_path, name, payload):
    (tmp_path / f"{name}.json").write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(nbclient.exceptions.CellExecutionError) as err:
        execute(tmp_path, monkeypatch)
    assert "ResultsShapeError" in str(err.value) and f"{name}.json" in str(err.value)
