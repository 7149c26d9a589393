"""`briefing serve`: Pelican's development server with rebuild on change."""

from __future__ import annotations

from pathlib import Path


def serve(root: Path, bind: str, port: int) -> int:
    """Build once, then let Pelican serve output/ and rebuild when content or theme change."""
    from .plugin import run_dev_server

    return run_dev_server(root / "pelicanconf.py", bind, port)
