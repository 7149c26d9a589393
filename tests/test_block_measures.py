"""Block measures taken once per page equal those taken block by block with the page's stopwords."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.extraction.blocks import (
    _ASCII_WORD,
    _CJK,
    _WORD,
    _words,
    make_block,
    measure_blocks,
    page_stopwords,
)
from generator.ingest.seeds import split_blocks

PAGES = [
    "date 2024-01-02 [Outlet] A headline here\n\nThe minister said the talks would go on.\n\nAdvertisement\n",
    "\ufeffBy JANE ROE\r\nSEOUL -- Officials said on Tuesday\r\nthat the deal was signed.\r\n\r\nShare this article\r\n",
    # a language the known function words miss: the page's own short words count, ties in order
    "ka po ne ri ka po ne ri lu mo\n\nka po tu vela serinda mokato ne ri\n\nzu zu po ka ne mo lu",
    "one line\x0cwith a form feed\n\u2028still the same line\n   \n\tindented line\nlast",
]

LINES = st.sampled_from(
    ["", " ", "\t", "Advertisement", "date 2025-03-04 Headline", "The talks, he said, went on.", "ka po ne", "x_y 12"]
)


def _words_of_blocks(text: str) -> list[str]:
    return [word for block in split_blocks(text) for word in _WORD.findall(block.text)]


@pytest.mark.parametrize("text", PAGES)
def test_the_blocks_of_a_text_hold_each_of_its_words_once_in_order(text: str) -> None:
    assert _words_of_blocks(text) == _WORD.findall(text.removeprefix("\ufeff"))


@settings(max_examples=200, database=None, deadline=timedelta(seconds=2))
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_any_text_splits_into_blocks_holding_its_words(lines: list[str], end: str) -> None:
    text = end.join(lines)
    assert _words_of_blocks(text) == _WORD.findall(text)


@pytest.mark.parametrize("text", PAGES)
def test_measuring_a_page_at_once_equals_measuring_each_block(text: str) -> None:
    blocks = split_blocks(text.removeprefix("\ufeff"))
    body = [(block.text, block.line) for block in blocks[1:]] + [("a block not among the page's", 99)]
    stopwords = page_stopwords(text.removeprefix("\ufeff"))
    expected = [make_block(block_text, line, stopwords) for block_text, line in body]
    assert measure_blocks([block.text for block in blocks], body) == expected


def test_a_page_in_an_unknown_language_gets_its_own_function_words() -> None:
    text = PAGES[2]
    assert page_stopwords(text) > page_stopwords(PAGES[0])
    measured = measure_blocks([block.text for block in split_blocks(text)], [("ka po tu vela", 1)])
    assert measured[0].stopword_ratio == 0.75  # ka, po and tu: the page's short words; vela is longer


def test_an_ascii_word_character_is_exactly_a_unicode_one() -> None:
    for code in range(128):
        char = chr(code)
        assert bool(_ASCII_WORD.fullmatch(char)) == bool(_WORD.fullmatch(char)), repr(char)
    assert not _CJK.search("".join(map(chr, range(128))))  # so an ASCII text has no CJK character


@settings(max_examples=200, deadline=timedelta(seconds=2), database=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_the_words_of_any_text_are_those_of_the_unicode_pattern(text: str) -> None:
    assert _words(text) == _WORD.findall(text)
