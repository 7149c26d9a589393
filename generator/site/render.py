"""Render planned pages to files, on every core when there are many."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections import ChainMap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, meta

from generator.site import urls
from generator.site.fragments import FactItems
from generator.site.incremental import (
    Digester,
    Entry,
    Incremental,
    Manifest,
    Recorder,
    RecordingMapping,
    Rendered,
    Undigestible,
    code_digest,
    lookups_digest,
    place,
)
from generator.site.lazypages import templates_of
from generator.site.plan import Page
from generator.workers import WorkerPool, worth_it

PARALLEL_THRESHOLD = 400
"""Below this many pages a second process costs more than it saves."""

CHUNK_PAGES = 500
"""Pages per task handed to a worker: small enough to balance the two workers at the end."""

BULK_KINDS = frozenset({"source", "fact", "entity"})
"""Kinds of the per-item pages, which views.plan_site puts after the site-wide ones."""

_WORKER: dict[str, Any] = {}
"""Per-worker state, inherited by the forked children (set before the pool starts)."""


_PRESERVED = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")


def render_page(env: Environment, page: Page, extra: dict[str, Any]) -> str:
    """HTML of one page, without the templates' indentation."""
    template = env.get_template(page.template)
    return strip_indentation(template.render(page=page, **extra, **page.context))


def strip_indentation(html: str) -> str:
    """Drop leading whitespace of lines, except inside <pre> and <textarea> where it is content."""
    parts = _PRESERVED.split(html)
    # split() with two groups yields: text, whole match, tag name, text, ...
    return "".join(part if index % 3 else _INDENT.sub("\n", part) for index, part in enumerate(parts) if index % 3 != 2)


def write_pages(
    env: Environment,
    pages: Sequence[Page],
    output: Path,
    extra: dict[str, Any],
    incremental: Incremental | None = None,
    salt: bytes = b"",
) -> Rendered:
    """Render and write every page; return how many were written and rendered, and the new manifest.

    With `incremental`, pages whose inputs are unchanged since the build that
    `incremental` describes are hard-linked from that build's output instead;
    `salt` is what else the pages depend on (settings, site URL).
    """
    # Templates do not change during a build: skip Jinja's per-lookup mtime check
    # (every page looks up its template and the partials it imports).
    env.auto_reload = False
    share_globals(env, {page.template for page in pages})
    # Everything that exists now (the content model, the analysis, the planned
    # pages) lives until the end of the build: move it out of the cyclic
    # collector's reach, so that its collections neither walk it (at 10,000
    # sources, seconds per full collection) nor, in forked workers, touch and so
    # copy every inherited memory page.
    gc.freeze()
    try:
        if incremental is None:
            _run(_Job(env, pages, output, extra))
            return Rendered(len(pages), len(pages))
        return _write_incremental(env, pages, output, extra, incremental, salt)
    finally:
        gc.unfreeze()


def share_globals(env: Environment, names: Iterable[str]) -> None:
    """Give these templates, and those they extend, include or import, the environment's globals dict itself.

    A loaded template's globals are a ChainMap of its own (empty) dict and the
    environment's; rendering copies them into each page's context, and every
    `{% from ... import %}` compares their keys, which on a ChainMap costs a Python
    call per key: a fifth of a fact page's render time. The environment's dict holds
    the same values, so lookups find the same objects.
    """
    seen: set[str] = set()
    todo = sorted(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        template = env.get_template(name)
        own = template.globals
        if isinstance(own, ChainMap) and len(own.maps) == 2 and not own.maps[0] and own.maps[1] is env.globals:
            template.globals = env.globals
        if env.loader is not None:
            source = env.loader.get_source(env, name)[0]
            todo.extend(n for n in meta.find_referenced_templates(env.parse(source)) if n is not None)


def _write_incremental(
    env: Environment, pages: Sequence[Page], output: Path, extra: dict[str, Any], state: Incremental, salt: bytes
) -> Rendered:
    recorder = Recorder()
    mappings: dict[str, dict[Any, Any]] = {}
    saved_globals = dict(env.globals)
    recording_extra = dict(extra)
    for prefix, namespace in (("g:", env.globals), ("x:", recording_extra)):
        for name, value in list(namespace.items()):
            if isinstance(value, dict):
                mappings[prefix + name] = value
                namespace[name] = RecordingMapping(prefix + name, value, recorder)
    memoised = [value for value in saved_globals.values() if isinstance(value, FactItems)]
    for items in memoised:
        items.recorder = recorder
    try:
        global_digest = _global_digest(env, saved_globals, extra, salt, Digester())
        previous = state.previous if global_digest == state.previous_global else {}
        job = _Job(env, pages, output, recording_extra, recorder, mappings, previous, state.previous_output)
        results = _run(job)
    finally:
        env.globals.clear()
        env.globals.update(saved_globals)
        for items in memoised:
            items.recorder = None
    entries: dict[str, Entry] = {}
    rendered = 0
    for _index, path, entry, was_rendered in results:
        if entry is not None:
            entries[path] = entry
        rendered += was_rendered
    return Rendered(len(pages), rendered, Manifest(global_digest, entries))


def _global_digest(
    env: Environment, env_globals: dict[str, Any], extra: dict[str, Any], salt: bytes, digester: Digester
) -> str:
    """Everything a page can read besides its own Page and the recorded mapping entries."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(salt)
    digest.update(code_digest())
    for name in sorted(env.list_templates()):
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        digest.update(name.encode() + b"\x00" + source.encode("utf-8", "surrogatepass") + b"\x00")
    for label, namespace in (
        ("globals", env_globals),
        ("extra", extra),
        ("filters", env.filters),
        ("tests", env.tests),
    ):
        digest.update(label.encode())
        for name in sorted(namespace):
            value = namespace[name]
            digest.update(name.encode() + b"=")
            if isinstance(value, dict):
                digest.update(b"<recorded>")
            elif callable(value):
                digest.update(f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}".encode())
            else:
                try:
                    digest.update(digester.digest(value))
                except Undigestible:
                    digest.update(repr(value).encode())
    for option in ("autoescape", "trim_blocks", "lstrip_blocks", "keep_trailing_newline", "newline_sequence"):
        digest.update(f"{option}={getattr(env, option)!r};".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class _Job:
    """What the workers need; forked children inherit it without pickling."""

    env: Environment
    pages: Sequence[Page]
    output: Path
    extra: dict[str, Any]
    recorder: Recorder | None = None
    """Set for incremental builds: records the mapping entries each page reads."""
    mappings: dict[str, dict[Any, Any]] = field(default_factory=dict)
    previous: dict[str, Entry] = field(default_factory=dict)
    previous_output: Path | None = None


_Result = tuple[int, str, Entry | None, bool]
"""Page index, output path, its new manifest entry (None: do not remember), whether it was rendered."""


def _run(job: _Job) -> list[_Result]:
    """Process every page, on the forked workers when there are many."""
    total = len(job.pages)
    _WORKER.clear()
    _WORKER["job"] = job
    try:
        if not worth_it(total, PARALLEL_THRESHOLD):
            return _process_chunk((0, total))
        # Compile every template the pages use before forking, so that each worker
        # does not compile them again.
        for name in sorted(templates_of(job.pages)):
            job.env.get_template(name)
        gc.freeze()
        chunks = _chunks(job.pages)
        results: list[_Result] = []
        with WorkerPool() as pool:
            for part in pool.map(_process_chunk, chunks):
                results.extend(part)
        return results
    finally:
        _WORKER.clear()


def _chunks(pages: Sequence[Page]) -> list[tuple[int, int]]:
    """Work units: the site-wide pages (listings of every fact or source, each costing
    as much as hundreds of bulk pages) one per unit so both workers share them, then
    the bulk pages in CHUNK_PAGES."""
    single = next((i for i, page in enumerate(pages) if page.kind in BULK_KINDS), len(pages))
    chunks = [(index, index + 1) for index in range(single)]
    chunks += [(start, min(len(pages), start + CHUNK_PAGES)) for start in range(single, len(pages), CHUNK_PAGES)]
    return chunks


def _process_chunk(bounds: tuple[int, int]) -> list[_Result]:
    """Render (or, when unchanged, link from the previous output) the pages in one range."""
    job: _Job = _WORKER["job"]
    recorder = job.recorder
    digester: Digester = _WORKER.setdefault("digester", Digester())
    made: set[str] = set()
    results: list[_Result] = []
    output = str(job.output)
    for index in range(*bounds):
        page = job.pages[index]
        relative = urls.save_as(page.path)
        path = f"{output}/{relative}"
        parent = path.rpartition("/")[0]
        if parent not in made:
            _make_parent(parent)
            made.add(parent)
        if recorder is None:
            _render_to(job, page, path)
            results.append((index, relative, None, True))
            continue
        try:
            digest: str | None = digester.digest(page).hex()
        except Undigestible:
            digest = None
        old = job.previous.get(relative) if digest is not None else None
        if old is not None and old.digest == digest and _reusable(job, digester, old, relative):
            assert job.previous_output is not None
            place(job.previous_output / relative, Path(path))
            results.append((index, relative, old, False))
            continue
        recorder.reset()
        size, mtime_ns = _render_to(job, page, path)
        if digest is None:
            results.append((index, relative, None, True))
            continue
        lookups = recorder.result()
        entry = Entry(digest, lookups, lookups_digest(digester, job.mappings, lookups), size, mtime_ns)
        results.append((index, relative, entry, True))
    return results


def _make_parent(directory: str) -> None:
    """Create a page's folder: one mkdir when its parent exists (nearly always), else with its parents."""
    try:
        os.mkdir(directory)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(directory, exist_ok=True)


def _reusable(job: _Job, digester: Digester, old: Entry, relative: str) -> bool:
    """Is the previous output file still the one recorded, and are the entries it looked up unchanged?"""
    if job.previous_output is None:
        return False
    try:
        stat = (job.previous_output / relative).stat()
    except OSError:
        return False
    if (stat.st_size, stat.st_mtime_ns) != (old.size, old.mtime_ns):
        return False
    return old.lookups_digest == lookups_digest(digester, job.mappings, old.lookups)


def _render_to(job: _Job, page: Page, path: str) -> tuple[int, int]:
    """Render a page into its file (created or truncated); return the file's size and mtime."""
    # One os.open/os.write instead of a text-mode file object, and the size and
    # mtime the manifest records from the open descriptor: at 60,000 pages the
    # file objects and the extra stat by path were seconds.
    data = render_page(job.env, page, job.extra).encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        stat = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    return stat.st_size, stat.st_mtime_ns


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 file, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_parts(path: Path, parts: Iterable[str]) -> None:
    """Write a UTF-8 file piece by piece (never holding it whole), creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(parts)
