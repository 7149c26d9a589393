"""Load seeds and their reviewed sidecars into Sources."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from . import cache
from .doccache import DocumentCache, Read
from .extraction.agreement import disagreements
from .model import Location, ParsedSeed, Source
from .problems import Problems
from .reading import BatchReader, ReadPool, start_batches
from .schema import location_of
from .sources import SeedError, parse_seed
from .yamlio import Mapping, YamlDocument, YamlError, load_yaml

SEED_CACHE_KIND = "seeds"
EXTRACTOR_LIBRARIES = ("trafilatura", "htmldate", "lxml")
"""Libraries whose output a parsed web-page seed depends on."""
SEED_SUFFIXES = (".txt", ".html", ".htm")
"""Seed files read: text dumps and saved web pages."""
SEED_PARSER_MODULES = (
    "sources",
    "furniture",
    "dates",
    "model",
    *(f"extraction/{name}" for name in ("seed", "html", "pagemeta", "titles", "dates", "authors", "boilerplate")),
    *(f"extraction/{name}" for name in ("blocks", "outlet", "result", "extract", "dump", "text", "language")),
)
"""The code a parsed seed depends on: a change to any of it invalidates the seed cache."""


def load_seeds(seed_dir: Path, problems: Problems, cache_file: Path | None = None) -> dict[str, ParsedSeed]:
    """Parse every seed file, recording unreadable ones as problems.

    With `cache_file`, seeds parsed by a previous run (same bytes, same parser code) are
    taken from that cache instead of parsed again, and the cache is updated.
    """
    return SeedLoader(seed_dir, cache_file).result(problems)


SeedResult = ParsedSeed | tuple[Location, str, str]
"""A parsed seed, or where and why it could not be parsed (location, message, hint)."""


def _parse_seeds(files: list[tuple[Path, bytes]]) -> list[SeedResult]:
    results: list[SeedResult] = []
    for path, raw in files:
        try:
            results.append(parse_seed(raw, path))
        except SeedError as exc:
            results.append((exc.location, exc.message, exc.hint))
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
    when there are many (see reading.py), else when the result is asked for."""

    def __init__(self, seed_dir: Path, cache_file: Path | None = None, pool: ReadPool | None = None) -> None:
        self.cache_file = cache_file
        self.version = cache.code_version(*SEED_PARSER_MODULES) + _extractor_versions()
        stored = cache.load(cache_file, SEED_CACHE_KIND, version=self.version) if cache_file is not None else None
        self.known: dict[str, ParsedSeed] = stored if isinstance(stored, dict) else {}
        self.files: list[tuple[Path, str, ParsedSeed | None]] = []
        pending: list[tuple[Path, bytes]] = []
        for path in sorted(p for p in seed_dir.glob("*") if p.suffix.lower() in SEED_SUFFIXES):
            raw = path.read_bytes()
            key = hashlib.sha256(raw).hexdigest()
            parsed = self.known.get(key)
            if not isinstance(parsed, ParsedSeed) or parsed.sha256 != key:
                parsed = None
                pending.append((path, raw))
            elif parsed.seed != path.name:
                parsed = replace(parsed, seed=path.name)
            self.files.append((path, key, parsed))
        self._parsed = start_batches(pool, pending, _parse_seeds)

    def result(self, problems: Problems) -> dict[str, ParsedSeed]:
        """Every seed that parsed, by file name, in file order; the others are problems."""
        fresh: dict[str, ParsedSeed] = {}
        seeds: dict[str, ParsedSeed] = {}
        for path, key, stored in self.files:
            parsed = stored if stored is not None else next(self._parsed)
            if not isinstance(parsed, ParsedSeed):
                problems.error(*parsed)
                continue
            seeds[path.name] = parsed
            fresh.setdefault(key, parsed)
        if self.cache_file is not None and cache.differs(fresh, self.known):
            cache.save(self.cache_file, SEED_CACHE_KIND, self.version, fresh, entries=len(fresh))
        return seeds


def load_sources(
    source_dir: Path, seeds: dict[str, ParsedSeed], problems: Problems, reader: BatchReader | None = None
) -> tuple[dict[str, Source], set[str]]:
    """Read every sidecar and pair it with its seed; every seed needs one sidecar.

    Also returns the ids of sidecars that failed, so that facts citing them
    are not reported a second time. `reader` may already be parsing the sidecars
    (see reading.py).
    """
    if reader is None:
        reader = BatchReader(sorted(source_dir.glob("*.yaml")), DocumentCache(None, "source"))
    sources: dict[str, Source] = {}
    broken: set[str] = set()
    claimed: dict[str, Path] = {}
    for path, read in reader.results():
        document = _checked(path, read, problems)
        source = _to_source(document, seeds, problems) if document is not None else None
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
        return ""
    seed = data.get("seed") if isinstance(data, Mapping) else None
    return seed if isinstance(seed, str) else ""


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


def _to_source(document: YamlDocument, seeds: dict[str, ParsedSeed], problems: Problems) -> Source | None:
    data = document.data
    path = document.path
    if data["id"] != path.stem:
        problems.error(
            location_of(document, "id"),
            f"id '{data['id']}' does not match the file name '{path.name}'",
            f"rename the file to {data['id']}.yaml or set id: {path.stem}",
        )
        return None
    parsed = seeds.get(data["seed"])
    if parsed is None:
        seed_path = path.parent.parent.parent / "seeds" / data["seed"]
        if not seed_path.exists():
            problems.error(
                location_of(document, "seed"),
                f"seed file '{data['seed']}' does not exist in seeds/",
                "check the file name, or add the article with 'briefing ingest PATH'",
            )
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
