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

from generator.analysis import Analysis, analyse, reanalyse_entities, reanalyse_facts
from generator.content.load import Base, LoadedContent, collector_paused, load_content_parts
from generator.content.patch import patch_content
from generator.model import Content, Level, Problem
from generator.problems import Problems
from generator.site import stages, urls
from generator.site.history import History, head_state
from generator.site.plan import Page, SiteIndex
from generator.site.plan_url import lazy_index, lazy_json_ld, plan_page
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
    """Pages planned (the open ones: a page is planned when it is asked for)."""
    phases: tuple[tuple[str, float], ...] = ()
    """CPU seconds of each phase: check, plan, render (the open pages)."""
    how: str = "full"
    """How the content was brought up to date: `full` (loaded again), `patched` (only the changed
    files re-checked), `kept` (only the theme or settings changed), or `full: <why not patched>`."""

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
    loaded: LoadedContent | None = None
    analysis: Analysis | None = None
    analysed: Base | None = None
    """The sources and entities `analysis` was made from (it is kept while the content has errors)."""
    index: SiteIndex | None = None
    env: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    pages: dict[str, Page | None] = field(default_factory=dict)
    """save_as path to the Page planned there (None: no page there), planned on first request."""
    rendered: dict[str, str] = field(default_factory=dict)
    """save_as path to the HTML rendered from this state."""

    @property
    def content(self) -> Content | None:
        return self.loaded.content if self.loaded is not None else None


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
        self._history_read: tuple[str, History] | None = None

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
        """The current content model (also when it has errors)."""
        return self._state.content

    @property
    def analysis(self) -> Analysis | None:
        """The analysis of the current content (None while it has errors)."""
        return self._state.analysis if self._state.env is not None else None

    def reload(self, changed: Iterable[Path] = (), watched: Iterable[str] = ()) -> Reloaded:
        """Bring the content up to date with what changed, re-plan and re-render the watched pages."""
        started, clock = time.perf_counter(), _PhaseClock()
        changed = list(changed)
        with self._lock:
            old = self._state
            problems = Problems()
            loaded, how = self._update(old, changed, problems)
            new = _State(loaded=loaded, problems=loaded.problems)
            clock.lap("check")
            if not any(p.level is Level.ERROR for p in loaded.problems):
                self._plan(new, old)
            else:  # kept for when the errors are fixed (see _analyse)
                new.analysis, new.analysed = old.analysis, old.analysed
            self._state = new
            watched = sorted(set(watched))
            for path in watched:
                self._page(new, path)
            clock.lap("plan")
            # A stylesheet, script or image changes no HTML, but the page still looks different.
            assets = any(self._is_asset(path) for path in changed)
            changed_pages = frozenset(
                path for path in watched if assets or self._html(old, path) != self._html(new, path)
            )
            clock.lap("render")
        return Reloaded(
            time.perf_counter() - started,
            clock.total,
            new.problems,
            changed_pages,
            sum(page is not None for page in new.pages.values()),
            clock.phases,
            how,
        )

    def _update(self, old: _State, changed: list[Path], problems: Problems) -> tuple[LoadedContent, str]:
        """The content after the change: kept, patched file by file, or loaded again."""
        if old.loaded is None or not changed:
            return load_content_parts(self.root, problems), "full"
        if all(self._plan_only(path) for path in changed):
            return old.loaded, "kept"
        patched = patch_content(old.loaded, changed, problems)
        if isinstance(patched, LoadedContent):
            return patched, "patched"
        return load_content_parts(self.root, Problems()), f"full: {patched}"

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

    def _plan(self, state: _State, old: _State) -> None:
        """What every page is planned from (analysis, index, theme), with the build's own stages."""
        from generator import plugin  # Pelican: settings reader and the theme's Jinja environment

        assert state.loaded is not None
        content = state.loaded.content
        settings_file = self.settings_file if self.settings_file.is_file() else None
        overrides = plugin.pelican_overrides(self.root, content, "", "")
        engine = plugin.open_engine(settings_file, overrides, self.scratch / "unused")
        engine.env.bytecode_cache = self._templates
        site = stages.site_settings("", "", content)
        with collector_paused():
            state.analysis = self._analyse(state, old)
            stages.configure_theme(engine.env, site, content, state.analysis, self._history())
            state.index = lazy_index(content, state.analysis, site.site_url)
        state.env = engine.env
        state.extra = {"json_ld_by_slug": lazy_json_ld(state.index, site)}

    def _analyse(self, state: _State, old: _State) -> Analysis:
        """A new analysis, or the old one updated when the sources it was made from are unchanged."""
        assert state.loaded is not None
        content, base = state.loaded.content, state.loaded.base
        previous, made_from = old.analysis, old.analysed
        state.analysed = base
        if previous is None or made_from is None or made_from.sources is not base.sources:
            return analyse(content, cache_dir(self.root))
        # Copies and source labels read only the sources: they still hold.
        if made_from.entities is base.entities:
            return reanalyse_facts(previous, content)
        return reanalyse_entities(previous, content)

    def _history(self) -> History:
        """The git history, read again only when HEAD moved (see history.head_state)."""
        key = head_state(self.root)
        if key is None or self._history_read is None or self._history_read[0] != key:
            history = stages.read_content_history(self.root)
            self._history_read = None if key is None else (key, history)
            return history
        return self._history_read[1]

    @staticmethod
    def _page(state: _State, save_as: str) -> Page | None:
        """The page at `save_as`, planned on first request."""
        if save_as in state.pages:
            return state.pages[save_as]
        page = None
        if state.loaded is not None and state.analysis is not None and state.index is not None:
            path = save_as.removesuffix("index.html")
            page = plan_page(state.loaded.content, state.analysis, state.index, path)
            if page is not None and urls.save_as(page.path) != save_as:
                page = None
        state.pages[save_as] = page
        return page

    @staticmethod
    def _html(state: _State, save_as: str) -> str | None:
        if state.env is None:
            return None
        known = state.rendered.get(save_as)
        if known is not None:
            return known
        page = Preview._page(state, save_as)
        if page is None:
            return None
        html = render_page(state.env, page, state.extra)
        state.rendered[save_as] = html
        return html
