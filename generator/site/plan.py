"""Plan every page of the site: its path, template and what the template needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markupsafe import Markup

from generator.analysis import Analysis
from generator.content.dates import chronological_key
from generator.model import Briefing, Content, Fact, Paragraph, Source
from generator.site import urls
from generator.site.briefing_view import BriefingView, TopicView, assemble
from generator.site.lazypages import Bulk, LazyPages, PageRef
from generator.site.pagination import ListingAnalysis, Pagination, TopicLink, paginate, section_starts
from generator.site.quotemarks import Span, mark_quotes

LISTING_PAGE_SIZE = 500
"""Most entries on one page of the facts, timeline and sources listings (a fact in two topics is two entries)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page to render."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    lastmod: str | None = None
    kind: str = "page"
    """Search filter `type`: briefing, fact, source, entity or page."""


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """A paragraph of a source page with each quote marked and anchored (see quotemarks.py)."""

    paragraph: Paragraph
    html: Markup


@dataclass(frozen=True, slots=True)
class CitedIn:
    """What a fact page shows of a briefing citing it: only the briefing itself.

    Not the whole BriefingView, whose notes and timeline hold every fact of the
    topic: a fact page would then depend on (and be re-rendered for) all of them.
    """

    briefing: Briefing

    def __getattr__(self, name: str) -> object:
        # Jinja turns AttributeError into a silently empty value; fail the build instead.
        if name.startswith("__"):
            raise AttributeError(name)
        raise TypeError(f"a fact page's `briefings` entries only have `.briefing`, not `.{name}` (see views.CitedIn)")


@dataclass(frozen=True, slots=True)
class MarkedParagraphs:
    """A source page's paragraphs with their quotes marked, made as the page is rendered.

    Planned pages live until the build ends: holding every source's marked text from
    planning on was the whole archive's text once more (gigabytes at 100,000 sources).
    Its digest (incremental.py) is that of the source and facts it is made from.
    """

    source: Source
    facts: tuple[Fact, ...]

    def __iter__(self) -> Iterator[SourceParagraph]:
        return iter(mark_paragraphs(self.source, self.facts))


@dataclass(frozen=True)
class SiteIndex:
    """Reverse look-ups shared by many pages."""

    facts_by_source: Mapping[str, tuple[Fact, ...]]
    facts_by_entity: Mapping[str, tuple[Fact, ...]]
    briefings_by_fact: dict[str, tuple[str, ...]]
    views: Mapping[str, BriefingView]


def build_index(content: Content, analysis: Analysis, site_url: str) -> SiteIndex:
    """Compute the reverse look-ups once for the whole site."""
    topics: dict[str, TopicView] = {}
    views = {slug: assemble(b, content, analysis, site_url, topics) for slug, b in content.briefings.items()}
    return index_with_views(content, views)


def index_with_views(content: Content, views: Mapping[str, BriefingView]) -> SiteIndex:
    """The reverse look-ups around the briefings' views (read here only by key: they may be assembled lazily)."""
    by_source, by_entity = facts_by_source_and_entity(content)
    return SiteIndex(by_source, by_entity, briefings_by_fact(content), views)


def facts_by_source_and_entity(
    content: Content,
) -> tuple[dict[str, tuple[Fact, ...]], dict[str, tuple[Fact, ...]]]:
    """The facts citing each source and those naming each entity, in the facts' order."""
    by_source: dict[str, list[Fact]] = defaultdict(list)
    by_entity: dict[str, list[Fact]] = defaultdict(list)
    for fact in content.facts.values():
        for source_id in fact.source_ids:
            by_source[source_id].append(fact)
        for entity_id in fact.entity_ids:
            by_entity[entity_id].append(fact)
    return {k: tuple(v) for k, v in by_source.items()}, {k: tuple(v) for k, v in by_entity.items()}


def briefings_by_fact(content: Content) -> dict[str, tuple[str, ...]]:
    """The briefings citing each fact (their views' notes), in the briefings' order."""
    by_fact: dict[str, list[str]] = defaultdict(list)
    for slug, briefing in content.briefings.items():
        for fact_id in dict.fromkeys(i for ref in briefing.references for i in ref.fact_ids):
            by_fact[fact_id].append(slug)
    return {k: tuple(v) for k, v in by_fact.items()}


def plan_site(content: Content, analysis: Analysis, index: SiteIndex, page_size: int | None = None) -> LazyPages:
    """Every HTML page, small pages first (the listings' pages among them), then the bulk pages.

    `page_size` is the most entries a listing page holds (LISTING_PAGE_SIZE by default).
    The bulk pages (a page per source, fact and entity) are made when read (lazypages.py).
    """
    size = LISTING_PAGE_SIZE if page_size is None else page_size
    facts_pages = _facts_index(content, analysis, size)
    topic_starts = {link.topic: link.path for link in facts_pages[0].context["topics"]}
    pages = [
        _home(content, index),
        *(
            _briefing(view, topic_starts.get(view.briefing.meta.topic, urls.facts_page(1)))
            for view in _ordered_views(index, content.site.topic_slugs)
        ),
        *_sources_index(content, index, analysis, size),
        *facts_pages,
        _entities_index(content, index),
        *_timeline(content, size),
        search_page(),
        not_found_page(),
    ]
    return LazyPages(
        [
            pages,
            Bulk(
                list(content.sources.values()),
                partial(_source, index=index, analysis=analysis),
                lambda s: PageRef(urls.source(s.id), s.published),
                "source.html",
                "source",
            ),
            Bulk(
                list(content.facts.values()),
                partial(_fact, content=content, index=index, analysis=analysis),
                lambda f: PageRef(urls.fact(f.id), None),
                "fact.html",
                "fact",
            ),
            Bulk(
                list(content.entities),
                partial(_entity, content=content, index=index, analysis=analysis),
                lambda e: PageRef(urls.entity(e), None),
                "entity.html",
                "entity",
            ),
        ]
    )


def search_page() -> Page:
    """The search page (its results come from the search index)."""
    return Page(urls.SEARCH, "search.html", "Search", description="Search every briefing, fact, source and entity.")


def not_found_page() -> Page:
    """The page served for a missing path."""
    return Page("404.html", "404.html", "Page not found")


def _ordered_views(index: SiteIndex, topics: tuple[str, ...]) -> list[BriefingView]:
    order = {t: i for i, t in enumerate(topics)}
    return sorted(index.views.values(), key=lambda v: (order.get(v.briefing.meta.topic, 99), v.briefing.meta.slug))


def _home(content: Content, index: SiteIndex) -> Page:
    # Events only, not reporting or claims about them (dated by when they were made).
    events = sorted((f for f in content.facts.values() if f.date and f.kind == "event"), key=_fact_order, reverse=True)
    return Page(
        "",
        "index.html",
        "Briefings",
        {"views": _ordered_views(index, content.site.topic_slugs), "latest": events[:8], "counts": _counts(content)},
        description=content.site.description,
    )


def _counts(content: Content) -> dict[str, int]:
    return {
        "sources": len(content.sources),
        "facts": len(content.facts),
        "citations": sum(len(f.citations) for f in content.facts.values()),
        "entities": len(content.entities),
    }


def _briefing(view: BriefingView, topic_facts_path: str) -> Page:
    """A briefing's page; `topic_facts_path` is the facts listing page where its topic starts."""
    meta = view.briefing.meta
    return Page(
        urls.briefing(meta.slug),
        "briefing.html",
        meta.title,
        {"view": view, "topic_facts_path": topic_facts_path},
        description=meta.summary,
        lastmod=meta.updated,
        kind="briefing",
    )


def _sources_index(content: Content, index: SiteIndex, analysis: Analysis, size: int) -> list[Page]:
    rows = sorted(content.sources.values(), key=lambda s: (s.published or "9999", s.id))
    parts = paginate([("", rows)], size)
    paths = tuple(urls.sources_page(n) for n in range(1, len(parts) + 1))
    pages = []
    for number, sections in enumerate(parts, 1):
        shown = [s for section in sections for s in section.items]
        pagination = Pagination(number, paths)
        pages.append(
            Page(
                paths[number - 1],
                "sources.html",
                "Sources" + pagination.suffix,
                {
                    "sources": shown,
                    "total": len(rows),
                    # Only what this page shows, so that an edit elsewhere does not re-render it.
                    "facts_by_source": {
                        s.id: index.facts_by_source[s.id] for s in shown if s.id in index.facts_by_source
                    },
                    "reliability": {s.id: analysis.reliability[s.id] for s in shown if s.id in analysis.reliability},
                    "pagination": pagination,
                },
                description="The seed articles every fact rests on, with their metadata and reliability notes."
                + pagination.suffix_sentence,
            )
        )
    return pages


def _source(source: Source, index: SiteIndex, analysis: Analysis) -> Page:
    facts = index.facts_by_source.get(source.id, ())
    return Page(
        urls.source(source.id),
        "source.html",
        source.display_title,
        {
            "source": source,
            "paragraphs": MarkedParagraphs(source, facts),
            "facts": facts,
            "overlaps": analysis.overlaps.get(source.id, ()),
            "reliability": analysis.reliability.get(source.id, ()),
            "analysis": ListingAnalysis.of(analysis, list(facts)),
        },
        description=f"{source.display_outlet}, {source.published or 'undated'}: clean text, metadata and the facts citing it.",
        lastmod=source.published,
        kind="source",
    )


def mark_paragraphs(source: Source, facts: tuple[Fact, ...]) -> tuple[SourceParagraph, ...]:
    """Each paragraph as HTML, every quote of it in its own anchored mark."""
    spans: dict[int, list[Span]] = defaultdict(list)
    for fact in facts:
        for citation in fact.citations:
            if citation.source.id == source.id:
                match = citation.match
                anchor = citation.anchor or f"q-{fact.id}"
                spans[match.paragraph.number].append(Span(match.start, match.end, anchor, fact.id))
    return tuple(SourceParagraph(p, mark_quotes(p.text, spans.get(p.number, ()))) for p in source.paragraphs)


def _facts_index(content: Content, analysis: Analysis, size: int) -> list[Page]:
    by_topic = {
        t: sorted((f for f in content.facts.values() if t in f.topics), key=_fact_order)
        for t in content.site.topic_slugs
    }
    parts = paginate(list(by_topic.items()), size)
    paths = tuple(urls.facts_page(n) for n in range(1, len(parts) + 1))
    starts = section_starts(parts, paths)
    pages = []
    for number, sections in enumerate(parts, 1):
        here = {section.key for section in sections}
        pagination = Pagination(number, paths)
        pages.append(
            Page(
                paths[number - 1],
                "facts.html",
                "All facts" + pagination.suffix,
                {
                    "topics": tuple(TopicLink(t, len(facts), starts[t], t in here) for t, facts in by_topic.items()),
                    "sections": sections,
                    "analysis": ListingAnalysis.of(analysis, [f for section in sections for f in section.items]),
                    "total": len(content.facts),
                    "pagination": pagination,
                },
                description="Every fact, with its date, status and the sources it rests on."
                + pagination.suffix_sentence,
            )
        )
    return pages


def facts_topic_starts(content: Content, size: int) -> dict[str, str]:
    """The facts listing page where each topic begins, as `_facts_index` finds it, without sorting
    the facts: which page a topic begins on depends only on how many facts each topic has."""
    counts: dict[str, int] = defaultdict(int)
    for fact in content.facts.values():
        for topic in set(fact.topics):
            counts[topic] += 1
    parts = paginate([(t, range(counts[t])) for t in content.site.topic_slugs], size)
    return section_starts(parts, tuple(urls.facts_page(n) for n in range(1, len(parts) + 1)))


def _fact_order(fact: Fact) -> tuple[tuple[int, int, int], str]:
    return (chronological_key(fact.date), fact.id)


def _fact(fact: Fact, content: Content, index: SiteIndex, analysis: Analysis) -> Page:
    conflict = next((g for g in analysis.conflicts if g.key == fact.group), None) if fact.group else None
    related = [f for f in analysis.groups.get(fact.group, ()) if f.id != fact.id] if fact.group else []
    return Page(
        urls.fact(fact.id),
        "fact.html",
        fact.statement,
        {
            "fact": fact,
            "entities": [content.entities[e] for e in fact.entity_ids],
            "badge_kind": analysis.badge(fact),
            "independent": analysis.independent_sources(fact),
            "conflict_group": conflict,
            "related": related,
            "briefings": [CitedIn(content.briefings[s]) for s in index.briefings_by_fact.get(fact.id, ())],
        },
        description=fact.statement,
        lastmod=None,
        kind="fact",
    )


def _entities_index(content: Content, index: SiteIndex) -> Page:
    kinds: dict[str, list[Any]] = defaultdict(list)
    for entity in sorted(content.entities.values(), key=lambda e: e.name.casefold()):
        kinds[entity.kind].append(entity)
    return Page(
        urls.ENTITIES,
        "entities.html",
        "People, organisations and places",
        {"kinds": dict(kinds), "facts_by_entity": index.facts_by_entity},
        description="Everyone and everything the facts name, with every spelling the sources use.",
    )


def _entity(entity_id: str, content: Content, index: SiteIndex, analysis: Analysis) -> Page:
    entity = content.entities[entity_id]
    facts = sorted(index.facts_by_entity.get(entity_id, ()), key=_fact_order)
    return Page(
        urls.entity(entity_id),
        "entity.html",
        entity.name,
        {"entity": entity, "facts": facts, "analysis": ListingAnalysis.of(analysis, facts)},
        description=f"{entity.name}: {entity.role}. Facts naming them, with sources.",
        kind="entity",
    )


def _timeline(content: Content, size: int) -> list[Page]:
    dated = sorted((f for f in content.facts.values() if f.date), key=_fact_order)
    by_year: dict[str, list[Fact]] = defaultdict(list)
    for fact in dated:
        by_year[(fact.date or "")[:4]].append(fact)
    parts = paginate(list(by_year.items()), size)
    paths = tuple(urls.timeline_page(n) for n in range(1, len(parts) + 1))
    # Where each year begins, for the year navigation of a timeline of several pages.
    years = tuple(section_starts(parts, paths).items())
    pages = []
    for number, sections in enumerate(parts, 1):
        pagination = Pagination(number, paths)
        context = {"sections": sections, "undated": len(content.facts) - len(dated), "pagination": pagination}
        if len(parts) > 1:
            context["years"] = years
        pages.append(
            Page(
                paths[number - 1],
                "timeline.html",
                "Timeline" + pagination.suffix,
                context,
                description="Every dated fact across the three topics, in order." + pagination.suffix_sentence,
            )
        )
    return pages
