"""The authors of a web page: declared people, the markup's byline, trafilatura's reading, the printed byline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .authors import BARE_NAME_LINES, all_bylines, is_generic, name_beside_date, parse_names

_COMMENTER = re.compile(r"\b(?:says|said|sagt|schreibt|writes|dit|dice)$|^on\s", re.IGNORECASE)
NEAR_NAME_LINES = 12
"""Lines below the headline searched for the printed form of a declared name."""


@dataclass(frozen=True, slots=True)
class AuthorSources:
    """Every place a page names its authors, before any judgement."""

    declared: tuple[str, ...]
    """People in the article's JSON-LD or a `twitter:label`/`data` pair."""
    meta: tuple[str, ...]
    """`<meta name="author">` and the like."""
    marked: tuple[str, ...]
    """Names in elements the markup marks as the author (`rel="author"`, `itemprop="author"` ...)."""
    extracted: tuple[str, ...]
    """trafilatura's reading (it normalises names and may take a commenter's)."""
    near: list[str]
    """Visible lines from the headline down."""
    lines: list[str]
    """Every visible line."""
    sites: tuple[str, ...]
    """Names the page gives itself (site name, publisher, `<title>` segments)."""


def choose_authors(found: AuthorSources) -> tuple[str, ...]:
    """People, not the site or a placeholder, from the most explicit source that names one.

    In order: declared people, the markup's byline, a byline printed under the headline, `<meta
    name="author">` (when it has a name's shape), trafilatura's reading, a byline anywhere on the page.
    A later source listing the same people and more completes the list; the site's own name is kept
    only when nothing names a person."""
    site_keys = {_key(s) for s in found.sites if len(_key(s)) >= 2}
    meta = tuple(name for name in found.meta if parse_names(name))
    # trafilatura takes a commenter's `X says` or a date for a name
    extracted = tuple(n for n in found.extracted if not _COMMENTER.search(n))
    near = _bylines(found.near, BARE_NAME_LINES) if found.near else []
    marked = [found.declared, found.marked, *near, meta, extracted]
    anywhere = _bylines(found.lines, 0)
    lists = [_people(names, site_keys) for names in (*marked, *anywhere)]
    chosen = next((names for names in lists[: len(marked)] if names), ())
    if not chosen:
        # the page's own markers naming only the site outweigh a byline found somewhere else on the page
        site = next((kept for kept in (tuple(n for n in names if not is_generic(n)) for names in marked) if kept), ())
        chosen = site or next((names for names in lists if names), ())
    if chosen:
        fuller = [names for names in lists if len(names) > len(chosen) and _covers(names, chosen)]
        return _as_printed(fuller[0] if fuller else chosen, found.near)
    return next((kept for kept in (tuple(n for n in names if not is_generic(n)) for names in anywhere) if kept), ())


def _bylines(lines: list[str], beside_date: int) -> list[tuple[str, ...]]:
    """The names of every byline in lines (and of a bare name beside the date in the first lines), in order."""
    found = [byline.authors for byline in all_bylines(lines)]
    if beside_date:
        bare = name_beside_date(lines[1:])
        if bare:
            found.append(bare.authors)
    return found


def _people(names: tuple[str, ...], site_keys: set[str]) -> tuple[str, ...]:
    """The names that are people: placeholders and the site's own name dropped."""
    return tuple(n for n in names if not is_generic(n) and not _is_site_name(_key(n), site_keys))


def _covers(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    keys = {_key(n) for n in longer}
    return all(_key(n) in keys for n in shorter)


def _as_printed(names: tuple[str, ...], near: list[str]) -> tuple[str, ...]:
    """Each name as the page prints it under the headline: `arianschlichenmayer` is `Arian Schlichenmayer`,
    a first name alone is completed by the surname printed after it (`Nils` in `A column by Nils Berg`)."""
    lines = [" ".join(line.split()) for line in near[:NEAR_NAME_LINES]]
    printed: list[str] = []
    for name in names:
        same = next((line for line in lines if len(line.split()) <= 4 and _key(line) == _key(name)), None)
        parsed = parse_names(same) if same else None
        whole = parsed and len(parsed.authors) == 1 and _key(parsed.authors[0]) == _key(name)
        same = parsed.authors[0] if parsed and whole else None
        if same is None and len(name.split()) == 1:
            pattern = re.compile(rf"\b{re.escape(name)}\s+([A-ZÀ-ÖØ-Þ][\w'’-]+)(?!\s+[A-ZÀ-ÖØ-Þ])")
            longer = next((m for m in (pattern.search(line) for line in lines) if m), None)
            same = f"{name} {longer.group(1)}" if longer and parse_names(longer.group(0)) else None
        printed.append(same or name)
    return tuple(printed)


def _is_site_name(key: str, sites: set[str]) -> bool:
    return any(key == site or (len(key) >= 4 and key in site) or (len(site) >= 4 and site in key) for site in sites)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower()).removeprefix("www")
