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

    def locate_word(self, word: str, lo: int, hi: int) -> tuple[int, int] | None:
        """Raw ``(offset, length)`` of a word, which may be written with entities (``AT&amp;T``)."""
        at = self.locate(word, lo, hi)
        if at is not None:
            return at, len(word)
        start = max(self.cursor, lo)
        m = _entity_pattern(word).search(self.raw, start, max(hi, start))
        if m is None:
            return None
        self.cursor = m.end()
        return m.start(), m.end() - m.start()

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

    def add_word(self, word: str, where: tuple[int, int] | None) -> None:
        line = self.blocks[-1][-1]
        if self.space is not None and line:
            start, length = self.space
            line.append((" ", start, length))
        self.space = None
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


def _entity_pattern(word: str) -> re.Pattern[str]:
    """A regex for ``word`` as HTML may spell it: any non-alphanumeric character as an entity."""
    parts = [
        re.escape(ch) if ch.isascii() and ch.isalnum() else f"(?:{re.escape(ch)}|&#?\\w+;)"
        for ch in word
    ]
    return re.compile("".join(parts))


def html_record(text: str) -> Record:
    """The visible article text of an HTML page: one block element per paragraph."""
    from bs4 import BeautifulSoup

    parse_text = re.sub(r"\r(?!\n)", "\n", text)  # same length; html.parser counts lines by \n
    soup = BeautifulSoup(parse_text, "html.parser")
    builder = _HtmlText(text, line_starts_of(text))
    _walk_html(soup, builder)
    return builder.record(_html_fields(soup))


def _walk_html(soup: Any, out: _HtmlText) -> None:
    """Feed ``out`` the page's text nodes in document order, skipping dropped elements."""
    from bs4 import CData, NavigableString, Tag

    dropped: set[int] = set()
    block_of: dict[int, Any] = {}  # element id → its nearest block-level element (or itself)
    started: set[int] = set()  # list items whose bullet was written
    current_block: Any = None
    fresh = True  # a block element began: the next text starts a new paragraph
    last_tag = 0
    for node in soup.descendants:
        parent = node.parent
        inherited = parent is not None and id(parent) in dropped
        if isinstance(node, Tag):
            last_tag = out.tag_offset(node) or last_tag
            if inherited or _html_dropped(node):
                dropped.add(id(node))
            elif node.name in _HTML_BLOCK:
                block_of[id(node)] = node
                fresh = True
            else:
                block_of[id(node)] = block_of.get(id(parent))
                if node.name == "br":
                    out.new_line()
            continue
        if not isinstance(node, NavigableString):
            continue
        hi = _next_tag_offset(node, out, len(out.raw))
        if inherited or type(node) not in (NavigableString, CData):
            out.locate(str(node), last_tag, hi)  # comments, scripts: accounted for, not kept
            continue
        block = block_of.get(id(parent))
        if (fresh or block is not current_block) and str(node).strip():
            current_block, fresh = block, False
            out.new_block()
            item = _list_item(block)
            if item is not None and id(item) not in started:  # the item's first text: a bullet
                started.add(id(item))
                out.prefix("- ", out.tag_offset(item) or last_tag)
        if _inside(node, "pre"):
            _add_pre(out, str(node), last_tag, hi)
        else:
            out.add_string(str(node), last_tag, hi)


def _add_pre(out: _HtmlText, string: str, lo: int, hi: int) -> None:
    for i, line in enumerate(string.split("\n")):
        if i:
            out.new_line()
        out.add_string(line, lo, hi)


def _list_item(block: Any) -> Any:
    """The ``<li>`` a block belongs to (itself, or the one around a ``<p>`` in it), if any."""
    if block is None or block.name == "li":
        return block
    return block.find_parent("li")


def _inside(node: Any, name: str) -> bool:
    return any(p.name == name for p in node.parents)


def _html_dropped(tag: Any) -> bool:
    if tag.name not in _HTML_DROP:
        return False
    if tag.name in ("header", "footer"):
        return not any(p.name in _HTML_KEEP_INSIDE for p in tag.parents)
    return True


def _next_tag_offset(node: Any, out: _HtmlText, default: int) -> int:
    """Where the next tag after ``node`` starts in the file (text of ``node`` lies before it)."""
    from bs4 import Tag

    nxt = node.next_element
    while nxt is not None:
        if isinstance(nxt, Tag):
            offset = out.tag_offset(nxt)
            if offset is not None:
                return offset
        nxt = nxt.next_element
    return default


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
