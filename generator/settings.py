"""The project's build settings (`BRIEFING_*` and the few Pelican keys we read), typed and checked once.

Like MkDocs' `config_options`: every setting has a type, a default and a help text;
a settings file is read once, every problem is reported together with its file and
line, and the rest of the build gets a frozen `BuildSettings`, never the raw dict.
What the site is about (name, description, topics) is not a setting: it lives in
`content/site.yaml`.
"""

from __future__ import annotations

import ast
import runpy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model import Location
from generator.problems import Problems, did_you_mean
from generator.site.urls import site_url_problem


@dataclass(frozen=True, slots=True)
class Option:
    """One setting: its key, type, default and what it does."""

    key: str
    kind: type
    default: Any
    help: str
    check: Callable[[Any], str] | None = None
    """Returns what is wrong with a value of the right type ('' when nothing)."""


def _url(value: str) -> str:
    """Refuse anything but '' (site root), a root path or an http(s) address: never `javascript:` or `//host`."""
    return (site_url_problem(value) or "") if value else ""


OPTIONS = (
    Option("SITEURL", str, "", "where the site is served: '', '/repo' or 'https://host/repo'", _url),
    Option(
        "BRIEFING_PUBLIC_URL", str, "", "base of canonical links, citations, exports and feeds (default SITEURL)", _url
    ),
    Option("BRIEFING_SEARCH", bool, True, "build the Pagefind search index"),
    Option("OUTPUT_PATH", str, "output", "output directory, relative to the settings file"),
    Option("BRIEFING_ROOT", str, "", "project directory (default: the settings file's directory)"),
)
"""Every setting the engine reads; Pelican's own keys that the engine does not read are left to Pelican."""

MOVED = {
    "SITENAME": "name",
    "BRIEFING_DESCRIPTION": "description",
    "AUTHOR": "author",
}
"""Settings that are now part of content/site.yaml (key there)."""

DECIDED = {
    "THEME": "the project's own theme is themes/briefing/ (else the engine's); remove THEME",
    "PATH": "content is always read from content/; remove PATH",
}
"""Pelican settings the engine decides from the project's layout: setting them would be silently ignored."""


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """The checked settings a build uses."""

    site_url: str
    public_url: str
    """BRIEFING_PUBLIC_URL as set ('' when unset: the site URL is used)."""
    search: bool
    output_path: Path
    """Absolute."""
    file: Path | None
    """The settings file they were read from (None: engine defaults only)."""


def load_settings(path: Path | None, problems: Problems, root: Path) -> BuildSettings:
    """Read and check a settings file (None: the project has none, so the defaults apply)."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if path is not None:
        try:
            values = {k: v for k, v in runpy.run_path(str(path)).items() if k.isupper()}
            lines = _assignment_lines(path)
        except Exception as exc:  # a settings file is code: report whatever it raised, located
            problems.error(Location(path, _error_line(exc)), f"cannot read settings: {type(exc).__name__}: {exc}")
            values = {}
    return check_settings(values, lines, path or root / "pelicanconf.py", problems)


def check_settings(
    values: Mapping[str, Any], lines: Mapping[str, int], where: Path, problems: Problems
) -> BuildSettings:
    """Check raw settings against OPTIONS; report every problem, return usable values (defaults where bad).

    `where` is the settings file (or where it would be): problems name it, and
    OUTPUT_PATH is relative to its directory.
    """
    known = {option.key: option for option in OPTIONS}
    checked: dict[str, Any] = {}
    for key, value in values.items():
        location = Location(where, lines.get(key, 0))
        if key in MOVED:
            problems.error(
                location,
                f"{key} is no longer a setting",
                f"set '{MOVED[key]}' in content/site.yaml instead and remove {key} from {where.name}",
            )
        elif key in DECIDED:
            problems.error(location, f"{key} is not read by the briefing engine", DECIDED[key])
        elif key in known:
            message = _check_value(known[key], value)
            if message:
                problems.error(location, f"{key}: {message}", known[key].help)
            else:
                checked[key] = value
        elif key.startswith("BRIEFING_"):
            problems.error(location, f"unknown setting {key}", did_you_mean(key, known, "see generator/settings.py"))
    get = {option.key: checked.get(option.key, option.default) for option in OPTIONS}
    base = where.resolve().parent
    site_url = str(get["SITEURL"]).rstrip("/")
    return BuildSettings(
        site_url=site_url,
        public_url=str(get["BRIEFING_PUBLIC_URL"]).rstrip("/"),
        search=bool(get["BRIEFING_SEARCH"]),
        output_path=(base / str(get["OUTPUT_PATH"])).resolve(),
        file=where if where.is_file() else None,
    )


def _check_value(option: Option, value: Any) -> str:
    if not isinstance(value, option.kind) or (option.kind is not bool and isinstance(value, bool)):
        wanted = {str: "text", bool: "True or False"}.get(option.kind, option.kind.__name__)
        return f"expected {wanted}, got {value!r}"
    return option.check(value) if option.check is not None else ""


def _assignment_lines(path: Path) -> dict[str, int]:
    """Line of each top-level `NAME = ...` in a settings file (the last one wins, as in Python)."""
    lines: dict[str, int] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                lines[target.id] = node.lineno
    return lines


def _error_line(exc: Exception) -> int:
    if isinstance(exc, SyntaxError):
        return exc.lineno or 0
    return 0
