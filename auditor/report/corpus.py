"""The output of ``auditor corpus``: stories, the derivation graph (likely sources with their
evidence) and the audits of each pair, as text, JSON, Graphviz DOT, HTML or Markdown.

Ids, dates and languages come from the documents: they go through :mod:`auditor.report.safe`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .. import __version__
from ..types import SCHEMA_VERSION
from .json import report_to_dict

if TYPE_CHECKING:
    from ..corpus import CorpusResult

FORMATS = ("text", "json", "dot", "html", "markdown")


def render_corpus(result: "CorpusResult", fmt: str, *, color: bool = False) -> str:
    """``result`` in one of :data:`FORMATS`; ``color`` only for ``text``."""
    if fmt == "json":
        return "".join(iter_corpus_json(result))
    if fmt == "dot":
        from .safe import safe_text

        return safe_text(render_dot(result))  # ids are quoted there, but a CR, an ESC or a bidi control is not
    if fmt == "html":
        from .html import render_html

        return render_html(list(result.reports), title=f"Corpus: {len(result.documents)} documents",
                           extra_sections=corpus_html_sections(result))  # fmt: skip
    if fmt == "markdown":
        return render_corpus_markdown(result)
    return render_corpus_text(result, color=color)


def render_corpus_markdown(result: "CorpusResult") -> str:
    """The derivation graph as a Markdown table, then the audits as a pull-request comment."""
    from .markdown import md_escape, render_markdown

    head = ["| document | story | likely source | score | evidence | siblings |", "|---|---|---|---|---|---|"]
    for a in result.attributions:
        c = a.chosen
        ev = "" if c is None else evidence_line(c.evidence)
        head.append(f"| {md_escape(a.target_id)} | {md_escape(result.story_of(a.target_id).id)} | "
                    f"{md_escape(a.source_id or 'no source in the corpus')} | {'' if c is None else f'{c.score:.2f}'} | {md_escape(ev)} | "
                    f"{md_escape(', '.join(a.siblings))} |")  # fmt: skip
    return "\n".join(head) + "\n\n" + (render_markdown(list(result.reports)) if result.reports else "")


def corpus_to_dict(result: "CorpusResult") -> dict[str, Any]:
    """The JSON form of a corpus run: documents, stories, the graph, attributions and every report."""
    top, lazy = _corpus_json(result, reports=True, extra=None)
    return {key: list(lazy[key]()) if key in lazy else value for key, value in top.items()}


def iter_corpus_json(result: "CorpusResult", *, reports: bool = True, extra: dict[str, Any] | None = None) -> Iterator[str]:
    """:func:`corpus_to_dict` as indented JSON text (and a final newline), in pieces: one document, one
    attribution, one report at a time (a corpus of 100,000 documents is never one string in memory).
    ``reports=False`` leaves the ``reports`` key out; ``extra``: keys added at the end
    (``summary.json``'s list of report shards)."""
    from .json import iter_dumps

    yield from iter_dumps(*_corpus_json(result, reports=reports, extra=extra))
    yield "\n"


def _corpus_json(
    result: "CorpusResult", *, reports: bool, extra: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Callable[[], Iterable[dict[str, Any]]]]]:
    """The top-level keys in order (the long lists as None) and, for those lists, what makes their items."""
    lazy = _corpus_parts(result)
    if reports:
        lazy["reports"] = lambda: (report_to_dict(r) for r in result.reports)
    top: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "auditor_version": __version__, "signature": str(result.signature),
                           "documents": None, "stories": None, "graph": _graph(result), "attributions": None}  # fmt: skip
    if reports:
        top["reports"] = None
    return {**top, **(extra or {})}, lazy


def _corpus_parts(result: "CorpusResult") -> dict[str, Callable[[], Iterable[dict[str, Any]]]]:
    return {
        "documents": lambda: (
            {"id": d.id, "path": d.path, "lang": d.lang, "date": d.date, "title": d.title, "outlet": d.outlet}
            for d in result.documents
        ),
        "stories": lambda: (s.to_dict() for s in result.stories),
        "attributions": lambda: (a.to_dict() for a in result.attributions),
    }


def _graph(result: "CorpusResult") -> dict[str, Any]:
    return {
        "nodes": [d.id for d in result.documents],
        "edges": [
            {"source": a.source_id, "target": a.target_id, "score": round(a.chosen.score, 4)}
            for a in result.attributions
            if a.source_id is not None and a.chosen is not None
        ],
        "siblings": [{"a": a, "b": b} for a, b in result.sibling_pairs()],
    }


def render_dot(result: "CorpusResult") -> str:
    """The derivation graph in Graphviz DOT: one cluster per story, an edge source → derived."""
    lines = ["digraph derivation {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    lang = {d.id: d.lang or "?" for d in result.documents}
    for n, story in enumerate(result.stories):
        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f"    label={dot_string(story.id)};")
        for doc_id in story.documents:
            lines.append(f"    {dot_string(doc_id)} [label={dot_string(f'{doc_id} ({lang[doc_id]})')}];")
        lines.append("  }")
    for a in result.attributions:
        c = a.chosen
        if a.source_id is None or c is None:
            continue
        style = ', dir=none, style=dashed' if c.evidence.get("direction") == "undetermined" else ""
        lines.append(f"  {dot_string(a.source_id)} -> {dot_string(a.target_id)} [label={dot_string(f'{c.score:.2f}')}{style}];")
    for left, right in result.sibling_pairs():
        lines.append(f"  {dot_string(left)} -> {dot_string(right)} [label=\"sibling\", dir=none, style=dashed, color=gray];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_string(text: str) -> str:
    """``text`` as a quoted DOT string (backslashes and quotes escaped, newlines as spaces)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def evidence_line(ev: dict) -> str:
    """A candidate's evidence in one sentence (the HTML and Markdown tables)."""
    return (f"{ev.get('support', 0):.0%} of it matched in the source, {ev.get('coverage', 0):.0%} of the source "
            f"matched in it, {ev.get('verbatim', 0):.0%} verbatim; {ev.get('source_lang')} -> {ev.get('target_lang')}; "
            f"direction: {ev.get('direction')}")  # fmt: skip


def corpus_html_sections(result: "CorpusResult") -> list[tuple[str, str]]:
    """The stories and the derivation graph as escaped HTML tables (render_html's extra sections)."""
    from .html import esc

    stories = "<ul>" + "".join(
        f"<li><strong>{esc(s.id)}</strong>: {esc(', '.join(s.documents))}</li>" for s in result.stories
    ) + "</ul>"
    rows = []
    for a in result.attributions:
        c = a.chosen
        src = esc(a.source_id) if a.source_id else "<em>no source in the corpus</em>"
        detail = esc(evidence_line(c.evidence)) if c is not None else esc(a.reason)
        score = "" if c is None else f"{c.score:.2f}"
        sibs = esc(", ".join(a.siblings))
        rows.append(f"<tr><td>{esc(a.target_id)}</td><td>{src}</td><td>{score}</td><td>{detail}</td><td>{sibs}</td></tr>")
    graph = ("<table><thead><tr><th>document</th><th>likely source</th><th>score</th><th>evidence</th>"
             "<th>siblings (near-copies, neither derived from the other)</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table><p>signature: <code>{esc(str(result.signature))}</code></p>")  # fmt: skip
    return [("Stories", stories), ("Derivation graph: likely sources", graph)]


def render_corpus_text(result: "CorpusResult", *, color: bool = False) -> str:
    """Stories, then each document's likely source with its evidence, then the audits. Ids, dates
    and languages come from the documents: they go through :mod:`auditor.report.safe` (a newline,
    an ESC or a bidi control in an id is shown as ``<U+XXXX>``)."""
    from .safe import defuse_lines, inline, safe_text, visible
    from .text import render_text

    bold = (lambda s: f"\033[1m{s}\033[0m") if color else (lambda s: s)
    ids = lambda items: ", ".join(inline(x) for x in items)  # noqa: E731
    out = [bold(f"Corpus: {len(result.documents)} documents, {len(result.stories)} stories"), ""]
    for story in result.stories:
        out.append(bold(f"{inline(story.id)}: " + ids(story.documents)))
    out += ["", bold("Likely sources")]
    for a in result.attributions:
        tid = inline(a.target_id)
        sibs = ("    siblings (near-copies, neither derived from the other): " + ids(a.siblings)) if a.siblings else None
        if a.source_id is None:
            out.append(f"- {tid}: no source in the corpus ({visible(' '.join(a.reason.removeprefix('no source in the corpus: ').split()))})")
            out += [sibs] if sibs else []
            continue
        c = a.chosen
        ev = c.evidence if c is not None else {}
        sid = inline(a.source_id)
        out.append(f"- {tid}: likely source {sid} (score {c.score:.2f})" if c else f"- {tid}: {sid}")
        out.append(
            f"    {ev.get('support', 0):.0%} of it matched in the source, {ev.get('coverage', 0):.0%} of the source "
            f"matched in it, {ev.get('verbatim', 0):.0%} verbatim word 5-grams"
        )
        langs = f"{inline(ev.get('source_lang'))} -> {inline(ev.get('target_lang'))}" + (" (translation)" if ev.get("translation") else "")
        out.append(f"    languages {langs}; direction: {inline(ev.get('direction'))}")
        if ev.get("source_date") or ev.get("target_date"):
            out.append(f"    dates: source {inline(ev.get('source_date') or '?')}, derived {inline(ev.get('target_date') or '?')}")
        out += [sibs] if sibs else []
        others = [x for x in a.candidates if x.source_id != a.source_id][:2]
        if others:
            out.append("    next candidates: " + ", ".join(f"{inline(x.source_id)} {x.score:.2f}" for x in others))
    out += ["", f"signature: {inline(str(result.signature))}"]
    if result.out is not None:
        out.append(f"results (attributions, summary, audits as JSON Lines shards): {inline(result.out)}")
    for report in result.reports:
        out += ["", bold(f"=== audit: {inline(report.source.id) if report.source else '?'} -> {inline(report.target.id)} ==="),
                render_text(report, color=color, show_beads=False)]
    text = "\n".join(out).rstrip("\n") + "\n"
    return defuse_lines(text) if color else safe_text(text)
