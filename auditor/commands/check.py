"""``auditor check``: the CI gate. Audits every pair configured in ``auditor.toml`` or
``[tool.auditor]`` (read by :func:`auditor.config.load_config`), applies the baseline, and exits 1
when the gate fails (:func:`auditor.gate.run_gate`); the outputs come from :mod:`auditor.report.gate`.

The configuration format is documented in :mod:`auditor.gate`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_THRESHOLD, UsageError
from ._common import EPILOG, add_common, check_outputs, config_from_args, emit, use_color

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


def add_parser(sub) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    p = sub.add_parser(
        NAME,
        help="CI gate: audit the configured documents, fail on findings or low scores",
        description=DESCRIPTION,
        epilog=EPILOG,
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
    add_common(p)
    return p


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ..api import Auditor
    from ..baseline import baseline_text, load_baseline
    from ..config import load_config
    from ..gate import run_gate
    from ..gate_jobs import confine, resolve_jobs
    from ..report.gate import check_summary, render_check
    from ..report.safe import inline, safe_text

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

    settings = load_config(args.config, config=config_from_args(args))
    cfg = settings.gate
    if cfg is None:  # load_config reads the whole file for the gate, or raises
        raise AssertionError("unreachable: no gate configuration")  # pragma: no cover
    if args.allow_outside:
        cfg = replace(cfg, allow_outside=True)
    baseline_path: Path | None
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
    result = run_gate(cfg, Auditor(settings.config), baseline=baseline, display_root=display_root, progress=progress)

    if args.write_baseline:
        emit(baseline_text(result), str(baseline_path), inputs, flag="--write-baseline")
        n = len(result.findings)
        print(f"auditor check: wrote {n} finding{'s' if n != 1 else ''} to baseline {inline(baseline_path)}", file=sys.stderr)
        return EXIT_OK

    color = args.output in (None, "-") and use_color(args.color, sys.stdout)
    emit(render_check(result, fmt, color=color), args.output, inputs)
    if args.github and fmt != "github":
        emit(render_check(result, "github"), None, inputs)
    if args.sarif:
        emit(render_check(result, "sarif"), args.sarif, inputs, flag="--sarif")
    if args.junit:
        emit(render_check(result, "junit"), args.junit, inputs, flag="--junit")
    print(safe_text(check_summary(result)), file=sys.stderr)
    return EXIT_OK if result.passed else EXIT_THRESHOLD
