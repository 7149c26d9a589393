"""The only module that knows Pagefind: index the built site's main content."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

from .search_records import RECORD_DIRS, SearchRecord

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
"""Folder of the search bundle inside the output."""

_FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""Prefix of a decompressed Pagefind fragment, before its JSON."""


class SearchIndexError(RuntimeError):
    """Pagefind failed or indexed nothing."""


INDEX_ATTEMPTS = 3
"""Times the index is written before an incomplete bundle is an error (see index_site)."""


Records = Callable[[], Iterable[SearchRecord]]
"""Makes the records of the pages not indexed from their HTML (called once per attempt)."""

RECORD_BATCH = 500
"""Records sent to Pagefind before waiting for its answers (one pipe, answers in any order)."""


def index_site(output: Path, records: Records | None = None) -> int:
    """Index every page's `data-pagefind-body` element, write the bundle into the output; return the page count.

    With `records`, the pages under search_records.RECORD_DIRS are indexed from those
    records instead of being parsed: at 10,000 sources they are 50,000 of 60,000 pages.

    Pagefind's service answers "files written" while some are still being written, and
    is stopped right after: on a busy machine about one run in five left empty files
    (`pagefind-entry.json`, `wasm.unknown.pagefind`), a search that silently fails. So
    the bundle is checked, and written again; it is never published incomplete.
    """
    bundle = output / BUNDLE_DIR
    empty: list[str] = []
    for attempt in range(1, INDEX_ATTEMPTS + 1):
        if bundle.exists():
            shutil.rmtree(bundle)  # no stale fragments from an earlier build or attempt
        pages = _run(output, records)
        empty = empty_files(bundle)
        if not empty:
            return pages
        logger.warning("pagefind: attempt %d left empty files (%s); writing the index again", attempt, empty[0])
    raise SearchIndexError(
        f"pagefind left {len(empty)} empty file(s) in {bundle} ({', '.join(empty[:3])}) after {INDEX_ATTEMPTS} attempts"
    )


def empty_files(bundle: Path) -> list[str]:
    """Files of a search bundle that are empty (Pagefind never writes one on purpose)."""
    return sorted(str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file() and p.stat().st_size == 0)


def _run(output: Path, records: Records | None) -> int:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index(output, records))
    # Called from code that already runs an event loop in this thread (e.g. Playwright's sync API
    # in tests): asyncio.run() refuses, so give Pagefind a thread and a loop of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index(output, records)).result()


def html_glob(output: Path, records: Records | None) -> str | None:
    """Pagefind's glob for the HTML pages it parses: all, or all but the folders indexed from records."""
    if records is None:
        return None
    skip = RECORD_DIRS | {BUNDLE_DIR}
    folders = sorted(p.name for p in output.iterdir() if p.is_dir() and p.name not in skip)
    return "{" + ",".join(["*.html", *(f"{name}/**/*.html" for name in folders)]) + "}"


async def _add_records(index: PagefindIndex, records: Iterable[SearchRecord]) -> int:
    """Send every record to Pagefind, a batch at a time; return how many were indexed."""
    added = 0
    iterator = iter(records)
    while batch := list(islice(iterator, RECORD_BATCH)):
        await asyncio.gather(*(index.add_html_file(content=r.html, url=r.url) for r in batch))
        added += len(batch)
    return added


class _Service(PagefindService):
    """Pagefind's service, reading each answer as soon as it arrives.

    The stock reader sleeps 0.1 s before every answer: fine for one `add_directory`,
    but 50,000 records would take 5,000 s.
    """

    async def _wait_for_responses(self) -> None:
        stdout: Any = self._backend.stdout
        while True:
            try:
                line = await stdout.readuntil(b",")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
                # Pagefind stopped (killed on Ctrl-C, or crashed): nobody waits for more answers.
                for pending in self._responses.values():
                    if not pending.done():
                        pending.set_exception(SearchIndexError("pagefind stopped before it answered"))
                return
            answer = json.loads(base64.b64decode(line[:-1]))
            if not isinstance(answer, dict):
                continue
            payload = answer.get("payload") or {}
            message_id = answer.get("message_id")
            if message_id is None and payload.get("original_message"):
                # A message Pagefind could not parse: its answer names the id only inside the message.
                with contextlib.suppress(ValueError, AttributeError):
                    message_id = json.loads(payload["original_message"]).get("message_id")
            future: Any = self._responses.get(message_id) if isinstance(message_id, int) else None
            if future is None or future.done():
                continue
            if payload.get("type") == "Error":
                future.set_exception(SearchIndexError(f"pagefind: {payload.get('message')}"))
            else:
                future.set_result(payload)


class _Index(PagefindIndex):
    """A Pagefind index on the service above."""

    async def _start(self) -> PagefindIndex:
        self._service = await _Service().launch()
        created: Any = await self._service.create_index(self._config)
        self._index_id = created._index_id
        return self


async def _index(output: Path, records: Records | None) -> int:
    config = IndexConfig(force_language="en", output_path=str(output / BUNDLE_DIR))
    index = _Index(config=config)
    indexed = 0
    try:
        async with index:
            result: Any = await index.add_directory(path=str(output), glob=html_glob(output, records))
            pages = result.get("page_count") if isinstance(result, dict) else None
            if not isinstance(pages, int) or pages == 0:
                raise SearchIndexError(f"pagefind indexed no pages in {output}: {result!r}")
            if records is not None:
                pages += await _add_records(index, records())
            logger.info("pagefind: indexed %s pages", pages)
            indexed = pages
            await index.write_files()
            await _settled(index, output / BUNDLE_DIR)
            # Leave without the context's own write: a second, overlapping write left empty files.
            raise _Written
    except _Written:
        pass
    finally:
        await _stop(index)
    return indexed


class _Written(Exception):
    """The bundle is written and settled: the index's context must not write it again."""


SETTLE_SECONDS = 60.0
"""Longest wait for Pagefind to finish writing the bundle after it reported it written."""


async def _settled(index: PagefindIndex, bundle: Path) -> None:
    """Wait until Pagefind holds no bundle file open and the bundle stops changing.

    Its service answers "written" while files are still being written; stopping it then
    cut files short (one run in five on a busy machine).
    """
    backend: Any = getattr(getattr(index, "_service", None), "_backend", None)
    fds = Path(f"/proc/{backend.pid}/fd") if backend is not None else None
    previous: dict[str, int] | None = None
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        sizes = {str(p): p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        if sizes == previous and 0 not in sizes.values() and not _writing(fds, bundle):
            return
        previous = sizes
        await asyncio.sleep(0.1)


def _writing(fds: Path | None, bundle: Path) -> bool:
    """Whether the Pagefind process has a file of the bundle open (Linux; elsewhere: unknown, False)."""
    if fds is None or not fds.is_dir():
        return False
    prefix = str(bundle.resolve())
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(fd).startswith(prefix):
                return True
    return False


async def _stop(index: PagefindIndex) -> None:
    """Kill the Pagefind process if it still runs and close its pipes, while the loop still runs.

    Ctrl-C (which asyncio turns into a cancellation) can land before the index's own
    clean-up has started the service's shutdown; the process must not outlive the build.
    """
    service = getattr(index, "_service", None)
    backend: Any = getattr(service, "_backend", None)
    if backend is None:
        return
    if backend.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            backend.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(backend.wait(), timeout=5)
    transport = getattr(backend, "_transport", None)
    if transport is not None:
        transport.close()


def indexed_fragments(output: Path) -> list[dict[str, Any]]:
    """Every indexed page as Pagefind stored it (url, content, meta, filters, anchors); for checks and tests."""
    fragments: list[dict[str, Any]] = []
    for path in sorted((output / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"{path} is not a Pagefind fragment")
        fragment = json.loads(data[len(_FRAGMENT_SIGNATURE) :])
        if not isinstance(fragment, dict):
            raise SearchIndexError(f"{path} does not hold a JSON object")
        fragments.append(fragment)
    return fragments
