"""`briefing show SOURCE_ID`: a source's numbered clean paragraphs and removed blocks, to pick quotes from."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.content.load import Layout
from generator.ingest.seeds import SeedError, read_seed
from generator.model import ParsedSeed

_ID_LINE = re.compile(r"^id:\s*['\"]?(?P<id>[^'\"\s#]+)", re.MULTILINE)


def show_source(root: Path, name: str) -> tuple[str, int]:
    """The listing of a source (by id, or a seed file name) and the exit status (1: unknown, 2: unreadable)."""
    layout = Layout(root)
    seed_name = _seed_of(layout, name)
    if seed_name is None:
        known = sorted(path.stem for path in layout.sources.glob("*.yaml"))[:5]
        hint = f"known ids include {', '.join(known)}" if known else "ingest the article first (briefing ingest PATH)"
        message = f"error: no source '{name}' in content/sources/ and no seed file '{name}' in seeds/"
        return f"{message}\n    hint: {hint}", 1
    try:
        parsed = read_seed(layout.seeds / seed_name)
    except SeedError as exc:
        return f"error: {exc}", 2
    except OSError as exc:
        return f"error: cannot read seeds/{seed_name}: {exc.strerror}", 2
    return render_listing(name, parsed), 0


def _seed_of(layout: Layout, name: str) -> str | None:
    """The seed file of a source id (the sidecar named after it, else the one declaring it), or a seed's own name."""
    if "/" not in name and (layout.seeds / name).is_file():
        return name
    named = layout.sources / f"{name}.yaml"
    candidates = [named] if named.is_file() else []
    candidates += [path for path in sorted(layout.sources.glob("*.yaml")) if path != named]
    for path in candidates:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = _ID_LINE.search(text)
        if found is None or found["id"] != name:
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return None
        seed = data.get("seed") if isinstance(data, dict) else None
        return str(seed) if seed else None
    return None


def render_listing(name: str, parsed: ParsedSeed) -> str:
    """Numbered clean paragraphs (quotable), then the removed blocks (not quotable)."""
    lines = [
        f"{name}: seeds/{parsed.seed}, {len(parsed.paragraphs)} clean paragraphs, {len(parsed.removed)} removed blocks",
        "",
        "Clean paragraphs (a quote must lie inside one; its page anchor is #pN):",
    ]
    lines += [f"p{p.number} (line {p.line}): {p.text}" for p in parsed.paragraphs]
    lines += ["", "Removed blocks (not article text, cannot be quoted):"]
    lines += [f"line {r.line}, {r.kind} ({r.rule}): {r.text}" for r in parsed.removed] or ["(none)"]
    return "\n".join(lines)
