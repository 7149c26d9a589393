"""Metadata a web page declares: JSON-LD, Open Graph and `<meta>` tags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from .authors import parse_byline

_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|Story|WebPage|Blog)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Declared:
    """What the page's own metadata says, before any judgement."""

    title: str | None = None
    """JSON-LD `headline`, else `og:title`, else `twitter:title`."""
    published: str | None = None
    """JSON-LD `datePublished`, else an `article:published_time`-like meta, as printed there."""
    authors: tuple[str, ...] = ()
    """People the article's JSON-LD names as its author (`@id` references resolved), or a `twitter:label` pair."""
    meta_authors: tuple[str, ...] = ()
    """`<meta name="author">` and the like: often the site or the publisher rather than a person."""
    organisations: tuple[str, ...] = ()
    """Authors the JSON-LD types as an Organization: a byline the page prints names the people."""
    site_name: str | None = None
    publisher: str | None = None
    language: str | None = None
    html_title: str | None = None


def declared(tree: HtmlElement) -> Declared:
    """Read a page's declared metadata; missing or malformed items are left empty."""
    meta = _meta(tree)
    ld = _json_ld(tree)
    article = next((item for item in ld if _is_article(item)), None)
    title = _text((article or {}).get("headline")) or meta.get("og:title") or meta.get("twitter:title")
    published = _text((article or {}).get("datePublished")) or _first(
        meta,
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "publishdate",
        "publish-date",
        "pubdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    )
    people = _People(ld)
    author = (article or {}).get("author")
    if author is None:  # a page whose only JSON-LD author is on another type (`HowTo`, `CreativeWorkSeries`)
        author = next((item["author"] for item in ld if item.get("author")), None)
    authors = people.names(author) or _labelled_author(meta)
    publisher = _ld_name((article or {}).get("publisher"))
    html_title = tree.findtext(".//title")
    language = tree.get("lang") or meta.get("og:locale") or meta.get("content-language")
    return Declared(
        title=title,
        published=published,
        authors=authors,
        meta_authors=_meta_authors(meta),
        organisations=people.names(author, organisations=True),
        site_name=meta.get("og:site_name") or meta.get("application-name") or publisher,
        publisher=publisher,
        language=language.strip() if language else None,
        html_title=" ".join(html_title.split()) if html_title else None,
    )


def _meta(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = (element.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _first(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[key] for key in keys if meta.get(key)), None)


def _meta_authors(meta: dict[str, str]) -> tuple[str, ...]:
    value = _first(meta, "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
    if not value or value.startswith(("http://", "https://")):
        return ()
    value = re.sub(r"^by\s+", "", value, flags=re.IGNORECASE)
    return tuple(part.strip() for part in re.split(r"\s*(?:,|;|\band\b|&)\s*", value) if part.strip())


def _labelled_author(meta: dict[str, str]) -> tuple[str, ...]:
    """The author a `twitter:labelN`/`twitter:dataN` pair gives (`Written by` / `A. Writer`), as SEO plugins write."""
    for number in range(1, 5):
        label, value = meta.get(f"twitter:label{number}", ""), meta.get(f"twitter:data{number}", "")
        if value and _AUTHOR_LABEL.search(label):
            return (value,)
    return ()


_BY = re.compile(r"^by\s", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"written by|author|verfasst von|geschrieben von|autor|auteur|escrito por", re.IGNORECASE)


class _People:
    """JSON-LD people and organisations by `@id`, so `"author": {"@id": ...}` resolves to a name."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.by_id = {item["@id"]: item for item in items if isinstance(item.get("@id"), str) and item.get("name")}

    def names(self, value: Any, organisations: bool = False) -> tuple[str, ...]:
        """Names of the people (anything not typed an Organization) or of the organisations in an `author` value."""
        found: list[str] = []
        for given in value if isinstance(value, list) else [value]:
            entry = self._resolved(given)
            types = entry.get("@type") if isinstance(entry, dict) else None
            typed = [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
            if ("Organization" in typed or "NewsMediaOrganization" in typed) != organisations:
                continue
            name = _ld_name(entry)
            if not name or name.startswith(("http://", "https://")):
                continue
            # `By A And B For The Outlet` written into one name field: the byline's names
            byline = parse_byline(name) if _BY.match(name) else None
            names = byline.authors if byline else (_BY.sub("", name),)
            found.extend(n for n in names if n not in found)
        return tuple(found)

    def _resolved(self, entry: Any) -> Any:
        if isinstance(entry, dict) and not entry.get("name") and isinstance(entry.get("@id"), str):
            return self.by_id.get(entry["@id"], entry)
        if isinstance(entry, str) and entry in self.by_id:
            return self.by_id[entry]
        return entry


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        items.extend(_flatten(data))
    return items


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        if isinstance(data.get("mainEntity"), dict):
            yield data["mainEntity"]


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds) and (
        "headline" in item or "datePublished" in item
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)
