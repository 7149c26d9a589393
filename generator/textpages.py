"""Plain Markdown pages such as the methodology page."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .factrefs import make_parser
from .frontmatter import read_document
from .problems import Problems
from .views import Page


def load_text_pages(page_dir: Path, problems: Problems) -> list[Page]:
    """Read `content/pages/<slug>.md` into pages at `/<slug>/`."""
    md = make_parser()
    pages: list[Page] = []
    for path in sorted(page_dir.glob("*.md")):
        document = read_document(path, "page", problems)
        if document is None:
            continue
        body = Markup(md.render(document.body))
        pages.append(
            Page(
                f"{path.stem}/",
                "page.html",
                document.meta["title"],
                {"body_html": body},
                description=document.meta["description"],
            )
        )
    return pages
