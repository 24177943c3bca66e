"""The CI gate behind ``auditor check``: configuration, pairing, baseline, pass/fail.

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

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Sequence

from . import __version__
from .errors import BadInputError, UsageError
from .types import Finding, FindingType, Report, Severity

if TYPE_CHECKING:
    from .api import Auditor

CONFIG_FILE = "auditor.toml"
PYPROJECT = "pyproject.toml"
BASELINE_VERSION = 1
TOP_KEYS = ("pairs", "lint", "min_score", "fail_on", "house_style", "house_style_severity", "baseline")
PAIR_KEYS = ("targets", "source", "source_glob", "source_lang", "target_lang", "exclude")
PLACEHOLDERS = ("name", "base", "stem", "lang", "ext", "dir", "subdir")
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")
_SEVERITIES = {s.value: s for s in Severity}
_TYPES = {t.value: t for t in FindingType}


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class FailRule:
    """One ``fail_on`` item: a finding type (None: any) at or above a severity (None: any)."""

    type: FindingType | None
    severity: Severity | None

    def matches(self, f: Finding) -> bool:
        if self.type is not None and f.type is not self.type:
            return False
        return self.severity is None or f.severity.rank >= self.severity.rank

    def __str__(self) -> str:
        if self.type is None:
            return self.severity.value if self.severity else "any"
        return self.type.value + (f":{self.severity.value}" if self.severity else "")


def parse_fail_on(items: Any, *, key: str = "fail_on") -> tuple[FailRule, ...]:
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list):
        raise UsageError(f"{key} must be a list of strings", fix='write e.g. fail_on = ["critical", "quote_altered"]', code="A222")
    rules = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise UsageError(f"{key}: {item!r} is not a rule", fix="use SEVERITY, TYPE or TYPE:SEVERITY strings", code="A222")
        text = item.strip().lower()
        head, _, tail = text.partition(":")
        if not tail and head in _SEVERITIES:
            rules.append(FailRule(None, _SEVERITIES[head]))
        elif head in _TYPES and (not tail or tail in _SEVERITIES):
            rules.append(FailRule(_TYPES[head], _SEVERITIES[tail] if tail else None))
        else:
            raise UsageError(
                f"{key}: unknown rule {item!r}",
                fix=f"use a severity ({', '.join(_SEVERITIES)}), a finding type ({', '.join(_TYPES)}) "
                "or TYPE:SEVERITY such as number_changed:major",
                code="A222",
            )
    return tuple(rules)


@dataclass(frozen=True)
class PairRule:
    targets: tuple[str, ...]
    source: str | None = None
    source_glob: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    exclude: tuple[str, ...] = ()
    index: int = 0  # its position in the file, for messages


@dataclass(frozen=True)
class GateConfig:
    root: Path  # the folder paths are relative to
    path: Path | None  # the file it was read from (None: built in code)
    pairs: tuple[PairRule, ...] = ()
    lint: tuple[str, ...] = ()
    min_score: float | None = None
    fail_on: tuple[FailRule, ...] = (FailRule(None, Severity.CRITICAL),)
    house_style: Path | None = None
    house_style_severity: Severity = Severity.MINOR
    baseline: Path | None = None
    allow_outside: bool = False  # read files outside ``root`` (never set from the file: --allow-outside)


def find_config(cwd: Path | None = None) -> Path:
    """``auditor.toml``, else a ``pyproject.toml`` with ``[tool.auditor]``, in ``cwd``."""
    cwd = Path.cwd() if cwd is None else cwd
    if (cwd / CONFIG_FILE).is_file():
        return cwd / CONFIG_FILE
    pp = cwd / PYPROJECT
    if pp.is_file() and "auditor" in _read_toml(pp).get("tool", {}):
        return pp
    raise UsageError(
        f"no {CONFIG_FILE} and no [tool.auditor] in {PYPROJECT} in {cwd}",
        fix=f"run in the project folder, pass --config FILE, or create {CONFIG_FILE} (see `auditor check --help`)",
        code="A220",
    )


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"configuration file {path} does not exist", fix="check the --config path", code="A220") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"configuration file {path} cannot be read: {e}", fix="save it as UTF-8 TOML", code="A220") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML ({e})", fix="fix the TOML syntax", code="A221") from None


def load_gate_config(path: str | Path | None = None, *, cwd: Path | None = None) -> GateConfig:
    """Read the gate configuration from ``path`` (or find it in ``cwd``)."""
    p = Path(path) if path is not None else find_config(cwd)
    data = _read_toml(p)
    if p.name == PYPROJECT:
        tool = data.get("tool", {})
        if "auditor" not in tool:
            raise UsageError(f"{p} has no [tool.auditor] table", fix="add one, or use an auditor.toml", code="A220")
        table, prefix = tool["auditor"], "tool.auditor."
    else:
        table, prefix = data, ""
    return parse_gate_config(table, root=p.resolve().parent, path=p, prefix=prefix)


def parse_gate_config(table: dict, *, root: Path, path: Path | None = None, prefix: str = "") -> GateConfig:
    where = str(path) if path else "configuration"
    _no_unknown(table, TOP_KEYS, where, prefix)
    pairs_raw = table.get("pairs", [])
    if isinstance(pairs_raw, dict):
        pairs_raw = [pairs_raw]
    if not isinstance(pairs_raw, list) or not all(isinstance(x, dict) for x in pairs_raw):
        raise UsageError(f"{where}: {prefix}pairs must be an array of tables", fix=f"write [[{prefix}pairs]] sections", code="A223")
    pairs = tuple(_pair(d, k, where, prefix) for k, d in enumerate(pairs_raw))
    lint = _globs(table.get("lint", []), f"{prefix}lint", where)
    if not pairs and not lint:
        raise UsageError(
            f"{where}: nothing to check: no {prefix}pairs and no {prefix}lint",
            fix=f'add [[{prefix}pairs]] with targets = "…" and source = "…", or lint = "…"',
            code="A223",
        )
    min_score = table.get("min_score")
    if min_score is not None and (isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0 <= min_score <= 100):
        raise UsageError(f"{where}: {prefix}min_score must be a number from 0 to 100, not {min_score!r}", fix="write e.g. min_score = 80", code="A224")
    fail_on = parse_fail_on(table["fail_on"], key=f"{prefix}fail_on") if "fail_on" in table else GateConfig.fail_on
    return GateConfig(
        root=root,
        path=path,
        pairs=pairs,
        lint=lint,
        min_score=float(min_score) if min_score is not None else None,
        fail_on=fail_on,
        house_style=_file_key(table, "house_style", root, where, prefix),
        house_style_severity=_house_style_severity(table, where, prefix),
        baseline=_file_key(table, "baseline", root, where, prefix),
    )


def _house_style_severity(table: dict, where: str, prefix: str) -> Severity:
    sev = table.get("house_style_severity", "minor")
    if not isinstance(sev, str):  # a list or table here is unhashable: name the key and the type (issue 12)
        from .config import toml_type

        raise UsageError(f"{where}: {prefix}house_style_severity must be a string, not {toml_type(sev)} ({sev!r})",
                         fix='write e.g. house_style_severity = "minor" (critical, major or minor)', code="A224")  # fmt: skip
    if sev not in _SEVERITIES:
        raise UsageError(f"{where}: {prefix}house_style_severity {sev!r} is not a severity", fix="use critical, major or minor", code="A224")
    return _SEVERITIES[sev]


def project_house_style(cwd: Path | None = None) -> "DeskStyle | None":
    """The house style configured for the project in ``cwd`` (``auditor.toml``, else ``pyproject.toml``'s
    ``[tool.auditor]``: its ``house_style`` and ``house_style_severity`` keys, the other keys are the
    gate's), as a detector for ``auditor audit``; None where nothing configures one."""
    try:
        path = find_config(cwd)
    except UsageError:
        return None
    data = _read_toml(path)
    table, prefix = (data.get("tool", {}).get("auditor", {}), "tool.auditor.") if path.name == PYPROJECT else (data, "")
    if not isinstance(table, dict) or table.get("house_style") is None:
        return None
    root = path.resolve().parent
    style = _file_key(table, "house_style", root, str(path), prefix)
    return house_style_detector(GateConfig(root, path, house_style=style, house_style_severity=_house_style_severity(table, str(path), prefix)))


def _no_unknown(table: dict, known: Sequence[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in known:
            import difflib

            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {prefix}{close[0]}? " if close else ""
            if key in TOP_KEYS and known is PAIR_KEYS:
                hint = f"in TOML, keys after a [[pairs]] header belong to that table: move {key} above the first [[pairs]]; "
            raise UsageError(
                f"{where}: unknown key '{prefix}{key}'",
                fix=f"{hint}known keys: {', '.join(prefix + k for k in known)}",
                code="A225",
            )


def _file_key(table: dict, key: str, root: Path, where: str, prefix: str) -> Path | None:
    v = table.get(key)
    if v is None:
        return None
    if not isinstance(v, str) or not v.strip():
        raise UsageError(f"{where}: {prefix}{key} must be a file path", fix=f'write e.g. {key} = "file.toml"', code="A224")
    return (root / v).resolve()


def _globs(value: Any, key: str, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise UsageError(f"{where}: {key} must be a glob or a list of globs", fix=f'write e.g. {key} = "copy/**/*.txt"', code="A226")
    for g in items:
        check_glob(g, key, where)
    return tuple(items)


def check_glob(g: str, key: str, where: str = "configuration") -> None:
    """Refuse globs that cannot work relative to the root: empty, absolute, ``..``, a partial ``**``,
    an unclosed ``[``."""
    problem = None
    if not g.strip():
        problem = "is empty"
    elif g.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", g):
        problem = "is absolute (globs are relative to the project root)"
    elif ".." in PurePosixPath(g).parts:
        problem = "leaves the project root with '..'"
    elif any("**" in part and part != "**" for part in PurePosixPath(g).parts):
        problem = "uses '**' inside a name ('**' must be a whole path part, e.g. a/**/*.md)"
    elif g.count("[") != g.count("]"):
        problem = "has an unclosed '['"
    elif "{" in g or "}" in g:
        problem = "uses braces, which globs here do not expand"
    if problem:
        raise UsageError(f"{where}: {key} glob {g!r} {problem}", fix=f"fix {key}, e.g. \"translations/**/*.md\"", code="A226")


def _pair(d: dict, k: int, where: str, prefix: str) -> PairRule:
    key = f"{prefix}pairs[{k}]"
    _no_unknown(d, PAIR_KEYS, where, f"{key}.")
    if "targets" not in d:
        raise UsageError(f"{where}: {key} has no targets", fix=f'add targets = "translations/**/*.md" to {key}', code="A227")
    targets = _globs(d["targets"], f"{key}.targets", where)
    source, source_glob = d.get("source"), d.get("source_glob")
    if (source is None) == (source_glob is None):
        raise UsageError(
            f"{where}: {key} needs exactly one of source and source_glob",
            fix='write e.g. source = "sources/{stem}.md" (placeholders: ' + ", ".join("{%s}" % p for p in PLACEHOLDERS) + ")",
            code="A227",
        )
    template = source if source is not None else source_glob
    tkey = f"{key}.{'source' if source is not None else 'source_glob'}"
    if not isinstance(template, str) or not template.strip():
        raise UsageError(f"{where}: {tkey} must be a path template", fix='write e.g. "sources/{stem}.md"', code="A227")
    for name in re.findall(r"\{([^{}]*)\}", template):
        if name not in PLACEHOLDERS:
            raise UsageError(
                f"{where}: {tkey} has unknown placeholder {{{name}}}",
                fix="use " + ", ".join("{%s}" % p for p in PLACEHOLDERS),
                code="A227",
            )
    if source_glob is not None:
        check_glob(re.sub(r"\{[^{}]*\}", "x", source_glob), tkey, where)
    for lk in ("source_lang", "target_lang"):
        v = d.get(lk)
        if v is not None and (not isinstance(v, str) or not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?", v)):
            raise UsageError(f"{where}: {key}.{lk} {v!r} is not a language code", fix='use an ISO 639-1 code such as "en"', code="A227")
    exclude = _globs(d.get("exclude", []), f"{key}.exclude", where)
    return PairRule(targets, source, source_glob, d.get("source_lang"), d.get("target_lang"), exclude, k)


# --------------------------------------------------------------------------- pairing


@dataclass(frozen=True)
class Job:
    """One document to check: a target and its source (None: lint only)."""

    target: Path
    key: str  # the target's path relative to the root, POSIX style: the baseline's key
    source: Path | None = None
    source_lang: str | None = None
    target_lang: str | None = None


def placeholders(rel: str, pattern: str) -> dict[str, str]:
    """The template values for a target at ``rel`` (relative, POSIX) matched by glob ``pattern``."""
    p = PurePosixPath(rel)
    name = p.name
    ext = p.suffix
    base = name[: -len(ext)] if ext else name
    m = _LANG_SUFFIX.match(base)
    stem, lang = (m.group("stem"), m.group("lang")) if m else (base, "")
    fixed = []
    for part in PurePosixPath(pattern).parts[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    parent = p.parent.parts
    sub = parent[len(fixed) :] if tuple(parent[: len(fixed)]) == tuple(fixed) else parent
    d = str(p.parent) if str(p.parent) != "." else ""
    return {"name": name, "base": base, "stem": stem, "lang": lang, "ext": ext, "dir": d, "subdir": "/".join(sub)}


def _expand(template: str, values: dict[str, str]) -> str:
    out = re.sub(r"\{([^{}]*)\}", lambda m: values[m.group(1)], template)
    return re.sub(r"/{2,}", "/", out).lstrip("/") if not template.startswith("/") else out


def _glob(root: Path, pattern: str) -> list[Path]:
    try:
        return sorted(p for p in root.glob(pattern) if p.is_file())
    except (ValueError, NotImplementedError) as e:
        raise UsageError(f"glob {pattern!r} cannot be used: {e}", fix="write a relative glob such as translations/**/*.md", code="A226") from None


def confine(path: Path, cfg: GateConfig, what: str) -> Path:
    """``path`` resolved (symlinks, ``..``); a :class:`UsageError` (A230) when that is outside the
    project root, unless ``cfg.allow_outside``. ``what`` says where the path came from."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise UsageError(f"{what}: {path} cannot be resolved ({e})", fix="remove the looping symlink", code="A230") from None
    root = cfg.root.resolve()
    if cfg.allow_outside or resolved.is_relative_to(root):
        return resolved
    absolute = Path(os.path.normpath(os.path.abspath(path)))  # '..' undone as written, symlinks kept
    if absolute.is_relative_to(root):  # inside as written: a symlink leads out
        shown = f"{absolute.relative_to(root).as_posix()} (a symlink to {resolved})"
    else:
        shown = str(absolute)
    raise UsageError(
        f"{what} gives {shown}, which is outside the project root {root}",
        fix=f"keep every document, the house style and the baseline inside {root}, "
        "or pass --allow-outside if you trust this configuration",
        code="A230",
    )


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def resolve_jobs(cfg: GateConfig) -> list[Job]:
    """Every target with its source, every lint document; in a stable order, each once."""
    root = cfg.root
    jobs: list[Job] = []
    seen: set[str] = set()
    where = str(cfg.path) if cfg.path else "configuration"
    for rule in cfg.pairs:
        key = f"pairs[{rule.index}]"
        excluded = {p.resolve() for g in rule.exclude for p in _glob(root, g)}
        for pattern in rule.targets:
            found = [p for p in _glob(root, pattern) if p.resolve() not in excluded]
            for p in found:
                confine(p, cfg, f"{where}: {key}.targets glob {pattern!r}")
            if not found:
                raise UsageError(
                    f"{where}: {key}.targets glob {pattern!r} matches no files under {root}",
                    fix="check the glob (it is relative to the folder of the configuration file)",
                    code="A228",
                )
            for target in found:
                rel = _rel(target, root)
                if rel in seen:
                    continue
                values = placeholders(rel, pattern)
                source = _find_source(rule, key, cfg, rel, values, where)
                if source.resolve() == target.resolve():
                    continue  # a source matched by a target glob is not its own translation
                seen.add(rel)
                jobs.append(Job(target, rel, source, rule.source_lang, rule.target_lang or values["lang"] or None))
    for pattern in cfg.lint:
        found = _glob(root, pattern)
        if not found:
            raise UsageError(f"{where}: lint glob {pattern!r} matches no files under {root}", fix="check the glob", code="A228")
        for target in found:
            confine(target, cfg, f"{where}: lint glob {pattern!r}")
            rel = _rel(target, root)
            if rel not in seen:
                seen.add(rel)
                jobs.append(Job(target, rel))
    return jobs


def _find_source(rule: PairRule, key: str, cfg: GateConfig, rel: str, values: dict[str, str], where: str) -> Path:
    root = cfg.root
    if rule.source is not None:
        cand = root / _expand(rule.source, values)
        confine(cand, cfg, f"{where}: {key}.source {rule.source!r} for {rel}")
        if not cand.is_file():
            raise BadInputError(
                f"no source for {rel}: {key}.source {rule.source!r} gives {_rel(cand, root)}, which does not exist",
                fix=f"add the source file, exclude the target in {key}.exclude, or fix the template in {where}",
                code="A431",
            )
        return cand
    pattern = _expand(rule.source_glob or "", values)
    found = [p for p in _glob(root, pattern) if _rel(p, root) != rel]
    for p in found:
        confine(p, cfg, f"{where}: {key}.source_glob {rule.source_glob!r} for {rel}")
    if len(found) != 1:
        what = "no file" if not found else f"{len(found)} files ({', '.join(_rel(p, root) for p in found[:4])})"
        raise BadInputError(
            f"no single source for {rel}: {key}.source_glob {rule.source_glob!r} gives {pattern!r}, which matches {what}",
            fix=f"make the glob match exactly one source per target, or exclude the target in {key}.exclude",
            code="A431",
        )
    return found[0]


# --------------------------------------------------------------------------- fingerprints and baseline


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(f: Finding, key: str) -> str:
    """Stable across line moves: type, target path, normalised target and source span text."""
    parts = [
        "v1",
        f.type.value,
        key,
        _norm(f.target_span.text) if f.target_span else "",
        _norm(f.source_span.text) if f.source_span else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    type: str
    path: str
    count: int
    excerpt: str = ""


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    path: Path | None = None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.fingerprint] = out.get(e.fingerprint, 0) + e.count
        return out


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"baseline file {path} does not exist",
            fix="create it with `auditor check --write-baseline`, or remove the baseline setting",
            code="A229",
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BadInputError(f"baseline file {path} cannot be read: {e}", fix="regenerate it with `auditor check --write-baseline`", code="A432") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != BASELINE_VERSION:
        raise BadInputError(
            f"baseline file {path} is not an auditor baseline (version {BASELINE_VERSION})",
            fix="regenerate it with `auditor check --write-baseline`",
            code="A432",
        )
    out = []
    for e in entries:
        try:
            count = int(e["count"])
            out.append(BaselineEntry(str(e["fingerprint"]), str(e.get("type", "")), str(e.get("path", "")), count, str(e.get("excerpt", ""))))
        except (KeyError, TypeError, ValueError):
            raise BadInputError(f"baseline file {path}: bad entry {e!r}", fix="regenerate it with `auditor check --write-baseline`", code="A432") from None
    return Baseline(tuple(out), path)


def baseline_text(result: "CheckResult") -> str:
    """The baseline JSON accepting every finding of ``result`` (deterministic)."""
    counts: dict[str, BaselineEntry] = {}
    for doc in result.documents:
        for cf in doc.findings:
            span = cf.finding.target_span or cf.finding.source_span
            excerpt = " ".join(span.text.split())[:80] if span else ""
            prev = counts.get(cf.fingerprint)
            counts[cf.fingerprint] = BaselineEntry(
                cf.fingerprint, cf.finding.type.value, doc.key, (prev.count if prev else 0) + 1, prev.excerpt if prev else excerpt
            )
    entries = sorted(counts.values(), key=lambda e: (e.path, e.type, e.fingerprint))
    data = {
        "version": BASELINE_VERSION,
        "tool": f"auditor {__version__}",
        "note": "findings accepted by `auditor check`; regenerate with `auditor check --write-baseline`",
        "entries": [{"fingerprint": e.fingerprint, "type": e.type, "path": e.path, "count": e.count, "excerpt": e.excerpt} for e in entries],
    }
    from .report.json import dumps

    return dumps(data) + "\n"


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


@dataclass(frozen=True)
class DeskStyle:
    """A desk's house style (:class:`~auditor.detect.housestyle.HouseStyleDetector`) as a detector of
    the audit. Its findings replace the shipped spelling lexicon's on the same target span: the desk's
    rule wins (``replaces``, honoured by :meth:`auditor.api.Auditor.detect`). Style findings never
    change the score."""

    detector: Any
    replaces: tuple[str, ...] = ("spelling",)

    @property
    def name(self) -> str:
        return self.detector.name

    def detect(self, ctx: Any) -> list[Finding]:
        return self.detector.detect(ctx)


def house_style_detector(cfg: GateConfig) -> DeskStyle | None:
    """The configured house style as a detector (None when there is none); the file must lie in the
    project root unless ``cfg.allow_outside``. Findings name it by its path relative to the root."""
    if cfg.house_style is None:
        return None
    confine(cfg.house_style, cfg, f"{cfg.path or 'configuration'}: house_style")
    from .detect.housestyle import HouseStyleDetector, load_house_style

    style = load_house_style(cfg.house_style, name=_rel(cfg.house_style, cfg.root))
    return DeskStyle(HouseStyleDetector(style, severity=cfg.house_style_severity))


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
    sources: dict[Path, Any] = {}
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
                path=_rel(job.target, droot),
                source_path=_rel(job.source, droot) if job.source is not None else None,
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
