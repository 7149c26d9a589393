"""The persistent cache under <root>/cache/: parsed seeds and analysis results."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator import analysis
from generator.content import sources as catalog
from generator.content.load import load_content
from generator.content.sources import load_seeds
from generator.problems import Problems
from generator.store import cache
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
    real = catalog.parse_seed  # type: ignore[attr-defined]

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
    assert "An added closing paragraph" in seeds[seed.name].paragraphs[-1].text  # type: ignore[attr-defined]


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
    version = cache.code_version()
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
    # Counted in a file: a cached analysis is computed in a forked child (workers.in_forked_child).
    calls = tmp_path / "calls"
    calls.write_text("")
    real = analysis.detect_overlaps

    def counting(sources: object) -> object:
        with calls.open("a") as handle:
            handle.write("1")
        return real(sources)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "detect_overlaps", counting)
    analysis.analyse(content, directory)
    assert calls.read_text() == ""
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    seed.write_bytes(seed.read_bytes() + b"\nAn added closing paragraph of article text.\n")
    changed = load_content(root, Problems())
    assert analysis.analyse(changed, directory) == analysis.analyse(changed)
    assert calls.read_text() == "11"


def _load(root: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], object]:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache_home))
    problems = Problems()
    content = load_content(root, problems)
    return [str(p) for p in problems.items], content


def _count_work(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record every YAML file parsed and every source index built."""
    from generator.content import citations, facts
    from generator.store import documents as doccache

    work: dict[str, list[str]] = {"parsed": [], "indexed": []}
    parse = doccache.parse_yaml_bytes  # type: ignore[attr-defined]

    def parsing(raw: bytes, path: Path) -> object:
        work["parsed"].append(path.name)
        return parse(raw, path)

    class CountingIndex(citations.SourceIndex):
        def __init__(self, source: object) -> None:
            work["indexed"].append(source.id)  # type: ignore[attr-defined]
            super().__init__(source)  # type: ignore[arg-type]

    monkeypatch.setattr(doccache, "parse_yaml_bytes", parsing)
    monkeypatch.setattr(facts, "SourceIndex", CountingIndex)
    return work


def test_unchanged_sidecars_sheets_and_quotes_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_sample(tmp_path / "project")
    uncached = _load(root, tmp_path / "fresh", monkeypatch)
    _load(root, tmp_path / "cache", monkeypatch)  # fills the cache
    work = _count_work(monkeypatch)
    assert _load(root, tmp_path / "cache", monkeypatch) == uncached
    assert work == {"parsed": [], "indexed": []}
    assert {p.name for p in (tmp_path / "cache").iterdir()} >= {
        "seeds.pickle",
        "sidecars.pickle",
        "fact-sheets.pickle",
        "quotes.pickle",
    }

    # An edited sheet is parsed again, and only its new quote needs a source index.
    sheet = sorted((root / "content" / "facts").glob("*.yaml"))[0]
    text = sheet.read_text(encoding="utf-8")
    quote = next(line for line in text.splitlines() if "quote:" in line)
    words = quote.split("quote:", 1)[1].strip().strip("\"'").split()
    shorter = " ".join(words[1:])
    sheet.write_text(text.replace(quote, quote.replace(" ".join(words), shorter)), encoding="utf-8")
    work["parsed"].clear()
    cached = _load(root, tmp_path / "cache", monkeypatch)
    assert work["parsed"] == [sheet.name]
    assert len(work["indexed"]) == 1
    assert cached == _load(root, tmp_path / "fresh-2", monkeypatch)


def test_files_with_problems_are_checked_again_on_every_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    sheet = sorted((root / "content" / "facts").glob("*.yaml"))[0]
    text = sheet.read_text(encoding="utf-8")
    quote = next(line for line in text.splitlines() if "quote:" in line)
    sheet.write_text(text.replace(quote, quote.replace("quote:", "quote: Not in the article,")), encoding="utf-8")
    sidecar = sorted((root / "content" / "sources").glob("*.yaml"))[0]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    first, _ = _load(root, tmp_path / "cache", monkeypatch)
    assert any("quote not found" in line or "Not in the article" in line for line in first)
    assert any("colour" in line for line in first)
    work = _count_work(monkeypatch)
    second, _ = _load(root, tmp_path / "cache", monkeypatch)
    assert second == first
    assert sidecar.name in work["parsed"]


def test_big_caches_are_written_by_a_child_and_the_result_is_the_same(tmp_path: Path) -> None:
    value = {f"key-{n}": ("value", n) for n in range(cache.BACKGROUND_ENTRIES)}
    target = tmp_path / "cache" / "big.pickle"
    cache.save(target, "big", "v1", value, entries=len(value))
    assert cache._writers, "a cache of BACKGROUND_ENTRIES entries is handed to a forked writer"
    cache.wait_for_writes()
    assert cache._writers == []
    assert cache.load(target, "big", "v1") == value
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    # A writer that cannot write (its directory is a file) fails quietly, like a synchronous one.
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    cache.save(blocked / "big.pickle", "big", "v1", value, entries=len(value))
    cache.save(blocked / "small.pickle", "small", "v1", {"a": 1})
    cache.wait_for_writes()
    assert cache.load(blocked / "big.pickle", "big", "v1") is None
