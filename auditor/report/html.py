"""The editor's HTML report: one self-contained file (inline CSS and JS, nothing loaded from the network).

Markup lives in Jinja2 templates (``auditor/report/templates``), the CSS and the script in package
files (``auditor/report/static``) that are inlined at render time, so the page still works offline
as one file. This module only builds the view model: plain values the templates lay out.

Article text is hostile input. The templates are rendered with autoescape on and
``StrictUndefined``; every value a template prints is escaped, and every plain string first has
its control and bidi characters shown as ``<U+XXXX>`` (:func:`auditor.report.safe.visible`), as
in the text reports. Attribute values are always double-quoted; no text is ever written inside
the ``<script>`` block, which is a package file. A Content-Security-Policy meta forbids every
network load, so even a bug here could not make the page fetch anything.

Layout per report: a score card, the source and target side by side bead by bead (omissions and
additions as one-sided rows, moved beads marked with their source position), every finding
highlighted at its character spans inside the sentences (``<mark>``, colour *and* underline style
*and* a tooltip name the severity), and the findings list with filters by severity and by type.
Several reports (several targets, a corpus) share one file under a table of contents.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Sequence

from markupsafe import Markup, escape

from .. import __version__
from ..types import Document, Finding, Report, Segmentation
from .safe import visible

if TYPE_CHECKING:
    import jinja2

SEVERITIES = ("critical", "major", "minor")
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def esc(text: Any) -> str:
    """``text`` made safe for an HTML text node or a double-quoted attribute value: controls and
    bidi characters shown (:func:`~auditor.report.safe.visible`), then escaped as the templates do."""
    return str(escape(visible(str(text))))


# ---------------------------------------------------------------------- public entry points


def render_html(
    reports: Sequence[Report] | Report,
    *,
    title: str | None = None,
    extra_sections: Sequence[tuple[str, str]] = (),
) -> str:
    """One self-contained HTML page for one or several reports.

    ``title`` is plain text (escaped here). ``extra_sections`` are ``(heading, body_html)`` pairs
    placed after the table of contents: the heading is plain text and is escaped here, but the
    body is inserted **as is** — the caller must build it from escaped text (use :func:`esc` on
    every document-derived string). A corpus command uses it for its derivation-graph table.
    """
    if isinstance(reports, Report):
        reports = [reports]
    views = [_report_view(rep, f"r{k}", level=2) for k, rep in enumerate(reports)]
    return _render(
        "page.html.j2",
        title=title or _default_title(list(reports)),
        reports=views,
        extra=[(heading, Markup(str(body))) for heading, body in extra_sections],
        csp=CSP,
        version=__version__,
    )


def render_html_fragment(report: Report, *, prefix: str | None = None) -> str:
    """One report as an HTML fragment (no ``<html>``), for Jupyter's ``_repr_html_``.

    The CSS is scoped under ``.auditor`` so it does not restyle the notebook; the filters work
    where the notebook runs output scripts (a trusted notebook) and are harmless elsewhere.
    ``prefix`` starts every element id; by default a random one, so that several displays in
    one notebook never share ids.
    """
    if prefix is None:
        import uuid

        prefix = f"auditor-{uuid.uuid4().hex[:10]}"
    elif not prefix.replace("-", "").isalnum():
        from ..errors import UsageError

        raise UsageError(f"prefix {prefix!r} is not a plain id", fix="use letters, digits and '-' only", code="A271")
    return _render("fragment.html.j2", r=_report_view(report, prefix, level=3))


# ---------------------------------------------------------------------- templates and static files


def _finalize(value: Any) -> Any:
    """Every plain string a template prints has its controls shown; markup (``Markup``) is left alone."""
    return visible(value) if type(value) is str else value


@functools.cache
def _env() -> "jinja2.Environment":
    """The template environment, built once per process on first use (``import auditor`` stays free)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor.report", "templates"),
        autoescape=True,  # every template is HTML: escape everything not explicitly Markup
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(severities=SEVERITIES, css=static("report.css"), js=static("report.js"))
    return env


@functools.cache
def static(name: str) -> Markup:
    """A package file from ``auditor/report/static`` (``report.css``, ``report.js``), as trusted markup."""
    return Markup((resources.files(__package__) / "static" / name).read_text(encoding="utf-8"))


def _render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


# ---------------------------------------------------------------------- the view model


@dataclass(frozen=True)
class _Piece:
    """A run of sentence text; inside a ``<mark>`` when ``sev`` is set."""

    text: str
    sev: str = ""
    fids: str = ""  # the ids of the findings covering it, space-separated
    tip: str = ""


@dataclass(frozen=True)
class _Sentence:
    n: int  # 1-based
    line: int
    pieces: list[_Piece]


@dataclass(frozen=True)
class _Row:
    head: str
    cls: str
    id: str = ""
    kind: str = ""
    src: list[_Sentence] = field(default_factory=list)
    tgt: list[_Sentence] = field(default_factory=list)
    sim: str = ""
    conf: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)  # (class, text)


@dataclass(frozen=True)
class _FindingView:
    id: str
    f: Finding
    loc: str
    link: tuple[str, str] | None  # (href, text)
    quotes: list[tuple[str, str]]  # (side, text)


@dataclass(frozen=True)
class _ScoreView:
    fidelity: float
    grade: str
    ci: str | None
    coverage: float
    support: float
    penalty: float
    penalties: str
    extra: list[tuple[str, str]]


@dataclass(frozen=True)
class _ReportView:
    rid: str
    level: int
    target: str
    source: str | None
    meta: list[tuple[str, Document]]
    score: _ScoreView | None
    counts: dict[str, int]
    total: int
    types: list[tuple[str, int]]
    alignment: Any
    signature: str
    lint: bool
    rows: list[_Row]
    findings: list[_FindingView]


def _default_title(reports: list[Report]) -> str:
    if len(reports) == 1:
        return f"auditor report: {_doc_name(reports[0].target)}"
    return f"auditor report: {len(reports)} documents"


def _doc_name(doc: Document) -> str:
    return doc.path or doc.id


def _report_view(rep: Report, rid: str, *, level: int) -> _ReportView:
    types: dict[str, int] = {}
    for f in rep.findings:
        types[f.type.value] = types.get(f.type.value, 0) + 1
    lint = rep.source is None or rep.source_segments is None or rep.alignment is None
    return _ReportView(
        rid=rid,
        level=level,
        target=_doc_name(rep.target),
        source=_doc_name(rep.source) if rep.source is not None else None,
        meta=[(role, doc) for role, doc in (("Source", rep.source), ("Target", rep.target)) if doc is not None],
        score=_score_view(rep.score) if rep.score is not None else None,
        counts={sev: sum(1 for f in rep.findings if f.severity.value == sev) for sev in SEVERITIES},
        total=len(rep.findings),
        types=sorted(types.items()),
        alignment=rep.alignment,
        signature=str(rep.signature),
        lint=lint,
        rows=_lint_rows(rep, rid) if lint else _bead_rows(rep, rid),
        findings=_finding_views(rep, rid),
    )


_SCORE_KNOWN = {"fidelity", "coverage", "support", "penalty", "penalties", "signature"}


def _ci_text(score: Any) -> str | None:
    """A confidence interval on the score, whatever shape the Score carries it in."""
    for lo_name, hi_name in (("ci_low", "ci_high"), ("fidelity_low", "fidelity_high"), ("ci_lo", "ci_hi")):
        lo, hi = getattr(score, lo_name, None), getattr(score, hi_name, None)
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)):
            return f"{lo:.1f}–{hi:.1f}"
    for name in ("ci", "fidelity_ci", "interval"):
        val = getattr(score, name, None)
        if isinstance(val, (tuple, list)) and len(val) >= 2 and all(isinstance(v, (int, float)) for v in val[:2]):
            level = getattr(score, "ci_level", None) or (val[2] if len(val) > 2 else None)
            pct = f" ({level:.0%})" if isinstance(level, float) and 0 < level < 1 else ""
            return f"{val[0]:.1f}–{val[1]:.1f}{pct}"
        lo, hi = getattr(val, "low", None), getattr(val, "high", None)
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)):
            return f"{lo:.1f}–{hi:.1f}"
    return None


def _score_view(s: Any) -> _ScoreView:
    ci = _ci_text(s)
    try:
        extra = {
            k: v
            for k, v in s.to_dict().items()
            if k not in _SCORE_KNOWN and not (ci and ("ci" in k.split("_") or "interval" in k))
        }
    except Exception:  # a Score extended elsewhere must never break the report
        extra = {}
    rows = []
    for k, v in extra.items():
        if isinstance(v, (list, tuple)):
            v = ", ".join(str(x) for x in v)
        elif isinstance(v, dict):
            v = ", ".join(f"{a} {b:g}" if isinstance(b, float) else f"{a} {b}" for a, b in v.items())
        rows.append(("computed from" if k == "parts" else str(k).replace("_", " "), str(v)))
    return _ScoreView(
        fidelity=s.fidelity,
        grade="good" if s.fidelity >= 80 else "fair" if s.fidelity >= 50 else "poor",
        ci=ci,
        coverage=s.coverage,
        support=s.support,
        penalty=s.penalty,
        penalties=", ".join(f"{k} {v:.1f}" for k, v in s.penalties if v) or "none",
        extra=rows,
    )


# ---------------------------------------------------------------------- sentences with highlights


def _spans_by_doc(rep: Report) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(start, end, finding index) of every finding span, per side."""
    src, tgt = [], []
    for k, f in enumerate(rep.findings):
        if f.source_span is not None and rep.source is not None and f.source_span.end > f.source_span.start:
            src.append((f.source_span.start, f.source_span.end, k))
        if f.target_span is not None and f.target_span.end > f.target_span.start:
            tgt.append((f.target_span.start, f.target_span.end, k))
    return src, tgt


def _pieces(text: str, start: int, end: int, spans: list[tuple[int, int, int]], rep: Report, rid: str) -> list[_Piece]:
    """``text`` (= document[start:end]) cut at every finding span inside it, the covered runs marked."""
    inside = [(max(a, start), min(b, end), k) for a, b, k in spans if a < end and b > start]
    if not inside:
        return [_Piece(text)]
    cuts = sorted({start, end, *(a for a, _, _ in inside), *(b for _, b, _ in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a - start : b - start]
        fs = [(k, rep.findings[k]) for x, y, k in inside if x <= a and y >= b]
        if not fs:
            out.append(_Piece(piece))
            continue
        out.append(
            _Piece(
                piece,
                sev=max((f for _, f in fs), key=lambda f: f.severity.rank).severity.value,
                fids=" ".join(f"{rid}-f{k}" for k, _ in fs),
                tip="; ".join(f"{f.severity.value.upper()} {f.type.value}: {f.message}" for _, f in fs),
            )
        )
    return out


def _sentences(
    idx: Sequence[int], seg: Segmentation, doc: Document, spans: list[tuple[int, int, int]], rep: Report, rid: str
) -> list[_Sentence]:
    out = []
    for i in idx:
        s = seg.segments[i]
        out.append(_Sentence(i + 1, doc.line_col(s.start)[0], _pieces(s.text, s.start, s.end, spans, rep, rid)))
    return out


def _lint_rows(rep: Report, rid: str) -> list[_Row]:
    _, spans = _spans_by_doc(rep)
    tgt, tseg = rep.target, rep.target_segments
    rows = []
    for i, s in enumerate(tseg.segments):
        has = any(a < s.end and b > s.start for a, b, _ in spans)
        sents = _sentences((i,), tseg, tgt, spans, rep, rid)
        rows.append(_Row(str(i + 1), "row has-f" if has else "row", id=f"{rid}-s{i}", tgt=sents))
    return rows


def _bead_rows(rep: Report, rid: str) -> list[_Row]:
    src_spans, tgt_spans = _spans_by_doc(rep)
    with_findings = {f.bead for f in rep.findings if f.bead is not None}
    src, sseg, tgt, tseg = rep.source, rep.source_segments, rep.target, rep.target_segments
    if src is None or sseg is None:  # a lint report: no beads (the caller checks; this narrows the types)
        return []
    rows = []
    seen_s: set[int] = set()
    seen_t: set[int] = set()
    for k, b in enumerate(rep.beads):
        seen_s.update(b.src)
        seen_t.update(b.tgt)
        cls, tags = ["row"], []
        if not b.tgt:
            cls.append("omission")
            tags.append(("tag omit", "omitted"))
        elif not b.src:
            cls.append("addition")
            tags.append(("tag add", "added"))
        if b.moved:
            cls.append("moved")
            if b.src:
                line = src.line_col(sseg.segments[b.src[0]].start)[0]
                tags.append(("moved-tag", f"moved from source sentence {b.src[0] + 1} (line {line})"))
            else:
                tags.append(("moved-tag", "moved"))
        in_row = any(_overlaps(x, sseg.segments[i]) for x in src_spans for i in b.src) or any(
            _overlaps(x, tseg.segments[j]) for x in tgt_spans for j in b.tgt
        )
        if in_row or k in with_findings:
            cls.append("has-f")
        rows.append(
            _Row(
                str(k + 1),
                " ".join(cls),
                id=f"{rid}-b{k}",
                kind=b.kind,
                src=_sentences(b.src, sseg, src, src_spans, rep, rid),
                tgt=_sentences(b.tgt, tseg, tgt, tgt_spans, rep, rid),
                sim="" if b.similarity is None else f"{b.similarity:.2f}",
                conf="" if b.confidence is None else f"p {b.confidence:.2f}",
                tags=tags,
            )
        )
    # sentences no bead mentions (should not happen, but an editor must still see every sentence)
    lost = [("src", i) for i in range(len(sseg.segments)) if i not in seen_s]
    lost += [("tgt", j) for j in range(len(tseg.segments)) if j not in seen_t]
    for side, i in lost:
        seg, doc, spans = (sseg, src, src_spans) if side == "src" else (tseg, tgt, tgt_spans)
        sents = _sentences((i,), seg, doc, spans, rep, rid)
        one, other = (sents, []) if side == "src" else ([], sents)
        rows.append(_Row("–", "row unaligned", src=one, tgt=other, tags=[("tag", "not aligned")]))
    return rows


def _overlaps(span: tuple[int, int, int], seg: Any) -> bool:
    return span[0] < seg.end and span[1] > seg.start


# ---------------------------------------------------------------------- findings list


def _finding_views(rep: Report, rid: str) -> list[_FindingView]:
    order = sorted(range(len(rep.findings)), key=lambda k: (-rep.findings[k].severity.rank, _pos(rep.findings[k]), k))
    return [_finding_view(rep, rep.findings[k], f"{rid}-f{k}", rid) for k in order]


def _pos(f: Finding) -> int:
    sp = f.target_span or f.source_span
    return sp.start if sp is not None else -1


def _finding_view(rep: Report, f: Finding, fid: str, rid: str) -> _FindingView:
    locs, quotes = [], []
    if f.target_span is not None:
        locs.append(f"target {f.target_span.line}:{f.target_span.col}")
    if f.source_span is not None and rep.source is not None:
        locs.append(f"source {f.source_span.line}:{f.source_span.col}")
        quotes.append(("source", f.source_span.text))
    if f.target_span is not None:
        quotes.append(("target", f.target_span.text))
    link = None
    if f.bead is not None and 0 <= f.bead < len(rep.beads):
        link = (f"#{rid}-b{f.bead}", f"bead {f.bead + 1}")
    elif f.target_span is not None and f.target_span.segments and rep.alignment is None:
        n = f.target_span.segments[0]
        link = (f"#{rid}-s{n}", f"sentence {n + 1}")
    return _FindingView(fid, f, " · ".join(locs), link, quotes)
