"""`seeds/SHA256SUMS`: read it, verify every seed against it, and append to it.

The file is the record of what each seed was when it was ingested: a seed whose bytes
no longer match its line, a seed without a line, a line without a seed, a malformed or
a repeated line are all errors, so that nothing published rests on an edited article.
The format is `sha256sum`'s: 64 hex digits, two spaces (or a space and `*`), the file
name. Blank lines and lines starting with `#` are comments. The file is only ever
appended to: existing lines, comments, case and order stay as they are.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.model import Location
from generator.problems import Problems, brief

SUMS_NAME = "SHA256SUMS"

SEED_EXTENSIONS = (".txt", ".html", ".htm")
"""The file name endings of seeds (lowercase, exactly): any other file in seeds/ is reported."""

_LINE = re.compile(r"(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>[^\s/\\][^/\\]*)")

_RESTORE = "a seed is evidence and is never edited: restore it with 'git checkout -- seeds/{name}'"


@dataclass(frozen=True, slots=True)
class SumLine:
    """One checksum line: the seed it names, its digest (lowercase) and where it stands."""

    name: str
    digest: str
    line: int


@dataclass(frozen=True, slots=True)
class Sums:
    """The well-formed lines of a SHA256SUMS file, by seed name (first line of each name)."""

    path: Path
    exists: bool
    lines: dict[str, SumLine]
    text: str
    """The file as read (empty when missing), so that appends keep every byte of it."""


def read_sums(path: Path, problems: Problems | None = None) -> Sums:
    """Read a SHA256SUMS file; malformed and repeated lines are recorded as problems."""
    try:
        raw = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError as exc:
        if problems is not None:
            problems.error(Location(path), f"cannot read {SUMS_NAME}: {exc.strerror}")
        raw = None
    if raw is None:
        return Sums(path, False, {}, "")
    text = raw.decode("utf-8", errors="replace")
    lines: dict[str, SumLine] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip("\r")
        if not stripped.strip() or stripped.lstrip().startswith("#"):
            continue
        match = _LINE.fullmatch(stripped)
        if match is None:
            if problems is not None:
                problems.error(
                    Location(path, number),
                    f"malformed line {brief(stripped)}",
                    "each line is '<64 hex digits>  <seed file name>', as 'sha256sum' writes it",
                )
            continue
        name = match.group("name")
        if name in lines:
            if problems is not None:
                problems.error(
                    Location(path, number),
                    f"seed {brief(name)} is listed twice (first on line {lines[name].line})",
                    "delete one of the two lines: each seed has exactly one checksum",
                )
            continue
        lines[name] = SumLine(name, match.group("digest").lower(), number)
    return Sums(path, True, lines, text)


def verify_seeds(seed_dir: Path, digests: Mapping[str, str], problems: Problems) -> Sums:
    """Check each seed's SHA-256 (`digests`: file name -> digest) against seeds/SHA256SUMS."""
    sums_path = seed_dir / SUMS_NAME
    sums = read_sums(sums_path, problems)
    if not sums.exists:
        if seed_dir.is_dir() and not sums_path.is_symlink():
            problems.error(
                Location(sums_path),
                f"{SUMS_NAME} is missing: no seed can be verified",
                "restore it with 'git checkout -- seeds/SHA256SUMS'; if the seeds are new, run "
                "'sha256sum <seed files> > SHA256SUMS' in seeds/ after checking every seed against its original",
            )
        return sums
    for name, actual in sorted(digests.items()):
        listed = sums.lines.get(name)
        if listed is None:
            problems.error(
                Location(sums_path),
                f"seed {brief(name)} has no line in {SUMS_NAME} (its SHA-256 is {actual})",
                "add new articles with 'briefing ingest PATH', which records the checksum; "
                "a file that is not a seed does not belong in seeds/",
            )
        elif listed.digest != actual:
            problems.error(
                Location(sums_path, listed.line),
                f"seed {brief(name)} does not match its checksum: expected {listed.digest}, actual {actual}",
                _RESTORE.format(name=name) + "; a corrected article is ingested as a new seed",
            )
    for name, listed in sorted(sums.lines.items(), key=lambda item: item[1].line):
        if name not in digests and not _present(seed_dir / name):
            problems.error(
                Location(sums_path, listed.line),
                f"line names seed {brief(name)}, which is not in seeds/ (stale line)",
                f"restore the seed with 'git checkout -- seeds/{name}', or, if it was removed on purpose "
                "together with its sidecar, delete this line",
            )
    return sums


def _present(path: Path) -> bool:
    """Whether a listed seed exists at all (a broken or oversize one is reported elsewhere)."""
    return os.path.lexists(path)


def sums_line(digest: str, name: str) -> str:
    """A checksum line as `sha256sum` writes it."""
    return f"{digest}  {name}\n"


def append_sums(path: Path, additions: list[tuple[str, str]]) -> None:
    """Append (digest, name) lines to a SHA256SUMS file, never changing a byte already there.

    Raises OSError when the file cannot be written; the caller reports it.
    """
    if not additions:
        return
    existing = path.read_bytes() if path.exists() else b""
    text = "".join(sums_line(digest, name) for digest, name in additions)
    separator = b"" if not existing or existing.endswith(b"\n") else b"\n"
    with path.open("ab") as handle:
        handle.write(separator + text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def file_digest(raw: bytes) -> str:
    """SHA-256 of a file's bytes, as SHA256SUMS records it."""
    return hashlib.sha256(raw).hexdigest()
