"""Search (issue 5): Pagefind indexes main content only, and the search page works in a real browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.content.siteconfig import load_site_config
from generator.problems import Problems
from generator.site.search import BUNDLE_DIR, indexed_fragments
from tests.conftest import ROOT, require_tool

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FOOTER_TEXT = "checked by machine at every build"
RAJIN_BRIEFING = "briefings/arms-transfers/"
RAJIN_FACT = "facts/mod-report-20000-containers-via-rajin/"
ALIAS_ENTITY = "entities/choe-son-hui/"


# --- The built bundle, without a browser -------------------------------------------------------


@pytest.fixture(scope="module")
def fragments(site: Path) -> list[dict[str, Any]]:
    return indexed_fragments(site)


def test_bundle_is_written(site: Path) -> None:
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text())
    assert "en" in entry["languages"]
    for name in ("pagefind.js", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-worker.js"):
        assert (site / BUNDLE_DIR / name).is_file(), name


def test_only_main_content_is_indexed(site: Path, fragments: list[dict[str, Any]]) -> None:
    assert fragments
    for fragment in fragments:
        content = fragment["content"]
        assert FOOTER_TEXT not in content, fragment["url"]
        assert "Skip to content" not in content, fragment["url"]
        assert "Search the briefings" not in content, fragment["url"]
    urls = {f["url"] for f in fragments}
    assert "/search/" not in urls  # the search page has no data-pagefind-body
    # Hidden filter values are not words on the page.
    fact = next(f for f in fragments if f["url"] == "/" + RAJIN_FACT)
    assert "Arms transfers" not in fact["content"]


def test_every_fact_is_its_own_result(site: Path, fragments: list[dict[str, Any]]) -> None:
    facts = {p.parent.name for p in (site / "facts").glob("*/index.html")}
    indexed = {f["url"].split("/")[2] for f in fragments if f["url"].startswith("/facts/") and f["url"] != "/facts/"}
    assert facts and facts <= indexed
    for fragment in fragments:
        if fragment["url"].startswith("/facts/") and fragment["url"] != "/facts/":
            assert fragment["filters"]["type"] == ["fact"]
            assert fragment["meta"]["title"]


def test_filters_and_meta(fragments: list[dict[str, Any]]) -> None:
    names = {name for f in fragments for name in f["filters"]}
    assert names == {"type", "topic", "outlet", "year"}
    types = {t for f in fragments for t in f["filters"].get("type", [])}
    assert types == {"briefing", "fact", "source", "entity"}
    briefing = next(f for f in fragments if f["url"] == "/" + RAJIN_BRIEFING)
    assert briefing["filters"]["type"] == ["briefing"]
    assert briefing["meta"]["title"] and briefing["meta"]["date"]
    assert briefing["filters"]["topic"] and briefing["filters"]["year"]
    source = next(f for f in fragments if f["filters"].get("type") == ["source"])
    assert source["meta"]["outlet"] == source["filters"]["outlet"][0]
    anchors = {a["id"] for a in briefing["anchors"]}
    assert "timeline" in anchors  # sub-results can deep-link to sections


def test_alias_is_indexed_on_the_entity(fragments: list[dict[str, Any]]) -> None:
    entity = next(f for f in fragments if f["url"] == "/" + ALIAS_ENTITY)
    assert "Choe Sun Hui" in entity["content"]


# --- In the browser ----------------------------------------------------------------------------


def search_input(page: Page) -> Any:
    return page.locator("pagefind-input input")


def result_links(page: Page) -> list[str]:
    """Hrefs of every result and sub-result, after scrolling each lazily loaded result into view."""
    page.wait_for_function(
        """() => {
          const results = [...document.querySelectorAll("pagefind-results .pf-result")];
          const waiting = results.find((r) => !r.querySelector(".pf-result-link"));
          if (waiting) waiting.scrollIntoView({ block: "center" });
          return results.length > 0 && !waiting;
        }""",
        polling=100,
    )
    return [str(a.get_attribute("href")) for a in page.locator("pagefind-results a").all()]


def run_search(page: Page, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    box = search_input(page)
    box.fill(query)
    expect(page.locator("pagefind-summary")).to_contain_text(query)
    return result_links(page)


def path_of(href: str) -> str:
    return urlsplit(href).path


@pytest.mark.browser
def test_rajin_finds_briefing_and_fact(page: Page, site_url: str) -> None:
    links = [path_of(h) for h in run_search(page, site_url, "Rajin")]
    assert "/" + RAJIN_BRIEFING in links
    assert "/" + RAJIN_FACT in links  # the fact is its own result, at its permalink
    assert any("#" in h for h in run_search(page, site_url, "Rajin"))  # sub-results deep-link to sections


@pytest.mark.browser
def test_filter_by_topic(page: Page, site_url: str) -> None:
    before = set(run_search(page, site_url, "Choe"))
    assert "/facts/lee-choe-extended-stay/" in before
    page.locator('pagefind-filter-pane details[data-filter-name="topic"] summary').click()
    page.locator('input.pf-checkbox-input[name="topic"][value="2023 summit"]').check()
    expect(page.locator("pagefind-results a[href='/facts/lee-choe-extended-stay/']")).to_have_count(0)
    after = set(result_links(page))
    assert "/facts/choe-sun-hui-likely-in-delegation/" in after
    assert after < before


@pytest.mark.browser
def test_alias_finds_entity(page: Page, site_url: str) -> None:
    links = run_search(page, site_url, "Choe Sun Hui")
    assert "/" + ALIAS_ENTITY in links


@pytest.mark.browser
def test_works_under_a_sub_path(page: Page, subpath_url: str) -> None:
    links = run_search(page, subpath_url, "Rajin")
    assert links
    assert all(path_of(h).startswith("/briefings-site/") for h in links), links
    assert "/briefings-site/" + RAJIN_BRIEFING in links
    expect(page.locator(".briefing-hits")).to_be_visible()
    hits = [str(a.get_attribute("href")) for a in page.locator(".briefing-hits a").all()]
    assert hits and all(path_of(h).startswith("/briefings-site/briefings/") for h in hits), hits
    page.locator(f"pagefind-results a[href='/briefings-site/{RAJIN_FACT}']").click()
    expect(page).to_have_url(subpath_url + RAJIN_FACT)


@pytest.mark.browser
def test_query_in_the_address_runs_the_search(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=Rajin")
    expect(search_input(page)).to_have_value("Rajin")
    assert "/" + RAJIN_FACT in result_links(page)
    expect(page.locator("#site-search-q")).to_have_value("Rajin")
    search_input(page).fill("Choe Sun Hui")
    expect(page).to_have_url(site_url + "search/?q=Choe+Sun+Hui")


@pytest.mark.browser
def test_keyboard_only(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.keyboard.press("Tab")  # skip link
    for _ in range(15):
        if page.evaluate("document.activeElement && document.activeElement.id") == "site-search-q":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the header search box is not reachable by Tab")
    page.keyboard.type("Rajin")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "search/?q=Rajin")
    expect(page.locator("pagefind-results .pf-result-link").first).to_be_visible()
    search_input(page).focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pf-result-link')"):
            break
    else:
        pytest.fail("no result link is reachable by Tab from the search box")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + str(href).lstrip("/"))


@pytest.mark.browser
def test_no_request_leaves_localhost(page: Page, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    run_search(page, site_url, "Rajin")
    page.locator('pagefind-filter-pane details[data-filter-name="type"] summary').click()
    page.locator('input.pf-checkbox-input[name="type"][value="fact"]').check()
    result_links(page)
    page.goto(site_url + "search/?q=Choe+Sun+Hui")
    result_links(page)
    assert requests
    outside = [u for u in requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))]
    assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_passes_axe(browser: Browser, site_url: str, scheme: str) -> None:
    require_tool(AXE.exists(), "axe-core (npm install axe-core)")
    # The site's CSP forbids inline scripts, which is how Playwright injects axe: bypass it here only.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_url + "search/?q=Rajin")
    result_links(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    context.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []


def test_fact_results_index_the_quote_not_the_paragraph_around_it(site: Path, fragments: list[dict[str, Any]]) -> None:
    """The paragraph around a quote is shown on the fact page but indexed only on the
    source page: a fact is found by its statement and the quoted words."""
    import html as html_module
    import re

    by_url = {f["url"]: f["content"] for f in fragments}
    checked = 0
    for page in sorted((site / "facts").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        for raw_before, raw_quoted in re.findall(
            r"<p><span(?: data-pagefind-ignore)?>(.*?)</span><mark>(.*?)</mark>", text
        ):
            before, quoted = html_module.unescape(raw_before).strip(), html_module.unescape(raw_quoted)
            if len(before.split()) < 6:
                continue
            content = by_url["/" + page.parent.relative_to(site).as_posix() + "/"]
            assert " ".join(quoted.split()[:4]) in content
            # Where the context meets the quote: indexed on the source page, not on the fact page.
            seam = " ".join([*before.split()[-3:], *quoted.split()[:3]])
            if not any(seam in other for other in by_url.values()):
                continue  # the seam is not one run of text (punctuation, markup between)
            assert seam not in content, page
            checked += 1
    assert checked > 20


# --- Result types, briefings first, number questions (issue 16) -------------------------------


def test_every_result_has_a_type_label(fragments: list[dict[str, Any]]) -> None:
    labels = {"briefing": {"Briefing"}, "fact": {"Fact"}, "source": {"Source"}}
    site = load_site_config(ROOT / "content" / "site.yaml", Problems())
    assert site is not None
    singular = {kind.slug: kind.singular for kind in site.entity_kinds}
    for fragment in fragments:
        kind = fragment["meta"].get("kind")
        assert kind, fragment["url"]
        expected = labels.get(fragment["filters"].get("type", ["page"])[0], {"Page", *singular.values()})
        assert kind in expected, (fragment["url"], kind)
    entity = next(f for f in fragments if f["url"] == "/" + ALIAS_ENTITY)
    assert entity["meta"]["kind"] == "Person"


def first_links(page: Page, base: str, query: str) -> list[str]:
    """Paths of the links a reader sees first: the briefings block, then Pagefind's ranked results."""
    run_search(page, base, query)
    expect(page.locator(".briefing-hits")).to_be_visible()
    return [path_of(str(a.get_attribute("href"))) for a in page.locator(".briefing-hits a, a.pf-result-link").all()]


@pytest.mark.browser
def test_results_show_their_type(page: Page, site_url: str) -> None:
    run_search(page, site_url, "Choe")
    kinds = [k.strip() for k in page.locator("pagefind-results .pf-result .result-kind").all_text_contents()]
    assert len(kinds) == page.locator("pagefind-results .pf-result").count()
    assert {"Fact", "Person"} <= set(kinds)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "briefing"),
    [("Rajin", "arms-transfers"), ("Choe Sun Hui", "2024-deployment"), ("arms transfers", "arms-transfers")],
)
def test_briefings_come_first_for_names_and_topics(page: Page, site_url: str, query: str, briefing: str) -> None:
    links = first_links(page, site_url, query)
    assert links[0].startswith("/briefings/"), links[:5]
    assert f"/briefings/{briefing}/" in links[:3], links[:5]


@pytest.mark.browser
def test_a_number_question_finds_the_figure(page: Page, site_url: str) -> None:
    links = list(dict.fromkeys(path_of(h) for h in run_search(page, site_url, "how many North Korean troops")))
    assert "/facts/nis-about-11000-soldiers-to-kursk-late-october/" in links[:5], links[:8]
    shells = list(dict.fromkeys(path_of(h) for h in run_search(page, site_url, "how many shells")))
    assert shells[0] == "/facts/mod-report-up-to-9-4-million-152mm-shells/", shells[:5]


@pytest.mark.browser
def test_a_long_result_list_is_cut_and_says_so(page: Page, site_url: str) -> None:
    cut = 100  # max-results of search.html
    run_search(page, site_url, "Rajin")
    assert 0 < page.locator("pagefind-results .pf-result").count() < cut
    expect(page.locator(".search-capped")).to_be_hidden()

    page.goto(site_url + "search/?q=Russia")
    summary = page.locator("pagefind-summary")
    expect(summary).to_have_text(re.compile(r"^[\d,]+ results for Russia$"))
    total = int(summary.inner_text().split()[0].replace(",", ""))
    assert total > cut  # every page names Russia
    expect(page.locator("pagefind-results .pf-result")).to_have_count(cut)
    expect(page.locator(".search-capped")).to_have_text(
        f"Showing the first {cut} of {total:,} results. Add words or choose filters above to narrow the search."
    )
