"""Load seeds and their reviewed sidecars into Sources."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Set as AbcSet
from dataclasses import replace
from functools import partial
from importlib import metadata
from pathlib import Path

from generator.content.checksums import SEED_EXTENSIONS
from generator.content.ids import is_id
from generator.content.inventory import files_in, seed_files
from generator.content.reading import (
    CHANGED_WHILE_READ,
    BatchReader,
    Pending,
    on_workers,
    read_pending,
    start_batches,
)
from generator.content.schema import location_of
from generator.content.yamlio import Mapping, YamlDocument, YamlError, load_yaml
from generator.ingest.extraction.agreement import disagreements
from generator.ingest.seeds import MAX_SEED_BYTES, SeedError, oversize, parse_seed
from generator.model import Location, ParsedSeed, Source
from generator.problems import Problems, brief
from generator.store import cache
from generator.store.documents import DocumentCache, Read
from generator.store.seedtexts import SeedCache, SeedStore, Where
from generator.workers import WorkerPool

SEED_CACHE_KIND = "seeds"
EXTRACTOR_LIBRARIES = ("trafilatura", "htmldate", "lxml")
"""Libraries whose output a parsed web-page seed depends on (the code itself is in cache.code_version)."""


def load_seeds(seed_dir: Path, problems: Problems, cache_file: Path | None = None) -> dict[str, ParsedSeed]:
    """Parse every seed file, recording unreadable ones as problems.

    With `cache_file`, seeds parsed by a previous run (same bytes, same parser code) are
    taken from that cache instead of parsed again, and the cache is updated.
    """
    return SeedLoader(seed_dir, cache_file).result(problems)


SeedResult = ParsedSeed | bytes | tuple[Location, str, str]
"""A parsed seed (pickled, when a worker parsed it: see `_parse_seeds`), or where and why it
could not be parsed (location, message, hint)."""


def _parse_seeds(pickled: bool, files: list[Pending]) -> list[SeedResult]:
    """Parse seeds; with `pickled` (on a worker), each parsed seed is handed back as the pickle
    the seed store keeps, so that the parent unpickles it once and never pickles it again."""
    results: list[SeedResult] = []
    for path, sha256 in files:
        raw = read_pending(path, sha256)
        if raw is None:
            results.append((Location(path), *CHANGED_WHILE_READ))
            continue
        try:
            parsed = parse_seed(raw, path)
        except SeedError as exc:
            results.append((exc.location, exc.message, exc.hint))
            continue
        results.append(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL) if pickled else parsed)
    return results


def _extractor_versions() -> str:
    """Versions of the libraries web-page seeds are read with: an upgrade re-reads them."""
    found = []
    for name in EXTRACTOR_LIBRARIES:
        try:
            found.append(f"{name}-{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}-missing")
    return "+" + ",".join(found)


class SeedLoader:
    """Reads every seed now, and parses those not in the cache: on `pool`'s workers
    when there are many (see reading.py), else when the result is asked for.

    The seeds it returns keep their paragraph texts in `store` (see store/seedtexts.py),
    which the cache is read into and written from one seed at a time.
    """

    def __init__(self, seed_dir: Path, cache_file: Path | None = None, pool: WorkerPool | None = None) -> None:
        self.cache_file = cache_file
        self.version = cache.code_version() + _extractor_versions()
        self.cache = SeedCache(cache_file, SEED_CACHE_KIND, self.version)
        self.store = SeedStore()
        self.files: list[tuple[Path, str]] = []
        sizes: dict[str, int] = {}
        self.digests: dict[str, str] = {}
        """SHA-256 of every seed read, by file name (for the SHA256SUMS check)."""
        self.unread: list[tuple[Location, str, str]] = []
        for path in seed_files(seed_dir):
            raw = _read_seed(path, self.unread)
            if raw is None:
                continue
            key = hashlib.sha256(raw).hexdigest()
            self.digests[path.name] = key
            sizes[path.name] = len(raw)
            self.files.append((path, key))
        self.kept: dict[str, tuple[ParsedSeed, Where]] = {}
        """Every seed in the store by key, without its texts."""
        for key, (parsed, data) in self.cache.load(set(self.digests.values())).items():
            self.kept[key] = self.store.keep(parsed, data)
        pending = [(path, key) for path, key in self.files if key not in self.kept]
        self._fresh = bool(pending)
        work = partial(_parse_seeds, on_workers(pool, len(pending)))
        self._parsed = start_batches(pool, pending, work, [sizes[path.name] for path, _ in pending])

    def result(self, problems: Problems) -> dict[str, ParsedSeed]:
        """Every seed that parsed, by file name, in file order; the others are problems."""
        seeds: dict[str, ParsedSeed] = {}
        for unread in self.unread:
            problems.error(*unread)
        used: dict[str, Where] = {}
        for path, key in self.files:
            kept = self.kept.get(key)
            if kept is None:
                fresh = next(self._parsed)
                if isinstance(fresh, bytes):
                    kept = self.kept[key] = self.store.keep(pickle.loads(fresh), fresh)
                elif isinstance(fresh, ParsedSeed):
                    kept = self.kept[key] = self.store.keep(fresh)
                else:
                    problems.error(*fresh)
                    continue
            parsed, where = kept
            seeds[path.name] = parsed if parsed.seed == path.name else replace(parsed, seed=path.name)
            used[key] = where
        self.cache.save(used, self.store, self._fresh)
        return seeds


def _read_seed(path: Path, unread: list[tuple[Location, str, str]]) -> bytes | None:
    """A seed's bytes, or None (recorded in `unread`) when it is too large or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            unread.append(oversize(path, size))
            return None
        return path.read_bytes()
    except OSError as exc:
        unread.append((Location(path), f"cannot read the seed: {exc.strerror}", "check the file's permissions"))
        return None


def load_sources(
    source_dir: Path,
    seeds: dict[str, ParsedSeed],
    problems: Problems,
    reader: BatchReader | None = None,
    listed: AbcSet[str] | None = None,
) -> tuple[dict[str, Source], set[str]]:
    """Read every sidecar and pair it with its seed; every seed needs one sidecar.

    Also returns the ids of sidecars that failed, so that facts citing them
    are not reported a second time. `reader` may already be parsing the sidecars
    (see reading.py). `listed` holds the seed names in SHA256SUMS (all seeds when None):
    a sidecar naming anything else is an error.
    """
    if reader is None:
        reader = BatchReader(files_in(source_dir, ".yaml"), DocumentCache(None, "source"))
    sources: dict[str, Source] = {}
    broken: set[str] = set()
    claimed: dict[str, Path] = {}
    for path, read in reader.results():
        document = _checked(path, read, problems)
        source = _to_source(document, seeds, problems, listed) if document is not None else None
        if source is None:
            broken.add(path.stem)
            claimed.setdefault(_claimed_seed(path), path)
            continue
        if source.seed in claimed:
            problems.error(
                Location(path, source.location.line),
                f"seed '{source.seed}' already has a sidecar: {claimed[source.seed]}",
                "each seed has exactly one sidecar",
            )
            continue
        claimed[source.seed] = path
        sources[source.id] = source
    for name in sorted(set(seeds) - set(claimed)):
        problems.error(
            Location(source_dir.parent.parent / "seeds" / name, 1),
            f"seed '{name}' has no sidecar in {source_dir}",
            f"run 'briefing ingest' or write {source_dir}/<id>.yaml with seed: {name}",
        )
    return sources, broken


def _claimed_seed(path: Path) -> str:
    """The seed a broken sidecar names, if it can be read at all."""
    try:
        data = load_yaml(path).data
    except YamlError:
        # Unreadable YAML: take a plain `seed:` line, so that its seed is not also reported as orphaned.
        try:
            with path.open("rb") as handle:
                found = _SEED_LINE.search(handle.read(MAX_SIDECAR_SCAN).decode("utf-8", "replace"))
        except OSError:
            return ""
        return found.group(1) if found else ""
    seed = data.get("seed") if isinstance(data, Mapping) else None
    return seed if isinstance(seed, str) else ""


_SEED_LINE = re.compile(r"^seed:[ \t]*([^\s#'\"]+)[ \t]*$", re.MULTILINE)
MAX_SIDECAR_SCAN = 100_000
"""Bytes of a broken sidecar searched for its `seed:` line."""


def _checked(path: Path, read: Read, problems: Problems) -> YamlDocument | None:
    document, found, failure = read
    if failure is not None:
        problems.error(failure.location, failure.message, failure.hint)
        return None
    assert document is not None
    problems.extend(found)
    if found or not isinstance(document.data, Mapping):
        if not isinstance(document.data, Mapping) and not found:
            problems.error(Location(path, 1), "a sidecar must be a YAML mapping")
        return None
    return document


def _to_source(
    document: YamlDocument, seeds: dict[str, ParsedSeed], problems: Problems, listed: AbcSet[str] | None
) -> Source | None:
    data = document.data
    path = document.path
    if data["id"] != path.stem:
        problems.error(
            location_of(document, "id"),
            f"id {brief(data['id'])} does not match the file name {brief(path.name)}",
            f"rename the file to {data['id']}.yaml or set id: {path.stem}" if is_id(data["id"]) else "",
        )
        return None
    name = data["seed"]
    seed_path = path.parent.parent.parent / "seeds" / name
    if not os.path.lexists(seed_path):
        problems.error(
            location_of(document, "seed"),
            f"seed file {brief(name)} does not exist in seeds/",
            "check the file name, or add the article with 'briefing ingest PATH'",
        )
        return None
    if (listed is not None and name not in listed) or not name.endswith(SEED_EXTENSIONS) or name.startswith("."):
        problems.error(
            location_of(document, "seed"),
            f"{brief(name)} is not a seed listed in seeds/SHA256SUMS",
            "name the article's file in seeds/ (add new articles with 'briefing ingest PATH')",
        )
        return None
    parsed = seeds.get(name)
    if parsed is None:  # the seed itself is broken, and reported
        return None
    if data.get("needs_review"):
        problems.warning(
            location_of(document, "needs_review"),
            f"source '{data['id']}' is a draft that still needs review",
            "check every field against the article, then delete the needs_review line",
        )
    else:
        for found in disagreements(data["id"], data, parsed):
            problems.warning(location_of(document, found.field), found.message, found.hint)
    return Source(
        id=data["id"],
        parsed=parsed,
        title=data["title"],
        outlet=data["outlet"],
        original_publisher=data.get("original_publisher"),
        authors=tuple(data["authors"]),
        published=data["published"],
        published_note=data.get("published_note", ""),
        url=data["url"],
        language=data["language"],
        derived_from=tuple(data.get("derived_from", ())),
        independent_of=tuple(data.get("independent_of", ())),
        notes=data.get("notes", ""),
        needs_review=bool(data.get("needs_review", False)),
        location=document.location(data.mark()),
    )
