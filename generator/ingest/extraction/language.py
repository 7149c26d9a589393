"""A guess at a text's language from its function words (enough to draft the sidecar's `language`)."""

from __future__ import annotations

import re

_WORDS = {
    "en": "the and of to in is that for it with as was on are be by this have from at not",
    "de": "der die und das ist nicht ein eine den dem zu mit von auf für sich im es auch als wie",
    "fr": "le la les et est un une des du que qui pas pour dans sur au aux ce il elle nous",
    "es": "el los las y es una por con para lo al del como su más pero que se",
    "it": "il lo gli di che è per con non una sono della nel alla anche come più",
    "nl": "de het een en van dat op te zijn niet met voor ook als bij",
    "pt": "o os as e um uma do da dos das em no na que não para com",
}
_SETS = {code: frozenset(words.split()) for code, words in _WORDS.items()}
_WORD = re.compile(r"\w+")
MIN_SHARE = 0.08
"""Share of a text's words that must be one language's function words for a guess."""


def guess_language(text: str) -> str | None:
    """The language whose function words the text uses most, if clearly one of the known ones."""
    tokens = [t.lower() for t in _WORD.findall(text[:20000])]
    if len(tokens) < 20:
        return None
    counts = {code: sum(1 for t in tokens if t in words) for code, words in _SETS.items()}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] >= MIN_SHARE * len(tokens) else None
