"""Test helper: a Document and its Segmentation from a list of sentences, one a line (no segmenter)."""

from __future__ import annotations

from auditor.types import Document, Paragraph, Segment, Segmentation


def make_doc(doc_id: str, sentences: list[str], lang: str = "en") -> tuple[Document, Segmentation]:
    text = "\n".join(sentences)
    segs, pos = [], 0
    for i, s in enumerate(sentences):
        segs.append(Segment(i, s, pos, pos + len(s), paragraph=i))
        pos += len(s) + 1
    paras = tuple(Paragraph(i, s.start, s.end, (i,)) for i, s in enumerate(segs))
    return Document(doc_id, text, text, lang=lang), Segmentation(doc_id, lang, tuple(segs), paras)
