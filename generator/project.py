"""Read and check all content: the first half of every build."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .briefings import load_briefings
from .cache import cache_dir
from .catalog import SeedLoader, load_sources
from .conflicts import check_conflicts, fact_groups
from .doccache import DocumentCache, QuoteCache
from .entities import load_entities
from .facts import load_fact_sheets
from .model import Content, Location
from .problems import Problems
from .reading import BatchReader, ReadPool
from .textpages import load_text_pages


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a project keeps its inputs."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def sources(self) -> Path:
        return self.content / "sources"

    @property
    def entities(self) -> Path:
        return self.content / "entities.yaml"

    @property
    def facts(self) -> Path:
        return self.content / "facts"

    @property
    def briefings(self) -> Path:
        return self.content / "briefings"

    @property
    def pages(self) -> Path:
        return self.content / "pages"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large, acyclic, long-lived model.

    Each collection of the oldest generation walks every object allocated so far,
    so at 10,000 sources the collector took about half of the load time; the model
    holds no reference cycles for it to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content(root: Path, problems: Problems) -> Content:
    """Load seeds, sources, entities, facts and briefings, recording every problem."""
    with collector_paused():
        return _load_content(root, problems)


def _load_content(root: Path, problems: Problems) -> Content:
    layout = Layout(root)
    caches = cache_dir(root)
    sheet_cache = DocumentCache(caches / "fact-sheets.pickle", "facts")
    sidecar_cache = DocumentCache(caches / "sidecars.pickle", "source")
    # Parse the changed seeds, sidecars and fact sheets on two workers.
    pool = ReadPool()
    try:
        # Work is handed to the workers in the order it is needed.
        seed_loader = SeedLoader(layout.seeds, caches / "seeds.pickle", pool)
        sidecars = BatchReader(sorted(layout.sources.glob("*.yaml")), sidecar_cache, pool)
        sheets_reader = BatchReader(sorted(layout.facts.glob("*.yaml")), sheet_cache, pool)
        seeds = seed_loader.result(problems)
        sources, broken_sources = load_sources(layout.sources, seeds, problems, sidecars)
        entities = load_entities(layout.entities, problems)
        quotes = QuoteCache(caches / "quotes.pickle")
        sheets = load_fact_sheets(layout.facts, sources, entities, problems, broken_sources, sheets_reader, quotes)
    finally:
        pool.close()
    for stored in (sheet_cache, sidecar_cache, quotes):
        stored.save()
    briefings = load_briefings(layout.briefings, sheets.facts, problems, sheets.broken, sheets.complete)
    pages = load_text_pages(layout.pages, problems)
    check_conflicts(fact_groups(sheets.facts.values()), problems)
    content = Content(root, sources, entities, sheets.facts, briefings, pages)
    if not problems.has_errors():
        # Unused items are only worth a warning once everything else reads cleanly.
        _warn_unused(content, problems)
    _check_source_links(content, problems)
    return content


def _warn_unused(content: Content, problems: Problems) -> None:
    cited = {c.source.id for fact in content.facts.values() for c in fact.citations}
    named = {e for fact in content.facts.values() for e in fact.entity_ids}
    for source in content.sources.values():
        if source.id not in cited:
            problems.warning(
                source.location,
                f"source '{source.id}' is not cited by any fact",
                "cite it from a fact sheet or remove it",
            )
    for entity in content.entities.values():
        if entity.id not in named:
            problems.warning(
                entity.location,
                f"entity '{entity.id}' is not named by any fact",
                "list it in a fact's entities or remove it",
            )


def _check_source_links(content: Content, problems: Problems) -> None:
    for source in content.sources.values():
        for other in (*source.derived_from, *source.independent_of):
            if other not in content.sources:
                problems.error(
                    Location(source.location.path, source.location.line),
                    f"unknown source '{other}' in derived_from/independent_of of '{source.id}'",
                )
