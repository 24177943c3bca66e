"""The experimental cross-encoder head (auditor.detect.xenc, eval/train_xenc.py): word read-out without
a model; pair encoding, forward shapes and the float16 delta round trip on the real model (``model`` tier)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from auditor.detect import xenc as X

ROOT = Path(__file__).resolve().parents[1]


def test_importing_xenc_loads_no_torch():
    code = "import sys, auditor.detect.xenc; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_word_labels_mark_every_word_a_span_touches():
    text = "Die Katze saß 2018 auf der Matte."
    lab = X.word_labels(text, [(15, 16, 1.0), (27, 30, 0.5)])  # a character of "2018", part of "Matte."
    assert lab.tolist() == [0, 0, 0, 1, 0, 0, 0.5]


def test_word_max_takes_the_largest_token_value_and_zero_for_words_without_tokens():
    vals = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.3]], np.float32)
    out = X.word_max(vals, np.array([0, 0, 2]), 4)
    assert np.allclose(out, [[0.7, 0.9], [0, 0], [0.3, 0.3], [0, 0]])


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("torch")
    return X.build_model(2, threads=2)


@pytest.mark.model
def test_encode_pairs_types_positions_and_truncation(model):
    src, tgt = "The cat sat on the mat in 2019.", "Die Katze saß 2018 auf der Matte."
    (e,) = X.encode_pairs(model.tokenizer, [src], [tgt])
    assert e.ids[0] == model.special["bos"] and e.ids[-1] == model.special["eos"]
    assert (e.types[: e.src_pos.max() + 2] == 0).all() and (e.types[e.tgt_pos] == 1).all()
    assert e.tgt_word.max() == e.n_tgt_words - 1 and e.src_word.max() == e.n_src_words - 1
    (c,) = X.encode_pairs(model.tokenizer, [src * 10], [tgt], max_len=40)
    assert len(c.ids) == 40 and c.n_tgt_words == 7 and c.tgt_word.max() == 6  # the long source is cut, not the target


@pytest.mark.model
def test_forward_shapes_and_delta_round_trip(model):
    import torch

    encs = X.encode_pairs(model.tokenizer, ["Hello world.", "Two words"], ["Hallo Welt.", "Zwei Wörter mehr"])
    pred = X.predict(model, encs)
    assert pred[0]["tgt"].shape == (2, 2) and pred[1]["tgt"].shape == (3, 2) and pred[0]["seg"].shape == (2,)
    delta = model.delta()
    assert all(v.dtype == torch.float16 for v in delta.values())
    assert all(
        k.startswith(("bert.encoder.layer.10.", "bert.encoder.layer.11.", "tgt_head", "src_head", "seg_head"))
        for k in delta
    )
    buf = io.BytesIO()
    torch.save({"meta": {"top": 2}, "delta": delta}, buf)
    other = X.build_model(2, threads=2)
    other.load_delta(torch.load(io.BytesIO(buf.getvalue()), weights_only=False)["delta"])
    again = X.predict(other, encs)
    assert np.allclose(again[1]["tgt"], pred[1]["tgt"], atol=2e-2)  # float16 heads/layers
