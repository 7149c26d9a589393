"""The one form of an id (fact, source, entity, briefing), checked on the whole string."""

from __future__ import annotations

import re
from pathlib import Path

from generator.model import Location
from generator.problems import brief

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
"""Lowercase ASCII letters, digits and hyphens: safe as a file name, a URL path segment and an anchor."""

ID_HINT = "ids use lowercase letters, digits and hyphens, e.g. 'harbour-reopens-march'"


def is_id(value: object) -> bool:
    """Whether a value is an id: the whole string matches (a trailing newline does not)."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def whole_string(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern compiled with ECMA-262 meaning in Python.

    In ECMA-262 (the regex dialect of JSON Schema) `$` matches only at the end of
    the text and `\\d` only ASCII digits; Python's `$` also matches before a final
    newline, which let the id "evil-id\\n" through. So a final `$` becomes `\\Z`,
    and the pattern is compiled ASCII-only.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def file_slug_problem(path: Path) -> tuple[Location, str, str] | None:
    """The problem of a file whose name (without its ending) must be an id but is not."""
    if is_id(path.stem):
        return None
    return (
        Location(path),
        f"file name {brief(path.name)} does not make a valid id (the page address is taken from it)",
        f"rename the file: {ID_HINT}",
    )
