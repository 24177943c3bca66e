"""The command line, in process, with the deterministic fake embedder (no model loads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import api, cli

from cli_fakes import FAKE_THR, ROOT, S000, S001, S002, SAMPLES, fake_models, run  # noqa: F401 (fake_models: an autouse fixture)


def test_audit_text_report(capsys):
    code, out, err = run(capsys, "audit", S001, S000)
    assert code == 0, err
    assert "Fidelity" in out and "Signature: auditor:" in out and "Findings:" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\033[" not in out  # not a TTY: no colour


def test_audit_json_report_has_schema_beads_and_located_findings(capsys):
    code, out, _ = run(capsys, "audit", S001, S000, "--format", "json")
    assert code == 0
    rep = json.loads(out)
    assert rep["schema_version"] and rep["signature"].startswith("auditor:")
    assert rep["alignment"]["beads"] and rep["score"]["fidelity"] >= 0
    for f in rep["findings"]:
        assert f["type"] and f["severity"] in ("critical", "major", "minor")
        span = f["target_span"] or f["source_span"]
        assert span["line"] >= 1 and span["col"] >= 1


def test_audit_is_deterministic(capsys):
    _, a, _ = run(capsys, "audit", S001, S000, "--format", "json")
    _, b, _ = run(capsys, "audit", S001, S000, "--format", "json")
    assert a == b


def test_several_targets_give_a_list_of_reports(capsys):
    code, out, _ = run(capsys, "audit", S001, S000, S002, "--format", "json")
    assert code == 0
    assert [r["target"]["id"] for r in json.loads(out)["reports"]] == [Path(S000).stem, Path(S002).stem]


def test_single_document_is_lint_mode(capsys):
    code, out, _ = run(capsys, "audit", S002, "--format", "json")
    assert code == 0
    rep = json.loads(out)
    assert rep["mode"] == "lint" and rep["source"] is None and rep["score"] is None


def test_output_file_is_written_atomically_and_never_over_an_input(capsys, tmp_path):
    out = tmp_path / "r.json"
    code, _, _ = run(capsys, "audit", S001, S000, "--format", "json", "-o", str(out))
    assert code == 0 and json.loads(out.read_text())["target"]["id"] == Path(S000).stem
    src_copy = tmp_path / "src.txt"
    src_copy.write_text(Path(S001).read_text())
    before = src_copy.read_bytes()
    code, _, err = run(capsys, "audit", str(src_copy), S000, "-o", str(src_copy))
    assert code == 2 and "input" in err and src_copy.read_bytes() == before


def test_align_prints_gold_format_beads(capsys):
    code, out, err = run(capsys, "align", S001, S000)
    assert code == 0
    lines = out.splitlines()
    assert lines and all(ln.startswith("[") and "]:[" in ln for ln in lines)
    assert "alignment:" in err


def test_align_presegmented(capsys, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The cat sat on the mat.\nIt was a sunny day in the town.\nEveryone went to the market.\n")
    b.write_text("The cat sat on the mat!\nEveryone went to the market.\n")
    code, out, _ = run(capsys, "align", str(a), str(b), "--presegmented", "--mode", "monotonic")
    assert code == 0
    assert out.splitlines() == ["[0]:[0]", "[1]:[]", "[2]:[1]"]


def test_score_jsonl_and_summary(capsys, tmp_path):
    s = tmp_path / "s.txt"
    t = tmp_path / "t.txt"
    s.write_text("The committee approved the budget.\nThe minister resigned on Tuesday.\n")
    t.write_text("The committee approved the budget.\nBananas are rich in potassium and fibre.\n")
    code, out, err = run(capsys, "score", "--source", str(s), "--target", str(t), "--source-lang", "en", "--target-lang", "en")
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2]
    assert rows[0]["fidelity"] > rows[1]["fidelity"]
    assert rows[1]["findings"] and "mean fidelity" in err and "signature:" in err


def test_score_line_count_mismatch_is_bad_input(capsys, tmp_path):
    s = tmp_path / "s.txt"
    t = tmp_path / "t.txt"
    s.write_text("one\ntwo\n")
    t.write_text("one\n")
    code, _, err = run(capsys, "score", "--source", str(s), "--target", str(t))
    assert code == 4 and "line counts differ" in err


@pytest.mark.parametrize(
    "argv,code,needle",
    [
        (["audit", "/nonexistent/a.txt", "/nonexistent/b.txt"], 4, "not found"),
        (["audit"], 2, "arguments"),
        (["frobnicate"], 2, "invalid choice"),
        (["audit", S001, S001], 4, "same file"),
    ],
)
def test_errors_have_codes_and_no_traceback(capsys, argv, code, needle):
    got, out, err = run(capsys, *argv)
    assert got == code
    assert needle in err.lower() or needle in err
    assert "Traceback" not in err and "fix:" in err


def test_identical_content_is_refused_unless_allowed(capsys, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(Path(S001).read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "audit", S001, str(copy))
    assert code == 4 and "identical" in err and "--allow-identical" in err
    code, out, _ = run(capsys, "audit", S001, str(copy), "--allow-identical", "--format", "json")
    assert code == 0 and json.loads(out)["score"]["fidelity"] == pytest.approx(100.0)


def test_no_command_prints_help_and_exits_2(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "audit" in out


def test_internal_errors_are_one_line(capsys, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(api.Auditor, "audit", boom)
    monkeypatch.delenv("AUDITOR_DEBUG", raising=False)
    code, _, err = run(capsys, "audit", S001, S000)
    assert code == 70 and "kaboom" in err and "Traceback" not in err


def test_output_to_a_device_writes_through_and_leaves_it_a_device(capsys):
    import os
    import stat

    code, _, _ = run(capsys, "audit", S001, S000, "--format", "json", "-o", os.devnull)
    assert code == 0 and stat.S_ISCHR(os.stat(os.devnull).st_mode)



def test_every_subcommand_is_a_module_of_auditor_commands():
    """Issue 13: each subcommand is one module (options, an API call, a renderer); the CLI builds
    its parser from them in order, and no command module imports auditor.cli."""
    import ast
    import argparse

    names = [m.NAME for m in cli.COMMAND_MODULES]
    assert names == ["audit", "score", "align", "models", "corpus", "check", "serve"] and list(cli.COMMANDS) == names
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == names
    for module in cli.COMMAND_MODULES:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {"auditor.cli", "cli"} & imported and not any(x.endswith(".cli") for x in imported), module.__name__


def test_align_documents_returns_a_typed_value():
    import dataclasses

    aligned = api.Auditor().align_documents(S001, S000)
    assert isinstance(aligned, api.AlignedDocuments)
    assert aligned.source.path.endswith(Path(S001).name) and aligned.target.path.endswith(Path(S000).name)
    assert aligned.alignment.beads and len(aligned.source_segments.segments) >= 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        aligned.alignment = None  # type: ignore[misc]
