"""`briefing diff REV`: a Markdown review summary of content changes since a git revision."""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .checksums import file_digest
from .inventory import seed_files
from .model import Content, Fact, Level, Location, Problem
from .problems import Problems, relative, summary
from .project import Layout, load_content

INPUTS: tuple[str, ...] = ("content", "seeds")
"""Directories whose state at the revision is compared with the working tree."""

STATUS_CLEAN = 0
STATUS_ERRORS = 1
STATUS_UNKNOWN_REV = 2


class RevisionError(Exception):
    """The revision cannot be read from git."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Content as loaded from one tree, with the briefing files' text."""

    content: Content
    briefing_texts: dict[str, str]
    """Briefing file name (e.g. `arms-transfers.md`) to its text."""
    declared_facts: frozenset[str]
    """Fact ids written in the fact sheets, including facts that failed the check."""


def review_diff(root: Path, rev: str) -> tuple[str, int]:
    """Compare the content at `rev` with the working tree; return the summary and the exit status."""
    try:
        commit = resolve_revision(root, rev)
        with tempfile.TemporaryDirectory(prefix="briefing-diff-") as scratch:
            old = load_snapshot(export_revision(root, commit, Path(scratch)), Problems())
            old_seeds = seed_digests(Path(scratch))
            problems = Problems()
            new = load_snapshot(root, problems)
    except RevisionError as exc:
        return f"error: {exc}", STATUS_UNKNOWN_REV
    text = render_review(rev, commit, old, new, problems, root)
    seeds, edited = seed_changes(old_seeds, seed_digests(root), rev)
    text += "\n\n" + _section("Seeds", seeds)
    return text, STATUS_ERRORS if problems.has_errors() or edited else STATUS_CLEAN


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


def load_snapshot(root: Path, problems: Problems) -> Snapshot:
    """Load and check the content under `root`, keeping the briefing files' text."""
    content = load_content(root, problems)
    briefing_dir = Layout(root).briefings
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(briefing_dir.glob("*.md"))}
    return Snapshot(content, texts, declared_fact_ids(Layout(root).facts))


def declared_fact_ids(fact_dir: Path) -> frozenset[str]:
    """Ids in the fact sheets as written, so that a fact failing the check is not mistaken for a removed one."""
    ids: set[str] = set()
    for path in sorted(fact_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue  # load_content has already reported it under Check
        facts = data.get("facts") if isinstance(data, dict) else None
        if isinstance(facts, list):
            ids.update(str(f["id"]) for f in facts if isinstance(f, dict) and "id" in f)
    return frozenset(ids)


def render_review(rev: str, commit: str, old: Snapshot, new: Snapshot, problems: Problems, root: Path) -> str:
    """The whole Markdown summary."""
    sections = [
        f"# Content review: working tree against {rev} ({commit[:12]})",
        _section("Facts", fact_changes(old.content.facts, new.content.facts, new.declared_facts)),
        _section("Sources", source_changes(old.content, new.content)),
        _section("Briefings", briefing_changes(old, new)),
        _section("Entities", entity_changes(old.content, new.content)),
        _section("Check", problem_lines(problems.items, root)),
    ]
    return "\n\n".join(sections)


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([f"## {title}", "", *(lines or ["- no changes"])])


def fact_changes(old: Mapping[str, Fact], new: Mapping[str, Fact], declared: frozenset[str]) -> list[str]:
    """Lines for facts added, removed, failing the check and changed."""
    lines = [f"- added fact `{fid}` ({new[fid].status}): {new[fid].statement}" for fid in _added(old, new)]
    for fid in _added(new, old):
        if fid in declared:
            lines.append(f"- fact `{fid}` is still in the fact sheets but fails the check: see Check below")
        else:
            lines.append(f"- removed fact `{fid}`: {old[fid].statement}")
    for fid in sorted(old.keys() & new.keys()):
        details = fact_details(old[fid], new[fid])
        if details:
            lines.append(f"- changed fact `{fid}`:")
            lines += [f"  - {detail}" for detail in details]
    return lines


def fact_details(old: Fact, new: Fact) -> list[str]:
    """What changed in one fact's statement, status, date and quotes."""
    details = [
        f"{name}: {_quoted(before)} → {_quoted(after)}"
        for name, before, after in (
            ("statement", old.statement, new.statement),
            ("status", old.status, new.status),
            ("date", old.date, new.date),
        )
        if before != after
    ]
    old_quotes, new_quotes = _quotes(old), _quotes(new)
    details += [f"quote removed: {source} {_quoted(quote)}" for source, quote in _missing(old_quotes, new_quotes)]
    details += [f"quote added: {source} {_quoted(quote)}" for source, quote in _missing(new_quotes, old_quotes)]
    return details


def _quotes(fact: Fact) -> list[tuple[str, str]]:
    return [(c.citation.source_id, c.citation.quote) for c in fact.citations]


def _missing(items: list[tuple[str, str]], others: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [item for item in items if item not in others]


def _quoted(value: str | None) -> str:
    return "(none)" if value is None else f'"{value}"'


def source_changes(old: Content, new: Content) -> list[str]:
    """Lines for sources added and removed."""
    added = [
        f"- added source `{sid}`: {new.sources[sid].display_title} (seeds/{new.sources[sid].seed})"
        for sid in _added(old.sources, new.sources)
    ]
    removed = [f"- removed source `{sid}` (seeds/{old.sources[sid].seed})" for sid in _added(new.sources, old.sources)]
    return added + removed


def entity_changes(old: Content, new: Content) -> list[str]:
    """Lines for entities added and removed."""
    added = [f"- added entity `{eid}`: {new.entities[eid].name}" for eid in _added(old.entities, new.entities)]
    removed = [f"- removed entity `{eid}`: {old.entities[eid].name}" for eid in _added(new.entities, old.entities)]
    return added + removed


def briefing_changes(old: Snapshot, new: Snapshot) -> list[str]:
    """Lines for briefing files added, removed and changed (by text), with fact references added or dropped."""
    lines = [f"- added content/briefings/{name}" for name in _added(old.briefing_texts, new.briefing_texts)]
    lines += [f"- removed content/briefings/{name}" for name in _added(new.briefing_texts, old.briefing_texts)]
    for name in sorted(old.briefing_texts.keys() & new.briefing_texts.keys()):
        if old.briefing_texts[name] != new.briefing_texts[name]:
            lines.append(f"- changed content/briefings/{name}{_reference_note(old, new, Path(name).stem)}")
    return lines


def _reference_note(old: Snapshot, new: Snapshot, slug: str) -> str:
    before, after = _referenced(old.content, slug), _referenced(new.content, slug)
    notes = []
    if after - before:
        notes.append("references added: " + ", ".join(f"`{fid}`" for fid in sorted(after - before)))
    if before - after:
        notes.append("references dropped: " + ", ".join(f"`{fid}`" for fid in sorted(before - after)))
    return f" ({'; '.join(notes)})" if notes else ""


def _referenced(content: Content, slug: str) -> set[str]:
    briefing = content.briefings.get(slug)
    if briefing is None:
        return set()
    return {fid for ref in briefing.references for fid in ref.fact_ids}


def problem_lines(items: Iterable[Problem], root: Path) -> list[str]:
    """Check problems of the working tree as `path:line: level: message`, with a count."""
    problems = list(items)
    if not problems:
        return ["- the working tree checks clean"]
    lines = [f"- {_relative_location(p.location, root)}: {p.level.value}: {p.message}" for p in problems]
    verdict = "fails" if any(p.level is Level.ERROR for p in problems) else "passes"
    return [*lines, "", f"Check {verdict}: {summary(problems)}."]


def _relative_location(location: Location, root: Path) -> Location:
    return Location(relative(location.path, root), location.line, location.column)


def _added(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return sorted(new.keys() - old.keys())


# Seeds: compared by their bytes, not through the content loaded from them, so that an
# edited seed shows even when its SHA256SUMS line was edited to match.


def seed_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every seed file under `root`, by file name."""
    digests: dict[str, str] = {}
    for path in seed_files(Layout(root).seeds):
        with contextlib.suppress(OSError):
            digests[path.name] = file_digest(path.read_bytes())
    return digests


def seed_changes(old: Mapping[str, str], new: Mapping[str, str], rev: str) -> tuple[list[str], bool]:
    """Lines for seeds added, removed and edited, and whether any seed was edited (an error)."""
    lines = [f"- added seed `seeds/{name}`" for name in sorted(set(new) - set(old))]
    lines += [f"- removed seed `seeds/{name}`" for name in sorted(set(old) - set(new))]
    edited = sorted(name for name in set(old) & set(new) if old[name] != new[name])
    lines += [
        f"- **error: seed `seeds/{name}` was edited**: its bytes differ from {rev} "
        f"(SHA-256 {old[name]} before, {new[name]} now); a seed is never edited, "
        "restore it and ingest a corrected article as a new seed"
        for name in edited
    ]
    return lines, bool(edited)
