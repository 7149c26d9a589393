"""Machine-readable exports: facts, sources and entities as JSON, facts as CSV.

The format is versioned (`format_version`); docs/DATA.md documents every field.
Each export is made as a stream of pieces (`*_parts`), written one by one by the build:
at 100,000 sources the whole texts were gigabytes held at once. The functions returning
one string join the same pieces.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from generator.analysis import Analysis
from generator.model import Content, Fact, Source
from generator.site import urls

FORMAT_VERSION = 1


def facts_json(content: Content, analysis: Analysis, site_url: str) -> str:
    """All facts with their citations, as JSON."""
    return "".join(facts_json_parts(content, analysis, site_url))


def facts_json_parts(content: Content, analysis: Analysis, site_url: str) -> Iterator[str]:
    """`facts_json` in pieces, one record at a time."""
    records = (_fact_record(f, analysis, site_url) for f in _sorted_facts(content))
    return _dump_parts("briefing-facts", "facts", records)


def sources_json(content: Content, analysis: Analysis, site_url: str) -> str:
    """All sources with their metadata, seed file and reliability notes, as JSON."""
    return "".join(sources_json_parts(content, analysis, site_url))


def sources_json_parts(content: Content, analysis: Analysis, site_url: str) -> Iterator[str]:
    """`sources_json` in pieces, one record at a time."""
    ordered = sorted(content.sources.values(), key=lambda s: s.id)
    return _dump_parts("briefing-sources", "sources", (_source_record(s, analysis, site_url) for s in ordered))


def entities_json(content: Content, site_url: str) -> str:
    """All entities with their aliases, as JSON."""
    records = [
        {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "role": e.role,
            "aliases": list(e.aliases),
            "url": urls.join(site_url, urls.entity(e.id)),
        }
        for e in sorted(content.entities.values(), key=lambda e: e.id)
    ]
    return _dump("briefing-entities", "entities", records)


CSV_COLUMNS = (
    "fact_id",
    "statement",
    "date",
    "date_precision",
    "kind",
    "status",
    "topics",
    "entities",
    "badge",
    "source_id",
    "seed",
    "paragraph",
    "quote",
    "url",
)


def facts_csv(content: Content, analysis: Analysis, site_url: str) -> str:
    """One row per citation, so that every quote stands beside its fact."""
    return "".join(facts_csv_parts(content, analysis, site_url))


CSV_FACTS_PER_PART = 1000
"""Facts whose rows make one piece of `facts_csv_parts`."""


def facts_csv_parts(content: Content, analysis: Analysis, site_url: str) -> Iterator[str]:
    """`facts_csv` in pieces of CSV_FACTS_PER_PART facts' rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, fact in enumerate(_sorted_facts(content), 1):
        for vc in fact.citations:
            writer.writerow(
                (
                    fact.id,
                    fact.statement,
                    fact.date or "",
                    fact.date_precision or "",
                    fact.kind,
                    fact.status,
                    " ".join(fact.topics),
                    " ".join(fact.entity_ids),
                    analysis.badge(fact),
                    vc.source.id,
                    vc.source.seed,
                    vc.match.paragraph.number,
                    vc.citation.quote,
                    urls.join(site_url, urls.fact(fact.id)),
                )
            )
        if number % CSV_FACTS_PER_PART == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _sorted_facts(content: Content) -> list[Fact]:
    return sorted(content.facts.values(), key=lambda f: f.id)


def _fact_record(fact: Fact, analysis: Analysis, site_url: str) -> dict[str, Any]:
    return {
        "id": fact.id,
        "statement": fact.statement,
        "date": fact.date,
        "date_precision": fact.date_precision,
        "kind": fact.kind,
        "status": fact.status,
        "topics": list(fact.topics),
        "entities": list(fact.entity_ids),
        "figures": [
            {
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.kind,
                "approximate": f.kind == "about",
                "label": f.label,
                "text": f.display,
            }
            for f in fact.figures
        ],
        "group": fact.group,
        "note": fact.note or None,
        "badge": analysis.badge(fact),
        "independent_sources": list(analysis.independent_sources(fact)),
        "url": urls.join(site_url, urls.fact(fact.id)),
        "citations": [
            {
                "source": vc.source.id,
                "seed": vc.source.seed,
                "quote": vc.citation.quote,
                "paragraph": vc.match.paragraph.number,
                "source_text": vc.quoted,
                "machine_rewritten": vc.source.id in analysis.rewritten,
                "url": urls.join(site_url, vc.url_fragment),
            }
            for vc in fact.citations
        ],
    }


def _source_record(source: Source, analysis: Analysis, site_url: str) -> dict[str, Any]:
    return {
        "id": source.id,
        "seed": source.seed,
        "seed_url": urls.join(site_url, urls.seed(source.seed)),
        "sha256": source.parsed.sha256,
        "title": source.title,
        "outlet": source.outlet,
        "original_publisher": source.original_publisher,
        "authors": list(source.authors),
        "published": source.published,
        "published_note": source.published_note or None,
        "url": source.url,
        "language": source.language,
        "derived_from": list(source.derived_from),
        "detected_original": analysis.original_of.get(source.id),
        "overlaps": [
            {"source": o.other_id, "score": round(o.score, 3), "relation": o.relation}
            for o in analysis.overlaps.get(source.id, ())
        ],
        "reliability": list(analysis.reliability.get(source.id, ())),
        "copy": label.copy or None if (label := analysis.labels.get(source.id)) else None,
        "machine_rewritten": source.id in analysis.rewritten,
        "notes": source.notes or None,
        "paragraphs": len(source.paragraphs),
        "removed_blocks": len(source.parsed.removed),
        "page": urls.join(site_url, urls.source(source.id)),
    }


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
"""Without `indent`, json uses its C encoder (the indented encoder is pure Python, and was
most of the export time at 10,000 sources)."""


def _dump(format_name: str, key: str, records: list[dict[str, Any]]) -> str:
    """The export object with one record per line: compact, quick to write, and a
    changed record shows as one changed line in a diff."""
    return "".join(_dump_parts(format_name, key, records))


def _dump_parts(format_name: str, key: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`_dump` in pieces: the head, then each record on its line."""
    head = _ENCODE({"format": format_name, "format_version": FORMAT_VERSION})[:-1]
    separator = f'{head}, "{key}": [\n'
    for record in records:
        yield separator + _ENCODE(record)
        separator = ",\n"
    yield f'{head}, "{key}": []}}\n' if separator != ",\n" else "\n]}\n"
