"""Plain Markdown pages such as the methodology page: read and check them (stages.py plans their pages)."""

from __future__ import annotations

from pathlib import Path

from generator.content.frontmatter import read_document
from generator.content.ids import file_slug_problem
from generator.content.inventory import files_in
from generator.model import Location, TextPage
from generator.problems import Problems


def load_text_pages(page_dir: Path, problems: Problems) -> dict[str, TextPage]:
    """Read and check `content/pages/<slug>.md`."""
    pages: dict[str, TextPage] = {}
    for path in files_in(page_dir, ".md"):
        bad_name = file_slug_problem(path)
        if bad_name is not None:
            problems.error(*bad_name)
            continue
        document = read_document(path, "page", problems)
        if document is not None:
            meta = document.meta
            pages[path.stem] = TextPage(path.stem, meta["title"], meta["description"], document.body, Location(path, 1))
    return pages
