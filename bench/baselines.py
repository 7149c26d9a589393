"""The same article texts as plain Markdown pages, built by bare Pelican and by Hugo."""

from __future__ import annotations

import shutil
from pathlib import Path

PELICANCONF = """\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""

HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Bench"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
"""

HUGO_LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def write_pelican(root: Path, articles: list[tuple[str, str, str, list[str]]]) -> Path:
    """A bare Pelican project: one .md per article with Title/Date metadata, the built-in `simple` theme."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    for slug, title, date, paragraphs in articles:
        body = "\n\n".join(paragraphs)
        text = f"Title: {title}\nDate: {date}\nSlug: {slug}\n\n{body}\n"
        (content / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def write_hugo(root: Path, articles: list[tuple[str, str, str, list[str]]]) -> Path:
    """A minimal Hugo project: one .md per article, one layout file for every page."""
    if root.exists():
        shutil.rmtree(root)
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts"
    layouts.mkdir()
    (layouts / "all.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    for slug, title, date, paragraphs in articles:
        body = "\n\n".join(paragraphs)
        escaped = title.replace('"', '\\"')
        (posts / f"{slug}.md").write_text(f'---\ntitle: "{escaped}"\ndate: {date}\n---\n\n{body}\n', encoding="utf-8")
    return root
