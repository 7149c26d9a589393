"""Parse the changed seeds, sidecars and fact sheets on forked workers, in order.

At archive scale most of a cold `briefing check` is parsing: 10,000 seeds, 10,000
sidecars and 100 fact sheets. A `workers.WorkerPool` of forked workers is started before
anything is parsed (while the parent's heap is still small). The seed loader
(catalog.SeedLoader) and each `BatchReader` hand it the files their caches do not
already hold, in the order the parent needs them, and give every result back in file
order, so that problems are reported exactly as a serial read reports them.

Memory stays bounded at any archive size: the parent hands out a file's path and the
SHA-256 of the bytes it read (not the bytes: at 100,000 sources they were gigabytes
held at once), the worker reads the file again and parses it only if the bytes are the
same, batches hold at most BATCH_FILES files, and at most IN_FLIGHT batches per reader
are handed out and not yet consumed (finished results wait in the parent).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TypeVar

from generator.content.yamlio import Mapping, YamlError
from generator.model import Location
from generator.store.documents import DocumentCache, Read, encode, read_checked
from generator.workers import WorkerPool, batch_bounds, worth_it

PARALLEL_FILES = 16
"""From this many files to parse (not in the cache) on, parse them on the workers."""

BATCHES_PER_WORKER = 8
"""Batches per worker and directory at least: results flow back while later batches are parsed."""

BATCH_FILES = 200
"""Most files in one batch (a batch's results are held whole until consumed)."""

BATCH_BYTES = 1 << 20
"""Most bytes of files in one batch: a fact sheet's parsed tree is tens of times its size, and
finished batches wait in the parent until their turn (the sheets' until every seed is read)."""

IN_FLIGHT = 3
"""Batches per worker and reader handed to the pool and not yet consumed."""

Pending = tuple[Path, str]
"""A file to parse: its path and the SHA-256 of the bytes the parent read."""


def read_pending(path: Path, sha256: str) -> bytes | None:
    """The file's bytes if they are still those the parent read (None: changed or unreadable since)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return raw if hashlib.sha256(raw).hexdigest() == sha256 else None


CHANGED_WHILE_READ = "the file changed while it was being read", "run the command again"


Item = TypeVar("Item")
Result = TypeVar("Result")


Parsed = Read | bytes
"""A file's result as a worker hands it back: a document without problems already encoded as its
cache entry (`documents.encode`: the parent decodes it, which it would do to the worker's pickle
anyway, and stores the bytes as they are), else the read itself."""


def _read_files(schema: str, encoded: bool, files: list[Pending]) -> list[Parsed]:
    reads = [_read_file(schema, path, sha256) for path, sha256 in files]
    return [_encoded(read) for read in reads] if encoded else list(reads)


def _encoded(read: Read) -> Parsed:
    document, problems, failure = read
    clean = document is not None and isinstance(document.data, Mapping) and not problems and failure is None
    return encode(document) if clean and document is not None else read


def _read_file(schema: str, path: Path, sha256: str) -> Read:
    raw = read_pending(path, sha256)
    if raw is None:
        return None, (), YamlError(Location(path), *CHANGED_WHILE_READ)
    return read_checked(raw, path, schema)


def start_batches(
    pool: WorkerPool | None,
    items: list[Item],
    work: Callable[[list[Item]], list[Result]],
    sizes: list[int] | None = None,
) -> Iterator[Result]:
    """`work` over `items`, results in order: started now on the pool's workers when there
    are PARALLEL_FILES items or more, else done serially as the results are asked for.
    `work` must be picklable (a module-level function, or a partial of one); `sizes` are
    the items' sizes in bytes, which cut batches at BATCH_BYTES."""
    if pool is None or not on_workers(pool, len(items)):
        return _lazily(work, items)
    workers = pool
    batches = max(pool.workers * BATCHES_PER_WORKER, -(-len(items) // BATCH_FILES))
    bounds = batch_bounds(len(items), batches)
    if sizes is not None:
        bounds = [part for start, end in bounds for part in _by_size(sizes, start, end)]
    waiting = deque(items[start:end] for start, end in bounds)
    futures: deque[Future[list[Result]]] = deque()

    def hand_out() -> bool:
        while waiting and len(futures) < workers.workers * IN_FLIGHT:
            future = workers.submit(work, waiting[0])
            if future is None:
                return False
            futures.append(future)
            waiting.popleft()  # the batch's items now live with the pool only
        return True

    if not hand_out():
        return _lazily(work, items)

    def drain() -> Iterator[Result]:
        while futures:
            # Drop each batch once consumed: its results are only needed once.
            done = futures.popleft().result()
            hand_out()
            yield from done
        for batch in waiting:  # the pool stopped taking work: finish here
            yield from work(batch)

    return drain()


def on_workers(pool: WorkerPool | None, items: int) -> bool:
    """Will `start_batches` hand this many items to the pool's workers (else they are done here)?"""
    return pool is not None and pool.workers >= 2 and worth_it(items, PARALLEL_FILES)


def _by_size(sizes: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The range cut into runs of at most BATCH_BYTES (a larger item alone)."""
    parts: list[tuple[int, int]] = []
    first, total = start, 0
    for index in range(start, end):
        if total and total + sizes[index] > BATCH_BYTES:
            parts.append((first, index))
            first, total = index, 0
        total += sizes[index]
    parts.append((first, end))
    return parts


def _lazily(work: Callable[[list[Item]], list[Result]], items: list[Item]) -> Iterator[Result]:
    yield from work(items)


class BatchReader:
    """The checked YAML documents of one directory, in file order.

    Files whose bytes are unchanged since the last run come from `documents`; the
    others are parsed on `pool` when there are at least PARALLEL_FILES of them, else
    serially as they are asked for. Parsed documents without problems are added to
    `documents`.
    """

    def __init__(self, paths: list[Path], documents: DocumentCache, pool: WorkerPool | None = None) -> None:
        self.paths = paths
        self.documents = documents
        self._ready: dict[int, Read] = {}
        self._cached: dict[int, tuple[str, str]] = {}
        """Files whose document the cache holds: read from it only when their turn comes, so
        that the parsed trees of every file are never alive at once."""
        self._keys: dict[int, tuple[str, str]] = {}
        pending: list[Pending] = []
        sizes: list[int] = []
        for number, path in enumerate(paths):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                self._ready[number] = (None, (), YamlError(Location(path), f"cannot read the file: {exc.strerror}"))
                continue
            key = documents.key(path, raw)
            if documents.has(key):
                self._cached[number] = key
            else:
                self._keys[number] = key
                pending.append((path, key[1]))
                sizes.append(len(raw))
        # On workers, clean documents come back as cache entries: the parent neither pickles nor compresses them.
        work = partial(_read_files, documents.schema, on_workers(pool, len(pending)))
        self._parsed: Iterator[Parsed] = start_batches(pool, pending, work, sizes)

    def _read_now(self, path: Path) -> Read:
        """Parse a file here (its cache entry was damaged)."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, (), YamlError(Location(path), f"cannot read the file: {exc.strerror}")
        ready = read_checked(raw, path, self.documents.schema)
        self.documents.put(self.documents.key(path, raw), ready)
        return ready

    def results(self) -> Iterator[tuple[Path, Read]]:
        """Every file and its result, in file order."""
        parsed = self._parsed
        for number, path in enumerate(self.paths):
            ready = self._ready.pop(number, None)
            cached = self._cached.pop(number, None)
            if cached is not None:
                document = self.documents.get(cached)
                ready = (document, (), None) if document is not None else self._read_now(path)
            if ready is None:
                result = next(parsed)
                if isinstance(result, bytes):
                    ready = (self.documents.put_encoded(self._keys[number], result), (), None)
                else:
                    ready = result
                    self.documents.put(self._keys[number], ready)
            yield path, ready
