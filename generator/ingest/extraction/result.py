"""What extraction found in one article: metadata, clean paragraphs and removed blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A whole block left out of the article text, and why."""

    text: str
    reason: str
    line: int = 0
    """Line of the block in a text dump; 0 where the input has no lines (web pages)."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Draft metadata and clean text of one article, as ingest would record them."""

    path: str
    title: str | None = None
    published: str | None = None
    """`YYYY-MM-DD`, or None when no date was found."""
    published_text: str | None = None
    """The date as the article prints it (or where it was read from)."""
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    original_publisher: str | None = None
    language: str | None = None
    paragraphs: tuple[str, ...] = ()
    removed: tuple[RemovedBlock, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The object `briefing extract --json` prints for this article."""
        return {
            "path": self.path,
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "original_publisher": self.original_publisher,
            "language": self.language,
            "paragraphs": list(self.paragraphs),
            "removed": [{"text": r.text, "reason": r.reason} for r in self.removed],
        }
