"""A persistent cache of expensive, deterministic results, under `<root>/cache/` (git-ignored).

Each cache file is a header line (format name, version, and a digest of the code that
computed the values), then a pickle. Anything wrong with a file (missing, truncated,
another version, unpicklable) makes it count as empty: the cache can only ever save
work, never fail a build. Files are replaced atomically, so a concurrent reader sees
the old or the new file, never half of one.

Every cache goes through this store: single results with `load`/`save`, tables of
entries by key with `Entries`; the incremental build's JSON manifest uses
`replace_atomically`. Only our own trusted `cache/` directory is ever read: pickle
runs code on load.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from generator import resources

CACHE_VERSION = 1
"""Bump when the file layout changes."""

_MAGIC = b"briefing-cache"


def cache_dir(root: Path) -> Path:
    """Where a project keeps its caches: $BRIEFING_CACHE_DIR, else <root>/cache (never inside the output)."""
    override = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(override) if override else Path(root) / "cache"


def code_version() -> str:
    """Digest of the generator's own code: a change to any module, in any subpackage, empties every cache."""
    return package_digest().hex()


def package_digest() -> bytes:
    """Digest of every Python file of the `generator` package, subpackages included, by relative path.

    Derived from the code itself rather than a list of the modules a result depends on:
    such a list goes stale as soon as a module imports a new helper. Reading the
    package's ~50 files takes about a millisecond.
    """
    digest = hashlib.blake2b(digest_size=16)
    package = resources.PACKAGE
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\x00")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(os.urandom(16))  # unreadable code: never match a stored file
        digest.update(b"\x00")
    return digest.digest()


def header(kind: str, version: str) -> bytes:
    """The first line of a cache file of this kind and version."""
    return b"%s %s %d %s\n" % (_MAGIC, kind.encode(), CACHE_VERSION, version.encode())


_header = header


def load(path: Path, kind: str, version: str) -> Any:
    """The value stored in a cache file by `save` with the same kind and version, or None."""
    try:
        with open(path, "rb") as handle:
            if handle.readline() != _header(kind, version):
                return None
            return pickle.load(handle)
    except Exception:
        return None


BACKGROUND_ENTRIES = 2000
"""A cache of this many entries or more is written by a forked child (see `save`)."""

_writers: list[int] = []
"""Forked cache writers not yet waited for."""


def save(path: Path, kind: str, version: str, value: Any, entries: int = 0) -> None:
    """Store a value atomically; a cache that cannot be written is silently skipped.

    With `entries` of BACKGROUND_ENTRIES or more (an archive of thousands of
    articles), a forked child pickles and writes the file while this process goes
    on: pickling tens of megabytes is seconds of work nobody waits for. A reader
    that comes first finds the previous file or none, and recomputes. This fork is
    not the worker pool (generator.workers): one detached child per file, which
    writes and exits, and which nobody waits for until `wait_for_writes`.
    """
    if entries >= BACKGROUND_ENTRIES and hasattr(os, "fork"):
        _reap()
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child: write, then leave without running the parent's exit handlers
            try:
                _write(path, kind, version, value)
            finally:
                os._exit(0)
        if pid > 0:
            _writers.append(pid)
            return
    _write(path, kind, version, value)


def wait_for_writes() -> None:
    """Wait until every cache file this process handed to a child is written."""
    while _writers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_writers.pop(), 0)


def _reap() -> None:
    """Collect writers that have finished (so that none lingers as a zombie)."""
    for pid in list(_writers):
        with contextlib.suppress(ChildProcessError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if not done:
                continue
        _writers.remove(pid)


def _write(path: Path, kind: str, version: str, value: Any) -> None:
    def write(handle: IO[bytes]) -> None:
        handle.write(_header(kind, version))
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    with contextlib.suppress(Exception):
        replace_atomically(path, write)


def replace_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a file through a temporary beside it, then rename it into place (errors raised,
    the temporary removed): a concurrent reader sees the old or the new file, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


Key = TypeVar("Key")
Value = TypeVar("Value")


class Entries(Generic[Key, Value]):
    """A cache file holding a table of entries by key (seeds, documents, quote positions).

    `stored` gives what an earlier run wrote (unchecked: the caller validates its shape);
    `use` records the entries this run relies on, and `save` writes exactly those, and
    only when they differ from what was stored, so entries nobody uses any more drop out.
    """

    def __init__(self, path: Path | None, kind: str, version: str) -> None:
        self.path = path
        self.kind = kind
        self.version = version
        stored = load(path, kind, version) if path is not None else None
        self.known: dict[Key, Value] = stored if isinstance(stored, dict) else {}
        self.used: dict[Key, Value] = {}

    def stored(self, key: Key) -> object:
        """The entry an earlier run stored under `key`, or None (of any type: check it)."""
        return self.known.get(key)

    def use(self, key: Key, value: Value) -> None:
        """Keep an entry (stored or fresh) for the next run."""
        self.used[key] = value

    def save(self, weight: Callable[[], int] | None = None) -> None:
        """Write the entries used by this run if they differ from what was stored
        (`weight`: the cache's size for `save`'s background decision, default the count)."""
        if self.path is not None and differs(self.used, self.known):
            size = len(self.used) if weight is None else weight()
            save(self.path, self.kind, self.version, self.used, entries=size)
            self.known = dict(self.used)


def differs(used: dict[Any, Any], stored: dict[Any, Any]) -> bool:
    """Should a cache be rewritten: has this run used other entries than those stored,
    or computed any entry afresh (a new object) instead of taking the stored one?"""
    return used.keys() != stored.keys() or any(used[key] is not stored[key] for key in used)


def text_digest(parts: Iterable[str | None]) -> str:
    """Digest of a sequence of strings (None distinct from empty), for cache keys."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        if part is None:
            digest.update(b"N")
        else:
            data = part.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data))
            digest.update(data)
    return digest.hexdigest()
