"""The same article texts as plain Markdown pages, built by bare Pelican and by Hugo."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
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


# --- Same work: the page set of our site ---------------------------------------------------------

LISTING_SIZE = 500
"""Entries per listing page, as our listings (generator/pagination.py)."""

PELICAN_SAME_WORK = (
    PELICANCONF.replace("DEFAULT_PAGINATION = False", f"DEFAULT_PAGINATION = {LISTING_SIZE}")
    + """ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
PAGINATION_PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index"]
"""
)

HUGO_SAME_WORK_CONFIG = f"""\
baseURL = "http://localhost/"
title = "Bench"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[pagination]
pagerSize = {LISTING_SIZE}
"""

HUGO_SAME_WORK_LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ if .IsPage }}{{ .Content }}{{ else }}<ul>
{{ range (.Paginate .RegularPagesRecursive).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>{{ end }}</main></body></html>
"""

_FACT_REF = re.compile(r"\[\[([a-z0-9-]+)\]\]")


@dataclass(frozen=True, slots=True)
class BasePage:
    """One page of our site as plain Markdown: section (listing), slug, title, date, body."""

    section: str
    slug: str
    title: str
    date: str
    body: str


def same_work_pages(root: Path) -> list[BasePage]:
    """Our site's pages from the project's checked content: sources, facts, entities, briefings."""
    from generator.content.load import load_content
    from generator.problems import Problems

    content = load_content(root, Problems())
    full = _full_date
    pages = [
        BasePage("sources", s.id, s.display_title, full(s.published), "\n\n".join(p.text for p in s.paragraphs))
        for s in content.sources.values()
    ]
    for fact in content.facts.values():
        quotes = "\n\n".join(
            f"> {c.quoted}\n\n[{c.source.display_title}](/sources/{c.source.id}/), {c.source.display_outlet}"
            for c in fact.citations
        )
        pages.append(BasePage("facts", fact.id, fact.statement, full(fact.date), f"{fact.statement}\n\n{quotes}"))
    for entity in content.entities.values():
        pages.append(BasePage("entities", entity.id, entity.name, "2024-01-01", entity.role or entity.name))
    for slug, briefing in content.briefings.items():
        body = _FACT_REF.sub(r"[\1](/facts/\1/)", briefing.body)
        pages.append(BasePage("briefings", slug, briefing.meta.title, full(briefing.meta.as_of), body))
    return pages


def write_pelican_same_work(root: Path, pages: list[BasePage]) -> Path:
    """Bare Pelican on our page set: one article per page, one paginated category listing per section."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_SAME_WORK, encoding="utf-8")
    for page in pages:
        title = " ".join(page.title.split())
        text = f"Title: {title}\nDate: {page.date}\nSlug: {page.slug}\nCategory: {page.section}\n\n{page.body}\n"
        (content / f"{page.section}-{page.slug}.md").write_text(text, encoding="utf-8")
    return root


def write_hugo_same_work(root: Path, pages: list[BasePage]) -> Path:
    """Hugo on our page set: one page per item, one paginated list per section."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_SAME_WORK_CONFIG, encoding="utf-8")
    layouts = root / "layouts"
    layouts.mkdir()
    (layouts / "all.html").write_text(HUGO_SAME_WORK_LAYOUT, encoding="utf-8")
    for section in {page.section for page in pages}:
        (root / "content" / section).mkdir()
        (root / "content" / section / "_index.md").write_text(f'---\ntitle: "{section}"\n---\n', encoding="utf-8")
    for page in pages:
        title = json.dumps(" ".join(page.title.split()))
        front = f"---\ntitle: {title}\ndate: {page.date}\nslug: {page.slug}\n---\n\n"
        (root / "content" / page.section / f"{page.slug}.md").write_text(front + page.body + "\n", encoding="utf-8")
    return root


def _full_date(value: str | None) -> str:
    """A day for a date of any precision (`2024`, `2024-10`), as both tools require one."""
    parts = (value or "2024-01-01").split("-")
    return "-".join([*parts, "01", "01"][:3])
