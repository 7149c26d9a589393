"""`briefing extract`: what ingest would draft for each file, as text for people or as JSON."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from .extract import ExtractError, extract_bytes
from .result import Extraction

PREVIEW = 100
"""Characters of a removed block shown in the human report."""


def run_extract(paths: list[Path], as_json: bool) -> int:
    """Extract every file, print the results; 1 when any file could not be read."""
    results: list[Extraction] = []
    failed = False
    for path in paths:
        try:
            found = extract_bytes(path.read_bytes(), str(path))
            results.append(found)
            if not found.paragraphs:
                print(f"{path}: warning: no article text found; ingest would refuse this file", file=sys.stderr)
        except OSError as exc:
            print(f"{path}: error: cannot read: {exc.strerror}", file=sys.stderr)
            failed = True
        except ExtractError as exc:
            hint = f"\n  hint: {exc.hint}" if exc.hint else ""
            print(f"{path}:{exc.line}: error: {exc.message}{hint}", file=sys.stderr)
            failed = True
    if as_json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(human(r) for r in results))
    return 1 if failed else 0


def human(found: Extraction) -> str:
    """A readable report of one extraction."""
    published = found.published or "not found"
    if found.published and found.published_text:
        published += f" (from {found.published_text!r})"
    lines = [
        found.path,
        f"  title:              {found.title or 'not found'}",
        f"  published:          {published}",
        f"  authors:            {'; '.join(found.authors) or 'not found'}",
        f"  outlet:             {found.outlet or 'not found'}",
        f"  original publisher: {found.original_publisher or '-'}",
        f"  language:           {found.language or 'not found'}",
        f"  paragraphs ({len(found.paragraphs)}):",
    ]
    for number, text in enumerate(found.paragraphs, start=1):
        lines.append(textwrap.fill(text, width=100, initial_indent=f"  {number:>4}. ", subsequent_indent=" " * 8))
    lines.append(f"  removed ({len(found.removed)}):")
    for removed in found.removed:
        where = f"line {removed.line}, " if removed.line else ""
        text = removed.text if len(removed.text) <= PREVIEW else removed.text[: PREVIEW - 1] + "…"
        lines.append(f"    - {where}{removed.reason}: {text}")
    return "\n".join(lines)
