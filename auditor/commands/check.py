"""``auditor check``: the CI gate. Audits every pair configured in ``auditor.toml`` or
``[tool.auditor]``, applies the baseline, and exits 1 when the gate fails.

The configuration format is documented in :mod:`auditor.gate`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NAME = "check"
FORMATS = ("text", "github", "sarif", "junit")

DESCRIPTION = """\
Check every document configured in auditor.toml (top-level keys) or in pyproject.toml
([tool.auditor]) found in the current folder, or the file given by --config. Paths in the
configuration are relative to its folder. Exit 0 when the gate passes, 1 when it fails.

  [[pairs]]                         # [[tool.auditor.pairs]] in pyproject.toml
  targets = "translations/**/*.md"  # glob(s) of documents to audit
  source = "sources/{stem}.md"      # each target's source; or source_glob = "…"
  # placeholders: {name} {base} {stem} {lang} {ext} {dir} {subdir};
  # {stem} strips a language suffix: story.es.md -> story, {lang} -> es
  lint = "copy/**/*.txt"            # documents checked without a source
  min_score = 80                    # fidelity below this fails the document
  fail_on = ["critical", "quote_altered", "number_changed:major"]
  house_style = "style.toml"        # e.g. Kyiv = ["Kiev"]
  baseline = ".auditor-baseline.json"

fail_on items: SEVERITY (that severity or worse), TYPE (any severity) or TYPE:SEVERITY.
Default: ["critical"]. Findings in the baseline never fail the gate.

Outputs: --format for stdout (or -o FILE), plus any of --sarif FILE, --junit FILE and
--github. With GITHUB_ACTIONS=true the default format is github (annotations on stdout).
A summary always goes to stderr. No output may be an input (a document, the configuration,
the house style, the baseline) or another output: checked before any work starts.

Confinement: every document, the house style and the baseline the configuration leads to
must lie inside the project root once '..', placeholders and symlinks are resolved;
anything outside is refused (exit 2) unless --allow-outside is given."""


def add_parser(sub, common, epilog) -> None:
    p = sub.add_parser(
        NAME,
        help="CI gate: audit the configured documents, fail on findings or low scores",
        description=DESCRIPTION,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--config", help="configuration file (default: ./auditor.toml, else ./pyproject.toml [tool.auditor])")
    p.add_argument("--format", choices=FORMATS, default=None, help="stdout format (default: text; github under GitHub Actions)")
    p.add_argument("-o", "--output", help="write the --format output here instead of stdout (never over an input)")
    p.add_argument("--sarif", metavar="FILE", help="also write SARIF 2.1.0 here")
    p.add_argument("--junit", metavar="FILE", help="also write JUnit XML here")
    p.add_argument("--github", action="store_true", help="also print GitHub annotations on stdout")
    p.add_argument("--baseline", metavar="FILE", help="baseline file (overrides the configured one)")
    p.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline")
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="accept every current finding: write them to the baseline file and exit 0",
    )
    p.add_argument(
        "--root",
        help="write paths in reports relative to this folder (default: the current folder)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no per-document lines on stderr, only the verdict")
    p.add_argument(
        "--allow-outside",
        action="store_true",
        help="read documents, house style and baseline outside the project root (the configuration's folder) "
        "when the configuration leads there ('..', absolute paths, symlinks); refused by default, so an "
        "untrusted configuration cannot make the check read and print other files",
    )
    common(p)


def run(args: argparse.Namespace) -> int:
    from auditor.api import Auditor
    from dataclasses import replace

    from auditor.cli import _config, _emit, _use_color, check_outputs
    from auditor.errors import EXIT_OK, EXIT_THRESHOLD, UsageError
    from auditor.gate import baseline_text, confine, load_baseline, load_gate_config, resolve_jobs, run_gate
    from auditor.report.safe import inline, safe_text

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    on_stdout = [fmt] if args.output in (None, "-") else []
    if args.github:
        on_stdout.append("github")
    if len(on_stdout) > 1 and len(set(on_stdout)) > 1:
        raise UsageError(
            f"--format {fmt} and --github would both print to stdout",
            fix="write the --format output to a file with -o FILE, or drop --github",
            code="A204",
        )
    if args.baseline and args.no_baseline:
        raise UsageError("--baseline and --no-baseline contradict each other", fix="give one of them", code="A204")

    cfg = load_gate_config(args.config)
    if args.allow_outside:
        cfg = replace(cfg, allow_outside=True)
    if args.baseline:  # a path given on the command line is the caller's own choice: not confined
        baseline_path = Path(args.baseline).resolve()
    elif cfg.baseline is not None and not args.no_baseline:
        baseline_path = confine(cfg.baseline, cfg, f"{cfg.path}: baseline")
    else:
        baseline_path = cfg.baseline
    jobs = resolve_jobs(cfg)  # configuration and confinement errors before any model loads
    if cfg.house_style is not None:
        confine(cfg.house_style, cfg, f"{cfg.path}: house_style")
    inputs = [str(j.target) for j in jobs] + [str(j.source) for j in jobs if j.source is not None]
    inputs += [str(p) for p in (cfg.path, cfg.house_style) if p is not None]
    if args.write_baseline and baseline_path is None:
        raise UsageError(
            "--write-baseline needs a baseline file name",
            fix='set baseline = ".auditor-baseline.json" in the configuration, or pass --baseline FILE',
            code="A229",
        )
    reads_baseline = baseline_path is not None and not args.no_baseline and not args.write_baseline
    if reads_baseline:
        inputs.append(str(baseline_path))
    # every output against every input and every other output, before any work starts
    if args.write_baseline:
        check_outputs([("--write-baseline", baseline_path)], inputs)
    else:
        check_outputs([("--output", args.output), ("--sarif", args.sarif), ("--junit", args.junit)], inputs)
    baseline = None
    if baseline_path is not None and not args.no_baseline and not args.write_baseline:
        baseline = load_baseline(baseline_path)

    display_root = Path(args.root).resolve() if args.root else Path.cwd()
    quiet = args.quiet
    progress = None if quiet else (lambda key: print(f"auditor check: {inline(key)}", file=sys.stderr))
    result = run_gate(cfg, Auditor(_config(args)), baseline=baseline, display_root=display_root, progress=progress)

    if args.write_baseline:
        _emit(baseline_text(result), str(baseline_path), inputs, flag="--write-baseline")
        n = len(result.findings)
        print(f"auditor check: wrote {n} finding{'s' if n != 1 else ''} to baseline {inline(baseline_path)}", file=sys.stderr)
        return EXIT_OK

    color = args.output in (None, "-") and _use_color(args.color, sys.stdout)
    _emit(render(result, fmt, color=color), args.output, inputs)
    if args.github and fmt != "github":
        _emit(render(result, "github"), None, inputs)
    if args.sarif:
        _emit(render(result, "sarif"), args.sarif, inputs, flag="--sarif")
    if args.junit:
        _emit(render(result, "junit"), args.junit, inputs, flag="--junit")
    print(safe_text(summary(result)), file=sys.stderr)
    return EXIT_OK if result.passed else EXIT_THRESHOLD


def render(result, fmt: str, *, color: bool = False) -> str:
    if fmt == "github":
        from auditor.report.github import render_github

        return render_github(result)
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif

        return render_sarif(result)
    if fmt == "junit":
        from auditor.report.junit import render_junit

        return render_junit(result)
    return render_check_text(result, color=color)


_COLORS = {"critical": "\033[1;31m", "major": "\033[33m", "minor": "\033[36m", "fail": "\033[1;31m", "ok": "\033[32m"}


def render_check_text(result, *, color: bool = False) -> str:
    """One line per finding (``path:line:col: severity type: message``), one per document.
    File names and messages go through :mod:`auditor.report.safe` (a name starting with ``::`` or
    holding a newline or an ESC cannot act on a CI log or a terminal)."""
    from auditor.report.safe import defuse_lines, inline, safe_text, visible

    def st(text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}\033[0m" if color else text

    out = []
    for doc in result.documents:
        path = inline(doc.path)
        score = "lint only" if doc.fidelity is None else f"fidelity {doc.fidelity:.1f}"
        verdict = st("FAIL", "fail") + " (" + visible("; ".join(doc.failures)) + ")" if doc.failed else st("ok", "ok")
        against = f" against {inline(doc.source_path)}" if doc.source_path else ""
        n = len(doc.findings)
        out.append(f"{path}{against}: {score}, {n} finding{'s' if n != 1 else ''}: {verdict}")
        for cf in doc.findings:
            f = cf.finding
            span = f.target_span
            loc = f"{path}:{span.line}:{span.col}" if span else f"{path}:-:- (source {f.source_span.line if f.source_span else '?'})"
            mark = " [fails]" if cf.failing else (" [baselined]" if cf.baselined else "")
            msg = visible(" ".join(f.message.split()))
            out.append(f"  {loc}: {st(f.severity.value, f.severity.value)} {f.type.value}{mark}: {msg}")
    text = "\n".join(out) + ("\n" if out else "")
    return defuse_lines(text) if color else safe_text(text)


def summary(result) -> str:
    docs = result.documents
    failed = [d for d in docs if d.failed]
    fs = result.findings
    failing = sum(1 for cf in fs if cf.failing)
    accepted = sum(1 for cf in fs if cf.baselined)
    line = f"auditor check: {len(docs)} document{'s' if len(docs) != 1 else ''}, {len(fs)} findings, {failing} failing"
    if result.baseline is not None:
        line += f", {accepted} accepted by the baseline"
        if result.baseline_unmatched:
            line += f" ({result.baseline_unmatched} baselined no longer found: regenerate with --write-baseline)"
    verdict = f"FAILED: {len(failed)} of {len(docs)} documents" if failed else "passed"
    return f"{line}\nauditor check: {verdict} (fail_on: {', '.join(result.fail_on)}" + (
        f"; min_score {result.min_score:g})" if result.min_score is not None else ")"
    )
