"""The site's URL contract: one function per page type, used by pages, exports and tests."""

from __future__ import annotations

import re
from urllib.parse import quote


def briefing(slug: str) -> str:
    """Path of a briefing page."""
    return f"briefings/{slug}/"


def source(source_id: str) -> str:
    """Path of a source page."""
    return f"sources/{source_id}/"


def paragraph(source_id: str, number: int) -> str:
    """Path and anchor of one paragraph of a source."""
    return f"sources/{source_id}/#p{number}"


def seed(name: str) -> str:
    """Path of the verbatim raw article (a web page under a `.txt` name, so it is served as text)."""
    published = name + ".txt" if name.lower().endswith((".html", ".htm")) else name
    return f"seeds/{quote(published)}"


def fact(fact_id: str) -> str:
    """Permalink of a fact."""
    return f"facts/{fact_id}/"


def entity(entity_id: str) -> str:
    """Path of an entity page."""
    return f"entities/{entity_id}/"


SOURCES = "sources/"
FACTS = "facts/"
ENTITIES = "entities/"
TIMELINE = "timeline/"
SEARCH = "search/"
FEED = "feeds/all.atom.xml"


def listing_page(listing: str, number: int) -> str:
    """Path of page `number` (from 1) of a paginated listing: the first page is the listing itself."""
    return listing if number == 1 else f"{listing}page/{number}/"


def facts_page(number: int) -> str:
    """Path of one page of the facts listing."""
    return listing_page(FACTS, number)


def timeline_page(number: int) -> str:
    """Path of one page of the timeline."""
    return listing_page(TIMELINE, number)


def sources_page(number: int) -> str:
    """Path of one page of the sources listing."""
    return listing_page(SOURCES, number)


def save_as(path: str) -> str:
    """File to write for a path: directories get an index.html."""
    return f"{path}index.html" if path.endswith("/") or not path else path


def join(site_url: str, path: str) -> str:
    """Absolute or root-relative URL of a path under the site URL."""
    return f"{site_url.rstrip('/')}/{path}"


_SITE_URL = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?)?(?:/[A-Za-z0-9._~!$&()*+,;=:@%-]+)*/?", re.IGNORECASE | re.ASCII
)
"""An absolute http(s) address, or a path from the server's root (`/repo`); no query,
fragment, quote, space or `//host` (a protocol-relative address would load another site)."""


def site_url_problem(value: str) -> str | None:
    """Why a site URL is refused, or None when it is usable."""
    if value.startswith("//") or _SITE_URL.fullmatch(value) is None:
        shown = value if len(value) <= 60 and value.isprintable() else f"{value[:60]!r}..."
        return (
            f"site URL '{shown}' is not an absolute http(s) address or a path starting with '/' "
            "(e.g. https://example.org/briefings or /briefings)"
        )
    return None
