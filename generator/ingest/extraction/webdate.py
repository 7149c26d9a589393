"""The publication date of a web page: the date printed beside the headline, checked against the declared one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import PUBLISHED_WORDS, UPDATED_WORDS, find_dates, is_date_line, parse_date

DATE_WINDOW = 1500
"""Characters after the headline searched for the printed date."""
DATE_LINE_MAX_WORDS = 12
"""A longer line near the headline is a sentence: its dates are events, not the publication date."""
LINES_ABOVE = 3
"""Lines just above the headline where a date can stand (`Wednesday 4 May 2022 | 01:10` over the `<h1>`)."""
SOON_BELOW = 12
"""Lines below the headline where a bare printed date outweighs a date the page does not declare itself."""
DATE_AGREEMENT_DAYS = 31
"""A printed date this close to the declared one is the one readers see (time zones shift a day)."""
_MIDNIGHT_EAST = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[T ](22|23):00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00)\s*$")
"""A UTC time of exactly 22:00 or 23:00: a date-only field written at local midnight east of Greenwich."""
_LABEL = re.compile(r"^\s*([^\W\d_][^:]{0,30}):")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)?\d\d)\b")


@dataclass(frozen=True, slots=True)
class PageDates:
    """What a page says about its date: declared in metadata, and printed around the headline."""

    declared: str | None
    """The page's own `datePublished`/`article:published_time` as written there."""
    extracted: str | None
    """trafilatura's reading of the page's date (metadata first, then its own search)."""
    above: list[str]
    """Visible lines just above the headline, nearest last."""
    below: list[str]
    """Visible lines below the headline (a date inside the headline is the story's, not the page's)."""
    lines: list[str]
    """Every visible line, for a labelled date (`Published: ...`) anywhere."""


def declared_day(written: str | None) -> str | None:
    """The calendar day of a declared timestamp; a date-only field stored as local midnight in UTC
    (`2022-11-06T23:00:00Z`) is the next day."""
    if not written:
        return None
    midnight = _MIDNIGHT_EAST.match(written)
    if midnight:
        try:
            return (date.fromisoformat(midnight.group(1)) + timedelta(days=1)).isoformat()
        except ValueError:
            return None
    return parse_date(written)


def choose_published(page: PageDates) -> tuple[str | None, str | None]:
    """The publication date and the text it was read from.

    A printed date near the headline that is the declared day (time zones shift one) wins; else the
    first printed date below the headline when it is within a month of the declared one; else a
    labelled line (`Published: ...`); else, when the page declares a date itself, that date; a date
    that only trafilatura guessed loses to the printed one."""
    written = declared_day(page.declared)
    read = str(page.extracted)[:10] if page.extracted else None
    declared = written if written and (not read or days_apart(written, read) <= 1) else read
    declared_text = page.declared or "the page's metadata"
    near = _printed_near(page)
    below = next((found for found in near if not found[2]), None)
    if declared:
        # a timestamp the page writes may be a time zone's day away from the date it prints; trafilatura's reading is a day
        shift = 1 if written else 0
        same = next((found for found in near if found[0] == declared), None)
        same = same or next((found for found in near if days_apart(found[0], declared) <= shift), None)
        if same:
            return same[0], same[1]
        if below and days_apart(below[0], declared) <= DATE_AGREEMENT_DAYS:
            return below[0], below[1]
        # the page's own date is far from the one printed under its headline: the page prints what readers
        # are told (often `Updated ...`), unless the line labels another kind of date (`Termin: ...`)
        first = next((found for found in near if _at_headline(found, page) and is_date_line(found[1])), None)
        if first and written and not _other_label(first[1]):
            return first[0], first[1]
    labelled = _labelled(page.lines, declared)
    if labelled:
        return labelled
    # a date only trafilatura guessed (no datePublished on the page) loses to a bare date printed just below the headline
    # unless they are a year apart (then the printed one is another event: a birth date in a biography)
    bare = next((found for found in near if _at_headline(found, page) and is_date_line(found[1])), None)
    if bare and not written and (not read or days_apart(bare[0], read) <= 366):
        return bare[0], bare[1]
    if declared:
        return declared, declared_text
    return (below[0], below[1]) if below else (None, None)


def _printed_near(page: PageDates) -> list[tuple[str, str, bool]]:
    """Dates printed on short lines around the headline: (date, line, above?), below the headline first."""
    found: list[tuple[str, str, bool]] = []
    length = 0
    for line in page.below:
        found.extend((day, line[:120], False) for day in _line_dates(line))
        length += len(line)
        if length > DATE_WINDOW:
            break
    for line in reversed(page.above[-LINES_ABOVE:]):
        found.extend((day, line[:120], True) for day in _line_dates(line))
    return found


def _at_headline(found: tuple[str, str, bool], page: PageDates) -> bool:
    """Whether a printed date stands on one of the first lines below the headline."""
    return not found[2] and any(found[1] == line[:120] for line in page.below[:SOON_BELOW])


def _other_label(line: str) -> bool:
    """Whether a date line starts with a label that is not about publishing (`Termin:`, `Deadline:`)."""
    label = _LABEL.match(line)
    if label is None:
        return False
    return not (PUBLISHED_WORDS.search(label.group(1)) or UPDATED_WORDS.search(label.group(1)))


def _line_dates(line: str) -> list[str]:
    """Every reading of the dates a short line prints: `03/05/2022` may be either day first or month first."""
    if len(line.split()) > DATE_LINE_MAX_WORDS:
        return []
    days = [day for day, _ in find_dates(line)]
    for match in _NUMERIC.finditer(line):
        year = match.group("y")
        year = year if len(year) == 4 else f"20{year}"
        a, b = int(match.group("a")), int(match.group("b"))
        readings = [(b, a)] if match.group("sep") == "." else [(b, a), (a, b)]
        for month, day in readings:
            try:
                iso = date(int(year), month, day).isoformat()
            except ValueError:
                continue
            if iso not in days:
                days.append(iso)
    return days


def _labelled(lines: list[str], declared: str | None) -> tuple[str, str] | None:
    """A short `Published: ...` line anywhere on the page, when it agrees with the declared date (or none is)."""
    for line in lines:
        if len(line.split()) <= DATE_LINE_MAX_WORDS and PUBLISHED_WORDS.search(line):
            day = parse_date(line)
            if day and (not declared or days_apart(day, declared) <= DATE_AGREEMENT_DAYS):
                return day, line[:120]
            if day:
                return None
    return None


def days_apart(a: str, b: str) -> int:
    """Whole days between two ISO dates (a large number when either is not one)."""
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10**6
