"""Pelican settings for production (GitHub Pages): absolute URLs from the deploy environment."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# actions/configure-pages gives the base URL, path included (https://owner.github.io/repo).
SITEURL = os.environ.get("SITE_URL", "").rstrip("/")
BRIEFING_PUBLIC_URL = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
