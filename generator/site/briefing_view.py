"""Assemble what a briefing page shows: narrative with citation markers and generated sections."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.analysis import Analysis, ConflictGroup
from generator.content.dates import chronological_key
from generator.content.factrefs import make_parser, render
from generator.model import Briefing, Content, Entity, Fact, Source
from generator.site.toc import TocEntry, anchor_headings

TIMELINE_LIMIT = 60
"""A briefing lists every dated event of its topic up to this many; beyond it, only
the events it cites (a topic of an archive can hold thousands; the page stays readable
and its size stays independent of the archive's)."""

TEMPLATE_IDS = frozenset(
    (
        "main",
        "cite",
        "key-facts",
        "timeline",
        "people",
        "divergent",
        "single",
        "sources-used",
        "notes",
        "history",
        "history-section",
    )
)
"""Ids briefing.html gives its own parts; the narrative's headings get others."""
TEMPLATE_ID_PREFIXES = ("note-", "ref-", "card-")


@dataclass(frozen=True, slots=True)
class Note:
    """One numbered endnote: a fact referenced by the narrative."""

    number: int
    fact: Fact
    badge: str


@dataclass(frozen=True, slots=True)
class SourceUse:
    """A source and how many of the briefing's facts it supports."""

    source: Source
    facts: int


@dataclass(frozen=True, slots=True)
class BriefingView:
    """Everything a briefing page renders."""

    briefing: Briefing
    body_html: Markup
    toc: tuple[TocEntry, ...]
    """The narrative's sections, for the table of contents."""
    notes: tuple[Note, ...]
    key_facts: tuple[Fact, ...]
    timeline: tuple[Fact, ...]
    """Dated events shown: the topic's, or only the cited ones when the topic has too many."""
    timeline_omitted: int
    """Dated events of the topic not shown (see TIMELINE_LIMIT); they are on the site timeline."""
    people: tuple[tuple[Entity, int], ...]
    conflicts: tuple[ConflictGroup, ...]
    single_source: tuple[Note, ...]
    single_by_source: tuple[tuple[Source, tuple[Note, ...], tuple[Source, ...]], ...]
    """Single-source notes grouped by the one independent source they rest on, with its copies they cite."""
    rewritten: frozenset[str]
    sources: tuple[SourceUse, ...]
    topic_facts: int
    independent_count: int = 0
    """Distinct independent sources among `sources` (copies of one original count once)."""

    @property
    def source_count(self) -> int:
        """Number of distinct sources the briefing rests on."""
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class TopicView:
    """The parts of a briefing view that depend only on its topic (shared by its briefings)."""

    facts: tuple[Fact, ...]
    timeline: tuple[Fact, ...]
    """Dated events of the topic, oldest first."""
    conflicts: tuple[ConflictGroup, ...]
    positions: dict[str, int] = field(default_factory=dict)
    """Fact id -> its place in `timeline`: a briefing picks its cited events without scanning the
    timeline (every briefing scanning its topic's whole timeline grew with the square of the archive)."""


def topic_view(topic: str, content: Content, analysis: Analysis) -> TopicView:
    """The facts, dated timeline and conflict groups of one topic."""
    in_topic = tuple(f for f in content.facts.values() if topic in f.topics)
    timeline = tuple(
        sorted((f for f in in_topic if f.date and f.kind == "event"), key=lambda f: (chronological_key(f.date), f.id))
    )
    return TopicView(
        in_topic,
        timeline,
        tuple(g for g in analysis.conflicts if any(topic in f.topics for f in g.facts)),
        {fact.id: index for index, fact in enumerate(timeline)},
    )


def assemble(
    briefing: Briefing,
    content: Content,
    analysis: Analysis,
    site_url: str,
    topics: dict[str, TopicView] | None = None,
) -> BriefingView:
    """Render the narrative and derive the generated sections of a briefing.

    `topics` caches the per-topic parts across the briefings of a site (each
    otherwise scans every fact).
    """
    numbers: dict[str, int] = {}
    for ref in briefing.references:
        for fact_id in ref.fact_ids:
            numbers.setdefault(fact_id, len(numbers) + 1)
    notes = tuple(Note(n, content.facts[f], analysis.badge(content.facts[f])) for f, n in numbers.items())

    def marker(ids: tuple[str, ...]) -> str:
        links = (
            f'<a class="cite-ref" href="#note-{numbers[i]}" id="ref-{numbers[i]}" role="doc-noteref">{numbers[i]}</a>'
            for i in ids
        )
        return f'<sup class="cite">[{", ".join(links)}]</sup>'

    body, toc = anchor_headings(render(make_parser(), briefing.body, marker), TEMPLATE_IDS, TEMPLATE_ID_PREFIXES)
    topic = briefing.meta.topic
    if topics is None:
        topics = {}
    if topic not in topics:
        topics[topic] = topic_view(topic, content, analysis)
    shared = topics[topic]
    cited = [n.fact for n in notes]
    single = tuple(n for n in notes if n.badge != "corroborated")
    uses = _sources(cited, content)
    timeline = shared.timeline
    if len(timeline) > TIMELINE_LIMIT:
        positions = shared.positions or {f.id: n for n, f in enumerate(shared.timeline)}
        places = sorted(positions[f] for f in numbers if f in positions)
        timeline = tuple(shared.timeline[place] for place in places)
    return BriefingView(
        briefing=briefing,
        body_html=_dedupe_ref_ids(body),
        toc=toc,
        notes=notes,
        key_facts=_key_facts(cited),
        timeline=timeline,
        timeline_omitted=len(shared.timeline) - len(timeline),
        people=_people(cited, content),
        conflicts=shared.conflicts,
        single_source=single,
        single_by_source=_group_by_source(single, content, analysis),
        rewritten=analysis.rewritten,
        sources=uses,
        topic_facts=len(shared.facts),
        independent_count=len({analysis.root_of.get(u.source.id, u.source.id) for u in uses}),
    )


def _key_facts(facts: list[Fact]) -> tuple[Fact, ...]:
    """Cited facts with figures, each set of figure wordings once (an outlet's fact and the
    common-core fact of two outlets often report the same number)."""
    seen: set[tuple[str, ...]] = set()
    kept: list[Fact] = []
    for fact in facts:
        shown = tuple(f.display.casefold() for f in fact.figures)
        if shown and shown not in seen:
            seen.add(shown)
            kept.append(fact)
    return tuple(kept)


def _dedupe_ref_ids(body: Markup) -> Markup:
    """Keep only the first `id="ref-N"` of each note so that ids stay unique."""
    seen: set[str] = set()
    parts = str(body).split(' id="ref-')
    out = [parts[0]]
    for part in parts[1:]:
        number, rest = part.split('"', 1)
        if number in seen:
            out.append(rest)
        else:
            seen.add(number)
            out.append(f' id="ref-{number}"{rest}')
    return Markup("".join(out))


def _group_by_source(
    notes: tuple[Note, ...], content: Content, analysis: Analysis
) -> tuple[tuple[Source, tuple[Note, ...], tuple[Source, ...]], ...]:
    """Single-source notes by the one independent source they rest on: the original of a
    copy group (with the copies the notes cite), so that copies are not counted apart."""
    groups: dict[str, list[Note]] = {}
    copies: dict[str, dict[str, None]] = {}
    for note in notes:
        independent = analysis.independent_sources(note.fact) or note.fact.source_ids
        root = analysis.root_of.get(independent[0], independent[0])
        groups.setdefault(root, []).append(note)
        members = copies.setdefault(root, {})
        members.update((s, None) for s in note.fact.source_ids if s != root and analysis.root_of.get(s) == root)
    return tuple(
        (content.sources[s], tuple(g), tuple(content.sources[c] for c in sorted(copies[s])))
        for s, g in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    )


def _people(facts: list[Fact], content: Content) -> tuple[tuple[Entity, int], ...]:
    counts = Counter(e for f in facts for e in f.entity_ids)
    wanted = tuple(kind.slug for kind in content.site.entity_kinds if kind.actor)
    people = [(content.entities[e], n) for e, n in counts.items() if content.entities[e].kind in wanted]
    return tuple(sorted(people, key=lambda item: (wanted.index(item[0].kind), -item[1], item[0].name)))


def _sources(facts: list[Fact], content: Content) -> tuple[SourceUse, ...]:
    counts = Counter(s for f in facts for s in f.source_ids)
    uses = [SourceUse(content.sources[s], n) for s, n in counts.items()]
    return tuple(sorted(uses, key=lambda u: (-u.facts, u.source.id)))
