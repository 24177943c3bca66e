"""The `model` tier: `auditor corpus` on the five seed documents with the real shipped models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import cli

pytestmark = pytest.mark.model

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # the seeds (mt/ beside them is not part of it)


def seed(n: str) -> str:
    return next(SAMPLES.glob(f"{n}_*.txt")).stem


@pytest.fixture(scope="module")
def corpus_json(tmp_path_factory):
    import io
    import shutil
    from contextlib import redirect_stdout

    folder = tmp_path_factory.mktemp("seeds")
    for f in SAMPLES.glob("0*_*.txt"):
        shutil.copy(f, folder / f.name)

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = cli.main(["corpus", str(folder), "--format", "json"])
    assert code == 0
    return json.loads(buf.getvalue())


def test_seeds_000_001_002_form_one_story(corpus_json):
    stories = [set(s["documents"]) for s in corpus_json["stories"]]
    assert {seed("000"), seed("001"), seed("002")} in stories
    assert {seed("003")} in stories and {seed("004")} in stories


def test_001_is_the_likely_source_of_000_with_evidence(corpus_json):
    by = {a["target"]: a for a in corpus_json["attributions"]}
    att = by[seed("000")]
    assert att["source"] == seed("001")
    chosen = next(c for c in att["candidates"] if c["source"] == seed("001"))
    assert chosen["evidence"]["support"] > chosen["evidence"]["coverage"]  # 000 is contained in 001, not the reverse
    for n in ("001", "002", "003", "004"):
        assert by[seed(n)]["source"] is None, n


def test_the_pair_is_audited(corpus_json):
    assert [(r["source"]["id"], r["target"]["id"]) for r in corpus_json["reports"]] == [(seed("001"), seed("000"))]
    assert corpus_json["graph"]["edges"][0]["source"] == seed("001")
