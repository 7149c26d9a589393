"""What `briefing serve` shows: the checked content and its planned pages in memory, rendered on request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from generator.analysis import analyse
from generator.content.load import collector_paused, load_content
from generator.model import Content, Level, Problem
from generator.problems import Problems
from generator.site import stages, urls
from generator.site.render import render_page
from generator.store.cache import cache_dir

CODE_FREE_DIRS = ("themes",)
"""Inputs whose change needs a new plan but not a new content model."""


@dataclass(frozen=True, slots=True)
class Reloaded:
    """What one reload found."""

    seconds: float
    cpu_seconds: float
    """CPU time of the reloading thread: the cost of a reload however busy the machine is."""
    problems: tuple[Problem, ...]
    changed_pages: frozenset[str]
    """Watched pages (save_as paths) whose HTML differs from before (all of them when the state flipped)."""
    pages: int
    phases: tuple[tuple[str, float], ...] = ()
    """CPU seconds of each phase: check, plan, render (the open pages)."""

    @property
    def failed(self) -> bool:
        """Whether the content has errors (the preview shows them instead of pages)."""
        return any(p.level is Level.ERROR for p in self.problems)


class _PhaseClock:
    """CPU time of the reloading thread, phase by phase."""

    def __init__(self) -> None:
        self._start = self._last = time.thread_time()
        self._phases: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        """End a phase."""
        now = time.thread_time()
        self._phases.append((name, now - self._last))
        self._last = now

    @property
    def phases(self) -> tuple[tuple[str, float], ...]:
        """The phases so far."""
        return tuple(self._phases)

    @property
    def total(self) -> float:
        """CPU seconds since the clock started."""
        return self._last - self._start


@dataclass
class _State:
    content: Content | None = None
    pages: dict[str, Any] = field(default_factory=dict)
    """save_as path to Page."""
    env: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    rendered: dict[str, str] = field(default_factory=dict)
    """save_as path to the HTML rendered from this state."""


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory between reloads (Jinja keys them by name and source checksum)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket if this template source was compiled before."""
        known = self._compiled.get(bucket.key)
        if known is not None:
            bucket.bytecode_from_string(known)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a newly compiled template."""
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """The site as the preview server serves it; reloaded when an input changes."""

    def __init__(self, root: Path, settings_file: Path, scratch: Path) -> None:
        self.root = root
        self.settings_file = settings_file
        self.scratch = scratch
        self._state = _State()
        self._lock = threading.RLock()
        self._templates = CompiledTemplates()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems of the current content (errors mean no page is shown)."""
        return self._state.problems

    @property
    def failed(self) -> bool:
        """Whether the current content has errors."""
        return any(p.level is Level.ERROR for p in self._state.problems)

    @property
    def content(self) -> Content | None:
        """The last content that checked clean."""
        return self._state.content

    def reload(self, changed: Iterable[Path] = (), watched: Iterable[str] = ()) -> Reloaded:
        """Re-check what changed, re-plan the pages and re-render the watched ones."""
        started, clock = time.perf_counter(), _PhaseClock()
        changed = list(changed)
        with self._lock:
            old = self._state
            reuse = old.content is not None and bool(changed) and all(self._plan_only(path) for path in changed)
            problems = Problems()
            content = old.content if reuse and old.content is not None else load_content(self.root, problems)
            if reuse:
                problems.extend(old.problems)
            new = _State(problems=problems.items)
            clock.lap("check")
            if not problems.has_errors():
                self._plan(new, content)
            clock.lap("plan")
            self._state = new
            watched = sorted(set(watched))
            # A stylesheet, script or image changes no HTML, but the page still looks different.
            assets = any(self._is_asset(path) for path in changed)
            changed_pages = frozenset(
                path for path in watched if assets or self._html(old, path) != self._html(new, path)
            )
            clock.lap("render")
        return Reloaded(
            time.perf_counter() - started, clock.total, new.problems, changed_pages, len(new.pages), clock.phases
        )

    def render(self, save_as: str) -> str | None:
        """HTML of a planned page (None if no such page or the content has errors)."""
        with self._lock:
            return self._html(self._state, save_as)

    def _plan_only(self, path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return relative.parts[:1] == CODE_FREE_DIRS or relative.name.endswith("conf.py")

    def _is_asset(self, path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return relative.parts[:1] == ("themes",) and "static" in relative.parts

    def _plan(self, state: _State, content: Content) -> None:
        """Plan every page with the build's own stages (analyse, plan), served from the site root."""
        from generator import plugin  # Pelican: settings reader and the theme's Jinja environment

        settings_file = self.settings_file if self.settings_file.is_file() else None
        overrides = plugin.pelican_overrides(self.root, content, "", "")
        engine = plugin.open_engine(settings_file, overrides, self.scratch / "unused")
        engine.env.bytecode_cache = self._templates
        site = stages.site_settings("", "", content)
        with collector_paused():
            analysis = analyse(content, cache_dir(self.root))
        stages.configure_theme(engine.env, site, content, analysis)
        plan = stages.plan(content, analysis, site)
        state.content = content
        state.env = engine.env
        state.extra = stages.render_extra(plan)
        state.pages = {urls.save_as(page.path): page for page in plan.pages}

    @staticmethod
    def _html(state: _State, save_as: str) -> str | None:
        if state.env is None:
            return None
        known = state.rendered.get(save_as)
        if known is not None:
            return known
        page = state.pages.get(save_as)
        if page is None:
            return None
        html = render_page(state.env, page, state.extra)
        state.rendered[save_as] = html
        return html
