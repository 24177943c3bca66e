"""The baseline of ``auditor check``: findings accepted once, so that only new ones fail the gate.

A JSON file of fingerprints with counts. A fingerprint (:func:`fingerprint`) is a hash of the
finding type, the target's path (relative to the root) and the normalised text of the target and
source spans, so it survives lines moving. With a count of N, the first N occurrences in a document
are accepted ("unchanged") and any further one is new (:func:`auditor.gate.run_gate` applies it).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import BadInputError, UsageError
from .types import Finding

if TYPE_CHECKING:
    from .gate import CheckResult

BASELINE_VERSION = 1


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(f: Finding, key: str) -> str:
    """Stable across line moves: type, target path, normalised target and source span text."""
    parts = [
        "v1",
        f.type.value,
        key,
        _norm(f.target_span.text) if f.target_span else "",
        _norm(f.source_span.text) if f.source_span else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    type: str
    path: str
    count: int
    excerpt: str = ""


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    path: Path | None = None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.fingerprint] = out.get(e.fingerprint, 0) + e.count
        return out


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"baseline file {path} does not exist",
            fix="create it with `auditor check --write-baseline`, or remove the baseline setting",
            code="A229",
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BadInputError(f"baseline file {path} cannot be read: {e}", fix="regenerate it with `auditor check --write-baseline`", code="A432") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != BASELINE_VERSION:
        raise BadInputError(
            f"baseline file {path} is not an auditor baseline (version {BASELINE_VERSION})",
            fix="regenerate it with `auditor check --write-baseline`",
            code="A432",
        )
    out = []
    for item in entries:
        try:
            count = int(item["count"])
            out.append(BaselineEntry(str(item["fingerprint"]), str(item.get("type", "")), str(item.get("path", "")), count,
                                     str(item.get("excerpt", ""))))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            raise BadInputError(f"baseline file {path}: bad entry {item!r}", fix="regenerate it with `auditor check --write-baseline`", code="A432") from None
    return Baseline(tuple(out), path)


def baseline_text(result: "CheckResult") -> str:
    """The baseline JSON accepting every finding of ``result`` (deterministic)."""
    counts: dict[str, BaselineEntry] = {}
    for doc in result.documents:
        for cf in doc.findings:
            span = cf.finding.target_span or cf.finding.source_span
            excerpt = " ".join(span.text.split())[:80] if span else ""
            prev = counts.get(cf.fingerprint)
            counts[cf.fingerprint] = BaselineEntry(
                cf.fingerprint, cf.finding.type.value, doc.key, (prev.count if prev else 0) + 1, prev.excerpt if prev else excerpt
            )
    entries = sorted(counts.values(), key=lambda e: (e.path, e.type, e.fingerprint))
    data = {
        "version": BASELINE_VERSION,
        "tool": f"auditor {__version__}",
        "note": "findings accepted by `auditor check`; regenerate with `auditor check --write-baseline`",
        "entries": [{"fingerprint": e.fingerprint, "type": e.type, "path": e.path, "count": e.count, "excerpt": e.excerpt} for e in entries],
    }
    from .report.json import dumps

    return dumps(data) + "\n"
