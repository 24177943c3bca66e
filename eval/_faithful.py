"""Faithful translations read in place from ``../shared/data``: the sets the false-alarm benchmark
(``eval/false_alarms.py``) audits, where every critical or major finding is a false alarm.

Each loader returns plain values (lists of strings and tuples): nothing here imports auditor.

* :func:`wmt21_references`: newstest2021 English sources against one professional German
  reference (A, C or D), line by line, with each line's document id (joined from the MQM span file
  by normalised source text, as ``eval/mqm.py`` does).
* :func:`mqm_clean`: machine translations that every MQM rater marked error-free (WMT20 and WMT21
  en-de span files; the human references the raters also saw are left out).
* :func:`demetr_unperturbed`: DEMETR's corrected English translations (``mt_sent``) of sentences in
  ten languages, development half, each (source, translation) pair once.
* :func:`textberg`: Text+Berg German–French documents (one sentence a line, professionally
  translated yearbook articles): the dev document and the seven test documents.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

SYS_DIR = "wmt21-news-systems/txt"
SPANS = {
    "wmt20": "wmt-mqm/full-error-spans-via-wmt-qe-2022/mqm_newstest2020_ende.tsv.gz",
    "wmt21": "wmt-mqm/full-error-spans-via-wmt-qe-2022/mqm-newstest2021_ende.tsv.gz",
}
DEMETR_LANGS = {
    "chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi", "italian": "it",
    "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es",
}  # fmt: skip
TEXTBERG = "sentence-alignment/textberg-de-fr/vecalign/bleualign_data"
TEXTBERG_DOCS = ("dev",) + tuple(f"test{i}" for i in range(7))


def _need(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"error: {path} not found: pass --data pointing at the shared data folder")
    return path


def _lines(path: Path) -> list[str]:
    return _need(path).read_text(encoding="utf-8").removesuffix("\n").split("\n")


def norm(text: str) -> str:
    """What the MQM copies and the WMT text files agree on: quotes, thousands separators, white space."""
    t = re.sub(r"</?v>", "", text)
    t = t.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "‚": "'", "‘": "'", "’": "'", "«": '"', "»": '"'}))
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    return " ".join(t.split())


def _span_rows(data: Path, year: str):
    with gzip.open(_need(data / SPANS[year]), "rt", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        for row in reader:
            yield dict(zip(header, row))


def wmt21_references(data: Path, ref: str) -> tuple[list[str], list[str], list[str]]:
    """(sources, reference lines, document id per line) of newstest2021 en-de."""
    src = _lines(data / SYS_DIR / "sources/newstest2021.en-de.src.en")
    tgt = _lines(data / SYS_DIR / f"references/newstest2021.en-de.ref.{ref}.de")
    if len(src) != len(tgt):
        raise SystemExit(f"error: newstest2021 source has {len(src)} lines, reference {ref} {len(tgt)}")
    doc_of: dict[str, str] = {}
    for r in _span_rows(data, "wmt21"):
        doc_of.setdefault(norm(r["source"]), r["doc"])
    docs, last = [], "?"
    for s in src:
        last = doc_of.get(norm(s), last)  # an unrated line belongs to the document before it
        docs.append(last)
    return src, tgt, docs


def mqm_clean(data: Path, year: str) -> list[tuple[str, str, str, str]]:
    """(source, MT, system, document) of every MT segment all of whose raters found no error."""
    cats: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    text: dict[tuple[str, str, str], tuple[str, str]] = {}
    for r in _span_rows(data, year):
        system = r["system"]
        if system.startswith("ref") or system.startswith("Human"):
            continue  # human references: rated too, but not machine translation
        key = (system, r["doc"], r["seg_id"])
        cats[key].add(r["category"].lower())
        text.setdefault(key, (norm(r["source"]), norm(r["target"])))
    out = [(text[k][0], text[k][1], k[0], k[1]) for k in sorted(cats) if cats[k] == {"no-error"}]
    return [x for x in out if x[0] and x[1]]


def demetr_unperturbed(data: Path) -> dict[str, list[tuple[str, str]]]:
    """Source language -> unique (source sentence, corrected English MT) pairs of DEMETR's dev half."""
    folder = _need(data / "demetr/dataset")
    seen: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for path in sorted(folder.glob("*.json")):
        for it in json.loads(path.read_text(encoding="utf-8")):
            lang = DEMETR_LANGS.get(it.get("lang_tag", ""))
            if lang and it.get("src_sent") and it.get("mt_sent"):
                seen[lang][(it["src_sent"].replace("\n", " ").strip(), it["mt_sent"].replace("\n", " ").strip())] = None
    return {lang: list(pairs) for lang, pairs in sorted(seen.items())}


def textberg(data: Path, names: tuple[str, ...] = TEXTBERG_DOCS) -> list[tuple[str, Path, Path]]:
    """(name, German path, French path) of Text+Berg documents."""
    folder = _need(data / TEXTBERG)
    return [(n, _need(folder / f"{n}.de"), _need(folder / f"{n}.fr")) for n in names]
