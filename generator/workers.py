"""The one pool of forked workers: how many, when to use them, how work is cut into batches.

Parsing (content.reading) and page rendering (site.render) both spread their work
over the same kind of pool. Workers are forked, so they inherit the parent's state
(compiled templates, the job) without pickling it; a machine with one core, or
without `fork`, gets no pool and the work runs serially in the caller's order.

The background cache writer (store.cache.save) also forks, but it is no pool: a
single detached child that writes one file and exits, never waited for by the work
that follows.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import TypeVar, cast

MAX_WORKERS = 2
"""Workers per pool: beyond two, the parent (merging results in order) is the bottleneck."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_count() -> int:
    """How many forked workers this machine gets (1: run serially)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(MAX_WORKERS, os.cpu_count() or 1)


def worth_it(items: int, threshold: int) -> bool:
    """Should `items` units of work go to workers, given the caller's break-even `threshold`?"""
    return items >= threshold and worker_count() >= 2


def batch_bounds(total: int, batches: int) -> list[tuple[int, int]]:
    """`total` items cut into at most `batches` ranges of (nearly) equal size, in order."""
    size = max(1, -(-total // max(1, batches)))
    return [(start, min(total, start + size)) for start in range(0, total, size)]


class WorkerPool:
    """Forked workers, started at once (while the parent's heap is still small); none on one core."""

    def __init__(self) -> None:
        self.workers = worker_count()
        self._pool: ProcessPoolExecutor | None = None
        if self.workers >= 2:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))

    def submit(self, work: Callable[[Item], Result], unit: Item) -> Future[Result] | None:
        """Run `work` on one unit on a worker; None when there are no workers."""
        return self._pool.submit(work, unit) if self._pool is not None else None

    def map(self, work: Callable[[Item], Result], units: list[Item]) -> Iterator[Result]:
        """`work` over every unit, results in order (serially when there are no workers)."""
        if self._pool is None:
            return map(work, units)
        return self._pool.map(work, units)

    def close(self) -> None:
        """Stop the workers (idempotent), dropping work nobody waits for."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def in_forked_child(work: Callable[[], Result]) -> Result:
    """`work()` computed in a forked child and its result handed back pickled (in this
    process when there is no `fork`); an exception it raises is raised here.

    For work whose working memory dwarfs its result (the copy analysis of 100,000
    sources): the child's memory is returned to the system when it exits, while in this
    process the freed memory would stay scattered among long-lived objects.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without the parent's exit handlers
        os.close(read_end)
        try:
            try:
                outcome: tuple[bool, object] = (True, work())
            except BaseException as exc:  # handed to the parent, which raises it
                outcome = (False, exc)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            ok, value = pickle.load(pipe)
    except EOFError:  # the child was killed before it answered: do the work here
        return work()
    finally:
        os.waitpid(pid, 0)
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return cast(Result, value)
