"""What readers are told about a source, worded once: its name, copy status, reliability notes and removed blocks.

Every page and export that describes a source takes these words from here, so
that the sources list, a source's page, citation cards, fact pages and the data
exports never contradict each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.analysis.copies import Copies
from generator.content.dates import display_date
from generator.model import Source


@dataclass(frozen=True, slots=True)
class SourceLabel:
    """The words used for one source everywhere on the site."""

    name: str
    """How a reader recognises it: outlet and date (`The Harbour Gazette, 3 March 2025`)."""
    copy: str
    """`Machine-rewritten copy of a report by Associated Press`, `Copy of ...`, or '' for an original."""
    rewritten: bool
    """A machine-rewritten copy: its wording is unreliable; flagged on every citation to it."""
    removed: str
    """`4 blocks removed from the scraped page: 3 of page furniture, 1 header line read into the metadata`."""
    notes: tuple[str, ...]
    """Reliability notes, the copy label first."""


def source_name(source: Source) -> str:
    """Outlet and date, or what the text lacks (`Unnamed outlet, 12 September 2023`)."""
    outlet = source.outlet or "Unnamed outlet"
    return f"{outlet}, {display_date(source.published) if source.published else 'undated'}"


def _outlet_and_date(source: Source) -> str:
    return (
        f"{source.outlet or 'an unnamed outlet'} ({display_date(source.published) if source.published else 'undated'})"
    )


def source_labels(sources: Mapping[str, Source], copies: Copies) -> dict[str, SourceLabel]:
    """The label of every source."""
    groups: dict[str, list[str]] = {}
    for source_id, root in copies.root_of.items():
        groups.setdefault(root, []).append(source_id)
    return {
        source_id: label_source(source, copies, sources, groups.get(copies.root_of.get(source_id, ""), ()))
        for source_id, source in sources.items()
    }


def label_source(
    source: Source, copies: Copies, sources: Mapping[str, Source], group: Sequence[str] = ()
) -> SourceLabel:
    """Name, copy status, removed blocks and reliability notes of one source (`group`: its copy group)."""
    rewritten = source.id in copies.rewritten
    original_id = copies.original_of.get(source.id)
    original = source_name(sources[original_id]) if original_id is not None and original_id in sources else ""
    copy = _copy_label(source, rewritten, original)
    removed = removed_summary(source)
    notes = [copy] if copy else []
    others = [_outlet_and_date(sources[s]) for s in group if s != source.id and s in sources]
    if others:
        them = "it" if len(others) == 1 else "them"
        notes.append(f"Shares its text with {' and '.join(others)}: counted with {them} as one independent source")
    wire = source.parsed.detected.original_publisher
    if wire and not source.original_publisher:
        notes.append(f"Wire report: the dateline credits {wire}")
    if removed:
        notes.append(removed)
    checks = (
        (source.published, "No publication date in the text"),
        (source.authors, "No byline"),
        (source.title, "No headline in the text"),
        (source.outlet, "Outlet not named in the text"),
    )
    notes.extend(message for value, message in checks if not value)
    if source.needs_review:
        notes.append("Metadata not yet reviewed")
    return SourceLabel(source_name(source), copy, rewritten, removed, tuple(notes))


def _copy_label(source: Source, rewritten: bool, original: str) -> str:
    prefix = "Machine-rewritten copy" if rewritten else "Copy"
    suffix = ": wording unreliable" if rewritten else ": not independent of it"
    if source.original_publisher:
        return f"{prefix} of a report by {source.original_publisher}{suffix}"
    if original:
        return f"{prefix} of {original}{suffix}"
    return f"{prefix}{suffix}" if rewritten else ""


def removed_summary(source: Source) -> str:
    """How many blocks of the raw file are not article text, and what they were ('' for none)."""
    removed = source.parsed.removed
    if not removed:
        return ""
    furniture = sum(1 for r in removed if r.kind == "furniture")
    metadata = len(removed) - furniture
    parts = [f"{furniture} of page furniture"] if furniture else []
    if metadata:
        parts.append(f"{metadata} header line{'s' if metadata > 1 else ''} read into the metadata")
    total = len(removed)
    return f"{total} block{'s' if total > 1 else ''} removed from the scraped page: {', '.join(parts)}"


def count_sources(cited: int, independent: int) -> str:
    """The one wording of source counts: `1 source`, `3 sources, 1 independent`."""
    if cited == 1:
        return "1 source"
    return f"{cited} sources, {independent} independent"
