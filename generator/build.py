"""`briefing build`: the build as one list of named, timed stages.

load and check -> analyse -> plan -> render -> exports -> feed -> search -> swap.
Everything is read and checked before anything is written; pages are written into
a staging directory that replaces the output only when every stage succeeded.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.analysis import analyse
from generator.content.load import Layout, collector_paused, load_and_check
from generator.model import Level, Location, Problem
from generator.problems import BuildFailed, Problems
from generator.settings import BuildSettings
from generator.site import stages
from generator.site.incremental import Incremental, manifest_path
from generator.site.render import write_pages
from generator.site.search import SearchIndexError, index_site
from generator.site.search_records import plan_shards
from generator.site.urls import site_url_problem
from generator.store.cache import cache_dir

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
    from generator import plugin  # Pelican: settings reader, Jinja environment, feed writer

    clock = Stopwatch()
    started = time.perf_counter()
    layout = Layout(options.root)
    with clock.stage("load and check"):
        problems = Problems()
        content, settings = load_and_check(options.root, options.settings, problems)
        problems.raise_if_failed(options.strict)
    # All content is read and checked; from here on we only write.
    _check_site_url(options, settings)
    output = (options.output or settings.output_path).resolve()
    _check_output(options.root, output)
    with clock.stage("analyse"), collector_paused():
        analysis = analyse(content, cache_dir(options.root))
    # Every build records what its pages were rendered from, so that the next incremental
    # build can reuse them; a full build (--full) just does not look at the previous one.
    manifest = manifest_path(options.root, output)
    state = Incremental.open(manifest, output) if options.incremental else Incremental(manifest, output)
    staging = _open_staging(output)
    try:
        with clock.stage("plan"):
            site_url, public_url = _site_urls(options, settings)
            site = stages.site_settings(site_url, public_url, content)
            overrides = plugin.pelican_overrides(options.root, content, site_url, public_url)
            engine = plugin.open_engine(settings.file, overrides, staging)
            stages.configure_theme(engine.env, site, content, analysis)
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
                # An incremental build reuses the search bundles whose inputs are unchanged.
                index_site(staging, plan_shards(plan.content), output if options.incremental else None)
        with clock.stage("swap"):
            # The manifest describes the output about to be replaced: drop it first, so
            # that an interruption between the swap and the save costs a full build only.
            state.forget()
            _swap(staging, output, background=len(plan.pages) >= BACKGROUND_DELETE_PAGES)
    except (OSError, SearchIndexError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _write_failed(output, exc) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if rendered.manifest is not None:
        with contextlib.suppress(OSError):  # the manifest only saves work: without it the next build renders all
            state.save(rendered.manifest)
    seconds = time.perf_counter() - started
    fresh = rendered.rendered if options.incremental else None
    return BuildResult(output, rendered.pages, seconds, problems.items, fresh, tuple(clock.times))


def _open_staging(output: Path) -> Path:
    """A new staging folder beside the output, after removing what killed builds left there."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_debris(output)
        return Path(tempfile.mkdtemp(prefix=f".{output.name}.building-{os.getpid()}-", dir=output.parent))
    except OSError as exc:
        raise _write_failed(output, exc) from exc


def _site_urls(options: BuildOptions, settings: BuildSettings) -> tuple[str, str]:
    """Where the site is served and the base of its canonical links: the options, else the settings."""
    site_url = (options.site_url if options.site_url is not None else settings.site_url).rstrip("/")
    public_url = options.public_url if options.public_url is not None else settings.public_url
    return site_url, (public_url or site_url).rstrip("/")


def _check_site_url(options: BuildOptions, settings: BuildSettings) -> None:
    """Refuse a site URL that is not an http(s) address or a root path (e.g. `javascript:`, `//host`)."""
    value = options.site_url if options.site_url is not None else settings.site_url
    problem = site_url_problem(value)
    if problem is not None:
        where = Location(Path("--site-url")) if options.site_url is not None else Location(settings.file or Path("."))
        raise BuildFailed([Problem(where, Level.ERROR, problem, "set SITEURL (or --site-url) to the site's address")])


def remove_debris(output: Path) -> None:
    """Delete staging and retired folders of this output left by builds that were killed.

    Their names carry the building process's id; a folder whose process still runs
    belongs to a concurrent build and is left alone.
    """
    for kind in ("building", "old"):
        for folder in output.parent.glob(f".{glob.escape(output.name)}.{kind}-*"):
            match = re.match(r"(\d+)", folder.name.rsplit(f".{kind}-", 1)[1])
            if match is not None and _running(int(match.group(1))):
                continue
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _check_output(root: Path, output: Path) -> None:
    """Refuse an output folder that would replace the project or one of its inputs."""
    root = root.resolve()
    inputs = [root / name for name in ("seeds", "content", "themes", "schemas", "generator")]
    clash = output == root or root.is_relative_to(output) or any(output.is_relative_to(i) for i in inputs)
    if clash or (os.path.lexists(output) and not output.is_dir()):
        what = "is not a folder" if not clash else "would replace the project or one of its inputs"
        raise BuildFailed(
            [
                Problem(
                    Location(output),
                    Level.ERROR,
                    f"output folder {output} {what}",
                    "build into a folder of its own, e.g. --output output",
                )
            ]
        )


def _write_failed(output: Path, exc: Exception) -> BuildFailed:
    """The problem of a build that could not write its site (disk full, read-only, ...)."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        reason = f"cannot write the site: {exc.strerror or exc}{where}"
    else:
        reason = f"cannot index the site for search: {exc}"
    hint = {
        errno.ENOSPC: "free disk space, then build again",
        errno.EROFS: "the file system is read-only: build into a writable folder with --output",
        errno.EACCES: "make the folder writable, or build into another with --output",
    }.get(getattr(exc, "errno", None) or 0, "fix the cause, then build again")
    return BuildFailed([Problem(Location(output), Level.ERROR, reason, hint)])


def _swap(staging: Path, output: Path, background: bool = False) -> None:
    """Replace the output directory with the staging one in two renames."""
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(retired)
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)  # put the old site back before reporting
        raise
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
