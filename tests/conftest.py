"""Tests are offline by construction: any attempt to open a network socket fails loudly."""

from __future__ import annotations

import socket

import pytest


class NetworkBlocked(RuntimeError):
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


