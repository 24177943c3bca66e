"""Reading a corpus: a folder of documents, or one JSON Lines / CSV file of many.

``read_corpus(path)`` gives the documents in a fixed order whatever the file system's:

* a **folder** is walked recursively; every file with a supported suffix (``.txt``, ``.md``,
  ``.html``, ``.jsonl``, ``.csv``, …; see :data:`CORPUS_SUFFIXES`) is read, in sorted order of
  its POSIX path relative to the folder; hidden files and folders (``.name``) are skipped, and so
  are a folder's notes about itself (files named README, LICENSE, NOTE or PROVENANCE, any suffix).
  A document's id is that relative path without its suffix (``wire/001``); a record of a
  JSON Lines or CSV file inside the folder gets ``<relative path>#<record id>``;
* a **file** is read with :func:`auditor.io.read.read_documents`: one document for txt/md/html,
  one per record for ``.jsonl`` / ``.csv`` (fields ``text`` and optional ``id``, ``lang``,
  ``date``, ``url``, ``title``, ``outlet``; a bad line is a :class:`BadInputError` naming it).

Ids must be unique across the corpus; a corpus needs at least two documents.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from auditor.errors import BadInputError, TooManyRecordsError
from auditor.types import Document

from .read import DEFAULT_MAX_BYTES, _FORMATS, read_documents

CORPUS_SUFFIXES = tuple(sorted(_FORMATS))
NOT_DOCUMENTS = ("readme", "license", "licence", "note", "notes", "provenance")
MAX_DOCUMENTS = 100_000


def read_corpus(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str | None = None,
) -> list[Document]:
    """Every document of the folder or file at ``path``, in a deterministic order (see the module doc)."""
    root = Path(path)
    if not root.exists():
        raise BadInputError(
            f"{root}: no such file or folder",
            fix="give a folder of documents or a .jsonl file with one document per line",
        )
    try:
        if root.is_dir():
            docs = _read_folder(root, encoding=encoding, max_bytes=max_bytes, lang=lang)
        else:
            docs = read_documents(root, encoding=encoding, max_bytes=max_bytes, lang=lang, max_records=MAX_DOCUMENTS)
    except TooManyRecordsError:  # counted while reading, before parsing the rest (issue 12)
        raise _too_many(root) from None
    _check_corpus(docs, root)
    return docs


def _too_many(root: Path) -> TooManyRecordsError:
    return TooManyRecordsError(
        f"{root}: more than {MAX_DOCUMENTS:,} documents",
        fix="split the corpus into smaller folders or files",
        limit=MAX_DOCUMENTS,
    )


def _read_folder(root: Path, *, encoding: str | None, max_bytes: int, lang: str | None) -> list[Document]:
    files = sorted(
        (p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES and not _hidden(p, root)),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    docs: list[Document] = []
    for file in files:
        if len(docs) >= MAX_DOCUMENTS:
            raise _too_many(root)
        rel = file.relative_to(root).with_suffix("").as_posix()
        found = read_documents(file, encoding=encoding, max_bytes=max_bytes, lang=lang,
                               max_records=MAX_DOCUMENTS - len(docs))  # fmt: skip
        if _FORMATS[file.suffix.lower()] in ("jsonl", "csv"):
            docs += [replace(d, id=f"{rel}#{d.id}") for d in found]
        else:
            docs += [replace(d, id=rel) for d in found]
    if not docs:
        raise BadInputError(
            f"{root}: the folder holds no documents (looked for {', '.join(CORPUS_SUFFIXES)})",
            fix="put the documents to compare in the folder as .txt, .md, .html, .jsonl or .csv files",
        )
    return docs


def _hidden(path: Path, root: Path) -> bool:
    if path.stem.lower() in NOT_DOCUMENTS:
        return True
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _check_corpus(docs: list[Document], root: Path) -> None:
    if len(docs) > MAX_DOCUMENTS:
        raise _too_many(root)
    if len(docs) < 2:
        raise BadInputError(
            f"{root}: a corpus needs at least two documents, found {len(docs)}",
            fix="give a folder or a .jsonl file holding all the versions to compare",
        )
    seen: dict[str, int] = {}
    for n, doc in enumerate(docs):
        if doc.id in seen:
            raise BadInputError(
                f"{root}: two documents share the id {doc.id!r} (numbers {seen[doc.id] + 1} and {n + 1})",
                fix="give every record a unique id field",
            )
        seen[doc.id] = n


# --------------------------------------------------------------------------- result shards (--out DIR)


def shard_path(folder: str | os.PathLike[str], stage: str, index: int, suffix: str) -> Path:
    """``folder/stage/stage-00042.suffix``: shard ``index`` of a stage."""
    return Path(folder) / stage / f"{stage}-{index:05d}.{suffix}"


def write_atomic(path: Path, data: "bytes | Iterable[str]") -> None:
    """Write ``data`` (bytes, or text in pieces, written as UTF-8 one piece at a time) to ``path``
    through a temporary file and a rename: a killed run leaves either the whole shard or none (what
    ``--resume`` relies on)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                for piece in data:
                    fh.write(piece)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:  # type: ignore[type-arg]
    """One JSON object per line (UTF-8, keys in their given order), written atomically, a line at a time."""
    import json

    write_atomic(path, (json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def read_jsonl_rows(path: Path) -> list[dict]:  # type: ignore[type-arg]
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def save_segments(path: Path, ids: list[str], sentences: list[tuple[str, ...]], artefacts: list[int]) -> None:
    """One shard of the segmenting stage: each document's id, sentences and derivation-artefact count (JSON)."""
    import json

    meta = {"ids": ids, "sentences": [list(s) for s in sentences], "artefacts": artefacts}
    write_atomic(path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def load_segments(path: Path) -> tuple[list[str], list[tuple[str, ...]], list[int]]:
    """What :func:`save_segments` wrote: ids, sentences, artefact counts."""
    import json

    meta = json.loads(path.read_text(encoding="utf-8"))
    return meta["ids"], [tuple(s) for s in meta["sentences"]], meta["artefacts"]


def texts_digest(texts: list[str]) -> str:
    """SHA-256 of a list of texts (what a vector shard was embedded from)."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()


def save_vectors(path: Path, texts: list[str], vectors: Any) -> None:
    """One shard of the embedding stage: the unit vectors of ``texts`` and the texts' digest, as ``.npz``."""
    import io

    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, vectors=vectors, sha256=np.array(texts_digest(texts)))
    write_atomic(path, buf.getvalue())


def load_vectors(path: Path, texts: list[str]) -> Any:
    """The vectors :func:`save_vectors` wrote for ``texts``; None when the shard holds other texts."""
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        if str(z["sha256"]) != texts_digest(texts) or len(z["vectors"]) != len(texts):
            return None
        return z["vectors"]
