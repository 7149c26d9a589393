"""The one set of character folding rules for comparing text: quotes, copies and conflicts.

An editor's quote, a source's paragraph, a claim and the words two sources share are
all compared after the same folding: typographic quotes straightened, dashes unified,
no-break spaces as spaces, soft hyphens dropped, whitespace runs as one space. Quote
verification (content.citations) keeps each character's offset in the original and so
applies FOLD_TABLE and SOFT_HYPHEN itself; everyone else calls `fold_chars`, `fold` or
`fold_key`.
"""

from __future__ import annotations

SOFT_HYPHEN = "\u00ad"
"""Dropped: an invisible line-break hint that splits a word in one copy of a text and not another."""

FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
"""One character for one character, so that folded text keeps the original's offsets."""


def fold_chars(text: str) -> str:
    """Straighten quotes, unify dashes and no-break spaces, drop soft hyphens (whitespace kept)."""
    if text.isascii():  # nothing to fold (a flag of the string: no scan)
        return text
    return text.translate(FOLD_TABLE).replace(SOFT_HYPHEN, "")


def fold(text: str) -> str:
    """`fold_chars`, with every whitespace run one space and none at either end."""
    return " ".join(fold_chars(text).split())


def fold_key(text: str) -> str:
    """`fold`, case-folded: the key under which two wordings count as the same words."""
    return fold(text).casefold()
