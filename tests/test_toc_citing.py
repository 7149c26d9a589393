"""Section ids for the table of contents, and the citation formats of Cite this."""

from __future__ import annotations

from generator.site.citing import ACCESS_PLACEHOLDER, citation_formats
from generator.site.toc import anchor_headings, slugify


def test_headings_get_unique_ids_that_avoid_the_templates_own() -> None:
    html, entries = anchor_headings(
        "<h2>Bottom line</h2><p>x</p><h2>Notes</h2><h2>Bottom line</h2><h2>Note 3</h2><h2>What &amp; why</h2>",
        reserved={"notes"},
        reserved_prefixes=("note-",),
    )
    assert [(e.id, e.title) for e in entries] == [
        ("bottom-line", "Bottom line"),
        ("notes-2", "Notes"),
        ("bottom-line-2", "Bottom line"),
        ("section-note-3", "Note 3"),
        ("what-why", "What & why"),
    ]
    assert '<h2 id="bottom-line">Bottom line</h2>' in html
    assert '<h2 id="what-why">What &amp; why</h2>' in html


def test_slugify_keeps_words_and_drops_apostrophes() -> None:
    assert slugify("Diplomacy: Choe Son-hui in Moscow") == "diplomacy-choe-son-hui-in-moscow"
    assert slugify("Kim's 2023 trip") == "kims-2023-trip"
    assert slugify("!!!") == "section"


def test_plain_bibtex_and_ris_escape_and_leave_the_access_date_to_the_reader() -> None:
    plain, bibtex, ris = citation_formats(
        "Test Desk", "Ports & <crates> 50%", "https://example.org/briefings/ports/", "ports", "2025-03-05", "Briefing"
    )
    assert [f.name for f in (plain, bibtex, ris)] == ["Plain text", "BibTeX", "RIS"]
    assert str(plain.html) == (
        "Test Desk. “Ports &amp; &lt;crates&gt; 50%.” Briefing, last updated 5 March 2025. "
        "https://example.org/briefings/ports/. Accessed "
        f'<span data-accessed="long">[{ACCESS_PLACEHOLDER}]</span>.'
    )
    assert str(bibtex.html).splitlines() == [
        "@misc{ports-2025,",
        "  title = {Ports \\&amp; &lt;crates&gt; 50\\%},",
        "  author = {{Test Desk}},",
        "  year = {2025},",
        "  note = {Briefing, last updated 5 March 2025},",
        "  howpublished = {\\url{https://example.org/briefings/ports/}},",
        f'  urldate = {{<span data-accessed="iso">[{ACCESS_PLACEHOLDER}]</span>}}',
        "}",
    ]
    assert str(ris.html).splitlines() == [
        "TY  - ELEC",
        "TI  - Ports &amp; &lt;crates&gt; 50%",
        "AU  - Test Desk",
        "PY  - 2025",
        "DA  - 2025/03/05",
        "UR  - https://example.org/briefings/ports/",
        f'Y2  - <span data-accessed="iso">[{ACCESS_PLACEHOLDER}]</span>',
        "ER  - ",
    ]
    assert bibtex.block and ris.block and not plain.block


def test_an_undated_page_is_cited_without_a_year() -> None:
    plain, bibtex, ris = citation_formats("Desk", "The port reopened.", "/facts/a/", "a", "", "Fact")
    assert plain.html.startswith("Desk. “The port reopened.” Fact. /facts/a/."), "one full stop after a sentence"
    assert "last updated" not in plain.html
    assert "@misc{a," in bibtex.html and "year" not in bibtex.html
    assert "PY  -" not in ris.html
