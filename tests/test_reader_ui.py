"""A briefing as readers use it, in a real browser: keyboard, citation cards, contents, citing, print and height budgets."""

from __future__ import annotations

import html as html_lib
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.conftest import require_tool

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BRIEFINGS = sorted(p.stem for p in (ROOT / "content" / "briefings").glob("*.md"))
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
PRINT_PAGES = 10
"""A briefing prints on at most this many A4 pages."""
NARRATIVE_SHARE = 1 / 3
"""At 1280 px the narrative is at least this share of the briefing page's height."""
TARGET = 24
"""Smallest width and height of a citation marker, in CSS pixels (WCAG 2.5.8)."""

_FOCUS = """() => { const e = document.activeElement;
  return {tag: e.tagName.toLowerCase(), cls: String(e.className || ''), text: (e.textContent || '').trim(),
          href: e.getAttribute('href'), inCard: !!e.closest('.cite-card'), inFooter: !!e.closest('.site-footer')}; }"""


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def _focus(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(_FOCUS)
    return found


def _tab_to_marker(page: Page, number: int = 1) -> None:
    for _ in range(300):
        page.keyboard.press("Tab")
        focus = _focus(page)
        if "cite-ref" in focus["cls"] and focus["text"] == str(number):
            return
    pytest.fail(f"Tab never reached citation marker {number}")


def test_a_keyboard_walk_through_a_whole_briefing_reaches_the_footer(desktop: Page, site_url: str) -> None:
    """Tab goes forward in document order through every marker and every card a reader opens, to the footer."""
    page = desktop
    page.goto(site_url + "briefings/2024-deployment/")
    previous = None
    opened = 0
    for _ in range(3000):
        page.keyboard.press("Tab")
        # Each focused element must come after the previous one in the document: no jump back to the top.
        forward = page.evaluate(
            """() => { const e = document.activeElement;
            // A closed card has left the document: compare with the last focus that is still in it.
            const before = window.__last && window.__last.isConnected ? window.__last : window.__outside;
            window.__last = e; if (!e.closest('.cite-card')) window.__outside = e;
            return !before || before === e || !!(before.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
        )
        focus = _focus(page)
        assert forward, f"focus went backwards, from {previous} to {focus}"
        if focus["inFooter"]:
            break
        if "cite-ref" in focus["cls"] and not focus["inCard"]:
            page.keyboard.press("Enter")  # open its card, then Tab through the card's links
            expect(page.locator(".cite-card")).to_have_count(1)
            opened += 1
        previous = focus
    else:
        pytest.fail(f"3000 presses of Tab did not reach the footer; last focus {previous}")
    markers = page.locator(".prose a.cite-ref").count()
    assert opened == markers, f"opened {opened} cards of {markers} markers on the way"


def test_tab_through_an_open_card_continues_after_its_marker(desktop: Page, site_url: str) -> None:
    page = desktop
    page.goto(site_url + "briefings/2023-summit/")
    _tab_to_marker(page, 1)
    page.keyboard.press("Enter")
    card = page.locator(".cite-card")
    expect(card).to_be_visible()
    page.keyboard.press("Tab")
    assert _focus(page)["inCard"], "Tab from an open card's marker goes into the card"
    page.keyboard.press("Shift+Tab")
    assert _focus(page)["text"] == "1", "Shift+Tab from the card's first link goes back to its marker"
    for _ in range(20):
        page.keyboard.press("Tab")
        if not _focus(page)["inCard"]:
            break
    focus = _focus(page)
    assert "cite-ref" in focus["cls"] and focus["text"] == "2", f"after card 1 comes marker 2, not {focus}"
    expect(card).to_have_count(0)


def test_escape_closes_the_card_and_returns_focus_to_its_marker(desktop: Page, site_url: str) -> None:
    page = desktop
    page.goto(site_url + "briefings/arms-transfers/")
    _tab_to_marker(page, 1)
    page.keyboard.press("Enter")
    expect(page.locator(".cite-card")).to_be_visible()
    expect(page.locator("a.cite-ref").first).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focus(page)["inCard"]
    page.keyboard.press("Escape")
    expect(page.locator(".cite-card")).to_have_count(0)
    focus = _focus(page)
    assert "cite-ref" in focus["cls"] and focus["text"] == "1", focus
    expect(page.locator("a.cite-ref").first).to_have_attribute("aria-expanded", "false")
    assert page.locator("a.cite-ref").first.get_attribute("aria-controls") is None
    # The close button does the same.
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Close note 1").click()
    expect(page.locator(".cite-card")).to_have_count(0)
    assert _focus(page)["text"] == "1"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("slug", BRIEFINGS)
def test_every_citation_marker_is_a_24_px_target(browser: Browser, site_url: str, slug: str, viewport: Any) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + f"briefings/{slug}/")
    boxes: list[dict[str, float]] = page.eval_on_selector_all(
        "a.cite-ref",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })",
    )
    context.close()
    assert len(boxes) > 10
    small = [b for b in boxes if b["w"] < TARGET or b["h"] < TARGET]
    assert not small, f"{len(small)} of {len(boxes)} markers are smaller than {TARGET}x{TARGET}: {small[:3]}"
    for a, b in itertools.pairwise(boxes):
        if abs(a["y"] - b["y"]) < 1:  # side by side in a cluster: they must not overlap
            assert b["x"] >= a["x"] + a["w"] - 0.5 or a["x"] >= b["x"] + b["w"] - 0.5, (a, b)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_cards_stay_within_the_window_at_the_page_end(browser: Browser, site_url: str, viewport: Any) -> None:
    # Reduced motion: the theme scrolls smoothly otherwise, and a click during the test's own
    # scroll would place the card against a marker still moving (seen once under load in CI).
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + "briefings/2023-summit/")
    markers = page.locator(".prose a.cite-ref")
    count = markers.count()
    for index in (count - 1, count - 2, 0):
        marker = markers.nth(index)
        marker.scroll_into_view_if_needed()
        # The marker at the very bottom of the window, where a card below it would not fit.
        page.evaluate(
            "i => { const m = document.querySelectorAll('.prose a.cite-ref')[i];"
            " window.scrollBy(0, m.getBoundingClientRect().bottom - window.innerHeight + 4); }",
            index,
        )
        marker.click()
        card = page.locator(".cite-card")
        expect(card).to_be_visible()
        box = card.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (index, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (index, box)
        page.keyboard.press("Escape")
        expect(card).to_have_count(0)
    context.close()


def test_contents_sit_in_the_margin_on_desktop_and_every_link_lands(desktop: Page, site_url: str) -> None:
    page = desktop
    page.goto(site_url + "briefings/2024-deployment/")
    toc = page.locator("nav.toc")
    expect(toc.locator("details")).to_have_attribute("open", "")
    toc_box = toc.bounding_box()
    prose_box = page.locator(".prose").bounding_box()
    assert toc_box and prose_box and toc_box["x"] >= prose_box["x"] + prose_box["width"], "contents in the margin"
    headings = page.eval_on_selector_all(".prose h2", "els => els.map(e => e.id)")
    hrefs = toc.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [h for h in hrefs if h[1:] in headings] == [f"#{h}" for h in headings], "every narrative section, in order"
    assert len(hrefs) > len(headings), "the reference sections are listed too"
    for href in hrefs:
        toc.locator(f'a[href="{href}"]').click()
        target = page.locator(href)
        expect(target).to_be_visible()
        expect(target).to_be_in_viewport()
        # The contents stay in view while reading the narrative and the reference sections (sticky);
        # the notes below them run across the whole width, the margin included.
        if target.evaluate("e => !!e.closest('.briefing-layout')"):
            expect(toc).to_be_in_viewport()


def test_contents_fold_on_a_phone(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "briefings/2023-summit/")
    details = page.locator("nav.toc details")
    assert details.get_attribute("open") is None
    box = page.locator("nav.toc").bounding_box()
    prose = page.locator(".prose").bounding_box()
    assert box and prose and box["y"] < prose["y"], "the folded contents come before the narrative"
    page.locator("nav.toc summary").click()
    first = page.locator("nav.toc a").first
    expect(first).to_be_visible()
    first.click()
    expect(page.locator(first.get_attribute("href") or "")).to_be_in_viewport()
    context.close()


def test_reference_sections_are_folded_and_open_from_their_links(desktop: Page, site_url: str) -> None:
    page = desktop
    page.goto(site_url + "briefings/arms-transfers/")
    appendices = page.locator("details.appendix")
    assert appendices.count() >= 6
    assert all(o is None for o in appendices.evaluate_all("els => els.map(e => e.getAttribute('open'))"))
    page.locator("a.history-link").click()
    expect(page.locator("#history-section")).to_have_attribute("open", "")
    # Folded again by the reader, the same link (the address already ends in #history) opens it again.
    page.locator("#history-section > summary").click()
    expect(page.locator("#history-section")).not_to_have_attribute("open", "")
    page.locator("a.history-link").click()
    expect(page.locator("#history-section")).to_have_attribute("open", "")
    expect(page.locator("#history-section")).to_contain_text("History of changes")
    # Notes are never folded: without a script, markers lead there.
    expect(page.locator("ol.endnotes li").first).to_be_visible()


@pytest.mark.parametrize("slug", BRIEFINGS)
def test_the_narrative_is_a_third_of_the_page_at_1280(desktop: Page, site_url: str, slug: str) -> None:
    page = desktop
    page.goto(site_url + f"briefings/{slug}/")
    share = page.evaluate(
        "() => document.querySelector('.prose').getBoundingClientRect().height / document.documentElement.scrollHeight"
    )
    assert share >= NARRATIVE_SHARE, f"{slug}: the narrative is {share:.0%} of the page"


@pytest.mark.parametrize("slug", BRIEFINGS)
def test_a_briefing_prints_on_at_most_ten_a4_pages(desktop: Page, site_url: str, slug: str) -> None:
    page = desktop
    page.goto(site_url + f"briefings/{slug}/", wait_until="networkidle")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= PRINT_PAGES, f"{slug} prints on {pages} pages"
    page.emulate_media(media="print")
    # Paper keeps the narrative, every note and the sources; the folded reference sections go.
    assert page.locator(".prose").is_visible()
    assert page.locator("ol.endnotes li").last.is_visible()
    assert page.locator("#sources-used").is_visible()
    assert not page.locator("#timeline").is_visible()
    assert not page.locator("nav.toc").is_visible()


def test_cite_this_copies_the_citation_with_the_access_date(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "briefings/2024-deployment/")
    cite = page.locator("details#cite")
    assert page.evaluate(
        "() => document.querySelector('details#cite').getBoundingClientRect().top"
        " < document.querySelector('.prose').getBoundingClientRect().top"
    ), "Cite this comes before the narrative"
    cite.locator("summary").click()
    today = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    expect(cite.locator("[data-copy='BibTeX'] pre")).to_contain_text(f"urldate = {{{today}}}")
    expect(cite.locator("[data-copy='RIS'] pre")).to_contain_text(f"Y2  - {today}")
    plain = cite.locator("[data-copy='Plain text'] .citation-text").inner_text()
    assert "Accessed [" not in plain
    cite.get_by_role("button", name="Copy the Plain text citation").click()
    expect(cite.locator("[data-copy='Plain text'] [role=status]")).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == plain.strip()
    context.close()


def test_without_a_script_cite_this_asks_for_the_date(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "briefings/2023-summit/")
    page.locator("details#cite summary").click()
    expect(page.locator("details#cite")).to_contain_text("Accessed [the date you read it]")
    expect(page.locator("details#cite button")).to_have_count(0)
    context.close()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_every_part_of_a_briefing_open(axe_page: Page, site_url: str, scheme: str) -> None:
    require_tool(AXE_JS.exists(), "node_modules/axe-core")
    page = axe_page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(site_url + "briefings/2023-summit/")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.locator(".prose a.cite-ref").nth(3).click()
    expect(page.locator(".cite-card")).to_be_visible()
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert not violations, violations


def test_the_strict_content_security_policy_holds(site: Path, desktop: Page, site_url: str) -> None:
    """No inline script, handler or style in the HTML; cards, contents and Cite this run without a violation."""
    for html_file in [*sorted((site / "briefings").glob("*/index.html")), site / "index.html"]:
        html = html_file.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, html_file
        rules = html_lib.unescape(policy.group(1))
        assert "'unsafe-inline'" not in rules and "script-src 'self' 'wasm-unsafe-eval';" in rules, rules
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all('src="' in s or 'type="application/ld+json"' in s for s in scripts), scripts
        assert not re.search(r"<[a-z]+[^>]*\s(on[a-z]+|style)=", html), f"inline handler or style in {html_file}"
    page = desktop
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(site_url + "briefings/arms-transfers/")
    page.locator(".prose a.cite-ref").first.click()
    expect(page.locator(".cite-card")).to_be_visible()
    page.locator("details#cite summary").click()
    expect(page.locator("details#cite button").first).to_be_visible()
    page.locator("nav.toc a").nth(2).click()
    assert not violations, violations


def test_the_contents_mark_the_section_being_read(desktop: Page, site_url: str) -> None:
    page = desktop
    page.goto(site_url + "briefings/2023-summit/")
    headings = page.eval_on_selector_all(".prose h2", "els => els.map(e => e.id)")
    for heading in (headings[2], headings[-1]):
        page.evaluate(
            "id => document.getElementById(id).scrollIntoView({block: 'start', behavior: 'instant'})", heading
        )
        current = page.locator("nav.toc a[aria-current]")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("href", f"#{heading}")
