"""Renderers: a :class:`~auditor.types.Report` (a value) in, text out. One module per format.

The shortcuts below import their renderer when called, so ``import auditor.report`` stays free::

    from auditor.report import to_frame, to_html, to_json, to_markdown
    to_frame(report, "findings")   # pandas: one row per finding; "beads" (default), "score"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from ..types import Report


def to_dict(report: "Report") -> dict[str, Any]:
    """The JSON report as a dict (:func:`auditor.report.json.report_to_dict`)."""
    from .json import report_to_dict

    return report_to_dict(report)


def to_json(report: "Report", *, indent: int | None = 2) -> str:
    """The JSON report (deterministic and inert: :mod:`auditor.report.json`)."""
    from .json import report_to_json

    return report_to_json(report, indent=indent)


def to_frame(report: "Report", kind: str = "beads") -> Any:
    """A pandas DataFrame of ``beads`` (default), ``findings`` or ``score``."""
    from .frames import report_frame

    return report_frame(report, kind)


def to_html(reports: "Report | Sequence[Report]", *, title: str | None = None) -> str:
    """The editor's report as one self-contained HTML page."""
    from .html import render_html

    return render_html(reports, title=title)


def to_markdown(reports: "Report | Sequence[Report]") -> str:
    """The report(s) as a Markdown pull-request comment."""
    from .markdown import render_markdown

    return render_markdown(reports)


def html_fragment(report: "Report") -> str:
    """One report as an escaped HTML fragment (scoped CSS, no ``<html>``): for ``IPython.display.HTML``."""
    from .html import render_html_fragment

    return render_html_fragment(report)
