"""What a reader does in a real browser: tap, hover and follow evidence to the highlighted passage."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def test_tapping_a_marker_opens_its_card_on_a_touch_screen(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "briefings/arms-transfers/")
    marker = page.locator("a.cite-ref").first
    marker.tap()
    card = page.locator(".cite-card")
    expect(card).to_be_visible()
    expect(card.locator("blockquote")).not_to_be_empty()
    expect(card).to_contain_text("Read in source, paragraph")
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390, "the card must fit a phone screen"
    page.locator("h1").tap()
    expect(card).to_have_count(0)
    context.close()


def test_hovering_a_marker_shows_the_quote_and_escape_closes_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "briefings/2024-deployment/")
    marker = page.locator("a.cite-ref").nth(2)
    marker.hover()
    card = page.locator(".cite-card")
    expect(card).to_be_visible()
    note = page.locator(marker.get_attribute("href") or "")
    quote = note.locator("blockquote").inner_text()
    expect(card.locator("blockquote")).to_have_text(quote)
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)


def test_fact_evidence_leads_to_the_highlighted_quote(page: Page, site_url: str) -> None:
    page.goto(site_url + "facts/")
    first = page.locator(".fact-item a").first
    first.click()
    evidence = page.locator("figure.evidence").first
    quoted = evidence.locator("mark").inner_text()
    link = evidence.get_by_role("link", name=re.compile(r"^Read in source, paragraph \d+$"))
    href = link.get_attribute("href") or ""
    anchor = href.split("#")[1]
    assert anchor.startswith("q-")
    link.click()
    expect(page).to_have_url(re.compile(rf"/sources/[a-z0-9-]+/#{anchor}$"))
    target = page.locator(f"mark#{anchor}")
    expect(target).to_be_in_viewport()
    assert page.evaluate(f"document.getElementById('{anchor}').matches(':target')")
    assert " ".join(target.inner_text().split()) == " ".join(quoted.split())
    background = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the targeted quote is highlighted"


def test_topic_filter_on_the_facts_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "facts/")
    page.get_by_role("button", name=re.compile("^2024 deployment")).click()
    expect(page.locator("#topic-2024-deployment")).to_be_visible()
    expect(page.locator("#topic-2023-summit")).to_be_hidden()
    page.get_by_role("button", name=re.compile("^2024 deployment")).click()
    expect(page.locator("#topic-2023-summit")).to_be_visible()
