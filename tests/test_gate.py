"""`auditor check`: configuration, naming rules, fail_on, baseline, exit codes (fake embedder, offline)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from auditor import api, cli
from auditor.embed.fake import FakeEmbedder
from auditor.errors import BadInputError, UsageError
from auditor.gate import (
    FailRule,
    fingerprint,
    load_gate_config,
    parse_fail_on,
    parse_gate_config,
    placeholders,
    resolve_jobs,
)
from auditor.types import Finding, FindingType, Severity, Span, Thresholds

FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)

SOURCE = """The council approved a budget of 45 million euros on Monday, officials said.

"We will not raise taxes this year," said the mayor, Ana Ruiz, after the vote.

Work on the new bridge starts in March and should last two years.
"""
REWRITE = """The council approved a budget of 54 million euros on Monday, officials said.

"We might raise taxes this year," said the mayor, Ana Ruiz, after the vote.

Work on the new bridge starts in March and should last two years.
"""
BRIEF = "Officials in Kiev met on Monday.\n\nThe talks in Kiev will go on next week.\n"


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=256)
    monkeypatch.setattr(api.Auditor, "embedder_for", lambda self, s, t: (fake, FAKE_THR))
    return fake


def project(tmp_path: Path, config: str, *, rewrite: str = REWRITE) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "rewrites").mkdir()
    (tmp_path / "briefs").mkdir()
    (tmp_path / "sources" / "council.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "rewrites" / "council.en.md").write_text(rewrite, encoding="utf-8")
    (tmp_path / "briefs" / "monday.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "style.toml").write_text('Kyiv = ["Kiev"]\n', encoding="utf-8")
    (tmp_path / "auditor.toml").write_text(config, encoding="utf-8")
    return tmp_path


BASIC = """
fail_on = ["critical"]
house_style = "style.toml"
lint = "briefs/*.txt"

[[pairs]]
targets = "rewrites/*.md"
source = "sources/{stem}.md"
"""


def run(capsys, monkeypatch, cwd: Path, *argv):
    monkeypatch.chdir(cwd)
    code = cli.main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- configuration


def test_auditor_toml_top_level_keys(tmp_path):
    cfg = load_gate_config(project(tmp_path, BASIC) / "auditor.toml")
    assert cfg.root == tmp_path.resolve()
    assert cfg.pairs[0].targets == ("rewrites/*.md",) and cfg.pairs[0].source == "sources/{stem}.md"
    assert cfg.lint == ("briefs/*.txt",) and cfg.house_style == (tmp_path / "style.toml").resolve()


def test_pyproject_tool_auditor_is_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.auditor]\nmin_score = 75\nlint = "*.txt"\n', encoding="utf-8"
    )
    cfg = load_gate_config(cwd=tmp_path)
    assert cfg.min_score == 75 and cfg.lint == ("*.txt",)


def test_load_config_reads_the_audit_config_and_the_gate_from_one_schema(tmp_path):
    """Issue 13: one loader for auditor.toml / [tool.auditor]; `auditor check` reads every key,
    `auditor audit` only the house style (the gate's keys are left alone) and needs no file."""
    from auditor.config import AUDIT_KEYS, Config, load_config

    root = project(tmp_path, BASIC)
    flags = Config(model="e5-small-q4")
    settings = load_config(cwd=root, config=flags)
    assert settings.config is flags and settings.gate == load_gate_config(root / "auditor.toml")
    audit = load_config(cwd=root, audit_only=True)
    assert audit.config == Config() and audit.gate is not None
    assert (audit.gate.house_style, audit.gate.pairs, audit.gate.lint) == (settings.gate.house_style, (), ())
    assert AUDIT_KEYS == ("house_style", "house_style_severity")
    (root / "auditor.toml").write_text('house_style = "style.toml"\nmin_scor = 3\n', encoding="utf-8")
    assert load_config(cwd=root, audit_only=True).gate is not None  # a gate key misspelt: the gate's business
    with pytest.raises(UsageError, match="unknown key 'min_scor'"):
        load_config(cwd=root)
    (root / "auditor.toml").write_text('house_style = "style.toml"\nhouse_style_severity = "loud"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="house_style_severity 'loud' is not a severity"):
        load_config(cwd=root, audit_only=True)
    (root / "auditor.toml").unlink()
    assert load_config(cwd=root, audit_only=True).gate is None  # no configuration: no house style, no error


def test_gate_names_stay_importable_from_auditor_gate():
    """The gate was split (issue 13): configuration in auditor.config, jobs in auditor.gate_jobs,
    the baseline in auditor.baseline; auditor.gate still exports their names."""
    from auditor import baseline, config, gate, gate_jobs

    assert gate.GateConfig is config.GateConfig and gate.parse_gate_config is config.parse_gate_config
    assert gate.resolve_jobs is gate_jobs.resolve_jobs and gate.placeholders is gate_jobs.placeholders
    assert gate.fingerprint is baseline.fingerprint and gate.load_baseline is baseline.load_baseline


def test_no_configuration_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="no auditor.toml"):
        load_gate_config(cwd=tmp_path)


@pytest.mark.parametrize(
    "table, needle",
    [
        ({"lint": "a/*.txt", "min_scor": 3}, "did you mean min_score"),
        ({"pairs": [{"targets": "a/*.md", "source": "b/{stem}.md", "lint": "x"}]}, "move lint above"),
        ({"pairs": [{"targets": "a/*.md"}]}, "exactly one of source and source_glob"),
        ({"pairs": [{"targets": "a/*.md", "source": "b/{slug}.md"}]}, "unknown placeholder {slug}"),
        ({"pairs": [{"targets": "/abs/*.md", "source": "b/{stem}.md"}]}, "absolute"),
        ({"pairs": [{"targets": "../up/*.md", "source": "b/{stem}.md"}]}, "'..'"),
        ({"pairs": [{"targets": "a/**x/*.md", "source": "b/{stem}.md"}]}, "'**'"),
        ({"pairs": [{"targets": "a/[bc/*.md", "source": "b/{stem}.md"}]}, "unclosed"),
        ({"lint": "a/*.txt", "min_score": 120}, "min_score"),
        ({"lint": "a/*.txt", "fail_on": ["catastrophic"]}, "unknown rule"),
        ({}, "nothing to check"),
    ],
)
def test_bad_configuration_names_the_key_and_the_fix(tmp_path, table, needle):
    with pytest.raises(UsageError) as e:
        parse_gate_config(table, root=tmp_path, path=tmp_path / "auditor.toml")
    assert needle in str(e.value) and e.value.fix and e.value.exit_code == 2


def test_bad_toml_is_a_usage_error(tmp_path):
    (tmp_path / "auditor.toml").write_text("lint = [\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_gate_config(tmp_path / "auditor.toml")


# --------------------------------------------------------------------------- naming rules


def test_placeholders_strip_the_language_suffix():
    v = placeholders("translations/world/port-strike.es.md", "translations/**/*.md")
    assert v == {
        "name": "port-strike.es.md",
        "base": "port-strike.es",
        "stem": "port-strike",
        "lang": "es",
        "ext": ".md",
        "dir": "translations/world",
        "subdir": "world",
    }
    assert placeholders("t/story.pt-BR.txt", "t/*.txt")["lang"] == "pt-BR"
    v = placeholders("t/story.md", "t/*.md")
    assert v["stem"] == "story" and v["lang"] == "" and v["subdir"] == ""
    assert placeholders("t/v2.final.md", "t/*.md")["stem"] == "v2.final"  # "final" is not a language code


def test_source_template_and_source_glob_pair_targets(tmp_path):
    (tmp_path / "src" / "world").mkdir(parents=True)
    (tmp_path / "tr" / "world").mkdir(parents=True)
    (tmp_path / "src" / "world" / "a.txt").write_text("x")
    (tmp_path / "tr" / "world" / "a.es.md").write_text("y")
    cfg = parse_gate_config({"pairs": [{"targets": "tr/**/*.md", "source": "src/{subdir}/{stem}.txt"}]}, root=tmp_path)
    (job,) = resolve_jobs(cfg)
    assert job.key == "tr/world/a.es.md" and job.source == tmp_path / "src/world/a.txt" and job.target_lang == "es"
    cfg = parse_gate_config({"pairs": [{"targets": "tr/**/*.md", "source_glob": "src/**/{stem}.*"}]}, root=tmp_path)
    assert resolve_jobs(cfg)[0].source.name == "a.txt"


def test_a_rule_that_finds_no_source_is_bad_input(tmp_path):
    (tmp_path / "tr").mkdir()
    (tmp_path / "tr" / "b.md").write_text("y")
    cfg = parse_gate_config({"pairs": [{"targets": "tr/*.md", "source": "src/{stem}.md"}]}, root=tmp_path)
    with pytest.raises(BadInputError) as e:
        resolve_jobs(cfg)
    assert "tr/b.md" in str(e.value) and "src/b.md" in str(e.value) and e.value.exit_code == 4


def test_ambiguous_source_glob_and_empty_target_glob(tmp_path):
    for d in ("tr", "src"):
        (tmp_path / d).mkdir()
    (tmp_path / "tr" / "b.md").write_text("y")
    (tmp_path / "src" / "b.md").write_text("x")
    (tmp_path / "src" / "b.txt").write_text("x")
    cfg = parse_gate_config({"pairs": [{"targets": "tr/*.md", "source_glob": "src/{stem}.*"}]}, root=tmp_path)
    with pytest.raises(BadInputError, match="2 files"):
        resolve_jobs(cfg)
    cfg = parse_gate_config({"pairs": [{"targets": "nothing/*.md", "source": "src/{stem}.md"}]}, root=tmp_path)
    with pytest.raises(UsageError, match="matches no files"):
        resolve_jobs(cfg)


# --------------------------------------------------------------------------- fail_on grammar


def _finding(t: FindingType, sev: Severity, text: str = "x", line: int = 1) -> Finding:
    span = Span("d", 0, len(text), line, 1, line, len(text) + 1, text)
    return Finding(t, sev, "m", "e", 1.0, target_span=span)


def test_fail_on_grammar():
    rules = parse_fail_on(["major", "quote_altered", "number_changed:critical", "Spelling_Variant:MINOR"])
    assert rules == (
        FailRule(None, Severity.MAJOR),
        FailRule(FindingType.QUOTE_ALTERED, None),
        FailRule(FindingType.NUMBER_CHANGED, Severity.CRITICAL),
        FailRule(FindingType.SPELLING_VARIANT, Severity.MINOR),
    )
    sev, typ, floor, _ = rules
    assert sev.matches(_finding(FindingType.OMISSION, Severity.CRITICAL))  # "major" means major or worse
    assert not sev.matches(_finding(FindingType.OMISSION, Severity.MINOR))
    assert typ.matches(_finding(FindingType.QUOTE_ALTERED, Severity.MINOR))
    assert not typ.matches(_finding(FindingType.NUMBER_CHANGED, Severity.CRITICAL))
    assert floor.matches(_finding(FindingType.NUMBER_CHANGED, Severity.CRITICAL))
    assert not floor.matches(_finding(FindingType.NUMBER_CHANGED, Severity.MAJOR))
    for bad in ("number_changed:huge", "quote", "critical:major", ""):
        with pytest.raises(UsageError):
            parse_fail_on([bad])


# --------------------------------------------------------------------------- baseline


def test_fingerprint_is_stable_across_line_moves_and_whitespace():
    a = _finding(FindingType.NUMBER_CHANGED, Severity.CRITICAL, "54 million", line=3)
    b = _finding(FindingType.NUMBER_CHANGED, Severity.CRITICAL, "54  Million", line=30)
    assert fingerprint(a, "t.md") == fingerprint(b, "t.md")
    assert fingerprint(a, "t.md") != fingerprint(a, "u.md")
    assert fingerprint(a, "t.md") != fingerprint(_finding(FindingType.NUMBER_CHANGED, Severity.CRITICAL, "55 million"), "t.md")


def test_check_fails_then_baseline_round_trip_passes_and_survives_a_line_move(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, BASIC)
    code, out, err = run(capsys, monkeypatch, root)
    assert code == 1, err
    assert "number_changed [fails]" in out and "FAILED" in err
    assert "House style: write 'Kyiv'" in out  # the lint document's Kiev

    code, _, err = run(capsys, monkeypatch, root, "--write-baseline", "--baseline", "accepted.json")
    assert code == 0, err
    data = json.loads((root / "accepted.json").read_text())
    assert data["version"] == 1 and all(e["count"] >= 1 for e in data["entries"])
    assert {e["path"] for e in data["entries"]} >= {"rewrites/council.en.md", "briefs/monday.txt"}

    code, out, err = run(capsys, monkeypatch, root, "--baseline", "accepted.json")
    assert code == 0, err
    assert "[baselined]" in out and "passed" in err

    # lines move (a paragraph added at the top): the baseline still holds
    (root / "sources" / "council.md").write_text("CITY HALL\n\n" + SOURCE, encoding="utf-8")
    (root / "rewrites" / "council.en.md").write_text("CITY HALL\n\n" + REWRITE, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, root, "--baseline", "accepted.json")
    assert code == 0, (out, err)

    # a new change is not covered by the baseline
    (root / "rewrites" / "council.en.md").write_text(
        "CITY HALL\n\n" + REWRITE.replace("two years", "nine years"), encoding="utf-8"
    )
    code, out, err = run(capsys, monkeypatch, root, "--baseline", "accepted.json")
    assert code == 1, (out, err)
    failing = [ln for ln in out.splitlines() if "[fails]" in ln]
    assert len(failing) == 1 and "nine" in failing[0]


def test_baseline_counts_accept_only_n_occurrences(tmp_path, capsys, monkeypatch):
    cfg = 'lint = "briefs/*.txt"\nhouse_style = "style.toml"\nfail_on = ["spelling_variant"]\n'
    root = project(tmp_path, cfg)
    code, _, _ = run(capsys, monkeypatch, root, "--write-baseline", "--baseline", "b.json")
    assert code == 0
    assert run(capsys, monkeypatch, root, "--baseline", "b.json")[0] == 0
    data = json.loads((root / "b.json").read_text())
    data["entries"][0]["count"] = 0
    (root / "b.json").write_text(json.dumps(data))
    assert run(capsys, monkeypatch, root, "--baseline", "b.json")[0] == 1


def test_write_baseline_never_overwrites_an_input(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, BASIC)
    before = (root / "style.toml").read_bytes()
    code, _, err = run(capsys, monkeypatch, root, "--write-baseline", "--baseline", "style.toml")
    assert code == 2 and "input" in err and (root / "style.toml").read_bytes() == before


def test_missing_or_broken_baseline(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, BASIC + 'baseline = "none.json"\n')
    # the key is inside [[pairs]] here, so it is an unknown pair key: exit 2
    code, _, err = run(capsys, monkeypatch, root)
    assert code == 2 and "move baseline above" in err
    (root / "auditor.toml").write_text('baseline = "none.json"\n' + BASIC, encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, root)
    assert code == 2 and "--write-baseline" in err
    (root / "none.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, root)
    assert code == 4 and "baseline" in err


# --------------------------------------------------------------------------- exit codes and outputs


def test_min_score_fails_a_document(tmp_path, capsys, monkeypatch):
    other = "Bananas are rich in potassium.\n\nThe weather was mild all week in the north.\n"
    root = project(tmp_path, 'min_score = 90\nfail_on = []\n[[pairs]]\ntargets = "rewrites/*.md"\nsource = "sources/{stem}.md"\n', rewrite=other)
    code, out, err = run(capsys, monkeypatch, root, "--format", "github")
    assert code == 1 and "below min_score 90" in err + out
    assert "::error file=rewrites/council.en.md,line=1" in out


def test_passing_gate_exits_zero(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, 'fail_on = ["critical"]\n[[pairs]]\ntargets = "rewrites/*.md"\nsource = "sources/{stem}.md"\n', rewrite=SOURCE.replace("Monday", "Monday morning"))
    code, out, err = run(capsys, monkeypatch, root)
    assert code == 0, (out, err)
    assert "passed" in err


def test_github_actions_env_and_several_outputs(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, BASIC)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, monkeypatch, root, "--sarif", "out.sarif", "--junit", "out.xml")
    assert code == 1
    assert out.startswith("::") and "file=rewrites/council.en.md" in out
    assert json.loads((root / "out.sarif").read_text())["version"] == "2.1.0"
    assert (root / "out.xml").read_text().startswith("<?xml")
    code, _, err = run(capsys, monkeypatch, root, "--format", "sarif", "--github")
    assert code == 2 and "stdout" in err


def test_bad_input_and_bad_config_exit_codes(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, BASIC.replace("sources/{stem}.md", "sources/{base}.md"))
    code, _, err = run(capsys, monkeypatch, root)
    assert code == 4 and "no source for rewrites/council.en.md" in err
    code, _, err = run(capsys, monkeypatch, root, "--config", "missing.toml")
    assert code == 2 and "does not exist" in err


def test_house_style_replaces_the_shipped_spelling_finding(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, 'lint = "briefs/*.txt"\nhouse_style = "style.toml"\n')
    code, out, _ = run(capsys, monkeypatch, root)
    assert code == 0
    assert out.count("Kiev") == 1 and "House style: write 'Kyiv', not 'Kiev'." in out


def test_house_style_is_a_detector_of_the_audit_not_a_pass_after_it(tmp_path):
    """Issue 13: the gate hands the house style to the Auditor, which runs it with the others; its
    finding replaces the shipped spelling finding on the same span, and the score does not move."""
    from auditor.api import Auditor
    from auditor.gate import house_style_detector, load_gate_config

    root = project(tmp_path, BASIC)
    cfg = load_gate_config(root / "auditor.toml")
    house = house_style_detector(cfg)
    assert house is not None and house.replaces == ("spelling",)  # the desk's rule wins on the same span
    plain = Auditor()
    styled = plain.replace(detectors=(*plain.detectors, house))
    brief = root / "briefs" / "monday.txt"
    before, after = plain.lint(brief), styled.lint(brief)
    assert [f.detector for f in before.findings if "Kiev" in f.message] == ["spelling"]
    kiev = [f for f in after.findings if f.target_span and f.target_span.text == "Kiev"]
    assert [f.detector for f in kiev] == ["housestyle"] and kiev[0].message == "House style: write 'Kyiv', not 'Kiev'."
    assert after.signature.detectors == before.signature.detectors + ("housestyle",)
    assert str(after.signature) == str(before.signature)  # the string stays as in 0.2.0
    src, tgt = root / "sources" / "council.md", root / "briefs" / "monday.txt"
    styled_score, plain_score = styled.audit(src, tgt).score, plain.audit(src, tgt).score
    assert replace(styled_score, signature=plain_score.signature) == plain_score  # style findings cost nothing


@pytest.mark.parametrize("where", ["auditor.toml", "pyproject.toml"])
def test_auditor_audit_picks_up_the_configured_house_style(tmp_path, capsys, monkeypatch, where):
    cfg = 'house_style = "style.toml"\nhouse_style_severity = "major"\n'
    root = project(tmp_path, cfg if where == "auditor.toml" else "# unused\n")
    if where == "pyproject.toml":
        (root / "auditor.toml").unlink()
        (root / "pyproject.toml").write_text('[project]\nname = "desk"\n\n[tool.auditor]\n' + cfg, encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["audit", "briefs/monday.txt", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    kiev = [f for f in found if f["target_span"] and f["target_span"]["text"] == "Kiev"]
    assert [(f["detector"], f["severity"]) for f in kiev] == [("housestyle", "major")]
    assert "the house style (style.toml) prefers 'Kyiv'" in kiev[0]["evidence"]


def test_auditor_audit_without_a_house_style_keeps_the_shipped_spelling(tmp_path, capsys, monkeypatch):
    root = project(tmp_path, 'lint = "briefs/*.txt"\n')  # a gate configuration without house_style
    monkeypatch.chdir(root)
    assert cli.main(["audit", "briefs/monday.txt", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert {f["detector"] for f in found if f["target_span"] and f["target_span"]["text"] == "Kiev"} == {"spelling"}
    (root / "auditor.toml").write_text('house_style = "../outside.toml"\n', encoding="utf-8")
    assert cli.main(["audit", "briefs/monday.txt"]) == 2  # confined to the project root, as in the gate
    assert "outside the project root" in capsys.readouterr().err


def test_house_style_file_language_tables_and_errors():
    from auditor.detect.housestyle import parse_house_style

    style = parse_house_style('Kyiv = ["Kiev"]\n[lang.es]\nKiev = ["Kyiv"]\n')
    en = [(h.text, h.preferred) for h in style.lexicon("en").find("In Kiev and Kyiv.", "en") if not h.is_preferred]
    es = [(h.text, h.preferred) for h in style.lexicon("es").find("En Kiev y Kyiv.", "es") if not h.is_preferred]
    assert en == [("Kiev", "Kyiv")] and es == [("Kyiv", "Kiev")]
    for bad, needle in [('Kyiv = "',  "not valid TOML"), ("Kyiv = 3", "must be a list"),
                        ('Kyiv = ["Kiev"]\nKiev = ["Kyiv"]', "under both")]:  # fmt: skip
        with pytest.raises(UsageError, match=needle):
            parse_house_style(bad)
