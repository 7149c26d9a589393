"""One measured stage in a fresh process: `python -m bench.stage STAGE ROOT [OUTPUT]`; prints JSON.

Stages: `check`; `build` (incremental, the default of `briefing build`: reuses the
unchanged pages of the previous build of OUTPUT, a full render when there is none);
`build-full` (incremental mode off: renders every page); `build-cold` (like
`build-full`, with an empty cache directory: parses every seed, sidecar and fact sheet
and verifies every quote); `build-search` (incremental, plus the Pagefind index, which
is always rebuilt in full); `pagefind`; `overlaps`; `write-floor` (ROOT is a built
site: the time to write its HTML pages again, directories included, without rendering
anything: what the file system alone costs on this machine).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


def run(stage: str, root: Path, output: Path | None) -> dict[str, Any]:
    """Run one stage and return its timing, our peak memory and our children's peak memory."""
    from generator.content.load import load_content
    from generator.problems import Problems

    extra: dict[str, Any] = {}
    started = time.perf_counter()
    if stage == "check":
        problems = Problems()
        content = load_content(root, problems)
        extra = {"errors": sum(1 for p in problems.items if p.level.name == "ERROR"), "facts": len(content.facts)}
    elif stage in ("build", "build-full", "build-search", "build-cold"):
        assert output is not None
        extra = _build(stage, root, output)
    elif stage == "write-floor":
        assert output is not None
        pages = _read_pages(root)
        started = time.perf_counter()
        _write_pages(output, pages)
        extra = {"pages": len(pages), "mb": round(sum(len(b) for _, b in pages) / 2**20, 1)}
    elif stage == "pagefind":
        from generator.site.search import index_site
        from generator.site.search_records import plan_shards

        assert output is not None
        shards = plan_shards(load_content(root, Problems()))
        started = time.perf_counter()  # Pagefind only, as the build's search stage
        extra = {"pages": index_site(output, shards), "shards": len(shards)}
    elif stage == "overlaps":
        from generator.analysis import detect_overlaps

        content = load_content(root, Problems())
        started = time.perf_counter()
        copies = detect_overlaps(content.sources)
        extra = {"copies_detected": len(copies.original_of), "rewrites_detected": len(copies.rewritten)}
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - started
    # Caches of big archives are written by forked children that outlive the command;
    # wait for them, so that the next stage finds them (reported, not in `seconds`).
    from generator.store.cache import wait_for_writes

    waited = time.perf_counter()
    wait_for_writes()
    extra["cache_writes_after_s"] = round(time.perf_counter() - waited, 3)
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu, 2),
        "peak_mb": _mb(own.ru_maxrss),
        "children_peak_mb": _mb(children.ru_maxrss),
        **extra,
    }


def _build(stage: str, root: Path, output: Path) -> dict[str, Any]:
    from generator.build import BuildOptions, build_site

    empty_cache = None
    previous = os.environ.get("BRIEFING_CACHE_DIR")
    if stage == "build-cold":
        empty_cache = tempfile.mkdtemp(prefix="bench-cold-cache-")
        os.environ["BRIEFING_CACHE_DIR"] = empty_cache
    incremental = stage in ("build", "build-search")
    options = BuildOptions(root, output=output, search=stage == "build-search", incremental=incremental)
    try:
        result = build_site(options)
    finally:
        if empty_cache is not None:
            from generator.store.cache import wait_for_writes

            wait_for_writes()  # the forked cache writers, before their directory goes
            shutil.rmtree(empty_cache, ignore_errors=True)
            if previous is None:
                os.environ.pop("BRIEFING_CACHE_DIR", None)
            else:
                os.environ["BRIEFING_CACHE_DIR"] = previous
    return {"pages": result.pages, "rendered": result.rendered}


def _read_pages(site: Path) -> list[tuple[str, bytes]]:
    """Every HTML page of a built site, as (relative path, bytes)."""
    pages = []
    for directory, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                path = Path(directory) / name
                pages.append((str(path.relative_to(site)), path.read_bytes()))
    return sorted(pages)


def _write_pages(output: Path, pages: list[tuple[str, bytes]]) -> None:
    """Write the pages as a generator would: one directory (if new) and one file each."""
    if output.exists():
        shutil.rmtree(output)
    made: set[str] = set()
    for relative, data in pages:
        path = output / relative
        parent = str(path.parent)
        if parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(parent)
        with open(path, "wb") as handle:
            handle.write(data)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = Path(arguments[2]) if len(arguments) > 2 else None
    print(json.dumps(run(arguments[0], Path(arguments[1]), target)))
