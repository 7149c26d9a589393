"""One entry point: what ingest would draft for any article file (web page or text dump)."""

from __future__ import annotations

from pathlib import Path

from .dump import extract_dump
from .html import PageError, extract_html
from .language import guess_language
from .result import Extraction, RemovedBlock
from .titles import split_title

HTML_SUFFIXES = (".html", ".htm")
"""File name endings read as saved web pages."""


class ExtractError(Exception):
    """A file that cannot be read as an article, with a hint."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def is_html(path: Path | str) -> bool:
    """Whether a file is read as a web page."""
    return str(path).lower().endswith(HTML_SUFFIXES)


def extract_bytes(raw: bytes, name: str, url: str | None = None) -> Extraction:
    """Extract one article from its raw bytes: web pages by name, anything else as a UTF-8 text dump.

    A text dump's paragraphs and removed blocks are exactly those the build numbers (the seed
    parser's); metadata the parser's header rules miss is filled from the text-dump reader.
    """
    from generator.ingest.seeds import SeedError, parse_seed

    if is_html(name):
        try:
            return extract_html(raw, name, url)
        except PageError as exc:
            raise ExtractError(1, str(exc), "save the article's own page as HTML") from exc
    try:
        parsed = parse_seed(raw, Path(name))
    except SeedError as exc:
        raise ExtractError(exc.location.line, exc.message, exc.hint) from exc
    dump = extract_dump(raw.decode("utf-8").removeprefix("\ufeff"), name)
    found = parsed.detected
    # the seed parser's headline rules are precise where they apply; the dump reader finds the rest
    title = found.title if found.title and (not dump.title or found.title in dump.title) else dump.title
    outlet = found.outlet or dump.outlet
    if title and outlet and title.startswith(outlet) and split_title(title, (outlet,))[0] != title:
        title = None  # `Site – slogan` is the site's banner, not a headline
    return Extraction(
        path=name,
        title=None if title == outlet else title,
        published=found.published or dump.published,
        published_text=found.published_text if found.published else dump.published_text,
        authors=found.authors or dump.authors,
        outlet=outlet,
        original_publisher=found.original_publisher or dump.original_publisher,
        language=guess_language("\n".join(p.text for p in parsed.paragraphs)),
        paragraphs=tuple(p.text for p in parsed.paragraphs),
        removed=tuple(RemovedBlock(r.text, r.reason, r.line) for r in parsed.removed),
    )
