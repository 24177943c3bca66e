"""Experiment (issue 14): fine-tune a small CROSS-ENCODER error head (the CometKiwi recipe, small), on CPU.

    nice -n 15 python eval/train_xenc.py --minutes 12 [--top 4] [--seed 0] [--out models/xenc_head.pt]
    nice -n 15 python eval/train_xenc.py --test models/xenc_head.pt      # the held-out WMT21 test, ONCE

``<s> source </s> target </s>`` through multilingual-e5-small (``auditor.detect.xenc``): frozen word
embeddings and lower layers, the top ``--top`` layers and three heads trained with AdamW on the pairs
of ``eval/train_head.py``'s ``collect()`` (same data, same document splits; the WMT21 en-de test
documents are never trained on or chosen on):

* target tokens: P(part of an accuracy error), word-level labels (a word is bad if a character of it
  lies in a span); output ``mqm`` on MQM pairs, ``edit`` on synthetic/DEMETR edits and clean pairs;
* source tokens: P(omitted) (MQM omission spans; deleted target words projected to the source through
  the frozen layer-8 alignment, as ``train_head.py`` does), same two outputs;
* segment: regression of log(1 + MQM penalty) (MQM pairs) and the logit of P(major) (every pair with a label).

``--minutes`` caps the whole run (data preparation, training, the final dev evaluation): training
stops early enough for the final dev evaluation to fit. Figures on the dev split: word MCC of target
words against MQM accuracy spans (WMT21 dev, threshold chosen there; also WMT20+21 dev), source-word
MCC, segment Kendall tau-b against the MQM penalty on WMT21 dev, next to the frozen head's dev figures.
The delta (trained layers + heads, float16) is written to ``--out`` when it is under 30 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import _learned_data as D  # noqa: E402
from train_head import TOKEN_TRAIN, StateStore, collect, mcc  # noqa: E402

from auditor.detect import xenc as X  # noqa: E402
from auditor.wordalign import itermax_links, token_labels  # noqa: E402

#: the frozen layer-8 head's dev figures (models/learned_head.toml [dev]; segment tau: train_head.py's note)
FROZEN_DEV = {"tgt_mqm_wmt21": 0.0576, "tgt_edit": 0.6575, "src_mqm": 0.3795, "src_edit": 0.3913, "seg_tau_wmt21": 0.19}
MAX_BYTES = 30_000_000


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- labels


class Item:
    """One pair ready for training/evaluation."""

    __slots__ = ("k", "enc", "tgt_lab", "src_lab", "tgt_out", "src_out", "seg_mqm", "seg_major")

    def __init__(self, k: int, enc: X.Encoded, tgt_lab: np.ndarray, src_lab: np.ndarray, tgt_out: np.ndarray,
                 src_out: np.ndarray, seg_mqm: float, seg_major: float) -> None:  # fmt: skip
        self.k, self.enc, self.tgt_lab, self.src_lab = k, enc, tgt_lab, src_lab
        self.tgt_out, self.src_out, self.seg_mqm, self.seg_major = tgt_out, src_out, seg_mqm, seg_major


def has_src(p: D.Pair) -> bool:
    return p.tag == "mqm" or bool(p.deleted) or p.clean is True


def projected_src_words(pairs: list[D.Pair], cache: Path, threads: int) -> dict[int, np.ndarray]:
    """Source-word labels of pairs with deleted target words: the deleted words of the clean target
    projected onto the source through the frozen layer-8 itermax alignment (as train_head.py does)."""
    need = [k for k, p in enumerate(pairs) if p.deleted and p.base_tgt is not None]
    if not need:
        return {}
    store = StateStore(cache, 8)
    texts = [t for k in need for t in (pairs[k].src, pairs[k].base_tgt)]
    store.ensure(texts, threads=threads)  # type: ignore[arg-type]
    store.consolidate()
    out = {}
    for k in need:
        p = pairs[k]
        s, b = store.side(p.src), store.side(p.base_tgt)  # type: ignore[arg-type]
        lab_tok = np.zeros(len(s), np.float32)
        if len(s) and len(b):
            bl = itermax_links(b.vectors @ s.vectors.T)
            gone = token_labels(b.offsets, [(x, y, 1.0) for x, y in p.deleted]) > 0
            lab_tok = bl[gone].any(axis=0).astype(np.float32)
        ws = X.word_spans(p.src)
        lab = np.zeros(len(ws), np.float32)
        for w, (a, e) in enumerate(ws):
            hit = (s.offsets[:, 0] < e) & (s.offsets[:, 1] > a) if len(s) else np.zeros(0, bool)
            if hit.any():
                lab[w] = lab_tok[hit].max()
        out[k] = lab
    return out


def make_items(pairs: list[D.Pair], idx: list[int], tokenizer, proj: dict[int, np.ndarray], max_len: int) -> list[Item]:
    encs = X.encode_pairs(tokenizer, [pairs[k].src for k in idx], [pairs[k].tgt for k in idx], max_len=max_len)
    items = []
    for k, e in zip(idx, encs):
        p = pairs[k]
        tok = p.dataset in TOKEN_TRAIN
        mq = p.tag == "mqm"
        tgt_lab = X.word_labels(p.tgt, p.tgt_bad)
        src_lab = X.word_labels(p.src, p.src_bad)
        if k in proj:
            src_lab = np.maximum(src_lab, proj[k])
        tgt_out = np.array([tok and mq, tok and (not mq or p.clean is True)], dtype=np.float32)
        hs = tok and has_src(p)
        src_out = np.array([hs, hs and (not mq or p.clean is True)], dtype=np.float32)
        seg_mqm = math.log1p(p.mqm) if p.mqm is not None else float("nan")
        seg_major = float(p.major) if p.major is not None else float("nan")
        items.append(Item(k, e, tgt_lab, src_lab, tgt_out, src_out, seg_mqm, seg_major))
    return items


# --------------------------------------------------------------------------- batches and loss


def batches(items: list[Item], max_tokens: int, rng: np.random.Generator) -> list[list[Item]]:
    """Length-bucketed: shuffle, sort within windows of ~50 batches, cut by padded tokens, shuffle batches."""
    perm = rng.permutation(len(items))
    out: list[list[Item]] = []
    win = 1000
    for c in range(0, len(perm), win):
        chunk = sorted((items[i] for i in perm[c : c + win]), key=lambda it: len(it.enc.ids))
        cur: list[Item] = []
        for it in chunk:
            if cur and (len(cur) + 1) * len(it.enc.ids) > max_tokens:
                out.append(cur)
                cur = []
            cur.append(it)
        if cur:
            out.append(cur)
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def targets(bt: list[Item], n: int):
    """Token label/weight tensors (B, n, 2) per side and the segment targets."""
    import torch

    yt = np.zeros((len(bt), n, 2), np.float32)
    wt = np.zeros((len(bt), n, 2), np.float32)
    ys = np.zeros((len(bt), n, 2), np.float32)
    ws = np.zeros((len(bt), n, 2), np.float32)
    for r, it in enumerate(bt):
        e = it.enc
        if len(e.tgt_pos):
            yt[r, e.tgt_pos] = it.tgt_lab[e.tgt_word][:, None]
            wt[r, e.tgt_pos] = it.tgt_out
        if len(e.src_pos):
            ys[r, e.src_pos] = it.src_lab[e.src_word][:, None]
            ws[r, e.src_pos] = it.src_out
    seg = np.array([[it.seg_mqm, it.seg_major] for it in bt], np.float32)
    return [torch.from_numpy(a) for a in (yt, wt, ys, ws, seg)]


def pos_weights(items: list[Item]) -> tuple[np.ndarray, np.ndarray]:
    """Per side and output: sqrt(negatives / positives) over the training tokens (1..10)."""
    res = []
    for side in ("tgt", "src"):
        pw = []
        for o in range(2):
            num = den = 0.0
            for it in items:
                e = it.enc
                if getattr(it, f"{side}_out")[o]:
                    words = e.tgt_word if side == "tgt" else e.src_word
                    lab = getattr(it, f"{side}_lab")[words]
                    num += float(lab.sum())
                    den += len(lab)
            p = num / max(den, 1.0)
            pw.append(float(np.clip(math.sqrt((1 - p) / max(p, 1e-6)), 1.0, 10.0)))
        res.append(np.array(pw, np.float32))
    return res[0], res[1]


# --------------------------------------------------------------------------- evaluation


def best_mcc(g: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    """The best MCC over thresholds (quantiles of q) and that threshold."""
    if not len(g) or not g.any():
        return 0.0, 0.5
    cands = np.unique(np.quantile(q, np.linspace(0.30, 0.998, 240)))
    best = (0.0, float(cands[-1]))
    for t in cands:
        m = mcc(g, q >= t)
        if m > best[0]:
            best = (m, float(t))
    return best


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(a, b).statistic)


def evaluate(model, pairs: list[D.Pair], items: list[Item], *, label: str) -> dict[str, float]:
    t0 = time.time()
    pred = X.predict(model, [it.enc for it in items])
    res: dict[str, float] = {}

    def gather(sel, side: str, out: int):
        gs, qs = [], []
        for it, pr in zip(items, pred):
            if sel(pairs[it.k], it):
                lab = it.tgt_lab if side == "tgt" else it.src_lab
                gs.append(lab > 0)
                qs.append(pr[side][:, out])
        if not gs:
            return np.zeros(0, bool), np.zeros(0)
        return np.concatenate(gs), np.concatenate(qs)

    sets = {
        "tgt_mqm_wmt21": (lambda p, it: p.dataset == "wmt21", "tgt", 0),
        "tgt_mqm_wmt20+21": (lambda p, it: p.tag == "mqm", "tgt", 0),
        "tgt_edit": (lambda p, it: it.tgt_out[1] > 0, "tgt", 1),
        "src_mqm": (lambda p, it: it.src_out[0] > 0, "src", 0),
        "src_edit": (lambda p, it: it.src_out[1] > 0, "src", 1),
    }
    for name, (sel, side, out) in sets.items():
        g, q = gather(sel, side, out)
        m, t = best_mcc(g, q)
        res[name], res[name + "_threshold"] = m, t
        res[name + "_words"] = float(len(g))
        res[name + "_gold_share"] = float(g.mean()) if len(g) else 0.0
    w21 = [(it, pr) for it, pr in zip(items, pred) if pairs[it.k].dataset == "wmt21"]
    if w21:
        mqm = np.array([pairs[it.k].mqm for it, _ in w21], float)
        res["seg_tau_wmt21_mqmreg"] = kendall(np.array([pr["seg"][0] for _, pr in w21]), mqm)
        res["seg_tau_wmt21_major"] = kendall(np.array([pr["seg"][1] for _, pr in w21]), mqm)
        res["seg_tau_wmt21_tgtmax"] = kendall(np.array([pr["tgt"][:, 0].max(initial=0) for _, pr in w21]), mqm)
        res["seg_tau_wmt21"] = max(res["seg_tau_wmt21_mqmreg"], res["seg_tau_wmt21_major"], res["seg_tau_wmt21_tgtmax"])
    n_tok = sum(len(it.enc.ids) for it in items)
    dt = time.time() - t0
    res["eval_pairs"], res["eval_seconds"], res["eval_tokens_per_s"] = float(len(items)), dt, n_tok / max(dt, 1e-9)
    log(
        f"[{label}] dev eval of {len(items)} pairs in {dt:.0f}s ({len(items) / dt:.1f} pairs/s, {n_tok / dt:.0f} tokens/s)"
    )
    return res


def print_table(rows: list[tuple[str, dict[str, float]]]) -> None:
    keys = [("tgt_mqm_wmt21", "target word MCC, MQM accuracy, WMT21 dev"), ("tgt_mqm_wmt20+21", "target word MCC, MQM accuracy, WMT20+21 dev"),
            ("tgt_edit", "target word MCC, edits (synthetic/DEMETR/clean) dev"), ("src_mqm", "source word MCC (omission), labelled dev"),
            ("src_edit", "source word MCC, edits dev"), ("seg_tau_wmt21", "segment Kendall tau-b vs MQM, WMT21 dev (best output)"),
            ("seg_tau_wmt21_mqmreg", "  ... MQM regression output"), ("seg_tau_wmt21_major", "  ... P(major) output"),
            ("seg_tau_wmt21_tgtmax", "  ... max target word prob")]  # fmt: skip
    head = ["figure", "frozen L8 head"] + [r[0] for r in rows]
    lines = []
    for k, name in keys:
        fr = FROZEN_DEV.get(k)
        lines.append([name, "-" if fr is None else (f"{fr:.3f}" if k != "seg_tau_wmt21" else f"~{fr:.2f}")]
                     + [f"{r[1][k]:.3f}" if k in r[1] else "-" for r in rows])  # fmt: skip
    w = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    fmt = lambda r: "  ".join(str(x).ljust(n) if i == 0 else str(x).rjust(n) for i, (x, n) in enumerate(zip(r, w)))  # noqa: E731
    print("\n" + "\n".join([fmt(head), fmt(["-" * n for n in w]), *map(fmt, lines)]), flush=True)


# --------------------------------------------------------------------------- main


def dev_subset(pairs: list[D.Pair], seed: int, *, wmt20: int, other: int, wmt21: int) -> list[int]:
    dev = [k for k, p in enumerate(pairs) if p.split == "dev" and (p.dataset in TOKEN_TRAIN)]
    key = lambda k: D.unit(f"xdev:{seed}:{pairs[k].key}")  # noqa: E731
    w21 = sorted((k for k in dev if pairs[k].dataset == "wmt21"), key=key)[:wmt21]
    w20 = sorted((k for k in dev if pairs[k].dataset == "wmt20"), key=key)[:wmt20]
    oth = sorted((k for k in dev if pairs[k].tag != "mqm"), key=key)[:other]
    return sorted(set(w21 + w20 + oth))


def train(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    t_start = time.time()
    deadline = t_start + 60 * args.minutes
    pairs = collect(args.data, args.seed)
    log(
        f"{len(pairs)} pairs: "
        + ", ".join(f"{k}={v}" for k, v in sorted(Counter((p.dataset, p.split) for p in pairs).items()))
    )
    train_idx = [
        k for k, p in enumerate(pairs) if p.split == "train" and (p.dataset in TOKEN_TRAIN or p.dataset == "ced")
    ]
    if args.train_datasets:
        only = set(args.train_datasets.split(","))
        train_idx = [k for k in train_idx if pairs[k].dataset in only]
        log(f"training restricted to {sorted(only)}: {len(train_idx)} pairs")
    dev_idx = dev_subset(pairs, args.seed, wmt20=args.dev_wmt20, other=args.dev_other, wmt21=args.dev_wmt21)
    quick_idx = dev_subset(pairs, args.seed, wmt20=0, other=args.quick_other, wmt21=args.quick_wmt21)
    assert not any(pairs[k].split == "test" for k in train_idx + dev_idx)
    proj = projected_src_words(pairs, args.cache, args.threads) if not args.no_project else {}
    log(f"source labels projected for {len(proj)} pairs with deletions ({time.time() - t_start:.0f}s)")
    model = X.build_model(args.top, threads=args.threads)
    tok = model.tokenizer
    tr = make_items(pairs, train_idx, tok, proj, args.max_len)
    dv = make_items(pairs, dev_idx, tok, proj, args.max_len)
    qv = make_items(pairs, quick_idx, tok, proj, args.max_len)
    n_train_tok = sum(len(it.enc.ids) for it in tr)
    n_dev_tok = sum(len(it.enc.ids) for it in dv)
    log(f"data ready ({time.time() - t_start:.0f}s): {len(tr)} train pairs ({n_train_tok} tokens, mean {n_train_tok / len(tr):.0f}), "
        f"{len(dv)} dev pairs ({n_dev_tok} tokens), quick dev {len(qv)}; "
        f"cut at {args.max_len} tokens: {sum(len(it.enc.ids) >= args.max_len for it in tr)} train pairs")  # fmt: skip
    pw_t, pw_s = pos_weights(tr)
    log(f"pos weights: target {pw_t.round(2)}, source {pw_s.round(2)}")
    pw_t_t, pw_s_t = torch.from_numpy(pw_t), torch.from_numpy(pw_s)
    enc_params = [p for p in model.bert.parameters() if p.requires_grad]
    head_params = [p for m in (model.tgt_head, model.src_head, model.seg_head) for p in m.parameters()]
    log(
        f"trainable: {sum(p.numel() for p in enc_params) / 1e6:.2f} M encoder (top {args.top} layers), "
        f"{sum(p.numel() for p in head_params) / 1e6:.2f} M heads"
    )
    opt = torch.optim.AdamW(
        [{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.head_lr}], weight_decay=0.01
    )
    base_lrs = [args.lr, args.head_lr]
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    # time plan: stop training when what is left only covers the final dev evaluation (at the measured
    # training token rate x eval_speedup) and saving
    train_start = time.time()
    est_rate = None  # training padded tokens/s (measured)
    eval_rate = None  # eval tokens/s (measured by the first quick evaluation, under the machine's current load)
    seen = seen_tok = steps = 0
    history: list[tuple[str, dict[str, float]]] = []
    half = len(tr) // 2
    next_quick = half
    stop = False
    ema = None
    budget = deadline - train_start

    def reserve() -> float:
        """Seconds kept for the final dev evaluation and saving (at most 40% of what was left for training)."""
        rate = eval_rate or (est_rate or 1000.0) * args.eval_speedup
        return min(n_dev_tok / rate * 1.1 + 30, 0.4 * budget)

    while not stop:
        for bt in batches(tr, args.batch_tokens, rng):
            now = time.time()
            if steps >= args.quick_at and eval_rate is None and qv:
                r = evaluate(model, pairs, qv, label=f"quick, epoch {seen / len(tr):.2f}")
                eval_rate = r["eval_tokens_per_s"]
                history.append((f"ep{seen / len(tr):.2f}*", r))
                print_table(history)
                now = time.time()
            train_end = deadline - reserve()
            if now >= train_end:
                stop = True
                break
            frac = (now - train_start) / max(train_end - train_start, 1.0)
            warm = min(1.0, frac / 0.06) if frac < 0.06 else 1.0
            scale = warm * max(0.02, 1.0 - frac) if frac >= 0.06 else max(warm, 0.02)
            for g, lr in zip(opt.param_groups, base_lrs):
                g["lr"] = lr * scale
            model.train()
            x = model.batch([it.enc for it in bt])
            n = x["att"].shape[1]
            tm, sm = X.masks([it.enc for it in bt], n)
            yt, wt, ys, ws, seg = targets(bt, n)
            lt, ls, sp = model(x["emb"], x["types"], x["att"], torch.from_numpy(tm), torch.from_numpy(sm))
            l_t = (bce(lt, yt, pos_weight=pw_t_t, reduction="none") * wt).sum() / wt.sum().clamp(min=1)
            l_s = (bce(ls, ys, pos_weight=pw_s_t, reduction="none") * ws).sum() / ws.sum().clamp(min=1)
            mq, mj = seg[:, 0], seg[:, 1]
            okq, okj = ~torch.isnan(mq), ~torch.isnan(mj)
            l_q = ((sp[:, 0][okq] - mq[okq]) ** 2).mean() if okq.any() else sp.sum() * 0
            l_j = bce(sp[:, 1][okj], mj[okj]) if okj.any() else sp.sum() * 0
            loss = l_t + l_s + 0.5 * (l_q + l_j)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(enc_params + head_params, 1.0)
            opt.step()
            steps += 1
            seen += len(bt)
            seen_tok += x["att"].numel()
            el = time.time() - train_start
            if steps >= 10:
                est_rate = seen_tok / el
            v = np.array([float(z.detach()) for z in (l_t, l_s, l_q, l_j)])
            ema = v if ema is None else 0.98 * ema + 0.02 * v
            if steps % args.log_every == 0:
                log(
                    f"step {steps} ({seen} pairs, epoch {seen / len(tr):.2f}, lr x{scale:.2f}): loss tgt {ema[0]:.3f} src {ema[1]:.3f} "
                    f"segq {ema[2]:.3f} segj {ema[3]:.3f}; {seen / el:.2f} pairs/s, {seen_tok / el:.0f} padded tokens/s"
                )
            if seen >= next_quick:
                next_quick += half
                if time.time() < deadline - reserve() - 120:
                    r = evaluate(model, pairs, qv, label=f"quick, epoch {seen / len(tr):.2f}")
                    history.append((f"ep{seen / len(tr):.2f}*", r))
                    print_table(history)
    el = time.time() - train_start
    thr = {"train_seconds": el, "pairs": seen, "steps": steps, "epochs": seen / len(tr),
           "pairs_per_s": seen / el, "padded_tokens_per_s": seen_tok / el}  # fmt: skip
    log(
        f"training stopped after {el:.0f}s: {seen} pairs ({seen / len(tr):.2f} epochs), {steps} steps, "
        f"{seen / el:.2f} pairs/s, {seen_tok / el:.0f} padded tokens/s (2 threads, nice 15, shared machine)"
    )
    # the final dev set must fit what is left: every WMT21 dev pair is kept, the others are thinned if needed
    left = deadline - time.time() - 20
    rate = eval_rate or (est_rate or 1000.0) * args.eval_speedup
    if n_dev_tok / rate > left:
        w21 = [it for it in dv if pairs[it.k].dataset == "wmt21"]
        rest = [it for it in dv if pairs[it.k].dataset != "wmt21"]
        room = max(0.0, left * rate - sum(len(it.enc.ids) for it in w21))
        keep = int(len(rest) * min(1.0, room / max(1, sum(len(it.enc.ids) for it in rest))))
        rest = sorted(rest, key=lambda it: D.unit(f"thin:{pairs[it.k].key}"))[:keep]
        log(
            f"final dev set thinned to fit the time cap: {len(w21)} WMT21 + {len(rest)} others (of {len(dv) - len(w21)})"
        )
        dv = sorted(w21 + rest, key=lambda it: it.k)
    final = evaluate(model, pairs, dv, label="final")
    history.append((f"final ep{seen / len(tr):.2f}", final))
    print("\nDEV (quick = subset of WMT21 dev only; final = full dev set below). Thresholds chosen on dev.")
    print(
        f"final dev set: {len(dv)} pairs: "
        + ", ".join(f"{d}={n}" for d, n in sorted(Counter(pairs[it.k].dataset for it in dv).items()))
    )
    print_table(history)
    seg_choice = max(("mqmreg", "major", "tgtmax"), key=lambda s: final.get(f"seg_tau_wmt21_{s}", -1))
    meta = {"top": args.top, "seed": args.seed, "train_datasets": args.train_datasets or "all", "max_len": args.max_len, "minutes": args.minutes, "lr": args.lr,
            "threshold_tgt_mqm": final["tgt_mqm_wmt21_threshold"], "threshold_src_mqm": final["src_mqm_threshold"],
            "segment_output": seg_choice, "dev": final, "throughput": thr, "total_seconds": time.time() - t_start,
            "script": "eval/train_xenc.py"}  # fmt: skip
    buf = io.BytesIO()
    import torch as _t

    _t.save({"meta": meta, "delta": model.delta()}, buf)
    raw = buf.getvalue()
    sha = hashlib.sha256(raw).hexdigest()
    print(
        f"\nthroughput: {thr['pairs_per_s']:.2f} pairs/s (examples/s), {thr['padded_tokens_per_s']:.0f} padded tokens/s; "
        f"total run {time.time() - t_start:.0f}s"
    )
    if len(raw) < MAX_BYTES and args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(raw)
        print(f"wrote {args.out}: {len(raw) / 1e6:.2f} MB, sha256 {sha}")
    else:
        print(f"NOT written: delta is {len(raw) / 1e6:.2f} MB (limit 30 MB) or --out not given; sha256 {sha}")
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "history": history, "sha256": sha, "bytes": len(raw)}, indent=1))
    return 0


def test(args: argparse.Namespace) -> int:
    """The held-out WMT21 en-de test documents, with the thresholds and segment output chosen on dev. Run once."""
    import torch

    torch.set_num_threads(args.threads)
    raw = args.test.read_bytes()
    model, meta = X.load(args.test, threads=args.threads)
    wmt = [p for p in D.wmt_pairs(args.data) if p.dataset == "wmt21" and p.split == "test"]
    encs = X.encode_pairs(model.tokenizer, [p.src for p in wmt], [p.tgt for p in wmt], max_len=int(meta["max_len"]))
    t0 = time.time()
    pred = X.predict(model, encs)
    dt = time.time() - t0
    g = np.concatenate([X.word_labels(p.tgt, [(a, b, w) for a, b, w in p.tgt_bad if w > 0]) > 0 for p in wmt])
    q = np.concatenate([pr["tgt"][:, 0] for pr in pred])
    t = float(meta["threshold_tgt_mqm"])
    m = mcc(g, q >= t)
    flagged = q >= t
    mqm = np.array([p.mqm for p in wmt], float)
    s = meta["segment_output"]
    seg = np.array(
        [
            pr["seg"][0] if s == "mqmreg" else pr["seg"][1] if s == "major" else pr["tgt"][:, 0].max(initial=0)
            for pr in pred
        ]
    )
    tau = kendall(seg, mqm)
    print(
        f"\nTEST (WMT21 en-de held-out documents: {len(wmt)} pairs, {len({p.doc for p in wmt})} docs, {len(g)} target words, "
        f"{g.mean():.3f} in accuracy spans); model {args.test} sha256 {hashlib.sha256(raw).hexdigest()}"
    )
    print(
        f"TEST target word MCC (accuracy spans, threshold {t:.4f} chosen on WMT21 dev): {m:.3f}  "
        f"(flagged {flagged.mean():.3f}, precision {(flagged & g).sum() / max(flagged.sum(), 1):.3f}, recall {(flagged & g).sum() / max(g.sum(), 1):.3f})"
    )
    print(f"TEST segment Kendall tau-b vs MQM penalty (output '{s}', chosen on dev): {tau:.3f}")
    print(f"(inference: {len(wmt) / dt:.1f} pairs/s on {args.threads} threads)")
    if args.json:
        args.json.write_text(json.dumps({"test_word_mcc": m, "test_seg_tau": tau, "threshold": t, "segment_output": s,
                                         "pairs": len(wmt), "words": int(len(g))}, indent=1))  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument(
        "--cache", type=Path, default=Path("/tmp/learned-cache"), help="layer-8 states for the deletion projection"
    )
    ap.add_argument("--minutes", type=float, default=12.0, help="wall-clock cap of the whole run")
    ap.add_argument("--top", type=int, default=4, help="top layers fine-tuned")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--max-len", type=int, default=160)
    ap.add_argument("--batch-tokens", type=int, default=2048)
    ap.add_argument(
        "--eval-speedup", type=float, default=1.0, help="eval tokens/s relative to training (for the time plan)"
    )
    ap.add_argument("--dev-wmt21", type=int, default=10**9)
    ap.add_argument("--dev-wmt20", type=int, default=10**9)
    ap.add_argument("--dev-other", type=int, default=1500)
    ap.add_argument("--quick-wmt21", type=int, default=600)
    ap.add_argument("--quick-other", type=int, default=0)
    ap.add_argument(
        "--quick-at",
        type=int,
        default=40,
        help="first quick dev evaluation after this many steps (measures eval speed)",
    )
    ap.add_argument("--no-project", action="store_true")
    ap.add_argument(
        "--train-datasets", default="", help="comma list: train only on these datasets (ablation), e.g. wmt20,wmt21"
    )
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "xenc_head.pt")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here too")
    ap.add_argument(
        "--test", type=Path, default=None, help="evaluate this saved model on the WMT21 test split (once) and exit"
    )
    args = ap.parse_args(argv)
    return test(args) if args.test else train(args)


if __name__ == "__main__":
    sys.exit(main())
