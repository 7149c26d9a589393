"""Where a build's memory goes: `python -m bench.memory ROOT OUTPUT [--no-search] [--full]`.

Runs `build_site` once in this process and prints a JSON line after each stage: its
seconds, our resident memory now and at its peak so far, the peak of any child so far
(forked parse and render workers, the analysis child, Pagefind), and the load. A
sampler thread also records, every second, the largest resident Pagefind process
(`pagefind` in its command name), which `getrusage` cannot tell apart from our own
forked workers. The last line sums up the build (pages, wall and CPU seconds).
Set BRIEFING_CACHE_DIR to an empty folder for a build with an empty cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator import build


def _rss_mb(pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


class PagefindPeak:
    """The largest resident Pagefind process seen, sampled every `every` seconds."""

    def __init__(self, every: float = 1.0) -> None:
        self.peak_mb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry.name}/comm", encoding="utf-8") as comm:
                        name = comm.read().strip()
                except OSError:
                    continue
                if "pagefind" in name and _ancestor(entry.name, os.getpid()):
                    self.peak_mb = max(self.peak_mb, _rss_mb(entry.name))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _ancestor(pid: str, ours: int) -> bool:
    """Is `ours` an ancestor of process `pid` (so that other sessions' Pagefind runs are not counted)?"""
    for _ in range(16):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if parent == ours:
            return True
        if parent <= 1:
            return False
        pid = str(parent)
    return False


def _peaks() -> dict[str, Any]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "own_peak_mb": own.ru_maxrss // 1024,
        "children_peak_mb": children.ru_maxrss // 1024,
        "cpu_own_s": round(own.ru_utime + own.ru_stime, 1),
        "cpu_children_s": round(children.ru_utime + children.ru_stime, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--full", action="store_true", help="incremental mode off")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    original = build.Stopwatch.stage
    pagefind = PagefindPeak()

    @contextmanager
    def stage(self: build.Stopwatch, name: str) -> Iterator[None]:
        began = time.perf_counter()
        with original(self, name):
            yield
        line = {"stage": name, "s": round(time.perf_counter() - began, 1), "rss_mb": _rss_mb(), **_peaks()}
        line |= {"pagefind_peak_mb": pagefind.peak_mb, "load": round(os.getloadavg()[0], 2)}
        print(json.dumps(line), flush=True)

    build.Stopwatch.stage = stage  # type: ignore[method-assign]
    try:
        options = build.BuildOptions(
            args.root, output=args.output, search=not args.no_search, incremental=not args.full
        )
        result = build.build_site(options)
    finally:
        build.Stopwatch.stage = original  # type: ignore[method-assign]
        pagefind.stop()
    summary = {"pages": result.pages, "wall_s": round(time.perf_counter() - started, 1), **_peaks()}
    summary |= {"pagefind_peak_mb": pagefind.peak_mb, "load": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
