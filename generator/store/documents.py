"""Checked YAML documents and verified quote positions, kept in `cache/` between runs.

At archive scale most of `briefing check` is reading what did not change since the
last run: parsing and schema-checking 10,000 sidecars and 100 fact sheets, and
normalising every source to find 50,000 quotes in it. Both results depend only on
bytes we can digest (the file; the seed and the quote) and on our own code, so they
are stored under those digests (see cache.py for the file format):

* `DocumentCache`: a YAML file that parsed and passed its schema with no problem,
  keyed by schema name, path and SHA-256 of the file's bytes. Files with problems are
  never stored, so every problem is found and reported afresh. Each document is held
  pickled and compressed (bytes, a fifth of the pickle) and decoded when asked for, so that the cache does not keep every
  parsed tree alive while the content is built from them (at 100,000 sources the
  trees of every sidecar and fact sheet were gigabytes).
* `QuoteCache`: where a quote was found in a seed (paragraph number and character
  span), keyed by the seed's SHA-256 and the quote. Misses are never stored.

Each run keeps only the entries it used, and rewrites a file only when that set
changed.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from pathlib import Path

from generator.content.schema import SCHEMA_DIR, validate
from generator.content.yamlio import Mapping, YamlDocument, YamlError, parse_yaml_bytes
from generator.model import Match, Problem, Source
from generator.store import cache

Read = tuple[YamlDocument | None, tuple[Problem, ...], YamlError | None]
"""A parsed document and its schema problems, or why it could not be parsed."""


def read_checked(raw: bytes, path: Path, schema: str) -> Read:
    """Parse a YAML file's bytes and check them against `schemas/<schema>.schema.json`."""
    try:
        document = parse_yaml_bytes(raw, path)
    except YamlError as exc:
        return None, (), exc
    return document, validate(document, schema), None


def encode(document: YamlDocument) -> bytes:
    """A document as the cache stores it: pickled, then compressed at the fastest level (most of the gain)."""
    return zlib.compress(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _decode(stored: bytes) -> YamlDocument | None:
    """The document of a cache entry, or None when the entry is damaged or not a mapping's document."""
    try:
        document = pickle.loads(zlib.decompress(stored))
    except Exception:
        return None
    return document if isinstance(document, YamlDocument) and isinstance(document.data, Mapping) else None


class DocumentCache:
    """Schema-valid documents of one kind (`schema`), by path and content digest."""

    def __init__(self, cache_file: Path | None, schema: str) -> None:
        self.file = cache_file
        self.schema = schema
        self.kind = f"documents-{schema}"
        self.version = cache.text_digest(
            [cache.code_version(), (SCHEMA_DIR / f"{schema}.schema.json").read_text(encoding="utf-8")]
        )
        self._entries: cache.Entries[tuple[str, str], bytes] = cache.Entries(cache_file, self.kind, self.version)

    @staticmethod
    def key(path: Path, raw: bytes) -> tuple[str, str]:
        """Cache key of a file's bytes at a path."""
        return str(path), hashlib.sha256(raw).hexdigest()

    def has(self, key: tuple[str, str]) -> bool:
        """Does the cache hold an entry for this key (which `get` may still find damaged)?"""
        return isinstance(self._entries.stored(key), bytes)

    def get(self, key: tuple[str, str]) -> YamlDocument | None:
        """The stored document for a key, if any (and remember that it is still in use)."""
        stored = self._entries.stored(key)
        if not isinstance(stored, bytes):
            return None
        document = _decode(stored)  # None for a damaged entry: parse the file again
        if document is not None:
            self._entries.use(key, stored)
        return document

    def put(self, key: tuple[str, str], result: Read) -> None:
        """Store a read result if it is a document without problems."""
        document, problems, failure = result
        if document is not None and not problems and failure is None:
            self._entries.use(key, encode(document))

    def put_encoded(self, key: tuple[str, str], stored: bytes) -> YamlDocument:
        """Store a problem-free document that a worker has already encoded (`encode`), and return it."""
        document = _decode(stored)
        assert document is not None  # encoded from a mapping's document by this code
        self._entries.use(key, stored)
        return document

    def _weight(self) -> int:
        """Size of the cache in records, counted as compressed kilobytes (a sidecar is less than one)."""
        return sum(len(stored) for stored in self._entries.used.values()) // 512

    def save(self) -> None:
        """Write the entries used by this run, if they differ from what was stored."""
        self._entries.save(self._weight)


class QuoteCache:
    """Verified quote positions, by seed digest and quote text."""

    def __init__(self, cache_file: Path | None) -> None:
        self.file = cache_file
        self.version = cache.code_version()
        self._entries: cache.Entries[tuple[str, str], tuple[int, int, int]] = cache.Entries(
            cache_file, "quotes", self.version
        )

    def get(self, source: Source, quote: str) -> Match | None:
        """Where `quote` was found in this source's seed by an earlier run, if it was."""
        key = (source.parsed.sha256, quote)
        found = self._entries.stored(key)
        if not (isinstance(found, tuple) and len(found) == 3 and all(type(n) is int for n in found)):
            return None  # none stored, or an entry of the wrong shape: verify afresh
        number, start, end = found
        paragraphs = source.paragraphs
        if not 0 < number <= len(paragraphs) or not 0 <= start < end <= len(paragraphs[number - 1].text):
            return None
        self._entries.use(key, found)
        return Match(paragraphs[number - 1], start, end)

    def put(self, source: Source, quote: str, match: Match) -> None:
        """Remember where a quote was found."""
        self._entries.use((source.parsed.sha256, quote), (match.paragraph.number, match.start, match.end))

    def save(self) -> None:
        """Write the entries used by this run, if they differ from what was stored."""
        self._entries.save()
