"""The word screens in front of the furniture patterns: they skip a search only when it cannot match."""

from __future__ import annotations

import re
import sys
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from generator.ingest import furniture
from generator.ingest.extraction import boilerplate
from generator.ingest.extraction.boilerplate import screened

_EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)


def test_every_character_a_case_insensitive_letter_matches_screens_as_that_letter() -> None:
    matched = re.compile("[a-z]", re.IGNORECASE).findall(_EVERY_CHARACTER)
    letters = {
        char: [a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.IGNORECASE)] for char in matched
    }
    assert {char: screened(char) for char in matched} == {char: found[0] for char, found in letters.items()}
    assert all(len(found) == 1 for found in letters.values())
    assert {"\u0130", "\u0131", "\u017f", "\u212a"} < set(matched)  # beyond A-Z


def _covered(items: Any, needs: tuple[str, ...]) -> bool:
    """Does every match of this parsed pattern contain one of `needs` (as `screened` sees it)?"""
    run = ""
    for op, value in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run += chr(value)
            continue
        if any(word in run.lower() for word in needs):
            return True
        run = ""
        if op is sre_constants.SUBPATTERN and _covered(value[-1], needs):
            return True
        if op is sre_constants.BRANCH and all(_covered(branch, needs) for branch in value[1]):
            return True
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] >= 1 and _covered(value[2], needs):
            return True
    return False


def _screened_patterns() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    found = [(p.reason, p.regex, p.needs) for p in boilerplate.PATTERNS if p.needs]
    found += [(r.name, r.pattern, r.needs) for r in furniture.RULES if r.needs]
    return found


def test_the_long_block_patterns_have_screens() -> None:
    names = {name for name, _, _ in _screened_patterns()}
    assert {"cookie or consent notice", "subscribe or newsletter pitch", "ad-block"} <= names


@pytest.mark.parametrize(("name", "pattern", "needs"), _screened_patterns())
def test_every_match_of_a_screened_pattern_contains_one_of_its_words(
    name: str, pattern: re.Pattern[str], needs: tuple[str, ...]
) -> None:
    assert all(word == word.lower() and all(c.isascii() or not c.isalpha() for c in word) for word in needs)
    assert _covered(sre_parser.parse(pattern.pattern, pattern.flags), needs), name


def test_a_screen_that_misses_an_alternative_is_caught() -> None:
    parsed = sre_parser.parse(r"\b(share|tweet)\b", re.IGNORECASE)
    assert _covered(parsed, ("share", "tweet"))
    assert not _covered(parsed, ("share",))
    assert not _covered(sre_parser.parse(r"\bcookies?\b", re.IGNORECASE), ("cookies",))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("We use COOKIES to improve your experience.", "cookie or consent notice"),
        ("We use \u212aOOKIES\u2026 no: we use cookies to improve your browsing.", "cookie or consent notice"),
        ("Sign up for our free daily briefing, delivered to your inbox.", "subscribe or newsletter pitch"),
        ("\u00a9 2024 Example Media. All rights reserved.", "copyright or footer line"),
        ("The agreement was signed in the capital on Tuesday, officials said.", None),
    ],
)
def test_screened_patterns_still_find_furniture(text: str, reason: str | None) -> None:
    found = boilerplate.match(text, len(text.split()))
    assert (found.reason if found else None) == reason


def test_a_dotted_capital_i_still_matches_an_i() -> None:
    text = "We use cook\u0130es here and accept them"
    assert boilerplate.PATTERNS[0].regex.search(text)  # the engine's own view
    found = boilerplate.match(text, len(text.split()))
    assert found is not None and found.reason == "cookie or consent notice"


def test_ad_block_rule_is_found_behind_its_screen() -> None:
    found = furniture.classify("Please disable your AD-BLOCKER to read on")
    assert found is not None and found[0].name == "ad-block"
    assert furniture.classify("The block of flats was sold to an advertising firm.") is None
