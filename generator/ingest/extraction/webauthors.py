"""The authors of a web page: declared people, the markup's byline, trafilatura's reading, the printed byline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .authors import byline_in_lines, is_generic, name_beside_date


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
    """People, not the site or a placeholder: the first source that names one (declared people, the
    markup's byline, `<meta name="author">`, trafilatura), completed by a later source whose list holds
    them all and more; a printed byline where no source names a person."""
    site_keys = {_key(s) for s in found.sites if len(_key(s)) >= 2}
    sources = (found.declared, found.marked, found.meta, found.extracted)
    lists = [_people(names, site_keys) for names in sources]
    chosen = next((names for names in lists if names), ())
    if chosen:
        fuller = [names for names in lists if len(names) > len(chosen) and _covers(names, chosen)]
        return fuller[0] if fuller else chosen
    printed = _printed(found, site_keys)
    if printed:
        return printed
    return next((kept for kept in (tuple(n for n in names if not is_generic(n)) for names in sources) if kept), ())


def _people(names: tuple[str, ...], site_keys: set[str]) -> tuple[str, ...]:
    """The names that are people: placeholders dropped, and the site's own name unless it is all there is."""
    kept = tuple(n for n in names if not is_generic(n))
    people = tuple(n for n in kept if not _is_site_name(_key(n), site_keys))
    return people if people else ()


def _covers(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    keys = {_key(n) for n in longer}
    return all(_key(n) in keys for n in shorter)


def _printed(found: AuthorSources, site_keys: set[str]) -> tuple[str, ...]:
    """The printed byline's people: near the headline, anywhere, a bare name beside the date; the site's own
    name only when no byline names anyone else."""
    bylines = [byline_in_lines(found.near), byline_in_lines(found.lines), name_beside_date(found.near[1:])]
    found_bylines = [b.authors for b in bylines if b and b.authors]
    people = next((p for p in (_people(names, site_keys) for names in found_bylines) if p), ())
    return people or (found_bylines[0] if found_bylines else ())


def _is_site_name(key: str, sites: set[str]) -> bool:
    return any(key == site or (len(key) >= 4 and key in site) or (len(site) >= 4 and site in key) for site in sites)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower()).removeprefix("www")
