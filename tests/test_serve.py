"""`briefing serve`: pages from memory, reload on save, the problems page, a clear port-in-use error."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from generator.cli import main
from generator.model import Level, Location, Problem
from generator.serve.live import inject, problems_page
from generator.serve.server import Hub, page_file


def test_url_paths_name_the_files_of_the_site() -> None:
    assert page_file("/") == "index.html"
    assert page_file("/facts/") == "facts/index.html"
    assert page_file("/facts/a-fact/") == "facts/a-fact/index.html"
    assert page_file("/theme/css/site.css") == "theme/css/site.css"
    assert page_file("/facts/../../etc/passwd") is None


def test_the_reload_script_goes_before_the_end_of_the_body() -> None:
    page = inject("<html><body><p>x</p></body></html>", 7)
    assert page == '<html><body><p>x</p><script src="/__briefing/live.js" data-version="7"></script></body></html>'


def test_problems_page_lists_file_line_column_message_and_hint(tmp_path: Path) -> None:
    problem = Problem(Location(tmp_path / "content" / "facts" / "a.yaml", 12, 5), Level.ERROR, "bad <thing>", "fix it")
    page = problems_page([problem], tmp_path, 3)
    assert '<code class="location">content/facts/a.yaml:12:5</code>' in page
    assert "bad &lt;thing&gt;" in page
    assert '<p class="hint">hint: fix it</p>' in page
    assert 'data-version="3"' in page


def test_an_open_page_reloads_only_when_it_changed() -> None:
    hub = Hub()
    seen: list[int | None] = []
    waiter = threading.Thread(target=lambda: seen.append(hub.wait("a/index.html", 1, 5)))
    waiter.start()
    while hub.watched() != ["a/index.html"]:
        time.sleep(0.01)
    hub.publish(["a/index.html"], frozenset())  # another page changed: this one stays
    time.sleep(0.1)
    assert seen == []
    hub.publish(["a/index.html"], frozenset({"a/index.html"}))
    waiter.join(5)
    assert seen == [3]
    assert hub.wait("b/index.html", 1, 0) == 3  # a page nobody watched: assume it changed


def test_a_page_not_compared_counts_as_changed() -> None:
    hub = Hub()
    assert hub.wait("a/index.html", 1, 0) is None  # was open once, then closed (a reload in progress)
    hub.publish([], frozenset())
    assert hub.wait("a/index.html", 1, 0) == 2


def test_a_port_in_use_is_an_error_with_a_hint(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["--root", str(project_copy), "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in err
    assert f"hint: another program (perhaps another `briefing serve`) uses port {port}" in err


@contextmanager
def serving(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Run `briefing serve` on a free port; yield its URL and the lines it printed so far."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", "0", "--no-search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    first = process.stdout.readline()
    lines.append(first)
    found = re.search(r"serving (http://\S+/)", first)
    assert found, first
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        yield found.group(1), lines
    finally:
        process.terminate()
        process.wait(10)


def first_fact(root: Path) -> tuple[Path, str, int]:
    """A fact sheet, its first fact's id and the (1-based) line of that fact's folded statement text."""
    sheet = sorted((root / "content" / "facts").glob("*.yaml"))[0]
    fact_id = yaml.safe_load(sheet.read_text(encoding="utf-8"))["facts"][0]["id"]
    lines = sheet.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {fact_id}")
    statement = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("statement:"))
    assert lines[statement].rstrip().endswith((">-", ">")), "the test edits a folded statement"
    return sheet, fact_id, statement + 2


@pytest.mark.browser
@pytest.mark.slow
def test_a_saved_fact_reloads_the_page_and_a_broken_sheet_shows_its_problems(page: Page, project_copy: Path) -> None:
    sheet, fact_id, text_line = first_fact(project_copy)
    original = sheet.read_text(encoding="utf-8")
    with serving(project_copy) as (url, log):
        page.goto(f"{url}facts/{fact_id}/")
        expect(page.locator("main")).to_be_visible()
        assert "preview-marker" not in page.content()

        lines = original.splitlines(keepends=True)
        lines[text_line - 1] = lines[text_line - 1].rstrip("\n") + " preview-marker\n"
        sheet.write_text("".join(lines), encoding="utf-8")
        expect(page.locator("main")).to_contain_text("preview-marker", timeout=10_000)

        broken = original.splitlines(keepends=True)
        broken.insert(text_line, "    still: [unclosed\n")
        sheet.write_text("".join(broken), encoding="utf-8")
        overlay = page.locator("#briefing-problems")
        expect(overlay).to_be_visible(timeout=10_000)
        location = overlay.locator("code.location").first.inner_text()
        found = re.fullmatch(rf"content/facts/{re.escape(sheet.name)}:(\d+):(\d+)", location)
        assert found, location
        assert text_line <= int(found.group(1)) <= text_line + 3
        expect(overlay).to_contain_text("invalid YAML")

        sheet.write_text(original, encoding="utf-8")
        expect(overlay).to_be_hidden(timeout=10_000)
        expect(page.locator("main")).to_be_visible()
        assert "preview-marker" not in page.content()
    printed = "".join(log)
    # Each save is one line (plus the problem itself, once), however many events the editor made.
    assert printed.count(" changed: ") == 3, printed
    assert printed.count("invalid YAML") == 1, printed


def test_a_reload_names_the_open_pages_whose_html_changed(project_copy: Path, tmp_path: Path) -> None:
    from generator.serve.preview import Preview

    sheet, fact_id, text_line = first_fact(project_copy)
    other = sorted((project_copy / "content" / "facts").glob("*.yaml"))[-1]
    assert other != sheet
    preview = Preview(project_copy, project_copy / "pelicanconf.py", tmp_path)
    assert not preview.reload().failed
    page = f"facts/{fact_id}/index.html"
    listing = "facts/index.html"
    assert preview.render(page) is not None

    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # no visible change
    assert preview.reload([other], [page, listing]).changed_pages == frozenset()

    lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[text_line - 1] = lines[text_line - 1].rstrip("\n") + " preview-marker\n"
    sheet.write_text("".join(lines), encoding="utf-8")
    reloaded = preview.reload([sheet], [page])
    assert reloaded.changed_pages == frozenset({page})
    assert "preview-marker" in (preview.render(page) or "")

    stylesheet = next((project_copy / "themes").rglob("*.css"))
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert preview.reload([stylesheet], [page]).changed_pages == frozenset({page})
