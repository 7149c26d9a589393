"""Parsed seeds kept on disk, their paragraph texts read back when asked for.

At 100,000 sources the clean paragraphs of every seed were gigabytes held by one
process for the whole build, although after the quotes are verified only a source's
own page, the pages of the facts quoting it, the copy analysis and the search records
read them, each a few times. So a loaded seed keeps its paragraphs' numbers and lines,
and `StoredParagraph.text` reads the text back from a `SeedStore`: an unlinked
temporary file holding each parsed seed pickled, read by position (`os.pread`, so the
forked render workers, which inherit the file, read it at once without sharing a
position), the most recently read seeds kept decoded.

The seeds cache (`SeedCache`) is a stream of the same pickled seeds: it is read one
entry at a time into the store and written back from the store, so neither ever holds
every seed at once.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from generator.model import Paragraph, ParsedSeed
from generator.store import cache

RECENT_SEEDS = 64
"""Decoded seeds kept per process: pages of one source, and facts quoting a few sources, come together."""

Where = tuple[int, int]
"""Offset and length of one pickled seed in a store's file."""


class SeedStore:
    """Pickled parsed seeds in an unlinked temporary file, read back by position."""

    def __init__(self) -> None:
        # Open for the store's whole life (closed with it), so no context manager.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="briefing-seeds-")  # noqa: SIM115
        self._size = 0
        self._recent: OrderedDict[Where, ParsedSeed] = OrderedDict()

    def put(self, data: bytes) -> Where:
        """Append one pickled ParsedSeed; return where it is."""
        where = (self._size, len(data))
        os.pwrite(self._file.fileno(), data, self._size)
        self._size += len(data)
        return where

    def read(self, where: Where) -> bytes:
        """The pickled seed stored at `where`."""
        offset, length = where
        return os.pread(self._file.fileno(), length, offset)

    def parsed(self, where: Where) -> ParsedSeed:
        """The whole parsed seed stored at `where` (decoded once while it is among the recent ones)."""
        found = self._recent.pop(where, None)
        if found is None:
            found = pickle.loads(self.read(where))
            if len(self._recent) >= RECENT_SEEDS:
                self._recent.popitem(last=False)
        self._recent[where] = found
        return found

    def keep(self, parsed: ParsedSeed, data: bytes | None = None) -> tuple[ParsedSeed, Where]:
        """Store a parsed seed (`data`: its pickle, if already made) and return it without its texts."""
        where = self.put(data if data is not None else pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        return without_texts(parsed, self, where), where

    def close(self) -> None:
        """Close the file (also done when the store is garbage)."""
        self._file.close()


class StoredParagraph(Paragraph):
    """A paragraph whose text stays in a SeedStore until read (see the module docstring).

    It compares, digests, prints and pickles as the Paragraph it stands for.
    """

    __slots__ = ("_store", "_where")
    _store: SeedStore
    _where: Where

    def __init__(self, number: int, line: int, store: SeedStore, where: Where) -> None:
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_where", where)

    @property
    def text(self) -> str:
        """The paragraph exactly as in the seed (lines joined by one space), read from the store."""
        return self._store.parsed(self._where).paragraphs[self.number - 1].text

    def __reduce__(self) -> tuple[Any, ...]:
        return Paragraph, (self.number, self.text, self.line)


def without_texts(parsed: ParsedSeed, store: SeedStore, where: Where) -> ParsedSeed:
    """The parsed seed with StoredParagraphs reading from `where` in `store` instead of its paragraphs."""
    paragraphs = tuple(StoredParagraph(p.number, p.line, store, where) for p in parsed.paragraphs)
    return replace(parsed, paragraphs=paragraphs)


class SeedCache:
    """Parsed seeds by SHA-256 of their bytes, in one file read and written as a stream.

    The file is cache.py's header line, then one pickled `(key, pickled seed)` pair per
    entry, then a pickled None. Anything unreadable ends the reading: the entries read
    so far are used, the rest are parsed again.
    """

    def __init__(self, path: Path | None, kind: str, version: str) -> None:
        self.path = path
        self.kind = kind
        self.version = version
        self.stored: set[str] = set()
        """Keys of the entries the file held (after `load`)."""

    def load(self, wanted: set[str]) -> dict[str, tuple[ParsedSeed, bytes]]:
        """The stored seeds whose keys are wanted, each with its pickle, read one entry at a time."""
        found: dict[str, tuple[ParsedSeed, bytes]] = {}
        if self.path is None:
            return found
        try:
            with open(self.path, "rb") as handle:
                if handle.readline() != cache.header(self.kind, self.version):
                    return found
                while True:
                    entry = pickle.load(handle)
                    if entry is None:
                        break
                    key, data = entry
                    self.stored.add(key)
                    if key in wanted:
                        parsed = pickle.loads(data)
                        if isinstance(parsed, ParsedSeed) and parsed.sha256 == key:
                            found[key] = (parsed, data)
        except Exception:
            return found  # missing, foreign or damaged: whatever was read is still right
        return found

    def save(self, entries: dict[str, Where], store: SeedStore, changed: bool) -> None:
        """Write these entries from the store when they are not exactly what the file held
        (`changed`: some were parsed afresh); a cache that cannot be written is skipped."""
        if self.path is None or not (changed or entries.keys() != self.stored):
            return

        def write(handle: IO[bytes]) -> None:
            handle.write(cache.header(self.kind, self.version))
            for key, where in entries.items():
                pickle.dump((key, store.read(where)), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(None, handle)

        with contextlib.suppress(Exception):
            cache.replace_atomically(self.path, write)
        self.stored = set(entries)
