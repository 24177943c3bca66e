"""Every bad input gets a clear message, a documented exit code, no traceback, and no write over an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import api, cli
from auditor.embed.fake import FakeEmbedder
from auditor.embed.registry import choose_model
from auditor.types import Thresholds

ROOT = Path(__file__).resolve().parents[1]
S001 = next((ROOT / "data" / "samples").glob("001_*.txt"))


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=128)

    def patched(self, s, t):
        choose_model(s or "en", t or "en")  # the registry still refuses languages no model covers
        return fake, Thresholds(0.45, 0.55, 0.2)

    monkeypatch.setattr(api.Auditor, "embedder_for", patched)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def check(code, err, want_code, *needles):
    assert code == want_code, err
    assert "Traceback" not in err
    assert "fix:" in err
    for n in needles:
        assert n.lower() in err.lower(), (n, err)


def test_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "audit", S001, tmp_path / "nope.txt")
    check(code, err, 4, "not found", "nope.txt")


def test_directory_instead_of_file(capsys, tmp_path):
    code, _, err = run(capsys, "audit", S001, tmp_path)
    check(code, err, 4, "directory")


def test_empty_and_whitespace_only(capsys, tmp_path):
    for content in ("", "  \n\t \n"):
        p = tmp_path / "blank.txt"
        p.write_text(content)
        code, _, err = run(capsys, "audit", S001, p)
        check(code, err, 4, "empty")


def test_binary_file(capsys, tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, _, err = run(capsys, "audit", S001, p)
    check(code, err, 4, "binary")


def test_undecodable_text_names_the_offset_and_the_fix(capsys, tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Le président a refusé de quitter la capitale.".encode("latin-1"))
    code, _, err = run(capsys, "audit", S001, p)
    check(code, err, 4, "utf-8", "--encoding")
    code, out, err = run(capsys, "audit", S001, p, "--encoding", "latin-1", "--format", "json", "--target-lang", "fr")
    assert code == 0, err


def test_too_large_document_and_the_override(capsys, tmp_path):
    p = tmp_path / "huge.txt"
    sentence = "The council met again on Tuesday to discuss the budget for the coming year. "
    p.write_text(sentence * (5_000_000 // len(sentence) + 1))
    assert p.stat().st_size > 5_000_000
    code, _, err = run(capsys, "audit", S001, p)
    check(code, err, 4, "--max-bytes")


def test_language_no_model_covers(capsys, tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("tlhIngan Hol Dajatlh'a'? Heghlu'meH QaQ jajvam.\n")
    code, _, err = run(capsys, "audit", S001, p, "--target-lang", "tlh")
    assert code in (2, 3), err
    assert "Traceback" not in err and "fix:" in err and "tlh" in err


def test_identical_source_and_target(capsys, tmp_path):
    code, _, err = run(capsys, "audit", S001, S001)
    check(code, err, 4, "same file")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(S001.read_bytes())
    code, _, err = run(capsys, "audit", S001, copy)
    check(code, err, 4, "identical", "--allow-identical")


def test_no_write_over_an_input(capsys, tmp_path):
    src = tmp_path / "src.txt"
    src.write_bytes(S001.read_bytes())
    before = src.read_bytes()
    code, _, err = run(capsys, "audit", src, src.with_name("t.txt"), "-o", src)
    assert code in (2, 4) and src.read_bytes() == before
    tgt = tmp_path / "t.txt"
    tgt.write_text("Russian troops stormed toward Ukraine's capital early Saturday.\n")
    code, _, err = run(capsys, "audit", src, tgt, "-o", tgt)
    check(code, err, 2, "input")
    assert src.read_bytes() == before


def test_bad_flag_value(capsys):
    code, _, err = run(capsys, "audit", S001, S001, "--max-bytes", "lots")
    check(code, err, 2, "size")
