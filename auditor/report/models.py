"""``auditor models list``'s table: one row per registered model."""

from __future__ import annotations

from typing import Any, Sequence


def render_model_list(rows: Sequence[dict[str, Any]]) -> str:
    """A header and one row per model (:func:`auditor.embed.registry.list_models`)."""
    out = [f"{'id':<14} {'package':<40} {'installed':<9} {'dim':>4} {'langs':>5}  licence"]
    for r in rows:
        pkg = f"{r['package']}=={r['version']}"
        out.append(f"{r['id']:<14} {pkg:<40} {'yes' if r['installed'] else 'no':<9} {r['dim']:>4} {r['languages']:>5}  {r['licence']}")
    return "\n".join(out) + "\n"
