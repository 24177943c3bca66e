"""The JSON report. Deterministic: the same input gives the same bytes.

Exact and inert: C1 controls, DEL, line separators and bidi controls in strings are written as
``\\uXXXX`` escapes (the decoded value is the same; see :func:`auditor.report.safe.json_inert`),
so the file shown in a terminal or an editor cannot act on its reader."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..types import SCHEMA_VERSION, Document, Report, Segmentation
from .safe import json_inert


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    return json_inert(json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=False))


def iter_dumps(obj: dict[str, Any], lazy: dict[str, Callable[[], Iterable[Any]]]) -> Iterator[str]:
    """``dumps(obj)`` in pieces, the same text once joined, where each key of ``lazy`` holds a list
    that is made one item at a time (``lazy[key]()`` yields its items; ``obj[key]`` is not read):
    a corpus's attributions and reports are never all in memory as dicts, nor as one string."""
    yield "{"
    for n, key in enumerate(obj):
        yield ("," if n else "") + "\n  " + dumps(key) + ": "
        if key not in lazy:
            yield dumps(obj[key]).replace("\n", "\n  ")  # JSON strings hold no raw newline: only the layout's
            continue
        empty = True
        for item in lazy[key]():
            yield ("[" if empty else ",") + "\n    " + dumps(item).replace("\n", "\n    ")
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}" if obj else "}"


def document_to_dict(doc: Document, seg: Segmentation | None) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "format": doc.format,
        "lang": doc.lang,
        "lang_confidence": round(doc.lang_confidence, 4),
        "lang_source": doc.lang_source,
        "title": doc.title,
        "date": doc.date,
        "url": doc.url,
        "outlet": doc.outlet,
        "characters": len(doc.text),
        "sentences": len(seg.segments) if seg is not None else None,
        "paragraphs": len(seg.paragraphs) if seg is not None else None,
    }


def beads_to_list(report: Report) -> list[dict[str, Any]]:
    src, tgt = report.source_segments, report.target_segments
    out = []
    for k, b in enumerate(report.beads):
        out.append(
            {
                "index": k,
                "src": list(b.src),
                "tgt": list(b.tgt),
                "kind": b.kind,
                "similarity": None if b.similarity is None else round(b.similarity, 4),
                "confidence": None if b.confidence is None else round(b.confidence, 4),
                "moved": b.moved,
                "source_text": " ".join(src.segments[i].text for i in b.src) if src is not None else "",
                "target_text": " ".join(tgt.segments[j].text for j in b.tgt),
            }
        )
    return out


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    """The JSON report of one audit or lint (what ``auditor audit --format json`` writes for one target)."""
    return dumps(report_to_dict(report), indent=indent)


def report_to_dict(report: Report) -> dict[str, Any]:
    al = report.alignment
    return {
        "schema_version": SCHEMA_VERSION,
        "auditor_version": __version__,
        "signature": str(report.signature),
        "model": report.model,
        "mode": "audit" if report.source is not None else "lint",
        "source": document_to_dict(report.source, report.source_segments) if report.source is not None else None,
        "target": document_to_dict(report.target, report.target_segments),
        "score": report.score.to_dict() if report.score is not None else None,
        "alignment": None
        if al is None
        else {"mode": al.mode, "requested": al.requested_mode, "reason": al.reason, "beads": beads_to_list(report)},
        "findings": [f.to_dict() for f in report.findings],
    }
