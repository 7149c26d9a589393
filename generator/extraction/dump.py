"""Text dumps (the seeds' shape) into an Extraction: clean paragraphs and metadata read from the text."""

from __future__ import annotations

from .authors import parse_byline
from .blocks import Block
from .dates import PUBLISHED_WORDS, UPDATED_WORDS, find_dates
from .outlet import wire_agency
from .result import Extraction, RemovedBlock
from .text import Verdict, classify_text
from .titles import split_title

TITLE_MAX_WORDS = 25
"""A leading block longer than this is article text, not a headline."""
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
        outlet=byline_outlet or title_outlet,
        original_publisher=wire[1] if wire else None,
        language=None,
        paragraphs=tuple(b.text for b in kept),
        removed=tuple(RemovedBlock(v.block.text, v.reason, v.block.line) for v in verdicts if v.reason),
    )


def _title(verdicts: list[Verdict], first_kept: int) -> tuple[str | None, str | None]:
    """The page title (first block) or the headline just before the article text, without site chrome."""
    candidates = [v.block for v in verdicts[:first_kept] if 0 < v.block.words <= TITLE_MAX_WORDS]
    if not candidates:
        return None, None
    first = candidates[0]
    headline, outlet = split_title(first.text)
    # a page title repeated as the headline just above the article confirms it
    for block in reversed(candidates[1:]):
        if split_title(block.text)[0].lower() == headline.lower():
            return headline, outlet
    return headline, outlet


def _byline(blocks: list[Block]) -> tuple[tuple[str, ...], str | None]:
    names: list[str] = []
    outlet = None
    for block in blocks:
        if block.words > 40:
            continue
        byline = parse_byline(block.text)
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
