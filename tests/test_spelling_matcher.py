"""The spelling lexicon's token-trie matcher finds exactly what the regular-expression alternation
it replaced found.

The oracle below is a private copy of the old matcher (``Lexicon.find`` as it was): one regular
expression per lexicon, every form's pattern in one alternation, longest pattern first, scanned
with ``finditer``, the exceptions in a second alternation. Both are run on the shipped lexicon's
forms written many ways, on random runs of forms, on the sample documents and on WMT21 news text
(../shared), and on custom lexicons whose forms hold punctuation; every hit must agree.
"""

from __future__ import annotations

import marshal
import random
import re
from pathlib import Path

import pytest

from auditor import compiled
from auditor.detect.spelling import (
    _SEPARATORS,
    Lexicon,
    VariantGroup,
    VariantHit,
    _index,
    _lang,
    form_key,
    load_lexicon,
)
from auditor.text import fold_with_offsets

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
WMT = ROOT.parent / "shared" / "data" / "wmt21-news-systems"
WMT_LINES = 3000


# --------------------------------------------------------------------------- the old matcher


def _old_form_pattern(form: str) -> str:
    parts: list[str] = []
    for c in form_key(form):
        if c == " ":
            parts.append(_SEPARATORS)
        else:
            if parts and parts[-1] != _SEPARATORS:
                parts.append("'?")
            parts.append(re.escape(c))
    return "".join(parts)


class OldMatcher:
    """``Lexicon.find`` before the trie: the regular-expression alternation."""

    def __init__(self, groups: tuple[VariantGroup, ...]) -> None:
        self.by_key: dict[str, tuple[VariantGroup, str]] = {}
        for g in groups:
            for form in g.forms:
                self.by_key.setdefault(form_key(form), (g, form))
        pats = sorted({_old_form_pattern(f) for g in groups for f in g.forms}, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(pats) + r")(?!\w)") if pats else re.compile(r"(?!x)x")
        exc = sorted({_old_form_pattern(e) for g in groups for e in g.exceptions}, key=len, reverse=True)
        self.exceptions = re.compile(r"(?<!\w)(?:" + "|".join(exc) + r")(?!\w)") if exc else None
        self.after = {g.id: re.compile(g.after) for g in groups if g.after}

    def find(self, text: str, lang: str | None = None) -> list[VariantHit]:
        if not text:
            return []
        lang = _lang(lang)
        folded, origin = fold_with_offsets(text)
        blocked: list[tuple[int, int]] = []
        if self.exceptions is not None:
            blocked = [(m.start(), m.end()) for m in self.exceptions.finditer(folded)]
        hits: list[VariantHit] = []
        for m in self.pattern.finditer(folded):
            key = re.sub(_SEPARATORS, " ", m.group().replace("'", "")).strip()
            entry = self.by_key.get(key)
            if entry is None:
                continue
            group, form = entry
            if any(a <= m.start() and m.end() <= b for a, b in blocked):
                continue
            rx = self.after.get(group.id)
            if rx is not None and not rx.match(folded, m.end()):
                continue
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            written = text[start:end]
            if group.capitalised and not next((c for c in written if c.isalpha()), "a").isupper():
                continue
            hits.append(VariantHit(group.id, form, key, written, start, end, group.preferred_for(lang), group.kind))
        return hits


def _fields(hits: list[VariantHit]) -> list[tuple]:
    return [(h.group, h.form, h.key, h.text, h.start, h.end, h.preferred, h.kind) for h in hits]


class Comparison:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.old = OldMatcher(lexicon.groups)
        self.texts = 0
        self.hits = 0
        self.diffs: list[tuple[str, list, list]] = []

    def check(self, text: str, lang: str | None = "en") -> None:
        new, old = _fields(self.lexicon.find(text, lang)), _fields(self.old.find(text, lang))
        self.texts += 1
        self.hits += len(old)
        if new != old and len(self.diffs) < 10:
            self.diffs.append((text[:300], old, new))

    def assert_same(self, min_hits: int = 1) -> None:
        assert not self.diffs, "\n\n".join(f"{t!r}\n  old {o}\n  new {n}" for t, o, n in self.diffs)
        assert self.hits >= min_hits, (self.texts, self.hits)


@pytest.fixture(scope="module")
def shipped() -> Comparison:
    return Comparison(load_lexicon())


# --------------------------------------------------------------------------- forms written many ways


def _apostrophe_inside(form: str) -> list[str]:
    """The form with an apostrophe (straight or curly) between two of its letters, in a few places."""
    out = []
    spots = [i for i in range(1, len(form)) if form[i - 1].isalnum() and form[i].isalnum()]
    for k, i in enumerate(spots[:: max(1, len(spots) // 3)]):
        out.append(form[:i] + ("'" if k % 2 == 0 else "’") + form[i:])
    return out


def _writings(form: str) -> list[str]:
    words = re.split(r"[\s\-‐‑–]+", form)
    out = [form, form.upper(), form.lower(), form.title(), form.capitalize(), form.swapcase()]
    if len(words) > 1:
        out += ["-".join(words), " ".join(words), " - ".join(words), "–".join(words), "\n".join(words),
                "  ".join(words), "".join(words), "_".join(words), "'".join(words), ". ".join(words)]
    out += [form + "'s", form + "’s", form + "s", form + "'", "'" + form, "d'" + form, "l’" + form]
    out += _apostrophe_inside(form)
    out += ["x" + form, form + "x", form.lower() + "ian", "Neo" + form.lower(), "1" + form, form + "2",
            "_" + form, form + "_", "(" + form + ")", '"' + form + '".', form + "-based", "anti-" + form,
            form + ",", form + ", ", form + "''s", form + "'’s"]
    return out


@pytest.mark.slow  # 13,200 texts through the regex oracle (3 s)
def test_every_form_and_exception_written_many_ways(shipped):
    for g in shipped.lexicon.groups:
        for form in (*g.forms, *g.exceptions):
            writings = _writings(form)
            for w in (form, form.upper(), "'" + form, form + "'", form + "’s", "x" + form, form + "x", "_" + form):
                shipped.check(w, "en")  # alone: the text's start and end are the edges
            shipped.check(" ; ".join(writings), "en")
            shipped.check(" ".join(writings[1::2]), "es")  # back to back
            shipped.check("\n".join(f"In {w} today, and {w}." for w in writings[:6]), None)
    shipped.assert_same(min_hits=5000)


@pytest.mark.slow  # 13,800 texts through the regex oracle
def test_forms_back_to_back_and_in_random_runs(shipped):
    forms = [f for g in shipped.lexicon.groups for f in (*g.forms, *g.exceptions)]
    for a, b in zip(forms, forms[1:] + forms[:1]):
        for sep in (" ", "-", "", "'", "’s ", ", ", " and ", "_", "\n"):
            shipped.check(a + sep + b)
    rng = random.Random(15)
    seps = [" ", " ", " ", "-", " - ", ", ", ". ", "'s ", "’ ", "'", "", "_", "\n", " – ", "1", " (", ") ", "x"]
    extra = ["Texas", "TX", "File", "Rus", "Zelensky", "Zelenskyy", "Gaddafi", "al-Qaddafi", "Klitschko",
             "the", "of", "a", "turkey", "Turkey", "'s"]
    for _ in range(3000):
        n = rng.randint(2, 6)
        parts = []
        for _ in range(n):
            w = rng.choice(forms) if rng.random() < 0.8 else rng.choice(extra)
            w = rng.choice(_writings(w)[:24])
            parts.append(w + rng.choice(seps))
        shipped.check("".join(parts), rng.choice(["en", "es", "de", None]))
    shipped.assert_same(min_hits=5000)


def test_after_and_capitalised_groups(shipped):
    for g in shipped.lexicon.groups:
        if not (g.after or g.capitalised):
            continue
        for form in g.forms:
            for tail in (" Zelensky", " Zelenskyy's", " zelensky", "  Selensky", " Gaddafi", " al-Qaddafi",
                         " al Kadhafi", " Klitschko", " Klychko", "-Zelensky", " ", "", " the"):
                for w in (form, form.lower(), form.upper()):
                    shipped.check(f"{w}{tail} said.")
    shipped.assert_same(min_hits=50)


# --------------------------------------------------------------------------- real text


def test_the_sample_documents(shipped):
    paths = sorted(SAMPLES.rglob("*.txt"))
    assert paths
    for p in paths:
        text = p.read_text(encoding="utf-8")
        shipped.check(text, "en")
        for line in text.splitlines():
            shipped.check(line, "en")
    shipped.assert_same(min_hits=10)


@pytest.mark.slow  # the regex oracle scans 3.9 MB of WMT21 text
def test_wmt21_news_text(shipped):
    if not WMT.is_dir():
        pytest.skip(f"{WMT} is missing (../shared beside the repository): no WMT21 text to compare on")
    paths = sorted(p for p in (WMT / "txt").rglob("*") if p.is_file())
    if not paths:
        pytest.skip(f"no text files under {WMT / 'txt'}")
    for p in paths:
        with p.open(encoding="utf-8", errors="replace") as fh:
            lines = [line for _, line in zip(range(WMT_LINES), fh)]
        lang = p.name.rsplit(".", 1)[-1]
        shipped.check("".join(lines), lang)
    shipped.assert_same(min_hits=10)


# --------------------------------------------------------------------------- custom lexicons

CUSTOM = """
[[group]]
id = "us"
preferred = "U.S."
variants = ["US", "U.S", "U. S.", "USA"]
except = ["U.S. Open", "US Open"]

[[group]]
id = "att"
preferred = "AT&T"
variants = ["AT & T", "ATT"]

[[group]]
id = "email"
preferred = "email"
variants = ["e-mail", "E mail"]
kind = "phrase"

[[group]]
id = "odesa"
preferred = "Odesa"
variants = ["Odessa", "Odessa, Texas (US)"]
except = ["Odessa, TX"]

[[group]]
id = "cote"
preferred = "Côte d'Ivoire"
variants = ["Ivory Coast", "Cote d’Ivoire", "Côte-d'Ivoire", "Coast"]
after = '\\s+(?:says|said)'

[[group]]
id = "nyc"
preferred = "New York City"
variants = ["New York", "NYC", "N.Y.C.", "New York, N.Y."]
capitalised = true

[[group]]
id = "dots"
preferred = "a.b.c"
variants = ["a..b", ".ab", "ab.", "1/2", "co-op", "c++"]
"""


def test_custom_lexicons_with_punctuation_in_their_forms():
    lex = load_lexicon(CUSTOM)
    cmp = Comparison(lex)
    forms = [f for g in lex.groups for f in (*g.forms, *g.exceptions)]
    for f in forms:
        for w in _writings(f):
            cmp.check(w)
            cmp.check(f"In {w} today, and {w}.")
    rng = random.Random(7)
    pieces = [*forms, "U", "S", ".", "..", ",", "&", "Open", "says", "said", "Texas", "TX", "(", ")", "N.Y.", "/"]
    seps = [" ", "", "-", ". ", ",", "'", "’", "\n", "_", "x", " - "]
    for _ in range(5000):
        parts = [rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(2, 7))]
        text = "".join(parts)
        cmp.check(rng.choice([text, text.lower(), text.upper()]))
    cmp.assert_same(min_hits=3000)


def test_house_style_lexicons_match_as_before():
    from auditor.detect.housestyle import parse_house_style

    style = parse_house_style('Kyiv = ["Kiev"]\n"e-mail" = ["email", "E mail"]\n"U.S." = ["US"]\n')
    lex = style.lexicon("en")
    cmp = Comparison(lex)
    for text in ("Kiev's e-mail to the US and U.S.", "EMAIL from kyiv", "us", "E-Mail", "U.S.A."):
        cmp.check(text)
    cmp.assert_same(min_hits=5)


# --------------------------------------------------------------------------- the compiled index


def test_the_index_is_plain_data_and_is_read_back_from_the_store(tmp_path):
    groups = load_lexicon().groups
    index = _index(groups)
    assert marshal.loads(marshal.dumps(index)) == index
    compiled.configure(tmp_path)
    try:
        lex = Lexicon.from_groups(groups, store="spelling-test-index")
        files = list((tmp_path / compiled.SUBDIR).glob("spelling-test-index-*.marshal"))
        assert len(files) == 1
        assert compiled._read(files[0]) == index
        assert lex.index == index
        hits = lex.find("Kyiv and Kiev", "en")
        assert [(h.group, h.text) for h in hits] == [("kyiv", "Kyiv"), ("kyiv", "Kiev")]
    finally:
        compiled.configure(None)
        compiled._state["configured"] = False


def test_a_form_without_letters_matches_nothing():
    lex = Lexicon.from_groups([VariantGroup("dash", "email", ("-",), kind="phrase")])
    assert [h.text for h in lex.find("e-mail - email -", "en")] == ["email"]
