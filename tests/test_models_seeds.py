"""The `model` tier: the real shipped models on the seed documents (offline; a minute at most)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import __version__, cli
from auditor.api import Auditor
from auditor.report.json import dumps, report_to_dict
from auditor.types import FindingType

pytestmark = pytest.mark.model

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def seed(n: str) -> Path:
    return next(SAMPLES.glob(f"{n}_*.txt"))


@pytest.fixture(scope="module")
def auditor():
    return Auditor()


@pytest.fixture(scope="module")
def report_001_000(auditor):
    return auditor.audit(seed("001"), seed("000"))


def _pairs(report):
    src, tgt = report.source_segments, report.target_segments
    return [(b, " ".join(src.segments[i].text for i in b.src), " ".join(tgt.segments[j].text for j in b.tgt)) for b in report.beads]


def test_spun_paragraphs_align_to_the_paragraphs_they_came_from(report_001_000):
    rep = report_001_000
    assert rep.model == "minilm-l6-v2" and rep.alignment.mode == "rewrite"
    linked = [(s, t) for b, s, t in _pairs(rep) if b.src and b.tgt]
    expect = [
        ("As rumours of Zelenskiy", "As rumors spread on social media"),
        ("On Friday, Zelensky said he had spoken", "On Friday, Zelensky claimed"),
        ("“Strengthening sanctions", '"Strengthening sanctions'),
        ("The West-backed resolution", "The UN Security Council also failed to pass"),
    ]
    for s_start, t_start in expect:
        assert any(s.startswith(s_start) and t.startswith(t_start) for s, t in linked), (s_start, t_start)


def test_the_duplicated_key_takeaways_copy_is_aligned_too(report_001_000):
    targets_of_resolution = [
        t for b, s, t in _pairs(report_001_000) if b.src and b.tgt and s.startswith("The West-backed resolution")
    ]
    assert len(targets_of_resolution) >= 2  # the "Key Takeaways" copy and the body paragraph
    assert any(b.moved for b in report_001_000.beads)


def test_agency_only_paragraphs_stay_unmatched(report_001_000):
    omitted = [s for b, s, _ in _pairs(report_001_000) if b.src and not b.tgt]
    assert any(s.startswith("The assault represented Putin") for s in omitted)
    assert any(s.startswith("Hundreds of casualties") for s in omitted)


def test_findings_are_typed_and_located(report_001_000):
    fs = report_001_000.findings
    assert {FindingType.OMISSION, FindingType.ADDITION} <= {f.type for f in fs}
    for f in fs:
        span = f.target_span or f.source_span
        assert span is not None and span.line >= 1 and span.col >= 1 and span.text
    sc = report_001_000.score
    assert 0 < sc.fidelity < 100 and str(sc.signature).startswith(f"auditor:{__version__}|model:minilm-l6-v2@")


def test_an_unrelated_story_matches_almost_nothing(auditor):
    for other in ("003", "004"):
        rep = auditor.audit(seed("001"), seed(other))
        linked = sum(1 for b in rep.beads if b.src and b.tgt)
        assert linked <= 1, (other, linked)


def test_same_input_same_bytes(auditor, report_001_000):
    again = auditor.audit(seed("001"), seed("000"))
    assert dumps(report_to_dict(again)) == dumps(report_to_dict(report_001_000))


def test_crosslingual_pair_uses_the_crosslingual_model(auditor, tmp_path):
    es = tmp_path / "es.txt"
    en = tmp_path / "en.txt"
    es.write_text(
        "El presidente de Ucrania rechazó la oferta de Estados Unidos para evacuar Kiev.\n"
        "Once miembros votaron a favor de la resolución y tres se abstuvieron.\n",
        encoding="utf-8",
    )
    en.write_text(
        "Ukraine's president rejected the United States' offer to evacuate Kyiv.\n"
        "Eleven members voted for the resolution and three abstained.\n",
        encoding="utf-8",
    )
    rep = auditor.audit(es, en)
    assert rep.source.lang == "es" and rep.target.lang == "en"
    assert rep.model == "use-m-v3"
    assert [b.as_gold() for b in rep.beads] == ["[0]:[0]", "[1]:[1]"]


def test_models_verify_cli(capsys):
    assert cli.main(["models", "verify"]) == 0
    out = capsys.readouterr().out
    assert "minilm-l6-v2" in out and "use-m-v3" in out and "e5-small-q4" in out
