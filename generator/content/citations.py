"""Verify that quotes are in their source's clean text, and explain near misses."""

from __future__ import annotations

import difflib
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from generator.content.normal import FOLD_TABLE, SOFT_HYPHEN, fold
from generator.model import Match, Paragraph, Removed, Source
from generator.problems import brief


@dataclass(frozen=True, slots=True)
class NormalText:
    """Normalised text with, for each character, its offset in the original."""

    text: str
    offsets: Sequence[int]
    """A `range` when the text maps onto itself, else a compact array: a tuple of
    int objects cost about 36 bytes per character, 1.8 GB at 10,000 sources."""


_ODD_CHAR = re.compile(r"[^\S ]|\u00ad")
"""Whitespace other than a plain space, or a soft hyphen: one character class, which the regex
engine scans for quickly (an alternation of `\\s\\s|...|^\\s` was tried at every position, and
was most of the time of verifying 50,000 quotes)."""


def _needs_work(text: str) -> bool:
    """Would the character loop in `normalise` change anything besides trailing spaces?"""
    # Once no other whitespace is found, a leading or doubled whitespace can only be spaces.
    if text.startswith(" ") or "  " in text:
        return True
    # Other whitespace and the soft hyphen are never printable: most texts are, and say so at once.
    return not text.isprintable() and _ODD_CHAR.search(text) is not None


def normalise(text: str) -> NormalText:
    """Fold the text as `normal.fold` does, keeping each character's offset in the original."""
    translated = text if text.isascii() else text.translate(FOLD_TABLE)  # the table maps no ASCII character
    if not _needs_work(translated):
        # Common case: single spaces only, so the text maps onto itself one to one.
        kept = translated.rstrip(" ")
        return NormalText(kept, range(len(kept)))
    chars: list[str] = []
    offsets: list[int] = []
    for index, original in enumerate(translated):
        if original == SOFT_HYPHEN:
            continue
        char = original
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return NormalText("".join(chars), array("l", offsets))


def normalise_quote(quote: str) -> str:
    """The normalised form of a quote as an editor wrote it."""
    return fold(quote)


MIN_QUOTE_WORDS = 3
"""Fewest words a quote may have: one or two words ("the", "officials said") do not identify a
passage, so they cannot be evidence for a statement."""

_WORD = re.compile(r"\w+")


def quote_problem(quote: str) -> tuple[str, str] | None:
    """Why a quote cannot be evidence whatever its source says (message, hint), or None."""
    words = len(_WORD.findall(quote))
    if not quote.strip():
        return "empty quote", "copy the exact passage of the source that supports the statement"
    if words < MIN_QUOTE_WORDS:
        return (
            f"quote {brief(quote.strip())} is too short to identify a passage "
            f"({words} word{'s' if words != 1 else ''}; at least {MIN_QUOTE_WORDS})",
            "quote enough of the sentence that it says what the statement claims",
        )
    return None


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a quote was not found, for the error message."""

    message: str
    hint: str


class SourceIndex:
    """The clean paragraphs of one source, normalised once for quote look-ups."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._paragraphs = [(p, normalise(p.text)) for p in source.paragraphs]

    @property
    def _removed(self) -> list[tuple[Removed, str]]:
        """The removed blocks, normalised: only a quote that is not found is looked for in them."""
        return [(r, normalise(r.text).text) for r in self.source.parsed.removed]

    def find(self, quote: str) -> Match | None:
        """Where the quote stands in one clean paragraph, or None."""
        needle = normalise_quote(quote)
        if not needle:
            return None
        for paragraph, normal in self._paragraphs:
            at = normal.text.find(needle)
            if at >= 0:
                start = normal.offsets[at]
                end = normal.offsets[at + len(needle) - 1] + 1
                return Match(paragraph, start, end)
        return None

    def explain_miss(self, quote: str) -> Miss:
        """Say why a quote is not in the clean text and show the closest passage."""
        needle = normalise_quote(quote)
        for removed, normal in self._removed:
            if needle and needle in normal:
                where = f"seed line {removed.line}, removed as {removed.rule}" if removed.line else removed.reason
                return Miss(
                    f"quote is in page furniture of source '{self.source.id}' ({where}), not in the article text",
                    "furniture such as ads, widgets and header lines cannot be cited; quote the article text",
                )
        if self._spans_paragraphs(needle):
            return Miss(
                f"quote spans two paragraphs of source '{self.source.id}'",
                "split it into two citations, one per paragraph",
            )
        paragraph, passage = self.closest(needle)
        if paragraph is None:
            return Miss(f"quote not found in source '{self.source.id}'", "the source has no text to quote")
        return Miss(
            f"quote not found in source '{self.source.id}'",
            f"closest passage (#{paragraph.anchor}{f', seed line {paragraph.line}' if paragraph.line else ''}): "
            f'"{passage}"; {describe_difference(needle, passage)}',
        )

    def closest(self, needle: str) -> tuple[Paragraph | None, str]:
        """The paragraph and passage most like the quote."""
        best: tuple[float, Paragraph | None, str] = (-1.0, None, "")
        words = needle.split()
        for paragraph, normal in self._paragraphs:
            passage = _best_window(words, normal.text.split())
            score = difflib.SequenceMatcher(None, needle, passage, autojunk=False).ratio()
            if score > best[0]:
                best = (score, paragraph, passage)
        return best[1], best[2]

    def _spans_paragraphs(self, needle: str) -> bool:
        joined = " ".join(normal.text for _, normal in self._paragraphs)
        return needle in joined


def _best_window(words: list[str], text_words: list[str]) -> str:
    """The run of text words, as long as the quote, that shares most words with it."""
    size = max(1, len(words))
    if len(text_words) <= size:
        return " ".join(text_words)
    wanted = {w.lower().strip(".,;:!?\"'()") for w in words}
    best_start, best_score = 0, -1
    for start in range(len(text_words) - size + 1):
        window = text_words[start : start + size]
        score = sum(1 for w in window if w.lower().strip(".,;:!?\"'()") in wanted)
        if score > best_score:
            best_start, best_score = start, score
    return " ".join(text_words[best_start : best_start + size])


def describe_difference(quote: str, passage: str) -> str:
    """Word-level differences between a quote and a passage, e.g. `quote has "x" where the source has "y"`."""
    a, b = quote.split(), passage.split()
    keys_a, keys_b = [_word_key(w) for w in a], [_word_key(w) for w in b]
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "replace":
            parts.append(f'quote has "{" ".join(a[i1:i2])}" where the source has "{" ".join(b[j1:j2])}"')
        elif op == "delete":
            parts.append(f'quote adds "{" ".join(a[i1:i2])}"')
        elif op == "insert" and j1 > 0 and j2 < len(b):
            parts.append(f'quote omits "{" ".join(b[j1:j2])}"')
    if not parts:
        return "the words match but punctuation differs or the quote is not one continuous passage"
    return "; ".join(parts[:4])


def _word_key(word: str) -> str:
    return word.strip(".,;:!?\"'()")
