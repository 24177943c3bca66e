"""A frozen configuration object. Flags, ``[tool.auditor]`` and ``auditor.toml`` all end up here.

Nothing is read from the environment at import time; :func:`cache_dir` looks at
``AUDITOR_CACHE_DIR`` only when it is called.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import UsageError

ALIGN_MODES = ("auto", "monotonic", "rewrite")


@dataclass(frozen=True)
class Config:
    model: str | None = None  # force one model id for both sides (else chosen per language pair)
    align_mode: str = "auto"  # auto | monotonic | rewrite
    max_bytes: int = 2_000_000  # larger inputs are refused unless raised
    encoding: str | None = None  # None: UTF-8 (BOM-aware, UTF-16 with BOM)
    cache_dir: str | None = None  # None: AUDITOR_CACHE_DIR or the user cache directory
    use_cache: bool = True
    allow_identical: bool = False
    window: int = 12  # half-width of the DP band (sentences) around the anchor path
    max_span: int = 3  # largest bead side (up to 1-3, 3-1, 2-3, 3-2)
    window_vectors: str = "embed"  # embed: embed each run of 2..max_span sentences; sum: add sentence vectors (3x faster)
    seed: int = 12345  # for the bootstrap and anything random

    def with_(self, **changes: object) -> "Config":
        return replace(self, **changes)  # type: ignore[arg-type]


def cache_dir(config: Config | None = None) -> Path:
    """Where vectors are cached: the config's, else ``$AUDITOR_CACHE_DIR``, else the user cache dir."""
    if config is not None and config.cache_dir:
        return Path(config.cache_dir).expanduser()
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("auditor", appauthor=False))


_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*([kmg]?)", re.IGNORECASE)
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}
MAX_SIZE = 1 << 62  # far above any file; keeps sizes ordinary integers


def parse_size(text: str) -> int:
    """A byte count from ``500000``, ``800k``, ``10M``, ``1.5G`` (a trailing ``b`` is allowed).

    A positive, finite whole number of bytes or a :class:`UsageError` naming the fix: ``inf``,
    ``nan``, negative and zero sizes are refused (issue 12: ``--max-bytes infk`` crashed)."""
    t = str(text).strip().lower()
    t = t[:-1] if t.endswith("b") else t
    m = _SIZE.fullmatch(t)
    value = float(m.group(1)) * _UNITS[m.group(2).lower()] if m else math.nan
    if not math.isfinite(value) or value < 1 or value > MAX_SIZE:
        raise UsageError(
            f"not a size: {text!r} (a positive number of bytes, with an optional k, M or G)",
            fix="pass e.g. --max-bytes 500000, 800k or 10M",
            code="A240",
        )
    return int(value)


def toml_type(value: object) -> str:
    """What a TOML value is called, for messages that name the type a key should have."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"
