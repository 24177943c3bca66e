"""What the in-process CLI tests share: the sample documents, and the deterministic fake embedder
put in place of every model (import ``fake_models`` into a test module to use it there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import api, cli
from auditor.embed.fake import FakeEmbedder
from auditor.types import Thresholds

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
S000 = str(next(SAMPLES.glob("000_*.txt")))
S001 = str(next(SAMPLES.glob("001_*.txt")))
S002 = str(next(SAMPLES.glob("002_*.txt")))
FAKE_THR = Thresholds(match=0.45, shift=0.55, unrelated=0.2)


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    fake = FakeEmbedder(dim=256)
    monkeypatch.setattr(api.Auditor, "embedder_for", lambda self, s, t: (fake, FAKE_THR))
    return fake


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.count += len(texts)
        return super().embed(texts)
