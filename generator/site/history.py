"""What changed in a briefing or a fact, and when: read once per build from the repository's git history.

Cheap and never fatal: one `git log` over the briefings and fact sheets plus one
`git cat-file --batch` for the fact sheets' versions. Without git, outside a
repository, or in a shallow clone (whose history is cut off) the build goes on and
the pages say that the history is unavailable.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

COMMIT_LIMIT = 200
"""Most recent commits read: the history of a long-lived archive stays a bounded cost per build."""

SHEET_BYTES_LIMIT = 8_000_000
"""Most bytes of fact sheet versions parsed: older fact changes are left out beyond it
(an archive's sheets can be megabytes each, and every build reads the history)."""

GIT_TIMEOUT = 60
"""Seconds a git command may take before the history counts as unavailable."""

_RECORD = "\x1e"
_FIELD = "\x1f"
_ZERO = "0" * 40

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Change:
    """One commit's change to a briefing or a fact."""

    date: str
    """Commit date, YYYY-MM-DD."""
    commit: str
    """Abbreviated commit id."""
    summary: str
    """The commit message's first line."""
    what: str
    """What changed: `Added`, `Revised`, or for a fact the fields that differ (`Changed statement, citations`)."""


@dataclass(frozen=True, slots=True)
class History:
    """Changes by briefing slug and by fact id, newest first."""

    available: bool
    reason: str = ""
    """Why the history is unavailable (empty when it is available)."""
    briefings: dict[str, tuple[Change, ...]] = field(default_factory=dict)
    facts: dict[str, tuple[Change, ...]] = field(default_factory=dict)
    limited: bool = False
    """True when only the COMMIT_LIMIT most recent commits were read."""


@dataclass(frozen=True, slots=True)
class _Commit:
    id: str
    date: str
    summary: str
    files: tuple[tuple[str, str, str, str], ...]
    """(status, path from the repository top, old blob, new blob)."""


def unavailable(reason: str) -> History:
    """A history that says why there is none."""
    return History(False, reason)


def read_history(root: Path, briefings_dir: Path, facts_dir: Path) -> History:
    """The changes to each briefing (`<slug>.md`) and each fact (by id, across its sheet's versions)."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").strip()
        if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
            return unavailable("this copy of the repository is a shallow clone, without its full history")
        log = _git(
            root,
            "log",
            f"-n{COMMIT_LIMIT + 1}",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%s",
            "--",
            str(briefings_dir.resolve()),
            str(facts_dir.resolve()),
        )
    except _GitUnavailable as problem:
        return unavailable(str(problem))
    commits = _parse_log(log)
    limited = len(commits) > COMMIT_LIMIT
    commits = commits[:COMMIT_LIMIT]
    base = Path(top).resolve()
    briefings_rel = _relative(briefings_dir, base)
    facts_rel = _relative(facts_dir, base)
    try:
        fact_commits = _within_byte_limit(root, commits, facts_rel)
        sheets = _fact_sheet_versions(root, fact_commits, facts_rel)
    except _GitUnavailable as problem:
        return unavailable(str(problem))
    return History(
        True,
        briefings=_briefing_changes(commits, briefings_rel),
        facts=_fact_changes(fact_commits, facts_rel, sheets),
        limited=limited or len(fact_commits) < len(commits),
    )


class _GitUnavailable(Exception):
    """git is missing, failed, or this is not a repository."""


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    return _git_bytes(root, *args, stdin=None if stdin is None else stdin.encode()).decode("utf-8", "replace")


def _git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise _GitUnavailable("git is not installed where the site was built") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise _GitUnavailable(f"git could not be run ({error})") from None
    if done.returncode != 0:
        raise _GitUnavailable("the site was built outside a git repository")
    return done.stdout


def _relative(path: Path, top: Path) -> str:
    try:
        return PurePosixPath(path.resolve().relative_to(top)).as_posix()
    except ValueError:
        return path.as_posix()


def _parse_log(log: str) -> list[_Commit]:
    commits = []
    for record in log.split(_RECORD)[1:]:
        header, _, rest = record.partition("\n")
        commit_id, date, summary = [*header.split(_FIELD), "", ""][:3]
        files = []
        for line in rest.splitlines():
            # :100644 100644 <old> <new> M\t<path>
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            parts = meta.split()
            if len(parts) >= 5:
                files.append((parts[4][0], path, parts[2], parts[3]))
        commits.append(_Commit(commit_id, date[:10], summary, tuple(files)))
    return commits


def _briefing_changes(commits: Iterable[_Commit], briefings_rel: str) -> dict[str, tuple[Change, ...]]:
    changes: dict[str, list[Change]] = {}
    for commit in commits:
        for status, path, _old, _new in commit.files:
            parent, _, name = path.rpartition("/")
            if parent != briefings_rel or not name.endswith(".md") or status == "D":
                continue
            what = "Added" if status == "A" else "Revised"
            changes.setdefault(name[:-3], []).append(Change(commit.date, commit.id[:10], commit.summary, what))
    return {slug: tuple(found) for slug, found in changes.items()}


def _is_sheet(path: str, facts_rel: str) -> bool:
    parent, _, name = path.rpartition("/")
    return parent == facts_rel and name.endswith((".yaml", ".yml"))


def _sheet_blobs(commit: _Commit, facts_rel: str) -> set[str]:
    return {
        blob
        for _s, path, old, new in commit.files
        if _is_sheet(path, facts_rel)
        for blob in (old, new)
        if blob != _ZERO
    }


def _within_byte_limit(root: Path, commits: list[_Commit], facts_rel: str) -> list[_Commit]:
    """The newest commits whose fact sheet versions together stay within SHEET_BYTES_LIMIT."""
    wanted = sorted(set().union(*(_sheet_blobs(c, facts_rel) for c in commits)))
    if not wanted:
        return commits
    sizes = {}
    for line in _git(root, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in wanted)).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    counted: set[str] = set()
    total = 0
    for index, commit in enumerate(commits):
        new = _sheet_blobs(commit, facts_rel) - counted
        total += sum(sizes.get(b, 0) for b in new)
        if total > SHEET_BYTES_LIMIT and index:
            return commits[:index]
        counted |= new
    return commits


def _fact_sheet_versions(root: Path, commits: Iterable[_Commit], facts_rel: str) -> dict[str, dict[str, Any]]:
    """Every version of a fact sheet the commits name, as facts by id (one `git cat-file` process)."""
    blobs = sorted(set().union(*(_sheet_blobs(c, facts_rel) for c in commits)))
    if not blobs:
        return {}
    raw = _git_bytes(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    return {blob: _facts_by_id(text) for blob, text in _split_batch(raw)}


def _split_batch(data: bytes) -> list[tuple[str, str]]:
    """(blob id, text) pairs from `git cat-file --batch` output."""
    found, position = [], 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].decode().split()
        position = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        found.append((header[0], data[position : position + size].decode("utf-8", "replace")))
        position += size + 1
    return found


def _facts_by_id(text: str) -> dict[str, Any]:
    try:
        sheet = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    facts = sheet.get("facts") if isinstance(sheet, dict) else None
    if not isinstance(facts, list):
        return {}
    return {f["id"]: f for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)}


def _fact_changes(
    commits: Iterable[_Commit], facts_rel: str, sheets: dict[str, dict[str, Any]]
) -> dict[str, tuple[Change, ...]]:
    changes: dict[str, list[Change]] = {}
    for commit in commits:
        for _status, path, old, new in commit.files:
            if not _is_sheet(path, facts_rel):
                continue
            before, after = sheets.get(old, {}), sheets.get(new, {})
            for fact_id, fact in after.items():
                previous = before.get(fact_id)
                if previous == fact:
                    continue
                what = "Added" if previous is None else "Changed " + ", ".join(_differing(previous, fact))
                changes.setdefault(fact_id, []).append(Change(commit.date, commit.id[:10], commit.summary, what))
    return {fact_id: tuple(found) for fact_id, found in changes.items()}


def _differing(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [key.replace("_", " ") for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]


def head_state(root: Path) -> str | None:
    """What the history read depends on, found in the repository's files without running git.

    The repository, the commit HEAD names and whether the clone is shallow: the same
    state gives the same history, so the live preview reads it once per commit. None
    when this cannot be told from the files (then read the history again).
    """
    if any(name in os.environ for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")):
        return None
    here = root.resolve()
    for folder in (here, *here.parents):
        dot_git = folder / ".git"
        if dot_git.exists():
            return _head_of(dot_git)
    return "no repository"


def _head_of(dot_git: Path) -> str | None:
    try:
        if dot_git.is_file():  # a worktree or submodule: `gitdir: <path>`
            pointer = dot_git.read_text(encoding="utf-8").strip()
            if not pointer.startswith("gitdir:"):
                return None
            git_dir = (dot_git.parent / pointer.removeprefix("gitdir:").strip()).resolve()
        else:
            git_dir = dot_git.resolve()
        common = git_dir
        if (git_dir / "commondir").is_file():
            common = (git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip()).resolve()
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
        commit = _resolve_ref(common, head.removeprefix("ref:").strip()) if head.startswith("ref:") else head
    except OSError:
        return None
    if commit is None:
        return None
    return f"{git_dir} {commit} shallow={(common / 'shallow').exists()}"


def _resolve_ref(common: Path, ref: str) -> str | None:
    loose = common / ref
    if loose.is_file():
        return loose.read_text(encoding="utf-8").strip()
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            commit, _, name = line.partition(" ")
            if name == ref:
                return commit
    return None
