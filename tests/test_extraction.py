"""Extraction units: printed dates, bylines, titles, block classification, and `briefing extract`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.ingest.extraction.authors import parse_byline
from generator.ingest.extraction.dates import is_date_line, parse_date
from generator.ingest.extraction.text import classify_text
from generator.ingest.extraction.titles import split_title

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("June 19, 2024 8:42 PM GMT+9", "2024-06-19"),
        ("2024.07.05 10:31", "2024-07-05"),
        ("Published 3 July 2024", "2024-07-03"),
        ("20 Nov. 2024, 17:20", "2024-11-20"),
        ("입력 2024-11-21 16:39:08", "2024-11-21"),
        ("Veröffentlicht am 5. März 2023", "2023-03-05"),
        ("2022-05-05T21:00:00-05:00", "2022-05-05"),
        ("05.07.2024", "2024-07-05"),
        ("Updated 3 hours ago", None),
        ("yesterday at 10:15", None),
        ("February 30, 2024", None),
    ],
)
def test_printed_dates(printed: str, iso: str | None) -> None:
    assert parse_date(printed) == iso


def test_date_lines_are_only_timestamps() -> None:
    assert is_date_line("Published: June 19, 2024 8:42 PM GMT+9")
    assert is_date_line("Updated 2 hours ago")
    assert not is_date_line("The ministry said on June 19, 2024 that exports had risen sharply.")


@pytest.mark.parametrize(
    ("line", "authors", "outlet"),
    [
        ("By Jane Roe and Omar Said | Harbour Wire", ("Jane Roe", "Omar Said"), "Harbour Wire"),
        ("By Park Min-ji, Asia correspondent", ("Park Min-ji",), None),
        ("BY MICHAEL LEE [[email protected]]", ("Michael Lee",), None),
        ("By Anna Berg anna.berg@example.org", ("Anna Berg",), None),
        ("- JANE ROE", ("Jane Roe",), None),
        ("Reporting by Jane Roe and Omar Said; Editing by Tom Lee", ("Jane Roe", "Omar Said"), None),
        ("Posted on 3 July 2024 by Anna Berg", ("Anna Berg",), None),
    ],
)
def test_bylines(line: str, authors: tuple[str, ...], outlet: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.authors, byline.outlet) == (authors, outlet)


def test_sentences_that_mention_by_are_not_bylines() -> None:
    assert parse_byline("by the end of the decade the port will double its capacity") is None


@pytest.mark.parametrize(
    ("raw", "title", "site"),
    [
        ("Port authority approves expansion | Harbour Wire", "Port authority approves expansion", "Harbour Wire"),
        ("[News Today] “KIM MAY VISIT”", "KIM MAY VISIT", "News Today"),
        ("What we do", "What we do", None),
        ("Why the ferry matters - and what it costs us all", "Why the ferry matters - and what it costs us all", None),
    ],
)
def test_titles_lose_site_chrome(raw: str, title: str, site: str | None) -> None:
    assert split_title(raw) == (title, site)


DUMP = """Example Site

Home

World

Business

We use cookies to give you the best experience. By using this site you accept our cookie policy.

Council approves new library budget

By Sam Lee

Published 3 July 2024

The city council on Tuesday approved a budget of 4 million for the new central library, ending a debate that lasted more than a year.

Supporters said the building would serve thousands of students who have nowhere quiet to study after school.

Share on Facebook

Opponents argued the money should have gone to road repairs, and said they would raise the issue again next year.

Related articles

Parks budget cut by a tenth

© 2024 Example Site. All rights reserved.
"""


def test_furniture_is_removed_whole_with_a_reason() -> None:
    verdicts = classify_text(DUMP)
    kept = [v.block.text for v in verdicts if v.reason is None]
    assert kept == [
        "The city council on Tuesday approved a budget of 4 million for the new central library, ending a debate "
        "that lasted more than a year.",
        "Supporters said the building would serve thousands of students who have nowhere quiet to study after school.",
        "Opponents argued the money should have gone to road repairs, and said they would raise the issue again "
        "next year.",
    ]
    reasons = {v.block.text: v.reason for v in verdicts if v.reason}
    assert reasons[
        "We use cookies to give you the best experience. By using this site you accept our cookie policy."
    ] == ("cookie or consent notice")
    assert reasons["By Sam Lee"] == "byline"
    assert reasons["Published 3 July 2024"] == "timestamp"
    assert reasons["Share on Facebook"] == "share or social buttons"
    assert reasons["Related articles"] == "related or recommended links"
    assert reasons["© 2024 Example Site. All rights reserved."] == "copyright or footer line"
    assert reasons["Home"] == "page controls"
    assert reasons["World"] == "before the article text (page header or navigation)"
    assert reasons["Parks budget cut by a tenth"] == "after the article text (related links or page footer)"


def test_extract_json_has_exactly_the_documented_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(DUMP, encoding="utf-8")
    assert main(["extract", "--json", str(path)]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert list(found) == [
        "path",
        "title",
        "published",
        "authors",
        "outlet",
        "original_publisher",
        "language",
        "paragraphs",
        "removed",
    ]
    assert found["path"] == str(path)
    assert found["title"] == "Council approves new library budget"
    assert found["published"] == "2024-07-03"
    assert found["authors"] == ["Sam Lee"]
    assert found["outlet"] == "Example Site"
    assert found["language"] == "en"
    assert len(found["paragraphs"]) == 3
    assert {"text": "Share on Facebook", "reason": "share widget"} in found["removed"]
    # extract writes nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]


def test_extract_prints_a_readable_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(DUMP, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  title:              Council approves new library budget\n" in out
    assert "  published:          2024-07-03 (from '3 July 2024')\n" in out
    assert "  paragraphs (3):\n     1. The city council on Tuesday" in out
    assert "    - line 21, share widget: Share on Facebook\n" in out
    assert "    - line 9, cookie or consent notice: We use cookies" in out


def test_extract_reports_unreadable_files_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DUMP, encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 news\n\nText.\n".encode("latin-1"))
    assert main(["extract", "--json", str(bad), str(tmp_path / "missing.txt"), str(good)]) == 1
    captured = capsys.readouterr()
    assert [f["path"] for f in json.loads(captured.out)] == [str(good)]
    assert f"{bad}:1: error: seed is not valid UTF-8 (byte 0xe9 at offset 3)\n" in captured.err
    assert f"{tmp_path / 'missing.txt'}: error: cannot read: No such file or directory\n" in captured.err


# Hand-made articles in shapes the corpora do not have: the figures must carry over to them.
CARRY_OVER = {
    "blog-post.txt": ("Why the river ferry still matters", "2024-07-03", ["Anna Berg"], "Notes from the Valley", 4),
    "wire-signoff.txt": (
        "Port authority approves expansion of northern terminal",
        "2024-06-19",
        ["Jane Roe", "Omar Said"],
        "Harbour Wire",
        4,
    ),
    "portal-correspondent.txt": (
        "Rice harvest falls for third year as summer rains hit farms",
        "2024-07-05",
        ["Park Min-ji"],
        "Seoul Daily Herald",
        3,
    ),
    "cp1252-page.html": ("Neue Brücke für Radfahrer eröffnet", "2024-11-20", ["Lena Vogt"], "Stadtanzeiger", 4),
    # header lines without blank lines between them: menu, byline and timestamp each on a line of its own
    "nav-block-header.txt": (
        "Harbour strike enters third week as talks stall",
        "2023-03-14",
        ["Maria Lopez"],
        "The Coastal Herald",
        4,
    ),
    "pitch-first-updated.txt": (
        "Council approves new tram line after decade-long debate",
        "2022-11-03",
        ["Anna Kovacs"],
        None,
        3,
    ),
    # a page with no <h1>, a section name as <title>, no lang attribute, Latin-1 entities
    "latin1-no-h1.html": ("Stadtrat beschließt neues Schwimmbad", "2022-03-12", ["Petra Müller"], None, 3),
    "article-tag-page.html": ("Mine collapse traps 12 workers", "2021-08-09", ["Samuel Okafor"], "Northern Tribune", 3),
    "signature-after-text.txt": (
        "Talks on grain corridor resume in Istanbul",
        "2024-07-03",
        ["Karl Jensen"],
        "World",
        2,
    ),
    "line-per-block-portal.txt": (
        "Flood defences fail as river hits record level",
        "2024-06-19",
        ["Helen Marsh", "Dev Patel"],
        "Riverside Post",
        4,
    ),
    "portal-role-byline.txt": (
        "Minister resigns over procurement scandal",
        "2024-07-05",
        ["Park Ji-won"],
        "Daily Capital News",
        3,
    ),
    "breadcrumb-dash-byline.txt": ("Probe sends first images from icy moon", "2024-11-20", ["Jonas Weber"], None, 4),
}


@pytest.mark.parametrize("name", sorted(CARRY_OVER))
def test_hand_made_articles_in_other_shapes(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--json", str(FIXTURES / name)]) == 0
    [found] = json.loads(capsys.readouterr().out)
    title, published, authors, outlet, paragraphs = CARRY_OVER[name]
    assert (found["title"], found["published"], found["authors"], found["outlet"]) == (
        title,
        published,
        authors,
        outlet,
    )
    assert len(found["paragraphs"]) == paragraphs
    text = "\n".join(found["paragraphs"])
    for furniture in (
        "cookie",
        "Cookies",
        "Share",
        "Related",
        "Read Next",
        "Most viewed",
        "©",
        "Copyright",
        "Editing by",
    ):
        assert furniture not in text


def test_text_with_no_prose_shape_keeps_every_block_but_plain_furniture() -> None:
    verdicts = classify_text("w1 w2 w3 w4\n\nw5 w6 w7 w8 w9\n\nShare on Facebook\n\nw10 w11 w12\n")
    assert [(v.block.text, v.reason) for v in verdicts] == [
        ("w1 w2 w3 w4", None),
        ("w5 w6 w7 w8 w9", None),
        ("Share on Facebook", "share or social buttons"),
        ("w10 w11 w12", None),
    ]


def test_a_caption_shown_twice_is_furniture_but_a_short_subheading_is_not() -> None:
    caption = "The minister and the mayor shake hands at the opening on Monday."
    prose = "The new bridge opened on Monday after two years of work, and the city said it cost four million in all."
    verdicts = classify_text(
        f"{caption}\n\n{caption}\n\n{prose}\n\nBackground\n\n{prose} Traffic is expected to rise.\n"
    )
    reasons = [v.reason for v in verdicts]
    assert reasons[:2] == ["repeated on the page (a caption, teaser or menu item shown twice)"] * 2
    assert reasons[2:] == [None, None, None]


def test_a_byline_split_over_two_lines_is_read_only_when_the_next_line_is_names() -> None:
    from generator.ingest.extraction.authors import byline_in_lines

    found = byline_in_lines(["Share", "By", "J.R. Stone", "March 3, 2020"])
    assert found is not None and found.authors == ("J.R. Stone",)
    assert byline_in_lines(["Von:", "Catch more fish"]) is None
    assert byline_in_lines(["Autor:", "Peter Maahn/SP-X"]) is not None


def test_a_bare_name_beside_the_date_is_an_author_but_a_section_word_is_not() -> None:
    from generator.ingest.extraction.authors import name_beside_date

    found = name_beside_date(["Anna Dunst", "Mai 05, 2019"])
    assert found is not None and found.authors == ("Anna Dunst",)
    assert name_beside_date(["JIJI", "Feb 18, 2020", "Article history"]) is None
    assert name_beside_date(["Essay", "Mai 05, 2019"]) is None


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        ("en-US", "Des mots du texte et de la page. ", "en"),
        ("de_DE", "Some words of text. ", "de"),
        ("x-default", "Some words of the text. ", "en"),
        ("", "Des mots du texte et de la page. ", "fr"),
        ("", "Xq zv wrtp klm. ", None),
    ],
)
def test_page_language_is_the_declared_primary_subtag_else_the_texts(lang: str, text: str, code: str | None) -> None:
    from generator.ingest.extraction.html import extract_html

    page = f'<html lang="{lang}"><body><h1>Title here now</h1><p>{text * 20}</p></body></html>'
    assert extract_html(page.encode(), "p.html").language == code


def test_a_labelled_date_anywhere_on_the_page_is_read_when_the_metadata_is_close() -> None:
    from generator.ingest.extraction.html import extract_html

    body = "".join(
        f"<p>Paragraph {n} of the article text, long enough to be a paragraph of prose here.</p>" for n in range(60)
    )
    page = (
        '<html><head><meta property="article:published_time" content="2023-11-03T09:00:00">'
        f"</head><body><h1>Council approves the new library budget</h1>{body}"
        "<div>Written: 2023-11-07 15:03:30</div><div>Updated: 2023-11-08 10:00</div></body></html>"
    )
    found = extract_html(page.encode(), "p.html")
    assert (found.published, found.published_text) == ("2023-11-07", "Written: 2023-11-07 15:03:30")


def test_a_menu_line_first_is_navigation_not_the_headline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "menu-first.txt"
    article.write_text(
        "Menu | Home | World | Business\n\n"
        "Port of Valdora reopens after storm\n\n"
        "By Maria Lenz | The Coastal Ledger\n\n"
        "The port of Valdora reopened on Tuesday after a storm closed it for four days, the harbour authority said.\n\n"
        "Officials said about 300 ships had waited offshore, and that the backlog may take a week to clear.\n",
        encoding="utf-8",
    )
    assert main(["extract", "--json", str(article)]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["title"] == "Port of Valdora reopens after storm"
    menu = next(r for r in found["removed"] if r["text"] == "Menu | Home | World | Business")
    assert menu["reason"] != "headline"
    assert not any(r["reason"] == "headline" and "|" in r["text"] for r in found["removed"])


def test_link_lists_are_told_from_titles() -> None:
    from generator.ingest.extraction.blocks import is_link_list

    assert is_link_list("Menu | Home | World | Business")
    assert is_link_list("News · Sport · Weather")
    assert not is_link_list("Port of Valdora reopens after storm | The Coastal Ledger")
    assert not is_link_list("Storm closes port | Ships wait offshore for four days | Ledger")


def test_header_lines_in_one_block_stand_alone_but_wrapped_prose_stays_whole() -> None:
    from generator.ingest.extraction.blocks import group_lines, stands_alone

    assert stands_alone("Updated 2 hours ago")
    assert stands_alone("20 Nov. 2024, 17:20")
    assert stands_alone("- JONAS WEBER")
    assert stands_alone("By Maria Lopez, Labour Correspondent")
    assert stands_alone("Home  World  Politics  Business")
    assert not stands_alone("by the end of the week, officials said")
    assert group_lines(["Probe sends first images", "- JONAS WEBER", "20 Nov. 2024, 17:20"]) == [
        (0, "Probe sends first images"),
        (1, "- JONAS WEBER"),
        (2, "20 Nov. 2024, 17:20"),
    ]
    wrapped = [
        "The agreement was signed in the capital after two days of talks, and the",
        "ministers said it would take effect at once. It was dated",
        "14 March 2023.",
    ]
    assert group_lines(wrapped) == [(0, " ".join(wrapped))]


def test_the_copyright_line_names_the_publisher() -> None:
    from generator.ingest.extraction.outlet import copyright_holder

    assert copyright_holder(["© 2023 The Coastal Herald. All rights reserved."]) == "The Coastal Herald"
    assert copyright_holder(["Copyright © 2019-2024 Acme News Ltd"]) == "Acme News Ltd"
    assert copyright_holder(["© All rights reserved", "Copyright 2024 by the author"]) is None
    assert copyright_holder(["© the publisher"]) is None


def test_a_name_with_its_email_in_brackets_is_a_signature_but_a_contact_prompt_is_not() -> None:
    from generator.ingest.extraction.authors import is_contact_line

    found = parse_byline("KARL JENSEN [karl.jensen@example.org]")
    assert found is not None and found.authors == ("Karl Jensen",)
    assert is_contact_line("Anna Berg (anna@example.org)")
    assert not is_contact_line("Contact us [info@example.org]")
    assert parse_byline("Send tips to <tips@example.org>") is None


def test_a_name_followed_by_a_writers_role_is_a_byline() -> None:
    from generator.ingest.extraction.authors import is_role_line

    assert is_role_line("Park Ji-won Reporter")
    assert is_role_line("Ann Lee, Political Correspondent")
    found = parse_byline("Ann Lee, Political Correspondent")
    assert found is not None and found.authors == ("Ann Lee",)
    assert not is_role_line("Staff Reporter")
    assert parse_byline("Breaking News Reporter") is None


def test_header_rule_lines_are_kept_apart_even_in_a_block_that_reads_as_prose() -> None:
    from generator.ingest.seeds import split_blocks

    text = (
        "Harbour office completes its drill\n"
        "Published: 5 Jan. 2026, 09:00\n"
        "In a statement on Monday, the harbour office said it had counted the crates during a routine drill.\n"
        "The office said the drill would be repeated next year with the same number of crates.\n"
    )
    assert [block.text for block in split_blocks(text)] == [
        "Harbour office completes its drill",
        "Published: 5 Jan. 2026, 09:00",
        "In a statement on Monday, the harbour office said it had counted the crates during a routine drill. "
        "The office said the drill would be repeated next year with the same number of crates.",
    ]


def test_a_byline_label_is_never_read_as_a_name() -> None:
    assert parse_byline("By By By") is None
    found = parse_byline("By Anna Berg")
    assert found is not None and found.authors == ("Anna Berg",)


def test_a_text_seed_whose_by_line_names_nobody_has_no_author(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "label-only.txt"
    article.write_text(
        "Port of Valdora reopens after storm\n\nBy By By\n\n"
        "The port of Valdora reopened on Tuesday after a storm closed it for four days, the harbour authority said.\n",
        encoding="utf-8",
    )
    assert main(["extract", "--json", str(article)]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["authors"] == []
