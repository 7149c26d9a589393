"""The only module that knows Pagefind: index the built site's main content."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
"""Folder of the search bundle inside the output."""


def index_site(output: Path) -> None:
    """Index every page's `data-pagefind-body` element and write the bundle into the output."""
    asyncio.run(_index(output))


async def _index(output: Path) -> None:
    config = IndexConfig(force_language="en", output_path=str(output / BUNDLE_DIR))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(path=str(output))
        logger.info("pagefind: indexed %s pages", result.get("page_count") if isinstance(result, dict) else result)
        await index.write_files(output_path=str(output / BUNDLE_DIR))
