"""One place where eval scripts leave their measured numbers for the evaluation notebook.

``save("mqm", {...})`` writes ``eval/results/mqm.json`` (sorted keys, stable floats) so
``eval/notebooks/results.ipynb`` can plot what the last run measured without re-running it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) or math.isinf(x) else round(x, 6)
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if hasattr(x, "item"):  # numpy scalars
        return _clean(x.item())
    return x


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write ``payload`` (tables as lists of row dicts, plus how it was measured) to eval/results/NAME.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(_clean(payload), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(name: str) -> dict[str, Any]:
    return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
