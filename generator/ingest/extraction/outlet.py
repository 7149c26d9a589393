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
