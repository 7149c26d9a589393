"""The one cache store: tables of entries keep what a run used, and are discarded on a version change."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.store import cache


def test_entries_keep_only_what_the_run_used(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "table.pickle"
    first: cache.Entries[str, int] = cache.Entries(path, "table", "v1")
    first.use("a", 1)
    first.use("b", 2)
    first.save()
    second: cache.Entries[str, int] = cache.Entries(path, "table", "v1")
    assert (second.stored("a"), second.stored("b"), second.stored("c")) == (1, 2, None)
    second.use("a", 1)
    second.save()
    assert cache.Entries(path, "table", "v1").known == {"a": 1}
    assert cache.Entries(path, "table", "v2").known == {}
    assert cache.Entries(path, "other", "v1").known == {}


def test_unchanged_entries_are_not_written_again(tmp_path: Path) -> None:
    path = tmp_path / "table.pickle"
    cache.save(path, "table", "v1", {"a": 1})
    entries: cache.Entries[str, int] = cache.Entries(path, "table", "v1")
    stored = entries.stored("a")
    assert isinstance(stored, int)
    entries.use("a", stored)
    path.write_bytes(b"marker")
    entries.save()
    assert path.read_bytes() == b"marker"


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(b"old")

    def fail(handle: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cache.replace_atomically(path, fail)
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
    assert path.read_bytes() == b"old"
