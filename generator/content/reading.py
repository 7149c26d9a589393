"""Parse the changed seeds, sidecars and fact sheets on forked workers, in order.

At archive scale most of a cold `briefing check` is parsing: 10,000 seeds, 10,000
sidecars and 100 fact sheets. A `workers.WorkerPool` of forked workers is started before
anything is parsed (while the parent's heap is still small). The seed loader
(catalog.SeedLoader) and each `BatchReader` hand it the files their caches do not
already hold, in the order the parent needs them, and give every result back in file
order, so that problems are reported exactly as a serial read reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TypeVar

from generator.content.yamlio import YamlError
from generator.model import Location
from generator.store.documents import DocumentCache, Read, read_checked
from generator.workers import WorkerPool, batch_bounds, worth_it

PARALLEL_FILES = 16
"""From this many files to parse (not in the cache) on, parse them on the workers."""

BATCHES_PER_WORKER = 8
"""Batches per worker and directory: results flow back while later batches are parsed."""


Item = TypeVar("Item")
Result = TypeVar("Result")


def _read_files(schema: str, files: list[tuple[Path, bytes]]) -> list[Read]:
    return [read_checked(raw, path, schema) for path, raw in files]


def start_batches(
    pool: WorkerPool | None, items: list[Item], work: Callable[[list[Item]], list[Result]]
) -> Iterator[Result]:
    """`work` over `items`, results in order: started now on the pool's workers when there
    are PARALLEL_FILES items or more, else done serially as the results are asked for.
    `work` must be picklable (a module-level function, or a partial of one)."""
    futures: list[Future[list[Result]]] = []
    if pool is not None and worth_it(len(items), PARALLEL_FILES):
        for start, end in batch_bounds(len(items), pool.workers * BATCHES_PER_WORKER):
            future = pool.submit(work, items[start:end])
            if future is None:
                futures.clear()
                break
            futures.append(future)
    if not futures:
        return _lazily(work, items)

    def drain() -> Iterator[Result]:
        while futures:
            # Drop each batch once consumed: its results are only needed once.
            yield from futures.pop(0).result()

    return drain()


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
        self._keys: dict[int, tuple[str, str]] = {}
        pending: list[tuple[Path, bytes]] = []
        for number, path in enumerate(paths):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                self._ready[number] = (None, (), YamlError(Location(path), f"cannot read the file: {exc.strerror}"))
                continue
            key = documents.key(path, raw)
            document = documents.get(key)
            if document is not None:
                self._ready[number] = (document, (), None)
            else:
                self._keys[number] = key
                pending.append((path, raw))
        self._parsed = start_batches(pool, pending, partial(_read_files, documents.schema))

    def results(self) -> Iterator[tuple[Path, Read]]:
        """Every file and its result, in file order."""
        parsed = self._parsed
        for number, path in enumerate(self.paths):
            ready = self._ready.pop(number, None)
            if ready is None:
                ready = next(parsed)
                self.documents.put(self._keys[number], ready)
            yield path, ready
