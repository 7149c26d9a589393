"""Render planned pages to files, on every core when there are many."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from jinja2 import Environment

from . import urls
from .views import Page

PARALLEL_THRESHOLD = 400
"""Below this many pages a second process costs more than it saves."""

_WORKER: dict[str, Any] = {}
"""Per-worker state, filled once by the pool initializer in each forked child."""


_PRESERVED = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def render_page(env: Environment, page: Page, extra: dict[str, Any]) -> str:
    """HTML of one page, without the templates' indentation."""
    template = env.get_template(page.template)
    return strip_indentation(template.render(page=page, **extra, **page.context))


def strip_indentation(html: str) -> str:
    """Drop leading whitespace of lines, except inside <pre> and <textarea> where it is content."""
    parts = _PRESERVED.split(html)
    # split() with two groups yields: text, whole match, tag name, text, ...
    return "".join(part if index % 3 else _INDENT.sub("\n", part) for index, part in enumerate(parts) if index % 3 != 2)


def write_pages(env: Environment, pages: Sequence[Page], output: Path, extra: dict[str, Any]) -> int:
    """Render and write every page; return how many were written."""
    # Templates do not change during a build: skip Jinja's per-lookup mtime check
    # (every page looks up its template and the partials it imports).
    env.auto_reload = False
    workers = min(2, os.cpu_count() or 1)
    if len(pages) < PARALLEL_THRESHOLD or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _write_range(env, pages, output, extra, 0, len(pages))
    chunks = _chunks(len(pages), workers * 4)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(env, pages, output, extra)
    ) as pool:
        return sum(pool.map(_write_chunk, chunks))


def _chunks(total: int, count: int) -> list[tuple[int, int]]:
    size = max(1, -(-total // count))
    return [(start, min(total, start + size)) for start in range(0, total, size)]


def _init(env: Environment, pages: Sequence[Page], output: Path, extra: dict[str, Any]) -> None:
    # Forked workers inherit these without pickling; keep them for _write_chunk.
    _WORKER.update(env=env, pages=pages, output=output, extra=extra)


def _write_chunk(bounds: tuple[int, int]) -> int:
    return _write_range(_WORKER["env"], _WORKER["pages"], _WORKER["output"], _WORKER["extra"], *bounds)


def _write_range(
    env: Environment, pages: Sequence[Page], output: Path, extra: dict[str, Any], start: int, end: int
) -> int:
    made: set[Path] = set()
    for page in pages[start:end]:
        path = output / urls.save_as(page.path)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(render_page(env, page, extra), encoding="utf-8", newline="\n")
    return end - start


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 file, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
