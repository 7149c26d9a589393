"""How to cite a page of the site: plain text, BibTeX and RIS, with the access date left to the reader's browser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.content.dates import display_date

ACCESS_PLACEHOLDER = "the date you read it"
"""Shown where the access date goes when no script fills it in."""

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")
_KEY_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class CitationFormat:
    """One way to cite a page: its name and the citation as HTML (the access date in a span a script fills)."""

    name: str
    html: Markup
    block: bool
    """Whether the text is a block of lines (BibTeX, RIS) rather than a sentence."""


def _accessed(style: str) -> Markup:
    return Markup('<span data-accessed="{}">[{}]</span>').format(style, ACCESS_PLACEHOLDER)


def _bibtex(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def _key(slug: str, year: str) -> str:
    words = _KEY_CHARS.sub("-", slug.lower()).strip("-") or "page"
    return f"{words}-{year}" if year else words


def citation_formats(
    site_name: str, title: str, url: str, slug: str, updated: str, kind: str
) -> tuple[CitationFormat, ...]:
    """Plain, BibTeX and RIS citations of a page (`kind`: what it is, e.g. `Briefing`)."""
    year = updated[:4]
    # A fact's statement is a sentence that ends with its own stop.
    closed = title if title.endswith((".", "?", "!")) else f"{title}."
    plain = Markup("{}. “{}” {}{}. {}. Accessed {}.").format(
        site_name,
        closed,
        kind,
        f", last updated {display_date(updated)}" if updated else "",
        url,
        _accessed("long"),
    )
    bibtex_lines = [
        Markup("@misc{{{},").format(_key(slug, year)),
        Markup("  title = {{{}}},").format(_bibtex(title)),
        Markup("  author = {{{{{}}}}},").format(_bibtex(site_name)),
        *([Markup("  year = {{{}}},").format(year)] if year else []),
        *([Markup("  note = {{{}, last updated {}}},").format(kind, display_date(updated))] if updated else []),
        Markup("  howpublished = {{\\url{{{}}}}},").format(url),
        Markup("  urldate = {{{}}}").format(_accessed("iso")),
        Markup("}"),
    ]
    ris_lines = [
        Markup("TY  - ELEC"),
        Markup("TI  - {}").format(title),
        Markup("AU  - {}").format(site_name),
        *([Markup("PY  - {}").format(year), Markup("DA  - {}").format(updated.replace("-", "/"))] if updated else []),
        Markup("UR  - {}").format(url),
        Markup("Y2  - {}").format(_accessed("iso")),
        Markup("ER  - "),
    ]
    return (
        CitationFormat("Plain text", plain, block=False),
        CitationFormat("BibTeX", Markup("\n").join(bibtex_lines), block=True),
        CitationFormat("RIS", Markup("\n").join(ris_lines), block=True),
    )
