"""Fuzz tier (issue 12): readers and offsets, segmentation, JSON Lines / CSV records, the gate's
configuration loader, each with hypothesis on a fixed, derandomised example budget (``fuzz``
profile in ``tests/fuzz_settings.py``), so a CI run is reproducible and bounded.

The property everywhere: auditor either returns a well-formed value or raises one of its own coded
errors (:class:`auditor.errors.AuditorError`); nothing else escapes, and every offset it reports
points inside the text it read.
"""

from __future__ import annotations

import csv
import html
import io
import json
import unicodedata
from pathlib import Path

import pytest
from fuzz_settings import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from auditor.errors import AuditorError
from auditor.io.read import document_from_text, read_document, read_documents
from auditor.segment import segment_text

pytestmark = pytest.mark.fuzz

# printable text with the characters that break careless readers: quotes, separators, controls,
# bidi overrides, combining marks, CJK, emoji, entities and markup
HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list('"\'<>&;,\n\r\t\u202e\u2066\u200f\x1b\x07\x00\ufeff«»„“”:=+-@#')),
    ),
    max_size=300,
)
WORD = st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8).filter(
    lambda w: unicodedata.normalize("NFC", w) == w  # the reader normalises to NFC
)


def _span_ok(doc) -> None:
    n = len(doc.text)
    if doc.locator is not None:
        for off in (0, n // 2, n):
            line, col = doc.locator.line_col(off)
            assert line >= 1 and col >= 1


@FUZZ
@given(text=HOSTILE, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_file_reads_or_raises_a_coded_error(tmp_path_factory, text, suffix):
    path = Path(tmp_path_factory.mktemp("doc")) / f"doc{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        doc = read_document(path)
    except AuditorError:
        return
    _span_ok(doc)


@FUZZ
@given(words=st.lists(st.tuples(WORD, st.booleans()), min_size=1, max_size=20))
def test_html_entities_map_each_word_back_to_its_original_characters(tmp_path_factory, words):
    """Every word of the document text, located through the offsets, is the same word in the file
    once its entities are decoded (regression: `AT&amp;T2` was off by one after the entity)."""
    parts = []
    for w, encode in words:
        parts.append("".join(f"&#{ord(c)};" for c in w) if encode else html.escape(w))
    body = " ".join(parts)
    path = Path(tmp_path_factory.mktemp("html")) / "page.html"
    raw = f"<html><body><p>{body}</p></body></html>"
    path.write_text(raw, encoding="utf-8")
    doc = read_document(path)
    original = path.read_text(encoding="utf-8")
    pos = 0
    for w, _ in words:
        start = doc.text.find(w, pos)
        assert start >= 0, (w, doc.text)
        end = start + len(w)
        a, b = doc.locator.to_original(start), doc.locator.to_original(end)
        assert html.unescape(original[a:b]) == w, (w, original[a:b])
        pos = end


@FUZZ
@given(text=HOSTILE, lang=st.sampled_from(["en", "es", "de", "fr", "zh", "ja", "ru", "ar", "hi", "und"]))
def test_segments_are_ordered_in_bounds_and_equal_their_slice(text, lang):
    seg = segment_text(text, lang=lang)
    last = 0
    for s in seg.segments:
        assert last <= s.start <= s.end <= len(text)
        assert text[s.start : s.end] == s.text
        last = s.end


@FUZZ
@given(texts=st.lists(HOSTILE.filter(lambda t: t.strip()), min_size=1, max_size=6))
def test_jsonl_records_round_trip_or_raise_a_coded_error(tmp_path_factory, texts):
    path = Path(tmp_path_factory.mktemp("jsonl")) / "c.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    try:
        docs = read_documents(path)
    except AuditorError:
        return
    assert [d.id for d in docs] == [f"d{i}" for i in range(len(docs))]
    for d in docs:
        _span_ok(d)


@FUZZ
@given(texts=st.lists(HOSTILE.filter(lambda t: t.strip()), min_size=1, max_size=6))
def test_csv_records_round_trip_or_raise_a_coded_error(tmp_path_factory, texts):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "text"])
    for i, t in enumerate(texts):
        w.writerow([f"d{i}", t])
    path = Path(tmp_path_factory.mktemp("csv")) / "c.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        docs = read_documents(path)
    except AuditorError:
        return
    assert len(docs) == len(texts)


@FUZZ
@given(raw=HOSTILE)
def test_broken_jsonl_and_csv_never_escape_as_python_errors(tmp_path_factory, raw):
    folder = Path(tmp_path_factory.mktemp("broken"))
    for name in ("x.jsonl", "x.csv"):
        path = folder / name
        path.write_text(raw, encoding="utf-8", errors="surrogatepass")
        try:
            read_documents(path)
        except AuditorError:
            pass


TOML_VALUE = st.recursive(
    st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
              HOSTILE.map(lambda s: s[:40])),  # fmt: skip
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["targets", "source", "x"]), children, max_size=3),
    max_leaves=8,
)
GATE_KEYS = st.sampled_from(
    ["min_score", "fail_on", "house_style", "house_style_severity", "lint", "baseline", "pairs", "exclude", "unknown"]
)


@FUZZ
@given(table=st.dictionaries(GATE_KEYS, TOML_VALUE, max_size=5))
def test_the_gate_configuration_accepts_or_refuses_with_a_coded_error(tmp_path_factory, table):
    from auditor.gate import parse_gate_config

    root = Path(tmp_path_factory.mktemp("gate"))
    try:
        parse_gate_config(table, root=root, path=root / "auditor.toml")
    except AuditorError:
        pass


@FUZZ
@given(text=HOSTILE.filter(lambda t: t.strip()))
def test_documents_from_strings_keep_offsets_in_range(text):
    try:
        doc = document_from_text(text)
    except AuditorError:
        return
    _span_ok(doc)
