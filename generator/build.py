"""`briefing build`: check everything, render into a temporary directory, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .model import Problem
from .problems import Problems
from .project import load_content


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What `briefing build` was asked to do."""

    root: Path
    settings: Path | None = None
    output: Path | None = None
    site_url: str | None = None
    public_url: str | None = None
    search: bool = True
    strict: bool = False


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build wrote."""

    output: Path
    pages: int
    seconds: float
    problems: tuple[Problem, ...]


def build_site(options: BuildOptions) -> BuildResult:
    """Read and check all content, then write the site; the old output survives any failure."""
    from .plugin import run_pelican, settings_value

    started = time.perf_counter()
    problems = Problems()
    content = load_content(options.root, problems)
    problems.raise_if_failed(options.strict)
    # All content is read and checked; from here on we only write.
    settings_file = options.settings or options.root / "pelicanconf.py"
    output = (options.output or options.root / str(settings_value(settings_file, "OUTPUT_PATH"))).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        overrides: dict[str, object] = {
            "OUTPUT_PATH": str(staging),
            "BRIEFING_ROOT": str(options.root),
            "BRIEFING_CONTENT": content,
            "BRIEFING_SEARCH": options.search,
            "PATH": str(options.root / "content"),
            "THEME": str(options.root / "themes" / "briefing"),
        }
        if options.site_url is not None:
            overrides["SITEURL"] = options.site_url
        if options.public_url is not None:
            overrides["BRIEFING_PUBLIC_URL"] = options.public_url
        run_pelican(settings_file, overrides)
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(output, pages, time.perf_counter() - started, problems.items)


def _swap(staging: Path, output: Path) -> None:
    """Replace the output directory with the staging one in two renames."""
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
