"""Word a fact's figures as its quotes do: qualifier, number and unit, checked against the quote."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "exact": ("",),
    "about": ("about", "approximately", "around", "roughly", "some", "an estimated", "estimated"),
    "nearly": ("nearly", "almost", "close to"),
    "more-than": ("more than", "over", "upwards of"),
    "at-least": ("at least",),
    "up-to": ("up to", "as many as", "as much as"),
    "fewer-than": ("fewer than", "less than", "under"),
    "at-most": ("at most", "no more than"),
}
"""Each qualifier and the words a source may use for it; the first is the default wording."""

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"))


@dataclass(frozen=True, slots=True)
class Wording:
    """How a figure reads, and whether a quote of its fact says it so."""

    text: str
    found: bool


def number_forms(value: float) -> tuple[str, ...]:
    """Ways a source may write a number, the usual one first: `9.4 million`, `9,400,000`, `three`, `3`."""
    forms: list[str] = []
    for scale, name in _SCALES:
        if value >= scale and (value / scale) * 10 == int((value / scale) * 10):
            forms.append(f"{value / scale:g} {name}")
    if value == int(value):
        whole = int(value)
        forms += [f"{whole:,}", str(whole)]
        if whole < len(_SMALL):
            forms.append(_SMALL[whole])
        elif whole in _TENS:
            forms.append(_TENS[whole])
    else:
        forms += [f"{value:,}", f"{value:g}"]
    return tuple(dict.fromkeys(forms))


def canonical(value: float, unit: str, qualifier: str) -> str:
    """The figure in the site's own words, for when no quote words it (`about 11,000 soldiers`)."""
    number = _calendar_year(value, unit) or f"{number_forms(value)[0]} {unit}"
    prefix = QUALIFIERS.get(qualifier, ("",))[0]
    return f"{prefix} {number}".strip()


def _calendar_year(value: float, unit: str) -> str:
    """`2019` for a calendar year (unit `year`), not `2,019 year`."""
    if unit == "year" and value == int(value) and value >= 1000:
        return f"{value:.0f}"
    return ""


def word_figure(value: float, unit: str, qualifier: str, quotes: Iterable[str]) -> Wording:
    """The figure as the first quote that says it words it (qualifier, number, unit), else the canonical wording.

    A figure is found when a quote holds one of its qualifier's words, then the number in
    one of its forms, then the unit, with nothing between them: "more than three years" for
    (3, years, more-than); "up to 9.4 million 152-millimeter shells" for (9,400,000,
    152-millimeter shells, up-to). An `exact` figure must not be preceded by another
    qualifier's word ("about 3 years" is not an exact 3 years).
    """
    numbers = [_calendar_year(value, unit)] if _calendar_year(value, unit) else list(number_forms(value))
    tail = "" if _calendar_year(value, unit) else unit
    pattern = _pattern(QUALIFIERS.get(qualifier, ("",)), numbers, tail)
    for quote in quotes:
        text = _normalise(quote)
        for match in pattern.finditer(text):
            if qualifier == "exact" and _qualified(text[: match.start()]):
                continue
            return Wording(match.group(0).strip(), True)
    return Wording(canonical(value, unit, qualifier), False)


def _pattern(words: tuple[str, ...], numbers: list[str], unit: str) -> re.Pattern[str]:
    qualifier = "|".join(re.escape(w) + r"\s+" for w in sorted(words, key=len, reverse=True) if w)
    number = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    head = rf"(?:{qualifier})" if qualifier else ""
    tail = rf"(?:\s+|-){re.escape(unit)}" if unit else ""
    return re.compile(rf"(?<![\w.,]){head}(?:{number}){tail}(?![\w]|[.,]\d)", re.IGNORECASE)


_ANY_QUALIFIER = re.compile(
    r"(?:^|\W)(?:" + "|".join(re.escape(w) for ws in QUALIFIERS.values() for w in ws if w) + r")\s*$",
    re.IGNORECASE,
)


def _qualified(before: str) -> bool:
    return bool(_ANY_QUALIFIER.search(before))


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def label_words_missing(label: str, quotes: Iterable[str]) -> tuple[str, ...]:
    """Words of a figure's label that none of its fact's quotes has (a label says only what a quote says)."""
    said = {_word(w) for quote in quotes for w in quote.split()}
    words = (_word(w) for w in label.split())
    return tuple(dict.fromkeys(w for w in words if w and w not in said and w not in _LINKING))


_LINKING = frozenset(
    ["a", "an", "the", "of", "in", "to", "for", "by", "and", "or", "per", "from", "on", "at", "as", "with"]
)
"""Words a label may add to join the quote's words."""


def _word(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()[]").lower().replace("’", "'")
