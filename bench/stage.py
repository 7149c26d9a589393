"""One measured stage in a fresh process: `python -m bench.stage STAGE ROOT [OUTPUT]`; prints JSON.

Stages: `check`; `build` (incremental, the default of `briefing build`: reuses the
unchanged pages of the previous build of OUTPUT, a full render when there is none);
`build-full` (incremental mode off: renders every page); `build-search` (incremental,
plus the Pagefind index, which is always rebuilt in full); `pagefind`; `overlaps`.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


def run(stage: str, root: Path, output: Path | None) -> dict[str, Any]:
    """Run one stage and return its timing, our peak memory and our children's peak memory."""
    from generator.problems import Problems
    from generator.project import load_content

    extra: dict[str, Any] = {}
    started = time.perf_counter()
    if stage == "check":
        problems = Problems()
        content = load_content(root, problems)
        extra = {"errors": sum(1 for p in problems.items if p.level.name == "ERROR"), "facts": len(content.facts)}
    elif stage in ("build", "build-full", "build-search"):
        from generator.build import BuildOptions, build_site

        assert output is not None
        options = BuildOptions(root, output=output, search=stage == "build-search", incremental=stage != "build-full")
        result = build_site(options)
        extra = {"pages": result.pages, "rendered": result.rendered}
    elif stage == "pagefind":
        from generator.search import index_site

        assert output is not None
        index_site(output)
    elif stage == "overlaps":
        from generator.analysis import detect_overlaps

        content = load_content(root, Problems())
        started = time.perf_counter()
        copies = detect_overlaps(content.sources)
        extra = {"copies_detected": len(copies.original_of), "rewrites_detected": len(copies.rewritten)}
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - started
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


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = Path(arguments[2]) if len(arguments) > 2 else None
    print(json.dumps(run(arguments[0], Path(arguments[1]), target)))
