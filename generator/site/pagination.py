"""Pagination of the site-wide listings (facts, timeline, sources): pages, sections, navigation.

The first page of a listing keeps the listing's URL; later pages are at
`<listing>page/<n>/` (see urls.listing_page). Each page's context holds only what
it shows, so that an edit re-renders only the listing pages showing what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.analysis import Analysis
from generator.model import Fact


@dataclass(frozen=True, slots=True)
class Section:
    """The part of one group (a topic, a year) shown on one listing page."""

    key: str
    items: tuple[Any, ...]
    continued: bool = False
    """The group began on an earlier page."""


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where one page of a listing stands among the listing's pages."""

    number: int
    """From 1."""
    paths: tuple[str, ...]
    """Path of every page of the listing, the first page first."""

    @property
    def count(self) -> int:
        """How many pages the listing has."""
        return len(self.paths)

    @property
    def suffix(self) -> str:
        """What sets this page's title apart: empty when the listing has one page."""
        return f", page {self.number} of {self.count}" if self.count > 1 else ""

    @property
    def suffix_sentence(self) -> str:
        """The same for a description."""
        return f" Page {self.number} of {self.count}." if self.count > 1 else ""

    def path(self, number: int) -> str:
        """Path of page `number`."""
        return self.paths[number - 1]

    def window(self, around: int = 2) -> tuple[int | None, ...]:
        """Page numbers to link: the first, the last and `around` either side of this one; None is a gap."""
        near = range(max(1, self.number - around), min(self.count, self.number + around) + 1)
        numbers = sorted({1, self.count, *near})
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - (shown[-1] or 0) == 2:
                shown.append(number - 1)  # a gap of one page: show the page, not an ellipsis
            elif shown and number - (shown[-1] or 0) > 2:
                shown.append(None)
            shown.append(number)
        return tuple(shown)


@dataclass(frozen=True, slots=True)
class TopicLink:
    """An entry of the facts listing's topic navigation."""

    topic: str
    count: int
    """Facts in the topic, on every page."""
    path: str
    """The page where the topic's section begins."""
    here: bool
    """The topic has a section on this page (which the script's topic filter can show alone)."""


@dataclass(frozen=True, slots=True)
class ListingAnalysis:
    """What a listing page's fact items read of the analysis: the badges of the facts it lists.

    Not the whole Analysis, whose conflict groups hold facts of every page: each page
    would then depend on (and be re-rendered for) an edit of any of them.
    """

    copies: Analysis
    """Only the copy groups of the sources these facts cite."""

    @classmethod
    def of(cls, analysis: Analysis, facts: list[Fact]) -> ListingAnalysis:
        """The part of `analysis` that the badges of `facts` read."""
        cited = sorted({s for fact in facts for s in fact.source_ids})
        root_of = {s: analysis.root_of[s] for s in cited if s in analysis.root_of}
        rewritten = frozenset(s for s in cited if s in analysis.rewritten)
        return cls(Analysis({}, {}, rewritten, {}, (), (), root_of))

    def independent_sources(self, fact: Fact) -> tuple[str, ...]:
        """As Analysis.independent_sources."""
        return self.copies.independent_sources(fact)

    def badge(self, fact: Fact) -> str:
        """As Analysis.badge."""
        return self.copies.badge(fact)

    def __getattr__(self, name: str) -> object:
        # Jinja turns AttributeError into a silently empty value; fail the build instead.
        if name.startswith("__"):
            raise AttributeError(name)
        raise TypeError(f"a listing page's `analysis` only has badges, not `.{name}` (see views.ListingAnalysis)")


def section_starts(parts: Sequence[tuple[Section, ...]], paths: Sequence[str]) -> dict[str, str]:
    """For each group of a paginated listing, the path of the page where it begins."""
    return {
        section.key: paths[number]
        for number, sections in enumerate(parts)
        for section in sections
        if not section.continued
    }


def paginate(groups: Sequence[tuple[str, Sequence[Any]]], size: int) -> list[tuple[Section, ...]]:
    """Split ordered groups of entries into pages of at most `size` entries, keeping their order.

    A group split across pages continues on the next; an empty group stays where it
    falls; there is always at least one page.
    """
    if size < 1:
        raise ValueError(f"a listing page must hold at least one entry, not {size}")
    pages: list[list[Section]] = [[]]
    filled = 0
    for key, items in groups:
        if not items:
            pages[-1].append(Section(key, ()))
        start = 0
        while start < len(items):
            if filled == size:
                pages.append([])
                filled = 0
            part = tuple(items[start : start + size - filled])
            pages[-1].append(Section(key, part, start > 0))
            filled += len(part)
            start += len(part)
    return [tuple(sections) for sections in pages]
