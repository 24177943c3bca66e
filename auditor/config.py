"""The configuration: a frozen :class:`Config` for the audit, and :func:`load_config`, which reads a
project's ``auditor.toml`` or ``pyproject.toml`` ``[tool.auditor]`` through one schema.

The file's keys (documented in :mod:`auditor.gate`) are validated here, each error a
:class:`~auditor.errors.UsageError` (exit 2) naming the key and the file: ``auditor check`` reads them
all (:class:`GateConfig`); ``auditor audit`` reads only :data:`AUDIT_KEYS` (the house style).

Nothing is read from the environment at import time; :func:`cache_dir` looks at
``AUDITOR_CACHE_DIR`` only when it is called.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from .errors import UsageError
from .types import Finding, FindingType, Severity

ALIGN_MODES = ("auto", "monotonic", "rewrite")


@dataclass(frozen=True)
class Config:
    model: str | None = None  # force one model id for both sides (else chosen per language pair)
    align_mode: str = "auto"  # auto | monotonic | rewrite
    max_bytes: int = 2_000_000  # larger inputs are refused unless raised
    encoding: str | None = None  # None: UTF-8 (BOM-aware, UTF-16 with BOM)
    cache_dir: str | None = None  # None: AUDITOR_CACHE_DIR or the user cache directory
    use_cache: bool = True
    allow_identical: bool = False
    window: int = 12  # half-width of the DP band (sentences) around the anchor path
    max_span: int = 3  # largest bead side (up to 1-3, 3-1, 2-3, 3-2)
    window_vectors: str = "embed"  # embed: embed each run of 2..max_span sentences; sum: add sentence vectors (faster except with USE-m)
    seed: int = 12345  # for the bootstrap and anything random

    def with_(self, **changes: object) -> "Config":
        return replace(self, **changes)  # type: ignore[arg-type]


def cache_dir(config: Config | None = None) -> Path:
    """Where vectors are cached: the config's, else ``$AUDITOR_CACHE_DIR``, else the user cache dir."""
    if config is not None and config.cache_dir:
        return Path(config.cache_dir).expanduser()
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("auditor", appauthor=False))


_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*([kmg]?)", re.IGNORECASE)
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}
MAX_SIZE = 1 << 62  # far above any file; keeps sizes ordinary integers


def parse_size(text: str) -> int:
    """A byte count from ``500000``, ``800k``, ``10M``, ``1.5G`` (a trailing ``b`` is allowed).

    A positive, finite whole number of bytes or a :class:`UsageError` naming the fix: ``inf``,
    ``nan``, negative and zero sizes are refused (issue 12: ``--max-bytes infk`` crashed)."""
    t = str(text).strip().lower()
    t = t[:-1] if t.endswith("b") else t
    m = _SIZE.fullmatch(t)
    value = float(m.group(1)) * _UNITS[m.group(2).lower()] if m else math.nan
    if not math.isfinite(value) or value < 1 or value > MAX_SIZE:
        raise UsageError(
            f"not a size: {text!r} (a positive number of bytes, with an optional k, M or G)",
            fix="pass e.g. --max-bytes 500000, 800k or 10M",
            code="A240",
        )
    return int(value)


def toml_type(value: object) -> str:
    """What a TOML value is called, for messages that name the type a key should have."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


# --------------------------------------------------------------------------- the project file

CONFIG_FILE = "auditor.toml"
PYPROJECT = "pyproject.toml"
AUDIT_KEYS = ("house_style", "house_style_severity")  # what ``auditor audit`` reads; the other keys are the gate's
TOP_KEYS = ("pairs", "lint", "min_score", "fail_on", *AUDIT_KEYS, "baseline")
PAIR_KEYS = ("targets", "source", "source_glob", "source_lang", "target_lang", "exclude")
PLACEHOLDERS = ("name", "base", "stem", "lang", "ext", "dir", "subdir")
_SEVERITIES = {s.value: s for s in Severity}
_TYPES = {t.value: t for t in FindingType}


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



@dataclass(frozen=True)
class Settings:
    """One run's configuration: the audit :class:`Config` (from the command line's flags; the file
    holds no audit keys yet) and the project file's settings (None: no file, or nothing that the
    command reads is set in it)."""

    config: Config
    gate: GateConfig | None


def load_config(
    path: str | Path | None = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    audit_only: bool = False,
) -> Settings:
    """Read ``path`` (``--config``), else ``auditor.toml`` in ``cwd``, else ``pyproject.toml``'s
    ``[tool.auditor]`` there, into :class:`Settings` with ``config`` (default: ``Config()``).

    For ``auditor check`` every key is validated and a missing file, an unknown key or nothing to
    check is a :class:`UsageError`. With ``audit_only`` (``auditor audit``) only :data:`AUDIT_KEYS`
    are read and validated, the gate's keys are left alone, and a folder without a configuration
    (or one that sets no ``house_style``) gives ``gate=None``."""
    config = Config() if config is None else config
    if not audit_only:
        return Settings(config, load_gate_config(path, cwd=cwd))
    try:
        p = Path(path) if path is not None else find_config(cwd)
    except UsageError:
        return Settings(config, None)
    table, prefix = _table(p, _read_toml(p), strict=False)
    if not isinstance(table, dict) or table.get("house_style") is None:
        return Settings(config, None)
    root, where = p.resolve().parent, str(p)
    style = _file_key(table, "house_style", root, where, prefix)
    return Settings(config, GateConfig(root, p, house_style=style, house_style_severity=_house_style_severity(table, where, prefix)))


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



def _table(path: Path, data: dict, *, strict: bool = True) -> tuple[Any, str]:
    """The auditor table of a file's TOML ``data`` and the prefix its keys are named with."""
    if path.name != PYPROJECT:
        return data, ""
    tool = data.get("tool", {})
    if not strict:
        return tool.get("auditor", {}), "tool.auditor."
    if "auditor" not in tool:
        raise UsageError(f"{path} has no [tool.auditor] table", fix="add one, or use an auditor.toml", code="A220")
    return tool["auditor"], "tool.auditor."


def load_gate_config(path: str | Path | None = None, *, cwd: Path | None = None) -> GateConfig:
    """Read the gate configuration from ``path`` (or find it in ``cwd``): :func:`load_config`'s ``gate``."""
    p = Path(path) if path is not None else find_config(cwd)
    table, prefix = _table(p, _read_toml(p))
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
        raise UsageError(f"{where}: {prefix}house_style_severity must be a string, not {toml_type(sev)} ({sev!r})",
                         fix='write e.g. house_style_severity = "minor" (critical, major or minor)', code="A224")  # fmt: skip
    if sev not in _SEVERITIES:
        raise UsageError(f"{where}: {prefix}house_style_severity {sev!r} is not a severity", fix="use critical, major or minor", code="A224")
    return _SEVERITIES[sev]



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
