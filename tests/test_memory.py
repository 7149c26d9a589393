"""Bounded memory at archive scale, pinned structurally (docs/PERFORMANCE.md, sixth round):
the content model holds no paragraph text, caches and parse results are read and
handed out a piece at a time, and each bounded step gives what the unbounded one gave."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import synth
from generator.analysis import copies
from generator.analysis.copies import candidate_pairs, detect_overlaps
from generator.content import reading
from generator.content.load import load_content
from generator.content.reading import start_batches
from generator.ingest.seeds import parse_seed
from generator.model import Content, Paragraph
from generator.problems import Problems
from generator.site import exports
from generator.site.plan import MarkedParagraphs, build_index, mark_paragraphs
from generator.store import cache
from generator.store.seedtexts import SeedCache, SeedStore, StoredParagraph
from generator.workers import WorkerPool, in_forked_child
from tests.sample import write_sample


def _content(root: Path) -> Content:
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.has_errors(), problems.items
    return content


def test_the_loaded_model_holds_no_paragraph_text(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    content = _content(root)
    slot = Paragraph.__dict__["text"]  # the slot a Paragraph keeps its text in
    paragraphs = [p for source in content.sources.values() for p in source.paragraphs]
    assert paragraphs
    for paragraph in paragraphs:
        assert isinstance(paragraph, StoredParagraph)
        with pytest.raises(AttributeError):
            slot.__get__(paragraph)  # empty: the text is in the store
    matches = [c.match.paragraph for fact in content.facts.values() for c in fact.citations]
    assert matches
    assert all(isinstance(p, StoredParagraph) for p in matches)


def test_texts_read_back_are_those_of_the_parsed_seeds(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    content = _content(root)
    for source in content.sources.values():
        fresh = parse_seed((root / "seeds" / source.seed).read_bytes(), root / "seeds" / source.seed)
        assert [(p.number, p.text, p.line) for p in source.paragraphs] == [
            (p.number, p.text, p.line) for p in fresh.paragraphs
        ]
        # Pickled (a cache, a copy), a stored paragraph is the plain paragraph it stands for.
        assert pickle.loads(pickle.dumps(source.paragraphs)) == fresh.paragraphs


def test_cached_and_fresh_loads_give_the_same_quotes(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    first = _content(root)  # fills cache/
    second = _content(root)  # reads it
    for fact_id, fact in first.facts.items():
        again = second.facts[fact_id]
        assert [(c.before, c.quoted, c.after) for c in fact.citations] == [
            (c.before, c.quoted, c.after) for c in again.citations
        ]
        assert all(c.quoted for c in fact.citations)


_STORE: list[SeedStore] = []


def _read_in_worker(where: tuple[int, int]) -> tuple[str, ...]:
    return tuple(p.text for p in _STORE[0].parsed(where).paragraphs)


def test_forked_workers_read_the_store_they_inherit(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    store = SeedStore()
    wanted = {}
    for path in sorted((root / "seeds").glob("*.txt")):
        parsed = parse_seed(path.read_bytes(), path)
        _, where = store.keep(parsed)
        wanted[where] = tuple(p.text for p in parsed.paragraphs)
    _STORE[:] = [store]
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            assert pool.map(_read_in_worker, list(wanted)) == list(wanted.values())
    finally:
        _STORE.clear()


def test_the_seed_cache_is_read_entry_by_entry_and_survives_a_cut(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    store = SeedStore()
    entries = {}
    parsed_by_key = {}
    for path in sorted((root / "seeds").glob("*.txt")):
        parsed = parse_seed(path.read_bytes(), path)
        entries[parsed.sha256] = store.keep(parsed)[1]
        parsed_by_key[parsed.sha256] = parsed
    file = tmp_path / "seeds.pickle"
    SeedCache(file, "seeds", "v1").save(entries, store, changed=True)
    found = SeedCache(file, "seeds", "v1").load(set(entries))
    assert {key: parsed for key, (parsed, _) in found.items()} == parsed_by_key
    # Only wanted entries are decoded; another version is a miss.
    assert set(SeedCache(file, "seeds", "v1").load({next(iter(entries))})) == {next(iter(entries))}
    assert SeedCache(file, "seeds", "v2").load(set(entries)) == {}
    # A file cut short keeps the entries before the cut.
    data = file.read_bytes()
    file.write_bytes(data[: len(data) - 10])
    cut = SeedCache(file, "seeds", "v1").load(set(entries))
    assert set(cut) < set(entries)
    assert all(parsed_by_key[key] == parsed for key, (parsed, _) in cut.items())


def test_an_unchanged_seed_cache_is_not_rewritten(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    _content(root)
    seeds_cache = cache.cache_dir(root) / "seeds.pickle"
    written = seeds_cache.stat().st_mtime_ns
    _content(root)
    assert seeds_cache.stat().st_mtime_ns == written


def _double(items: list[int]) -> list[int]:
    return [2 * item for item in items]


def test_batches_are_cut_by_size_and_handed_out_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "BATCH_BYTES", 10)
    monkeypatch.setattr(reading, "IN_FLIGHT", 1)
    items = list(range(100))
    sizes = [(n % 7) + 1 for n in items]
    with WorkerPool() as pool:
        results = start_batches(pool, items, _double, sizes)
        assert list(results) == _double(items)


def test_bounded_copy_detection_finds_what_unbounded_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "archive"
    synth.generate(root, 120)  # with machine-rewritten copies among the sources
    sources = _content(root).sources
    full = detect_overlaps(sources), candidate_pairs(sources)
    assert full[0].original_of and full[1]
    monkeypatch.setattr(copies, "KEPT", 1)  # every passage and profile made again when asked for
    assert (detect_overlaps(sources), candidate_pairs(sources)) == full


def test_the_key_filter_never_forgets_a_key() -> None:
    seen = copies._KeyFilter(10)
    keys = [hash((n, n * 7)) for n in range(5000)]
    for key in keys:
        seen.add(key)
    assert all(seen.add(key) for key in keys)


def test_marked_paragraphs_are_made_when_iterated(tmp_path: Path) -> None:
    root = write_sample(tmp_path / "project")
    content = _content(root)
    from generator.analysis import analyse

    index = build_index(content, analyse(content), "")
    for source in content.sources.values():
        facts = index.facts_by_source.get(source.id, ())
        assert list(MarkedParagraphs(source, facts)) == list(mark_paragraphs(source, facts))


def test_exports_in_pieces_join_to_the_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sample(tmp_path / "project")
    content = _content(root)
    from generator.analysis import analyse

    analysis = analyse(content)
    whole = exports.facts_csv(content, analysis, "https://example.org")
    monkeypatch.setattr(exports, "CSV_FACTS_PER_PART", 1)
    parts: Iterator[str] = exports.facts_csv_parts(content, analysis, "https://example.org")
    pieces = list(parts)
    assert len(pieces) == len(content.facts) + 1
    assert "".join(pieces) == whole


def _fails() -> int:
    raise ValueError("from the child")


def test_work_in_a_forked_child_returns_its_result_or_raises_its_error() -> None:
    parent = os.getpid()
    assert in_forked_child(os.getpid) != parent
    assert in_forked_child(lambda: {"copies": (1, 2)}) == {"copies": (1, 2)}
    with pytest.raises(ValueError, match="from the child"):
        in_forked_child(_fails)


def test_lazy_pages_are_the_planned_pages_and_name_their_paths_without_making_them(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    synth.generate(root, 40)
    content = _content(root)
    from generator.analysis import analyse
    from generator.site import stages
    from generator.site.lazypages import LazyPages, refs_of, templates_of

    plan = stages.plan(content, analyse(content), stages.site_settings("", "", content))
    pages = plan.pages
    assert isinstance(pages, LazyPages)
    made = list(pages)
    assert len(made) == len(pages) > len(content.facts) + len(content.sources)
    assert [pages[i].path for i in range(len(pages))] == [p.path for p in made]
    assert [p.path for p in pages[-3:]] == [p.path for p in made[-3:]]
    assert [(r.path, r.lastmod) for r in refs_of(pages)] == [(p.path, p.lastmod) for p in made]
    assert templates_of(pages) == {p.template for p in made}
    kinds = [p.kind for p in made]
    assert kinds.index("source") < kinds.index("fact") < kinds.index("entity")
