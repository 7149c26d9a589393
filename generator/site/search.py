"""The only module that knows Pagefind: index the built site's main content."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import time
from collections.abc import Awaitable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

from generator.site.search_records import SHARDED_DIRS, UNINDEXED_DIRS, Shard

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
"""Folder of the search bundle inside the output."""

_FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""Prefix of a decompressed Pagefind fragment, before its JSON."""


class SearchIndexError(RuntimeError):
    """Pagefind failed or indexed nothing."""


INDEX_ATTEMPTS = 3
"""Times the index is written before an incomplete bundle is an error (see index_site)."""


RECORD_BATCH = 500
"""Pages and records sent to Pagefind before waiting for its answers (one pipe, answers in any order)."""

BATCH_CHARS = 4_000_000
"""Characters of HTML sent before waiting, whatever the count: 500 entity pages listing 200 facts each are 45 MB."""

SHARD_WORKERS = 2
"""Pagefind processes run at once (each holds one bundle's index in memory)."""

SHARDS_FILE = "shards.json"
"""List of the shard bundles, in the main bundle: search.js merges them into every search."""

SHARDS_DIR = "shards"

INPUTS_FILE = "inputs.digest"
"""In each bundle: the digest of what it was indexed from, so that the next build can reuse it."""


def index_site(output: Path, shards: Sequence[Shard] | None = None, previous: Path | None = None) -> int:
    """Index every page's `data-pagefind-body` element, write the bundle into the output; return the page count.

    With `previous` (the output of the build being replaced), a bundle whose inputs
    (the HTML pages and records it indexes, Pagefind's version and this module) are
    those of the same bundle there is hard-linked from it instead of indexed again: a
    fact edit re-indexes the bundles whose pages or records show it, not every shard.

    With `shards`, the pages under search_records.SHARDED_DIRS are left out of the main
    bundle and indexed per shard, each by a Pagefind process of its own (so no process
    grows with the whole archive), facts from records instead of their pages; the
    browser merges the shard bundles listed in `pagefind/shards.json`, each with its
    own weight.

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
        pages = _run(output, shards, previous)
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


def bundles(output: Path) -> list[Path]:
    """The main search bundle of a built site and every shard bundle it lists."""
    bundle = output / BUNDLE_DIR
    listed = bundle / SHARDS_FILE
    shards = json.loads(listed.read_text(encoding="utf-8"))["shards"] if listed.is_file() else []
    return [bundle, *(bundle / shard["path"] for shard in shards)]


def _run(output: Path, shards: Sequence[Shard] | None, previous: Path | None) -> int:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index_all(output, shards, previous))
    # Called from code that already runs an event loop in this thread (e.g. Playwright's sync API
    # in tests): asyncio.run() refuses, so give Pagefind a thread and a loop of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index_all(output, shards, previous)).result()


async def _index_all(output: Path, shards: Sequence[Shard] | None, previous: Path | None) -> int:
    """The main bundle, then the shards, SHARD_WORKERS Pagefind processes at a time."""
    bundle = output / BUNDLE_DIR
    old = previous / BUNDLE_DIR if previous is not None else None
    if shards is None:
        pages = await _index(output, bundle, None, None, old)
    elif len(shards) == 1:
        # One shard's worth (a small site): one bundle, ranked with the statistics of every page.
        pages = await _index(output, bundle, html_glob(output), shards[0], old)
    else:
        gate = asyncio.Semaphore(SHARD_WORKERS)

        async def limited(job: Awaitable[int]) -> int:
            async with gate:
                return await job

        jobs = [_index(output, bundle, html_glob(output), None, old)]
        jobs += [
            _index(output, bundle / SHARDS_DIR / s.name, "", s, old / SHARDS_DIR / s.name if old else None)
            for s in shards
        ]
        pages = sum(await asyncio.gather(*(limited(job) for job in jobs)))
        listed = [{"path": f"{SHARDS_DIR}/{s.name}/", "weight": s.weight, "kinds": list(s.kinds)} for s in shards]
        listing = {"shards": listed}
        (bundle / SHARDS_FILE).write_text(json.dumps(listing) + "\n", encoding="utf-8")
    if pages == 0:
        raise SearchIndexError(f"pagefind indexed no pages in {output}")
    logger.info("pagefind: indexed %s pages", pages)
    return pages


def html_glob(output: Path) -> str:
    """Pagefind's glob for the main bundle: every HTML page but those of the sharded and unindexed folders."""
    skip = SHARDED_DIRS | UNINDEXED_DIRS | {BUNDLE_DIR}
    folders = sorted(p.name for p in output.iterdir() if p.is_dir() and p.name not in skip)
    return "{" + ",".join(["*.html", *(f"{name}/**/*.html" for name in folders)]) + "}"


async def _add_shard(index: PagefindIndex, output: Path, shard: Shard) -> int:
    """Send a shard's pages and records to Pagefind, a batch at a time; return how many were indexed."""
    pages = ((p, (output / p).read_text(encoding="utf-8")) for p in shard.pages)
    files = (("/" + p.removesuffix("index.html"), html) for p, html in pages)
    records = ((r.url, r.html) for r in shard.records())
    added = 0
    for source in (files, records):
        for batch in batches(source):
            await asyncio.gather(*(index.add_html_file(content=html, url=url) for url, html in batch))
            added += len(batch)
    return added


def batches(
    items: Iterable[tuple[str, str]], count: int = RECORD_BATCH, chars: int = BATCH_CHARS
) -> Iterator[list[tuple[str, str]]]:
    """(url, html) pairs in lists of at most `count`, cut sooner once they hold `chars` characters of HTML."""
    batch: list[tuple[str, str]] = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item[1])
        if len(batch) >= count or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


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

    async def __aexit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        """Close the service gracefully after a write; after an error or Ctrl-C, leave Pagefind to `_stop`.

        The stock clean-up waits for SIGTERM to end the process, which a hung or stopped
        Pagefind never does, so a Ctrl-C that came after the index was created could hang
        the build; `_stop` kills it instead.
        """
        if exc_type is None or issubclass(exc_type, _Written):
            await super().__aexit__(exc_type, exc_value, traceback)


async def _index(output: Path, bundle: Path, glob: str | None, shard: Shard | None, old: Path | None) -> int:
    """One Pagefind process writing one bundle: the site's HTML (all, a glob of it or none: ""), and a shard.

    Reuses the bundle `old` instead when it was indexed from the same inputs.
    """
    config = IndexConfig(force_language="en", output_path=str(bundle))
    key = await asyncio.to_thread(inputs_digest, output, glob, shard, config)
    if old is not None:
        reused = await asyncio.to_thread(_reuse, old, bundle, key)
        if reused is not None:
            return reused
    indexed = await _write_bundle(output, bundle, glob, shard, config)
    (bundle / INPUTS_FILE).write_text(f"{key} {indexed}\n", encoding="utf-8")
    return indexed


def inputs_digest(output: Path, glob: str | None, shard: Shard | None, config: IndexConfig) -> str:
    """Digest of everything a bundle is indexed from: its pages' bytes, its records, Pagefind and how it is called."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(Path(__file__).read_bytes())
    for name in ("pagefind", "pagefind_bin"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
    digest.update(json.dumps({k: v for k, v in config.items() if k != "output_path"}, sort_keys=True).encode())
    pages = sorted(_globbed(output, glob)) + (list(shard.pages) if shard is not None else [])
    for page in pages:
        data = (output / page).read_bytes()
        digest.update(b"p%d:%s\x00%d:" % (len(page), page.encode(), len(data)))
        digest.update(data)
    for record in shard.records() if shard is not None else ():
        url, html = record.url.encode(), record.html.encode()
        digest.update(b"r%d:%s\x00%d:" % (len(url), url, len(html)))
        digest.update(html)
    return digest.hexdigest()


def _globbed(output: Path, glob: str | None) -> Iterator[str]:
    """The HTML pages a bundle's glob can match (None: every page; "": none); a superset is safe, it only costs reuse."""
    if glob == "":
        return
    skip = {BUNDLE_DIR} if glob is None else {BUNDLE_DIR, *SHARDED_DIRS, *UNINDEXED_DIRS}
    for directory, folders, files in os.walk(output):
        if directory == str(output):
            folders[:] = [f for f in folders if f not in skip]
        relative = os.path.relpath(directory, output)
        for name in files:
            if name.endswith(".html"):
                yield name if relative == "." else f"{relative}/{name}"


def _reuse(old: Path, bundle: Path, key: str) -> int | None:
    """Hard-link the previous build's bundle when it was indexed from these inputs; the pages it holds, else None."""
    try:
        recorded, _, count = (old / INPUTS_FILE).read_text(encoding="utf-8").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return None
    if recorded != key or not count.isdigit() or empty_files(old):
        return None
    # Only the bundle's own files: nested shard bundles and their list are written by their own jobs.
    ignore = shutil.ignore_patterns(SHARDS_DIR, SHARDS_FILE) if old.name == BUNDLE_DIR else None
    try:
        shutil.copytree(old, bundle, ignore=ignore, copy_function=_link_or_copy, dirs_exist_ok=True)
    except (OSError, shutil.Error):
        shutil.rmtree(bundle, ignore_errors=True)
        return None
    logger.info("pagefind: reused %s (inputs unchanged)", bundle.name)
    return int(count)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


async def _write_bundle(output: Path, bundle: Path, glob: str | None, shard: Shard | None, config: IndexConfig) -> int:
    """Run Pagefind on the bundle's pages and records and write the bundle."""
    index = _Index(config=config)
    indexed = 0
    try:
        async with index:
            if glob != "":
                result: Any = await index.add_directory(path=str(output), glob=glob)
                pages = result.get("page_count") if isinstance(result, dict) else None
                if not isinstance(pages, int) or (pages == 0 and glob is None):
                    raise SearchIndexError(f"pagefind indexed no pages in {output}: {result!r}")
                indexed = pages
            if shard is not None:
                indexed += await _add_shard(index, output, shard)
            await index.write_files()
            await _settled(index, bundle)
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
        # Shard bundles nested in the main bundle are other processes' files: not watched here.
        files = (p for p in bundle.rglob("*") if p.is_file() and p.relative_to(bundle).parts[0] != SHARDS_DIR)
        sizes = {str(p): p.stat().st_size for p in files}
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
    paths = (path for bundle in bundles(output) for path in sorted((bundle / "fragment").glob("*.pf_fragment")))
    for path in paths:
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_FRAGMENT_SIGNATURE):
            raise SearchIndexError(f"{path} is not a Pagefind fragment")
        fragment = json.loads(data[len(_FRAGMENT_SIGNATURE) :])
        if not isinstance(fragment, dict):
            raise SearchIndexError(f"{path} does not hold a JSON object")
        fragments.append(fragment)
    return fragments
