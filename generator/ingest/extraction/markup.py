"""Authors the page's markup names: `rel="author"`, `itemprop="author"`, `class="author vcard"` and the like.

Blog engines and news templates mark the byline for machines even where it prints a bare handle
(`by marc`, `von uriebe`). Comment threads use the same words for the commenters, so anything inside
a comment, reply or review block is skipped.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .authors import Byline, is_generic, parse_byline, parse_names
from .dates import MONTHS, PUBLISHED_WORDS, UPDATED_WORDS

_AUTHOR_CLASS = re.compile(r"^(?:[a-z]+[-_])*(?:author|autor|auteur|byline|writer)(?:[-_](?:name|link|info))?$")
"""A class token that marks a byline (`author`, `post-author`, `article_author-name`, `byline`)."""
_NOT_AUTHOR_CLASS = re.compile(r"(?:bio|desc|avatar|image|img|photo|pic|title|label|date|box|wrap|social|more)")
_THREAD = re.compile(r"comment|reply|respond|review|discussion|forum|sidebar|widget|related", re.IGNORECASE)
BLOCK_LEVELS = 3
"""Levels above the first marked byline that hold the other authors of the same byline."""
LABEL_WORDS = re.compile(
    rf"^(?:{PUBLISHED_WORDS.pattern}|{UPDATED_WORDS.pattern}|by|von|par|por|di|door|author|autor|auteur|"
    r"publiziert|geschrieben|verfasst|redaktion|editor|über|about|more|mehr|weiter|weitere)$",
    re.IGNORECASE,
)
MAX_WORDS = 8
"""A marked element with more words than this is a bio or a teaser, not a byline."""


def marked_authors(tree: HtmlElement) -> tuple[str, ...]:
    """Names in the first byline the markup marks (with the other marked names in the same block), outside
    comment threads; a marked element inside another counts alone, as the more exact one."""
    marked = [e for e in tree.iter() if isinstance(e.tag, str) and _marks_author(e) and not _in_thread(e)]
    innermost = [e for e in marked if not any(o is not e and _contains(e, o) for o in marked)]
    names: list[str] = []
    block: HtmlElement | None = None
    for element in innermost:
        if block is not None and not _contains(block, element):
            break
        found = [n for n in _names_in(element) if not is_generic(n) and not _is_label(n)]
        if found and block is None:
            block = _ancestor(element, BLOCK_LEVELS)
        names.extend(n for n in found if n not in names)
    return tuple(names)


def _contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    node: HtmlElement | None = inner.getparent()
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _ancestor(element: HtmlElement, levels: int) -> HtmlElement:
    for _ in range(levels):
        parent = element.getparent()
        if parent is None:
            break
        element = parent
    return element


def _is_label(name: str) -> bool:
    """A word the byline prints beside the name (`Published`, `Von`, `Oct`), read as a one-word name."""
    return len(name.split()) == 1 and (bool(LABEL_WORDS.search(name)) or name.lower().strip(".") in MONTHS)


def _marks_author(element: HtmlElement) -> bool:
    if "author" in (element.get("rel") or "").lower().split() and element.tag == "a":
        return True
    if (element.get("itemprop") or "").strip().lower() == "author":
        return True
    classes = (element.get("class") or "").lower().split()
    if "vcard" in classes and "author" in classes:
        return True
    return any(_AUTHOR_CLASS.match(c) and not _NOT_AUTHOR_CLASS.search(c) for c in classes)


def _in_thread(element: HtmlElement) -> bool:
    node: HtmlElement | None = element
    while node is not None:
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _THREAD.search(marks) or node.tag in ("aside", "nav"):
            return True
        node = node.getparent()
    return False


def _names_in(element: HtmlElement) -> tuple[str, ...]:
    """The names an author element holds: its `itemprop="name"` (as `content` or text), else its text."""
    named = [e for e in element.iter() if isinstance(e.tag, str) and (e.get("itemprop") or "").lower() == "name"]
    texts = [(e.get("content") or " ".join(e.itertext())) for e in named] or [" ".join(element.itertext())]
    found: list[str] = []
    for text in texts:
        line = " ".join(text.split())
        if not line or len(line.split()) > MAX_WORDS:
            continue
        byline: Byline | None = parse_byline(line) or parse_names(line)
        if byline:
            found.extend(byline.authors)
    return tuple(found)
