"""Shrink the theme's stylesheets in the built site; the readable sources stay in themes/."""

from __future__ import annotations

import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")


def minify_css(text: str) -> str:
    """Drop comments and layout whitespace; keep every rule and value as written."""
    text = _COMMENT.sub("", text)
    text = _SPACE.sub(" ", text)
    text = _AROUND.sub(r"\1", text)
    text = text.replace(";}", "}")
    return text.strip() + "\n"


def minify_stylesheets(output: Path) -> None:
    """Minify every stylesheet the theme put into the output."""
    for path in sorted((output / "theme" / "css").glob("*.css")):
        path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
