"""Shrink the theme's stylesheets in the built site; the readable sources stay in themes/."""

from __future__ import annotations

import re
from pathlib import Path

_STRING = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")


def minify_css(text: str) -> str:
    """Drop comments and layout whitespace; keep every rule, value and quoted string as written."""
    parts = _STRING.split(_COMMENT.sub("", text))
    # Odd parts are quoted strings: their spaces are content.
    squeezed = [part if index % 2 else _squeeze(part) for index, part in enumerate(parts)]
    return "".join(squeezed).strip() + "\n"


def _squeeze(css: str) -> str:
    return _AROUND.sub(r"\1", _SPACE.sub(" ", css)).replace(";}", "}")


def minify_stylesheets(output: Path) -> None:
    """Minify every stylesheet the theme put into the output."""
    for path in sorted((output / "theme" / "css").glob("*.css")):
        path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
