"""Watch a project's inputs for saves, in batches, ignoring editors' scratch files."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

WATCHED_DIRS = ("seeds", "content", "themes")
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")

STEP_MS = 30
"""A batch ends after this long without another change (an editor's save is a few events)."""
DEBOUNCE_MS = 300
"""A batch never waits longer than this for changes to stop."""

_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")


def is_scratch(path: Path) -> bool:
    """Whether a file is an editor's backup or swap file, not content (vim's `4913` probe included)."""
    name = path.name
    return name.startswith((".", "#")) or name == "4913" or name.endswith(_SCRATCH_SUFFIXES)


def watched_paths(root: Path) -> list[Path]:
    """The directories and settings files whose changes the preview follows."""
    paths = [root / name for name in WATCHED_DIRS] + [root / name for name in SETTINGS_FILES]
    return [path for path in paths if path.exists()]


def changes(root: Path, stop: threading.Event) -> Iterator[list[Path]]:
    """Yield each batch of changed inputs (sorted, without scratch files) until `stop` is set."""
    import watchfiles

    # It logs "KeyboardInterrupt caught, stopping watch" on Ctrl-C; the server says goodbye itself.
    logging.getLogger("watchfiles").setLevel(logging.ERROR)

    def accept(change: watchfiles.Change, name: str) -> bool:
        return not is_scratch(Path(name))

    for batch in watchfiles.watch(
        *watched_paths(root),
        watch_filter=accept,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
    ):
        paths = sorted({Path(name) for _, name in batch})
        if paths:
            yield paths
