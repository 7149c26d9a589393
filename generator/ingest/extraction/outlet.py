"""Who published an article: the site's own name, and the wire agency a dateline credits."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"^(?P<town>[A-Z][A-Z .'-]+(?:, [A-Z][\w .'-]+)?)\s*\((?P<agency>AP|Reuters|AFP|Yonhap|UPI|dpa|Xinhua|Bloomberg)\)\s*[—–-]+\s"
)
_AGENCIES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
}
_WORD = r"[A-Z][\w&'’-]*(?:\.(?=\w)[\w&'’-]*)*"
_COPYRIGHT = re.compile(
    r"(?:[©ⓒ]|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    rf"(?P<holder>{_WORD}(?:\s+(?:{_WORD}|of|the|and|&|für|de|la)){{0,5}})",
    re.IGNORECASE,
)
_NOT_HOLDER = re.compile(r"^(?:all\b|by\b|copyright\b|reserved\b|the$)", re.IGNORECASE)
_HOST = re.compile(r"^(?:https?://)?(?:www\.)?(?P<host>[^/:]+)")


def wire_agency(first_paragraph: str) -> tuple[str, str] | None:
    """The dateline (`SEOUL (AP)`) and the agency it credits, if the first paragraph opens with one."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return None
    agency = match.group("agency")
    return f"{match.group('town')} ({agency})", _AGENCIES.get(agency, agency)


def host_name(url: str | None) -> str | None:
    """The host of a URL without `www.`, as a last-resort outlet name."""
    if not url:
        return None
    match = _HOST.match(url.strip())
    return match.group("host") if match else None


def copyright_holder(blocks: list[str]) -> str | None:
    """The publisher a footer's copyright line names (`© 2023 The Coastal Herald. All rights reserved.`)."""
    for text in reversed(blocks):
        if len(text.split()) > 40:
            continue
        match = _COPYRIGHT.search(text)
        if match is None:
            continue
        holder = match.group("holder").strip(" .,")
        if holder[:1].isupper() and not _NOT_HOLDER.match(holder):
            return holder
    return None
