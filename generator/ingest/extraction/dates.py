"""Publication dates as articles print them: many written forms, relative times ignored."""

from __future__ import annotations

import re
from datetime import date

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "janvier", "enero", "gennaio", "jänner"),
    2: ("feb", "february", "februar", "février", "fevrier", "febrero", "febbraio"),
    3: ("mar", "march", "märz", "maerz", "mars", "marzo"),
    4: ("apr", "april", "avril", "abril", "aprile"),
    5: ("may", "mai", "mayo", "maggio"),
    6: ("jun", "june", "juni", "juin", "junio", "giugno"),
    7: ("jul", "july", "juli", "juillet", "julio", "luglio"),
    8: ("aug", "august", "août", "aout", "agosto"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
    10: ("oct", "october", "okt", "oktober", "octobre", "octubre", "ottobre"),
    11: ("nov", "november", "novembre", "noviembre"),
    12: ("dec", "december", "dez", "dezember", "décembre", "decembre", "diciembre", "dicembre"),
}
MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}
"""Month names and abbreviations in the common Western European languages."""

_MONTH = r"(?P<m>[^\W\d_]{3,9})\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(rf"\b{_YEAR}[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}})(?!\d)"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?{_YEAR}\b"),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}년\s*(?P<m>\d{{1,2}})월\s*(?P<d>\d{{1,2}})일"),
    re.compile(rf"\b{_YEAR}年\s*(?P<m>\d{{1,2}})月\s*(?P<d>\d{{1,2}})日"),
)
_DIGIT = re.compile(r"\d")
_RELATIVE = re.compile(r"\b(ago|yesterday|today|vor \d|il y a|hace)\b", re.IGNORECASE)
PUBLISHED_WORDS = re.compile(
    r"\b(published|posted|first published|written|date|dated|veröffentlicht|erstellt|publié|publicado|pubblicato)\b|입력",
    re.IGNORECASE,
)
UPDATED_WORDS = re.compile(
    r"\b(updated?|modified|last modified|aktualisiert|mis à jour|actualizado|aggiornato)\b|수정", re.IGNORECASE
)


def parse_date(text: str) -> str | None:
    """The first calendar date printed in text, as `YYYY-MM-DD`; None for relative times."""
    found = find_dates(text)
    return found[0][0] if found else None


def find_dates(text: str) -> list[tuple[str, int]]:
    """Every calendar date printed in text, as (`YYYY-MM-DD`, position), in reading order."""
    if _DIGIT.search(text) is None:  # every date pattern has digits; most blocks asked about have none
        return []
    if _RELATIVE.search(text) and not any(p.search(text) for p in _PATTERNS):
        return []
    found: dict[int, str] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso and not any(abs(match.start() - at) < 6 for at in found):
                found[match.start()] = iso
    return sorted(((iso, at) for at, iso in found.items()), key=lambda item: item[1])


def _to_iso(match: re.Match[str]) -> str | None:
    month_text = match.group("m")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if month is None:
        return None
    try:
        return date(int(match.group("y")), month, int(match.group("d"))).isoformat()
    except ValueError:
        return None


def is_date_line(text: str) -> bool:
    """Whether a short block is only a timestamp (with a published/updated label at most)."""
    if len(text) > 90:
        return False
    if _RELATIVE.search(text) and re.search(r"\d+\s*\w*\s+ago\b|\bupdated\b", text, re.IGNORECASE):
        return True
    dates = find_dates(text)
    if not dates:
        return False
    rest = text
    for pattern in _PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = PUBLISHED_WORDS.sub(" ", UPDATED_WORDS.sub(" ", rest))
    rest = re.sub(
        r"\b(\d{1,2}[:.]\d{2}(:\d{2})?|[ap]\.?m\.?|gmt|utc|[a-z]{2,4}t|on|at|am|um|le|el|by|the)\b|[+-]\d{1,4}",
        " ",
        rest,
        flags=re.IGNORECASE,
    )
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return len(words) <= 2
