"""Word-level differences rendered in Markdown: ~~removed~~ **added**, unchanged runs shortened."""

from __future__ import annotations

import difflib
import re

REWRITE_SIMILARITY = 0.5
"""Below this share of common words, a text is shown as replaced as a whole: scattered common words
("the", "of") would only chop it up."""

_SPECIAL = re.compile(r"([\\`*~\[\]<>|])")


def escape(text: str) -> str:
    """Text that Markdown shows as written."""
    return _SPECIAL.sub(r"\\\1", text)


def similarity(old: str, new: str) -> float:
    """Share of words two texts have in common, in order (0..1)."""
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def word_diff(old: str, new: str, context: int | None = None) -> str:
    """`new` with removed words struck through and added words in bold.

    With `context`, unchanged runs longer than that many words on each side of a
    change are shortened to `…`, so a one-word edit in a long paragraph stays short.
    """
    before, after = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    if before and after and matcher.ratio() < REWRITE_SIMILARITY:
        return f"~~{escape(' '.join(before))}~~ **{escape(' '.join(after))}**"
    opcodes = matcher.get_opcodes()
    parts: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            if context is not None:
                words = _shorten(words, context, first=index == 0, last=index == len(opcodes) - 1)
            parts.append(" ".join(word if word == "…" else escape(word) for word in words))
            continue
        if i2 > i1:
            parts.append(f"~~{escape(' '.join(before[i1:i2]))}~~")
        if j2 > j1:
            parts.append(f"**{escape(' '.join(after[j1:j2]))}**")
    return " ".join(part for part in parts if part)


def _shorten(words: list[str], context: int, first: bool, last: bool) -> list[str]:
    """Keep `context` words next to each neighbouring change; `…` for the rest."""
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(words) <= keep_head + keep_tail + 1:
        return words
    head = words[:keep_head]
    tail = words[len(words) - keep_tail :] if keep_tail else []
    return [*head, "…", *tail]
