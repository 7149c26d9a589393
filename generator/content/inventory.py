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
from dataclasses import dataclass
from pathlib import Path

from generator.content.checksums import SEED_EXTENSIONS, SUMS_NAME
from generator.model import Location
from generator.problems import Problems, brief

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
    return sorted(Path(e.path) for e in _entries(directory) if e.name.endswith(suffix) and _is_file(e))


def seed_files(seed_dir: Path) -> list[Path]:
    """The seed files in seeds/: regular files with a seed extension."""
    return sorted(Path(e.path) for e in _entries(seed_dir) if e.name.endswith(SEED_EXTENSIONS) and _is_file(e))


def _entries(directory: Path) -> list[os.DirEntry[str]]:
    """A folder's entries, sorted by name (none if it is missing, unreadable or a link)."""
    try:
        if os.path.islink(directory) or not directory.is_dir():
            return []
        with os.scandir(directory) as found:
            return sorted(found, key=lambda entry: entry.name)
    except OSError:
        return []


# The entries' types come from the directory listing itself (no system call per file).
def _is_file(entry: os.DirEntry[str]) -> bool:
    return entry.is_file(follow_symlinks=False)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    return entry.is_dir(follow_symlinks=False)


def check_inventory(root: Path, problems: Problems) -> None:
    """Report links in seeds/, content/ and themes/, and every file there the build would not read."""
    for top in ("seeds", "content", "themes"):
        if os.path.islink(root / top):
            _link_error(root / top, problems)
        else:
            _report_links(root / top, problems)
    _check_seeds(root / "seeds", problems)
    _check_content(root / "content", problems)


def _report_links(folder: Path, problems: Problems) -> None:
    for entry in _entries(folder):
        if entry.is_symlink():
            _link_error(Path(entry.path), problems)
        elif _is_dir(entry):
            _report_links(Path(entry.path), problems)


def _link_error(path: Path, problems: Problems) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    problems.error(
        Location(path),
        f"symbolic link to {brief(target)} refused: the build reads only files inside the project",
        "replace the link with the file itself (add an article with 'briefing ingest PATH')",
    )


def _check_seeds(seed_dir: Path, problems: Problems) -> None:
    endings = ", ".join(SEED_EXTENSIONS)
    for entry in _entries(seed_dir):
        name, path = entry.name, Path(entry.path)
        if entry.is_symlink() or name in IGNORED_NAMES:
            continue
        if _is_dir(entry):
            problems.error(
                Location(path),
                "a folder in seeds/: the build reads only seed files there",
                "move it out of seeds/; seeds/ holds the article files and SHA256SUMS, nothing else",
            )
        elif name == SUMS_NAME or (name.endswith(SEED_EXTENSIONS) and _is_file(entry)):
            continue
        elif not _is_file(entry):
            problems.error(Location(path), "not a regular file: the build does not read it", "remove it from seeds/")
        else:
            problems.error(
                Location(path),
                f"{brief(name)} is not a seed the build reads (a seed's name ends in {endings}, lowercase)",
                "add articles with 'briefing ingest PATH'; move any other file out of seeds/",
            )


def _check_content(content: Path, problems: Problems) -> None:
    folders = {folder.name: folder for folder in CONTENT_FOLDERS}
    for entry in _entries(content):
        name, path = entry.name, Path(entry.path)
        if entry.is_symlink() or name in IGNORED_NAMES:
            continue
        folder = folders.get(name)
        if folder is not None and _is_dir(entry):
            _check_folder(path, folder, problems)
        elif name not in CONTENT_FILES or not _is_file(entry):
            known = ", ".join([*sorted(CONTENT_FILES), *(f"{f.name}/" for f in CONTENT_FOLDERS)])
            problems.error(
                Location(path),
                f"{brief(name)} is not read by the build (content/ holds {known})",
                "move it to the folder where it belongs, or out of content/",
            )


def _check_folder(directory: Path, folder: Folder, problems: Problems) -> None:
    for entry in _entries(directory):
        name, path = entry.name, Path(entry.path)
        if entry.is_symlink() or name in IGNORED_NAMES:
            continue
        if name.endswith(folder.suffix) and _is_file(entry):
            continue
        stem = name.rsplit(".", 1)[0] if "." in name else name
        kind = "a folder" if _is_dir(entry) else brief(name)
        problems.error(
            Location(path),
            f"{kind} in content/{folder.name}/ is not read by the build: {folder.what} end in '{folder.suffix}'",
            f"rename it to {stem}{folder.suffix}" if not _is_dir(entry) else f"move it out of content/{folder.name}/",
        )
