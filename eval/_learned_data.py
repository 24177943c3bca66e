"""Data for the learned error head (issue 14): labelled sentence pairs from ``../shared/data``.

Every item is a :class:`Pair`: a source and a target sentence, character spans of the target that
are part of an accuracy error (``tgt_bad``), spans of the source that were omitted (``src_bad``),
segment labels, the document it comes from and its split.

Real labels
  * WMT20 / WMT21 English→German expert MQM (Freitag et al. 2021; span TSVs copied by the WMT22 QE
    organisers): ``Accuracy/*`` spans of Major or Minor severity (Mistranslation, Addition,
    Untranslated in the target; Omission in the source). A character's weight is the share of the
    segment's raters who marked it (WMT20: 3 raters, WMT21: 1).
  * WMT22 QE Critical Error Detection dev (en-de, pt-en): segment labels only (BAD = an injected
    critical error), no spans.
  * DEMETR (the development half we have): the perturbed MT against its source, spans from a word
    diff against the unperturbed MT (inserted/replaced target words; deleted words are projected to the
    source with the clean pair's word alignment by the caller).

Synthetic perturbations of faithful pairs (:func:`perturb`): names, numbers, dates, negation,
antonyms, role titles, added modifiers, added clauses, dropped clauses, on WMT21 sources/references
(both directions), DEMETR's unperturbed MT and Text+Berg de–fr sentence pairs.

Splits (deterministic, by document, written down in ``models/learned_head.toml``):
``u = int(sha256("<dataset>:<doc>")[:8], 16) / 2**32``.
  * WMT21 en-de (``wmt21``, and any pair built from a WMT21 source line): ``u < 0.40`` **test**
    (held out: never trained on, never used to choose anything), ``0.40 ≤ u < 0.60`` dev, else train.
  * every other dataset: ``u < 0.20`` dev, else train.
  * DEMETR, by item id: ``u < 0.50`` **demetr-eval** (catch rates are reported on it; not trained on,
    nothing chosen on it), ``0.50 ≤ u < 0.65`` dev, else train.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import hashlib
import io
import json
import random
import re
import tarfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

Span = tuple[int, int, float]  # start, end, weight (share of raters)

TEST_SHARE_WMT21 = 0.40
DEV_SHARE_WMT21 = 0.20
DEV_SHARE = 0.20
DEMETR_EVAL_SHARE = 0.50
DEMETR_DEV_SHARE = 0.15

ACCURACY_TARGET = ("Accuracy/Mistranslation", "Accuracy/Addition", "Accuracy/Untranslated", "Non-translation")
ACCURACY_SOURCE = ("Accuracy/Omission",)
SEVERITY_WEIGHT = {"major": 5.0, "minor": 1.0, "neutral": 0.0, "no-error": 0.0}

DEMETR_LANGS = {
    "chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi", "italian": "it",
    "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es",
}  # fmt: skip
#: DEMETR perturbations that change the meaning (an accuracy error); the others are fluency/style edits
DEMETR_MEANING = {
    "critical_id9_ne_replaced", "critical_id25_ne_removed", "critical_id10_numbers_replaced", "critical_id8_negation",
    "critical_id7_antonym", "critical_id6_addition", "critical_id11_gender", "critical_id21_adj_adv_removed",
    "critical_id22_verb_removed", "critical_id23_noun_removed", "critical_id24_subj_removed", "critical_id4_codemix",
    "major_id3_hypernym", "major_id5_pp_removed", "major_id17_tense", "major_id18_aspect", "major_id19_question",
}  # fmt: skip
#: harmless edits (no accuracy error): trained as clean targets, reported as false-alarm checks
DEMETR_HARMLESS = {
    "base_id35_reference", "minor_id12_conj_removed", "minor_id13_pos_shift", "minor_id14_word_swap", "minor_id15_case",
    "minor_id16_function_word", "minor_id1_repeat2", "minor_id26_misspelled", "minor_id27_char_removed",
    "minor_id28_final_punc_removed", "minor_id29_punc_addition", "minor_id2_repeat4", "minor_id30_tokenized",
    "minor_id31_full_lower", "minor_id32_first_lower",
}  # fmt: skip
#: not sentence pairs a detector should be trained on (empty target, shuffled words of the whole sentence)
DEMETR_SKIP = {"base_id33_empty", "base_id33_shuffle_trans", "critical_id20_shuffled"}


@dataclass
class Pair:
    key: str
    dataset: str
    doc: str
    split: str
    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    tgt_bad: list[Span] = field(default_factory=list)
    src_bad: list[Span] = field(default_factory=list)
    #: segment labels: ``major`` 1.0 when a critical/major accuracy error is present (the share of
    #: raters who marked one), 0.0 when none, None when unknown; ``clean`` True when no error of any
    #: category was marked (MQM "No-error"; a faithful pair), None when unknown
    major: float | None = None
    clean: bool | None = None
    mqm: float | None = None  # MQM penalty (higher is worse), averaged over raters
    tag: str = ""  # mqm | ced | demetr:<perturbation> | synth:<kind> | clean
    any_bad: list[Span] = field(default_factory=list)  # target spans of any MQM category (for reference)
    #: for DEMETR and synthetic deletions: the target words deleted from the clean target, as spans of
    #: ``base_tgt`` (projected onto the source through the clean pair's alignment by the trainer)
    base_tgt: str | None = None
    deleted: list[tuple[int, int]] = field(default_factory=list)


def unit(name: str) -> float:
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) / 2**32


def split_of(dataset: str, doc: str) -> str:
    if dataset == "wmt21":
        u = unit(f"wmt21:{doc}")
        return "test" if u < TEST_SHARE_WMT21 else "dev" if u < TEST_SHARE_WMT21 + DEV_SHARE_WMT21 else "train"
    if dataset == "demetr":
        u = unit(f"demetr:{doc}")
        return "demetr-eval" if u < DEMETR_EVAL_SHARE else "dev" if u < DEMETR_EVAL_SHARE + DEMETR_DEV_SHARE else "train"
    return "dev" if unit(f"{dataset}:{doc}") < DEV_SHARE else "train"


# --------------------------------------------------------------------------- MQM span files

_MARK = re.compile(r"</?v>")


def strip_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without ``<v>…</v>`` and the character spans the marks enclosed (unbalanced marks: none)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    n = 0
    opened: int | None = None
    ok = True
    for m in _MARK.finditer(text):
        out.append(text[pos : m.start()])
        n += m.start() - pos
        pos = m.end()
        if m.group() == "<v>":
            if opened is not None:
                ok = False
            opened = n
        else:
            if opened is None:
                ok = False
            else:
                if n > opened:
                    spans.append((opened, n))
                opened = None
    out.append(text[pos:])
    if opened is not None:
        ok = False
    return "".join(out), spans if ok else []


def _mqm_weight(category: str, severity: str) -> float:
    sev = severity.strip().lower()
    if category.startswith("Non-translation"):
        return 25.0
    if sev == "minor" and category.startswith("Fluency/Punctuation"):
        return 0.1
    return SEVERITY_WEIGHT.get(sev, 0.0)


def load_mqm(path: Path, dataset: str, *, lang_pair: tuple[str, str] = ("en", "de")) -> list[Pair]:
    """One :class:`Pair` per (system, segment) of an MQM span TSV, labels merged over raters."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            groups[(row["system"], row["doc"], row["seg_id"])].append(row)
    pairs: list[Pair] = []
    for (system, doc, seg), rows in groups.items():
        raters = sorted({r["rater"] for r in rows})
        src = tgt = None
        tgt_marks: dict[str, list[tuple[int, int]]] = defaultdict(list)
        src_marks: dict[str, list[tuple[int, int]]] = defaultdict(list)
        any_marks: dict[str, list[tuple[int, int]]] = defaultdict(list)
        major: dict[str, bool] = defaultdict(bool)
        errors: dict[str, bool] = defaultdict(bool)
        penalty: dict[str, float] = defaultdict(float)
        for r in rows:
            s_clean, s_spans = strip_marks(r["source"])
            t_clean, t_spans = strip_marks(r["target"])
            src = src or s_clean
            tgt = tgt or t_clean
            if t_clean != tgt or s_clean != src:
                continue  # a rater's copy with other text: its offsets would not fit
            cat, sev = r["category"], r["severity"].strip().lower()
            if cat.lower() in ("no-error", "no error"):
                continue
            if cat.startswith("Source") or sev == "neutral":
                continue
            rater = r["rater"]
            errors[rater] = True
            penalty[rater] += _mqm_weight(cat, sev)
            any_marks[rater] += t_spans
            is_acc = cat.startswith("Accuracy/") or cat.startswith("Non-translation")
            if cat.startswith(ACCURACY_TARGET):
                tgt_marks[rater] += t_spans if t_spans or not cat.startswith("Non-translation") else [(0, len(tgt))]
            if cat.startswith(ACCURACY_SOURCE):  # WMT21 marks omissions in the source, WMT20 near the gap in the target
                src_marks[rater] += s_spans
                tgt_marks[rater] += t_spans
            if is_acc and sev == "major" or cat.startswith("Non-translation"):
                major[rater] = True
        if src is None or tgt is None:
            continue
        nr = len(raters)
        pairs.append(
            Pair(
                key=f"{dataset}:{system}:{doc}:{seg}", dataset=dataset, doc=doc, split=split_of(dataset, doc),
                src=src, tgt=tgt, src_lang=lang_pair[0], tgt_lang=lang_pair[1],
                tgt_bad=_merge_raters(tgt_marks, nr), src_bad=_merge_raters(src_marks, nr),
                major=sum(major[r] for r in raters) / nr, clean=not any(errors.values()),
                mqm=sum(penalty[r] for r in raters) / nr, tag="mqm", any_bad=_merge_raters(any_marks, nr),
            )  # fmt: skip
        )
    return pairs


def _merge_raters(marks: dict[str, list[tuple[int, int]]], n_raters: int) -> list[Span]:
    """Per-rater spans -> disjoint spans weighted by the share of raters covering them."""
    points = sorted({p for spans in marks.values() for s in spans for p in s})
    out: list[Span] = []
    for a, b in zip(points, points[1:]):
        k = sum(any(s <= a and b <= e for s, e in spans) for spans in marks.values())
        if k:
            w = k / max(n_raters, 1)
            if out and out[-1][1] == a and out[-1][2] == w:
                out[-1] = (out[-1][0], b, w)
            else:
                out.append((a, b, w))
    return out


def wmt_pairs(data: Path) -> list[Pair]:
    base = data / "wmt-mqm" / "full-error-spans-via-wmt-qe-2022"
    return load_mqm(base / "mqm_newstest2020_ende.tsv.gz", "wmt20") + load_mqm(base / "mqm-newstest2021_ende.tsv.gz", "wmt21")


# --------------------------------------------------------------------------- CED

def ced_pairs(data: Path) -> list[Pair]:
    out: list[Pair] = []
    for lp in ("en-de", "pt-en"):
        tar = data / "wmt-qe-2022" / "train-dev_data" / "task3_ced" / "dev" / lp / f"{lp}-dev.tar.gz"
        files: dict[str, list[str]] = {}
        with tarfile.open(tar) as tf:
            for m in tf.getmembers():
                name = m.name.rsplit("/", 1)[-1]
                if name in ("dev.src", "dev.mt", "dev.label"):
                    fh = tf.extractfile(m)
                    assert fh is not None
                    files[name] = io.TextIOWrapper(fh, encoding="utf-8").read().split("\n")
        s_lang, t_lang = lp.split("-")
        n = len(files["dev.label"])
        for i in range(n):
            lab = files["dev.label"][i].strip()
            if lab not in ("OK", "BAD"):
                continue
            doc = f"{lp}:{i}"
            bad = lab == "BAD"
            out.append(Pair(f"ced:{doc}", "ced", doc, split_of("ced", doc), files["dev.src"][i].strip(),
                            files["dev.mt"][i].strip(), s_lang, t_lang, major=float(bad), clean=None, tag="ced"))  # fmt: skip
    return out


# --------------------------------------------------------------------------- DEMETR

_WORD = re.compile(r"\S+")


def word_diff(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Words of ``b`` inserted or replaced relative to ``a`` (spans of b), and words of ``a`` deleted or
    replaced (spans of a). Punctuation glued to a word counts with it."""
    wa = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(a)]
    wb = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(b)]
    sm = difflib.SequenceMatcher(a=[w[2] for w in wa], b=[w[2] for w in wb], autojunk=False)
    ins: list[tuple[int, int]] = []
    dele: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if j2 > j1:
            ins.append((wb[j1][0], wb[j2 - 1][1]))
        if i2 > i1:
            dele.append((wa[i1][0], wa[i2 - 1][1]))
    return ins, dele


def demetr_pairs(data: Path) -> list[Pair]:
    out: list[Pair] = []
    seen_clean: set[int] = set()
    for f in sorted((data / "demetr" / "dataset").glob("*.json")):
        name = f.stem
        if name in DEMETR_SKIP:
            continue
        for it in json.loads(f.read_text(encoding="utf-8")):
            lang = DEMETR_LANGS.get(it.get("lang_tag"))
            if lang is None:
                continue
            iid = int(it["id"])
            doc = str(iid)
            split = split_of("demetr", doc)
            src, mt = it["src_sent"].strip(), it["mt_sent"].strip()
            if iid not in seen_clean:
                seen_clean.add(iid)
                out.append(Pair(f"demetr:{iid}:clean", "demetr", doc, split, src, mt, lang, "en",
                                major=0.0, clean=True, tag="demetr:clean"))  # fmt: skip
            if not it.get("pert_check"):
                continue
            pert = it["pert_sent"].strip()
            if pert == mt or not pert:
                continue
            if name == "base_id35_reference":
                pert = it["eng_sent"].strip()
            if name in DEMETR_HARMLESS:
                out.append(Pair(f"demetr:{iid}:{name}", "demetr", doc, split, src, pert, lang, "en",
                                major=0.0, clean=True, tag=f"demetr:{name}"))  # fmt: skip
                continue
            ins, dele = word_diff(mt, pert)
            out.append(
                Pair(f"demetr:{iid}:{name}", "demetr", doc, split, src, pert, lang, "en",
                     tgt_bad=[(a, b, 1.0) for a, b in ins], major=1.0, clean=False, tag=f"demetr:{name}",
                     base_tgt=mt, deleted=dele)  # fmt: skip
            )
    return out


# --------------------------------------------------------------------------- faithful pairs

def wmt21_reference_pairs(data: Path, doc_of_source: dict[str, str]) -> list[Pair]:
    """newstest2021 en-de sources with references A, C, D (faithful human translations), both ways.

    ``doc_of_source`` maps a source line to its document (from the MQM file): the line inherits
    that document's WMT21 split, so nothing built from a held-out document is trained on."""
    base = data / "wmt21-news-systems" / "txt"
    src = (base / "sources" / "newstest2021.en-de.src.en").read_text(encoding="utf-8").split("\n")
    docs: list[str] = []
    last = "line0"
    for s in src:  # the test set is in document order: a line the MQM file lacks belongs to the document before it
        last = doc_of_source.get(_norm_key(s.strip()), last)
        docs.append(last)
    out: list[Pair] = []
    for ref in ("A", "C", "D"):
        tgt = (base / "references" / f"newstest2021.en-de.ref.{ref}.de").read_text(encoding="utf-8").split("\n")
        for i, (s, t) in enumerate(zip(src, tgt)):
            s, t = s.strip(), t.strip()
            if not s or not t:
                continue
            doc = docs[i]
            split = split_of("wmt21", doc)
            out.append(Pair(f"wmt21ref:{ref}:{i}", "wmt21ref", doc, split, s, t, "en", "de", clean=True, major=0.0, tag="clean"))
            out.append(Pair(f"wmt21ref:{ref}:{i}:r", "wmt21ref", doc, split, t, s, "de", "en", clean=True, major=0.0, tag="clean"))
    return out


def textberg_pairs(data: Path) -> list[Pair]:
    """1-1 links of the Text+Berg de–fr gold alignments (faithful book translations), both ways."""
    base = data / "sentence-alignment" / "textberg-de-fr" / "vecalign" / "bleualign_data"
    out: list[Pair] = []
    for gold in sorted(base.glob("*.defr")):
        stem = gold.stem
        de = (base / f"{stem}.de").read_text(encoding="utf-8").split("\n")
        fr = (base / f"{stem}.fr").read_text(encoding="utf-8").split("\n")
        split = split_of("textberg", stem)
        for line in gold.read_text(encoding="utf-8").split("\n"):
            m = re.match(r"\[(\d+)\]:\[(\d+)\]$", line.strip())
            if not m:
                continue
            i, j = int(m.group(1)), int(m.group(2))
            s, t = de[i].strip(), fr[j].strip()
            if len(s.split()) < 4 or len(t.split()) < 4:
                continue
            out.append(Pair(f"textberg:{stem}:{i}", "textberg", stem, split, s, t, "de", "fr", clean=True, major=0.0, tag="clean"))
            out.append(Pair(f"textberg:{stem}:{i}:r", "textberg", stem, split, t, s, "fr", "de", clean=True, major=0.0, tag="clean"))
    return out


def _norm_key(text: str) -> str:
    t = text.replace("“", '"').replace("”", '"').replace("„", '"').replace("’", "'").replace("‘", "'")
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    return " ".join(t.split()).lower()


def wmt21_doc_map(pairs: list[Pair]) -> dict[str, str]:
    return {_norm_key(p.src): p.doc for p in pairs if p.dataset == "wmt21"}


# --------------------------------------------------------------------------- synthetic perturbations

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
}  # fmt: skip
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
ANTONYMS = {
    "en": [("increase", "decrease"), ("increased", "decreased"), ("rise", "fall"), ("rose", "fell"), ("won", "lost"),
           ("win", "lose"), ("higher", "lower"), ("more", "less"), ("largest", "smallest"), ("best", "worst"),
           ("accepted", "rejected"), ("allowed", "banned"), ("guilty", "innocent"), ("arrested", "released"),
           ("support", "oppose"), ("supported", "opposed"), ("strong", "weak"), ("first", "last"), ("early", "late"),
           ("open", "closed"), ("good", "bad"), ("positive", "negative"), ("before", "after"), ("start", "end"),
           ("began", "ended"), ("young", "old"), ("rich", "poor"), ("safe", "dangerous"), ("easy", "difficult"),
           ("many", "few"), ("always", "never"), ("agreed", "refused"), ("up", "down"), ("above", "below")],
    "de": [("mehr", "weniger"), ("höher", "niedriger"), ("gewonnen", "verloren"), ("gestiegen", "gesunken"),
           ("erste", "letzte"), ("ersten", "letzten"), ("gut", "schlecht"), ("groß", "klein"), ("große", "kleine"),
           ("vor", "nach"), ("früher", "später"), ("alt", "jung"), ("reich", "arm"), ("stark", "schwach"),
           ("immer", "nie"), ("viele", "wenige"), ("positiv", "negativ"), ("begann", "endete"), ("offen", "geschlossen")],
    "fr": [("plus", "moins"), ("grand", "petit"), ("grande", "petite"), ("premier", "dernier"), ("première", "dernière"),
           ("avant", "après"), ("bon", "mauvais"), ("toujours", "jamais"), ("haut", "bas"), ("riche", "pauvre"),
           ("fort", "faible"), ("jeune", "vieux"), ("beaucoup", "peu"), ("ouvert", "fermé")],
}  # fmt: skip
ROLES = {
    "en": ["president", "prime minister", "minister", "secretary", "governor", "mayor", "senator", "chairman",
           "spokesman", "director", "chief executive", "judge", "police chief", "general", "ambassador", "coach",
           "manager", "professor", "lawyer", "prosecutor", "former president", "deputy", "king", "captain"],
    "de": ["Präsident", "Ministerpräsident", "Minister", "Kanzler", "Gouverneur", "Bürgermeister", "Senator",
           "Vorsitzende", "Sprecher", "Direktor", "Richter", "Botschafter", "Trainer", "Professor", "Anwalt",
           "Staatsanwalt", "Polizeichef", "König", "Kapitän", "Abgeordnete"],
    "fr": ["président", "ministre", "maire", "gouverneur", "sénateur", "directeur", "juge", "ambassadeur",
           "professeur", "avocat", "procureur", "roi", "capitaine", "député", "secrétaire"],
}  # fmt: skip
MODIFIERS = {
    "en": ["allegedly", "secretly", "reportedly", "deliberately", "illegally", "briefly", "repeatedly", "nearly",
           "only", "never", "controversial", "former", "violent", "foreign", "unofficial", "massive", "alleged",
           "temporary", "rival", "wealthy", "elderly", "armed", "senior", "unnamed", "private"],
    "de": ["angeblich", "heimlich", "absichtlich", "illegal", "kurz", "wiederholt", "fast", "nur", "umstrittene",
           "ehemalige", "gewaltsame", "ausländische", "inoffizielle", "massive", "bewaffnete", "private", "reiche"],
    "fr": ["prétendument", "secrètement", "délibérément", "illégalement", "brièvement", "presque", "seulement",
           "ancien", "violent", "étranger", "officieux", "énorme", "armé", "privé", "riche"],
}  # fmt: skip
NEGATION = {
    "en": {"aux": ["is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "should", "must", "did", "does", "do"],
           "neg": "not"},
    "de": {"aux": ["ist", "war", "sind", "waren", "hat", "haben", "hatte", "wird", "werden", "kann", "konnte", "muss", "soll", "wurde", "wurden"],
           "neg": "nicht"},
    "fr": {"aux": [], "neg": "pas"},
}  # fmt: skip
CLAUSE_MARKERS = {
    "en": [", which", ", who", ", while", ", and", ", but", " and ", " because ", ", after", ", as", ", although", ", according to"],
    "de": [", die", ", der", ", das", ", weil", ", während", ", und", ", aber", ", nachdem", " und ", ", wie", ", obwohl"],
    "fr": [", qui", ", que", ", mais", ", et", " et ", ", car", ", alors", ", selon", ", après", ", tandis"],
}  # fmt: skip
KINDS = ("name", "number", "date", "negation", "antonym", "role", "modifier", "clause_added", "clause_dropped")


def _case_like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def perturb(pair: Pair, kind: str, rng: random.Random, pool: dict[str, list[str]]) -> Pair | None:
    """The target of ``pair`` with one meaning-changing edit of ``kind`` (None if it does not apply).

    ``pool``: per target language, capitalised words seen in other pairs (names to swap in) and
    sentences (for added clauses). Spans of inserted/replaced target text are ``tgt_bad``; words
    dropped are ``deleted`` (spans of the clean target, projected to the source by the trainer)."""
    t, lang = pair.tgt, pair.tgt_lang
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_]+(?:[-'][^\W_]+)*", t)]
    if not words:
        return None

    def replace(a: int, b: int, new: str, tag: str) -> Pair:
        nt = t[:a] + new + t[b:]
        return _derived(pair, nt, [(a, a + len(new), 1.0)] if new else [], tag, deleted=[] if new else [(a, b)])

    if kind == "number":
        nums = [m for m in re.finditer(r"\d+(?:[.,]\d+)*", t)]
        if not nums:
            return None
        m = rng.choice(nums)
        old = m.group()
        digits = re.sub(r"\D", "", old)
        for _ in range(10):
            new_digits = str(max(0, int(digits) + rng.choice([-3, -2, -1, 1, 2, 5, 10, 100]) * max(1, int(digits) // 10 or 1)))
            if rng.random() < 0.3 and len(digits) > 1:
                d = list(digits)
                i = rng.randrange(len(d))
                d[i] = str((int(d[i]) + rng.randint(1, 9)) % 10)
                new_digits = "".join(d).lstrip("0") or "0"
            if new_digits != digits:
                break
        else:
            return None
        return replace(m.start(), m.end(), new_digits, "number")
    if kind == "date":
        names = MONTHS.get(lang, []) + WEEKDAYS.get(lang, [])
        hits = [(a, b, w) for a, b, w in words if w in names or w.capitalize() in names]
        if not hits:
            return None
        a, b, w = rng.choice(hits)
        group = MONTHS[lang] if w in MONTHS[lang] or w.capitalize() in MONTHS[lang] else WEEKDAYS[lang]
        new = rng.choice([x for x in group if x.lower() != w.lower()])
        return replace(a, b, _case_like(new, w) if lang != "fr" else new, "date")
    if kind == "name":
        src_words = set(re.findall(r"[^\W_]+", pair.src))
        cands = [(a, b, w) for k, (a, b, w) in enumerate(words) if k > 0 and w[:1].isupper() and w in src_words and len(w) > 2]
        names = pool.get(f"names:{lang}", [])
        if not cands or not names:
            return None
        a, b, w = rng.choice(cands)
        new = rng.choice(names)
        if new == w:
            return None
        return replace(a, b, new, "name")
    if kind == "antonym":
        table = ANTONYMS.get(lang, [])
        lut = {x: y for p in table for x, y in (p, p[::-1])}
        hits = [(a, b, w) for a, b, w in words if w.lower() in lut]
        if not hits:
            return None
        a, b, w = rng.choice(hits)
        return replace(a, b, _case_like(lut[w.lower()], w), "antonym")
    if kind == "role":
        roles = ROLES.get(lang, [])
        low = t.lower() if lang != "de" else t
        hits = [(m.start(), m.end(), r) for r in roles for m in re.finditer(rf"\b{re.escape(r if lang == 'de' else r.lower())}\b", low)]
        if not hits:
            return None
        a, b, r = rng.choice(hits)
        new = rng.choice([x for x in roles if x != r])
        return replace(a, b, _case_like(new, t[a:b]), "role")
    if kind == "negation":
        neg = NEGATION.get(lang)
        if not neg:
            return None
        negs = [(a, b, w) for a, b, w in words if w.lower() in ("not", "nicht", "pas", "never", "nie", "kein", "keine", "jamais")]
        if negs and rng.random() < 0.5:  # drop a negation: the target lost it (the source word is omitted)
            a, b, w = rng.choice(negs)
            b2 = b + 1 if b < len(t) and t[b] == " " else b
            if lang == "fr" and w.lower() in ("pas", "jamais"):  # ne ... pas: drop both parts
                m = re.search(r"\b(ne |n')", t[:a][::-1][:40][::-1])
                if m is None:
                    return None
            return _derived(pair, t[:a] + t[b2:], [], "negation", deleted=[(a, b)], marks_near=a)
        if lang == "fr":
            hits = [(a, b, w) for a, b, w in words if w.lower() in ("est", "a", "sont", "était", "ont", "peut", "va")]
            if not hits:
                return None
            a, b, w = rng.choice(hits)
            elide = "n'" if w[0].lower() in "aeiouéh" else "ne "
            nt = t[:a] + elide + w + " pas" + t[b:]
            return _derived(pair, nt, [(a, a + len(elide), 1.0), (a + len(elide) + len(w), a + len(elide) + len(w) + 4, 1.0)], "negation")
        hits = [(a, b, w) for a, b, w in words if w.lower() in neg["aux"]]
        if not hits:
            return None
        a, b, w = rng.choice(hits)
        ins = " " + neg["neg"]
        nt = t[:b] + ins + t[b:]
        return _derived(pair, nt, [(b + 1, b + len(ins), 1.0)], "negation")
    if kind == "modifier":
        mods = MODIFIERS.get(lang)
        if not mods:
            return None
        k = rng.randrange(1, len(words)) if len(words) > 1 else 0
        a = words[k][0]
        new = rng.choice(mods)
        nt = t[:a] + new + " " + t[a:]
        return _derived(pair, nt, [(a, a + len(new), 1.0)], "modifier")
    if kind == "clause_added":
        sents = pool.get(f"sents:{lang}", [])
        if not sents:
            return None
        other = rng.choice(sents).split()
        if len(other) < 5:
            return None
        n = rng.randint(3, min(9, len(other)))
        i = rng.randrange(0, len(other) - n + 1)
        frag = " ".join(other[i : i + n]).strip(".,;:!?\"'«»„“”")
        joiner = {"en": ", and ", "de": ", und ", "fr": ", et "}.get(lang, ", ")
        end = len(t.rstrip(".!?\"'»“”"))
        nt = t[:end] + joiner + frag + t[end:]
        return _derived(pair, nt, [(end + 2, end + len(joiner) + len(frag), 1.0)], "clause_added")
    if kind == "clause_dropped":
        markers = CLAUSE_MARKERS.get(lang, [", "])
        hits = [m.start() for mk in markers for m in re.finditer(re.escape(mk), t)]
        if not hits:
            return None
        a = rng.choice(hits)
        nxt = [m.start() for m in re.finditer(r"[,;.!?]", t) if m.start() > a + 2]
        b = nxt[0] if nxt else len(t)
        if b - a < 8 or b - a > 0.6 * len(t):
            return None
        nt = t[:a] + t[b:]
        return _derived(pair, nt, [], "clause_dropped", deleted=[(a, b)], marks_near=a)
    raise ValueError(kind)


def _derived(pair: Pair, new_tgt: str, bad: list[tuple[int, int, float]], kind: str, *,
             deleted: list[tuple[int, int]] | None = None, marks_near: int | None = None) -> Pair:  # fmt: skip
    del marks_near
    return Pair(
        key=f"{pair.key}:synth:{kind}", dataset=pair.dataset, doc=pair.doc, split=pair.split, src=pair.src, tgt=new_tgt,
        src_lang=pair.src_lang, tgt_lang=pair.tgt_lang, tgt_bad=bad, major=1.0, clean=False, tag=f"synth:{kind}",
        base_tgt=pair.tgt, deleted=list(deleted or []),
    )  # fmt: skip


def build_pools(pairs: list[Pair]) -> dict[str, list[str]]:
    pool: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        ws = p.tgt.split()
        src_words = set(re.findall(r"[^\W_]+", p.src))
        for w in ws[1:]:
            w2 = w.strip(".,;:!?\"'()«»„“”")
            # a name is copied across languages: capitalised in the target, the same word in the source
            if len(w2) > 3 and w2[:1].isupper() and w2[1:].islower() and w2.isalpha() and w2 in src_words:
                pool[f"names:{p.tgt_lang}"].add(w2)
        if 6 <= len(ws) <= 30:
            pool[f"sents:{p.tgt_lang}"].add(p.tgt)
    return {k: sorted(v) for k, v in pool.items()}


def synthetic(faithful: list[Pair], *, seed: int, per_pair: int = 1, pools_from: list[Pair] | None = None) -> list[Pair]:
    """Perturb each faithful pair ``per_pair`` times with a kind drawn at random among those that apply.
    Pools (names, sentences) come from pairs of the same split only, so no text crosses splits."""
    out: list[Pair] = []
    by_split: dict[str, list[Pair]] = defaultdict(list)
    for p in pools_from or faithful:
        by_split[p.split].append(p)
    pools = {s: build_pools(ps) for s, ps in by_split.items()}
    for p in faithful:
        rng = random.Random(f"{seed}:{p.key}")
        specific, generic = list(KINDS[:6]), list(KINDS[6:])
        rng.shuffle(specific)
        rng.shuffle(generic)
        # the typed edits apply to few sentences: try them first most of the time
        kinds = specific + generic if rng.random() < 0.7 else generic + specific
        made = 0
        for kind in kinds:
            q = perturb(p, kind, rng, pools.get(p.split, {}))
            if q is not None and q.tgt != p.tgt:
                out.append(q)
                made += 1
                if made >= per_pair:
                    break
    return out


def iter_splits(pairs: list[Pair]) -> Iterator[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for p in pairs:
        counts[p.split] += 1
    yield from sorted(counts.items())
