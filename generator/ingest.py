"""`briefing ingest`: copy new raw articles into seeds/ and draft their sidecars for review."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .extraction.extract import ExtractError, extract_bytes, is_html
from .extraction.fetch import FetchError, fetch, is_url
from .extraction.result import Extraction
from .model import ParsedSeed
from .project import Layout
from .sources import SeedError, parse_seed

_SUMS_LINE = re.compile(r"^(?P<hash>[0-9a-f]{64})\s+\*?(?P<name>.+)$")
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
    sums = _read_sums(layout.seeds / "SHA256SUMS")
    taken_ids = {p.stem for p in layout.sources.glob("*.yaml")}
    next_index = _next_index(layout.seeds)
    plans: list[_Plan] = []
    for path in paths:
        plan = _plan(path, sums, taken_ids, next_index + len(plans))
        sums[plan.parsed.sha256] = plan.seed
        taken_ids.add(plan.source_id)
        plans.append(plan)
    return [_write(layout, plan) for plan in plans]


def _plan(path: Path | str, sums: dict[str, str], taken_ids: set[str], index: int) -> _Plan:
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
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"{path}: cannot read: {exc.strerror}") from exc
        suffix = path.suffix.lower() if is_html(path) else ".txt"
    digest = hashlib.sha256(raw).hexdigest()
    if digest in sums:
        raise IngestError(f"{path}: already ingested as seeds/{sums[digest]} (same SHA-256); nothing was written")
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
    seed_path = layout.seeds / plan.seed
    sidecar = layout.sources / f"{plan.source_id}.yaml"
    if seed_path.exists() or sidecar.exists():
        raise IngestError(f"refusing to overwrite {seed_path if seed_path.exists() else sidecar}")
    layout.sources.mkdir(parents=True, exist_ok=True)
    with seed_path.open("xb") as handle:
        handle.write(plan.raw)
    sums_path = layout.seeds / "SHA256SUMS"
    sums = _read_sums(sums_path)
    sums[plan.parsed.sha256] = plan.seed
    lines = sorted(f"{digest}  {name}\n" for digest, name in sums.items())
    sums_path.write_text("".join(sorted(lines, key=lambda line: line.split()[1])), encoding="utf-8")
    sidecar.write_text(
        draft_sidecar(plan.source_id, plan.parsed, plan.found, plan.url, plan.retrieved), encoding="utf-8"
    )
    return Ingested(plan.seed, sidecar, plan.source_id)


def _read_sums(path: Path) -> dict[str, str]:
    sums: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _SUMS_LINE.match(line.strip())
            if match:
                sums[match.group("hash")] = match.group("name")
    return sums


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
