"""Authors from bylines and sign-offs: `By A and B | Outlet`, `By X, Asia correspondent`, `- NAME`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BY = re.compile(
    r"^(?:(?:written|words|story|text|reporting|report|posted)\s+)?(?:by|von|par|por|di|door|av|af)\s*:?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_POSTED_BY = re.compile(
    r"^(?:posted|published|written|veröffentlicht|publié)\b.{0,60}?\b(?:by|von|par)\s+(?P<names>.+)$", re.IGNORECASE
)
_LABEL = re.compile(r"^(?:authors?|autor(?:in)?|auteur|writer|reporter)\s*:\s*(?P<names>.+)$", re.IGNORECASE)
_DASH = re.compile(r"^[-–—]\s*(?P<names>[A-Z][A-Z .'-]+[A-Z])$")
_CONTACT = re.compile(
    r"^(?P<names>[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,3})\s*[\[(<]\s*[^\s@\[\]()<>]+@[^\s@\[\]()<>]+\s*[\])>]$"
)
"""A name followed by its email address in brackets (`KARL JENSEN [karl@example.org]`): a signature."""
_ROLE_AFTER = re.compile(
    r"^(?P<names>[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,3})\s*,?\s+"
    r"(?:(?:senior|chief|staff|political|foreign|business|local|sports?|science|special|economics|"
    r"diplomatic|defen[cs]e|security|legal)\s+)?(?:reporter|correspondent|writer|journalist|editor|columnist)$",
    re.IGNORECASE,
)
"""A name and the writer's role, without `By` (`Park Ji-won Reporter`, `Ann Lee, Political Correspondent`)."""
_SIGNOFF = re.compile(
    r"\b(?:additional\s+)?(?:reporting|writing|compiled|text)\s+by\s+(?P<names>[^;()]+?)(?=;|\)|\bin\b|\bediting\b|$)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\[[^\]]*\]|\([^)]*@[^)]*\)|\S+@\S+|\bemail\b|\be-mail\b", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|(?:van|von|de|der|den|da|di|du|la|le|bin|al|el|ibn|y)|[A-Z]\.)$")
_ROLES = re.compile(
    r"\b(correspondent|editor|reporter|writer|staff|contributor|columnist|producer|analyst|"
    r"bureau|chief|senior|associate|special|guest|news|desk|agency|team|photographer|in)\b",
    re.IGNORECASE,
)


_POST_NOMINAL = re.compile(r"^(?:PhD|Ph\.D\.?|MD|M\.D\.|MBA|MA|MSc|BSc|Jr\.?|Sr\.?|Dr\.?|Prof\.?|RN|Esq\.?)$")
"""Degrees and titles printed after a name (`A. Writer, PhD`): not a second author."""


@dataclass(frozen=True, slots=True)
class Byline:
    """Names read from one byline, and the outlet it named, if any."""

    authors: tuple[str, ...]
    outlet: str | None = None


def parse_byline(text: str) -> Byline | None:
    """The names a byline or sign-off block gives; None when the block is not one."""
    line = " ".join(text.split())
    if len(line) > 200:
        signoff = _signoff(line)
        return signoff
    for pattern in (_BY, _POSTED_BY, _LABEL, _DASH, _CONTACT, _ROLE_AFTER):
        match = pattern.match(line)
        if match:
            found = _names(match.group("names"), allow_caps=pattern is not _LABEL)
            if found is not None and found.authors:
                return found
    return _signoff(line)


_HANDLE = re.compile(r"^(?=[\w.-]*[^\W\d_])[\w.-]{2,30}$")
"""A user name as blogs print it: one token, letters with digits, dots, dashes or underscores (`marc`, `c1ph4`)."""
_BY_LABEL = re.compile(
    r"^(?:(?:written|posted|published|geschrieben|verfasst)\s+)?(?:by|von|par|por|door)\s*:?\s+", re.I
)


def parse_names(text: str) -> Byline | None:
    """The names in text that markup or a label says is the author: names, or one user-name token."""
    line = _BY_LABEL.sub("", " ".join(text.split()))
    line = _AFTER_NAME.split(line, maxsplit=1)[0]
    found = _names(line, allow_caps=True)
    if found:
        return found
    handle = line.strip(" .:|·,")
    if _HANDLE.match(handle) and handle.lower() not in _FUNCTION_WORDS:
        return Byline((handle,))
    return None


_AFTER_NAME = re.compile(r"\s(?:am|on|at|um|le|el|il|em|op|\||·|•|-|–|—|/)\s|\s\d")
"""Where a byline's date or section starts after the name (`lupa am 26/10/13`, `Anna Berg | 3 May`)."""
_FUNCTION_WORDS = frozenset(
    ("the", "and", "der", "die", "das", "und", "von", "for", "with", "mit", "les", "des", "del", "los", "une", "ein")
)


_BARE_JOIN = re.compile(r"\s+(?:and|und|&)\s+|,\s+")
_INITIAL = re.compile(r"^[A-Z]\.$")


def bare_byline(text: str) -> Byline | None:
    """Names joined by `and` with no `By`, the outlet after the last one (`Ann Berg and Bo C. Smith City Post`).

    Each side must be a first name and a surname (with a middle initial at most), so a headline such as
    `Smith and Jones Sign the Deal` is not one."""
    line = " ".join(text.split())
    if not re.search(r"\s(?:and|und|&)\s", line) or re.search(r"[?!:;\"“”'‘’()]|\d", line):
        return None
    parts = _BARE_JOIN.split(line)
    if not 2 <= len(parts) <= 4:
        return None
    names: list[str] = []
    outlet = None
    for index, part in enumerate(parts):
        words = part.split()
        if len(words) < 2 or not all(w[:1].isupper() and _NAME_WORD.match(w) for w in words):
            return None
        size = 3 if len(words) >= 3 and _INITIAL.match(words[1]) else 2
        if len(words) > size:
            if index != len(parts) - 1 or len(words) - size < 2:
                return None
            outlet = " ".join(words[size:])
        names.append(" ".join(words[:size]))
    return Byline(tuple(names), outlet)


def _signoff(line: str) -> Byline | None:
    names: list[str] = []
    for match in _SIGNOFF.finditer(line):
        found = _names(match.group("names"), allow_caps=True)
        if found:
            names.extend(n for n in found.authors if n not in names)
    return Byline(tuple(names)) if names else None


_BYLINE_OPENING = ("by ", "by:", "von ", "par ", "por ", "author", "written by", "words by", "posted by")


def is_byline(text: str) -> bool:
    """Whether a short line is a byline by its shape (`By …`, `- NAME`, `Name Reporter`, `NAME [email]`)
    and names someone; a sentence that mentions `by` is not one."""
    head = text.lstrip(" -–—").lower()
    shaped = (
        is_contact_line(text)
        or is_role_line(text)
        or head.startswith(_BYLINE_OPENING)
        or (text.lstrip().startswith(("-", "–", "—")) and text.upper() == text)
    )
    return shaped and parse_byline(text) is not None


def is_role_line(text: str) -> bool:
    """Whether a line is a writer's name followed by their role (`Park Ji-won Reporter`), and nothing else."""
    match = _ROLE_AFTER.match(" ".join(text.split()))
    return match is not None and match.group("names")[:1].isupper()


def is_contact_line(text: str) -> bool:
    """Whether a line is a name and an email address in brackets, and nothing else."""
    match = _CONTACT.match(" ".join(text.split()))
    return (
        match is not None
        and (found := _names(match.group("names"), allow_caps=True)) is not None
        and bool(found.authors)
    )


def _names(value: str, allow_caps: bool) -> Byline | None:
    """Names in `A, B and C | Outlet`, stopping at the first part that is a role, not a name."""
    outlet = None
    head, bar, tail = value.partition("|")
    if bar and tail.strip():
        outlet = tail.strip()
    head = _EMAIL.sub(" ", head)
    # a number starts the date (`Von A. B. 3. Mai`); a digit inside a word is part of a user name (`Bo2man`)
    head = re.split(
        r"\s[-–—]\s|\s{2,}|\b(?:updated|published|posted)\b|(?<!\w)\d", head, maxsplit=1, flags=re.IGNORECASE
    )[0]
    names: list[str] = []
    for raw in _SPLIT.split(head):
        part = raw.strip(" .:")
        if not part:
            continue
        if names and _POST_NOMINAL.match(part):
            continue  # `Ann Berg, PhD, and Bo Smith`
        name = _as_name(part, allow_caps)
        if name is None:
            break
        names.append(name)
    if not names:
        return None
    return Byline(tuple(names), outlet)


def _as_name(part: str, allow_caps: bool) -> str | None:
    if _ROLES.search(part) and not part.isupper():
        return None
    words = part.split()
    if any(word.lower() == "by" for word in words):
        return None  # the byline's own label again (`By By`), never part of a name
    while len(words) > 1 and words[-1].islower() and not _NAME_WORD.match(words[-1]):
        words.pop()  # `Von R. R. am 3. Mai`: the name ends where the date's words start
    part = " ".join(words)
    if words and words[-1].islower() and len(words) > 1:
        return None  # `Rezept von Zum Profil von`: a name never ends in a particle
    if _POST_NOMINAL.match(part):
        return None
    if not 1 <= len(words) <= 5 or (_ROLES.search(part) and not part.isupper()):
        return None
    if not all(_NAME_WORD.match(w) for w in words) or not words[0][:1].isupper():
        return None
    if part.isupper():
        if not allow_caps or len(words) < 2:
            return None
        return " ".join(w.capitalize() if len(w) > 2 else w for w in words)
    return part


_CREDIT = re.compile(
    r"\b(?:theme|powered|designed|design|template|hosted|developed|built|made|photos?|fotos?|bild|images?)\s*$",
    re.IGNORECASE,
)
"""A line ending where a credit starts (`WordPress Theme` / `by X`): the next `by` line is not the article's byline."""
_DATE_FIRST = re.compile(r"^[\d./:,\s-]+(?:uhr\s+|h\s+)?(?=(?:by|von|par|por)\s)", re.IGNORECASE)
"""A date and time printed before the byline on the same line."""
_LABEL_ONLY = re.compile(
    r"^(?:(?!(?:photo|foto|bild|image|video|quelle|source)\b)[^\W\d_]+\s+){0,2}(?:by|von|par|por|di)\s*:?$|"
    r"^(?:by|von|par|por|di|door|av|af|autor(?:in)?|authors?|auteur|written by|posted by|geschrieben von|"
    r"verfasst von|text|texte|redakteur(?:in)?|reporter|escrito por|publié par)\s*:?$",
    re.IGNORECASE,
)
BARE_NAME_LINES = 4
"""Lines below the headline where a byline without `By` can stand."""
_GENERIC = frozenset(
    (
        *("admin", "administrator", "name", "follow", "author", "authors", "editor", "webmaster"),
        *("anonymous", "wordpressadmin", "no author", "unknown", "user"),
    )
)


def byline_in_lines(lines: list[str]) -> Byline | None:
    """The first byline in a page's visible text lines, including a label and a name split over two lines."""
    return next(all_bylines(lines), None)


def all_bylines(lines: list[str]) -> Iterator[Byline]:
    """Every byline in a page's visible text lines, in order: `By A and B`, a label and a name split over two
    lines (`Written by` / `marc`), a byline after the date (`06.11.2023 13:30 von Olga`)."""
    for index, line in enumerate(lines):
        if _LABEL_ONLY.match(line) and index + 1 < len(lines) and not _LABEL_ONLY.match(lines[index + 1]):
            name = lines[index + 1].split("/")[0].strip()
            found = parse_names(name)
            # the next line must be names and nothing else (`Catch more fish` is not `Catch`)
            whole = found is not None and (name.upper() == name or name.endswith(found.authors[-1]))
            if found and found.authors and whole and not is_generic(found.authors[0]):
                yield found
            continue
        if len(line) <= 120 and line[:1].isalnum() and not (index and _CREDIT.search(lines[index - 1])):
            text = _DATE_FIRST.sub("", line)
            found = parse_byline(text) if _BY.match(text) else None
            if found is None and _BY.match(text) and len(text.split()) <= 6:
                found = parse_names(text)  # `by damianduchamps on August 3, 2019`
            if found and found.authors and not is_generic(found.authors[0]):
                yield found


def name_beside_date(lines: list[str]) -> Byline | None:
    """A bare two- or three-word name printed just below the headline next to the date (`Anna Dunst` / `Mai 05, 2019`).

    One word there is as often a section (`Essay`, `Report`) as a name, so it is not taken."""
    from .dates import is_date_line

    lines = [line for line in lines if not _CONNECTOR.match(line)][:BARE_NAME_LINES]
    for index, printed in enumerate(lines):
        neighbours = lines[max(0, index - 1) : index] + lines[index + 1 : index + 2]
        line = printed
        rest = _DATE_AND_SEPARATOR.sub("", line).strip() if is_date_line(line) else None
        if rest and rest != line and 2 <= len(rest.split()) <= 3:
            line = rest  # `25.10.2022 - Reiner Nagel`: the date and the name on one line
        dated = any(is_date_line(n) for n in neighbours) or rest == line
        if 2 <= len(line.split()) <= 3 and dated:
            found = _names(line, allow_caps=True)
            whole = found is not None and len(found.authors) == 1 and found.authors[0] == line.strip()
            if found and whole and not is_generic(found.authors[0]) and not is_date_line(found.authors[0]):
                return found
    return None


_CONNECTOR = re.compile(r"^(?:am|on|at|um|le|el|by|von|[|·•,–—-])$", re.IGNORECASE)
"""A line between the name and the date that only joins them (`Anna Berg` / `am` / `3. Mai 2022`)."""
_DATE_AND_SEPARATOR = re.compile(r"^[\d./:,\s]+(?:uhr\s*)?[|·•–—-]\s*|\s*[|·•–—-][\d./:,\s]+(?:uhr)?$", re.IGNORECASE)


def is_generic(name: str) -> bool:
    """Whether an author field holds a placeholder (`admin`, `Name`, `No Author`) rather than a person."""
    return " ".join(re.findall(r"\w+", name.lower())) in _GENERIC or name.strip().lower().startswith("http")
