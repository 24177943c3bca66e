"""wordfreq's Zipf frequencies, compiled once into memory-mapped tables.

:func:`auditor.detect.spinner.zipf` answers every word-frequency question in auditor. Asking
:mod:`wordfreq` itself costs a warm process about half a second before the first answer: importing
it (langcodes, regex, ftfy, msgpack), listing its languages and unpacking a language's whole list
(0.2 s for English, 0.35 s for German). This module compiles, once per installed wordfreq, what
those lookups need into the compiled-table store (:mod:`auditor.compiled`), so a warm process
answers them from memory-mapped arrays without importing wordfreq at all:

* :func:`languages` — wordfreq's languages (``available_languages()``: language -> data file)
  with, for each, whether its words can take the fast path (below) and whether wordfreq needs an
  optional segmenter for it (jieba, MeCab), plus the letters a fast-path word may contain.
* :func:`zipf` — ``wordfreq.zipf_frequency(word, lang)`` where the table can answer it exactly,
  None where only wordfreq can (the caller then asks wordfreq).

When the table is exact
-----------------------
``zipf_frequency(word, lang)`` tokenises ``word`` (``lossy_tokenize``: ``preprocess_text``, then
wordfreq's token regex, quote uncurling, digit smashing) and looks the token(s) up. The table takes
a word only where all of that provably reduces to one dictionary lookup of
``key = unicodedata.normalize("NFC", word).casefold()``:

1. the **language's** preprocessing is exactly NFC + ``str.casefold``: wordfreq's
   ``get_language_info`` says tokenizer ``regex``, normal form ``NFC``, no mark removal, no
   dotless i (tr, az, kk), no comma/cedilla fixing (ro, tr), no transliteration (sr, sh, az) and no
   lookup transliteration (zh). With wordfreq 3.1: bg ca cs da de el en es fi fil fr hu id is it
   lt lv mk ms nb nl pl pt ru sk sl sv uk vi (and wordfreq matches the code to its own list
   exactly). Every other language goes to wordfreq;
2. the **key** is not empty, is its own NFC form and its own case-fold (so ``simple_tokenize``'s
   second NFC and case-fold change nothing), and each of its characters is a *fast letter*: a
   Latin, Greek or Cyrillic letter (category L*) with the Unicode word-break property ALetter and
   in ``\\w`` (checked with wordfreq's own ``regex`` module), not in wordfreq's spaceless class,
   NFC- and case-fold-stable, and left alone by ftfy's ``uncurl_quotes`` (that excludes U+02BC
   MODIFIER LETTER APOSTROPHE) and by ``smash_numbers``. Between two ALetter characters Unicode
   word segmentation never breaks (UAX #29 rule WB5) and none of them is ``'``, ``@`` or a digit,
   so wordfreq's token regex returns the whole key as its only token, unchanged.
   Words with digits, apostrophes, hyphens, spaces, combining marks left after NFC, or letters of
   other scripts go to wordfreq. (A word in NFD form is composed by the first step and can
   qualify: ``"natu\\u0308rlich"`` is looked up as ``"natürlich"``, as wordfreq does.)

For such a key wordfreq returns a value that depends only on ``get_frequency_dict(lang)[key]``
(or on the key being absent: the ``minimum``). The table therefore stores each qualifying word of
the list with a code for its frequency, and each code's value *as computed by
``wordfreq.zipf_frequency`` itself* on one word of that frequency (and the absent value on a word
that is not in the list): no rounding is reproduced here. Built, every stored value is checked
against ``lossy_tokenize`` on those representatives, and a language whose check fails is left to
wordfreq.

Layout and collisions
---------------------
Per language: ``hash`` (sorted uint64: 64-bit FNV-1a of the word's UTF-8), ``code`` (uint16:
index into ``values``), ``start`` (uint32: where the word begins in ``blob``), ``blob`` (the
stored words in UTF-8, each followed by ``\\n``, in the list's order) and ``values`` (float64;
``values[0]`` is the value of a word not in the list). A lookup bisects ``hash`` and compares the
stored bytes (and the ``\\n`` after them) of every entry with an equal hash, so a hash collision
(of two stored words, or of a queried word and a stored one) can never return another word's value.

With the store switched off (``compiled.configure(enabled=False)``) nothing is built: every lookup goes to wordfreq, as
building the tables on every run would cost more than it saves.

Freshness: the fingerprint of both tables names the installed versions of wordfreq and the
packages that shape its answers (langcodes, regex, ftfy, msgpack), the size and mtime of
wordfreq's modules and of every file in its ``data`` folder, and (by :mod:`auditor.compiled`) this
module's source and auditor's and Python's versions. Reinstalling or upgrading wordfreq builds new
tables on the next call.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

#: Packages whose code or data shapes wordfreq's answers (their installed versions are inputs of
#: the tables' fingerprints).
PACKAGES = ("wordfreq", "langcodes", "regex", "ftfy", "msgpack")

#: The language info under which wordfreq's preprocessing is plain NFC + case-fold (``script``
#: aside). A wordfreq that adds a field no longer matches: its languages go to wordfreq.
PLAIN_INFO = {
    "tokenizer": "regex", "normal_form": "NFC", "remove_marks": False, "dotless_i": False,
    "diacritics_under": None, "transliteration": None, "lookup_transliteration": None,
}
SCRIPTS = ("Latin", "Greek", "Cyrillic")
MAX_CODEPOINT = 0x20000  # Latin, Greek and Cyrillic letters all lie below (SMP extensions included)

_lock = threading.Lock()


# --------------------------------------------------------------------------- fingerprint inputs


def _listing(folder: Path, suffix: str = "") -> list[str]:
    out: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    for e in entries:
        if e.is_file() and e.name.endswith(suffix):
            st = e.stat()
            out.append(f"{e.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return out


@lru_cache(maxsize=1)
def environment() -> str | None:
    """What the tables depend on, as text (see the module's docstring); None when wordfreq is not
    installed. Costs a few stat calls, never an import of wordfreq."""
    from importlib.util import find_spec

    try:
        spec = find_spec("wordfreq")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    from .dists import NotInstalled, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except NotInstalled:
            return "-"

    parts = [f"{name}={installed(name)}" for name in PACKAGES]
    parts += _listing(package, ".py")
    parts += ["data:"] + _listing(package / "data")
    return "\n".join(parts)


# --------------------------------------------------------------------------- languages


def _build_languages(fast: bool = True) -> dict[str, Any]:
    """The languages table; ``fast=False``: every language goes to wordfreq (no letters computed)."""
    import langcodes
    import regex
    import wordfreq
    from ftfy.fixes import uncurl_quotes
    from wordfreq.language_info import get_language_info
    from wordfreq.numbers import smash_numbers
    from wordfreq.tokens import SPACELESS_EXPR, lossy_tokenize

    available = wordfreq.available_languages()
    langs: dict[str, tuple[str, bool, bool]] = {}
    for lang, path in sorted(available.items()):
        info = dict(get_language_info(lang))
        info.pop("script", None)
        exact = langcodes.closest_match(lang, list(available), max_distance=60)[0] == lang
        segmenter = info.get("tokenizer") in ("jieba", "mecab") or info.get("lookup_transliteration") is not None
        langs[lang] = (str(path), bool(fast and exact and info == PLAIN_INFO), bool(segmenter))
    if not fast:
        return {"languages": langs, "letters": ""}

    scripts = "".join(rf"\p{{Script={s}}}" for s in SCRIPTS)
    letter_re = regex.compile(rf"[[{scripts}]&&\p{{WordBreak=ALetter}}&&\w]", regex.V1)
    spaceless_re = regex.compile(f"[{SPACELESS_EXPR}]", regex.V1)
    everything = "".join(map(chr, range(MAX_CODEPOINT)))
    letters = []
    for m in letter_re.finditer(everything):
        c = m.group()
        if (
            unicodedata.category(c)[0] == "L" and c.isalpha() and c not in "'@"
            and unicodedata.normalize("NFC", c) == c and c.casefold() == c
            and not spaceless_re.fullmatch(c) and uncurl_quotes(c) == c and smash_numbers(c) == c
            and lossy_tokenize(f"{c}a{c}", "en") == [f"{c}a{c}"]  # wordfreq's tokeniser agrees
        ):
            letters.append(c)
    return {"languages": langs, "letters": "".join(letters)}


@lru_cache(maxsize=1)
def _languages() -> dict[str, Any] | None:
    env = environment()
    if env is None:
        return None
    from .compiled import location, table

    try:
        if location() is None:  # the store is off: building tables every run would cost more
            return _build_languages(fast=False)  # than it saves, so every lookup goes to wordfreq
        return table("wordfreq-languages", [env], _build_languages, builder=__name__)
    except ImportError:  # wordfreq (or what it imports) is installed but cannot be imported
        return None


def languages() -> dict[str, tuple[str, bool, bool]]:
    """wordfreq's languages: ``{lang: (data file, fast path, needs a segmenter)}``; empty when
    wordfreq is not installed (or cannot be imported)."""
    t = _languages()
    return dict(t["languages"]) if t is not None else {}


def needs_segmenter(lang: str) -> bool:
    """wordfreq imports an optional segmenter (jieba, MeCab) to look words up in ``lang``."""
    t = _languages()
    entry = t["languages"].get(lang) if t is not None else None
    return bool(entry[2]) if entry is not None else True


@lru_cache(maxsize=1)
def _letters() -> frozenset[str]:
    t = _languages()
    return frozenset(t["letters"]) if t is not None else frozenset()


def key(word: str) -> str | None:
    """The one token wordfreq would look ``word`` up as in a fast-path language, or None where
    that is not certain (see the module's docstring)."""
    k = unicodedata.normalize("NFC", word).casefold()
    if not k or not _letters().issuperset(k) or k.casefold() != k or not unicodedata.is_normalized("NFC", k):
        return None
    return k


# --------------------------------------------------------------------------- per-language tables


FNV_OFFSET = 0xCBF29CE484222325  # 64-bit FNV-1a: stable across processes, cheap to vectorise
FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
_NEWLINE = ord("\n")


def _hash(data: bytes) -> int:
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & _MASK64
    return h


def _hashes(blob: Any, starts: Any, lengths: Any) -> Any:
    """:func:`_hash` of every word ``blob[starts[i] : starts[i] + lengths[i]]``, with numpy."""
    import numpy as np

    h = np.full(len(starts), FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(FNV_PRIME)
    by_length = np.argsort(-lengths, kind="stable")
    counts = np.bincount(lengths, minlength=1)
    longer = len(starts) - np.cumsum(counts)  # longer[j]: how many words have more than j bytes
    for j in range(int(lengths.max(initial=0))):
        idx = by_length[: longer[j]]
        h[idx] = (h[idx] ^ blob[starts[idx] + j].astype(np.uint64)) * prime  # wraps modulo 2**64
    return h


def _build_table(lang: str) -> dict[str, Any]:
    import re

    import numpy as np
    import wordfreq
    from wordfreq.tokens import lossy_tokenize

    letters = _letters()
    freqs = wordfreq.get_frequency_dict(lang)  # the very dict wordfreq's lookups read

    # the words some key can equal: fast letters only, NFC and case-fold stable
    words = list(freqs)
    text = "\n".join(words)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    starts = np.zeros(len(words), dtype=np.int64)
    starts[1:] = np.cumsum(lengths + 1)[:-1]
    other = re.compile("[^\n" + "".join(re.escape(c) for c in sorted(letters)) + "]")
    bad = lengths == 0
    at = np.fromiter((m.start() for m in other.finditer(text)), dtype=np.int64)
    bad[np.searchsorted(starts, at, side="right") - 1] = True
    words = [w for w, b in zip(words, bad.tolist()) if not b]
    text = "\n".join(words)
    if text.casefold() != text or not unicodedata.is_normalized("NFC", text):  # per word only if needed
        words = [w for w in words if w.casefold() == w and unicodedata.is_normalized("NFC", w)]
        text = "\n".join(words)

    freq = np.fromiter(map(freqs.__getitem__, words), dtype=np.float64, count=len(words))
    distinct, first = np.unique(freq, return_index=True)  # ascending
    if len(distinct) >= np.iinfo(np.uint16).max:
        raise ValueError(f"wordfreq {lang!r}: {len(distinct)} distinct frequencies")
    codes = (np.searchsorted(distinct, freq) + 1).astype(np.uint16)
    absent = "zqxj"
    while absent in freqs:
        absent += "zqxj"
    representatives = [words[i] for i in first.tolist()]
    values = [float(wordfreq.zipf_frequency(w, lang)) for w in [absent, *representatives]]
    if not all(key(w) == w and lossy_tokenize(w, lang) == [w] for w in [absent, *representatives]):
        words, codes, values = [], codes[:0], []  # the argument failed here: wordfreq answers for lang

    blob = np.frombuffer((text + "\n").encode("utf-8") if words else b"", dtype=np.uint8)
    ends = np.flatnonzero(blob == ord("\n"))  # every word is followed by one "\n"
    bstarts = np.zeros(len(ends), dtype=np.int64)
    bstarts[1:] = ends[:-1] + 1
    if len(blob) >= 2**32:
        raise ValueError(f"wordfreq {lang!r}: word list too large")
    hashes = _hashes(blob, bstarts, ends - bstarts)
    order = np.argsort(hashes, kind="stable")
    return {
        "hash": hashes[order], "code": codes[order], "start": bstarts[order].astype(np.uint32),
        "blob": blob, "values": np.array(values, dtype=np.float64),
    }


@dataclass(frozen=True)
class _Table:
    hashes: memoryview  # 'Q'
    codes: memoryview  # 'H'
    starts: memoryview  # 'I'
    blob: memoryview  # 'B'
    values: tuple[float, ...]


def _view(a: Any, fmt: Literal["B", "H", "I", "Q"]) -> memoryview:
    return memoryview(a).cast("B").cast(fmt)


@lru_cache(maxsize=None)
def _table(lang: str) -> _Table | None:
    t = _languages()
    entry = t["languages"].get(lang) if t is not None else None
    if entry is None or not entry[1]:
        return None
    from .compiled import arrays

    with _lock:  # one build per language, even with several threads asking at once
        try:
            a = arrays(f"wordfreq-{lang}", [environment() or "", lang], lambda: _build_table(lang), builder=__name__)
        except ImportError:
            return None
    if not len(a["values"]):
        return None  # the build's own check failed: wordfreq answers for this language
    return _Table(_view(a["hash"], "Q"), _view(a["code"], "H"), _view(a["start"], "I"), _view(a["blob"], "B"),
                  tuple(float(v) for v in a["values"]))


def zipf(word: str, lang: str) -> float | None:
    """``wordfreq.zipf_frequency(word, lang)`` from the compiled table, or None where the table
    cannot answer exactly (a language or word outside the fast path; wordfreq not installed)."""
    t = _table(lang)
    if t is None:
        return None
    k = key(word)
    if k is None:
        return None
    data = k.encode("utf-8")
    h = _hash(data)
    hashes = t.hashes
    i = bisect_left(hashes, h)
    while i < len(hashes) and hashes[i] == h:
        start = t.starts[i]
        end = start + len(data)
        if end < len(t.blob) and t.blob[end] == _NEWLINE and t.blob[start:end] == data:
            return t.values[t.codes[i]]
        i += 1
    return t.values[0]


__all__ = ["environment", "key", "languages", "needs_segmenter", "zipf"]
