"""A persistent cache of expensive, deterministic results, under `<root>/cache/` (git-ignored).

Each cache file is a header line (format name, version, and a digest of the code that
computed the values), then a pickle. Anything wrong with a file (missing, truncated,
another version, unpicklable) makes it count as empty: the cache can only ever save
work, never fail a build. Files are replaced atomically, so a concurrent reader sees
the old or the new file, never half of one.

Only our own trusted `cache/` directory is ever read: pickle runs code on load.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_VERSION = 1
"""Bump when the file layout changes."""

_MAGIC = b"briefing-cache"


def cache_dir(root: Path) -> Path:
    """Where a project keeps its caches: $BRIEFING_CACHE_DIR, else <root>/cache (never inside the output)."""
    override = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(override) if override else Path(root) / "cache"


def code_version(*modules: str) -> str:
    """Digest of the named generator modules' source files (`"sources"` -> generator/sources.py)."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for name in modules:
        digest.update(name.encode() + b"\x00")
        try:
            digest.update((package / f"{name}.py").read_bytes())
        except OSError:
            digest.update(os.urandom(16))  # unreadable code: never match a stored file
    return digest.hexdigest()


def _header(kind: str, version: str) -> bytes:
    return b"%s %s %d %s\n" % (_MAGIC, kind.encode(), CACHE_VERSION, version.encode())


def load(path: Path, kind: str, version: str) -> Any:
    """The value stored in a cache file by `save` with the same kind and version, or None."""
    try:
        with open(path, "rb") as handle:
            if handle.readline() != _header(kind, version):
                return None
            return pickle.load(handle)
    except Exception:
        return None


def save(path: Path, kind: str, version: str, value: Any) -> None:
    """Store a value atomically; a cache that cannot be written is silently skipped."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(_header(kind, version))
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:
        with contextlib.suppress(OSError):
            temporary.unlink()


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
