"""Review lines for YAML records as written: facts, source sidecars and entities, field by field."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.review.wordiff import escape, similarity, word_diff

Record = dict[str, Any]

PROSE_FIELDS = frozenset({"statement", "title", "notes", "published_note", "role", "summary", "note"})
"""Fields shown as a word-level diff when they change."""

RENAME_SIMILARITY = 0.6
"""A removed and an added fact with the same quotes and statements this alike are one fact renamed."""

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Records:
    """Records of one kind by id, as written in the YAML files (valid or not)."""

    items: dict[str, Record]
    files: dict[str, str]
    """Id to the file (relative to the project) that declares it."""


def read_records(paths: Sequence[Path], root: Path, key: str | None) -> Records:
    """Records from YAML files: the list under `key` of each file, or each file itself when `key` is None."""
    items: dict[str, Record] = {}
    files: dict[str, str] = {}
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the Check section reports it
        found = data.get(key) if key is not None and isinstance(data, dict) else [data]
        for record in found if isinstance(found, list) else []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                items.setdefault(record["id"], record)
                files.setdefault(record["id"], path.relative_to(root).as_posix())
    return Records(items, files)


def show(value: Any) -> str:
    """A field value as Markdown: strings quoted, everything else as compact JSON."""
    if value is _MISSING:
        return "(not set)"
    if isinstance(value, str):
        return f'"{escape(value)}"'
    return f"`{json.dumps(value, ensure_ascii=False, default=str)}`"


def field_changes(old: Record, new: Record) -> list[str]:
    """One line per changed field (ids aside); quotes and list items by what was added and removed."""
    lines: list[str] = []
    for name in [*old, *(name for name in new if name not in old)]:
        before, after = old.get(name, _MISSING), new.get(name, _MISSING)
        if name == "id" or before == after:
            continue
        if name == "citations":
            lines += citation_changes(_list(before), _list(after))
        elif isinstance(before, str) and isinstance(after, str) and name in PROSE_FIELDS:
            lines.append(f"{name}: {word_diff(before, after, context=8)}")
        elif isinstance(before, list) and isinstance(after, list) and _scalars(before) and _scalars(after):
            lines.append(f"{name}: {_list_change(before, after)}")
        else:
            lines.append(f"{name}: {show(before)} → {show(after)}")
    return lines


def all_fields(record: Record) -> list[str]:
    """Every field of a new record (quotes one per line)."""
    lines = []
    for name, value in record.items():
        if name == "id":
            continue
        if name == "citations":
            lines += [f"quote from `{c.get('source')}`: {show(c.get('quote'))}{_extra(c)}" for c in _citations(value)]
        else:
            lines.append(f"{name}: {show(value)}")
    return lines


def citation_changes(old: list[Any], new: list[Any]) -> list[str]:
    """Quotes removed, added, or edited in place (same source, one out and one in)."""
    before, after = _citations(old), _citations(new)
    removed = [c for c in before if c not in after]
    added = [c for c in after if c not in before]
    lines = []
    for gone in list(removed):
        same_source = [c for c in added if c.get("source") == gone.get("source")]
        if (
            len(same_source) == 1
            and isinstance(gone.get("quote"), str)
            and isinstance(same_source[0].get("quote"), str)
        ):
            edited = same_source[0]
            lines.append(f"quote from `{gone.get('source')}` changed: {word_diff(gone['quote'], edited['quote'])}")
            removed.remove(gone)
            added.remove(edited)
    lines += [f"quote removed from `{c.get('source')}`: {show(c.get('quote'))}" for c in removed]
    lines += [f"quote added from `{c.get('source')}`: {show(c.get('quote'))}{_extra(c)}" for c in added]
    return lines


def record_changes(
    kind: str, old: Records, new: Records, headline: Callable[[Record], str], renames: bool = False
) -> list[str]:
    """Markdown lines for records added, removed, renamed (when `renames`) and changed."""
    added = sorted(new.items.keys() - old.items.keys())
    removed = sorted(old.items.keys() - new.items.keys())
    renamed = find_renames(old.items, new.items, removed, added) if renames else []
    for before, after in renamed:
        removed.remove(before)
        added.remove(after)
    lines: list[str] = []
    for rid in added:
        lines.append(f"- added {kind} `{rid}` ({new.files[rid]}): {headline(new.items[rid])}")
        lines += [f"  - {line}" for line in all_fields(new.items[rid])]
    for rid in removed:
        lines.append(f"- removed {kind} `{rid}` ({old.files[rid]}): {headline(old.items[rid])}")
    for before, after in renamed:
        details = field_changes(old.items[before], new.items[after])
        lines.append(f"- renamed {kind} `{before}` → `{after}`" + (":" if details else " (nothing else changed)"))
        lines += [f"  - {line}" for line in details]
    for rid in sorted(old.items.keys() & new.items.keys()):
        details = field_changes(old.items[rid], new.items[rid])
        if old.files[rid] != new.files[rid]:
            details.insert(0, f"moved from {old.files[rid]} to {new.files[rid]}")
        if details:
            lines.append(f"- changed {kind} `{rid}`:")
            lines += [f"  - {line}" for line in details]
    return lines


def find_renames(
    old: Mapping[str, Record], new: Mapping[str, Record], removed: list[str], added: list[str]
) -> list[tuple[str, str]]:
    """Pairs (old id, new id) of the same record under a new id: equal apart from the id, or same quotes and a
    statement still mostly the same."""
    pairs: list[tuple[str, str]] = []
    free = list(added)
    for before in removed:
        match = next((after for after in free if _body(old[before]) == _body(new[after])), None)
        if match is None:
            match = next((after for after in free if _alike(old[before], new[after])), None)
        if match is not None:
            pairs.append((before, match))
            free.remove(match)
    return pairs


def _alike(old: Record, new: Record) -> bool:
    if not old.get("citations") or _citations(old.get("citations")) != _citations(new.get("citations")):
        return False
    before, after = old.get("statement"), new.get("statement")
    return isinstance(before, str) and isinstance(after, str) and similarity(before, after) >= RENAME_SIMILARITY


def _body(record: Record) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "id"}, sort_keys=True, default=str)


def _citations(value: Any) -> list[dict[str, Any]]:
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def _extra(citation: dict[str, Any]) -> str:
    rest = {k: v for k, v in citation.items() if k not in ("source", "quote")}
    return "" if not rest else " " + ", ".join(f"{k}: {show(v)}" for k, v in rest.items())


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _scalars(items: list[Any]) -> bool:
    return all(isinstance(item, (str, int, float, bool)) or item is None for item in items)


def _list_change(before: list[Any], after: list[Any]) -> str:
    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    parts = []
    if added:
        parts.append("added " + ", ".join(show(item) for item in added))
    if removed:
        parts.append("removed " + ", ".join(show(item) for item in removed))
    return "; ".join(parts) or f"reordered: {show(before)} → {show(after)}"
