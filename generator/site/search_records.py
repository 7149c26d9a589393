"""Search records for facts, made from the content model instead of from the rendered fact pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import escape

from generator.content.dates import display_date
from generator.model import Content, Fact
from generator.site import urls

SHARDED_DIRS = frozenset(
    {urls.FACTS.strip("/"), urls.SOURCES.strip("/"), urls.ENTITIES.strip("/"), urls.briefing("").strip("/")}
)
"""Top-level output folders indexed in shards (source, entity and briefing pages, facts' records), not in the main bundle.

What is left to the main bundle (the home page, text pages, the search page) does not
grow with the archive, so neither does its Pagefind process.
"""

UNINDEXED_DIRS = frozenset({urls.TIMELINE.strip("/")})
"""Top-level folders of listing pages only: no `data-pagefind-body`, so Pagefind would parse them for nothing."""

SHARD_SOURCES = 1000
"""Sources per search shard, with the facts that cite them first: about 750 MB for one Pagefind process."""

SHARD_PAGES = 2000
"""Entity and briefing pages per shard of their own (only names, roles and briefing texts are indexed)."""

SOURCE_SHARD_WEIGHT = 0.75
"""Pagefind `indexWeight` of the source shards against the other bundles (briefings, entities, pages).

Each merged index is scored with its own term statistics, so a name found in a shard's
facts outranked the entity page in the main bundle. Chosen on the recorded query set
(tests/fixtures/search-queries.json, real site in 2-source shards): first results
right for 22 of 38 at 1.0, 25 at 0.9, 28 at 0.85, 30 at 0.8, 31 at 0.75 and 0.6
(one bundle: 33); 33 and 35 since entity pages no longer index their lists of facts.
"""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result as Pagefind stores it: what is searched, shown and filtered on."""

    url: str
    html: str
    """A minimal page holding only what the full page gives the index, with the same weights."""


@dataclass(frozen=True, slots=True)
class Shard:
    """Part of the search index built by a Pagefind process of its own and merged in the browser."""

    name: str
    pages: tuple[str, ...]
    """Output-relative paths of the HTML pages Pagefind parses for this shard."""
    records: Callable[[], Iterable[SearchRecord]]
    """Makes the records of this shard's pages that are not parsed (called once per attempt)."""
    weight: float = 1.0
    """Pagefind `indexWeight` of this shard's bundle when the browser merges it."""
    kinds: tuple[str, ...] = ()
    """The kinds of page it holds (the `type` filter's values): the search page looks for briefings in some only."""


def plan_shards(content: Content, per_shard: int = SHARD_SOURCES, pages_per_shard: int = SHARD_PAGES) -> list[Shard]:
    """The search index's shards: sources with the facts they are first cited by, then entity and briefing pages.

    A site of one source shard's size is one shard holding everything (one bundle, ranked
    with the statistics of every page); a bigger one gets the entity and briefing pages
    in shards of their own, ranked as the main bundle is.
    """
    sources = source_shards(content, per_shard)
    named = [("entity", urls.entity(e) + "index.html") for e in content.entities]
    named += [("briefing", urls.briefing(b) + "index.html") for b in content.briefings]
    if len(sources) == 1:
        only = sources[0]
        pages = only.pages + tuple(page for _, page in named)
        return [
            Shard(only.name, pages, only.records, only.weight, ("source", "fact", *dict.fromkeys(k for k, _ in named)))
        ]
    empty: Callable[[], Iterable[SearchRecord]] = tuple
    shards = sources
    for n, i in enumerate(range(0, len(named), pages_per_shard)):
        group = named[i : i + pages_per_shard]
        kinds = tuple(dict.fromkeys(kind for kind, _ in group))
        shards.append(Shard(f"pages-{n + 1:03d}", tuple(page for _, page in group), empty, 1.0, kinds))
    return shards


def source_shards(content: Content, per_shard: int = SHARD_SOURCES) -> list[Shard]:
    """Sources in date order, `per_shard` at a time, each with the facts whose first citation is one of them."""
    sources = sorted(content.sources.values(), key=lambda s: (s.published or "", s.id))
    shard_of = {source.id: n // per_shard for n, source in enumerate(sources)}
    facts: list[list[Fact]] = [[] for _ in range(max(1, -(-len(sources) // per_shard)))]
    for fact in content.facts.values():
        first = fact.citations[0].source.id if fact.citations else None
        facts[shard_of.get(first or "", len(facts) - 1)].append(fact)
    titles = content.site.topic_titles
    shards = []
    for n, shard_facts in enumerate(facts):
        pages = tuple(urls.source(s.id) + "index.html" for s in sources[n * per_shard : (n + 1) * per_shard])
        shards.append(
            Shard(f"{n + 1:03d}", pages, _records(shard_facts, titles), SOURCE_SHARD_WEIGHT, ("source", "fact"))
        )
    return shards


def _records(facts: list[Fact], topic_titles: Mapping[str, str]) -> Callable[[], Iterator[SearchRecord]]:
    return lambda: (fact_record(fact, topic_titles) for fact in facts)


def fact_records(facts: Mapping[str, Fact], topic_titles: Mapping[str, str]) -> Iterator[SearchRecord]:
    """One record per fact: the words its page gives the index (statement, figures, note, quoted words, sources)."""
    for fact in facts.values():
        yield fact_record(fact, topic_titles)


def fact_record(fact: Fact, topic_titles: Mapping[str, str]) -> SearchRecord:
    """A fact's record: the indexed part of its page (fact.html), same words, weights, meta and filters."""
    parts = [f'<h1 data-pagefind-meta="title">{escape(fact.statement)}</h1>']
    parts.append(_filter("type", "fact", meta="kind:Fact"))
    parts += [_filter("topic", topic_titles.get(t, t)) for t in fact.topics]
    if fact.date:
        parts.append(_filter("year", fact.date[:4], meta=f"date:{fact.date}"))
    if fact.figures:
        # The number-question sentence, weighted as on the page ("how many soldiers").
        sentence = " ".join(f"How many {f.unit}: {f.display}{', ' + f.label if f.label else ''}." for f in fact.figures)
        parts.append(f'<p data-pagefind-weight="8">{escape(sentence)}</p>')
    if fact.note:
        parts.append(f"<p>Editor's note: {escape(fact.note)}</p>")
    parts.append('<h2 id="evidence">Evidence</h2>')
    for citation in fact.citations:
        # The quoted words only: the paragraph around them is indexed on the source page.
        source = citation.source
        when = f", {display_date(source.published)}" if source.published else ""
        outlet = escape(source.display_outlet, quote=True)
        parts.append(
            f"<p><mark>{escape(citation.quoted)}</mark></p>"
            f'<p data-pagefind-filter="outlet:{outlet}">{escape(source.display_title)}, {outlet}{escape(when)}.</p>'
        )
    body = "".join(parts)
    return SearchRecord(
        "/" + urls.fact(fact.id), f'<html lang="en"><body><article data-pagefind-body>{body}</article></body></html>'
    )


def _filter(name: str, value: str, meta: str = "") -> str:
    """A hidden filter value, as the page templates write it (not a word of the page)."""
    extra = f' data-pagefind-meta="{escape(meta, quote=True)}"' if meta else ""
    return f'<span data-pagefind-filter="{name}"{extra} data-pagefind-ignore hidden>{escape(value)}</span>'
