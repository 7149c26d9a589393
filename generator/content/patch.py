"""Update a loaded content model after an edit, re-checking only the changed files.

The live preview keeps the `LoadedContent` of its last load. When fact sheets,
briefings or text pages change, only the changed fact sheets are read and checked
again (against the same sources and entities); every other sheet's result is kept,
and the checks across files (duplicate fact ids, briefings' fact references,
conflicting facts, unused sources and entities, source links) run again on the
whole, exactly as a full load runs them. An edit to entities.yaml that keeps its
ids (names, aliases, roles, kinds) is patched too: facts are checked against the
ids only. Any other change (a seed, a sidecar, site.yaml, entity ids, a file the
build would not read) can change what every fact is checked against, so it is not
patched: `patch_content` says why, and the caller loads everything again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from generator.content.facts import check_sheet
from generator.content.inventory import CONTENT_FOLDERS
from generator.content.load import Layout, LoadedContent, collector_paused, finish_content, read_entities
from generator.problems import Problems
from generator.store.documents import read_checked

ENTITIES = "content/entities.yaml"

PATCHED_FOLDERS = frozenset({"facts", "briefings", "pages"})
"""content/ folders whose files are re-checked one by one (briefings and pages are all re-read: they are few)."""


def unpatched_reason(root: Path, path: Path) -> str | None:
    """Why a change to `path` needs a full load (None when `patch_content` can apply it)."""
    try:
        # The folder resolved, not the file: a link is reported, not followed.
        relative = (Path(os.path.realpath(path.parent)) / path.name).relative_to(root.resolve())
    except ValueError:
        return f"{path} is outside the project"
    parts = relative.parts
    suffixes = {folder.name: folder.suffix for folder in CONTENT_FOLDERS}
    if relative.as_posix() == ENTITIES:
        return "content/entities.yaml is not a regular file" if os.path.islink(path) else None
    if len(parts) != 3 or parts[0] != "content" or parts[1] not in PATCHED_FOLDERS:
        return f"{relative.as_posix()} is not a fact sheet, briefing, text page or entities.yaml"
    if not path.name.endswith(suffixes[parts[1]]):
        return f"{relative.as_posix()} is not a {suffixes[parts[1]]} file (the inventory check reports it)"
    if os.path.islink(path) or (os.path.lexists(path) and not path.is_file()):
        return f"{relative.as_posix()} is not a regular file (the inventory check reports it)"
    return None


def patch_content(loaded: LoadedContent, changed: Iterable[Path], problems: Problems) -> LoadedContent | str:
    """The content after the changed files' edits, or why it needs a full load instead."""
    root = loaded.content.root
    changed = sorted(set(changed))
    for path in changed:
        reason = unpatched_reason(root, path)
        if reason is not None and not came_and_went(loaded, path):
            return reason
    with collector_paused():
        sheets = dict(loaded.sheets)
        base = loaded.base
        if any(path.name == "entities.yaml" and path.parent.name == "content" for path in changed):
            entities, found = read_entities(root, base.site)
            if entities.keys() != base.entities.keys() or type(entities) is not type(base.entities):
                # The facts were checked against the ids: only names, aliases, kinds and roles are patched.
                return "content/entities.yaml: entity ids changed"
            base = replace(base, entities=entities, entity_problems=found)
        for path in changed:
            if path.parent.name != "facts" or not path.name.endswith(".yaml"):
                continue  # briefings and text pages: finish_content reads them all again
            key = Layout(root).facts / path.name  # as files_in spells it in a full load
            if not path.is_file():
                sheets.pop(key, None)
                continue
            try:
                raw = path.read_bytes()
            except OSError:
                return f"{path} could not be read"
            read = read_checked(raw, key, "facts")
            sheets[key] = check_sheet(read, base.checker, base.entities, base.topics)
        ordered = {key: sheets[key] for key in sorted(sheets)}  # file order, as a full load reads them
        return finish_content(root, base, ordered, problems)


def came_and_went(loaded: LoadedContent, path: Path) -> bool:
    """Whether `path` is a file under content/ that appeared and vanished since the last load (an
    editor's or a tool's temporary file): the build never read it, and no problem named it."""
    root = loaded.content.root.resolve()
    if os.path.lexists(path):
        return False
    try:
        relative = (Path(os.path.realpath(path.parent)) / path.name).relative_to(root)
    except ValueError:
        return False
    parts = relative.parts
    suffixes = {folder.name: folder.suffix for folder in CONTENT_FOLDERS}
    read = relative.as_posix() in {"content/entities.yaml", "content/site.yaml"} or (
        len(parts) == 3 and parts[1] in suffixes and path.name.endswith(suffixes[parts[1]])
    )
    if parts[0] != "content" or read:
        return False
    return not any(_resolved(problem.location.path) == root / relative for problem in loaded.problems)


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path.parent)) / path.name
