"""Installed distributions' versions, read cheaply.

``importlib.metadata.version`` imports the ``email`` parser and scans every path entry's metadata on
each call (tens of milliseconds in a warm audit that asks for three versions). A wheel or editable
install leaves a ``<name>-<version>.dist-info`` folder on ``sys.path`` (PEP 376 / PEP 427), so the
version is in the folder's name; :func:`version` reads that, and falls back to
``importlib.metadata`` when no such folder is found (an egg, a zip, an unusual layout).
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

_NORMALISE = re.compile(r"[-_.]+")


class NotInstalled(LookupError):
    """No distribution of that name is installed."""


def _key(name: str) -> str:
    return _NORMALISE.sub("_", name).lower()


@lru_cache(maxsize=None)
def version(name: str) -> str:
    """The installed version of distribution ``name`` (``"en-core-web-sm"`` or ``"en_core_web_sm"``);
    raises :class:`NotInstalled` when there is none."""
    want = _key(name)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            dist, sep, rest = folder[: -len(".dist-info")].partition("-")
            if sep and rest and "-" not in rest and _key(dist) == want:
                return rest
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as slow_version

    try:
        return slow_version(name)
    except PackageNotFoundError as exc:
        raise NotInstalled(name) from exc


__all__ = ["NotInstalled", "version"]
