"""Parse a raw seed article into header metadata, clean paragraphs and removed furniture.

Nothing here writes to `seeds/`: a seed is read as bytes and never changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.ingest import furniture
from generator.ingest.extraction import boilerplate
from generator.ingest.extraction.blocks import group_lines, is_link_list, measure_blocks
from generator.ingest.extraction.text import classify_blocks
from generator.model import Detected, Location, Paragraph, ParsedSeed, Removed
from generator.problems import InputError

TITLE_MAX_WORDS = 25
"""A leading line longer than this is article text, not a headline."""

_DATE_PREFIX = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$")
_BRACKET_OUTLET = re.compile(r"^\[(?P<outlet>[^\]]{2,60})\]\s*(?P<title>.*)$")
_SITE_TAGLINE = re.compile(r"^(?P<site>[^\s–|-][^–|]{1,40}?)\s+[–|-]\s+.*\b(News|Headlines)\b.*$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'-]+(?:, [A-Z][\w .'-]+)?) \((?P<agency>AP|Reuters|AFP|Yonhap|UPI)\) [—–-]+ "
)
_AGENCIES = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}
_QUOTES = "\"'“”‘’«»"

MAX_SEED_BYTES = 5_000_000
"""Largest seed read, in bytes (the largest real article is 10 kB; a saved news page
rarely passes 2 MB): a larger file is not an article, and is never read whole."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, line feed, form feed and carriage return."""


SeedError = InputError
"""A seed that cannot be parsed (the one located-error type, see problems.py)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph candidate: text and the line it starts on."""

    text: str
    line: int


def read_seed(path: Path) -> ParsedSeed:
    """Read and parse one seed file."""
    return parse_seed(path.read_bytes(), path)


def oversize(path: Path, size: int) -> tuple[Location, str, str]:
    """The problem of a seed larger than MAX_SEED_BYTES (location, message, hint)."""
    return (
        Location(path),
        f"seed is {size:,} bytes, more than the limit of {MAX_SEED_BYTES:,}",
        "a seed is one article: save the article's text, not a whole site or a binary file",
    )


def parse_seed(raw: bytes, path: Path) -> ParsedSeed:
    """Split raw article bytes into metadata, clean paragraphs and removed blocks."""
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(*oversize(path, len(raw)))
    if path.suffix.lower() in (".html", ".htm"):
        return _parse_page(raw, path)
    text = _decode(raw, path)
    _refuse_controls(text, path)
    blocks = split_blocks(text)
    if not blocks:
        raise SeedError(Location(path, 1), "seed is empty", "a seed must contain the article text")
    detected, removed, body = _read_header(blocks)
    paragraphs: list[Paragraph] = []
    # the page title anchors the article only when the header took it off the body
    page_title = blocks[0].text if not body or body[0].line != blocks[0].line else None
    # measured with the stopwords of the whole text, whose words are those of its blocks
    measured = measure_blocks([block.text for block in blocks], [(block.text, block.line) for block in body])
    shapes = classify_blocks(measured, page_title)
    for block, shape in zip(body, shapes, strict=True):
        found = furniture.classify(block.text)
        if found is None and shape.reason is not None:
            removed.append(Removed(block.text, block.line, "furniture", "text-shape", shape.reason))
            continue
        if found is None:
            paragraphs.append(Paragraph(len(paragraphs) + 1, block.text, block.line))
            continue
        rule, match = found
        removed.append(Removed(block.text, block.line, rule.kind, rule.name, rule.reason))
        detected = rule.apply(detected, match)
    if not paragraphs:
        raise SeedError(Location(path, 1), "seed has no article text left after removing page furniture")
    detected = _detect_dateline(detected, paragraphs[0].text)
    return ParsedSeed(
        seed=path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        detected=detected,
        paragraphs=tuple(paragraphs),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
    )


def _parse_page(raw: bytes, path: Path) -> ParsedSeed:
    """A saved web page: paragraphs from extraction (imported here: it loads trafilatura)."""
    from generator.ingest.extraction.seed import parse_html_seed

    try:
        return parse_html_seed(raw, path)
    except ValueError as exc:
        raise SeedError(
            Location(path, 1), str(exc), "save the article's own page, not an index or a login page"
        ) from exc


def _decode(raw: bytes, path: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SeedError(
            Location(path, line, column),
            f"seed is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "convert the file to UTF-8 before ingesting it, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ) from exc
    return text.removeprefix("\ufeff")


def _refuse_controls(text: str, path: Path) -> None:
    found = _CONTROL.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    code = ord(found.group())
    raise SeedError(
        Location(path, line, column),
        f"seed contains the control character U+{code:04X}{' (NUL)' if code == 0 else ''}: "
        "it is binary or damaged, not article text",
        "ingest a clean UTF-8 text of the article (control characters other than tab and line breaks are refused)",
    )


def split_blocks(text: str) -> list[Block]:
    """Split text into paragraph candidates.

    Files that separate paragraphs with blank lines are read block by block,
    joining hard-wrapped lines; files with one paragraph per line and few blank
    lines are read line by line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    followed_by_blank = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
    if followed_by_blank < 0.2 * len(filled):
        return [Block(lines[i].strip(), i + 1) for i in filled]
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.extend(_split_marked_lines(current, start))
            current = []
    if current:
        blocks.extend(_split_marked_lines(current, start))
    return blocks


def _split_marked_lines(lines: list[str], start: int) -> list[Block]:
    """Join a hard-wrapped block, but keep header and furniture lines as blocks of their own."""
    return [Block(text, start + offset) for offset, text in group_lines(lines, _is_furniture)]


def _is_furniture(line: str) -> bool:
    return furniture.classify(line) is not None


def _read_header(blocks: list[Block]) -> tuple[Detected, list[Removed], list[Block]]:
    """Read the leading date, outlet and headline; return what is left as body."""
    detected = Detected()
    removed: list[Removed] = []
    first, body = blocks[0], list(blocks[1:])
    match = _DATE_PREFIX.match(first.text)
    if match:
        detected = replace(detected, published=match.group("date"), published_text=match.group("date"))
        rest = match.group("rest").strip()
        prefix = first.text[: len(first.text) - len(rest)].strip() if rest else first.text.strip()
        removed.append(Removed(prefix, first.line, "metadata", "date-line", "date line added by the scraper"))
        if not rest:
            return detected, removed, body
        first = Block(rest, first.line)
    detected, header = _read_title(detected, first)
    if header is None:
        return detected, removed, [first, *body]
    removed.append(header)
    return detected, removed, body


def _read_title(detected: Detected, block: Block) -> tuple[Detected, Removed | None]:
    """Recognise a headline, an outlet tag or a site tagline in the first block."""
    if furniture.classify(block.text) is not None:
        return detected, None
    bracket = _BRACKET_OUTLET.match(block.text)
    if bracket:
        title = bracket.group("title").strip().strip(_QUOTES).strip() or None
        found = replace(detected, outlet=bracket.group("outlet").strip(), title=title)
        return found, Removed(block.text, block.line, "metadata", "headline", "outlet tag and headline")
    tagline = _SITE_TAGLINE.match(block.text)
    if tagline and len(block.text.split()) <= 12:
        found = replace(detected, outlet=tagline.group("site").strip())
        return found, Removed(block.text, block.line, "metadata", "site-name", "site name and slogan, not a headline")
    if _looks_like_title(block.text):
        found = replace(detected, title=block.text.strip().strip(_QUOTES).strip())
        return found, Removed(block.text, block.line, "metadata", "headline", "headline")
    return detected, None


def _looks_like_title(text: str) -> bool:
    words = text.split()
    short = 0 < len(words) <= TITLE_MAX_WORDS and not text.rstrip().endswith((".", ":", ";", "!"))
    return short and not is_link_list(text) and boilerplate.match(text, len(words)) is None


def _detect_dateline(detected: Detected, first_paragraph: str) -> Detected:
    match = _DATELINE.match(first_paragraph)
    if not match:
        return detected
    agency = match.group("agency")
    return replace(
        detected,
        dateline=f"{match.group('dateline')} ({agency})",
        original_publisher=_AGENCIES.get(agency, agency),
    )
