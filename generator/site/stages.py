"""The work of each build stage after loading: plan the pages, write exports, list the feed.

`build.build_site` runs these in order (and times them); the Pelican generator in
plugin.py, which Pelican's own dev server runs, calls the same functions. Nothing
here imports Pelican.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.analysis import Analysis
from generator.content.dates import display_date
from generator.content.factrefs import make_parser
from generator.content.load import Layout, collector_paused
from generator.model import Content, TextPage
from generator.site import exports, sitefiles, theme, urls
from generator.site.history import History, read_history
from generator.site.lazypages import refs_of
from generator.site.plan import Page, SiteIndex, build_index, plan_site
from generator.site.render import write_parts, write_text
from generator.site.toc import anchor_headings


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Every page to write and what they are planned from."""

    content: Content
    analysis: Analysis
    site: theme.SiteSettings
    index: SiteIndex
    pages: Sequence[Page]
    """Made when read, mostly (see lazypages.py)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of the site's feed (a briefing)."""

    title: str
    url: str
    summary: str
    content: str
    updated: str
    """ISO date."""


def site_settings(site_url: str, public_url: str, content: Content) -> theme.SiteSettings:
    """What the templates know about the site: where it lives (settings) and what it is (site.yaml)."""
    return theme.SiteSettings(
        site_url=site_url,
        public_url=public_url or site_url,
        site_name=content.site.name,
        description=content.site.description,
        csp=theme.content_security_policy(),
        licence=content.site.licence,
        licence_url=content.site.licence_url,
        corrections=content.site.corrections,
        corrections_url=content.site.corrections_url,
    )


def plan(content: Content, analysis: Analysis, site: theme.SiteSettings) -> SitePlan:
    """Plan every HTML page of the site."""
    with collector_paused():  # builds large, long-lived, acyclic structures
        index = build_index(content, analysis, site.site_url)
        pages = plan_site(content, analysis, index).extended(plan_text_pages(content.pages.values()))
    return SitePlan(content, analysis, site, index, pages)


def configure_theme(
    env: Any, site: theme.SiteSettings, content: Content, analysis: Analysis, history: History | None = None
) -> None:
    """Give the theme its globals: site helpers, each source's labels and the history of changes
    (`history`, or read from git now)."""
    theme.configure(env, site, content)
    env.globals["labels"] = analysis.labels  # one wording of each source (labels.py)
    theme.install_history(env, history if history is not None else read_content_history(content.root))


def read_content_history(root: Path) -> History:
    """The git history of the project's briefings and fact sheets."""
    layout = Layout(root)
    return read_history(layout.root, layout.briefings, layout.facts)


def plan_text_pages(pages: Iterable[TextPage]) -> list[Page]:
    """One site page per text page, its Markdown rendered (raw HTML is off)."""
    md = make_parser()
    return [
        Page(
            f"{page.slug}/",
            "page.html",
            page.title,
            {"body_html": anchor_headings(md.render(page.body))[0]},
            description=page.description,
        )
        for page in pages
    ]


def render_extra(plan: SitePlan) -> dict[str, Any]:
    """Values every page template may look up besides its own context."""
    return {"json_ld_by_slug": json_ld_by_slug(plan.index, plan.site)}


def json_ld_by_slug(index: SiteIndex, site: theme.SiteSettings) -> dict[str, str]:
    """Each briefing's structured data (JSON-LD), by slug."""
    return {
        v.briefing.meta.slug: sitefiles.briefing_json_ld(v, site.public_url, site.site_name)
        for v in index.views.values()
    }


def write_exports(plan: SitePlan, output: Path, theme_dir: Path) -> None:
    """Write the verbatim seeds, the data exports, sitemap, robots.txt and the theme's static files."""
    _copy_seeds(plan.content, output)
    base = plan.site.public_url
    content, analysis = plan.content, plan.analysis
    data = output / "data"
    # The large exports are written as they are made, never held whole (see exports.py).
    write_parts(data / "facts.json", exports.facts_json_parts(content, analysis, base))
    write_parts(data / "sources.json", exports.sources_json_parts(content, analysis, base))
    write_text(data / "entities.json", exports.entities_json(content, base))
    write_parts(data / "facts.csv", exports.facts_csv_parts(content, analysis, base))
    write_text(output / "sitemap.xml", sitefiles.sitemap(refs_of(plan.pages), base))
    write_text(output / "robots.txt", sitefiles.robots(base))
    copy_theme_static(theme_dir, output)


def copy_theme_static(theme_dir: Path, output: Path) -> None:
    """Copy the theme's `static/` into `theme/` of the output, with the stylesheets minified."""
    from generator.site.assets import minify_stylesheets

    static = theme_dir / "static"
    if static.is_dir():
        shutil.copytree(static, output / "theme", dirs_exist_ok=True)
    minify_stylesheets(output)


def _copy_seeds(content: Content, output: Path) -> None:
    target = output / "seeds"
    target.mkdir(parents=True, exist_ok=True)
    seeds = Layout(Path(content.root)).seeds
    for name in sorted(s.seed for s in content.sources.values()):
        # a web page is published under a .txt name: served as text, its scripts never run on the site
        shutil.copyfile(seeds / name, output / unquote(urls.seed(name)))
    shutil.copyfile(seeds / "SHA256SUMS", target / "SHA256SUMS")


def feed_entries(plan: SitePlan) -> list[FeedEntry]:
    """The feed's entries: the briefings, most recently updated first."""
    views = sorted(
        plan.index.views.values(), key=lambda v: (v.briefing.meta.updated, v.briefing.meta.slug), reverse=True
    )
    # Entries carry HTML: every piece of content in them is escaped text. (Pelican strips
    # tags from the title and unescapes it, which gives back the exact text.)
    return [
        FeedEntry(
            title=escape(v.briefing.meta.title),
            url=urls.briefing(v.briefing.meta.slug),
            summary=escape(v.briefing.meta.summary),
            content=f"<p>{escape(v.briefing.meta.summary)}</p><p>As of {display_date(v.briefing.meta.as_of)}; "
            f"{len(v.notes)} facts from {v.source_count} sources.</p>",
            updated=v.briefing.meta.updated,
        )
        for v in views
    ]
