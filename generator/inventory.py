"""What is in seeds/, content/ and themes/: the files the build reads, and everything else.

Nothing is dropped in silence: a file the build would not read (a `.yml` fact sheet, a
`.markdown` briefing, a directory named like a seed, a stray file) is an error, and so
is a symbolic link anywhere in these folders, because a link can make the build read
and publish a file from outside the project (`seeds/x.txt -> /etc/passwd`). Readers
take their file lists from `files_in`, which lists regular files only, so a link, a
directory or a device is never opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .checksums import SEED_EXTENSIONS, SUMS_NAME
from .model import Location
from .problems import Problems

IGNORED_NAMES = frozenset({".gitkeep"})
"""Placeholder files git needs to keep an empty folder; never content."""


@dataclass(frozen=True, slots=True)
class Folder:
    """A content folder and the one file ending the build reads in it."""

    name: str
    suffix: str
    what: str


CONTENT_FOLDERS = (
    Folder("sources", ".yaml", "source sidecars"),
    Folder("facts", ".yaml", "fact sheets"),
    Folder("briefings", ".md", "briefings"),
    Folder("pages", ".md", "text pages"),
)
CONTENT_FILES = frozenset({"entities.yaml", "site.yaml"})
"""Files read directly in content/ (site.yaml: the site's own configuration)."""


def files_in(directory: Path, suffix: str) -> list[Path]:
    """The regular files (not links, folders or devices) in a folder ending in `suffix`, sorted."""
    return sorted(path for path in _entries(directory) if path.name.endswith(suffix) and _is_file(path))


def seed_files(seed_dir: Path) -> list[Path]:
    """The seed files in seeds/: regular files with a seed extension."""
    return sorted(path for path in _entries(seed_dir) if path.name.endswith(SEED_EXTENSIONS) and _is_file(path))


def _entries(directory: Path) -> list[Path]:
    try:
        if not _is_dir(directory):
            return []
        return [Path(entry.path) for entry in os.scandir(directory)]
    except OSError:
        return []


def _mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _is_file(path: Path) -> bool:
    return stat.S_ISREG(_mode(path))


def _is_dir(path: Path) -> bool:
    return stat.S_ISDIR(_mode(path))


def check_inventory(root: Path, problems: Problems) -> None:
    """Report links in seeds/, content/ and themes/, and every file there the build would not read."""
    for top in ("seeds", "content", "themes"):
        _report_links(root / top, problems)
    _check_seeds(root / "seeds", problems)
    _check_content(root / "content", problems)


def _report_links(top: Path, problems: Problems) -> None:
    if os.path.islink(top):
        _link_error(top, problems)
        return
    for folder, directories, files in os.walk(top):
        for name in sorted([*directories, *files]):
            path = Path(folder) / name
            if os.path.islink(path):
                _link_error(path, problems)


def _link_error(path: Path, problems: Problems) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    problems.error(
        Location(path),
        f"symbolic link to '{target}' refused: the build reads only files inside the project",
        "replace the link with the file itself (add an article with 'briefing ingest PATH')",
    )


def _check_seeds(seed_dir: Path, problems: Problems) -> None:
    endings = ", ".join(SEED_EXTENSIONS)
    for path in sorted(_entries(seed_dir)):
        name = path.name
        if os.path.islink(path) or name in IGNORED_NAMES:
            continue
        if _is_dir(path):
            problems.error(
                Location(path),
                "a folder in seeds/: the build reads only seed files there",
                "move it out of seeds/; seeds/ holds the article files and SHA256SUMS, nothing else",
            )
        elif name == SUMS_NAME or (name.endswith(SEED_EXTENSIONS) and _is_file(path)):
            continue
        elif not _is_file(path):
            problems.error(Location(path), "not a regular file: the build does not read it", "remove it from seeds/")
        else:
            problems.error(
                Location(path),
                f"'{name}' is not a seed the build reads (a seed's name ends in {endings}, lowercase)",
                "add articles with 'briefing ingest PATH'; move any other file out of seeds/",
            )


def _check_content(content: Path, problems: Problems) -> None:
    folders = {folder.name: folder for folder in CONTENT_FOLDERS}
    for path in sorted(_entries(content)):
        name = path.name
        if os.path.islink(path) or name in IGNORED_NAMES:
            continue
        folder = folders.get(name)
        if folder is not None and _is_dir(path):
            _check_folder(path, folder, problems)
        elif name not in CONTENT_FILES or not _is_file(path):
            known = ", ".join([*sorted(CONTENT_FILES), *(f"{f.name}/" for f in CONTENT_FOLDERS)])
            problems.error(
                Location(path),
                f"'{name}' is not read by the build (content/ holds {known})",
                "move it to the folder where it belongs, or out of content/",
            )


def _check_folder(directory: Path, folder: Folder, problems: Problems) -> None:
    for path in sorted(_entries(directory)):
        name = path.name
        if os.path.islink(path) or name in IGNORED_NAMES:
            continue
        if name.endswith(folder.suffix) and _is_file(path):
            continue
        stem = name.rsplit(".", 1)[0] if "." in name else name
        kind = "a folder" if _is_dir(path) else f"'{name}'"
        problems.error(
            Location(path),
            f"{kind} in content/{folder.name}/ is not read by the build: {folder.what} end in '{folder.suffix}'",
            f"rename it to {stem}{folder.suffix}" if not _is_dir(path) else f"move it out of content/{folder.name}/",
        )
