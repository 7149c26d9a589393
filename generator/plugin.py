"""The only module that imports Pelican: plugin registration, our generator, and running Pelican."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.settings import read_settings

from . import exports, sitefiles, theme, urls
from .analysis import Analysis, analyse
from .assets import minify_stylesheets
from .cache import cache_dir
from .dates import display_date
from .incremental import Incremental
from .model import Content, Level
from .problems import Problems
from .project import Layout, collector_paused, load_content
from .render import write_pages, write_text
from .search import index_site
from .textpages import plan_text_pages
from .views import Page, SiteIndex, build_index, plan_site

logger = logging.getLogger(__name__)

CONTENT_KEY = "BRIEFING_CONTENT"
"""Setting through which `briefing build` hands already-checked content to the generator."""

INCREMENTAL_KEY = "BRIEFING_INCREMENTAL"
"""Setting through which `briefing build` hands the previous build's manifest (see incremental.py)."""


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


class BriefingGenerator(Generator):  # type: ignore[misc]
    """Renders briefings, sources, facts, entities, exports and feeds from our content model."""

    def generate_context(self) -> None:
        """Load (or take over) the checked content and plan every page."""
        root = Path(self.settings["BRIEFING_ROOT"])
        content = self.settings.get(CONTENT_KEY)
        problems = Problems()
        if not isinstance(content, Content):
            # Run by Pelican itself (`briefing serve`): nobody has checked the content yet.
            content = load_content(root, problems)
            for problem in problems.items:
                logger.log(logging.ERROR if problem.level is Level.ERROR else logging.WARNING, "%s", problem)
            problems.raise_if_failed()
        self.content = content
        with collector_paused():  # builds large, long-lived, acyclic structures
            self.analysis: Analysis = analyse(content, cache_dir(root))
            site = _site_settings(self.settings)
            theme.configure(self.env, site, content)
            self.site = site
            self.index: SiteIndex = build_index(content, self.analysis, site.site_url)
            self.pages: list[Page] = [
                *plan_site(content, self.analysis, self.index),
                *plan_text_pages(content.pages.values()),
            ]

    def generate_output(self, writer: Any) -> None:
        """Write every page, the verbatim seeds, the data exports and the feed."""
        output = Path(self.output_path)
        json_ld = {
            v.briefing.meta.slug: sitefiles.briefing_json_ld(v, self.site.public_url, self.site.site_name)
            for v in self.index.views.values()
        }
        incremental = self.settings.get(INCREMENTAL_KEY)
        written = write_pages(
            self.env,
            self.pages,
            output,
            {"json_ld_by_slug": json_ld},
            incremental if isinstance(incremental, Incremental) else None,
            repr(self.site).encode(),
        )
        self._copy_seeds(output)
        self._write_data(output)
        self._write_feed(writer)
        logger.info("briefing: wrote %d pages", written)

    def _copy_seeds(self, output: Path) -> None:
        target = output / "seeds"
        target.mkdir(parents=True, exist_ok=True)
        seeds = Layout(Path(self.content.root)).seeds
        for name in sorted(s.seed for s in self.content.sources.values()):
            # a web page is published under a .txt name: served as text, its scripts never run on the site
            shutil.copyfile(seeds / name, output / unquote(urls.seed(name)))
        shutil.copyfile(seeds / "SHA256SUMS", target / "SHA256SUMS")

    def _write_data(self, output: Path) -> None:
        base = self.site.public_url
        data = output / "data"
        write_text(data / "facts.json", exports.facts_json(self.content, self.analysis, base))
        write_text(data / "sources.json", exports.sources_json(self.content, self.analysis, base))
        write_text(data / "entities.json", exports.entities_json(self.content, base))
        write_text(data / "facts.csv", exports.facts_csv(self.content, self.analysis, base))
        write_text(output / "sitemap.xml", sitefiles.sitemap(self.pages, base))
        write_text(output / "robots.txt", sitefiles.robots(base))

    def _write_feed(self, writer: Any) -> None:
        from pelican.utils import get_date

        items = [
            FeedItem(
                title=v.briefing.meta.title,
                url=urls.briefing(v.briefing.meta.slug),
                summary=v.briefing.meta.summary,
                content=f"<p>{v.briefing.meta.summary}</p><p>As of {display_date(v.briefing.meta.as_of)}; "
                f"{len(v.notes)} facts from {v.source_count} sources.</p>",
                date=get_date(v.briefing.meta.updated),
            )
            for v in sorted(
                self.index.views.values(), key=lambda v: (v.briefing.meta.updated, v.briefing.meta.slug), reverse=True
            )
        ]
        base = self.site.public_url
        context = {**self.context, "SITEURL": base, "FEED_DOMAIN": base}
        writer.write_feed(items, context, urls.FEED, feed_title=f"{self.site.site_name}: briefings")


def _site_settings(settings: dict[str, Any]) -> theme.SiteSettings:
    site_url = str(settings.get("SITEURL", "")).rstrip("/")
    return theme.SiteSettings(
        site_url=site_url,
        public_url=str(settings.get("BRIEFING_PUBLIC_URL") or site_url).rstrip("/"),
        site_name=str(settings["SITENAME"]),
        description=str(settings.get("BRIEFING_DESCRIPTION", "")),
        csp=theme.content_security_policy(),
    )


def get_generators(pelican: Any) -> type[BriefingGenerator]:
    """Add our generator to Pelican's run."""
    return BriefingGenerator


def finalize_site(pelican: Any) -> None:
    """Minify the stylesheets, then index the finished site with Pagefind unless disabled."""
    output = Path(pelican.output_path)
    minify_stylesheets(output)
    if pelican.settings.get("BRIEFING_SEARCH", True):
        index_site(output)


def register() -> None:
    """Connect our receivers to Pelican's signals (module-level: Pelican holds them weakly)."""
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalize_site)


def run_pelican(settings_file: Path, overrides: dict[str, Any]) -> None:
    """Run Pelican once with our settings file and overrides."""
    settings = read_settings(str(settings_file), override=overrides)
    Pelican(settings).run()


def settings_value(settings_file: Path, key: str) -> Any:
    """One value of a Pelican settings file, with Pelican's defaults applied."""
    return read_settings(str(settings_file)).get(key)


def run_dev_server(settings_file: Path, bind: str, port: int) -> int:
    """Pelican's --autoreload --listen loop, watching content/ and the theme."""
    from pelican import main as pelican_main

    pelican_main(["--settings", str(settings_file), "--autoreload", "--listen", "--bind", bind, "--port", str(port)])
    return 0
