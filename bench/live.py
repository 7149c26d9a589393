"""Save-to-reloaded-page time of `briefing serve`: `python -m bench.live [ROOT] [--edits N]`; prints JSON.

An HTTP client plays the browser: it loads a fact page, opens the page's reload stream
(`/__briefing/events`, as the injected script does), then edits that fact's statement
in its fact sheet. Measured from the write to (a) the `reload` event and (b) the
reloaded page, fetched again, showing the edit. Without ROOT, a scratch copy of this
repository's own site is used. With `--hugo`, `hugo server` is timed on the same
article texts (bench/baselines.py), editing one article and polling its page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120.0


def measure(root: Path, edits: int) -> dict[str, Any]:
    """Start the preview on ROOT, edit one fact `edits` times, return the timings in ms."""
    sheet, fact_id, line = _fact_to_edit(root)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", "0", "--no-search", "-v"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.search(r"serving (http://\S+/)", first)
        if not found:
            raise SystemExit(f"briefing serve did not start: {first}{process.stdout.read()}")
        ready = time.perf_counter() - started
        page = f"{found.group(1)}facts/{fact_id}/"
        _get(page)  # the first render of the page, as an editor opens it
        runs = [_edit_and_wait(page, sheet, line, f"edited{n}") for n in range(edits)]
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=30)
    # The server's own figure per reload: wall and CPU time of checking, planning and rendering.
    server = [(float(w), float(c)) for w, c in re.findall(r"in (\d+) ms \((\d+) ms CPU", rest)]
    phases = re.findall(r"ms CPU: ([^)]*)\)", rest)
    events = [event for event, _ in runs]
    pages = [page_ms for _, page_ms in runs]
    return {
        "startup_s": round(ready, 2),
        "edits": edits,
        "reload_event_ms": {"median": round(statistics.median(events), 1), "max": round(max(events), 1)},
        "reloaded_page_ms": {"median": round(statistics.median(pages), 1), "max": round(max(pages), 1)},
        "runs_ms": [[round(e, 1), round(p, 1)] for e, p in runs],
        "server_reload_ms": {
            "median": statistics.median(w for w, _ in server) if server else None,
            "cpu_median": statistics.median(c for _, c in server) if server else None,
            "cpu_phases_ms": phases,
        },
        "load_average": os.getloadavg()[0],
    }


def measure_hugo(root: Path, edits: int) -> dict[str, Any]:
    """`hugo server` on the same article texts as ROOT (bench/baselines.py): edit one article, poll its page."""
    from . import baselines, synth

    hugo = Path(tempfile.mkdtemp(prefix="bench-live-hugo-"))
    try:
        site = baselines.write_hugo(hugo / "site", synth.article_texts(root))
        article = sorted((site / "content" / "posts").glob("*.md"))[0]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [_hugo_binary(), "server", "--bind", "127.0.0.1", "--port", str(port), "--renderToMemory"]
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True
        )
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if "Web Server is available" in line:
                    break
            else:
                raise SystemExit("hugo server did not start")
            ready = time.perf_counter() - started
            page = f"http://127.0.0.1:{port}/posts/{article.stem}/"
            _get(page)
            runs = [_edit_and_poll(page, article, f"edited{n}") for n in range(edits)]
        finally:
            process.terminate()
            process.wait(30)
    finally:
        shutil.rmtree(hugo, ignore_errors=True)
    return {
        "startup_s": round(ready, 2),
        "edits": edits,
        "changed_page_ms": {"median": round(statistics.median(runs), 1), "max": round(max(runs), 1)},
        "runs_ms": [round(r, 1) for r in runs],
        "load_average": os.getloadavg()[0],
    }


def _edit_and_poll(page: str, article: Path, marker: str) -> float:
    """Append a word to the article and fetch its page every 5 ms until it shows it (Hugo's browser
    script reloads on a websocket message; polling finds the new page as soon as it is served)."""
    text = re.sub(r" edited\d+", "", article.read_text(encoding="utf-8").rstrip("\n"))
    written = time.perf_counter()
    article.write_text(f"{text} {marker}\n", encoding="utf-8")
    while time.perf_counter() - written < TIMEOUT:
        if marker in _get(page):
            return (time.perf_counter() - written) * 1000
        time.sleep(0.005)
    raise SystemExit("hugo server never showed the edit")


def _hugo_binary() -> str:
    for binary in sorted(Path(sys.prefix).glob("lib/python*/site-packages/hugo/binaries/hugo")):
        return str(binary)
    return str(Path(sys.executable).parent / "hugo")


def _fact_to_edit(root: Path) -> tuple[Path, str, int]:
    """The first fact sheet, its first fact and the index of the line holding that fact's statement text."""
    sheet = sorted((root / "content" / "facts").glob("*.yaml"))[0]
    fact_id = yaml.safe_load(sheet.read_text(encoding="utf-8"))["facts"][0]["id"]
    lines = sheet.read_text(encoding="utf-8").splitlines()
    start = next(i for i, text in enumerate(lines) if text.strip() == f"- id: {fact_id}")
    statement = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("statement:"))
    folded = lines[statement].rstrip().endswith((">-", ">", "|", "|-"))
    return sheet, fact_id, statement + 1 if folded else statement


def _edit_and_wait(page: str, sheet: Path, line: int, marker: str) -> tuple[float, float]:
    html = _get(page)
    version = re.search(r'data-version="(\d+)"', html)
    assert version, "the preview page has no reload script"
    path = urllib.request.urlparse(page).path
    events = f"{page.split('/facts/', maxsplit=1)[0]}/__briefing/events?since={version.group(1)}&path={path}"
    reloaded = threading.Event()
    stream = urllib.request.urlopen(events, timeout=TIMEOUT)
    threading.Thread(target=_wait_for_reload, args=(stream, reloaded), daemon=True).start()
    lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    text = re.sub(r" edited\d+", "", lines[line].rstrip("\n"))
    # A word added at the end of the statement (inside the quotes of a quoted one).
    lines[line] = f'{text[:-1]} {marker}"\n' if text.endswith('"') else f"{text} {marker}\n"
    written = time.perf_counter()
    sheet.write_text("".join(lines), encoding="utf-8")
    if not reloaded.wait(TIMEOUT):
        raise SystemExit("no reload event")
    event_ms = (time.perf_counter() - written) * 1000
    body = _get(page)
    page_ms = (time.perf_counter() - written) * 1000
    stream.close()
    if marker not in body:
        raise SystemExit(f"the reloaded page does not show the edit {marker!r}")
    return event_ms, page_ms


def _wait_for_reload(stream: Any, reloaded: threading.Event) -> None:
    try:
        for raw in stream:
            if raw.startswith(b"event: reload"):
                reloaded.set()
                return
    except (OSError, ValueError):
        return


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return str(response.read().decode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Measure on ROOT, or on a scratch copy of this repository's site."""
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__)
    parser.add_argument("root", type=Path, nargs="?", default=None)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--hugo", action="store_true", help="also time `hugo server` on ROOT's article texts")
    args = parser.parse_args(argv)
    if args.root is not None:
        result = {"briefing": measure(args.root.resolve(), args.edits)}
        if args.hugo:
            result["hugo"] = measure_hugo(args.root.resolve(), args.edits)
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-live-") as scratch:
        root = Path(scratch) / "project"
        root.mkdir()
        for name in ("seeds", "content", "themes", "schemas"):
            shutil.copytree(REPO / name, root / name)
        for name in ("pelicanconf.py", "publishconf.py"):
            shutil.copy(REPO / name, root / name)
        print(json.dumps(measure(root, args.edits)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
