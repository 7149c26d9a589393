"""Load fact sheets and verify every citation against its source."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence as AbcSequence
from collections.abc import Set as AbcSet
from dataclasses import dataclass
from typing import TypeVar, cast

from generator.content.citations import SourceIndex, quote_problem
from generator.content.dates import is_partial_iso
from generator.content.entities import PartialEntities
from generator.content.figures import label_words_missing, word_figure
from generator.content.normal import fold_key
from generator.content.siteconfig import check_slug
from generator.content.yamlio import Mapping, Sequence, YamlDocument
from generator.model import Citation, Entity, Fact, Figure, Location, Match, Problem, Source, VerifiedCitation
from generator.problems import Problems, brief, did_you_mean
from generator.store.documents import QuoteCache, Read

INDEXES_KEPT = 64
"""Source quote indexes kept at once: each holds its source's normalised text and an offset per
character (about 9 bytes per character), so keeping all of them grew a cold check of 100,000
sources by gigabytes; fact sheets cite their sources in runs, so a few suffice."""


class QuoteChecker:
    """Verifies quotes, building a source's index on first use and keeping the most recently used."""

    def __init__(
        self, sources: AbcMapping[str, Source], broken: AbcSet[str] = frozenset(), quotes: QuoteCache | None = None
    ) -> None:
        self.sources = sources
        self.broken = broken
        self.quotes = quotes or QuoteCache(None)
        self._indexes: dict[str, SourceIndex] = {}

    def find(self, source: Source, quote: str) -> Match | None:
        """Where a quote stands in a known source: from the quote cache, else from the source's index."""
        match = self.quotes.get(source, quote)
        if match is None:
            index = self.index(source.id)
            match = index.find(quote) if index is not None else None
            if match is not None:
                self.quotes.put(source, quote, match)
        return match

    def elsewhere(self, cited: Source, quote: str) -> str:
        """A hint naming another source and paragraph that hold a quote its cited source lacks ("" if none)."""
        for other in self.sources.values():
            if other.id == cited.id:
                continue
            index = self.index(other.id)
            match = index.find(quote) if index is not None else None
            if match is not None:
                paragraph = match.paragraph
                return (
                    f"the quote is in source '{other.id}' (#{paragraph.anchor}, seed line {paragraph.line}): "
                    "cite that source if the statement rests on it"
                )
        return ""

    def index(self, source_id: str) -> SourceIndex | None:
        """The quote index of a source, or None for an unknown id."""
        index = self._indexes.pop(source_id, None)
        if index is None:
            source = self.sources.get(source_id)
            if source is None:
                return None
            index = SourceIndex(source)
            if len(self._indexes) >= INDEXES_KEPT:
                del self._indexes[next(iter(self._indexes))]  # the least recently used
        self._indexes[source_id] = index  # (re)inserted last: most recently used
        return index


@dataclass(frozen=True)
class FactSheets:
    """The facts that passed every check, and what is known of those that did not."""

    facts: dict[str, Fact]
    broken: frozenset[str]
    """Ids of facts that exist but failed a check (already reported)."""
    complete: bool
    """False when a fact sheet could not be read at all, so some ids are unknown."""


@dataclass(frozen=True)
class SheetFacts:
    """One fact sheet checked on its own: what `merge_sheets` needs to check it against the others."""

    problems: tuple[Problem, ...]
    facts: tuple[tuple[Fact, Location], ...]
    """Each fact that passed its checks, with where its id is written (for a duplicate id)."""
    broken: frozenset[str]
    """Ids of facts of this sheet that failed a check."""
    complete: bool
    """False when the sheet could not be read at all, so its ids are unknown."""


def check_sheet(
    read: Read,
    checker: QuoteChecker,
    entities: AbcMapping[str, Entity],
    topics: AbcSequence[str] | None = None,
) -> SheetFacts:
    """Check one parsed fact sheet's facts: schema, references, dates, quotes, figures, claims."""
    document, found, failure = read
    problems = Problems()
    if failure is not None:
        problems.error(failure.location, failure.message, failure.hint)
        return SheetFacts(problems.items, (), frozenset(), False)
    assert document is not None
    problems.extend(found)
    bad_items = _items_with_errors(document, found)
    if bad_items is None:
        return SheetFacts(problems.items, (), frozenset(), False)
    facts: list[tuple[Fact, Location]] = []
    broken: set[str] = set()
    items = document.data["facts"]
    for index, item in enumerate(items):
        location = document.location(items.mark(index))
        fact = None if index in bad_items else _to_fact(item, document, location, checker, entities, problems, topics)
        if fact is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.add(item["id"])
            continue
        facts.append((fact, document.location(item.mark("id"))))
    return SheetFacts(problems.items, tuple(facts), frozenset(broken), True)


def merge_sheets(sheets: Iterable[SheetFacts], problems: Problems) -> FactSheets:
    """The facts of every sheet (in file order), each id defined once: a later duplicate is an error."""
    facts: dict[str, Fact] = {}
    broken: set[str] = set()
    complete = True
    for sheet in sheets:
        problems.extend(sheet.problems)
        complete = complete and sheet.complete
        broken |= sheet.broken
        for fact, id_location in sheet.facts:
            if fact.id in facts:
                first = facts[fact.id].location
                problems.error(
                    id_location,
                    f"duplicate fact id {brief(fact.id)} (first defined at {first})",
                    "fact ids are permalinks and must be unique across all fact sheets",
                )
                continue
            facts[fact.id] = fact
    return FactSheets(facts, frozenset(broken - set(facts)), complete)


def _items_with_errors(document: YamlDocument, found: tuple[Problem, ...]) -> set[int] | None:
    """Indexes of facts the schema rejected, or None when the sheet as a whole is unusable."""
    if not found:
        return set()
    data = document.data
    if not isinstance(data, Mapping) or not isinstance(data.get("facts"), Sequence):
        return None
    items = data["facts"]
    lines = {items.mark(i)[0]: i for i in range(len(items))}
    starts = sorted(lines)
    bad: set[int] = set()
    for problem in found:
        line = problem.location.line
        before = [start for start in starts if start <= line]
        if not before:
            return None
        bad.add(lines[before[-1]])
    return bad


Shared = TypeVar("Shared")


def _shared(value: Shared) -> Shared:
    """One copy of a short, much repeated string (an id, a kind, a date) for every fact naming it:
    each fact's YAML gives it a copy of its own, and at 500,000 facts the copies were hundreds of
    megabytes."""
    if isinstance(value, str) and type(value) is str:
        return cast(Shared, sys.intern(value))
    return value


def _to_fact(
    item: Mapping,
    document: YamlDocument,
    location: Location,
    checker: QuoteChecker,
    entities: AbcMapping[str, Entity],
    problems: Problems,
    topics: AbcSequence[str] | None = None,
) -> Fact | None:
    ok = True
    for position, topic in enumerate(item["topics"]):
        location_of_topic = document.location(item["topics"].mark(position))
        ok = check_slug(topic, topics, location_of_topic, "topic", problems) and ok
    date = item.get("date")
    if date is not None and not is_partial_iso(date):
        problems.error(
            document.location(item.mark("date")),
            f"'{date}' is not a real date",
            'write "YYYY-MM-DD", "YYYY-MM" or "YYYY"',
        )
        ok = False
    entity_ids = tuple(map(_shared, item.get("entities", ())))
    for position, entity_id in enumerate(entity_ids):
        if entity_id not in entities and isinstance(entities, PartialEntities):
            ok = False  # entities.yaml itself has errors, reported there
        elif entity_id not in entities:
            mark = item["entities"].mark(position)
            problems.error(
                document.location(mark),
                f"unknown entity {brief(entity_id)}",
                did_you_mean(entity_id, entities, "add it to content/entities.yaml or fix the id"),
            )
            ok = False
    citations = _verify_citations(item, document, checker, problems)
    if citations is None or not ok:
        return None
    quotes = [vc.quoted for vc in citations]
    figures = _figures(item, document, quotes, problems)
    claim = _claim(item, document, quotes, problems)
    if figures is None or claim is None:
        return None
    return Fact(
        id=item["id"],
        statement=" ".join(item["statement"].split()),
        date=_shared(date),
        date_precision=_shared(item.get("date_precision")),
        kind=_shared(item["kind"]),
        status=_shared(item["status"]),
        topics=tuple(map(_shared, item["topics"])),
        entity_ids=entity_ids,
        figures=figures,
        group=item.get("group"),
        note=" ".join(item.get("note", "").split()),
        citations=citations,
        location=location,
        conflict=" ".join(item.get("conflict", "").split()),
        claim=claim,
    )


def _verify_citations(
    item: Mapping, document: YamlDocument, checker: QuoteChecker, problems: Problems
) -> tuple[VerifiedCitation, ...] | None:
    verified: list[VerifiedCitation] = []
    failed = False
    items = item["citations"]
    for position, raw in enumerate(items):
        citation = Citation(_shared(raw["source"]), raw["quote"], document.location(items.mark(position)))
        source = checker.sources.get(citation.source_id)
        if source is None and citation.source_id in checker.broken:
            failed = True
            continue
        if source is None:
            problems.error(
                document.location(raw.mark("source")),
                f"unknown source {brief(citation.source_id)}",
                did_you_mean(citation.source_id, checker.sources, "add it to content/sources/ or fix the id"),
            )
            failed = True
            continue
        unusable = quote_problem(citation.quote)
        if unusable is not None:
            problems.error(document.location(raw.mark("quote")), *unusable)
            failed = True
            continue
        match = checker.find(source, citation.quote)
        if match is None:
            index = checker.index(source.id)
            assert index is not None
            miss = index.explain_miss(citation.quote)
            problems.error(
                document.location(raw.mark("quote")),
                miss.message,
                checker.elsewhere(source, citation.quote) or miss.hint,
            )
            failed = True
            continue
        verified.append(VerifiedCitation(citation, source, match, f"q-{item['id']}-{position + 1}"))
    return None if failed else tuple(verified)


def _figures(item: Mapping, document: YamlDocument, quotes: list[str], problems: Problems) -> tuple[Figure, ...] | None:
    """The fact's figures, each worded as a quote words it; None when one is not (reported)."""
    figures: list[Figure] = []
    ok = True
    for raw in item.get("figures", ()):
        value, unit = float(raw["value"]), raw["unit"]
        approximate = bool(raw.get("approximate", False))
        qualifier = raw.get("qualifier", "about" if approximate else "exact")
        if "qualifier" in raw and "approximate" in raw and approximate != (qualifier == "about"):
            problems.error(
                document.location(raw.mark("approximate")),
                f"figure has both qualifier '{qualifier}' and approximate: {str(approximate).lower()}",
                "drop `approximate` (the older spelling of `qualifier: about`)",
            )
            ok = False
            continue
        wording = word_figure(value, unit, qualifier, quotes)
        if not wording.found:
            problems.error(
                document.location(raw.mark()),
                f"no quote of this fact says '{wording.text}' (value {raw['value']}, unit '{unit}', "
                f"qualifier {qualifier})",
                "give the qualifier the quote uses (about, more-than, up-to, at-least, ...) and, as the unit, "
                "the words that follow the number in the quote",
            )
            ok = False
            continue
        label = " ".join(raw.get("label", "").split())
        missing = label_words_missing(label, quotes)
        if missing:
            problems.error(
                document.location(raw.mark("label")),
                f"figure label says what no quote of this fact says: {', '.join(repr(w) for w in missing)}",
                "take the label's words from the quote",
            )
            ok = False
            continue
        figures.append(Figure(value, unit, approximate, label, qualifier, wording.text))
    return tuple(figures) if ok else None


def _claim(item: Mapping, document: YamlDocument, quotes: list[str], problems: Problems) -> str | None:
    """The fact's `claim` (its version of a disputed point), which must be words of one of its quotes."""
    claim = " ".join(item.get("claim", "").split())
    if claim and not any(fold_key(claim) in fold_key(quote) for quote in quotes):
        problems.error(
            document.location(item.mark("claim")),
            f"claim '{claim}' is not words of any quote of this fact",
            "copy the claim from the quote, so that readers see the source's own words",
        )
        return None
    return claim
