"""Incremental rebuilds: a manifest of what each page was rendered from, and digests to compare it with.

Every planned page gets a digest of exactly the objects its template is given (the
`Page` itself, with its context: facts, sources, entities, briefing views, analysis
values), combined with a global digest of everything else a render can read
(templates, the generator's own code, library versions, settings, the plain template
globals). Mapping-valued template globals and extras (`sources_by_id`,
`json_ld_by_slug`, ...) are wrapped during rendering so that the keys a page looks up
are recorded; the page then also depends on the digests of just those entries (or of
the whole mapping if the page iterates it).

On a rebuild, a page whose digest and looked-up entries are unchanged, and whose
previous output file is still the one the manifest recorded, is hard-linked from the
previous output into the staging directory instead of being rendered. Anything the
digester does not understand makes the page render every time.

The manifest lives outside the output (`<root>/cache/build/`), so it is never
published, and is replaced only after a successful swap of the output directory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import hashlib
import importlib.metadata
import itertools
import json
import os
import shutil
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any

from generator.store.cache import cache_dir, package_digest, replace_atomically

MANIFEST_VERSION = 1

_MISSING = b"\x00missing"


class Undigestible(TypeError):
    """The object graph holds something whose rendered effect we cannot summarise."""


def _tag(kind: type) -> bytes:
    return f"{kind.__module__}.{kind.__qualname__}".encode()


_Hash = Any
"""A hashlib blake2b object."""


LASTING_MODULES = ("generator.model", "generator.analysis", "generator.site.briefing_view")
"""Modules whose objects live as long as the build (the content model, the analysis, briefing
views): only their digests are remembered across pages. Everything else (a page, its context,
its lists) is made for one page, and remembering it kept every page alive in the render workers
(gigabytes at 100,000 sources)."""


class Digester:
    """Stable content digests of the objects pages are rendered from (memoised per object)."""

    def __init__(self) -> None:
        self._memo: dict[int, bytes] = {}
        self._keep: list[object] = []
        """Every memoised object stays alive, so its id() cannot be reused by another object."""
        self._plans: dict[type, tuple[bytes, Callable[[_Hash, Any], Any]]] = {}
        """Per type: its tag and how to feed its objects (see _plan)."""
        self._lasting: dict[type, bool] = {}
        self._scratch: dict[int, tuple[object, bytes]] = {}
        """Other objects and their digests, kept for one outermost `digest` call."""
        self._depth = 0

    def digest(self, obj: object) -> bytes:
        """16-byte digest of an object's value (not its identity)."""
        digest = hashlib.blake2b(digest_size=16)
        self._depth += 1
        try:
            self._feed(digest, obj)
        finally:
            self._depth -= 1
            if not self._depth:
                self._scratch.clear()
        return digest.digest()

    def _feed(self, digest: _Hash, obj: object) -> None:
        kind = type(obj)
        if kind is str:
            data = obj.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            digest.update(b"s%d:" % len(data))
            digest.update(data)
        elif obj is None:
            digest.update(b"N")
        elif kind is int:
            digest.update(b"i%d;" % obj)  # type: ignore[str-format]
        elif kind is bool:
            digest.update(b"T" if obj else b"F")
        else:
            digest.update(b"o")
            digest.update(self._composite(obj))

    def _composite(self, obj: object) -> bytes:
        key = id(obj)
        known = self._memo.get(key)
        if known is None:
            scratch = self._scratch.get(key)
            known = scratch[1] if scratch is not None else None
        if known is not None:
            return known
        kind = type(obj)
        found = self._plans.get(kind)
        if found is None:
            found = self._plans[kind] = (_tag(kind), self._plan(kind))
        tag, plan = found
        digest = hashlib.blake2b(tag, digest_size=16)
        plan(digest, obj)
        value = digest.digest()
        lasting = self._lasting.get(kind)
        if lasting is None:
            lasting = self._lasting[kind] = kind.__module__.startswith(LASTING_MODULES)
        if lasting:
            self._memo[key] = value
            self._keep.append(obj)
        else:
            self._scratch[key] = (obj, value)  # alive until the outermost call ends: its id stays its own
        return value

    def _plan(self, kind: type) -> Callable[[_Hash, Any], Any]:
        """How to feed an object of this type into a digest."""
        feed = self._feed
        if issubclass(kind, (tuple, list)):
            return self._sequence
        if issubclass(kind, dict):
            return self._mapping
        if issubclass(kind, (set, frozenset)):
            return self._set
        if dataclasses.is_dataclass(kind):
            names = tuple(f.name for f in dataclasses.fields(kind))
            feed_all = self._feed_all

            def dataclass_plan(digest: _Hash, obj: Any) -> None:
                feed_all(digest, [getattr(obj, name) for name in names])

            return dataclass_plan
        if issubclass(kind, str):  # Markup and other subclasses: the type matters to escaping
            return lambda digest, obj: feed(digest, str(obj))
        if issubclass(kind, (float, int)):  # floats, and int subclasses other than bool
            return lambda digest, obj: digest.update(repr(obj).encode())
        if issubclass(kind, enum.Enum):
            return lambda digest, obj: feed(digest, obj.value)
        return self._plan_other(kind)

    def _plan_other(self, kind: type) -> Callable[[_Hash, Any], Any]:
        feed = self._feed
        if issubclass(kind, PurePath):
            return lambda digest, obj: feed(digest, str(obj))
        if issubclass(kind, range):
            return lambda digest, obj: digest.update(repr(obj).encode())
        if issubclass(kind, array):
            return lambda digest, obj: digest.update(obj.typecode.encode() + obj.tobytes())
        if issubclass(kind, (datetime.date, datetime.time)):
            return lambda digest, obj: digest.update(obj.isoformat().encode())
        if issubclass(kind, bytes):
            return lambda digest, obj: digest.update(b"%d:" % len(obj) + obj)

        def undigestible(digest: _Hash, obj: Any) -> None:
            raise Undigestible(f"cannot digest {kind.__qualname__}")

        return undigestible

    def _sequence(self, digest: _Hash, items: Sequence[Any]) -> None:
        digest.update(b"[%d" % len(items))
        self._feed_all(digest, items)

    def _feed_all(self, digest: _Hash, items: Iterable[Any]) -> None:
        """`_feed` each item in turn (inlined: this loop is where page digests spend their time)."""
        update = digest.update
        composite = self._composite
        for item in items:
            kind = type(item)
            if kind is str:
                data = item.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            elif kind is int:
                update(b"i%d;" % item)
            elif item is None:
                update(b"N")
            elif kind is bool:
                update(b"T" if item else b"F")
            else:
                update(b"o")
                update(composite(item))

    def _set(self, digest: _Hash, items: set[Any] | frozenset[Any]) -> None:
        digest.update(b"<%d" % len(items))
        for item_digest in sorted(self.digest(item) for item in items):
            digest.update(item_digest)

    def _mapping(self, digest: _Hash, mapping: dict[Any, Any]) -> None:
        digest.update(b"{%d" % len(mapping))
        self._feed_all(digest, itertools.chain.from_iterable(mapping.items()))


class Recorder:
    """Which mapping entries the page being rendered looked up."""

    ALL: tuple[str, ...] = ("\x00all",)

    def __init__(self) -> None:
        self.lookups: dict[str, set[str] | None] = {}

    def reset(self) -> None:
        """Start recording for the next page."""
        self.lookups = {}

    def key(self, name: str, key: object) -> None:
        """Note one looked-up key (a non-string key counts as reading everything)."""
        if not isinstance(key, str):
            self.everything(name)
            return
        keys = self.lookups.setdefault(name, set())
        if keys is not None:
            keys.add(key)

    def everything(self, name: str) -> None:
        """Note that the page read the whole mapping (iterated it, took its length...)."""
        self.lookups[name] = None

    def result(self) -> dict[str, list[str] | None]:
        """The lookups of the current page, in a JSON-friendly, deterministic shape."""
        return {name: None if keys is None else sorted(keys) for name, keys in sorted(self.lookups.items())}


class RecordingMapping(Mapping[Any, Any]):
    """A read-only view of a dict that tells a Recorder which entries are read."""

    def __init__(self, name: str, data: Mapping[Any, Any], recorder: Recorder) -> None:
        self._name = name
        self._data = data
        self._recorder = recorder

    def __getitem__(self, key: Any) -> Any:
        self._recorder.key(self._name, key)
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._recorder.key(self._name, key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._recorder.key(self._name, key)
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._recorder.everything(self._name)
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.everything(self._name)
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        self._recorder.everything(self._name)
        return self._data == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._recorder.everything(self._name)
        return repr(self._data)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the manifest remembers about one output page."""

    digest: str
    lookups: dict[str, list[str] | None]
    lookups_digest: str
    size: int
    mtime_ns: int

    def to_json(self) -> list[Any]:
        """Compact JSON form."""
        return [self.digest, self.lookups, self.lookups_digest, self.size, self.mtime_ns]

    @classmethod
    def from_json(cls, data: list[Any]) -> Entry:
        """Inverse of to_json."""
        digest, lookups, lookups_digest, size, mtime_ns = data
        if not isinstance(lookups, dict) or not all(
            isinstance(k, str) and (v is None or (isinstance(v, list) and all(isinstance(x, str) for x in v)))
            for k, v in lookups.items()
        ):
            raise TypeError("lookups of the wrong shape")
        return cls(str(digest), dict(lookups), str(lookups_digest), int(size), int(mtime_ns))


@dataclass(frozen=True, slots=True)
class Manifest:
    """What each page of a build was rendered from: saved for the next build to compare with."""

    global_digest: str
    entries: dict[str, Entry]


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering the pages did (render.write_pages returns it)."""

    pages: int
    """Pages written (rendered or linked)."""
    rendered: int
    """Pages rendered afresh; the rest were linked from the previous build."""
    manifest: Manifest | None = None
    """This build's manifest (None when rendering was not incremental)."""


@dataclass(frozen=True)
class Incremental:
    """An incremental build's view of the previous build of the same output: its manifest and where it is."""

    manifest_path: Path
    previous_output: Path
    previous: dict[str, Entry] = field(default_factory=dict)
    previous_global: str = ""

    @classmethod
    def open(cls, manifest_path: Path, previous_output: Path) -> Incremental:
        """Read the manifest of the previous build of this output, if it is usable."""
        try:
            data = json.loads(manifest_path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION and previous_output.is_dir():
                previous = {path: Entry.from_json(entry) for path, entry in data["pages"].items()}
                return cls(manifest_path, previous_output, previous, str(data["global"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # a manifest that cannot be used only costs a full build
        return cls(manifest_path, previous_output)

    def save(self, manifest: Manifest) -> None:
        """Write this build's manifest atomically (call only once the new output is in place).

        JSON with a version field rather than the pickled store: it is read before any
        page is rendered and must stay safe to read even if someone else wrote it. Written
        entry by entry (at 100,000 sources the whole text was hundreds of megabytes)."""
        encode = json.JSONEncoder(separators=(",", ":")).encode

        def write(handle: IO[bytes]) -> None:
            head = {"version": MANIFEST_VERSION, "global": manifest.global_digest}
            handle.write(encode(head)[:-1].encode("utf-8") + b',"pages":{')
            separator = b""
            for path in sorted(manifest.entries):
                entry = manifest.entries[path].to_json()
                handle.write(separator + f"{encode(path)}:{encode(entry)}".encode("utf-8", "surrogatepass"))
                separator = b","
            handle.write(b"}}")

        replace_atomically(self.manifest_path, write)

    def forget(self) -> None:
        """Remove the manifest (before the output it describes is replaced)."""
        with contextlib.suppress(FileNotFoundError):
            self.manifest_path.unlink()


def manifest_path(root: Path, output: Path) -> Path:
    """Where the manifest of a given output directory lives: git-ignored, never published."""
    key = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir(root) / "build" / f"{key}.json"


def lookups_digest(
    digester: Digester, mappings: Mapping[str, Mapping[Any, Any]], lookups: Mapping[str, list[str] | None]
) -> str:
    """Digest of the mapping entries a page looked up, as they are now."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(lookups):
        digest.update(name.encode() + b"\x00")
        mapping = mappings.get(name)
        keys = lookups[name]
        if mapping is None:
            digest.update(_MISSING)
        elif keys is None:
            digest.update(digester.digest(dict(mapping)))
        else:
            for key in keys:
                digest.update(key.encode("utf-8", "surrogatepass") + b"\x00")
                digest.update(digester.digest(mapping[key]) if key in mapping else _MISSING)
    return digest.hexdigest()


def place(previous: Path, target: Path) -> None:
    """Hard-link a previous output file into the new tree (copy where links are impossible)."""
    try:
        os.link(previous, target)
    except OSError:
        shutil.copy2(previous, target)


def code_digest() -> bytes:
    """Digest of the generator's own source and the versions of the libraries that render."""
    digest = hashlib.blake2b(package_digest(), digest_size=16)
    for name in ("jinja2", "markupsafe", "pelican"):
        try:
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    return digest.digest()
