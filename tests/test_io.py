"""Reading documents: every format, every refusal, and offsets that lead back to the file."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.errors import BadInputError, UsageError
from auditor.io import read as read_module
from auditor.io.read import document_from_text, read_document, read_documents, read_lines
from auditor.types import Document

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SEED_001 = SAMPLES / "001_0ba629fe7179814c.txt"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def file_line_col(original: str, needle: str) -> tuple[int, int]:
    """1-based line:col of ``needle`` in a file's text, lines split at \\n, \\r\\n or \\r."""
    at = original.index(needle)
    before = original[:at].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    col = at - max(original.rfind("\n", 0, at), original.rfind("\r", 0, at))
    return line, col


def assert_locates(doc: Document, needle: str, raw_needle: str | None = None) -> None:
    """``needle`` in doc.text is reported at the line:col where ``raw_needle`` sits in the file."""
    start = doc.text.index(needle)
    assert doc.line_col(start) == file_line_col(doc.original, raw_needle or needle), needle


# --------------------------------------------------------------------------- plain text


def test_txt_seed_reads_with_stem_id_and_exact_offsets():
    doc = read_document(SEED_001)
    assert doc.id == SEED_001.stem
    assert doc.format == "text"
    assert doc.path == str(SEED_001)
    assert doc.original == SEED_001.read_text(encoding="utf-8")
    assert len(doc.text) == len(doc.original)  # only NBSP → space, which keeps lengths
    assert "\u00a0" not in doc.text and "By Ruchi Upadhyay " in doc.text
    for i, ch in enumerate(doc.text):  # every character maps to itself in the file
        orig = doc.original[doc.locator.to_original(i)]
        assert orig == ch or (ch == " " and orig == "\u00a0")
    assert_locates(doc, "“We’re all here. Our military")
    assert doc.line_col(doc.text.index("U.S. officials")) == (21, 99)


def test_every_seed_reads_as_one_english_document():
    for path in sorted(SAMPLES.glob("0*.txt")):
        docs = read_documents(path)
        assert len(docs) == 1
        assert docs[0].lang == "en" and docs[0].lang_source == "detected"


def test_unknown_extension_is_read_as_text(tmp_path):
    doc = read_document(write(tmp_path, "story.article", "Hello world. This is a story."))
    assert doc.format == "text" and doc.id == "story"


def test_document_from_text_normalises_like_a_file():
    doc = document_from_text("donâ€™t stop\r\nnow", doc_id="s1", lang="en")
    assert doc.text == "don’t stop\nnow"
    assert doc.id == "s1" and doc.format == "string" and doc.path is None
    assert doc.lang == "en" and doc.lang_source == "given" and doc.lang_confidence == 1.0
    assert doc.line_col(doc.text.index("now")) == (2, 1)


def test_document_from_text_refuses_empty_and_non_strings():
    with pytest.raises(BadInputError, match="empty or holds only whitespace"):
        document_from_text("  \n\t ")
    with pytest.raises(UsageError, match="expects a str"):
        document_from_text(b"bytes")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- normalisation


def test_mojibake_is_repaired_and_columns_stay_right(tmp_path):
    raw = "First line.\nWe donâ€™t know, said Ukraineâ€™s leader.\nLast line."
    doc = read_document(write(tmp_path, "m.txt", raw))
    assert doc.text == "First line.\nWe don’t know, said Ukraine’s leader.\nLast line."
    assert doc.original == raw
    assert_locates(doc, "know, said")  # after the repaired apostrophe
    assert_locates(doc, "leader.")
    assert_locates(doc, "Last line.")
    assert doc.line_col(doc.text.index("’")) == (2, 7)  # the repair points at its mojibake


def test_typography_is_kept():
    doc = document_from_text("“Curly” ‘quotes’ – dashes … and ﬁ ligatures", lang="en")
    assert doc.text == "“Curly” ‘quotes’ – dashes … and ﬁ ligatures"


def test_nfc_and_odd_spaces_and_zero_width(tmp_path):
    raw = "Cafe\u0301 au\u00a0lait\u202fnow\nzero\u200bwidth here"
    doc = read_document(write(tmp_path, "n.txt", raw))
    assert doc.text == "Café au lait now\nzerowidth here"
    assert_locates(doc, "lait")
    assert doc.line_col(doc.text.index("width")) == (2, 6)  # after the dropped U+200B
    assert doc.line_col(doc.text.index("here")) == (2, 12)


def test_crlf_and_lone_cr_become_newlines_with_lines_right(tmp_path):
    raw = "One line.\r\nTwo line.\rThree line.\nFour line."
    doc = read_document(write(tmp_path, "crlf.txt", raw))
    assert doc.text == "One line.\nTwo line.\nThree line.\nFour line."
    assert doc.original == raw
    for needle in ("One", "Two", "Three", "Four", "line.\nFour"):
        assert_locates(doc, needle)
    assert doc.line_col(doc.text.index("Four")) == (4, 1)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "codec, bom",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_byte_order_marks_choose_the_encoding(tmp_path, codec, bom):
    text = "¿Dónde está?\nAquí está el presidente."
    doc = read_document(write(tmp_path, "bom.txt", bom + text.encode(codec)))
    assert doc.text == text and doc.original == text
    assert doc.line_col(doc.text.index("Aquí")) == (2, 1)


def test_encoding_argument_is_used(tmp_path):
    path = write(tmp_path, "latin.txt", "Le café est très bon.".encode("cp1252"))
    assert read_document(path, encoding="cp1252").text == "Le café est très bon."


def test_unknown_encoding_is_a_usage_error(tmp_path):
    path = write(tmp_path, "a.txt", "Hello there, friend.")
    with pytest.raises(UsageError, match="unknown encoding 'no-such-codec'") as info:
        read_document(path, encoding="no-such-codec")
    assert info.value.fix


def test_undecodable_names_the_byte_offset(tmp_path):
    path = write(tmp_path, "bad.txt", b"Line one.\nCaf\xe9 here.")
    with pytest.raises(BadInputError) as info:
        read_document(path)
    message = str(info.value)
    assert "byte offset 13" in message and "line 2" in message and "e9" in message
    assert "iconv" in info.value.fix and "--encoding" in info.value.fix


# --------------------------------------------------------------------------- refusals


def test_missing_file(tmp_path):
    with pytest.raises(BadInputError, match="file not found") as info:
        read_documents(tmp_path / "nope.txt")
    assert info.value.exit_code == 4 and info.value.fix


def test_directory(tmp_path):
    with pytest.raises(BadInputError, match="is a directory"):
        read_documents(tmp_path)


def test_binary_file(tmp_path):
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BadInputError, match="looks like a binary file"):
        read_documents(path)


def test_control_characters_look_binary(tmp_path):
    path = write(tmp_path, "ctl.txt", bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 50)
    with pytest.raises(BadInputError, match="looks like a binary file"):
        read_documents(path)


def test_utf16_without_bom_looks_binary_and_says_how_to_read_it(tmp_path):
    path = write(tmp_path, "u16.txt", "Hello there, friend.".encode("utf-16-le"))
    with pytest.raises(BadInputError, match="binary") as info:
        read_documents(path)
    assert "--encoding utf-16-le" in info.value.fix
    assert read_document(path, encoding="utf-16-le").text == "Hello there, friend."


def test_empty_file(tmp_path):
    with pytest.raises(BadInputError, match="empty"):
        read_documents(write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file(tmp_path):
    with pytest.raises(BadInputError, match="only whitespace"):
        read_documents(write(tmp_path, "blank.txt", " \n\t\r\n\u00a0\n"))


def test_too_large(tmp_path):
    path = write(tmp_path, "big.txt", "word " * 400)
    with pytest.raises(BadInputError) as info:
        read_documents(path, max_bytes=1000)
    assert "2,000 bytes" in str(info.value) and "1,000 bytes" in str(info.value)
    assert "--max-bytes" in info.value.fix
    assert len(read_documents(path, max_bytes=2000)) == 1


def test_bad_max_bytes_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        read_documents(write(tmp_path, "a.txt", "Hello."), max_bytes=0)


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "Hidden text here.")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read_module, "open", denied, raising=False)
    with pytest.raises(BadInputError, match="permission denied") as info:
        read_documents(path)
    assert "chmod" in info.value.fix


def test_unsearchable_folder(tmp_path, monkeypatch):
    """The other refusal path: the file cannot even be looked at (a folder without search permission)."""
    path = write(tmp_path, "secret.txt", "Hidden text here.")
    real_stat = Path.stat

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", denied)
    with pytest.raises(BadInputError, match="permission denied") as info:
        read_documents(path)
    assert "chmod" in info.value.fix


NOBODY = 65534  # the conventional unprivileged uid/gid


def _read_without_privileges(path: Path) -> str:
    """``read_documents(path)`` in a forked child that has dropped root to ``nobody`` (root reads
    anything, and CI runs as root). Returns what happened: ``refused: <message> | <fix>``, ``read``,
    or the unexpected exception."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(r)
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            except OSError as exc:
                outcome = f"cannot drop root: {exc!r}"
            else:
                try:
                    read_documents(path)
                    outcome = "read"
                except BadInputError as exc:
                    outcome = f"refused: {exc.message} | {exc.fix}"
                except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
                    outcome = f"unexpected: {exc!r}"
            os.write(w, outcome.encode("utf-8", "replace"))
        finally:
            os._exit(0)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 65536):
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_unreadable_file_for_real(what):
    """Real permissions, no patched call: a file with mode 0 (open fails) and a file in a folder
    without search permission (stat fails) are refused with a fix. As root the read runs in a child
    dropped to ``nobody``, so the test means the same in CI (root) as on a laptop."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="auditor-perm-"))  # not under pytest's root-only tmp folder
    try:
        base.chmod(0o755)
        folder = base / "locked" if what == "folder" else base
        folder.mkdir(exist_ok=True)
        path = write(folder, "secret.txt", "Hidden text here.")
        assert len(read_documents(path)) == 1  # readable first; this also imports what reading needs
        if what == "file":
            path.chmod(0)
        else:
            folder.chmod(0o600)  # readable listing, no search: the file cannot be stat'ed
        if os.geteuid() == 0:
            outcome = _read_without_privileges(path)
            if outcome.startswith("cannot drop root"):  # a container without CAP_SETUID
                pytest.skip(f"root cannot test real permissions here: {outcome}")
            assert outcome.startswith("refused: ") and "permission denied" in outcome, outcome
            assert "chmod" in outcome.split(" | ", 1)[1]
        else:
            with pytest.raises(BadInputError, match="permission denied") as info:
                read_documents(path)
            assert "chmod" in info.value.fix
    finally:
        for p in (base / "locked", base / "locked" / "secret.txt", base / "secret.txt"):
            if p.exists() or p.is_symlink():
                p.chmod(0o700)
        shutil.rmtree(base, ignore_errors=True)


def test_bad_lang_argument(tmp_path):
    with pytest.raises(UsageError, match="not a language code"):
        read_documents(write(tmp_path, "a.txt", "Hello there."), lang="english!")


# --------------------------------------------------------------------------- language


def test_lang_given_or_detected(tmp_path):
    path = write(tmp_path, "es.txt", "El presidente rechazó la oferta de Estados Unidos para salir de Kiev.")
    detected = read_document(path)
    assert (detected.lang, detected.lang_source) == ("es", "detected")
    assert 0.5 < detected.lang_confidence <= 1.0
    given = read_document(path, lang="PT-br")
    assert (given.lang, given.lang_source, given.lang_confidence) == ("pt", "given", 1.0)


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """\
---
title: Front matter title
---
# The **main** heading #

Some *emphasis*, a [link text](http://example.com/x) and ![a picture](img.png) here.
- item one with `code`
* item __two__

> A quoted line.
***
Escaped \\*stars\\* stay.
"""


def test_markdown_syntax_is_stripped_and_offsets_map(tmp_path):
    doc = read_document(write(tmp_path, "story.md", MARKDOWN))
    assert doc.format == "markdown" and doc.title == "Front matter title"
    lines = [ln for ln in doc.text.split("\n") if ln]
    assert lines == [
        "The main heading",
        "Some emphasis, a link text and  here.",
        "- item one with code",
        "* item two",
        "A quoted line.",
        "Escaped *stars* stay.",
    ]
    assert "http" not in doc.text and "picture" not in doc.text
    assert_locates(doc, "main heading", "main** heading")
    assert_locates(doc, "heading")
    assert_locates(doc, "link text")
    assert_locates(doc, "here.")
    assert_locates(doc, "code")
    assert_locates(doc, "two")
    assert_locates(doc, "A quoted")
    assert_locates(doc, "stay.")


def test_markdown_title_falls_back_to_first_heading(tmp_path):
    doc = read_document(write(tmp_path, "t.md", "Intro text here.\n\n## Section *one*\n\nBody text."))
    assert doc.title == "Section one"


# --------------------------------------------------------------------------- HTML

HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <title>Fallback title | Site</title>
  <meta property="og:title" content="Zelensky refuses offer">
  <meta property="og:site_name" content="The Daily">
  <meta property="article:published_time" content="2022-02-26">
  <link rel="canonical" href="https://example.com/story">
  <style>p { color: red }</style>
  <script>var msg = "The fight is here. Hundreds";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><p>Site banner text</p></header>
<article>
  <header><h1>Zelensky refuses US offer to flee Kyiv</h1></header>
  <p>He refused American help, saying: &ldquo;The fight is here.&rdquo; Hundreds
     of casualties were <b>reported</b> in the fighting.</p>
  <script>document.write("Hundreds of casualties");</script>
  <ul><li>First point here.</li><li>Second &amp; last point.</li></ul>
  <p>AT&amp;T said so.<br>New line after a break.</p>
  <!-- a comment with Hundreds in it -->
  <aside>Also read: something else</aside>
  <form><p>Subscribe now</p></form>
</article>
<footer>Copyright notice</footer>
</body>
</html>
"""


def test_html_text_blocks_and_dropped_elements(tmp_path):
    doc = read_document(write(tmp_path, "page.html", HTML))
    assert doc.format == "html" and doc.id == "page"
    assert doc.title == "Zelensky refuses offer"
    assert doc.outlet == "The Daily" and doc.date == "2022-02-26"
    assert doc.url == "https://example.com/story"
    assert doc.text.split("\n\n") == [
        "Zelensky refuses US offer to flee Kyiv",
        "He refused American help, saying: “The fight is here.” Hundreds of casualties were "
        "reported in the fighting.",
        "- First point here.",
        "- Second & last point.",
        "AT&T said so.\nNew line after a break.",
    ]
    for dropped in ("var msg", "color", "Home", "Site banner", "document.write", "comment",
                    "Also read", "Subscribe", "Copyright", "Fallback"):
        assert dropped not in doc.text


def test_html_offsets_point_into_the_file(tmp_path):
    doc = read_document(write(tmp_path, "page.htm", HTML))
    assert doc.original == HTML
    assert_locates(doc, "Zelensky refuses US")
    assert_locates(doc, "He refused")
    assert_locates(doc, "Hundreds of", "Hundreds\n")  # the text's, not the script's
    assert doc.line_col(doc.text.index("of casualties")) == (18, 6)  # the wrapped line
    assert_locates(doc, "reported")
    assert_locates(doc, "First point")
    assert_locates(doc, "AT&T", "AT&amp;T")
    assert_locates(doc, "New line after")
    start = doc.text.index("“The fight")
    assert doc.line_col(start) == file_line_col(HTML, "&ldquo;The fight")


def test_html_title_falls_back_to_title_element(tmp_path):
    page = "<html><head><title> Plain  title </title></head><body><p>Body text here.</p></body></html>"
    doc = read_document(write(tmp_path, "p.html", page))
    assert doc.title == "Plain title" and doc.text == "Body text here."


def test_html_declared_charset_is_honoured(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    page += "</head><body><p>Le caf\u00e9 est tr\u00e8s bon.</p></body></html>"
    doc = read_document(write(tmp_path, "latin.html", page.encode("cp1252")))
    assert doc.text == "Le café est très bon."
    utf8 = '<meta charset="utf-8"><p>Caf\u00e9 ok.</p>'
    assert read_document(write(tmp_path, "u.html", utf8)).text == "Café ok."


def test_html_without_text_is_refused(tmp_path):
    page = "<html><body><script>render()</script><nav>Menu</nav></body></html>"
    with pytest.raises(BadInputError, match="no text once markup"):
        read_documents(write(tmp_path, "empty.html", page))


# --------------------------------------------------------------------------- JSON Lines

JSONL = (
    '{"id": "a1", "text": "Caf\\u00e9 \\"quoted\\" text.\\nSecond line here.", "lang": "fr", '
    '"title": "T", "date": "2022-02-26", "url": "http://x", "outlet": "O"}\n'
    "\n"
    '{"text": "No id here. Another sentence follows it.", "extra": 1}\n'
)


def test_jsonl_records(tmp_path):
    path = write(tmp_path, "corpus.jsonl", JSONL)
    first, second = read_documents(path)
    assert first.id == "a1" and first.text == 'Café "quoted" text.\nSecond line here.'
    assert (first.lang, first.lang_source) == ("fr", "given")
    assert (first.title, first.date, first.url, first.outlet) == ("T", "2022-02-26", "http://x", "O")
    assert second.id == "corpus.jsonl#2" and second.lang == "en" and second.lang_source == "detected"
    assert first.format == "jsonl" and first.original == JSONL
    # offsets go through the JSON escapes to the right line and column
    assert first.line_col(0) == file_line_col(JSONL, "Caf\\u00e9")
    assert first.line_col(first.text.index("quoted")) == file_line_col(JSONL, 'quoted\\"')
    assert first.line_col(first.text.index("Second")) == file_line_col(JSONL, "Second")
    assert second.line_col(second.text.index("Another")) == (3, file_line_col(JSONL, "Another")[1])


def test_lang_argument_overrides_record_lang(tmp_path):
    first, _ = read_documents(write(tmp_path, "c.jsonl", JSONL), lang="de")
    assert (first.lang, first.lang_source) == ("de", "given")


def test_read_document_refuses_several_records(tmp_path):
    with pytest.raises(BadInputError, match="holds 2 records"):
        read_document(write(tmp_path, "c.jsonl", JSONL))


def test_jsonl_single_record_default_id(tmp_path):
    doc = read_document(write(tmp_path, "one.jsonl", '{"text": "Just one record here."}\n'))
    assert doc.id == "one.jsonl#1"


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"text": "ok"}\n{bad json\n', "line 2: not valid JSON"),
        ('{"text": "ok"}\n\n{"id": "x"}\n', 'line 3: the JSON record has no "text" field'),
        ('{"text": 5}\n', 'line 1: the JSON record has a "text" that is int'),
        ('["text"]\n', "line 1: expected a JSON object"),
        ('{"text": "  "}\n', "line 1: the record's text is empty"),
        ('{"text": "ok", "title": ["a"]}\n', "line 1: field 'title' is list"),
        ('{"text": "ok", "lang": "??"}\n', "line 1: '\\?\\?' is not a language code"),
        ('{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n', "line 2: id 'a' is already used on line 1"),
        ("\n\n", "holds no records"),
    ],
)
def test_jsonl_bad_records(tmp_path, content, message):
    with pytest.raises(BadInputError, match=message) as info:
        read_documents(write(tmp_path, "bad.jsonl", content))
    assert info.value.fix


def test_detached_records_keep_their_offsets(tmp_path):
    """A record sent to a worker carries its own lines of the file, not the whole file (issue 16:
    the whole file travelled with every chunk), and maps every offset where it did."""
    lines = [JSONL.split("\n")[0]] + [
        json.dumps({"id": f"r{i}", "text": f"Caf\u00c3\u00a9 n\u00ba {i}.\n\n\"Quoted\" line\u00a0two {'x' * i}."})
        for i in range(40)
    ]
    content = "\n".join(lines) + "\n"
    path = write(tmp_path, "many.jsonl", content)
    docs = read_documents(path) + read_documents(write(tmp_path, "corpus.csv", CSV))
    for doc in docs:
        cut = doc.detached()
        assert len(cut.original) < len(doc.original) and cut.text == doc.text
        for i in range(len(doc.text) + 1):
            assert cut.line_col(i) == doc.line_col(i), (doc.id, i)
            if i < len(doc.text):
                assert cut.original[cut.locator.to_original(i)] == doc.original[doc.locator.to_original(i)]
    assert docs[-1].detached().line_col(0) == file_line_col(CSV, "Plain")


# --------------------------------------------------------------------------- CSV

CSV = 'id,Title,text,lang\nx1,T1,"He said ""hi"" there.\nLine two.",en\n,T2,Plain text row here.,\n\n'


def test_csv_records(tmp_path):
    path = write(tmp_path, "corpus.csv", CSV)
    first, second = read_documents(path)
    assert first.id == "x1" and first.title == "T1"
    assert first.text == 'He said "hi" there.\nLine two.'
    assert (first.lang, first.lang_source) == ("en", "given")
    assert second.id == "corpus.csv#2" and second.text == "Plain text row here."
    assert first.format == "csv"
    assert first.line_col(0) == (2, 8)
    assert first.line_col(first.text.index("there")) == file_line_col(CSV, 'there.')
    assert first.line_col(first.text.index("Line two")) == (3, 1)
    assert second.line_col(0) == file_line_col(CSV, "Plain")


def test_tsv_records(tmp_path):
    doc = read_document(write(tmp_path, "c.tsv", "id\ttext\nt1\tTab separated text.\n"))
    assert doc.id == "t1" and doc.text == "Tab separated text."
    assert doc.line_col(0) == (2, 4)


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,body\n1,hello\n", "no 'text' column in its header row \\(columns: 'id', 'body'\\)"),
        ("id,text\n1,   \n", "line 2: the record's text is empty"),
        ("id,text\n", "has a header but no rows"),
        ("", "no 'text' column"),
    ],
)
def test_csv_bad_files(tmp_path, content, message):
    with pytest.raises(BadInputError, match=message):
        read_documents(write(tmp_path, "bad.csv", content))


# --------------------------------------------------------------------------- line-aligned files


def test_read_lines_keeps_every_line(tmp_path):
    path = write(tmp_path, "seg.jsonl", "First donâ€™t.\r\n\n  Third\u00a0line.\n")
    assert read_lines(path) == ["First don’t.", "", "  Third line."]
    assert read_lines(write(tmp_path, "no-final-break.txt", "a\nb")) == ["a", "b"]


def test_read_lines_refusals(tmp_path):
    with pytest.raises(BadInputError, match="empty"):
        read_lines(write(tmp_path, "e.txt", "\n\n"))
    with pytest.raises(BadInputError, match="binary"):
        read_lines(write(tmp_path, "b.txt", b"\x00\x01\x02"))
    with pytest.raises(BadInputError, match="file not found"):
        read_lines(tmp_path / "missing.txt")


# --------------------------------------------------------------------------- import cost


def test_importing_is_free():
    code = (
        "import sys, auditor.io.read, auditor.segment, auditor.lang; "
        "print(sorted(m for m in ('ftfy', 'bs4', 'py3langid', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_typographic_lines_need_no_ftfy():
    """Lines of ASCII and common typography skip ftfy (issue 15): ftfy would leave them unchanged."""
    import itertools
    import random
    import unicodedata

    import ftfy

    from auditor.io import normalise as nz

    cfg = nz._ftfy_config()
    special = sorted(nz._NEEDS_NO_REPAIR)
    rng = random.Random(7)
    printable = [chr(c) for c in range(32, 127)]
    lines = ["".join(rng.choice(special) if rng.random() < 0.4 else rng.choice(printable) for _ in range(rng.randint(1, 50)))
             for _ in range(3000)]
    lines += ["x" + "".join(c) + "y" for c in itertools.product([*special, "a", " "], repeat=3)]
    for line in lines:
        assert ftfy.fix_text(line, cfg) == unicodedata.normalize("NFC", line), repr(line)
    # and the normalised line is what the ftfy path gives
    for line in lines[:500]:
        assert nz._normalise_line(line) == unicodedata.normalize(
            "NFC", nz._ZERO_WIDTH.sub("", nz._LINE_BREAK.sub(" ", ftfy.fix_text(line, cfg).translate(nz._ODD_SPACES))))
    # mojibake still goes through ftfy
    assert nz._normalise_line("The caf\u00c3\u00a9 opened \u00e2\u20ac\u0153today\u00e2\u20ac\u009d") == "The café opened “today”"
