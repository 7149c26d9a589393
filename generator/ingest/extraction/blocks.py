"""Blocks of a text dump and what each looks like: length, sentence shape, stopword density."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from .authors import is_byline
from .dates import is_date_line

_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
"""`_WORD` for ASCII text, where a Unicode word character is exactly an ASCII one (the regex engine
then tests a character's class without looking up its Unicode category)."""
_FIRST = itemgetter(0)
"""A word's first character (words are never empty)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"”’»)\]]\s*$")
_SENTENCE_INSIDE = re.compile(r"[a-z\u00e0-\u024f\d%)\"”’][.!?]\s+[\"“‘«(]?[A-Z\u00c0-\u024f]")
_FUNCTION_WORDS = (
    "a an the and or but of to in on at for with from by as is are was were be been being it its this that these "
    "those he she they we you i his her their our your my not no have has had do does did will would can could "
    "should may might must which who whom whose what when where why how than then there here also into about "
    "after before over under more most some any all one such only just so if said says",
    "der die das und ist nicht ein eine den dem des zu mit von auf für sich im es sie er wir ich auch als wie",
    "le la les et est un une des du en que qui pas pour dans sur au aux ce il elle nous vous se",
    "el los las y es una por con para lo al del como su se más pero",
    "il lo gli di che è per con non una sono",
    "de het een en van dat op te zijn niet met voor",
    "o os as e um uma do da dos das em no na que não para com",
)
STOPWORDS = frozenset(word for line in _FUNCTION_WORDS for word in line.split())
"""English, German, French, Spanish, Italian, Dutch and Portuguese function words."""

PAGE_STOPWORDS = 30
"""How many of a page's most frequent short words count as its function words."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a text dump and its shape."""

    text: str
    line: int
    words: int
    stopword_ratio: float
    sentence_end: bool
    sentences: int
    capitalised_ratio: float

    @property
    def is_prose(self) -> bool:
        """Reads like running text: long enough, ends like a sentence, full of function words."""
        if self.words >= 12 and self.sentence_end and self.stopword_ratio >= 0.12:
            return True
        if self.words >= 25 and self.stopword_ratio >= 0.2:
            return True
        return self.words >= 8 and self.sentence_end and self.stopword_ratio >= 0.25 and self.capitalised_ratio < 0.5


_ITEM_SEPARATOR = r"\s+[|·•»/>›]\s+"
"""Between menu or breadcrumb items: a bar, bullet, slash or arrow."""
_LIST_SEPARATOR = re.compile(_ITEM_SEPARATOR + r"|\s{3,}|\t|(?<=\S)\s{2}(?=\S)")
"""Between menu items, also the wide gaps a page's menu leaves when saved as text."""
STANDALONE_MAX_WORDS = 20
"""A longer line is text, even when it mentions a date or starts with `By`."""


def is_link_list(text: str) -> bool:
    """A run of three or more short items between separators (`Home | World | Business`): a menu, not a title."""
    items = [item for item in _LIST_SEPARATOR.split(text.strip()) if item]
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def has_item_separator(text: str) -> bool:
    """Whether a line joins items the way menus and breadcrumbs do (`Science | Space`, `Home > World`)."""
    return re.search(_ITEM_SEPARATOR, text) is not None


def stands_alone(line: str) -> bool:
    """A header line that is never part of a wrapped paragraph: a timestamp, a byline or a menu."""
    if len(line.split()) > STANDALONE_MAX_WORDS:
        return False
    if is_date_line(line) or is_link_list(line):
        return True
    return is_byline(line)


def group_lines(lines: Sequence[str], always: Callable[[str], bool] | None = None) -> list[tuple[int, str]]:
    """A blank-line block as (offset of its first line, text) pieces: hard-wrapped lines joined, but
    lines that stand alone (timestamps, bylines, menus) and the line before them kept apart.

    A block that reads as prose is one paragraph whatever its lines look like, so a wrapped sentence
    that happens to start with `By` or end on a date is never cut; lines `always` marks (the seed
    parser's header and furniture rules) are kept apart even there.
    """
    if len(lines) == 1:
        return [(0, lines[0])]
    prose = make_block(" ".join(lines), 0).is_prose

    def marked(line: str) -> bool:
        return (always is not None and always(line)) or (not prose and stands_alone(line))

    if not any(marked(line) for line in lines[1:]):
        return [(0, " ".join(lines))]
    pieces: list[tuple[int, str]] = []
    run: list[str] = []
    run_start = 0
    for offset, line in enumerate(lines):
        if offset == 0 or marked(line):
            if run:
                pieces.append((run_start, " ".join(run)))
                run = []
            pieces.append((offset, line))
        else:
            if not run:
                run_start = offset
            run.append(line)
    if run:
        pieces.append((run_start, " ".join(run)))
    return pieces


def page_stopwords(text: str) -> frozenset[str]:
    """Function words for this page: the known ones, plus, when the page is in a language they
    miss, its own most frequent short words (function words are the most frequent in any language)."""
    return _stopwords_of(list(map(str.lower, _WORD.findall(text))))


def _stopwords_of(tokens: list[str]) -> frozenset[str]:
    """`page_stopwords` of a page whose words, lower-cased and in order, are `tokens`."""
    if not tokens or sum(map(STOPWORDS.__contains__, tokens)) >= 0.1 * len(tokens):
        return STOPWORDS
    short = Counter(t for t in tokens if len(t) <= 3 and not t.isdigit())
    return STOPWORDS | frozenset(word for word, _ in short.most_common(PAGE_STOPWORDS))


def measure_blocks(page: Sequence[str], body: Sequence[tuple[str, int]]) -> list[Block]:
    """`make_block` of each (text, line) of `body` with the `page_stopwords` of a page whose words
    are, in order, those of the `page` blocks (as every word of a text is in exactly one of its
    `split_blocks`): each distinct block's words are found once, not once more for the page."""
    found: dict[str, list[str]] = {}
    for text in page:
        if text not in found:
            found[text] = _words(text)
    stopwords = _stopwords_of(list(map(str.lower, chain.from_iterable(found[text] for text in page))))
    return [_measure(text, line, stopwords, found.get(text) or _words(text)) for text, line in body]


def make_block(text: str, line: int, stopwords: frozenset[str] = STOPWORDS) -> Block:
    """Measure one block."""
    return _measure(text, line, stopwords, _words(text))


def _words(text: str) -> list[str]:
    """The words (`\\w+`) of a text, in order."""
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def _measure(text: str, line: int, stopwords: frozenset[str], tokens: list[str]) -> Block:
    """Measure one block whose words are `tokens`."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    words = max(len(tokens), cjk // 2) if cjk else len(tokens)
    # map/filter over built-in methods: no Python-level loop per word (most of a seed's parse time)
    stop = sum(map(stopwords.__contains__, map(str.lower, tokens)))
    letters = list(filter(str.isalpha, map(_FIRST, tokens)))
    capitalised = sum(map(str.isupper, letters))
    return Block(
        text=text,
        line=line,
        words=words,
        stopword_ratio=(stop / len(tokens) if tokens else 0.0) if not cjk else 0.3,
        sentence_end=bool(_SENTENCE_END.search(text)),
        sentences=1 + len(_SENTENCE_INSIDE.findall(text)),
        capitalised_ratio=capitalised / len(letters) if letters else 0.0,
    )


def split_blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines (hard-wrapped lines joined), or lines when blank lines are rare."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    followed_by_blank = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
    stopwords = page_stopwords(text)
    if followed_by_blank < 0.2 * len(filled):
        return [make_block(lines[i].strip(), i + 1, stopwords) for i in filled]
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.extend(make_block(piece, start + offset, stopwords) for offset, piece in group_lines(current))
            current = []
    return blocks
