"""Genuine disagreements between sources: groups of facts whose editors set a `conflict` heading."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.content.normal import fold_key
from generator.model import Fact
from generator.problems import Problems


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a disagreement: a claim in the sources' words, and the sources that make it."""

    claim: str
    source_ids: tuple[str, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class ConflictGroup:
    """Facts of one group that genuinely disagree, under the heading their editors gave."""

    key: str
    heading: str
    facts: tuple[Fact, ...]
    versions: tuple[Version, ...]


def fact_groups(facts: Iterable[Fact]) -> dict[str, tuple[Fact, ...]]:
    """Facts by their `group`, in the order they were read."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.group:
            groups.setdefault(fact.group, []).append(fact)
    return {key: tuple(members) for key, members in groups.items()}


def find_conflicts(groups: Mapping[str, Sequence[Fact]]) -> tuple[ConflictGroup, ...]:
    """The groups an editor marked as a conflict whose claims differ between sources."""
    found: list[ConflictGroup] = []
    for key, members in groups.items():
        heading = next((f.conflict for f in members if f.conflict), "")
        versions = _versions(members)
        if heading and _disagree(versions):
            found.append(ConflictGroup(key, heading, tuple(members), versions))
    return tuple(found)


def _versions(members: Sequence[Fact]) -> tuple[Version, ...]:
    """Facts with a claim, merged by claim; each claim's sources are those whose quote holds it."""
    by_claim: dict[str, tuple[list[str], list[Fact]]] = {}
    for fact in members:
        if not fact.claim:
            continue
        sources, facts = by_claim.setdefault(fold_key(fact.claim), ([], []))
        sources += [c.source.id for c in fact.citations if fold_key(fact.claim) in fold_key(c.quoted)]
        facts.append(fact)
    return tuple(
        Version(facts[0].claim, tuple(dict.fromkeys(sources)), tuple(facts)) for sources, facts in by_claim.values()
    )


def _disagree(versions: Sequence[Version]) -> bool:
    """At least two different claims, made by different sources."""
    return len(versions) >= 2 and len({s for v in versions for s in v.source_ids}) >= 2


def check_conflicts(groups: Mapping[str, Sequence[Fact]], problems: Problems) -> None:
    """Report conflict headings that differ within a group, and conflicts whose sources agree."""
    for key, members in groups.items():
        marked = [f for f in members if f.conflict]
        if not marked:
            continue
        headings = list(dict.fromkeys(f.conflict for f in marked))
        if len(headings) > 1:
            problems.error(
                marked[-1].location,
                f"group '{key}' has two conflict headings: {' / '.join(repr(h) for h in headings)}",
                "give every fact of the group the same `conflict` heading, or set it on one fact only",
            )
        if not _disagree(_versions(members)):
            problems.error(
                marked[0].location,
                f"group '{key}' is marked as a conflict, but fewer than two different claims from different "
                "sources are given",
                "give each disagreeing fact a `claim` in its quote's words; if the sources agree, remove `conflict`",
            )


def quote_change(a: str, b: str, limit: int = 3) -> str:
    """Summarise the word changes between two similar quotes ('' when equal or unrelated)."""
    words_a, words_b = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, [_norm(w) for w in words_a], [_norm(w) for w in words_b], autojunk=False)
    if matcher.ratio() < 0.5:
        return ""
    spans = [
        f"{_span(words_a[i1:i2])} vs {_span(words_b[j1:j2])}"
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return "; ".join(spans[:limit]) + ("; …" if len(spans) > limit else "")


def _norm(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()").lower().replace("’", "'")


def _span(words: Sequence[str]) -> str:
    if not words:
        return "—"
    return '"' + " ".join(words[:6]) + (" …" if len(words) > 6 else "") + '"'
