"""`briefing diff REV`: a Markdown review summary of content changes since a git revision."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import Layout, load_content
from generator.model import Level, Location, Problem
from generator.problems import Problems, relative, summary
from generator.review.files import briefing_changes, edited_seeds, seed_changes
from generator.review.items import Record, Records, read_records, record_changes
from generator.review.wordiff import escape

INPUTS: tuple[str, ...] = ("content", "seeds")
"""Directories whose state at the revision is compared with the working tree."""

STATUS_CLEAN = 0
STATUS_ERRORS = 1
STATUS_UNKNOWN_REV = 2


class RevisionError(Exception):
    """The revision cannot be read from git."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One tree's inputs as written, and what the check says about them."""

    root: Path
    problems: tuple[Problem, ...]
    facts: Records
    sources: Records
    entities: Records
    briefing_texts: dict[str, str]
    """Briefing file name (e.g. `harbour-traffic.md`) to its text."""
    page_texts: dict[str, str]
    """Text page file name (e.g. `about.md`) to its text."""

    @property
    def failed(self) -> bool:
        """Whether the tree has errors."""
        return any(p.level is Level.ERROR for p in self.problems)


def review_diff(root: Path, rev: str) -> tuple[str, int]:
    """Compare the content at `rev` with the working tree; return the summary and the exit status."""
    try:
        commit = resolve_revision(root, rev)
        with tempfile.TemporaryDirectory(prefix="briefing-diff-") as scratch:
            old = load_snapshot(export_revision(root, commit, Path(scratch)))
            new = load_snapshot(root)
            text = render_review(rev, commit, old, new)
            edited = edited_seeds(Layout(old.root).seeds, Layout(new.root).seeds)
    except RevisionError as exc:
        return f"error: {exc}", STATUS_UNKNOWN_REV
    return text, STATUS_ERRORS if new.failed or edited else STATUS_CLEAN


def resolve_revision(root: Path, rev: str) -> str:
    """Full commit id of `rev`, or RevisionError naming it."""
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise RevisionError(
            f"unknown revision '{rev}' in {root}: give a commit, branch or tag git knows "
            "(in CI, check out with fetch-depth: 0 so that origin/<base> exists)"
        )
    return result.stdout.decode().strip()


def export_revision(root: Path, commit: str, target: Path) -> Path:
    """Write the content and seeds of `commit` into `target` and return it."""
    present = _present_inputs(root, commit)
    if present:
        result = _git(root, "archive", "--format=tar", commit, "--", *present)
        if result.returncode != 0:
            raise RevisionError(f"cannot read {', '.join(present)} at {commit}: {result.stderr.decode().strip()}")
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            archive.extractall(target, filter="data")
    return target


def _present_inputs(root: Path, commit: str) -> list[str]:
    result = _git(root, "ls-tree", "--name-only", commit, "--", *INPUTS)
    return [name for name in result.stdout.decode().splitlines() if name in INPUTS]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def load_snapshot(root: Path) -> Snapshot:
    """Check the content under `root` and read its records as written."""
    problems = Problems()
    load_content(root, problems)
    layout = Layout(root)
    return Snapshot(
        root,
        problems.items,
        read_records(sorted(layout.facts.glob("*.yaml")), root, "facts"),
        read_records(sorted(layout.sources.glob("*.yaml")), root, None),
        read_records([layout.entities] if layout.entities.is_file() else [], root, "entities"),
        _texts(layout.briefings),
        _texts(layout.pages),
    )


def _texts(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def render_review(rev: str, commit: str, old: Snapshot, new: Snapshot) -> str:
    """The whole Markdown summary."""
    sections = {
        "Facts": record_changes("fact", old.facts, new.facts, _statement, renames=True),
        "Sources": record_changes("source", old.sources, new.sources, _title),
        "Entities": record_changes("entity", old.entities, new.entities, _name),
        "Briefings": briefing_changes(old.briefing_texts, new.briefing_texts),
        "Pages": briefing_changes(old.page_texts, new.page_texts, "content/pages"),
        "Seeds": seed_changes(Layout(old.root).seeds, Layout(new.root).seeds),
        "Check": check_lines(old, new, rev),
    }
    parts = [f"# Content review: working tree against {rev} ({commit[:12]})", _overview(sections, old, new)]
    parts += [_section(title, lines) for title, lines in sections.items()]
    return "\n\n".join(parts)


def _overview(sections: dict[str, list[str]], old: Snapshot, new: Snapshot) -> str:
    counts = []
    for title, lines in sections.items():
        if title == "Check":
            continue
        top = [line for line in lines if line.startswith("- ")]
        if top:
            counts.append(f"{title.lower()}: {len(top)}")
    changed = ", ".join(counts) if counts else "no content changes"
    return f"Changes: {changed}. Check: {summary(old.problems)} before, {summary(new.problems)} after."


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([f"## {title}", "", *(lines or ["- no changes"])])


def _statement(record: Record) -> str:
    return escape(str(record.get("statement", "(no statement)")))


def _title(record: Record) -> str:
    return escape(f"{record.get('title') or '(no title)'} (seeds/{record.get('seed')})")


def _name(record: Record) -> str:
    return escape(str(record.get("name", "(no name)")))


def check_lines(old: Snapshot, new: Snapshot, rev: str) -> list[str]:
    """Check results before and after; the working tree's problems, marked when they were there before."""
    before = {_problem_key(p, old.root) for p in old.problems}
    lines = [f"- at {rev}: {summary(old.problems)}", f"- working tree: {summary(new.problems)}"]
    if not new.problems:
        return [*lines, "- the working tree checks clean"]
    lines.append("")
    for problem in new.problems:
        text = "- {}: {}: {}".format(*_problem_key(problem, new.root))
        lines.append(text + (" (already at the revision)" if _problem_key(problem, new.root) in before else ""))
    verdict = "fails" if new.failed else "passes"
    return [*lines, "", f"Check {verdict}: {summary(new.problems)}."]


def _problem_key(problem: Problem, root: Path) -> tuple[str, str, str]:
    location = Location(relative(problem.location.path, root), problem.location.line, problem.location.column)
    return str(location), problem.level.value, problem.message
