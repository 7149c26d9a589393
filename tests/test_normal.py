"""The one text normaliser: quotes, copies and conflicts fold characters alike."""

from __future__ import annotations

from generator.analysis import copies
from generator.content import normal
from generator.content.citations import normalise, normalise_quote

TEXT = "  \u201cIt\u2019s a \u2018deal\u2019\u201d \u2014 co\u00adoperation,\u00a0\u00abnow\u00bb\n\tsaid 2\u20133  "


def test_fold_straightens_quotes_unifies_dashes_and_spaces() -> None:
    assert normal.fold(TEXT) == '"It\'s a \'deal\'" - cooperation, "now" said 2-3'
    assert normal.fold_key("\u201cDEAL\u201d") == '"deal"'


def test_quote_verification_folds_like_everyone_else_and_keeps_offsets() -> None:
    folded = normalise(TEXT)
    assert folded.text == normal.fold(TEXT) == normalise_quote(TEXT)
    for char, offset in zip(folded.text, folded.offsets, strict=True):
        assert char == TEXT[offset].translate(normal.FOLD_TABLE).replace("\n", " ").replace("\t", " ")


def test_copy_detection_splits_words_after_the_same_folding() -> None:
    assert copies._words(TEXT) == copies._words(normal.fold(TEXT))
    assert b"cooperation" in copies._words(TEXT)


def test_quote_verification_takes_the_one_to_one_path_only_for_text_it_would_not_change() -> None:
    for text in (
        "plain text",
        "zero\u200dwidth joiner",
        "trailing ",
        "a\u3000b",
        " lead",
        "two  spaces",
        "soft\u00adhyphen",
    ):
        folded = normalise(text)
        assert folded.text == normal.fold(text)
        assert isinstance(folded.offsets, range) == (text in ("plain text", "zero\u200dwidth joiner", "trailing "))
