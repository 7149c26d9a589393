"""Review lines for briefing prose (word-level, by section) and for seed files (byte-level)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.review.items import field_changes, show
from generator.review.wordiff import word_diff

_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_REFERENCE = re.compile(r"\[\[([^\]]+)\]\]")
CHECKSUMS = "SHA256SUMS"


def split_briefing(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Front matter and the body's sections (heading to text; `(introduction)` before the first heading)."""
    front: dict[str, Any] = {}
    body = text
    lines = text.splitlines()
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        try:
            loaded = yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError:
            loaded = None
        front = loaded if isinstance(loaded, dict) else {}
        body = "\n".join(lines[end + 1 :])
    sections: dict[str, str] = {}
    title = "(introduction)"
    current: list[str] = []
    for line in body.splitlines():
        heading = _HEADING.match(line)
        if heading:
            if any(part.strip() for part in current):
                sections[title] = "\n".join(current)
            title, current = heading["title"], []
        else:
            current.append(line)
    if any(part.strip() for part in current):
        sections[title] = "\n".join(current)
    return front, sections


def references(text: str) -> set[str]:
    """Fact ids referenced as [[id, id]] in a text."""
    return {part.strip() for found in _REFERENCE.findall(text) for part in found.split(",") if part.strip()}


def briefing_changes(old: Mapping[str, str], new: Mapping[str, str], folder: str = "content/briefings") -> list[str]:
    """Markdown files (briefings, text pages) added, removed and changed: front matter, prose by section,
    references."""
    lines = [f"- added {folder}/{name}" for name in sorted(new.keys() - old.keys())]
    lines += [f"- removed {folder}/{name}" for name in sorted(old.keys() - new.keys())]
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name]:
            details = _briefing_details(old[name], new[name])
            lines.append(f"- changed {folder}/{name}:")
            lines += [f"  - {detail}" for detail in details or ["whitespace or line breaks only"]]
    return lines


def _briefing_details(old: str, new: str) -> list[str]:
    old_front, old_sections = split_briefing(old)
    new_front, new_sections = split_briefing(new)
    details = [f"front matter {line}" for line in field_changes(old_front, new_front)]
    for title in [*old_sections, *(t for t in new_sections if t not in old_sections)]:
        before, after = old_sections.get(title), new_sections.get(title)
        if before is None:
            details.append(f"section added: {title}")
        elif after is None:
            details.append(f"section removed: {title}")
        elif before.split() != after.split():
            details.append(f"section {title}: {word_diff(before, after, context=8)}")
    gained, lost = references(new) - references(old), references(old) - references(new)
    if gained:
        details.append("references added: " + ", ".join(f"`{fid}`" for fid in sorted(gained)))
    if lost:
        details.append("references dropped: " + ", ".join(f"`{fid}`" for fid in sorted(lost)))
    return details


def seed_digests(seeds: Path) -> dict[str, str]:
    """SHA-256 of every file in a seeds directory (the checksum list included), by name."""
    if not seeds.is_dir():
        return {}
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(seeds.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


def edited_seeds(old_seeds: Path, new_seeds: Path) -> list[str]:
    """Seeds whose bytes differ between two seeds directories (never allowed: a seed is evidence)."""
    old, new = seed_digests(old_seeds), seed_digests(new_seeds)
    return [name for name in sorted(old.keys() & new.keys()) if old[name] != new[name] and name != CHECKSUMS]


def seed_changes(old_seeds: Path, new_seeds: Path) -> list[str]:
    """Seeds added, removed or (never allowed) rewritten, and the checksum lines that changed."""
    old, new = seed_digests(old_seeds), seed_digests(new_seeds)
    lines = [f"- added seeds/{name} (sha256 {new[name][:16]}…)" for name in sorted(new.keys() - old.keys())]
    lines += [
        f"- removed seeds/{name}: a seed is evidence; only remove it with its source"
        for name in sorted(old.keys() - new.keys())
        if name != CHECKSUMS
    ]
    for name in sorted(old.keys() & new.keys()):
        if old[name] != new[name] and name != CHECKSUMS:
            lines.append(
                f"- **bytes changed** in seeds/{name} (sha256 {old[name][:16]}… → {new[name][:16]}…): seeds are "
                "never edited; add the new version as a new seed"
            )
    lines += _checksum_changes(old_seeds / CHECKSUMS, new_seeds / CHECKSUMS)
    return lines


def _checksum_changes(old: Path, new: Path) -> list[str]:
    before = _checksum_lines(old)
    after = _checksum_lines(new)
    lines = [f"- {CHECKSUMS} line added: {show(line)}" for line in after if line not in before]
    lines += [f"- {CHECKSUMS} line removed: {show(line)}" for line in before if line not in after]
    return lines


def _checksum_lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        return []
