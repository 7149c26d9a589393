"""Read and check all content: the first half of every build."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator import resources
from generator.analysis.conflicts import check_conflicts, fact_groups
from generator.content.briefings import BriefingReads, load_briefings
from generator.content.checksums import verify_seeds
from generator.content.entities import load_entities
from generator.content.facts import QuoteChecker, SheetFacts, check_sheet, merge_sheets
from generator.content.inventory import check_inventory, files_in
from generator.content.reading import BatchReader
from generator.content.siteconfig import load_site_config
from generator.content.sources import SeedLoader, load_sources
from generator.content.textpages import load_text_pages
from generator.model import PLACEHOLDER_SITE, Content, Entity, Location, Problem, SiteConfig, Source
from generator.problems import Problems
from generator.settings import BuildSettings, load_settings
from generator.store.cache import cache_dir
from generator.store.documents import DocumentCache, QuoteCache
from generator.workers import WorkerPool


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
    def site(self) -> Path:
        return self.content / "site.yaml"

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

    @property
    def own_theme(self) -> Path:
        return self.root / "themes" / "briefing"

    @property
    def theme(self) -> Path:
        """The project's own theme if it has one, else the engine's default theme."""
        return self.own_theme if self.own_theme.is_dir() else resources.THEME

    @property
    def settings(self) -> Path | None:
        """The project's `pelicanconf.py`, or None when it has none (engine defaults)."""
        path = self.root / "pelicanconf.py"
        return path if path.is_file() else None


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
    return load_content_parts(root, problems).content


@dataclass(frozen=True)
class Base:
    """What the fact sheets are checked against: everything read before them (see `LoadedContent`)."""

    site: SiteConfig | None
    sources: dict[str, Source]
    broken_sources: frozenset[str]
    entities: dict[str, Entity]
    checker: QuoteChecker
    problems: tuple[Problem, ...]
    """Problems found in site.yaml, seeds, checksums, the inventory and the sidecars."""
    entity_problems: tuple[Problem, ...]
    """Problems found in entities.yaml (kept apart: an edit there is patched, see patch.py)."""
    briefing_reads: BriefingReads
    """Each briefing file's own reading, kept while its bytes (and site.yaml's topics) are unchanged."""

    @property
    def topics(self) -> tuple[str, ...] | None:
        """The topic slugs site.yaml lists (None when it is broken: topics are not checked)."""
        return self.site.topic_slugs if self.site is not None else None


@dataclass(frozen=True)
class LoadedContent:
    """A checked content model and the per-file results it was made of, so that the live preview
    can re-check one changed fact sheet, briefing or text page and keep everything else."""

    content: Content
    base: Base
    sheets: dict[Path, SheetFacts]
    """Each fact sheet's own check, in file order."""
    problems: tuple[Problem, ...]


def load_content_parts(root: Path, problems: Problems) -> LoadedContent:
    """`load_content`, keeping what `finish_content` needs to redo the cross-file checks after an edit."""
    with collector_paused():
        return _load_content(root, problems)


def _load_content(root: Path, problems: Problems) -> LoadedContent:
    layout = Layout(root)
    early = Problems()  # everything checked before the fact sheets (kept in Base)
    site = load_site_config(layout.site, early)
    topics = site.topic_slugs if site is not None else None
    caches = cache_dir(root)
    sheet_cache = DocumentCache(caches / "fact-sheets.pickle", "facts")
    sidecar_cache = DocumentCache(caches / "sidecars.pickle", "source")
    # Parse the changed seeds, sidecars and fact sheets on two workers.
    pool = WorkerPool()
    try:
        # Work is handed to the workers in the order it is needed.
        seed_loader = SeedLoader(layout.seeds, caches / "seeds.pickle", pool)
        sidecars = BatchReader(files_in(layout.sources, ".yaml"), sidecar_cache, pool)
        sheets_reader = BatchReader(files_in(layout.facts, ".yaml"), sheet_cache, pool)
        seeds = seed_loader.result(early)
        # Every seed is verified against SHA256SUMS, and only listed seeds are sources.
        sums = verify_seeds(layout.seeds, seed_loader.digests, early)
        check_inventory(root, early)
        listed = set(sums.lines) if sums.exists else None  # no SHA256SUMS: reported once, above
        sources, broken_sources = load_sources(layout.sources, seeds, early, sidecars, listed)
        entities, entity_problems = read_entities(root, site)
        quotes = QuoteCache(caches / "quotes.pickle")
        checker = QuoteChecker(sources, broken_sources, quotes)
        sheets = {path: check_sheet(read, checker, entities, topics) for path, read in sheets_reader.results()}
    finally:
        pool.close()
    for stored in (sheet_cache, sidecar_cache, quotes):
        stored.save()
    base = Base(
        site, sources, frozenset(broken_sources), entities, checker, early.items, entity_problems, BriefingReads(topics)
    )
    return finish_content(root, base, sheets, problems)


def read_entities(root: Path, site: SiteConfig | None) -> tuple[dict[str, Entity], tuple[Problem, ...]]:
    """content/entities.yaml and its problems."""
    found = Problems()
    entities = load_entities(Layout(root).entities, found, site.kind_slugs if site is not None else None)
    return entities, found.items


def finish_content(root: Path, base: Base, sheets: dict[Path, SheetFacts], problems: Problems) -> LoadedContent:
    """Check the fact sheets against each other and read what rests on the facts: briefings, text pages."""
    layout = Layout(root)
    problems.extend(base.problems)
    problems.extend(base.entity_problems)
    checked = merge_sheets(sheets.values(), problems)
    briefings = load_briefings(
        layout.briefings, checked.facts, problems, checked.broken, checked.complete, base.topics, base.briefing_reads
    )
    pages = load_text_pages(layout.pages, problems)
    check_conflicts(fact_groups(checked.facts.values()), problems)
    site = base.site or PLACEHOLDER_SITE
    content = Content(root, base.sources, base.entities, checked.facts, briefings, pages, site)
    if not problems.has_errors():
        # Unused items are only worth a warning once everything else reads cleanly.
        _warn_unused(content, problems)
    _check_source_links(content, problems)
    return LoadedContent(content, base, sheets, problems.items)


def load_and_check(root: Path, settings_file: Path | None, problems: Problems) -> tuple[Content, BuildSettings]:
    """The first stage, also all of `briefing check`: read and check the content and the settings."""
    content = load_content(root, problems)
    settings = load_settings(settings_file or Layout(root).settings, problems, root)
    return content, settings


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
