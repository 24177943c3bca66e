"""Which files ``auditor check`` reads: every target a ``[[pairs]]`` rule matches with its source,
and every ``lint`` document (:func:`resolve_jobs`), each confined to the project root
(:func:`confine`). The configuration they come from is :class:`auditor.config.GateConfig`; the
template placeholders and the confinement rule are documented in :mod:`auditor.gate`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .config import GateConfig, PairRule
from .errors import BadInputError, UsageError

_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


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


def rel_path(path: Path, root: Path) -> str:
    """``path`` resolved, relative to ``root`` (POSIX style); absolute where it lies outside."""
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
                rel = rel_path(target, root)
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
            rel = rel_path(target, root)
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
                f"no source for {rel}: {key}.source {rule.source!r} gives {rel_path(cand, root)}, which does not exist",
                fix=f"add the source file, exclude the target in {key}.exclude, or fix the template in {where}",
                code="A431",
            )
        return cand
    pattern = _expand(rule.source_glob or "", values)
    found = [p for p in _glob(root, pattern) if rel_path(p, root) != rel]
    for p in found:
        confine(p, cfg, f"{where}: {key}.source_glob {rule.source_glob!r} for {rel}")
    if len(found) != 1:
        what = "no file" if not found else f"{len(found)} files ({', '.join(rel_path(p, root) for p in found[:4])})"
        raise BadInputError(
            f"no single source for {rel}: {key}.source_glob {rule.source_glob!r} gives {pattern!r}, which matches {what}",
            fix=f"make the glob match exactly one source per target, or exclude the target in {key}.exclude",
            code="A431",
        )
    return found[0]
