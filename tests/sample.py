"""A tiny frozen sample project for engine tests: two articles, three facts, one briefing.

The files live in `tests/samples/site/` so that editorial changes to `content/` never
break an engine test; the site's theme, schemas and Pelican defaults come from the package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "samples" / "site"
"""The sample project (read-only: tests copy it with write_sample)."""


def write_sample(root: Path) -> Path:
    """Copy the sample project into root and return root."""
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    return root


def own_theme(root: Path) -> Path:
    """Give the project its own copy of the engine's theme (to edit) and return it."""
    from generator import resources

    theme = root / "themes" / "briefing"
    shutil.copytree(resources.THEME, theme)
    return theme
