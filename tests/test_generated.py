"""What the generator adds around the narratives, held to the sources' words (issue 16).

Figures worded as their quotes, no internal ids, "Read in source" landing on one
highlighted quote, timelines in date order with precision respected, conflicts
only where sources disagree, one wording for each source's labels.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.cli import main
from generator.content.dates import chronological_key
from generator.content.load import load_content
from generator.model import Content
from generator.problems import Problems
from tests.conftest import ROOT
from tests.sample import write_sample

BRIEFINGS = ("2023-summit", "2024-deployment", "arms-transfers")
FLAG = '<em class="flag">machine-rewritten copy</em>'
"""How every citation of a machine-rewritten copy is flagged."""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT, Problems())


def _internal_ids(content: Content) -> set[str]:
    """Ids a reader must never see: fact, source and group ids, and entity ids that are not plain words."""
    ids = set(content.facts) | set(content.sources)
    ids |= {f.group for f in content.facts.values() if f.group}
    ids |= {e for e in content.entities if "-" in e}
    return ids


def _visible_text(page: Page) -> str:
    return str(page.evaluate("document.body.innerText"))


# --- Unit: date order -----------------------------------------------------------------------------


def test_a_less_precise_date_sorts_after_the_dates_within_it() -> None:
    dates = ["2023", "2023-07", "2023-07-26", None, "2022-02", "2023-09-12", "2024-11", "2024-11-20"]
    ordered = sorted(dates, key=chronological_key)
    assert ordered == ["2022-02", "2023-07-26", "2023-07", "2023-09-12", "2023", "2024-11-20", "2024-11", None]


# --- Built site, without a browser ----------------------------------------------------------------


def _section(markup: str, heading_id: str) -> str:
    """From a section's heading to the end of its panel (a folded <details> or a <section>)."""
    start = markup.index(f'id="{heading_id}"')
    ends = [i for i in (markup.find("<section", start), markup.find('<details class="panel', start)) if i != -1]
    return markup[start : min(ends, default=len(markup))]


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_key_figures_are_worded_as_their_quotes(site: Path, content: Content) -> None:
    seen = 0
    for slug in BRIEFINGS:
        page_html = (site / "briefings" / slug / "index.html").read_text(encoding="utf-8")
        if 'id="key-facts"' not in page_html:
            continue
        items = re.findall(r"<li>(.*?)</li>", _section(page_html, "key-facts"), re.DOTALL)
        shown_sets = [tuple(re.findall(r'<strong class="figure">(.*?)</strong>', item)) for item in items]
        assert len(shown_sets) == len(set(shown_sets)), f"{slug}: a figure is listed twice"
        for item in items:
            fact_id = re.search(r'href="/facts/([a-z0-9-]+)/"', item)
            assert fact_id, item
            quotes = [" ".join(c.quoted.split()).casefold() for c in content.facts[fact_id.group(1)].citations]
            for figure in re.findall(r'<strong class="figure">(.*?)</strong>', item):
                shown = _text(figure).casefold()
                assert any(shown in quote for quote in quotes), (slug, shown, quotes)
                seen += 1
    assert seen >= 5


def test_conflicts_are_only_the_marked_disagreements(site: Path, content: Content) -> None:
    outlets = {s.outlet for s in content.sources.values() if s.outlet}
    for slug in BRIEFINGS:
        section = _section((site / "briefings" / slug / "index.html").read_text(encoding="utf-8"), "divergent")
        text = _text(section)
        for machine_words in ("dates differ", "figures differ", "wording differs", "spellings differ", " vs "):
            assert machine_words not in text, (slug, machine_words)
        headings = [html.unescape(h) for h in re.findall(r"<h3>(.*?)</h3>", section)]
        marked = {f.conflict for f in content.facts.values() if f.conflict and set(f.topics) & {slug}}
        assert set(headings) <= {f.conflict for f in content.facts.values() if f.conflict}
        assert marked <= set(headings)
        for line in re.findall(r'<p class="conflict-line">(.*?)</p>', section, re.DOTALL):
            versions = re.findall(r'<span class="conflict-version">(.*?)</span>', line, re.DOTALL)
            assert len(versions) >= 2, line
            claims = {_text(v).split(": ", 1)[1] for v in versions}
            assert len(claims) == len(versions), "agreeing versions are not a conflict"
            assert any(o in _text(line) for o in outlets | {"Unnamed outlet"}), line


def test_group_key_agreement_is_not_reported(site: Path) -> None:
    # The 2023 train's border crossing is reported the same way by every source.
    text = _text((site / "briefings" / "2023-summit" / "index.html").read_text(encoding="utf-8"))
    assert "Accounts of the border crossing differ" not in text


def test_a_rewritten_copy_is_labelled_the_same_everywhere(site: Path, content: Content) -> None:
    rewritten = "riverbender-ap-2023"
    listing = (site / "sources" / "index.html").read_text(encoding="utf-8")
    page = (site / "sources" / rewritten / "index.html").read_text(encoding="utf-8")
    exported = {s["id"]: s for s in json.loads((site / "data" / "sources.json").read_text(encoding="utf-8"))["sources"]}
    label = exported[rewritten]["reliability"][0]
    assert exported[rewritten]["copy"] == label and exported[rewritten]["machine_rewritten"]
    assert label.startswith("Machine-rewritten copy of a report by Associated Press")
    assert label in listing and label in page
    # Flagged at the top of its page, before the article text.
    assert page.index('class="copy-warning"') < page.index('id="text"')
    assert page.index('class="copy-warning"') < page.index('id="reliability"')
    for markup in (listing, page):
        assert "copy of WhatsNew2Day" not in markup and "Copy of WhatsNew2Day" not in markup
    # Flagged on every citation to it: briefing notes (and so the cards) and fact pages.
    citing = [f for f in content.facts.values() if rewritten in f.source_ids]
    assert len(citing) > 10
    for fact in citing:
        fact_page = (site / "facts" / fact.id / "index.html").read_text(encoding="utf-8")
        assert fact_page.count(FLAG) >= 1, fact.id
    briefing = (site / "briefings" / "2023-summit" / "index.html").read_text(encoding="utf-8")
    for note in re.findall(r'<li id="note-\d+" class="endnote">(.*?)</li>', briefing, re.DOTALL):
        if f"/sources/{rewritten}/" in note:
            cited = note.count(f"/sources/{rewritten}/")
            assert note.count(FLAG) >= min(cited, 1), note


def test_source_counts_use_one_vocabulary(site: Path) -> None:
    facts = (site / "facts" / "index.html").read_text(encoding="utf-8")
    counts = re.findall(r"(\d+) sources?(?:, (\d+) independent)?", _text(facts))
    assert counts
    assert "(1 independent)" not in facts
    for cited, independent in counts:
        assert cited == "1" or independent, (cited, independent)
    briefing = _text((site / "briefings" / "2023-summit" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"Rests on \d+ facts from 3 sources, 1 independent", briefing)


def test_also_in_never_lists_the_first_source(site: Path) -> None:
    for slug in BRIEFINGS:
        page_html = (site / "briefings" / slug / "index.html").read_text(encoding="utf-8")
        for note in re.findall(r'<li id="note-\d+" class="endnote">(.*?)</li>', page_html, re.DOTALL):
            first = re.search(r'href="/sources/([a-z0-9-]+)/#', note)
            also = re.search(r"Also in: (.*?)</p>", note, re.DOTALL)
            if first and also:
                assert f"/sources/{first.group(1)}/" not in also.group(1), note


def test_removed_block_counts_agree(site: Path, content: Content) -> None:
    for source in content.sources.values():
        page = _text((site / "sources" / source.id / "index.html").read_text(encoding="utf-8"))
        total = len(source.parsed.removed)
        counts = {int(n) for n in re.findall(r"(\d+) blocks? removed", page)}
        assert counts <= {total}, (source.id, counts, total)


def test_each_citation_has_its_own_anchor(site: Path, content: Content) -> None:
    for fact in content.facts.values():
        for number, citation in enumerate(fact.citations, 1):
            page_html = (site / "sources" / citation.source.id / "index.html").read_text(encoding="utf-8")
            assert f'id="q-{fact.id}-{number}"' in page_html, (fact.id, number)


# --- In the browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("slug", BRIEFINGS)
def test_no_internal_id_in_a_briefings_visible_text(page: Page, site_url: str, content: Content, slug: str) -> None:
    page.goto(site_url + f"briefings/{slug}/")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    text = _visible_text(page)
    shown = sorted(i for i in _internal_ids(content) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert shown == []


FIGURES_BY_QUALIFIER = {
    "exact": ("pressure-on-us-partners-17-months", "17 months"),
    "about": ("nis-about-11000-soldiers-to-kursk-late-october", "approximately 11,000 North Korean soldiers"),
    "more-than": ("nk-border-controls-more-than-three-years", "more than three years"),
    "up-to": ("mod-report-up-to-9-4-million-152mm-shells", "up to 9.4 million 152-millimeter shells"),
}


@pytest.mark.browser
@pytest.mark.parametrize("qualifier", sorted(FIGURES_BY_QUALIFIER))
def test_a_figure_reads_as_its_quote_per_qualifier(page: Page, site_url: str, content: Content, qualifier: str) -> None:
    fact_id, wording = FIGURES_BY_QUALIFIER[qualifier]
    fact = content.facts[fact_id]
    assert fact.figures[0].kind == qualifier
    page.goto(site_url + f"facts/{fact_id}/")
    figures = page.locator(".meta-table div", has=page.locator("dt", has_text="Figures")).locator("dd").inner_text()
    assert figures.startswith(wording)
    quote = page.locator("figure.evidence mark").first.inner_text()
    assert wording.casefold() in quote.casefold()


def _read_in_source_links(page: Page, site_url: str, slug: str) -> list[str]:
    """Every link from the briefing's notes (and so its cards) to a passage of a source."""
    page.goto(site_url + f"briefings/{slug}/")
    hrefs = page.evaluate(
        "[...document.querySelectorAll('.endnote a[href*=\"/sources/\"]')].map((a) => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(str(h) for h in hrefs))


def _target_state(page: Page) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
              const targets = [...document.querySelectorAll(':target')];
              const target = targets[0];
              const id = target ? target.id : '';
              // A quote that crosses another is split; all its pieces carry data-q.
              const pieces = [...document.querySelectorAll('mark.q')].filter((m) => m.dataset.q === id);
              const lit = [...document.querySelectorAll('mark.q')].filter((m) => {
                const bg = getComputedStyle(m).backgroundColor;
                return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent';
              });
              return {
                targets: targets.length,
                tag: target ? target.tagName : '',
                text: pieces.map((m) => m.textContent).join(''),
                lit: lit.length,
                litOutside: lit.filter((m) => !pieces.some((p) => p.contains(m))).length,
              };
            }"""
        )
    )


@pytest.mark.browser
@pytest.mark.parametrize("slug", BRIEFINGS)
def test_read_in_source_lands_on_one_highlighted_quote(
    browser: Browser, site_url: str, content: Content, slug: str
) -> None:
    # Without smooth scrolling, a jump within the page lands at once, as a fresh load does.
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    links = _read_in_source_links(page, site_url, slug)
    assert links
    for href in links:
        anchor = re.search(r"#q-([a-z0-9-]+)-(\d+)$", href)
        assert anchor, href
        expected = content.facts[anchor.group(1)].citations[int(anchor.group(2)) - 1].quoted
        page.goto(site_url.rstrip("/") + href)
        page.mouse.move(0, 0)  # no hover highlight
        expect(page.locator(":target")).to_be_in_viewport()  # scrolled into view
        state = _target_state(page)
        assert state["targets"] == 1 and state["tag"] == "MARK", (href, state)
        assert " ".join(str(state["text"]).split()) == " ".join(expected.split()), href
        assert state["lit"] >= 1 and state["litOutside"] == 0, (href, state)
    context.close()


@pytest.mark.browser
def test_other_quotes_light_up_only_when_hovered(page: Page, site_url: str) -> None:
    page.goto(site_url + "sources/joongang-daily-2024-11-20/")
    marks = page.locator("mark.q")
    assert marks.count() > 5
    assert _target_state(page)["lit"] == 0
    marks.nth(3).hover()
    assert _target_state(page)["lit"] >= 1


@pytest.mark.browser
def test_timelines_are_in_date_order(page: Page, site_url: str) -> None:
    for path in ("timeline/", *(f"briefings/{slug}/" for slug in BRIEFINGS)):
        page.goto(site_url + path)
        dates = page.evaluate(
            "[...document.querySelectorAll('ol.timeline time, .timeline time')].map((t) => t.getAttribute('datetime'))"
        )
        assert dates, path
        keys = [chronological_key(d) for d in dates]
        assert keys == sorted(keys), (path, dates)


@pytest.mark.browser
def test_most_recent_events_are_events(page: Page, site_url: str, content: Content) -> None:
    page.goto(site_url)
    hrefs = page.evaluate("[...document.querySelectorAll('.latest li a')].map((a) => a.getAttribute('href'))")
    assert hrefs
    facts = [content.facts[h.strip("/").split("/")[-1]] for h in hrefs]
    assert all(f.kind == "event" for f in facts)
    keys = [chronological_key(f.date) for f in facts]
    assert keys == sorted(keys, reverse=True)


# --- Check: conflicts and claims ------------------------------------------------------------------


def _sample_with(tmp_path: Path, old: str, new: str) -> Path:
    root = write_sample(tmp_path)
    sheet = root / "content/facts/harbour.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert old in text
    sheet.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _check_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--root", str(root), "check"]) == 1
    return capsys.readouterr().err.replace(f"{root}/", "").splitlines()


GROUP = "    group: february-containers\n"


def test_a_claim_must_be_words_of_its_quote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample_with(tmp_path, GROUP, GROUP + '    conflict: "How many containers"\n    claim: "1,300 containers"\n')
    assert _check_errors(root, capsys)[:2] == [
        "content/facts/harbour.yaml:18:5: error: claim '1,300 containers' is not words of any quote of this fact",
        "    hint: copy the claim from the quote, so that readers see the source's own words",
    ]


def test_a_conflict_needs_differing_claims_from_different_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _sample_with(tmp_path, GROUP, GROUP + '    conflict: "How many containers"\n    claim: "1,200 containers"\n')
    assert _check_errors(root, capsys)[:2] == [
        "content/facts/harbour.yaml:2:5: error: group 'february-containers' is marked as a conflict, but fewer than "
        "two different claims from different sources are given",
        "    hint: give each disagreeing fact a `claim` in its quote's words; if the sources agree, remove `conflict`",
    ]
