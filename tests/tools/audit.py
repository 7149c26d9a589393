"""`make audit`: Lighthouse on the main page types of output/, mobile and desktop, into audit/.

Builds nothing: run `make build` first. Prints the four category scores per page and preset and
exits 1 when any is below 0.95 (the failing audits are listed under the table).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.tools.serving import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
THRESHOLD = 0.95
PRESETS = ["mobile", "desktop"]


def pages(site: Path) -> dict[str, str]:
    fact = sorted(p.name for p in (site / "facts").iterdir() if p.is_dir())[0]
    return {
        "home": "",
        "briefing": "briefings/arms-transfers/",
        "source": "sources/riverbender-ap-2023/",
        "fact": f"facts/{fact}/",
        "search": "search/?q=Rajin",
    }


def run_lighthouse(url: str, preset: str, out: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join(["--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        command = [
            str(LIGHTHOUSE),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={flags}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def failing_audits(report: dict[str, Any]) -> list[str]:
    """Audits that cost points in a category scoring under the threshold."""
    found = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if (category["score"] or 0) >= THRESHOLD:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{name}: {ref['id']} ({audit['score']:.2f}) {audit.get('displayValue', '')}".rstrip())
    return found


def main(argv: list[str]) -> int:
    """Audit each page with each preset; an argument limits it to page names containing it."""
    site = ROOT / "output"
    if not (site / "index.html").exists():
        print("output/ has no site: run `make build` first", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.exists():
        print("node_modules/.bin/lighthouse is missing: run `npm ci`", file=sys.stderr)
        return 2
    target = ROOT / "audit"
    target.mkdir(exist_ok=True)
    wanted = {n: p for n, p in pages(site).items() if not argv or any(a in n for a in argv)}
    rows: list[tuple[str, str, list[float]]] = []
    problems: list[str] = []
    with serve(site) as base:
        for name, path in wanted.items():
            for preset in PRESETS:
                report = run_lighthouse(base + path, preset, target / f"{name}-{preset}.json")
                scores = [report["categories"][c]["score"] or 0.0 for c in CATEGORIES]
                rows.append((name, preset, scores))
                problems += [f"{name} {preset}: {line}" for line in failing_audits(report)]
    header = f"{'page':<10} {'preset':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES)
    print(header)
    print("-" * len(header))
    for name, preset, scores in rows:
        marks = " ".join(f"{s:>13.2f}{'!' if s < THRESHOLD else ' '}" for s in scores)
        print(f"{name:<10} {preset:<8} {marks}")
    if problems:
        print(f"\nscores under {THRESHOLD}; audits losing points:")
        print("\n".join(f"  {line}" for line in problems))
    print(f"\nreports in {target}")
    return 1 if any(s < THRESHOLD for _, _, scores in rows for s in scores) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
