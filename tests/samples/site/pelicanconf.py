"""Build settings of the frozen sample site (its theme and schemas are the engine's)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITEURL = ""
BRIEFING_PUBLIC_URL = ""
BRIEFING_ROOT = str(ROOT)
BRIEFING_SEARCH = True
OUTPUT_PATH = "output"
TIMEZONE = "UTC"
PLUGINS = ["generator.plugin"]
