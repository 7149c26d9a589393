"""The sections the generator adds to a briefing, checked on the small sample site."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_site
from tests.sample import write_sample


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_sample(tmp_path_factory.mktemp("sample"))
    output = root.parent / "out"
    build_site(BuildOptions(root=root, output=output, search=False))
    return output


@pytest.fixture(scope="module")
def briefing(sample_site: Path) -> str:
    return (sample_site / "briefings" / "arms-transfers" / "index.html").read_text(encoding="utf-8")


def _section(html: str, heading_id: str) -> str:
    """From a heading to the end of its section (or of its folded <details> appendix)."""
    start = html.index(f'id="{heading_id}"')
    end = min(i for i in (html.find("</section>", start), html.find("</details>", start)) if i >= 0)
    return html[start:end]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_markers_are_numbered_by_first_use_and_link_to_notes(briefing: str) -> None:
    markers = re.findall(r'<a class="cite-ref" href="#note-(\d+)"', briefing)
    assert markers == ["1", "2", "3", "2"]
    assert briefing.count('id="ref-2"') == 1
    notes = _section(briefing, "notes")
    assert re.findall(
        r'<li id="note-(\d+)" class="endnote">.*?<a href="/facts/([a-z-]+)/" aria-label="Fact record', notes, re.DOTALL
    ) == [
        ("1", "containers-february"),
        ("2", "figure-may-rise"),
        ("3", "crane-installed"),
    ]


def test_notes_carry_quote_outlet_date_and_paragraph_link(briefing: str) -> None:
    notes = _section(briefing, "notes")
    assert "1,200 containers passed through the northern harbour in February" in notes
    assert (
        'Test Gazette, 3 March 2025 · <a href="/sources/gazette-2025-03-03/#q-containers-february-1">'
        "Read in source, paragraph 1</a>" in notes
    )
    # Each citation links to its own quote, not to the paragraph.
    assert 'href="/sources/courier-2025-03-04/#q-containers-february-2"' in notes
    assert "#p1" not in notes and "#p2" not in notes


def test_key_facts_timeline_people_sources(briefing: str) -> None:
    assert "1,200 containers" in _text(_section(briefing, "key-facts"))
    timeline = _section(briefing, "timeline")
    # The briefing's timeline holds dated events only: the sample's dated facts are a figure
    # and an assessment, and its one event is undated, so the list is empty.
    assert "Dated events of this topic" in _text(timeline)
    assert "<li>" not in timeline
    people = _text(_section(briefing, "people"))
    assert "Port authority Runs the northern harbour (also spelled harbour master)" in people
    sources = _text(_section(briefing, "sources-used"))
    assert "Test Gazette, 3 March 2025; supports 2 facts" in sources
    assert "Test Courier, 4 March 2025; supports 2 facts" in sources


def test_single_source_section_lists_uncorroborated_facts(briefing: str) -> None:
    single = _section(briefing, "single")
    assert "2 of the 3 facts in this briefing rest on one independent source" in _text(single)
    # Grouped by the one source each rests on, as links to the notes.
    assert re.findall(r'<a href="/sources/([a-z0-9-]+)/">', single) == ["courier-2025-03-04", "gazette-2025-03-03"]
    assert re.findall(r'href="#note-(\d+)"', single) == ["3", "2"]


def test_cite_this_block_and_dates(briefing: str) -> None:
    cite = briefing[briefing.index('<details class="cite-this" id="cite"') :]
    cite = cite[: cite.index("</details>")]
    assert briefing.index('id="cite"') < briefing.index('<div class="prose">'), "Cite this comes before the narrative"
    assert (
        "“Harbour traffic.” Briefing as of 4 March 2025, last updated 5 March 2025. /briefings/arms-transfers/. "
        "Accessed [the date you read it]" in _text(cite)
    )
    assert re.findall(r'data-copy="([^"]+)"', cite) == ["Plain text", "BibTeX", "RIS"]
    assert "@misc{arms-transfers-2025," in cite and "urldate = {<span data-accessed" in cite
    assert "\nUR  - /briefings/arms-transfers/\nY2  - <span data-accessed" in cite
    assert "Licence of the site's own text: CC0 1.0" in _text(
        cite
    ) and "Found an error? corrections@example.org" in _text(cite)
    meta = briefing[
        briefing.index('<dl class="article-meta"') : briefing.index("</dl>", briefing.index('<dl class="article-meta"'))
    ]
    assert "As of" in meta and '<time datetime="2025-03-04"' in meta and "4 March 2025</time>" in meta
    assert "Last updated" in meta and '<time datetime="2025-03-05">5 March 2025</time>' in meta


def test_source_page_marks_quoted_words_and_numbers_paragraphs(sample_site: Path) -> None:
    html = (sample_site / "sources" / "gazette-2025-03-03" / "index.html").read_text(encoding="utf-8")
    assert '<li id="p1" value="1">' in html
    assert (
        '<mark class="q" id="q-containers-february-1" data-q="q-containers-february-1" data-fact="containers-february">'
        "1,200 containers passed through the northern harbour in February</mark>" in html
    )
    assert "5 blocks removed from the scraped page: 2 of page furniture, 3 header lines read into the metadata" in html
    assert "<code>Advertisement</code>" in html


def test_fact_page_shows_quote_in_context(sample_site: Path) -> None:
    html = (sample_site / "facts" / "containers-february" / "index.html").read_text(encoding="utf-8")
    assert (
        "The port authority said on Monday that <mark>1,200 containers passed through the northern harbour in February</mark>."
        in re.sub(r"</?span[^>]*>", "", html)  # the context is in spans kept out of the search index
    )
    assert 'href="/sources/gazette-2025-03-03/#q-containers-february-1">Read in source, paragraph 1</a>' in html
    assert "Corroborated" in html


def test_a_topic_with_too_many_events_shows_only_the_cited_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """At archive scale a topic holds thousands of dated events: the briefing lists the
    ones it cites and says how many more the site timeline has."""
    from generator.analysis import analyse
    from generator.content.load import load_content
    from generator.problems import Problems
    from generator.site import briefing_view

    content = load_content(Path(__file__).resolve().parents[1], Problems())
    briefing = content.briefings["2023-summit"]
    cited = {fact_id for ref in briefing.references for fact_id in ref.fact_ids}
    event = next(f for f in content.facts.values() if f.id in cited and f.kind == "event" and f.date)
    # Two uncited events of the same topic, as a large archive would have.
    extra = {f"{event.id}-copy-{n}": replace(event, id=f"{event.id}-copy-{n}") for n in (1, 2)}
    content = replace(content, facts={**content.facts, **extra})
    analysis = analyse(content)
    everything = briefing_view.assemble(briefing, content, analysis, "")
    assert everything.timeline_omitted == 0
    assert all(f.kind == "event" and f.date for f in everything.timeline)
    uncited = [f.id for f in everything.timeline if f.id not in cited]
    assert sorted(uncited) == sorted(extra)

    monkeypatch.setattr(briefing_view, "TIMELINE_LIMIT", len(everything.timeline) - 1)
    bounded = briefing_view.assemble(briefing, content, analysis, "")
    assert [f.id for f in bounded.timeline] == [f.id for f in everything.timeline if f.id in cited]
    assert bounded.timeline_omitted == len(uncited)
