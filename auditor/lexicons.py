"""The word lists the package ships (``auditor/detect/*.toml``), each read once.

``load("negation")`` is ``negation.toml`` as a dict: cue lexicons by language. The others are
``exonyms`` (names across languages), ``variants`` (spelling variants), ``false_friends`` and
``tortured_news`` (spinner phrases). Package data is read through :mod:`importlib.resources`,
so the lists are found in a wheel or a zip as well as in a checkout.

The tables are shared between callers: read them, never change them.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

#: The package that holds the word lists.
PACKAGE = "auditor.detect"


def names() -> list[str]:
    """The word lists the package ships, by the name :func:`load` takes."""
    return sorted(p.name[: -len(".toml")] for p in files(PACKAGE).iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The word list ``name`` (``"negation"`` for ``negation.toml``), parsed once and cached."""
    resource = files(PACKAGE).joinpath(f"{name}.toml")
    if not resource.is_file():
        from .errors import MissingDataError

        raise MissingDataError(
            f"no word list {name!r} in {PACKAGE}",
            fix=f"use one of {', '.join(names())}, or reinstall auditor if the list should be there",
        )
    raw = resource.read_bytes()
    from .compiled import table  # parsed once per content: later runs read the compiled table

    return table(f"toml-{name}", [raw], lambda: tomllib.loads(raw.decode("utf-8")), builder=__name__)


__all__ = ["PACKAGE", "load", "names"]
