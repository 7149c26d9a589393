"""Plan one page by its path, with plan.py's own page builders, without planning the rest.

The live preview renders the few pages open in a browser: planning every page of a
10,000-source archive (about 60,000 Page objects) for each of them cost most of a
reload. `plan_page` finds which builder makes a path and calls it alone; a listing's
page (facts, timeline, sources) still plans its listing, whose pages depend on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar, cast

from generator.analysis import Analysis
from generator.model import Content
from generator.site import sitefiles, theme, urls
from generator.site.briefing_view import BriefingView, TopicView, assemble
from generator.site.plan import (
    LISTING_PAGE_SIZE,
    Page,
    SiteIndex,
    _briefing,
    _entities_index,
    _entity,
    _fact,
    _facts_index,
    _home,
    _source,
    _sources_index,
    _timeline,
    briefings_by_fact,
    facts_by_source_and_entity,
    facts_topic_starts,
    not_found_page,
    search_page,
)
from generator.site.stages import plan_text_pages

Value = TypeVar("Value")


class Lazily(Mapping[str, Value]):
    """A mapping whose values are made on first look-up (and kept)."""

    def __init__(self, keys: Iterable[str], make: Callable[[str], Value]) -> None:
        self._keys = tuple(keys)
        self._known = frozenset(self._keys)
        self._make = make
        self._made: dict[str, Value] = {}

    def __getitem__(self, key: str) -> Value:
        if key not in self._made:
            if key not in self._known:
                raise KeyError(key)
            self._made[key] = self._make(key)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class Once(Generic[Value]):
    """A value computed on the first call, then kept."""

    def __init__(self, make: Callable[[], Value]) -> None:
        self._make: Callable[[], Value] | None = make
        self._value: Value | None = None

    def __call__(self) -> Value:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return cast(Value, self._value)


class Deferred(Mapping[str, Value]):
    """A mapping made in full on its first use (a fact page never uses the facts-by-source look-up)."""

    def __init__(self, make: Callable[[], Mapping[str, Value]]) -> None:
        self._mapping = Once(make)

    def __getitem__(self, key: str) -> Value:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def lazy_index(content: Content, analysis: Analysis, site_url: str) -> SiteIndex:
    """`plan.build_index` whose parts are made when a page first needs them: a fact page needs
    none of the briefing views (assembling all 100 of an archive took most of a preview reload)
    and neither the facts by source nor by entity."""
    topics: dict[str, TopicView] = {}

    def view(slug: str) -> BriefingView:
        return assemble(content.briefings[slug], content, analysis, site_url, topics)

    by_source_and_entity = Once(lambda: facts_by_source_and_entity(content))
    return SiteIndex(
        Deferred(lambda: by_source_and_entity()[0]),
        Deferred(lambda: by_source_and_entity()[1]),
        briefings_by_fact(content),
        Lazily(content.briefings, view),
    )


def lazy_json_ld(index: SiteIndex, site: theme.SiteSettings) -> Mapping[str, str]:
    """`stages.json_ld_by_slug`, each briefing's made when its page is rendered."""

    def json_ld(slug: str) -> str:
        return sitefiles.briefing_json_ld(index.views[slug], site.public_url, site.site_name)

    return Lazily(index.views, json_ld)


LISTINGS = frozenset({urls.FACTS, urls.SOURCES, urls.TIMELINE})
"""Paginated listings: `<listing>` and `<listing>page/<n>/`."""


def plan_page(
    content: Content, analysis: Analysis, index: SiteIndex, path: str, page_size: int | None = None
) -> Page | None:
    """The page `plan_site` (or `plan_text_pages`) plans at `path`, or None when there is none."""
    page = _plan(content, analysis, index, path, LISTING_PAGE_SIZE if page_size is None else page_size)
    # The builders are chosen by the path's shape; the page they make must be the one asked for.
    return page if page is not None and page.path == path else None


def _plan(content: Content, analysis: Analysis, index: SiteIndex, path: str, size: int) -> Page | None:
    if path == "":
        return _home(content, index)
    if path == urls.SEARCH:
        return search_page()
    if path == "404.html":
        return not_found_page()
    if path == urls.ENTITIES:
        return _entities_index(content, index)
    parts = path.removesuffix("/").split("/")
    listing = f"{parts[0]}/"
    if listing in LISTINGS and (len(parts) == 1 or (len(parts) == 3 and parts[1] == "page")):
        return _listing_page(content, analysis, index, listing, path, size)
    if len(parts) == 2:
        return _item(content, analysis, index, listing, parts[1], size)
    if len(parts) == 1 and parts[0] in content.pages:
        return plan_text_pages([content.pages[parts[0]]])[0]
    return None


def _listing_page(
    content: Content, analysis: Analysis, index: SiteIndex, listing: str, path: str, size: int
) -> Page | None:
    if listing == urls.FACTS:
        pages = _facts_index(content, analysis, size)
    elif listing == urls.SOURCES:
        pages = _sources_index(content, index, analysis, size)
    else:
        pages = _timeline(content, size)
    return next((page for page in pages if page.path == path), None)


def _item(content: Content, analysis: Analysis, index: SiteIndex, listing: str, key: str, size: int) -> Page | None:
    if listing == urls.FACTS and key in content.facts:
        return _fact(content.facts[key], content, index, analysis)
    if listing == urls.SOURCES and key in content.sources:
        return _source(content.sources[key], index, analysis)
    if listing == urls.ENTITIES and key in content.entities:
        return _entity(key, content, index, analysis)
    if listing == "briefings/" and key in index.views:
        view = index.views[key]
        starts = facts_topic_starts(content, size)
        return _briefing(view, starts.get(view.briefing.meta.topic, urls.facts_page(1)))
    return None
