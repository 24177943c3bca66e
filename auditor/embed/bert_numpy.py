"""A torch-free BERT sentence encoder in numpy, for a sentence-transformers model folder.

It reproduces what ``SentenceTransformer(path).encode(texts)`` computes for a plain BERT
model with mean pooling (all-MiniLM-L6-v2 and its kind), without importing torch or
sentence-transformers (several seconds of import on a cold start):

* tokenisation with the ``tokenizers`` library from the folder's ``tokenizer.json``, with the
  truncation sentence-transformers applies (``max_seq_length`` from
  ``sentence_bert_config.json``, capped at the model's ``max_position_embeddings``) and the same
  special tokens; padding per batch with an attention mask;
* the BertModel forward pass in float32: word + position + token-type-0 embeddings and
  LayerNorm, then ``num_hidden_layers`` layers of multi-head self-attention with an additive
  mask, and a feed-forward block with exact (erf-based) GELU, each followed by LayerNorm with the
  config's ``layer_norm_eps``;
* mean pooling over the attention mask (``1_Pooling/config.json``).

The result is *not* L2-normalised even when the folder lists a Normalize module: the caller
normalises (auditor does it in :func:`auditor.embed.base.normalise`).

Weights are read with ``safetensors.numpy`` (no torch). Texts are sorted by token count and
batched under a sentence cap and a token budget, so little work is spent on padding; results
come back in input order. Nothing heavy happens at import: numpy only.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .base import cpu_share


BATCH_SIZE = 64  # at most this many sentences per forward pass
TOKEN_BUDGET = 2048  # and at most this many (padded) tokens per pass: bounds the attention's memory
BATCH_COST = 128  # a forward pass's fixed cost in padded tokens, when choosing where to cut batches
# A call with fewer tokens than this runs numpy's BLAS on one thread (unless ``threads`` says otherwise):
# its matrices are small, and on a busy machine every multi-threaded product waits for a descheduled
# thread (measured on a loaded 2-core box: the 48 sentences of the seed pair 0.65 s on one thread,
# 1.5-7 s on two). Bigger calls keep BLAS's own thread count, where the extra cores pay off.
SINGLE_THREAD_BELOW = 8192
_MASKED = np.float32(-1e30)  # additive attention mask for padding keys: exp() of it is exactly 0


class UnsupportedModelError(ValueError):
    """The folder holds a model this encoder does not implement (not BERT, not mean pooling, ...)."""


# ---------------------------------------------------------------------------- maths


# erf on [-4, 4] as x * P(x^2) / Q(x^2): the float32 rational approximation of Eigen and XLA.
# Evaluated in float32 it is within a few ulp of the exact erf; outside [-4, 4] erf is +-1 in float32.
_ERF_ALPHA = (
    -2.72614225801306e-10,
    2.77068142495902e-08,
    -2.10102402082508e-06,
    -5.69250639462346e-05,
    -7.34990630326855e-04,
    -2.95459980854025e-03,
    -1.60960333262415e-02,
)
_ERF_BETA = (
    -1.45660718464996e-05,
    -2.13374055278905e-04,
    -1.68282697438203e-03,
    -7.37332916720468e-03,
    -1.42647390514189e-02,
)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function of an array, as float32 (no scipy): ``x * P(x^2) / Q(x^2)`` on [-4, 4]."""
    u = np.array(x, dtype=np.float32, copy=True)
    return _erf_(u, np.empty_like(u), np.empty_like(u))


def _erf_(u: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """erf of float32 ``u`` computed into ``p`` (returned); ``u`` and ``q`` are scratch of the same shape."""
    np.clip(u, -4.0, 4.0, out=u)
    np.multiply(u, u, out=q)  # q = x^2 while p is built
    np.multiply(q, np.float32(_ERF_ALPHA[0]), out=p)
    p += np.float32(_ERF_ALPHA[1])
    for c in _ERF_ALPHA[2:]:
        p *= q
        p += np.float32(c)
    p *= u  # p = x * P(x^2); u is free from here on
    np.multiply(q, np.float32(_ERF_BETA[0]), out=u)
    u += np.float32(_ERF_BETA[1])
    for c in _ERF_BETA[2:]:
        u *= q
        u += np.float32(c)
    p /= u
    return p


_GELU_CHUNK = 256  # rows per GELU pass: keeps the ~15 elementwise passes inside the CPU cache


def gelu_(x: np.ndarray) -> np.ndarray:
    """HF's ``"gelu"`` (``0.5 * x * (1 + erf(x / sqrt(2)))``), in place on a float32 ``x``."""
    flat = x.reshape(-1, x.shape[-1]) if x.ndim > 1 else x.reshape(1, -1)
    rows = min(_GELU_CHUNK, flat.shape[0])
    u, p, q = (np.empty((rows, flat.shape[1]), dtype=np.float32) for _ in range(3))
    for start in range(0, flat.shape[0], rows):
        part = flat[start : start + rows]
        k = part.shape[0]
        np.multiply(part, np.float32(np.sqrt(0.5)), out=u[:k])
        e = _erf_(u[:k], p[:k], q[:k])
        e += np.float32(1.0)
        e *= np.float32(0.5)
        part *= e
    return x


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis (biased variance, as torch)."""
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(np.square(centred), axis=-1, keepdims=True)
    var += np.float32(eps)
    centred *= 1.0 / np.sqrt(var)
    centred *= weight
    centred += bias
    return centred


def softmax_(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, in place."""
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


# ---------------------------------------------------------------------------- model


class _Layer:
    """One transformer layer's weights, laid out for ``x @ W``."""

    def __init__(self, w: dict[str, np.ndarray], prefix: str) -> None:
        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[f"{prefix}.{name}"], dtype=np.float32)

        q, k, v = (get(f"attention.self.{n}.weight") for n in ("query", "key", "value"))
        self.qkv_w = np.ascontiguousarray(np.concatenate([q, k, v], axis=0).T)  # (hidden, 3 * hidden)
        self.qkv_b = np.concatenate([get(f"attention.self.{n}.bias") for n in ("query", "key", "value")])
        self.attn_out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.attn_out_b = get("attention.output.dense.bias")
        self.attn_ln_w = get("attention.output.LayerNorm.weight")
        self.attn_ln_b = get("attention.output.LayerNorm.bias")
        self.inter_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.inter_b = get("intermediate.dense.bias")
        self.out_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.out_b = get("output.dense.bias")
        self.out_ln_w = get("output.LayerNorm.weight")
        self.out_ln_b = get("output.LayerNorm.bias")


class BertSentenceEncoder:
    """Mean-pooled BERT sentence vectors from a sentence-transformers folder, in numpy.

    ``BertSentenceEncoder(path).encode(texts)`` → float32 ``(len(texts), hidden_size)``, rows in
    input order, not normalised.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        batch_size: int = BATCH_SIZE,
        token_budget: int = TOKEN_BUDGET,
        threads: int | None = None,
    ) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(path)
        config = _read_json(folder / "config.json")
        _check_config(config)
        self.max_length = _max_seq_length(folder, config)
        _check_pipeline(folder)
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        if self.hidden % self.heads:
            raise UnsupportedModelError(f"hidden_size {self.hidden} is not a multiple of {self.heads} heads")
        self.head_dim = self.hidden // self.heads
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.batch_size = max(1, int(batch_size))
        self.token_budget = max(self.max_length, int(token_budget))
        self.batch_cost = BATCH_COST
        self.threads = threads  # BLAS threads during encode; None: 1 for small calls, else BLAS's default

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # tokenizer.json pads to 128: we pad per batch ourselves
        self.tokenizer.enable_truncation(max_length=self.max_length, strategy="longest_first", stride=0)
        self.pad_id = int(config.get("pad_token_id", 0) or 0)

        w = load_file(str(folder / "model.safetensors"))
        w = {(k[len("bert."):] if k.startswith("bert.") else k): v for k, v in w.items()}
        self.word = np.asarray(w["embeddings.word_embeddings.weight"], dtype=np.float32)
        self.position = np.asarray(w["embeddings.position_embeddings.weight"], dtype=np.float32)
        self.type0 = np.asarray(w["embeddings.token_type_embeddings.weight"][0], dtype=np.float32)
        self.emb_ln_w = np.asarray(w["embeddings.LayerNorm.weight"], dtype=np.float32)
        self.emb_ln_b = np.asarray(w["embeddings.LayerNorm.bias"], dtype=np.float32)
        self.layers = [_Layer(w, f"encoder.layer.{i}") for i in range(int(config["num_hidden_layers"]))]

    # ------------------------------------------------------------------ public

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text, with [CLS]/[SEP] and truncation, unpadded."""
        return [enc.ids for enc in self.tokenizer.encode_batch(list(texts), add_special_tokens=True)]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled vectors, float32 ``(len(texts), hidden)``, in input order."""
        ids = self.tokenize(texts)
        out = np.zeros((len(ids), self.hidden), dtype=np.float32)
        threads = self.threads
        if threads is None and sum(len(i) for i in ids) < SINGLE_THREAD_BELOW:
            threads = 1
        batches = length_batches([len(i) for i in ids], self.batch_size, self.token_budget, self.batch_cost)
        with _blas_threads(threads):
            workers = min(len(batches), cpu_share()) if threads == 1 else 1
            if workers > 1:
                # one-threaded BLAS in each of two threads: whole batches side by side, with no
                # barrier inside a product for a descheduled thread to hold up (numpy drops the GIL)
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(workers, thread_name_prefix="auditor-bert") as pool:
                    for batch, vecs in zip(batches, pool.map(lambda b: self._encode_batch([ids[i] for i in b]), batches)):
                        out[batch] = vecs
            else:
                for batch in batches:
                    out[batch] = self._encode_batch([ids[i] for i in batch])
        return out

    # ------------------------------------------------------------------ internals

    def _encode_batch(self, ids: list[list[int]]) -> np.ndarray:
        n, width = len(ids), max(len(i) for i in ids)
        tokens = np.full((n, width), self.pad_id, dtype=np.int64)
        mask = np.zeros((n, width), dtype=np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        hidden = self._forward(tokens, mask)
        summed = np.einsum("bld,bl->bd", hidden, mask)
        counts = np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        return (summed / counts).astype(np.float32, copy=False)

    def _forward(self, tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n, width = tokens.shape
        x = self.word[tokens]
        x += self.position[:width]
        x += self.type0
        x = layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps)
        additive = np.where(mask > 0, np.float32(0.0), _MASKED).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(self.head_dim))
        for layer in self.layers:
            flat = x.reshape(n * width, self.hidden)
            qkv = flat @ layer.qkv_w
            qkv += layer.qkv_b
            qkv = qkv.reshape(n, width, 3, self.heads, self.head_dim).transpose(2, 0, 3, 1, 4)  # 3, n, h, l, d
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += additive
            softmax_(scores)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * width, self.hidden)
            attn = context @ layer.attn_out_w
            attn += layer.attn_out_b
            attn += flat
            h = layer_norm(attn, layer.attn_ln_w, layer.attn_ln_b, self.eps)
            inter = h @ layer.inter_w
            inter += layer.inter_b
            gelu_(inter)
            out = inter @ layer.out_w
            out += layer.out_b
            out += h
            x = layer_norm(out, layer.out_ln_w, layer.out_ln_b, self.eps).reshape(n, width, self.hidden)
        return x


def _blas_threads(threads: int | None) -> contextlib.AbstractContextManager[Any]:
    """A context limiting numpy's BLAS to ``threads`` (threadpoolctl); a no-op for None or without it."""
    if not threads:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency of auditor
        return contextlib.nullcontext()
    return threadpool_limits(limits=int(threads), user_api="blas")


def length_batches(
    lengths: Sequence[int], batch_size: int, token_budget: int, batch_cost: int = BATCH_COST
) -> list[list[int]]:
    """Indices grouped by length, longest first, at the least padded work.

    Sorted by length (longest first), the items are cut into consecutive groups of at most
    ``batch_size`` items and, padded to their longest, at most ``token_budget`` tokens (a single
    longer item still gets a group), minimising the padded tokens plus ``batch_cost`` per group
    (the fixed cost of a forward pass, in tokens). Dynamic programming over the cut points.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    width = [max(1, int(lengths[i])) for i in order]
    n = len(order)
    best = [0.0] + [float("inf")] * n  # best[j]: cheapest way to batch the first j items
    cut = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, max(0, j - batch_size) - 1, -1):  # the group is order[i:j], width[i] widest
            size = j - i
            if size > 1 and size * width[i] > token_budget:
                break  # wider groups only get longer going left
            cost = best[i] + size * width[i] + batch_cost
            if cost < best[j]:
                best[j], cut[j] = cost, i
    batches: list[list[int]] = []
    j = n
    while j > 0:
        batches.append(order[cut[j] : j])
        j = cut[j]
    return batches[::-1]


# ---------------------------------------------------------------------------- config checks


def _read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _check_config(config: dict[str, Any]) -> None:
    problems = []
    if config.get("model_type", "bert") != "bert":
        problems.append(f"model_type {config.get('model_type')!r} (only 'bert')")
    if config.get("hidden_act", "gelu") != "gelu":
        problems.append(f"hidden_act {config.get('hidden_act')!r} (only 'gelu')")
    if config.get("position_embedding_type", "absolute") != "absolute":
        problems.append(f"position_embedding_type {config.get('position_embedding_type')!r} (only 'absolute')")
    if problems:
        raise UnsupportedModelError("the numpy BERT encoder does not support " + "; ".join(problems))


def _max_seq_length(folder: Path, config: dict[str, Any]) -> int:
    """sentence-transformers' truncation length: max_seq_length, capped at the position table."""
    positions = int(config.get("max_position_embeddings", 512))
    st_config = folder / "sentence_bert_config.json"
    if st_config.exists():
        st = _read_json(st_config)
        if st.get("do_lower_case"):
            raise UnsupportedModelError("sentence_bert_config.json do_lower_case=true is not supported")
        if st.get("max_seq_length"):
            return min(int(st["max_seq_length"]), positions)
    return positions


def _check_pipeline(folder: Path) -> None:
    """Only Transformer → mean Pooling (→ Normalize, left to the caller) is implemented."""
    modules_file = folder / "modules.json"
    if modules_file.exists():
        kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in _read_json(modules_file)]
        extra = [k for k in kinds if k not in ("Transformer", "Pooling", "Normalize")]
        if extra:
            raise UnsupportedModelError(f"modules.json lists modules the numpy encoder lacks: {extra}")
    pooling_file = folder / "1_Pooling" / "config.json"
    if pooling_file.exists():
        pooling = _read_json(pooling_file)
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
        if modes != ["pooling_mode_mean_tokens"]:
            raise UnsupportedModelError(f"pooling {modes} (only pooling_mode_mean_tokens)")
