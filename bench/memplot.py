"""Plot `python -m bench.memory` runs of one code at two sizes: `python -m bench.memplot SMALL.jsonl BIG.jsonl OUT.png`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

LIMIT_MB = 3072
"""Issue 18's bound at 100,000 sources, for our process and every indexing process."""


def read_run(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The stage lines and the summary line of one run."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line for line in lines if "stage" in line], next(line for line in lines if "wall_s" in line)


def stage_cpu(stages: list[dict[str, Any]]) -> dict[str, float]:
    """CPU seconds (ours and children's) spent in each stage, from the running totals."""
    cpu: dict[str, float] = {}
    before = 0.0
    for line in stages:
        total = line["cpu_own_s"] + line["cpu_children_s"]
        cpu[line["stage"]] = total - before
        before = total
    return cpu


def plot(small: Path, big: Path, target: Path) -> None:
    """Per-stage wall and CPU at both sizes (the big one divided by the size ratio), and the memory peaks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [read_run(small), read_run(big)]
    ratio = runs[1][1]["pages"] / runs[0][1]["pages"]
    names = [s["stage"] for s in runs[0][0] if s["s"] >= 0.5 or s["stage"] == "plan"]
    figure, (times, memory) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=120, gridspec_kw={"width_ratios": [3, 2]})
    width = 0.2
    for n, (label, run, scale) in enumerate(
        (
            (f"{runs[0][1]['pages']:,} pages", runs[0], 1.0),
            (f"{runs[1][1]['pages']:,} pages ÷ {ratio:.0f}", runs[1], ratio),
        )
    ):
        walls = {s["stage"]: s["s"] / scale for s in run[0]}
        cpus = {k: v / scale for k, v in stage_cpu(run[0]).items()}
        xs = [i + (n * 2 - 1.5) * width for i in range(len(names))]
        times.bar(xs, [walls[k] for k in names], width, label=f"wall, {label}", color=f"C{n}")
        times.bar(
            [x + width for x in xs], [cpus[k] for k in names], width, label=f"CPU, {label}", color=f"C{n}", alpha=0.45
        )
    times.set_xticks(range(len(names)), names, rotation=20)
    times.set_ylabel("seconds (the big run divided by the size ratio)")
    times.set_title("Stages: equal bars = linear growth")
    times.legend(fontsize=8)
    labels = ["ours", "largest child", "largest Pagefind"]
    keys = ["own_peak_mb", "children_peak_mb", "pagefind_peak_mb"]
    for n, (_, summary) in enumerate(runs):
        memory.bar(
            [i + (n - 0.5) * 0.35 for i in range(3)],
            [summary[k] for k in keys],
            0.35,
            color=f"C{n}",
            label=f"{summary['pages']:,} pages",
        )
    memory.axhline(LIMIT_MB, color="red", linestyle="--", linewidth=1, label="3 GB bound")
    memory.set_xticks(range(3), labels)
    memory.set_ylabel("peak resident MB")
    memory.set_title("Memory peaks")
    memory.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(target)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memplot", description=__doc__)
    parser.add_argument("small", type=Path)
    parser.add_argument("big", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    plot(args.small, args.big, args.target)


if __name__ == "__main__":
    main()
