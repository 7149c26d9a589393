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
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    series = [
        ("ours: full build, no search", "build", "o-"),
        ("ours: full build + Pagefind", "build_search", "o--"),
        ("ours: rebuild after one fact edit", "rebuild_fact_edit", "d-."),
        ("ours: check (load_content)", "check", "s:"),
        ("bare Pelican", "pelican", "^-"),
        ("Hugo", "hugo", "v-"),
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
    axes.legend(fontsize=8)
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    plt.close(figure)


def table(results: dict[str, Any]) -> str:
    """A Markdown table of every stage for every size."""
    runs = sorted(results["runs"].values(), key=lambda r: r["sources"])
    rows = [
        ("check (load_content)", "check"),
        ("full build, no search (first build of an output)", "build"),
        ("full build, no search, incremental mode off", "build_full"),
        ("rebuild, nothing changed", "build_again"),
        ("full build + Pagefind", "build_search"),
        ("rebuild after one fact edit", "rebuild_fact_edit"),
        ("rebuild after one fact edit, + Pagefind", "rebuild_fact_edit_search"),
        ("rebuild after adding one source", "rebuild_source_add"),
        ("Pagefind indexing alone", "pagefind"),
        ("derived-copy detection (detect_overlaps)", "overlaps"),
        ("bare Pelican (simple theme)", "pelican"),
        ("Hugo (one-file layout)", "hugo"),
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
    return "\n".join(lines)
