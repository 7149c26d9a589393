"""Where a reviewed sidecar disagrees with what the article itself prints (date, headline, byline)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.model import ParsedSeed

from .dates import find_dates, is_date_line
from .titles import token_overlap

TITLE_AGREEMENT = 0.5
"""Token overlap under which a sidecar title is not the printed headline (spelling fixes stay above it)."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One sidecar field that the article's own text contradicts."""

    field: str
    message: str
    hint: str


def disagreements(source_id: str, data: Mapping[str, Any], parsed: ParsedSeed) -> list[Disagreement]:
    """Fields of a sidecar that differ from what the seed prints; nothing where the seed prints nothing."""
    found: list[Disagreement] = []
    printed = printed_dates(parsed)
    published = data.get("published")
    if isinstance(published, str) and printed and published not in printed:
        shown = ", ".join(f"{iso} ({text!r})" for iso, text in list(printed.items())[:3])
        found.append(
            Disagreement(
                "published",
                f"source '{source_id}' gives published {published}, a date the article does not print "
                f"(it prints {shown})",
                "use the printed date, or say in published_note why the sidecar differs",
            )
        )
    title, headline = data.get("title"), parsed.detected.title
    if isinstance(title, str) and headline and token_overlap(title, headline) < TITLE_AGREEMENT:
        found.append(
            Disagreement(
                "title",
                f"source '{source_id}' title {title!r} is not the headline the article prints ({headline!r})",
                "copy the printed headline; a headline the text does not print needs a note",
            )
        )
    authors = data.get("authors")
    bylined = parsed.detected.authors
    if isinstance(authors, list) and bylined and not _same_people(authors, bylined):
        found.append(
            Disagreement(
                "authors",
                f"source '{source_id}' authors {authors!r} differ from the byline the article prints "
                f"({', '.join(bylined)})",
                "copy the names from the byline",
            )
        )
    return found


def printed_dates(parsed: ParsedSeed) -> dict[str, str]:
    """Dates the article prints in its header, date lines and removed timestamps, with the text they came from."""
    dates: dict[str, str] = {}
    if parsed.detected.published:
        dates[parsed.detected.published] = parsed.detected.published_text or parsed.detected.published
    for removed in parsed.removed:
        if removed.kind == "metadata" or is_date_line(removed.text):
            for iso, _ in find_dates(removed.text):
                dates.setdefault(iso, removed.text.strip()[:80])
    return dates


def _same_people(listed: list[Any], bylined: tuple[str, ...]) -> bool:
    names = {" ".join(str(n).lower().split()) for n in listed}
    return any(" ".join(b.lower().split()) in names for b in bylined)
