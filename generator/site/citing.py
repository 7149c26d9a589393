"""How to cite a page of the site: plain text, BibTeX and RIS, with the access date left to the reader's browser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

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


def _accessed(style: str) -> str:
    return f'<span data-accessed="{style}">[{escape(ACCESS_PLACEHOLDER)}]</span>'


_ACCESSED = {style: _accessed(style) for style in ("long", "iso")}
"""Built once: every page's citation has the same placeholders."""


def _bibtex(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def _key(slug: str, year: str) -> str:
    words = _KEY_CHARS.sub("-", slug.lower()).strip("-") or "page"
    return f"{words}-{year}" if year else words


def citation_formats(
    site_name: str, title: str, url: str, slug: str, updated: str, kind: str
) -> tuple[CitationFormat, ...]:
    """Plain, BibTeX and RIS citations of a page (`kind`: what it is, e.g. `Briefing`)."""
    # Built with escape() and f-strings, not Markup.format: on tens of thousands of
    # pages Markup.format's string.Formatter was a third of a fact page's render time.
    year = updated[:4]
    # A fact's statement is a sentence that ends with its own stop.
    closed = title if title.endswith((".", "?", "!")) else f"{title}."
    last_updated = f", last updated {display_date(updated)}" if updated else ""
    site, esc_title, esc_url = escape(site_name), escape(title), escape(url)
    plain = f"{site}. “{escape(closed)}” {escape(kind)}{escape(last_updated)}. {esc_url}. Accessed {_ACCESSED['long']}."
    bibtex_lines = [
        f"@misc{{{escape(_key(slug, year))},",
        f"  title = {{{escape(_bibtex(title))}}},",
        f"  author = {{{{{escape(_bibtex(site_name))}}}}},",
        *([f"  year = {{{escape(year)}}},"] if year else []),
        *([f"  note = {{{escape(kind)}, last updated {escape(display_date(updated))}}},"] if updated else []),
        f"  howpublished = {{\\url{{{esc_url}}}}},",
        f"  urldate = {{{_ACCESSED['iso']}}}",
        "}",
    ]
    ris_lines = [
        "TY  - ELEC",
        f"TI  - {esc_title}",
        f"AU  - {site}",
        *([f"PY  - {escape(year)}", f"DA  - {escape(updated.replace('-', '/'))}"] if updated else []),
        f"UR  - {esc_url}",
        f"Y2  - {_ACCESSED['iso']}",
        "ER  - ",
    ]
    return (
        CitationFormat("Plain text", Markup(plain), block=False),
        CitationFormat("BibTeX", Markup("\n".join(bibtex_lines)), block=True),
        CitationFormat("RIS", Markup("\n".join(ris_lines)), block=True),
    )
