"""The engine knows no site: no topic, subject or entity kind of the first site is written into it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ("generator", "schemas", "themes")

SITE_WORDS = re.compile(
    r"2023-summit|2024-deployment|arms-transfers|North Korea|Russia|Korea|\bKim\b|Putin|Kursk"
    r"|military-unit|[\"'](?:person|organisation|country|place|weapon)[\"']",
    re.IGNORECASE,
)
"""The first site's topic slugs, subject names and entity kind slugs used as values (case-insensitive;
`Korea` also catches `Korean`). Headings in plain English ("People and organisations") are not kinds. Rule names such as `korean-timestamp` are furniture rules of the text
parser, not subjects: they are matched case-sensitively below."""

RULE_NAMES = re.compile(r"\bkorean-timestamp\b")


def _engine_files() -> list[Path]:
    return sorted(
        path
        for folder in ENGINE
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix in {".py", ".json", ".html", ".css", ".js"}
    )


def test_no_site_specific_word_remains_in_the_engine() -> None:
    found = []
    for path in _engine_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in SITE_WORDS.finditer(RULE_NAMES.sub("", line)):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == []


def test_the_search_covers_every_engine_file_type() -> None:
    kinds = {path.suffix for path in _engine_files()}
    assert {".py", ".json", ".html", ".css", ".js"} <= kinds


def test_site_words_are_found_where_they_belong() -> None:
    """The pattern itself works: the first site's own configuration is full of them."""
    text = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    assert {m.group(0).lower() for m in SITE_WORDS.finditer(text)} >= {"2023-summit", "kursk", "putin", "russia"}
