"""Text dumps (the seeds' shape) into an Extraction: clean paragraphs and metadata read from the text."""

from __future__ import annotations

import re

from .authors import bare_byline, parse_byline
from .blocks import Block, has_item_separator, is_link_list
from .dates import PUBLISHED_WORDS, UPDATED_WORDS, find_dates
from .outlet import copyright_holder, wire_agency
from .result import Extraction, RemovedBlock
from .text import BEFORE_ARTICLE, Verdict, classify_text
from .titles import split_title, token_overlap

TITLE_MAX_WORDS = 25
"""A leading block longer than this is article text, not a headline."""
_DATE_PREFIX = re.compile(r"^\s*(?:date:?\s+)?\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)
"""A date some scrapers put before the page title."""
HEADLINE_MIN_WORDS = 3
"""Shorter header blocks are menu items, not headlines."""
HEADER_BLOCKS = 12
"""Blocks before the article text searched for the headline, date and byline."""


def extract_dump(text: str, path: str) -> Extraction:
    """Clean paragraphs and draft metadata of a text dump."""
    verdicts = classify_text(text)
    kept = [v.block for v in verdicts if v.reason is None]
    first_kept = next((i for i, v in enumerate(verdicts) if v.reason is None), len(verdicts))
    header = [v.block for v in verdicts[max(0, first_kept - HEADER_BLOCKS) : first_kept + 3]]
    title, title_outlet = _title(verdicts, first_kept)
    authors, byline_outlet = _byline([v.block for v in verdicts if v.reason in ("byline", "sign-off")] + header)
    published, published_text = _published(header + [v.block for v in verdicts if v.reason == "timestamp"])
    wire = wire_agency(kept[0].text) if kept else None
    return Extraction(
        path=path,
        title=title,
        published=published,
        published_text=published_text,
        authors=authors,
        outlet=byline_outlet or title_outlet or copyright_holder([v.block.text for v in verdicts[first_kept:]]),
        original_publisher=wire[1] if wire else None,
        language=None,
        paragraphs=tuple(b.text for b in kept),
        removed=tuple(RemovedBlock(v.block.text, v.reason, v.block.line) for v in verdicts if v.reason),
    )


def _title(verdicts: list[Verdict], first_kept: int) -> tuple[str | None, str | None]:
    """The headline printed just above the article text, and the site name the page title adds to it.

    A dump opens with the page title (`Headline | Site`, or the site's name alone); the headline
    itself is the last title-shaped block before the article (menus are shorter, bylines and
    timestamps are recognised). When the page title contains that headline, what is left is the site.
    """
    header = [
        v
        for v in verdicts[:first_kept]
        if 0 < v.block.words <= TITLE_MAX_WORDS and v.reason == BEFORE_ARTICLE and not is_link_list(v.block.text)
    ]
    if not header:
        return None, None
    page_title, page_site = split_title(_DATE_PREFIX.sub("", header[0].block.text))
    shaped = [
        v.block.text
        for v in header[1:]
        if v.block.words >= HEADLINE_MIN_WORDS
        and v.reason == BEFORE_ARTICLE
        and not v.block.text.endswith(":")
        and bare_byline(v.block.text) is None
    ]
    if not shaped:
        return page_title, page_site
    headline = split_title(shaped[-1])[0]
    if token_overlap(headline, header[0].block.text) >= 0.5:
        rest = header[0].block.text.replace(headline, " ").strip(" |–—-:·")
        return headline, page_site or (rest if 0 < len(rest.split()) <= 6 else None)
    # a short page title alone is the site's name, unless it is a breadcrumb (`Science | Space`)
    bare_name = len(page_title.split()) <= 6 and not has_item_separator(page_title)
    return headline, page_title if bare_name else page_site


def _byline(blocks: list[Block]) -> tuple[tuple[str, ...], str | None]:
    names: list[str] = []
    outlet = None
    for block in blocks:
        if block.words > 40:
            continue
        byline = parse_byline(block.text) or bare_byline(block.text)
        if byline is None:
            continue
        names.extend(n for n in byline.authors if n not in names)
        outlet = outlet or byline.outlet
    return tuple(names), outlet


def _published(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The publication date a header prints: a `Published` date first, then any date not labelled `Updated`."""
    plain: tuple[str, str] | None = None
    for block in blocks:
        if block.words > 40:
            continue
        dates = find_dates(block.text)
        if not dates:
            continue
        if PUBLISHED_WORDS.search(block.text):
            return dates[0][0], block.text
        if plain is None and not UPDATED_WORDS.search(block.text[: dates[0][1]]):
            plain = (dates[0][0], block.text)
    return plain if plain else (None, None)
