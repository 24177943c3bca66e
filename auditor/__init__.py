"""auditor: audit machine-translated and machine-rewritten news copy against its source.

Importing the package is free: nothing heavy is imported until a function needs it.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"  # the one source: pyproject.toml reads it (dynamic version)

__all__ = ["__version__", "audit", "audit_corpus", "Auditor", "Config"]


def __getattr__(name: str) -> Any:  # lazy facade: `auditor.audit(...)` without paying at import
    if name in ("audit", "audit_corpus", "Auditor"):
        from . import api

        return getattr(api, name)
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
