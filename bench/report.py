"""Plot and tabulate bench-results/results.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _s(stage: Any) -> float | None:
    if isinstance(stage, dict) and "seconds" in stage:
        return float(stage.get("wall_s", stage["seconds"]))
    return None


def plot(results: dict[str, Any], target: Path) -> None:
    """Build time vs archive size for ours, Pelican and Hugo (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = sorted(results["runs"].values(), key=lambda r: r["sources"])
    sizes = [r["sources"] for r in runs]
    figure, axes = plt.subplots(figsize=(9.5, 4.5), dpi=120)
    series = [
        ("ours: full build, no search", "build", "o-"),
        ("ours: full build, empty cache", "build_cold", "o:"),
        ("ours: full build + Pagefind", "build_search", "o--"),
        ("ours: rebuild after one fact edit", "rebuild_fact_edit", "d-."),
        ("ours: check, empty cache", "check", "s:"),
        ("ours: Pagefind alone (shards)", "pagefind", "P--"),
        ("bare Pelican, same pages", "pelican_same", "^-"),
        ("Hugo, same pages", "hugo_same", "v-"),
        ("bare Pelican, one page per source", "pelican", "^:"),
        ("Hugo, one page per source", "hugo", "v:"),
        ("writing our pages, no rendering", "write_floor", "x:"),
    ]
    for label, key, style in series:
        points = [(n, _s(r.get(key))) for n, r in zip(sizes, runs, strict=True)]
        points = [(n, t) for n, t in points if t is not None]
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("sources in the archive (~800-word articles, 5 facts each)")
    axes.set_ylabel("wall time, seconds")
    axes.set_title("Build time vs archive size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    plt.close(figure)


def table(results: dict[str, Any]) -> str:
    """A Markdown table of every stage for every size."""
    runs = sorted(results["runs"].values(), key=lambda r: r["sources"])
    rows = [
        ("check, first run (empty cache)", "check"),
        ("check again (warm cache)", "check_warm"),
        ("full build, no search (first build of an output)", "build"),
        ("full build, no search, incremental mode off", "build_full"),
        ("full build, no search, empty cache (cold)", "build_cold"),
        ("writing the same pages without rendering (file-system floor)", "write_floor"),
        ("rebuild, nothing changed", "build_again"),
        ("full build + Pagefind", "build_search"),
        ("rebuild after one fact edit", "rebuild_fact_edit"),
        ("rebuild after one fact edit, + Pagefind", "rebuild_fact_edit_search"),
        ("rebuild after adding one source", "rebuild_source_add"),
        ("Pagefind indexing alone", "pagefind"),
        ("derived-copy detection (detect_overlaps)", "overlaps"),
        ("bare Pelican, same pages (simple theme)", "pelican_same"),
        ("Hugo, same pages (one-file layout)", "hugo_same"),
        ("bare Pelican, one page per source", "pelican"),
        ("Hugo, one page per source", "hugo"),
    ]
    head = "| stage | " + " | ".join(f"{r['sources']:,} sources: s / peak MB" for r in runs) + " |"
    lines = [head, "|---|" + "---|" * len(runs)]
    for label, key in rows:
        cells = []
        for run in runs:
            stage = run.get(key)
            if not isinstance(stage, dict):
                cells.append("–")
            elif "error" in stage:
                cells.append(f"error: {stage['error'][:60]}")
            else:
                peak = stage.get("peak_mb", "")
                child = stage.get("children_peak_mb")
                extra = f" (child {child})" if child and key in ("pagefind", "build_search", "build") else ""
                cells.append(f"{_s(stage):.2f} / {peak}{extra}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for run in runs:
        size = run.get("size", {})
        lines.append("")
        lines.append(f"{run['sources']:,} sources: archive {run.get('archive')}, output {size}")
    lines += ["", *per_page(runs), "", *targets(results)]
    return "\n".join(lines)


def per_page(runs: list[dict[str, Any]]) -> list[str]:
    """Milliseconds per HTML page written: our full build and each baseline."""
    lines = ["| ms per page written | " + " | ".join(f"{r['sources']:,} sources" for r in runs) + " |"]
    lines.append("|---|" + "---|" * len(runs))
    for label, key in (
        ("our full build, no search", "build"),
        ("bare Pelican, same pages", "pelican_same"),
        ("Hugo, same pages", "hugo_same"),
        ("bare Pelican, one page per source", "pelican"),
        ("Hugo, one page per source", "hugo"),
    ):
        cells = []
        for run in runs:
            stage = run.get(key) or {}
            pages = stage.get("pages") or (run.get("size") or {}).get("html_files")
            seconds = _s(stage) if stage and "error" not in stage else None
            cells.append(f"{1000 * seconds / pages:.3f} ({pages:,} pages)" if seconds and pages else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def targets(results: dict[str, Any]) -> list[str]:
    """The issue's targets, computed from the largest run (and its growth from the smallest)."""
    runs = sorted(results["runs"].values(), key=lambda r: r["sources"])
    if not runs:
        return []
    big = runs[-1]
    # The growth target is from 1,000 to 10,000 sources; else the smallest run.
    small = next((r for r in runs if r["sources"] * 10 == big["sources"]), runs[0])
    full = _s(big.get("build"))
    cold = _s(big.get("build_cold"))
    pelican, hugo = _s(big.get("pelican_same")), _s(big.get("hugo_same"))
    search = _s(big.get("build_search"))
    pagefind_mb = max((big.get(k) or {}).get("children_peak_mb") or 0 for k in ("pagefind", "build_search")) or None
    checks: list[tuple[str, float | None, float, str]] = [
        ("full build / bare Pelican, same pages", _ratio(full, pelican), 0.25, "x"),
        ("full build, empty cache / bare Pelican, same pages", _ratio(cold, pelican), 0.25, "x"),
        ("full build / Hugo, same pages", _ratio(full, hugo), 1.5, "x"),
        ("full build with search / without", _ratio(search, full), 1.5, "x"),
        ("search indexing peak MB (largest Pagefind process)", pagefind_mb, 1536.0, " MB"),
        ("full build / file-system floor", _ratio(full, _s(big.get("write_floor"))), float("inf"), "x"),
        ("check, empty cache, seconds", _s(big.get("check")), 10.0, "s"),
        ("check, warm cache, seconds", _s(big.get("check_warm")), 10.0, "s"),
        ("rebuild after one fact edit / full build", _ratio(_s(big.get("rebuild_fact_edit")), full), 0.1, "x"),
    ]
    if small is not big:
        checks.append(
            (
                f"growth {small['sources']:,} -> {big['sources']:,}: full build",
                _ratio(full, _s(small.get("build"))),
                11.0,
                "x",
            )
        )
        checks.append(
            (
                f"growth {small['sources']:,} -> {big['sources']:,}: check",
                _ratio(_s(big.get("check")), _s(small.get("check"))),
                11.0,
                "x",
            )
        )
    lines = [f"Targets at {big['sources']:,} sources:", "", "| measure | value | target | met |", "|---|---|---|---|"]
    for label, value, limit, unit in checks:
        if value is None:
            lines.append(
                f"| {label} | not measured | {'no target' if limit == float('inf') else f'≤ {limit:g}{unit}'} | – |"
            )
            continue
        shown_limit = "no target" if limit == float("inf") else f"≤ {limit:g}{unit}"
        met = "–" if limit == float("inf") else ("yes" if value <= limit else "**no**")
        lines.append(f"| {label} | {value:.2f}{unit} | {shown_limit} | {met} |")
    return lines
