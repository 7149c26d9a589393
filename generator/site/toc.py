"""Give a rendered narrative's section headings ids, and list them for a table of contents."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

_HEADING = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One section of a page: its heading text and the id it was given."""

    id: str
    title: str


def slugify(text: str) -> str:
    """An id from a heading: lower case, words joined by hyphens (`What Moscow said` -> `what-moscow-said`)."""
    words = _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("\u2019", "")).split()
    return "-".join(words).replace("_", "-") or "section"


def anchor_headings(
    rendered: str, reserved: Iterable[str] = (), reserved_prefixes: tuple[str, ...] = ()
) -> tuple[Markup, tuple[TocEntry, ...]]:
    """Add an id to every `<h2>` of Markdown output; return the HTML and the headings in order.

    Ids avoid `reserved` and `reserved_prefixes` (the ids the page's template uses
    itself, such as `notes` and `note-3`) and each other, by a suffix.
    """
    taken = set(reserved)
    entries: list[TocEntry] = []

    def add_id(match: re.Match[str]) -> str:
        inner = match.group(1)
        title = html.unescape(_TAG.sub("", inner)).strip()
        base = slugify(title)
        if base.startswith(reserved_prefixes):
            base = f"section-{base}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        entries.append(TocEntry(candidate, title))
        return f'<h2 id="{candidate}">{inner}</h2>'

    return Markup(_HEADING.sub(add_id, rendered)), tuple(entries)
