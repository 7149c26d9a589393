"""`briefing build`: the build as one list of named, timed stages.

load and check -> analyse -> plan -> render -> exports -> feed -> search -> swap.
Everything is read and checked before anything is written; pages are written into
a staging directory that replaces the output only when every stage succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import stages
from .analysis import analyse
from .cache import cache_dir
from .incremental import Incremental, manifest_path
from .model import Problem
from .problems import Problems
from .project import Layout, collector_paused, load_and_check
from .render import write_pages
from .search import index_site
from .settings import BuildSettings

BACKGROUND_DELETE_PAGES = 2000
"""From this many pages on, the replaced output is deleted by a detached process."""


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
    incremental: bool = True
    """Reuse unchanged pages of the previous build of the same output (see incremental.py)."""


@dataclass(frozen=True, slots=True)
class StageTime:
    """How long one stage of a build took."""

    name: str
    seconds: float


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a successful build wrote."""

    output: Path
    pages: int
    seconds: float
    problems: tuple[Problem, ...]
    rendered: int | None = None
    """Pages rendered by this build (None when not incremental); the rest were reused."""
    stages: tuple[StageTime, ...] = ()
    """Each stage's time, in the order they ran."""


class Stopwatch:
    """Times the named stages of a build."""

    def __init__(self) -> None:
        self.times: list[StageTime] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage (also when it fails, for the record)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.times.append(StageTime(name, time.perf_counter() - started))


def build_site(options: BuildOptions) -> BuildResult:
    """Read and check all content, then write the site; the old output survives any failure."""
    from . import plugin  # Pelican: settings reader, Jinja environment, feed writer

    clock = Stopwatch()
    started = time.perf_counter()
    layout = Layout(options.root)
    with clock.stage("load and check"):
        problems = Problems()
        content, settings = load_and_check(options.root, options.settings, problems)
        problems.raise_if_failed(options.strict)
    # All content is read and checked; from here on we only write.
    with clock.stage("analyse"), collector_paused():
        analysis = analyse(content, cache_dir(options.root))
    output = (options.output or settings.output_path).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    # Every build records what its pages were rendered from, so that the next incremental
    # build can reuse them; a full build (--full) just does not look at the previous one.
    manifest = manifest_path(options.root, output)
    state = Incremental.open(manifest, output) if options.incremental else Incremental(manifest, output)
    try:
        with clock.stage("plan"):
            site_url, public_url = _site_urls(options, settings)
            site = stages.site_settings(site_url, public_url, content)
            overrides = plugin.pelican_overrides(options.root, content, site_url, public_url)
            engine = plugin.open_engine(settings.file, overrides, staging)
            stages.configure_theme(engine.env, site, content)
            plan = stages.plan(content, analysis, site)
        with clock.stage("render"):
            rendered = write_pages(
                engine.env, plan.pages, staging, stages.render_extra(plan), state, repr(site).encode()
            )
        with clock.stage("exports"):
            stages.write_exports(plan, staging, layout.theme)
        with clock.stage("feed"):
            plugin.write_feed(engine, stages.feed_entries(plan), staging, site)
        with clock.stage("search"):
            if options.search and settings.search:
                index_site(staging)
        with clock.stage("swap"):
            # The manifest describes the output about to be replaced: drop it first, so
            # that an interruption between the swap and the save costs a full build only.
            state.forget()
            _swap(staging, output, background=len(plan.pages) >= BACKGROUND_DELETE_PAGES)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if rendered.manifest is not None:
        state.save(rendered.manifest)
    seconds = time.perf_counter() - started
    fresh = rendered.rendered if options.incremental else None
    return BuildResult(output, rendered.pages, seconds, problems.items, fresh, tuple(clock.times))


def _site_urls(options: BuildOptions, settings: BuildSettings) -> tuple[str, str]:
    """Where the site is served and the base of its canonical links: the options, else the settings."""
    site_url = (options.site_url if options.site_url is not None else settings.site_url).rstrip("/")
    public_url = options.public_url if options.public_url is not None else settings.public_url
    return site_url, (public_url or site_url).rstrip("/")


def _swap(staging: Path, output: Path, background: bool = False) -> None:
    """Replace the output directory with the staging one in two renames."""
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(retired)
    staging.rename(output)
    if background:
        _remove_later(retired)
    else:
        shutil.rmtree(retired, ignore_errors=True)


def _remove_later(retired: Path) -> None:
    """Delete the replaced output in a detached process: at 10,000 sources (60,000
    directories) the deletion alone took 15-25 s, and nothing waits for it."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(retired)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(retired, ignore_errors=True)
