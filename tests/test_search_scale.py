"""Search at archive scale (issue 18): facts indexed from records, shards merged in the browser, a recorded query set."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

import tests.test_search as browser_search
from generator.content.load import load_content
from generator.problems import Problems
from generator.site.search import BUNDLE_DIR, SHARDS_FILE, batches, html_glob, index_site, indexed_fragments
from generator.site.search_records import SOURCE_SHARD_WEIGHT, plan_shards, source_shards
from tests.conftest import ROOT
from tests.tools.serving import serve

QUERIES = json.loads((Path(__file__).parent / "fixtures" / "search-queries.json").read_text(encoding="utf-8"))
TOP_RESULTS_JS = """async ([bundle, base, queries]) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl: base });
  const listed = await fetch(bundle + "shards.json");
  const { shards } = listed.ok ? await listed.json() : { shards: [] };
  for (const { path, weight } of shards) await pagefind.mergeIndex(bundle + path, { baseUrl: base, indexWeight: weight });
  const top = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    top[query] = found.results.length ? (await found.results[0].data()).url : null;
  }
  return top;
}"""


@pytest.fixture(scope="module")
def sharded_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site's pages indexed again in shards of two sources each (a big archive in miniature)."""
    copy = tmp_path_factory.mktemp("sharded") / "output"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    index_site(copy, plan_shards(load_content(ROOT, Problems()), per_shard=2))
    return copy


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    with serve(sharded_site) as base:
        yield base


def test_shards_split_sources_by_date_and_facts_by_first_source() -> None:
    content = load_content(ROOT, Problems())
    shards = source_shards(content, per_shard=2)
    assert [s.name for s in shards] == ["001", "002", "003"]
    assert {s.weight for s in shards} == {SOURCE_SHARD_WEIGHT}
    pages = [page for shard in shards for page in shard.pages]
    assert sorted(pages) == sorted(f"sources/{s}/index.html" for s in content.sources)
    dates = [content.sources[p.split("/")[1]].published or "" for p in pages]
    assert dates == sorted(dates)
    for shard in shards:
        ids = {page.split("/")[1] for page in shard.pages}
        for record in shard.records():
            fact = content.facts[record.url.split("/")[2]]
            assert fact.citations[0].source.id in ids
    urls = Counter(r.url for shard in shards for r in shard.records())
    assert set(urls) == {f"/facts/{f}/" for f in content.facts} and set(urls.values()) == {1}


def test_entity_and_briefing_pages_get_shards_of_their_own_ranked_as_the_main_bundle() -> None:
    content = load_content(ROOT, Problems())
    named = sorted(
        [f"entities/{e}/index.html" for e in content.entities]
        + [f"briefings/{b}/index.html" for b in content.briefings]
    )
    shards = plan_shards(content, per_shard=2, pages_per_shard=10)
    pages = [s for s in shards if s.name.startswith("pages-")]
    assert [s.name for s in shards[:3]] == ["001", "002", "003"]
    assert [s.name for s in pages] == [f"pages-{n:03d}" for n in range(1, -(-len(named) // 10) + 1)]
    assert sorted(p for s in pages for p in s.pages) == named
    assert all(len(s.pages) <= 10 and s.weight == 1.0 and not list(s.records()) for s in pages)
    assert pages[0].kinds == ("entity",) and pages[-1].kinds[-1] == "briefing"
    # A site of one source shard's size: one shard holding every page, one bundle.
    (only,) = plan_shards(content)
    assert sorted(only.pages) == sorted(named + [f"sources/{s}/index.html" for s in content.sources])
    assert len(list(only.records())) == len(content.facts)


def test_the_main_bundle_leaves_out_what_grows_with_the_archive(site: Path) -> None:
    glob = html_glob(site)
    for folder in ("facts", "sources", "entities", "briefings", "timeline", "pagefind"):
        assert f"{folder}/" not in glob
    assert glob.startswith("{*.html,") and "about/**/*.html" in glob and "search/**/*.html" in glob


def test_a_small_site_is_one_bundle(site: Path) -> None:
    assert not (site / BUNDLE_DIR / SHARDS_FILE).exists()


def test_sharded_index_holds_every_page_once(site: Path, sharded_site: Path) -> None:
    listed = json.loads((sharded_site / BUNDLE_DIR / SHARDS_FILE).read_text(encoding="utf-8"))
    assert listed == {
        "shards": [
            *(
                {"path": f"shards/00{n}/", "weight": SOURCE_SHARD_WEIGHT, "kinds": ["source", "fact"]}
                for n in (1, 2, 3)
            ),
            {"path": "shards/pages-001/", "weight": 1.0, "kinds": ["entity", "briefing"]},
        ]
    }
    sharded = Counter(f["url"] for f in indexed_fragments(sharded_site))
    assert set(sharded.values()) == {1}
    assert set(sharded) == {f["url"] for f in indexed_fragments(site)}


def test_a_rebuild_reuses_the_bundles_whose_inputs_are_unchanged(sharded_site: Path, tmp_path: Path) -> None:
    shards = plan_shards(load_content(ROOT, Problems()), per_shard=2)
    assert [s.name for s in shards] == ["001", "002", "003", "pages-001"]
    again = tmp_path / "output"
    shutil.copytree(sharded_site, again, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    changed = again / shards[1].pages[0]
    html = changed.read_text(encoding="utf-8")
    marker = '<article class="source" data-pagefind-body>'
    assert marker in html
    changed.write_text(html.replace(marker, marker + "<p>Zyxwvutsrq</p>", 1), encoding="utf-8")

    index_site(again, shards, previous=sharded_site)

    def inode(site: Path, bundle: str) -> int:
        return (site / BUNDLE_DIR / bundle / "pagefind-entry.json").stat().st_ino

    assert inode(again, ".") == inode(sharded_site, ".")  # no page of the main bundle changed
    assert inode(again, "shards/001") == inode(sharded_site, "shards/001")
    assert inode(again, "shards/003") == inode(sharded_site, "shards/003")
    assert inode(again, "shards/pages-001") == inode(sharded_site, "shards/pages-001")
    assert inode(again, "shards/002") != inode(sharded_site, "shards/002")  # indexed again
    fragments = indexed_fragments(again)
    assert [f["url"] for f in fragments if "Zyxwvutsrq" in f["content"]] == [
        "/" + shards[1].pages[0][: -len("index.html")]
    ]
    assert sorted(f["url"] for f in fragments) == sorted(f["url"] for f in indexed_fragments(sharded_site))
    listed = json.loads((again / BUNDLE_DIR / SHARDS_FILE).read_text(encoding="utf-8"))["shards"]
    assert [s["path"] for s in listed] == ["shards/001/", "shards/002/", "shards/003/", "shards/pages-001/"]


def test_fact_records_carry_the_page_filters_and_meta(site: Path) -> None:
    content = load_content(ROOT, Problems())
    facts = {f["url"]: f for f in indexed_fragments(site) if f["url"].startswith("/facts/") and f["url"] != "/facts/"}
    assert len(facts) == len(content.facts)
    for fact in content.facts.values():
        fragment = facts[f"/facts/{fact.id}/"]
        assert fragment["meta"]["title"] == fact.statement and fragment["meta"]["kind"] == "Fact"
        assert fragment["filters"]["type"] == ["fact"]
        assert sorted(fragment["filters"]["topic"]) == sorted(content.site.topic_titles[t] for t in fact.topics)
        assert set(fragment["filters"]["outlet"]) == {c.source.display_outlet for c in fact.citations}
        for citation in fact.citations:
            assert " ".join(citation.quoted.split()[:5]) in fragment["content"]


def top_results(page: Page, base: str) -> dict[str, Any]:
    page.goto(base + "search/")
    queries = [q["query"] for q in QUERIES["queries"]]
    top: dict[str, Any] = page.evaluate(TOP_RESULTS_JS, [base + "pagefind/", "/", queries])
    return top


def hits(top: dict[str, Any]) -> list[str]:
    return [q["query"] for q in QUERIES["queries"] if top[q["query"]] == q["top"]]


def test_the_query_set_is_recorded() -> None:
    assert len(QUERIES["queries"]) >= 30
    assert len({q["query"] for q in QUERIES["queries"]}) == len(QUERIES["queries"])


@pytest.mark.browser
def test_query_set_keeps_its_hit_rate(page: Page, site_url: str) -> None:
    top = top_results(page, site_url)
    found = hits(top)
    assert len(found) >= QUERIES["min_hits"], sorted(set(top) - set(found))


@pytest.mark.browser
def test_sharded_query_set_keeps_its_hit_rate(page: Page, sharded_url: str) -> None:
    top = top_results(page, sharded_url)
    assert len(hits(top)) >= QUERIES["min_hits_sharded"]


@pytest.mark.browser
def test_sharded_search_page_merges_every_shard(page: Page, sharded_url: str) -> None:
    page.goto(sharded_url + "search/?q=Rajin")
    links = page.locator("pagefind-results a.pf-result-link")
    expect(links.first).to_be_visible()
    expect(page.locator("pagefind-results a[href='/facts/mod-report-20000-containers-via-rajin/']")).to_have_count(1)
    expect(page.locator(".briefing-hits a[href='/briefings/arms-transfers/']")).to_have_count(1)
    before = set(browser_search.run_search(page, sharded_url, "Choe"))
    assert {"/facts/lee-choe-extended-stay/", "/entities/choe-son-hui/"} <= before
    page.locator('pagefind-filter-pane details[data-filter-name="topic"] summary').click()
    page.locator('input.pf-checkbox-input[name="topic"][value="2023 summit"]').check()
    expect(page.locator("pagefind-results a[href='/facts/lee-choe-extended-stay/']")).to_have_count(0)
    after = set(browser_search.result_links(page))
    assert "/facts/choe-sun-hui-likely-in-delegation/" in after and after < before


@pytest.fixture(scope="module")
def sharded_subpath_url(subpath_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sub-path build indexed in 2-source shards, served under /briefings-site/."""
    copy = tmp_path_factory.mktemp("sharded-sub") / "output"
    shutil.copytree(subpath_site, copy, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    index_site(copy, plan_shards(load_content(ROOT, Problems()), per_shard=2))
    with serve(copy, "/briefings-site") as base:
        yield base


@pytest.mark.browser
def test_sharded_search_works_under_a_sub_path(page: Page, sharded_subpath_url: str) -> None:
    links = browser_search.run_search(page, sharded_subpath_url, "Rajin")
    paths = [browser_search.path_of(h) for h in links]
    assert all(p.startswith("/briefings-site/") for p in paths), paths
    assert "/briefings-site/facts/mod-report-20000-containers-via-rajin/" in paths  # from a shard
    assert "/briefings-site/briefings/arms-transfers/" in paths  # from the main bundle


def test_pages_go_to_pagefind_in_batches_bounded_by_count_and_size() -> None:
    pages = [(f"/p{n}/", "x" * size) for n, size in enumerate([10, 10, 10, 50, 10, 10, 10, 10])]
    cut = list(batches(iter(pages), count=3, chars=40))
    assert [[url for url, _ in b] for b in cut] == [
        ["/p0/", "/p1/", "/p2/"],  # three pages: the count
        ["/p3/"],  # one page over the size is sent alone
        ["/p4/", "/p5/", "/p6/"],
        ["/p7/"],
    ]
    assert list(batches(iter([]))) == []
