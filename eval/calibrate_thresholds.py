"""Calibrate each embedder's cosine thresholds on STS Benchmark pairs and print a table.

    python eval/calibrate_thresholds.py [DATA_DIR] [--split dev] [--models ID,ID] [--langs de,es,...]

DATA_DIR defaults to ``../shared/data`` beside the project root; the pairs are read from
``sts-calibration/stsb-multi-mt/data/stsb-{lang}-{split}.csv`` (sentence1, sentence2, gold
0–5; see that folder's PROVENANCE.md). English-only models are calibrated on en–en pairs;
cross-lingual models on en–xx pairs (English sentence1 with the DeepL translation of
sentence2) pooled over the languages they cover, since translation is what they audit.

Gold scale (Agirre et al.): 5 equivalent; 4 mostly equivalent, unimportant details differ;
3 roughly equivalent, important information differs or is missing; 2 not equivalent, some
details shared; 1 not equivalent, same topic; 0 unrelated. From the pairs sorted by cosine,
isotonic regression (pool-adjacent-violators) estimates a monotone probability, and:

* ``match``     = the lowest cosine where P(gold >= 4 | cosine) reaches 0.5
* ``shift``     = the lowest cosine where P(gold >= 3 | cosine) reaches 0.5
  (below it, an aligned pair more likely than not lost or changed important information)
* ``unrelated`` = the highest cosine where P(gold <= 1 | cosine) is still at least 0.5

The values printed are what ``models/registry.toml`` records (rounded to 0.01). Vectors go
through the normal vector cache, so a second run is fast. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
STS_DIR = Path("sts-calibration") / "stsb-multi-mt" / "data"
DEFAULT_LANGS = ("de", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Pairs:
    left: list[str]
    right: list[str]
    gold: np.ndarray


@dataclass(frozen=True)
class Calibration:
    model: str
    setting: str
    n: int
    spearman: float
    match: float
    shift: float
    unrelated: float
    above_match_gold4: float  # share of pairs at/above `match` with gold >= 4 (precision)
    gold4_above_match: float  # share of gold >= 4 pairs at/above `match` (recall)


def read_stsb(data_dir: Path, lang: str, split: str) -> list[tuple[str, str, float]]:
    path = data_dir / STS_DIR / f"stsb-{lang}-{split}.csv"
    if not path.is_file():
        raise SystemExit(f"missing {path}: pass the data folder as the first argument")
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1], float(row[2])) for row in csv.reader(handle) if len(row) == 3]


def english_pairs(data_dir: Path, split: str) -> Pairs:
    rows = read_stsb(data_dir, "en", split)
    return Pairs([r[0] for r in rows], [r[1] for r in rows], np.array([r[2] for r in rows]))


def crosslingual_pairs(data_dir: Path, split: str, langs: list[str]) -> Pairs:
    """English sentence1 against the translated sentence2, pooled over ``langs``."""
    english = read_stsb(data_dir, "en", split)
    left: list[str] = []
    right: list[str] = []
    gold: list[float] = []
    for lang in langs:
        foreign = read_stsb(data_dir, lang, split)
        if len(foreign) != len(english):
            raise SystemExit(f"stsb-{lang}-{split} has {len(foreign)} rows, English {len(english)}")
        left += [e[0] for e in english]
        right += [f[1] for f in foreign]
        gold += [e[2] for e in english]  # same pairs, same gold: the translation keeps the score
    return Pairs(left, right, np.array(gold))


def cosines(embedder: object, pairs: Pairs) -> np.ndarray:
    a = embedder.embed(pairs.left)  # type: ignore[attr-defined]
    b = embedder.embed(pairs.right)  # type: ignore[attr-defined]
    return np.einsum("ij,ij->i", a, b)


def isotonic(y: np.ndarray) -> np.ndarray:
    """Non-decreasing least-squares fit of ``y`` (already ordered by x): pool adjacent violators."""
    values: list[float] = []
    weights: list[int] = []
    for v in y.astype(float):
        values.append(v)
        weights.append(1)
        while len(values) > 1 and values[-2] > values[-1]:
            w = weights[-2] + weights[-1]
            values[-2] = (values[-2] * weights[-2] + values[-1] * weights[-1]) / w
            weights[-2] = w
            values.pop()
            weights.pop()
    return np.repeat(values, weights)


def rising_crossing(cos: np.ndarray, event: np.ndarray) -> float:
    """The lowest cosine where the isotonic P(event | cosine) reaches 0.5 (event more likely above)."""
    order = np.argsort(cos, kind="stable")
    fitted = isotonic(event[order].astype(float))
    hits = np.flatnonzero(fitted >= 0.5)
    if len(hits) == 0:
        return float("nan")
    i = hits[0]
    xs = cos[order]
    return float(xs[i] if i == 0 else (xs[i - 1] + xs[i]) / 2)


def falling_crossing(cos: np.ndarray, event: np.ndarray) -> float:
    """The highest cosine where P(event | cosine) is still at least 0.5 (event more likely below)."""
    return -rising_crossing(-cos, event)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    def ranks(v: np.ndarray) -> np.ndarray:
        order = np.argsort(v, kind="stable")
        r = np.empty(len(v))
        r[order] = np.arange(len(v))
        sorted_v = v[order]  # average ranks over ties
        for value in np.unique(sorted_v[np.r_[False, sorted_v[1:] == sorted_v[:-1]]]):
            tied = v == value
            r[tied] = r[tied].mean()
        return r

    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def calibrate(model: str, setting: str, cos: np.ndarray, gold: np.ndarray) -> Calibration:
    match = rising_crossing(cos, gold >= 4)
    above = cos >= match
    return Calibration(
        model=model,
        setting=setting,
        n=len(cos),
        spearman=spearman(cos, gold),
        match=match,
        shift=rising_crossing(cos, gold >= 3),
        unrelated=falling_crossing(cos, gold <= 1),
        above_match_gold4=float((gold[above] >= 4).mean()) if above.any() else float("nan"),
        gold4_above_match=float(above[gold >= 4].mean()),
    )


def run_model(model_id: str, data_dir: Path, split: str, langs: list[str], use_cache: bool) -> list[Calibration]:
    from auditor.config import Config
    from auditor.embed.registry import get_embedder

    embedder = get_embedder(model_id, config=Config(use_cache=use_cache))
    rows = []
    english = english_pairs(data_dir, split)
    rows.append(calibrate(model_id, f"en-en {split}", cosines(embedder, english), english.gold))
    covered = [lang for lang in langs if lang in embedder.languages]
    if embedder.crosslingual and covered:
        pairs = crosslingual_pairs(data_dir, split, covered)
        rows.append(calibrate(model_id, f"en-{{{','.join(covered)}}} {split}", cosines(embedder, pairs), pairs.gold))
    return rows


def print_table(rows: list[Calibration]) -> None:
    header = f"{'model':<13} {'pairs':<24} {'n':>5} {'rho':>6} {'match':>6} {'shift':>6} {'unrel':>6} {'P(g>=4|>=m)':>11} {'R(g>=4)':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.model:<13} {r.setting:<24} {r.n:>5} {r.spearman:>6.3f} {r.match:>6.3f} {r.shift:>6.3f} "
            f"{r.unrelated:>6.3f} {r.above_match_gold4:>11.3f} {r.gold4_above_match:>8.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="data folder (default ../shared/data)")
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--models", default="fake,minilm-l6-v2,use-m-v3,e5-small-q4")
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS), help="languages for en-xx pairs")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the vector cache")
    args = parser.parse_args(argv)

    rows: list[Calibration] = []
    for model_id in args.models.split(","):
        started = time.perf_counter()
        rows += run_model(model_id, args.data, args.split, args.langs.split(","), not args.no_cache)
        print(f"# {model_id}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
