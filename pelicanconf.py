"""Pelican settings for local builds (`make build`, `make serve`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "Briefing desk"
SITENAME = "North Korea–Russia Briefings"
SITEURL = ""
BRIEFING_PUBLIC_URL = ""
BRIEFING_DESCRIPTION = (
    "Sourced briefings on North Korea's relations with Russia: every claim traced to the passage it rests on."
)
# Shown with "Cite this" on every briefing and fact: the licence of the site's own text
# (quoted passages stay their publishers'), and where readers report errors.
BRIEFING_LICENSE = "CC BY 4.0"
BRIEFING_LICENSE_URL = ""
BRIEFING_CORRECTIONS = "about/#corrections"
BRIEFING_ROOT = str(ROOT)
BRIEFING_SEARCH = True

PATH = str(ROOT / "content")
OUTPUT_PATH = "output"
THEME = str(ROOT / "themes" / "briefing")
THEME_STATIC_DIR = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGINS = ["generator.plugin"]

# Pelican reads no articles or pages itself: our generator renders every page
# from the checked content model (see generator/plugin.py).
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
READERS = {"md": None, "html": None, "rst": None}

FEED_DOMAIN = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
LOG_FILTER: list[tuple[int, str]] = []
