"""Template helpers and globals for the theme; the environment itself comes from Pelican."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from . import urls
from .dates import MONTH_NAMES, display_date
from .model import Content
from .views import TOPIC_TITLES

KIND_TITLES = {
    "person": "People",
    "organisation": "Organisations",
    "country": "Countries",
    "place": "Places",
    "military-unit": "Military units",
    "weapon": "Weapons and equipment",
}
KIND_SINGULAR = {
    "person": "Person",
    "organisation": "Organisation",
    "country": "Country",
    "place": "Place",
    "military-unit": "Military unit",
    "weapon": "Weapon or equipment",
}
RELATIONS = {
    "copy-of": "this article appears to copy it",
    "copied-by": "it appears to copy this article",
    "shares-text": "the two share passages",
}


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What templates need to know about where the site lives."""

    site_url: str
    """`''` (root), `/repo` (sub-path) or an absolute `https://host/repo`."""
    public_url: str
    """Base for canonical links, citations, exports and feeds: BRIEFING_PUBLIC_URL, else site_url."""
    site_name: str
    description: str
    csp: str


def content_security_policy() -> str:
    """Allow only the site itself, plus what Pagefind needs to run its WebAssembly."""
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


_ACRONYMS = frozenset({"nis", "ppp", "dp", "us", "un", "kcna", "tass", "icbm", "mrl", "ap", "tbs"})
_EXPANSIONS = {"nk": "North Korean", "sk": "South Korean"}
_MONTHS = frozenset(name.lower() for name in MONTH_NAMES)


def group_title(key: str) -> str:
    """Heading for a group of related reports: `nis-briefing-november-2024` -> `NIS briefing November 2024`."""
    words = key.split("-")
    shown = [
        _EXPANSIONS.get(w) or (w.upper() if w in _ACRONYMS else w.capitalize() if w in _MONTHS else w) for w in words
    ]
    if shown and shown[0] == words[0]:
        shown[0] = shown[0].capitalize()
    return " ".join(shown)


NAV_PATHS = ("", "timeline/", "facts/", "sources/", "entities/", "about/")
"""Pages the main navigation links to (marked aria-current on those pages)."""


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every page repeats and what depends only on the site: the stylesheet links,
    the header (one version per navigation entry that can be current) and the footer.
    Rendered once per build from their partials instead of on every one of tens of
    thousands of pages (about a fifth of a fact page's render time)."""

    head: Markup
    footer: Markup
    headers: dict[tuple[str | None, str], Markup]
    """By (navigation entry, aria-current value); (None, "") marks nothing."""

    def header(self, path: str) -> Markup:
        """The site header for a page, with its navigation entry marked current: as the
        page itself, or as the section of a later page of a listing (`facts/page/2/`)."""
        found = self.headers.get((path, "page"))
        if found is not None:
            return found
        for current in NAV_PATHS[1:]:
            if path.startswith(f"{current}page/"):
                return self.headers[(current, "true")]
        return self.headers[(None, "")]


def configure(env: Environment, site: SiteSettings, content: Content) -> None:
    """Install the helpers every template uses."""
    env.autoescape = True
    env.globals.update(_globals(site, content))
    env.filters["group_title"] = group_title
    env.globals["chrome"] = render_chrome(env)


def render_chrome(env: Environment) -> Chrome:
    """Render the partials every page shares (after the globals they use are installed)."""

    def partial(name: str, **values: object) -> Markup:
        return Markup(env.get_template(f"partials/{name}.html").render(**values).rstrip("\n"))

    return Chrome(
        head=partial("head-links"),
        footer=partial("site-footer"),
        headers={
            (current, mark): partial("site-header", current=current, mark=mark)
            for current, mark in [*((p, "page") for p in NAV_PATHS), *((p, "true") for p in NAV_PATHS[1:]), (None, "")]
        },
    )


def _globals(site: SiteSettings, content: Content) -> dict[str, Any]:
    def url(path: str) -> str:
        return urls.join(site.site_url, path)

    def absolute(path: str) -> str:
        return urls.join(site.public_url, path)

    relation_text: Callable[[str], str] = lambda relation: RELATIONS.get(relation, relation)  # noqa: E731
    return {
        "url": url,
        "absolute": absolute,
        "display_date": display_date,
        "relation_text": relation_text,
        "TOPIC_TITLES": TOPIC_TITLES,
        "KIND_TITLES": KIND_TITLES,
        "KIND_SINGULAR": KIND_SINGULAR,
        "SITENAME": site.site_name,
        "SITE_DESCRIPTION": site.description,
        "CSP": site.csp,
        "FEED": urls.FEED,
        "seed_path": urls.seed,
        "sources_by_id": content.sources,
    }
