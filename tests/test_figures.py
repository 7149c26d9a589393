"""Figures are worded from their value, unit and qualifier, as the quote words them (generator.content.figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.content.figures import QUALIFIERS, label_words_missing, number_forms, word_figure
from generator.model import Figure
from tests.sample import write_sample

# One quote per qualifier: (value, unit, qualifier, quote, the wording readers must see).
PER_QUALIFIER = {
    "exact": (17, "months", "exact", "shipments to Ukraine over the past 17 months.", "17 months"),
    "about": (
        11000,
        "North Korean soldiers",
        "about",
        "they believe approximately 11,000 North Korean soldiers were moved",
        "approximately 11,000 North Korean soldiers",
    ),
    "nearly": (2, "weeks", "nearly", "the train took nearly two weeks to arrive", "nearly two weeks"),
    "more-than": (3, "years", "more-than", "tight border controls for more than three years", "more than three years"),
    "at-least": (40, "ships", "at-least", "at least 40 ships were seen in port", "at least 40 ships"),
    "up-to": (
        9_400_000,
        "152-millimeter shells",
        "up-to",
        "the containers could hold up to 9.4 million 152-millimeter shells, the report said",
        "up to 9.4 million 152-millimeter shells",
    ),
    "fewer-than": (1000, "troops", "fewer-than", "fewer than 1,000 troops remained", "fewer than 1,000 troops"),
    "at-most": (5, "launchers", "at-most", "it could carry at most five launchers", "at most five launchers"),
}


def test_every_qualifier_has_a_case() -> None:
    assert set(PER_QUALIFIER) == set(QUALIFIERS)


@pytest.mark.parametrize("qualifier", sorted(PER_QUALIFIER))
def test_figure_is_worded_as_its_quote_words_it(qualifier: str) -> None:
    value, unit, kind, quote, expected = PER_QUALIFIER[qualifier]
    wording = word_figure(value, unit, kind, [quote])
    assert wording.found
    assert wording.text == expected
    assert wording.text in quote
    assert Figure(value, unit, qualifier=kind, wording=wording.text).display == expected


@pytest.mark.parametrize("qualifier", sorted(q for q in PER_QUALIFIER if q != "exact"))
def test_a_figure_with_another_qualifier_is_not_found(qualifier: str) -> None:
    value, unit, _kind, quote, _expected = PER_QUALIFIER[qualifier]
    other = "exact" if qualifier != "about" else "more-than"
    wording = word_figure(value, unit, other, [quote])
    assert not wording.found


def test_unit_must_follow_its_number() -> None:
    quote = "the containers could hold up to 9.4 million 152-millimeter shells"
    assert not word_figure(9_400_000, "shells", "up-to", [quote]).found
    assert word_figure(152, "millimeter", "exact", [quote]).text == "152-millimeter"


def test_canonical_wording_when_no_quote_says_it() -> None:
    assert Figure(11000, "soldiers", approximate=True).display == "about 11,000 soldiers"
    assert Figure(3, "years", qualifier="more-than").display == "more than 3 years"
    assert Figure(9_400_000, "shells", qualifier="up-to").display == "up to 9.4 million shells"
    assert Figure(2019, "year").display == "2019"


def test_number_forms() -> None:
    assert number_forms(9_400_000)[:2] == ("9.4 million", "9,400,000")
    assert "three" in number_forms(3)
    assert number_forms(6.69) == ("6.69",)


def test_label_words_come_from_the_quote() -> None:
    quote = "despite its huge shipments of advanced weaponry to Ukraine over the past 17 months"
    assert label_words_missing("of huge shipments of advanced weaponry to Ukraine", [quote]) == ()
    assert label_words_missing("period of Western weapons shipments", [quote]) == ("period", "western", "weapons")


def _sample_with_figure(tmp_path: Path, figure: str) -> Path:
    root = write_sample(tmp_path)
    facts = root / "content/facts/harbour.yaml"
    text = facts.read_text(encoding="utf-8")
    old = "      - value: 1200\n        unit: containers\n        approximate: false\n"
    assert old in text
    facts.write_text(text.replace(old, figure), encoding="utf-8")
    return root


def test_check_rejects_a_figure_its_quote_does_not_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample_with_figure(
        tmp_path, "      - value: 1200\n        unit: containers\n        qualifier: more-than\n"
    )
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err.replace(f"{root}/", "")
    assert err.splitlines()[:2] == [
        "content/facts/harbour.yaml:13:9: error: no quote of this fact says 'more than 1,200 containers' "
        "(value 1200, unit 'containers', qualifier more-than)",
        "    hint: give the qualifier the quote uses (about, more-than, up-to, at-least, ...) and, as the unit, "
        "the words that follow the number in the quote",
    ]


def test_check_rejects_a_label_adding_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figure = "      - value: 1200\n        unit: containers\n        label: crates shipped north\n"
    root = _sample_with_figure(tmp_path, figure)
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err.replace(f"{root}/", "")
    assert err.splitlines()[:2] == [
        "content/facts/harbour.yaml:15:9: error: figure label says what no quote of this fact says: "
        "'crates', 'shipped', 'north'",
        "    hint: take the label's words from the quote",
    ]


def test_check_accepts_the_quotes_wording(tmp_path: Path) -> None:
    figure = (
        "      - value: 1200\n        unit: containers\n        qualifier: about\n        label: handled in February\n"
    )
    root = _sample_with_figure(tmp_path, figure)
    assert main(["--root", str(root), "check"]) == 0
