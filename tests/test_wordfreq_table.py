"""The compiled word-frequency table answers exactly what ``wordfreq.zipf_frequency`` answers.

:mod:`auditor.wordfreq_table` (speed issue 15) lets a warm process look words up without importing
wordfreq. These tests compare it with wordfreq word by word, in every language it takes, over the
list's most frequent words, a fixed random sample, case variants, absent words and the forms that
must go to wordfreq instead (apostrophes, hyphens, digits, NFD accents, ß, Turkish dotted and
dotless i, the empty string).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import unicodedata

import pytest

wordfreq = pytest.importorskip("wordfreq", reason="wordfreq is not installed")

from wordfreq.language_info import get_language_info  # noqa: E402

from auditor import compiled  # noqa: E402
from auditor import wordfreq_table as wt  # noqa: E402
from auditor.detect import spinner  # noqa: E402

NAMED = ("en", "de", "fr", "es", "ru", "pt", "it", "nl", "pl")
#: the languages whose preprocessing is plain NFC + case-fold (computed here from wordfreq, not
#: from the module under test; test_fast_languages checks that the module agrees)
FAST = sorted(lang for lang in wordfreq.available_languages()
              if {k: v for k, v in get_language_info(lang).items() if k != "script"} == wt.PLAIN_INFO)
SEED = 15

EXTRA = [
    # apostrophes (straight, curly, modifier letter), hyphens, digits
    "don't", "DON'T", "don’t", "l'homme", "aujourd'hui", "c'est", "rock'n'roll", "o'clock", "'tis", "ʼn",
    "e-mail", "well-known", "Jean-Pierre", "-", "--", "covid19", "covid-19", "2019", "1.5", "abc1", "3d", "mp3",
    # accents, precomposed and NFD; German ß and capital ẞ
    "natürlich", "natu\u0308rlich", "café", "cafe\u0301", "Ångström", "A\u030angstro\u0308m", "école", "e\u0301cole",
    "groß", "gross", "GROSS", "Straße", "STRASSE", "strasse", "ẞ", "GROẞ", "Maß", "masse",
    # Turkish and Azeri dotted/dotless i
    "İstanbul", "istanbul", "ISTANBUL", "ılık", "kız", "KIZ", "İ", "ı", "i̇",
    # other scripts, marks, symbols, spaces, the empty string
    "", " ", "a b", "the cat", "日本", "東京都", "ไทย", "😀", "@", "@s", "a@", "#tag", "x\u200dy", "\u00a0",
    "ς", "λέξις", "ΛΈΞΙΣ", "ǅ", "ǆ", "ﬁ", "ﬁnal", "Ⅻ", "²", "ª",
]


def _words(lang: str) -> list[str]:
    """Every form the comparison covers in ``lang``: the 2,000 most frequent words, 2,000 random
    ones (fixed seed), upper-case and title-case forms of every other one, absent words, the NFD
    forms of accented ones and EXTRA."""
    listed = list(wordfreq.iter_wordlist(lang))
    base = listed[:2000] + random.Random(SEED).sample(listed, 2000)
    forms = [w.upper() for w in base[::2]] + [w.title() for w in base[1::2]]
    absent = [w + "zq" for w in base[::10]] + [w[::-1] for w in base[5::10]] + ["qzxjv" + w for w in base[::20]]
    nfd = [unicodedata.normalize("NFD", w) for w in base if unicodedata.normalize("NFD", w) != w]
    return list(dict.fromkeys(base + forms + absent + nfd + EXTRA))


def _compare(lang: str) -> tuple[int, int]:
    """(words compared, of which the table answered); asserts no difference. The public entry
    point (fallback included) is compared on every tenth word and on EXTRA."""
    words = _words(lang)
    differ, fast = [], 0
    for i, w in enumerate(words):
        expected = wordfreq.zipf_frequency(w, lang)
        got = wt.zipf(w, lang)
        if got is not None:
            fast += 1
            if got != expected or type(got) is not float:
                differ.append((w, got, expected))
        if (i % 10 == 0 or w in EXTRA) and spinner.zipf(w, lang) != expected:
            differ.append((w, spinner.zipf(w, lang), expected))
    assert not differ, f"{lang}: {len(differ)} differences, e.g. {differ[:10]}"
    return len(words), fast


@pytest.fixture(autouse=True, scope="module")
def _store_on(tmp_path_factory):
    """The tables need the compiled-table store: switch it on (an earlier test may have switched it
    off) and forget what this process already decided."""
    saved = dict(compiled._state)
    compiled.configure(tmp_path_factory.mktemp("store"))

    def forget():
        for cached in (wt._languages, wt._letters, wt._table, spinner._wordfreq_langs, spinner._zipf):
            cached.cache_clear()

    forget()
    yield
    compiled._state.update(saved)
    forget()


def test_fast_languages():
    assert sorted(lang for lang, (_, fast, _) in wt.languages().items() if fast) == FAST


#: the default tier compares the English list; the slow tier every other (German ß, Cyrillic, …)
FAST_TIER = ("en",)


@pytest.mark.parametrize("lang", [lang for lang in FAST if lang in FAST_TIER])
def test_table_equals_wordfreq(lang):
    n, fast = _compare(lang)
    assert fast >= n // 2, f"{lang}: only {fast} of {n} words took the table"  # not vacuous


@pytest.mark.slow
@pytest.mark.parametrize("lang", [lang for lang in FAST if lang not in FAST_TIER])
def test_table_equals_wordfreq_other_lists(lang):
    n, fast = _compare(lang)
    assert fast >= n // 2


def test_the_named_languages_take_the_table():
    assert set(NAMED) <= set(FAST)
    assert not {"tr", "ro", "sh", "ar", "he", "fa", "ur", "hi", "bn", "ta", "zh", "ja", "ko"} & set(FAST)


def test_forms_wordfreq_must_answer():
    """Words whose wordfreq tokens are not their plain case-fold go to wordfreq."""
    for w in ["don't", "don’t", "e-mail", "covid19", "2019", "abc1", "", " ", "a b", "İstanbul", "i̇", "ʼn", "日本",
              "ไทย", "😀", "a@", "²"]:
        assert wt.key(w) is None, w
    for w in ["the", "The", "THE", "natu\u0308rlich", "groß", "ẞ", "ılık", "λέξις", "ΛΈΞΙΣ", "ǅ", "ﬁ"]:
        assert wt.key(w) == unicodedata.normalize("NFC", w).casefold(), w
    for w in ["istanbul", "İstanbul", "ılık", "KIZ", "kız"]:  # Turkish: dotted/dotless i, no table
        assert wt.zipf(w, "tr") is None
        assert spinner.zipf(w, "tr") == wordfreq.zipf_frequency(w, "tr")


def test_every_fast_letter_is_one_token():
    """Each letter the table accepts stays inside one wordfreq token, in every fast language."""
    letters = sorted(wt._letters())
    assert len(letters) > 500 and {"a", "ö", "é", "ж", "λ"} <= set(letters) and "ß" not in letters  # ß folds to ss
    assert not {"'", "’", "ʼ", "-", "@", "0", "\u0307"} & set(letters)
    for lang in FAST:
        for c in letters:
            word = f"x{c}{c}y"
            assert wordfreq.tokenize(word, lang) == [word], (lang, c)


def test_hash_collision_cannot_confuse(monkeypatch):
    """An absent word whose hash equals a listed word's still reads as absent: the stored bytes
    are compared."""
    listed = "house"
    absent = "housezqx"
    assert wt.zipf(listed, "en") == wordfreq.zipf_frequency(listed, "en") > 0
    real = wt._hash
    monkeypatch.setattr(wt, "_hash", lambda data: real(listed.encode()) if data == absent.encode() else real(data))
    assert wt.zipf(absent, "en") == wordfreq.zipf_frequency(absent, "en") == 0.0
    assert wt.zipf("houses", "en") == wordfreq.zipf_frequency("houses", "en")


def test_vectorised_hash_matches():
    import numpy as np

    words = [w.encode() for w in ["a", "the", "natürlich", "λέξις", "жизнь", "x" * 70]]
    blob = np.frombuffer(b"\n".join(words) + b"\n", dtype=np.uint8)
    ends = np.flatnonzero(blob == 10)
    starts = np.concatenate([[0], ends[:-1] + 1])
    assert wt._hashes(blob, starts, ends - starts).tolist() == [wt._hash(w) for w in words]


def test_fingerprint_names_wordfreq_and_its_data():
    env = wt.environment()
    assert env is not None
    from importlib.metadata import version

    assert f"wordfreq={version('wordfreq')}\n" in env and "large_en.msgpack.gz" in env and "__init__.py" in env


def test_no_store_means_wordfreq_answers(tmp_path):
    """With the store off building the tables would cost every run more than it saves:
    every lookup goes to wordfreq."""
    for cached in (wt._languages, wt._letters, wt._table):
        cached.cache_clear()
    compiled.configure(enabled=False)
    try:
        assert wt.zipf("house", "en") is None and "en" in wt.languages()
        assert spinner._zipf.__wrapped__("house", "en") == wordfreq.zipf_frequency("house", "en")
    finally:
        compiled.configure(tmp_path)
        for cached in (wt._languages, wt._letters, wt._table):
            cached.cache_clear()
    assert wt.zipf("house", "en") == wordfreq.zipf_frequency("house", "en")
    langs = wt._build_languages(fast=False)
    assert set(langs["languages"]) == set(wordfreq.available_languages())
    assert not any(fast for _, fast, _ in langs["languages"].values()) and langs["letters"] == ""
    assert {lang for lang, (_, _, seg) in langs["languages"].items() if seg} == {"ja", "ko", "zh"}


_PROBE = textwrap.dedent(
    """
    import sys
    from auditor.detect.spinner import zipf, _wordfreq_langs
    print(zipf("house", "en"), zipf("Houses", "en"), zipf("qzxjvhouse", "en"), "en" in _wordfreq_langs(),
          "wordfreq" in sys.modules)
    """
)


def test_warm_process_does_not_import_wordfreq(tmp_path):
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True).stdout.split()
            for _ in range(2)]
    expected = [str(wordfreq.zipf_frequency(w, "en")) for w in ("house", "Houses", "qzxjvhouse")] + ["True"]
    assert runs[0] == expected + ["True"]  # cold: wordfreq built the tables
    assert runs[1] == expected + ["False"]  # warm: read from the store, wordfreq never imported


def test_segmenter_languages_still_probe():
    """zh/ja/ko still go through the probe (and its DeclinedWarning when the segmenter is missing)."""
    for lang in ("zh", "ja", "ko"):
        assert wt.needs_segmenter(lang)
    for lang in NAMED:
        assert not wt.needs_segmenter(lang)
        assert spinner._segmenter_ready(lang)



def test_words_outside_the_table_are_asked_once_then_remembered(monkeypatch, tmp_path):
    """"covid-19", "o'brien": wordfreq's own answer, kept in the analysis memo for the next run."""
    import wordfreq

    compiled.configure(tmp_path)
    try:
        asked = []
        real = wordfreq.zipf_frequency
        monkeypatch.setattr(wordfreq, "zipf_frequency", lambda w, lang, *a, **k: asked.append(w) or real(w, lang, *a, **k))
        words = ["covid-19", "o'brien", "mcdonald's", "2020er"]
        first = [spinner._wordfreq_zipf(w, "en") for w in words]
        assert asked == words and first == [real(w, "en") for w in words]
        asked.clear()
        spinner._zipf.cache_clear()
        assert [spinner._zipf(w, "en") for w in words] == first and asked == []  # from the memo
    finally:
        compiled.configure(None)
        spinner._zipf.cache_clear()
