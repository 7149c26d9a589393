"""Headlines without site chrome: `Headline | Outlet`, `Outlet - Headline`, `[Outlet] Headline`."""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|/)\s+")
_BRACKET = re.compile(r"^\[(?P<outlet>[^\]]{2,60})\]\s*(?P<title>.+)$")
_QUOTES = "\"'“”‘’«»"
SITE_MAX_WORDS = 6
"""A title segment longer than this is part of the headline, not a site name."""


def split_title(raw: str, site_names: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """Headline and the site name it carried as a prefix or suffix, if any."""
    text = " ".join(raw.split())
    bracket = _BRACKET.match(text)
    if bracket:
        return _unquote(bracket.group("title")), bracket.group("outlet").strip()
    parts = SEPARATORS.split(text)
    if len(parts) < 2:
        return _unquote(text), None
    known = {_key(name) for name in site_names if name}
    for index in (len(parts) - 1, 0):
        if known and _key(parts[index]) in known:
            rest = parts[:index] + parts[index + 1 :]
            return _unquote(_join(text, rest)), parts[index].strip()
    last, first = parts[-1], parts[0]
    if _is_site(last) and len(_words(" ".join(parts[:-1]))) >= 3:
        head = parts[:-1]
        # "Headline - Section | Outlet": a short section between headline and outlet goes too
        if len(head) >= 2 and _is_site(head[-1]) and len(_words(" ".join(head[:-1]))) >= 3:
            head = head[:-1]
        return _unquote(_join(text, head)), last.strip()
    if _is_site(first) and len(_words(" ".join(parts[1:]))) >= 4 and first.upper() == first:
        return _unquote(_join(text, parts[1:])), first.strip()
    return _unquote(text), None


def _join(text: str, parts: list[str]) -> str:
    """Rejoin kept segments with the separators they had in the original."""
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end] if start >= 0 and end > start else " - ".join(parts)


def _is_site(segment: str) -> bool:
    words = _words(segment)
    first = segment.strip()[:1]
    return (
        0 < len(words) <= SITE_MAX_WORDS
        and not segment.rstrip().endswith(("?", "!", "."))
        and not (first.isalpha() and first.islower() and not segment.strip().startswith("www"))
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower()).removeprefix("www")


def _unquote(text: str) -> str:
    stripped = text.strip()
    if len(stripped) > 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        return stripped[1:-1].strip()
    return stripped


def same_title(a: str, b: str) -> bool:
    """Whether two headlines are the same words, ignoring case, punctuation and site chrome."""
    return _key(split_title(a)[0]) == _key(split_title(b)[0])


def token_overlap(a: str, b: str) -> float:
    """Token F1 of two texts, case-insensitive (how close two candidate headlines are)."""
    x = [t.lower() for t in re.findall(r"\w+", a)]
    y = [t.lower() for t in re.findall(r"\w+", b)]
    if not x or not y:
        return 0.0
    remaining = list(y)
    common = 0
    for token in x:
        if token in remaining:
            remaining.remove(token)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(y), common / len(x)
    return 2 * precision * recall / (precision + recall)


SECTION_WORDS = 2
"""A declared title this short is a section or site name, not a headline."""


def choose_title(
    headings: list[str], declared: list[str], site_names: tuple[str, ...] = (), guessed: str | None = None
) -> str | None:
    """The visible headline that the page's declared titles agree with; else the best declared one.

    A page's `<title>` and `og:title` often carry site chrome or an SEO variant; the `<h1>` the
    reader sees is the headline. A heading wins when a declared title shares most of its words.
    """
    sites = {_key(name) for name in site_names if name}
    for title in declared:
        parts = SEPARATORS.split(" ".join(title.split()))
        if len(parts) >= 2:
            # a heading that is the first or last segment of a longer title is the site's name
            others = [split_title(other)[0] for other in declared if other is not title]
            sites.update(
                _key(h)
                for h in headings
                if _key(h) in (_key(parts[0]), _key(parts[-1]))
                and len(_words(h)) < len(_words(title)) - len(_words(h))
                and all(token_overlap(h, o) < 0.6 for o in others)
            )
    names = (*site_names, *(h for h in headings if _key(h) in sites))
    declared = [d for d in (*declared, guessed) if d]
    cleaned = [split_title(d, names)[0] for d in declared]
    best, best_score = None, 0.0
    for heading in headings:
        text = " ".join(heading.split())
        if not 1 <= len(text.split()) <= 40 or _key(text) in sites:
            continue
        score = max(
            (max(token_overlap(text, c), token_overlap(text, d)) for c, d in zip(cleaned, declared, strict=False)),
            default=0.0,
        )
        if score > best_score:
            best, best_score = text, score
    if best is not None and best_score >= 0.6:
        return _unquote(best)
    if cleaned and len(cleaned[0].split()) <= SECTION_WORDS and headings and len(headings[0].split()) > SECTION_WORDS:
        return _unquote(" ".join(headings[0].split()))  # a `<title>` of one or two words names the section
    return cleaned[0] if cleaned else None
