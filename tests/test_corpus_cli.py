"""`auditor corpus`, in process, with the deterministic fake embedder (no model loads)."""

from __future__ import annotations

import json

import pytest
from corpus_texts import ORIG
from corpus_texts import OTHER as ALL_OTHER

from auditor import api, cli
from auditor import corpus as corpus_run
from auditor.embed.fake import FakeEmbedder
from auditor.types import Thresholds

FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)
OTHER = ALL_OTHER[:3]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=256)
    monkeypatch.setattr(api.Auditor, "embedder_for", lambda self, s, t: (fake, FAKE_THR))
    monkeypatch.setattr(corpus_run, "corpus_model", lambda auditor, langs: None)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a_orig.txt").write_text("\n\n".join(ORIG), encoding="utf-8")
    (d / "b_copy.txt").write_text("\n\n".join(ORIG[:4] + ["Read more: our full coverage."]), encoding="utf-8")
    (d / "c_other.txt").write_text("\n\n".join(OTHER), encoding="utf-8")
    return d


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_names_sources_and_shows_audits(capsys, corpus):
    code, out, err = run(capsys, "corpus", str(corpus))
    assert code == 0, err
    assert "story-1: a_orig, b_copy" in out and "story-2: c_other" in out
    assert "- b_copy: likely source a_orig" in out
    assert "- c_other: no source in the corpus" in out
    assert "=== audit: a_orig -> b_copy ===" in out and "Fidelity" in out


def test_json_has_graph_attributions_and_reports(capsys, corpus):
    code, out, _ = run(capsys, "corpus", str(corpus), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["graph"]["edges"] == [{"source": "a_orig", "target": "b_copy", "score": data["graph"]["edges"][0]["score"]}]
    assert [r["target"]["id"] for r in data["reports"]] == ["b_copy"]
    assert {a["target"]: a["source"] for a in data["attributions"]}["c_other"] is None


def test_dot_and_byte_for_byte_determinism(capsys, corpus, tmp_path):
    _, a, _ = run(capsys, "corpus", str(corpus), "--format", "dot")
    _, b, _ = run(capsys, "corpus", str(corpus), "--format", "dot")
    assert a == b and a.startswith("digraph derivation {") and '"a_orig" -> "b_copy"' in a
    out = tmp_path / "graph.json"
    assert run(capsys, "corpus", str(corpus), "--format", "json", "-o", str(out))[0] == 0
    first = out.read_bytes()
    run(capsys, "corpus", str(corpus), "--format", "json", "-o", str(out))
    assert out.read_bytes() == first


def test_bad_path_is_bad_input(capsys, tmp_path):
    code, out, err = run(capsys, "corpus", str(tmp_path / "nowhere"))
    assert code == 4 and out == ""
    assert "no such file or folder" in err and "fix:" in err


def test_bad_jsonl_line_is_bad_input(capsys, tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "a", "text": "One."}\nnot json\n', encoding="utf-8")
    code, _, err = run(capsys, "corpus", str(f))
    assert code == 4 and "line 2" in err


def test_bad_threshold_is_a_usage_error(capsys, corpus):
    code, _, err = run(capsys, "corpus", str(corpus), "--threshold", "2")
    assert code == 2 and "--threshold" in err


def test_html_and_markdown_carry_the_graph_and_keep_hostile_names_as_text(capsys, corpus):
    (corpus / "d_<script>alert(1)<").mkdir()
    (corpus / "d_<script>alert(1)<" / "x.txt").write_text("\n\n".join(OTHER[:2] + ["<script>alert(2)</script> it said."]),
                                                           encoding="utf-8")  # fmt: skip
    code, out, err = run(capsys, "corpus", str(corpus), "--format", "html")
    assert code == 0, err
    assert "Derivation graph" in out and "no source in the corpus" in out and "a_orig" in out
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;" in out
    code, md, err = run(capsys, "corpus", str(corpus), "--format", "markdown")
    assert code == 0, err
    assert "| b\\_copy | story-1 | a\\_orig |" in md and "<script" not in md
    assert md.splitlines()[0].endswith("| siblings |")


def test_text_output_lists_siblings_without_a_source(capsys, tmp_path):
    d = tmp_path / "sibs"
    d.mkdir()
    body = ORIG[:5]
    (d / "v1.txt").write_text("\n\n".join(body), encoding="utf-8")
    (d / "v2.txt").write_text("\n\n".join(body[:4] + [body[4].replace("a ", "one ")]), encoding="utf-8")
    (d / "z_other.txt").write_text("\n\n".join(OTHER), encoding="utf-8")
    code, out, err = run(capsys, "corpus", str(d), "--no-audit")
    assert code == 0, err
    assert "- v1: no source in the corpus" in out and "- v2: no source in the corpus" in out
    assert "siblings (near-copies, neither derived from the other): v2" in out
    code, out, _ = run(capsys, "corpus", str(d), "--no-audit", "--format", "json")
    assert json.loads(out)["graph"]["siblings"] == [{"a": "v1", "b": "v2"}]


def test_window_days_blocks_candidates_dated_too_far_apart(capsys, tmp_path):
    """Issue 16: date blocking. A copy dated two months after its source is found with a 90-day
    window and without one, never with a 30-day one; the window is in the signature."""
    f = tmp_path / "dated.jsonl"
    rows = [
        {"id": "a_orig", "date": "2024-01-01", "text": "\n\n".join(ORIG)},
        {"id": "b_copy", "date": "2024-03-01", "text": "\n\n".join(ORIG[:4] + ["Read more: our full coverage."])},
        {"id": "c_other", "text": "\n\n".join(OTHER)},
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    sources = {}
    for window in (None, "90", "30"):
        code, out, err = run(capsys, "corpus", str(f), "--no-audit", "--format", "json", *(["--window-days", window] if window else []))
        assert code == 0, err
        data = json.loads(out)
        sources[window] = {a["target"]: a["source"] for a in data["attributions"]}["b_copy"]
        assert ("window_days:" in data["signature"]) == (window is not None)
    assert sources == {None: "a_orig", "90": "a_orig", "30": None}
    assert run(capsys, "corpus", str(f), "--window-days", "-1")[0] == 2
