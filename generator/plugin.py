"""The only module that imports Pelican: Pelican as an adapter at the edge of the build.

Pelican gives us its settings reader, its Jinja environment (theme loader, filters)
and its feed writer. `briefing build` (build.py) and the live preview (serve/) drive the
build themselves and only ask this module for those; Pelican's own command line
(`pelican`) calls `BriefingGenerator`, which runs the same stages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from pelican import signals
from pelican.generators import Generator
from pelican.settings import read_settings
from pelican.utils import get_date
from pelican.writers import Writer

from generator.analysis import analyse
from generator.content.load import Layout, collector_paused, load_content
from generator.model import Content, Level
from generator.problems import Problems
from generator.site import stages, theme, urls
from generator.site.assets import minify_stylesheets
from generator.site.render import write_pages
from generator.site.search import index_site
from generator.store.cache import cache_dir

logger = logging.getLogger(__name__)

ENGINE_SETTINGS: dict[str, Any] = {
    "PLUGINS": ["generator.plugin"],
    # Pelican reads no articles or pages itself: our stages render every page from the
    # checked content model.
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [],
    "STATIC_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "READERS": {"md": None, "html": None, "rst": None},
    "THEME_STATIC_DIR": "theme",
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "JINJA_ENVIRONMENT": {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []},
    "RELATIVE_URLS": False,
    "DELETE_OUTPUT_DIRECTORY": False,
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
}
"""Pelican settings the engine needs whatever a project's settings file says."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """The attributes Pelican's feed writer reads from an article."""

    title: str
    url: str
    summary: str
    content: str
    date: Any
    author: str = ""

    def get_content(self, site_url: str) -> str:
        """Full text of the entry."""
        return self.content


@dataclass(frozen=True, slots=True)
class Engine:
    """Pelican's pieces a build uses: its settings and the Jinja environment of the theme."""

    settings: dict[str, Any]
    env: Environment


def pelican_overrides(root: Path, content: Content, site_url: str, public_url: str) -> dict[str, Any]:
    """The Pelican settings that come from the project (layout, site.yaml) rather than the settings file."""
    return {
        **ENGINE_SETTINGS,
        "PATH": str(Layout(root).content),
        "THEME": str(Layout(root).theme),
        "SITEURL": site_url,
        "BRIEFING_PUBLIC_URL": public_url,
        "SITENAME": content.site.name,
        "AUTHOR": content.site.author,
        "DEFAULT_LANG": content.site.language,
        "BRIEFING_ROOT": str(root),
    }


def open_engine(settings_file: Path | None, overrides: dict[str, Any], output: Path) -> Engine:
    """Pelican's settings (file, then overrides) and the theme's Jinja environment."""
    settings = read_settings(str(settings_file) if settings_file else None, override=dict(overrides))
    generator = Generator({}, settings, settings["PATH"], settings["THEME"], str(output))
    return Engine(settings, generator.env)


def write_feed(engine: Engine, entries: list[stages.FeedEntry], output: Path, site: theme.SiteSettings) -> None:
    """Write the Atom feed of the briefings with Pelican's feed writer."""
    items = [FeedItem(e.title, e.url, e.summary, e.content, get_date(e.updated)) for e in entries]
    base = site.public_url
    context = {**engine.settings, "SITENAME": site.site_name, "SITEURL": base, "FEED_DOMAIN": base}
    Writer(str(output), engine.settings).write_feed(
        items, context, urls.FEED, feed_title=f"{site.site_name}: briefings"
    )


class BriefingGenerator(Generator):  # type: ignore[misc]
    """Run by Pelican itself (`pelican`, `briefing serve`): the same stages as `briefing build`."""

    def generate_context(self) -> None:
        """Load and check the content, then plan every page."""
        root = Path(self.settings["BRIEFING_ROOT"])
        problems = Problems()
        content = load_content(root, problems)
        for problem in problems.items:
            logger.log(logging.ERROR if problem.level is Level.ERROR else logging.WARNING, "%s", problem)
        problems.raise_if_failed()
        with collector_paused():
            analysis = analyse(content, cache_dir(root))
        site_url = str(self.settings.get("SITEURL", "")).rstrip("/")
        public_url = str(self.settings.get("BRIEFING_PUBLIC_URL") or site_url).rstrip("/")
        site = stages.site_settings(site_url, public_url, content)
        stages.configure_theme(self.env, site, content, analysis)
        self.plan = stages.plan(content, analysis, site)

    def generate_output(self, writer: Any) -> None:
        """Write every page, the exports and the feed."""
        output = Path(self.output_path)
        written = write_pages(self.env, self.plan.pages, output, stages.render_extra(self.plan)).pages
        stages.write_exports(self.plan, output, Path(self.settings["THEME"]))
        engine = Engine(self.settings, self.env)
        write_feed(engine, stages.feed_entries(self.plan), output, self.plan.site)
        logger.info("briefing: wrote %d pages", written)


def adopt_engine_settings(pelican: Any) -> None:
    """When Pelican runs from its own command line (`pelican`, `briefing serve`), apply what
    `briefing build` would: the engine's settings and the project's layout (its theme, else
    the engine's), whatever the settings file says."""
    settings = pelican.settings
    root = Path(settings.get("BRIEFING_ROOT") or Path(settings["PATH"]).parent)
    layout = Layout(root)
    settings.update(ENGINE_SETTINGS)
    settings.update({"BRIEFING_ROOT": str(root), "PATH": str(layout.content), "THEME": str(layout.theme)})
    pelican.path, pelican.theme = settings["PATH"], settings["THEME"]


def get_generators(pelican: Any) -> type[BriefingGenerator]:
    """Add our generator to Pelican's run."""
    return BriefingGenerator


def finalize_site(pelican: Any) -> None:
    """Minify the stylesheets (Pelican copies the theme's last), then index the site with Pagefind unless disabled."""
    minify_stylesheets(Path(pelican.output_path))
    if pelican.settings.get("BRIEFING_SEARCH", True):
        index_site(Path(pelican.output_path))


def register() -> None:
    """Connect our receivers to Pelican's signals (module-level: Pelican holds them weakly)."""
    signals.initialized.connect(adopt_engine_settings)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalize_site)
