"""Spinner artefacts: tortured phrases (packaged news list, PPS export read in place) and non-words."""

from __future__ import annotations

from pathlib import Path

from sentence_docs import make_doc

import pytest

from auditor.detect.base import AuditContext
from auditor.detect.spinner import (
    SpinnerDetector,
    load_news_phrases,
    non_word_candidates,
    parse_pps_query,
    shared_location,
    wordfreq_available,
)
from auditor.errors import BadInputError, MissingDataError
from auditor.types import Alignment, Bead, FindingType, Severity, Thresholds

THR = Thresholds(match=0.5, shift=0.6, unrelated=0.2)
needs_wordfreq = pytest.mark.skipif(not wordfreq_available(), reason="wordfreq is not installed")


def lint(sentences, lang="en", **kw):
    kw.setdefault("shared_list", False)
    t_doc, t_seg = make_doc("tgt", sentences, lang)
    return SpinnerDetector(**kw).detect(AuditContext(None, t_doc, None, t_seg, None, THR))


def audit(src, tgt, src_lang="en", tgt_lang="en", **kw):
    kw.setdefault("shared_list", False)
    s_doc, s_seg = make_doc("src", [src], src_lang)
    t_doc, t_seg = make_doc("tgt", [tgt], tgt_lang)
    al = Alignment((Bead((0,), (0,), 0.9),), "monotonic", "monotonic", "test")
    return SpinnerDetector(**kw).detect(AuditContext(s_doc, t_doc, s_seg, t_seg, al, THR))


# --------------------------------------------------------------------------- tortured phrases


def test_news_tortured_phrases_are_flagged_with_the_expected_phrase():
    (f,) = lint(["The Prime Clergyman met the unfamiliar-pastor on Monday."], nonwords=False)[:1]
    assert f.type is FindingType.SPINNER_ARTEFACT and f.severity is Severity.MAJOR
    assert f.target_span.text == "Prime Clergyman" and "prime minister" in f.message
    fs = lint(["The Prime Clergyman met the unfamiliar-pastor on Monday."], nonwords=False)
    assert [x.target_span.text for x in fs] == ["Prime Clergyman", "unfamiliar-pastor"]
    assert "foreign minister" in fs[1].evidence


def test_the_fixed_expressions_themselves_are_not_flagged():
    assert lint(["The prime minister met the foreign minister to discuss social media and fake news."],
                nonwords=False) == []  # fmt: skip


def test_a_phrase_the_source_already_has_is_not_the_rewrites_doing():
    assert audit("He called it counterfeit news.", "He said it was counterfeit news.", nonwords=False) == []
    (f,) = audit("He called it fake news.", "He said it was counterfeit news.", nonwords=False)
    assert f.target_span.text == "counterfeit news"


def test_the_news_list_is_large_and_well_formed():
    phrases = load_news_phrases()
    assert len(phrases) >= 60
    assert all(len(p.key) >= 2 and p.key != tuple(p.expected.lower().split()) for p in phrases)
    with pytest.raises(BadInputError):
        load_news_phrases('[[phrase]]\ntortured = "a b"\n')


@pytest.mark.parametrize(
    "query,parsed",
    [
        ('"huge information"', ("huge information", (), ())),
        ('"malignant growth" AND "cancer"', ("malignant growth", (("cancer",),), ())),
        ('"business knowledge" AND business intelligence', ("business knowledge", (("business", "intelligence"),), ())),
        ('"surface highlights" NOT specular', ("surface highlights", (), (("specular",),))),
        ('"exactness accuracy"~5', None),
        ('"fit record" OR "fit file"', None),
    ],
)
def test_pps_queries_are_parsed_or_refused(query, parsed):
    assert parse_pps_query(query) == parsed


def _pps(tmp_path: Path) -> Path:
    d = tmp_path / "tp" / "data"
    d.mkdir(parents=True)
    (d / "tortured.csv").write_text(
        "tortured_phrase,expected_phrase,num_papers\n"
        '"""huge information""",big data,"8,451"\n'
        '"""malignant growth"" AND ""cancer""",cancer,"21,347"\n'
        '"""gatherings clustering""~10",clustering,"6,109"\n',
        encoding="utf-8",
    )
    return tmp_path / "tp"


def test_the_shared_list_is_read_in_place_with_its_conditions(tmp_path):
    folder = _pps(tmp_path)
    fs = lint(["Firms mine huge information.", "A malignant growth was found."], tortured_phrases=folder,
              shared_list=True, nonwords=False)  # fmt: skip
    assert [f.target_span.text for f in fs] == ["huge information"]  # no "cancer" in the document
    assert "Problematic Paper Screener" in fs[0].evidence
    fs = lint(["A malignant growth was found.", "The cancer spread."], tortured_phrases=folder,
              shared_list=True, nonwords=False)  # fmt: skip
    assert [f.target_span.text for f in fs] == ["malignant growth"]


def test_the_shared_list_location(tmp_path, monkeypatch):
    folder = _pps(tmp_path)
    monkeypatch.setenv("AUDITOR_TORTURED_PHRASES", str(folder))
    assert shared_location() == folder / "data" / "tortured.csv"
    monkeypatch.setenv("AUDITOR_TORTURED_PHRASES", str(tmp_path / "nowhere"))
    with pytest.raises(MissingDataError) as exc:
        shared_location()
    assert "AUDITOR_TORTURED_PHRASES" in exc.value.fix


# --------------------------------------------------------------------------- non-words


def test_candidates_skip_names_urls_handles_numbers_and_compounds():
    text = "Zelenskiy wrote blockingading at https://x.com/abcdefgh with @handlename #hashtagged 12345 anti-vaxxers."
    cands = non_word_candidates(text)
    assert [w for _, _, w in cands] == ["wrote", "blockingading"]
    start, end, _ = cands[1]
    assert text[start:end] == "blockingading"


@needs_wordfreq
def test_non_words_are_flagged_in_english_and_spanish():
    (f,) = lint(["Russia has been blockingading the ports since February."], nonwords=True)
    assert f.type is FindingType.SPINNER_ARTEFACT and f.severity is Severity.MINOR
    assert f.target_span.text == "blockingading"
    (g,) = lint(["El gobierno anunció medidas contra la inflaciomética del país."], "es", nonwords=True)
    assert g.target_span.text == "inflaciomética"


@needs_wordfreq
@pytest.mark.parametrize(
    "text,lang",
    [
        ("The president said the negotiations would continue on Thursday in Geneva.", "en"),
        ("Officials were reportedly unconvinced by the newest proposals.", "en"),
        ("Volodymyr Zelenskiy visited Kharkiv, see https://example.com/zzkqxw for photos.", "en"),
        ("El presidente dijo que las negociaciones continuarán el jueves en Ginebra.", "es"),
        ("Quiero comunicártelo antes de que lo publiquen.", "es"),
    ],
)
def test_clean_text_has_no_non_words(text, lang):
    assert lint([text], lang, nonwords=True) == []


@needs_wordfreq
def test_a_word_the_source_has_is_not_a_non_word():
    assert audit("The blockingading continued.", "The blockingading went on.", nonwords=True) == []
    (f,) = audit("The blockade continued.", "The blockingading went on.", nonwords=True)
    assert "not in the source" in f.evidence


def test_non_words_can_be_switched_off():
    assert lint(["Russia has been blockingading the ports."], nonwords=False) == []
