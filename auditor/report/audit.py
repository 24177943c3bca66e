"""``auditor audit``'s output: one or more :class:`~auditor.types.Report` values in one format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..types import Report

FORMATS = ("text", "json", "html", "markdown")


def render_reports(
    reports: "Sequence[Report]", fmt: str, *, color: bool = False, show_beads: bool = True, width: int | None = None
) -> str:
    """``json``: one report as it is, several in one object with the schema version; ``html``: one
    self-contained page; ``markdown``: a pull-request comment; ``text``: the terminal report of each,
    ``width`` columns wide (None: the terminal's)."""
    if fmt == "json":
        from ..types import SCHEMA_VERSION
        from .json import dumps, report_to_dict, report_to_json

        if len(reports) == 1:
            return report_to_json(reports[0]) + "\n"
        return dumps({"schema_version": SCHEMA_VERSION, "reports": [report_to_dict(r) for r in reports]}) + "\n"
    if fmt == "html":
        from .html import render_html

        return render_html(reports)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(reports)
    from .text import render_text

    return "\n".join(render_text(r, color=color, show_beads=show_beads, width=width) for r in reports)
