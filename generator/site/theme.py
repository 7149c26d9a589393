"""Template helpers and globals for the theme; the environment itself comes from Pelican."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.analysis.labels import count_sources
from generator.content.dates import display_date
from generator.model import Content
from generator.site import urls
from generator.site.citing import citation_formats
from generator.site.fragments import FactItems
from generator.site.history import History

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
    licence: str = ""
    """Licence of the site's own content, from content/site.yaml."""
    licence_url: str = ""
    """Where the licence is explained (site.yaml `licence_url`), absolute or a site path."""
    corrections: str = ""
    """How readers send a correction, from content/site.yaml."""
    corrections_url: str = ""
    """Where to report an error (site.yaml `corrections_url`): an e-mail address, an absolute URL or a site path."""


def content_security_policy() -> str:
    """Allow only the site itself, plus what Pagefind needs to run its WebAssembly."""
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def number_runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of consecutive numbers, for lists of notes: 1, 2, 3, 5 -> (1, 3), (5, 5)."""
    runs: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def number_word(n: int) -> str:
    """A count at the start of a sentence: `3` -> `Three`, `12` -> `12`."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


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
    env.filters["number_runs"] = number_runs
    env.globals["fact_item"] = FactItems(env)
    env.globals["chrome"] = render_chrome(env)


def install_history(env: Environment, history: History) -> None:
    """Give templates the changes by briefing and by fact (dicts: incremental builds record which entries a page reads)."""
    env.globals["briefing_history"] = history.briefings
    env.globals["fact_history"] = history.facts
    env.globals["HISTORY_NOTE"] = history.reason or (
        "Only the most recent changes are listed." if history.limited else ""
    )
    env.globals["HISTORY_AVAILABLE"] = history.available


def link_target(value: str, url: Callable[[str], str]) -> str:
    """An href for a setting that names an e-mail address, an absolute URL or a path of the site."""
    if "@" in value and "/" not in value:
        return f"mailto:{value}"
    if value.startswith(("http://", "https://", "mailto:")):
        return value
    return url(value)


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
        "citation_formats": citation_formats,
        "relation_text": relation_text,
        "SITE": content.site,
        "TOPIC_TITLES": content.site.topic_titles,
        "KIND_TITLES": {k.slug: k.title for k in content.site.entity_kinds},
        "KIND_SINGULAR": {k.slug: k.singular for k in content.site.entity_kinds},
        "number_word": number_word,
        "SITENAME": site.site_name,
        "SITE_DESCRIPTION": site.description,
        "CSP": site.csp,
        "LICENSE": site.licence,
        "LICENSE_URL": link_target(site.licence_url, url) if site.licence_url else "",
        "CORRECTIONS": site.corrections,
        "CORRECTIONS_URL": link_target(site.corrections_url, url) if site.corrections_url else "",
        "FEED": urls.FEED,
        "seed_path": urls.seed,
        "sources_by_id": content.sources,
        "count_sources": count_sources,
    }
