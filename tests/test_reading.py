"""Files parsed on the workers come back ready for the cache, and equal to those parsed in the parent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import workers
from generator.content import reading
from generator.content.inventory import files_in
from generator.content.reading import BatchReader
from generator.content.sources import SeedLoader
from generator.problems import Problems
from generator.store.documents import DocumentCache, Read
from tests.sample import write_sample


@pytest.fixture
def sidecars(tmp_path: Path) -> Path:
    """The sample's sidecars, three times over, and one with a problem."""
    root = write_sample(tmp_path / "project")
    folder = root / "content" / "sources"
    for path in sorted(folder.glob("*.yaml")):
        for copy in range(3):
            shutil.copy(path, folder / f"{path.stem}-{copy}.yaml")
    (folder / "zz-broken.yaml").write_text("id: zz-broken\ncolour: blue\n", encoding="utf-8")
    return folder


def _read(folder: Path, pool: workers.WorkerPool | None) -> tuple[list[tuple[Path, Read]], DocumentCache]:
    documents = DocumentCache(None, "source")
    reader = BatchReader(files_in(folder, ".yaml"), documents, pool)
    return list(reader.results()), documents


@pytest.mark.skipif(workers.worker_count() < 2, reason="one core: no workers to hand files to")
def test_documents_parsed_on_workers_equal_those_parsed_here_and_fill_the_cache_alike(
    sidecars: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "PARALLEL_FILES", 2)
    here, here_cache = _read(sidecars, None)
    with workers.WorkerPool() as pool:
        assert reading.on_workers(pool, 2)
        there, there_cache = _read(sidecars, pool)
    assert there == here
    broken = [read for path, read in there if path.name == "zz-broken.yaml"]
    assert broken and broken[0][1]  # its schema problems, as read, and not cached
    for cache in (here_cache, there_cache):
        assert len(cache._entries.used) == len(here) - 1
    for key in here_cache._entries.used:
        assert there_cache.get(key) == here_cache.get(key)


@pytest.mark.skipif(workers.worker_count() < 2, reason="one core: no workers to hand files to")
def test_seeds_parsed_on_workers_equal_those_parsed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    for path in sorted((root / "seeds").glob("*.txt")):
        for copy in range(3):
            shutil.copy(path, path.with_name(f"{path.stem}-{copy}.txt"))
    monkeypatch.setattr(reading, "PARALLEL_FILES", 2)
    here = SeedLoader(root / "seeds").result(Problems())
    with workers.WorkerPool() as pool:
        there = SeedLoader(root / "seeds", None, pool).result(Problems())
    assert len(there) == 8
    assert there == here
    assert [p.text for seed in there.values() for p in seed.paragraphs] == [
        p.text for seed in here.values() for p in seed.paragraphs
    ]
