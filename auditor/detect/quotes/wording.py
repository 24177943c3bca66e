"""Comparing the wording of two quotations, typography aside: tokens, a word diff, the share of a quote
found in order in a text."""

from __future__ import annotations

import difflib
import unicodedata

from ...text import JOINED, words


_STOP = frozenset(
    """
    a an the and or but of to in on at for with by from as is are was were be been it its this that
    these those we our us i my you your he his she her they their them will would can could shall
    should may might must do does did have has had not no so if then than there here all
    el la los las un una unos unas y o pero de del a al en por para con que es son fue era ser
    se lo le les su sus nuestro nuestra nosotros yo tu mi este esta estos estas ese esa no
    """.split()
)


# --------------------------------------------------------------------------- comparing wording

_TYPO = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "–": "-", "—": "-", "―": "-", "‑": "-",
                       "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " ", "…": "..."})


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_TYPO)
    toks = words(text, JOINED)
    if toks:
        toks[0] = toks[0][:1].lower() + toks[0][1:]
    return toks


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes from a longest common subsequence (difflib's longest-block
    heuristic pairs a repeated phrase with the wrong occurrence); difflib for long quotes."""
    n, m = len(a), len(b)
    if n * m > 250_000:
        return list(difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes())  # type: ignore[arg-type]  # Literal tags are str
    L = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            L[i][j] = L[i + 1][j + 1] + 1 if a[i] == b[j] else max(L[i + 1][j], L[i][j + 1])
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    i0 = j0 = 0
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j]:
            if (i0, j0) != (i, j):
                tag = "replace" if i > i0 and j > j0 else ("delete" if i > i0 else "insert")
                ops.append((tag, i0, i, j0, j))
            ops.append(("equal", i, i + 1, j, j + 1))
            i, j = i + 1, j + 1
            i0, j0 = i, j
        elif j < m and (i == n or L[i][j + 1] >= L[i + 1][j]):
            j += 1
        else:
            i += 1
    if (i0, j0) != (n, m):
        tag = "replace" if n > i0 and m > j0 else ("delete" if n > i0 else "insert")
        ops.append((tag, i0, n, j0, m))
    return ops


def _diff(a: list[str], b: list[str]) -> tuple[list[str], int, bool]:
    """Compact word diff, the number of content words changed, and whether it is a mere typo fix."""
    parts: list[str] = []
    content = 0
    edits = [op for op in _opcodes([w.lower() for w in a], [w.lower() for w in b]) if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in edits:
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        parts.append(f"{old} → {new}" if tag == "replace" else (f"−{old}" if tag == "delete" else f"+{new}"))
        content += sum(1 for w in a[i1:i2] + b[j1:j2] if w.lower() not in _STOP)
    typo = (
        len(edits) == 1
        and edits[0][0] == "replace"
        and edits[0][2] - edits[0][1] == 1
        and edits[0][4] - edits[0][3] == 1
        and difflib.SequenceMatcher(a=a[edits[0][1]].lower(), b=b[edits[0][3]].lower()).ratio() >= 0.75
    )
    return parts, content, typo


def _overlap(quote: list[str], text: list[str]) -> tuple[float, int, int]:
    """Share of ``quote``'s words found in order in ``text``, and the matched stretch of ``text``."""
    if not quote or not text:
        return 0.0, 0, 0
    q = [w.lower() for w in quote]
    t = [w.lower() for w in text]
    sm = difflib.SequenceMatcher(a=q, b=t, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, 0, 0
    matched = sum(b.size for b in blocks)
    return matched / len(q), blocks[0].b, blocks[-1].b + blocks[-1].size
