"""Text dumps: keep the article's prose, remove whole furniture blocks, each with its reason.

A dump holds every visible block of a page. The article is found as its densest run of prose
(long, sentence-shaped, function-word-rich blocks); blocks outside that run are page furniture,
and inside it blocks that say what furniture says (share, subscribe, related, bylines,
timestamps) are removed too. Nothing is cut from inside a block.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import boilerplate
from .authors import is_byline
from .blocks import Block, split_blocks
from .dates import is_date_line
from .titles import split_title, token_overlap

PROSE_GAP_PENALTY = 6.0
"""Cost of a short non-prose block inside the article (a subheading or a caption)."""
FURNITURE_PENALTY = 12.0
"""Cost of a block that says what furniture says."""
REPEATED_MIN_WORDS = 5
"""Shorter blocks (a subheading, `Share`) repeat in genuine articles too."""
REPEATED = "repeated on the page (a caption, teaser or menu item shown twice)"
BEFORE_ARTICLE = "before the article text (page header or navigation)"
AFTER_ARTICLE = "after the article text (related links or page footer)"
ANCHOR_MIN_WORDS = 4
"""A page title shorter than this is too unspecific to find the headline by."""
ANCHOR_WINDOW = 12
"""Blocks after the repeated headline within which the article text must start."""
MAX_BRIDGED = 2
"""Furniture blocks the article text may continue after (a newsletter pitch mid-article)."""
SECTION_BREAKS = frozenset(("related or recommended links", "comment form or prompt"))
"""Furniture that, as a bare heading, starts a page section after the article."""
SECTION_BREAK_AFTER = 150
"""Prose words the article must have before a section heading ends it (a `Related:` line near the top does not)."""
SECTION_WINDOW = 6
SECTION_FURNITURE = 4
"""Furniture or short non-prose blocks (bylines, dates, names, ratings) among the next few that make a heading
a teaser or comment section's."""
HEADING_MAX_WORDS = 14
"""A non-prose block this short inside the article, followed by prose, reads as a subheading."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a block is article text; why not, when it is not."""

    block: Block
    reason: str | None
    """None when the block is kept as a paragraph."""


def classify_text(text: str) -> list[Verdict]:
    """Every block of a text dump, kept or removed with a reason."""
    return classify_blocks(split_blocks(text))


def classify_blocks(blocks: list[Block], page_title: str | None = None) -> list[Verdict]:
    """Keep the densest prose run's article blocks; give a reason for every other block.

    `page_title` is the dump's first block when the caller has taken it off `blocks`.
    """
    if not blocks:
        return []
    keys = [" ".join(block.text.lower().split()) for block in blocks]
    counts = Counter(keys)
    patterns = [
        _furniture_reason(block) or (REPEATED if block.words >= REPEATED_MIN_WORDS and counts[key] > 1 else None)
        for block, key in zip(blocks, keys, strict=True)
    ]
    if not any(block.is_prose for block in blocks):
        # nothing reads as prose (a list, a table, an unknown script): position says nothing either
        return [Verdict(block, pattern) for block, pattern in zip(blocks, patterns, strict=True)]
    start, end = _anchored_run(blocks, patterns, page_title) or _densest_run(blocks, patterns)
    end = _extend_over_furniture(blocks, patterns, _end_at_section_break(blocks, patterns, start, end))
    verdicts: list[Verdict] = []
    for index, block in enumerate(blocks):
        if patterns[index]:
            verdicts.append(Verdict(block, patterns[index]))
        elif index < start:
            verdicts.append(Verdict(block, BEFORE_ARTICLE))
        elif index > end:
            verdicts.append(Verdict(block, AFTER_ARTICLE))
        elif not _is_sentence(block) and not _is_heading(blocks, index, end):
            verdicts.append(Verdict(block, "short line inside the article that is not a sentence or a subheading"))
        else:
            verdicts.append(Verdict(block, None))
    return verdicts


def _furniture_reason(block: Block) -> str | None:
    text = block.text
    found = boilerplate.match(text, block.words)
    if found:
        return found.reason
    if block.words <= 20 and is_date_line(text):
        return "timestamp"
    if ((block.words <= 30 and not block.is_prose) or block.words <= 14) and is_byline(text):
        return "byline"
    return None


def _densest_run(blocks: list[Block], patterns: list[str | None]) -> tuple[int, int]:
    """The run of blocks with the most prose net of what interrupts it (maximum-sum subarray)."""
    best, best_start, best_end = float("-inf"), 0, -1
    running, run_start = 0.0, 0
    for index, block in enumerate(blocks):
        score = _score(block, patterns[index])
        if running <= 0:
            running, run_start = score, index
        else:
            running += score
        if running > best:
            best, best_start, best_end = running, run_start, index
    if best_end < 0:
        return 0, len(blocks) - 1
    return best_start, best_end


def _anchored_run(blocks: list[Block], patterns: list[str | None], page_title: str | None) -> tuple[int, int] | None:
    """The run that starts just below the headline, when the page repeats its title above the article.

    A dump opens with the page title; the article's own headline repeats it just above the text.
    Teaser lists can hold more prose than a short article, so the headline is a better anchor
    than prose mass alone.
    """
    headline = split_title(page_title if page_title is not None else blocks[0].text)[0]
    if len(headline.split()) < ANCHOR_MIN_WORDS:
        return None
    for anchor in range(0 if page_title is not None else 1, len(blocks)):
        text = blocks[anchor].text
        if blocks[anchor].words > 2 * len(headline.split()) + 5 or blocks[anchor].is_prose:
            continue
        if token_overlap(split_title(text)[0], headline) < 0.8:
            continue
        window = range(anchor + 1, min(len(blocks), anchor + 1 + ANCHOR_WINDOW))
        start = next((i for i in window if blocks[i].is_prose and not patterns[i]), None)
        if start is None:
            continue
        best, end, running = float("-inf"), start, 0.0
        for index in range(start, len(blocks)):
            running += _score(blocks[index], patterns[index])
            if running > best:
                best, end = running, index
        return start, end
    return None


def _end_at_section_break(blocks: list[Block], patterns: list[str | None], start: int, end: int) -> int:
    """End the article at a bare `Related` / `Read next` / `Comments` heading once it has a body of prose:
    what follows is other stories' teasers or readers' comments, however well written."""
    prose = 0
    for index in range(start, end + 1):
        heading = patterns[index] in SECTION_BREAKS and blocks[index].words <= 4
        window = range(index + 1, min(len(blocks), index + 1 + SECTION_WINDOW))
        following = sum(1 for j in window if patterns[j] or (blocks[j].words <= 4 and not blocks[j].is_prose))
        if prose >= SECTION_BREAK_AFTER and heading and following >= SECTION_FURNITURE:
            return index - 1
        prose += blocks[index].words if blocks[index].is_prose else 0
    return end


def _extend_over_furniture(blocks: list[Block], patterns: list[str | None], end: int) -> int:
    """Take in short closing sentences that a furniture block (a pitch, a share bar) cut off from the run."""
    index = end + 1
    while index < len(blocks):
        skipped = index
        while skipped < len(blocks) and patterns[skipped] and skipped - index < MAX_BRIDGED:
            skipped += 1
        if skipped >= len(blocks) or not _is_sentence(blocks[skipped]) or patterns[skipped]:
            return end
        end = index = skipped
        index += 1
    return end


def _is_sentence(block: Block) -> bool:
    return block.is_prose or (
        block.words >= 4 and block.sentence_end and block.stopword_ratio >= 0.2 and block.capitalised_ratio < 0.5
    )


def _score(block: Block, pattern: str | None) -> float:
    if pattern:
        return -FURNITURE_PENALTY
    if block.is_prose:
        return float(block.words)
    if block.words <= HEADING_MAX_WORDS:
        return -PROSE_GAP_PENALTY
    return -block.words / 2


def _is_heading(blocks: list[Block], index: int, end: int) -> bool:
    block = blocks[index]
    if block.words > HEADING_MAX_WORDS or block.words == 0 or index >= end:
        return False
    return blocks[index + 1].is_prose and not block.text.rstrip().endswith((",", "|"))
