"""Collect problems with their file and line, and fail once at the end."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from generator.model import Level, Location, Problem


class InputError(Exception):
    """An input that cannot be read at all (a broken YAML file, an empty seed), with where and why.

    The one located-error type: `yamlio.YamlError` and `sources.SeedError` are this class.
    """

    def __init__(self, location: Location, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.location = location
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[type[InputError], tuple[Location, str, str]]:
        # Sent back from the workers that parse seeds and fact sheets.
        return (InputError, (self.location, self.message, self.hint))


class BuildFailed(Exception):
    """Raised once when the input has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        errors = sum(1 for p in self.problems if p.level is Level.ERROR)
        super().__init__(f"{errors} error(s) in the content")


class Problems:
    """An ordered collection of problems found while reading the input."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, location: Location, message: str, hint: str = "") -> None:
        """Record an error."""
        self._items.append(Problem(location, Level.ERROR, message, hint))

    def warning(self, location: Location, message: str, hint: str = "") -> None:
        """Record a warning."""
        self._items.append(Problem(location, Level.WARNING, message, hint))

    def input_error(self, error: InputError) -> None:
        """Record an input that could not be read."""
        self.error(error.location, error.message, error.hint)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere."""
        self._items.extend(problems)

    @property
    def items(self) -> tuple[Problem, ...]:
        """Problems sorted by file, line and column."""
        return tuple(sorted(self._items, key=_sort_key))

    def has_errors(self, strict: bool = False) -> bool:
        """Whether the build must fail (warnings too when strict)."""
        return any(strict or p.level is Level.ERROR for p in self._items)

    def raise_if_failed(self, strict: bool = False) -> None:
        """Raise BuildFailed with every problem if there is an error."""
        if self.has_errors(strict):
            raise BuildFailed(self.items)


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (str(loc.path), loc.line, loc.column, problem.message)


def relative(path: Path, root: Path) -> Path:
    """Path as editors see it: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def summary(problems: Iterable[Problem]) -> str:
    """One line counting errors and warnings."""
    items = list(problems)
    errors = sum(1 for p in items if p.level is Level.ERROR)
    warnings = len(items) - errors
    return f"{errors} error(s), {warnings} warning(s)"


SIMILARITY = 0.8
"""How alike (difflib ratio) a wrong name and a known one must be for a did-you-mean hint:
a typo ('northern-harbor') is far above it, an unrelated new id far below."""

BRIEF_CHARS = 60
"""Longest value quoted in a message; longer ones are cut (an alias bomb is never printed)."""


def did_you_mean(wrong: str, known: Iterable[str], otherwise: str) -> str:
    """Hint naming the closest known spelling of a wrong name, or `otherwise` when none is close."""
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=SIMILARITY)
    return f"did you mean '{close[0]}'?" if close else otherwise


def brief(value: object) -> str:
    """A value as a message quotes it: text in quotes, cut to BRIEF_CHARS; containers by size."""
    if isinstance(value, dict):
        return f"(a mapping of {len(value)} keys)"
    if isinstance(value, list | tuple):
        return f"(a list of {len(value)} items)"
    text = value if isinstance(value, str) else repr(value)
    shown = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    if len(shown) > BRIEF_CHARS:
        shown = f"{shown[:BRIEF_CHARS]}... ({len(text)} characters)"
    return f"'{shown}'"
