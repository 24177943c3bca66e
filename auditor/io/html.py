"""HTML to text: the visible article text of a page, one block element per paragraph.

Parsed with BeautifulSoup's ``html.parser`` (imported when a page is read); scripts,
styles, navigation, page headers and footers (outside ``<article>``/``<main>``) and forms
are dropped, list items get a ``- `` bullet, ``<br>`` and ``<pre>`` keep their line breaks.
Every text node is located in the file (exactly when verbatim, word by word through
entities otherwise), so the record's map points into the raw HTML. Title, URL, date and
outlet come from ``<meta>``/``<title>``/``<link rel=canonical>``.
"""

from __future__ import annotations

import re
from typing import Any

from .offsets import MapBuilder, Record, line_starts_of


_HTML_DROP = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg",
     "template", "button", "select", "textarea", "canvas", "object", "embed", "head", "title",
     "math", "dialog", "menu"}
)
_HTML_KEEP_INSIDE = frozenset({"article", "main"})  # header/footer inside these are the article's
_HTML_BLOCK = frozenset(
    {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
     "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "header", "footer"}
)
_WORD_OR_SPACE = re.compile(r"\s+|\S+")
MAX_ENTITY_WORD = 200  # longer words written with entities are not mapped per character (time stays linear)


class _HtmlText:
    """Builds the text of an HTML page block by block, each piece mapped to its place in the file."""

    def __init__(self, raw: str, line_starts: tuple[int, ...]):
        self.raw = raw
        self.line_starts = line_starts
        self.cursor = 0  # raw text before this has been accounted for
        self.blocks: list[list[list[tuple[str, int, int]]]] = []  # block → lines → pieces
        self.space: tuple[int, int] | None = None  # pending whitespace (raw start, raw length)

    # ---- positions

    def tag_offset(self, tag: Any) -> int | None:
        line, col = getattr(tag, "sourceline", None), getattr(tag, "sourcepos", None)
        if line is None or col is None or line - 1 >= len(self.line_starts):
            return None
        return self.line_starts[line - 1] + col

    def locate(self, string: str, lo: int, hi: int) -> int | None:
        """Raw offset of ``string`` between ``lo`` and ``hi`` (searched from the cursor)."""
        start = max(self.cursor, lo)
        found = self.raw.find(string, start, max(hi, start))
        if found < 0:
            return None
        self.cursor = found + len(string)
        return found

    def locate_word(self, word: str, lo: int, hi: int) -> tuple[int, int] | list[tuple[int, int]] | None:
        """Raw ``(offset, length)`` of a word found verbatim; written with entities (``AT&amp;T2``),
        one ``(offset, length)`` per character, so a column inside the word after the entity is
        exact rather than proportional (issue 12: off by one)."""
        import html

        start = max(self.cursor, lo)
        at = self.raw.find(word, start, max(hi, start))
        if at >= 0 and "&" not in self.raw[start:at]:  # verbatim, with no entity before it that could spell it
            self.cursor = at + len(word)
            return at, len(word)

        start = max(self.cursor, lo)
        if len(word) > MAX_ENTITY_WORD:
            return None  # a pathological token: mapped to its text node, not character by character
        m = next((c for c in _entity_pattern(word).finditer(self.raw, start, max(hi, start))
                  if html.unescape(c.group()) == word), None)  # fmt: skip
        if m is None:
            return None
        self.cursor = m.end()
        return _char_spans(self.raw, m.start(), m.end(), word) or (m.start(), m.end() - m.start())

    # ---- building

    def new_block(self) -> None:
        if not self.blocks or any(self.blocks[-1][-1]) or len(self.blocks[-1]) > 1:
            self.blocks.append([[]])
        self.space = None

    def new_line(self) -> None:
        if not self.blocks:
            self.blocks.append([[]])
        elif self.blocks[-1][-1]:
            self.blocks[-1].append([])
        self.space = None

    def prefix(self, text: str, at: int) -> None:
        """Text that is not in the file (a list bullet), pinned to ``at``."""
        if not self.blocks:
            self.blocks.append([[]])
        self.blocks[-1][-1].append((text, at, 0))

    def add_string(self, string: str, lo: int, hi: int) -> None:
        """Add one text node; located exactly if it appears verbatim, else word by word."""
        if not self.blocks:
            self.blocks.append([[]])
        base = self.locate(string, lo, hi) if string.strip() else None
        for m in _WORD_OR_SPACE.finditer(string):
            piece = m.group()
            if piece[0].isspace():
                at = base + m.start() if base is not None else self.cursor
                self.space = (at, len(piece) if base is not None else 0)
                continue
            where = (base + m.start(), len(piece)) if base is not None else self.locate_word(piece, lo, hi)
            self.add_word(piece, where)

    def add_word(self, word: str, where: tuple[int, int] | list[tuple[int, int]] | None) -> None:
        line = self.blocks[-1][-1]
        if self.space is not None and line:
            start, length = self.space
            line.append((" ", start, length))
        self.space = None
        if isinstance(where, list):  # per character (see locate_word)
            line.extend((ch, a, b - a) for ch, (a, b) in zip(word, where))
            return
        at, length = where if where is not None else (self.cursor, 0)
        line.append((word, at, length))

    def record(self, fields: dict[str, str | None]) -> Record:
        builder = MapBuilder()
        parts: list[str] = []
        pos = 0
        last = 0
        blocks = [[ln for ln in block if ln] for block in self.blocks]
        for block in (b for b in blocks if b):
            for line in block:
                sep = "\n\n" if pos and line is block[0] else ("\n" if pos else "")
                if sep:
                    parts.append(sep)
                    builder.add(pos, last, len(sep), 0)
                    pos += len(sep)
                for text, at, length in line:
                    parts.append(text)
                    builder.add(pos, at, len(text), length)
                    pos += len(text)
                    last = at + length
        return Record(value="".join(parts), raw_map=builder.build(), fields=fields)


_ENTITY = re.compile(r"&#?\w+;")


def _char_spans(raw: str, start: int, end: int, word: str) -> list[tuple[int, int]] | None:
    """Raw ``(start, end)`` of each character of ``word`` in ``raw[start:end]``, where any character
    may be an entity (``AT&amp;T2``: ``&`` is five raw characters); None if they do not line up."""
    import html

    spans, p = [], start
    for ch in word:
        e = _ENTITY.match(raw, p, end)
        if e is not None and html.unescape(e.group()) == ch:
            q = e.end()
        elif raw.startswith(ch, p):
            q = p + 1
        elif e is not None:
            q = e.end()
        else:
            return None
        spans.append((p, q))
        p = q
    return spans if p == end else None


def _entity_pattern(word: str) -> re.Pattern[str]:
    """A regex for ``word`` as HTML may spell it: any character as itself or as an entity
    (``&#48;`` is a digit too); the caller keeps only matches that decode to ``word``."""
    parts = [f"(?:{re.escape(ch)}|&#?\\w+;)" for ch in word]
    return re.compile("".join(parts))


def html_record(text: str) -> Record:
    """The visible article text of an HTML page: one block element per paragraph."""
    from bs4 import BeautifulSoup

    parse_text = re.sub(r"\r(?!\n)", "\n", text)  # same length; html.parser counts lines by \n
    soup = BeautifulSoup(parse_text, "html.parser")
    builder = _HtmlText(text, line_starts_of(text))
    _walk_html(soup, builder)
    return builder.record(_html_fields(soup))


_END = object()  # no tag with a place in the file follows


class _Context:
    """What a text node inherits from its element and the element's ancestors, worked out once per
    element from its parent's (so the walk never climbs the tree: linear in depth, issue 12)."""

    __slots__ = ("dropped", "block", "item", "pre", "kept")

    def __init__(self, dropped: bool, block: Any, item: Any, pre: bool, kept: bool):
        self.dropped = dropped  # inside a dropped element (script, nav, a page header…)
        self.block = block  # the nearest block-level element, or None
        self.item = item  # the nearest <li>, itself included, or None
        self.pre = pre  # inside a <pre>
        self.kept = kept  # inside <article>/<main>: its header and footer are the article's


def _walk_html(soup: Any, out: _HtmlText) -> None:
    """Feed ``out`` the page's text nodes in document order, skipping dropped elements.

    One pass over ``soup.descendants`` (iterative, in document order); each element's context comes
    from its parent's, and the next tag's offset is found once per run of text nodes."""
    from bs4 import CData, NavigableString, Tag

    root = _Context(False, None, None, False, False)
    context: dict[int, _Context] = {}  # element id → its context
    started: set[int] = set()  # list items whose bullet was written
    current_block: Any = None
    fresh = True  # a block element began: the next text starts a new paragraph
    last_tag = 0
    next_tag: Any = None  # the first tag with an offset after the text nodes since the last tag (_END: none)
    next_off = len(out.raw)
    for node in soup.descendants:
        parent = node.parent
        up = context.get(id(parent), root) if parent is not None else root
        if isinstance(node, Tag):
            last_tag = out.tag_offset(node) or last_tag
            if node is next_tag:
                next_tag = None
            name = node.name
            if up.dropped or _html_dropped(name, up.kept):
                context[id(node)] = _Context(True, None, None, False, False)
                continue
            is_block = name in _HTML_BLOCK
            if is_block:
                fresh = True
            elif name == "br":
                out.new_line()
            context[id(node)] = _Context(
                False,
                node if is_block else up.block,
                node if name == "li" else up.item,
                up.pre or name == "pre",
                up.kept or name in _HTML_KEEP_INSIDE,
            )
            continue
        if not isinstance(node, NavigableString):
            continue
        if next_tag is None:
            next_tag, next_off = _next_tag(node, out, len(out.raw))
            next_tag = _END if next_tag is None else next_tag
        hi = next_off
        if up.dropped or type(node) not in (NavigableString, CData):
            out.locate(str(node), last_tag, hi)  # comments, scripts: accounted for, not kept
            continue
        block = up.block
        if (fresh or block is not current_block) and str(node).strip():
            current_block, fresh = block, False
            out.new_block()
            item = context[id(block)].item if block is not None else None
            if item is not None and id(item) not in started:  # the item's first text: a bullet
                started.add(id(item))
                out.prefix("- ", out.tag_offset(item) or last_tag)
        if up.pre:
            _add_pre(out, str(node), last_tag, hi)
        else:
            out.add_string(str(node), last_tag, hi)


def _add_pre(out: _HtmlText, string: str, lo: int, hi: int) -> None:
    for i, line in enumerate(string.split("\n")):
        if i:
            out.new_line()
        out.add_string(line, lo, hi)


def _html_dropped(name: str, kept: bool) -> bool:
    """Whether an element named ``name`` is dropped; ``kept``: it is inside ``<article>``/``<main>``."""
    if name not in _HTML_DROP:
        return False
    if name in ("header", "footer"):
        return not kept
    return True


def _next_tag(node: Any, out: _HtmlText, default: int) -> tuple[Any, int]:
    """The next tag after ``node`` that has a place in the file, and that offset (text of ``node``
    lies before it); ``(None, default)`` when there is none."""
    from bs4 import Tag

    nxt = node.next_element
    while nxt is not None:
        if isinstance(nxt, Tag):
            offset = out.tag_offset(nxt)
            if offset is not None:
                return nxt, offset
        nxt = nxt.next_element
    return None, default


def _html_fields(soup: Any) -> dict[str, str | None]:
    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag is not None and tag.get("content", "").strip():
                return " ".join(tag["content"].split())
        return None

    title = meta("og:title")
    if title is None and soup.title is not None and soup.title.get_text().strip():
        title = " ".join(soup.title.get_text().split())
    url = meta("og:url")
    canonical = soup.find("link", attrs={"rel": "canonical"})
    if url is None and canonical is not None and canonical.get("href"):
        url = canonical["href"].strip()
    return {
        "title": title,
        "url": url,
        "date": meta("article:published_time", "date", "pubdate", "dc.date"),
        "outlet": meta("og:site_name"),
    }
