"""Issue 8: the built site is valid HTML, accessible, light, self-contained and has no broken links."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.conftest import ROOT, require_tool

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BRIEFING = "briefings/arms-transfers/"
SOURCE = "sources/riverbender-ap-2023/"
# Bytes, briefing HTML plus site.css, uncompressed: 100 kB, plus 5 kB for the contents, the Cite this formats and
# their styles, plus 5 kB for the six notes the 2023 narrative gained (issue 16); about 20 kB compressed.
PAGE_BUDGET = 110_000


def first_fact(site: Path) -> str:
    return sorted(p.name for p in (site / "facts").iterdir() if p.is_dir())[0]


def first_entity(site: Path) -> str:
    return sorted(p.name for p in (site / "entities").iterdir() if p.is_dir())[0]


def page_types(site: Path) -> dict[str, str]:
    """One path (relative to the site root) per page type."""
    return {
        "home": "",
        "briefing": BRIEFING,
        "sources": "sources/",
        "source": SOURCE,
        "facts": "facts/",
        "fact": f"facts/{first_fact(site)}/",
        "entities": "entities/",
        "entity": f"entities/{first_entity(site)}/",
        "timeline": "timeline/",
        "about": "about/",
        "404": "no-such-page/",
    }


PAGE_TYPES = [
    "home",
    "briefing",
    "sources",
    "source",
    "facts",
    "fact",
    "entities",
    "entity",
    "timeline",
    "about",
    "404",
]


# --- HTML validity -----------------------------------------------------------------------------


@pytest.mark.slow
def test_every_page_is_valid_html(site: Path) -> None:
    require_tool(shutil.which("java") is not None and VNU_JAR.exists(), "java and node_modules/vnu-jar")
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts]
    assert len(pages) > 50, "the built site should have many pages"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if "/pagefind/" not in m.get("url", "")]
    lines = [
        f"{m.get('url', '').removeprefix('file:' + str(site))}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in errors
    ]
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(lines[:50])


# --- Page weight and JavaScript ----------------------------------------------------------------


class _HeadScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.blocking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "script" and self.in_head:
            a = dict(attrs)
            if a.get("src") and "defer" not in a and "async" not in a and a.get("type") != "module":
                self.blocking.append(a["src"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def test_briefing_pages_fit_the_weight_budget(site: Path) -> None:
    css = (site / "theme" / "css" / "site.css").stat().st_size
    briefings = sorted((site / "briefings").glob("*/index.html"))
    assert briefings
    over = {
        str(p.relative_to(site)): p.stat().st_size + css for p in briefings if p.stat().st_size + css >= PAGE_BUDGET
    }
    assert not over, f"HTML + site.css ({css} bytes) over {PAGE_BUDGET} bytes: {over}"


def test_no_render_blocking_javascript(site: Path) -> None:
    blocking = {}
    for path in site.rglob("*.html"):
        parser = _HeadScripts()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.blocking:
            blocking[str(path.relative_to(site))] = parser.blocking
    assert not blocking, f"render-blocking scripts in <head>: {blocking}"


# --- Links ---------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        for name in ("href", "src"):
            value = a.get(name)
            if value and not (tag == "link" and name == "href" and a.get("rel") in ("canonical",)):
                self.links.append(value)


def _fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            return response.status, response.headers.get_content_type(), body.decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def crawl(base: str) -> list[str]:
    """Follow every same-origin link from the home page; return the problems found."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    pages: dict[str, set[str] | None] = {}  # url -> ids (None when not HTML)
    referrers: dict[str, set[tuple[str, str]]] = {}  # url -> {(from page, fragment)}
    problems: list[str] = []
    queue = [base]
    seen = {base}
    while queue:
        url = queue.pop()
        status, ctype, body = _fetch(url)
        if status != 200:
            froms = sorted({f for f, _ in referrers.get(url, set())})[:3]
            problems.append(f"{url} returned {status} (linked from {froms})")
            pages[url] = None
            continue
        if ctype != "text/html":
            pages[url] = None
            continue
        parser = _Links()
        parser.feed(body)
        pages[url] = parser.ids
        for raw in parser.links:
            target = urljoin(url, raw)
            if not target.startswith(origin + "/"):
                if urlsplit(target).scheme in ("http", "https"):
                    problems.append(f"{url} links to another host: {raw}")
                continue
            clean, fragment = urldefrag(target)
            clean = clean.split("?", 1)[0]
            if "/pagefind/" in clean:
                continue
            if not clean.startswith(base):
                problems.append(f"{url} links outside the site's base {base}: {raw}")
                continue
            referrers.setdefault(clean, set()).add((url, fragment))
            if clean not in seen:
                seen.add(clean)
                queue.append(clean)
    for target, refs in referrers.items():
        ids = pages.get(target)
        for source, fragment in refs:
            if fragment and ids is not None and fragment not in ids:
                problems.append(f"{source} links to missing anchor {target}#{fragment}")
    assert len(pages) > 100, f"crawl found only {len(pages)} URLs from {base}"
    return sorted(problems)


@pytest.mark.slow
def test_no_broken_links_at_the_root(site_url: str) -> None:
    problems = crawl(site_url)
    assert not problems, f"{len(problems)} link problems:\n" + "\n".join(problems[:40])


@pytest.mark.slow
def test_no_broken_links_under_a_sub_path(subpath_url: str) -> None:
    assert subpath_url.endswith("/briefings-site/")
    problems = crawl(subpath_url)
    assert not problems, f"{len(problems)} link problems:\n" + "\n".join(problems[:40])


# --- In the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pages_by_type(site: Path) -> dict[str, str]:
    return page_types(site)


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context that lets axe's script in despite the site's Content-Security-Policy."""
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violations(
    axe_context: BrowserContext,
    site_url: str,
    pages_by_type: dict[str, str],
    kind: str,
    scheme: Literal["light", "dark"],
) -> None:
    require_tool(AXE_JS.exists(), "node_modules/axe-core")
    page = axe_context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + pages_by_type[kind], wait_until="load")
    if kind == "source":
        details = page.locator("details.removed")
        assert details.count() == 1, "the source page should show removed furniture in <details>"
        page.locator("details.removed > summary").click()
        assert details.get_attribute("open") is not None
    violations = _axe(page)
    report = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(f"{n['target']} {n.get('failureSummary', '')[:200]!r}" for n in v["nodes"][:5])
        for v in violations
    ]
    page.close()
    assert not violations, f"{kind} in {scheme}:\n" + "\n".join(report)


def _active(page: Page) -> dict[str, str]:
    active: dict[str, str] = page.evaluate(
        """() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className || '',
                href: e.getAttribute('href'), text: (e.textContent || '').trim()}; }"""
    )
    return active


@pytest.mark.browser
def test_skip_link_comes_first_and_moves_focus_to_main(page: Page, site_url: str) -> None:
    page.goto(site_url + BRIEFING)
    page.keyboard.press("Tab")
    first = _active(page)
    assert first["cls"] == "skip-link", first
    assert page.locator("a.skip-link").is_visible(), "the skip link must be visible when focused"
    page.keyboard.press("Enter")
    assert _active(page)["id"] == "main"


@pytest.mark.browser
def test_navigation_is_reachable_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url)
    nav = set(page.eval_on_selector_all(".site-nav a", "els => els.map(e => e.getAttribute('href'))"))
    assert len(nav) >= 5
    reached = set()
    for _ in range(len(nav) + 10):
        page.keyboard.press("Tab")
        reached.add(_active(page)["href"])
    assert nav <= reached, f"not reachable by Tab: {nav - reached}"


@pytest.mark.browser
def test_citation_card_by_keyboard_leads_to_the_paragraph(page: Page, site_url: str) -> None:
    page.goto(site_url + BRIEFING)
    for _ in range(200):
        page.keyboard.press("Tab")
        if "cite-ref" in _active(page)["cls"]:
            break
    else:
        pytest.fail("no citation marker reached by Tab")
    page.keyboard.press("Enter")
    card = page.locator(".cite-card")
    assert card.count() == 1 and card.is_visible(), "Enter on a marker should show its card"
    for _ in range(10):
        page.keyboard.press("Tab")
        active = _active(page)
        if active["text"].startswith("Read in source, paragraph"):
            break
    else:
        pytest.fail("Tab from the marker did not reach the card's 'Read in source' link")
    match = re.search(r"paragraph (\d+)", active["text"])
    assert match
    number = match.group(1)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sources/[^/]+/#q-[a-z0-9-]+-\d+$"))
    # The quote's own anchor, inside the paragraph the link names.
    target = page.evaluate(
        "() => { const t = document.querySelector(':target'); return t && [t.tagName, t.closest('li').id]; }"
    )
    assert target == ["MARK", f"p{number}"]


@pytest.mark.browser
def test_reading_works_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + BRIEFING)
        assert page.locator(".prose").is_visible()
        assert page.locator(".prose p").first.is_visible()
        assert page.locator("ol.endnotes li.endnote").first.is_visible()
        marker = page.locator("a.cite-ref").first
        href = marker.get_attribute("href") or ""
        assert re.fullmatch(r"#note-\d+", href), href
        marker.click()
        assert page.url.endswith(href)
        assert page.evaluate("() => document.querySelector(':target').id") == href[1:]
        assert page.locator(href).is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_no_page_requests_another_host(page: Page, site_url: str, pages_by_type: dict[str, str]) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    paths = [*pages_by_type.values(), "search/?q=Rajin"]
    for path in paths:
        page.goto(site_url + path, wait_until="networkidle")
    page.goto(site_url + BRIEFING, wait_until="networkidle")
    page.locator("a.cite-ref").first.hover()
    page.wait_for_timeout(300)
    outside = [
        u
        for u in requested
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert len(requested) > len(paths)
    assert not outside, f"requests to other hosts: {outside}"
