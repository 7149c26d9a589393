"""Split a Markdown file into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.schema import validate
from generator.content.yamlio import Mapping, YamlError, parse_yaml
from generator.model import Location
from generator.problems import Problems

FENCE = "---"


@dataclass(frozen=True, slots=True)
class Document:
    """A Markdown file's checked front matter and its body."""

    path: Path
    meta: Mapping
    body: str
    body_line: int
    """1-based line of the file where the body starts."""


def read_document(path: Path, schema: str, problems: Problems) -> Document | None:
    """Read a Markdown file whose front matter must satisfy a schema."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(Location(path, 1), f"file is not valid UTF-8 (byte {exc.start})")
        return None
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        problems.error(
            Location(path, 1),
            "file has no front matter",
            "start the file with a line '---', the front matter, and another '---'",
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        problems.error(Location(path, 1), "front matter is not closed", "add a line '---' after the front matter")
        return None
    try:
        # A leading newline keeps YAML's line numbers equal to the file's.
        document = parse_yaml("\n" + "\n".join(lines[1:end]), path)
    except YamlError as exc:
        problems.error(exc.location, exc.message, exc.hint)
        return None
    found = validate(document, schema)
    problems.extend(found)
    if found:
        return None
    if not isinstance(document.data, Mapping):
        problems.error(Location(path, 2), "front matter must be a YAML mapping")
        return None
    return Document(path, document.data, "\n".join(lines[end + 1 :]), end + 2)
