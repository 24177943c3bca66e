"""Which embedder for which language pair: one measured table over the shipped models.

    AUDITOR_CACHE_DIR=/tmp/acache python eval/embedders.py [--data ../shared/data]
        [--models minilm-l6-v2,use-m-v3,e5-small-q4] [--limit 300] [--langs de,es,fr,ru,zh]

Results (one Markdown table, then a recommendation) go to stdout; progress to stderr. The
vector cache is bypassed (``Config(use_cache=False)``, ``cache=False``), so every figure,
throughput included, is measured in this run. Nothing is downloaded; the ``fake`` builtin
is skipped. Only development data is read: STS-B **dev** (never test), REFreSD (all of it:
it has no split), Text+Berg **dev** (never test0..test6).

What each row means (columns are models):

* ``STS-B dev xx–yy Spearman``: Spearman rank correlation between the cosine of the two
  sentences' vectors and the gold similarity (0–5), on STS Benchmark dev from stsb-multi-mt.
  ``en–xx`` pairs English sentence 1 with the DeepL translation of sentence 2 (the case an
  audit of a translation meets); ``xx–xx`` pairs both translated sentences (monolingual).
  ``--limit`` (default 300) takes that many pairs per language, evenly spaced over the
  1,500 dev pairs so every genre of STS-B stays in; ``--limit 0`` uses all 1,500.
* ``REFreSD en–fr AUC``: ROC AUC of the cosine (rank-based, ties count half) on all 1,039
  English–French pairs: "equivalent vs some difference" is the probability that an
  equivalent pair has a higher cosine than a pair with some meaning difference; "some
  difference vs unrelated" the same for some-difference pairs against unrelated ones.
  0.5 is chance.
* ``Text+Berg dev de–fr strict F1``: sentence-alignment F1 (Sennrich & Volk 2010 strict:
  a bead counts only if exactly in the gold) of ``auditor.align.align_monotonic`` over
  vectors of runs of 1–3 consecutive sentences (each run embedded as one text, with its
  lexical anchors), on the dev document (468 de / 554 fr), with the library's own parameters
  for the model (``AlignParams.for_thresholds`` on its registry thresholds), exactly as
  ``auditor align`` runs. Published anchors on the *test* set: Bertalign 0.94, Vecalign 0.90.
* ``throughput sent/s``: texts embedded per second of embedding time over everything the
  model embedded in this run (model loading excluded; the Text+Berg runs of 2–3 sentences
  are included, so this is slower than on single sentences).

A cell reads ``n/a (0.123)`` where the pair includes a language the model does not cover
(the all-English MiniLM on translations): measured, shown for information, and never
recommended. The recommendation takes, per language pair, the covering model with the best
Spearman (de–fr: best strict F1); models within 0.01 of the best count as tied and the
fastest of them wins.

With the defaults the run embeds 8,738 texts per model (3,600 STS-B, 2,078 REFreSD, 3,060
Text+Berg runs). Measured: 16 min wall (16 min of CPU) on 2 cores shared with another job;
Text+Berg is about half of it (e5 ~300 s, MiniLM ~140 s: runs of 2–3 long sentences) and is
not shortened by ``--limit``. For a quick look: ``--models use-m-v3 --limit 100`` (2–3 min).
At n=300 a Spearman has a standard error of about 0.03, so the 0.01 tie rule only breaks
near-ties; use ``--limit 0`` before trusting differences of a few hundredths.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibrate_thresholds import read_stsb, spearman  # noqa: E402  (eval/ sibling, read-only reuse)

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_LANGS = ("de", "es", "fr", "ru", "zh")
DEFAULT_LIMIT = 300
REFRESD = Path("refresd") / "REFreSD" / "REFreSD_sentence_labels"
TEXTBERG = Path("sentence-alignment") / "textberg-de-fr" / "vecalign" / "bleualign_data"
MAX_RUN = 3
TIE = 0.01
DASH = "–"  # en dash between language codes, as in the row names


# ---------------------------------------------------------------------------- values


@dataclass
class TimedEmbedder:
    """A loaded embedder that counts the texts it embeds and the seconds it spends on them."""

    model_id: str
    languages: frozenset[str]
    inner: object
    texts: int = 0
    seconds: float = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed(list(texts))  # type: ignore[attr-defined]
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return np.asarray(vectors, dtype=np.float32)

    @property
    def throughput(self) -> float:
        return self.texts / self.seconds if self.seconds > 0 else float("nan")


@dataclass(frozen=True)
class Measure:
    """One row of the table: what is measured, on which languages, higher is better."""

    name: str
    langs: tuple[str, ...]  # every language involved (for coverage)
    pair: str | None = None  # the language pair it recommends for, e.g. "en–de"; None: not used


@dataclass
class Results:
    """``values[measure name][model id]``: one number per cell."""

    measures: list[Measure] = field(default_factory=list)
    values: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, measure: Measure, model_id: str, value: float) -> None:
        if measure.name not in self.values:
            self.measures.append(measure)
            self.values[measure.name] = {}
        self.values[measure.name][model_id] = value


@dataclass(frozen=True)
class StsSide:
    """The two sentences of the chosen STS-B pairs in one language, embedded."""

    first: np.ndarray
    second: np.ndarray


# ---------------------------------------------------------------------------- statistics


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their mean rank."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=float)
    start = 0
    for end in range(1, len(values) + 1):
        if end == len(values) or sorted_values[end] != sorted_values[start]:
            ranks[order[start:end]] = (start + end + 1) / 2.0
            start = end
    return ranks


def roc_auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(score of a positive > score of a negative), ties half (Mann–Whitney U / (n_pos·n_neg))."""
    if len(positive) == 0 or len(negative) == 0:
        return float("nan")
    ranks = average_ranks(np.concatenate([positive, negative]))
    u = ranks[: len(positive)].sum() - len(positive) * (len(positive) + 1) / 2.0
    return float(u / (len(positive) * len(negative)))


# ---------------------------------------------------------------------------- STS-B


def spaced_indices(total: int, limit: int) -> np.ndarray:
    """``limit`` indices evenly spread over ``range(total)`` (all of them if limit is 0 or larger)."""
    if limit <= 0 or limit >= total:
        return np.arange(total)
    return np.unique(np.linspace(0, total - 1, limit).round().astype(int))


def embed_sts(embedder: TimedEmbedder, data: Path, lang: str, index: np.ndarray) -> tuple[StsSide, np.ndarray]:
    rows = read_stsb(data, lang, "dev")
    chosen = [rows[i] for i in index]
    first = embedder.embed([r[0] for r in chosen])
    second = embedder.embed([r[1] for r in chosen])
    return StsSide(first, second), np.array([r[2] for r in chosen])


def run_sts(embedder: TimedEmbedder, data: Path, langs: Sequence[str], limit: int, results: Results) -> None:
    total = len(read_stsb(data, "en", "dev"))
    index = spaced_indices(total, limit)
    english, gold = embed_sts(embedder, data, "en", index)
    n = len(index)
    results.add(Measure(f"STS-B dev en{DASH}en Spearman (n={n})", ("en",), f"en{DASH}en"), embedder.model_id,
                spearman(cosines(english.first, english.second), gold))
    sides: dict[str, StsSide] = {}
    for lang in langs:
        sides[lang], lang_gold = embed_sts(embedder, data, lang, index)
        if not np.array_equal(lang_gold, gold):
            raise SystemExit(f"stsb-{lang}-dev gold differs from English: the rows are not parallel")
    for lang in langs:
        pair = f"en{DASH}{lang}"
        results.add(Measure(f"STS-B dev {pair} Spearman (n={n})", ("en", lang), pair), embedder.model_id,
                    spearman(cosines(english.first, sides[lang].second), gold))
    for lang in langs:
        pair = f"{lang}{DASH}{lang}"
        results.add(Measure(f"STS-B dev {pair} Spearman (n={n})", (lang,), pair), embedder.model_id,
                    spearman(cosines(sides[lang].first, sides[lang].second), gold))


# ---------------------------------------------------------------------------- REFreSD


def read_refresd(data: Path) -> tuple[list[str], list[str], np.ndarray]:
    """English sentences, French sentences, 3-way labels (``#`` header skipped)."""
    path = data / REFRESD
    if not path.is_file():
        raise SystemExit(f"missing {path}: pass the data folder with --data")
    english: list[str] = []
    french: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, label, en, fr = line.split("\t")
        english.append(en)
        french.append(fr)
        labels.append(label)
    return english, french, np.array(labels)


def run_refresd(embedder: TimedEmbedder, data: Path, results: Results) -> None:
    english, french, labels = read_refresd(data)
    cos = cosines(embedder.embed(english), embedder.embed(french))
    equivalent = cos[labels == "no_meaning_difference"]
    some = cos[labels == "some_meaning_difference"]
    unrelated = cos[labels == "unrelated"]
    results.add(Measure(f"REFreSD en{DASH}fr AUC equivalent vs some difference ({len(equivalent)}/{len(some)})",
                        ("en", "fr")), embedder.model_id, roc_auc(equivalent, some))
    results.add(Measure(f"REFreSD en{DASH}fr AUC some difference vs unrelated ({len(some)}/{len(unrelated)})",
                        ("en", "fr")), embedder.model_id, roc_auc(some, unrelated))


# ---------------------------------------------------------------------------- Text+Berg


def read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"missing {path}: pass the data folder with --data")
    return path.read_text(encoding="utf-8").splitlines()


def span_vectors(embedder: TimedEmbedder, sentences: list[str]) -> object:
    """``SpanVectors`` of runs of 1..MAX_RUN consecutive sentences, each run embedded as one text."""
    from auditor.align import SpanVectors
    from auditor.embed.anchors import anchor_vectors

    n = len(sentences)
    texts = [[" ".join(sentences[i : i + k]) for i in range(n - k + 1)] for k in range(1, MAX_RUN + 1)]
    runs = tuple(embedder.embed(run) for run in texts)
    lengths = np.array([len(s) for s in sentences], dtype=np.float32)
    return SpanVectors(runs, lengths, tuple(anchor_vectors(run) for run in texts))


def align_params(model_id: str) -> object:
    """The parameters ``auditor align`` uses for this model on a German–French pair."""
    from auditor.align import AlignParams
    from auditor.embed.registry import get_spec

    thr = get_spec(model_id).thresholds_for("de", "fr")
    return AlignParams.for_thresholds(match=thr.match, shift=thr.shift, unrelated=thr.unrelated)


def run_textberg(embedder: TimedEmbedder, data: Path, results: Results) -> None:
    from auditor.align import align_monotonic
    from auditor.evaluate import read_alignment_file, score_alignments

    folder = data / TEXTBERG
    src = span_vectors(embedder, read_lines(folder / "dev.de"))
    tgt = span_vectors(embedder, read_lines(folder / "dev.fr"))
    beads = align_monotonic(src, tgt, align_params(embedder.model_id))  # type: ignore[arg-type]
    test = [(bead.src, bead.tgt) for bead in beads]
    scores = score_alignments([read_alignment_file(folder / "dev.defr")], [test])
    results.add(Measure(f"Text+Berg dev de{DASH}fr strict F1", ("de", "fr"), f"de{DASH}fr"), embedder.model_id,
                scores.f1_strict)


# ---------------------------------------------------------------------------- models


def shipped_models() -> list[str]:
    from auditor.embed.registry import list_models

    return [row["id"] for row in list_models() if row["installed"]]


def load(model_id: str) -> TimedEmbedder:
    from auditor.config import Config
    from auditor.embed.registry import get_embedder, get_spec

    inner = get_embedder(model_id, config=Config(use_cache=False), cache=False)
    inner.embed(["Warm-up sentence."])  # loads lazily: keep the load out of the throughput
    return TimedEmbedder(model_id, get_spec(model_id).languages, inner)


def run_model(model_id: str, data: Path, langs: Sequence[str], limit: int, results: Results) -> TimedEmbedder:
    started = time.perf_counter()
    embedder = load(model_id)
    for part, run in (
        ("STS-B", lambda: run_sts(embedder, data, langs, limit, results)),
        ("REFreSD", lambda: run_refresd(embedder, data, results)),
        ("Text+Berg", lambda: run_textberg(embedder, data, results)),
    ):
        part_started = time.perf_counter()
        run()
        print(f"# {model_id} {part}: {time.perf_counter() - part_started:.1f} s", file=sys.stderr)
    results.add(Measure("throughput sent/s", ()), model_id, embedder.throughput)
    print(f"# {model_id}: {embedder.texts} texts, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return embedder


# ---------------------------------------------------------------------------- output


def covers(languages: frozenset[str], measure: Measure) -> bool:
    return all(lang in languages for lang in measure.langs)


def cell(value: float, covered: bool, measure: Measure) -> str:
    text = f"{value:.0f}" if measure.name.startswith("throughput") else f"{value:.3f}"
    return text if covered else f"n/a ({text})"


def table(results: Results, models: Sequence[TimedEmbedder]) -> str:
    lines = ["| measure | " + " | ".join(m.model_id for m in models) + " |",
             "|---|" + "---:|" * len(models)]
    for measure in results.measures:
        cells = [cell(results.values[measure.name][m.model_id], covers(m.languages, measure), measure) for m in models]
        lines.append(f"| {measure.name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def recommend(results: Results, models: Sequence[TimedEmbedder]) -> list[str]:
    """Per pair: the covering model with the best value; within TIE of the best, the fastest."""
    lines = []
    for measure in results.measures:
        if measure.pair is None:
            continue
        scored = [(results.values[measure.name][m.model_id], m) for m in models if covers(m.languages, measure)]
        if not scored:
            lines.append(f"- {measure.pair}: no shipped model covers it")
            continue
        best, leader = max(scored, key=lambda item: item[0])
        tied = [(value, m) for value, m in scored if value >= best - TIE]
        value, winner = max(tied, key=lambda item: item[1].throughput)
        what = "strict F1" if "F1" in measure.name else "Spearman"
        note = "" if winner is leader else f" ({leader.model_id}: {best:.3f}, better by less than {TIE} but slower)"
        lines.append(f"- {measure.pair}: **{winner.model_id}**, {what} {value:.3f}{note}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    parser.add_argument("--models", default=None, help="comma-separated model ids (default: every installed shipped model)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"STS-B dev pairs per language, evenly spaced (default {DEFAULT_LIMIT}; 0 = all 1,500)")
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS), help="STS-B languages besides English")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    model_ids = args.models.split(",") if args.models else shipped_models()
    langs = [lang for lang in args.langs.split(",") if lang and lang != "en"]
    results = Results()
    models = [run_model(model_id, args.data, langs, args.limit, results) for model_id in model_ids]
    print(table(results, models))
    print()
    print("Default per language pair (best Spearman, de–fr best strict F1; ties within 0.01 go to the faster model):")
    print("\n".join(recommend(results, models)))
    print(f"# total {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
