"""The one worker pool: batching, threshold and results in order."""

from __future__ import annotations

import os

import pytest

from generator import workers


def _pid_and_square(value: int) -> tuple[int, int]:
    return os.getpid(), value * value


def test_batches_cover_every_item_once_in_order() -> None:
    assert workers.batch_bounds(10, 3) == [(0, 4), (4, 8), (8, 10)]
    assert workers.batch_bounds(2, 16) == [(0, 1), (1, 2)]
    assert workers.batch_bounds(0, 4) == []


def test_below_the_threshold_work_stays_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    assert not workers.worth_it(15, 16)
    assert workers.worth_it(16, 16)
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    assert not workers.worth_it(10**6, 16)


def test_the_pool_returns_results_in_order_from_forked_workers() -> None:
    with workers.WorkerPool() as pool:
        results = list(pool.map(_pid_and_square, list(range(20))))
    assert [square for _, square in results] == [n * n for n in range(20)]
    if workers.worker_count() >= 2:
        assert os.getpid() not in {pid for pid, _ in results}


def test_a_one_core_machine_gets_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    with workers.WorkerPool() as pool:
        assert pool.submit(_pid_and_square, 3) is None
        assert list(pool.map(_pid_and_square, [3])) == [(os.getpid(), 9)]
