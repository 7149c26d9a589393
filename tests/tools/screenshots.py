"""`make screenshots`: every page type at 390 px and 1280 px, light and dark, and on paper, into screenshots/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.tools.serving import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "home": "",
    "briefing": "briefings/arms-transfers/",
    "briefing-summit": "briefings/2023-summit/",
    "source": "sources/riverbender-ap-2023/",
    "sources": "sources/",
    "fact": "facts/{fact}/",
    "facts": "facts/",
    "entity": "entities/choe-son-hui/",
    "timeline": "timeline/",
    "search": "search/?q=Rajin",
    "about": "about/",
    "404": "no-such-page/",
}
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def main(argv: list[str]) -> int:
    """Take the screenshots; an argument limits them to page names containing it."""
    site = ROOT / "output"
    target = ROOT / "screenshots"
    target.mkdir(exist_ok=True)
    first_fact = sorted(p.name for p in (site / "facts").iterdir() if p.is_dir())[0]
    wanted = [n for n in PAGES if not argv or any(a in n for a in argv)]
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for size_name, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                for name in wanted:
                    page.goto(base + PAGES[name].format(fact=first_fact), wait_until="networkidle")
                    path = target / f"{name}-{size_name}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                page.close()
        page = browser.new_page()
        for name in wanted:
            page.goto(base + PAGES[name].format(fact=first_fact), wait_until="networkidle")
            _print(page.pdf(format="A4"), target / f"{name}-print")
        browser.close()
    print(f"screenshots in {target}")
    return 0


def _print(pdf: bytes, stem: Path) -> None:
    """Keep the A4 print as PDF and, when poppler's pdftoppm is installed, as one PNG per sheet."""
    stem.with_suffix(".pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(stem.with_suffix(".pdf")), str(stem)], check=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
