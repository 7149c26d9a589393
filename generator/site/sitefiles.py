"""Files for crawlers and readers of the whole site: sitemap, robots.txt, JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from generator.site import urls
from generator.site.briefing_view import BriefingView
from generator.site.lazypages import PageRef
from generator.site.plan import Page


def sitemap(pages: Iterable[Page | PageRef], public_url: str) -> str:
    """An XML sitemap of every page but the 404 page."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        if page.path == "404.html":
            continue
        lines.append(f"  <url><loc>{escape(urls.join(public_url, page.path))}</loc>")
        if page.lastmod:
            lines.append(f"    <lastmod>{page.lastmod}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(public_url: str) -> str:
    """robots.txt allowing everything, naming the sitemap when the site's absolute address is known."""
    text = "User-agent: *\nAllow: /\n"
    if public_url.startswith(("http://", "https://")):
        # Crawlers need an absolute sitemap address; a local build has none to give.
        text += f"Sitemap: {urls.join(public_url, 'sitemap.xml')}\n"
    return text


def briefing_json_ld(view: BriefingView, public_url: str, site_name: str) -> str:
    """schema.org Report of a briefing with a citation per source, safe inside a script element."""
    meta = view.briefing.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "abstract": meta.summary,
        "url": urls.join(public_url, urls.briefing(meta.slug)),
        "dateModified": meta.updated,
        "temporalCoverage": f"../{meta.as_of}",
        "publisher": {"@type": "Organization", "name": site_name},
        "citation": [
            {
                "@type": "NewsArticle",
                "headline": use.source.display_title,
                "publisher": {"@type": "Organization", "name": use.source.display_outlet},
                **({"datePublished": use.source.published} if use.source.published else {}),
                "url": urls.join(public_url, urls.source(use.source.id)),
            }
            for use in view.sources
        ],
    }
    return script_json(data)


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON that is inert inside a <script> element whatever its strings hold: `<`, `>` and `&`
    are written as \\u escapes, so no `</script>` or `<!--` can end or bend the element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
