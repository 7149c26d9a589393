"""Web-page authors: declared people, the markup's byline, printed bylines, and which one wins."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from generator.ingest.extraction.authors import all_bylines, name_beside_date, parse_byline, parse_names
from generator.ingest.extraction.html import extract_html
from generator.ingest.extraction.markup import marked_authors
from generator.ingest.extraction.pagemeta import declared
from generator.ingest.extraction.webauthors import AuthorSources, choose_authors

PROSE = "".join(
    f"<p>Paragraph {n} of the article, long enough to read as a sentence of prose here.</p>" for n in range(8)
)


def sources(**given: object) -> AuthorSources:
    empty: dict[str, object] = {
        "declared": (),
        "marked": (),
        "meta": (),
        "extracted": (),
        "near": [],
        "lines": [],
        "sites": (),
    }
    return AuthorSources(**{**empty, **given})  # type: ignore[arg-type]


def test_markup_names_the_byline_and_keeps_a_user_name_as_printed() -> None:
    page = fromstring(
        '<html><body><span class="byline">by <span class="author vcard"><a class="url fn n" rel="author"'
        ' href="/author/x/">ab_c1</a></span></span>' + PROSE + "</body></html>"
    )
    assert marked_authors(page) == ("ab_c1",)


def test_markup_in_a_comment_thread_is_a_commenter_not_the_author() -> None:
    page = fromstring(
        '<html><body><ol class="comment-list"><li><span class="comment-author vcard"><b class="fn">Ann Reader</b>'
        "</span></li></ol></body></html>"
    )
    assert marked_authors(page) == ()


def test_markup_names_come_from_the_first_byline_block_only() -> None:
    page = fromstring(
        '<html><body><article><header><div class="meta"><span class="meta-prep-author">Published</span>'
        '<span itemprop="author"><span itemprop="name">Ann Berg</span></span> and '
        '<span itemprop="author"><meta itemprop="name" content="Bo Smith"></span></div></header>'
        + PROSE
        + '</article><ul class="teasers"><li><a rel="author" href="/a">Cy Other</a></li></ul>'
        "</body></html>"
    )
    assert marked_authors(page) == ("Ann Berg", "Bo Smith")


def test_json_ld_author_references_resolve_and_organisations_are_not_people() -> None:
    page = fromstring(
        "<html><head>"
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "Article", "headline": "H", "author": [{"@id": "#p1"}, {"@type": "Organization", "name": "Desk"}]},'
        '{"@type": "Person", "@id": "#p1", "name": "Ann Berg"}]}</script>'
        '<meta name="author" content="Some Site"></head><body></body></html>'
    )
    meta = declared(page)
    assert (meta.authors, meta.organisations, meta.meta_authors) == (("Ann Berg",), ("Desk",), ("Some Site",))


def test_an_author_on_another_json_ld_type_and_a_by_prefix_in_the_name() -> None:
    page = fromstring(
        '<html><head><script type="application/ld+json">{"@type": "HowTo", "name": "N",'
        ' "author": {"@type": "Person", "name": "By Ann Berg"}}</script></head><body></body></html>'
    )
    assert declared(page).authors == ("Ann Berg",)


def test_a_twitter_label_pair_names_the_author() -> None:
    page = fromstring(
        '<html><head><meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Berg">'
        "</head><body></body></html>"
    )
    assert declared(page).authors == ("Ann Berg",)


def test_user_names_are_names_but_function_words_are_not() -> None:
    assert parse_names("von ab_c1") is not None and parse_names("von ab_c1").authors == ("ab_c1",)  # type: ignore[union-attr]
    assert parse_names("lupa am 26/10/13, 03:48 pm").authors == ("lupa",)  # type: ignore[union-attr]
    assert parse_names("the") is None
    assert parse_names("Rezept von Zum Profil von") is None


def test_degrees_after_a_name_are_not_a_second_author() -> None:
    found = parse_byline("By Ann Berg, PhD, and Bo Smith, MD")
    assert found is not None and found.authors == ("Ann Berg", "Bo Smith")


def test_bylines_split_dated_or_introduced_are_read() -> None:
    lines = ["A story by", "Ann Berg", "06.11.2023 13:30 von Bo", "Posted by", "ab_c1"]
    assert [b.authors for b in all_bylines(lines)] == [("Ann Berg",), ("Bo",), ("ab_c1",)]


def test_a_credit_line_before_by_is_not_a_byline() -> None:
    assert list(all_bylines(["WordPress Theme", "by Some Studio"])) == []
    assert list(all_bylines(["Photo", "by Some Person"])) == []


def test_a_name_beside_the_date_across_a_joining_word_or_on_the_same_line() -> None:
    found = name_beside_date(["Ann Berg", "am", "Mittwoch, 26.01.2022 - 14:30"])
    assert found is not None and found.authors == ("Ann Berg",)
    found = name_beside_date(["Essay", "25.10.2022 - Ann Berg"])
    assert found is not None and found.authors == ("Ann Berg",)


def test_declared_people_come_first_then_markup_then_the_printed_byline() -> None:
    near = ["By Cy Printed", "3 May 2022"]
    assert choose_authors(sources(declared=("Ann Berg",), marked=("Bo Smith",), near=near)) == ("Ann Berg",)
    assert choose_authors(sources(marked=("Bo Smith",), near=near, extracted=("Di Reader",))) == ("Bo Smith",)
    assert choose_authors(sources(near=near, meta=("Ed Meta",), extracted=("Di Reader",))) == ("Cy Printed",)


def test_a_commenter_that_trafilatura_took_is_not_the_author() -> None:
    assert choose_authors(sources(extracted=("Di Reader says",), lines=["By Ann Berg"])) == ("Ann Berg",)


def test_the_site_is_the_author_only_when_nothing_names_a_person() -> None:
    site = ("Daily Site",)
    assert choose_authors(sources(declared=("Daily Site",), near=["By Ann Berg"], sites=site)) == ("Ann Berg",)
    # the page's own markers naming only the site outweigh a byline elsewhere on the page
    only_site = sources(marked=("dailysite",), lines=["x", "By Teaser Person"], sites=site)
    assert choose_authors(only_site) == ("dailysite",)


def test_a_later_source_with_the_same_people_and_more_completes_the_list() -> None:
    found = choose_authors(sources(declared=("Ann Berg",), near=["von Ann Berg, Bo Smith"]))
    assert found == ("Ann Berg", "Bo Smith")


def test_a_declared_name_is_given_as_printed_under_the_headline() -> None:
    assert choose_authors(sources(meta=("annberg",), near=["von", "Ann Berg"])) == ("Ann Berg",)
    assert choose_authors(sources(declared=("Ann",), near=["A column by Ann Berg"])) == ("Ann Berg",)


def test_a_web_page_takes_the_markup_byline_over_a_commenter() -> None:
    page = (
        "<html><body><h1>Interning of small numbers</h1>"
        '<div class="entry-meta">by <span class="author vcard"><a class="url fn n" href="/author/k/">kon</a></span>'
        "</div>"
        + PROSE
        + '<div id="comments"><span class="comment-author vcard"><cite class="fn">Ann Reader</cite> says:</span>'
        "<p>Nice post.</p></div></body></html>"
    )
    assert extract_html(page.encode(), "p.html").authors == ("kon",)


def test_the_default_extraction_replaces_a_precise_one_that_lost_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    from generator.ingest.extraction import html

    tree = fromstring("<html><body><p>x</p></body></html>")
    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: "Full article text. " * 40)
    assert html._recall_if_lost(tree, "Teaser only.", None) == "Full article text. " * 40
    # a short precise text that is most of the default one stays
    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: "Short note here, and a bit more.")
    assert html._recall_if_lost(tree, "Short note here.", None) == "Short note here."
    # a long precise text is never checked (the second pass costs time)
    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: pytest.fail("second pass"))
    assert html._recall_if_lost(tree, "word " * 300, None) == "word " * 300


def test_names_joined_by_and_with_the_outlet_after_them_are_a_bare_byline() -> None:
    from generator.ingest.extraction.authors import bare_byline

    found = bare_byline("Ann Berg and Bo C. Smith City Morning Post")
    assert found is not None and (found.authors, found.outlet) == (("Ann Berg", "Bo C. Smith"), "City Morning Post")
    assert bare_byline("Smith and Jones Sign the Deal") is None
    assert bare_byline("Ann Berg and Bo Smith: Why The Vote Matters") is None
    assert bare_byline("Floods and Fires Hit the Coast") is None


def test_a_bare_byline_above_the_date_is_not_taken_for_the_headline() -> None:
    from generator.ingest.extraction.dump import extract_dump

    text = "\n\n".join(
        [
            "Town votes on the new bridge | City Morning Post",
            "Town votes on the new bridge",
            "Ann Berg and Bo Smith City Morning Post",
            "Published 10:02 AM EST Nov 19, 2019",
            *[f"Paragraph {n} of the story tells what the council decided and why it matters." for n in range(6)],
        ]
    )
    found = extract_dump(text, "d.txt")
    assert (found.title, found.authors) == ("Town votes on the new bridge", ("Ann Berg", "Bo Smith"))


def test_a_related_heading_followed_by_teasers_ends_the_article() -> None:
    from generator.ingest.extraction.text import classify_text

    story = [f"Paragraph {n} of the story tells the council what the new bridge will cost and when." for n in range(12)]
    teasers = ["Read these next", "Roads", "by Ann Berg", "2 days ago"]
    teasers += ["Another story about roads and what the mayor said at length today.", "by Bo Smith", "Rating: 9 Votes"]
    teasers += ["A third teaser that reads like prose about trains, buses and the city budget."]
    kept = [v.block.text for v in classify_text("\n\n".join(story + teasers)) if v.reason is None]
    assert kept == story
    # a `Related` link line early in the article does not end it
    early = [*story[:3], "Related", "by Ann Berg", "Jan 3, 2024", *story[3:]]
    assert [v.block.text for v in classify_text("\n\n".join(early)) if v.reason is None] == story


def test_a_digit_inside_a_user_name_is_kept_but_a_number_starts_the_date() -> None:
    found = parse_byline("Author: Bo2man")
    assert found is not None and found.authors == ("Bo2man",)
    found = parse_byline("Von Ann Berg 3. Mai 2022")
    assert found is not None and found.authors == ("Ann Berg",)
