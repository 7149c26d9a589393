"""Group facts that report the same thing and describe how they differ."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .model import Fact
from .spellings import Spellings, SpellingVariant

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ConflictGroup:
    """Facts that report the same thing, and how they differ."""

    key: str
    facts: tuple[Fact, ...]
    differences: tuple[str, ...]


def find_conflicts(facts: Iterable[Fact], variants: Iterable[SpellingVariant] = ()) -> tuple[ConflictGroup, ...]:
    """Group facts by their `group` and list how the members differ."""
    spellings = {v.entity_id: v.spellings for v in variants}
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.group:
            groups.setdefault(fact.group, []).append(fact)
    found: list[ConflictGroup] = []
    for key, members in groups.items():
        differences = _differences(members, spellings)
        cited = {s for fact in members for s in fact.source_ids}
        if len(members) >= 2 and (len(cited) >= 2 or differences):
            found.append(ConflictGroup(key, tuple(members), differences))
    return tuple(found)


def _differences(facts: Sequence[Fact], spellings: Mapping[str, Spellings]) -> tuple[str, ...]:
    out: list[str] = []
    shown = {(f.value, f.unit): f.display for fact in reversed(facts) for f in fact.figures}
    figures = _most_precise(
        [tuple(sorted({(f.value, f.unit) for f in fact.figures})) for fact in facts if fact.figures]
    )
    if len(figures) >= 2:
        out.append("figures differ: " + " vs ".join(", ".join(shown[k] for k in fs) for fs in figures))
    dates = _most_precise([f.date for f in facts if f.date])
    if len(dates) >= 2:
        out.append(f"dates differ: {' vs '.join(dates)}")
    statuses = list(dict.fromkeys(f.status for f in facts))
    if len(statuses) >= 2:
        out.append(f"status differs: {' vs '.join(statuses)}")
    out.extend(_wording(facts))
    out.extend(_group_spellings(facts, spellings))
    return tuple(out)


def _most_precise(values: Sequence[_T]) -> list[_T]:
    """Distinct values not implied by a more precise one (a date's prefix, a subset of figures)."""
    distinct = list(dict.fromkeys(values))
    return [v for v in distinct if not any(v != w and _implied(v, w) for w in distinct)]


def _implied(coarse: object, fine: object) -> bool:
    if isinstance(coarse, str) and isinstance(fine, str):
        return fine.startswith(coarse)
    return isinstance(coarse, tuple) and isinstance(fine, tuple) and set(coarse) < set(fine)


def _wording(facts: Sequence[Fact]) -> list[str]:
    """Word-level differences between similar quotes from different sources."""
    quotes = list(dict.fromkeys((c.source.id, c.citation.quote) for f in facts for c in f.citations))
    out: list[str] = []
    for index, (source_a, quote_a) in enumerate(quotes):
        for source_b, quote_b in quotes[index + 1 :]:
            change = quote_change(quote_a, quote_b) if source_a != source_b else ""
            if change and f"wording differs: {change}" not in out:
                out.append(f"wording differs: {change}")
    return out


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


def _group_spellings(facts: Sequence[Fact], spellings: Mapping[str, Spellings]) -> list[str]:
    cited = {s for fact in facts for s in fact.source_ids}
    out: list[str] = []
    for entity_id in dict.fromkeys(e for fact in facts for e in fact.entity_ids):
        here = {n: [s for s in ids if s in cited] for n, ids in spellings.get(entity_id, ())}
        here = {n: ids for n, ids in here.items() if ids}
        if len(here) >= 2:
            out.append("spellings differ: " + " vs ".join(f"{n} ({', '.join(ids)})" for n, ids in here.items()))
    return out
