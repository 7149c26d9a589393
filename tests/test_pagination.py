"""Pagination of the facts, timeline and sources listings: URLs, grouping, navigation, rebuilds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.build import BuildOptions, build_site
from generator.site import plan as views
from generator.site import urls
from generator.site.pagination import Pagination, Section, paginate
from tests.conftest import require_tool
from tests.sample import write_sample
from tests.test_quality import AXE_JS, VNU_JAR, _axe
from tests.tools.serving import serve

SIZE = 4
"""Listing page size of the paginated builds: the sample gets several pages of each listing."""

TOPIC_CYCLE = (["2023-summit"], ["2024-deployment"], ["arms-transfers", "2023-summit"], ["arms-transfers"])


def _extra_facts(count: int) -> str:
    """Facts in every topic (some in two), dated across three years, each citing a sample quote."""
    lines = ["facts:"]
    for n in range(count):
        topics = TOPIC_CYCLE[n % len(TOPIC_CYCLE)]
        date = f'"{2023 + n % 3}-0{1 + n % 9}"'
        lines += [
            f"  - id: extra-{n:02d}",
            f"    statement: Officials said the container figure may rise in March (report {n}).",
            f"    date: {date}",
            "    date_precision: month",
            "    kind: assessment",
            "    status: reported",
            f"    topics: [{', '.join(topics)}]",
            "    entities: []",
            "    citations:",
            "      - source: gazette-2025-03-03" if n % 2 else "      - source: courier-2025-03-04",
            '        quote: "Officials said the figure may rise in March"'
            if n % 2
            else '        quote: "the new crane was installed on Friday"',
        ]
    return "\n".join(lines) + "\n"


def _project(root: Path, extra: int = 14) -> Path:
    write_sample(root)
    (root / "content" / "facts" / "extra.yaml").write_text(_extra_facts(extra), encoding="utf-8")
    return root


def _build(root: Path, output: Path, size: int, incremental: bool = True) -> int | None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "LISTING_PAGE_SIZE", size)
        return build_site(BuildOptions(root=root, output=output, search=False, incremental=incremental)).rendered


def _html(site: Path, path: str) -> str:
    return (site / urls.save_as(path)).read_text(encoding="utf-8")


def _listing(site: Path, listing: str) -> list[str]:
    """Paths of every page of a listing, following the next links from the first page."""
    paths = [listing]
    while match := re.search(r'<a href="/([^"]*)" rel="next">', _html(site, paths[-1])):
        paths.append(match.group(1))
    return paths


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]


def _ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def _starts(site: Path, pages: list[str], prefix: str) -> dict[str, str]:
    """For each section key (id without `prefix`), the first listing page holding it."""
    starts: dict[str, str] = {}
    for path in pages:
        for section, _ in _sections(_html(site, path), prefix):
            starts.setdefault(section.removeprefix(prefix), path)
    return starts


def _sections(html: str, prefix: str) -> list[tuple[str, list[str]]]:
    """(section id, fact ids linked in it) for each section whose id starts with prefix."""
    parts = re.split(r'<section id="|<section aria-labelledby="', html)[1:]
    found = []
    for part in parts:
        key = part.split('"', 1)[0]
        if key.startswith(prefix):
            body = part.split("</section>", 1)[0]
            found.append((key, re.findall(r'href="/facts/([^"/]+)/"', body)))
    return found


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with extra facts, built with SIZE entries per listing page."""
    root = _project(tmp_path_factory.mktemp("paged") / "project")
    output = root.parent / "out"
    _build(root, output, SIZE, incremental=False)
    return output


def _facts_json(site: Path) -> list[dict[str, object]]:
    text = (site / "data" / "facts.json").read_text(encoding="utf-8")
    data = json.loads(text)
    facts: list[dict[str, object]] = data["facts"]
    return facts


# --- Planning ------------------------------------------------------------------------------------


def test_paginate_splits_groups_and_marks_continuations() -> None:
    pages = paginate([("a", [1, 2, 3]), ("b", []), ("c", [4, 5, 6, 7, 8])], 3)
    assert pages == [
        (Section("a", (1, 2, 3)), Section("b", ())),
        (Section("c", (4, 5, 6)),),
        (Section("c", (7, 8), continued=True),),
    ]
    assert paginate([], 3) == [()]
    assert paginate([("a", [1, 2])], 500) == [(Section("a", (1, 2)),)]
    with pytest.raises(ValueError, match="at least one entry"):
        paginate([("a", [1])], 0)


def test_page_window_and_urls() -> None:
    paths = tuple(urls.facts_page(n) for n in range(1, 101))
    assert paths[:3] == ("facts/", "facts/page/2/", "facts/page/3/")
    assert urls.timeline_page(7) == "timeline/page/7/" and urls.sources_page(1) == "sources/"
    assert Pagination(1, paths).window() == (1, 2, 3, None, 100)
    assert Pagination(5, paths).window() == (1, 2, 3, 4, 5, 6, 7, None, 100)
    assert Pagination(50, paths).window() == (1, None, 48, 49, 50, 51, 52, None, 100)
    assert Pagination(100, paths).window() == (1, None, 98, 99, 100)
    assert Pagination(2, paths[:3]).window() == (1, 2, 3)
    assert Pagination(50, paths).suffix == ", page 50 of 100"
    assert Pagination(1, paths[:1]).suffix == ""


# --- A paginated build ---------------------------------------------------------------------------


def test_facts_listing_pages_hold_every_topic_entry_once(paged: Path) -> None:
    facts = _facts_json(paged)
    expected = Counter((str(t), str(f["id"])) for f in facts for t in f["topics"])  # type: ignore[attr-defined]
    pages = _listing(paged, "facts/")
    assert len(pages) == -(-sum(expected.values()) // SIZE) > 3
    assert pages == [urls.facts_page(n) for n in range(1, len(pages) + 1)]
    assert not (paged / "facts" / "page" / "1").exists()
    seen: Counter[tuple[str, str]] = Counter()
    headings: Counter[str] = Counter()
    for number, path in enumerate(pages, 1):
        html = _html(paged, path)
        assert f"<title>All facts, page {number} of {len(pages)} ·" in html
        assert f'<h1>All facts<span class="page-of">, page {number} of {len(pages)}</span></h1>' in html
        ids = _ids(html)
        assert len(ids) == len(set(ids)), f"duplicate ids on {path}"
        entries = 0
        for section, fact_ids in _sections(html, "topic-"):
            topic = section.removeprefix("topic-")
            seen.update((topic, f) for f in fact_ids)
            entries += len(fact_ids)
            heading = re.search(rf'<h2 id="h-{topic}">(.*?)</h2>', html)
            assert heading
            continued = "(continued)" in heading.group(1)
            assert continued == (topic in headings), f"{topic} on {path}"
            headings[topic] += 1
        assert entries <= SIZE
        assert "data-pagefind-body" not in html
    assert seen == expected


def test_facts_topic_navigation_links_to_where_each_topic_starts(paged: Path) -> None:
    facts = _facts_json(paged)
    totals = Counter(str(t) for f in facts for t in f["topics"])  # type: ignore[attr-defined]
    pages = _listing(paged, "facts/")
    starts = _starts(paged, pages, "topic-")
    for path in pages:
        html = _html(paged, path)
        nav = html.split('<nav class="topic-filter" aria-label="Topics">', 1)[1].split("</nav>", 1)[0]
        links = re.findall(
            r'<a href="([^"]*)#topic-([^"]+)"( data-topic="[^"]+")?>.*?<span class="count">(\d+)</span>', nav
        )
        assert [topic for _, topic, _, _ in links] == ["2023-summit", "2024-deployment", "arms-transfers"]
        here = {section.removeprefix("topic-") for section, _ in _sections(html, "topic-")}
        for target, topic, filter_attr, count in links:
            assert int(count) == totals[topic]
            assert (target or "/" + path) == "/" + starts[topic]
            assert f'id="topic-{topic}"' in _html(paged, starts[topic])
            # The script's filter can only show sections of this page; other topics stay links.
            assert bool(filter_attr) == (topic in here)


def test_pager_links_previous_next_and_current(paged: Path) -> None:
    for listing in ("facts/", "timeline/"):
        pages = _listing(paged, listing)
        assert len(pages) > 2
        for number, path in enumerate(pages, 1):
            html = _html(paged, path)
            navs = re.findall(r'<nav class="pager" aria-label="(Pages[^"]*)">(.*?)</nav>', html, re.DOTALL)
            assert [label for label, _ in navs] == ["Pages", "Pages, end of list"]
            nav = navs[0][1]
            assert re.findall(r'<a href="/([^"]*)" aria-current="page">', nav) == [path]
            previous = re.findall(r'<a href="/([^"]*)" rel="prev">', nav)
            assert previous == ([pages[number - 2]] if number > 1 else [])
            following = re.findall(r'<a href="/([^"]*)" rel="next">', nav)
            assert following == ([pages[number]] if number < len(pages) else [])
            linked = re.findall(r'<a href="/([^"]*)"', nav)
            assert pages[0] in linked and pages[-1] in linked


def test_timeline_pages_keep_the_order_and_the_years(paged: Path) -> None:
    facts = _facts_json(paged)
    dated = sorted((str(f["date"]), str(f["id"])) for f in facts if f["date"])
    pages = _listing(paged, "timeline/")
    assert len(pages) == -(-len(dated) // SIZE)
    listed: list[str] = []
    years: list[str] = []
    for number, path in enumerate(pages, 1):
        html = _html(paged, path)
        assert f"<title>Timeline, page {number} of {len(pages)} ·" in html
        for section, fact_ids in _sections(html, "y"):
            year = section.removeprefix("y")
            heading = re.search(rf'<h2 id="y{year}">(.*?)</h2>', html)
            assert heading and ("(continued)" in heading.group(1)) == (year in years)
            years += [year]
            listed += fact_ids
        assert "data-pagefind-body" not in html
    assert listed == [fact_id for _, fact_id in dated]
    assert years == sorted(years)


def test_sitemap_lists_every_listing_page(paged: Path) -> None:
    sitemap = (paged / "sitemap.xml").read_text(encoding="utf-8")
    for listing in ("facts/", "timeline/", "sources/"):
        for path in _listing(paged, listing):
            assert f"<loc>/{path}</loc>" in sitemap


def test_sources_listing_pages_keep_the_order(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output, 1, incremental=False)
    pages = _listing(output, "sources/")
    assert pages == ["sources/", "sources/page/2/"]
    listed = [re.findall(r'<h2><a href="/sources/([^"/]+)/">', _html(output, p)) for p in pages]
    assert listed == [["gazette-2025-03-03"], ["courier-2025-03-04"]]  # by publication date
    second = _html(output, pages[1])
    assert "<title>Sources, page 2 of 2 ·" in second
    assert "The 2 articles every fact rests on" in second
    assert "1 facts cite it" not in second and "facts cite it" in second
    # One entry per page: the facts listing has many pages, so the pager elides the far ones.
    facts = _listing(output, "facts/")
    nav = _html(output, facts[0]).split('aria-label="Pages"', 1)[1].split("</nav>", 1)[0]
    assert nav.count('<li class="pager-gap" aria-hidden="true">…</li>') == 1
    assert len(re.findall(r'<a href="/facts/', nav)) == 5  # 1, 2, 3, the last, next


def test_below_the_threshold_listings_are_single_pages(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    default = tmp_path / "default"
    exact = tmp_path / "exact"
    _build(root, default, views.LISTING_PAGE_SIZE, incremental=False)
    entries = sum(len(f["topics"]) for f in _facts_json(default))  # type: ignore[arg-type,misc]
    _build(root, exact, entries, incremental=False)
    for listing in ("facts/", "timeline/", "sources/"):
        html = _html(default, listing)
        assert _html(exact, listing) == html
        assert "pager" not in html and "page-of" not in html and "(continued)" not in html
        assert not (default / listing / "page").exists()
    assert "<h1>All facts</h1>" in _html(default, "facts/")
    assert '<a href="#topic-2023-summit" data-topic="2023-summit">' in _html(default, "facts/")


def _inodes(directory: Path) -> dict[str, int]:
    return {str(p.relative_to(directory)): p.stat().st_ino for p in directory.rglob("*.html")}


def test_fact_edit_rerenders_only_the_listing_pages_holding_it(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    output = tmp_path / "out"
    _build(root, output, SIZE)
    before = _inodes(output)
    listing_pages = {p for p in before if p.startswith(("facts/index", "facts/page/", "timeline/", "sources/index"))}
    listing_pages |= {p for p in before if p.startswith("sources/page/")}
    holding = {
        urls.save_as(path)
        for listing in ("facts/", "timeline/")
        for path in _listing(output, listing)
        if 'href="/facts/extra-05/"' in _html(output, path)
    }
    assert len(holding) == 2  # extra-05 is in one topic
    facts_file = root / "content" / "facts" / "extra.yaml"
    text = facts_file.read_text(encoding="utf-8")
    old = "may rise in March (report 5)."
    assert old in text
    facts_file.write_text(text.replace(old, "may yet rise in March (report 5)."), encoding="utf-8")
    _build(root, output, SIZE)
    after = _inodes(output)
    new = {path for path in after if after[path] != before[path]}
    # The one sources listing page shows how many facts cite each source on it, so it follows too.
    assert new & listing_pages == holding | {"sources/index.html"}
    assert len(listing_pages) > 6
    clean = tmp_path / "clean"
    _build(root, clean, SIZE, incremental=False)
    for path in listing_pages:
        assert (output / path).read_bytes() == (clean / path).read_bytes(), path


# --- Validity and the browser --------------------------------------------------------------------


@pytest.mark.slow
def test_paginated_pages_are_valid_html(paged: Path) -> None:
    require_tool(shutil.which("java") is not None and VNU_JAR.exists(), "java and node_modules/vnu-jar")
    files = [paged / urls.save_as(p) for p in ("facts/", "facts/page/2/", "timeline/page/2/", "sources/")]
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert not messages, messages[:10]


@pytest.fixture(scope="module")
def paged_url(paged: Path) -> Iterator[str]:
    with serve(paged) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_paginated_facts_page_has_no_axe_violations(browser: Browser, paged_url: str, scheme: str) -> None:
    require_tool(AXE_JS.exists(), "node_modules/axe-core")
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(paged_url + "facts/page/2/", wait_until="load")
        violations = _axe(page)
        assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    finally:
        context.close()


@pytest.mark.browser
def test_topic_filter_works_on_a_later_page(browser: Browser, paged_url: str, paged: Path) -> None:
    pages = _listing(paged, "facts/")
    path = next(p for p in pages[1:] if len(_sections(_html(paged, p), "topic-")) > 1)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(paged_url + path, wait_until="load")
        buttons = page.locator(".topic-filter button[data-topic]")
        sections = page.locator(".topic-section")
        assert buttons.count() == sections.count() > 1
        topic = buttons.first.get_attribute("data-topic")
        buttons.first.click()
        assert buttons.first.get_attribute("aria-pressed") == "true"
        assert page.locator(f"#topic-{topic}").is_visible()
        assert page.locator(".topic-section:visible").count() == 1
        # Topics with no section on this page stay links to the page where they start.
        links = page.locator(".topic-filter a")
        assert links.count() == 3 - buttons.count()
        if links.count():
            href = links.first.get_attribute("href") or ""
            links.first.click()
            page.wait_for_load_state()
            assert page.url == paged_url + href.lstrip("/")
            assert page.locator(href[href.index("#") :]).count() == 1
    finally:
        context.close()


def test_briefing_topic_link_goes_to_the_page_where_its_topic_starts(paged: Path) -> None:
    for briefing in sorted((paged / "briefings").iterdir()):
        html = (briefing / "index.html").read_text(encoding="utf-8")
        target, topic = re.findall(r'<a href="/(facts/[^"#]*)#topic-([^"]+)">all \d+ facts</a>', html)[0]
        assert f'id="topic-{topic}"' in _html(paged, target), (briefing.name, target)


def test_main_navigation_marks_the_section_on_later_listing_pages(paged: Path) -> None:
    def nav(path: str) -> str:
        return _html(paged, path).split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]

    assert re.findall(r'aria-current="(\w+)">(\w+)<', nav("facts/")) == [("page", "Facts")]
    assert re.findall(r'aria-current="(\w+)">(\w+)<', nav("facts/page/2/")) == [("true", "Facts")]
    assert re.findall(r'aria-current="(\w+)">(\w+)<', nav("timeline/page/2/")) == [("true", "Timeline")]
    fact = next(p for p in (paged / "facts").iterdir() if p.name != "page")
    assert "aria-current" not in nav(f"facts/{fact.name}/")


def test_timeline_year_navigation_links_to_where_each_year_starts(paged: Path) -> None:
    pages = _listing(paged, "timeline/")
    assert len(pages) > 1
    starts = _starts(paged, pages, "y")
    for path in pages:
        html = _html(paged, path)
        nav = html.split('<nav class="year-jump" aria-label="Years">', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a href="/([^"#]*)#y(\d{4})"( class="here")?>', nav)
        assert [year for _, year, _ in links] == sorted(starts)
        here = {section.removeprefix("y") for section, _ in _sections(html, "y")}
        for target, year, marked in links:
            assert target == starts[year]
            assert f'<h2 id="y{year}">' in _html(paged, target)
            assert bool(marked) == (year in here)
