"""``auditor corpus PATH``: stories, likely sources and the derivation graph of a corpus, then one
audit per (source, derived) pair. The work is done by :meth:`auditor.api.Auditor.audit_corpus`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.corpus import CorpusResult

NAME = "corpus"


def add_parser(sub, common, epilog: str) -> argparse.ArgumentParser:
    from auditor.attribute import DEFAULT_K, DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLD

    p = sub.add_parser(
        NAME,
        help="cluster a corpus into stories, find each document's likely source, audit each pair",
        description="Read a folder (recursively) or a JSON Lines/CSV file of documents in any supported language; "
        "group them into stories; rank each document's candidate sources with their evidence (coverage both ways, "
        "verbatim overlap, dates, languages, artefacts) and name the likely source, or say there is no source in "
        "the corpus; print the derivation graph, then audit every (source, derived) pair.",
        epilog=epilog,
    )
    p.add_argument("path", metavar="PATH", help="a folder of documents, or a .jsonl/.csv file with one document per record")
    p.add_argument("--format", choices=["text", "json", "dot", "html", "markdown"], default="text",
                   help="text for an editor; json: graph, attributions and audits in one document; dot: Graphviz; "
                        "html: one self-contained page (stories, sources with evidence, every audit); markdown")
    p.add_argument("-o", "--output", help="write here instead of stdout (never over an input)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"lowest score for a likely source (default {DEFAULT_THRESHOLD:g}, calibrated on WMT21 dev documents)")
    p.add_argument("--story-threshold", type=float, default=DEFAULT_STORY_THRESHOLD,
                   help=f"lowest pair score that puts two documents in one story (default {DEFAULT_STORY_THRESHOLD:g})")
    p.add_argument("-k", type=int, default=DEFAULT_K, help=f"nearest documents compared in full per document (default {DEFAULT_K})")
    p.add_argument("--no-audit", action="store_true", help="stop after the graph: do not audit the pairs")
    common(p)
    return p


def run(args: argparse.Namespace) -> int:
    from auditor.api import Auditor
    from auditor.cli import _config, _emit, _use_color, check_outputs
    from auditor.errors import EXIT_OK, UsageError
    from auditor.report.json import dumps

    if not 0.0 <= args.threshold <= 1.0 or not 0.0 <= args.story_threshold <= 1.0:
        raise UsageError("--threshold and --story-threshold must lie between 0 and 1", fix="e.g. --threshold 0.5")
    if args.k < 1:
        raise UsageError(f"-k must be at least 1, got {args.k}", fix="e.g. -k 10")
    check_outputs([("--output", args.output)], [args.path])  # every file of a corpus folder is an input
    result = Auditor(_config(args)).audit_corpus(
        args.path,
        threshold=args.threshold,
        story_threshold=args.story_threshold,
        k=args.k,
        audit=not args.no_audit,
    )
    if args.format == "json":
        text = dumps(result.to_dict()) + "\n"
    elif args.format == "dot":
        from auditor.report.safe import safe_text

        text = safe_text(result.to_dot())  # ids are quoted there, but a CR, an ESC or a bidi control is not
    elif args.format == "html":
        from auditor.report.html import render_html

        text = render_html(list(result.reports), title=f"Corpus: {len(result.documents)} documents",
                           extra_sections=corpus_html_sections(result))  # fmt: skip
    elif args.format == "markdown":
        from auditor.report.markdown import md_escape, render_markdown

        head = ["| document | story | likely source | score | evidence | siblings |", "|---|---|---|---|---|---|"]
        for a in result.attributions:
            c = a.chosen
            ev = "" if c is None else _evidence_line(c.evidence)
            head.append(f"| {md_escape(a.target_id)} | {md_escape(result.story_of(a.target_id).id)} | "
                        f"{md_escape(a.source_id or 'no source in the corpus')} | {'' if c is None else f'{c.score:.2f}'} | {md_escape(ev)} | "
                        f"{md_escape(', '.join(a.siblings))} |")  # fmt: skip
        text = "\n".join(head) + "\n\n" + (render_markdown(list(result.reports)) if result.reports else "")
    else:
        color = args.output is None and _use_color(args.color, sys.stdout)
        text = render_corpus_text(result, color=color)
    _emit(text, args.output, [args.path])
    return EXIT_OK


def _evidence_line(ev: dict) -> str:
    return (f"{ev.get('support', 0):.0%} of it matched in the source, {ev.get('coverage', 0):.0%} of the source "
            f"matched in it, {ev.get('verbatim', 0):.0%} verbatim; {ev.get('source_lang')} -> {ev.get('target_lang')}; "
            f"direction: {ev.get('direction')}")  # fmt: skip


def corpus_html_sections(result: "CorpusResult") -> list[tuple[str, str]]:
    """The stories and the derivation graph as escaped HTML tables (render_html's extra sections)."""
    from auditor.report.html import esc

    stories = "<ul>" + "".join(
        f"<li><strong>{esc(s.id)}</strong>: {esc(', '.join(s.documents))}</li>" for s in result.stories
    ) + "</ul>"
    rows = []
    for a in result.attributions:
        c = a.chosen
        src = esc(a.source_id) if a.source_id else "<em>no source in the corpus</em>"
        detail = esc(_evidence_line(c.evidence)) if c is not None else esc(a.reason)
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
    from auditor.report.safe import defuse_lines, inline, safe_text, visible
    from auditor.report.text import render_text

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
    for report in result.reports:
        out += ["", bold(f"=== audit: {inline(report.source.id) if report.source else '?'} -> {inline(report.target.id)} ==="),
                render_text(report, color=color, show_beads=False)]
    text = "\n".join(out).rstrip("\n") + "\n"
    return defuse_lines(text) if color else safe_text(text)
