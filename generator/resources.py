"""Where the engine's own files are: the default theme and the JSON Schemas.

They sit beside the package in the engine's checkout (`themes/briefing/`,
`schemas/`), which `pip install -e` keeps in place. A project uses its own
`themes/briefing/` when it has one (see project.Layout.theme), else this one;
the schemas are the engine's validation contract and always come from here,
whatever project is built.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
"""The `generator` package directory."""

ENGINE_ROOT = PACKAGE.parent
"""The engine's checkout: the package and its theme and schemas."""

THEME = ENGINE_ROOT / "themes" / "briefing"
"""The default theme."""

SCHEMAS = ENGINE_ROOT / "schemas"
"""The JSON Schemas of every content file."""
