"""The persistent cache under <root>/cache/: parsed seeds and analysis results."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator import analysis, cache, catalog
from generator.catalog import load_seeds
from generator.problems import Problems
from generator.project import load_content
from tests.sample import write_sample


def _seeds(root: Path, cache_file: Path | None) -> dict[str, object]:
    problems = Problems()
    seeds = load_seeds(root / "seeds", problems, cache_file)
    assert not problems.items
    return dict(seeds)


def test_cached_seeds_equal_freshly_parsed_ones(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    cache_file = tmp_path / "cache" / "seeds.pickle"
    uncached = _seeds(root, None)
    assert not cache_file.exists()
    assert _seeds(root, cache_file) == uncached  # fills the cache
    assert cache_file.is_file()
    assert _seeds(root, cache_file) == uncached  # reads it


def test_seeds_are_taken_from_the_cache_when_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    cache_file = tmp_path / "cache" / "seeds.pickle"
    _seeds(root, cache_file)
    calls: list[str] = []
    real = catalog.parse_seed

    def counting(raw: bytes, path: Path) -> object:
        calls.append(path.name)
        return real(raw, path)

    monkeypatch.setattr(catalog, "parse_seed", counting)
    _seeds(root, cache_file)
    assert calls == []
    # A changed seed is parsed again; the others still come from the cache.
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b"\nAn added closing paragraph of article text.\n")
    seeds = _seeds(root, cache_file)
    assert calls == [seed.name]
    assert seeds[seed.name] == _seeds(root, None)[seed.name]
    assert "An added closing paragraph" in seeds[seed.name].raw  # type: ignore[attr-defined]


def test_a_corrupted_or_foreign_cache_file_is_ignored(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    cache_file = tmp_path / "cache" / "seeds.pickle"
    uncached = _seeds(root, None)
    cache_file.parent.mkdir(parents=True)
    for junk in (
        b"",
        b"not a cache at all",
        b"\x80\x04garbage",
        b"briefing-cache seeds 1 0000\n" + pickle.dumps({"x": 1}),
    ):
        cache_file.write_bytes(junk)
        assert _seeds(root, cache_file) == uncached
    # A truncated file (a valid header, the pickle cut short) too.
    assert cache_file.read_bytes().startswith(b"briefing-cache seeds ")
    data = cache_file.read_bytes()
    cache_file.write_bytes(data[: len(data) // 2])
    assert _seeds(root, cache_file) == uncached
    # Values of the wrong type under the right header.
    version = cache.code_version(*catalog.SEED_PARSER_MODULES)
    cache.save(cache_file, "seeds", version, dict.fromkeys(("a", "b"), "junk"))
    assert _seeds(root, cache_file) == uncached
    cache.save(cache_file, "seeds", version, ["not", "a", "dict"])
    assert _seeds(root, cache_file) == uncached


def test_load_content_uses_the_project_cache_and_check_still_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFING_CACHE_DIR")
    root = write_sample(tmp_path / "project")
    first = load_content(root, Problems())
    assert (root / "cache" / "seeds.pickle").is_file()
    problems = Problems()
    second = load_content(root, problems)
    assert not [p for p in problems.items if p.level.name == "ERROR"]
    assert second.sources == first.sources


def test_cached_analysis_equals_uncached_analysis(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    content = load_content(root, Problems())
    uncached = analysis.analyse(content)
    directory = tmp_path / "cache"
    assert analysis.analyse(content, directory) == uncached  # computes and stores
    assert (directory / "copies.pickle").is_file()
    assert (directory / "spellings.pickle").is_file()
    assert analysis.analyse(content, directory) == uncached  # reads
    for name in ("copies.pickle", "spellings.pickle"):
        (directory / name).write_bytes(b"briefing-cache broken")
    assert analysis.analyse(content, directory) == uncached


def test_changed_text_is_analysed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    directory = tmp_path / "cache"
    content = load_content(root, Problems())
    analysis.analyse(content, directory)
    calls: list[int] = []
    real = analysis.detect_overlaps

    def counting(sources: object) -> object:
        calls.append(1)
        return real(sources)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "detect_overlaps", counting)
    analysis.analyse(content, directory)
    assert calls == []
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b"\nAn added closing paragraph of article text.\n")
    changed = load_content(root, Problems())
    assert analysis.analyse(changed, directory) == analysis.analyse(changed)
    assert calls == [1, 1]
