"""Planned pages made when asked for: the site-wide pages held, a bulk page made from its item.

A build keeps its plan until it ends. Holding a Page (with its context) for every
source, fact and entity was half a gigabyte at 100,000 sources, and each is made
in microseconds from its item when the renderer asks for it by index. The sitemap
reads each page's path and last change through `refs`, without making the pages.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:  # plan.py makes LazyPages; a page is only read here
    from generator.site.plan import Page

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where a page is and when it last changed: what the sitemap lists."""

    path: str
    lastmod: str | None


@dataclass(frozen=True)
class Bulk(Generic[Item]):
    """Pages of one template and kind, one per item, made when asked for."""

    items: Sequence[Item]
    make: Callable[[Item], Page]
    ref: Callable[[Item], PageRef]
    """The made page's path and lastmod, without making it."""
    template: str
    kind: str


class LazyPages(Sequence["Page"]):
    """Pages in order from held pages and bulk parts; a bulk page is made each time it is read."""

    def __init__(self, parts: Iterable[Sequence[Page] | Bulk[Any]]) -> None:
        self._parts = [part for part in parts if _size(part)]
        self._starts: list[int] = []
        total = 0
        for part in self._parts:
            self._starts.append(total)
            total += _size(part)
        self._total = total

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> list[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | list[Page]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._total))]
        if index < 0:
            index += self._total
        if not 0 <= index < self._total:
            raise IndexError(index)
        number = bisect_right(self._starts, index) - 1
        part, offset = self._parts[number], index - self._starts[number]
        return part.make(part.items[offset]) if isinstance(part, Bulk) else part[offset]

    def __iter__(self) -> Iterator[Page]:
        for part in self._parts:
            if isinstance(part, Bulk):
                yield from map(part.make, part.items)
            else:
                yield from part

    def extended(self, pages: Sequence[Page]) -> LazyPages:
        """These pages, then `pages`."""
        return LazyPages([*self._parts, pages])

    def templates(self) -> set[str]:
        """Every template the pages use."""
        found: set[str] = set()
        for part in self._parts:
            found.update([part.template] if isinstance(part, Bulk) else (page.template for page in part))
        return found

    def refs(self) -> Iterator[PageRef]:
        """Each page's path and lastmod, in order."""
        for part in self._parts:
            if isinstance(part, Bulk):
                yield from map(part.ref, part.items)
            else:
                yield from (PageRef(page.path, page.lastmod) for page in part)


def _size(part: Sequence[Page] | Bulk[Any]) -> int:
    return len(part.items) if isinstance(part, Bulk) else len(part)


def templates_of(pages: Sequence[Page]) -> set[str]:
    """Every template planned pages use (without making lazy ones)."""
    return pages.templates() if isinstance(pages, LazyPages) else {page.template for page in pages}


def refs_of(pages: Sequence[Page]) -> Iterator[PageRef]:
    """Each planned page's path and lastmod (without making lazy ones)."""
    if isinstance(pages, LazyPages):
        return pages.refs()
    return (PageRef(page.path, page.lastmod) for page in pages)
