"""Find derived copies, count independent sources, and list conflicting facts and spellings.

The work is split by job: derived-copy detection (and its heuristics) in `copies`,
spelling variants in `spellings`, conflicting facts in `conflicts`. This module combines
them into one `Analysis` and re-exports their public names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.analysis.conflicts import ConflictGroup, check_conflicts, fact_groups, find_conflicts, quote_change
from generator.analysis.copies import Copies, candidate_pairs, detect_overlaps
from generator.analysis.labels import SourceLabel, source_labels
from generator.analysis.spellings import Spellings, SpellingVariant, spelling_uses, spelling_variants
from generator.model import Content, Entity, Fact, Overlap, Source
from generator.store import cache
from generator.workers import in_forked_child

__all__ = [
    "Analysis",
    "ConflictGroup",
    "Copies",
    "SpellingVariant",
    "Spellings",
    "analyse",
    "candidate_pairs",
    "check_conflicts",
    "detect_overlaps",
    "fact_groups",
    "find_conflicts",
    "quote_change",
    "reanalyse_entities",
    "reanalyse_facts",
    "reliability_notes",
    "spelling_uses",
    "spelling_variants",
]


@dataclass(frozen=True)
class Analysis:
    """What the sources say about each other and about the facts."""

    overlaps: dict[str, tuple[Overlap, ...]]
    """Source id -> its overlaps with other sources, highest score first (every source)."""
    original_of: dict[str, str]
    """Source id -> the source it copies (detected or declared); absent if independent."""
    rewritten: frozenset[str]
    """Ids of machine-rewritten copies (detected or stated in the notes)."""
    reliability: dict[str, tuple[str, ...]]
    """Source id -> notes derived from the text and the copy analysis."""
    conflicts: tuple[ConflictGroup, ...]
    spellings: tuple[SpellingVariant, ...]
    root_of: dict[str, str] = field(default_factory=dict)
    """Source id -> the root original of its copy group (only sources in a group)."""
    labels: dict[str, SourceLabel] = field(default_factory=dict)
    """Source id -> the words used for it everywhere (see labels.py)."""
    groups: dict[str, tuple[Fact, ...]] = field(default_factory=dict)
    """Group key -> the facts reporting the same event or quantity."""

    def independent_sources(self, fact: Fact) -> tuple[str, ...]:
        """Return the cited source ids, keeping the first one per root original."""
        kept: dict[str, str] = {}
        for source_id in fact.source_ids:
            kept.setdefault(self.root_of.get(source_id, source_id), source_id)
        return tuple(kept.values())

    def badge(self, fact: Fact) -> str:
        """Return `rewrite-only`, `corroborated` or `single-source` for a fact."""
        cited = fact.source_ids
        if cited and all(s in self.rewritten for s in cited):
            return "rewrite-only"
        return "corroborated" if len(self.independent_sources(fact)) >= 2 else "single-source"


def analyse(content: Content, cache_dir: Path | None = None) -> Analysis:
    """Analyse copies, reliability, conflicts and spellings across all content.

    With `cache_dir`, the copy detection and the spelling search, which read only the
    sources' clean texts and a few sidecar fields (and the entities' names), are taken
    from the previous run's results when those inputs and their code are unchanged.
    """
    sources = content.sources
    copies = _cached(cache_dir, "copies", _copies_key(sources), lambda: detect_overlaps(sources), Copies)
    entities = list(content.entities.values())
    uses = _cached(
        cache_dir,
        "spellings",
        _spellings_key(sources, entities),
        lambda: spelling_uses(sources, entities),
        dict,
    )
    variants = spelling_variants(uses)
    labels = source_labels(content.sources, copies)
    groups = fact_groups(content.facts.values())
    return Analysis(
        overlaps=copies.overlaps,
        original_of=copies.original_of,
        rewritten=copies.rewritten,
        reliability={source_id: label.notes for source_id, label in labels.items()},
        conflicts=find_conflicts(groups),
        spellings=variants,
        root_of=copies.root_of,
        labels=labels,
        groups=groups,
    )


def reanalyse_facts(previous: Analysis, content: Content) -> Analysis:
    """The analysis after an edit to facts only (sources and entities unchanged).

    Copies, spellings and labels read only the sources and the entities, so they are
    kept; the fact groups and their conflicts are found again.
    """
    groups = fact_groups(content.facts.values())
    return replace(previous, conflicts=find_conflicts(groups), groups=groups)


def reanalyse_entities(previous: Analysis, content: Content) -> Analysis:
    """The analysis after an edit to the entities' names or aliases (sources unchanged): the
    spellings are searched again, copies and labels kept."""
    uses = spelling_uses(content.sources, list(content.entities.values()))
    return replace(reanalyse_facts(previous, content), spellings=spelling_variants(uses))


def reliability_notes(source: Source, copies: Copies, sources: Mapping[str, Source]) -> tuple[str, ...]:
    """Describe what the text and its copies say about how far to trust the source (see labels.py)."""
    return source_labels(sources, copies)[source.id].notes


def _copies_key(sources: Mapping[str, Source]) -> str:
    """Digest of everything detect_overlaps reads: ids in order, clean texts, copy-related sidecar fields."""

    def parts() -> Iterator[str | None]:
        for source_id, source in sources.items():
            yield source_id
            yield source.id
            yield str(len(source.paragraphs))
            for paragraph in source.paragraphs:
                yield paragraph.text
            yield str(len(source.derived_from))
            yield from source.derived_from
            yield str(len(source.independent_of))
            yield from source.independent_of
            yield source.notes
            yield source.published
            yield source.parsed.detected.published

    return cache.text_digest(parts())


def _spellings_key(sources: Mapping[str, Source], entities: list[Entity]) -> str:
    """Digest of everything spelling_uses reads: the sources' ids and texts, the entities' ids and names."""

    def parts() -> Iterator[str | None]:
        for source in sources.values():
            yield source.id
            yield str(len(source.paragraphs))
            for paragraph in source.paragraphs:
                yield paragraph.text
        for entity in entities:
            yield entity.id
            yield str(len(entity.names))
            yield from entity.names

    return cache.text_digest(parts())


def _cached(directory: Path | None, kind: str, key: str, compute: Any, expected: type) -> Any:
    """The stored result for this key and code, or a freshly computed (and stored) one."""
    if directory is None:
        return compute()
    path = directory / f"{kind}.pickle"
    version = cache.code_version()
    stored = cache.load(path, kind, version)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], expected):
        return stored[1]
    value = in_forked_child(compute)
    cache.save(path, kind, version, (key, value))
    return value
