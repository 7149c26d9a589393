"""Web pages: main text from trafilatura, metadata from JSON-LD, Open Graph, `<meta>`, the headline and byline.

The page itself is never changed; this only reads it.
"""

from __future__ import annotations

import copy
import re

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from . import boilerplate
from .authors import parse_byline
from .blocks import make_block
from .dates import is_date_line
from .language import guess_language
from .markup import marked_authors
from .outlet import copyright_holder, host_name, wire_agency
from .pagemeta import Declared, declared
from .result import Extraction, RemovedBlock
from .titles import SEPARATORS, choose_title, split_title
from .webauthors import AuthorSources, choose_authors
from .webdate import LINES_ABOVE, PageDates, choose_published

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "dd",
        "dt",
        "blockquote",
        "pre",
        "figcaption",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "ul",
        "ol",
        "table",
        "tr",
        "form",
        "label",
        "button",
        "address",
        "time",
        "span",
        "a",
    ]
)
SHORT_TEXT = 1000
"""Characters below which the precise extraction is checked against the default one."""
LOST_SHARE = 0.25
"""The precise text holding less than this share of the default one has lost the article."""
EDGE = 3
"""Paragraphs at each end of the extracted text checked for bylines, timestamps and the headline."""
NEAR_LINES = 40
"""Visible lines after the headline searched for the byline."""


class PageError(Exception):
    """A page that holds no HTML document."""


def extract_html(raw: bytes, path: str, url: str | None = None) -> Extraction:
    """Extract the article text and draft metadata of a saved web page."""
    tree = load_html(raw)
    if tree is None:
        raise PageError("no HTML document found in the file")
    meta = declared(tree)
    headings, lines, headline_at, headline_end = _visible(tree)
    document = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        # the extensive search costs ~60 ms a page: it runs below only when nothing else gives a date
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found = document.as_dict() if document is not None and not isinstance(document, dict) else (document or {})
    text = _recall_if_lost(tree, str(found.get("text") or ""), url)
    sitename = str(found.get("sitename") or "") or None
    site_names = tuple(n for n in (meta.site_name, sitename) if n)
    title = choose_title(headings, [t for t in (meta.title, meta.html_title) if t], site_names, found.get("title"))
    kept, dropped = _clean_paragraphs([p.strip() for p in text.split("\n") if p.strip()], title)
    after = lines[headline_at : headline_at + NEAR_LINES] if headline_at is not None else []
    above = lines[max(0, headline_at - LINES_ABOVE) : headline_at] if headline_at is not None else []
    below = lines[headline_end : headline_end + NEAR_LINES] if headline_end is not None else []
    page_dates = PageDates(meta.published, found.get("date"), above, below, lines)
    published, published_text = choose_published(page_dates)
    if published is None:
        published = find_date(tree, extensive_search=True, original_date=True)
        published_text = "found by htmldate's extensive search" if published else None
    wire = wire_agency(kept[0]) if kept else None
    outlet = (
        meta.site_name or sitename or _title_outlet(meta) or host_name(url) or copyright_holder(lines[-FOOTER_LINES:])
    )
    return Extraction(
        path=path,
        title=title,
        published=published,
        published_text=published_text,
        authors=choose_authors(
            AuthorSources(
                declared=meta.authors,
                meta=meta.meta_authors,
                marked=marked_authors(tree),
                extracted=_split_authors(found.get("author")),
                near=after,
                lines=lines,
                sites=_site_names(meta, site_names, outlet, title),
            )
        ),
        outlet=outlet,
        original_publisher=wire[1] if wire else None,
        language=_language(meta.language or found.get("language")) or guess_language("\n".join(kept)),
        paragraphs=tuple(kept),
        removed=(*dropped, *_left_out(lines, kept, {r.text for r in dropped})),
    )


FOOTER_LINES = 12
"""Visible lines at the page's end searched for a copyright line naming the publisher."""


def _recall_if_lost(tree: HtmlElement, text: str, url: str | None) -> str:
    """The default extraction's text when the precise one kept almost nothing of it (the article was lost,
    e.g. in a page that wraps it in a teaser layout); run only for short texts, as it costs a second pass."""
    if len(text) >= SHORT_TEXT:
        return text
    fuller = trafilatura.extract(copy.deepcopy(tree), url=url, include_comments=False, with_metadata=False) or ""
    return fuller if len(text) < LOST_SHARE * len(fuller) else text


def _visible(tree: HtmlElement) -> tuple[list[str], list[str], int | None, int | None]:
    """Headline candidates, the page's visible text lines, and the lines the first `<h1>` starts and ends on."""
    body = tree.find("body")
    root = body if body is not None else tree
    headings: list[str] = []
    for level in ("h1", "h2"):
        if headings:
            break  # a page without an <h1> often prints its headline as the first <h2>
        for element in root.iter(level):
            pieces = [" ".join(t.split()) for t in element.itertext()]
            pieces = [p for p in pieces if p]
            if pieces:
                headings.append(" ".join(pieces))
                headings.extend(p for p in pieces if len(p.split()) >= 2 and len(pieces) > 1)
            if level == "h2":
                break
    lines: list[str] = []
    headline_at = headline_end = None
    headline: HtmlElement | None = None
    # an explicit stack instead of iter(): the subtrees of scripts and styles are skipped whole
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        element, tail_only = stack.pop()
        if tail_only:
            if element is headline:
                headline_end = len(lines)
            _add_line(lines, element.tail)
            continue
        if not isinstance(element.tag, str) or element.tag in _SKIP:
            _add_line(lines, element.tail)
            continue
        if element.tag == "h1" and headline_at is None:
            headline_at, headline = len(lines), element
        _add_line(lines, element.text)
        if element is not root:
            stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return headings, lines, headline_at, headline_end


def _add_line(lines: list[str], piece: str | None) -> None:
    if piece and not piece.isspace():
        lines.append(" ".join(piece.split()))


def _clean_paragraphs(paragraphs: list[str], title: str | None) -> tuple[list[str], list[RemovedBlock]]:
    """Drop whole paragraphs that are the headline again, or say what furniture says (share,
    subscribe, bylines, timestamps); bylines and timestamps only at the edges of the text."""
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    for index, paragraph in enumerate(paragraphs):
        reason = _paragraph_reason(paragraph, title, edge=index < EDGE or index >= len(paragraphs) - EDGE)
        if reason:
            removed.append(RemovedBlock(paragraph, reason))
        else:
            kept.append(paragraph)
    return kept, removed


def _paragraph_reason(paragraph: str, title: str | None, edge: bool) -> str | None:
    block = make_block(paragraph, 0)
    found = boilerplate.match(paragraph, block.words)
    if found and not block.is_prose:
        return found.reason
    if title and edge and " ".join(paragraph.split()).lower() == " ".join(title.split()).lower():
        return "headline"
    if edge and block.words <= 20 and is_date_line(paragraph):
        return "timestamp"
    if edge and block.words <= 12 and not block.is_prose and parse_byline(paragraph):
        return "byline"
    return None


def _left_out(lines: list[str], kept: list[str], listed: set[str]) -> list[RemovedBlock]:
    """Visible text of the page that is not in the article text, one entry per block (once)."""
    article = "\n".join(kept)
    seen = set(listed)
    removed: list[RemovedBlock] = []
    for line in lines:
        if line in seen or line in article or not re.search(r"\w", line):
            continue
        seen.add(line)
        found = boilerplate.match(line, make_block(line, 0).words)
        removed.append(RemovedBlock(line, found.reason if found else "not part of the article's main text"))
    return removed


def _split_authors(value: object) -> tuple[str, ...]:
    """trafilatura's `A; B` author string as names."""
    if not isinstance(value, str):
        return ()
    return tuple(a.strip() for a in value.split(";") if a.strip())


def _site_names(meta: Declared, names: tuple[str, ...], outlet: str | None, title: str | None) -> tuple[str, ...]:
    """Every name the page gives itself: declared, the publisher, and the `<title>` segments beside the headline."""
    found = [*names, *(n for n in (outlet, meta.publisher) if n)]
    if meta.html_title:
        found.extend(part for part in SEPARATORS.split(meta.html_title) if not title or part.strip() not in title)
    return tuple(found)


def _title_outlet(meta: Declared) -> str | None:
    return split_title(meta.html_title)[1] if meta.html_title else None


def _language(value: object) -> str | None:
    """The primary language subtag of `lang`/`og:locale` (`en-US`, `de_DE` -> `en`, `de`), if it is one."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
