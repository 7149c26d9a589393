"""Where a forked render worker's private memory comes from: `python -m bench.forkmem ROOT`.

Loads, analyses and plans ROOT as `briefing build` does, then forks children that each do
one thing to the inherited heap and print their Private_Dirty (from
/proc/self/smaps_rollup, Linux only) before and after: a full collection of the cyclic
garbage collector, with the heap frozen (`gc.freeze()`, as site.render does before
forking) and not; and reading every planned page's objects, once without keeping
anything (so what it dirties is reference counts) and once as a worker does (the
digests of the model kept).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.site.incremental import Digester, Undigestible


def private_dirty_mb() -> float:
    """This process's Private_Dirty in MB: the memory only it holds and has written."""
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    return 0.0


def in_child(label: str, action: Callable[[], object]) -> None:
    """Fork; in the child, do `action` and print how much private memory it dirtied."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            before, started = private_dirty_mb(), time.process_time()
            note = action()
            after = private_dirty_mb()
            extra = f" ({note})" if note else ""
            print(
                f"{label}: Private_Dirty {before:.1f} -> {after:.1f} MB (+{after - before:.1f})"
                f" in {time.process_time() - started:.1f} s CPU{extra}",
                flush=True,
            )
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


class _Forgetful(dict[type, bool]):
    """A Digester's table of lasting types that says 'not lasting' to every type."""

    def get(self, key: type, default: Any = None) -> bool:
        return False


def read_pages(pages: list[Any], keep: bool) -> str:
    """Digest every page (reading every object it shows); `keep`: remember the model's digests."""
    digester = Digester()
    if not keep:
        digester._lasting = _Forgetful()  # a measurement, not a use
    for page in pages:
        with contextlib.suppress(Undigestible):
            digester.digest(page)
    return f"{len(digester._memo)} digests kept" if keep else ""


def main(root: Path) -> None:
    """Plan ROOT and measure each way a child dirties what it inherited."""
    from generator import plugin
    from generator.analysis import analyse
    from generator.content.load import collector_paused, load_and_check
    from generator.problems import Problems
    from generator.site import stages
    from generator.store.cache import cache_dir

    content, settings = load_and_check(root, None, Problems())
    with collector_paused():
        analysis = analyse(content, cache_dir(root))
    site = stages.site_settings("", "", content)
    engine = plugin.open_engine(
        settings.file, plugin.pelican_overrides(root, content, "", ""), Path(tempfile.mkdtemp())
    )
    stages.configure_theme(engine.env, site, content, analysis)
    pages = list(stages.plan(content, analysis, site).pages)
    gc.collect()
    print(f"parent: Private_Dirty {private_dirty_mb():.1f} MB, {len(gc.get_objects())} tracked objects", flush=True)
    in_child("fork only", lambda: None)
    in_child("not frozen, one full collection", gc.collect)
    in_child("not frozen, read every page (reference counts)", lambda: read_pages(pages, keep=False))
    gc.freeze()
    in_child("frozen, one full collection", gc.collect)
    in_child("frozen, read every page (reference counts)", lambda: read_pages(pages, keep=False))
    in_child("frozen, read every page as a worker does", lambda: read_pages(pages, keep=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
