"""Web-page seeds: the page stays byte-exact; its paragraphs and metadata come from extraction."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.model import Detected, Paragraph, ParsedSeed, Removed

from .extract import is_html
from .html import extract_html
from .result import Extraction

PUBLISHED_SUFFIX = ".txt"
"""Appended to a web-page seed's name where the site publishes it, so it is served as text, never run as HTML."""


def published_name(seed: str) -> str:
    """File name under `/seeds/` on the site: web pages get a `.txt` name so their scripts can never run."""
    return seed + PUBLISHED_SUFFIX if is_html(seed) else seed


def parse_html_seed(raw: bytes, path: Path) -> ParsedSeed:
    """A web-page seed as paragraphs (numbered in reading order), detected metadata and removed blocks."""
    found = extract_html(raw, path.name)
    if not found.paragraphs:
        raise ValueError("no article text found in the web page")
    return ParsedSeed(
        seed=path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        detected=detected(found),
        paragraphs=tuple(Paragraph(n, text, 0) for n, text in enumerate(found.paragraphs, start=1)),
        removed=tuple(Removed(r.text, 0, "furniture", "web-page", r.reason) for r in found.removed),
    )


def detected(found: Extraction) -> Detected:
    """The parser's header metadata from an extraction."""
    return Detected(
        title=found.title,
        published=found.published,
        published_text=found.published_text,
        outlet=found.outlet,
        original_publisher=found.original_publisher,
        authors=found.authors,
    )
