"""``auditor serve``, in process, with the deterministic fake embedder (no model loads): JSON Lines
requests on stdin, one response line each on stdout, the same reports as ``auditor audit``."""

from __future__ import annotations

import io
import json
import socket
import sys
from pathlib import Path

import pytest

from auditor import __version__, api, cli

import cli_fakes
from cli_fakes import FAKE_THR, ROOT, SAMPLES, fake_models, run  # noqa: F401 (fake_models: an autouse fixture)

S000, S001, S002 = (Path(p) for p in (cli_fakes.S000, cli_fakes.S001, cli_fakes.S002))


def serve(capsys, monkeypatch, lines, *argv):
    """Run ``auditor serve ARGV`` on ``lines`` (dicts are sent as JSON, strings and bytes as they are);
    returns the exit code, the parsed response lines and stderr."""
    raw = b"".join(
        (line if isinstance(line, bytes) else (line if isinstance(line, str) else json.dumps(line)).encode("utf-8")) + b"\n"
        for line in lines
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code, out, err = run(capsys, "serve", *argv)
    assert out == "" or out.endswith("\n")
    return code, [json.loads(x) for x in out.splitlines()], err


def test_two_audits_in_one_session_give_the_reports_of_auditor_audit(capsys, monkeypatch):
    src, tgt, other = S001.read_text(), S000.read_text(), S002.read_text()
    req = {"op": "audit", "source": src, "target": tgt, "source_id": "text1", "target_id": "text2"}
    code, out, err = serve(capsys, monkeypatch, [{**req, "id": 1}, {**req, "id": "b", "target": other}])
    assert code == 0, err
    assert [r["id"] for r in out] == [1, "b"] and all(r["ok"] for r in out)
    for response, target in zip(out, (tgt, other)):
        code, want, _ = run(capsys, "audit", "--text", src, target, "--format", "json")
        assert code == 0
        assert response["report"] == json.loads(want)
    assert out[0]["report"]["findings"] and out[0]["report"]["score"]["fidelity"] >= 0


def test_an_audit_of_files_with_allow_paths_is_auditor_audit_of_those_files(capsys, monkeypatch):
    req = {"id": 7, "op": "audit", "source_path": str(S001), "target_path": str(S000), "target_lang": "en"}
    code, out, err = serve(capsys, monkeypatch, [req], "--allow-paths")
    assert code == 0 and out[0]["ok"], (out, err)
    _, want, _ = run(capsys, "audit", str(S001), str(S000), "--target-lang", "en", "--format", "json")
    assert out[0]["report"] == json.loads(want)


def test_paths_are_refused_without_allow_paths(capsys, monkeypatch):
    reqs = [
        {"id": 1, "op": "audit", "source_path": str(S001), "target_path": str(S000)},
        {"id": 2, "op": "lint", "path": str(S002)},
        {"id": 3, "op": "score", "source_path": str(S001), "target": ["x"]},
    ]
    code, out, _ = serve(capsys, monkeypatch, reqs)
    assert code == 0
    assert [(r["id"], r["ok"], r["error"]["code"]) for r in out] == [(1, False, "A254"), (2, False, "A254"), (3, False, "A254")]
    assert all("--allow-paths" in r["error"]["fix"] for r in out)


def test_lint_is_the_report_of_auditor_audit_with_one_document(capsys, monkeypatch):
    text = S002.read_text()
    code, out, _ = serve(capsys, monkeypatch, [{"id": "l", "op": "lint", "text": text}])
    assert code == 0 and out[0]["ok"] and out[0]["id"] == "l"
    _, want, _ = run(capsys, "audit", "--text", text, "--format", "json")
    assert out[0]["report"] == json.loads(want) and out[0]["report"]["mode"] == "lint"


def test_score_gives_the_rows_of_auditor_score(capsys, monkeypatch, tmp_path):
    src = ["The committee approved the budget.", "The minister resigned on Tuesday."]
    tgt = ["The committee approved the budget.", "Bananas are rich in potassium and fibre."]
    req = {"id": 3, "op": "score", "source": src, "target": tgt, "source_lang": "en", "target_lang": "en"}
    code, out, err = serve(capsys, monkeypatch, [req])
    assert code == 0 and out[0]["ok"], (out, err)
    s, t = tmp_path / "s.txt", tmp_path / "t.txt"
    s.write_text("\n".join(src) + "\n")
    t.write_text("\n".join(tgt) + "\n")
    _, want, summary = run(capsys, "score", "--source", str(s), "--target", str(t), "--source-lang", "en", "--target-lang", "en")
    assert out[0]["segments"] == [json.loads(x) for x in want.splitlines()]
    assert out[0]["segments"][1]["findings"]
    score = out[0]["score"]
    assert f"mean fidelity: {score['fidelity']:.2f}" in summary and f"signature: {score['signature']}" in summary


def test_score_refuses_unequal_or_empty_segment_lists(capsys, monkeypatch):
    reqs = [
        {"id": 1, "op": "score", "source": ["a b c.", "d e f."], "target": ["a b c."]},
        {"id": 2, "op": "score", "source": [], "target": []},
        {"id": 3, "op": "score", "source": "a b c.", "target": ["a b c."]},
        {"id": 4, "op": "score", "target": ["a b c."]},
    ]
    code, out, _ = serve(capsys, monkeypatch, reqs)
    assert code == 0
    assert [r["error"]["code"] for r in out] == ["A420", "A253", "A253", "A253"]
    assert "missing field 'source'" in out[3]["error"]["message"]


def test_ping_answers_with_the_version(capsys, monkeypatch):
    code, out, err = serve(capsys, monkeypatch, [{"id": "p", "op": "ping"}, {"op": "ping"}])
    assert code == 0
    assert out == [{"id": "p", "ok": True, "version": __version__}, {"id": None, "ok": True, "version": __version__}]


def test_a_malformed_line_is_answered_and_the_worker_goes_on(capsys, monkeypatch):
    deep = "[" * 100_000 + "]" * 100_000
    lines = ['{"id": 1, "op": "ping"', b"\xff\xfe not utf-8", "[1, 2]", deep, "", {"id": 2, "op": "ping"}, b'{"id": 3, "op": "ping"}\r']
    code, out, err = serve(capsys, monkeypatch, lines)
    assert code == 0
    assert [r["error"]["code"] for r in out[:4]] == ["A250"] * 4 and all(r["id"] is None for r in out[:4])
    assert out[4:] == [{"id": i, "ok": True, "version": __version__} for i in (2, 3)]  # a blank line is no request
    assert "Traceback" not in err


def test_unknown_op_missing_and_unknown_fields(capsys, monkeypatch):
    reqs = [
        {"id": 1, "op": "translate", "text": "x"},
        {"id": 2},
        {"id": 3, "op": "audit", "source": "One sentence here."},
        {"id": 4, "op": "audit", "source": "One sentence here.", "target": "Another one there.", "colour": "red"},
        {"id": 5, "op": "audit", "source": "One.", "target": 5},
        {"id": [6], "op": "ping"},
        {"id": 7, "op": "lint", "text": "A text.", "path": "also.txt"},
        {"id": 8, "op": "lint", "path": "a\0b.txt"},
    ]
    code, out, _ = serve(capsys, monkeypatch, reqs, "--allow-paths")
    assert code == 0
    assert [(r["id"], r["error"]["code"]) for r in out] == [
        (1, "A252"), (2, "A252"), (3, "A253"), (4, "A253"), (5, "A253"), (None, "A253"), (7, "A253"), (8, "A253")
    ]
    assert "colour" in out[3]["error"]["message"]


def test_library_errors_are_answered_with_their_code(capsys, monkeypatch):
    text = "The committee approved the budget on Tuesday."
    reqs = [
        {"id": 1, "op": "audit", "source": text, "target": text},  # identical: A411
        {"id": 2, "op": "audit", "source_path": "no/such/file.txt", "target": text},
        {"id": 3, "op": "lint", "text": "   "},
        {"id": 4, "op": "lint", "text": text, "lang": "not a language"},
    ]
    code, out, err = serve(capsys, monkeypatch, reqs, "--allow-paths")
    assert code == 0
    assert [r["ok"] for r in out] == [False] * 4
    assert out[0]["error"]["code"] == "A411" and out[0]["error"]["fix"]
    assert out[1]["error"]["code"].startswith("A4") and "no/such/file.txt" in out[1]["error"]["message"]
    assert out[2]["error"]["code"].startswith("A4") and out[3]["error"]["code"] == "A253"


def test_an_oversized_line_is_refused_unread_and_the_worker_goes_on(capsys, monkeypatch):
    big = {"id": 1, "op": "lint", "text": "word " * 2000}
    at_limit = b'{"id": 2, "op": "ping"}'.ljust(1000) + b"\r"  # 1,000 bytes and a CRLF: allowed
    code, out, _ = serve(capsys, monkeypatch, [big, at_limit, at_limit + b"x"], "--max-bytes", "1000")
    assert code == 0
    assert out[0]["ok"] is False and out[0]["error"]["code"] == "A251" and "1,000 bytes" in out[0]["error"]["message"]
    assert out[1]["ok"] and out[1]["id"] == 2
    assert out[2]["error"]["code"] == "A251" and len(out) == 3


def test_empty_input_exits_0_with_no_output(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    assert run(capsys, "serve") == (0, "", "")


def test_stdout_carries_only_responses_and_texts_are_not_logged(capsys, monkeypatch):
    real_lint = api.Auditor.lint

    def chatty(self, *a, **k):
        print("a stray print from the library")
        return real_lint(self, *a, **k)

    monkeypatch.setattr(api.Auditor, "lint", chatty)
    secret = "The embargoed story says the minister resigned on Tuesday."
    code, out, err = serve(capsys, monkeypatch, [{"id": 1, "op": "lint", "text": secret}, {"id": 2, "op": "bad", "text": secret}])
    assert code == 0 and [r["id"] for r in out] == [1, 2]
    assert "stray print" in err and secret not in err


def test_an_internal_error_answers_the_request_and_ends_the_worker_with_70(capsys, monkeypatch):
    def boom(self, *a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(api.Auditor, "lint", boom)
    monkeypatch.delenv("AUDITOR_DEBUG", raising=False)
    code, out, err = serve(capsys, monkeypatch, [{"id": 9, "op": "lint", "text": "A text."}, {"id": 10, "op": "ping"}])
    assert code == 70
    assert len(out) == 1 and out[0]["id"] == 9 and out[0]["error"]["code"] == "A700"
    assert "internal error" in err and "Traceback" not in err


def test_no_socket_is_opened(capsys, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("auditor serve opened a socket")

    monkeypatch.setattr(socket.socket, "bind", refuse)
    monkeypatch.setattr(socket.socket, "listen", refuse)
    code, out, _ = serve(capsys, monkeypatch, [{"id": 1, "op": "lint", "text": "A short text to lint."}, {"op": "ping"}])
    assert code == 0 and all(r["ok"] for r in out)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Local only: no network socket is opened" in help_text
