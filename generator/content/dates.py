"""Read dates as articles print them, and format dates for readers."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, January first."""

_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b(?P<m>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b")
_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_printed_date(text: str) -> str | None:
    """ISO date from `2024-11-21 16:39`, `20 Nov. 2024, 17:20` or `November 20, 2024`."""
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(text)
        if not match:
            continue
        month_text = match.group("m")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            return date(int(match.group("y")), month, int(match.group("d"))).isoformat()
        except ValueError:
            continue
    return None


def is_partial_iso(text: str) -> bool:
    """Whether text is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real date."""
    if not _PARTIAL.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def display_date(value: str | None, precision: str | None = "day") -> str:
    """Readable date: `12 September 2023`, `October 2024`, `about 2024`."""
    if not value:
        return "undated"
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        text = f"{parts[2]} {MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    elif len(parts) == 2:
        text = f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    else:
        text = str(parts[0])
    return f"about {text}" if precision == "approximate" else text


def chronological_key(value: str | None) -> tuple[int, int, int]:
    """Sort key of an event date that respects its precision; undated last.

    A date known only to its month or year is listed at the end of that month or
    year, after the dates known within it: "2023" (some time in 2023, e.g. "after
    Shoigu's visit") follows "July 2023", and "November 2024" follows
    "20 November 2024". Plain string order would put "2023" first.
    """
    if not value:
        return (10_000, 13, 32)
    parts = [int(part) for part in value.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)
