"""One entry point: extract any article file by its kind (web page or text dump)."""

from __future__ import annotations

from pathlib import Path

from .dump import extract_dump
from .html import extract_html
from .result import Extraction

HTML_SUFFIXES = (".html", ".htm")
"""File name endings read as saved web pages."""


def is_html(path: Path | str) -> bool:
    """Whether a file is read as a web page."""
    return str(path).lower().endswith(HTML_SUFFIXES)


def extract_bytes(raw: bytes, path: str, url: str | None = None) -> Extraction:
    """Extract one article from its raw bytes; web pages by name, text as UTF-8."""
    if is_html(path):
        return extract_html(raw, path, url)
    return extract_dump(raw.decode("utf-8", errors="replace").removeprefix("\ufeff"), path)
