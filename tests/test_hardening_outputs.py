"""Issue 12 (hardening), outputs: no output replaces an input or another output; `auditor check` reads
nothing outside the project root; no text output can act on its reader (workflow commands, terminal
controls, bidi controls, spreadsheet formulas). Offline, with the deterministic fake embedder."""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest
from corpus_texts import ORIG, OTHER

from auditor import api, cli, gate
from auditor import corpus as corpus_run
from auditor.embed.fake import FakeEmbedder
from auditor.report.safe import defuse_lines, inline, json_inert, safe_text, spreadsheet_cell, visible
from auditor.types import Thresholds

FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)
SOURCE = "The council approved a budget of 45 million euros on Monday.\n\nWork on the bridge starts in March.\n"
REWRITE = "The council approved a budget of 54 million euros on Monday.\n\nWork on the bridge starts in March.\n"
SECRET = "TOP SECRET: the password is hunter2 and the budget is 99 million euros.\n"
# a line a CI runner would execute: blanks, then '::'
COMMAND_LINE = re.compile(r"^\s*::", re.MULTILINE)
BIDI = "\u202e"


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=256)
    monkeypatch.setattr(api.Auditor, "embedder_for", lambda self, s, t: (fake, FAKE_THR))
    monkeypatch.setattr(corpus_run, "corpus_model", lambda auditor, langs: None)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def no_work(monkeypatch):
    """Make any audit fail loudly: a refusal must come before the work starts."""

    def boom(*a, **k):
        raise AssertionError("work started before the outputs were checked")

    monkeypatch.setattr(gate, "run_gate", boom)
    monkeypatch.setattr(corpus_run, "run_corpus", boom)
    monkeypatch.setattr(api.Auditor, "audit_corpus", boom)
    monkeypatch.setattr(api.Auditor, "audit", boom)
    monkeypatch.setattr(api.Auditor, "lint", boom)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "000_orig.txt").write_text("\n\n".join(ORIG), encoding="utf-8")
    (d / "001_copy.txt").write_text("\n\n".join(ORIG[:4]), encoding="utf-8")
    (d / "002_other.txt").write_text("\n\n".join(OTHER[:3]), encoding="utf-8")
    return d


def project(root: Path, config: str) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "rewrites").mkdir()
    (root / "sources" / "council.md").write_text(SOURCE, encoding="utf-8")
    (root / "rewrites" / "council.en.md").write_text(REWRITE, encoding="utf-8")
    (root / "auditor.toml").write_text(config, encoding="utf-8")
    return root


PAIRS = '[[pairs]]\ntargets = "rewrites/*.md"\nsource = "sources/{stem}.md"\n'


# =========================================================================== 1. outputs never collide


def test_issue12_corpus_output_over_a_corpus_document_is_refused_before_any_work(capsys, monkeypatch, corpus):
    doc = corpus / "000_orig.txt"
    before = doc.read_bytes()
    no_work(monkeypatch)
    code, _, err = run(capsys, "corpus", corpus, "-o", doc)
    assert code == 2 and "[A201]" in err and "--output" in err and "fix:" in err
    assert doc.read_bytes() == before
    # through '..', a symlink, and a hard link to the document
    (corpus / "sub").mkdir()
    (corpus.parent / "link.txt").symlink_to(doc)
    os.link(doc, corpus.parent / "hard.txt")
    for alias in (corpus / "sub" / ".." / "000_orig.txt", corpus.parent / "link.txt", corpus.parent / "hard.txt"):
        code, _, err = run(capsys, "corpus", corpus, "-o", alias)
        assert code == 2 and "[A201]" in err, alias
    assert doc.read_bytes() == before


def test_issue12_corpus_output_a_new_document_inside_the_corpus_folder_is_refused(capsys, monkeypatch, corpus):
    no_work(monkeypatch)
    code, _, err = run(capsys, "corpus", corpus, "--format", "html", "-o", corpus / "report.html")
    assert code == 2 and "read it as a document" in err and not (corpus / "report.html").exists()


def test_issue12_corpus_output_elsewhere_in_the_folder_is_fine(capsys, corpus):
    code, _, err = run(capsys, "corpus", corpus, "--format", "dot", "--no-audit", "-o", corpus / "graph.dot")
    assert code == 0, err and (corpus / "graph.dot").read_text().startswith("digraph")


@pytest.mark.parametrize(
    "argv, flags",
    [
        (["--sarif", "x.out", "--junit", "x.out"], ("--junit", "--sarif")),
        (["-o", "x.out", "--sarif", "x.out"], ("--sarif", "--output")),
        (["-o", "x.out", "--junit", "sub/../x.out"], ("--junit", "--output")),
    ],
)
def test_issue12_check_outputs_that_are_the_same_file_are_refused(tmp_path, capsys, monkeypatch, argv, flags):
    root = project(tmp_path, PAIRS)
    (root / "sub").mkdir()
    monkeypatch.chdir(root)
    no_work(monkeypatch)
    code, _, err = run(capsys, "check", *argv)
    assert code == 2 and "[A205]" in err and all(f in err for f in flags) and "fix:" in err
    assert not (root / "x.out").exists()


def test_issue12_check_output_same_file_by_hard_link(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, PAIRS)
    (root / "a.out").write_text("old", encoding="utf-8")
    os.link(root / "a.out", root / "b.out")
    monkeypatch.chdir(root)
    no_work(monkeypatch)
    code, _, err = run(capsys, "check", "--sarif", "a.out", "--junit", "b.out")
    assert code == 2 and "[A205]" in err


@pytest.mark.parametrize("what", ["baseline", "config", "target", "source", "house_style", "target_via_symlink"])
def test_issue12_check_output_over_an_input_names_its_flag(tmp_path, capsys, monkeypatch, what):
    root = project(tmp_path, 'house_style = "style.toml"\n' + PAIRS)
    (root / "style.toml").write_text('Kyiv = ["Kiev"]\n', encoding="utf-8")
    (root / "base.json").write_text('{"version": 1, "entries": []}\n', encoding="utf-8")
    (root / "link.md").symlink_to(root / "rewrites" / "council.en.md")
    path = {
        "baseline": "base.json",
        "config": "auditor.toml",
        "target": "rewrites/council.en.md",
        "source": "sources/../sources/council.md",
        "house_style": "style.toml",
        "target_via_symlink": "link.md",
    }[what]
    before = (root / path).read_bytes()
    monkeypatch.chdir(root)
    no_work(monkeypatch)
    code, _, err = run(capsys, "check", "--baseline", "base.json", "--sarif", path)
    assert code == 2 and "[A201]" in err and "--sarif" in err and "--output" not in err
    assert (root / path).read_bytes() == before


def test_issue12_check_write_baseline_cannot_replace_an_input(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, PAIRS)
    before = (root / "auditor.toml").read_bytes()
    monkeypatch.chdir(root)
    no_work(monkeypatch)
    code, _, err = run(capsys, "check", "--write-baseline", "--baseline", "auditor.toml")
    assert code == 2 and "--write-baseline" in err and (root / "auditor.toml").read_bytes() == before


def test_issue12_audit_output_over_a_hard_linked_input_is_refused(tmp_path, capsys, monkeypatch):
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt.write_text(REWRITE, encoding="utf-8")
    os.link(tgt, tmp_path / "alias.txt")
    no_work(monkeypatch)
    for cmd in (["audit", src, tgt], ["align", src, tgt]):
        code, _, err = run(capsys, *cmd, "-o", tmp_path / "alias.txt")
        assert code == 2 and "[A201]" in err
    assert tgt.read_text(encoding="utf-8") == REWRITE


def test_issue12_output_folder_problems_are_found_before_any_work(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, PAIRS)
    monkeypatch.chdir(root)
    no_work(monkeypatch)
    code, _, err = run(capsys, "check", "--junit", "missing/r.xml")
    assert code == 2 and "[A203]" in err and "--junit" in err
    code, _, err = run(capsys, "check", "--sarif", "sources")
    assert code == 2 and "[A202]" in err and "--sarif" in err


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".r.json.")]


def test_issue12_interrupted_write_leaves_no_temp_file(tmp_path, capsys, monkeypatch):
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt.write_text(REWRITE, encoding="utf-8")

    def interrupted(a, b):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)
    code, _, err = run(capsys, "audit", src, tgt, "--format", "json", "-o", tmp_path / "r.json")
    assert code == 130 and "interrupted" in err
    assert _no_temp_files(tmp_path) and not (tmp_path / "r.json").exists()


def test_issue12_sigterm_during_a_write_leaves_no_temp_file(tmp_path, capsys, monkeypatch):
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt.write_text(REWRITE, encoding="utf-8")
    real_replace = os.replace

    def killed(a, b):
        os.kill(os.getpid(), signal.SIGTERM)  # the handler raises before the next line runs
        real_replace(a, b)

    handler = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(cli.os, "replace", killed)
    code, _, _ = run(capsys, "audit", src, tgt, "--format", "json", "-o", tmp_path / "r.json")
    assert code == 130 and _no_temp_files(tmp_path) and not (tmp_path / "r.json").exists()
    assert signal.getsignal(signal.SIGTERM) is handler  # restored after the write


# =========================================================================== 2. confinement of `auditor check`


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "council.md").write_text(SECRET, encoding="utf-8")
    (secret / "style.toml").write_text('Kyiv = ["Kiev"]\n', encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "config",
    [
        '[[pairs]]\ntargets = "rewrites/*.md"\nsource = "../secret/{stem}.md"\n',  # '..' in a template
        '[[pairs]]\ntargets = "rewrites/*.md"\nsource = "{ABS}/{stem}.md"\n',  # an absolute template
        '[[pairs]]\ntargets = "rewrites/*.md"\nsource_glob = "sources/../../secret/{stem}.*"\n',  # '..' in a glob
        'house_style = "../secret/style.toml"\n' + PAIRS,
    ],
    ids=["dotdot-template", "absolute-template", "dotdot-source-glob", "house-style"],
)
def test_issue12_check_refuses_paths_outside_the_project_root(tmp_path, capsys, monkeypatch, config):
    secret = _outside(tmp_path)
    root = project(tmp_path / "proj", config.replace("{ABS}", secret.as_posix()))
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "--format", "github")
    assert code == 2 and "hunter2" not in out + err
    if "source_glob" in config:  # a literal '..' in a glob is refused when the configuration is read
        assert "[A226]" in err and "leaves the project root" in err
    else:
        assert "[A230]" in err and "outside the project root" in err and "--allow-outside" in err


def test_issue12_check_refuses_stem_evaluating_to_dotdot(tmp_path, capsys, monkeypatch):
    _outside(tmp_path)
    root = project(tmp_path / "proj", '[[pairs]]\ntargets = "rewrites/*.md"\nsource = "sources/{stem}/{stem}/secret/council.md"\n')
    (root / "rewrites" / "...md").write_text(REWRITE, encoding="utf-8")  # {stem} is '..'
    assert gate.placeholders("rewrites/...md", "rewrites/*.md")["stem"] == ".."
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "--format", "github")  # 'rewrites/...md' sorts first
    assert code == 2 and "[A230]" in err and "hunter2" not in out + err
    assert "/secret/council.md, which is outside the project root" in err


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_issue12_check_refuses_symlinks_leading_outside(tmp_path, capsys, monkeypatch, kind):
    secret = _outside(tmp_path)
    root = project(tmp_path / "proj", 'lint = ["briefs/*.md", "linked/*.md"]\n' + PAIRS)
    (root / "briefs").mkdir()
    (root / "briefs" / "ok.md").write_text(SOURCE, encoding="utf-8")
    if kind == "file":
        (root / "briefs" / "leak.md").symlink_to(secret / "council.md")
        (root / "linked").mkdir()
        (root / "linked" / "ok.md").write_text(SOURCE, encoding="utf-8")
    else:
        (root / "linked").symlink_to(secret, target_is_directory=True)
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "--format", "github")
    assert code == 2 and "[A230]" in err and "symlink" in err and "hunter2" not in out + err
    code, out, err = run(capsys, "check", "--format", "github", "--allow-outside")
    assert code in (0, 1) and "[A230]" not in err, err  # the caller's explicit choice


def test_issue12_check_allow_outside_reads_the_outside_source(tmp_path, capsys, monkeypatch):
    _outside(tmp_path)
    root = project(tmp_path / "proj", '[[pairs]]\ntargets = "rewrites/*.md"\nsource = "../secret/{stem}.md"\n')
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "check", "--allow-outside")
    assert code in (0, 1) and "1 document" in err


def test_issue12_check_baseline_outside_from_config_refused_from_command_line_allowed(tmp_path, capsys, monkeypatch):
    secret = _outside(tmp_path)
    (secret / "base.json").write_text('{"version": 1, "entries": []}\n', encoding="utf-8")
    root = project(tmp_path / "proj", 'baseline = "../secret/base.json"\n' + PAIRS)
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "check")
    assert code == 2 and "[A230]" in err and "baseline" in err
    code, _, err = run(capsys, "check", "--baseline", secret / "base.json")
    assert code in (0, 1) and "[A230]" not in err


def test_issue12_allow_outside_is_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["check", "--help"])
    assert "--allow-outside" in capsys.readouterr().out


# =========================================================================== 3. outputs cannot act on their reader


def test_issue12_safe_helpers():
    assert inline("a\n::error::x\x1b[31m\x07") == "a<U+000A>::error::x<U+001B>[31m<U+0007>"
    assert visible("45\u202e54\u202c\n\t") == "45<U+202E>54<U+202C>\n\t"
    assert visible("\u2066x\u2069\u200e\u200f\u061c\x85\x9b") == "<U+2066>x<U+2069><U+200E><U+200F><U+061C><U+0085><U+009B>"
    assert defuse_lines("ok\n  ::error x\n::warning::y\nsee ##[error]z") == "ok\n  \\::error x\n\\::warning::y\nsee ##\\[error]z"
    assert not COMMAND_LINE.search(safe_text("\r::error::x\n\t::add-mask::y"))
    assert [spreadsheet_cell(c) for c in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x", "plain", "a=b")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", " =x", " =x", "plain", "a=b"]  # fmt: skip
    raw = json.dumps({"t": "45\u202e54\x85\u2028"}, ensure_ascii=False)
    inert = json_inert(raw)
    assert json.loads(inert) == json.loads(raw) and "\u202e" not in inert and "\\u202e" in inert


def _audit_pair(tmp_path: Path, src_text: str, tgt_text: str) -> tuple[Path, Path]:
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text(src_text, encoding="utf-8")
    tgt.write_text(tgt_text, encoding="utf-8")
    return src, tgt


def test_issue12_text_report_never_starts_a_line_with_a_workflow_command(tmp_path, capsys):
    # article text placed so that some wrapped line of the 80-column report starts with '::error'
    sentences = [("word " * k).strip() + f" ::error file=x,line=1::pwned{k} ##[error]old." for k in range(1, 16)]
    text = "\n\n".join(sentences) + "\n"
    src, tgt = _audit_pair(tmp_path, text, text.replace("pwned1 ", "pwned 1 "))
    out = tmp_path / "r.txt"
    code, _, err = run(capsys, "audit", src, tgt, "--allow-identical", "-o", out)
    assert code == 0, err
    report = out.read_text(encoding="utf-8")
    assert "\\::error" in report  # the guard was needed, and shows what was there
    assert not COMMAND_LINE.search(report) and "##[" not in report
    assert max(len(ln) for ln in report.splitlines()) <= 80


def test_issue12_bidi_controls_are_shown_in_text_and_markdown_reports(tmp_path, capsys):
    src, tgt = _audit_pair(tmp_path, SOURCE, REWRITE.replace("54 million", f"{BIDI}45{chr(0x202C)} million"))
    for fmt in ("text", "markdown"):
        code, out, _ = run(capsys, "audit", src, tgt, "--format", fmt)
        assert code == 0 and BIDI not in out and "U+202E" in out, fmt
    code, out, _ = run(capsys, "audit", src, tgt, "--format", "json")
    assert BIDI not in out and "\\u202e" in out
    assert BIDI in json.loads(out)["alignment"]["beads"][0]["target_text"]  # JSON stays exact


def _hostile_corpus(tmp_path: Path) -> Path:
    f = tmp_path / "wire.jsonl"
    ids = ["x\n::error file=a::pwned", "\x1b[2J\x1b]0;title\x07bell", f"{BIDI}evil", "::warning::plain"]
    rows = [{"id": i, "text": "\n\n".join(ORIG if n < 2 else OTHER[:3])} for n, i in enumerate(ids)]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return f


@pytest.mark.parametrize("fmt", ["text", "markdown", "dot"])
def test_issue12_corpus_record_ids_cannot_act_on_the_reader(tmp_path, capsys, fmt):
    code, out, err = run(capsys, "corpus", _hostile_corpus(tmp_path), "--format", fmt, "--color", "always")
    assert code == 0, err
    assert not COMMAND_LINE.search(out) and "\x07" not in out and BIDI not in out
    if fmt != "text":  # colour is for the text format only
        assert "\x1b" not in out
    else:
        assert "\x1b[2J" not in out and "\x1b]" not in out and "<U+001B>[2J" in out
    code, out, _ = run(capsys, "corpus", _hostile_corpus(tmp_path), "--format", "text")
    assert "\x1b" not in out and "<U+000A>::error" in out


def test_issue12_check_text_file_names_cannot_act_on_the_reader(tmp_path, capsys, monkeypatch):
    root = tmp_path / "proj"
    (root / "copy").mkdir(parents=True)
    for name in ("::error file=a,line=1::pwned.txt", "x\n::warning::nl.txt", "e\x1b[8mhidden.txt"):
        (root / "copy" / name).write_text("Officials in Kiev met on Monday.\n", encoding="utf-8")
    (root / "auditor.toml").write_text('lint = "copy/*.txt"\nfail_on = []\n', encoding="utf-8")
    monkeypatch.chdir(root)
    for color in ("always", "never"):  # --root copy: paths in the report start with the file name
        code, out, err = run(capsys, "check", "--format", "text", "--root", "copy", "--color", color)
        assert code == 0, err
        for stream in (out, err):
            assert not COMMAND_LINE.search(stream) and "\x1b[8m" not in stream
        assert "\\::error file=a,line=1::pwned.txt" in out and "x<U+000A>::warning::nl.txt" in out


def test_issue12_error_messages_cannot_act_on_the_reader(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, PAIRS)
    (root / "rewrites" / "x\n::error::pwned.en.md").write_text(REWRITE, encoding="utf-8")  # no source for it
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "check")
    assert code == 4 and "[A431]" in err and not COMMAND_LINE.search(err)


def test_issue12_align_tsv_cells_are_spreadsheet_safe(tmp_path, capsys):
    lines = ["=HYPERLINK(\"http://x\",\"y\")", "+1 rose", "-2 fell", "@SUM(A1:A2)", "Plain text."]
    src, tgt = _audit_pair(tmp_path, "\n".join(lines) + "\n", "\n".join(lines) + "\n")
    code, out, _ = run(capsys, "align", src, tgt, "--presegmented", "--allow-identical", "--format", "tsv")
    assert code == 0
    rows = [r.split("\t") for r in out.splitlines()[1:]]
    cells = [c for r in rows for c in r[6:]]
    assert cells and all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "Plain text." in cells
    assert all(len(r) == 8 for r in rows)


def test_issue12_github_annotations_keep_their_own_escaping(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, PAIRS)
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code in (0, 1) and out
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in out.splitlines())
    from auditor.report.github import command

    assert command("error", "a\n::error::x %", file="p,q:r") == "::error file=p%2Cq%3Ar::a%0A::error::x %25"
