"""Build settings for local builds (`make build`, `make serve`).

Only where and how the site is built lives here; what the site is (name,
description, licence, topics) lives in content/site.yaml, and the Pelican
settings the engine needs are applied by generator/plugin.py. Every BRIEFING_*
setting is checked (generator/settings.py).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITEURL = ""
BRIEFING_PUBLIC_URL = ""
BRIEFING_ROOT = str(ROOT)
BRIEFING_SEARCH = True

OUTPUT_PATH = "output"
TIMEZONE = "UTC"
FEED_DOMAIN = ""
FEED_MAX_ITEMS = 50
LOG_FILTER: list[tuple[int, str]] = []

# Pelican's own dev server (`briefing serve`) loads the engine from here; the engine
# then applies its own Pelican settings and the project's theme (generator/plugin.py).
PLUGINS = ["generator.plugin"]
