"""The CI gate behind ``auditor check``: audit every configured document and decide pass/fail.

The configuration is read and validated by :func:`auditor.config.load_config` (:class:`GateConfig`),
the files to check are found by :mod:`auditor.gate_jobs`, accepted findings are kept by
:mod:`auditor.baseline`; :func:`run_gate` puts them together. The names those modules define are
importable from here too.

Configuration
-------------
``auditor check`` reads, in this order, the file given by ``--config``, else ``auditor.toml``
in the current folder (keys at the top level), else ``pyproject.toml`` there (the
``[tool.auditor]`` table). Paths in it are relative to the folder the file is in (the
*project root*). Keys::

    [[pairs]]                          # [[tool.auditor.pairs]] in pyproject.toml
    targets = "translations/**/*.md"   # a glob or a list of globs (relative to the root)
    source = "sources/{stem}.md"       # where each target's source is (a template) …
    # source_glob = "sources/**/{stem}.*"   # … or a glob that must match exactly one file
    source_lang = "en"                 # optional; default: detected
    target_lang = "es"                 # optional; default: the file name's {lang}, else detected
    exclude = ["translations/drafts/**"]   # optional globs left out

    lint = "copy/**/*.txt"             # documents checked alone (no source), glob or list
    min_score = 80                     # a pair whose fidelity is lower fails
    fail_on = ["critical", "quote_altered", "number_changed:major"]
    house_style = "style.toml"         # see auditor.detect.housestyle
    house_style_severity = "minor"
    baseline = ".auditor-baseline.json"

Template placeholders, for a target ``translations/world/port-strike.es.md`` matched by
``translations/**/*.md``: ``{name}`` ``port-strike.es.md``, ``{base}`` ``port-strike.es``,
``{stem}`` ``port-strike`` (a trailing language code is stripped: ``.es``, ``.pt-BR``,
``.zh_TW``), ``{lang}`` ``es`` (empty when none), ``{ext}`` ``.md``, ``{dir}``
``translations/world``, ``{subdir}`` ``world`` (the folders below the glob's fixed part).

``fail_on`` grammar: each item is ``SEVERITY`` (any finding at or above it: ``major`` means
major or critical), ``TYPE`` (any finding of that type, e.g. ``quote_altered``) or
``TYPE:SEVERITY`` (a finding of that type at or above that severity). Default: ``["critical"]``.
Findings accepted by the baseline never fail the gate; ``min_score`` is not baselined.

Baseline
--------
A JSON file of fingerprints with counts. A fingerprint is a hash of the finding type, the
target's path (relative to the root) and the normalised text of the target and source spans,
so it survives lines moving. With a count of N, the first N occurrences in a document are
accepted ("unchanged") and any further one is new.

Confinement
-----------
Every file the configuration leads to (targets, sources from a template or a glob, lint
documents, the house style file, the baseline) must lie inside the project root once resolved:
``..`` (also from a placeholder such as ``{stem}``), absolute paths and symlinks to files or
folders elsewhere are refused with a :class:`~auditor.errors.UsageError` (exit 2, code A230),
so a configuration from an untrusted branch cannot make ``auditor check`` read, and print,
files from outside the project. ``GateConfig.allow_outside`` (``auditor check --allow-outside``)
lifts this.

Errors: a configuration problem raises :class:`~auditor.errors.UsageError` (exit 2) naming
the key; a missing source, unreadable file or bad baseline file a
:class:`~auditor.errors.BadInputError` (exit 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import __version__
from .baseline import BASELINE_VERSION, Baseline, BaselineEntry, baseline_text, fingerprint, load_baseline
from .config import (
    CONFIG_FILE,
    PAIR_KEYS,
    PLACEHOLDERS,
    PYPROJECT,
    TOP_KEYS,
    FailRule,
    GateConfig,
    PairRule,
    check_glob,
    find_config,
    load_gate_config,
    parse_fail_on,
    parse_gate_config,
)
from .gate_jobs import Job, confine, placeholders, rel_path, resolve_jobs
from .types import Finding, Report

if TYPE_CHECKING:
    from .api import Auditor
    from .detect.housestyle import HouseStyleDetector

__all__ = [
    "BASELINE_VERSION", "CONFIG_FILE", "PAIR_KEYS", "PLACEHOLDERS", "PYPROJECT", "TOP_KEYS",
    "Baseline", "BaselineEntry", "CheckResult", "CheckedFinding", "DocResult", "FailRule", "GateConfig", "Job", "PairRule",
    "baseline_text", "check_glob", "confine", "find_config", "fingerprint", "house_style_detector", "load_baseline",
    "load_gate_config", "parse_fail_on", "parse_gate_config", "placeholders", "resolve_jobs", "run_gate",
]  # fmt: skip


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CheckedFinding:
    finding: Finding
    fingerprint: str
    baselined: bool  # accepted by the baseline ("unchanged")
    failing: bool  # makes the gate fail (matches fail_on and is not baselined)

    @property
    def baseline_state(self) -> str:
        return "unchanged" if self.baselined else "new"


@dataclass(frozen=True)
class DocResult:
    key: str  # path relative to the project root (the baseline's key)
    path: str  # path for display and CI formats (relative to the display root)
    source_path: str | None
    report: Report
    findings: tuple[CheckedFinding, ...]
    failures: tuple[str, ...]  # why this document fails (empty: it passes)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    @property
    def fidelity(self) -> float | None:
        return self.report.score.fidelity if self.report.score is not None else None


@dataclass(frozen=True)
class CheckResult:
    documents: tuple[DocResult, ...]
    fail_on: tuple[str, ...]
    min_score: float | None
    baseline: str | None  # the baseline file used (None: none)
    baseline_unmatched: int  # accepted occurrences no longer found (fixed since the baseline)
    version: str = __version__

    @property
    def passed(self) -> bool:
        return not any(d.failed for d in self.documents)

    @property
    def findings(self) -> list[CheckedFinding]:
        return [cf for d in self.documents for cf in d.findings]


# --------------------------------------------------------------------------- running


def house_style_detector(cfg: GateConfig) -> "HouseStyleDetector | None":
    """The configured house style as a detector (None when there is none); the file must lie in the
    project root unless ``cfg.allow_outside``. Findings name it by its path relative to the root.
    Its findings replace the shipped spelling lexicon's on the same target span (its ``replaces``,
    honoured by :meth:`auditor.api.Auditor.detect`: the desk's rule wins); they never change the score."""
    if cfg.house_style is None:
        return None
    confine(cfg.house_style, cfg, f"{cfg.path or 'configuration'}: house_style")
    from .detect.housestyle import HouseStyleDetector, load_house_style

    style = load_house_style(cfg.house_style, name=rel_path(cfg.house_style, cfg.root))
    return HouseStyleDetector(style, severity=cfg.house_style_severity)


def run_gate(
    cfg: GateConfig,
    auditor: "Auditor",
    *,
    baseline: Baseline | None = None,
    display_root: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    """Audit every configured document and decide pass/fail. A configured house style joins the
    auditor's detectors (:func:`house_style_detector`)."""
    house = house_style_detector(cfg)
    if house is not None:
        auditor = auditor.replace(detectors=(*auditor.detectors, house))
    remaining = baseline.counts() if baseline is not None else {}
    total_accepted = sum(remaining.values())
    used = 0
    droot = (display_root or cfg.root).resolve()
    docs = []
    sources: dict[tuple[Path, str | None], Any] = {}
    for job in resolve_jobs(cfg):
        if progress:
            progress(job.key)
        if job.source is None:
            report = auditor.lint(job.target, target_lang=job.target_lang)
        else:
            src_key = job.source.resolve()
            src = sources.get((src_key, job.source_lang))
            if src is None:
                src = sources[(src_key, job.source_lang)] = auditor.load(job.source, lang=job.source_lang)
            report = auditor.audit(src, job.target, target_lang=job.target_lang)
        checked = []
        for f in report.findings:
            fp = fingerprint(f, job.key)
            accepted = remaining.get(fp, 0) > 0
            if accepted:
                remaining[fp] -= 1
                used += 1
            failing = not accepted and any(r.matches(f) for r in cfg.fail_on)
            checked.append(CheckedFinding(f, fp, accepted, failing))
        failures = []
        n_fail = sum(1 for c in checked if c.failing)
        if n_fail:
            failures.append(f"{n_fail} finding{'s' if n_fail != 1 else ''} matching fail_on")
        if cfg.min_score is not None and report.score is not None and report.score.fidelity < cfg.min_score:
            failures.append(f"fidelity {report.score.fidelity:.1f} below min_score {cfg.min_score:g}")
        docs.append(
            DocResult(
                key=job.key,
                path=rel_path(job.target, droot),
                source_path=rel_path(job.source, droot) if job.source is not None else None,
                report=report,
                findings=tuple(checked),
                failures=tuple(failures),
            )
        )
    return CheckResult(
        documents=tuple(docs),
        fail_on=tuple(str(r) for r in cfg.fail_on),
        min_score=cfg.min_score,
        baseline=str(baseline.path) if baseline is not None and baseline.path else ("given" if baseline is not None else None),
        baseline_unmatched=total_accepted - used,
    )
