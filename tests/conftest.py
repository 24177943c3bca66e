"""Tests are offline by construction: any attempt to open a network socket fails loudly.

Tiers (tests/README.md): bare ``pytest`` runs the fast tier; ``make test`` (``pytest -m ""``) runs
every tier. A test that loads a real embedder must be marked ``model``: outside that tier the
loading fails with a message saying so, so a slow test cannot creep into the fast tier unnoticed.
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # the reference data beside the repository (../shared), not shipped
ALLOW_NO_SHARED = "AUDITOR_ALLOW_NO_SHARED"

# Modules compile their regular expressions when imported (auditor.compiled.regex reads and, at exit,
# writes a table in the cache folder), which can happen while tests are collected, before any fixture
# runs: the whole session gets a private cache folder first, never the user's.
os.environ["AUDITOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="auditor-tests-")


class NetworkBlocked(RuntimeError):
    pass


class RealModelOutsideModelTier(RuntimeError):
    pass


def _blocked(*args, **kwargs):
    raise NetworkBlocked("tests must not touch the network (socket guard in tests/conftest.py)")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, tmp_path_factory):
    monkeypatch.setattr(socket.socket, "connect", _blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", _blocked)
    monkeypatch.setattr(socket, "create_connection", _blocked)
    monkeypatch.setattr(socket, "getaddrinfo", _blocked)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # every test gets a private vector cache, so no test reads another's vectors
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield


@pytest.fixture(autouse=True)
def _real_models_only_in_the_model_tier(request, monkeypatch):
    """Loading one of auditor's real backends (auditor.embed.minilm/usem/e5) from a test not
    marked ``model`` fails: the fast tier stays fast, and the marker stays truthful."""
    if request.node.get_closest_marker("model") is not None:
        return
    from auditor.embed import base

    real_load = base.BackendEmbedder.load

    def load(self):
        module = getattr(getattr(self, "spec", None), "module", None)
        real = type(self).__module__.startswith("auditor.embed.") and module and _importable(module)
        if real:  # (a spec pointing at a missing package is the cheap MissingModelError path: allowed)
            raise RealModelOutsideModelTier(
                f"{request.node.nodeid} loads the real model {self.id!r}: mark it @pytest.mark.model "
                "(or use auditor.embed.fake.FakeEmbedder); see tests/README.md"
            )
        return real_load(self)

    monkeypatch.setattr(base.BackendEmbedder, "load", load)


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require_shared(*parts: str) -> Path:
    """A path under ../shared (the large reference data beside the repository), for a test that
    genuinely needs it. Missing, the test fails and says so, unless AUDITOR_ALLOW_NO_SHARED=1
    allows skipping (a user's clone without ../shared). Small files tests need are vendored in
    tests/fixtures/ or read from data/ instead."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    message = f"{path} is missing: this test needs ../shared beside the repository"
    if os.environ.get(ALLOW_NO_SHARED) == "1":
        pytest.skip(f"{message} ({ALLOW_NO_SHARED}=1)")
    pytest.fail(f"{message}; put it there, or set {ALLOW_NO_SHARED}=1 to skip such tests", pytrace=False)


@pytest.fixture
def shared_data():
    """``shared_data("data", "wmt-mqm")``: :func:`require_shared` as a fixture."""
    return require_shared


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "ray: starts and stops a private local Ray cluster (needs the ray extra; skipped without it)"
    )
