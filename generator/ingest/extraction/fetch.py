"""`briefing ingest URL`: fetch a page once, with a timeout and a size limit, keeping its bytes exactly."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

TIMEOUT_SECONDS = 20.0
"""How long one fetch may wait for the server."""
MAX_BYTES = 10 * 1024 * 1024
"""Largest page fetched: a news article is far smaller; a bigger response is not an article."""
USER_AGENT = "briefing-ingest/1 (+evidence-first briefing site generator)"


class FetchError(Exception):
    """A page that could not be fetched; nothing was written."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetched page: its exact bytes and where and when they came from."""

    url: str
    raw: bytes
    content_type: str
    retrieved: str
    """UTC time of the fetch, `YYYY-MM-DDTHH:MM:SSZ`."""

    @property
    def is_html(self) -> bool:
        """Whether the server sent a web page (by its type, or by the bytes when the type is vague)."""
        if "html" in self.content_type:
            return True
        return not self.content_type.startswith("text/plain") and self.raw.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html")
        )


def is_url(text: str) -> bool:
    """Whether a command-line argument names a web address rather than a file."""
    return text.startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, limit: int = MAX_BYTES) -> Fetched:
    """Fetch a page once; errors say what went wrong in words an editor can act on."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url}: the page is {int(declared):,} bytes, over the {limit:,}-byte limit")
            raw = response.read(limit + 1)
            content_type = (response.headers.get("Content-Type") or "").lower()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot fetch: {exc.reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from exc
    except OSError as exc:
        raise FetchError(f"{url}: cannot fetch: {exc}") from exc
    if len(raw) > limit:
        raise FetchError(f"{url}: the page is over the {limit:,}-byte limit")
    if not raw.strip():
        raise FetchError(f"{url}: the server sent an empty page")
    retrieved = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fetched(final, raw, content_type, retrieved)
