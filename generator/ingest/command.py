"""`briefing ingest`: copy new raw articles into seeds/ and draft their sidecars for review."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.checksums import SUMS_NAME, append_sums, read_sums
from generator.content.inventory import seed_files
from generator.content.load import Layout
from generator.ingest.extraction.extract import ExtractError, extract_bytes, is_html
from generator.ingest.extraction.fetch import FetchError, fetch, is_url
from generator.ingest.extraction.result import Extraction
from generator.ingest.seeds import SeedError, parse_seed
from generator.model import ParsedSeed

_SEED_NAME = re.compile(r"^(?P<index>\d{3,})_")


class IngestError(Exception):
    """An article that cannot be ingested; nothing was written."""


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingesting one article wrote."""

    seed: str
    sidecar: Path
    source_id: str


@dataclass(frozen=True, slots=True)
class _Plan:
    raw: bytes
    parsed: ParsedSeed
    found: Extraction
    seed: str
    source_id: str
    url: str | None = None
    retrieved: str | None = None


def ingest(root: Path, paths: Sequence[Path | str]) -> list[Ingested]:
    """Check every article first (fetching URLs once), then copy them all; refuse to overwrite anything."""
    layout = Layout(root)
    sums = read_sums(layout.seeds / SUMS_NAME)
    if not sums.exists and seed_files(layout.seeds):
        raise IngestError(
            f"{layout.seeds / SUMS_NAME} is missing, so the seeds already there cannot be verified; "
            "restore it (git checkout -- seeds/SHA256SUMS) before ingesting; nothing was written"
        )
    known = {line.digest: f"already ingested as seeds/{line.name} (same SHA-256)" for line in sums.lines.values()}
    taken_ids = {p.stem for p in layout.sources.glob("*.yaml")}
    next_index = _next_index(layout.seeds)
    plans: list[_Plan] = []
    for path in paths:
        plan = _plan(path, known, taken_ids, next_index + len(plans))
        known[plan.parsed.sha256] = f"same bytes (SHA-256) as {path}, given earlier in this call"
        taken_ids.add(plan.source_id)
        plans.append(plan)
    return [_write(layout, plan) for plan in plans]


def _read_article(path: Path) -> bytes:
    """The bytes of an article file, or a clear refusal (a folder, an unreadable file)."""
    if path.is_dir():
        raise IngestError(f"{path}: is a folder, not an article file; nothing was written")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror}; nothing was written") from exc


def _plan(path: Path | str, known: dict[str, str], taken_ids: set[str], index: int) -> _Plan:
    url = retrieved = None
    if isinstance(path, str) and is_url(path):
        try:
            fetched = fetch(path)
        except FetchError as exc:
            raise IngestError(f"{exc}; nothing was written") from exc
        raw, url, retrieved = fetched.raw, fetched.url, fetched.retrieved
        suffix = ".html" if fetched.is_html else ".txt"
    else:
        path = Path(path)
        raw = _read_article(path)
        suffix = path.suffix.lower() if is_html(path) else ".txt"
    digest = hashlib.sha256(raw).hexdigest()
    if digest in known:
        raise IngestError(f"{path}: {known[digest]}; nothing was written")
    seed = f"{index:03d}_{digest[:16]}{suffix}"
    try:
        parsed = parse_seed(raw, Path(seed))
        found = extract_bytes(raw, seed, url)
    except (SeedError, ExtractError) as exc:
        line = exc.location.line if isinstance(exc, SeedError) else exc.line
        where = f"{path}:{line}" if line else str(path)
        raise IngestError(
            f"{where}: {exc.message}; nothing was written" + (f" (hint: {exc.hint})" if exc.hint else "")
        ) from exc
    return _Plan(raw, parsed, found, seed, _unique_id(_draft_id(parsed, found), taken_ids), url, retrieved)


def _write(layout: Layout, plan: _Plan) -> Ingested:
    """Write the seed, append its checksum and write the sidecar; undo all three if one fails."""
    seed_path = layout.seeds / plan.seed
    sidecar = layout.sources / f"{plan.source_id}.yaml"
    if os.path.lexists(seed_path) or os.path.lexists(sidecar):
        raise IngestError(f"refusing to overwrite {seed_path if os.path.lexists(seed_path) else sidecar}")
    sums_path = layout.seeds / SUMS_NAME
    sums_size = sums_path.stat().st_size if sums_path.exists() else None
    created: list[Path] = []
    try:
        layout.sources.mkdir(parents=True, exist_ok=True)
        with seed_path.open("xb") as handle:
            created.append(seed_path)
            handle.write(plan.raw)
        # Append only: the lines already there, their comments, case and order stay as they are.
        append_sums(sums_path, [(plan.parsed.sha256, plan.seed)])
        with sidecar.open("x", encoding="utf-8") as text:
            created.append(sidecar)
            text.write(draft_sidecar(plan.source_id, plan.parsed, plan.found, plan.url, plan.retrieved))
    except BaseException as exc:  # a full disk, or Ctrl-C between two writes
        _undo(created, sums_path, sums_size)
        if not isinstance(exc, OSError):
            raise
        raise IngestError(
            f"cannot write {exc.filename or seed_path}: {exc.strerror}; seeds/ and content/sources/ were left as they were"
        ) from exc
    return Ingested(plan.seed, sidecar, plan.source_id)


def _undo(created: list[Path], sums_path: Path, sums_size: int | None) -> None:
    """Remove what a failed write created and cut SHA256SUMS back to its old length."""
    for path in created:
        with contextlib.suppress(OSError):
            path.unlink()
    with contextlib.suppress(OSError):
        if sums_size is None:
            sums_path.unlink()
        else:
            os.truncate(sums_path, sums_size)


def _next_index(seed_dir: Path) -> int:
    indexes = [int(m.group("index")) for p in seed_dir.glob("*") if (m := _SEED_NAME.match(p.name))]
    return max(indexes, default=-1) + 1


def _draft_id(parsed: ParsedSeed, found: Extraction) -> str:
    base = _slug(found.outlet or found.original_publisher or "source")
    return f"{base}-{found.published}" if found.published else f"{base}-{parsed.sha256[:8]}"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "source"


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _quoted(value: str | None) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


SIDECAR_MODELINE = "# yaml-language-server: $schema=../../schemas/source.schema.json"
"""Points VS Code and other yaml-language-server editors at the sidecar schema (see CONTRIBUTING)."""


def draft_sidecar(
    source_id: str, parsed: ParsedSeed, found: Extraction, url: str | None = None, retrieved: str | None = None
) -> str:
    """YAML text of a draft sidecar filled from the extraction (what `briefing extract` shows)."""
    d = found
    note = (
        f"Detected from the text: {d.published_text!r}."
        if d.published and d.published_text
        else "No date found in the text: give the date or say why it is unknown."
    )
    authors = "[" + ", ".join(_quoted(a) for a in d.authors) + "]"
    lines = [
        SIDECAR_MODELINE,
        "# Draft written by `briefing ingest` from what the parser detected.",
        "# Check every field against the article, fill what it left empty,",
        "# then delete the needs_review line. Schema: schemas/source.schema.json",
        f"id: {source_id}",
        f"seed: {parsed.seed}",
        f"title: {_quoted(d.title)}",
        f"outlet: {_quoted(d.outlet)}",
        f"original_publisher: {_quoted(d.original_publisher)}",
        f"authors: {authors}",
        f"published: {_quoted(d.published)}",
        f"published_note: {_quoted(note)}",
        f"url: {_quoted(url)}",
        *([f"retrieved: {_quoted(retrieved)}"] if retrieved else []),
        f"language: {d.language or 'en'}",
        "derived_from: []",
        f"notes: {_quoted(_notes(parsed))}",
        "needs_review: true",
    ]
    return "\n".join(lines) + "\n"


def _notes(parsed: ParsedSeed) -> str:
    removed = [r for r in parsed.removed if r.kind == "furniture"]
    parts = [f"{len(parsed.paragraphs)} paragraphs of article text."]
    if removed:
        kinds = sorted({r.reason for r in removed})
        parts.append(f"Removed as page furniture: {', '.join(kinds)}.")
    if parsed.detected.dateline:
        parts.append(f"Dateline: {parsed.detected.dateline}.")
    if is_html(parsed.seed):
        parts.append("A saved web page: the paragraphs are the extracted article text.")
    return " ".join(parts)
