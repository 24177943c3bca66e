"""Build once, then read: compiled lexicon tables and memoised per-text analyses.

Two stores live beside the vector cache (:func:`auditor.config.cache_dir`), so a warm audit loads
what it needs in milliseconds and never imports the libraries that built it:

* :func:`table` — a value built from packaged files (a lexicon's index, a language identifier's
  matrices), kept as one ``marshal`` file under ``compiled/``. Its name carries a sha256 of
  everything the value depends on: the inputs' bytes, the building module's source, auditor's
  version and Python's. Change any of them and the next call builds a new file. Each file carries
  a checksum of its payload; a file that fails it, or cannot be read, is rebuilt and replaced.
* :func:`regex` — a regular expression from its compiled form: Python's ``re`` parses and compiles
  a pattern in Python code (about 0.2 ms each; the detectors' 190 patterns were about 40 ms of every
  audit's start-up). The code ``re`` compiles a pattern to is kept in one ``marshal`` file per Python
  build (keyed by its version and ``_sre.MAGIC``) and handed to ``_sre.compile`` the next time.
* :class:`Memo` — per-text results of a slow analysis (spaCy's named entities of one sentence),
  keyed by the analysis (model and version) and the text's sha256, in one SQLite file
  (``analyses.sqlite3``, WAL mode: several processes may read and write it at once).

Both hold only plain data (str, int, float, tuples, lists, dicts): a damaged or planted file can
give wrong tables, never run code; the cache folder is trusted like the user's home (see
``docs/security.md``). Neither may make an audit fail: when the folder cannot be created or
written, values are built in memory and the store says so once with a ``CacheWarning``.

:func:`configure` points both stores at a folder or switches them off; the
:class:`~auditor.api.Auditor` points them at its configuration's cache folder (``--no-cache``
switches off the vector cache only: these tables are keyed by content, so they are never stale).
Off, every call builds.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sqlite3
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import re

T = TypeVar("T")

MAGIC = b"AUDC1\0"
SUBDIR = "compiled"
MEMO_DB = "analyses.sqlite3"
BUSY_TIMEOUT_MS = 30_000

_lock = threading.Lock()
_state: dict[str, Any] = {"dir": None, "enabled": True, "configured": False}
_warned: set[str] = set()
_memory: dict[str, Any] = {}  # key -> value: each table is read (or built) once per process


def configure(directory: str | Path | None = None, *, enabled: bool = True) -> None:
    """Use ``directory`` (None: :func:`auditor.config.cache_dir`) for both stores, or switch them
    off. Values already loaded in this process stay loaded (they are the same values)."""
    with _lock:
        _state.update(dir=Path(directory).expanduser() if directory else None, enabled=enabled, configured=True)
        _memos.clear()


def location() -> Path | None:
    """The folder both stores use now; None when they are switched off."""
    return _root()


def _root() -> Path | None:
    if not _state["enabled"]:
        return None
    if _state["dir"] is not None:
        return _state["dir"]
    from .config import cache_dir

    return cache_dir()


def _warn(what: str, where: Path, exc: BaseException) -> None:
    if what in _warned:
        return
    _warned.add(what)
    from .errors import CacheWarning

    warnings.warn(
        f"{what} at {where} ({exc}); building in memory instead. "
        "Set AUDITOR_CACHE_DIR to a writable folder.",
        CacheWarning,
        stacklevel=4,
    )


# --------------------------------------------------------------------------- compiled tables


def fingerprint(name: str, inputs: Iterable[bytes | str | Path], builder: str | None = None) -> str:
    """sha256 over ``name``, auditor's version, Python's version, the source of the module
    ``builder`` (a module name) and each input (bytes, text, or a file's bytes)."""
    from . import __version__

    h = hashlib.sha256()
    for part in (name, __version__, sys.version.split()[0], str(sys.hexversion)):
        h.update(part.encode("utf-8") + b"\0")
    if builder is not None:
        mod = sys.modules.get(builder)
        src = getattr(mod, "__file__", None)
        if src:
            h.update(Path(src).read_bytes())
        h.update(b"\0")
    for item in inputs:
        if isinstance(item, Path):
            h.update(item.read_bytes())
        elif isinstance(item, str):
            h.update(item.encode("utf-8"))
        else:
            h.update(item)
        h.update(b"\0")
    return h.hexdigest()


def table(name: str, inputs: Iterable[bytes | str | Path], build: Callable[[], T], *, builder: str | None = None) -> T:
    """``build()``'s value, read from its compiled file when one exists for exactly these inputs.

    ``build`` must return plain data that ``marshal`` can write (str, bytes, int, float, bool,
    None, tuple, list, dict, set, frozenset). ``builder``: the module whose code shapes the value
    (its source is part of the fingerprint; usually the caller's ``__name__``).
    """
    key = f"{name}-{fingerprint(name, inputs, builder)[:24]}"
    if key in _memory:
        return _memory[key]  # type: ignore[no-any-return]
    root = _root()
    path = root / SUBDIR / f"{key}.marshal" if root is not None else None
    value: Any = _read(path) if path is not None else None
    if value is None:
        value = build()
        if path is not None:
            _write(path, value)
    _memory[key] = value
    return value  # type: ignore[no-any-return]


def _read(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if len(raw) < head or not raw.startswith(MAGIC):
        return None
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(MAGIC) : head]:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _write(path: Path, value: Any) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError as exc:  # a value marshal cannot write: a programming error, said once
        _warn(f"cannot compile table {path.stem!r}", path, exc)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as exc:
        _warn("the compiled-table folder could not be written", path.parent, exc)


# --------------------------------------------------------------------------- regular expressions

_regex: dict[str, Any] = {"table": None, "dirty": False, "path": None}


def regex(pattern: str, flags: int = 0) -> "re.Pattern[str]":
    """``re.compile(pattern, flags)``, from the code compiled by an earlier process when there is one.

    For the package's own patterns (module constants, patterns built from packaged lexicons): each
    distinct pattern is one entry of the table, so never pass text that comes from a document or a
    user. Whatever goes wrong (an internal of ``re`` that moved, a damaged table) falls back to
    ``re.compile``; ``tests/test_compiled.py`` checks that both give equal patterns."""
    import re

    with _lock:
        table = _regex["table"]
        if table is None:
            table = _regex["table"] = _load_regex_table()
        flags = int(flags)  # a RegexFlag prints as its name
        key = f"{flags}\0{pattern}"
        entry = table.get(key)
        if entry is not None:
            try:
                return _from_code(pattern, entry)
            except Exception:  # noqa: BLE001 - an unusable entry: compile it afresh below
                del table[key]
        try:
            entry = _to_code(pattern, flags)
            compiled = _from_code(pattern, entry)
        except Exception:  # noqa: BLE001 - re's internals differ from what this expects: plain compile
            return re.compile(pattern, flags)
        table[key] = entry
        if not _regex["dirty"]:
            _regex["dirty"] = True
            import atexit

            atexit.register(_save_regex_table)
        return compiled


def _regex_fingerprint() -> str:
    import _sre

    return fingerprint("regex", [sys.version, str(_sre.MAGIC), str(_sre.CODESIZE)], builder=__name__)


def _load_regex_table() -> dict[str, Any]:
    root = _root()
    if root is None:
        return {}
    path = root / SUBDIR / f"regex-{_regex_fingerprint()[:24]}.marshal"
    _regex["path"] = path
    value = _read(path)
    return dict(value) if isinstance(value, dict) else {}


def _save_regex_table() -> None:
    """At exit, when this process compiled a pattern the table lacked (silent: an optimisation only)."""
    path = _regex["path"]
    if path is None or not _regex["dirty"]:
        return
    with _lock:
        table = dict(_regex["table"] or {})
    old = _read(path)  # another process may have added patterns meanwhile
    if isinstance(old, dict):
        table = {**old, **table}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _write(path, table)
    _regex["dirty"] = False


def _to_code(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for ``pattern``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # plain ints: the opcodes are an int subclass, which marshal does not write
    return int(flags | p.state.flags), [int(c) for c in code], int(p.state.groups - 1), groupindex, tuple(indexgroup)


def _from_code(pattern: str, entry: Any) -> "re.Pattern[str]":
    import _sre

    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))  # type: ignore[no-any-return]


def arrays(name: str, inputs: Iterable[bytes | str | Path], build: Callable[[], dict[str, Any]], *,
           builder: str | None = None) -> dict[str, Any]:
    """Like :func:`table`, for a dict of numpy arrays: kept as ``.npy`` files in one folder and
    memory-mapped read-only on later calls, so only the pages a lookup touches are ever read."""
    import numpy as np

    key = f"{name}-{fingerprint(name, inputs, builder)[:24]}"
    if key in _memory:
        return _memory[key]  # type: ignore[no-any-return]
    root = _root()
    folder = root / SUBDIR / key if root is not None else None
    value = _read_arrays(folder) if folder is not None else None
    if value is None:
        value = {k: np.ascontiguousarray(v) for k, v in build().items()}
        if folder is not None:
            _write_arrays(folder, value)
    _memory[key] = value
    return value


def _read_arrays(folder: Path) -> dict[str, Any] | None:
    import numpy as np

    manifest = _read(folder / "manifest.marshal")
    if not isinstance(manifest, dict):
        return None
    out = {}
    try:
        for k, (dtype, shape) in manifest.items():
            a = np.load(folder / f"{k}.npy", mmap_mode="r", allow_pickle=False)
            if str(a.dtype) != dtype or tuple(a.shape) != tuple(shape):
                return None
            out[k] = a
    except (OSError, ValueError, TypeError):
        return None
    return out


def _write_arrays(folder: Path, value: dict[str, Any]) -> None:
    import shutil

    import numpy as np

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        try:
            for k, a in value.items():
                np.save(tmp / f"{k}.npy", a, allow_pickle=False)
            _write(tmp / "manifest.marshal", {k: (str(a.dtype), tuple(a.shape)) for k, a in value.items()})
            try:
                os.rename(tmp, folder)  # atomic; a folder already there (another writer) is kept
            except OSError:
                if not (folder / "manifest.marshal").exists():
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        _warn("the compiled-table folder could not be written", folder.parent, exc)


# --------------------------------------------------------------------------- per-text memo

_memos: dict[tuple[str, str], "Memo"] = {}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memo (
    analysis TEXT NOT NULL,
    text_sha256 BLOB NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (analysis, text_sha256)
) WITHOUT ROWID
"""
_CHUNK = 500


def text_sha(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class Memo:
    """Results of one analysis (``analysis`` names it with its model and version), by exact text.

    Values are JSON. Thread-safe; several processes may share the file.
    """

    def __init__(self, analysis: str, directory: Path | None) -> None:
        self.analysis = analysis
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.path = directory / MEMO_DB if directory is not None else None
        if directory is not None:
            try:
                self._conn = connect_wal(directory / MEMO_DB, _SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                _warn("the analysis memo could not be opened", directory, exc)

    def get_many(self, texts: Sequence[str]) -> dict[int, Any]:
        """``{index: value}`` for the texts found."""
        if self._conn is None or not texts:
            return {}
        keys = [text_sha(t) for t in texts]
        found: dict[bytes, Any] = {}
        with self._lock:
            try:
                for i in range(0, len(keys), _CHUNK):
                    chunk = list(dict.fromkeys(keys[i : i + _CHUNK]))
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT text_sha256, value FROM memo WHERE analysis = ? AND text_sha256 IN ({marks})",
                        [self.analysis, *chunk],
                    ).fetchall()
                    for k, v in rows:
                        try:
                            found[bytes(k)] = json.loads(v)
                        except ValueError:
                            continue  # a damaged row is a miss
            except sqlite3.Error as exc:
                self._off(exc)
                return {}
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put_many(self, texts: Sequence[str], values: Sequence[Any]) -> None:
        if self._conn is None or not texts:
            return
        rows = [(self.analysis, text_sha(t), json.dumps(v, ensure_ascii=False)) for t, v in zip(texts, values)]
        with self._lock:
            try:
                with self._conn:
                    self._conn.executemany("INSERT OR REPLACE INTO memo (analysis, text_sha256, value) VALUES (?, ?, ?)", rows)
            except sqlite3.Error as exc:
                self._off(exc)

    def _off(self, exc: BaseException) -> None:
        assert self.path is not None
        _warn("the analysis memo could not be used", self.path, exc)
        conn, self._conn = self._conn, None
        close_quietly(conn)


def connect_wal(path: Path, *statements: str) -> sqlite3.Connection:
    """Open (creating the folder and file if needed) a SQLite database that several threads and
    processes share: WAL mode, a busy timeout; ``statements`` run in one transaction (the schema)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        with conn:
            for sql in statements:
                conn.execute(sql)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def close_quietly(conn: sqlite3.Connection | None) -> None:
    """Close a connection that is being given up on, whatever state it is in."""
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:
            pass


def memo(analysis: str) -> Memo:
    """The shared :class:`Memo` for ``analysis`` in the configured folder (off: a memo that never hits)."""
    root = _root()
    key = (analysis, str(root))
    with _lock:
        m = _memos.get(key)
        if m is None:
            m = _memos[key] = Memo(analysis, root)
    return m


def memoised(analysis: str, texts: Sequence[str], compute: Callable[[list[str]], list[Any]]) -> list[Any]:
    """``compute`` applied to ``texts``, reading each distinct text's value from the memo when it
    is there and storing the ones computed. ``compute`` gets the missing texts, in order, and
    returns one JSON-able value for each."""
    m = memo(analysis)
    hit = m.get_many(texts)
    missing = list(dict.fromkeys(t for i, t in enumerate(texts) if i not in hit))
    if missing:
        values = compute(missing)
        if len(values) != len(missing):
            raise ValueError(f"{analysis}: {len(values)} values for {len(missing)} texts")
        m.put_many(missing, values)
        computed = dict(zip(missing, values))
        # stored values go through JSON: hand back what a later read would give (tuples -> lists)
        computed = {t: json.loads(json.dumps(v)) for t, v in computed.items()}
    else:
        computed = {}
    return [hit[i] if i in hit else computed[t] for i, t in enumerate(texts)]


__all__ = ["arrays", "configure", "fingerprint", "location", "table", "Memo", "memo", "memoised", "text_sha"]
