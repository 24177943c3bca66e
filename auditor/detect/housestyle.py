"""A desk's own spelling rules: ``Kyiv = ["Kiev"]`` in a small TOML file.

The shipped lexicon (:mod:`auditor.detect.spelling`) knows common variants of names; a
house-style file adds the desk's own choices, or overrides the shipped ones. Its format::

    # preferred spelling = [spellings the desk does not use]
    Kyiv = ["Kiev"]
    "Volodymyr Zelenskyy" = ["Volodymyr Zelensky", "Vladimir Zelensky"]
    email = ["e-mail"]

    # optional: for targets in one language, this table replaces the top-level entries
    [lang.es]
    Kiev = ["Kyiv"]

Matching is the shipped lexicon's: whole words, case-insensitive, accents folded, a
possessive included. :class:`HouseStyleDetector` reports each disallowed spelling once per
target document as a ``SPELLING_VARIANT`` finding (severity ``minor`` unless configured)
that names the house preference, located at its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInputError, UsageError
from ..types import Finding, FindingType, Severity
from .base import AuditContext, make_span
from .spelling import Lexicon, VariantGroup, _lang, _segment_of, form_key

NAME = "housestyle"


@dataclass(frozen=True)
class HouseStyle:
    """Preferred spelling → disallowed spellings, for every language and per language."""

    rules: tuple[tuple[str, tuple[str, ...]], ...]
    by_lang: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    path: str | None = None
    _lexicons: dict = field(default_factory=dict, repr=False, compare=False)

    def rules_for(self, lang: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = dict(self.by_lang)
        return table.get(_lang(lang) or "", self.rules)

    def lexicon(self, lang: str | None) -> Lexicon:
        key = _lang(lang) or ""
        if key not in self._lexicons:
            groups = []
            for n, (preferred, variants) in enumerate(self.rules_for(lang)):
                gid = f"house:{n}:{form_key(preferred)}"
                # the group's preferred form holds in every language we lint it for
                groups.append(VariantGroup(gid, preferred, variants, kind="name", lang=((key or "en", preferred),)))
            self._lexicons[key] = Lexicon.from_groups(groups)
        return self._lexicons[key]


def parse_house_style(text: str, *, where: str = "house style") -> HouseStyle:
    """A :class:`HouseStyle` from TOML text; errors name the entry and the fix."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{where}: not valid TOML ({e})", fix="fix the TOML syntax", code="A231") from None
    langs = data.pop("lang", {})
    if not isinstance(langs, dict) or not all(isinstance(v, dict) for v in langs.values()):
        raise UsageError(f"{where}: 'lang' must hold tables such as [lang.es]", fix="write [lang.es] then entries", code="A232")
    rules = _rules(data, where)
    by_lang = tuple(sorted((code.lower(), _rules(table, f"{where} [lang.{code}]")) for code, table in langs.items()))
    return HouseStyle(rules, by_lang, where)


def _rules(table: dict, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    seen: dict[str, str] = {}
    for preferred, variants in table.items():
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise UsageError(
                f"{where}: entry {preferred!r} must be a list of spellings the desk does not use",
                fix=f'write e.g. {preferred} = ["Other spelling"]',
                code="A233",
            )
        if not re.search(r"\w", preferred):
            raise UsageError(f"{where}: entry {preferred!r} has no letters", fix="name a spelling", code="A233")
        for form in (preferred, *variants):
            k = form_key(form)
            if k in seen and seen[k] != preferred:
                raise UsageError(
                    f"{where}: spelling {form!r} appears under both {seen[k]!r} and {preferred!r}",
                    fix="list each spelling under one preferred form only",
                    code="A234",
                )
            seen[k] = preferred
        out.append((preferred, tuple(v for v in variants if form_key(v) != form_key(preferred))))
    return tuple(out)


def load_house_style(path: str | Path, *, name: str | None = None) -> HouseStyle:
    """Read a house-style file; ``name`` is how findings refer to it (default: the path)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInputError(f"house style file {p} does not exist", fix="create it or remove the house_style key", code="A430") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BadInputError(f"house style file {p} cannot be read: {e}", fix="save it as UTF-8 text", code="A430") from None
    return parse_house_style(text, where=name or str(p))


class HouseStyleDetector:
    name = NAME
    replaces = ("spelling",)  # the desk's rule wins over the shipped spelling lexicon on the same span

    def __init__(self, style: HouseStyle, *, severity: Severity = Severity.MINOR) -> None:
        self.style = style
        self.severity = severity

    def detect(self, ctx: AuditContext) -> list[Finding]:
        lang = ctx.target.lang or ctx.target_segments.lang
        hits = [h for h in self.style.lexicon(lang).find(ctx.target.text, lang) if not h.is_preferred]
        by_form: dict[str, list] = {}
        for h in hits:
            by_form.setdefault(h.key, []).append(h)
        out = []
        for occurrences in by_form.values():
            h = occurrences[0]
            n = len(occurrences)
            out.append(
                Finding(
                    FindingType.SPELLING_VARIANT,
                    self.severity,
                    f"House style: write '{h.preferred}', not '{h.text}'.",
                    f"'{h.form}' written {n} time{'s' if n != 1 else ''} in the target; "
                    f"the house style ({self.style.path or 'given'}) prefers '{h.preferred}'",
                    1.0,
                    target_span=make_span(ctx.target, h.start, h.end, (_segment_of(ctx.target_segments, h.start),)),
                    detector=self.name,
                )
            )
        return out
